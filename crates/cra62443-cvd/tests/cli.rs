//! The CLI pieces: argument parsing through clap, the report-clock JSON contract, exit codes
//! and error messages naming the argument, and `securitytxt check`.

use std::path::Path;

use clap::Parser;
use cra62443_cvd::cli::{
    CliError, ReportClockArgs, SecurityTxtCommand, run_report_clock, run_securitytxt,
};

#[derive(Parser, Debug)]
enum Cli {
    ReportClock(ReportClockArgs),
    #[command(subcommand)]
    Securitytxt(SecurityTxtCommand),
}

/// Runs the command line; returns (exit code, stdout, error message).
fn run(args: &[&str]) -> (i32, String, String) {
    let cli = Cli::try_parse_from(std::iter::once("cra62443").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let result = match cli {
        Cli::ReportClock(a) => run_report_clock(a, &mut out),
        Cli::Securitytxt(c) => run_securitytxt(c, &mut out),
    };
    let out = String::from_utf8(out).unwrap();
    match result {
        Ok(code) => (code, out, String::new()),
        Err(e) => (e.exit_code(), out, e.to_string()),
    }
}

fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn report_clock_json_contract() {
    let v = json(&[
        "report-clock",
        "--kind",
        "exploited-vulnerability",
        "--aware-at",
        "2026-10-24T12:00:00+02:00",
        "--mitigation-at",
        "2026-10-26T09:00:00+01:00",
        "--tz",
        "Europe/Berlin",
        "--format",
        "json",
    ]);
    assert_eq!(v["kind"], "exploited-vulnerability");
    assert_eq!(v["aware_at"], "2026-10-24T10:00:00Z");
    let d = v["deadlines"].as_array().unwrap();
    let got: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d["report"].as_str().unwrap(), d["due_at"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("early-warning", "2026-10-25T10:00:00Z"),
            ("notification", "2026-10-27T10:00:00Z"),
            ("final-report", "2026-11-09T08:00:00Z"),
        ]
    );
    // Every due_at is RFC 3339 UTC.
    for x in d {
        let s = x["due_at"].as_str().unwrap();
        assert!(s.ends_with('Z'));
        s.parse::<cra62443_cvd::jiff::Timestamp>().unwrap();
    }
}

#[test]
fn report_clock_severe_incident_defaults_to_utc() {
    let v = json(&[
        "report-clock",
        "--kind",
        "severe-incident",
        "--aware-at",
        "2027-01-28T09:30:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(v["kind"], "severe-incident");
    assert_eq!(v["time_zone"], "UTC");
    assert_eq!(v["deadlines"][2]["report"], "final-report");
    assert_eq!(v["deadlines"][2]["due_at"], "2027-02-28T09:30:00Z");
    assert_eq!(v["deadlines"][2]["status"], "estimated");
}

#[test]
fn report_clock_reads_local_times_in_the_time_zone() {
    let v = json(&[
        "report-clock",
        "--kind",
        "severe-incident",
        "--aware-at",
        "2026-10-24T12:00",
        "--notified-at",
        "2026-10-26T08:00:00",
        "--tz",
        "Europe/Berlin",
        "--format",
        "json",
    ]);
    assert_eq!(v["aware_at"], "2026-10-24T10:00:00Z");
    assert_eq!(v["notified_at"], "2026-10-26T07:00:00Z");
    assert_eq!(v["deadlines"][2]["due_at"], "2026-11-26T07:00:00Z");
    assert_eq!(v["deadlines"][2]["status"], "due");
}

#[test]
fn report_clock_table() {
    let (code, out, _) = run(&[
        "report-clock",
        "--kind",
        "exploited-vulnerability",
        "--aware-at",
        "2026-10-24T12:00:00+02:00",
        "--tz",
        "Europe/Berlin",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("REPORT"));
    assert!(out.contains("DUE (Europe/Berlin)"));
    let row = out
        .lines()
        .find(|l| l.starts_with("notification "))
        .unwrap();
    assert!(row.contains("2026-10-27T10:00:00Z"), "{row}");
    assert!(row.contains("2026-10-27T11:00:00+01:00"), "{row}");
    assert!(row.contains("cra:art-14.2b"), "{row}");
    let final_row = out
        .lines()
        .find(|l| l.starts_with("final-report "))
        .unwrap();
    assert!(final_row.contains("pending"), "{final_row}");
    assert!(out.contains("ENISA"));
    assert!(out.contains("2026-09-11"));
}

#[test]
fn report_clock_bad_input_exits_2_naming_the_argument() {
    let cases: [(&[&str], &str); 6] = [
        (&["--aware-at", "yesterday"], "--aware-at"),
        (&["--aware-at", "2026-13-01T00:00:00Z"], "--aware-at"),
        (
            &[
                "--aware-at",
                "2026-10-02T00:00:00Z",
                "--mitigation-at",
                "2026-10-01T00:00:00Z",
            ],
            "--mitigation-at",
        ),
        (
            &[
                "--aware-at",
                "2026-10-02T00:00:00Z",
                "--notified-at",
                "2026-10-01T00:00:00Z",
            ],
            "--notified-at",
        ),
        (
            &["--aware-at", "2026-10-02T00:00:00Z", "--tz", "Mars/Olympus"],
            "--tz",
        ),
        (
            // 02:30 happens twice in Berlin on 25 October 2026.
            &["--aware-at", "2026-10-25T02:30:00", "--tz", "Europe/Berlin"],
            "--aware-at",
        ),
    ];
    for (extra, arg) in cases {
        let mut args = vec!["report-clock", "--kind", "exploited-vulnerability"];
        args.extend_from_slice(extra);
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with(arg), "{args:?}: {err}");
        assert!(out.is_empty());
    }
}

#[test]
fn unknown_kind_is_rejected_by_clap() {
    let err = Cli::try_parse_from([
        "cra62443",
        "report-clock",
        "--kind",
        "data-breach",
        "--aware-at",
        "2026-10-02T00:00:00Z",
    ])
    .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("exploited-vulnerability"));
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/securitytxt")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn securitytxt_check_json_and_fail_on() {
    let many = fixture("many-problems.txt");
    let base = [
        "securitytxt",
        "check",
        many.as_str(),
        "--now",
        "2026-11-01T00:00:00Z",
    ];
    let with = |extra: &[&'static str]| {
        let mut a: Vec<&str> = base.to_vec();
        a.extend_from_slice(extra);
        run(&a)
    };

    let (code, out, _) = with(&["--format", "json"]);
    assert_eq!(code, 0, "no --fail-on: report only");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["errors"], 8);
    assert!(v["path"].as_str().unwrap().ends_with("many-problems.txt"));
    assert!(v["findings"].as_array().unwrap().iter().any(|f| {
        f["code"] == "missing-policy"
            && f["cra"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!("cra:annex-i.p2.5"))
    }));

    assert_eq!(with(&["--fail-on", "error"]).0, 1);
    assert_eq!(with(&["--fail-on", "warning"]).0, 1);

    let valid = fixture("valid.txt");
    let run_valid = |fail: &'static str| {
        run(&[
            "securitytxt",
            "check",
            valid.as_str(),
            "--now",
            "2026-11-01T00:00:00Z",
            "--retrieved-from",
            "https://acme-automation.example/.well-known/security.txt",
            "--fail-on",
            fail,
        ])
    };
    assert_eq!(run_valid("error").0, 0);
    assert_eq!(run_valid("warning").0, 0);

    // With the real clock the 2026-01-01 Expires is in the past either way.
    let (code, _, _) = run(&["securitytxt", "check", many.as_str(), "--fail-on", "error"]);
    assert_eq!(code, 1);
}

#[test]
fn securitytxt_check_table() {
    let signed = fixture("valid-signed.txt");
    let (code, out, _) = run(&[
        "securitytxt",
        "check",
        signed.as_str(),
        "--now",
        "2026-11-01T00:00:00Z",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("signed, signature not verified"), "{out}");
    assert!(out.contains("signature-not-verified"), "{out}");
    assert!(
        out.contains("summary: 0 error(s), 1 warning(s), 1 info"),
        "{out}"
    );

    let many = fixture("many-problems.txt");
    let (_, out, _) = run(&[
        "securitytxt",
        "check",
        many.as_str(),
        "--now",
        "2026-11-01T00:00:00Z",
    ]);
    assert!(out.contains("CRA: cra:annex-i.p2.6"), "{out}");
    assert!(out.contains("missing-policy"), "{out}");
}

#[test]
fn securitytxt_check_folder_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".well-known")).unwrap();
    std::fs::write(
        dir.path().join(".well-known/security.txt"),
        "Contact: mailto:a@example.com\nExpires: 2027-01-01T00:00:00Z\n",
    )
    .unwrap();
    let root = dir.path().display().to_string();
    let (code, out, err) = run(&[
        "securitytxt",
        "check",
        root.as_str(),
        "--now",
        "2026-11-01T00:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["path"]
            .as_str()
            .unwrap()
            .ends_with(".well-known/security.txt")
    );

    let missing = dir.path().join("nope").display().to_string();
    let (code, _, err) = run(&["securitytxt", "check", missing.as_str()]);
    assert_eq!(code, 2);
    assert!(err.starts_with("PATH:"), "{err}");

    let (code, _, err) = run(&["securitytxt", "check", root.as_str(), "--now", "soon"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("--now"), "{err}");
}

#[test]
fn cli_error_exit_codes() {
    assert_eq!(CliError::Usage("x".into()).exit_code(), 2);
    assert_eq!(CliError::Catalog("x".into()).exit_code(), 1);
    assert_eq!(CliError::Write(std::io::Error::other("x")).exit_code(), 1);
}
