//! Amendments as overlays: a file that adds, modifies or deletes entries of one edition of a
//! catalogue document (e.g. EN IEC 62443-4-2:2019/A11:2026).
//!
//! Added entries become entries of the amendment's edition, so they are hidden unless the
//! amendment is requested (`--with-amendments a11`). Modifications and deletions are recorded on
//! the existing entries; with the amendment active, deleted entries drop out of listings.

use std::collections::HashMap;
use std::sync::Arc;

use cra62443_model::{AmendmentAction, AmendmentNote, Edition};

use crate::diagnostic::Diagnostic;
use crate::load::{Ctx, ParsedDocument, SourceFile, validate_entry};
use crate::raw::{RawAmendmentFile, RawChange};

/// The schema tag of amendment files.
pub const AMENDMENT_SCHEMA: &str = "cra62443/amendment/v1";

/// A change to record on an existing entry once all entries are linked.
pub(crate) struct PendingNote {
    pub id: String,
    pub note: AmendmentNote,
}

/// Applies one amendment file to the parsed documents. Problems go to `diagnostics`.
pub(crate) fn apply_amendment(
    source: &SourceFile,
    documents: &mut [ParsedDocument],
    diagnostics: &mut Vec<Diagnostic>,
    notes: &mut Vec<PendingNote>,
) {
    let raw: RawAmendmentFile = match serde_saphyr::from_str(&source.text) {
        Ok(raw) => raw,
        Err(error) => {
            diagnostics.push(Diagnostic::yaml(
                &source.name,
                &source.text,
                &error,
                "not a valid amendment file",
            ));
            return;
        }
    };
    let mut ctx = Ctx {
        file: &source.name,
        text: &source.text,
        diagnostics,
    };
    if raw.schema.value != AMENDMENT_SCHEMA {
        ctx.error(
            &raw.schema,
            "schema".into(),
            format!(
                "expected `{AMENDMENT_SCHEMA}`, found `{}`",
                raw.schema.value
            ),
        );
        return;
    }
    let header = &raw.amendment;
    let Some(parsed) = documents
        .iter_mut()
        .find(|d| d.document.id == header.document.value)
    else {
        let known: Vec<&str> = documents.iter().map(|d| d.document.id.as_str()).collect();
        ctx.error(
            &header.document,
            "amendment.document".into(),
            format!(
                "unknown document `{}`: expected one of {}",
                header.document.value,
                known.join(", ")
            ),
        );
        return;
    };
    if parsed.document.edition(&header.amends.value).is_none() {
        ctx.error(
            &header.amends,
            "amendment.amends".into(),
            format!(
                "document `{}` has no edition `{}`",
                parsed.document.id, header.amends.value
            ),
        );
        return;
    }
    if parsed.document.edition(&header.id.value).is_some() {
        ctx.error(
            &header.id,
            "amendment.id".into(),
            format!(
                "document `{}` already has an edition `{}`",
                parsed.document.id, header.id.value
            ),
        );
        return;
    }
    parsed.document.editions.push(Edition {
        id: header.id.value.clone(),
        name: header.name.clone(),
        status: header.status,
        default: false,
        amends: Some(header.amends.value.clone()),
        notes: Some(
            format!(
                "{} Source: {}",
                header.notes.as_deref().unwrap_or(""),
                header.source
            )
            .trim()
            .to_string(),
        ),
    });

    // Added entries: validated like catalogue entries, with the amendment's defaults.
    let mut document = parsed.document.clone();
    document.confidence = header.confidence;
    document.source = header.source.clone();
    let existing: HashMap<String, u64> = parsed
        .entries
        .iter()
        .map(|e| (e.requirement.id.local().to_string(), e.line))
        .collect();
    let file: Arc<str> = source.name.as_str().into();
    let text: Arc<str> = source.text.as_str().into();
    for (index, raw_entry) in raw.adds.into_iter().enumerate() {
        if let Some(line) = existing.get(&raw_entry.id.value) {
            ctx.error(
                &raw_entry.id,
                format!("adds[{index}].id"),
                format!(
                    "`{}:{}` already exists in the base document ({} line {line}); an amendment adds new IDs, use `modifies` to change one",
                    document.id, raw_entry.id.value, parsed.file
                ),
            );
            continue;
        }
        if let Some(mut entry) =
            validate_entry(&mut ctx, &document, &header.id.value, index, raw_entry)
        {
            entry.file = file.clone();
            entry.text = text.clone();
            parsed.entries.push(entry);
        }
    }
    let mut record =
        |ctx: &mut Ctx<'_>, list: &[RawChange], action: AmendmentAction, field: &str| {
            for (index, change) in list.iter().enumerate() {
                if !existing.contains_key(&change.id.value) {
                    ctx.error(
                        &change.id,
                        format!("{field}[{index}].id"),
                        format!("`{}` is not an entry of `{}`", change.id.value, document.id),
                    );
                    continue;
                }
                notes.push(PendingNote {
                    id: format!("{}:{}", document.id, change.id.value),
                    note: AmendmentNote {
                        amendment: header.id.value.clone(),
                        action,
                        change: change.change.trim().to_string(),
                        confidence: change.confidence.unwrap_or(header.confidence),
                        source: change
                            .source
                            .clone()
                            .unwrap_or_else(|| header.source.clone()),
                    },
                });
            }
        };
    record(
        &mut ctx,
        &raw.modifies,
        AmendmentAction::Modified,
        "modifies",
    );
    record(&mut ctx, &raw.deletes, AmendmentAction::Deleted, "deletes");
}
