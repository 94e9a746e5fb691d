//! The `cra62443` binary as a user runs it: exit codes, output formats, the JSON contract.

mod common;

use common::{cra62443, json};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn readme_first_command_lists_the_ndr_set_at_sl2() {
    cra62443()
        .args([
            "catalog",
            "list",
            "--doc",
            "iec62443-4-2",
            "--component-type",
            "NDR",
            "--sl-vector",
            "2,2,2,2,2,2,2",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("iec62443-4-2:ndr-5.2.re-1"))
        .stdout(predicate::str::contains("iec62443-4-2:cr-1.1.re-1"))
        .stdout(predicate::str::contains("cr-1.1.re-2").not())
        .stdout(predicate::str::contains("sar-2.4").not());
}

#[test]
fn json_listing_contract() {
    let list = json(&[
        "catalog",
        "list",
        "--doc",
        "iec62443-4-2",
        "--component-type",
        "NDR",
        "--sl-vector",
        "2,2,2,2,2,2,2",
        "--format",
        "json",
    ]);
    let items = list.as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        for key in [
            "id",
            "ref",
            "title",
            "document",
            "sl",
            "fr",
            "component_types",
            "assessable",
        ] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        assert!(item["sl"].as_u64().unwrap() <= 2);
        assert!((1..=7).contains(&item["fr"].as_u64().unwrap()));
        assert_eq!(item["document"], "iec62443-4-2");
        assert_eq!(item["assessable"], true);
        let types = item["component_types"].as_array().unwrap();
        assert!(
            types.is_empty() || types == &vec![Value::from("NDR")],
            "{item}"
        );
    }
    let m606 = json(&[
        "catalog", "list", "--doc", "m606", "--kind", "line", "--format", "json",
    ]);
    let lines = m606.as_array().unwrap();
    assert_eq!(lines.len(), 41);
    for line in lines {
        assert!(line["deadline"].as_str().unwrap().len() == 10, "{line}");
        assert!(
            line["cra_anchor"].as_str().unwrap().starts_with("cra:"),
            "{line}"
        );
    }
}

#[test]
fn show_json_is_one_object_with_legal_text_for_cra_items() {
    let item = json(&[
        "catalog",
        "show",
        "Annex I Part I (2)(c)",
        "--format",
        "json",
    ]);
    assert_eq!(item["id"], "cra:annex-i.p1.2c");
    assert_eq!(item["ref"], "Annex I Part I (2)(c)");
    assert!(
        item["text"]
            .as_str()
            .unwrap()
            .contains("clear and easy-to-use opt-out mechanism")
    );
    let cr = json(&["catalog", "show", "cr 1.1 re(2)", "--format", "json"]);
    assert_eq!(cr["id"], "iec62443-4-2:cr-1.1.re-2");
    assert_eq!(cr["sl"], 3);
    assert!(cr.get("text").is_none());
}

#[test]
fn unknown_id_exits_2_with_one_line_and_suggestions() {
    let output = cra62443()
        .args(["catalog", "show", "CR 1.15"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: unknown requirement `CR 1.15`; closest: "),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn ambiguous_reference_exits_2_and_lists_candidates() {
    cra62443()
        .args(["catalog", "show", "FR 3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ambiguous"))
        .stderr(predicate::str::contains("iec62443-4-2:fr-3"))
        .stderr(predicate::str::contains("iec62443-3-3:fr-3"));
}

#[test]
fn bad_sl_vector_is_a_usage_error() {
    cra62443()
        .args(["catalog", "list", "--sl-vector", "2,2,2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("an SL vector has 7 values"));
    cra62443()
        .args(["catalog", "list", "--component-type", "PLC"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected SAR, EDR, HDR or NDR"));
}

#[test]
fn csv_listing_has_a_header_and_one_row_per_entry() {
    let output = cra62443()
        .args([
            "catalog",
            "list",
            "--doc",
            "iec62443-4-1",
            "--kind",
            "requirement",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap().get(0), Some("id"));
    assert_eq!(reader.records().count(), 47);
}

#[test]
fn search_finds_by_words() {
    cra62443()
        .args(["catalog", "search", "zone boundary"])
        .assert()
        .success()
        .stdout(predicate::str::contains("iec62443-4-2:ndr-5.2"))
        .stdout(predicate::str::contains("iec62443-3-3:sr-5.2"));
}

#[test]
fn data_check_passes_on_bundled_data() {
    cra62443()
        .args(["data", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems"));
}

#[test]
fn data_check_reports_file_line_and_field_on_broken_data() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = format!(
        "{}/../cra62443-catalog/tests/fixtures/broken/bad-sl.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::copy(fixture, dir.path().join("bad-sl.yaml")).unwrap();
    let output = cra62443()
        .args(["data", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("bad-sl.yaml:39:9"), "{stderr}");
    assert!(stderr.contains("field: requirements[2].sl"), "{stderr}");
    assert!(
        stderr.contains("expected a security level 1 to 4, found 5"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn overlay_text_is_shown_and_marked() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = dir.path().join("overlay.yaml");
    std::fs::write(
        &overlay,
        "schema: cra62443/overlay/v1\nsource: \"ACME licensed copy\"\ntexts:\n  - id: \"NDR 5.2\"\n    text: \"My licensed full text.\"\n",
    )
    .unwrap();
    cra62443()
        .args(["--overlay"])
        .arg(&overlay)
        .args(["catalog", "show", "ndr 5.2"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Licensed text (your overlay: ACME licensed copy)",
        ))
        .stdout(predicate::str::contains("My licensed full text."));
    // A malformed overlay names file and line.
    std::fs::write(
        &overlay,
        "schema: cra62443/overlay/v1\nsource: x\ntexts:\n  - id: \"NDR 99\"\n    text: y\n",
    )
    .unwrap();
    cra62443()
        .args(["--overlay"])
        .arg(&overlay)
        .args(["catalog", "show", "ndr 5.2"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("overlay.yaml:4:"))
        .stderr(predicate::str::contains("unknown requirement `NDR 99`"));
}

#[test]
fn docs_lists_every_document() {
    let docs = json(&["catalog", "docs", "--format", "json"]);
    let ids: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    for id in [
        "cra",
        "iec62443-4-1",
        "iec62443-4-2",
        "iec62443-3-3",
        "en40000-1-2",
        "en40000-1-3",
        "en40000-1-4",
        "m606",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}
