//! The normalised advisory model every importer produces and the matcher evaluates.

use serde::{Deserialize, Serialize};

/// One advisory: an OSV record or a CVE JSON 5 record, normalised.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    /// The advisory ID (`RUSTSEC-…`, `PYSEC-…`, `OSV-…`, `GHSA-…`, `CVE-…`).
    pub id: String,
    /// Other IDs of the same vulnerability (OSV `aliases`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One-line summary (OSV `summary`, else the start of `details`; CVE title or description).
    #[serde(default)]
    pub summary: Option<String>,
    /// Publication time as written in the source.
    #[serde(default)]
    pub published: Option<String>,
    /// Last modification time as written in the source.
    #[serde(default)]
    pub modified: Option<String>,
    /// Withdrawal time (OSV `withdrawn`; CVE records in state `REJECTED` get their update time).
    #[serde(default)]
    pub withdrawn: Option<String>,
    /// Informational kind (`unmaintained`, `unsound`, `notice` …) from `database_specific`
    /// (RustSec): such advisories are not vulnerabilities and are reported separately.
    #[serde(default)]
    pub informational: Option<String>,
    /// Severity vectors.
    #[serde(default)]
    pub severity: Vec<Severity>,
    /// Affected packages (OSV).
    #[serde(default)]
    pub affected: Vec<Affected>,
    /// CPE applicability (CVE JSON 5 `affected[].cpes` with version bounds).
    #[serde(default)]
    pub cpe_applicability: Vec<CpeMatch>,
    /// Where the advisory was imported from (`osv`, `cve5`; with the archive or folder name).
    #[serde(default)]
    pub source: String,
}

impl Advisory {
    /// The ID followed by its aliases.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The highest-scoring severity whose vector the `cvss` crate could score, else the first
    /// severity entry.
    pub fn top_severity(&self) -> Option<&Severity> {
        self.severity
            .iter()
            .filter(|s| s.score.is_some())
            .max_by(|a, b| {
                a.score
                    .partial_cmp(&b.score)
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .or_else(|| self.severity.first())
    }
}

/// A severity entry: a CVSS vector and, where the `cvss` crate can compute it, its base score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Severity {
    /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4` or the source's own type name.
    pub kind: String,
    /// The vector string as written.
    pub vector: String,
    /// Base score (CVSS 3.0, 3.1 and 4.0 vectors; `None` for others or invalid vectors).
    pub score: Option<f64>,
    /// Qualitative rating for the score (`none`, `low`, `medium`, `high`, `critical`).
    pub rating: Option<String>,
}

impl Severity {
    /// A severity entry with the score computed from `vector` by the `cvss` crate.
    pub fn from_vector(kind: &str, vector: &str) -> Severity {
        let parsed = vector.trim().parse::<cvss::Cvss>().ok();
        Severity {
            kind: kind.to_string(),
            vector: vector.trim().to_string(),
            score: parsed.as_ref().map(|c| c.score()),
            rating: parsed.as_ref().map(|c| c.severity().as_str().to_string()),
        }
    }
}

/// One affected package of an OSV record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Affected {
    /// The OSV ecosystem exactly as written (`crates.io`, `PyPI`, `Debian:12`, `OSS-Fuzz` …).
    pub ecosystem: String,
    /// Package name as written.
    pub name: String,
    /// The package purl, if the record gives one.
    #[serde(default)]
    pub purl: Option<String>,
    /// Version ranges.
    #[serde(default)]
    pub ranges: Vec<Range>,
    /// Explicitly enumerated affected versions.
    #[serde(default)]
    pub versions: Vec<String>,
}

/// An OSV range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Range {
    /// The range type.
    pub kind: RangeKind,
    /// Repository of a `GIT` range.
    #[serde(default)]
    pub repo: Option<String>,
    /// Events in source order (the evaluator sorts them).
    pub events: Vec<Event>,
}

/// OSV range types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RangeKind {
    /// SemVer 2.0 ordering.
    Semver,
    /// The ecosystem's own ordering.
    Ecosystem,
    /// Git commits: evaluated offline only through the enumerated `versions`.
    Git,
}

/// An OSV range event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// Versions from here on are affected (`"0"`: from the beginning).
    Introduced(String),
    /// Versions from here on are not affected.
    Fixed(String),
    /// This version is the last affected one (inclusive).
    LastAffected(String),
    /// Upper bound of the range: versions at or above it are outside the range.
    Limit(String),
}

impl Event {
    /// The version the event names.
    pub fn version(&self) -> &str {
        match self {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        }
    }
}

/// A CPE applicability statement: a CPE 2.3 criteria string and optional version bounds, as
/// in NVD configurations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CpeMatch {
    /// A CPE 2.3 formatted string (`cpe:2.3:a:vendor:product:version:…`).
    pub criteria: String,
    /// Lowest affected version (inclusive).
    #[serde(default)]
    pub version_start_including: Option<String>,
    /// Lowest affected version (exclusive).
    #[serde(default)]
    pub version_start_excluding: Option<String>,
    /// Highest affected version (inclusive).
    #[serde(default)]
    pub version_end_including: Option<String>,
    /// Highest affected version (exclusive): the first fixed version.
    #[serde(default)]
    pub version_end_excluding: Option<String>,
    /// Versions inside the bounds that are not affected: the `unaffected` entries (and
    /// `changes` to `unaffected`) of a CVE JSON 5 record, typically stable-branch backports
    /// under `defaultStatus: affected`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<VersionSpan>,
    /// Why this statement applies although the record did not write it as such (a CPE taken
    /// over from another entry of the same record); shown in the finding's evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A version interval with an inclusive start and an exclusive or inclusive end; a missing
/// bound is open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VersionSpan {
    /// Lowest version in the span (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_including: Option<String>,
    /// First version above the span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_excluding: Option<String>,
    /// Highest version in the span (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_including: Option<String>,
}

impl std::fmt::Display for VersionSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let start = self.start_including.as_deref().unwrap_or("0");
        match (&self.end_excluding, &self.end_including) {
            (Some(e), _) => write!(f, "[{start}, {e})"),
            (None, Some(e)) => write!(f, "[{start}, {e}]"),
            (None, None) => write!(f, "[{start}, ∞)"),
        }
    }
}

/// A CISA Known Exploited Vulnerabilities entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KevEntry {
    /// The CVE ID.
    pub cve: String,
    /// When CISA added it to the catalogue (`YYYY-MM-DD`).
    pub date_added: String,
    /// `knownRansomwareCampaignUse` (`Known` / `Unknown`).
    pub known_ransomware_campaign_use: Option<String>,
}

/// An ENISA EU Vulnerability Database (EUVD) record as far as matching needs it: its EUVD ID,
/// the CVE IDs it aliases and, for exploited vulnerabilities (the EU KEV list), since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EuvdEntry {
    /// The EUVD ID (`EUVD-2025-12345`).
    pub euvd: String,
    /// CVE IDs among the record's aliases.
    pub cves: Vec<String>,
    /// When exploitation was first known (`YYYY-MM-DD`); `None` when the record does not say
    /// it is exploited.
    pub exploited_since: Option<String>,
    /// The record's `originSource` (for example `CRA` for a vulnerability notified under
    /// Art. 14 of the Cyber Resilience Act), when given.
    pub origin: Option<String>,
}
