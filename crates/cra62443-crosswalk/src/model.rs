//! Validated mapping sets and rows.

use std::fmt;

use cra62443_model::{Confidence, RequirementId};
use serde::Serialize;

/// How a source requirement relates to a target requirement. A closed set: the seed's two
/// marks plus the NIST IR 8477 / OSCAL set relations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// The target addresses the source directly (the seed's X).
    Correspondence,
    /// The target contributes but does not fulfil the source alone (the seed's S).
    Supplemental,
    /// Same intent and scope.
    EquivalentTo,
    /// The source is narrower than the target.
    SubsetOf,
    /// The source is wider than the target.
    SupersetOf,
    /// Overlap, neither contains the other.
    IntersectsWith,
}

impl Relation {
    /// Every relation, in the order of the documentation.
    pub const ALL: [Relation; 6] = [
        Self::Correspondence,
        Self::Supplemental,
        Self::EquivalentTo,
        Self::SubsetOf,
        Self::SupersetOf,
        Self::IntersectsWith,
    ];

    /// The name used in data and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Correspondence => "correspondence",
            Self::Supplemental => "supplemental",
            Self::EquivalentTo => "equivalent-to",
            Self::SubsetOf => "subset-of",
            Self::SupersetOf => "superset-of",
            Self::IntersectsWith => "intersects-with",
        }
    }

    /// Parses a relation name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the relation contributes to covering the source (everything but supplemental).
    pub fn contributes(self) -> bool {
        self != Self::Supplemental
    }

    /// The relation seen from the target's side (`subset-of` ↔ `superset-of`).
    pub fn inverse(self) -> Self {
        match self {
            Self::SubsetOf => Self::SupersetOf,
            Self::SupersetOf => Self::SubsetOf,
            other => other,
        }
    }

    /// The nearest NIST/OSCAL relationship token.
    pub fn oscal(self) -> &'static str {
        match self {
            Self::Correspondence | Self::Supplemental | Self::IntersectsWith => "intersects-with",
            Self::EquivalentTo => "equivalent-to",
            Self::SubsetOf => "subset-of",
            Self::SupersetOf => "superset-of",
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who stands behind a mapping set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Author {
    /// Derived by the cra62443 project: content of ours, never the official mapping.
    DerivedByThisProject,
    /// Cited from a named source (the citation says which).
    Cited,
}

/// A target document and edition of a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetEdition {
    /// Document ID.
    pub document: String,
    /// Edition token.
    pub edition: String,
}

/// What a row says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum RowKind {
    /// `source relation target`.
    Relation {
        /// Target entry.
        target: RequirementId,
        /// The relation.
        relation: Relation,
    },
    /// The source (or a part of it) has no adequate target.
    Gap {
        /// What is missing, in our own words.
        statement: String,
        /// The part of the source not covered; `None` = the whole item.
        #[serde(skip_serializing_if = "Option::is_none")]
        part: Option<String>,
        /// Amendment entries that close the gap when present.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        closed_by: Vec<RequirementId>,
    },
}

/// One row of a mapping set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Source entry.
    pub source: RequirementId,
    /// Relation or gap.
    #[serde(flatten)]
    pub kind: RowKind,
    /// Why, in our own words (or the cited source's, condensed).
    pub rationale: String,
    /// Confidence of the row.
    pub confidence: Confidence,
    /// Provenance of the row, e.g. the seed slide it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// 1-based line in the data file.
    #[serde(skip)]
    pub line: u64,
}

/// A validated mapping set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappingSet {
    /// Stable set ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Source document.
    pub source_document: String,
    /// Source edition.
    pub source_edition: String,
    /// Target documents and editions.
    pub targets: Vec<TargetEdition>,
    /// Who stands behind it.
    pub author: Author,
    /// Full citation for cited sets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// OSCAL provenance method (`human`, `automation`, `hybrid`).
    pub method: String,
    /// OSCAL matching rationale (`syntactic`, `semantic`, `functional`).
    pub matching_rationale: String,
    /// `draft` or `complete`.
    pub status: String,
    /// Description of the set and how rows were judged.
    pub description: String,
    /// Rows in file order.
    pub rows: Vec<Row>,
    /// The data file.
    pub file: String,
}

impl MappingSet {
    /// Whether the set maps into `document`.
    pub fn targets_document(&self, document: &str) -> bool {
        self.targets.iter().any(|t| t.document == document)
    }
}
