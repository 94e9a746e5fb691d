//! The `sbom` command group through `cli::run` and clap parsing.

mod common;

use std::path::PathBuf;

use clap::Parser;
use common::{cyclonedx_1_6_errors, data};
use cra62443_sbom::TrVersion;
use cra62443_sbom::cli::{CliError, ConvertTarget, FailOn, OutputFormat, SbomCommand, run};
use serde_json::Value;

#[derive(Parser)]
#[command(name = "cra62443")]
enum Cli {
    #[command(subcommand)]
    Sbom(SbomCommand),
}

fn parse(args: &[&str]) -> SbomCommand {
    let mut all = vec!["cra62443", "sbom"];
    all.extend_from_slice(args);
    match Cli::try_parse_from(all).unwrap() {
        Cli::Sbom(cmd) => cmd,
    }
}

fn run_ok(cmd: SbomCommand) -> (i32, String) {
    let mut out = Vec::new();
    let code = run(cmd, &mut out).unwrap();
    (code, String::from_utf8(out).unwrap())
}

fn path(name: &str) -> String {
    data(name).display().to_string()
}

#[test]
fn arguments_parse() {
    assert_eq!(
        parse(&[
            "check",
            "x.json",
            "--tr",
            "2.0",
            "--format",
            "json",
            "--fail-on",
            "should"
        ]),
        SbomCommand::Check {
            file: PathBuf::from("x.json"),
            tr: TrVersion::V2_0,
            format: OutputFormat::Json,
            fail_on: Some(FailOn::Should),
        }
    );
    assert_eq!(
        parse(&["check", "x.json"]),
        SbomCommand::Check {
            file: PathBuf::from("x.json"),
            tr: TrVersion::V2_1,
            format: OutputFormat::Table,
            fail_on: None,
        }
    );
    assert_eq!(
        parse(&[
            "convert",
            "x.json",
            "--to",
            "cyclonedx-1.6",
            "-o",
            "out.json"
        ]),
        SbomCommand::Convert {
            file: PathBuf::from("x.json"),
            to: ConvertTarget::CycloneDx16,
            output: Some(PathBuf::from("out.json")),
        }
    );
    assert_eq!(
        parse(&["show", "x.json"]),
        SbomCommand::Show {
            file: PathBuf::from("x.json"),
            format: OutputFormat::Table,
        }
    );
    let bad = Cli::try_parse_from(["cra62443", "sbom", "check", "x", "--tr", "3.0"]);
    assert_eq!(bad.err().unwrap().exit_code(), 2);
}

#[test]
fn show_json_contract() {
    let (code, out) = run_ok(parse(&[
        "show",
        &path("full-1.6.cdx.json"),
        "--format",
        "json",
    ]));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "cyclonedx");
    assert_eq!(v["spec_version"], "1.6");
    assert_eq!(v["primary"]["name"], "plc-firmware");
    let c = &v["components"][1];
    for key in [
        "name", "version", "purl", "cpes", "hashes", "licenses", "supplier",
    ] {
        assert!(c.get(key).is_some(), "component key {key}");
    }
    assert_eq!(c["name"], "openssl");
    assert_eq!(c["hashes"][0]["alg"], "SHA-512");
    assert_eq!(c["licenses"]["concluded"], "Apache-2.0");
    assert_eq!(c["supplier"]["email"], "psirt@supplier.example");
    assert_eq!(v["dependencies"][0]["bom_ref"], "urn:example:plc-fw@2.4.0");
    assert_eq!(
        v["dependencies"][0]["depends_on"].as_array().unwrap().len(),
        3
    );

    let (_, out) = run_ok(parse(&[
        "show",
        &path("yocto-spdx2.tar.zst"),
        "--format",
        "json",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "spdx2");
    assert_eq!(v["components"].as_array().unwrap().len(), 201);
    assert_eq!(v["files"], 151);
    assert_eq!(v["metadata"]["documents"], 155);
}

#[test]
fn show_table() {
    let (code, out) = run_ok(parse(&["show", &path("yocto-cdx14-bom.json")]));
    assert_eq!(code, 0);
    assert!(out.contains("format:       CycloneDX 1.4 (JSON)"), "{out}");
    assert!(out.contains("components:   97"), "{out}");
    assert!(out.contains("primary:      (none)"), "{out}");
    let header = out.lines().find(|l| l.starts_with("NAME")).unwrap();
    assert!(header.contains("VERSION") && header.contains("IDENTIFIER"));
    assert!(
        out.lines()
            .any(|l| l.starts_with("libtasn1") && l.contains("pkg:generic/libtasn1@4.19.0"))
    );
}

#[test]
fn convert_to_stdout_and_atomically_to_a_file() {
    let (code, out) = run_ok(parse(&[
        "convert",
        &path("yocto-spdx3-core-image-minimal.spdx.json"),
    ]));
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["specVersion"], "1.6");
    assert!(cyclonedx_1_6_errors(&doc).is_empty());

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("bom.cdx.json");
    std::fs::write(&target, "old content").unwrap();
    let (code, out) = run_ok(parse(&[
        "convert",
        &path("full-1.6.cdx.json"),
        "--output",
        &target.display().to_string(),
    ]));
    assert_eq!(code, 0);
    assert!(out.is_empty(), "nothing on stdout with --output");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["metadata"]["component"]["name"], "plc-firmware");
    // Only the target is left in the folder (the temporary file was renamed).
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["bom.cdx.json"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }

    // A failed read leaves an existing target untouched.
    let e = run(
        parse(&[
            "convert",
            &path("malformed/truncated.cdx.json"),
            "-o",
            &target.display().to_string(),
        ]),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("plc-firmware")
    );

    // A folder as output is a usage error; a missing folder an output error.
    let e = run(
        parse(&[
            "convert",
            &path("full-1.6.cdx.json"),
            "-o",
            &dir.path().display().to_string(),
        ]),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(matches!(e, CliError::Usage(_)));
    assert_eq!(e.exit_code(), 2);
    let missing = dir.path().join("no/such/dir/out.json");
    let e = run(
        parse(&[
            "convert",
            &path("full-1.6.cdx.json"),
            "-o",
            &missing.display().to_string(),
        ]),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(matches!(e, CliError::Output { .. }), "{e:?}");
    assert_eq!(e.exit_code(), 1);
}

#[test]
fn check_json_contract_and_exit_codes() {
    let (code, out) = run_ok(parse(&[
        "check",
        &path("full-1.6.cdx.json"),
        "--format",
        "json",
        "--fail-on",
        "should",
    ]));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tr_version"], "2.1");
    assert_eq!(v["format_conformant"], true);
    for key in ["id", "level", "passed", "detail"] {
        assert!(v["rules"][0].get(key).is_some(), "{key}");
    }
    for key in ["passed", "failed", "score_percent", "components_checked"] {
        assert!(v["summary"].get(key).is_some(), "{key}");
    }
    assert_eq!(v["summary"]["failed"], 0);

    let yocto = path("yocto-cdx14-bom.json");
    assert_eq!(
        run_ok(parse(&["check", &yocto])).0,
        0,
        "no --fail-on: report only"
    );
    assert_eq!(
        run_ok(parse(&["check", &yocto, "--fail-on", "format"])).0,
        1
    );
    assert_eq!(run_ok(parse(&["check", &yocto, "--fail-on", "must"])).0, 1);

    // SPDX 2.3: accepted under v2.0, not under v2.1.
    let spdx = path("small-2.3.spdx.json");
    assert_eq!(
        run_ok(parse(&[
            "check",
            &spdx,
            "--tr",
            "2.0",
            "--fail-on",
            "format"
        ]))
        .0,
        0
    );
    assert_eq!(
        run_ok(parse(&[
            "check",
            &spdx,
            "--tr",
            "2.1",
            "--fail-on",
            "format"
        ]))
        .0,
        1
    );

    // Only a SHOULD rule fails: `must` passes, `should` fails.
    let dir = tempfile::tempdir().unwrap();
    let unsigned = dir.path().join("unsigned.json");
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(data("full-1.6.cdx.json")).unwrap()).unwrap();
    doc.as_object_mut().unwrap().remove("signature");
    std::fs::write(&unsigned, doc.to_string()).unwrap();
    let unsigned = unsigned.display().to_string();
    assert_eq!(
        run_ok(parse(&["check", &unsigned, "--fail-on", "must"])).0,
        0
    );
    assert_eq!(
        run_ok(parse(&["check", &unsigned, "--fail-on", "should"])).0,
        1
    );
}

#[test]
fn check_table() {
    let (_, out) = run_ok(parse(&[
        "check",
        &path("yocto-spdx3-core-image-minimal.spdx.json"),
    ]));
    assert!(
        out.starts_with("BSI TR-03183-2 v2.1: format accepted"),
        "{out}"
    );
    assert!(
        out.contains("pass    MUST        cra:top-level-dependencies (cra:annex-i.p2.1)"),
        "{out}"
    );
    assert!(
        out.lines().last().unwrap().starts_with("summary: "),
        "{out}"
    );
}

#[test]
fn unreadable_input_is_a_data_error() {
    let e = run(
        parse(&["show", &path("malformed/billion-laughs.cdx.xml")]),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(e.to_string().contains("billion-laughs.cdx.xml:2:"), "{e}");
    let e = run(parse(&["check", "/no/such/file.json"]), &mut Vec::new()).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(e.to_string().starts_with("/no/such/file.json: "), "{e}");
}
