//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use cra62443_vex::{Format, Justification, SourceRef, Status, VexStatement};

/// `tests/data/<name>` of this crate.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The Yocto SPDX 3 example, kept once in the SBOM crate's test data.
pub fn spdx3_example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../cra62443-sbom/tests/data/yocto-spdx3-core-image-minimal.spdx.json")
}

/// The Yocto CycloneDX BOM the CycloneDX VEX links into (SBOM crate's test data).
pub fn cdx_bom_example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../cra62443-sbom/tests/data/yocto-cdx14-bom.json")
}

/// A statement with the given key fields.
pub fn stmt(
    vuln: &str,
    product: &str,
    status: Status,
    justification: Option<Justification>,
    timestamp: Option<&str>,
    file: &str,
) -> VexStatement {
    VexStatement {
        vulnerability: vuln.to_string(),
        aliases: Vec::new(),
        product: product.to_string(),
        product_identifiers: Vec::new(),
        subcomponents: Vec::new(),
        status,
        justification,
        impact: None,
        action: None,
        timestamp: timestamp.map(|t| t.parse().expect("timestamp")),
        source: SourceRef {
            file: file.to_string(),
            format: Format::Openvex,
            statement_index: 0,
            pointer: "/statements/0".to_string(),
        },
    }
}

/// A varied set of statements: every status, every justification, purl/CPE/bom-ref/URI
/// products, aliases, subcomponents, impact and action statements.
pub fn varied() -> Vec<VexStatement> {
    let mut out = Vec::new();
    for (i, j) in Justification::ALL.iter().enumerate() {
        let mut s = stmt(
            &format!("CVE-2024-{:04}", 1000 + i),
            "pkg:deb/debian/openssl@3.0.11-1?arch=amd64",
            Status::NotAffected,
            Some(*j),
            Some("2024-05-01T10:00:00Z"),
            "varied",
        );
        s.impact = Some(format!("impact {i}"));
        out.push(s);
    }
    let mut a = stmt(
        "GHSA-abcd-efgh-ijkl",
        "cpe:2.3:o:acme:plc_firmware:2.1:*:*:*:*:*:*:*",
        Status::Affected,
        None,
        Some("2024-05-02T10:00:00Z"),
        "varied",
    );
    a.aliases = vec!["CVE-2024-2000".into()];
    a.action = Some("Update to 2.2.".into());
    out.push(a);
    let mut f = stmt(
        "CVE-2024-3000",
        "pkg:generic/acme/plc-firmware@2.2",
        Status::Fixed,
        None,
        None,
        "varied",
    );
    f.subcomponents = vec!["pkg:generic/busybox@1.36.1".into()];
    out.push(f);
    out.push(stmt(
        "CVE-2024-4000",
        "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#busybox",
        Status::UnderInvestigation,
        None,
        Some("2024-05-03T10:00:00Z"),
        "varied",
    ));
    let mut n = stmt(
        "CVE-2024-5000",
        "http://spdx.org/spdxdocs/example/package/libc6",
        Status::NotAffected,
        None,
        None,
        "varied",
    );
    n.impact = Some("Only reachable through a disabled service.".into());
    n.product_identifiers = vec!["cpe:2.3:*:*:glibc:2.39:*:*:*:*:*:*:*".into()];
    out.push(n);
    out
}

/// The example advisory input built with a fixed clock.
pub fn example_advisory(profile: cra62443_vex::advisory::Profile) -> serde_json::Value {
    let path = data("advisory-input.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let input = cra62443_vex::advisory::parse_input("advisory-input.yaml", &text).unwrap();
    cra62443_vex::advisory::build(&input, profile, "2026-03-09T10:00:00Z".parse().unwrap()).unwrap()
}

/// A deliberately broken CSAF document: a name, the base profile, the mutation and the
/// mandatory tests that must fail (and no others).
pub struct BrokenCase {
    /// Short name (also the file name in validator runs).
    pub name: &'static str,
    /// Profile of the valid document the mutation starts from.
    pub profile: cra62443_vex::advisory::Profile,
    /// The mutation.
    pub mutate: fn(&mut serde_json::Value),
    /// Test IDs that must fail.
    pub fails: &'static [&'static str],
}

fn set(doc: &mut serde_json::Value, pointer: &str, value: serde_json::Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let p = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match p {
        serde_json::Value::Object(o) => {
            o.insert(key.to_string(), value);
        }
        other => *other.get_mut(key.parse::<usize>().unwrap()).unwrap() = value,
    }
}

fn remove(doc: &mut serde_json::Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let p = if parent.is_empty() {
        doc
    } else {
        doc.pointer_mut(parent).unwrap()
    };
    p.as_object_mut()
        .unwrap()
        .remove(key)
        .unwrap_or_else(|| panic!("no {pointer}"));
}

fn history(doc: &mut serde_json::Value, items: &[(&str, &str)], version: &str, status: &str) {
    let list: Vec<serde_json::Value> = items
        .iter()
        .map(|(n, d)| serde_json::json!({"number": n, "date": d, "summary": "s"}))
        .collect();
    set(
        doc,
        "/document/tracking/revision_history",
        serde_json::Value::Array(list),
    );
    set(
        doc,
        "/document/tracking/version",
        serde_json::json!(version),
    );
    set(doc, "/document/tracking/status", serde_json::json!(status));
}

const D1: &str = "2026-03-02T09:00:00Z";
const D2: &str = "2026-03-09T09:00:00Z";

/// One broken document per implemented mandatory test (some break several tests on purpose).
pub fn broken_cases() -> Vec<BrokenCase> {
    use cra62443_vex::advisory::Profile::{SecurityAdvisory as SA, Vex};
    use serde_json::json;
    vec![
        BrokenCase {
            name: "6_1_1",
            profile: SA,
            fails: &["6.1.1"],
            mutate: |d| {
                d["vulnerabilities"][0]["product_status"]["known_affected"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("CSAFPID-9999"));
            },
        },
        BrokenCase {
            name: "6_1_2",
            profile: SA,
            fails: &["6.1.2"],
            mutate: |d| {
                d["product_tree"]["full_product_names"] =
                    json!([{"name": "dup", "product_id": "CSAFPID-0001"}]);
            },
        },
        BrokenCase {
            name: "6_1_3",
            profile: SA,
            fails: &["6.1.3"],
            mutate: |d| {
                d["product_tree"]["relationships"] = json!([
                {"category": "default_component_of", "product_reference": "R2", "relates_to_product_reference": "CSAFPID-0001",
                 "full_product_name": {"name": "r1", "product_id": "R1"}},
                {"category": "default_component_of", "product_reference": "R1", "relates_to_product_reference": "CSAFPID-0002",
                 "full_product_name": {"name": "r2", "product_id": "R2"}}]);
            },
        },
        BrokenCase {
            name: "6_1_4",
            profile: SA,
            fails: &["6.1.4"],
            mutate: |d| {
                d["vulnerabilities"][1]["flags"][0]["group_ids"] = json!(["G-MISSING"]);
            },
        },
        BrokenCase {
            name: "6_1_5",
            profile: SA,
            fails: &["6.1.5"],
            mutate: |d| {
                d["product_tree"]["product_groups"] = json!([
                {"group_id": "G1", "product_ids": ["CSAFPID-0001", "CSAFPID-0002"]},
                {"group_id": "G1", "product_ids": ["CSAFPID-0002", "CSAFPID-0003"]}]);
            },
        },
        BrokenCase {
            name: "6_1_6",
            profile: SA,
            fails: &["6.1.6"],
            mutate: |d| {
                d["vulnerabilities"][0]["product_status"]["known_affected"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("CSAFPID-0003"));
            },
        },
        BrokenCase {
            name: "6_1_7",
            profile: SA,
            fails: &["6.1.7"],
            mutate: |d| {
                let s = d["vulnerabilities"][0]["scores"][0].clone();
                d["vulnerabilities"][0]["scores"]
                    .as_array_mut()
                    .unwrap()
                    .push(s);
            },
        },
        BrokenCase {
            name: "6_1_8",
            profile: SA,
            fails: &["6.1.8", "6.1.10"],
            mutate: |d| {
                set(
                    d,
                    "/vulnerabilities/0/scores/0/cvss_v3/attackVector",
                    json!("SPACE"),
                );
            },
        },
        BrokenCase {
            name: "6_1_9",
            profile: SA,
            fails: &["6.1.9"],
            mutate: |d| {
                set(
                    d,
                    "/vulnerabilities/0/scores/0/cvss_v3/baseScore",
                    json!(5.0),
                );
            },
        },
        BrokenCase {
            name: "6_1_10",
            profile: SA,
            fails: &["6.1.10"],
            mutate: |d| {
                set(
                    d,
                    "/vulnerabilities/0/scores/0/cvss_v3/attackComplexity",
                    json!("HIGH"),
                );
            },
        },
        BrokenCase {
            name: "6_1_12",
            profile: SA,
            fails: &["6.1.12"],
            mutate: |d| {
                set(d, "/document/lang", json!("en-"));
            },
        },
        BrokenCase {
            name: "6_1_13",
            profile: SA,
            fails: &["6.1.13"],
            mutate: |d| {
                set(
                    d,
                    "/product_tree/branches/0/branches/0/branches/0/product/product_identification_helper/purl",
                    json!("pkg:generic/acme/%zz@2.0.0"),
                );
            },
        },
        BrokenCase {
            name: "6_1_14",
            profile: SA,
            fails: &["6.1.14", "6.1.16", "6.1.21"],
            mutate: |d| {
                history(d, &[("2", D1), ("1", D2)], "2", "final");
            },
        },
        BrokenCase {
            name: "6_1_15",
            profile: SA,
            fails: &["6.1.15"],
            mutate: |d| {
                set(d, "/document/publisher/category", json!("translator"));
            },
        },
        BrokenCase {
            name: "6_1_16",
            profile: SA,
            fails: &["6.1.16"],
            mutate: |d| {
                set(d, "/document/tracking/version", json!("1"));
            },
        },
        BrokenCase {
            name: "6_1_17",
            profile: SA,
            fails: &["6.1.17", "6.1.18"],
            mutate: |d| {
                history(d, &[("0", D1)], "0", "final");
            },
        },
        BrokenCase {
            name: "6_1_19",
            profile: SA,
            fails: &["6.1.19"],
            mutate: |d| {
                history(d, &[("1.0.0-rc.1", D1), ("1.0.0", D2)], "1.0.0", "final");
            },
        },
        BrokenCase {
            name: "6_1_20",
            profile: SA,
            fails: &["6.1.16", "6.1.17", "6.1.20"],
            mutate: |d| {
                history(d, &[("1.0.0", D1), ("2.0.0", D2)], "2.0.0-rc.1", "interim");
            },
        },
        BrokenCase {
            name: "6_1_21",
            profile: SA,
            fails: &["6.1.21"],
            mutate: |d| {
                history(d, &[("1", D1), ("3", D2)], "3", "final");
            },
        },
        BrokenCase {
            name: "6_1_22",
            profile: SA,
            fails: &["6.1.22"],
            mutate: |d| {
                history(d, &[("1", D1), ("1", D2)], "1", "final");
            },
        },
        BrokenCase {
            name: "6_1_23",
            profile: SA,
            fails: &["6.1.23"],
            mutate: |d| {
                set(d, "/vulnerabilities/1/cve", json!("CVE-2026-10001"));
            },
        },
        BrokenCase {
            name: "6_1_24",
            profile: SA,
            fails: &["6.1.24"],
            mutate: |d| {
                d["vulnerabilities"][0]["involvements"] = json!([
                {"party": "vendor", "status": "in_progress", "date": D1},
                {"party": "vendor", "status": "completed", "date": D1}]);
                // csaf-validator-lib 2.0.10 runs 6.1.24 only when every vulnerability has
                // involvements; give the other one a (valid) involvement too.
                d["vulnerabilities"][1]["involvements"] = json!([
                {"party": "vendor", "status": "completed", "date": D1}]);
            },
        },
        BrokenCase {
            name: "6_1_25",
            profile: SA,
            fails: &["6.1.25"],
            mutate: |d| {
                d["product_tree"]["branches"][0]["branches"][0]["branches"][0]["product"]["product_identification_helper"]
                    ["hashes"] = json!([
                {"filename": "fw.bin", "file_hashes": [
                    {"algorithm": "sha256", "value": "aa0c2a1e6c4f2b6d1f0e9c8b7a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d"},
                    {"algorithm": "sha256", "value": "bb0c2a1e6c4f2b6d1f0e9c8b7a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d"}]}]);
            },
        },
        BrokenCase {
            name: "6_1_26",
            profile: SA,
            fails: &["6.1.26"],
            mutate: |d| {
                set(d, "/document/category", json!("Security Advisory"));
            },
        },
        BrokenCase {
            name: "6_1_27_1",
            profile: SA,
            fails: &["6.1.27.1", "6.1.27.2"],
            mutate: |d| {
                set(
                    d,
                    "/document/category",
                    json!("csaf_security_incident_response"),
                );
                remove(d, "/document/notes");
            },
        },
        BrokenCase {
            name: "6_1_27_3",
            profile: SA,
            fails: &["6.1.27.2", "6.1.27.3"],
            mutate: |d| {
                set(
                    d,
                    "/document/category",
                    json!("csaf_informational_advisory"),
                );
            },
        },
        BrokenCase {
            name: "6_1_27_4",
            profile: SA,
            fails: &["6.1.1", "6.1.27.4"],
            mutate: |d| {
                remove(d, "/product_tree");
            },
        },
        BrokenCase {
            name: "6_1_27_5",
            profile: Vex,
            fails: &["6.1.27.5"],
            mutate: |d| {
                remove(d, "/vulnerabilities/0/notes");
            },
        },
        BrokenCase {
            name: "6_1_27_6",
            profile: SA,
            fails: &["6.1.27.6"],
            mutate: |d| {
                remove(d, "/vulnerabilities/0/product_status");
            },
        },
        BrokenCase {
            name: "6_1_27_7",
            profile: Vex,
            fails: &["6.1.27.7"],
            mutate: |d| {
                set(
                    d,
                    "/vulnerabilities/1/product_status",
                    json!({"recommended": ["CSAFPID-0003"]}),
                );
                remove(d, "/vulnerabilities/1/flags");
                remove(d, "/vulnerabilities/1/threats");
            },
        },
        BrokenCase {
            name: "6_1_27_8",
            profile: Vex,
            fails: &["6.1.27.8"],
            mutate: |d| {
                remove(d, "/vulnerabilities/1/cve");
            },
        },
        BrokenCase {
            name: "6_1_27_9",
            profile: Vex,
            fails: &["6.1.27.9"],
            mutate: |d| {
                remove(d, "/vulnerabilities/1/flags");
                remove(d, "/vulnerabilities/1/threats");
            },
        },
        BrokenCase {
            name: "6_1_27_10",
            profile: Vex,
            fails: &["6.1.27.10"],
            mutate: |d| {
                remove(d, "/vulnerabilities/0/remediations");
            },
        },
        BrokenCase {
            name: "6_1_27_11",
            profile: Vex,
            fails: &["6.1.27.11"],
            mutate: |d| {
                remove(d, "/vulnerabilities");
            },
        },
        BrokenCase {
            name: "6_1_28",
            profile: SA,
            fails: &["6.1.28"],
            mutate: |d| {
                set(d, "/document/source_lang", json!("en"));
            },
        },
        BrokenCase {
            name: "6_1_29",
            profile: SA,
            fails: &["6.1.29"],
            mutate: |d| {
                remove(d, "/vulnerabilities/0/remediations/0/product_ids");
                // csaf-validator-lib 2.0.10 runs 6.1.29 only when every vulnerability has
                // remediations.
                d["vulnerabilities"][1]["remediations"] = json!([
                {"category": "none_available", "details": "Not needed.", "product_ids": ["CSAFPID-0001"]}]);
            },
        },
        BrokenCase {
            name: "6_1_30",
            profile: SA,
            fails: &["6.1.30"],
            mutate: |d| {
                history(d, &[("1", D1), ("2.0.0", D2)], "2.0.0", "final");
            },
        },
        BrokenCase {
            name: "6_1_31",
            profile: SA,
            fails: &["6.1.31"],
            mutate: |d| {
                set(
                    d,
                    "/product_tree/branches/0/branches/0/branches/0/name",
                    json!("< 2.1.0"),
                );
            },
        },
        BrokenCase {
            name: "6_1_32",
            profile: SA,
            fails: &["6.1.32"],
            mutate: |d| {
                remove(d, "/vulnerabilities/1/flags/0/product_ids");
                // csaf-validator-lib 2.0.10 runs 6.1.32 only when every vulnerability has flags.
                d["vulnerabilities"][0]["flags"] = json!([
                {"label": "vulnerable_code_not_present", "product_ids": ["CSAFPID-0003"]}]);
            },
        },
        BrokenCase {
            name: "6_1_33",
            profile: Vex,
            fails: &["6.1.33"],
            mutate: |d| {
                d["vulnerabilities"][1]["flags"]
                    .as_array_mut()
                    .unwrap()
                    .push(
                        json!({"label": "component_not_present", "product_ids": ["CSAFPID-0001"]}),
                    );
                // csaf-validator-lib 2.0.10 runs 6.1.33 only when every vulnerability has flags.
                d["vulnerabilities"][0]["flags"] = json!([
                {"label": "vulnerable_code_not_present", "product_ids": ["CSAFPID-0003"]}]);
            },
        },
    ]
}
