//! Package URL → OSV (ecosystem, name) mapping and per-ecosystem name normalisation.

use std::str::FromStr;

use packageurl::PackageUrl;

/// A package identity derived from a purl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageKey {
    /// OSV ecosystem (`crates.io`, `PyPI`, `npm`, `Go`, `Maven`, `Debian`, `Red Hat` …).
    pub ecosystem: String,
    /// Normalised name ([`normalise_name`]).
    pub name: String,
    /// The purl's version, if any (for `rpm`, with the `epoch` qualifier as `epoch:`).
    pub version: Option<String>,
    /// The distribution release of the `distro` qualifier (`debian-12.5` → `12.5`,
    /// `bookworm` → `12`, `el9` → `9`), compared with the release of OSV ecosystems such as
    /// `Debian:12` ([`releases_agree`]).
    pub release: Option<String>,
}

/// The OSV ecosystem for a purl type; `None` for types never matched by purl (`generic`, and
/// types without an OSV ecosystem). Distribution types (`deb`, `rpm`, `apk`) depend on the
/// namespace: see [`ecosystem_for`].
pub fn ecosystem_for_type(ty: &str) -> Option<&'static str> {
    ecosystem_for(ty, None)
}

/// The OSV ecosystem for a purl type and namespace.
///
/// `deb`: `ubuntu` → Ubuntu, any other namespace → Debian. `apk`: `wolfi` → Wolfi,
/// `chainguard` → Chainguard, any other → Alpine. `rpm`: the vendors that publish OSV data
/// (`redhat`, `almalinux`, `rocky`, `opensuse`, `suse`, `mageia`, `openeuler`, `azurelinux`
/// / `mariner`); RPM vendors without an OSV ecosystem (Fedora, CentOS, Amazon Linux …) and
/// an `rpm` purl without a namespace give `None`, so such components are matched only
/// through their CPEs.
pub fn ecosystem_for(ty: &str, namespace: Option<&str>) -> Option<&'static str> {
    let namespace = namespace.map(str::to_ascii_lowercase);
    let ns = namespace.as_deref().unwrap_or("");
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
        "swift" => "SwiftURL",
        "cran" => "CRAN",
        "hackage" => "Hackage",
        "deb" => match ns {
            "ubuntu" => "Ubuntu",
            _ => "Debian",
        },
        "apk" => match ns {
            "wolfi" => "Wolfi",
            "chainguard" => "Chainguard",
            _ => "Alpine",
        },
        "rpm" => match ns {
            "redhat" | "rhel" => "Red Hat",
            "almalinux" => "AlmaLinux",
            "rocky" | "rocky-linux" | "rockylinux" => "Rocky Linux",
            "opensuse" => "openSUSE",
            "suse" | "sles" => "SUSE",
            "mageia" => "Mageia",
            "openeuler" => "openEuler",
            "azurelinux" | "mariner" => "Azure Linux",
            _ => return None,
        },
        _ => return None,
    })
}

/// Debian and Ubuntu code names used in `distro` qualifiers, with their release numbers.
const CODENAMES: &[(&str, &str)] = &[
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
    ("trixie", "13"),
    ("forky", "14"),
    ("bionic", "18.04"),
    ("focal", "20.04"),
    ("jammy", "22.04"),
    ("noble", "24.04"),
    ("oracular", "24.10"),
    ("plucky", "25.04"),
    ("questing", "25.10"),
];

/// The first dotted number in `text` (`Alpine:v3.18` → `3.18`, `el9` → `9`,
/// `Ubuntu:Pro:18.04:LTS` → `18.04`).
fn first_dotted_number(text: &str) -> Option<String> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let run: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    Some(run.trim_end_matches('.').to_string())
}

/// The release of a `distro` qualifier: its first dotted number, or the release of a Debian
/// or Ubuntu code name.
pub fn release_of_distro(distro: &str) -> Option<String> {
    let d = distro.trim().to_ascii_lowercase();
    first_dotted_number(&d).or_else(|| {
        CODENAMES
            .iter()
            .find(|(name, _)| d.split(['-', '_', ' ', '/']).any(|part| part == *name))
            .map(|(_, release)| release.to_string())
    })
}

/// The release of an OSV ecosystem with a suffix (`Debian:12` → `12`, `Alpine:v3.18` →
/// `3.18`, `Red Hat:enterprise_linux:9::appstream` → `9`); `None` without a suffix.
pub fn release_of_ecosystem(ecosystem: &str) -> Option<String> {
    let (_, suffix) = ecosystem.split_once(':')?;
    first_dotted_number(suffix)
}

/// Whether two releases name the same distribution release: the shorter one, compared by
/// dot-separated components, is a prefix of the longer (`12` and `12.5`, `3.18` and
/// `3.18.4`, `9` and `9.2` agree; `22.04` and `24.04` do not).
pub fn releases_agree(a: &str, b: &str) -> bool {
    let a: Vec<&str> = a.split('.').collect();
    let b: Vec<&str> = b.split('.').collect();
    let n = a.len().min(b.len());
    a[..n]
        .iter()
        .zip(&b[..n])
        .all(|(x, y)| x.trim_start_matches('0') == y.trim_start_matches('0'))
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
    let ecosystem = ecosystem_for(p.ty(), p.namespace())?;
    let name = match (ecosystem, p.namespace()) {
        ("Maven", Some(ns)) => format!("{ns}:{}", p.name()),
        ("npm", Some(ns)) => format!("{ns}/{}", p.name()),
        ("Go" | "Packagist" | "SwiftURL", Some(ns)) => format!("{ns}/{}", p.name()),
        _ => p.name().to_string(),
    };
    let qualifier = |key: &str| {
        p.qualifiers()
            .iter()
            .find(|(k, _)| k.as_ref() == key)
            .map(|(_, v)| v.to_string())
    };
    let version = p.version().map(|v| match ecosystem {
        "Go" => v.strip_prefix('v').unwrap_or(v).to_string(),
        _ if p.ty().eq_ignore_ascii_case("rpm") && !v.contains(':') => match qualifier("epoch") {
            Some(epoch) => format!("{epoch}:{v}"),
            None => v.to_string(),
        },
        _ => v.to_string(),
    });
    Some(PackageKey {
        ecosystem: ecosystem.to_string(),
        name: normalise_name(ecosystem, &name),
        version,
        release: qualifier("distro").as_deref().and_then(release_of_distro),
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

    #[test]
    fn distribution_purls_map_to_their_osv_ecosystem_and_release() {
        let k =
            package_key("pkg:rpm/redhat/httpd@2.4.57-5.el9?arch=x86_64&epoch=0&distro=rhel-9.2")
                .unwrap();
        assert_eq!(
            (
                k.ecosystem.as_str(),
                k.name.as_str(),
                k.version.as_deref(),
                k.release.as_deref()
            ),
            ("Red Hat", "httpd", Some("0:2.4.57-5.el9"), Some("9.2"))
        );
        let k = package_key("pkg:rpm/almalinux/openssl@3.0.7-27.el9?distro=el9").unwrap();
        assert_eq!(
            (k.ecosystem.as_str(), k.release.as_deref()),
            ("AlmaLinux", Some("9"))
        );
        assert!(package_key("pkg:rpm/fedora/curl@7.50.3-1.fc25?distro=fedora-25").is_none());
        let k =
            package_key("pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.15?distro=ubuntu-22.04").unwrap();
        assert_eq!(
            (k.ecosystem.as_str(), k.release.as_deref()),
            ("Ubuntu", Some("22.04"))
        );
        let k = package_key("pkg:deb/debian/curl@7.88.1-10+deb12u5?distro=bookworm").unwrap();
        assert_eq!(
            (k.ecosystem.as_str(), k.release.as_deref()),
            ("Debian", Some("12"))
        );
        let k = package_key("pkg:apk/wolfi/busybox@1.36.1-r5").unwrap();
        assert_eq!((k.ecosystem.as_str(), k.release), ("Wolfi", None));
        let k = package_key("pkg:apk/alpine/busybox@1.36.1-r5?distro=alpine-3.18.4").unwrap();
        assert_eq!(
            (k.ecosystem.as_str(), k.release.as_deref()),
            ("Alpine", Some("3.18.4"))
        );
    }

    #[test]
    fn ecosystem_releases() {
        assert_eq!(release_of_ecosystem("Debian:12").as_deref(), Some("12"));
        assert_eq!(
            release_of_ecosystem("Alpine:v3.18").as_deref(),
            Some("3.18")
        );
        assert_eq!(
            release_of_ecosystem("Ubuntu:Pro:18.04:LTS").as_deref(),
            Some("18.04")
        );
        assert_eq!(
            release_of_ecosystem("Red Hat:enterprise_linux:9::appstream").as_deref(),
            Some("9")
        );
        assert_eq!(release_of_ecosystem("Debian"), None);
        assert!(releases_agree("12", "12.5"));
        assert!(releases_agree("3.18.4", "3.18"));
        assert!(!releases_agree("3.18", "3.19.1"));
        assert!(!releases_agree("22.04", "24.04"));
        assert!(!releases_agree("11", "12"));
    }
}
