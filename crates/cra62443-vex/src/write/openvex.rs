//! OpenVEX 0.2.0 writer.

use serde_json::{Map, Value, json};

use super::{MISSING_ACTION, MISSING_IMPACT, WriteOptions, Written, content_uuid, rfc3339};
use crate::model::{Status, VexStatement, is_purl};

pub(super) fn write(statements: &[VexStatement], options: &WriteOptions) -> Written {
    let mut warnings = Vec::new();
    let id = match &options.document_id {
        Some(id) => id.clone(),
        None => format!("urn:uuid:{}", content_uuid(statements)),
    };
    let mut out = Vec::new();
    for s in statements {
        let mut vuln = json!({"name": s.vulnerability});
        if !s.aliases.is_empty() {
            vuln["aliases"] = json!(s.aliases);
        }
        let mut product = json!({"@id": s.product});
        let mut identifiers = Map::new();
        for ident in &s.product_identifiers {
            let key = if is_purl(ident) {
                "purl"
            } else if ident.starts_with("cpe:2.3:") {
                "cpe23"
            } else if ident.starts_with("cpe:/") {
                "cpe22"
            } else {
                continue;
            };
            if !identifiers.contains_key(key) {
                identifiers.insert(key.to_string(), json!(ident));
            }
        }
        if !identifiers.is_empty() {
            product["identifiers"] = Value::Object(identifiers);
        }
        if !s.subcomponents.is_empty() {
            product["subcomponents"] = Value::Array(
                s.subcomponents
                    .iter()
                    .map(|sub| json!({"@id": sub}))
                    .collect(),
            );
        }
        let mut st = json!({
            "vulnerability": vuln,
            "products": [product],
            "status": s.status.as_str(),
        });
        if let Some(j) = s.justification {
            st["justification"] = json!(j.as_str());
        }
        match (&s.impact, s.status, s.justification) {
            (Some(impact), _, _) => st["impact_statement"] = json!(impact),
            (None, Status::NotAffected, None) => {
                warnings.push(format!(
                    "{} / {}: not_affected without justification or impact statement; wrote a \
                     placeholder impact_statement",
                    s.vulnerability, s.product
                ));
                st["impact_statement"] = json!(MISSING_IMPACT);
            }
            _ => {}
        }
        match (&s.action, s.status) {
            (Some(action), _) => st["action_statement"] = json!(action),
            (None, Status::Affected) => {
                warnings.push(format!(
                    "{} / {}: affected without action statement; wrote a placeholder \
                     action_statement",
                    s.vulnerability, s.product
                ));
                st["action_statement"] = json!(MISSING_ACTION);
            }
            _ => {}
        }
        if let Some(t) = s.timestamp {
            st["timestamp"] = json!(rfc3339(t));
        }
        out.push(st);
    }
    let doc = json!({
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": id,
        "author": options.author,
        "timestamp": rfc3339(options.timestamp),
        "version": 1,
        "tooling": format!("cra62443-vex {}", env!("CARGO_PKG_VERSION")),
        "statements": out,
    });
    Written {
        document: doc,
        warnings,
    }
}
