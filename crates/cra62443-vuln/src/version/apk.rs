//! Alpine `apk` version ordering (apk-tools `apk_version_compare`).

use std::cmp::Ordering;

/// Token kinds in apk-tools order: a later kind at the first difference means a shorter
/// (older) version, except a pre-release suffix, which is always older.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    DigitOrZero,
    Digit,
    Letter,
    Suffix,
    SuffixNo,
    RevisionNo,
    End,
}

const PRE: [&str; 4] = ["alpha", "beta", "pre", "rc"];
const POST: [&str; 5] = ["cvs", "svn", "git", "hg", "p"];

/// A parsed apk version: the token stream apk-tools compares.
#[derive(Debug, Clone)]
pub struct ApkVersion {
    tokens: Vec<(Kind, i128)>,
}

fn number(s: &str) -> Result<i128, String> {
    if s.len() > 36 {
        return Err(format!("number {s:?} is too long"));
    }
    s.parse::<i128>().map_err(|e| e.to_string())
}

impl ApkVersion {
    /// Parses `N(.N)*[a-z]?(_suffix[N])*[-rN]` with the suffixes `alpha`, `beta`, `pre`, `rc`
    /// (before the release) and `cvs`, `svn`, `git`, `hg`, `p` (after it). Anything else,
    /// including the `~hash` commit suffix, is refused.
    pub fn parse(v: &str) -> Result<ApkVersion, String> {
        let (main, revision) = match v.split_once('-') {
            Some((m, r)) => {
                let n = r
                    .strip_prefix('r')
                    .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| format!("invalid revision {r:?} (expected -rN)"))?;
                (m, Some(number(n)?))
            }
            None => (v, None),
        };
        let mut parts = main.split('_');
        let head = parts.next().unwrap_or("");
        let letter_at = head.find(|c: char| !(c.is_ascii_digit() || c == '.'));
        let (nums, letter) = match letter_at {
            Some(i) => (&head[..i], &head[i..]),
            None => (head, ""),
        };
        let mut tokens = Vec::new();
        for (k, comp) in nums.split('.').enumerate() {
            if comp.is_empty() {
                return Err("empty numeric component".into());
            }
            if k == 0 {
                tokens.push((Kind::Digit, number(comp)?));
                continue;
            }
            let zeros = comp.bytes().take_while(|&b| b == b'0').count();
            if zeros > 0 {
                // apk-tools: leading zeros are a token of value -count, then the rest.
                tokens.push((Kind::DigitOrZero, -(zeros as i128)));
                let rest = &comp[zeros..];
                tokens.push((Kind::Digit, if rest.is_empty() { 0 } else { number(rest)? }));
            } else {
                tokens.push((Kind::DigitOrZero, number(comp)?));
            }
        }
        match letter.as_bytes() {
            [] => {}
            [c] if c.is_ascii_lowercase() => tokens.push((Kind::Letter, i128::from(*c))),
            _ => return Err(format!("invalid letter suffix {letter:?}")),
        }
        for suffix in parts {
            let split = suffix
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(suffix.len());
            let (name, no) = suffix.split_at(split);
            let value = if let Some(i) = PRE.iter().position(|p| *p == name) {
                i as i128 - PRE.len() as i128
            } else if let Some(i) = POST.iter().position(|p| *p == name) {
                i as i128 + 1
            } else {
                return Err(format!("unknown suffix _{name}"));
            };
            tokens.push((Kind::Suffix, value));
            if !no.is_empty() {
                if !no.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("invalid suffix number {no:?}"));
                }
                tokens.push((Kind::SuffixNo, number(no)?));
            }
        }
        if let Some(r) = revision {
            tokens.push((Kind::RevisionNo, r));
        }
        Ok(ApkVersion { tokens })
    }
}

impl Ord for ApkVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let end = (Kind::End, 0);
        let n = self.tokens.len().max(other.tokens.len());
        for k in 0..n {
            let (ka, va) = self.tokens.get(k).copied().unwrap_or(end);
            let (kb, vb) = other.tokens.get(k).copied().unwrap_or(end);
            if ka == kb {
                match va.cmp(&vb) {
                    Ordering::Equal => continue,
                    o => return o,
                }
            }
            if ka == Kind::Suffix && va < 0 {
                return Ordering::Less;
            }
            if kb == Kind::Suffix && vb < 0 {
                return Ordering::Greater;
            }
            return kb.cmp(&ka);
        }
        Ordering::Equal
    }
}

impl PartialOrd for ApkVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for ApkVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ApkVersion {}
