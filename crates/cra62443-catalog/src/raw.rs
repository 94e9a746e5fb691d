//! The data files as written, with source locations, before validation.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A catalogue file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub schema: Spanned<String>,
    pub document: RawDocument,
    #[serde(default)]
    pub requirements: Vec<RawEntry>,
}

/// The `document:` header.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDocument {
    pub id: Spanned<String>,
    pub title: String,
    pub short: String,
    pub publisher: String,
    pub text_policy: cra62443_model::TextPolicy,
    pub confidence: cra62443_model::Confidence,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
    pub editions: Spanned<Vec<RawEdition>>,
    #[serde(default)]
    pub levels: Vec<cra62443_model::LevelDefinition>,
    #[serde(default)]
    pub expected_counts: Vec<Spanned<RawExpectedCount>>,
    #[serde(default)]
    pub key_dates: Vec<Spanned<RawKeyDate>>,
    #[serde(default)]
    pub conformity_routes: Vec<Spanned<RawRoute>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEdition {
    pub id: Spanned<String>,
    pub name: String,
    pub status: cra62443_model::EditionStatus,
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    pub amends: Option<Spanned<String>>,
    /// Publication date, informative only.
    #[serde(default)]
    #[allow(dead_code)]
    pub date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExpectedCount {
    pub kind: cra62443_model::Kind,
    #[serde(default)]
    pub edition: Option<String>,
    pub count: usize,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawKeyDate {
    pub date: Spanned<String>,
    pub event: String,
    pub basis: String,
    pub confidence: cra62443_model::Confidence,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRoute {
    pub class: Spanned<String>,
    #[serde(default)]
    pub applies_when: Option<Spanned<String>>,
    pub condition: String,
    pub modules: Vec<Spanned<String>>,
    pub basis: String,
    #[serde(default)]
    pub notes: Option<String>,
}

/// One entry of `requirements:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEntry {
    pub id: Spanned<String>,
    #[serde(rename = "ref")]
    pub reference: Spanned<String>,
    pub title: Spanned<String>,
    pub kind: Spanned<String>,
    #[serde(default)]
    pub parent: Option<Spanned<String>>,
    #[serde(default)]
    pub fr: Option<Spanned<i64>>,
    #[serde(default)]
    pub practice: Option<Spanned<i64>>,
    #[serde(default)]
    pub sl: Option<Spanned<i64>>,
    #[serde(default)]
    pub component_types: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub assessable: Option<bool>,
    #[serde(default)]
    pub summary: Option<Spanned<String>>,
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    #[serde(default)]
    pub confidence: Option<Spanned<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub edition: Option<Spanned<String>>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    #[serde(default)]
    pub deadline: Option<Spanned<String>>,
    #[serde(default)]
    pub cra_anchor: Option<Spanned<String>>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

/// A licensed-text overlay file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOverlay {
    pub schema: Spanned<String>,
    pub source: String,
    pub texts: Vec<RawOverlayText>,
}

/// One overlay text. A list rather than a map so that every key keeps its line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOverlayText {
    pub id: Spanned<String>,
    pub text: String,
}

/// An amendment file: additions, modifications and deletions to one edition of a document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAmendmentFile {
    pub schema: Spanned<String>,
    pub amendment: RawAmendment,
    #[serde(default)]
    pub adds: Vec<RawEntry>,
    #[serde(default)]
    pub modifies: Vec<RawChange>,
    #[serde(default)]
    pub deletes: Vec<RawChange>,
}

/// The `amendment:` header.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAmendment {
    pub id: Spanned<String>,
    pub document: Spanned<String>,
    pub amends: Spanned<String>,
    pub name: String,
    pub status: cra62443_model::EditionStatus,
    pub confidence: cra62443_model::Confidence,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A modification or deletion of an existing entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChange {
    pub id: Spanned<String>,
    pub change: String,
    #[serde(default)]
    pub confidence: Option<cra62443_model::Confidence>,
    #[serde(default)]
    pub source: Option<String>,
}

/// Just enough of any data file to know what it is.
#[derive(Debug, Deserialize)]
pub(crate) struct RawHead {
    #[serde(default)]
    pub schema: Option<String>,
    #[serde(default)]
    pub document: Option<RawHeadId>,
    #[serde(default)]
    pub amendment: Option<RawHeadAmendment>,
    #[serde(default)]
    pub mapping_set: Option<RawHeadId>,
    #[serde(default)]
    pub profile: Option<RawHeadId>,
    #[serde(default)]
    pub vocabulary: Option<RawHeadId>,
    #[serde(default)]
    pub evaluation: Option<RawHeadId>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawHeadId {
    pub id: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawHeadAmendment {
    pub id: String,
    pub document: String,
}
