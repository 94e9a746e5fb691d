//! ID resolution: global IDs, printed references, aliases, ambiguity, suggestions; overlays;
//! search; document counts.

use cra62443_catalog::{Catalog, Overlay, ResolveError};

fn catalog() -> Catalog {
    Catalog::bundled().unwrap_or_else(|d| panic!("bundled data must validate: {d}"))
}

fn id_of(catalog: &Catalog, query: &str) -> String {
    catalog
        .resolve(query)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .id
        .to_string()
}

#[test]
fn printed_references_resolve_case_insensitively() {
    let c = catalog();
    assert_eq!(id_of(&c, "CR 1.1 RE(2)"), "iec62443-4-2:cr-1.1.re-2");
    assert_eq!(id_of(&c, "ndr 3.10 re(1)"), "iec62443-4-2:ndr-3.10.re-1");
    assert_eq!(id_of(&c, "NDR 3.10 RE (1)"), "iec62443-4-2:ndr-3.10.re-1");
    assert_eq!(id_of(&c, "Annex I Part I (2)(c)"), "cra:annex-i.p1.2c");
    assert_eq!(id_of(&c, "annex i part i (2)(c)"), "cra:annex-i.p1.2c");
    assert_eq!(id_of(&c, "SUM-5"), "iec62443-4-1:sum-5");
    assert_eq!(id_of(&c, "sum-5"), "iec62443-4-1:sum-5");
    assert_eq!(id_of(&c, "SR 5.2 RE(3)"), "iec62443-3-3:sr-5.2.re-3");
}

#[test]
fn global_ids_resolve_exactly() {
    let c = catalog();
    for id in [
        "cra:annex-i.p1.1",
        "cra:annex-i.p1.2a",
        "cra:annex-i.p1.2m",
        "cra:annex-i.p2.1",
        "cra:annex-i.p2.8",
        "cra:annex-ii.8e",
        "cra:annex-iii.c1.12",
        "cra:annex-iii.c2.2",
        "cra:annex-iv.3",
        "cra:annex-vii.2b",
        "cra:art-13.3",
        "iec62443-4-1:sum-5",
        "iec62443-4-2:cr-1.1",
        "iec62443-4-2:cr-1.1.re-2",
        "iec62443-4-2:ndr-3.10.re-1",
        "iec62443-3-3:sr-5.2.re-3",
        "m606:line-36",
        "m606:line-36b",
    ] {
        assert_eq!(id_of(&c, id), id);
        assert_eq!(id_of(&c, &id.to_uppercase()), id, "upper case {id}");
    }
}

#[test]
fn a_reference_in_two_documents_is_ambiguous_and_lists_candidates() {
    let c = catalog();
    // "FR 1" exists in 62443-4-2 and 62443-3-3.
    match c.resolve("FR 1") {
        Err(ResolveError::Ambiguous { candidates, .. }) => {
            assert!(
                candidates
                    .iter()
                    .any(|x| x.starts_with("iec62443-4-2:fr-1")),
                "{candidates:?}"
            );
            assert!(
                candidates
                    .iter()
                    .any(|x| x.starts_with("iec62443-3-3:fr-1")),
                "{candidates:?}"
            );
        }
        other => panic!("expected ambiguity, got {other:?}"),
    }
    // A document prefix narrows it.
    assert_eq!(id_of(&c, "iec62443-3-3:FR 1"), "iec62443-3-3:fr-1");
}

#[test]
fn unknown_ids_suggest_the_closest() {
    let c = catalog();
    match c.resolve("CR 1.15") {
        Err(ResolveError::Unknown { suggestions, .. }) => {
            assert!(!suggestions.is_empty());
            assert!(
                suggestions.iter().any(|s| s.contains("CR 1.1")),
                "{suggestions:?}"
            );
        }
        other => panic!("expected unknown, got {other:?}"),
    }
    let message = c
        .resolve("iec62443-4-2:cr-1.1.re-9")
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("unknown requirement `iec62443-4-2:cr-1.1.re-9`; closest: "),
        "{message}"
    );
}

#[test]
fn m606_lines_carry_deadline_and_cra_anchor() {
    let c = catalog();
    let line = c.resolve("m606:line-27").unwrap();
    assert_eq!(line.deadline.as_deref(), Some("2026-10-30"));
    assert_eq!(
        line.cra_anchor.as_ref().unwrap().as_str(),
        "cra:annex-iii.c1.12"
    );
    let line = c.resolve("m606:line-4").unwrap();
    assert_eq!(line.deadline.as_deref(), Some("2027-10-30"));
    assert_eq!(
        line.cra_anchor.as_ref().unwrap().as_str(),
        "cra:annex-i.p1.2c"
    );
    assert_eq!(
        c.resolve("m606:line-1").unwrap().deadline.as_deref(),
        Some("2026-08-30")
    );
    assert_eq!(
        c.resolve("m606:line-15").unwrap().deadline.as_deref(),
        Some("2026-08-30")
    );
}

#[test]
fn cra_items_carry_the_legal_text() {
    let c = catalog();
    let item = c.resolve("cra:annex-i.p1.2c").unwrap();
    assert!(item.text.as_deref().unwrap().starts_with(
        "ensure that vulnerabilities can be addressed through security updates, including, where applicable, through automatic security updates"
    ));
    assert_eq!(item.reference, "Annex I Part I (2)(c)");
    let category = c.resolve("cra:annex-iii.c2.2").unwrap();
    assert_eq!(
        category.title,
        "Firewalls, intrusion detection and prevention systems"
    );
    let category = c.resolve("cra:annex-iii.c1.12").unwrap();
    assert_eq!(
        category.title,
        "Routers, modems intended for the connection to the internet, and switches"
    );
}

#[test]
fn no_iec_or_en_entry_carries_source_text() {
    let c = catalog();
    for e in c.entries() {
        if e.document != "cra" {
            assert!(e.text.is_none(), "{} carries text", e.id);
        }
        assert!(!e.summary.is_empty(), "{} has no summary", e.id);
    }
}

#[test]
fn counts_per_document_and_kind() {
    let c = catalog();
    let mut counts = std::collections::BTreeMap::new();
    for e in c.entries() {
        *counts
            .entry(format!("{} {} {}", e.document, e.edition, e.kind))
            .or_insert(0usize) += 1;
    }
    insta::assert_debug_snapshot!(counts);
}

#[test]
fn fixed_counts() {
    let c = catalog();
    let count = |doc: &str, kind: &str, edition: Option<&str>| {
        c.entries()
            .iter()
            .filter(|e| {
                e.document == doc
                    && e.kind.as_str() == kind
                    && edition.is_none_or(|ed| e.edition == ed)
            })
            .count()
    };
    assert_eq!(count("iec62443-4-1", "requirement", Some("2018")), 47);
    assert_eq!(count("iec62443-4-1", "group", Some("2018")), 8);
    assert_eq!(count("m606", "line", None), 41);
    assert_eq!(count("iec62443-3-3", "requirement", None), 51);
    assert_eq!(count("iec62443-3-3", "enhancement", None), 49);
    assert_eq!(count("iec62443-4-2", "requirement", Some("2019")), 73);
    assert_eq!(count("iec62443-4-2", "enhancement", Some("2019")), 49);
    assert_eq!(count("iec62443-4-2", "placeholder", None), 12);
    assert_eq!(count("iec62443-4-2", "no-component-requirement", None), 3);
    assert_eq!(count("iec62443-4-2", "constraint", None), 4);
    assert_eq!(count("iec62443-4-2", "group", None), 7);
    assert_eq!(count("cra", "category", None), 26);
    let cra_requirements: Vec<String> = c
        .entries()
        .iter()
        .filter(|e| e.document == "cra" && e.id.local().starts_with("annex-i.p"))
        .filter(|e| e.kind.as_str() == "requirement")
        .map(|e| e.id.local().to_string())
        .collect();
    // Part I (1), (2)(a)-(m), Part II (1)-(8).
    assert_eq!(cra_requirements.len(), 1 + 13 + 8, "{cra_requirements:?}");
}

#[test]
fn overlay_texts_attach_to_entries_and_unknown_keys_fail_with_a_line() {
    let mut c = catalog();
    let overlay = Overlay::parse(
        "my-overlay.yaml",
        "schema: cra62443/overlay/v1\nsource: \"licensed copy 42\"\ntexts:\n  - id: \"CR 1.1\"\n    text: \"Full text A\"\n  - id: iec62443-4-1:sm-1\n    text: \"Full text B\"\n",
        &c,
    )
    .unwrap();
    c.apply_overlay(&overlay);
    let cr = c.get("iec62443-4-2:cr-1.1").unwrap();
    assert_eq!(cr.overlay_text.as_deref(), Some("Full text A"));
    assert_eq!(cr.overlay_source.as_deref(), Some("licensed copy 42"));
    let bad = Overlay::parse(
        "my-overlay.yaml",
        "schema: cra62443/overlay/v1\nsource: x\ntexts:\n  - id: \"CR 1.1\"\n    text: a\n  - id: \"CR 99.1\"\n    text: b\n",
        &c,
    )
    .unwrap_err();
    assert_eq!(bad.0.len(), 1);
    assert_eq!(bad.0[0].line, 6);
    assert!(bad.0[0].message.contains("unknown requirement `CR 99.1`"));
}

#[test]
fn search_ranks_reference_and_title_matches_first() {
    let c = catalog();
    let hits = c.search("automatic updates", 10);
    assert!(!hits.is_empty());
    let ids: Vec<String> = hits.iter().map(|h| h.requirement.id.to_string()).collect();
    assert!(ids.contains(&"cra:annex-i.p1.2c".to_string()), "{ids:?}");
    let hits = c.search("SUM-5", 5);
    assert_eq!(hits[0].requirement.id.as_str(), "iec62443-4-1:sum-5");
    let hits = c.search("zone boundary protection", 5);
    assert!(
        hits[0]
            .requirement
            .title
            .to_lowercase()
            .contains("zone boundary protection")
    );
    assert!(c.search("xyzzy-nothing", 5).is_empty());
}

#[test]
fn amendments_add_modify_and_delete() {
    use cra62443_catalog::ListFilter;
    let c = catalog();
    let base = ListFilter {
        document: Some("iec62443-4-2".into()),
        ..ListFilter::default()
    };
    let ids =
        |f: &ListFilter| -> Vec<String> { c.list(f).iter().map(|r| r.id.to_string()).collect() };
    let without = ids(&base);
    assert!(without.contains(&"iec62443-4-2:ccsc-3".to_string()));
    assert!(!without.contains(&"iec62443-4-2:cr-3.10.re-2".to_string()));
    let amended = ListFilter {
        amendments: vec!["a11".into()],
        ..base
    };
    let with = ids(&amended);
    assert!(
        !with.contains(&"iec62443-4-2:ccsc-3".to_string()),
        "A11 deletes CCSC 3"
    );
    assert!(with.contains(&"iec62443-4-2:cr-3.10.re-2".to_string()));
    let ccsc3 = c.get("iec62443-4-2:ccsc-3").unwrap();
    assert_eq!(ccsc3.amended_by.len(), 1);
    let sum6 = c.resolve("SUM-6").unwrap();
    assert_eq!(sum6.amendment.as_deref(), Some("a11"));
    assert_eq!(sum6.edition, "a11");
    let doc = c.document("iec62443-4-1").unwrap();
    assert_eq!(doc.edition("a11").unwrap().amends.as_deref(), Some("2018"));
}

#[test]
fn broken_amendment_files_name_file_and_line() {
    use cra62443_catalog::SourceFile;
    let mut sources = cra62443_catalog::bundled_sources();
    sources.push(SourceFile {
        name: "my-amendment.yaml".into(),
        text: "schema: cra62443/amendment/v1\namendment:\n  id: a12\n  document: iec62443-4-2\n  amends: \"2019\"\n  name: x\n  status: draft\n  confidence: S\n  source: test\nadds:\n  - id: cr-1.1\n    ref: \"CR 1.1\"\n    title: t\n    kind: requirement\n    summary: s\ndeletes:\n  - id: cr-99.1\n    change: gone\n".into(),
    });
    let diagnostics = cra62443_catalog::Catalog::from_sources(&sources)
        .unwrap_err()
        .0;
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].file, "my-amendment.yaml");
    assert_eq!(diagnostics[0].line, 11);
    assert!(
        diagnostics[0]
            .message
            .contains("already exists in the base document")
    );
    assert_eq!(diagnostics[1].line, 17);
    assert!(
        diagnostics[1]
            .message
            .contains("`cr-99.1` is not an entry of `iec62443-4-2`")
    );
}
