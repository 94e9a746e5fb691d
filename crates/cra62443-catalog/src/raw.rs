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
