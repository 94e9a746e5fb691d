//! Correctness oracle (see `cra62443_vuln::oracle` and `benches/oracle.rs`): the Yocto
//! CycloneDX BOM scanned without VEX against the CVE records of `tests/data/oracle-cves.zip`
//! (the records of cisagov/vulnrichment whose IDs appear in the Yocto `cve-check` VEX and whose
//! CPEs name a product of the BOM) must find at least a measured floor of the VEX's CVE IDs.

use std::path::{Path, PathBuf};

use cra62443_vuln::oracle::{MissReason, compare};
use cra62443_vuln::{Database, ImportLimits};

fn workspace(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

/// Measured on 2026-11-29: 4 found (CVE-2024-1086 and three glibc CVEs). Floor = measured − 1.
const FOUND_FLOOR: usize = 3;

#[test]
fn yocto_vex_oracle_floor() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(dir.path().join("oracle.db")).unwrap();
    let r = db
        .import_path(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/oracle-cves.zip"),
            &ImportLimits::default(),
        )
        .unwrap();
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    assert_eq!(r.advisories, 22);
    let sbom = cra62443_sbom::read_path(workspace(
        "crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json",
    ))
    .unwrap();
    let statements = cra62443_vex::read_file(&workspace(
        "crates/cra62443-vex/tests/data/yocto-cdx14-vex.json",
    ))
    .unwrap()
    .statements;
    assert_eq!(statements.len(), 7239);
    let report = compare(&db, &sbom, &statements).unwrap();
    println!("{report}");
    assert_eq!(report.reference_ids, 3133);
    assert_eq!(report.found + report.missed, report.reference_ids);
    assert!(
        report.found >= FOUND_FLOOR,
        "found {} < floor {FOUND_FLOOR}\n{report}",
        report.found
    );
    // Every record of the fixture is either found or missed for a reason past the data-set
    // check.
    let in_data_set: usize = report
        .buckets
        .iter()
        .filter(|(r, _)| **r > MissReason::NotInDataSet)
        .map(|(_, ids)| ids.len())
        .sum();
    assert_eq!(report.found + in_data_set, 22);
    assert!(
        report.buckets[&MissReason::NotInDataSet].contains("CVE-2000-0006"),
        "{report}"
    );
    assert!(
        report.buckets[&MissReason::VersionOutsideRanges].contains("CVE-2023-45853"),
        "zlib 1.3.1 is outside [0, 1.3)\n{report}"
    );
}
