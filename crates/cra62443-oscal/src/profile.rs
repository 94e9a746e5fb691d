//! Profiles as OSCAL 1.2 `profile` documents, and resolved profiles as `catalog`s.

use std::collections::{BTreeMap, HashMap};

use cra62443_catalog::Catalog;
use cra62443_profile::{Profile, Resolved};
use serde_json::{Value, json};

use crate::{clean, metadata, prop, stable_uuid};

fn catalog_resource(catalog: &Catalog, doc: &str) -> Option<Value> {
    let d = catalog.document(doc)?;
    Some(json!({
        "uuid": stable_uuid(&format!("catalog/{doc}")),
        "title": format!("{} ({})", d.short, d.title),
        "props": [prop("document", doc)],
        "rlinks": [{"href": format!("{doc}.catalog.json"), "media-type": "application/oscal.catalog+json"}],
    }))
}

/// Exports a profile in its resolved form: one import per base document with the required
/// requirements as `include-controls` and the justified exclusions as `exclude-controls`;
/// target SLs, applicability conditions and origins as props added by `modify/alters`. The
/// `extends` chain is already applied (recorded as a prop), so the document stands alone.
pub fn profile(
    profile: &Profile,
    resolved: &Resolved,
    catalog: &Catalog,
    last_modified: &str,
) -> Value {
    let mut by_doc: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for r in &resolved.requirements {
        by_doc
            .entry(r.id.document().to_string())
            .or_default()
            .0
            .push(r.id.local().to_string());
    }
    for e in &resolved.excluded {
        by_doc
            .entry(e.id.document().to_string())
            .or_default()
            .1
            .push(e.id.local().to_string());
    }
    let imports: Vec<Value> = by_doc
        .iter()
        .filter(|(_, (inc, _))| !inc.is_empty())
        .map(|(doc, (inc, exc))| {
            let mut import = json!({
                "href": format!("#{}", stable_uuid(&format!("catalog/{doc}"))),
                "include-controls": [{"with-ids": inc}],
            });
            if !exc.is_empty() {
                import["exclude-controls"] = json!([{"with-ids": exc}]);
            }
            import
        })
        .collect();
    let alters: Vec<Value> = resolved
        .requirements
        .iter()
        .map(|r| {
            let mut props = vec![prop("origin", &clean(&r.origin))];
            if let Some(t) = r.sl_target {
                props.push(prop("sl-target", &t.to_string()));
            }
            if let Some(a) = &r.applicability {
                props.push(prop("applicability", &a.to_string()));
            }
            json!({"control-id": r.id.local(), "adds": [{"position": "ending", "props": props}]})
        })
        .collect();
    let sl = resolved
        .sl_target
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut props = vec![
        prop("profile", &profile.id),
        prop(
            "status",
            match profile.status {
                cra62443_profile::ProfileStatus::DerivedByThisProject => "derived-by-this-project",
                cra62443_profile::ProfileStatus::User => "user",
                cra62443_profile::ProfileStatus::OfficialImported => "official-imported",
            },
        ),
        prop("sl-target", &sl),
        prop("chain", &resolved.chain.join(" ")),
    ];
    if let Some(l) = &profile.context.m606_line {
        props.push(prop("m606-line", l.as_str()));
    }
    if let Some(c) = &profile.context.cra_category {
        props.push(prop("cra-category", c.as_str()));
    }
    for a in &resolved.amendments {
        props.push(prop("amendment", a));
    }
    let remarks = if profile.status == cra62443_profile::ProfileStatus::DerivedByThisProject {
        "Derived by the cra62443 project following IEC TS 62443-1-5; not the CLC/TC 65X security profile."
    } else {
        "Profile supplied by a user."
    };
    let resources: Vec<Value> = by_doc
        .keys()
        .filter_map(|d| catalog_resource(catalog, d))
        .collect();
    let mut doc = json!({
        "uuid": stable_uuid(&format!("profile/{}", profile.id)),
        "metadata": metadata(&profile.title, last_modified, Some(remarks), props),
        "imports": imports,
        "merge": {"as-is": true},
        "back-matter": {"resources": resources},
    });
    if !alters.is_empty() {
        doc["modify"] = json!({"alters": alters});
    }
    json!({ "profile": doc })
}

/// The resolved profile as a catalog: one group per base document with the required
/// requirements as controls (title, label, SL, target SL, origin, applicability).
pub fn resolved_profile_catalog(
    resolved: &Resolved,
    catalog: &Catalog,
    last_modified: &str,
) -> Value {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for r in &resolved.requirements {
        *counts.entry(r.id.local()).or_default() += 1;
    }
    let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for r in &resolved.requirements {
        // Local IDs are unique per document; prefix only where two documents share one.
        let id = if counts[r.id.local()] > 1 {
            format!("{}.{}", r.id.document(), r.id.local())
        } else {
            r.id.local().to_string()
        };
        let mut props = vec![
            json!({"name": "label", "value": clean(&r.reference)}),
            prop("origin", &clean(&r.origin)),
        ];
        if let Some(sl) = r.sl {
            props.push(prop("security-level", &sl.to_string()));
        }
        if let Some(t) = r.sl_target {
            props.push(prop("sl-target", &t.to_string()));
        }
        if let Some(a) = &r.applicability {
            props.push(prop("applicability", &a.to_string()));
        }
        let summary = catalog
            .get(r.id.as_str())
            .map(|e| e.summary.clone())
            .unwrap_or_else(|| "-".into());
        groups
            .entry(r.id.document().to_string())
            .or_default()
            .push(json!({
                "id": id,
                "title": clean(&r.title),
                "props": props,
                "parts": [{"id": format!("{id}_ovw"), "name": "overview", "prose": summary}],
            }));
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(doc, controls)| {
            let title = catalog
                .document(&doc)
                .map(|d| d.short.clone())
                .unwrap_or_else(|| doc.clone());
            json!({"id": doc, "title": title, "controls": controls})
        })
        .collect();
    let sl = resolved
        .sl_target
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut props = vec![prop("profile", &resolved.profile), prop("sl-target", &sl)];
    if let Some(t) = resolved.component_type {
        props.push(prop("component-type", t.prefix()));
    }
    let mut cat = json!({
        "uuid": stable_uuid(&format!("resolved/{}/{:?}", resolved.profile, resolved.component_type)),
        "metadata": metadata(&format!("{} (resolved)", resolved.title), last_modified, Some("Resolved by cra62443 from a profile derived by the project; summaries in own words."), props),
    });
    if !groups.is_empty() {
        cat["groups"] = Value::Array(groups);
    }
    json!({ "catalog": cat })
}
