//! Import and scan timings on the shared data (`../shared/data/` relative to the workspace):
//! `cargo bench -p cra62443-vuln --bench scan`. Skips what is not present.

use std::path::{Path, PathBuf};
use std::time::Instant;

use cra62443_vuln::{Database, ImportLimits, scan};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/data");
    let dir = std::env::temp_dir().join(format!("cra62443-vuln-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db_path = dir.join("bench.db");
    let mut db = Database::open(&db_path).expect("database");
    let sources: Vec<PathBuf> = [
        "osv/crates.io/all.zip",
        "osv/PyPI/all.zip",
        "osv/OSS-Fuzz/all.zip",
        "cve/cve-records-with-cpe.zip",
        "kev/known_exploited_vulnerabilities.json",
    ]
    .iter()
    .map(|p| shared.join(p))
    .filter(|p| p.exists())
    .collect();
    let total = Instant::now();
    for source in &sources {
        let t = Instant::now();
        let r = db
            .import_path(source, &ImportLimits::default())
            .expect("import");
        println!(
            "import {:<45} {:>6} advisories {:>5} KEV {:>4} skipped  {:>7.2} s",
            r.source,
            r.advisories,
            r.kev,
            r.skipped.len(),
            t.elapsed().as_secs_f64()
        );
    }
    println!("import total {:.2} s", total.elapsed().as_secs_f64());
    let t = Instant::now();
    for source in &sources {
        let r = db
            .import_path(source, &ImportLimits::default())
            .expect("re-import");
        assert!(r.unchanged);
    }
    println!(
        "re-import (unchanged, sha256 only) {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let size = std::fs::metadata(&db_path).map(|m| m.len()).unwrap_or(0);
    println!("database size {:.1} MB", size as f64 / 1e6);

    let bom = root.join("crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json");
    let vex = root.join("crates/cra62443-vex/tests/data/yocto-cdx14-vex.json");
    let sbom = cra62443_sbom::read_path(&bom).expect("sbom");
    let statements = cra62443_vex::read_file(&vex).expect("vex").statements;
    drop(db);
    for run in 0..3 {
        let db = Database::open_existing(&db_path).expect("database");
        let t = Instant::now();
        let result = scan(&db, std::slice::from_ref(&sbom), &statements).expect("scan");
        println!(
            "scan Yocto CycloneDX ({} components, {} VEX statements) run {}: {:.3} s — {}",
            sbom.components.len(),
            statements.len(),
            run + 1,
            t.elapsed().as_secs_f64(),
            cra62443_vuln::cra_status(&result)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
