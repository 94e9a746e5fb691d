//! CSAF 2.0 `csaf_vex` writer.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use super::{
    MISSING_ACTION, MISSING_IMPACT, WriteOptions, Written, content_uuid, display_name, find_cpe,
    find_purl, id_system, rfc3339,
};
use crate::merge::merge;
use crate::model::{Status, VexStatement, is_cve, is_uri_id};

/// True if `purl` matches the CSAF 2.0 schema pattern for `product_identification_helper.purl`.
pub(crate) fn csaf_purl_ok(purl: &str) -> bool {
    let Some(rest) = purl.strip_prefix("pkg:") else {
        return false;
    };
    let Some((ty, tail)) = rest.split_once('/') else {
        return false;
    };
    let mut chars = ty.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || matches!(c, '.' | '-' | '+'))
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
        && !tail.is_empty()
}

/// True if `cpe` has the shape the CSAF 2.0 schema accepts (CPE 2.2 URI or a CPE 2.3
/// formatted string with 13 fields and a part of `a`, `h`, `o`, `*` or `-`).
pub(crate) fn csaf_cpe_ok(cpe: &str) -> bool {
    if let Some(rest) = cpe.strip_prefix("cpe:/") {
        return matches!(rest.chars().next(), Some('a' | 'h' | 'o')) && !rest.contains(' ');
    }
    if !cpe.starts_with("cpe:2.3:") || cpe.contains(' ') {
        return false;
    }
    // Split on unescaped colons.
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in cpe.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            cur.push(c);
            escaped = true;
        } else if c == ':' {
            fields.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    fields.push(cur);
    fields.len() == 13
        && matches!(fields[2].as_str(), "a" | "h" | "o" | "*" | "-")
        && fields[3..].iter().all(|f| !f.is_empty())
}

struct Products {
    full: Vec<Value>,
    relationships: Vec<Value>,
    ids: HashMap<String, String>,
    rel_ids: HashMap<(String, String), String>,
    next: usize,
}

impl Products {
    fn fresh_id(&mut self) -> String {
        loop {
            self.next += 1;
            let id = format!("CSAFPID-{:04}", self.next);
            if !self.ids.values().any(|v| v == &id) && !self.ids.contains_key(&id) {
                return id;
            }
        }
    }

    /// The product ID for a product (defining it on first use). A purl or CPE product gets a
    /// generated `CSAFPID-nnnn` ID and travels in `product_identification_helper`; any other
    /// product string is its own product ID (so reading the document back gives the same
    /// product), with the helper only if the product is a URI/URN.
    fn product(
        &mut self,
        product: &str,
        s: Option<&VexStatement>,
        warnings: &mut Vec<String>,
    ) -> String {
        if let Some(id) = self.ids.get(product) {
            return id.clone();
        }
        let purl = if csaf_purl_ok(product) {
            Some(product)
        } else {
            s.and_then(find_purl).filter(|p| csaf_purl_ok(p))
        };
        let cpe = if csaf_cpe_ok(product) {
            Some(product)
        } else {
            s.and_then(find_cpe).filter(|c| csaf_cpe_ok(c))
        };
        let mut helper = serde_json::Map::new();
        if let Some(p) = purl {
            helper.insert("purl".into(), json!(p));
        }
        if let Some(c) = cpe {
            helper.insert("cpe".into(), json!(c));
        }
        let carried = purl == Some(product) || (purl.is_none() && cpe == Some(product));
        let id = if carried {
            self.fresh_id()
        } else {
            product.to_string()
        };
        let mut fpn = json!({"name": display_name(product), "product_id": id});
        if carried || (is_uri_id(product) && !helper.is_empty()) {
            fpn["product_identification_helper"] = Value::Object(helper);
        } else if !helper.is_empty() {
            warnings.push(format!(
                "{product}: purl/CPE identifiers not written (the product ID carries the product)"
            ));
        }
        self.full.push(fpn);
        self.ids.insert(product.to_string(), id.clone());
        id
    }

    /// The product ID for `sub` as a default component of `product`.
    fn component_of(
        &mut self,
        sub: &str,
        product: &str,
        s: &VexStatement,
        warnings: &mut Vec<String>,
    ) -> String {
        let key = (sub.to_string(), product.to_string());
        if let Some(id) = self.rel_ids.get(&key) {
            return id.clone();
        }
        let parent = self.product(product, Some(s), warnings);
        let child = self.product(sub, None, warnings);
        let id = self.fresh_id();
        self.relationships.push(json!({
            "category": "default_component_of",
            "product_reference": child,
            "relates_to_product_reference": parent,
            "full_product_name": {
                "name": format!("{} as a component of {}", display_name(sub), display_name(product)),
                "product_id": id,
            },
        }));
        self.rel_ids.insert(key, id.clone());
        id
    }
}

pub(super) fn write(statements: &[VexStatement], options: &WriteOptions) -> Written {
    let mut warnings = Vec::new();
    let merged = merge(vec![statements.to_vec()]);
    for c in &merged.conflicts {
        warnings.push(format!(
            "{} / {}: conflicting statuses, kept {} from {}",
            c.vulnerability, c.product, c.winner.status, c.winner.source.pointer
        ));
    }
    let statements = merged.statements;
    let mut products = Products {
        full: Vec::new(),
        relationships: Vec::new(),
        ids: HashMap::new(),
        rel_ids: HashMap::new(),
        next: 0,
    };

    // Group by vulnerability in first-seen order.
    let mut order: Vec<&str> = Vec::new();
    let mut by_vuln: HashMap<&str, Vec<&VexStatement>> = HashMap::new();
    for s in &statements {
        let e = by_vuln.entry(s.vulnerability.as_str()).or_default();
        if e.is_empty() {
            order.push(s.vulnerability.as_str());
        }
        e.push(s);
    }

    let mut vulnerabilities = Vec::new();
    for name in order {
        let group = &by_vuln[name];
        let mut status_lists: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut flags: Vec<(String, Vec<String>)> = Vec::new();
        let mut threats: Vec<(String, Vec<String>)> = Vec::new();
        let mut remediations: Vec<((&str, String), Vec<String>)> = Vec::new();
        let mut aliases: Vec<String> = Vec::new();
        let mut counts: BTreeMap<Status, usize> = BTreeMap::new();
        for s in group {
            for a in &s.aliases {
                if a != name && !aliases.contains(a) {
                    aliases.push(a.clone());
                }
            }
            let pids: Vec<String> = if s.subcomponents.is_empty() {
                vec![products.product(&s.product, Some(s), &mut warnings)]
            } else {
                s.subcomponents
                    .iter()
                    .map(|sub| products.component_of(sub, &s.product, s, &mut warnings))
                    .collect()
            };
            *counts.entry(s.status).or_default() += pids.len();
            let list = status_lists.entry(s.status.to_csaf()).or_default();
            for pid in &pids {
                if !list.contains(pid) {
                    list.push(pid.clone());
                }
            }
            if s.status == Status::NotAffected {
                if let Some(j) = s.justification {
                    add_grouped(&mut flags, j.as_str().to_string(), &pids);
                }
                match (&s.impact, s.justification) {
                    (Some(impact), _) => add_grouped(&mut threats, impact.clone(), &pids),
                    (None, None) => {
                        warnings.push(format!(
                            "{} / {}: not_affected without justification or impact statement; \
                             wrote a placeholder impact threat",
                            s.vulnerability, s.product
                        ));
                        add_grouped(&mut threats, MISSING_IMPACT.to_string(), &pids);
                    }
                    (None, Some(_)) => {}
                }
            } else if let Some(impact) = &s.impact {
                add_grouped(&mut threats, impact.clone(), &pids);
            }
            match (&s.action, s.status) {
                (Some(action), Status::Fixed) => {
                    add_grouped(&mut remediations, ("vendor_fix", action.clone()), &pids)
                }
                (Some(action), _) => {
                    add_grouped(&mut remediations, ("mitigation", action.clone()), &pids)
                }
                (None, Status::Affected) => {
                    warnings.push(format!(
                        "{} / {}: affected without action statement; wrote a remediation of \
                         category none_available",
                        s.vulnerability, s.product
                    ));
                    add_grouped(
                        &mut remediations,
                        ("none_available", MISSING_ACTION.to_string()),
                        &pids,
                    );
                }
                _ => {}
            }
        }
        let summary: Vec<String> = counts
            .iter()
            .map(|(st, n)| format!("{n} {}", st.as_str().replace('_', " ")))
            .collect();
        let mut v = json!({
            "notes": [{
                "category": "general",
                "title": "VEX status",
                "text": format!("Status of {name} in the products of this document: {}.", summary.join(", ")),
            }],
            "product_status": status_lists,
        });
        let mut ids: Vec<Value> = Vec::new();
        if is_cve(name) {
            v["cve"] = json!(name);
        } else {
            ids.push(json!({"system_name": id_system(name), "text": name}));
        }
        for a in &aliases {
            ids.push(json!({"system_name": id_system(a), "text": a}));
        }
        if !ids.is_empty() {
            v["ids"] = Value::Array(ids);
        }
        if !flags.is_empty() {
            v["flags"] = Value::Array(
                flags
                    .into_iter()
                    .map(|(label, pids)| json!({"label": label, "product_ids": pids}))
                    .collect(),
            );
        }
        if !threats.is_empty() {
            v["threats"] = Value::Array(
                threats
                    .into_iter()
                    .map(|(details, pids)| {
                        json!({"category": "impact", "details": details, "product_ids": pids})
                    })
                    .collect(),
            );
        }
        if !remediations.is_empty() {
            v["remediations"] = Value::Array(
                remediations
                    .into_iter()
                    .map(|((category, details), pids)| {
                        json!({"category": category, "details": details, "product_ids": pids})
                    })
                    .collect(),
            );
        }
        vulnerabilities.push(v);
    }

    let date = rfc3339(options.timestamp);
    let tracking_id = options
        .document_id
        .clone()
        .unwrap_or_else(|| format!("VEX-{}", &content_uuid(&statements)[..8].to_uppercase()));
    let title = options.title.clone().unwrap_or_else(|| {
        format!(
            "VEX: status of {} vulnerabilities in {} products",
            vulnerabilities.len(),
            products.ids.len()
        )
    });
    let mut product_tree = json!({});
    if !products.full.is_empty() {
        product_tree["full_product_names"] = Value::Array(products.full);
    }
    if !products.relationships.is_empty() {
        product_tree["relationships"] = Value::Array(products.relationships);
    }
    let mut doc = json!({
        "document": {
            "category": "csaf_vex",
            "csaf_version": "2.0",
            "lang": "en",
            "title": title,
            "publisher": {
                "category": options.publisher_category,
                "name": options.author,
                "namespace": options.publisher_namespace,
            },
            "tracking": {
                "id": tracking_id,
                "status": "final",
                "version": "1",
                "initial_release_date": date,
                "current_release_date": date,
                "revision_history": [{"date": date, "number": "1", "summary": "Initial version."}],
                "generator": {
                    "date": date,
                    "engine": {"name": "cra62443-vex", "version": env!("CARGO_PKG_VERSION")},
                },
            },
        },
        "product_tree": product_tree,
    });
    if !vulnerabilities.is_empty() {
        doc["vulnerabilities"] = Value::Array(vulnerabilities);
    }
    Written {
        document: doc,
        warnings,
    }
}

fn add_grouped<K: PartialEq>(list: &mut Vec<(K, Vec<String>)>, key: K, pids: &[String]) {
    let entry = match list.iter().position(|(k, _)| *k == key) {
        Some(i) => &mut list[i].1,
        None => {
            list.push((key, Vec::new()));
            &mut list.last_mut().expect("just pushed").1
        }
    };
    for p in pids {
        if !entry.contains(p) {
            entry.push(p.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_shapes() {
        assert!(csaf_purl_ok("pkg:generic/busybox@1.0"));
        assert!(!csaf_purl_ok("pkg:generic"));
        assert!(csaf_cpe_ok("cpe:2.3:*:*:busybox:1.37.0:*:*:*:*:*:*:*"));
        assert!(csaf_cpe_ok("cpe:2.3:a:vendor:prod\\:x:1:*:*:*:*:*:*:*"));
        assert!(!csaf_cpe_ok("cpe:2.3:a:vendor"));
        assert!(csaf_cpe_ok("cpe:/a:vendor:prod:1"));
    }
}
