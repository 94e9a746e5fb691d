//! Hostile input never panics: truncated files, wrong types everywhere, deep nesting, size
//! caps, broken encodings, arbitrary bytes (proptest).

mod common;

use common::{data, example_advisory, spdx3_example, varied};
use cra62443_vex::advisory::{Profile, check};
use cra62443_vex::{
    ErrorKind, Limits, WriteFormat, WriteOptions, read_bytes, read_bytes_with, read_file,
    to_pretty_json, write,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn samples() -> Vec<(String, String)> {
    let options = WriteOptions::new(
        "a",
        "https://a.example",
        "2024-01-01T00:00:00Z".parse().unwrap(),
    );
    let mut out: Vec<(String, String)> = [
        WriteFormat::Cyclonedx,
        WriteFormat::Openvex,
        WriteFormat::Csaf,
    ]
    .into_iter()
    .map(|f| {
        (
            format!("varied.{}.json", f.as_str()),
            to_pretty_json(&write(&varied(), f, &options).document),
        )
    })
    .collect();
    out.push((
        "advisory.json".into(),
        to_pretty_json(&example_advisory(Profile::Vex)),
    ));
    out
}

#[test]
fn truncated_files_give_syntax_errors_with_positions() {
    for (name, text) in samples() {
        let bytes = text.trim_end().as_bytes();
        for cut in (0..bytes.len()).step_by(7) {
            let r = read_bytes(&name, &bytes[..cut]);
            let err = r.expect_err("a truncated document is not valid JSON");
            if cut > 0 {
                assert!(err.line.is_some(), "{name} cut at {cut}: {err}");
            }
        }
    }
    // The large real files, at a few cut points.
    for path in [data("yocto-cdx14-vex.json"), spdx3_example()] {
        let bytes = std::fs::read(&path).unwrap();
        for i in 1..8 {
            let cut = bytes.len() * i / 8;
            let err = read_bytes("big.json", &bytes[..cut]).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Syntax);
        }
    }
}

/// Every value replaced, one at a time, by each other JSON type.
fn type_confusions(doc: &Value) -> Vec<Value> {
    fn paths(v: &Value, prefix: String, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                for (k, c) in o {
                    let p = format!("{prefix}/{}", k.replace('~', "~0").replace('/', "~1"));
                    out.push(p.clone());
                    paths(c, p, out);
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    let p = format!("{prefix}/{i}");
                    out.push(p.clone());
                    paths(c, p, out);
                }
            }
            _ => {}
        }
    }
    let mut ps = Vec::new();
    paths(doc, String::new(), &mut ps);
    let replacements = [
        json!(null),
        json!(7),
        json!("x"),
        json!([]),
        json!({}),
        json!([{"a": 1}]),
    ];
    let mut out = Vec::new();
    for p in ps.iter().take(400) {
        for r in &replacements {
            let mut d = doc.clone();
            if let Some(slot) = d.pointer_mut(p) {
                *slot = r.clone();
                out.push(d);
            }
        }
    }
    out
}

#[test]
fn wrong_types_anywhere_never_panic() {
    let mut n = 0;
    for (name, text) in samples() {
        let doc: Value = serde_json::from_str(&text).unwrap();
        for mutated in type_confusions(&doc) {
            let bytes = serde_json::to_vec(&mutated).unwrap();
            match read_bytes(&name, &bytes) {
                Ok(_) => {}
                Err(e) => {
                    // Errors in the data name a position.
                    if e.kind == ErrorKind::Invalid {
                        assert!(e.line.is_some(), "{e}");
                    }
                }
            }
            let _ = check(&mutated);
            n += 1;
        }
    }
    assert!(n > 1000, "{n}");
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    for open in ["[", "{\"a\":"] {
        let deep = open.repeat(100_000);
        let err = read_bytes("deep.json", deep.as_bytes()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooDeep);
        assert_eq!(err.line, Some(1));
    }
    // Brackets inside strings do not count.
    let text = format!(
        "{{\"bomFormat\": \"CycloneDX\", \"x\": \"{}\"}}",
        "[".repeat(10_000)
    );
    assert!(read_bytes("s.json", text.as_bytes()).is_ok());
    // Nesting just under the cap in a data field: an error, not a panic.
    let text = format!(
        "{{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": {}1{}}}",
        "[".repeat(60),
        "]".repeat(60)
    );
    let err = read_bytes("n.json", text.as_bytes()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    // check() on deeply nested branches.
    let mut b = json!({"category": "product_version", "name": "1"});
    for _ in 0..60 {
        b = json!({"category": "vendor", "name": "v", "branches": [b]});
    }
    let doc = json!({"document": {}, "product_tree": {"branches": [b]}});
    let _ = check(&doc);
}

#[test]
fn size_cap_and_encodings() {
    let limits = Limits {
        max_bytes: 100,
        max_depth: 64,
    };
    let big = format!(
        "{{\"bomFormat\": \"CycloneDX\", \"x\": \"{}\"}}",
        "a".repeat(200)
    );
    let err = read_bytes_with("big.json", big.as_bytes(), limits).unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooLarge);

    let err = read_bytes("latin1.json", b"{\"bomFormat\": \"Cyclone\xff\"}").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Syntax);
    assert!(err.to_string().contains("UTF-8"));

    let with_bom = b"\xEF\xBB\xBF{\"bomFormat\": \"CycloneDX\"}";
    assert!(read_bytes("bom.json", with_bom).is_ok());

    for junk in [&b""[..], b"null", b"42", b"\"str\"", b"[]", b"{}", b"   "] {
        assert!(read_bytes("junk.json", junk).is_err());
    }
    let err = read_file(std::path::Path::new("/nonexistent/vex.json")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Io);
    assert!(err.to_string().starts_with("/nonexistent/vex.json"));
}

#[test]
fn hand_written_malformed_documents() {
    let cases: &[&str] = &[
        r#"{"bomFormat": "CycloneDX", "vulnerabilities": [{"analysis": {"state": "resolved"}}]}"#,
        r#"{"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "CVE-1", "analysis": {"state": "resolved"}, "affects": [{}]}]}"#,
        r#"{"bomFormat": "CycloneDX", "components": [{"bom-ref": 5}]}"#,
        r#"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"products": [{"@id": "p"}], "status": "fixed"}]}"#,
        r#"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "C"}, "products": [{}], "status": "fixed"}]}"#,
        r#"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "C"}, "products": ["p"], "status": "bogus"}]}"#,
        r#"{"document": {"csaf_version": "2.0"}, "product_tree": {"branches": "x"}}"#,
        r#"{"document": {"csaf_version": "2.0"}, "vulnerabilities": [{"cve": "CVE-1", "product_status": {"fixed": [1]}}]}"#,
        r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [{"type": "security_VexFixedVulnAssessmentRelationship"}]}"#,
        r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": "nope"}"#,
    ];
    for (i, c) in cases.iter().enumerate() {
        let err = read_bytes(&format!("case{i}.json"), c.as_bytes()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Invalid, "case {i}: {err}");
        assert!(err.line.is_some(), "case {i}: {err}");
    }
}

/// Arbitrary JSON values, for check().
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        "[a-z_0-9.:/-]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("csaf_vex"),
            Just("known_affected"),
            Just("CSAFPID-0001"),
            Just("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            Just("1.0.0-rc.1"),
            Just("2024-01-01T00:00:00Z"),
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("document".to_string()),
                    Just("vulnerabilities".to_string()),
                    Just("product_tree".to_string()),
                    Just("product_status".to_string()),
                    Just("tracking".to_string()),
                    Just("revision_history".to_string()),
                    Just("scores".to_string()),
                    Just("cvss_v3".to_string()),
                    Just("flags".to_string()),
                    Just("branches".to_string()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_bytes("fuzz.json", &bytes);
    }

    #[test]
    fn arbitrary_tails_after_a_format_header_never_panic(
        header in prop_oneof![
            Just("{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": "),
            Just("{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": "),
            Just("{\"document\": {\"csaf_version\": \"2.0\"}, \"vulnerabilities\": "),
            Just("{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\", \"@graph\": "),
        ],
        body in arb_json(),
    ) {
        let text = format!("{header}{body}}}");
        let _ = read_bytes("fuzz.json", text.as_bytes());
    }

    #[test]
    fn check_never_panics(doc in arb_json()) {
        let results = check(&doc);
        prop_assert_eq!(results.len(), cra62443_vex::advisory::IMPLEMENTED.len());
    }
}
