//! Round trips between the three writable formats keep vulnerability, product, status and
//! justification (and aliases, subcomponents where the format can carry them).

mod common;

use common::{data, varied};
use cra62443_vex::{
    Format, Justification, Status, VexStatement, WriteFormat, WriteOptions, read_bytes, read_file,
    to_pretty_json, write,
};

type Key = (String, String, Status, Option<Justification>);

fn keys(statements: &[VexStatement]) -> Vec<Key> {
    let mut k: Vec<Key> = statements
        .iter()
        .map(|s| {
            (
                s.vulnerability.clone(),
                s.product.clone(),
                s.status,
                s.justification,
            )
        })
        .collect();
    k.sort();
    k
}

fn options() -> WriteOptions {
    WriteOptions::new(
        "ACME PSIRT",
        "https://psirt.acme.example",
        "2024-06-01T00:00:00Z".parse().unwrap(),
    )
}

fn through(statements: &[VexStatement], format: WriteFormat) -> Vec<VexStatement> {
    let written = write(statements, format, &options());
    let text = to_pretty_json(&written.document);
    let doc = read_bytes(
        &format!("roundtrip.{}.json", format.as_str()),
        text.as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", format.as_str()));
    let expected = match format {
        WriteFormat::Cyclonedx => Format::Cyclonedx,
        WriteFormat::Openvex => Format::Openvex,
        WriteFormat::Csaf => Format::Csaf,
    };
    assert_eq!(doc.format, expected);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    doc.statements
}

const FORMATS: [WriteFormat; 3] = [
    WriteFormat::Cyclonedx,
    WriteFormat::Openvex,
    WriteFormat::Csaf,
];

#[test]
fn every_pair_of_formats_round_trips() {
    let original = varied();
    let want = keys(&original);
    for a in FORMATS {
        let once = through(&original, a);
        assert_eq!(keys(&once), want, "via {}", a.as_str());
        for b in FORMATS {
            let twice = through(&once, b);
            assert_eq!(keys(&twice), want, "via {} then {}", a.as_str(), b.as_str());
        }
    }
}

#[test]
fn aliases_subcomponents_and_identifiers_survive() {
    let original = varied();
    for f in FORMATS {
        let back = through(&original, f);
        let ghsa = back
            .iter()
            .find(|s| s.vulnerability == "GHSA-abcd-efgh-ijkl")
            .unwrap();
        assert_eq!(ghsa.aliases, vec!["CVE-2024-2000"], "{}", f.as_str());
        assert_eq!(
            ghsa.action.as_deref(),
            Some("Update to 2.2."),
            "{}",
            f.as_str()
        );
        let fixed = back
            .iter()
            .find(|s| s.vulnerability == "CVE-2024-3000")
            .unwrap();
        assert_eq!(
            fixed.subcomponents,
            vec!["pkg:generic/busybox@1.36.1"],
            "{}",
            f.as_str()
        );
        let spdx = back
            .iter()
            .find(|s| s.vulnerability == "CVE-2024-5000")
            .unwrap();
        assert_eq!(
            spdx.product_identifiers,
            vec!["cpe:2.3:*:*:glibc:2.39:*:*:*:*:*:*:*"],
            "{}",
            f.as_str()
        );
        assert_eq!(
            spdx.impact.as_deref(),
            Some("Only reachable through a disabled service."),
            "{}",
            f.as_str()
        );
    }
}

#[test]
fn yocto_cyclonedx_vex_round_trips_through_all_formats() {
    let original = read_file(&data("yocto-cdx14-vex.json")).unwrap().statements;
    let want = keys(&original);
    for a in FORMATS {
        let once = through(&original, a);
        assert_eq!(once.len(), 7239, "{}", a.as_str());
        assert_eq!(keys(&once), want, "via {}", a.as_str());
    }
    let chain = through(
        &through(&through(&original, WriteFormat::Csaf), WriteFormat::Openvex),
        WriteFormat::Cyclonedx,
    );
    assert_eq!(keys(&chain), want);
}

#[test]
fn output_is_deterministic() {
    for f in FORMATS {
        let a = to_pretty_json(&write(&varied(), f, &options()).document);
        let b = to_pretty_json(&write(&varied(), f, &options()).document);
        assert_eq!(a, b);
    }
}

#[test]
fn missing_required_statements_get_placeholders_and_warnings() {
    let mut s = common::stmt(
        "CVE-2024-1",
        "pkg:generic/a@1",
        Status::NotAffected,
        None,
        None,
        "x",
    );
    let affected = common::stmt(
        "CVE-2024-2",
        "pkg:generic/a@1",
        Status::Affected,
        None,
        None,
        "x",
    );
    s.impact = None;
    let input = vec![s, affected];
    let ov = write(&input, WriteFormat::Openvex, &options());
    assert_eq!(ov.warnings.len(), 2);
    assert!(ov.document["statements"][0]["impact_statement"].is_string());
    assert!(ov.document["statements"][1]["action_statement"].is_string());
    let csaf = write(&input, WriteFormat::Csaf, &options());
    assert_eq!(csaf.warnings.len(), 2);
    let results = cra62443_vex::advisory::check(&csaf.document);
    assert!(results.iter().all(|r| r.passed()), "{results:#?}");
}
