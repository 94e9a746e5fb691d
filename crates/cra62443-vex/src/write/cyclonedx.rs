//! CycloneDX 1.6 VEX writer.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{WriteOptions, Written, content_uuid, display_name, find_cpe, id_system, rfc3339};
use crate::model::{VexStatement, is_cve, is_purl};
use crate::read::SUBCOMPONENT_PROPERTY;

pub(super) fn write(statements: &[VexStatement], options: &WriteOptions) -> Written {
    let serial = match &options.document_id {
        Some(id) if id.starts_with("urn:uuid:") => id.clone(),
        _ => format!("urn:uuid:{}", content_uuid(statements)),
    };
    let mut components = Vec::new();
    let mut seen = BTreeSet::new();
    let mut vulnerabilities = Vec::new();
    for (n, s) in statements.iter().enumerate() {
        let is_link = s.product.starts_with("urn:cdx:");
        if !is_link && seen.insert(s.product.clone()) {
            let mut c = json!({
                "type": "library",
                "bom-ref": s.product,
                "name": display_name(&s.product),
            });
            if is_purl(&s.product) {
                c["purl"] = json!(s.product);
            }
            if let Some(cpe) = find_cpe(s) {
                c["cpe"] = json!(cpe);
            }
            components.push(c);
        }
        let mut v = json!({
            "bom-ref": format!("vex-{}", n + 1),
            "id": s.vulnerability,
            "affects": [{"ref": s.product}],
        });
        if is_cve(&s.vulnerability) {
            v["source"] = json!({
                "name": "NVD",
                "url": format!("https://nvd.nist.gov/vuln/detail/{}", s.vulnerability),
            });
        }
        if !s.aliases.is_empty() {
            v["references"] = Value::Array(
                s.aliases
                    .iter()
                    .map(|a| json!({"id": a, "source": {"name": id_system(a)}}))
                    .collect(),
            );
        }
        let mut analysis = json!({"state": s.status.to_cyclonedx()});
        if let Some(j) = s.justification {
            analysis["justification"] = json!(j.to_cyclonedx());
        }
        if let Some(impact) = &s.impact {
            analysis["detail"] = json!(impact);
        }
        if let Some(t) = s.timestamp {
            analysis["lastUpdated"] = json!(rfc3339(t));
        }
        v["analysis"] = analysis;
        if let Some(action) = &s.action {
            v["recommendation"] = json!(action);
        }
        if !s.subcomponents.is_empty() {
            v["properties"] = Value::Array(
                s.subcomponents
                    .iter()
                    .map(|sub| json!({"name": SUBCOMPONENT_PROPERTY, "value": sub}))
                    .collect(),
            );
        }
        vulnerabilities.push(v);
    }
    let mut doc = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": serial,
        "version": 1,
        "metadata": {
            "timestamp": rfc3339(options.timestamp),
            "authors": [{"name": options.author}],
            "tools": {"components": [{
                "type": "application",
                "name": "cra62443-vex",
                "version": env!("CARGO_PKG_VERSION"),
            }]},
        },
        "vulnerabilities": vulnerabilities,
    });
    if !components.is_empty() {
        doc["components"] = Value::Array(components);
    }
    Written {
        document: doc,
        warnings: Vec::new(),
    }
}
