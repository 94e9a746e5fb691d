//! Portfolio monitoring (`vuln watch`): two product folders, one with the Yocto CycloneDX BOM
//! and one with a small hand-made CycloneDX SBOM.

use std::path::{Path, PathBuf};

use cra62443_vuln::cli::{VulnCommand, WatchFormat, run_vuln};
use cra62443_vuln::import::{ImportLimits, ParsedSource};
use cra62443_vuln::watch::{WatchOptions, discover_products, index_product, watch};
use cra62443_vuln::{Database, FindingStatus, KevEntry, scan};

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(p)
}

fn workspace(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

const SENSOR_SBOM: &str = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "metadata": {"component": {"type": "firmware", "name": "sensor", "version": "1.0.3"}},
  "components": [
    {"type": "library", "bom-ref": "zlib", "name": "zlib", "version": "1.2.13",
     "cpe": "cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*"},
    {"type": "library", "bom-ref": "openssl-rs", "name": "openssl", "version": "0.8.3",
     "purl": "pkg:cargo/openssl@0.8.3"},
    {"type": "library", "bom-ref": "opaque", "name": "in-house", "version": "7"}
  ]}"#;

/// `root/products/{gateway,sensor,draft}` and a database with the CVE, OSV and KEV fixtures.
fn portfolio(root: &Path) -> (PathBuf, PathBuf) {
    let products = root.join("products");
    let gateway = products.join("line-a/gateway");
    std::fs::create_dir_all(&gateway).unwrap();
    std::fs::write(
        gateway.join("product.yaml"),
        "product: {name: gateway, version: 2.1}\nowner: ot-team\nzones: [1, 2]\n",
    )
    .unwrap();
    std::fs::copy(
        workspace("crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json"),
        gateway.join("sbom.json"),
    )
    .unwrap();
    let sensor = products.join("sensor");
    std::fs::create_dir_all(sensor.join("boms")).unwrap();
    std::fs::write(
        sensor.join("product.yaml"),
        "product:\n  name: sensor\n  version: \"1.0.3\"\n  vendor: ignored\nsbom: boms/app.cdx.json\n",
    )
    .unwrap();
    std::fs::write(sensor.join("boms/app.cdx.json"), SENSOR_SBOM).unwrap();
    // No SBOM: not a monitored product.
    let draft = products.join("draft");
    std::fs::create_dir_all(&draft).unwrap();
    std::fs::write(draft.join("product.yaml"), "product: {name: draft}\n").unwrap();

    let db_path = root.join("v.db");
    let mut db = Database::open(&db_path).unwrap();
    let limits = ImportLimits::default();
    db.import_path(data("cve"), &limits).unwrap();
    db.import_path(data("osv"), &limits).unwrap();
    db.import_path(data("kev.json"), &limits).unwrap();
    (products, db_path)
}

fn ids(report: &cra62443_vuln::watch::WatchReport, product: &str) -> Vec<String> {
    report
        .products
        .iter()
        .find(|p| p.product == product)
        .unwrap()
        .findings
        .iter()
        .map(|f| f.id.clone())
        .collect()
}

/// Options for a watch run over the records modified on or after `date`.
fn since(date: &str) -> WatchOptions {
    WatchOptions {
        since: Some(date.into()),
        ..Default::default()
    }
}

/// Options for a watch run over the one advisory `id`.
fn advisory(id: &str) -> WatchOptions {
    WatchOptions {
        advisory: Some(id.into()),
        ..Default::default()
    }
}

#[test]
fn discovers_products_loosely() {
    let dir = tempfile::tempdir().unwrap();
    let (products, _) = portfolio(dir.path());
    let found = discover_products(&products).unwrap();
    let names: Vec<_> = found
        .iter()
        .map(|p| (p.product.as_str(), p.version.as_deref()))
        .collect();
    assert_eq!(names, [("gateway", Some("2.1")), ("sensor", Some("1.0.3"))]);
    assert!(found[1].sbom.ends_with("boms/app.cdx.json"));
}

#[test]
fn advisory_and_since_filters() {
    let dir = tempfile::tempdir().unwrap();
    let (products, db_path) = portfolio(dir.path());
    let mut db = Database::open(&db_path).unwrap();

    // One advisory: only the sensor (zlib 1.2.13) is affected; the gateway has zlib 1.3.1.
    let r = watch(&mut db, &products, &advisory("CVE-2023-45853")).unwrap();
    assert_eq!(r.advisories_checked, 1);
    assert_eq!(r.products.len(), 2);
    assert!(ids(&r, "gateway").is_empty());
    let sensor = r.products.iter().find(|p| p.product == "sensor").unwrap();
    assert_eq!(sensor.findings.len(), 1);
    assert_eq!(sensor.findings[0].component, "zlib 1.2.13");
    assert_eq!(sensor.findings[0].status, FindingStatus::Affected);

    // An alias selects the OSV record; the purl path of the index finds it.
    let r = watch(&mut db, &products, &advisory("CVE-2016-10931")).unwrap();
    assert_eq!(ids(&r, "sensor"), ["RUSTSEC-2016-0001"]);

    // The KEV flag.
    let r = watch(&mut db, &products, &advisory("CVE-2024-1086")).unwrap();
    let gw = r.products.iter().find(|p| p.product == "gateway").unwrap();
    assert_eq!(gw.findings.len(), 1);
    assert!(gw.findings[0].kev);
    assert_eq!(gw.findings[0].component, "linux_kernel 6.6.21");

    // Modified since 2024-10-01: six CVE records; the gateway is hit by three of them.
    let r = watch(&mut db, &products, &since("2024-10-01")).unwrap();
    assert_eq!(r.advisories_checked, 6);
    assert_eq!(
        ids(&r, "gateway"),
        ["CVE-2024-47611", "CVE-2024-48957", "CVE-2024-8096"]
    );
    assert!(ids(&r, "sensor").is_empty());

    // Nothing new after the data.
    let r = watch(&mut db, &products, &since("2099-01-01")).unwrap();
    assert_eq!(r.advisories_checked, 0);
    assert!(r.products.iter().all(|p| p.findings.is_empty()));

    // A KEV addition counts as new even when the record is older.
    let mut src = ParsedSource {
        name: "test/kev-late".into(),
        sha256: "late".into(),
        ..ParsedSource::default()
    };
    src.kev.push(KevEntry {
        cve: "CVE-2023-45853".into(),
        date_added: "2099-02-01".into(),
        known_ransomware_campaign_use: None,
    });
    db.import_parsed(src).unwrap();
    let r = watch(&mut db, &products, &since("2099-01-01")).unwrap();
    assert_eq!(r.advisories_checked, 1);
    assert_eq!(ids(&r, "sensor"), ["CVE-2023-45853"]);
    assert!(r.products[1].findings[0].kev);

    assert!(watch(&mut db, &products, &since("yesterday"),).is_err());
}

#[test]
fn index_agrees_with_scan_and_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let (products, db_path) = portfolio(dir.path());
    let mut db = Database::open(&db_path).unwrap();
    let all = watch(&mut db, &products, &WatchOptions::default()).unwrap();
    // Every advisory checked through the index gives the same affected set as a full scan.
    let sbom = cra62443_sbom::read_path(workspace(
        "crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json",
    ))
    .unwrap();
    let scanned = scan(&db, std::slice::from_ref(&sbom), &[]).unwrap();
    let mut expected: Vec<String> = scanned
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Affected)
        .map(|f| f.id.clone())
        .collect();
    expected.sort();
    expected.dedup();
    let gw = all
        .products
        .iter()
        .find(|p| p.product == "gateway")
        .unwrap();
    let mut got: Vec<String> = gw
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Affected)
        .map(|f| f.id.clone())
        .collect();
    got.dedup();
    assert_eq!(got, expected);
    assert_eq!(ids(&all, "sensor"), ["CVE-2023-45853", "RUSTSEC-2016-0001"]);

    // Already indexed: unchanged SBOMs are not re-read; a changed SBOM is re-indexed.
    let found = discover_products(&products).unwrap();
    assert!(!index_product(&mut db, &found[0]).unwrap());
    assert!(!index_product(&mut db, &found[1]).unwrap());
    std::fs::write(&found[1].sbom, SENSOR_SBOM.replace("1.2.13", "1.3.1")).unwrap();
    assert!(index_product(&mut db, &found[1]).unwrap());
    let r = watch(&mut db, &products, &advisory("CVE-2023-45853")).unwrap();
    assert!(r.products.iter().all(|p| p.findings.is_empty()));
}

#[test]
fn cli_json_and_table() {
    let dir = tempfile::tempdir().unwrap();
    let (products, db_path) = portfolio(dir.path());
    let mut out = Vec::new();
    let code = run_vuln(
        VulnCommand::Watch {
            products: products.clone(),
            db: db_path.clone(),
            since: Some("2024-10-01".into()),
            advisory: None,
            format: WatchFormat::Json,
        },
        &mut out,
    )
    .unwrap();
    assert_eq!(code, 3);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["advisories_checked"], 6);
    assert_eq!(v["since"], "2024-10-01");
    let gw = &v["products"][0];
    assert_eq!(gw["product"], "gateway");
    assert_eq!(gw["version"], "2.1");
    assert!(gw["sbom"].as_str().unwrap().ends_with("sbom.json"));
    let f = &gw["findings"][0];
    assert_eq!(f["id"], "CVE-2024-47611");
    assert_eq!(f["status"], "affected");
    assert_eq!(f["kev"], false);
    assert!(f["component"].as_str().unwrap().starts_with("xz "));

    let mut out = Vec::new();
    let code = run_vuln(
        VulnCommand::Watch {
            products,
            db: db_path,
            since: Some("2099-01-01".into()),
            advisory: None,
            format: WatchFormat::Table,
        },
        &mut out,
    )
    .unwrap();
    assert_eq!(code, 0);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(
            "0 of 2 product releases have findings; 0 advisories checked (since 2099-01-01)"
        ),
        "{text}"
    );
}

/// The product's VEX (`vex.json` beside `product.yaml`, or `vex:`) suppresses findings in
/// `watch` as in `scan`; a product folder that disappears leaves no index rows behind.
#[test]
fn vex_applies_and_vanished_products_are_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let (products, db_path) = portfolio(dir.path());
    let mut db = Database::open(&db_path).unwrap();
    let before = watch(&mut db, &products, &advisory("CVE-2024-1086")).unwrap();
    assert_eq!(ids(&before, "gateway"), ["CVE-2024-1086"]);
    // The Yocto VEX marks CVE-2024-1086 resolved for the kernel.
    std::fs::copy(
        workspace("crates/cra62443-vex/tests/data/yocto-cdx14-vex.json"),
        products.join("line-a/gateway/vex.json"),
    )
    .unwrap();
    let after = watch(&mut db, &products, &advisory("CVE-2024-1086")).unwrap();
    let gateway = after
        .products
        .iter()
        .find(|p| p.product == "gateway")
        .unwrap();
    assert_eq!(gateway.vex.len(), 1);
    let f = &gateway.findings[0];
    assert_eq!(f.status, FindingStatus::Suppressed);
    assert!(
        f.suppressed_by
            .as_ref()
            .unwrap()
            .statement
            .starts_with("/vulnerabilities/")
    );
    // A `vex:` entry that is not a file is an error naming product.yaml.
    std::fs::write(
        products.join("sensor/product.yaml"),
        "product: {name: sensor, version: \"1.0.3\"}\nsbom: boms/app.cdx.json\nvex: missing.json\n",
    )
    .unwrap();
    let err = watch(&mut db, &products, &advisory("CVE-2024-1086")).unwrap_err();
    assert!(err.to_string().contains("sensor/product.yaml"), "{err}");
    // Remove the sensor product: its index rows go, the gateway's stay.
    std::fs::remove_dir_all(products.join("sensor")).unwrap();
    let rows = |db: &Database, product: &str| -> i64 {
        let conn = rusqlite::Connection::open(db.path()).unwrap();
        conn.query_row(
            "SELECT COUNT(*) FROM sbom_components WHERE product = ?1",
            [product],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(rows(&db, "sensor") > 0);
    watch(&mut db, &products, &advisory("CVE-2024-1086")).unwrap();
    assert_eq!(rows(&db, "sensor"), 0);
    assert!(rows(&db, "gateway") > 0);
}

/// An EUVD ID selects the CVE it aliases; `--since` also selects by EU KEV
/// `exploitedSince` (EUVD-2099-0002 marks CVE-2024-6197 exploited since 2026-09-15).
#[test]
fn euvd_ids_and_eu_kev_dates_select_advisories() {
    let dir = tempfile::tempdir().unwrap();
    let (products, db_path) = portfolio(dir.path());
    let mut db = Database::open(&db_path).unwrap();
    db.import_path(data("euvd-exploited.json"), &ImportLimits::default())
        .unwrap();
    let report = watch(&mut db, &products, &advisory("EUVD-2099-0001")).unwrap();
    assert_eq!(ids(&report, "gateway"), ["CVE-2024-1086"]);
    let report = watch(&mut db, &products, &since("2026-09-01")).unwrap();
    assert!(
        ids(&report, "gateway").contains(&"CVE-2024-6197".to_string()),
        "{:?}",
        ids(&report, "gateway")
    );
    assert!(!ids(&report, "gateway").contains(&"CVE-2024-1086".to_string()));
}
