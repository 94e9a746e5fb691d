//! Package URL → OSV (ecosystem, name) mapping and per-ecosystem name normalisation.

use std::str::FromStr;

use packageurl::PackageUrl;

/// A package identity derived from a purl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageKey {
    /// OSV ecosystem (`crates.io`, `PyPI`, `npm`, `Go`, `Maven`, `Debian` …).
    pub ecosystem: String,
    /// Normalised name ([`normalise_name`]).
    pub name: String,
    /// The purl's version, if any.
    pub version: Option<String>,
}

/// The OSV ecosystem for a purl type; `None` for types never matched by purl (`generic`, and
/// types without an OSV ecosystem).
pub fn ecosystem_for_type(ty: &str) -> Option<&'static str> {
    Some(match ty.to_ascii_lowercase().as_str() {
        "cargo" => "crates.io",
        "pypi" => "PyPI",
        "npm" => "npm",
        "golang" => "Go",
        "maven" => "Maven",
        "nuget" => "NuGet",
        "gem" => "RubyGems",
        "composer" => "Packagist",
        "hex" => "Hex",
        "pub" => "Pub",
        "deb" => "Debian",
        "apk" => "Alpine",
        "swift" => "SwiftURL",
        "cran" => "CRAN",
        "hackage" => "Hackage",
        _ => return None,
    })
}

/// The index key of an ecosystem: the part before `:` (`Debian:12` → `debian`), lower-cased.
pub fn ecosystem_key(ecosystem: &str) -> String {
    ecosystem
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Normalises a package name for indexing and lookup: PyPI per PEP 503 (lower-case, runs of
/// `-`, `_`, `.` become `-`); crates.io, Go and Maven are case-sensitive and kept as written;
/// npm, NuGet, Packagist, Debian, Alpine and the rest are lower-cased.
pub fn normalise_name(ecosystem: &str, name: &str) -> String {
    let name = name.trim();
    match ecosystem_key(ecosystem).as_str() {
        "pypi" => {
            let mut out = String::with_capacity(name.len());
            let mut in_sep = false;
            for c in name.chars() {
                if matches!(c, '-' | '_' | '.') {
                    if !in_sep {
                        out.push('-');
                    }
                    in_sep = true;
                } else {
                    out.extend(c.to_lowercase());
                    in_sep = false;
                }
            }
            out
        }
        "crates.io" | "go" | "maven" | "swifturl" | "hackage" | "cran" | "oss-fuzz" => {
            name.to_string()
        }
        _ => name.to_ascii_lowercase(),
    }
}

/// Maps a purl to the OSV package it names. `pkg:generic` and unknown types give `None`.
pub fn package_key(purl: &str) -> Option<PackageKey> {
    let p = PackageUrl::from_str(purl.trim()).ok()?;
    let ecosystem = ecosystem_for_type(p.ty())?;
    let name = match (ecosystem, p.namespace()) {
        ("Maven", Some(ns)) => format!("{ns}:{}", p.name()),
        ("npm", Some(ns)) => format!("{ns}/{}", p.name()),
        ("Go" | "Packagist" | "SwiftURL", Some(ns)) => format!("{ns}/{}", p.name()),
        _ => p.name().to_string(),
    };
    let version = p.version().map(|v| match ecosystem {
        "Go" => v.strip_prefix('v').unwrap_or(v).to_string(),
        _ => v.to_string(),
    });
    Some(PackageKey {
        ecosystem: ecosystem.to_string(),
        name: normalise_name(ecosystem, &name),
        version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_purls() {
        let k = package_key("pkg:pypi/Django_Rest.Framework@3.0").unwrap();
        assert_eq!(
            (k.ecosystem.as_str(), k.name.as_str()),
            ("PyPI", "django-rest-framework")
        );
        let k = package_key("pkg:cargo/Inflector@0.11.4").unwrap();
        assert_eq!(k.name, "Inflector");
        let k = package_key("pkg:golang/github.com/gin-gonic/gin@v1.9.0").unwrap();
        assert_eq!(k.name, "github.com/gin-gonic/gin");
        assert_eq!(k.version.as_deref(), Some("1.9.0"));
        let k = package_key("pkg:npm/%40babel/core@7.0.0").unwrap();
        assert_eq!(k.name, "@babel/core");
        let k = package_key("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").unwrap();
        assert_eq!(k.name, "org.apache.logging.log4j:log4j-core");
        assert!(package_key("pkg:generic/openssl@3.2.3").is_none());
        assert!(package_key("not a purl").is_none());
        assert_eq!(ecosystem_key("Debian:12"), "debian");
    }
}
