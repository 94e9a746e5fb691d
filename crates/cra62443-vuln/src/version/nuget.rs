//! NuGet version ordering (`NuGet.Versioning`: `NuGetVersion.TryParse` and
//! `VersionComparer.Default`).

use std::cmp::Ordering;

/// One release label. `VersionComparer.CompareRelease` treats a label as a number when
/// `int.TryParse` accepts it, so the value range (and a leading `-`) follows `i32`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Label {
    Num(i32),
    /// Upper-cased: labels compare with `StringComparer.OrdinalIgnoreCase`.
    Str(String),
}

/// A parsed NuGet version: `Major.Minor.Patch.Revision` (missing parts are 0) and the
/// release labels; build metadata is validated and dropped because `VersionComparer.Default`
/// ignores it.
#[derive(Debug, Clone)]
pub struct NuGetVersion {
    numbers: [u32; 4],
    labels: Vec<Label>,
}

fn valid_identifier(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl NuGetVersion {
    /// Parses `N[.N[.N[.N]]][-label(.label)*][+metadata(.metadata)*]`. Each number is
    /// decimal and at most `i32::MAX` (NuGet stores them in `System.Version`); a leading `v`,
    /// empty parts (`1..2`, `1.`), a fifth number, numeric labels with leading zeros and
    /// whitespace inside the version are refused.
    pub fn parse(v: &str) -> Result<NuGetVersion, String> {
        let split = v.find(['-', '+']).unwrap_or(v.len());
        let (core, rest) = v.split_at(split);
        let parts: Vec<&str> = core.split('.').collect();
        if parts.len() > 4 {
            return Err("more than four version numbers".into());
        }
        let mut numbers = [0u32; 4];
        for (slot, part) in numbers.iter_mut().zip(&parts) {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("version number {part:?} is not a decimal number"));
            }
            let trimmed = part.trim_start_matches('0');
            *slot = if trimmed.is_empty() {
                0
            } else {
                trimmed
                    .parse::<i32>()
                    .ok()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| format!("version number {part} exceeds 2147483647"))?
            };
        }
        let (labels_text, metadata) = match rest.strip_prefix('-') {
            Some(after) => match after.split_once('+') {
                Some((l, m)) => (Some(l), Some(m)),
                None => (Some(after), None),
            },
            None => (None, rest.strip_prefix('+')),
        };
        let mut labels = Vec::new();
        if let Some(text) = labels_text {
            for label in text.split('.') {
                if !valid_identifier(label) {
                    return Err(format!("invalid release label {label:?}"));
                }
                if label.len() > 1
                    && label.starts_with('0')
                    && label.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(format!(
                        "numeric release label {label:?} has a leading zero"
                    ));
                }
                labels.push(match label.parse::<i32>() {
                    Ok(n) => Label::Num(n),
                    Err(_) => Label::Str(label.to_ascii_uppercase()),
                });
            }
        }
        if let Some(metadata) = metadata
            && !metadata.split('.').all(valid_identifier)
        {
            return Err(format!("invalid build metadata {metadata:?}"));
        }
        Ok(NuGetVersion { numbers, labels })
    }
}

fn label_cmp(a: &Label, b: &Label) -> Ordering {
    match (a, b) {
        (Label::Num(x), Label::Num(y)) => x.cmp(y),
        (Label::Num(_), Label::Str(_)) => Ordering::Less,
        (Label::Str(_), Label::Num(_)) => Ordering::Greater,
        (Label::Str(x), Label::Str(y)) => x.cmp(y),
    }
}

impl Ord for NuGetVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers.cmp(&other.numbers).then_with(|| {
            match (self.labels.is_empty(), other.labels.is_empty()) {
                (true, true) => Ordering::Equal,
                // A release sorts after all of its pre-releases.
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    for (a, b) in self.labels.iter().zip(&other.labels) {
                        match label_cmp(a, b) {
                            Ordering::Equal => continue,
                            o => return o,
                        }
                    }
                    self.labels.len().cmp(&other.labels.len())
                }
            }
        })
    }
}

impl PartialOrd for NuGetVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for NuGetVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for NuGetVersion {}
