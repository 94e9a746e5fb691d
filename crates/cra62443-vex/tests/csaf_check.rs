//! The CSAF advisory builder and the offline mandatory tests, on valid and deliberately
//! broken documents.

mod common;

use common::{broken_cases, data, example_advisory};
use cra62443_vex::advisory::{
    self, AdvisoryError, IMPLEMENTED, NOT_IMPLEMENTED, Profile, check, cvss,
};
use cra62443_vex::{WriteFormat, WriteOptions, read_file, to_pretty_json, write};

fn failing(doc: &serde_json::Value) -> Vec<&'static str> {
    check(doc)
        .into_iter()
        .filter(|r| !r.passed())
        .map(|r| r.id)
        .collect()
}

#[test]
fn built_advisories_pass_every_implemented_test() {
    for profile in [Profile::SecurityAdvisory, Profile::Vex] {
        let doc = example_advisory(profile);
        let results = check(&doc);
        assert_eq!(results.len(), IMPLEMENTED.len());
        let bad: Vec<_> = results.iter().filter(|r| !r.passed()).collect();
        assert!(bad.is_empty(), "{profile:?}: {bad:#?}");
    }
}

#[test]
fn the_builder_output_has_the_documented_shape() {
    let doc = example_advisory(Profile::Vex);
    assert_eq!(doc["document"]["category"], "csaf_vex");
    let t = &doc["document"]["tracking"];
    assert_eq!(t["id"], "ACME-SA-2026-001");
    assert_eq!(t["version"], "2");
    assert_eq!(t["status"], "final");
    assert_eq!(t["initial_release_date"], "2026-03-02T09:00:00Z");
    assert_eq!(t["current_release_date"], "2026-03-09T09:00:00Z");
    assert_eq!(t["generator"]["date"], "2026-03-09T10:00:00Z");
    assert_eq!(t["generator"]["engine"]["name"], "cra62443-vex");
    let vendor = &doc["product_tree"]["branches"][0];
    assert_eq!(vendor["category"], "vendor");
    let name = &vendor["branches"][0];
    assert_eq!(name["category"], "product_name");
    let v = &name["branches"][2];
    assert_eq!(v["category"], "product_version");
    assert_eq!(v["name"], "2.1.1");
    assert_eq!(v["product"]["product_id"], "CSAFPID-0003");
    let helper = &v["product"]["product_identification_helper"];
    assert_eq!(helper["purl"], "pkg:generic/acme/plc-3000-firmware@2.1.1");
    assert_eq!(
        helper["cpe"],
        "cpe:2.3:o:acme:plc-3000_firmware:2.1.1:*:*:*:*:*:*:*"
    );
    assert_eq!(helper["model_numbers"][1], "PLC-3000-B");
    let v0 = &doc["vulnerabilities"][0];
    assert_eq!(
        v0["product_status"]["known_affected"],
        serde_json::json!(["CSAFPID-0001", "CSAFPID-0002"])
    );
    assert_eq!(v0["scores"][0]["cvss_v3"]["baseScore"], 9.8);
    assert_eq!(v0["scores"][0]["cvss_v3"]["baseSeverity"], "CRITICAL");
    assert_eq!(v0["remediations"][0]["category"], "vendor_fix");
    assert_eq!(
        v0["remediations"][0]["url"],
        "https://downloads.acme-controls.example/plc-3000/2.1.1"
    );
    let v1 = &doc["vulnerabilities"][1];
    assert_eq!(
        v1["flags"][0]["label"],
        "vulnerable_code_not_in_execute_path"
    );
    assert_eq!(v1["threats"][0]["category"], "impact");
}

#[test]
fn the_builder_is_deterministic_for_a_fixed_clock() {
    let a = to_pretty_json(&example_advisory(Profile::SecurityAdvisory));
    let b = to_pretty_json(&example_advisory(Profile::SecurityAdvisory));
    assert_eq!(a, b);
}

#[test]
fn the_builder_reports_every_input_problem() {
    let text = std::fs::read_to_string(data("advisory-input.yaml")).unwrap();
    let mut input = advisory::parse_input("x.yaml", &text).unwrap();
    input.vulnerabilities[0]
        .product_status
        .fixed
        .push("9.9".into());
    input.vulnerabilities[0].remediations.clear();
    input.vulnerabilities[1].justification = None;
    input.vulnerabilities[1].impact = None;
    input.vulnerabilities[0].cvss_v3 = Some("CVSS:3.1/AV:X".into());
    let now = "2026-01-01T00:00:00Z".parse().unwrap();
    let Err(AdvisoryError::Input(problems)) = advisory::build(&input, Profile::Vex, now) else {
        panic!("expected input errors");
    };
    let all = problems.join("\n");
    assert!(all.contains("\"9.9\""), "{all}");
    assert!(all.contains("6.1.27.9"), "{all}");
    assert!(all.contains("6.1.27.10"), "{all}");
    assert!(all.contains("cvss_v3"), "{all}");
    assert_eq!(problems.len(), 5, "{all}");
}

#[test]
fn yaml_errors_name_line_and_column() {
    let err = advisory::parse_input("in.yaml", "title: x\ntracking_id: [\n").unwrap_err();
    match err {
        AdvisoryError::Yaml { file, line, .. } => {
            assert_eq!(file, "in.yaml");
            assert!(line >= 2, "line {line}");
        }
        other => panic!("{other}"),
    }
    let err = advisory::parse_input("in.yaml", "bogus_field: 1\n").unwrap_err();
    assert!(err.to_string().starts_with("in.yaml:"), "{err}");
}

#[test]
fn each_broken_document_fails_exactly_the_expected_tests() {
    let cases = broken_cases();
    let mut covered: Vec<&str> = Vec::new();
    for case in &cases {
        let mut doc = example_advisory(case.profile);
        (case.mutate)(&mut doc);
        let mut got: Vec<&str> = failing(&doc)
            .into_iter()
            .filter(|id| *id != "schema-subset")
            .collect();
        got.sort();
        let mut want = case.fails.to_vec();
        want.sort();
        assert_eq!(got, want, "case {}", case.name);
        covered.extend(case.fails.iter().copied());
    }
    // Every implemented mandatory test has a failing case.
    for (id, _) in IMPLEMENTED {
        if *id == "schema-subset" {
            continue;
        }
        assert!(covered.contains(id), "no broken document for {id}");
    }
}

#[test]
fn schema_subset_catches_missing_required_fields() {
    let mut doc = example_advisory(Profile::SecurityAdvisory);
    doc["document"].as_object_mut().unwrap().remove("publisher");
    doc["document"]["tracking"]["revision_history"] = serde_json::json!([]);
    assert_eq!(failing(&doc), vec!["schema-subset"]);
    assert_eq!(failing(&serde_json::json!([1, 2])), vec!["schema-subset"]);
}

#[test]
fn documented_gaps() {
    assert_eq!(NOT_IMPLEMENTED.len(), 1);
    assert_eq!(NOT_IMPLEMENTED[0].0, "6.1.11");
    // 6.1.1-6.1.33 with 6.1.27.1-11: 43 tests; all but 6.1.11 are implemented, plus the
    // schema subset.
    assert_eq!(IMPLEMENTED.len(), 43);
}

#[test]
fn converted_yocto_vex_passes_every_implemented_test() {
    let statements = read_file(&data("yocto-cdx14-vex.json")).unwrap().statements;
    let options = WriteOptions::new(
        "Yocto",
        "https://example.com",
        "2025-07-28T17:09:21Z".parse().unwrap(),
    );
    let doc = write(&statements, WriteFormat::Csaf, &options).document;
    let bad: Vec<_> = check(&doc).into_iter().filter(|r| !r.passed()).collect();
    assert!(bad.is_empty(), "{:#?}", &bad[..bad.len().min(2)]);
}

#[test]
fn cvss_scores_match_the_reference_calculators() {
    let text = std::fs::read_to_string(data("cvss-reference.json")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut n = 0;
    for row in reference["v3"].as_array().unwrap() {
        let vector = row[0].as_str().unwrap();
        let s = cvss::score_v3(&cvss::parse_v3(vector).unwrap()).unwrap();
        let want = (
            row[1].as_f64().unwrap(),
            row[2].as_f64().unwrap(),
            row[3].as_f64().unwrap(),
        );
        assert_eq!((s.base, s.temporal, s.environmental), want, "{vector}");
        n += 1;
    }
    for row in reference["v2"].as_array().unwrap() {
        let vector = row[0].as_str().unwrap();
        let s = cvss::score_v2(&cvss::parse_v2(vector).unwrap()).unwrap();
        let want = (
            row[1].as_f64().unwrap(),
            row[2].as_f64().unwrap(),
            row[3].as_f64().unwrap(),
        );
        assert_eq!((s.base, s.temporal, s.environmental), want, "{vector}");
        n += 1;
    }
    assert_eq!(n, 600);
}
