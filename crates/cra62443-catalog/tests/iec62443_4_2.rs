//! The IEC 62443-4-2 security-level table, checked row by row against an independent
//! transcription of Annex B Table B.1 (`fixtures/iec62443-4-2-table-b1.tsv`), and the required
//! sets per component type and SL vector.

use cra62443_catalog::{Catalog, ListFilter};
use cra62443_model::{ComponentType, Kind, SlVector};

struct Row {
    fr: u8,
    reference: String,
    status: String,
    title: String,
}

fn table() -> Vec<Row> {
    include_str!("fixtures/iec62443-4-2-table-b1.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            Row {
                fr: cells[0].parse().unwrap(),
                reference: cells[1].to_string(),
                status: cells[2].to_string(),
                title: cells[3].to_string(),
            }
        })
        .collect()
}

fn catalog() -> Catalog {
    Catalog::bundled().unwrap_or_else(|d| panic!("bundled data must validate: {d}"))
}

#[test]
fn every_row_of_table_b1_is_in_the_catalogue_with_its_level() {
    let catalog = catalog();
    let rows = table();
    assert_eq!(rows.len(), 137);
    for row in &rows {
        let query = format!("iec62443-4-2:{}", row.reference);
        let entry = catalog
            .resolve(&query)
            .unwrap_or_else(|e| panic!("{}: {e}", row.reference));
        assert_eq!(entry.reference, row.reference);
        assert_eq!(entry.title, row.title, "title of {}", row.reference);
        assert_eq!(entry.fr, Some(row.fr), "FR of {}", row.reference);
        match row.status.as_str() {
            "placeholder" => {
                assert_eq!(entry.kind, Kind::Placeholder, "{}", row.reference);
                assert!(!entry.assessable && entry.sl.is_none(), "{}", row.reference);
            }
            "none" => {
                assert_eq!(
                    entry.kind,
                    Kind::NoComponentRequirement,
                    "{}",
                    row.reference
                );
                assert!(!entry.assessable && entry.sl.is_none(), "{}", row.reference);
            }
            level => {
                let level: u8 = level.parse().unwrap();
                assert_eq!(entry.sl, Some(level), "SL of {}", row.reference);
                assert!(entry.assessable, "{}", row.reference);
                let expected_kind = if row.reference.contains("RE(") {
                    Kind::Enhancement
                } else {
                    Kind::Requirement
                };
                assert_eq!(entry.kind, expected_kind, "{}", row.reference);
                let prefix = row.reference.split_whitespace().next().unwrap();
                let types = entry
                    .component_types
                    .as_ref()
                    .expect("4-2 entries carry component_types");
                if prefix == "CR" {
                    assert!(types.is_empty(), "{} is common to all types", row.reference);
                } else {
                    assert_eq!(types.len(), 1, "{}", row.reference);
                    assert_eq!(types[0].prefix(), prefix, "{}", row.reference);
                }
            }
        }
    }
}

#[test]
fn the_catalogue_has_no_4_2_row_that_table_b1_lacks() {
    let catalog = catalog();
    let rows = table();
    let table_refs: Vec<&str> = rows.iter().map(|r| r.reference.as_str()).collect();
    let filter = ListFilter {
        document: Some("iec62443-4-2".into()),
        ..ListFilter::default()
    };
    for entry in catalog.list(&filter) {
        if matches!(entry.kind, Kind::Group | Kind::Constraint) {
            continue;
        }
        assert!(
            table_refs.contains(&entry.reference.as_str()),
            "{} ({}) is not in Table B.1",
            entry.id,
            entry.reference
        );
    }
}

/// The expected set computed straight from the table, independently of the catalogue code.
fn expected_set(rows: &[Row], component_type: ComponentType, vector: SlVector) -> Vec<String> {
    rows.iter()
        .filter(|r| {
            let prefix = r.reference.split_whitespace().next().unwrap();
            (prefix == "CR" || prefix == component_type.prefix())
                && r.status
                    .parse::<u8>()
                    .is_ok_and(|sl| sl <= vector.for_fr(r.fr))
        })
        .map(|r| r.reference.clone())
        .collect()
}

fn required(catalog: &Catalog, component_type: ComponentType, vector: SlVector) -> Vec<String> {
    let filter = ListFilter {
        document: Some("iec62443-4-2".into()),
        component_type: Some(component_type),
        sl_vector: Some(vector),
        ..ListFilter::default()
    };
    catalog
        .list(&filter)
        .iter()
        .map(|r| r.reference.clone())
        .collect()
}

#[test]
fn required_sets_per_type_at_every_uniform_level_match_the_table() {
    let catalog = catalog();
    let rows = table();
    for component_type in ComponentType::ALL {
        for level in 1..=4 {
            let vector = SlVector::uniform(level);
            assert_eq!(
                required(&catalog, component_type, vector),
                expected_set(&rows, component_type, vector),
                "{component_type} at SL {level}"
            );
        }
    }
}

#[test]
fn required_sets_at_mixed_vectors_follow_the_cumulative_rule_per_fr() {
    let catalog = catalog();
    let rows = table();
    for vector in [
        "1,2,3,4,0,1,2",
        "4,0,0,0,4,0,0",
        "0,0,0,0,0,0,0",
        "2,3,1,4,2,3,1",
    ] {
        let vector: SlVector = vector.parse().unwrap();
        for component_type in ComponentType::ALL {
            assert_eq!(
                required(&catalog, component_type, vector),
                expected_set(&rows, component_type, vector),
                "{component_type} at {vector}"
            );
        }
    }
}

#[test]
fn required_set_sizes_at_sl1_and_sl4() {
    let catalog = catalog();
    let counts: Vec<(String, usize, usize)> = ComponentType::ALL
        .iter()
        .map(|&t| {
            (
                t.prefix().to_string(),
                required(&catalog, t, SlVector::uniform(1)).len(),
                required(&catalog, t, SlVector::uniform(4)).len(),
            )
        })
        .collect();
    insta::assert_debug_snapshot!(counts);
}

#[test]
fn ndr_required_set_at_sl1_and_sl4() {
    let catalog = catalog();
    insta::assert_snapshot!(
        "ndr_sl1",
        required(&catalog, ComponentType::Ndr, SlVector::uniform(1)).join("\n")
    );
    insta::assert_snapshot!(
        "ndr_sl4",
        required(&catalog, ComponentType::Ndr, SlVector::uniform(4)).join("\n")
    );
    insta::assert_snapshot!(
        "sar_sl1",
        required(&catalog, ComponentType::Sar, SlVector::uniform(1)).join("\n")
    );
    insta::assert_snapshot!(
        "sar_sl4",
        required(&catalog, ComponentType::Sar, SlVector::uniform(4)).join("\n")
    );
    insta::assert_snapshot!(
        "edr_sl1",
        required(&catalog, ComponentType::Edr, SlVector::uniform(1)).join("\n")
    );
    insta::assert_snapshot!(
        "edr_sl4",
        required(&catalog, ComponentType::Edr, SlVector::uniform(4)).join("\n")
    );
    insta::assert_snapshot!(
        "hdr_sl1",
        required(&catalog, ComponentType::Hdr, SlVector::uniform(1)).join("\n")
    );
    insta::assert_snapshot!(
        "hdr_sl4",
        required(&catalog, ComponentType::Hdr, SlVector::uniform(4)).join("\n")
    );
}

#[test]
fn whole_sl_table_golden() {
    // The full table as the catalogue renders it: ref, FR, first SL, SL1-SL4 marks, types.
    let catalog = catalog();
    let filter = ListFilter {
        document: Some("iec62443-4-2".into()),
        ..ListFilter::default()
    };
    let mut lines = Vec::new();
    for e in catalog.list(&filter) {
        if matches!(e.kind, Kind::Group | Kind::Constraint) {
            continue;
        }
        let marks: String = (1..=4)
            .map(|l| match e.sl {
                Some(sl) if sl <= l => 'x',
                _ => '.',
            })
            .collect();
        let types = e
            .component_types
            .as_ref()
            .map(|t| {
                if t.is_empty() {
                    "CR".to_string()
                } else {
                    t.iter().map(|c| c.prefix()).collect::<Vec<_>>().join(",")
                }
            })
            .unwrap_or_default();
        lines.push(format!(
            "{:<16} FR{} {:<26} {} {:<4} {}",
            e.reference,
            e.fr.unwrap_or(0),
            e.kind.as_str(),
            marks,
            types,
            e.title
        ));
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn a11_entries_appear_only_on_request() {
    let catalog = catalog();
    let base = ListFilter {
        document: Some("iec62443-4-2".into()),
        component_type: Some(ComponentType::Edr),
        sl_vector: Some(SlVector::uniform(2)),
        ..ListFilter::default()
    };
    let without: Vec<String> = catalog
        .list(&base)
        .iter()
        .map(|r| r.reference.clone())
        .collect();
    assert!(!without.contains(&"CR 3.10 RE(2)".to_string()));
    let with = ListFilter {
        amendments: vec!["a11".into()],
        ..base
    };
    let with: Vec<String> = catalog
        .list(&with)
        .iter()
        .map(|r| r.reference.clone())
        .collect();
    assert!(with.contains(&"CR 3.10 RE(2)".to_string()));
    assert_eq!(with.len(), without.len() + 1);
}
