//! Packagist (Composer) version ordering: `Composer\Semver\VersionParser::normalize`
//! followed by PHP's `version_compare`, as `Composer\Semver\Comparator` does.
//!
//! Normalisation pads a classical version to four numbers (`1.2` → `1.2.0.0`) and spells the
//! stability suffix out (`-a1` → `-alpha1`, `RC`, `-p2`/`pl2` → `-patch2`); `version_compare`
//! then splits the result at `.`, `-` and digit/letter changes and compares the parts
//! left to right: numbers numerically, stability words by rank
//! (`dev` < `alpha` < `beta` < `RC` < number < `patch`), a missing part ranking just below
//! any number. So `1.0.0-dev` < `1.0.0-alpha1` < `1.0.0-beta` < `1.0.0-RC1` < `1.0.0` <
//! `1.0.0-patch1`, and `1.0` = `1.0.0.0`.

use std::cmp::Ordering;

/// `version_compare` rank of a stability word (`compare_special_version_forms`); a number
/// ranks as `#` (4). A word outside the table ranks below all of them.
const DEV: i8 = 0;
const ALPHA: i8 = 1;
const BETA: i8 = 2;
const RC: i8 = 3;
const NUMBER: i8 = 4;
const PATCH: i8 = 5;
const UNKNOWN: i8 = -1;

/// One part of the normalised version as `version_compare` splits it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// Digits without leading zeros (`""` is 0).
    Num(String),
    /// A stability word, by rank.
    Word(i8),
}

/// A parsed Packagist version: the parts of its Composer-normalised form.
///
/// Branches (`dev-master`, `master`) have no order in Composer and are refused; numbered
/// branches (`1.x-dev`) normalise to `1.9999999.9999999.9999999-dev` as Composer does.
#[derive(Debug, Clone)]
pub struct PackagistVersion {
    parts: Vec<Part>,
}

/// The stability alternatives of Composer's modifier pattern, in the pattern's order (the
/// first that fits wins, so `beta` is tried before `b`).
const STABILITIES: [&str; 9] = [
    "stable", "beta", "b", "RC", "alpha", "a", "patch", "pl", "p",
];

/// What the modifier pattern
/// `[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$` captured.
struct Modifier<'a> {
    stability: Option<&'a str>,
    numbers: &'a str,
    dev: bool,
}

fn num(digits: &str) -> Part {
    Part::Num(digits.trim_start_matches('0').to_string())
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn digits_len(s: &[u8], from: usize) -> usize {
    s[from.min(s.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// Length of `(?:[.-]?\d+)*+` at the start of `s` (possessive: as many as possible).
fn stability_numbers_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut p = 0;
    loop {
        let q = if p < b.len() && matches!(b[p], b'.' | b'-') {
            p + 1
        } else {
            p
        };
        let n = digits_len(b, q);
        if n == 0 {
            return p;
        }
        p = q + n;
    }
}

/// `([.-]?dev)?$` on the rest: `Some(dev)` if it matches to the end.
fn dev_tail(s: &str) -> Option<bool> {
    if s.is_empty() {
        return Some(false);
    }
    let t = s.strip_prefix(['.', '-']).unwrap_or(s);
    t.eq_ignore_ascii_case("dev").then_some(true)
}

/// Matches the modifier pattern against the whole of `s`, trying alternatives in the order a
/// backtracking regex engine would.
fn modifier(s: &str) -> Option<Modifier<'_>> {
    let skips: &[usize] = if s.starts_with(['.', '_', '-']) {
        &[1, 0]
    } else {
        &[0]
    };
    for &skip in skips {
        let r = &s[skip..];
        for word in STABILITIES {
            if !starts_with_ignore_case(r, word) {
                continue;
            }
            let after = &r[word.len()..];
            let n = stability_numbers_len(after);
            if let Some(dev) = dev_tail(&after[n..]) {
                return Some(Modifier {
                    stability: Some(&r[..word.len()]),
                    numbers: &after[..n],
                    dev,
                });
            }
        }
        if let Some(dev) = dev_tail(r) {
            return Some(Modifier {
                stability: None,
                numbers: "",
                dev,
            });
        }
    }
    None
}

/// Appends the modifier as `normalize` writes it and `version_compare` splits it.
fn push_modifier(parts: &mut Vec<Part>, m: &Modifier<'_>) {
    if let Some(word) = m.stability {
        // Composer compares the captured word case-sensitively: only a lower-case `stable`
        // means "no suffix" (and then the numbers and `-dev` are dropped too).
        if word == "stable" {
            return;
        }
        let rank = match word.to_ascii_lowercase().as_str() {
            "a" | "alpha" => ALPHA,
            "b" | "beta" => BETA,
            "rc" => RC,
            "p" | "pl" | "patch" => PATCH,
            _ => UNKNOWN,
        };
        parts.push(Part::Word(rank));
        parts.extend(
            m.numbers
                .split(['.', '-'])
                .filter(|n| !n.is_empty())
                .map(num),
        );
    }
    if m.dev {
        parts.push(Part::Word(DEV));
    }
}

fn strip_v(s: &str) -> &str {
    s.strip_prefix(['v', 'V']).unwrap_or(s)
}

/// `^v?(\d{1,5}+)(\.\d++)?(\.\d++)?(\.\d++)?` + modifier + `$`, padded to four numbers.
fn classical(v: &str) -> Option<Vec<Part>> {
    let s = strip_v(v);
    let b = s.as_bytes();
    let major = digits_len(b, 0);
    if major == 0 || major > 5 {
        return None;
    }
    let mut parts = vec![num(&s[..major])];
    let mut p = major;
    while parts.len() < 4 && p < b.len() && b[p] == b'.' {
        let n = digits_len(b, p + 1);
        if n == 0 {
            break;
        }
        parts.push(num(&s[p + 1..p + 1 + n]));
        p += 1 + n;
    }
    let m = modifier(&s[p..])?;
    parts.resize(4, Part::Num(String::new()));
    push_modifier(&mut parts, &m);
    Some(parts)
}

/// Whether `g` is `\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2}` as a whole.
fn date_body(g: &[u8]) -> bool {
    fn sep(g: &[u8]) -> usize {
        usize::from(g.first().is_some_and(|c| matches!(c, b'.' | b':' | b'-')))
    }
    fn tail(g: &[u8], done: usize) -> bool {
        if g.is_empty() {
            return true;
        }
        if done == 2 {
            return false;
        }
        let s = sep(g);
        (1..=3).any(|n| {
            g.len() >= s + n
                && g[s..s + n].iter().all(u8::is_ascii_digit)
                && tail(&g[s + n..], done + 1)
        })
    }
    fn pairs(g: &[u8], done: usize) -> bool {
        if done >= 1 && tail(g, 0) {
            return true;
        }
        if done == 6 {
            return false;
        }
        [sep(g), 0].into_iter().any(|s| {
            g.len() >= s + 2
                && g[s..s + 2].iter().all(u8::is_ascii_digit)
                && pairs(&g[s + 2..], done + 1)
        })
    }
    g.len() >= 4 && g[..4].iter().all(u8::is_ascii_digit) && pairs(&g[4..], 0)
}

/// The longest date-time body (4 + 6 × 3 + 2 × 4 characters).
const MAX_DATE_LEN: usize = 30;

/// `^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2})` + modifier + `$`; the date
/// keeps its own number of parts (`2010-01-02` → `2010.01.02`).
fn date(v: &str) -> Option<Vec<Part>> {
    let s = strip_v(v);
    let b = s.as_bytes();
    // At most one split point lets the rest match the modifier (the body ends in a digit,
    // the modifier has digits only after a stability word), so the search order is free.
    let end = (4..=b.len().min(MAX_DATE_LEN)).rev().find(|&e| {
        b[e - 1].is_ascii_digit() && date_body(&b[..e]) && modifier(&s[e..]).is_some()
    })?;
    let m = modifier(&s[end..])?;
    let mut parts: Vec<Part> = s[..end]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(num)
        .collect();
    push_modifier(&mut parts, &m);
    Some(parts)
}

/// `(.*?)[.-]?dev$` then `normalizeBranch`:
/// `^v?(\d++)(\.(?:\d++|[xX*]))?(\.(?:\d++|[xX*]))?(\.(?:\d++|[xX*]))?$`, wildcards and
/// missing numbers becoming 9999999.
fn numbered_branch(v: &str) -> Option<Vec<Part>> {
    let head = v.len().checked_sub(3)?;
    if !v.is_char_boundary(head) || !v[head..].eq_ignore_ascii_case("dev") {
        return None;
    }
    let name = &v[..head];
    let name = name.strip_suffix(['.', '-']).unwrap_or(name);
    let items: Vec<&str> = strip_v(name).split('.').collect();
    if items.len() > 4 {
        return None;
    }
    let mut parts = Vec::with_capacity(5);
    for (k, item) in items.iter().enumerate() {
        if !item.is_empty() && item.bytes().all(|b| b.is_ascii_digit()) {
            parts.push(num(item));
        } else if k > 0 && matches!(*item, "x" | "X" | "*") {
            parts.push(num("9999999"));
        } else {
            return None;
        }
    }
    parts.resize(4, num("9999999"));
    parts.push(Part::Word(DEV));
    Some(parts)
}

impl PackagistVersion {
    /// Normalises `v` as `VersionParser::normalize` does (a `v` prefix, an alias
    /// `1.0 as 2.0`, an `@stability` flag and `+build` metadata are accepted and dropped) and
    /// keeps the parts `version_compare` compares. Branch names are refused, as is anything
    /// `normalize` rejects (`1.0.0-meh`, `1.0.0.0.0`, `1.0.1-SNAPSHOT`, constraints such as
    /// `^1` or `1.*`).
    pub fn parse(v: &str) -> Result<PackagistVersion, String> {
        let mut v = v.trim();
        if let Some(source) = alias_source(v) {
            v = source;
        }
        if v.chars().any(char::is_whitespace) {
            return Err("contains whitespace".into());
        }
        if let Some(at) = v.rfind('@')
            && ["stable", "RC", "beta", "alpha", "dev"]
                .iter()
                .any(|s| v[at + 1..].eq_ignore_ascii_case(s))
        {
            v = &v[..at];
        }
        if matches!(v, "master" | "trunk" | "default") || starts_with_ignore_case(v, "dev-") {
            return Err("a branch name has no version order".into());
        }
        if let Some((head, build)) = v.split_once('+')
            && !head.is_empty()
            && !head.contains(',')
            && !build.is_empty()
        {
            v = head;
        }
        classical(v)
            .or_else(|| date(v))
            .or_else(|| numbered_branch(v))
            .map(|parts| PackagistVersion { parts })
            .ok_or_else(|| "not a Composer version".into())
    }
}

/// `^([^,\s]++) ++as ++([^,\s]++)$`: the aliased version of `1.0 as 2.0`.
fn alias_source(v: &str) -> Option<&str> {
    let end = v.find(|c: char| c == ',' || c.is_whitespace())?;
    let rest = v[end..].strip_prefix(' ')?.trim_start_matches(' ');
    let target = rest.strip_prefix("as ")?.trim_start_matches(' ');
    let plain = !target.is_empty() && !target.contains(|c: char| c == ',' || c.is_whitespace());
    (end > 0 && plain).then(|| &v[..end])
}

/// Orders two parts; `None` is the end of a version, which `version_compare` ranks like a
/// number against a word (so `1.0.0` > `1.0.0-beta`) and below any number (so the date
/// `2010-01-02` < `2010.01.02`, which normalises to `2010.01.02.0`).
fn part_cmp(a: Option<&Part>, b: Option<&Part>) -> Ordering {
    match (a, b) {
        (Some(Part::Num(x)), Some(Part::Num(y))) => super::num_cmp(x, y),
        (Some(Part::Word(x)), Some(Part::Word(y))) => x.cmp(y),
        (Some(Part::Num(_)) | None, Some(Part::Word(w))) => NUMBER.cmp(w),
        (Some(Part::Word(w)), Some(Part::Num(_)) | None) => w.cmp(&NUMBER),
        (None, Some(Part::Num(_))) => Ordering::Less,
        (Some(Part::Num(_)), None) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

impl Ord for PackagistVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let n = self.parts.len().max(other.parts.len());
        for k in 0..n {
            match part_cmp(self.parts.get(k), other.parts.get(k)) {
                Ordering::Equal => continue,
                o => return o,
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for PackagistVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for PackagistVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for PackagistVersion {}
