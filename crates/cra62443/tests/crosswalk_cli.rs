//! `map`, `gaps` and `export oscal` as a user runs them, and the OSCAL output checked with the
//! format's own validators (check-jsonschema, oscal-validate) when they are installed —
//! always in CI, where `.ci/run` installs them into `.ci/.venv`.

mod common;

use common::{cra62443, json};
use std::path::PathBuf;
use std::process::Command as Process;

use predicates::prelude::*;
use serde_json::Value;

fn item<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn gaps_json_contract_and_the_seed_example() {
    let base = json(&[
        "gaps",
        "--from",
        "cra",
        "--to",
        "iec62443-4-1,iec62443-4-2",
        "--format",
        "json",
    ]);
    assert_eq!(base["from"], "cra");
    assert_eq!(
        base["to"],
        serde_json::json!(["iec62443-4-1", "iec62443-4-2"])
    );
    assert_eq!(base["amendments"], serde_json::json!([]));
    for i in base["items"].as_array().unwrap() {
        assert!(
            ["covered", "partial", "gap"].contains(&i["status"].as_str().unwrap()),
            "{i}"
        );
        for m in i["mappings"].as_array().unwrap() {
            assert!(
                m["target"].is_string() && m["relation"].is_string() && m["rationale"].is_string()
            );
        }
        for g in i["gaps"].as_array().unwrap() {
            assert!(g["statement"].is_string());
        }
    }
    assert!(base["summary"]["items"].as_u64().unwrap() >= 22);
    let c = item(&base, "cra:annex-i.p1.2c");
    assert_ne!(c["status"], "covered");
    assert!(c["gaps"].as_array().unwrap().iter().any(|g| {
        g["statement"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("automatic")
    }));

    let amended = json(&[
        "gaps",
        "--to",
        "iec62443-4-1,iec62443-4-2",
        "--with-amendments",
        "a11",
        "--format",
        "json",
    ]);
    assert_eq!(amended["amendments"], serde_json::json!(["a11"]));
    let c = item(&amended, "cra:annex-i.p1.2c");
    assert_eq!(c["status"], "covered");
    let targets: Vec<&str> = c["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    assert!(
        targets.contains(&"iec62443-4-1:sum-6") && targets.contains(&"iec62443-4-2:cr-3.10.re-2")
    );
}

#[test]
fn gaps_table_fits_100_columns_and_ends_with_a_summary() {
    let output = cra62443().args(["gaps"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "too wide: {line}");
    }
    assert!(text.lines().last().unwrap().starts_with("summary:") || text.contains("\nsummary: "));
}

#[test]
fn pt2_table_shape() {
    let report = json(&[
        "gaps",
        "--from",
        "en40000-1-4",
        "--to",
        "iec62443-4-2",
        "--format",
        "json",
    ]);
    let ac = item(&report, "en40000-1-4:wd2025.ecr-d.access-control");
    assert_eq!(ac["seed_stats"], "6/26");
    assert!(ac["x"].is_u64() && ac["s"].is_u64());
    cra62443()
        .args(["gaps", "--from", "en40000-1-4", "--to", "iec62443-4-2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("SEED X/S"))
        .stdout(predicate::str::contains("6/26"));
}

#[test]
fn gaps_from_the_cited_source_only() {
    let report = json(&["gaps", "--source", "jrc-enisa-2024", "--format", "json"]);
    assert_eq!(report["sets"], serde_json::json!(["jrc-enisa-2024"]));
    assert_eq!(report["items"].as_array().unwrap().len(), 22);
}

#[test]
fn gaps_csv_and_markdown() {
    let output = cra62443()
        .args(["gaps", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("id,ref,title,status,"));
    cra62443()
        .args(["gaps", "--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("| Item | Title | Status |"));
}

#[test]
fn gaps_bad_usage() {
    cra62443()
        .args(["gaps", "--to", "iec62443-9-9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown document `iec62443-9-9`"));
    cra62443()
        .args(["gaps", "--with-amendments", "a99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown amendment"));
    cra62443()
        .args(["gaps", "--source", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown mapping set"));
}

#[test]
fn map_shows_both_directions_and_chains() {
    let out = json(&["map", "NDR 3.10", "--format", "json"]);
    assert_eq!(out["id"], "iec62443-4-2:ndr-3.10");
    let rel = out["relations"].as_array().unwrap();
    assert!(
        rel.iter()
            .any(|r| r["direction"] == "<-" && r["other"] == "cra:annex-i.p1.2c"),
        "{out}"
    );
    let out = json(&[
        "map",
        "en40000-1-4:ecr-c.so.updateability",
        "--depth",
        "2",
        "--to",
        "cra",
        "--format",
        "json",
    ]);
    let chains = out["chains"].as_array().unwrap();
    assert!(
        chains
            .iter()
            .any(|c| c["steps"].as_array().unwrap().last().unwrap()["to"] == "cra:annex-i.p1.2c"),
        "{out}"
    );
    cra62443()
        .args(["map", "Annex I Part I (2)(c)"])
        .assert()
        .success()
        .stdout(predicate::str::contains("GAP"));
    cra62443().args(["map", "CR 99.9"]).assert().code(2);
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

#[test]
fn oscal_exports_pass_the_official_validators() {
    let dir = tempfile::tempdir().unwrap();
    cra62443()
        .args([
            "export",
            "oscal",
            "--timestamp",
            "2026-11-29T00:00:00Z",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let files: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().ends_with("cra.catalog.json"))
    );
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().ends_with("jrc-enisa-2024.mapping.json"))
    );
    let venv = workspace_root().join(".ci/.venv/bin");
    let check = venv.join("check-jsonschema");
    let oscal_validate = venv.join("oscal-validate");
    if !check.exists() || !oscal_validate.exists() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install the OSCAL validators (.ci/run)"
        );
        eprintln!(
            "skipping external OSCAL validators: run .ci/run once to install them into .ci/.venv"
        );
        return;
    }
    let schema = workspace_root().join("schemas/oscal/oscal_complete_schema.json");
    let status = Process::new(&check)
        .arg("--schemafile")
        .arg(&schema)
        .args(&files)
        .status()
        .unwrap();
    assert!(status.success(), "check-jsonschema rejected an export");
    for file in &files {
        let output = Process::new(&oscal_validate)
            .arg("--resolve")
            .arg(dir.path())
            .arg(file)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "oscal-validate rejected {}:\n{}",
            file.display(),
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn profile_commands() {
    cra62443()
        .args(["profile", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ot-firewall"))
        .stdout(predicate::str::contains("36b"));
    let r = json(&[
        "profile",
        "resolve",
        "ot-router-switch",
        "--component-type",
        "NDR",
        "--format",
        "json",
    ]);
    assert_eq!(r["profile"], "ot-router-switch");
    assert_eq!(r["sl_target"].as_array().unwrap().len(), 7);
    for x in r["requirements"].as_array().unwrap() {
        assert!(x["id"].is_string() && x["origin"].is_string(), "{x}");
    }
    assert!(r["excluded"].is_array());
    assert_eq!(r["cra_coverage"].as_array().unwrap().len(), 22);
    for c in r["cra_coverage"].as_array().unwrap() {
        assert!(c["id"].is_string() && c["status"].is_string());
    }
    cra62443()
        .args([
            "profile",
            "diff",
            "ot-router-switch",
            "ot-firewall",
            "--component-type",
            "NDR",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("required only by ot-firewall"));
    cra62443()
        .args(["profile", "show", "ot-siem"])
        .assert()
        .success()
        .stdout(predicate::str::contains("derived by this project"));
    cra62443()
        .args(["profile", "resolve", "ot-nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown profile"));
    cra62443()
        .args(["profile", "resolve", "ot-siem", "--component-type", "NDR"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is written for"));
    let oscal = json(&["profile", "resolve", "ot-firewall", "--format", "oscal"]);
    assert!(oscal["catalog"]["groups"].is_array());
}

#[test]
fn profile_check_reports_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.yaml");
    std::fs::write(
        &file,
        "schema: cra62443/profile/v1\nprofile:\n  id: my-switch\n  title: Mine\n  version: \"1\"\n  status: user\n  extends: ot-router-switch\n  base:\n    - { document: iec62443-4-2 }\nselection:\n  - exclude: iec62443-4-2:cr-4.2.re-2\n    justification: the switch keeps no user data whose erasure would need verifying\n",
    )
    .unwrap();
    cra62443()
        .args(["profile", "check"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("ok: profile `my-switch`"));
    std::fs::write(
        &file,
        "schema: cra62443/profile/v1\nprofile:\n  id: my-switch\n  title: Mine\n  version: \"1\"\n  status: user\n  base:\n    - { document: iec62443-4-2 }\nselection:\n  - exclude: iec62443-4-2:cr-7.7\n",
    )
    .unwrap();
    cra62443()
        .args(["profile", "check"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("mine.yaml:10:"))
        .stderr(predicate::str::contains(
            "an exclusion needs a justification",
        ));
}
