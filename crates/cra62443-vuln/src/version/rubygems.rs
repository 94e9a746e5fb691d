//! RubyGems `Gem::Version` ordering.
//!
//! Behaviour follows `lib/rubygems/version.rb` (RubyGems 3.5+): a `-` is rewritten to
//! `.pre.` before anything else, the version is canonicalised by two substitutions that drop
//! zero segments, and the canonical segments are compared with missing segments counting as 0.

use std::cmp::Ordering;

/// One segment of a `Gem::Version`: a run of digits or a run of ASCII letters.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// Digits without leading zeros (`""` is 0), so numbers of any length compare exactly,
    /// as Ruby's arbitrary-precision integers do.
    Num(String),
    /// Letters exactly as written: Ruby compares strings byte-wise, so `B` < `a`.
    Str(String),
}

/// A parsed RubyGems version: its canonical segments.
///
/// A letter anywhere makes the version a pre-release, and a letter segment sorts before any
/// number, so `1.0.a` < `1.0` and `1.0.b1` < `1.0`; trailing zero segments are ignored, so
/// `1.0` = `1.0.0`.
#[derive(Debug, Clone)]
pub struct RubyGemsVersion {
    segments: Vec<Segment>,
}

fn is_alnum_or_dash(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Checks `Gem::Version::ANCHORED_VERSION_PATTERN`:
/// `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`.
fn check_pattern(v: &str) -> Result<(), String> {
    let (release, pre) = match v.split_once('-') {
        Some((r, p)) => (r, Some(p)),
        None => (v, None),
    };
    let mut parts = release.split('.');
    let first = parts.next().unwrap_or("");
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return Err("must start with a number".into());
    }
    for part in parts {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!("invalid segment {part:?}"));
        }
    }
    if let Some(pre) = pre {
        for part in pre.split('.') {
            if part.is_empty() || !part.bytes().all(is_alnum_or_dash) {
                return Err(format!("invalid pre-release segment {part:?}"));
            }
        }
    }
    Ok(())
}

/// `sub(/(?<=[a-zA-Z.])[.0]+\z/, "")`: drops the trailing run of zeros and dots, but only
/// from a point right after a letter or a dot, so `10` keeps its zero.
fn drop_trailing_zeros(s: &str) -> &str {
    let b = s.as_bytes();
    let mut run = b.len();
    while run > 0 && matches!(b[run - 1], b'.' | b'0') {
        run -= 1;
    }
    for i in run.max(1)..b.len() {
        if b[i - 1].is_ascii_alphabetic() || b[i - 1] == b'.' {
            return &s[..i];
        }
    }
    s
}

/// `sub(/(?<=\.|\A)[0.]+(?=[a-zA-Z])/, "")`: drops the first run of zero segments that
/// directly precedes a letter, so `1.0.0.a` = `1.a` and `0.beta.1` = `0.0.beta.1`.
fn drop_zeros_before_letter(s: &str) -> String {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if (i == 0 || b[i - 1] == b'.') && matches!(b[i], b'0' | b'.') {
            let mut end = i;
            while end < b.len() && matches!(b[end], b'0' | b'.') {
                end += 1;
            }
            if end < b.len() && b[end].is_ascii_alphabetic() {
                return format!("{}{}", &s[..i], &s[end..]);
            }
            // Every start inside this run reaches the same end: skip it (keeps this linear).
            i = end;
        } else {
            i += 1;
        }
    }
    s.to_string()
}

/// `scan(/\d+|[a-z]+/i)`: everything else only separates.
fn partition(s: &str) -> Vec<Segment> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if b[i].is_ascii_digit() {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push(Segment::Num(
                s[start..i].trim_start_matches('0').to_string(),
            ));
        } else if b[i].is_ascii_alphabetic() {
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Segment::Str(s[start..i].to_string()));
        } else {
            i += 1;
        }
    }
    out
}

impl RubyGemsVersion {
    /// Parses a version matching `Gem::Version::ANCHORED_VERSION_PATTERN`. RubyGems reads a
    /// blank string as `0`; here it is refused, like every other scheme's empty version.
    pub fn parse(v: &str) -> Result<RubyGemsVersion, String> {
        let v = v.trim();
        check_pattern(v)?;
        let version = v.replace('-', ".pre.");
        let prerelease = version.bytes().any(|b| b.is_ascii_alphabetic());
        let canonical = drop_trailing_zeros(&version);
        let segments = if prerelease {
            partition(&drop_zeros_before_letter(canonical))
        } else {
            partition(canonical)
        };
        Ok(RubyGemsVersion { segments })
    }
}

fn segment_cmp(a: &Segment, b: &Segment) -> Ordering {
    match (a, b) {
        (Segment::Num(x), Segment::Num(y)) => super::num_cmp(x, y),
        (Segment::Str(_), Segment::Num(_)) => Ordering::Less,
        (Segment::Num(_), Segment::Str(_)) => Ordering::Greater,
        (Segment::Str(x), Segment::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
    }
}

impl Ord for RubyGemsVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        // A missing segment is 0, so `1.0` = `1` and `1.a` < `1`.
        let zero = Segment::Num(String::new());
        let n = self.segments.len().max(other.segments.len());
        for k in 0..n {
            let a = self.segments.get(k).unwrap_or(&zero);
            let b = other.segments.get(k).unwrap_or(&zero);
            match segment_cmp(a, b) {
                Ordering::Equal => continue,
                o => return o,
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for RubyGemsVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for RubyGemsVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for RubyGemsVersion {}
