//! The `sbom` command group for the `cra62443` binary: `sbom show`, `sbom convert` and
//! `sbom check`.
//!
//! The binary wires it in as a subcommand and maps the result to the process exit code:
//!
//! ```no_run
//! use clap::Parser;
//! use cra62443_sbom::cli::{SbomCommand, run};
//!
//! #[derive(Parser)]
//! enum Cli {
//!     /// SBOM ingestion and quality checks
//!     #[command(subcommand)]
//!     Sbom(SbomCommand),
//! }
//!
//! let Cli::Sbom(cmd) = Cli::parse();
//! let code = match run(cmd, &mut std::io::stdout()) {
//!     Ok(code) => code,
//!     Err(e) => {
//!         eprintln!("error: {e}");
//!         e.exit_code()
//!     }
//! };
//! std::process::exit(code);
//! ```
//!
//! Exit codes: `0` success; `1` the SBOM could not be read, output could not be written, or
//! `check --fail-on` found what it was told to fail on; `2` bad usage.
//!
//! JSON contracts (stable field names; new fields may be added):
//! - `sbom show --format json`: `{format, spec_version, encoding, primary, components: [{bom_ref,
//!   name, version, kind, purl, cpes, hashes: [{alg, value}], licenses: {concluded, declared},
//!   supplier: {name, email, url} | null}], dependencies: [{bom_ref, depends_on}], files,
//!   metadata}`
//! - `sbom check --format json`: `{tr_version, format_conformant, format_detail, rules: [{id,
//!   level, obligation, passed, detail, field, catalog_id?, failed_components?}], summary:
//!   {passed, failed, failed_must, failed_should, informational, score_percent,
//!   components_checked}}`

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use crate::model::{ComponentRef, Dependency, DocumentMeta, Hash, Licenses, Party, Sbom};
use crate::quality::{Obligation, QualityReport, TrVersion};
use crate::{SbomError, read_path};

/// The `sbom` subcommands.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum SbomCommand {
    /// Show an SBOM's format, primary component and components
    Show {
        /// SBOM file (CycloneDX JSON/XML, SPDX 2 JSON/tag-value, SPDX 3 JSON-LD), a folder of
        /// SPDX 2 documents, or a .tar / .tar.zst archive of them
        file: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Convert an SBOM to CycloneDX 1.6 JSON
    Convert {
        /// SBOM file, folder or archive
        file: PathBuf,
        /// Target format
        #[arg(long, value_enum, default_value_t = ConvertTarget::CycloneDx16)]
        to: ConvertTarget,
        /// Write to this file (atomically: a temporary file in the same folder, then renamed)
        /// instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Check SBOM quality against BSI TR-03183-2 and the CRA minimum (Annex I Part II (1))
    Check {
        /// SBOM file, folder or archive
        file: PathBuf,
        /// TR-03183-2 version to check against
        #[arg(long, value_enum, default_value_t = TrVersion::V2_1)]
        tr: TrVersion,
        /// Output format
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Exit with code 1 when the check finds this: `format` (format not accepted), `must`
        /// (that or a failed MUST rule), `should` (that or a failed SHOULD rule)
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
}

/// Output format of `show` and `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned text for people
    Table,
    /// JSON (stable field names)
    Json,
}

/// Target of `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertTarget {
    /// CycloneDX 1.6 JSON
    #[value(name = "cyclonedx-1.6")]
    CycloneDx16,
}

/// What makes `check` exit with code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// The format or spec version is not one the TR version accepts
    Format,
    /// `format`, or any MUST rule failed
    Must,
    /// `must`, or any SHOULD rule failed
    Should,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad usage (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// The SBOM could not be read (exit code 1).
    #[error(transparent)]
    Sbom(#[from] SbomError),
    /// The output file could not be written (exit code 1).
    #[error("{}: {source}", path.display())]
    Output {
        /// The output path.
        path: PathBuf,
        /// The error.
        source: io::Error,
    },
    /// Writing to the output stream failed (exit code 1).
    #[error("writing output: {0}")]
    Write(#[from] io::Error),
}

impl CliError {
    /// The process exit code for this error: 2 for usage, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            _ => 1,
        }
    }
}

/// Runs a command, writing its output to `out`; returns the exit code (0, or 1 when
/// `check --fail-on` triggers).
pub fn run(cmd: SbomCommand, out: &mut dyn Write) -> Result<i32, CliError> {
    match cmd {
        SbomCommand::Show { file, format } => {
            let sbom = read_path(&file)?;
            match format {
                OutputFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &ShowJson::from(&sbom))
                        .map_err(io::Error::other)?;
                    writeln!(out)?;
                }
                OutputFormat::Table => show_table(&sbom, out)?,
            }
            Ok(0)
        }
        SbomCommand::Convert { file, to, output } => {
            if let Some(path) = &output
                && path.is_dir()
            {
                return Err(CliError::Usage(format!(
                    "--output {} is a folder; give a file name",
                    path.display()
                )));
            }
            let sbom = read_path(&file)?;
            match to {
                ConvertTarget::CycloneDx16 => match output {
                    None => crate::write_cyclonedx_1_6(&sbom, out)?,
                    Some(path) => cra62443_fsutil::write_atomic_with(&path, |w| {
                        crate::write_cyclonedx_1_6(&sbom, w)
                    })
                    .map_err(|e| CliError::Output {
                        source: cra62443_fsutil::into_cause(e),
                        path,
                    })?,
                },
            }
            Ok(0)
        }
        SbomCommand::Check {
            file,
            tr,
            format,
            fail_on,
        } => {
            let sbom = read_path(&file)?;
            let report = crate::check(&sbom, tr);
            match format {
                OutputFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
                    writeln!(out)?;
                }
                OutputFormat::Table => check_table(&report, out)?,
            }
            let fail = match fail_on {
                None => false,
                Some(FailOn::Format) => !report.format_conformant,
                Some(FailOn::Must) => {
                    !report.format_conformant || report.any_failed(Obligation::Must)
                }
                Some(FailOn::Should) => {
                    !report.format_conformant
                        || report.any_failed(Obligation::Must)
                        || report.any_failed(Obligation::Should)
                }
            };
            Ok(i32::from(fail))
        }
    }
}

/// `sbom show --format json`.
#[derive(Debug, Serialize)]
struct ShowJson<'a> {
    format: crate::model::Format,
    spec_version: &'a str,
    encoding: crate::model::Encoding,
    primary: Option<&'a ComponentRef>,
    components: Vec<ShowComponent<'a>>,
    dependencies: &'a [Dependency],
    files: usize,
    metadata: &'a DocumentMeta,
}

#[derive(Debug, Serialize)]
struct ShowComponent<'a> {
    bom_ref: &'a str,
    name: &'a str,
    version: Option<&'a str>,
    kind: crate::model::ComponentKind,
    purl: Option<&'a str>,
    cpes: &'a [String],
    hashes: &'a [Hash],
    licenses: &'a Licenses,
    supplier: Option<&'a Party>,
}

impl<'a> From<&'a Sbom> for ShowJson<'a> {
    fn from(s: &'a Sbom) -> Self {
        ShowJson {
            format: s.format,
            spec_version: &s.spec_version,
            encoding: s.encoding,
            primary: s.primary.as_ref(),
            components: s
                .components
                .iter()
                .map(|c| ShowComponent {
                    bom_ref: &c.bom_ref,
                    name: &c.name,
                    version: c.version.as_deref(),
                    kind: c.kind,
                    purl: c.purl.as_deref(),
                    cpes: &c.cpes,
                    hashes: &c.hashes,
                    licenses: &c.licenses,
                    supplier: c.supplier.as_ref(),
                })
                .collect(),
            dependencies: &s.dependencies,
            files: s.files,
            metadata: &s.metadata,
        }
    }
}

/// Writes rows as left-aligned columns separated by two spaces (last column not padded).
fn table(out: &mut dyn Write, rows: &[Vec<String>]) -> io::Result<()> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 < row.len() {
                line.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            } else {
                line.push_str(cell);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn show_table(s: &Sbom, out: &mut dyn Write) -> io::Result<()> {
    let m = &s.metadata;
    writeln!(
        out,
        "format:       {} {} ({})",
        s.format, s.spec_version, s.encoding
    )?;
    if let Some(name) = &m.name {
        writeln!(out, "name:         {name}")?;
    }
    if let Some(uri) = m.sbom_uri() {
        writeln!(out, "SBOM-URI:     {uri}")?;
    }
    if let Some(t) = &m.timestamp {
        writeln!(out, "created:      {t}")?;
    }
    let creators: Vec<&str> = m
        .creators
        .iter()
        .chain(&m.authors)
        .map(Party::label)
        .chain(m.tools.iter().map(|t| t.name.as_str()))
        .collect();
    if !creators.is_empty() {
        writeln!(out, "created by:   {}", creators.join(", "))?;
    }
    match &s.primary {
        Some(p) => writeln!(
            out,
            "primary:      {}{}",
            p.name,
            p.version
                .as_deref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default()
        )?,
        None => writeln!(out, "primary:      (none)")?,
    }
    if m.documents > 1 {
        writeln!(out, "documents:    {} merged", m.documents)?;
    }
    if !m.unresolved_refs.is_empty() {
        writeln!(
            out,
            "unresolved:   {} external document references",
            m.unresolved_refs.len()
        )?;
    }
    writeln!(
        out,
        "components:   {}   files: {}   dependency entries: {}   vulnerabilities: {}",
        s.components.len(),
        s.files,
        s.dependencies.len(),
        s.vulnerabilities
    )?;
    writeln!(out)?;
    let mut rows = vec![vec![
        "NAME".to_string(),
        "VERSION".into(),
        "KIND".into(),
        "LICENCE".into(),
        "IDENTIFIER".into(),
    ]];
    for c in &s.components {
        rows.push(vec![
            c.name.clone(),
            c.version.clone().unwrap_or_else(|| "-".into()),
            c.kind.to_string(),
            c.licenses
                .concluded
                .clone()
                .or_else(|| c.licenses.declared.clone())
                .unwrap_or_else(|| "-".into()),
            c.purl
                .clone()
                .or_else(|| c.cpes.first().cloned())
                .unwrap_or_else(|| "-".into()),
        ]);
    }
    table(out, &rows)
}

fn check_table(r: &QualityReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "BSI TR-03183-2 v{}: format {}",
        r.tr_version,
        if r.format_conformant {
            "accepted"
        } else {
            "NOT accepted"
        }
    )?;
    writeln!(out, "  {}", r.format_detail)?;
    writeln!(out)?;
    let mut rows = vec![vec![
        "RESULT".to_string(),
        "OBLIGATION".into(),
        "RULE".into(),
        "DETAIL".into(),
    ]];
    for rule in &r.rules {
        rows.push(vec![
            if rule.passed { "pass" } else { "FAIL" }.to_string(),
            rule.obligation.to_string(),
            match &rule.catalog_id {
                Some(c) => format!("{} ({c})", rule.id),
                None => rule.id.clone(),
            },
            rule.detail.clone(),
        ]);
    }
    table(out, &rows)?;
    let s = &r.summary;
    writeln!(out)?;
    writeln!(
        out,
        "summary: {} passed, {} failed ({} MUST, {} SHOULD), {} informational; score {:.1} %; {} components checked",
        s.passed,
        s.failed,
        s.failed_must,
        s.failed_should,
        s.informational,
        s.score_percent,
        s.components_checked
    )
}
