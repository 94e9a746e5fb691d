//! Licensed-text overlays: the user's own file of full requirement texts.
//!
//! The project never ships standard text. A user who holds a licence can keep the texts in a
//! YAML file and point cra62443 at it; every view of an entry then shows the text, marked with
//! the overlay's source.

use std::collections::BTreeMap;
use std::path::Path;

use crate::catalog::{Catalog, ResolveError};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::raw::RawOverlay;

/// The schema tag of overlay files.
pub const OVERLAY_SCHEMA: &str = "cra62443/overlay/v1";

/// A validated overlay: global ID -> text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    /// Where the texts come from (edition, licence).
    pub source: String,
    /// Texts keyed by global ID.
    pub texts: BTreeMap<String, String>,
}

impl Overlay {
    /// Reads and validates an overlay file against the catalogue: every key must resolve to
    /// exactly one entry.
    pub fn load(path: &Path, catalog: &Catalog) -> Result<Self, Diagnostics> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostics(vec![Diagnostic::file(
                &name,
                format!("cannot read overlay file: {e}"),
            )])
        })?;
        Self::parse(&name, &text, catalog)
    }

    /// Parses overlay text (see [`Overlay::load`]).
    pub fn parse(name: &str, text: &str, catalog: &Catalog) -> Result<Self, Diagnostics> {
        let raw: RawOverlay = serde_saphyr::from_str(text).map_err(|error| {
            let (line, column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
            Diagnostics(vec![Diagnostic::at(
                name,
                text,
                line,
                column,
                None,
                format!(
                    "not a valid overlay file (expected `schema`, `source` and a `texts` list of {{id, text}}): {}",
                    error.to_string().lines().next().unwrap_or_default().trim()
                ),
            )])
        })?;
        let mut diagnostics = Vec::new();
        if raw.schema.value != OVERLAY_SCHEMA {
            diagnostics.push(Diagnostic::at(
                name,
                text,
                raw.schema.referenced.line(),
                raw.schema.referenced.column(),
                Some("schema".into()),
                format!("expected `{OVERLAY_SCHEMA}`, found `{}`", raw.schema.value),
            ));
        }
        let mut texts = BTreeMap::new();
        for (i, entry) in raw.texts.iter().enumerate() {
            let at = |message: String| {
                Diagnostic::at(
                    name,
                    text,
                    entry.id.referenced.line(),
                    entry.id.referenced.column(),
                    Some(format!("texts[{i}].id")),
                    message,
                )
            };
            match catalog.resolve(&entry.id.value) {
                Ok(requirement) => {
                    if texts
                        .insert(requirement.id.to_string(), entry.text.trim().to_string())
                        .is_some()
                    {
                        diagnostics.push(at(format!("a second text for `{}`", requirement.id)));
                    }
                }
                Err(e @ (ResolveError::Unknown { .. } | ResolveError::Ambiguous { .. })) => {
                    diagnostics.push(at(e.to_string()));
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(Self {
                source: raw.source,
                texts,
            })
        } else {
            Err(Diagnostics(diagnostics))
        }
    }
}
