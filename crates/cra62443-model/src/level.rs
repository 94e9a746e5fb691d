//! Security levels, SL vectors and IEC 62443-4-2 component types.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A security level 1-4 (IEC 62443-3-3 / 4-2), as SL-C, SL-T or SL-A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct SecurityLevel(u8);

impl SecurityLevel {
    /// Builds a level, accepting only 1 to 4.
    pub fn new(level: u8) -> Option<Self> {
        (1..=4).contains(&level).then_some(Self(level))
    }

    /// The level as a number 1-4.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for SecurityLevel {
    type Error = String;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value).ok_or_else(|| format!("security level must be 1 to 4, found {value}"))
    }
}

impl From<SecurityLevel> for u8 {
    fn from(level: SecurityLevel) -> Self {
        level.0
    }
}

impl fmt::Display for SecurityLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SL {}", self.0)
    }
}

/// Why an SL vector string could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlVectorError {
    /// Not exactly seven comma-separated values.
    #[error("an SL vector has 7 values (FR 1 to FR 7), found {0}: write e.g. `2,2,2,2,2,2,2`")]
    WrongLength(usize),
    /// A value is not a level.
    #[error(
        "value {position} (FR {position}) of the SL vector is `{value}`: expected 0 (FR not claimed) or a level 1 to 4"
    )]
    BadValue {
        /// 1-based position, which is also the FR number.
        position: usize,
        /// The text found there.
        value: String,
    },
}

/// An SL vector: one level per foundational requirement FR 1 … FR 7.
///
/// `0` means the FR is not claimed at all (no requirement of that FR is required). The
/// conventional notation `SL-C(FR) = {2,2,2,2,2,2,2}` is accepted with or without braces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SlVector(pub [u8; 7]);

impl SlVector {
    /// The same level for every FR.
    pub fn uniform(level: u8) -> Self {
        Self([level; 7])
    }

    /// The level claimed for FR `fr` (1-7); 0 for an FR outside 1-7.
    pub fn for_fr(&self, fr: u8) -> u8 {
        match fr {
            1..=7 => self.0[usize::from(fr - 1)],
            _ => 0,
        }
    }
}

impl FromStr for SlVector {
    type Err = SlVectorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim().trim_start_matches('{').trim_end_matches('}');
        let parts: Vec<&str> = trimmed.split(',').map(str::trim).collect();
        if parts.len() != 7 {
            return Err(SlVectorError::WrongLength(parts.len()));
        }
        let mut levels = [0u8; 7];
        for (i, part) in parts.iter().enumerate() {
            let digits = part
                .trim_start_matches("SL")
                .trim_start_matches("sl")
                .trim();
            match digits.parse::<u8>() {
                Ok(level) if level <= 4 => levels[i] = level,
                _ => {
                    return Err(SlVectorError::BadValue {
                        position: i + 1,
                        value: (*part).to_string(),
                    });
                }
            }
        }
        Ok(Self(levels))
    }
}

impl fmt::Display for SlVector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u8::to_string).collect();
        f.write_str(&parts.join(","))
    }
}

/// The four IEC 62443-4-2 component types. Requirements whose ID starts with `CR` apply to all
/// of them; the others exist only as the type-specific variant (`NDR 5.2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ComponentType {
    /// Software application (4-2 clause 12).
    Sar,
    /// Embedded device (clause 13).
    Edr,
    /// Host device (clause 14).
    Hdr,
    /// Network device (clause 15).
    Ndr,
}

impl ComponentType {
    /// All four types in the order of the standard.
    pub const ALL: [ComponentType; 4] = [Self::Sar, Self::Edr, Self::Hdr, Self::Ndr];

    /// The prefix used in requirement IDs (`SAR`, `EDR`, `HDR`, `NDR`).
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Sar => "SAR",
            Self::Edr => "EDR",
            Self::Hdr => "HDR",
            Self::Ndr => "NDR",
        }
    }

    /// The name of the type in words.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sar => "software application",
            Self::Edr => "embedded device",
            Self::Hdr => "host device",
            Self::Ndr => "network device",
        }
    }
}

impl fmt::Display for ComponentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

/// A string that names no component type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown component type `{0}`: expected SAR, EDR, HDR or NDR")]
pub struct ParseComponentTypeError(pub String);

impl FromStr for ComponentType {
    type Err = ParseComponentTypeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "SAR" => Ok(Self::Sar),
            "EDR" => Ok(Self::Edr),
            "HDR" => Ok(Self::Hdr),
            "NDR" => Ok(Self::Ndr),
            _ => Err(ParseComponentTypeError(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sl_vectors() {
        assert_eq!(
            "2,2,2,2,2,2,2".parse::<SlVector>().unwrap(),
            SlVector::uniform(2)
        );
        assert_eq!(
            "{1, 2, 3, 4, 0, 1, 2}".parse::<SlVector>().unwrap().0,
            [1, 2, 3, 4, 0, 1, 2]
        );
        assert_eq!(
            "1,2,3".parse::<SlVector>(),
            Err(SlVectorError::WrongLength(3))
        );
        assert!(matches!(
            "1,2,3,4,5,1,1".parse::<SlVector>(),
            Err(SlVectorError::BadValue { position: 5, .. })
        ));
    }

    #[test]
    fn parses_component_types() {
        assert_eq!("ndr".parse::<ComponentType>().unwrap(), ComponentType::Ndr);
        assert!("PLC".parse::<ComponentType>().is_err());
    }

    #[test]
    fn security_level_range() {
        assert!(SecurityLevel::new(0).is_none());
        assert_eq!(SecurityLevel::new(4).unwrap().get(), 4);
        assert!(SecurityLevel::new(5).is_none());
    }
}
