//! Integration tests: import, store, purl and CPE matching, VEX, CLI output.

use std::io::Write;
use std::path::{Path, PathBuf};

use cra62443_vuln::cli::{
    ScanFormat, StatusFormat, VulnCommand, VulnDbCommand, run_vuln, run_vulndb,
};
use cra62443_vuln::import::{ImportLimits, ParsedSource, parse_osv};
use cra62443_vuln::{Database, FindingStatus, MatchKind, VulnError, cra_status, scan};

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(p)
}

fn workspace(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

fn yocto_db(dir: &Path) -> Database {
    let mut db = Database::open(dir.join("v.db")).unwrap();
    let limits = ImportLimits::default();
    let r = db.import_path(data("cve"), &limits).unwrap();
    assert_eq!(r.advisories, 14);
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    let k = db.import_path(data("kev.json"), &limits).unwrap();
    assert_eq!(k.kev, 3);
    db
}

#[test]
fn osv_folder_import_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(dir.path().join("v.db")).unwrap();
    let r = db
        .import_path(data("osv"), &ImportLimits::default())
        .unwrap();
    assert_eq!((r.advisories, r.unchanged), (6, false));
    let again = db
        .import_path(data("osv"), &ImportLimits::default())
        .unwrap();
    assert!(again.unchanged);
    assert_eq!(again.advisories, 0);
    let info = db.info().unwrap();
    assert_eq!(info.counts.advisories, 6);
    assert_eq!(info.counts.withdrawn, 1);
    assert_eq!(info.sources.len(), 1);
    assert_eq!(info.sources[0].name, "data/osv");
    // Aliases are indexed.
    assert_eq!(
        db.ids_for_alias("CVE-2016-10931").unwrap(),
        vec!["RUSTSEC-2016-0001".to_string()]
    );
    // Upsert by ID: a changed source with the same record replaces it.
    drop(db);
    let mut db = Database::open(dir.path().join("v.db")).unwrap();
    let mut src = ParsedSource {
        name: "data/osv".into(),
        sha256: "other".into(),
        ..ParsedSource::default()
    };
    src.advisories.push(
        parse_osv(br#"{"id":"RUSTSEC-2016-0001","affected":[{"package":{"ecosystem":"crates.io","name":"openssl2"}}]}"#)
            .unwrap(),
    );
    db.import_parsed(src).unwrap();
    assert_eq!(db.info().unwrap().counts.advisories, 6);
    assert!(
        db.ids_for_package("crates.io", "openssl")
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        db.ids_for_package("crates.io", "openssl2").unwrap().len(),
        1
    );
}

fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn zip_import_counts_bad_records_and_caps_bombs() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(data("osv/RUSTSEC-2016-0001.json")).unwrap();
    let bomb = vec![b' '; 4 << 20];
    let zip_path = dir.path().join("all.zip");
    write_zip(
        &zip_path,
        &[
            ("RUSTSEC-2016-0001.json", &good),
            ("broken.json", b"{\"id\": "),
            ("noid.json", b"{\"summary\": \"x\"}"),
            ("bomb.json", &bomb),
            ("README.txt", b"not json, ignored"),
        ],
    );
    let limits = ImportLimits {
        max_entry_bytes: 1 << 20,
        ..ImportLimits::default()
    };
    let mut db = Database::in_memory().unwrap();
    let r = db.import_path(&zip_path, &limits).unwrap();
    assert_eq!(r.advisories, 1);
    let mut names: Vec<&str> = r.skipped.iter().map(|s| s.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["bomb.json", "broken.json", "noid.json"]);
    // Total cap: the whole import is refused.
    let tight = ImportLimits {
        max_total_bytes: 1 << 20,
        max_entry_bytes: 8 << 20,
        ..ImportLimits::default()
    };
    let err = Database::in_memory()
        .unwrap()
        .import_path(&zip_path, &tight)
        .unwrap_err();
    assert!(err.to_string().contains("zip bomb"), "{err}");
    // Entry-count cap.
    let few = ImportLimits {
        max_entries: 2,
        ..ImportLimits::default()
    };
    assert!(
        Database::in_memory()
            .unwrap()
            .import_path(&zip_path, &few)
            .is_err()
    );
    // The same file again is recognised by its SHA-256 before it is parsed.
    assert!(db.import_path(&zip_path, &limits).unwrap().unchanged);
}

#[test]
fn corrupt_database_says_how_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.db");
    std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
    let err = Database::open(&path).unwrap_err();
    assert!(matches!(err, VulnError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("vulndb import --db"), "{err}");
    let missing = Database::open_existing(dir.path().join("none.db")).unwrap_err();
    assert!(matches!(missing, VulnError::Missing { .. }));
}

#[test]
fn purl_matching_per_ecosystem() {
    let mut db = Database::in_memory().unwrap();
    db.import_path(data("osv"), &ImportLimits::default())
        .unwrap();
    let bom = br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "bom-ref": "a", "name": "openssl", "version": "0.8.0", "purl": "pkg:cargo/openssl@0.8.0"},
      {"type": "library", "bom-ref": "b", "name": "openssl", "version": "0.9.0", "purl": "pkg:cargo/openssl@0.9.0"},
      {"type": "library", "bom-ref": "c", "name": "smallvec", "version": "0.6.0", "purl": "pkg:cargo/smallvec@0.6.0"},
      {"type": "library", "bom-ref": "d", "name": "aiohttp", "version": "3.7.3", "purl": "pkg:pypi/AioHTTP@3.7.3"},
      {"type": "library", "bom-ref": "e", "name": "aiohttp", "version": "3.7.4", "purl": "pkg:pypi/aiohttp@3.7.4"},
      {"type": "library", "bom-ref": "f", "name": "openssl", "version": "custom", "purl": "pkg:cargo/openssl@custom"},
      {"type": "library", "bom-ref": "g", "name": "openssl", "version": "0.8.0", "purl": "pkg:generic/openssl@0.8.0"},
      {"type": "library", "bom-ref": "h", "name": "OpenSSL", "version": "0.8.0", "purl": "pkg:cargo/OpenSSL@0.8.0"}
    ]}"#;
    let sbom = cra62443_sbom::parse_bytes("bom.json", bom).unwrap();
    let result = scan(&db, &[sbom], &[]).unwrap();
    let by_ref = |r: &str| -> Vec<(&str, FindingStatus)> {
        result
            .findings
            .iter()
            .filter(|f| f.component.bom_ref == r)
            .map(|f| (f.id.as_str(), f.status))
            .collect()
    };
    assert_eq!(
        by_ref("a"),
        [("RUSTSEC-2016-0001", FindingStatus::Affected)]
    );
    assert!(by_ref("b").is_empty());
    assert_eq!(
        by_ref("c"),
        [("RUSTSEC-2018-0018", FindingStatus::Informational)]
    );
    assert_eq!(by_ref("d"), [("PYSEC-2021-76", FindingStatus::Affected)]);
    assert!(by_ref("e").is_empty());
    assert_eq!(
        by_ref("f"),
        [("RUSTSEC-2016-0001", FindingStatus::Indeterminate)]
    );
    assert!(
        by_ref("g").is_empty(),
        "pkg:generic is never matched by purl"
    );
    assert!(by_ref("h").is_empty(), "crates.io names are case-sensitive");
    let a = result
        .findings
        .iter()
        .find(|f| f.component.bom_ref == "a")
        .unwrap();
    assert_eq!(a.match_kind, MatchKind::Purl);
    assert_eq!(a.fixed, ["0.9.0"]);
    assert_eq!(a.aliases, ["CVE-2016-10931", "GHSA-34p9-f4q3-c4r7"]);
    assert!(a.severity.as_ref().unwrap().score.unwrap() > 7.0);
    assert!(a.evidence.contains("SEMVER range"), "{}", a.evidence);
    assert_eq!(result.summary.findings, 2);
    assert_eq!(result.summary.indeterminate, 1);
    assert_eq!(
        cra_status(&result),
        "2 known vulnerabilities, 0 known exploited, 1 unassessed"
    );
}

#[test]
fn withdrawn_advisories_are_their_own_class() {
    let mut db = Database::in_memory().unwrap();
    let mut src = ParsedSource {
        name: "t".into(),
        sha256: "1".into(),
        ..ParsedSource::default()
    };
    src.advisories.push(
        parse_osv(br#"{"id":"GHSA-xxxx","withdrawn":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"left-pad"},
          "ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}"#)
            .unwrap(),
    );
    db.import_parsed(src).unwrap();
    let bom = br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "bom-ref": "a", "name": "left-pad", "version": "1.0.0", "purl": "pkg:npm/left-pad@1.0.0"}]}"#;
    let sbom = cra62443_sbom::parse_bytes("bom.json", bom).unwrap();
    let result = scan(&db, &[sbom], &[]).unwrap();
    assert_eq!(result.findings[0].status, FindingStatus::Withdrawn);
    assert_eq!(result.summary.findings, 0);
}

#[test]
fn oss_fuzz_git_ranges_through_versions() {
    let a = parse_osv(&std::fs::read(data("osv/OSV-2017-101.json")).unwrap()).unwrap();
    let aff = &a.affected[0];
    assert!(cra62443_vuln::range::evaluate(aff, "v0.2.2").is_affected());
    assert_eq!(
        cra62443_vuln::range::evaluate(aff, "1.0.0"),
        cra62443_vuln::range::Verdict::NotAffected
    );
}

fn finding_ids(result: &cra62443_vuln::ScanResult, component: &str) -> Vec<String> {
    let mut v: Vec<String> = result
        .findings
        .iter()
        .filter(|f| f.component.name == component)
        .map(|f| f.id.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn yocto_cyclonedx_cpe_findings_and_vex() {
    let dir = tempfile::tempdir().unwrap();
    let db = yocto_db(dir.path());
    let sbom = cra62443_sbom::read_path(workspace(
        "crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json",
    ))
    .unwrap();
    let result = scan(&db, std::slice::from_ref(&sbom), &[]).unwrap();
    assert!(
        result
            .findings
            .iter()
            .all(|f| f.match_kind == MatchKind::Cpe)
    );
    assert_eq!(
        finding_ids(&result, "curl"),
        ["CVE-2024-6197", "CVE-2024-8096"]
    );
    // Only the component whose CPE vendor is `curl` matches (haxx and daniel_stenberg do not).
    let curl: Vec<_> = result
        .findings
        .iter()
        .filter(|f| f.id == "CVE-2024-6197")
        .collect();
    assert_eq!(curl.len(), 1);
    assert_eq!(
        curl[0].cpe.as_deref(),
        Some("cpe:2.3:*:curl:curl:8.7.1:*:*:*:*:*:*:*")
    );
    assert_eq!(
        finding_ids(&result, "libarchive"),
        ["CVE-2024-37407", "CVE-2024-48957"]
    );
    assert_eq!(finding_ids(&result, "xz"), ["CVE-2024-47611"]);
    assert_eq!(finding_ids(&result, "linux_kernel"), ["CVE-2024-1086"]);
    // Fixed versions are not reported: expat 2.6.3, openssl 3.2.3, zlib 1.3.1.
    for clean in ["expat", "libexpat", "openssl", "zlib"] {
        assert!(finding_ids(&result, clean).is_empty(), "{clean}");
    }
    let kernel = result
        .findings
        .iter()
        .find(|f| f.id == "CVE-2024-1086")
        .unwrap();
    assert_eq!(kernel.kev.as_ref().unwrap().date_added, "2024-05-30");
    assert!(
        kernel.evidence.contains(">= 3.15, < 6.8"),
        "{}",
        kernel.evidence
    );
    assert_eq!(result.summary.known_exploited, 1);
    let before = result.summary.findings;
    assert_eq!(before, 6);

    // The Yocto VEX marks CVE-2024-1086 resolved (backported) for the kernel.
    let vex = cra62443_vex::read_file(&workspace(
        "crates/cra62443-vex/tests/data/yocto-cdx14-vex.json",
    ))
    .unwrap();
    let result = scan(&db, &[sbom], &vex.statements).unwrap();
    let kernel = result
        .findings
        .iter()
        .find(|f| f.id == "CVE-2024-1086")
        .unwrap();
    assert_eq!(kernel.status, FindingStatus::Suppressed);
    let by = kernel.suppressed_by.as_ref().unwrap();
    assert!(by.document.ends_with("yocto-cdx14-vex.json"));
    assert!(by.statement.starts_with("/vulnerabilities/"));
    assert_eq!(result.summary.suppressed, 1);
    assert_eq!(result.summary.known_exploited, 0);
    assert_eq!(result.summary.findings, before - 1);
    assert_eq!(result.stale_vex.len(), vex.statements.len() - 1);
    assert_eq!(
        cra_status(&result),
        "5 known vulnerabilities, 0 known exploited, none unassessed (1 suppressed by VEX)"
    );
}

#[test]
fn cli_import_status_scan_json_and_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let mut out = Vec::new();
    let code = run_vulndb(
        VulnDbCommand::Import {
            db: db.clone(),
            sources: vec![data("cve"), data("kev.json"), data("osv")],
        },
        &mut out,
    )
    .unwrap();
    assert_eq!(code, 0);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("data/cve: 14 advisories"), "{text}");
    let mut out = Vec::new();
    run_vulndb(
        VulnDbCommand::Status {
            db: db.clone(),
            format: StatusFormat::Json,
        },
        &mut out,
    )
    .unwrap();
    let status: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(status["counts"]["advisories"], 20);
    assert_eq!(status["counts"]["kev"], 3);

    let scan_cmd = |format| VulnCommand::Scan {
        sboms: vec![workspace(
            "crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json",
        )],
        vex: vec![workspace(
            "crates/cra62443-vex/tests/data/yocto-cdx14-vex.json",
        )],
        db: db.clone(),
        format,
    };
    let mut out = Vec::new();
    assert_eq!(run_vuln(scan_cmd(ScanFormat::Json), &mut out).unwrap(), 3);
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for key in ["sboms", "database", "findings", "stale_vex", "summary"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    // The streamed document is byte for byte the serialised `ScanResult`.
    let database = Database::open_existing(&db).unwrap();
    let sbom = cra62443_sbom::read_path(workspace(
        "crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json",
    ))
    .unwrap();
    let vex = cra62443_vex::read_file(&workspace(
        "crates/cra62443-vex/tests/data/yocto-cdx14-vex.json",
    ))
    .unwrap();
    let whole = scan(&database, &[sbom], &vex.statements).unwrap();
    let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
    assert_eq!(String::from_utf8(out.clone()).unwrap(), expected);
    let f = &json["findings"][0];
    for key in [
        "component",
        "purl",
        "cpe",
        "id",
        "aliases",
        "severity",
        "fixed",
        "kev",
        "match",
        "evidence",
        "status",
        "suppressed_by",
    ] {
        assert!(f.get(key).is_some(), "finding.{key}");
    }
    assert_eq!(f["match"], "cpe");
    for key in ["findings", "known_exploited", "indeterminate", "suppressed"] {
        assert!(json["summary"].get(key).is_some(), "summary.{key}");
    }
    let suppressed = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["status"] == "suppressed")
        .unwrap();
    assert!(suppressed["suppressed_by"]["document"].is_string());
    assert!(suppressed["suppressed_by"]["statement"].is_string());

    let mut out = Vec::new();
    run_vuln(scan_cmd(ScanFormat::Sarif), &mut out).unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    assert!(
        results
            .iter()
            .any(|r| r["suppressions"][0]["kind"] == "external")
    );
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(
        results
            .iter()
            .all(|r| rules.iter().any(|x| x["id"] == r["ruleId"]))
    );

    let mut out = Vec::new();
    run_vuln(scan_cmd(ScanFormat::Table), &mut out).unwrap();
    let table = String::from_utf8(out).unwrap();
    assert!(
        table.contains("CRA Annex I Part I (2)(a): 5 known vulnerabilities"),
        "{table}"
    );

    // Scanning without a database is a clear error.
    let err = run_vuln(
        VulnCommand::Scan {
            sboms: vec![workspace(
                "crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json",
            )],
            vex: vec![],
            db: dir.path().join("missing.db"),
            format: ScanFormat::Json,
        },
        &mut Vec::new(),
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(err.to_string().contains("vulndb import"));
}

/// Linux CNA records: the version ranges sit in an entry without CPE under
/// `defaultStatus: affected`, with the stable-branch backports as `unaffected` entries.
/// The Yocto kernel is 6.6.21: CVE-2024-26852 was fixed in 6.6.22 (affected),
/// CVE-2023-52670 in 6.6.15 (not affected).
#[test]
fn linux_cna_default_status_and_backports() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(dir.path().join("v.db")).unwrap();
    let r = db
        .import_path(data("cve-kernel"), &ImportLimits::default())
        .unwrap();
    assert_eq!(r.advisories, 2);
    let sbom = cra62443_sbom::read_path(workspace(
        "crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json",
    ))
    .unwrap();
    let result = scan(&db, &[sbom], &[]).unwrap();
    assert_eq!(finding_ids(&result, "linux_kernel"), ["CVE-2024-26852"]);
    let f = &result.findings[0];
    assert_eq!(f.status, FindingStatus::Affected);
    assert!(f.fixed.contains(&"6.6.22".to_string()), "{:?}", f.fixed);
    assert!(
        f.evidence.contains("outside the unaffected") && f.evidence.contains("has no CPE"),
        "{}",
        f.evidence
    );
}

/// A database written by an older importer revision re-reads unchanged sources once.
#[test]
fn older_importer_revision_reimports_unchanged_sources() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let limits = ImportLimits::default();
    let mut db = Database::open(&path).unwrap();
    assert!(!db.import_path(data("osv"), &limits).unwrap().unchanged);
    assert!(db.import_path(data("osv"), &limits).unwrap().unchanged);
    drop(db);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'importer'", [])
        .unwrap();
    drop(conn);
    // `vulndb status` says which sources to import again.
    let mut out = Vec::new();
    run_vulndb(
        VulnDbCommand::Status {
            db: path.clone(),
            format: StatusFormat::Table,
        },
        &mut out,
    )
    .unwrap();
    let table = String::from_utf8(out).unwrap();
    assert!(
        table.contains("read by an older cra62443: import it again"),
        "{table}"
    );
    let mut db = Database::open(&path).unwrap();
    let again = db.import_path(data("osv"), &limits).unwrap();
    assert!(!again.unchanged);
    assert_eq!(again.advisories, 6);
    assert!(db.import_path(data("osv"), &limits).unwrap().unchanged);
}

/// Distribution purls: `pkg:rpm/redhat/…` reaches the `Red Hat` ecosystem, and the `distro`
/// qualifier selects the release's entry of a per-release OSV record (`Debian:11` vs
/// `Debian:12` have different fixed versions).
#[test]
fn distribution_purls_and_release_entries() {
    let mut db = Database::in_memory().unwrap();
    let mut src = ParsedSource {
        name: "distros".into(),
        sha256: "x".into(),
        ..Default::default()
    };
    src.advisories.push(
        parse_osv(
            br#"{"id": "DLA-9999-1", "aliases": ["CVE-2099-1000"], "affected": [
          {"package": {"ecosystem": "Debian:11", "name": "curl"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "7.74.0-1.3+deb11u14"}]}]},
          {"package": {"ecosystem": "Debian:12", "name": "curl"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "7.88.1-10+deb12u6"}]}]}]}"#,
        )
        .unwrap(),
    );
    src.advisories.push(
        parse_osv(
            br#"{"id": "RHSA-2099:0001", "affected": [
          {"package": {"ecosystem": "Red Hat:enterprise_linux:9::appstream", "name": "httpd"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "0:2.4.57-8.el9"}]}]}]}"#,
        )
        .unwrap(),
    );
    db.import_parsed(src).unwrap();
    let bom = br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "bom-ref": "deb12-old", "name": "curl", "purl": "pkg:deb/debian/curl@7.88.1-10+deb12u5?distro=debian-12"},
      {"type": "library", "bom-ref": "deb12-new", "name": "curl", "purl": "pkg:deb/debian/curl@7.88.1-10+deb12u6?distro=bookworm"},
      {"type": "library", "bom-ref": "deb11-new", "name": "curl", "purl": "pkg:deb/debian/curl@7.74.0-1.3+deb11u14?distro=debian-11"},
      {"type": "library", "bom-ref": "deb-any", "name": "curl", "purl": "pkg:deb/debian/curl@7.88.1-10+deb12u6"},
      {"type": "library", "bom-ref": "rhel-old", "name": "httpd", "purl": "pkg:rpm/redhat/httpd@2.4.57-5.el9?epoch=0&distro=rhel-9.2"},
      {"type": "library", "bom-ref": "rhel-new", "name": "httpd", "purl": "pkg:rpm/redhat/httpd@2.4.57-8.el9?distro=rhel-9.4"},
      {"type": "library", "bom-ref": "fedora", "name": "httpd", "purl": "pkg:rpm/fedora/httpd@2.4.57-5.fc39"}
    ]}"#;
    let sbom = cra62443_sbom::parse_bytes("bom.json", bom).unwrap();
    let result = scan(&db, &[sbom], &[]).unwrap();
    let ids = |r: &str| -> Vec<&str> {
        result
            .findings
            .iter()
            .filter(|f| f.component.bom_ref == r)
            .map(|f| f.id.as_str())
            .collect()
    };
    assert_eq!(ids("deb12-old"), ["DLA-9999-1"]);
    let f = result
        .findings
        .iter()
        .find(|f| f.component.bom_ref == "deb12-old")
        .unwrap();
    assert!(f.evidence.contains("(in Debian:12)"), "{}", f.evidence);
    assert!(ids("deb12-new").is_empty());
    assert!(ids("deb11-new").is_empty());
    // Without `distro`, the Debian:11 entry (fixed in a lower version) and the Debian:12 entry
    // are both compared: 7.88.1-10+deb12u6 is outside both.
    assert!(ids("deb-any").is_empty());
    assert_eq!(ids("rhel-old"), ["RHSA-2099:0001"]);
    assert!(ids("rhel-new").is_empty());
    assert!(ids("fedora").is_empty(), "Fedora has no OSV ecosystem");
}

/// ENISA EUVD records: EUVD IDs become aliases of the CVE findings, `exploitedSince` marks
/// them known exploited next to the CISA KEV, bad records are skipped by name.
#[test]
fn euvd_aliases_and_eu_kev() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = yocto_db(dir.path());
    let r = db
        .import_path(data("euvd-exploited.json"), &ImportLimits::default())
        .unwrap();
    assert_eq!(r.euvd, 2);
    let names: Vec<&str> = r.skipped.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "data/euvd-exploited.json #2 (EUVD-2099-0003)",
            "data/euvd-exploited.json #3 (EUVD-2099-0004)"
        ]
    );
    assert!(r.skipped[1].reason.contains("not a date"));
    let info = db.info().unwrap();
    assert_eq!((info.counts.euvd, info.counts.euvd_exploited), (2, 2));
    let sbom = cra62443_sbom::read_path(workspace(
        "crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json",
    ))
    .unwrap();
    let result = scan(&db, &[sbom], &[]).unwrap();
    let kernel = result
        .findings
        .iter()
        .find(|f| f.id == "CVE-2024-1086")
        .unwrap();
    assert!(kernel.aliases.contains(&"EUVD-2099-0001".to_string()));
    let kev = kernel.kev.as_ref().unwrap();
    // The earliest listing wins: EUVD 2024-05-29 before CISA 2024-05-30.
    assert_eq!(kev.date_added, "2024-05-29");
    let catalogues: Vec<&str> = kev.listed_in.iter().map(|l| l.catalogue.as_str()).collect();
    assert_eq!(catalogues, ["CISA KEV", "EU KEV"]);
    // curl CVE-2024-6197 is in the EU KEV only, notified under the CRA.
    let curl = result
        .findings
        .iter()
        .find(|f| f.id == "CVE-2024-6197")
        .unwrap();
    let kev = curl.kev.as_ref().unwrap();
    assert_eq!(kev.listed_in.len(), 1);
    assert_eq!(kev.listed_in[0].id, "EUVD-2099-0002");
    assert_eq!(kev.listed_in[0].origin.as_deref(), Some("CRA"));
    assert_eq!(result.summary.known_exploited, 2);
    // A VEX statement may name the EUVD ID instead of the CVE ID.
    let vex = br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "vulnerabilities": [
      {"id": "EUVD-2099-0002", "analysis": {"state": "not_affected", "justification": "code_not_reachable"},
       "affects": [{"ref": "1aba5890-0082-49f2-96a4-95af0f15c591"}]}]}"#;
    let vex = cra62443_vex::read_bytes("vex.json", vex).unwrap();
    let sbom = cra62443_sbom::read_path(workspace(
        "crates/cra62443-sbom/tests/data/yocto-cdx14-bom.json",
    ))
    .unwrap();
    let result = scan(&db, &[sbom], &vex.statements).unwrap();
    let curl = result
        .findings
        .iter()
        .find(|f| f.id == "CVE-2024-6197")
        .unwrap();
    assert_eq!(curl.status, FindingStatus::Suppressed);
    assert!(result.stale_vex.is_empty());
    assert_eq!(result.summary.known_exploited, 1);
}

/// A folder of downloaded dumps (`osv/PyPI/all.zip`) is read archive by archive; a folder
/// without JSON or zip files is an error, not a silent "0 advisories".
#[test]
fn folder_of_zips_and_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let dumps = dir.path().join("osv");
    std::fs::create_dir_all(dumps.join("crates.io")).unwrap();
    let rec = std::fs::read(data("osv/RUSTSEC-2016-0001.json")).unwrap();
    write_zip(
        &dumps.join("crates.io/all.zip"),
        &[("RUSTSEC-2016-0001.json", &rec)],
    );
    let mut db = Database::in_memory().unwrap();
    let r = db.import_path(&dumps, &ImportLimits::default()).unwrap();
    assert_eq!(r.advisories, 1);
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let err = db
        .import_path(&empty, &ImportLimits::default())
        .unwrap_err();
    assert!(err.to_string().contains("no .json or .zip files"), "{err}");
}
