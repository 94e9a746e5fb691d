//! CSAF 2.0 mandatory tests (section 6.1) that run offline.
//!
//! [`check`] returns one [`TestResult`] per implemented test, passed or not, in the order of
//! the specification. The tests assume a document that is valid against the CSAF 2.0 JSON
//! schema (as the specification does); a small required-fields check (`schema-subset`) runs
//! first so that a missing top-level field is reported rather than silently skipped. Values of
//! the wrong type are skipped by the tests, never a panic.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::cvss;
use super::lang::{check_purl, is_well_formed_language_tag};
use super::version::{DocVersion, compare};
use crate::read::parse_time;

/// One problem found by a test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// JSON pointer of the offending value.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// The outcome of one mandatory test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestResult {
    /// The test's section number, e.g. `6.1.27.9`.
    pub id: &'static str,
    /// The test's title in the specification.
    pub name: &'static str,
    /// Findings; empty if the test passed.
    pub errors: Vec<Finding>,
}

impl TestResult {
    /// True if the test found nothing.
    pub fn passed(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The tests [`check`] implements: (id, title).
pub const IMPLEMENTED: &[(&str, &str)] = &[
    (
        "schema-subset",
        "Required fields of the CSAF 2.0 schema (subset)",
    ),
    ("6.1.1", "Missing Definition of Product ID"),
    ("6.1.2", "Multiple Definition of Product ID"),
    ("6.1.3", "Circular Definition of Product ID"),
    ("6.1.4", "Missing Definition of Product Group ID"),
    ("6.1.5", "Multiple Definition of Product Group ID"),
    ("6.1.6", "Contradicting Product Status"),
    ("6.1.7", "Multiple Scores with same Version per Product"),
    ("6.1.8", "Invalid CVSS"),
    ("6.1.9", "Invalid CVSS computation"),
    ("6.1.10", "Inconsistent CVSS"),
    ("6.1.12", "Language (well-formedness only)"),
    ("6.1.13", "purl"),
    ("6.1.14", "Sorted Revision History"),
    ("6.1.15", "Translator"),
    ("6.1.16", "Latest Document Version"),
    ("6.1.17", "Document Status Draft"),
    ("6.1.18", "Released Revision History"),
    (
        "6.1.19",
        "Revision History Entries for Pre-release Versions",
    ),
    ("6.1.20", "Non-draft Document Version"),
    ("6.1.21", "Missing Item in Revision History"),
    ("6.1.22", "Multiple Definition in Revision History"),
    ("6.1.23", "Multiple Use of Same CVE"),
    ("6.1.24", "Multiple Definition in Involvements"),
    ("6.1.25", "Multiple Use of Same Hash Algorithm"),
    ("6.1.26", "Prohibited Document Category Name"),
    ("6.1.27.1", "Document Notes"),
    ("6.1.27.2", "Document References"),
    ("6.1.27.3", "Vulnerabilities"),
    ("6.1.27.4", "Product Tree"),
    ("6.1.27.5", "Vulnerability Notes"),
    ("6.1.27.6", "Product Status"),
    ("6.1.27.7", "VEX Product Status"),
    ("6.1.27.8", "Vulnerability ID"),
    ("6.1.27.9", "Impact Statement"),
    ("6.1.27.10", "Action Statement"),
    ("6.1.27.11", "Vulnerabilities"),
    ("6.1.28", "Translation"),
    ("6.1.29", "Remediation without Product Reference"),
    ("6.1.30", "Mixed Integer and Semantic Versioning"),
    ("6.1.31", "Version Range in Product Version"),
    ("6.1.32", "Flag without Product Reference"),
    (
        "6.1.33",
        "Multiple Flags with VEX Justification Codes per Product",
    ),
];

/// Mandatory tests not implemented, with the reason.
pub const NOT_IMPLEMENTED: &[(&str, &str, &str)] = &[(
    "6.1.11",
    "CWE",
    "needs the MITRE CWE catalogue to check that the ID exists and the name matches; not bundled",
)];

const STATUS_KEYS: [&str; 8] = [
    "first_affected",
    "first_fixed",
    "fixed",
    "known_affected",
    "known_not_affected",
    "last_affected",
    "recommended",
    "under_investigation",
];

/// Runs every implemented mandatory test on `doc`.
pub fn check(doc: &Value) -> Vec<TestResult> {
    let c = Checker::new(doc);
    let mut out = Vec::new();
    for (id, name) in IMPLEMENTED {
        let mut errors = Vec::new();
        c.run(id, &mut errors);
        out.push(TestResult { id, name, errors });
    }
    out
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn st<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn strs(v: &Value, key: &str) -> Vec<(usize, String)> {
    arr(v, key)
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.as_str().map(|s| (i, s.to_string())))
        .collect()
}

fn push(errors: &mut Vec<Finding>, path: impl Into<String>, message: impl Into<String>) {
    errors.push(Finding {
        path: path.into(),
        message: message.into(),
    });
}

/// A full product name with its path.
struct Fpn<'a> {
    value: &'a Value,
    path: String,
}

struct Checker<'a> {
    doc: &'a Value,
    category: Option<&'a str>,
    fpns: Vec<Fpn<'a>>,
    product_versions: Vec<(String, &'a str)>,
    groups: HashMap<String, Vec<String>>,
}

impl<'a> Checker<'a> {
    fn new(doc: &'a Value) -> Checker<'a> {
        let mut c = Checker {
            doc,
            category: doc.pointer("/document/category").and_then(Value::as_str),
            fpns: Vec::new(),
            product_versions: Vec::new(),
            groups: HashMap::new(),
        };
        if let Some(pt) = doc.get("product_tree") {
            for (i, f) in arr(pt, "full_product_names").iter().enumerate() {
                c.fpns.push(Fpn {
                    value: f,
                    path: format!("/product_tree/full_product_names/{i}"),
                });
            }
            c.walk_branches(arr(pt, "branches"), "/product_tree/branches".into());
            for (i, r) in arr(pt, "relationships").iter().enumerate() {
                if let Some(f) = r.get("full_product_name") {
                    c.fpns.push(Fpn {
                        value: f,
                        path: format!("/product_tree/relationships/{i}/full_product_name"),
                    });
                }
            }
            for g in arr(pt, "product_groups") {
                if let Some(id) = st(g, "group_id") {
                    c.groups
                        .entry(id.to_string())
                        .or_default()
                        .extend(strs(g, "product_ids").into_iter().map(|(_, s)| s));
                }
            }
        }
        c
    }

    fn walk_branches(&mut self, branches: &'a [Value], path: String) {
        for (i, b) in branches.iter().enumerate() {
            let bpath = format!("{path}/{i}");
            if st(b, "category") == Some("product_version")
                && let Some(name) = st(b, "name")
            {
                self.product_versions.push((format!("{bpath}/name"), name));
            }
            if let Some(p) = b.get("product") {
                self.fpns.push(Fpn {
                    value: p,
                    path: format!("{bpath}/product"),
                });
            }
            self.walk_branches(arr(b, "branches"), format!("{bpath}/branches"));
        }
    }

    fn vulns(&self) -> impl Iterator<Item = (String, &'a Value)> {
        arr(self.doc, "vulnerabilities")
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("/vulnerabilities/{i}"), v))
    }

    fn tracking(&self) -> Option<&'a Value> {
        self.doc.pointer("/document/tracking")
    }

    /// (number, date, path) of every revision history item with string number and date.
    fn revisions(&self) -> Option<Vec<(&'a str, &'a str, String)>> {
        let items = self.tracking()?.get("revision_history")?.as_array()?;
        let mut out = Vec::new();
        for (i, r) in items.iter().enumerate() {
            out.push((
                st(r, "number")?,
                st(r, "date")?,
                format!("/document/tracking/revision_history/{i}"),
            ));
        }
        Some(out)
    }

    /// Revisions sorted ascending by date, then by version.
    fn revisions_by_date(&self) -> Option<Vec<(&'a str, &'a str, String)>> {
        let mut revs = self.revisions()?;
        revs.sort_by(|a, b| {
            let da = parse_time(a.1);
            let db = parse_time(b.1);
            da.cmp(&db).then_with(|| compare(a.0, b.0))
        });
        Some(revs)
    }

    /// Product IDs named by `product_ids` and by the members of `group_ids` of `v`.
    fn targets(&self, v: &Value) -> Vec<String> {
        let mut out: Vec<String> = strs(v, "product_ids").into_iter().map(|(_, s)| s).collect();
        for (_, g) in strs(v, "group_ids") {
            if let Some(members) = self.groups.get(&g) {
                out.extend(members.iter().cloned());
            }
        }
        out
    }

    fn is_profile(&self, profiles: &[&str]) -> bool {
        self.category.is_some_and(|c| profiles.contains(&c))
    }

    fn run(&self, id: &str, e: &mut Vec<Finding>) {
        match id {
            "schema-subset" => self.schema_subset(e),
            "6.1.1" => self.t_6_1_1(e),
            "6.1.2" => self.t_6_1_2(e),
            "6.1.3" => self.t_6_1_3(e),
            "6.1.4" => self.t_6_1_4(e),
            "6.1.5" => self.t_6_1_5(e),
            "6.1.6" => self.t_6_1_6(e),
            "6.1.7" => self.t_6_1_7(e),
            "6.1.8" => self.t_6_1_8(e),
            "6.1.9" => self.t_6_1_9(e),
            "6.1.10" => self.t_6_1_10(e),
            "6.1.12" => self.t_6_1_12(e),
            "6.1.13" => self.t_6_1_13(e),
            "6.1.14" => self.t_6_1_14(e),
            "6.1.15" => self.t_6_1_15(e),
            "6.1.16" => self.t_6_1_16(e),
            "6.1.17" => self.t_6_1_17(e),
            "6.1.18" => self.t_6_1_18(e),
            "6.1.19" => self.t_6_1_19(e),
            "6.1.20" => self.t_6_1_20(e),
            "6.1.21" => self.t_6_1_21(e),
            "6.1.22" => self.t_6_1_22(e),
            "6.1.23" => self.t_6_1_23(e),
            "6.1.24" => self.t_6_1_24(e),
            "6.1.25" => self.t_6_1_25(e),
            "6.1.26" => self.t_6_1_26(e),
            "6.1.27.1" => self.t_doc_notes(e),
            "6.1.27.2" => self.t_doc_refs(e),
            "6.1.27.3" => self.t_6_1_27_3(e),
            "6.1.27.4" => self.t_6_1_27_4(e),
            "6.1.27.5" => self.t_6_1_27_5(e),
            "6.1.27.6" => self.t_6_1_27_6(e),
            "6.1.27.7" => self.t_6_1_27_7(e),
            "6.1.27.8" => self.t_6_1_27_8(e),
            "6.1.27.9" => self.t_6_1_27_9(e),
            "6.1.27.10" => self.t_6_1_27_10(e),
            "6.1.27.11" => self.t_6_1_27_11(e),
            "6.1.28" => self.t_6_1_28(e),
            "6.1.29" => self.t_6_1_29(e),
            "6.1.30" => self.t_6_1_30(e),
            "6.1.31" => self.t_6_1_31(e),
            "6.1.32" => self.t_6_1_32(e),
            "6.1.33" => self.t_6_1_33(e),
            _ => {}
        }
    }

    fn schema_subset(&self, e: &mut Vec<Finding>) {
        if !self.doc.is_object() {
            push(e, "", "a CSAF document is a JSON object");
            return;
        }
        let Some(d) = self.doc.get("document").filter(|d| d.is_object()) else {
            push(e, "/document", "missing required object `document`");
            return;
        };
        match st(d, "csaf_version") {
            Some("2.0") => {}
            _ => push(e, "/document/csaf_version", "must be \"2.0\""),
        }
        for key in ["category", "title"] {
            if st(d, key).is_none_or(str::is_empty) {
                push(
                    e,
                    format!("/document/{key}"),
                    format!("missing required string `{key}`"),
                );
            }
        }
        match d.get("publisher") {
            Some(p) if p.is_object() => {
                for key in ["category", "name", "namespace"] {
                    if st(p, key).is_none() {
                        push(
                            e,
                            format!("/document/publisher/{key}"),
                            format!("missing required string `{key}`"),
                        );
                    }
                }
                if let Some(cat) = st(p, "category")
                    && ![
                        "coordinator",
                        "discoverer",
                        "other",
                        "translator",
                        "user",
                        "vendor",
                    ]
                    .contains(&cat)
                {
                    push(
                        e,
                        "/document/publisher/category",
                        format!("invalid category {cat:?}"),
                    );
                }
            }
            _ => push(
                e,
                "/document/publisher",
                "missing required object `publisher`",
            ),
        }
        match d.get("tracking") {
            Some(t) if t.is_object() => {
                for key in [
                    "id",
                    "current_release_date",
                    "initial_release_date",
                    "version",
                    "status",
                ] {
                    if st(t, key).is_none() {
                        push(
                            e,
                            format!("/document/tracking/{key}"),
                            format!("missing required string `{key}`"),
                        );
                    }
                }
                for key in ["current_release_date", "initial_release_date"] {
                    if let Some(s) = st(t, key)
                        && (parse_time(s).is_none() || !s.contains('T'))
                    {
                        push(
                            e,
                            format!("/document/tracking/{key}"),
                            "not an RFC 3339 date-time",
                        );
                    }
                }
                if let Some(s) = st(t, "status")
                    && !["draft", "final", "interim"].contains(&s)
                {
                    push(
                        e,
                        "/document/tracking/status",
                        format!("invalid status {s:?}"),
                    );
                }
                if let Some(v) = st(t, "version")
                    && DocVersion::parse(v).is_none()
                {
                    push(
                        e,
                        "/document/tracking/version",
                        "neither integer nor semantic version",
                    );
                }
                match t.get("revision_history").and_then(Value::as_array) {
                    Some(items) if !items.is_empty() => {
                        for (i, r) in items.iter().enumerate() {
                            for key in ["date", "number", "summary"] {
                                if st(r, key).is_none() {
                                    push(
                                        e,
                                        format!("/document/tracking/revision_history/{i}/{key}"),
                                        format!("missing required string `{key}`"),
                                    );
                                }
                            }
                        }
                    }
                    _ => push(
                        e,
                        "/document/tracking/revision_history",
                        "needs at least one revision history item",
                    ),
                }
            }
            _ => push(
                e,
                "/document/tracking",
                "missing required object `tracking`",
            ),
        }
        for f in &self.fpns {
            for key in ["name", "product_id"] {
                if st(f.value, key).is_none() {
                    push(
                        e,
                        format!("{}/{key}", f.path),
                        format!("missing required string `{key}`"),
                    );
                }
            }
        }
    }

    fn defined_products(&self) -> Vec<(String, String)> {
        self.fpns
            .iter()
            .filter_map(|f| {
                st(f.value, "product_id")
                    .map(|id| (id.to_string(), format!("{}/product_id", f.path)))
            })
            .collect()
    }

    /// Every product ID reference: (id, path).
    fn product_refs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(pt) = self.doc.get("product_tree") {
            for (i, g) in arr(pt, "product_groups").iter().enumerate() {
                for (k, id) in strs(g, "product_ids") {
                    out.push((
                        id,
                        format!("/product_tree/product_groups/{i}/product_ids/{k}"),
                    ));
                }
            }
            for (i, r) in arr(pt, "relationships").iter().enumerate() {
                for key in ["product_reference", "relates_to_product_reference"] {
                    if let Some(id) = st(r, key) {
                        out.push((
                            id.to_string(),
                            format!("/product_tree/relationships/{i}/{key}"),
                        ));
                    }
                }
            }
        }
        for (vp, v) in self.vulns() {
            if let Some(ps) = v.get("product_status") {
                for key in STATUS_KEYS {
                    for (k, id) in strs(ps, key) {
                        out.push((id, format!("{vp}/product_status/{key}/{k}")));
                    }
                }
            }
            for (list, field) in [
                ("remediations", "product_ids"),
                ("scores", "products"),
                ("threats", "product_ids"),
                ("flags", "product_ids"),
            ] {
                for (i, item) in arr(v, list).iter().enumerate() {
                    for (k, id) in strs(item, field) {
                        out.push((id, format!("{vp}/{list}/{i}/{field}/{k}")));
                    }
                }
            }
        }
        out
    }

    fn t_6_1_1(&self, e: &mut Vec<Finding>) {
        let defined: HashSet<String> = self
            .defined_products()
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        for (id, path) in self.product_refs() {
            if !defined.contains(&id) {
                push(
                    e,
                    path,
                    format!("product ID {id:?} is not defined in the product tree"),
                );
            }
        }
    }

    fn t_6_1_2(&self, e: &mut Vec<Finding>) {
        let mut seen: HashMap<String, String> = HashMap::new();
        for (id, path) in self.defined_products() {
            if let Some(first) = seen.get(&id) {
                push(
                    e,
                    path,
                    format!("product ID {id:?} is already defined at {first}"),
                );
            } else {
                seen.insert(id, path);
            }
        }
    }

    fn t_6_1_3(&self, e: &mut Vec<Finding>) {
        let Some(pt) = self.doc.get("product_tree") else {
            return;
        };
        let rels = arr(pt, "relationships");
        // Edges: relationship product -> the two products it is built from.
        let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
        for r in rels {
            if let Some(id) = r
                .pointer("/full_product_name/product_id")
                .and_then(Value::as_str)
            {
                let list = edges.entry(id).or_default();
                for key in ["product_reference", "relates_to_product_reference"] {
                    if let Some(x) = st(r, key) {
                        list.push(x);
                    }
                }
            }
        }
        for (i, r) in rels.iter().enumerate() {
            let Some(id) = r
                .pointer("/full_product_name/product_id")
                .and_then(Value::as_str)
            else {
                continue;
            };
            // Is `id` reachable from its own references?
            let mut stack: Vec<&str> = edges.get(id).cloned().unwrap_or_default();
            let mut seen: HashSet<&str> = HashSet::new();
            let mut circular = false;
            while let Some(n) = stack.pop() {
                if n == id {
                    circular = true;
                    break;
                }
                if seen.insert(n)
                    && let Some(next) = edges.get(n)
                {
                    stack.extend(next.iter().copied());
                }
            }
            if circular {
                push(
                    e,
                    format!("/product_tree/relationships/{i}/full_product_name/product_id"),
                    format!("product ID {id:?} is defined in terms of itself"),
                );
            }
        }
    }

    fn group_refs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (vp, v) in self.vulns() {
            for list in ["remediations", "threats", "flags"] {
                for (i, item) in arr(v, list).iter().enumerate() {
                    for (k, id) in strs(item, "group_ids") {
                        out.push((id, format!("{vp}/{list}/{i}/group_ids/{k}")));
                    }
                }
            }
        }
        out
    }

    fn group_defs(&self) -> Vec<(String, String)> {
        let Some(pt) = self.doc.get("product_tree") else {
            return Vec::new();
        };
        arr(pt, "product_groups")
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                st(g, "group_id").map(|id| {
                    (
                        id.to_string(),
                        format!("/product_tree/product_groups/{i}/group_id"),
                    )
                })
            })
            .collect()
    }

    fn t_6_1_4(&self, e: &mut Vec<Finding>) {
        let defined: HashSet<String> = self.group_defs().into_iter().map(|(id, _)| id).collect();
        for (id, path) in self.group_refs() {
            if !defined.contains(&id) {
                push(e, path, format!("product group ID {id:?} is not defined"));
            }
        }
    }

    fn t_6_1_5(&self, e: &mut Vec<Finding>) {
        let mut seen: HashSet<String> = HashSet::new();
        for (id, path) in self.group_defs() {
            if !seen.insert(id.clone()) {
                push(
                    e,
                    path,
                    format!("product group ID {id:?} is defined more than once"),
                );
            }
        }
    }

    fn t_6_1_6(&self, e: &mut Vec<Finding>) {
        for (vp, v) in self.vulns() {
            let Some(ps) = v.get("product_status") else {
                continue;
            };
            let mut group_of: HashMap<String, &str> = HashMap::new();
            for (key, group) in [
                ("first_affected", "affected"),
                ("known_affected", "affected"),
                ("last_affected", "affected"),
                ("known_not_affected", "not affected"),
                ("first_fixed", "fixed"),
                ("fixed", "fixed"),
                ("under_investigation", "under investigation"),
            ] {
                for (k, id) in strs(ps, key) {
                    match group_of.get(&id) {
                        Some(g) if *g != group => push(
                            e,
                            format!("{vp}/product_status/{key}/{k}"),
                            format!("product {id:?} is both {g} and {group}"),
                        ),
                        Some(_) => {}
                        None => {
                            group_of.insert(id, group);
                        }
                    }
                }
            }
        }
    }

    fn t_6_1_7(&self, e: &mut Vec<Finding>) {
        for (vp, v) in self.vulns() {
            let mut seen: HashSet<(String, String)> = HashSet::new();
            for (i, score) in arr(v, "scores").iter().enumerate() {
                let mut versions = Vec::new();
                if let Some(x) = score.get("cvss_v2") {
                    versions.push(st(x, "version").unwrap_or("2.0").to_string());
                }
                if let Some(x) = score.get("cvss_v3") {
                    versions.push(st(x, "version").unwrap_or("3").to_string());
                }
                for (k, product) in strs(score, "products") {
                    for version in &versions {
                        if !seen.insert((product.clone(), version.clone())) {
                            push(
                                e,
                                format!("{vp}/scores/{i}/products/{k}"),
                                format!(
                                    "product {product:?} has more than one CVSS {version} score"
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    fn cvss_objects(&self) -> Vec<(String, &'a Value, bool)> {
        let mut out = Vec::new();
        for (vp, v) in self.vulns() {
            for (i, score) in arr(v, "scores").iter().enumerate() {
                if let Some(x) = score.get("cvss_v2") {
                    out.push((format!("{vp}/scores/{i}/cvss_v2"), x, false));
                }
                if let Some(x) = score.get("cvss_v3") {
                    out.push((format!("{vp}/scores/{i}/cvss_v3"), x, true));
                }
            }
        }
        out
    }

    fn t_6_1_8(&self, e: &mut Vec<Finding>) {
        for (path, o, v3) in self.cvss_objects() {
            let Some(obj) = o.as_object() else {
                push(e, path, "must be an object");
                continue;
            };
            let table = if v3 {
                cvss::V3_METRICS
            } else {
                cvss::V2_METRICS
            };
            let version = st(o, "version");
            let version_ok = if v3 {
                matches!(version, Some("3.0" | "3.1"))
            } else {
                version == Some("2.0")
            };
            if !version_ok {
                push(e, format!("{path}/version"), "missing or invalid version");
            }
            match st(o, "vectorString") {
                None => push(e, format!("{path}/vectorString"), "missing vectorString"),
                Some(vs) => {
                    let parsed = if v3 {
                        cvss::parse_v3(vs)
                    } else {
                        cvss::parse_v2(vs)
                    };
                    match parsed {
                        Err(msg) => push(e, format!("{path}/vectorString"), msg),
                        Ok(vec) => {
                            if v3 && version_ok && Some(vec.version) != version {
                                push(
                                    e,
                                    format!("{path}/vectorString"),
                                    "vector version differs from `version`",
                                );
                            }
                        }
                    }
                }
            }
            let mut required = vec!["baseScore"];
            if v3 {
                required.push("baseSeverity");
            }
            for key in required {
                if !obj.contains_key(key) {
                    push(
                        e,
                        format!("{path}/{key}"),
                        format!("missing required `{key}`"),
                    );
                }
            }
            for key in ["baseScore", "temporalScore", "environmentalScore"] {
                if let Some(x) = obj.get(key) {
                    match x.as_f64() {
                        Some(n) if (0.0..=10.0).contains(&n) => {}
                        _ => push(e, format!("{path}/{key}"), "must be a number from 0 to 10"),
                    }
                }
            }
            if v3 {
                for key in ["baseSeverity", "temporalSeverity", "environmentalSeverity"] {
                    if let Some(x) = obj.get(key)
                        && !matches!(
                            x.as_str(),
                            Some("NONE" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL")
                        )
                    {
                        push(e, format!("{path}/{key}"), "invalid severity");
                    }
                }
            }
            for (_, prop, values) in table {
                if let Some(x) = obj.get(*prop)
                    && !values.iter().any(|(_, name)| Some(*name) == x.as_str())
                {
                    push(
                        e,
                        format!("{path}/{prop}"),
                        format!("invalid value for `{prop}`"),
                    );
                }
            }
        }
    }

    fn t_6_1_9(&self, e: &mut Vec<Finding>) {
        let same = |a: f64, b: f64| (a - b).abs() < 1e-9;
        for (path, o, v3) in self.cvss_objects() {
            let Some(vs) = st(o, "vectorString") else {
                continue;
            };
            let scores = if v3 {
                if !matches!(st(o, "version"), Some("3.0" | "3.1")) {
                    continue;
                }
                cvss::parse_v3(vs).ok().and_then(|v| cvss::score_v3(&v))
            } else {
                cvss::parse_v2(vs).ok().and_then(|v| cvss::score_v2(&v))
            };
            let Some(s) = scores else { continue };
            for (key, expected) in [
                ("baseScore", s.base),
                ("temporalScore", s.temporal),
                ("environmentalScore", s.environmental),
            ] {
                if let Some(n) = o.get(key).and_then(Value::as_f64)
                    && !same(n, expected)
                {
                    push(
                        e,
                        format!("{path}/{key}"),
                        format!("is {n}, the vector gives {expected}"),
                    );
                }
            }
            if v3 {
                for (key, expected) in [
                    ("baseSeverity", s.base),
                    ("temporalSeverity", s.temporal),
                    ("environmentalSeverity", s.environmental),
                ] {
                    if let Some(sev) = st(o, key) {
                        let want = cvss::severity(expected);
                        if sev != want {
                            push(
                                e,
                                format!("{path}/{key}"),
                                format!("is {sev}, the vector gives {want}"),
                            );
                        }
                    }
                }
            }
        }
    }

    fn t_6_1_10(&self, e: &mut Vec<Finding>) {
        for (path, o, v3) in self.cvss_objects() {
            let Some(vs) = st(o, "vectorString") else {
                continue;
            };
            let (table, body) = if v3 {
                if !matches!(st(o, "version"), Some("3.0" | "3.1")) {
                    continue;
                }
                (
                    cvss::V3_METRICS,
                    vs.split_once('/').map(|x| x.1).unwrap_or(""),
                )
            } else {
                (cvss::V2_METRICS, vs)
            };
            for part in body.split('/') {
                let Some((k, val)) = part.split_once(':') else {
                    continue;
                };
                let Some((_, prop, values)) = table.iter().find(|(key, _, _)| *key == k) else {
                    continue;
                };
                let Some(actual) = st(o, prop) else { continue };
                let Some((_, expected)) = values.iter().find(|(code, _)| *code == val) else {
                    continue;
                };
                if actual != *expected {
                    push(
                        e,
                        format!("{path}/{prop}"),
                        format!("is {actual}, the vector says {expected}"),
                    );
                }
            }
        }
    }

    fn t_6_1_12(&self, e: &mut Vec<Finding>) {
        for key in ["lang", "source_lang"] {
            if let Some(tag) = self
                .doc
                .pointer(&format!("/document/{key}"))
                .and_then(Value::as_str)
                && !is_well_formed_language_tag(tag)
            {
                push(
                    e,
                    format!("/document/{key}"),
                    format!("{tag:?} is not a valid language tag"),
                );
            }
        }
    }

    fn t_6_1_13(&self, e: &mut Vec<Finding>) {
        for f in &self.fpns {
            if let Some(purl) = f
                .value
                .pointer("/product_identification_helper/purl")
                .and_then(Value::as_str)
                && let Err(msg) = check_purl(purl)
            {
                push(
                    e,
                    format!("{}/product_identification_helper/purl", f.path),
                    format!("invalid purl: {msg}"),
                );
            }
        }
    }

    fn t_6_1_14(&self, e: &mut Vec<Finding>) {
        let Some(revs) = self.revisions_by_date() else {
            return;
        };
        let mut last: Option<&str> = None;
        for (number, _, _) in &revs {
            if DocVersion::parse(number).is_none() {
                continue;
            }
            if let Some(prev) = last
                && compare(number, prev) == std::cmp::Ordering::Less
            {
                push(
                    e,
                    "/document/tracking/revision_history",
                    "the items must be in ascending order by number when sorted by date",
                );
                return;
            }
            last = Some(number);
        }
    }

    fn t_6_1_15(&self, e: &mut Vec<Finding>) {
        if self
            .doc
            .pointer("/document/publisher/category")
            .and_then(Value::as_str)
            == Some("translator")
            && self.doc.pointer("/document/source_lang").is_none()
        {
            push(
                e,
                "/document/source_lang",
                "a translator's document needs source_lang",
            );
        }
    }

    fn status(&self) -> Option<&'a str> {
        self.tracking().and_then(|t| st(t, "status"))
    }

    fn version(&self) -> Option<&'a str> {
        self.tracking().and_then(|t| st(t, "version"))
    }

    fn t_6_1_16(&self, e: &mut Vec<Finding>) {
        let (Some(revs), Some(version), Some(status)) =
            (self.revisions_by_date(), self.version(), self.status())
        else {
            return;
        };
        let Some((latest, _, _)) = revs.last() else {
            return;
        };
        let normalize = |v: &str| -> String {
            let cut = if status == "draft" {
                v.find(['+', '-'])
            } else {
                v.find('+')
            };
            match cut {
                Some(i) => v[..i].to_string(),
                None => v.to_string(),
            }
        };
        if normalize(latest) != normalize(version) {
            push(
                e,
                "/document/tracking/version",
                format!("version {version:?} differs from the latest revision number {latest:?}"),
            );
        }
    }

    fn t_6_1_17(&self, e: &mut Vec<Finding>) {
        let (Some(version), Some(status)) = (self.version(), self.status()) else {
            return;
        };
        if status == "draft" {
            return;
        }
        if let Some(v) = DocVersion::parse(version)
            && (v.major() == 0 || v.is_prerelease())
        {
            push(
                e,
                "/document/tracking/status",
                format!("version {version:?} requires status draft"),
            );
        }
    }

    fn t_6_1_18(&self, e: &mut Vec<Finding>) {
        if !matches!(self.status(), Some("final" | "interim")) {
            return;
        }
        for (number, _, path) in self.revisions().unwrap_or_default() {
            if DocVersion::parse(number).is_some_and(|v| v.major() == 0) {
                push(
                    e,
                    format!("{path}/number"),
                    "a final or interim document has no revision with version 0 or 0.y.z",
                );
            }
        }
    }

    fn t_6_1_19(&self, e: &mut Vec<Finding>) {
        for (number, _, path) in self.revisions().unwrap_or_default() {
            if DocVersion::parse(number).is_some_and(|v| v.is_prerelease()) {
                push(
                    e,
                    format!("{path}/number"),
                    "revision numbers have no pre-release part",
                );
            }
        }
    }

    fn t_6_1_20(&self, e: &mut Vec<Finding>) {
        if !matches!(self.status(), Some("final" | "interim")) {
            return;
        }
        if let Some(version) = self.version()
            && DocVersion::parse(version).is_some_and(|v| v.is_prerelease())
        {
            push(
                e,
                "/document/tracking/version",
                "a final or interim document's version has no pre-release part",
            );
        }
    }

    fn t_6_1_21(&self, e: &mut Vec<Finding>) {
        let Some(revs) = self.revisions_by_date() else {
            return;
        };
        let mut majors: Vec<u64> = Vec::new();
        for (number, _, _) in &revs {
            let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(m) = digits.parse::<u64>()
                && !majors.contains(&m)
            {
                majors.push(m);
            }
        }
        let Some(&first) = majors.first() else {
            return;
        };
        if first > 1 {
            push(
                e,
                "/document/tracking/revision_history",
                "the revision history does not start with version 0 or 1 when sorted by date",
            );
        }
        for (i, m) in majors.iter().enumerate() {
            let expected = first + i as u64;
            if *m > expected {
                push(
                    e,
                    "/document/tracking/revision_history",
                    format!("version {expected} is missing from the revision history"),
                );
            }
        }
    }

    fn t_6_1_22(&self, e: &mut Vec<Finding>) {
        let mut seen = HashSet::new();
        for (number, _, path) in self.revisions().unwrap_or_default() {
            if !seen.insert(number) {
                push(
                    e,
                    format!("{path}/number"),
                    format!("revision number {number:?} appears twice"),
                );
            }
        }
    }

    fn t_6_1_23(&self, e: &mut Vec<Finding>) {
        let mut seen = HashSet::new();
        for (vp, v) in self.vulns() {
            if let Some(cve) = st(v, "cve")
                && !seen.insert(cve)
            {
                push(
                    e,
                    format!("{vp}/cve"),
                    format!("{cve} is used by more than one vulnerability"),
                );
            }
        }
    }

    fn t_6_1_24(&self, e: &mut Vec<Finding>) {
        for (vp, v) in self.vulns() {
            let mut seen = HashSet::new();
            for (i, inv) in arr(v, "involvements").iter().enumerate() {
                let key = (st(inv, "party"), inv.get("date").and_then(Value::as_str));
                if !seen.insert(key) {
                    push(
                        e,
                        format!("{vp}/involvements/{i}"),
                        "the same party and date appear in more than one involvement",
                    );
                }
            }
        }
    }

    fn t_6_1_25(&self, e: &mut Vec<Finding>) {
        for f in &self.fpns {
            let Some(hashes) = f
                .value
                .pointer("/product_identification_helper/hashes")
                .and_then(Value::as_array)
            else {
                continue;
            };
            for (i, h) in hashes.iter().enumerate() {
                let mut seen = HashSet::new();
                for (k, fh) in arr(h, "file_hashes").iter().enumerate() {
                    if let Some(alg) = st(fh, "algorithm")
                        && !seen.insert(alg)
                    {
                        push(
                            e,
                            format!(
                                "{}/product_identification_helper/hashes/{i}/file_hashes/{k}/algorithm",
                                f.path
                            ),
                            format!("hash algorithm {alg:?} is used twice for one file"),
                        );
                    }
                }
            }
        }
    }

    fn t_6_1_26(&self, e: &mut Vec<Finding>) {
        let Some(category) = self.category else {
            return;
        };
        const PROFILES: [&str; 5] = [
            "csaf_base",
            "csaf_security_incident_response",
            "csaf_informational_advisory",
            "csaf_security_advisory",
            "csaf_vex",
        ];
        if PROFILES.contains(&category) {
            return;
        }
        if category.to_ascii_lowercase().starts_with("csaf_") {
            push(e, "/document/category", "the prefix csaf_ is reserved");
            return;
        }
        let squashed: String = category
            .chars()
            .filter(|c| !matches!(c, '_' | '-') && !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if [
            "securityincidentresponse",
            "informationaladvisory",
            "securityadvisory",
            "vex",
        ]
        .contains(&squashed.as_str())
        {
            push(
                e,
                "/document/category",
                "too similar to the name of a CSAF profile",
            );
        }
    }

    fn t_doc_notes(&self, e: &mut Vec<Finding>) {
        if !self.is_profile(&[
            "csaf_security_incident_response",
            "csaf_informational_advisory",
        ]) {
            return;
        }
        let ok = self
            .doc
            .pointer("/document/notes")
            .and_then(Value::as_array)
            .is_some_and(|notes| {
                notes.iter().any(|n| {
                    matches!(
                        st(n, "category"),
                        Some("description" | "details" | "general" | "summary")
                    )
                })
            });
        if !ok {
            push(
                e,
                "/document/notes",
                "needs a note of category description, details, general or summary",
            );
        }
    }

    fn t_doc_refs(&self, e: &mut Vec<Finding>) {
        if !self.is_profile(&[
            "csaf_security_incident_response",
            "csaf_informational_advisory",
        ]) {
            return;
        }
        let ok = self
            .doc
            .pointer("/document/references")
            .and_then(Value::as_array)
            .is_some_and(|refs| refs.iter().any(|r| st(r, "category") == Some("external")));
        if !ok {
            push(
                e,
                "/document/references",
                "needs a reference of category external",
            );
        }
    }

    fn t_6_1_27_3(&self, e: &mut Vec<Finding>) {
        if self.is_profile(&["csaf_informational_advisory"])
            && self.doc.get("vulnerabilities").is_some()
        {
            push(
                e,
                "/vulnerabilities",
                "an informational advisory has no vulnerabilities",
            );
        }
    }

    fn t_6_1_27_4(&self, e: &mut Vec<Finding>) {
        if self.is_profile(&["csaf_security_advisory", "csaf_vex"])
            && self.doc.get("product_tree").is_none()
        {
            push(e, "/product_tree", "this profile needs a product tree");
        }
    }

    fn t_6_1_27_5(&self, e: &mut Vec<Finding>) {
        if !self.is_profile(&["csaf_security_advisory", "csaf_vex"]) {
            return;
        }
        for (vp, v) in self.vulns() {
            if v.get("notes").is_none() {
                push(
                    e,
                    format!("{vp}/notes"),
                    "this profile needs notes on every vulnerability",
                );
            }
        }
    }

    fn t_6_1_27_6(&self, e: &mut Vec<Finding>) {
        if !self.is_profile(&["csaf_security_advisory"]) {
            return;
        }
        for (vp, v) in self.vulns() {
            if v.get("product_status").is_none() {
                push(
                    e,
                    format!("{vp}/product_status"),
                    "this profile needs a product status",
                );
            }
        }
    }

    fn t_6_1_27_7(&self, e: &mut Vec<Finding>) {
        if !self.is_profile(&["csaf_vex"]) {
            return;
        }
        for (vp, v) in self.vulns() {
            let ok = v.get("product_status").is_some_and(|ps| {
                [
                    "fixed",
                    "known_affected",
                    "known_not_affected",
                    "under_investigation",
                ]
                .iter()
                .any(|k| ps.get(*k).is_some())
            });
            if !ok {
                push(
                    e,
                    format!("{vp}/product_status"),
                    "needs fixed, known_affected, known_not_affected or under_investigation",
                );
            }
        }
    }

    fn t_6_1_27_8(&self, e: &mut Vec<Finding>) {
        if !self.is_profile(&["csaf_vex"]) {
            return;
        }
        for (vp, v) in self.vulns() {
            if v.get("cve").is_none() && v.get("ids").is_none() {
                push(e, vp, "a VEX vulnerability needs `cve` or `ids`");
            }
        }
    }

    fn t_6_1_27_9(&self, e: &mut Vec<Finding>) {
        if !self.is_profile(&["csaf_vex"]) {
            return;
        }
        for (vp, v) in self.vulns() {
            let Some(ps) = v.get("product_status") else {
                continue;
            };
            let mut covered: HashSet<String> = HashSet::new();
            for f in arr(v, "flags") {
                covered.extend(self.targets(f));
            }
            for t in arr(v, "threats") {
                if st(t, "category") == Some("impact") {
                    covered.extend(self.targets(t));
                }
            }
            for (k, id) in strs(ps, "known_not_affected") {
                if !covered.contains(&id) {
                    push(
                        e,
                        format!("{vp}/product_status/known_not_affected/{k}"),
                        format!("product {id:?} has no impact statement (flag or impact threat)"),
                    );
                }
            }
        }
    }

    fn t_6_1_27_10(&self, e: &mut Vec<Finding>) {
        if !self.is_profile(&["csaf_vex"]) {
            return;
        }
        for (vp, v) in self.vulns() {
            let Some(ps) = v.get("product_status") else {
                continue;
            };
            let mut covered: HashSet<String> = HashSet::new();
            for r in arr(v, "remediations") {
                covered.extend(self.targets(r));
            }
            for (k, id) in strs(ps, "known_affected") {
                if !covered.contains(&id) {
                    push(
                        e,
                        format!("{vp}/product_status/known_affected/{k}"),
                        format!("product {id:?} has no action statement (remediation)"),
                    );
                }
            }
        }
    }

    fn t_6_1_27_11(&self, e: &mut Vec<Finding>) {
        if self.is_profile(&["csaf_security_advisory", "csaf_vex"])
            && self.doc.get("vulnerabilities").is_none()
        {
            push(e, "/vulnerabilities", "this profile needs vulnerabilities");
        }
    }

    fn t_6_1_28(&self, e: &mut Vec<Finding>) {
        let lang = self.doc.pointer("/document/lang").and_then(Value::as_str);
        let source = self
            .doc
            .pointer("/document/source_lang")
            .and_then(Value::as_str);
        if let (Some(l), Some(s)) = (lang, source)
            && l.eq_ignore_ascii_case(s)
        {
            push(e, "/document/lang", "lang and source_lang must differ");
        }
    }

    fn t_6_1_29(&self, e: &mut Vec<Finding>) {
        for (vp, v) in self.vulns() {
            for (i, r) in arr(v, "remediations").iter().enumerate() {
                if r.get("product_ids").is_none() && r.get("group_ids").is_none() {
                    push(
                        e,
                        format!("{vp}/remediations/{i}"),
                        "a remediation needs product_ids or group_ids",
                    );
                }
            }
        }
    }

    fn t_6_1_30(&self, e: &mut Vec<Finding>) {
        let revs = self.revisions().unwrap_or_default();
        let mut scheme: Option<bool> = None;
        for (number, _, path) in &revs {
            let Some(v) = DocVersion::parse(number) else {
                continue;
            };
            match scheme {
                None => scheme = Some(v.is_integer()),
                Some(s) if s != v.is_integer() => push(
                    e,
                    format!("{path}/number"),
                    "mixed integer and semantic versioning",
                ),
                Some(_) => {}
            }
        }
        if let (Some(s), Some(version)) = (scheme, self.version())
            && DocVersion::parse(version).is_some_and(|v| v.is_integer() != s)
        {
            push(
                e,
                "/document/tracking/version",
                "mixed integer and semantic versioning",
            );
        }
    }

    fn t_6_1_31(&self, e: &mut Vec<Finding>) {
        for (path, name) in &self.product_versions {
            let lower = name.to_lowercase();
            let operator = ["<", "<=", ">", ">="].iter().any(|op| lower.contains(op));
            let word = lower.split_whitespace().any(|w| {
                [
                    "after", "all", "before", "earlier", "later", "prior", "versions",
                ]
                .contains(&w)
            });
            if operator || word {
                push(
                    e,
                    path.clone(),
                    format!("{name:?} is a version range, not a version"),
                );
            }
        }
    }

    fn t_6_1_32(&self, e: &mut Vec<Finding>) {
        for (vp, v) in self.vulns() {
            for (i, f) in arr(v, "flags").iter().enumerate() {
                if f.get("product_ids").is_none() && f.get("group_ids").is_none() {
                    push(
                        e,
                        format!("{vp}/flags/{i}"),
                        "a flag needs product_ids or group_ids",
                    );
                }
            }
        }
    }

    fn t_6_1_33(&self, e: &mut Vec<Finding>) {
        for (vp, v) in self.vulns() {
            let mut seen: HashSet<String> = HashSet::new();
            for (i, f) in arr(v, "flags").iter().enumerate() {
                let mut in_this: HashSet<String> = HashSet::new();
                for id in self.targets(f) {
                    if !in_this.insert(id.clone()) {
                        continue;
                    }
                    if !seen.insert(id.clone()) {
                        push(
                            e,
                            format!("{vp}/flags/{i}"),
                            format!("product {id:?} has more than one VEX justification flag"),
                        );
                    }
                }
            }
        }
    }
}
