//! A mapping set as an OSCAL 1.2 `mapping-collection`.

use cra62443_catalog::Catalog;
use cra62443_crosswalk::{Author, MappingSet, RowKind};
use serde_json::{Value, json};

use crate::{NS, clean, metadata, prop, stable_uuid};

/// Exports one mapping set. One OSCAL `mapping` per target document; each relation row is a
/// `map` (our richer relation kept as a prop next to the nearest NIST relationship); partial
/// gap statements (partial or whole) become `gap` props of the mapping. No `source-gap-summary`
/// is written: oscal-validate 0.5.0 resolves its `with-ids` only against imported documents and
/// does not follow a mapping's `source-resource`, so every such ID would be reported unresolved. Catalogues are referenced through back-matter resources that point at
/// the OSCAL catalogs `cra62443 export` writes (`<document>.catalog.json`).
///
/// Fails when the set has no relation row at all (OSCAL needs at least one `map`).
pub fn mapping_collection(
    set: &MappingSet,
    catalog: &Catalog,
    last_modified: &str,
) -> Result<Value, String> {
    let local = |id: &cra62443_model::RequirementId| id.local().to_string();
    let mut documents: Vec<String> = vec![set.source_document.clone()];
    documents.extend(set.targets.iter().map(|t| t.document.clone()));
    let resource_uuid = |doc: &str| stable_uuid(&format!("catalog/{doc}"));

    let mut mappings = Vec::new();
    for target in &set.targets {
        let mut maps = Vec::new();
        let mut partial_gaps = Vec::new();
        for row in &set.rows {
            match &row.kind {
                RowKind::Relation {
                    target: t,
                    relation,
                } if t.document() == target.document => {
                    let mut map = json!({
                        "uuid": stable_uuid(&format!("map/{}/{}/{}", set.id, row.source, t)),
                        "relationship": relation.oscal(),
                        "sources": [{"type": "control", "id-ref": local(&row.source)}],
                        "targets": [{"type": "control", "id-ref": local(t)}],
                        "props": [
                            prop("relation", relation.as_str()),
                            prop("confidence", &row.confidence.to_string()),
                        ],
                        "remarks": row.rationale.trim(),
                    });
                    if let Some(origin) = &row.origin {
                        map["props"]
                            .as_array_mut()
                            .expect("props is an array")
                            .push(prop("origin", &clean(origin)));
                    }
                    maps.push(map);
                }
                RowKind::Gap {
                    statement, part, ..
                } => {
                    let label = match part {
                        Some(p) => format!(
                            "{} [{}]: {}",
                            local(&row.source),
                            clean(p),
                            clean(statement)
                        ),
                        None => format!("{}: {}", local(&row.source), clean(statement)),
                    };
                    partial_gaps.push(prop("gap", &label));
                }
                _ => {}
            }
        }
        if maps.is_empty() {
            // OSCAL requires at least one map; a set with only gaps against a target says so.
            continue;
        }
        let mut mapping = json!({
            "uuid": stable_uuid(&format!("mapping/{}/{}", set.id, target.document)),
            "source-resource": {"type": "catalog", "href": format!("#{}", resource_uuid(&set.source_document))},
            "target-resource": {"type": "catalog", "href": format!("#{}", resource_uuid(&target.document))},
            "maps": maps,
        });
        if !partial_gaps.is_empty() {
            mapping["props"] = Value::Array(partial_gaps);
        }
        mappings.push(mapping);
    }

    let resources: Vec<Value> = documents
        .iter()
        .filter_map(|doc| catalog.document(doc))
        .map(|d| {
            json!({
                "uuid": resource_uuid(&d.id),
                "title": format!("{} ({})", d.short, d.title),
                "props": [prop("document", &d.id)],
                "rlinks": [{"href": format!("{}.catalog.json", d.id), "media-type": "application/oscal.catalog+json"}],
            })
        })
        .collect();
    let author = match set.author {
        Author::DerivedByThisProject => "derived-by-this-project",
        Author::Cited => "cited",
    };
    let mut props = vec![prop("mapping-set", &set.id), prop("author", author)];
    if let Some(c) = &set.citation {
        props.push(prop("citation", &clean(c)));
    }
    let remarks = if set.author == Author::DerivedByThisProject {
        "Derived by the cra62443 project; not the official mapping of any harmonised standard."
    } else {
        "Cited source, condensed and re-worded by the cra62443 project; see the citation prop."
    };
    if mappings.is_empty() {
        return Err(format!(
            "mapping set `{}` has no relation rows: OSCAL needs at least one map",
            set.id
        ));
    }
    Ok(json!({
        "mapping-collection": {
            "uuid": stable_uuid(&format!("mapping-collection/{}", set.id)),
            "metadata": metadata(&set.title, last_modified, Some(remarks), props),
            "provenance": {
                "method": set.method,
                "matching-rationale": set.matching_rationale,
                "status": set.status,
                "mapping-description": set.description,
                "props": [{"name": "namespace", "value": "cra62443", "ns": NS}],
            },
            "mappings": mappings,
            "back-matter": {"resources": resources},
        }
    }))
}
