//! Command-line interface pieces for the `cra62443` binary: `vex show|convert|merge` and
//! `advisory new|check`.
//!
//! Exit codes returned by [`run_vex`] and [`run_advisory`]: 0 success; 1 an advisory that fails
//! a mandatory test. Errors ([`CliError`]) map to exit code 1 via [`CliError::exit_code`].
//! Output files are written atomically (a temporary file in the same directory, then a rename).
//! When the environment variable `SOURCE_DATE_EPOCH` is set (seconds since 1970), it replaces
//! the current time in generated documents, for reproducible output.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::advisory::{self, AdvisoryError, Profile};
use crate::json::ReadError;
use crate::merge::merge;
use crate::model::{Status, VexStatement};
use crate::read::read_file;
use crate::write::{WriteFormat, WriteOptions, to_pretty_json, write};

/// Output formats of `vex show` and `advisory check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// JSON (the stable contract).
    Json,
}

/// Document metadata for written VEX documents.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct DocArgs {
    /// Author (OpenVEX `author`, CSAF `publisher.name`, CycloneDX `metadata.authors`).
    #[arg(long, default_value = "cra62443")]
    pub author: String,
    /// CSAF `publisher.namespace`: a URL of the publisher (set it for documents you publish).
    #[arg(long, value_name = "URL", default_value = "https://example.invalid")]
    pub namespace: String,
    /// Document ID (OpenVEX `@id`, CSAF `tracking.id`, CycloneDX `serialNumber` if it is a
    /// `urn:uuid:`); default: derived from the statements.
    #[arg(long)]
    pub id: Option<String>,
}

/// `vex` subcommands.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum VexCommand {
    /// Show the VEX statements of CycloneDX, OpenVEX, CSAF or SPDX 3 files (format detected).
    ///
    /// `--format json` prints `{"statements": [{vulnerability, aliases, product, status,
    /// justification, source, …}], "warnings": […]}` with status one of not_affected, affected,
    /// fixed, under_investigation.
    Show {
        /// VEX files (CycloneDX, OpenVEX, CSAF 2.0 or SPDX 3 JSON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Convert a VEX file to CycloneDX 1.6, OpenVEX 0.2.0 or CSAF 2.0 csaf_vex.
    Convert {
        /// The input file (format detected).
        file: PathBuf,
        /// Target format.
        #[arg(long, value_enum)]
        to: WriteFormat,
        /// Write here (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Document metadata.
        #[command(flatten)]
        doc: DocArgs,
    },
    /// Merge VEX files: one statement per vulnerability and product; on different statuses the
    /// later timestamp wins (ties: the later file) and the conflict is reported.
    Merge {
        /// Input files, oldest first.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Target format.
        #[arg(long, value_enum)]
        to: WriteFormat,
        /// Write here (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Document metadata.
        #[command(flatten)]
        doc: DocArgs,
    },
}

/// `advisory` subcommands.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum AdvisoryCommand {
    /// Build a CSAF 2.0 advisory from a YAML input file and run the mandatory tests on it.
    ///
    /// Nothing is written if a mandatory test fails (exit code 1).
    New {
        /// YAML file with the advisory input (publisher, title, tracking_id, product,
        /// vulnerabilities, revision_history).
        input: PathBuf,
        /// Output file, or a directory to write `<tracking id>.json` into; default: standard
        /// output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// CSAF profile.
        #[arg(long, value_enum, default_value_t = Profile::SecurityAdvisory)]
        profile: Profile,
    },
    /// Run the offline CSAF 2.0 mandatory tests (6.1.x) on a CSAF file; exit code 1 on any
    /// failure.
    Check {
        /// The CSAF JSON file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
}

/// A failure of a `vex` or `advisory` command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An input file could not be read or parsed.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The advisory input is invalid.
    #[error(transparent)]
    Advisory(#[from] AdvisoryError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Writing to the output stream failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl CliError {
    /// The process exit code for this error (always 1: bad data or a runtime failure).
    pub fn exit_code(&self) -> i32 {
        1
    }
}

/// The current time, or `SOURCE_DATE_EPOCH` if set.
fn now() -> jiff::Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// Writes `data` to `path` atomically (see [`cra62443_fsutil::write_atomic`]), reporting a
/// failure as this CLI's [`CliError::Io`], which names the path itself.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<(), CliError> {
    cra62443_fsutil::write_atomic(path, data).map_err(|e| CliError::Io {
        path: path.display().to_string(),
        source: cra62443_fsutil::into_cause(e),
    })
}

/// The JSON object for one statement in `vex show --format json`.
pub fn statement_json(s: &VexStatement) -> Value {
    json!({
        "vulnerability": s.vulnerability,
        "aliases": s.aliases,
        "product": s.product,
        "product_identifiers": s.product_identifiers,
        "subcomponents": s.subcomponents,
        "status": s.status.as_str(),
        "justification": s.justification.map(|j| j.as_str()),
        "impact": s.impact,
        "action": s.action,
        "timestamp": s.timestamp.map(|t| t.to_string()),
        "source": {
            "file": s.source.file,
            "format": s.source.format.as_str(),
            "statement_index": s.source.statement_index,
            "pointer": s.source.pointer,
        },
    })
}

fn emit(
    statements: &[VexStatement],
    to: WriteFormat,
    output: Option<&Path>,
    doc: &DocArgs,
    notes: &[String],
    out: &mut dyn Write,
) -> Result<i32, CliError> {
    let mut options = WriteOptions::new(
        &doc.author,
        &doc.namespace,
        WriteOptions::latest_timestamp(statements, now()),
    );
    options.document_id = doc.id.clone();
    let written = write(statements, to, &options);
    let text = to_pretty_json(&written.document);
    let mut messages: Vec<String> = notes.to_vec();
    if to == WriteFormat::Csaf && doc.namespace == "https://example.invalid" {
        messages.push(
            "CSAF publisher.namespace is the placeholder https://example.invalid; pass --namespace"
                .into(),
        );
    }
    messages.extend(written.warnings.iter().cloned());
    match output {
        Some(path) => {
            write_atomic(path, text.as_bytes())?;
            writeln!(
                out,
                "wrote {} ({} statements, {})",
                path.display(),
                statements.len(),
                to.as_str()
            )?;
            for m in &messages {
                writeln!(out, "warning: {m}")?;
            }
        }
        None => {
            out.write_all(text.as_bytes())?;
            for m in &messages {
                eprintln!("warning: {m}");
            }
        }
    }
    Ok(0)
}

/// Runs a `vex` subcommand, writing its output to `out`. Returns the exit code.
pub fn run_vex(cmd: VexCommand, out: &mut dyn Write) -> Result<i32, CliError> {
    match cmd {
        VexCommand::Show { files, format } => {
            let mut statements = Vec::new();
            let mut warnings = Vec::new();
            for f in &files {
                let doc = read_file(f)?;
                statements.extend(doc.statements);
                warnings.extend(doc.warnings.iter().map(ToString::to_string));
            }
            match format {
                OutputFormat::Json => {
                    let v = json!({
                        "statements": statements.iter().map(statement_json).collect::<Vec<_>>(),
                        "warnings": warnings,
                    });
                    out.write_all(to_pretty_json(&v).as_bytes())?;
                }
                OutputFormat::Table => show_table(&statements, &warnings, out)?,
            }
            Ok(0)
        }
        VexCommand::Convert {
            file,
            to,
            output,
            doc,
        } => {
            let read = read_file(&file)?;
            let notes: Vec<String> = read.warnings.iter().map(ToString::to_string).collect();
            emit(&read.statements, to, output.as_deref(), &doc, &notes, out)
        }
        VexCommand::Merge {
            files,
            to,
            output,
            doc,
        } => {
            let mut inputs = Vec::new();
            let mut notes = Vec::new();
            for f in &files {
                let read = read_file(f)?;
                notes.extend(read.warnings.iter().map(ToString::to_string));
                inputs.push(read.statements);
            }
            let merged = merge(inputs);
            for c in &merged.conflicts {
                let losers: Vec<String> = c
                    .overridden
                    .iter()
                    .map(|o| format!("{} ({}{})", o.status, o.source.file, o.source.pointer))
                    .collect();
                notes.push(format!(
                    "conflict: {} / {}: kept {} ({}{}), overrode {}",
                    c.vulnerability,
                    c.product,
                    c.winner.status,
                    c.winner.source.file,
                    c.winner.source.pointer,
                    losers.join(", ")
                ));
            }
            emit(&merged.statements, to, output.as_deref(), &doc, &notes, out)
        }
    }
}

fn show_table(
    statements: &[VexStatement],
    warnings: &[String],
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let rows: Vec<[String; 5]> = statements
        .iter()
        .map(|s| {
            [
                s.vulnerability.clone(),
                s.status.as_str().to_string(),
                s.justification
                    .map(|j| j.as_str().to_string())
                    .unwrap_or_else(|| "-".into()),
                s.product.clone(),
                format!("{}{}", s.source.file, s.source.pointer),
            ]
        })
        .collect();
    let header = [
        "VULNERABILITY",
        "STATUS",
        "JUSTIFICATION",
        "PRODUCT",
        "SOURCE",
    ];
    let mut widths = header.map(str::len);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r.iter()).take(4) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: [&str; 5]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i < 4 {
                s.push_str(&format!("{c:<w$}  ", w = widths[i]));
            } else {
                s.push_str(c);
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(header))?;
    for r in &rows {
        writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4]]))?;
    }
    let counts: Vec<String> = Status::ALL
        .iter()
        .map(|st| {
            format!(
                "{} {}",
                statements.iter().filter(|s| s.status == *st).count(),
                st
            )
        })
        .collect();
    writeln!(
        out,
        "{} statements: {}",
        statements.len(),
        counts.join(", ")
    )?;
    for w in warnings {
        writeln!(out, "warning: {w}")?;
    }
    Ok(())
}

/// Runs an `advisory` subcommand, writing its output to `out`. Returns the exit code (1 if a
/// mandatory test fails).
pub fn run_advisory(cmd: AdvisoryCommand, out: &mut dyn Write) -> Result<i32, CliError> {
    match cmd {
        AdvisoryCommand::New {
            input,
            output,
            profile,
        } => {
            let name = input.display().to_string();
            let text = std::fs::read_to_string(&input).map_err(|source| CliError::Io {
                path: name.clone(),
                source,
            })?;
            let parsed = advisory::parse_input(&name, &text)?;
            let doc = advisory::build(&parsed, profile, now())?;
            let results = advisory::check(&doc);
            if results.iter().any(|r| !r.passed()) {
                writeln!(
                    out,
                    "the generated advisory fails mandatory tests; nothing written"
                )?;
                print_results(&results, true, out)?;
                return Ok(1);
            }
            let text = to_pretty_json(&doc);
            match output {
                Some(path) => {
                    let path = if path.is_dir() {
                        path.join(advisory::file_name(&parsed.tracking_id))
                    } else {
                        path
                    };
                    write_atomic(&path, text.as_bytes())?;
                    writeln!(
                        out,
                        "wrote {} ({}, {} vulnerabilities, {} mandatory tests passed)",
                        path.display(),
                        profile.category(),
                        parsed.vulnerabilities.len(),
                        results.len()
                    )?;
                }
                None => out.write_all(text.as_bytes())?,
            }
            Ok(0)
        }
        AdvisoryCommand::Check { file, format } => {
            let name = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|source| CliError::Io {
                path: name.clone(),
                source,
            })?;
            let parsed = crate::json::parse(&name, &bytes, crate::json::Limits::default())?;
            let results = advisory::check(&parsed.value);
            let failed = results.iter().filter(|r| !r.passed()).count();
            match format {
                OutputFormat::Json => {
                    let v = json!({
                        "file": name,
                        "valid": failed == 0,
                        "tests": results,
                        "not_implemented": advisory::NOT_IMPLEMENTED
                            .iter()
                            .map(|(id, title, why)| json!({"id": id, "name": title, "reason": why}))
                            .collect::<Vec<_>>(),
                    });
                    out.write_all(to_pretty_json(&v).as_bytes())?;
                }
                OutputFormat::Table => {
                    print_results(&results, false, out)?;
                    writeln!(
                        out,
                        "{name}: {} passed, {failed} failed",
                        results.len() - failed
                    )?;
                }
            }
            Ok(if failed == 0 { 0 } else { 1 })
        }
    }
}

fn print_results(
    results: &[advisory::TestResult],
    failures_only: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    for r in results {
        if r.passed() {
            if !failures_only {
                writeln!(out, "pass  {:<14}{}", r.id, r.name)?;
            }
            continue;
        }
        writeln!(out, "FAIL  {:<14}{}", r.id, r.name)?;
        for f in &r.errors {
            writeln!(out, "        {}: {}", f.path, f.message)?;
        }
    }
    Ok(())
}
