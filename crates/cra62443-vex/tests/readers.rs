//! Readers: the real Yocto examples, each format's features, detection and error positions.

mod common;

use common::{cdx_bom_example, data, spdx3_example};
use cra62443_vex::{
    ErrorKind, Format, Justification, Status, read_bytes, read_file, resolve_bom_links,
};

fn count(statements: &[cra62443_vex::VexStatement], status: Status) -> usize {
    statements.iter().filter(|s| s.status == status).count()
}

#[test]
fn yocto_cyclonedx_vex_has_7239_statements() {
    let doc = read_file(&data("yocto-cdx14-vex.json")).unwrap();
    assert_eq!(doc.format, Format::Cyclonedx);
    assert_eq!(doc.statements.len(), 7239);
    assert_eq!(count(&doc.statements, Status::NotAffected), 4182);
    assert_eq!(count(&doc.statements, Status::Fixed), 3057);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings.first());
    let first = &doc.statements[0];
    assert_eq!(first.vulnerability, "CVE-2000-0006");
    assert_eq!(
        first.product,
        "urn:cdx:87b5cc5a-ee50-449f-bcdf-cabea628c2a2/1#96d5fddb-56bd-48dc-aa6b-9a9022c3a904"
    );
    assert!(
        first
            .impact
            .as_deref()
            .unwrap()
            .starts_with("STATE: upstream-wontfix")
    );
    assert_eq!(first.source.pointer, "/vulnerabilities/0");
    assert_eq!(first.source.statement_index, 0);
    // Yocto's document timestamp is used when the statement has none.
    assert_eq!(
        first.timestamp.unwrap().to_string(),
        "2025-07-28T17:09:21.84158Z"
    );
}

#[test]
fn bom_links_resolve_against_the_yocto_bom() {
    let mut doc = read_file(&data("yocto-cdx14-vex.json")).unwrap();
    let bom_path = cdx_bom_example();
    if !bom_path.exists() {
        eprintln!("skipped: {} not present", bom_path.display());
        return;
    }
    let bom: serde_json::Value = serde_json::from_slice(&std::fs::read(bom_path).unwrap()).unwrap();
    let n = resolve_bom_links(&mut doc.statements, &bom);
    assert_eq!(n, 7239);
    let s = &doc.statements[0];
    assert!(s.product.starts_with("pkg:"), "{}", s.product);
    assert!(
        s.product_identifiers
            .iter()
            .any(|x| x.starts_with("urn:cdx:"))
    );
}

#[test]
fn yocto_spdx3_inline_vex_has_63_not_affected_and_9_fixed() {
    let doc = read_file(&spdx3_example()).unwrap();
    assert_eq!(doc.format, Format::Spdx3);
    assert_eq!(doc.statements.len(), 72);
    assert_eq!(count(&doc.statements, Status::NotAffected), 63);
    assert_eq!(count(&doc.statements, Status::Fixed), 9);
    let with_just = doc
        .statements
        .iter()
        .filter(|s| s.justification == Some(Justification::VulnerableCodeNotPresent))
        .count();
    assert_eq!(with_just, 41);
    let s = doc
        .statements
        .iter()
        .find(|s| s.vulnerability == "CVE-2019-1010025")
        .unwrap();
    assert!(s.product.ends_with("/package/libc6"));
    assert!(s.impact.as_deref().unwrap().contains("ASLR"));
    assert!(
        s.product_identifiers
            .iter()
            .any(|x| x.starts_with("cpe:2.3:"))
    );
    assert!(s.timestamp.is_some());
    assert!(s.source.pointer.starts_with("/@graph/"));
}

#[test]
fn openvex_statements_products_and_subcomponents() {
    let text = r#"{
      "@context": "https://openvex.dev/ns/v0.2.0",
      "@id": "https://example.com/vex/1",
      "author": "ACME PSIRT",
      "timestamp": "2024-01-01T00:00:00Z",
      "version": 1,
      "statements": [
        {
          "vulnerability": {"name": "CVE-2023-1234", "aliases": ["GHSA-aaaa-bbbb-cccc"]},
          "products": [
            {"@id": "pkg:oci/app@sha256%3Aabc",
             "subcomponents": [{"@id": "pkg:npm/lodash@4.17.20"}]},
            {"identifiers": {"purl": "pkg:deb/debian/app@1", "cpe23": "cpe:2.3:a:acme:app:1:*:*:*:*:*:*:*"}}
          ],
          "status": "not_affected",
          "justification": "vulnerable_code_not_in_execute_path",
          "timestamp": "2024-02-01T00:00:00Z"
        },
        {
          "vulnerability": "CVE-2023-9999",
          "products": ["pkg:generic/x@1"],
          "status": "affected",
          "action_statement": "Upgrade to 2."
        }
      ]
    }"#;
    let doc = read_bytes("a.openvex.json", text.as_bytes()).unwrap();
    assert_eq!(doc.format, Format::Openvex);
    assert_eq!(doc.statements.len(), 3);
    let s = &doc.statements[0];
    assert_eq!(s.aliases, vec!["GHSA-aaaa-bbbb-cccc"]);
    assert_eq!(s.subcomponents, vec!["pkg:npm/lodash@4.17.20"]);
    assert_eq!(
        s.justification,
        Some(Justification::VulnerableCodeNotInExecutePath)
    );
    assert_eq!(s.timestamp.unwrap().to_string(), "2024-02-01T00:00:00Z");
    let s = &doc.statements[1];
    assert_eq!(s.product, "pkg:deb/debian/app@1");
    assert_eq!(
        s.product_identifiers,
        vec!["cpe:2.3:a:acme:app:1:*:*:*:*:*:*:*"]
    );
    let s = &doc.statements[2];
    assert_eq!(s.status, Status::Affected);
    assert_eq!(s.action.as_deref(), Some("Upgrade to 2."));
    assert_eq!(s.timestamp.unwrap().to_string(), "2024-01-01T00:00:00Z");
    assert_eq!(s.source.statement_index, 1);
}

#[test]
fn unknown_justifications_are_dropped_with_a_located_warning() {
    let text = r#"{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/2",
  "author": "ACME PSIRT",
  "timestamp": "2024-01-01T00:00:00Z",
  "version": 1,
  "statements": [
    {
      "vulnerability": "CVE-2023-1111",
      "products": ["pkg:generic/x@1"],
      "status": "not_affected",
      "justification": "because_we_say_so"
    }
  ]
}"#;
    let doc = read_bytes("j.openvex.json", text.as_bytes()).unwrap();
    assert_eq!(doc.statements.len(), 1);
    assert_eq!(doc.statements[0].status, Status::NotAffected);
    assert_eq!(doc.statements[0].justification, None);
    assert_eq!(doc.statements[0].source.pointer, "/statements/0");
    assert_eq!(doc.warnings.len(), 1);
    let warning = doc.warnings[0].to_string();
    assert!(
        warning.contains("unknown OpenVEX justification \"because_we_say_so\"; dropped"),
        "{warning}"
    );
    assert_eq!(doc.warnings[0].line, Some(12));
}

#[test]
fn cyclonedx_embedded_in_a_bom_resolves_bom_refs_and_maps_states() {
    let text = r#"{
      "bomFormat": "CycloneDX", "specVersion": "1.6",
      "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "version": 1,
      "metadata": {"component": {"type": "firmware", "bom-ref": "fw", "name": "fw",
                                 "purl": "pkg:generic/acme/fw@1"}},
      "components": [
        {"type": "library", "bom-ref": "bb", "name": "busybox",
         "cpe": "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*",
         "components": [{"type": "library", "bom-ref": "nested", "name": "n", "purl": "pkg:generic/n@1"}]}
      ],
      "vulnerabilities": [
        {"id": "CVE-2022-0001", "references": [{"id": "GHSA-1", "source": {"name": "GitHub"}}],
         "analysis": {"state": "false_positive", "justification": "protected_at_perimeter",
                      "lastUpdated": "2024-03-01T00:00:00Z"},
         "affects": [{"ref": "fw"}, {"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#nested"},
                     {"ref": "bb"}]},
        {"id": "CVE-2022-0002", "analysis": {"state": "exploitable", "response": ["update"]},
         "recommendation": "Update busybox.", "affects": [{"ref": "bb"}]},
        {"id": "CVE-2022-0003", "analysis": {"state": "in_triage"}, "affects": [{"ref": "bb"}]},
        {"id": "CVE-2022-0004", "analysis": {"state": "resolved_with_pedigree"}, "affects": [{"ref": "bb"}]},
        {"id": "CVE-2022-0005", "affects": [{"ref": "bb"}]}
      ]
    }"#;
    let doc = read_bytes("bom.json", text.as_bytes()).unwrap();
    let st = &doc.statements;
    assert_eq!(st.len(), 6);
    assert_eq!(st[0].product, "pkg:generic/acme/fw@1");
    assert_eq!(st[0].product_identifiers, vec!["fw"]);
    assert_eq!(st[0].status, Status::NotAffected);
    assert_eq!(
        st[0].justification,
        Some(Justification::InlineMitigationsAlreadyExist)
    );
    assert_eq!(st[0].aliases, vec!["GHSA-1"]);
    assert_eq!(st[1].product, "pkg:generic/n@1");
    assert_eq!(st[2].product, "bb");
    assert_eq!(
        st[2].product_identifiers,
        vec!["cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"]
    );
    assert_eq!(st[3].status, Status::Affected);
    assert_eq!(st[3].action.as_deref(), Some("Update busybox."));
    assert_eq!(st[4].status, Status::UnderInvestigation);
    assert_eq!(st[5].status, Status::Fixed);
    // The vulnerability without analysis is a finding, not a VEX statement: a warning.
    assert_eq!(doc.warnings.len(), 1);
    assert!(doc.warnings[0].to_string().contains("CVE-2022-0005"));
    assert!(doc.warnings[0].line.is_some());
}

#[test]
fn csaf_product_status_flags_threats_remediations_groups_relationships() {
    let text = r#"{
      "document": {"category": "csaf_vex", "csaf_version": "2.0", "title": "t",
        "publisher": {"category": "vendor", "name": "n", "namespace": "https://n.example"},
        "tracking": {"id": "X", "status": "final", "version": "1",
          "initial_release_date": "2024-01-01T00:00:00Z", "current_release_date": "2024-02-01T00:00:00Z",
          "revision_history": [{"number": "1", "date": "2024-01-01T00:00:00Z", "summary": "s"}]}},
      "product_tree": {
        "branches": [{"category": "vendor", "name": "ACME", "branches": [
          {"category": "product_version", "name": "1", "product": {"name": "a 1", "product_id": "P1",
             "product_identification_helper": {"purl": "pkg:generic/acme/a@1"}}}]}],
        "full_product_names": [{"name": "lib", "product_id": "L1",
           "product_identification_helper": {"cpe": "cpe:2.3:a:x:lib:2:*:*:*:*:*:*:*"}},
           {"name": "plain", "product_id": "P2"}],
        "relationships": [{"category": "default_component_of", "product_reference": "L1",
           "relates_to_product_reference": "P1", "full_product_name": {"name": "lib in a", "product_id": "R1"}}],
        "product_groups": [{"group_id": "G1", "product_ids": ["P2", "R1"]}]
      },
      "vulnerabilities": [{
        "cve": "CVE-2024-0001", "ids": [{"system_name": "GHSA", "text": "GHSA-x"}],
        "notes": [{"category": "description", "text": "d"}],
        "product_status": {"known_not_affected": ["P2", "R1"], "known_affected": ["P1"], "recommended": ["P1"]},
        "flags": [{"label": "component_not_present", "group_ids": ["G1"]}],
        "threats": [{"category": "impact", "details": "no impact", "product_ids": ["P2"]}],
        "remediations": [{"category": "vendor_fix", "details": "update", "url": "https://u.example", "product_ids": ["P1"]}]
      }, {
        "ids": [{"system_name": "ACME", "text": "ACME-2024-7"}],
        "notes": [{"category": "description", "text": "d"}],
        "product_status": {"first_fixed": ["P1"], "under_investigation": ["P2"]}
      }]
    }"#;
    let doc = read_bytes("x.csaf.json", text.as_bytes()).unwrap();
    assert_eq!(doc.format, Format::Csaf);
    let st = &doc.statements;
    assert_eq!(st.len(), 5, "{st:#?}");
    assert_eq!(st[0].product, "P2");
    assert_eq!(
        st[0].justification,
        Some(Justification::ComponentNotPresent)
    );
    assert_eq!(st[0].impact.as_deref(), Some("no impact"));
    assert_eq!(st[0].aliases, vec!["GHSA-x"]);
    assert_eq!(st[1].product, "pkg:generic/acme/a@1");
    assert_eq!(st[1].subcomponents, vec!["cpe:2.3:a:x:lib:2:*:*:*:*:*:*:*"]);
    assert_eq!(st[1].status, Status::NotAffected);
    assert_eq!(st[2].status, Status::Affected);
    assert_eq!(st[2].action.as_deref(), Some("update (https://u.example)"));
    assert_eq!(st[3].vulnerability, "ACME-2024-7");
    assert_eq!(st[3].status, Status::Fixed);
    assert_eq!(st[4].status, Status::UnderInvestigation);
    assert_eq!(st[4].timestamp.unwrap().to_string(), "2024-02-01T00:00:00Z");
}

#[test]
fn detection_and_unknown_formats() {
    let err = read_bytes("x.json", br#"{"hello": 1}"#).unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnknownFormat);
    let err = read_bytes("x.xml", b"  <?xml version=\"1.0\"?><bom/>").unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnknownFormat);
    assert!(err.to_string().contains("XML"));
    let doc = read_bytes(
        "e.json",
        br#"{"bomFormat": "CycloneDX", "specVersion": "1.5"}"#,
    )
    .unwrap();
    assert!(doc.statements.is_empty());
}

#[test]
fn semantic_errors_name_file_line_and_column() {
    let text = "{\n  \"bomFormat\": \"CycloneDX\",\n  \"vulnerabilities\": [\n    {\"id\": \"CVE-1\",\n     \"analysis\": {\"state\": \"maybe\"},\n     \"affects\": [{\"ref\": \"a\"}]}\n  ]\n}";
    let err = read_bytes("bad-state.json", text.as_bytes()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert_eq!(err.line, Some(5));
    assert_eq!(err.column, Some(28));
    assert_eq!(
        err.pointer.as_deref(),
        Some("/vulnerabilities/0/analysis/state")
    );
    assert!(
        err.to_string()
            .starts_with("bad-state.json:5:28: unknown analysis.state"),
        "{err}"
    );

    let text = "{\"@context\": \"https://openvex.dev/ns/v0.2.0\",\n \"statements\": [{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": 7, \"status\": \"fixed\"}]}";
    let err = read_bytes("types.json", text.as_bytes()).unwrap_err();
    assert_eq!(err.line, Some(2));
    assert!(err.message.contains("`products` must be an array"), "{err}");
}
