//! Correctness oracle on the shared CVE data (`../shared/data/cve/cve-records-with-cpe.zip`
//! relative to the workspace): imports it into a temporary database, scans the Yocto CycloneDX
//! BOM without VEX through the CPE path and compares the result with the CVEs of the Yocto
//! `cve-check` VEX ([`cra62443_vuln::oracle`]). Skips when the zip is not present.
//!
//! `cargo bench -p cra62443-vuln --bench oracle`
//!
//! With `ORACLE_WRITE_FIXTURE=<path.zip>`, it also writes the test fixture of `tests/oracle.rs`:
//! the CVE records of the zip whose IDs appear in the VEX and whose `affected[].cpes` name a
//! CPE product of the BOM.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;

use cra62443_vuln::{Database, ImportLimits, oracle, watch};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let zip_path = root.join("../shared/data/cve/cve-records-with-cpe.zip");
    if !zip_path.exists() {
        println!("oracle: {} not present, skipped", zip_path.display());
        return;
    }
    let bom = root.join("crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json");
    let vex = root.join("crates/cra62443-vex/tests/data/yocto-cdx14-vex.json");
    let sbom = cra62443_sbom::read_path(&bom).expect("sbom");
    let statements = cra62443_vex::read_file(&vex).expect("vex").statements;

    let dir = tempfile::tempdir().expect("temp dir");
    let mut db = Database::open(dir.path().join("oracle.db")).expect("database");
    let t = Instant::now();
    let r = db
        .import_path(&zip_path, &ImportLimits::default())
        .expect("import");
    println!(
        "import {}: {} advisories, {} skipped ({:.1} s)",
        r.source,
        r.advisories,
        r.skipped.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let report = oracle::compare(&db, &sbom, &statements).expect("compare");
    println!(
        "oracle: Yocto BOM ({} components) vs. Yocto VEX ({} statements), {:.2} s",
        sbom.components.len(),
        statements.len(),
        t.elapsed().as_secs_f64()
    );
    print!("{report}");

    // Portfolio monitoring on the same database: index the BOM once, then check one advisory
    // and everything through the index.
    let products = dir.path().join("products/yocto");
    std::fs::create_dir_all(&products).expect("products");
    std::fs::write(
        products.join("product.yaml"),
        "product: {name: yocto, version: '1'}\n",
    )
    .expect("product.yaml");
    std::fs::copy(&bom, products.join("sbom.json")).expect("sbom copy");
    let products = dir.path().join("products");
    for (label, opts) in [
        (
            "watch, first run (indexes the SBOM), all advisories",
            Default::default(),
        ),
        ("watch, indexed, all advisories", Default::default()),
        (
            "watch, indexed, --advisory CVE-2024-1086",
            watch::WatchOptions {
                advisory: Some("CVE-2024-1086".into()),
                ..Default::default()
            },
        ),
        (
            "watch, indexed, --since 2024-10-01",
            watch::WatchOptions {
                since: Some("2024-10-01".into()),
                ..Default::default()
            },
        ),
    ] {
        let t = Instant::now();
        let r = watch::watch(&mut db, &products, &opts).expect("watch");
        println!(
            "{label}: {} advisories checked, {} findings, {:.3} s",
            r.advisories_checked,
            r.products[0].findings.len(),
            t.elapsed().as_secs_f64()
        );
    }

    if let Some(out) = std::env::var_os("ORACLE_WRITE_FIXTURE") {
        let ids: BTreeSet<&str> = statements
            .iter()
            .map(|s| s.vulnerability.as_str())
            .collect();
        let products = oracle::sbom_cpe_products(&sbom);
        let file = std::fs::File::open(&zip_path).expect("zip");
        let mut archive = zip::ZipArchive::new(file).expect("zip");
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&out).expect("create"));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        let mut kept = 0;
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).expect("entry");
            let name = entry.name().to_string();
            let Some(id) = Path::new(&name)
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            if !ids.contains(id.as_str()) {
                continue;
            }
            let mut buf = Vec::new();
            entry.read_to_end(&mut buf).expect("read");
            let value: serde_json::Value = serde_json::from_slice(&buf).expect("json");
            if !names_product(&value, &products) {
                continue;
            }
            writer
                .start_file(format!("{id}.json"), options)
                .expect("write");
            writer.write_all(&buf).expect("write");
            kept += 1;
        }
        writer.finish().expect("finish");
        println!("fixture {}: {kept} CVE records", Path::new(&out).display());
    }
}

/// Whether any `affected[].cpes` entry of any container has a product in `products`.
fn names_product(value: &serde_json::Value, products: &BTreeSet<String>) -> bool {
    let Some(containers) = value.get("containers") else {
        return false;
    };
    let mut all: Vec<&serde_json::Value> = containers.get("cna").into_iter().collect();
    if let Some(adp) = containers.get("adp").and_then(|a| a.as_array()) {
        all.extend(adp);
    }
    all.iter()
        .filter_map(|c| c.get("affected").and_then(|a| a.as_array()))
        .flatten()
        .filter_map(|a| a.get("cpes").and_then(|c| c.as_array()))
        .flatten()
        .filter_map(|c| c.as_str())
        .any(|cpe| {
            cpe.split(':')
                .nth(4)
                .is_some_and(|p| products.contains(&p.to_ascii_lowercase()))
        })
}
