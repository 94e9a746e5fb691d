//! Stable requirement IDs (`document:local`) and the normalisation of printed references.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid requirement ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The string has no `:` between document and local part.
    #[error("`{0}` is not a global ID: expected `document:local`, e.g. `iec62443-4-2:cr-1.1`")]
    MissingColon(String),
    /// The document or local part is not a lowercase token.
    #[error(
        "`{0}` is not a valid ID part: expected lowercase letters, digits, `.`, `-` or `_`, starting with a letter"
    )]
    InvalidToken(String),
}

/// A global, stable requirement ID such as `iec62443-4-2:ndr-3.10.re-1` or `cra:annex-i.p1.2c`.
///
/// Both parts are lowercase tokens that are valid OSCAL tokens / XML NCNames, so the local part
/// can be used as an OSCAL control ID unchanged.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RequirementId {
    full: String,
    colon: usize,
}

impl RequirementId {
    /// Builds an ID from a document ID and a local part, validating both.
    pub fn new(document: &str, local: &str) -> Result<Self, IdError> {
        for part in [document, local] {
            if !is_lowercase_token(part) {
                return Err(IdError::InvalidToken(part.to_string()));
            }
        }
        Ok(Self {
            full: format!("{document}:{local}"),
            colon: document.len(),
        })
    }

    /// The document part (`iec62443-4-2`).
    pub fn document(&self) -> &str {
        &self.full[..self.colon]
    }

    /// The local part (`ndr-3.10.re-1`).
    pub fn local(&self) -> &str {
        &self.full[self.colon + 1..]
    }

    /// The whole ID as a string.
    pub fn as_str(&self) -> &str {
        &self.full
    }
}

impl fmt::Display for RequirementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full)
    }
}

impl FromStr for RequirementId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (document, local) = s
            .split_once(':')
            .ok_or_else(|| IdError::MissingColon(s.to_string()))?;
        Self::new(document, local)
    }
}

impl TryFrom<String> for RequirementId {
    type Error = IdError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<RequirementId> for String {
    fn from(id: RequirementId) -> Self {
        id.full
    }
}

/// Whether `s` is an OSCAL token / XML NCName as OSCAL restricts it:
/// a letter or `_`, then letters, digits, `.`, `-` or `_`.
pub fn is_valid_token(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The rule for the names of mapping sets and profiles: an OSCAL token without ASCII capitals,
/// so that the name can be typed on the command line and used in IDs as-is.
pub fn is_lowercase_name(s: &str) -> bool {
    is_valid_token(s) && !s.chars().any(|c| c.is_ascii_uppercase())
}

/// The stricter rule for our own ID parts: an OSCAL token in lowercase ASCII, starting with a
/// letter, without `..` (which would make dotted numbering ambiguous).
fn is_lowercase_token(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_lowercase() => {}
        _ => return false,
    }
    !s.contains("..")
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
        && is_valid_token(s)
}

/// Normalises a printed reference for lookup: case-insensitive, and blind to spaces, brackets,
/// commas and the words "point"/"item", so that `"ndr 3.10 re(1)"`, `"NDR 3.10 RE (1)"` and
/// `"NDR3.10RE1"` compare equal, as do `"Annex I Part I (2)(c)"` and `"annex i part i 2c"`.
///
/// Dots and hyphens are kept because they carry meaning (`CR 1.1` vs `CR 11`, `SUM-5`), but a
/// hyphen between letters and a digit is dropped so that `"SUM 5"` matches `"SUM-5"`.
pub fn normalize_reference(s: &str) -> String {
    let lowered = s.trim().to_lowercase();
    let mut words = Vec::new();
    for word in
        lowered.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | ',' | '#'))
    {
        if word.is_empty() || matches!(word, "point" | "item" | "no." | "no") {
            continue;
        }
        words.push(word);
    }
    let joined: String = words.concat();
    // Drop a hyphen that only separates a letter prefix from a number (SUM-5 -> sum5), so that
    // "SUM 5" and "SUM-5" meet; keep hyphens elsewhere (PRE-1-RQ-01 -> pre1rq01 as well).
    let chars: Vec<char> = joined.chars().collect();
    let mut out = String::with_capacity(chars.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == '-' {
            let prev_alpha = i > 0 && chars[i - 1].is_ascii_alphanumeric();
            let next_alnum = chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric());
            if prev_alpha && next_alnum {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_global_ids() {
        let id: RequirementId = "iec62443-4-2:ndr-3.10.re-1".parse().unwrap();
        assert_eq!(id.document(), "iec62443-4-2");
        assert_eq!(id.local(), "ndr-3.10.re-1");
        assert_eq!(id.to_string(), "iec62443-4-2:ndr-3.10.re-1");
    }

    #[test]
    fn rejects_bad_ids() {
        assert!(matches!(
            "cr-1.1".parse::<RequirementId>(),
            Err(IdError::MissingColon(_))
        ));
        assert!("cra:Annex-I".parse::<RequirementId>().is_err());
        assert!("cra:1abc".parse::<RequirementId>().is_err());
        assert!("cra:a..b".parse::<RequirementId>().is_err());
        assert!("cra:a b".parse::<RequirementId>().is_err());
    }

    #[test]
    fn normalises_printed_references() {
        assert_eq!(
            normalize_reference("NDR 3.10 RE(1)"),
            normalize_reference("ndr 3.10 re (1)")
        );
        assert_eq!(normalize_reference("CR 1.1 RE(2)"), "cr1.1re2");
        assert_eq!(normalize_reference("SUM-5"), normalize_reference("sum 5"));
        assert_eq!(
            normalize_reference("Annex I Part I (2)(c)"),
            normalize_reference("annex i part i point (2)(c)")
        );
        assert_ne!(normalize_reference("CR 1.1"), normalize_reference("CR 11"));
    }

    #[test]
    fn tokens_follow_oscal() {
        assert!(is_valid_token("cr-1.1.re-2"));
        assert!(is_valid_token("_x"));
        assert!(!is_valid_token("1x"));
        assert!(!is_valid_token("a:b"));
        assert!(!is_valid_token(""));
    }

    #[test]
    fn names_are_lowercase_tokens() {
        assert!(is_lowercase_name("cra-to-62443-4-2"));
        assert!(!is_lowercase_name("CRA-to-4-2"));
        assert!(!is_lowercase_name("a:b"));
    }

    proptest::proptest! {
        #[test]
        fn every_valid_id_round_trips(doc in "[a-z][a-z0-9-]{0,12}", local in "[a-z][a-z0-9-]{0,6}(\\.[a-z0-9][a-z0-9-]{0,4}){0,3}") {
            let id = RequirementId::new(&doc, &local).unwrap();
            let again: RequirementId = id.to_string().parse().unwrap();
            proptest::prop_assert_eq!(&again, &id);
            proptest::prop_assert!(is_valid_token(id.local()));
        }

        #[test]
        fn normalisation_ignores_ascii_case_and_spacing(s in "[ -~]{0,40}") {
            let lower = normalize_reference(&s.to_ascii_lowercase());
            proptest::prop_assert_eq!(normalize_reference(&s.to_ascii_uppercase()), lower.clone());
            proptest::prop_assert_eq!(normalize_reference(&format!("  {s}  ")), lower);
        }

        #[test]
        fn normalisation_never_panics(s in ".{0,40}") {
            let _ = normalize_reference(&s);
        }
    }
}
