//! Generated CSAF documents checked by the official validator (`@secvisogram/csaf-validator-lib`,
//! strict CSAF 2.0 schema plus all its mandatory tests) through
//! `.ci/validators/csaf/validate.mjs`.
//!
//! Needs `node` and `npm ci` run in `.ci/validators/csaf`. Without them the test prints a skip
//! message, except when `CI=true`, where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{broken_cases, data, example_advisory, varied};
use cra62443_vex::advisory::{Profile, check};
use cra62443_vex::{WriteFormat, WriteOptions, read_file, to_pretty_json, write};

fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let manifest = manifest.canonicalize().unwrap_or(manifest);
    manifest.join("../..").canonicalize().unwrap()
}

/// The validator folder, or `None` (after printing why) if it cannot run here.
fn validator() -> Option<PathBuf> {
    let dir = repo_root().join(".ci/validators/csaf");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let installed = dir
        .join("node_modules/@secvisogram/csaf-validator-lib/package.json")
        .exists();
    let node = Command::new("node").arg("--version").output().is_ok();
    if installed && node {
        return Some(dir);
    }
    let why = if node {
        format!("{} has no node_modules (run `npm ci` there)", dir.display())
    } else {
        "node is not installed".to_string()
    };
    if ci {
        panic!("CI=true but the CSAF validator cannot run: {why}");
    }
    eprintln!("skipped: official CSAF validator not available: {why}");
    None
}

/// Runs the validator on `files`; returns (exit code, JSON report).
fn run(files: &[PathBuf]) -> (i32, serde_json::Value) {
    let root = repo_root();
    let out = Command::new("node")
        .arg(".ci/validators/csaf/validate.mjs")
        .arg("--json")
        .args(files)
        .current_dir(&root)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "validator output is not JSON ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

fn write_doc(dir: &Path, name: &str, doc: &serde_json::Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, to_pretty_json(doc)).unwrap();
    path
}

/// `mandatoryTest_6_1_27_9` → `6.1.27.9`.
fn test_id(name: &str) -> Option<String> {
    name.strip_prefix("mandatoryTest_")
        .map(|s| s.replace('_', "."))
}

#[test]
fn generated_documents_pass_the_official_validator() {
    let Some(_) = validator() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let options = WriteOptions::new(
        "ACME PSIRT",
        "https://psirt.acme.example",
        "2026-03-09T10:00:00Z".parse().unwrap(),
    );
    let yocto = read_file(&data("yocto-cdx14-vex.json")).unwrap().statements;
    let docs = vec![
        ("advisory.json", example_advisory(Profile::SecurityAdvisory)),
        ("vex.json", example_advisory(Profile::Vex)),
        (
            "varied-vex.json",
            write(&varied(), WriteFormat::Csaf, &options).document,
        ),
        (
            "yocto-vex.json",
            write(&yocto, WriteFormat::Csaf, &options).document,
        ),
    ];
    let mut files = Vec::new();
    for (name, doc) in &docs {
        assert!(
            check(doc).iter().all(|r| r.passed()),
            "{name} fails our own tests"
        );
        files.push(write_doc(tmp.path(), name, doc));
    }
    let (code, report) = run(&files);
    assert_eq!(
        code,
        0,
        "{}",
        serde_json::to_string_pretty(&report).unwrap()
    );
    assert_eq!(report["failed"], 0);
}

#[test]
fn broken_documents_fail_the_same_mandatory_tests_in_the_official_validator() {
    let Some(_) = validator() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let cases = broken_cases();
    let files: Vec<PathBuf> = cases
        .iter()
        .map(|case| {
            let mut doc = example_advisory(case.profile);
            (case.mutate)(&mut doc);
            write_doc(tmp.path(), &format!("{}.json", case.name), &doc)
        })
        .collect();
    let (code, report) = run(&files);
    assert_eq!(code, 1);
    let entries = report["files"].as_array().unwrap();
    assert_eq!(entries.len(), cases.len());
    for (case, entry) in cases.iter().zip(entries) {
        let mut theirs: Vec<String> = entry["tests"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| test_id(t["name"].as_str()?))
            .collect();
        theirs.sort();
        let mut ours: Vec<String> = case.fails.iter().map(|s| s.to_string()).collect();
        ours.sort();
        assert_eq!(
            theirs, ours,
            "case {}: official validator vs. ours",
            case.name
        );
    }
}
