//! CLI pieces for the `cra62443` binary: `vulndb import|status`, `vuln scan` and `vuln watch`.
//!
//! Exit codes of `vuln scan` and `vuln watch`: 0 when no open known vulnerability and nothing unassessed, 3 when
//! there are open (`affected`) or `indeterminate` findings (for CI gates, like
//! `assess --fail-on`). Errors ([`CliError`]) map to exit code 1.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use crate::error::VulnError;
use crate::import::ImportLimits;
use crate::scan::{FindingStatus, ScanResult, cra_status, scan};
use crate::store::{Database, OUTDATED_IMPORTER};

/// Default database path.
pub const DEFAULT_DB: &str = "cra62443-vuln.db";

/// Output format of `vulndb status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// Human-readable text.
    Table,
    /// JSON.
    Json,
}

/// Output format of `vuln scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// Human-readable table.
    Table,
    /// The [`ScanResult`] as JSON.
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// `vulndb` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum VulnDbCommand {
    /// Import OSV zips/folders/files, CVE JSON 5 records, the CISA KEV catalogue and ENISA
    /// EUVD records (EUVD → CVE aliases; `exploitedSince` marks the EU KEV). The EUVD format
    /// is read as the EUVD API returns it (no published schema; no EUVD dump was at hand to
    /// verify against).
    Import {
        /// Database file.
        #[arg(long, default_value = DEFAULT_DB)]
        db: PathBuf,
        /// Sources: `.zip` archives, folders of JSON files, or JSON files.
        #[arg(required = true)]
        sources: Vec<PathBuf>,
    },
    /// Show the imported sources and row counts.
    Status {
        /// Database file.
        #[arg(long, default_value = DEFAULT_DB)]
        db: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
    },
}

/// `vuln` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum VulnCommand {
    /// Match SBOMs against the database and apply VEX statements.
    Scan {
        /// SBOM files (CycloneDX, SPDX 2, SPDX 3; folders and archives of SPDX 2 documents).
        #[arg(required = true)]
        sboms: Vec<PathBuf>,
        /// VEX files (CycloneDX, OpenVEX, CSAF, SPDX 3).
        #[arg(long)]
        vex: Vec<PathBuf>,
        /// Database file.
        #[arg(long, default_value = DEFAULT_DB)]
        db: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ScanFormat::Table)]
        format: ScanFormat,
    },
    /// Portfolio monitoring: which products and releases (`DIR/**/product.yaml` with an SBOM)
    /// are affected by an advisory, or by anything modified, published or added to KEV since a
    /// date. SBOM components are indexed in the database on first sight and when they change.
    /// The product's VEX (`vex:` in product.yaml, else `vex.json` beside it) suppresses
    /// findings as in `vuln scan`; stale VEX statements are reported only by `vuln scan`.
    Watch {
        /// Folder searched recursively for `product.yaml` files.
        #[arg(long)]
        products: PathBuf,
        /// Database file (the SBOM component index is stored in it).
        #[arg(long, default_value = DEFAULT_DB)]
        db: PathBuf,
        /// Only advisories modified/published (or added to the CISA KEV or marked exploited in
        /// the EUVD) on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Only this advisory ID (or an alias such as a CVE or EUVD ID).
        #[arg(long)]
        advisory: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = WatchFormat::Table)]
        format: WatchFormat,
    },
}

/// Output format of `vuln watch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WatchFormat {
    /// Human-readable table.
    Table,
    /// The [`crate::watch::WatchReport`] as JSON.
    Json,
}

/// A CLI failure (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Database or import failure.
    #[error(transparent)]
    Vuln(#[from] VulnError),
    /// An SBOM could not be read.
    #[error(transparent)]
    Sbom(#[from] cra62443_sbom::SbomError),
    /// A VEX file could not be read.
    #[error(transparent)]
    Vex(#[from] cra62443_vex::ReadError),
    /// Writing output failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl CliError {
    /// The process exit code (always 1).
    pub fn exit_code(&self) -> i32 {
        1
    }
}

/// `vuln scan --format json` with the findings written as the scan produces them (the
/// same document as serialising a [`crate::ScanResult`], keys in the same order), so a
/// 100,000-component SBOM does not hold every finding in memory.
fn write_json_streaming(
    out: &mut dyn Write,
    database: &Database,
    sboms: &[cra62443_sbom::Sbom],
    vex: &[cra62443_vex::VexStatement],
) -> Result<crate::ScanSummary, CliError> {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
    write!(w, "{{\n  \"sboms\": ")?;
    write_nested(&mut w, b"  ", &crate::scan::sbom_infos(sboms))?;
    write!(w, ",\n  \"database\": ")?;
    write_nested(&mut w, b"  ", &database.info()?)?;
    write!(w, ",\n  \"findings\": [")?;
    let mut first = true;
    let totals = crate::scan::scan_streaming(database, sboms, vex, |f| {
        let sep = if first { "\n    " } else { ",\n    " };
        first = false;
        w.write_all(sep.as_bytes())
            .and_then(|_| write_nested(&mut w, b"    ", &f))
            .map_err(|e| VulnError::Io {
                path: "<stdout>".into(),
                source: e,
            })
    })?;
    write!(
        w,
        "{}],\n  \"stale_vex\": ",
        if first { "" } else { "\n  " }
    )?;
    write_nested(&mut w, b"  ", &totals.stale_vex)?;
    write!(w, ",\n  \"summary\": ")?;
    write_nested(&mut w, b"  ", &totals.summary)?;
    writeln!(w, "\n}}")?;
    w.flush()?;
    Ok(totals.summary)
}

/// Writes `value` as pretty JSON that sits inside a document at indentation `indent`:
/// serde_json's pretty printer always starts at the outermost level, so every line after
/// the first is indented here. (JSON strings never hold a raw newline, so only structure
/// is indented.)
fn write_nested(
    w: &mut dyn Write,
    indent: &'static [u8],
    value: &impl serde::Serialize,
) -> std::io::Result<()> {
    struct Indented<'a> {
        inner: &'a mut dyn Write,
        by: &'static [u8],
    }
    impl Write for Indented<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let mut rest = buf;
            while let Some(i) = rest.iter().position(|&b| b == b'\n') {
                self.inner.write_all(&rest[..=i])?;
                self.inner.write_all(self.by)?;
                rest = &rest[i + 1..];
            }
            self.inner.write_all(rest)?;
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            self.inner.flush()
        }
    }
    serde_json::to_writer_pretty(
        Indented {
            inner: w,
            by: indent,
        },
        value,
    )
    .map_err(std::io::Error::other)
}

fn json_out(out: &mut dyn Write, v: &impl serde::Serialize) -> Result<(), CliError> {
    // Buffered: stdout is line-buffered, and pretty JSON of a large scan has millions of lines.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, v).map_err(std::io::Error::other)?;
    writeln!(buffered)?;
    buffered.flush()?;
    Ok(())
}

/// Runs a `vulndb` subcommand. Returns the exit code (0; 1 comes only as an error).
pub fn run_vulndb(cmd: VulnDbCommand, out: &mut dyn Write) -> Result<i32, CliError> {
    match cmd {
        VulnDbCommand::Import { db, sources } => {
            let mut database = Database::open(&db)?;
            let limits = ImportLimits::default();
            for source in sources {
                let started = std::time::Instant::now();
                let report = database.import_path(&source, &limits)?;
                if report.unchanged {
                    writeln!(
                        out,
                        "{}: unchanged (sha256 {}), skipped",
                        report.source,
                        &report.sha256[..12.min(report.sha256.len())]
                    )?;
                } else {
                    writeln!(
                        out,
                        "{}: {} advisories, {} KEV entries, {} EUVD records, {} skipped records ({:.1} s)",
                        report.source,
                        report.advisories,
                        report.kev,
                        report.euvd,
                        report.skipped.len(),
                        started.elapsed().as_secs_f64()
                    )?;
                    for s in report.skipped.iter().take(20) {
                        writeln!(out, "  skipped {}: {}", s.name, s.reason)?;
                    }
                    if report.skipped.len() > 20 {
                        writeln!(out, "  … and {} more", report.skipped.len() - 20)?;
                    }
                }
            }
            Ok(0)
        }
        VulnDbCommand::Status { db, format } => {
            let database = Database::open_existing(&db)?;
            let info = database.info()?;
            match format {
                StatusFormat::Json => json_out(out, &info)?,
                StatusFormat::Table => {
                    let c = &info.counts;
                    writeln!(
                        out,
                        "{}: {} advisories ({} withdrawn), {} aliases, {} package index rows, {} CPE index rows, {} KEV entries, {} EUVD aliases ({} EU KEV)",
                        db.display(),
                        c.advisories,
                        c.withdrawn,
                        c.aliases,
                        c.packages,
                        c.cpes,
                        c.kev,
                        c.euvd,
                        c.euvd_exploited
                    )?;
                    for s in &info.sources {
                        let (sha, note) = match s.sha256.strip_prefix(OUTDATED_IMPORTER) {
                            Some(sha) => (
                                sha,
                                "  (read by an older cra62443: import it again to re-read it)",
                            ),
                            None => (s.sha256.as_str(), ""),
                        };
                        writeln!(
                            out,
                            "  {:<40} {:>7} records  {:>5} skipped  imported {}  sha256 {}{note}",
                            s.name,
                            s.count,
                            s.skipped,
                            s.imported_at,
                            &sha[..12.min(sha.len())]
                        )?;
                    }
                }
            }
            Ok(0)
        }
    }
}

/// Runs a `vuln` subcommand. Returns the exit code: 0, or 3 when open or indeterminate
/// findings remain.
pub fn run_vuln(cmd: VulnCommand, out: &mut dyn Write) -> Result<i32, CliError> {
    match cmd {
        VulnCommand::Scan {
            sboms,
            vex,
            db,
            format,
        } => {
            let database = Database::open_existing(&db)?;
            let mut docs = Vec::new();
            for path in &sboms {
                docs.push(cra62443_sbom::read_path(path)?);
            }
            let mut statements = Vec::new();
            for path in &vex {
                statements.extend(cra62443_vex::read_file(path)?.statements);
            }
            let summary = if let ScanFormat::Json = format {
                write_json_streaming(out, &database, &docs, &statements)?
            } else {
                let result = scan(&database, &docs, &statements)?;
                match format {
                    ScanFormat::Sarif => json_out(out, &crate::sarif::to_sarif(&result))?,
                    _ => write_table(out, &result)?,
                }
                result.summary
            };
            let open = summary.findings + summary.indeterminate;
            Ok(if open > 0 { 3 } else { 0 })
        }
        VulnCommand::Watch {
            products,
            db,
            since,
            advisory,
            format,
        } => {
            let mut database = Database::open_existing(&db)?;
            let opts = crate::watch::WatchOptions { since, advisory };
            let report = crate::watch::watch(&mut database, &products, &opts)?;
            match format {
                WatchFormat::Json => json_out(out, &report)?,
                WatchFormat::Table => write_watch_table(out, &report)?,
            }
            let open = report.products.iter().flat_map(|p| &p.findings).any(|f| {
                matches!(
                    f.status,
                    FindingStatus::Affected | FindingStatus::Indeterminate
                )
            });
            Ok(if open { 3 } else { 0 })
        }
    }
}

fn write_watch_table(
    out: &mut dyn Write,
    report: &crate::watch::WatchReport,
) -> Result<(), CliError> {
    writeln!(
        out,
        "{:<24} {:<10} {:<13} {:<20} {:<28} KEV",
        "PRODUCT", "VERSION", "STATUS", "ID", "COMPONENT"
    )?;
    let mut affected = 0;
    for p in &report.products {
        let version = p.version.as_deref().unwrap_or("?");
        if p.findings.is_empty() {
            writeln!(out, "{:<24} {:<10} {:<13}", p.product, version, "-")?;
        }
        if !p.findings.is_empty() {
            affected += 1;
        }
        for f in &p.findings {
            let status = serde_json::to_value(f.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            writeln!(
                out,
                "{:<24} {:<10} {:<13} {:<20} {:<28} {}",
                p.product,
                version,
                status,
                f.id,
                f.component,
                if f.kev { "yes" } else { "" }
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} of {} product releases have findings; {} advisories checked{}",
        affected,
        report.products.len(),
        report.advisories_checked,
        report
            .since
            .as_deref()
            .map(|s| format!(" (since {s})"))
            .unwrap_or_default()
    )?;
    Ok(())
}

fn write_table(out: &mut dyn Write, result: &ScanResult) -> Result<(), CliError> {
    writeln!(
        out,
        "{:<13} {:<20} {:<28} {:<5} {:<4} {:<6} FIXED",
        "STATUS", "ID", "COMPONENT", "MATCH", "KEV", "SCORE"
    )?;
    let mut rows: Vec<_> = result
        .findings
        .iter()
        .filter(|f| f.status != FindingStatus::Withdrawn)
        .collect();
    rows.sort_by_key(|f| (status_rank(f.status), f.kev.is_none(), f.id.clone()));
    for f in rows {
        let status = serde_json::to_value(f.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let component = format!(
            "{} {}",
            f.component.name,
            f.component.version.as_deref().unwrap_or("?")
        );
        writeln!(
            out,
            "{:<13} {:<20} {:<28} {:<5} {:<4} {:<6} {}",
            status,
            f.id,
            component,
            match f.match_kind {
                crate::scan::MatchKind::Purl => "purl",
                crate::scan::MatchKind::Cpe => "cpe",
            },
            if f.kev.is_some() { "yes" } else { "" },
            f.severity
                .as_ref()
                .and_then(|s| s.score)
                .map(|s| format!("{s:.1}"))
                .unwrap_or_default(),
            f.fixed.join(", ")
        )?;
    }
    writeln!(out)?;
    writeln!(out, "CRA Annex I Part I (2)(a): {}", cra_status(result))?;
    if !result.stale_vex.is_empty() {
        writeln!(
            out,
            "{} VEX statements matched no finding (stale)",
            result.stale_vex.len()
        )?;
    }
    Ok(())
}

fn status_rank(s: FindingStatus) -> u8 {
    match s {
        FindingStatus::Affected => 0,
        FindingStatus::Indeterminate => 1,
        FindingStatus::Informational => 2,
        FindingStatus::Suppressed => 3,
        FindingStatus::Withdrawn => 4,
    }
}
