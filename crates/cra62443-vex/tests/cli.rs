//! The CLI module: argument parsing, the JSON contract, atomic output files, exit codes.

mod common;

use std::path::Path;

use clap::Parser;
use common::{data, spdx3_example};
use cra62443_vex::advisory::Profile;
use cra62443_vex::cli::{
    AdvisoryCommand, CliError, OutputFormat, VexCommand, run_advisory, run_vex,
};
use cra62443_vex::{WriteFormat, read_file};

#[derive(Debug, Parser)]
struct Vex {
    #[command(subcommand)]
    cmd: VexCommand,
}

#[derive(Debug, Parser)]
struct Advisory {
    #[command(subcommand)]
    cmd: AdvisoryCommand,
}

fn vex(args: &[&str]) -> VexCommand {
    Vex::try_parse_from(std::iter::once("vex").chain(args.iter().copied()))
        .unwrap()
        .cmd
}

fn advisory(args: &[&str]) -> AdvisoryCommand {
    Advisory::try_parse_from(std::iter::once("advisory").chain(args.iter().copied()))
        .unwrap()
        .cmd
}

fn run(cmd: VexCommand) -> (i32, String) {
    let mut out = Vec::new();
    let code = run_vex(cmd, &mut out).unwrap();
    (code, String::from_utf8(out).unwrap())
}

fn only_file(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn arguments_parse() {
    let cmd = vex(&["show", "--format", "json", "a.json", "b.json"]);
    assert!(
        matches!(cmd, VexCommand::Show { ref files, format: OutputFormat::Json } if files.len() == 2)
    );
    let cmd = vex(&[
        "convert",
        "a.json",
        "--to",
        "csaf",
        "-o",
        "out.json",
        "--namespace",
        "https://x.example",
    ]);
    match cmd {
        VexCommand::Convert {
            to, output, doc, ..
        } => {
            assert_eq!(to, WriteFormat::Csaf);
            assert_eq!(output.unwrap(), Path::new("out.json"));
            assert_eq!(doc.namespace, "https://x.example");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        vex(&["merge", "a", "b", "--to", "openvex"]),
        VexCommand::Merge { .. }
    ));
    let cmd = advisory(&["new", "in.yaml", "--profile", "vex"]);
    assert!(matches!(
        cmd,
        AdvisoryCommand::New {
            profile: Profile::Vex,
            ..
        }
    ));
    assert!(matches!(
        advisory(&["check", "x.json"]),
        AdvisoryCommand::Check { .. }
    ));
    assert!(Vex::try_parse_from(["vex", "show"]).is_err());
    assert!(Vex::try_parse_from(["vex", "convert", "a", "--to", "spdx"]).is_err());
}

#[test]
fn show_json_contract() {
    let path = spdx3_example();
    let (code, out) = run(vex(&["show", "--format", "json", path.to_str().unwrap()]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let statements = v["statements"].as_array().unwrap();
    assert_eq!(statements.len(), 72);
    for s in statements {
        for key in [
            "vulnerability",
            "aliases",
            "product",
            "status",
            "justification",
            "source",
        ] {
            assert!(s.get(key).is_some(), "missing {key}");
        }
        assert!(
            ["not_affected", "affected", "fixed", "under_investigation"]
                .contains(&s["status"].as_str().unwrap())
        );
        assert_eq!(s["source"]["format"], "spdx3");
    }
    let n_fixed = statements.iter().filter(|s| s["status"] == "fixed").count();
    assert_eq!(n_fixed, 9);
    assert!(
        statements
            .iter()
            .any(|s| s["justification"] == "vulnerable_code_not_present")
    );
}

#[test]
fn show_table_lists_and_counts() {
    let path = data("yocto-cdx14-vex.json");
    let (code, out) = run(vex(&["show", path.to_str().unwrap()]));
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("VULNERABILITY"));
    assert_eq!(lines.len(), 7239 + 2);
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("7239 statements: 4182 not_affected, 0 affected, 3057 fixed")
    );
}

#[test]
fn convert_writes_atomically_to_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = spdx3_example();
    for to in ["cyclonedx", "openvex", "csaf"] {
        let out_path = dir.path().join(format!("out.{to}.json"));
        // An existing file is replaced.
        std::fs::write(&out_path, "old").unwrap();
        let (code, out) = run(vex(&[
            "convert",
            input.to_str().unwrap(),
            "--to",
            to,
            "-o",
            out_path.to_str().unwrap(),
            "--namespace",
            "https://psirt.example",
        ]));
        assert_eq!(code, 0);
        assert!(out.starts_with("wrote "), "{out}");
        let back = read_file(&out_path).unwrap();
        assert_eq!(back.statements.len(), 72, "{to}");
    }
    assert_eq!(
        only_file(dir.path()),
        vec!["out.csaf.json", "out.cyclonedx.json", "out.openvex.json"],
        "no temporary files are left behind"
    );
}

#[test]
fn convert_to_stdout_and_unreadable_input() {
    let (code, out) = run(vex(&[
        "convert",
        data("yocto-cdx14-vex.json").to_str().unwrap(),
        "--to",
        "openvex",
    ]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["statements"].as_array().unwrap().len(), 7239);
    let err = run_vex(vex(&["show", "/nonexistent.json"]), &mut Vec::new()).unwrap_err();
    assert!(matches!(err, CliError::Read(_)));
    assert_eq!(err.exit_code(), 1);
    let err = run_vex(
        vex(&[
            "convert",
            "x.json",
            "--to",
            "csaf",
            "-o",
            "/nonexistent-dir/out.json",
        ]),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(matches!(err, CliError::Read(_)));
}

#[test]
fn merge_reports_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(
        &a,
        r#"{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "urn:a", "author": "a", "timestamp": "2024-01-01T00:00:00Z", "version": 1,
            "statements": [{"vulnerability": {"name": "CVE-2024-1"}, "products": [{"@id": "pkg:generic/p@1"}],
                            "status": "under_investigation"}]}"#,
    )
    .unwrap();
    std::fs::write(
        &b,
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"timestamp": "2024-03-01T00:00:00Z"},
            "vulnerabilities": [{"id": "CVE-2024-1", "analysis": {"state": "not_affected", "justification": "code_not_present"},
                                 "affects": [{"ref": "pkg:generic/p@1"}]}]}"#,
    )
    .unwrap();
    let out_path = dir.path().join("merged.json");
    let (code, out) = run(vex(&[
        "merge",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--to",
        "openvex",
        "-o",
        out_path.to_str().unwrap(),
    ]));
    assert_eq!(code, 0);
    assert!(
        out.contains("conflict: CVE-2024-1 / pkg:generic/p@1: kept not_affected"),
        "{out}"
    );
    let merged = read_file(&out_path).unwrap();
    assert_eq!(merged.statements.len(), 1);
    assert_eq!(
        merged.statements[0].status,
        cra62443_vex::Status::NotAffected
    );
}

#[test]
fn advisory_new_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let input = data("advisory-input.yaml");
    let mut out = Vec::new();
    let code = run_advisory(
        advisory(&[
            "new",
            input.to_str().unwrap(),
            "-o",
            dir.path().to_str().unwrap(),
            "--profile",
            "vex",
        ]),
        &mut out,
    )
    .unwrap();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&out));
    let file = dir.path().join("acme-sa-2026-001.json");
    assert!(file.exists());

    let mut out = Vec::new();
    let code = run_advisory(advisory(&["check", file.to_str().unwrap()]), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("43 passed, 0 failed"), "{text}");

    // Break it: check fails with exit code 1 and names the test.
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    doc["vulnerabilities"][0]
        .as_object_mut()
        .unwrap()
        .remove("remediations");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, serde_json::to_string(&doc).unwrap()).unwrap();
    let mut out = Vec::new();
    let code = run_advisory(
        advisory(&["check", broken.to_str().unwrap(), "--format", "json"]),
        &mut out,
    )
    .unwrap();
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["valid"], false);
    let failed: Vec<&str> = report["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| !t["errors"].as_array().unwrap().is_empty())
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(failed, vec!["6.1.27.10"]);
    assert_eq!(report["not_implemented"][0]["id"], "6.1.11");
}

#[test]
fn advisory_new_rejects_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.yaml");
    let text = std::fs::read_to_string(data("advisory-input.yaml"))
        .unwrap()
        .replace("    justification: vulnerable_code_not_in_execute_path\n", "")
        .replace(
            "    impact: The firmware does not use DTLS; the vulnerable function is never called.\n",
            "",
        );
    std::fs::write(&path, text).unwrap();
    let err = run_advisory(
        advisory(&["new", path.to_str().unwrap(), "--profile", "vex"]),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("6.1.27.9"), "{err}");
    // The security-advisory profile does not need impact statements.
    let mut out = Vec::new();
    let code = run_advisory(advisory(&["new", path.to_str().unwrap()]), &mut out).unwrap();
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["document"]["category"], "csaf_security_advisory");
}
