//! Merging: later timestamp wins, conflicts are listed, aliases join statements.

mod common;

use common::stmt;
use cra62443_vex::{Justification, Status, merge};

#[test]
fn later_timestamp_wins_and_the_conflict_is_listed() {
    let old = vec![stmt(
        "CVE-2024-1",
        "pkg:generic/a@1",
        Status::Affected,
        None,
        Some("2024-01-01T00:00:00Z"),
        "old.json",
    )];
    let new = vec![stmt(
        "CVE-2024-1",
        "pkg:generic/a@1",
        Status::NotAffected,
        Some(Justification::VulnerableCodeNotPresent),
        Some("2024-02-01T00:00:00Z"),
        "new.json",
    )];
    // Order of the inputs does not matter when timestamps differ.
    for inputs in [
        vec![old.clone(), new.clone()],
        vec![new.clone(), old.clone()],
    ] {
        let m = merge(inputs);
        assert_eq!(m.statements.len(), 1);
        assert_eq!(m.statements[0].status, Status::NotAffected);
        assert_eq!(m.conflicts.len(), 1);
        let c = &m.conflicts[0];
        assert_eq!(c.vulnerability, "CVE-2024-1");
        assert_eq!(c.product, "pkg:generic/a@1");
        assert_eq!(c.winner.source.file, "new.json");
        assert_eq!(c.overridden.len(), 1);
        assert_eq!(c.overridden[0].status, Status::Affected);
        assert_eq!(c.overridden[0].source.file, "old.json");
    }
}

#[test]
fn ties_and_missing_timestamps_go_to_the_later_input() {
    let a = stmt(
        "CVE-2024-2",
        "p",
        Status::UnderInvestigation,
        None,
        None,
        "a",
    );
    let b = stmt("CVE-2024-2", "p", Status::Fixed, None, None, "b");
    let m = merge(vec![vec![a.clone()], vec![b.clone()]]);
    assert_eq!(m.statements[0].status, Status::Fixed);
    assert_eq!(m.conflicts.len(), 1);
    // A timestamp beats no timestamp, whatever the order.
    let dated = stmt(
        "CVE-2024-2",
        "p",
        Status::Affected,
        None,
        Some("2020-01-01T00:00:00Z"),
        "dated",
    );
    let m = merge(vec![vec![dated], vec![b]]);
    assert_eq!(m.statements[0].status, Status::Affected);
}

#[test]
fn same_status_is_no_conflict_and_aliases_join() {
    let mut ghsa = stmt("GHSA-xxxx", "p", Status::Fixed, None, None, "a");
    ghsa.aliases = vec!["CVE-2024-0003".into()];
    let cve = stmt("CVE-2024-0003", "p", Status::Fixed, None, None, "b");
    let other_product = stmt("CVE-2024-0003", "q", Status::Affected, None, None, "b");
    let m = merge(vec![vec![ghsa], vec![cve, other_product]]);
    assert_eq!(m.statements.len(), 2);
    assert!(m.conflicts.is_empty());
    let s = &m.statements[0];
    assert_eq!(s.vulnerability, "CVE-2024-0003");
    assert_eq!(s.aliases, vec!["GHSA-xxxx"]);
}

#[test]
fn subcomponents_are_part_of_the_key() {
    let mut a = stmt("CVE-2024-4", "p", Status::Fixed, None, None, "a");
    a.subcomponents = vec!["s1".into()];
    let b = stmt("CVE-2024-4", "p", Status::Affected, None, None, "b");
    let m = merge(vec![vec![a, b]]);
    assert_eq!(m.statements.len(), 2);
    assert!(m.conflicts.is_empty());
}
