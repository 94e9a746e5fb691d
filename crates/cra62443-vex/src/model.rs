//! The one statement model every reader produces and every writer consumes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One VEX statement: the status of one vulnerability in one product.
///
/// Readers emit one statement per (vulnerability, product) pair: a CycloneDX vulnerability with
/// three `affects` entries becomes three statements, an OpenVEX statement with two products
/// becomes two, a CSAF `product_status` list with five product IDs becomes five.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VexStatement {
    /// The vulnerability ID as the source names it (CVE, GHSA, OSV, vendor ID …).
    pub vulnerability: String,
    /// Other IDs of the same vulnerability (CycloneDX `references[].id`, OpenVEX
    /// `vulnerability.aliases`, CSAF `ids[].text`, further SPDX 3 external identifiers).
    pub aliases: Vec<String>,
    /// The product the statement is about: a purl where the source gives one, otherwise a CPE,
    /// a CycloneDX `bom-ref` or BOM-Link (`urn:cdx:<serial>/<version>#<bom-ref>`), a CSAF
    /// `product_id` or an SPDX 3 element ID.
    pub product: String,
    /// Further identifiers the source gives for the same product (CPE, bom-ref, SPDX ID, …),
    /// without `product` itself.
    pub product_identifiers: Vec<String>,
    /// Components inside `product` the statement narrows to (OpenVEX `subcomponents`, CSAF
    /// `relationships[].product_reference`, SPDX 3 `security_assessedElement`).
    pub subcomponents: Vec<String>,
    /// The status.
    pub status: Status,
    /// Why the product is not affected (only meaningful with [`Status::NotAffected`]).
    pub justification: Option<Justification>,
    /// Free-text impact statement (OpenVEX `impact_statement`, CycloneDX `analysis.detail`,
    /// CSAF threat of category `impact`, SPDX 3 `security_impactStatement`).
    pub impact: Option<String>,
    /// Free-text action statement (OpenVEX `action_statement`, CycloneDX `recommendation` /
    /// `workaround` / `analysis.response`, CSAF remediation details, SPDX 3
    /// `security_actionStatement`).
    pub action: Option<String>,
    /// When the statement was made or last updated, if the source says.
    pub timestamp: Option<jiff::Timestamp>,
    /// Where the statement came from.
    pub source: SourceRef,
}

/// Where a statement was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// File name (or the name given to [`crate::read_bytes`]).
    pub file: String,
    /// The format of that file.
    pub format: Format,
    /// Index of the source element in its list: `vulnerabilities[i]` (CycloneDX, CSAF),
    /// `statements[i]` (OpenVEX) or `@graph[i]` (SPDX 3).
    pub statement_index: usize,
    /// JSON pointer to the source element, e.g. `/vulnerabilities/12`.
    pub pointer: String,
}

/// The normalised VEX status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not affected (OpenVEX `not_affected`, CycloneDX `not_affected`/`false_positive`, CSAF
    /// `known_not_affected`).
    NotAffected,
    /// Affected (OpenVEX `affected`, CycloneDX `exploitable`, CSAF `known_affected`,
    /// `first_affected`, `last_affected`).
    Affected,
    /// Fixed (OpenVEX `fixed`, CycloneDX `resolved`/`resolved_with_pedigree`, CSAF `fixed`,
    /// `first_fixed`).
    Fixed,
    /// Under investigation (OpenVEX `under_investigation`, CycloneDX `in_triage`, CSAF
    /// `under_investigation`).
    UnderInvestigation,
}

impl Status {
    /// All statuses in a fixed order.
    pub const ALL: [Status; 4] = [
        Status::NotAffected,
        Status::Affected,
        Status::Fixed,
        Status::UnderInvestigation,
    ];

    /// The snake_case name (also the OpenVEX value).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotAffected => "not_affected",
            Status::Affected => "affected",
            Status::Fixed => "fixed",
            Status::UnderInvestigation => "under_investigation",
        }
    }

    /// Parses an OpenVEX status.
    pub fn from_openvex(s: &str) -> Option<Status> {
        Some(match s {
            "not_affected" => Status::NotAffected,
            "affected" => Status::Affected,
            "fixed" => Status::Fixed,
            "under_investigation" => Status::UnderInvestigation,
            _ => return None,
        })
    }

    /// Maps a CycloneDX `analysis.state`: `resolved`/`resolved_with_pedigree` → fixed,
    /// `exploitable` → affected, `in_triage` → under investigation,
    /// `not_affected`/`false_positive` → not affected.
    pub fn from_cyclonedx(state: &str) -> Option<Status> {
        Some(match state {
            "resolved" | "resolved_with_pedigree" => Status::Fixed,
            "exploitable" => Status::Affected,
            "in_triage" => Status::UnderInvestigation,
            "false_positive" | "not_affected" => Status::NotAffected,
            _ => return None,
        })
    }

    /// The CycloneDX `analysis.state` written for this status.
    pub fn to_cyclonedx(self) -> &'static str {
        match self {
            Status::NotAffected => "not_affected",
            Status::Affected => "exploitable",
            Status::Fixed => "resolved",
            Status::UnderInvestigation => "in_triage",
        }
    }

    /// Maps a CSAF `product_status` key; `recommended` has no VEX meaning and gives `None`.
    pub fn from_csaf(key: &str) -> Option<Status> {
        Some(match key {
            "known_not_affected" => Status::NotAffected,
            "known_affected" | "first_affected" | "last_affected" => Status::Affected,
            "fixed" | "first_fixed" => Status::Fixed,
            "under_investigation" => Status::UnderInvestigation,
            _ => return None,
        })
    }

    /// The CSAF `product_status` key written for this status.
    pub fn to_csaf(self) -> &'static str {
        match self {
            Status::NotAffected => "known_not_affected",
            Status::Affected => "known_affected",
            Status::Fixed => "fixed",
            Status::UnderInvestigation => "under_investigation",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a product is not affected: the five values OpenVEX justifications and CSAF flag labels
/// share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Justification {
    /// The vulnerable component is not included in the product.
    ComponentNotPresent,
    /// The component is included but the vulnerable code is not.
    VulnerableCodeNotPresent,
    /// The vulnerable code is present but cannot be executed.
    VulnerableCodeNotInExecutePath,
    /// The vulnerable code cannot be controlled by an attacker.
    VulnerableCodeCannotBeControlledByAdversary,
    /// Built-in protections prevent exploitation.
    InlineMitigationsAlreadyExist,
}

impl Justification {
    /// All justifications in a fixed order.
    pub const ALL: [Justification; 5] = [
        Justification::ComponentNotPresent,
        Justification::VulnerableCodeNotPresent,
        Justification::VulnerableCodeNotInExecutePath,
        Justification::VulnerableCodeCannotBeControlledByAdversary,
        Justification::InlineMitigationsAlreadyExist,
    ];

    /// The OpenVEX justification / CSAF flag label.
    pub fn as_str(self) -> &'static str {
        match self {
            Justification::ComponentNotPresent => "component_not_present",
            Justification::VulnerableCodeNotPresent => "vulnerable_code_not_present",
            Justification::VulnerableCodeNotInExecutePath => "vulnerable_code_not_in_execute_path",
            Justification::VulnerableCodeCannotBeControlledByAdversary => {
                "vulnerable_code_cannot_be_controlled_by_adversary"
            }
            Justification::InlineMitigationsAlreadyExist => "inline_mitigations_already_exist",
        }
    }

    /// Parses an OpenVEX justification or CSAF flag label.
    pub fn from_openvex(s: &str) -> Option<Justification> {
        Justification::ALL.into_iter().find(|j| j.as_str() == s)
    }

    /// Maps a CycloneDX `analysis.justification` (nine values) onto the five shared values.
    ///
    /// The mapping is lossy:
    ///
    /// | CycloneDX | normalised |
    /// |---|---|
    /// | `code_not_present` | `vulnerable_code_not_present` |
    /// | `code_not_reachable` | `vulnerable_code_not_in_execute_path` |
    /// | `requires_configuration`, `requires_environment` | `vulnerable_code_cannot_be_controlled_by_adversary` |
    /// | `requires_dependency` | `component_not_present` |
    /// | `protected_by_compiler`, `protected_at_runtime`, `protected_at_perimeter`, `protected_by_mitigating_control` | `inline_mitigations_already_exist` |
    pub fn from_cyclonedx(s: &str) -> Option<Justification> {
        Some(match s {
            "code_not_present" => Justification::VulnerableCodeNotPresent,
            "code_not_reachable" => Justification::VulnerableCodeNotInExecutePath,
            "requires_configuration" | "requires_environment" => {
                Justification::VulnerableCodeCannotBeControlledByAdversary
            }
            "requires_dependency" => Justification::ComponentNotPresent,
            "protected_by_compiler"
            | "protected_at_runtime"
            | "protected_at_perimeter"
            | "protected_by_mitigating_control" => Justification::InlineMitigationsAlreadyExist,
            _ => return None,
        })
    }

    /// The CycloneDX justification written for this value; chosen so that
    /// [`Justification::from_cyclonedx`] gives the same value back.
    pub fn to_cyclonedx(self) -> &'static str {
        match self {
            Justification::ComponentNotPresent => "requires_dependency",
            Justification::VulnerableCodeNotPresent => "code_not_present",
            Justification::VulnerableCodeNotInExecutePath => "code_not_reachable",
            Justification::VulnerableCodeCannotBeControlledByAdversary => "requires_configuration",
            Justification::InlineMitigationsAlreadyExist => "protected_by_mitigating_control",
        }
    }

    /// Maps an SPDX 3 `security_justificationType` (camelCase, with or without the
    /// `security_VexJustificationType/` prefix).
    pub fn from_spdx3(s: &str) -> Option<Justification> {
        let s = s.rsplit('/').next().unwrap_or(s);
        Some(match s {
            "componentNotPresent" => Justification::ComponentNotPresent,
            "vulnerableCodeNotPresent" => Justification::VulnerableCodeNotPresent,
            "vulnerableCodeNotInExecutePath" => Justification::VulnerableCodeNotInExecutePath,
            "vulnerableCodeCannotBeControlledByAdversary" => {
                Justification::VulnerableCodeCannotBeControlledByAdversary
            }
            "inlineMitigationsAlreadyExist" => Justification::InlineMitigationsAlreadyExist,
            _ => return None,
        })
    }
}

impl fmt::Display for Justification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A VEX file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// CycloneDX JSON (1.4–1.7): a standalone VEX BOM or `vulnerabilities[]` embedded in a BOM.
    Cyclonedx,
    /// OpenVEX JSON (0.2.0; 0.0.x documents with string vulnerabilities/products are read too).
    Openvex,
    /// CSAF 2.0 JSON (`csaf_vex`, and the product status of any other profile).
    Csaf,
    /// SPDX 3.0.x JSON-LD with inline `security_Vex*VulnAssessmentRelationship` elements.
    Spdx3,
}

impl Format {
    /// A short name: `cyclonedx`, `openvex`, `csaf`, `spdx3`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Cyclonedx => "cyclonedx",
            Format::Openvex => "openvex",
            Format::Csaf => "csaf",
            Format::Spdx3 => "spdx3",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// True if `s` looks like a package URL.
pub fn is_purl(s: &str) -> bool {
    s.len() > 4 && s[..4].eq_ignore_ascii_case("pkg:")
}

/// True if `s` looks like a CPE (2.2 URI or 2.3 formatted string).
pub fn is_cpe(s: &str) -> bool {
    s.starts_with("cpe:2.3:") || s.starts_with("cpe:/")
}

/// True if `s` is a URI or URN (`scheme://…` or `urn:…`), e.g. an SPDX element ID or a
/// CycloneDX BOM-Link: a global identifier in its own right. Purls and CPEs are not counted.
pub fn is_uri_id(s: &str) -> bool {
    !is_purl(s) && !is_cpe(s) && (s.contains("://") || s.starts_with("urn:"))
}

/// True if `s` is a CVE ID (`CVE-YYYY-NNNN…`).
pub fn is_cve(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("CVE-") else {
        return false;
    };
    let mut parts = rest.splitn(2, '-');
    let year = parts.next().unwrap_or("");
    let num = parts.next().unwrap_or("");
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && num.len() >= 4
        && num.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyclonedx_states_map_as_documented() {
        assert_eq!(Status::from_cyclonedx("resolved"), Some(Status::Fixed));
        assert_eq!(
            Status::from_cyclonedx("resolved_with_pedigree"),
            Some(Status::Fixed)
        );
        assert_eq!(
            Status::from_cyclonedx("exploitable"),
            Some(Status::Affected)
        );
        assert_eq!(
            Status::from_cyclonedx("in_triage"),
            Some(Status::UnderInvestigation)
        );
        assert_eq!(
            Status::from_cyclonedx("false_positive"),
            Some(Status::NotAffected)
        );
        assert_eq!(
            Status::from_cyclonedx("not_affected"),
            Some(Status::NotAffected)
        );
        assert_eq!(Status::from_cyclonedx("bogus"), None);
        for s in Status::ALL {
            assert_eq!(Status::from_cyclonedx(s.to_cyclonedx()), Some(s));
            assert_eq!(Status::from_csaf(s.to_csaf()), Some(s));
            assert_eq!(Status::from_openvex(s.as_str()), Some(s));
        }
    }

    #[test]
    fn justifications_round_trip_through_cyclonedx() {
        assert_eq!(
            Justification::from_cyclonedx("code_not_present"),
            Some(Justification::VulnerableCodeNotPresent)
        );
        assert_eq!(
            Justification::from_cyclonedx("protected_at_perimeter"),
            Some(Justification::InlineMitigationsAlreadyExist)
        );
        for j in Justification::ALL {
            assert_eq!(Justification::from_cyclonedx(j.to_cyclonedx()), Some(j));
            assert_eq!(Justification::from_openvex(j.as_str()), Some(j));
        }
        assert_eq!(
            Justification::from_spdx3("vulnerableCodeNotPresent"),
            Some(Justification::VulnerableCodeNotPresent)
        );
    }

    #[test]
    fn identifier_kinds() {
        assert!(is_cve("CVE-2024-12345"));
        assert!(!is_cve("CVE-24-1"));
        assert!(is_purl("pkg:npm/a@1"));
        assert!(is_cpe("cpe:2.3:a:v:p:1:*:*:*:*:*:*:*"));
    }
}
