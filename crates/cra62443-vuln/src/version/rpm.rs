//! RPM `epoch:version-release` ordering (`rpmvercmp` / `rpmevrcmp`).

use std::cmp::Ordering;

/// A parsed RPM EVR.
#[derive(Debug, Clone)]
pub struct RpmVersion {
    epoch: String,
    version: String,
    release: String,
}

fn valid_part(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '~' | '^'))
}

impl RpmVersion {
    /// Parses `[epoch:]version[-release]`. The epoch must be decimal; version and release may
    /// contain only ASCII letters, digits and `.`, `_`, `+`, `~`, `^`, and the version must
    /// contain a digit. A missing epoch is 0; a missing release sorts before any release.
    pub fn parse(v: &str) -> Result<RpmVersion, String> {
        let (epoch, rest) = match v.split_once(':') {
            Some((e, rest)) => {
                if e.is_empty() || !e.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("epoch {e:?} is not a number"));
                }
                (e.trim_start_matches('0').to_string(), rest)
            }
            None => (String::new(), v),
        };
        let (version, release) = match rest.split_once('-') {
            Some((ver, rel)) => (ver, rel),
            None => (rest, ""),
        };
        if !valid_part(version) {
            return Err(format!("invalid version part {version:?}"));
        }
        if !version.bytes().any(|b| b.is_ascii_digit()) {
            return Err("version part contains no digit".into());
        }
        if rest.contains('-') && !valid_part(release) {
            return Err(format!("invalid release part {release:?}"));
        }
        Ok(RpmVersion {
            epoch,
            version: version.to_string(),
            release: release.to_string(),
        })
    }
}

impl Ord for RpmVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        super::num_cmp(&self.epoch, &other.epoch)
            .then_with(|| rpmvercmp(&self.version, &other.version))
            .then_with(|| rpmvercmp(&self.release, &other.release))
    }
}

impl PartialOrd for RpmVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for RpmVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for RpmVersion {}

/// rpm's `rpmvercmp` (rpm ≥ 4.15, with `~` and `^`).
pub fn rpmvercmp(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    let sep = |c: u8| !c.is_ascii_alphanumeric() && c != b'~' && c != b'^';
    while i < a.len() || j < b.len() {
        while i < a.len() && sep(a[i]) {
            i += 1;
        }
        while j < b.len() && sep(b[j]) {
            j += 1;
        }
        let (ca, cb) = (a.get(i).copied(), b.get(j).copied());
        if ca == Some(b'~') || cb == Some(b'~') {
            if ca != Some(b'~') {
                return Ordering::Greater;
            }
            if cb != Some(b'~') {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        if ca == Some(b'^') || cb == Some(b'^') {
            if ca.is_none() {
                return Ordering::Less;
            }
            if cb.is_none() {
                return Ordering::Greater;
            }
            if ca != Some(b'^') {
                return Ordering::Greater;
            }
            if cb != Some(b'^') {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        let (Some(ca), Some(_)) = (ca, cb) else {
            break;
        };
        let (si, sj) = (i, j);
        let isnum = ca.is_ascii_digit();
        let class = |c: u8| {
            if isnum {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphabetic()
            }
        };
        while i < a.len() && class(a[i]) {
            i += 1;
        }
        while j < b.len() && class(b[j]) {
            j += 1;
        }
        if sj == j {
            // Segments of different types: numeric is newer.
            return if isnum {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        let (sa, sb) = (&a[si..i], &b[sj..j]);
        let o = if isnum {
            let za = trim_zeros(sa);
            let zb = trim_zeros(sb);
            za.len().cmp(&zb.len()).then_with(|| za.cmp(zb))
        } else {
            sa.cmp(sb)
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    match (i >= a.len(), j >= b.len()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        _ => Ordering::Greater,
    }
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&c| c == b'0').count();
    &s[n..]
}
