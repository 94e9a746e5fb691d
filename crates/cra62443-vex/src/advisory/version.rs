//! CSAF document versions: integer versioning (`0`, `1`, `2`, …) or Semantic Versioning 2.0.

use std::cmp::Ordering;

/// A parsed version number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocVersion {
    /// Integer versioning.
    Integer(u64),
    /// Semantic versioning.
    Semver(Semver),
}

/// A Semantic Versioning 2.0.0 version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Semver {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
    /// Pre-release identifiers (empty if none).
    pub pre: Vec<String>,
    /// Build metadata (ignored for precedence).
    pub build: Option<String>,
}

fn numeric(s: &str) -> Option<u64> {
    if s.is_empty() || (s.len() > 1 && s.starts_with('0')) || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    s.parse().ok()
}

fn ident_ok(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Semver {
    /// Parses `MAJOR.MINOR.PATCH[-PRE][+BUILD]` strictly (no leading zeros, no `v`).
    pub fn parse(s: &str) -> Option<Semver> {
        let (rest, build) = match s.split_once('+') {
            Some((r, b)) => {
                if !b.split('.').all(ident_ok) {
                    return None;
                }
                (r, Some(b.to_string()))
            }
            None => (s, None),
        };
        let (core, pre) = match rest.split_once('-') {
            Some((c, p)) => {
                let ids: Vec<&str> = p.split('.').collect();
                for id in &ids {
                    if !ident_ok(id) {
                        return None;
                    }
                    if id.bytes().all(|b| b.is_ascii_digit()) && numeric(id).is_none() {
                        return None;
                    }
                }
                (c, ids.into_iter().map(str::to_string).collect())
            }
            None => (rest, Vec::new()),
        };
        let mut parts = core.split('.');
        let major = numeric(parts.next()?)?;
        let minor = numeric(parts.next()?)?;
        let patch = numeric(parts.next()?)?;
        if parts.next().is_some() {
            return None;
        }
        Some(Semver {
            major,
            minor,
            patch,
            pre,
            build,
        })
    }

    /// Precedence order (build metadata ignored).
    pub fn precedence(&self, other: &Semver) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    for (a, b) in self.pre.iter().zip(&other.pre) {
                        let ord = match (numeric(a), numeric(b)) {
                            (Some(x), Some(y)) => x.cmp(&y),
                            (Some(_), None) => Ordering::Less,
                            (None, Some(_)) => Ordering::Greater,
                            (None, None) => a.cmp(b),
                        };
                        if ord != Ordering::Equal {
                            return ord;
                        }
                    }
                    self.pre.len().cmp(&other.pre.len())
                }
            })
    }
}

impl DocVersion {
    /// Parses an integer or semantic version.
    pub fn parse(s: &str) -> Option<DocVersion> {
        if let Some(n) = numeric(s) {
            return Some(DocVersion::Integer(n));
        }
        Semver::parse(s).map(DocVersion::Semver)
    }

    /// The version as semver (an integer `n` counts as `n.0.0`).
    pub fn as_semver(&self) -> Semver {
        match self {
            DocVersion::Integer(n) => Semver {
                major: *n,
                minor: 0,
                patch: 0,
                pre: Vec::new(),
                build: None,
            },
            DocVersion::Semver(s) => s.clone(),
        }
    }

    /// The major version (the integer itself for integer versioning).
    pub fn major(&self) -> u64 {
        match self {
            DocVersion::Integer(n) => *n,
            DocVersion::Semver(s) => s.major,
        }
    }

    /// True for a semantic version with a pre-release part.
    pub fn is_prerelease(&self) -> bool {
        matches!(self, DocVersion::Semver(s) if !s.pre.is_empty())
    }

    /// True for integer versioning.
    pub fn is_integer(&self) -> bool {
        matches!(self, DocVersion::Integer(_))
    }
}

/// Compares two version strings: integers numerically, otherwise by semver precedence
/// (integers as `n.0.0`); unparseable strings compare as text after parseable ones.
pub fn compare(a: &str, b: &str) -> Ordering {
    match (DocVersion::parse(a), DocVersion::parse(b)) {
        (Some(x), Some(y)) => x.as_semver().precedence(&y.as_semver()),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        assert_eq!(DocVersion::parse("2"), Some(DocVersion::Integer(2)));
        assert!(DocVersion::parse("01").is_none());
        assert!(DocVersion::parse("1.0.0-rc.1").unwrap().is_prerelease());
        assert!(Semver::parse("1.0.0-01").is_none());
        assert!(Semver::parse("1.0").is_none());
        assert_eq!(compare("1.0.0-alpha", "1.0.0"), Ordering::Less);
        assert_eq!(compare("1.0.0-alpha.1", "1.0.0-alpha.beta"), Ordering::Less);
        assert_eq!(compare("2", "10"), Ordering::Less);
        assert_eq!(compare("1.0.0+b1", "1.0.0+b2"), Ordering::Equal);
    }
}
