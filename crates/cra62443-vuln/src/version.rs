//! Version comparison per ecosystem, behind the [`VersionScheme`] trait.
//!
//! | scheme | ecosystems | implementation |
//! |---|---|---|
//! | [`Scheme::Semver`] | `crates.io`, OSV `SEMVER` ranges | `semver` ordering (never `VersionReq::matches`); a leading `v` is dropped and a missing minor/patch is padded with `.0` |
//! | [`Scheme::Go`] | `Go` (purl `golang`) | `x/mod/semver` rules: strict `vX.Y.Z[-pre][+build]` (the `v` may be omitted, as OSV and purls drop it), shorthand `vX`/`vX.Y`, no leading zeros; build metadata (`+incompatible`) ignored; pseudo-versions order as pre-releases |
//! | [`Scheme::Npm`] | `npm` | `nodejs-semver` |
//! | [`Scheme::Pep440`] | `PyPI` | `pep440_rs` |
//! | [`Scheme::Debian`] | `Debian`, `Ubuntu` | `debversion` (dpkg ordering with epochs and `~`) |
//! | [`Scheme::Rpm`] | `Red Hat`, `Rocky Linux`, `AlmaLinux`, `SUSE`, `openSUSE`, `Mageia` (purl `rpm`) | `rpmvercmp` on `epoch:version-release` (`~` before anything, `^` after the base) |
//! | [`Scheme::Apk`] | `Alpine`, `Wolfi`, `Chainguard` (purl `apk`) | apk-tools `apk_version_compare` (letter, `_alpha`…`_rc` before the release, `_cvs`…`_p` after, `-rN`) |
//! | [`Scheme::Maven`] | `Maven` (purl `maven`) | Maven `ComparableVersion` (qualifier order `alpha` < `beta` < `milestone` < `rc` = `cr` < `snapshot` < release = `ga` = `final` < `sp` < other qualifiers lexically; trailing null items trimmed) |
//! | [`Scheme::RubyGems`] | `RubyGems` (purl `gem`) | `Gem::Version` (`-` read as `.pre.`; segments split at `.` and digit/letter changes; a letter segment sorts before any number, so `1.0.a` < `1.0`; letters compare byte-wise; trailing zeros ignored, `1.0` = `1.0.0`) |
//! | [`Scheme::NuGet`] | `NuGet` (purl `nuget`) | `NuGet.Versioning` `VersionComparer.Default` (up to four numbers, missing ones 0; SemVer 2.0 labels compared case-insensitively; build metadata ignored; no `v` prefix) |
//! | [`Scheme::Packagist`] | `Packagist` (purl `composer`) | Composer `VersionParser::normalize` then PHP `version_compare` (`v` prefix allowed; padded to four numbers; `dev` < `alpha` = `a` < `beta` = `b` < `RC` < release < `patch` = `pl` = `p`; `dev-*` branches refused) |
//! | [`Scheme::Generic`] | everything else, and CPE version bounds | [`GenericVersion`] |
//!
//! A version the scheme cannot parse is an error: the matcher turns it into an
//! *indeterminate* finding, never into "not affected".

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

mod apk;
mod go;
mod maven;
mod nuget;
mod packagist;
mod rpm;
mod rubygems;

pub use apk::ApkVersion;
pub use maven::MavenVersion;
pub use nuget::NuGetVersion;
pub use packagist::PackagistVersion;
pub use rpm::{RpmVersion, rpmvercmp};
pub use rubygems::RubyGemsVersion;

/// A version string that the scheme could not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("version {version:?} is not a valid {scheme} version: {reason}")]
pub struct VersionError {
    /// The scheme's name.
    pub scheme: &'static str,
    /// The version as given.
    pub version: String,
    /// Why it was refused.
    pub reason: String,
}

/// A version ordering.
pub trait VersionScheme {
    /// The scheme's name, for messages.
    fn name(&self) -> &'static str;
    /// Parses a version of this scheme.
    fn parse(&self, version: &str) -> Result<ParsedVersion, VersionError>;
    /// Compares two versions of this scheme.
    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        Ok(self.parse(a)?.cmp(&self.parse(b)?))
    }
}

/// A parsed version. Versions of the same scheme are totally ordered; versions of different
/// schemes are ordered by scheme (never compared in practice).
#[derive(Debug, Clone)]
pub enum ParsedVersion {
    /// SemVer 2.0.
    Semver(semver::Version),
    /// npm (node-semver).
    Npm(nodejs_semver::Version),
    /// PEP 440.
    Pep440(pep440_rs::Version),
    /// Debian.
    Debian(debversion::Version),
    /// Generic numeric-dotted.
    Generic(GenericVersion),
    /// RPM `epoch:version-release`.
    Rpm(RpmVersion),
    /// Alpine apk.
    Apk(ApkVersion),
    /// Maven `ComparableVersion`.
    Maven(MavenVersion),
    /// Go module version (build metadata dropped).
    Go(semver::Version),
    /// RubyGems `Gem::Version`.
    RubyGems(RubyGemsVersion),
    /// NuGet (`NuGet.Versioning`).
    NuGet(NuGetVersion),
    /// Packagist (Composer-normalised, `version_compare` order).
    Packagist(PackagistVersion),
}

impl ParsedVersion {
    fn rank(&self) -> u8 {
        match self {
            ParsedVersion::Semver(_) => 0,
            ParsedVersion::Npm(_) => 1,
            ParsedVersion::Pep440(_) => 2,
            ParsedVersion::Debian(_) => 3,
            ParsedVersion::Generic(_) => 4,
            ParsedVersion::Rpm(_) => 5,
            ParsedVersion::Apk(_) => 6,
            ParsedVersion::Maven(_) => 7,
            ParsedVersion::Go(_) => 8,
            ParsedVersion::RubyGems(_) => 9,
            ParsedVersion::NuGet(_) => 10,
            ParsedVersion::Packagist(_) => 11,
        }
    }
}

impl Ord for ParsedVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (ParsedVersion::Semver(a), ParsedVersion::Semver(b)) => a.cmp(b),
            (ParsedVersion::Npm(a), ParsedVersion::Npm(b)) => a.cmp(b),
            (ParsedVersion::Pep440(a), ParsedVersion::Pep440(b)) => a.cmp(b),
            (ParsedVersion::Debian(a), ParsedVersion::Debian(b)) => a.cmp(b),
            (ParsedVersion::Generic(a), ParsedVersion::Generic(b)) => a.cmp(b),
            (ParsedVersion::Rpm(a), ParsedVersion::Rpm(b)) => a.cmp(b),
            (ParsedVersion::Apk(a), ParsedVersion::Apk(b)) => a.cmp(b),
            (ParsedVersion::Maven(a), ParsedVersion::Maven(b)) => a.cmp(b),
            (ParsedVersion::Go(a), ParsedVersion::Go(b)) => a.cmp(b),
            (ParsedVersion::RubyGems(a), ParsedVersion::RubyGems(b)) => a.cmp(b),
            (ParsedVersion::NuGet(a), ParsedVersion::NuGet(b)) => a.cmp(b),
            (ParsedVersion::Packagist(a), ParsedVersion::Packagist(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for ParsedVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for ParsedVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ParsedVersion {}

/// The built-in version schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// SemVer 2.0 (crates.io, OSV `SEMVER` ranges).
    Semver,
    /// npm.
    Npm,
    /// PEP 440 (PyPI).
    Pep440,
    /// Debian / Ubuntu.
    Debian,
    /// Generic numeric-dotted ([`GenericVersion`]).
    Generic,
    /// RPM ([`RpmVersion`]): Red Hat, Rocky Linux, AlmaLinux, SUSE, openSUSE, Mageia.
    Rpm,
    /// Alpine apk ([`ApkVersion`]): Alpine, Wolfi, Chainguard.
    Apk,
    /// Maven ([`MavenVersion`]).
    Maven,
    /// Go modules (`golang.org/x/mod/semver` ordering).
    Go,
    /// RubyGems ([`RubyGemsVersion`]).
    RubyGems,
    /// NuGet ([`NuGetVersion`]).
    NuGet,
    /// Packagist / Composer ([`PackagistVersion`]).
    Packagist,
}

impl Scheme {
    /// The scheme for an OSV ecosystem name (the part before `:` is used, case-insensitively).
    pub fn for_ecosystem(ecosystem: &str) -> Scheme {
        let base = ecosystem.split(':').next().unwrap_or("").trim();
        match base.to_ascii_lowercase().as_str() {
            "crates.io" => Scheme::Semver,
            "go" | "golang" => Scheme::Go,
            "npm" => Scheme::Npm,
            "pypi" => Scheme::Pep440,
            "debian" | "ubuntu" => Scheme::Debian,
            "red hat" | "redhat" | "rocky linux" | "almalinux" | "suse" | "opensuse" | "mageia"
            | "rpm" => Scheme::Rpm,
            "alpine" | "wolfi" | "chainguard" | "apk" => Scheme::Apk,
            "maven" => Scheme::Maven,
            "rubygems" => Scheme::RubyGems,
            "nuget" => Scheme::NuGet,
            "packagist" => Scheme::Packagist,
            _ => Scheme::Generic,
        }
    }

    /// The scheme for a purl type (`rpm`, `apk`, `maven`, `golang`, `cargo`, `npm`, `pypi`,
    /// `deb`, `gem`, `nuget`, `composer`); other types use [`Scheme::Generic`].
    pub fn for_purl_type(ty: &str) -> Scheme {
        match ty.trim().to_ascii_lowercase().as_str() {
            "rpm" => Scheme::Rpm,
            "apk" => Scheme::Apk,
            "maven" => Scheme::Maven,
            "golang" => Scheme::Go,
            "cargo" => Scheme::Semver,
            "npm" => Scheme::Npm,
            "pypi" => Scheme::Pep440,
            "deb" => Scheme::Debian,
            "gem" => Scheme::RubyGems,
            "nuget" => Scheme::NuGet,
            "composer" => Scheme::Packagist,
            _ => Scheme::Generic,
        }
    }
}

impl VersionScheme for Scheme {
    fn name(&self) -> &'static str {
        match self {
            Scheme::Semver => "SemVer",
            Scheme::Npm => "npm",
            Scheme::Pep440 => "PEP 440",
            Scheme::Debian => "Debian",
            Scheme::Generic => "generic",
            Scheme::Rpm => "RPM",
            Scheme::Apk => "apk",
            Scheme::Maven => "Maven",
            Scheme::Go => "Go",
            Scheme::RubyGems => "RubyGems",
            Scheme::NuGet => "NuGet",
            Scheme::Packagist => "Packagist",
        }
    }

    fn parse(&self, version: &str) -> Result<ParsedVersion, VersionError> {
        let err = |reason: String| VersionError {
            scheme: self.name(),
            version: version.to_string(),
            reason,
        };
        let v = version.trim();
        if v.is_empty() {
            return Err(err("empty".into()));
        }
        match self {
            Scheme::Semver => parse_semver_lenient(v)
                .map(ParsedVersion::Semver)
                .map_err(err),
            Scheme::Npm => nodejs_semver::Version::parse(v)
                .map(ParsedVersion::Npm)
                .map_err(|e| err(e.to_string())),
            Scheme::Pep440 => pep440_rs::Version::from_str(v)
                .map(ParsedVersion::Pep440)
                .map_err(|e| err(e.to_string())),
            Scheme::Debian => {
                if !v.starts_with(|c: char| c.is_ascii_digit()) {
                    return Err(err("must start with a digit".into()));
                }
                debversion::Version::from_str(v)
                    .map(ParsedVersion::Debian)
                    .map_err(|e| err(format!("{e:?}")))
            }
            Scheme::Generic => GenericVersion::parse(v)
                .map(ParsedVersion::Generic)
                .map_err(err),
            Scheme::Rpm => RpmVersion::parse(v).map(ParsedVersion::Rpm).map_err(err),
            Scheme::Apk => ApkVersion::parse(v).map(ParsedVersion::Apk).map_err(err),
            Scheme::Maven => MavenVersion::parse(v)
                .map(ParsedVersion::Maven)
                .map_err(err),
            Scheme::Go => go::parse(v, false).map(ParsedVersion::Go).map_err(err),
            Scheme::RubyGems => RubyGemsVersion::parse(v)
                .map(ParsedVersion::RubyGems)
                .map_err(err),
            Scheme::NuGet => NuGetVersion::parse(v)
                .map(ParsedVersion::NuGet)
                .map_err(err),
            Scheme::Packagist => PackagistVersion::parse(v)
                .map(ParsedVersion::Packagist)
                .map_err(err),
        }
    }
}

/// Parses SemVer, dropping a leading `v` and padding `1` / `1.2` to `1.0.0` / `1.2.0`.
fn parse_semver_lenient(v: &str) -> Result<semver::Version, String> {
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    if let Ok(parsed) = semver::Version::parse(v) {
        return Ok(parsed);
    }
    let split = v.find(['-', '+']).unwrap_or(v.len());
    let (core, rest) = v.split_at(split);
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("not a SemVer version".into());
    }
    let mut padded = parts.join(".");
    for _ in parts.len()..3 {
        padded.push_str(".0");
    }
    padded.push_str(rest);
    semver::Version::parse(&padded).map_err(|e| e.to_string())
}

/// A generic version: the fallback for ecosystems without a dedicated scheme and for CPE
/// version bounds.
///
/// Rules (documented policy):
/// * A leading `v` before a digit is dropped. The version must then start with a digit and
///   contain only ASCII letters, digits and `.`, `-`, `_`, `+`, `~`; anything else (`custom`,
///   `git`, `unknown`, `n/a`, spaces) is refused. A 7–40 character hexadecimal string with a
///   letter and no dot is refused as a commit hash.
/// * The version is split into runs of digits (compared numerically) and runs of letters
///   (compared case-insensitively); separators only delimit. Missing trailing numbers count
///   as 0 (`2.4` = `2.4.0`).
/// * A letter run `alpha`, `beta`, `pre`, `rc`, `dev` (or `a`, `b` right after `-`/`~`) is a
///   pre-release and sorts before the release (`6.10-rc1` < `6.10`); any other letter run is
///   a post-release suffix and sorts after it (`1.1.1k` > `1.1.1`, `1.1.1za` > `1.1.1k`). `~`
///   sorts before everything (Debian style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenericVersion {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Tilde,
    Pre(String),
    Num(String),
    Alpha(String),
}

const PRE_WORDS: [&str; 6] = ["alpha", "beta", "pre", "rc", "dev", "preview"];

impl GenericVersion {
    /// Parses a generic version.
    pub fn parse(v: &str) -> Result<GenericVersion, String> {
        let v = v.trim();
        let v = match v.strip_prefix(['v', 'V']) {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
            _ => v,
        };
        if !v.starts_with(|c: char| c.is_ascii_digit()) {
            return Err("does not start with a digit".into());
        }
        if let Some(c) = v
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | '~')))
        {
            return Err(format!("unexpected character {c:?}"));
        }
        if (7..=40).contains(&v.len())
            && v.bytes().all(|b| b.is_ascii_hexdigit())
            && v.bytes().any(|b| b.is_ascii_alphabetic())
        {
            return Err("looks like a commit hash".into());
        }
        let mut tokens = Vec::new();
        let bytes = v.as_bytes();
        let mut i = 0;
        let mut prev_sep: Option<u8> = None;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'~' {
                tokens.push(Token::Tilde);
                prev_sep = Some(b);
                i += 1;
            } else if b.is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let digits = v[start..i].trim_start_matches('0');
                tokens.push(Token::Num(digits.to_string()));
                prev_sep = None;
            } else if b.is_ascii_alphabetic() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                let word = v[start..i].to_ascii_lowercase();
                let short_pre =
                    matches!(word.as_str(), "a" | "b") && matches!(prev_sep, Some(b'-' | b'~'));
                if PRE_WORDS.contains(&word.as_str()) || short_pre {
                    tokens.push(Token::Pre(word));
                } else {
                    tokens.push(Token::Alpha(word));
                }
                prev_sep = None;
            } else {
                prev_sep = Some(b);
                i += 1;
            }
        }
        Ok(GenericVersion { tokens })
    }
}

fn num_cmp(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Orders one token against a missing one (the shorter version ended).
fn vs_missing(t: &Token) -> Ordering {
    match t {
        Token::Tilde | Token::Pre(_) => Ordering::Less,
        Token::Num(n) if n.is_empty() => Ordering::Equal,
        Token::Num(_) | Token::Alpha(_) => Ordering::Greater,
    }
}

fn token_cmp(a: &Token, b: &Token) -> Ordering {
    use Token::*;
    fn rank(t: &Token) -> u8 {
        match t {
            Tilde => 0,
            Pre(_) => 1,
            Alpha(_) => 2,
            Num(_) => 3,
        }
    }
    match (a, b) {
        (Num(x), Num(y)) => num_cmp(x, y),
        (Alpha(x), Alpha(y)) | (Pre(x), Pre(y)) => {
            let pre_rank = |w: &str| PRE_WORDS.iter().position(|p| *p == w);
            match (pre_rank(x), pre_rank(y)) {
                (Some(i), Some(j)) => i.cmp(&j),
                _ => x.cmp(y),
            }
        }
        _ => rank(a).cmp(&rank(b)),
    }
}

impl Ord for GenericVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let n = self.tokens.len().max(other.tokens.len());
        for i in 0..n {
            let o = match (self.tokens.get(i), other.tokens.get(i)) {
                (Some(a), Some(b)) => token_cmp(a, b),
                (Some(a), None) => vs_missing(a),
                (None, Some(b)) => vs_missing(b).reverse(),
                (None, None) => Ordering::Equal,
            };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for GenericVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod scheme_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn g(a: &str, b: &str) -> Ordering {
        Scheme::Generic.compare(a, b).unwrap()
    }

    #[test]
    fn generic_ordering() {
        assert_eq!(g("2.4", "2.4.0"), Ordering::Equal);
        assert_eq!(g("1.10", "1.9"), Ordering::Greater);
        assert_eq!(g("1.1.1k", "1.1.1"), Ordering::Greater);
        assert_eq!(g("1.1.1za", "1.1.1k"), Ordering::Greater);
        assert_eq!(g("6.10-rc1", "6.10"), Ordering::Less);
        assert_eq!(g("6.10-rc1", "6.9.12"), Ordering::Greater);
        assert_eq!(g("1.0~beta1", "1.0"), Ordering::Less);
        assert_eq!(g("v8.7.1", "8.7.1"), Ordering::Equal);
        assert_eq!(g("2.36-81-g4f4d7a", "2.36"), Ordering::Greater);
        assert_eq!(g("0010", "9"), Ordering::Greater);
    }

    #[test]
    fn generic_refuses_non_versions() {
        for bad in ["custom", "git", "", "n/a", "1.0 beta", "1da177e4c3f4", "*"] {
            assert!(Scheme::Generic.parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ecosystem_schemes() {
        assert_eq!(Scheme::for_ecosystem("crates.io"), Scheme::Semver);
        assert_eq!(Scheme::for_ecosystem("Debian:12"), Scheme::Debian);
        assert_eq!(Scheme::for_ecosystem("PyPI"), Scheme::Pep440);
        assert_eq!(Scheme::for_ecosystem("OSS-Fuzz"), Scheme::Generic);
        let s = Scheme::Semver;
        assert_eq!(s.compare("0.0.0-0", "0.1.0").unwrap(), Ordering::Less);
        assert_eq!(s.compare("v1.2", "1.2.0").unwrap(), Ordering::Equal);
        assert_eq!(s.compare("1.0.0-alpha", "1.0.0").unwrap(), Ordering::Less);
        let p = Scheme::Pep440;
        assert_eq!(p.compare("1.0", "1.0.0").unwrap(), Ordering::Equal);
        assert_eq!(p.compare("1.0rc1", "1.0").unwrap(), Ordering::Less);
        assert_eq!(p.compare("1.0.post1", "1.0").unwrap(), Ordering::Greater);
        let d = Scheme::Debian;
        assert_eq!(d.compare("1:1.0", "2.0").unwrap(), Ordering::Greater);
        assert_eq!(d.compare("1.0~deb12u1", "1.0").unwrap(), Ordering::Less);
        let n = Scheme::Npm;
        assert_eq!(
            n.compare("1.2.3-beta.2", "1.2.3-beta.10").unwrap(),
            Ordering::Less
        );
        assert!(Scheme::Semver.parse("not-a-version").is_err());
        assert!(Scheme::Pep440.parse("1.0-custom!!").is_err());
    }
}
