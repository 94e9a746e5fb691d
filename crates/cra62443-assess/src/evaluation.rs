//! Evaluation data (`data/evaluation/*.yaml`): activities, artefacts, applicability conditions
//! and acceptance criteria per level, derived by this project (format: docs/evaluation-format.md).

use std::collections::{BTreeMap, HashMap};

use cra62443_catalog::{Catalog, Diagnostic, Diagnostics, SourceFile};
use cra62443_model::{Confidence, RequirementId};
use cra62443_profile::Condition;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// The schema tag of evaluation files.
pub const EVALUATION_SCHEMA: &str = "cra62443/evaluation/v1";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[allow(dead_code)]
    schema: String,
    evaluation: RawHead,
    #[serde(default)]
    activities: Vec<Activity>,
    #[serde(default)]
    criteria: Vec<RawCriterion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    // `id`, `title` and `method` are part of the documented format (and kept by
    // `deny_unknown_fields`); the loader needs only the document and the defaults.
    #[allow(dead_code)]
    id: String,
    document: Spanned<String>,
    #[allow(dead_code)]
    title: String,
    #[serde(default)]
    #[allow(dead_code)]
    method: Option<String>,
    confidence: Confidence,
    source: String,
}

/// An evaluation activity (TS 62443-6-2 EA-n or an activity of our own).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Token (`ea-3`).
    pub id: String,
    /// Step 1 or 2 (when known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u8>,
    /// Title.
    pub title: String,
    /// Own-words summary.
    pub summary: String,
    /// Confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    requirement: Spanned<String>,
    #[serde(default)]
    applicability: Option<Spanned<String>>,
    #[serde(default)]
    not_applicable_when: Option<String>,
    #[serde(default)]
    artefacts: Vec<String>,
    #[serde(default)]
    activities: Vec<Spanned<String>>,
    #[serde(default)]
    acceptance: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    not_sufficient: Vec<String>,
    #[serde(default)]
    rationale: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    confidence: Option<Confidence>,
}

/// How one requirement is evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    /// The requirement.
    pub requirement: RequirementId,
    /// Applicability condition over the product's facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicability: Option<Condition>,
    /// When it may be N/A.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable_when: Option<String>,
    /// Artefacts to bring.
    pub artefacts: Vec<String>,
    /// Evaluation activities.
    pub activities: Vec<String>,
    /// Acceptance criteria per level key (`sl1`…`sl4`, `ml1`…`ml4`, `any`).
    pub acceptance: BTreeMap<String, Vec<String>>,
    /// What is explicitly not accepted.
    pub not_sufficient: Vec<String>,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// Source.
    pub source: String,
    /// Confidence.
    pub confidence: Confidence,
}

impl Criterion {
    /// Acceptance criteria up to and including `level` for a key prefix (`sl` or `ml`),
    /// cumulative, without the "N/A" placeholders of lower levels.
    pub fn acceptance_up_to(&self, prefix: &str, level: u8) -> Vec<String> {
        let mut out = Vec::new();
        for l in 1..=level.min(4) {
            if let Some(items) = self.acceptance.get(&format!("{prefix}{l}")) {
                out.extend(items.iter().filter(|i| !i.starts_with("N/A")).cloned());
            }
        }
        if let Some(items) = self.acceptance.get("any") {
            out.extend(items.iter().cloned());
        }
        out
    }
}

/// All evaluation data.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Activities by ID.
    pub activities: BTreeMap<String, Activity>,
    /// Criteria by requirement ID.
    pub criteria: HashMap<String, Criterion>,
}

impl Evaluation {
    /// Loads every evaluation file among `sources`.
    pub fn from_sources(
        catalog: &Catalog,
        capabilities: &[String],
        sources: &[SourceFile],
    ) -> Result<Self, Diagnostics> {
        let mut diagnostics = Vec::new();
        let mut out = Self::default();
        for source in sources
            .iter()
            .filter(|s| s.schema().as_deref() == Some(EVALUATION_SCHEMA))
        {
            let raw: RawFile = match serde_saphyr::from_str(&source.text) {
                Ok(r) => r,
                Err(error) => {
                    diagnostics.push(Diagnostic::yaml(
                        &source.name,
                        &source.text,
                        &error,
                        "not a valid evaluation file",
                    ));
                    continue;
                }
            };
            let at = |s: &Spanned<String>, field: String, message: String| {
                Diagnostic::at(
                    &source.name,
                    &source.text,
                    s.referenced.line(),
                    s.referenced.column(),
                    Some(field),
                    message,
                )
            };
            if catalog.document(&raw.evaluation.document.value).is_none() {
                diagnostics.push(at(
                    &raw.evaluation.document,
                    "evaluation.document".into(),
                    format!("unknown document `{}`", raw.evaluation.document.value),
                ));
                continue;
            }
            for a in raw.activities {
                out.activities.insert(a.id.clone(), a);
            }
            for (i, c) in raw.criteria.into_iter().enumerate() {
                let Some(entry) = catalog.get(&c.requirement.value) else {
                    diagnostics.push(at(
                        &c.requirement,
                        format!("criteria[{i}].requirement"),
                        format!("unknown requirement ID `{}`", c.requirement.value),
                    ));
                    continue;
                };
                let applicability = match &c.applicability {
                    None => None,
                    Some(a) => match Condition::parse(&a.value, capabilities) {
                        Ok(cond) => Some(cond),
                        Err(e) => {
                            diagnostics.push(at(
                                a,
                                format!("criteria[{i}].applicability"),
                                format!("invalid condition `{}`: {e}", a.value),
                            ));
                            continue;
                        }
                    },
                };
                for key in c.acceptance.keys() {
                    let ok = matches!(
                        key.as_str(),
                        "sl1" | "sl2" | "sl3" | "sl4" | "ml1" | "ml2" | "ml3" | "ml4" | "any"
                    );
                    if !ok {
                        diagnostics.push(at(
                            &c.requirement,
                            format!("criteria[{i}].acceptance.{key}"),
                            format!("unknown level key `{key}`: expected sl1-sl4, ml1-ml4 or any"),
                        ));
                    }
                }
                if out.criteria.contains_key(entry.id.as_str()) {
                    diagnostics.push(at(
                        &c.requirement,
                        format!("criteria[{i}].requirement"),
                        format!("a second criterion for `{}`", entry.id),
                    ));
                    continue;
                }
                out.criteria.insert(
                    entry.id.to_string(),
                    Criterion {
                        requirement: entry.id.clone(),
                        applicability,
                        not_applicable_when: c.not_applicable_when,
                        artefacts: c.artefacts,
                        activities: c.activities.iter().map(|a| a.value.clone()).collect(),
                        acceptance: c.acceptance,
                        not_sufficient: c.not_sufficient,
                        rationale: c.rationale,
                        source: c.source.unwrap_or_else(|| raw.evaluation.source.clone()),
                        confidence: c.confidence.unwrap_or(raw.evaluation.confidence),
                    },
                );
            }
        }
        // Activities referenced must exist (checked after all files are read).
        for c in out.criteria.values() {
            for a in &c.activities {
                if !out.activities.contains_key(a) {
                    diagnostics.push(Diagnostic::file(
                        "data/evaluation",
                        format!(
                            "criterion for `{}` refers to unknown activity `{a}`",
                            c.requirement
                        ),
                    ));
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(out)
        } else {
            Err(Diagnostics(diagnostics))
        }
    }

    /// The criterion for a requirement.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.get(id)
    }
}
