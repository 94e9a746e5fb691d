//! The seed's examples and the completeness rules of the crosswalk.

use cra62443_catalog::Catalog;
use cra62443_crosswalk::{CoverageQuery, CoverageStatus, Crosswalk, coverage};

fn load() -> (Catalog, Crosswalk) {
    let catalog = Catalog::bundled().unwrap_or_else(|d| panic!("{d}"));
    let crosswalk = Crosswalk::bundled(&catalog).unwrap_or_else(|d| {
        for x in &d.0 {
            eprintln!("{x}");
        }
        panic!("{d}")
    });
    (catalog, crosswalk)
}

fn query(from: &str, to: &[&str], amendments: &[&str]) -> CoverageQuery {
    CoverageQuery {
        from: from.into(),
        to: to.iter().map(|s| s.to_string()).collect(),
        amendments: amendments.iter().map(|s| s.to_string()).collect(),
        ..CoverageQuery::default()
    }
}

#[test]
fn loads() {
    let (_, crosswalk) = load();
    assert!(
        crosswalk.sets().len() >= 9,
        "{:?}",
        crosswalk.sets().iter().map(|s| &s.id).collect::<Vec<_>>()
    );
}

fn item<'a>(
    report: &'a cra62443_crosswalk::GapReport,
    id: &str,
) -> &'a cra62443_crosswalk::CoverageItem {
    report
        .items
        .iter()
        .find(|i| i.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn automatic_updates_are_a_gap_of_base_4_1_and_4_2_closed_by_a11() {
    let (catalog, crosswalk) = load();
    for doc in ["iec62443-4-1", "iec62443-4-2"] {
        let base = coverage(&catalog, &crosswalk, &query("cra", &[doc], &[]));
        let c = item(&base, "cra:annex-i.p1.2c");
        assert_ne!(c.status, CoverageStatus::Covered, "{doc}");
        let seed_gap = c
            .gaps
            .iter()
            .find(|g| {
                g.origin.as_deref().is_some_and(|o| o.starts_with("seed"))
                    && g.statement.to_lowercase().contains("automatic")
            })
            .unwrap_or_else(|| {
                panic!(
                    "seed gap on automatic updates missing for {doc}: {:#?}",
                    c.gaps
                )
            });
        assert!(!seed_gap.closed_by.is_empty());

        let amended = coverage(&catalog, &crosswalk, &query("cra", &[doc], &["a11"]));
        let c = item(&amended, "cra:annex-i.p1.2c");
        assert!(
            c.closed_gaps
                .iter()
                .any(|g| g.statement == seed_gap.statement),
            "{doc}: the automatic-updates gap is closed with A11"
        );
        assert!(!c.gaps.iter().any(|g| g.statement == seed_gap.statement));
    }
    // The closing requirements appear as mappings with A11, for the combined view.
    let amended = coverage(
        &catalog,
        &crosswalk,
        &query("cra", &["iec62443-4-1", "iec62443-4-2"], &["a11"]),
    );
    let c = item(&amended, "cra:annex-i.p1.2c");
    let targets: Vec<&str> = c.mappings.iter().map(|m| m.target.as_str()).collect();
    assert!(targets.contains(&"iec62443-4-1:sum-6"), "{targets:?}");
    assert!(
        targets.contains(&"iec62443-4-2:cr-3.10.re-2"),
        "{targets:?}"
    );
    assert_eq!(c.status, CoverageStatus::Covered);
    // 4-1 alone is covered with A11; 4-2 keeps the seed's second gap (software updates
    // independent of the hosting hardware), which A11 does not close.
    assert_eq!(c.by_target["iec62443-4-1"], CoverageStatus::Covered);
    assert_eq!(c.by_target["iec62443-4-2"], CoverageStatus::Partial);
    assert!(
        c.gaps
            .iter()
            .any(|g| g.statement.to_lowercase().contains("independent"))
    );
}

#[test]
fn seed_rows_for_2c_are_encoded() {
    let (catalog, crosswalk) = load();
    let r = coverage(&catalog, &crosswalk, &query("cra", &["iec62443-4-1"], &[]));
    let targets: Vec<&str> = item(&r, "cra:annex-i.p1.2c")
        .mappings
        .iter()
        .map(|m| m.target.as_str())
        .collect();
    for t in [
        "iec62443-4-1:dm-1",
        "iec62443-4-1:dm-3",
        "iec62443-4-1:dm-4",
        "iec62443-4-1:dm-5",
        "iec62443-4-1:practice-7",
    ] {
        assert!(targets.contains(&t), "{t} missing: {targets:?}");
    }
    let r = coverage(&catalog, &crosswalk, &query("cra", &["iec62443-4-2"], &[]));
    let targets: Vec<&str> = item(&r, "cra:annex-i.p1.2c")
        .mappings
        .iter()
        .map(|m| m.target.as_str())
        .collect();
    for t in [
        "iec62443-4-2:edr-3.10",
        "iec62443-4-2:hdr-3.10",
        "iec62443-4-2:ndr-3.10",
    ] {
        assert!(targets.contains(&t), "{t} missing: {targets:?}");
    }
}

#[test]
fn product_identification_is_a_gap_of_pt3_against_4_1() {
    let (catalog, crosswalk) = load();
    let r = coverage(
        &catalog,
        &crosswalk,
        &query("en40000-1-3", &["iec62443-4-1"], &[]),
    );
    for id in [
        "en40000-1-3:wd2025.pre-5",
        "en40000-1-3:wd2025.pre-5-rq-01",
        "en40000-1-3:wd2025.pre-5-rq-02",
    ] {
        assert_eq!(item(&r, id).status, CoverageStatus::Gap, "{id}");
    }
    for id in [
        "en40000-1-3:wd2025.pre-1-rq-01",
        "en40000-1-3:wd2025.pre-2-rq-01",
        "en40000-1-3:wd2025.pre-3-rq-01",
        "en40000-1-3:wd2025.pre-4-rq-01",
    ] {
        let targets: Vec<&str> = item(&r, id)
            .mappings
            .iter()
            .map(|m| m.target.as_str())
            .collect();
        assert!(targets.contains(&"iec62443-4-1:dm-1"), "{id}: {targets:?}");
    }
}

#[test]
fn pt1_table_of_the_seed() {
    let (catalog, crosswalk) = load();
    let r = coverage(
        &catalog,
        &crosswalk,
        &query("en40000-1-2", &["iec62443-4-1"], &[]),
    );
    let expect = [
        ("en40000-1-2:wd2025.clause-4.1", vec!["sm-1", "sm-2"]),
        (
            "en40000-1-2:wd2025.clause-4.2",
            vec!["sr-2", "sr-3", "sr-4"],
        ),
        (
            "en40000-1-2:wd2025.clause-4.3",
            vec!["practice-3", "sd-1", "sd-4"],
        ),
        ("en40000-1-2:wd2025.clause-4.4", vec!["sd-2", "sd-3"]),
        ("en40000-1-2:wd2025.clause-4.5", vec!["sg-1", "sg-2"]),
        ("en40000-1-2:wd2025.clause-5.1", vec!["sm-3", "sm-5"]),
    ];
    for (id, targets) in expect {
        let got: Vec<&str> = item(&r, id)
            .mappings
            .iter()
            .filter(|m| m.origin.as_deref().is_some_and(|o| o.starts_with("seed")))
            .map(|m| m.target.local())
            .collect();
        assert_eq!(got, targets, "{id}");
    }
}

#[test]
fn every_annex_i_item_has_a_row_in_every_cra_set() {
    let (catalog, crosswalk) = load();
    let annex_i: Vec<String> = catalog
        .entries()
        .iter()
        .filter(|e| {
            e.document == "cra"
                && e.id.local().starts_with("annex-i.p")
                && e.kind == cra62443_model::Kind::Requirement
        })
        .map(|e| e.id.to_string())
        .collect();
    assert_eq!(annex_i.len(), 22);
    for set in crosswalk
        .sets()
        .iter()
        .filter(|s| s.source_document == "cra" && !s.id.starts_with("cra-docs"))
    {
        for id in &annex_i {
            assert!(
                set.rows.iter().any(|r| r.source.as_str() == id),
                "{} has no row for {id}",
                set.id
            );
        }
    }
}

#[test]
fn m606_rows_agree_with_the_catalogue_anchors() {
    let (catalog, crosswalk) = load();
    let set = crosswalk.set("m606-cra").expect("m606-cra set");
    for line in catalog
        .entries()
        .iter()
        .filter(|e| e.document == "m606" && e.kind == cra62443_model::Kind::Line)
    {
        let anchor = line.cra_anchor.as_ref().expect("every line has an anchor");
        assert!(
            set.rows.iter().any(|r| r.source == line.id
                && matches!(&r.kind, cra62443_crosswalk::RowKind::Relation { target, .. } if target == anchor)),
            "{} -> {anchor}",
            line.id
        );
    }
}

#[test]
fn jrc_enisa_is_kept_apart_and_compared() {
    let (catalog, crosswalk) = load();
    let jrc = crosswalk.set("jrc-enisa-2024").expect("cited set");
    assert_eq!(jrc.author, cra62443_crosswalk::Author::Cited);
    let r = coverage(
        &catalog,
        &crosswalk,
        &query("cra", &["iec62443-4-1", "iec62443-4-2"], &[]),
    );
    assert!(
        !r.sets.contains(&"jrc-enisa-2024".to_string()),
        "the default view uses the project's sets"
    );
    assert!(r.items.iter().all(|i| i.cited.is_some()));
    assert!(r.summary.cited_disagreements.is_some());
    let only = coverage(
        &catalog,
        &crosswalk,
        &CoverageQuery {
            sets: vec!["jrc-enisa-2024".into()],
            ..query("cra", &["iec62443-4-1", "iec62443-4-2"], &[])
        },
    );
    assert_eq!(only.sets, vec!["jrc-enisa-2024".to_string()]);
    assert_eq!(only.items.len(), 22);
}

#[test]
fn pt2_objectives_count_x_and_s() {
    let (catalog, crosswalk) = load();
    let r = coverage(
        &catalog,
        &crosswalk,
        &query("en40000-1-4", &["iec62443-4-2"], &[]),
    );
    assert!(r.summary.correspondence > 0 && r.summary.supplemental > 0);
    let with_stats = r.items.iter().filter(|i| i.seed_stats.is_some()).count();
    assert!(
        with_stats > 0,
        "the seed's stats are shown next to the computed counts"
    );
}
