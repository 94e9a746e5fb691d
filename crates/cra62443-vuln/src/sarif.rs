//! SARIF 2.1.0 output of a scan (minimal but valid: one rule per advisory, one result per
//! finding; suppressed findings carry an external suppression naming the VEX statement).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::scan::{FindingStatus, ScanResult};

/// The SARIF 2.1.0 log for a scan.
pub fn to_sarif(result: &ScanResult) -> Value {
    let mut rules: BTreeMap<&str, Value> = BTreeMap::new();
    let mut results = Vec::new();
    for f in &result.findings {
        if matches!(f.status, FindingStatus::Withdrawn) {
            continue;
        }
        rules.entry(f.id.as_str()).or_insert_with(|| {
            json!({
                "id": f.id,
                "shortDescription": {"text": f.id},
                "helpUri": help_uri(&f.id),
                "properties": {"aliases": f.aliases},
            })
        });
        let level = match f.status {
            FindingStatus::Affected
                if f.kev.is_some()
                    || f.severity
                        .as_ref()
                        .and_then(|s| s.score)
                        .is_some_and(|s| s >= 7.0) =>
            {
                "error"
            }
            FindingStatus::Affected => "warning",
            _ => "note",
        };
        let version = f.component.version.as_deref().unwrap_or("?");
        let mut r = json!({
            "ruleId": f.id,
            "level": level,
            "message": {"text": format!("{} {} ({}): {} [{}]", f.component.name, version,
                serde_json::to_value(f.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                f.id, f.evidence)},
            "locations": [{"logicalLocations": [{
                "name": format!("{}@{}", f.component.name, version),
                "fullyQualifiedName": f.purl.clone().or_else(|| f.cpe.clone()).unwrap_or_else(|| f.component.bom_ref.clone()),
                "kind": "module"
            }]}],
            "properties": {
                "status": f.status,
                "match": f.match_kind,
                "kev": f.kev,
                "fixed": f.fixed,
            }
        });
        if let Some(s) = &f.suppressed_by {
            r["suppressions"] = json!([{
                "kind": "external",
                "justification": format!("VEX {}#{}", s.document, s.statement)
            }]);
        }
        results.push(r);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cra62443-vuln",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/cra62443",
                "rules": rules.into_values().collect::<Vec<_>>()
            }},
            "results": results
        }]
    })
}

fn help_uri(id: &str) -> String {
    if id.starts_with("CVE-") {
        format!("https://www.cve.org/CVERecord?id={id}")
    } else {
        format!("https://osv.dev/vulnerability/{id}")
    }
}
