//! A catalogue document as an OSCAL 1.2 `catalog`.

use std::collections::HashMap;

use cra62443_catalog::Catalog;
use cra62443_model::{Document, Kind, Requirement};
use serde_json::{Value, json};

use crate::{clean, metadata, prop, stable_uuid};

fn control_props(r: &Requirement) -> Vec<Value> {
    // `label` is a NIST prop: the display ID as printed in the source.
    let mut props = vec![json!({"name": "label", "value": clean(&r.reference)})];
    props.push(prop("kind", r.kind.as_str()));
    if let Some(fr) = r.fr {
        props.push(prop("fr", &fr.to_string()));
    }
    if let Some(practice) = r.practice {
        props.push(prop("practice", &practice.to_string()));
    }
    if let Some(sl) = r.sl {
        props.push(prop("security-level", &sl.to_string()));
    }
    if let Some(types) = &r.component_types {
        if types.is_empty() {
            props.push(prop("component-type", "all"));
        }
        for t in types {
            props.push(prop("component-type", t.prefix()));
        }
    }
    props.push(prop(
        "assessable",
        if r.assessable { "true" } else { "false" },
    ));
    props.push(prop("confidence", &r.confidence.to_string()));
    props.push(prop("edition", &r.edition));
    if let Some(a) = &r.amendment {
        props.push(prop("amendment", a));
    }
    for note in &r.amended_by {
        let action = match note.action {
            cra62443_model::AmendmentAction::Modified => "modified-by",
            cra62443_model::AmendmentAction::Deleted => "deleted-by",
        };
        props.push(prop(action, &note.amendment));
    }
    if let Some(d) = &r.deadline {
        props.push(prop("deadline", d));
    }
    if let Some(a) = &r.cra_anchor {
        props.push(prop("cra-anchor", a.as_str()));
    }
    props
}

fn parts(r: &Requirement) -> Vec<Value> {
    let mut parts = Vec::new();
    // The legal text (CRA) is the statement; for standards our own summary is the overview,
    // never the standard's text.
    if let Some(text) = &r.text {
        parts.push(json!({"id": format!("{}_smt", r.id.local()), "name": "statement", "prose": text.trim()}));
    }
    parts.push(json!({
        "id": format!("{}_ovw", r.id.local()),
        "name": "overview",
        "prose": r.summary.trim(),
        "props": [prop("content", "summary written by the cra62443 project")],
    }));
    if let Some(n) = &r.notes {
        parts.push(
            json!({"id": format!("{}_gdn", r.id.local()), "name": "guidance", "prose": n.trim()}),
        );
    }
    parts
}

/// Exports one document. Groups (FRs, practices, annex parts) become OSCAL groups, other
/// entries controls nested under their parent; SL, FR, component types and confidence are props
/// in the cra62443 namespace, the printed reference is the NIST `label` prop.
pub fn catalog(doc: &Document, catalog: &Catalog, last_modified: &str) -> Value {
    let entries: Vec<&Requirement> = catalog
        .entries()
        .iter()
        .filter(|e| e.document == doc.id)
        .collect();
    let mut children: HashMap<Option<String>, Vec<&Requirement>> = HashMap::new();
    for e in &entries {
        // A parent in another document does not nest here.
        let parent = e
            .parent
            .as_ref()
            .filter(|p| p.document() == doc.id)
            .map(|p| p.to_string());
        children.entry(parent).or_default().push(e);
    }

    fn build(
        r: &Requirement,
        children: &HashMap<Option<String>, Vec<&Requirement>>,
        as_control: bool,
    ) -> (bool, Value) {
        let kids = children
            .get(&Some(r.id.to_string()))
            .cloned()
            .unwrap_or_default();
        if r.kind == Kind::Group && !as_control {
            let mut group = json!({
                "id": r.id.local(),
                "title": clean(&r.title),
                "props": control_props(r),
                "parts": parts(r),
            });
            let (groups, controls): (Vec<_>, Vec<_>) = kids
                .iter()
                .map(|k| build(k, children, false))
                .partition(|(g, _)| *g);
            if !groups.is_empty() {
                group["groups"] = Value::Array(groups.into_iter().map(|(_, v)| v).collect());
            }
            if !controls.is_empty() {
                group["controls"] = Value::Array(controls.into_iter().map(|(_, v)| v).collect());
            }
            (true, group)
        } else {
            let mut control = json!({
                "id": r.id.local(),
                "class": r.kind.as_str(),
                "title": clean(&r.title),
                "props": control_props(r),
                "parts": parts(r),
            });
            // OSCAL has no group below a control: a group entry there becomes a control of
            // class `group`.
            let nested: Vec<Value> = kids.iter().map(|k| build(k, children, true).1).collect();
            if !nested.is_empty() {
                control["controls"] = Value::Array(nested);
            }
            (false, control)
        }
    }

    let top = children.get(&None).cloned().unwrap_or_default();
    let (groups, controls): (Vec<_>, Vec<_>) = top
        .iter()
        .map(|r| build(r, &children, false))
        .partition(|(g, _)| *g);
    let edition = doc.default_edition();
    let mut props = vec![
        prop("document", &doc.id),
        prop("edition", &edition.id),
        prop("edition-status", &edition.status.to_string()),
        prop(
            "text-policy",
            match doc.text_policy {
                cra62443_model::TextPolicy::LegalText => "legal-text",
                cra62443_model::TextPolicy::Summary => "summary",
            },
        ),
    ];
    for e in doc.editions.iter().filter(|e| e.amends.is_some()) {
        props.push(prop("amendment", &e.id));
    }
    let remarks = match doc.text_policy {
        cra62443_model::TextPolicy::LegalText => {
            "Statements quote the legal text of the Regulation; overviews are summaries written by the cra62443 project."
        }
        cra62443_model::TextPolicy::Summary => {
            "This standard is copyrighted: identifiers, titles and security levels only, with summaries written by the cra62443 project. The standard's requirement text is not included."
        }
    };
    let mut cat = json!({
        "uuid": stable_uuid(&format!("catalog/{}", doc.id)),
        "metadata": metadata(&format!("{} - {}", doc.short, doc.title), last_modified, Some(remarks), props),
    });
    if !groups.is_empty() {
        cat["groups"] = Value::Array(groups.into_iter().map(|(_, v)| v).collect());
    }
    if !controls.is_empty() {
        cat["controls"] = Value::Array(controls.into_iter().map(|(_, v)| v).collect());
    }
    json!({ "catalog": cat })
}
