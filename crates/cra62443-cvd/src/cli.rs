//! Command-line pieces for the `cra62443` binary: `report-clock` and `securitytxt check`.
//!
//! The binary wires them in and maps the result to the process exit code:
//!
//! ```no_run
//! use clap::Parser;
//! use cra62443_cvd::cli::{ReportClockArgs, SecurityTxtCommand, run_report_clock, run_securitytxt};
//!
//! #[derive(Parser)]
//! enum Cli {
//!     /// CRA Article 14 reporting deadlines
//!     ReportClock(ReportClockArgs),
//!     /// security.txt (RFC 9116) checks
//!     #[command(subcommand)]
//!     Securitytxt(SecurityTxtCommand),
//! }
//!
//! let mut out = std::io::stdout();
//! let result = match Cli::parse() {
//!     Cli::ReportClock(args) => run_report_clock(args, &mut out),
//!     Cli::Securitytxt(cmd) => run_securitytxt(cmd, &mut out),
//! };
//! let code = match result {
//!     Ok(code) => code,
//!     Err(e) => {
//!         eprintln!("error: {e}");
//!         e.exit_code()
//!     }
//! };
//! std::process::exit(code);
//! ```
//!
//! Exit codes: `0` success; `1` `check --fail-on` found what it was told to fail on, or the
//! catalogue, a file or the output could not be read or written; `2` bad input (an unreadable
//! timestamp, a mitigation or notification before awareness, an unknown time zone, a path that
//! does not exist) — the message names the argument.
//!
//! JSON contracts (stable field names; new fields may be added):
//! - `report-clock --format json`: `{kind, aware_at, deadlines: [{report, due_at}]}` with
//!   `report` one of `early-warning`, `notification`, `final-report` and `due_at` RFC 3339 UTC
//!   (`null` while the clock has not started); further fields as in
//!   [`crate::ClockReport`] and [`crate::Deadline`].
//! - `securitytxt check --format json`: `{path, signed, fields, findings: [{line, field,
//!   severity, code, message, cra}], summary: {errors, warnings, infos}}`, see
//!   [`crate::securitytxt::LintReport`].

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use cra62443_catalog::Catalog;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::clock::{self, ClockReport, Kind};
use crate::securitytxt::{self, LintError, LintOptions, LintReport, Severity};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned text for people
    Table,
    /// JSON (stable field names)
    Json,
}

/// Arguments of `report-clock`: the CRA Article 14 deadlines for an actively exploited
/// vulnerability or a severe incident.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct ReportClockArgs {
    /// What the manufacturer became aware of
    #[arg(long, value_enum)]
    pub kind: Kind,
    /// When the manufacturer became aware, RFC 3339 (2026-10-24T12:00:00+02:00 or
    /// 2026-10-24T10:00:00Z); without an offset the time is read in --tz
    #[arg(long, value_name = "TIME")]
    pub aware_at: String,
    /// When a corrective or mitigating measure became available (exploited vulnerability:
    /// starts the 14-day final-report clock)
    #[arg(long, value_name = "TIME")]
    pub mitigation_at: Option<String>,
    /// When the notification was submitted (severe incident: starts the one-month
    /// final-report clock; otherwise its deadline is used and the result is estimated)
    #[arg(long, value_name = "TIME")]
    pub notified_at: Option<String>,
    /// IANA time zone for calendar days and months and for local times (default UTC)
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// What makes `securitytxt check` exit with code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any finding of severity error
    Error,
    /// Any finding of severity error or warning
    Warning,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        }
    }
}

/// The `securitytxt` subcommands.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum SecurityTxtCommand {
    /// Check a security.txt file (RFC 9116) and map the findings to CRA requirements
    Check {
        /// A security.txt file, or a web root folder (looks for .well-known/security.txt, then
        /// security.txt)
        path: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Exit with code 1 when a finding of this severity (or worse) is found
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// The URL the file was retrieved from: checked against Canonical, https and the
        /// /.well-known/ path
        #[arg(long, value_name = "URL")]
        retrieved_from: Option<String>,
        /// Compare Expires with this time (RFC 3339) instead of the current time
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
    },
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// Bad input; the message names the argument (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// The catalogue could not be loaded (exit code 1).
    #[error("catalogue: {0}")]
    Catalog(String),
    /// The clocks could not be computed from the catalogue (exit code 1).
    #[error(transparent)]
    Clock(clock::Error),
    /// The security.txt file could not be read (exit code 1).
    #[error(transparent)]
    Lint(LintError),
    /// Writing the output failed (exit code 1).
    #[error("writing output: {0}")]
    Write(#[from] io::Error),
}

impl CliError {
    /// The process exit code: 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            _ => 1,
        }
    }
}

/// Runs `report-clock` with the bundled catalogue; returns the exit code (0).
///
/// # Errors
///
/// [`CliError::Usage`] for bad input (naming the argument), other variants otherwise.
pub fn run_report_clock(args: ReportClockArgs, out: &mut dyn Write) -> Result<i32, CliError> {
    let catalog = Catalog::bundled().map_err(|d| CliError::Catalog(d.to_string()))?;
    run_report_clock_with(&catalog, args, out)
}

/// Runs `report-clock` with the given catalogue (for a binary that loads the user's data
/// directory); returns the exit code (0).
///
/// # Errors
///
/// As [`run_report_clock`].
pub fn run_report_clock_with(
    catalog: &Catalog,
    args: ReportClockArgs,
    out: &mut dyn Write,
) -> Result<i32, CliError> {
    let tz = match args.tz.as_deref().map(str::trim) {
        None | Some("") => TimeZone::UTC,
        Some(name) => TimeZone::get(name).map_err(|e| {
            CliError::Usage(format!(
                "--tz: unknown time zone {name:?} ({e}); give an IANA name such as Europe/Berlin or UTC"
            ))
        })?,
    };
    let aware_at = parse_time("--aware-at", &args.aware_at, &tz)?;
    let mitigation_at = args
        .mitigation_at
        .as_deref()
        .map(|v| parse_time("--mitigation-at", v, &tz))
        .transpose()?;
    let notified_at = args
        .notified_at
        .as_deref()
        .map(|v| parse_time("--notified-at", v, &tz))
        .transpose()?;
    let report = clock::clocks(catalog, args.kind, aware_at, mitigation_at, notified_at, tz.clone())
        .map_err(|e| match e {
            clock::Error::MitigationBeforeAwareness {
                aware_at,
                mitigation_at,
            } => CliError::Usage(format!(
                "--mitigation-at {mitigation_at} is before --aware-at {aware_at}: a corrective or mitigating measure for the reported vulnerability cannot be available before awareness"
            )),
            clock::Error::NotifiedBeforeAwareness {
                aware_at,
                notified_at,
            } => CliError::Usage(format!(
                "--notified-at {notified_at} is before --aware-at {aware_at}: the notification cannot be submitted before awareness"
            )),
            other => CliError::Clock(other),
        })?;
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        OutputFormat::Table => write_clock_table(&report, &tz, out)?,
    }
    Ok(0)
}

/// Reads a command-line time: RFC 3339 with offset (or `Z`); without an offset, a local time
/// in `tz` that must be unambiguous.
fn parse_time(arg: &str, value: &str, tz: &TimeZone) -> Result<Timestamp, CliError> {
    let v = value.trim();
    if let Ok(ts) = v.parse::<Timestamp>() {
        return Ok(ts);
    }
    let has_offset = v
        .get(10..)
        .is_some_and(|t| t.contains(['+', '-', 'Z', 'z', '[']));
    if v.len() > 10
        && !has_offset
        && let Ok(dt) = v.parse::<jiff::civil::DateTime>()
    {
        let zone = clock::time_zone_label(tz);
        return tz.to_ambiguous_timestamp(dt).unambiguous().map_err(|_| {
            CliError::Usage(format!(
                "{arg}: the local time {v:?} occurs twice or not at all in {zone} (change of summer time); give it with an offset, e.g. {v}+01:00"
            ))
        });
    }
    Err(CliError::Usage(format!(
        "{arg}: cannot read {v:?} as an RFC 3339 time such as 2026-10-24T12:00:00+02:00 or 2026-10-24T10:00:00Z"
    )))
}

fn write_clock_table(report: &ClockReport, tz: &TimeZone, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "CRA Article 14 reporting clocks: {}",
        report.kind.describe()
    )?;
    writeln!(
        out,
        "aware at:      {}  ({})",
        report.aware_at,
        clock::format_local(report.aware_at, tz)
    )?;
    if let Some(m) = report.mitigation_at {
        writeln!(out, "mitigation at: {m}  ({})", clock::format_local(m, tz))?;
    }
    if let Some(n) = report.notified_at {
        writeln!(out, "notified at:   {n}  ({})", clock::format_local(n, tz))?;
    }
    writeln!(out, "time zone:     {}", report.time_zone)?;
    writeln!(out)?;

    let header = [
        "REPORT".to_string(),
        "DUE (UTC)".to_string(),
        format!("DUE ({})", report.time_zone),
        "STATUS".to_string(),
        "BASIS".to_string(),
        "CATALOGUE ID".to_string(),
    ];
    let mut rows = vec![header];
    for d in &report.deadlines {
        rows.push([
            d.report.to_string(),
            d.due_at.map_or_else(|| "-".to_string(), |t| t.to_string()),
            d.due_local.clone().unwrap_or_else(|| "-".to_string()),
            d.status.to_string(),
            d.basis.clone(),
            d.catalog_id.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            if c + 1 == r.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  ", w = widths[c]));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    for d in &report.deadlines {
        writeln!(out)?;
        writeln!(
            out,
            "{} ({}, {} after {}):",
            d.report, d.basis, d.time_limit_text, d.clock_starts
        )?;
        for c in &d.contents {
            writeln!(out, "  - {c}")?;
        }
        for n in &d.notes {
            writeln!(out, "  note: {n}")?;
        }
    }
    writeln!(out)?;
    if let Some(r) = report.deadlines.first() {
        writeln!(out, "recipients: {}", r.recipients)?;
    }
    for n in &report.notes {
        writeln!(out, "note: {n}")?;
    }
    Ok(())
}

/// Runs a `securitytxt` subcommand; returns the exit code (0, or 1 when `--fail-on`
/// triggers).
///
/// # Errors
///
/// [`CliError::Usage`] for a path that does not exist or holds no security.txt, or an
/// unreadable `--now`; [`CliError::Lint`] when the file cannot be read.
pub fn run_securitytxt(cmd: SecurityTxtCommand, out: &mut dyn Write) -> Result<i32, CliError> {
    match cmd {
        SecurityTxtCommand::Check {
            path,
            format,
            fail_on,
            retrieved_from,
            now,
        } => {
            let now = match now.as_deref() {
                None => Timestamp::now(),
                Some(v) => parse_time("--now", v, &TimeZone::UTC)?,
            };
            let mut options = LintOptions::new(now);
            options.retrieved_from = retrieved_from;
            let report = securitytxt::lint_path(&path, &options).map_err(|e| match e {
                LintError::NotFound { .. } | LintError::NoSecurityTxt { .. } => {
                    CliError::Usage(format!("PATH: {e}"))
                }
                other => CliError::Lint(other),
            })?;
            match format {
                OutputFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
                    writeln!(out)?;
                }
                OutputFormat::Table => write_lint_table(&report, out)?,
            }
            let failed = fail_on.is_some_and(|f| report.count_at_least(f.severity()) > 0);
            Ok(i32::from(failed))
        }
    }
}

fn write_lint_table(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let path = report
        .path
        .as_ref()
        .map_or_else(|| "-".to_string(), |p| p.display().to_string());
    writeln!(
        out,
        "security.txt: {path} ({})",
        if report.signed {
            "signed, signature not verified"
        } else {
            "not signed"
        }
    )?;
    if !report.fields.is_empty() {
        let list = report
            .fields
            .iter()
            .map(|(k, v)| {
                if v.len() > 1 {
                    format!("{k} ×{}", v.len())
                } else {
                    k.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(out, "fields: {list}")?;
    }
    writeln!(out)?;
    if report.findings.is_empty() {
        writeln!(out, "no findings")?;
    } else {
        let code_w = report
            .findings
            .iter()
            .map(|f| f.code.as_str().len())
            .max()
            .unwrap_or(4);
        writeln!(
            out,
            "{:>5}  {:<8} {:<code_w$}  MESSAGE",
            "LINE", "SEVERITY", "CODE"
        )?;
        for f in &report.findings {
            let line = f.line.map_or_else(|| "-".to_string(), |l| l.to_string());
            writeln!(
                out,
                "{line:>5}  {:<8} {:<code_w$}  {}",
                f.severity.as_str(),
                f.code.as_str(),
                f.message
            )?;
            if !f.cra.is_empty() {
                writeln!(
                    out,
                    "{:>5}  {:<8} {:<code_w$}  CRA: {}",
                    "",
                    "",
                    "",
                    f.cra.join(", ")
                )?;
            }
        }
    }
    writeln!(out)?;
    let s = report.summary;
    writeln!(
        out,
        "summary: {} error(s), {} warning(s), {} info",
        s.errors, s.warnings, s.infos
    )?;
    Ok(())
}
