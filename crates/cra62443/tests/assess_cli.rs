//! The main job end to end: the four demo products, the output contracts, stale evidence,
//! justified overrides, product-file errors and the evidence/verdict workflow.

mod common;

use common::cra62443;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

const AS_OF: &str = "2026-11-29";

/// Extracts the bundled examples into a fresh directory with `demo` and returns it.
fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    cra62443()
        .args(["demo", "--as-of", AS_OF, "--out"])
        .arg(dir.path())
        .assert()
        .success();
    dir
}

fn json(args: &[&str], product: &Path) -> Value {
    let output = cra62443().args(args).arg(product).output().unwrap();
    assert!(
        output.status.success() || output.status.code() == Some(3),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn assess(product: &Path) -> Value {
    json(
        &["assess", "--no-write", "--as-of", AS_OF, "--format", "json"],
        product,
    )
}

fn soa<'a>(result: &'a Value, id: &str) -> &'a Value {
    result["soa"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in the SoA"))
}

#[test]
fn demo_writes_reports_for_four_products() {
    let dir = demo_dir();
    for ex in ["managed-switch", "firewall", "unmanaged-switch", "plc"] {
        for f in ["report.html", "report.md", "result.json"] {
            let p = dir.path().join(ex).join("report").join(f);
            assert!(p.exists(), "{}", p.display());
        }
        let leftovers: Vec<PathBuf> = std::fs::read_dir(dir.path().join(ex).join("report"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".tmp"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "no temporary files left: {leftovers:?}"
        );
    }
}

#[test]
fn classification_contract_for_the_four_examples() {
    let dir = demo_dir();
    let expect = [
        (
            "managed-switch",
            "important-class-i",
            Some("cra:annex-iii.c1.12"),
            vec!["module-b-c", "module-h"],
        ),
        (
            "firewall",
            "important-class-ii",
            Some("cra:annex-iii.c2.2"),
            vec!["module-b-c", "module-h", "eucc"],
        ),
        (
            "unmanaged-switch",
            "important-class-i",
            Some("cra:annex-iii.c1.12"),
            vec!["module-b-c", "module-h"],
        ),
        (
            "plc",
            "default",
            None,
            vec!["module-a", "module-b-c", "module-h", "eucc"],
        ),
    ];
    for (ex, class, item, routes) in expect {
        let c = json(
            &["classify", "--format", "json"],
            &dir.path().join(ex).join("product.yaml"),
        );
        assert_eq!(c["class"], class, "{ex}");
        assert_eq!(c["annex_item"].as_str(), item, "{ex}");
        let got: Vec<&str> = c["routes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert_eq!(got, routes, "{ex}");
    }
    // Class II never allows module A; a default product does.
    let plc = json(
        &["classify", "--format", "json"],
        &dir.path().join("plc/product.yaml"),
    );
    assert_eq!(
        plc["support_period"]["status"], "too-short",
        "4 years support for a 20-year product"
    );
}

#[test]
fn assess_contract_and_golden_results() {
    let dir = demo_dir();
    let mut golden = serde_json::Map::new();
    for ex in ["managed-switch", "firewall", "unmanaged-switch", "plc"] {
        let r = assess(&dir.path().join(ex).join("product.yaml"));
        let t = r["sl_target"].as_array().unwrap();
        let a = r["sl_achieved"].as_array().unwrap();
        assert_eq!(t.len(), 7);
        assert_eq!(a.len(), 7);
        assert!(a.iter().all(|x| x.as_u64().unwrap() <= 4));
        for s in r["soa"].as_array().unwrap() {
            assert!(
                s["id"].is_string()
                    && s["applicable"].is_boolean()
                    && s["reason"].is_string()
                    && s["override"].is_boolean(),
                "{s}"
            );
        }
        let cra = r["cra"].as_array().unwrap();
        assert_eq!(cra.len(), 22, "every Annex I item");
        for c in cra {
            assert!(
                ["covered", "partial", "not-covered", "not-applicable"]
                    .contains(&c["status"].as_str().unwrap()),
                "{c}"
            );
        }
        golden.insert(
            ex.to_string(),
            serde_json::json!({
                "class": r["classification"]["class"],
                "routes": r["classification"]["routes"],
                "sl_target": r["sl_target"],
                "sl_achieved": r["sl_achieved"],
                "cra": cra.iter().map(|c| format!("{} {}", c["ref"].as_str().unwrap(), c["status"].as_str().unwrap())).collect::<Vec<_>>(),
                "summary": r["summary"],
                "ready": r["readiness"]["ready"],
            }),
        );
    }
    insta::assert_json_snapshot!(Value::Object(golden));
}

#[test]
fn the_seeds_unmanaged_switch() {
    let dir = demo_dir();
    let r = assess(&dir.path().join("unmanaged-switch/product.yaml"));
    // Human-user authentication, account management, audit and monitoring: not applicable by
    // technical capability.
    for id in [
        "iec62443-4-2:cr-1.1",
        "iec62443-4-2:cr-1.3",
        "iec62443-4-2:cr-2.8",
        "iec62443-4-2:cr-6.1",
    ] {
        let s = soa(&r, id);
        assert_eq!(s["applicable"], false, "{id}");
        assert!(
            s["reason"]
                .as_str()
                .unwrap()
                .contains("not applicable by technical capability"),
            "{id}: {}",
            s["reason"]
        );
        assert_eq!(s["override"], false);
    }
    // DoS protection, least functionality and update support are still assessed.
    for id in [
        "iec62443-4-2:cr-7.1",
        "iec62443-4-2:cr-7.7",
        "iec62443-4-2:ndr-3.10",
    ] {
        assert_eq!(soa(&r, id)["applicable"], true, "{id}");
    }
    // The justified override is shown as an override.
    let o = soa(&r, "iec62443-4-2:cr-3.8");
    assert_eq!(o["applicable"], false);
    assert_eq!(o["override"], true);
    assert!(o["reason"].as_str().unwrap().starts_with("override: "));
    let d = r["cra"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cra:annex-i.p1.2d")
        .unwrap();
    assert_eq!(d["status"], "not-applicable");
}

#[test]
fn stale_evidence_is_detected_and_can_fail_the_run() {
    let dir = demo_dir();
    let product = dir.path().join("unmanaged-switch/product.yaml");
    let before = assess(&product);
    assert_eq!(before["summary"]["stale"], 0);
    std::fs::write(
        dir.path()
            .join("unmanaged-switch/evidence/test-report-fr7.md"),
        "changed after the verdict\n",
    )
    .unwrap();
    let after = assess(&product);
    assert!(after["summary"]["stale"].as_u64().unwrap() > 0);
    let stale = after["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["evidence_state"] == "stale")
        .unwrap();
    assert!(
        stale["evidence_problems"][0]
            .as_str()
            .unwrap()
            .contains("changed since it was recorded")
    );
    cra62443()
        .args([
            "assess",
            "--no-write",
            "--as-of",
            AS_OF,
            "--fail-on",
            "stale",
        ])
        .arg(&product)
        .assert()
        .code(3);
    std::fs::remove_file(
        dir.path()
            .join("unmanaged-switch/evidence/test-report-fr7.md"),
    )
    .unwrap();
    let missing = assess(&product);
    assert!(missing["verdicts"].as_array().unwrap().iter().any(|v| {
        v["evidence_problems"]
            .as_array()
            .is_some_and(|p| p.iter().any(|x| x.as_str().unwrap().contains("is missing")))
    }));
}

#[test]
fn override_without_justification_is_rejected() {
    let dir = demo_dir();
    let product = dir.path().join("unmanaged-switch/product.yaml");
    let text = std::fs::read_to_string(&product).unwrap();
    let broken = text.replace(
        "    justification: \"The switch has no sessions of its own: it terminates no protocol and only forwards frames in hardware.\"\n",
        "",
    );
    assert_ne!(broken, text);
    std::fs::write(&product, broken).unwrap();
    cra62443()
        .args(["assess", "--no-write", "--as-of", AS_OF])
        .arg(&product)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("product.yaml:"))
        .stderr(predicate::str::contains(
            "needs a justification (Art. 13(4)",
        ));
}

#[test]
fn product_file_errors_name_the_field_and_suggest() {
    let dir = demo_dir();
    let product = dir.path().join("plc/product.yaml");
    let text = std::fs::read_to_string(&product).unwrap();
    std::fs::write(
        &product,
        text.replace("  - audit-logging\n", "  - audit-loging\n")
            .replace("end: 2030-03-31", "end: 2030-03-32"),
    )
    .unwrap();
    let output = cra62443()
        .args(["classify"])
        .arg(&product)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unknown capability `audit-loging`; did you mean `audit-logging`?"),
        "{stderr}"
    );
    assert!(stderr.contains("field: capabilities[4]"), "{stderr}");
    assert!(
        stderr.contains("expected an ISO date YYYY-MM-DD, found `2030-03-32`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn evidence_and_verdict_workflow_keeps_history() {
    let dir = demo_dir();
    let product = dir.path().join("plc/product.yaml");
    let report = dir.path().join("plc/evidence/new-test.md");
    std::fs::write(&report, "backup test\n").unwrap();
    cra62443()
        .args(["evidence", "add", "CR 7.3", "--product"])
        .arg(&product)
        .arg(&report)
        .assert()
        .success()
        .stdout(predicate::str::contains("sha256"));
    cra62443()
        .args([
            "verdict",
            "CR 7.3",
            "fail",
            "--date",
            "2026-11-28",
            "--note",
            "restore failed",
            "--product",
        ])
        .arg(&product)
        .assert()
        .success();
    cra62443()
        .args([
            "verdict",
            "CR 7.3",
            "pass",
            "--date",
            "2026-11-29",
            "--met-by",
            "component",
            "--product",
        ])
        .arg(&product)
        .assert()
        .success()
        .stdout(predicate::str::contains("was fail, kept in history"));
    let text = std::fs::read_to_string(dir.path().join("plc/assessment.yaml")).unwrap();
    assert!(
        text.contains("restore failed"),
        "the earlier verdict and its note stay in the history"
    );
    let r = assess(&product);
    let v = r["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "iec62443-4-2:cr-7.3")
        .unwrap();
    assert_eq!(v["verdict"], "pass");
    assert_eq!(v["evidence_state"], "current");
    cra62443()
        .args(["verdict", "CR 7.3", "maybe", "--product"])
        .arg(&product)
        .assert()
        .code(2);
    cra62443()
        .args(["verdict", "CR 99.1", "pass", "--product"])
        .arg(&product)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("closest"));
}

#[test]
fn golden_markdown_report() {
    let dir = demo_dir();
    let output = cra62443()
        .args(["assess", "--no-write", "--as-of", AS_OF, "--format", "md"])
        .arg(dir.path().join("unmanaged-switch/product.yaml"))
        .output()
        .unwrap();
    let md = String::from_utf8(output.stdout).unwrap();
    // Evidence hashes are stable because the example files are; paths are relative.
    insta::assert_snapshot!(md);
}

#[test]
fn html_report_is_self_contained() {
    let dir = demo_dir();
    let html = std::fs::read_to_string(dir.path().join("firewall/report/report.html")).unwrap();
    assert!(html.contains("<svg"), "the SL chart is inline SVG");
    assert!(
        html.contains("id=\"cra-matrix\"")
            && html.contains("id=\"soa-table\"")
            && html.contains("id=\"evidence-table\"")
    );
    for external in [
        "<script src",
        "<link rel=\"stylesheet\"",
        "src=\"http",
        "href=\"http",
        "@import",
    ] {
        assert!(!html.contains(external), "no external asset: {external}");
    }
}

#[test]
fn plan_lists_artefacts_and_acceptance_at_the_target() {
    let dir = demo_dir();
    let plan = json(
        &["plan", "--format", "json"],
        &dir.path().join("managed-switch/product.yaml"),
    );
    let items = plan.as_array().unwrap();
    let re2 = items
        .iter()
        .find(|p| p["id"] == "iec62443-4-2:cr-3.10.re-2");
    if let Some(re2) = re2 {
        assert!(re2["artefacts"].as_array().unwrap().len() >= 3);
    }
    let ndr310 = items
        .iter()
        .find(|p| p["id"] == "iec62443-4-2:ndr-3.10")
        .unwrap();
    assert!(!ndr310["acceptance"].as_array().unwrap().is_empty());
    assert!(!ndr310["artefacts"].as_array().unwrap().is_empty());
}

#[test]
fn init_writes_a_template_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("product.yaml");
    cra62443()
        .args([
            "init",
            "--non-interactive",
            "--name",
            "Test RTU",
            "--component-type",
            "EDR",
            "--profile",
            "ot-component",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    cra62443()
        .args(["classify", "--format", "json"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"class\": \"default\""));
    cra62443()
        .args(["init", "--non-interactive", "--output"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists"));
}

#[test]
fn a_vulnerability_scan_decides_annex_i_2a() {
    let dir = demo_dir();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let db = dir.path().join("vuln.db");
    let mut import = cra62443();
    import.args(["vulndb", "import", "--db"]).arg(&db);
    for entry in std::fs::read_dir(root.join("crates/cra62443-vuln/tests/data")).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() || p.extension().is_some_and(|x| x == "json") {
            import.arg(p);
        }
    }
    import.assert().success();
    let scan = cra62443()
        .args(["vuln", "scan", "--format", "json", "--db"])
        .arg(&db)
        .arg(root.join("crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json"))
        .output()
        .unwrap();
    let product_dir = dir.path().join("unmanaged-switch");
    std::fs::write(product_dir.join("scan.json"), &scan.stdout).unwrap();
    let product = product_dir.join("product.yaml");
    let text = std::fs::read_to_string(&product).unwrap();
    std::fs::write(&product, format!("{text}vulnerability_scan: scan.json\n")).unwrap();
    let r = assess(&product);
    let a = r["cra"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cra:annex-i.p1.2a")
        .unwrap();
    assert_eq!(a["status"], "not-covered");
    assert!(
        a["reason"]
            .as_str()
            .unwrap()
            .contains("known vulnerabilities open"),
        "{a}"
    );
    // A clean scan lets the requirements behind (2)(a) decide.
    std::fs::write(product_dir.join("scan.json"), r#"{"summary": {"findings": 0, "known_exploited": 0, "indeterminate": 0, "suppressed": 2}}"#).unwrap();
    let r = assess(&product);
    let a = r["cra"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cra:annex-i.p1.2a")
        .unwrap();
    assert_ne!(a["status"], "not-covered", "{a}");
}
