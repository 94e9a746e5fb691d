//! Command-line interface definition (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cra62443_model::{ComponentType, SlVector};

/// Show that an OT product meets the EU Cyber Resilience Act (Regulation (EU) 2024/2847) by
/// applying the EN IEC 62443 series.
///
/// Exit codes: 0 success; 1 invalid data files or a runtime failure; 2 bad usage or an
/// unknown/ambiguous requirement ID; 3 when `assess --fail-on` trips or `vuln scan` leaves open
/// or unassessed findings.
///
/// Status: catalogue, crosswalk, profiles, product assessment, SBOM/VEX/CSAF, security.txt,
/// Article 14 clocks and the vulnerability database are built. Not built yet: the comparison
/// benchmark against other scanners, and the multi-user server with its web UI.
#[derive(Debug, Parser)]
#[command(
    name = "cra62443",
    version,
    propagate_version = true,
    max_term_width = 110
)]
pub struct Cli {
    /// A directory of your own catalogue YAML files, loaded on top of the bundled data (a file
    /// whose `document.id` matches a bundled document replaces it). See docs/data-format.md.
    #[arg(long, global = true, env = "CRA62443_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// A directory of your own profile YAML files (added to the built-in ones; see
    /// docs/profile-format.md). Files in --data-dir are read as well.
    #[arg(long, global = true, env = "CRA62443_PROFILE_DIR", value_name = "DIR")]
    pub profile_dir: Option<PathBuf>,

    /// A licensed-text overlay: your own file mapping requirement IDs to the full text of the
    /// standards you hold a licence for. cra62443 never ships such text.
    #[arg(long, global = true, env = "CRA62443_OVERLAY", value_name = "FILE")]
    pub overlay: Option<PathBuf>,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Browse the requirement catalogue: CRA, EN IEC 62443-4-1/4-2/3-3, EN 40000-1-x, M/606.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Every relation of one requirement in the crosswalk, both directions, with rationale.
    Map(MapArgs),
    /// Gap analysis: which requirements of one document the target documents cover, partly
    /// cover or leave open — with and without amendments, and why.
    Gaps(GapsArgs),
    /// Write a commented product-file template (interactively on a terminal, or from flags).
    Init(InitArgs),
    /// CRA classification of a product: class, Annex item, Article 32 routes, dates, support
    /// period.
    Classify {
        /// The product file.
        product: PathBuf,
        /// Output format (`table` or `json`).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The evaluation plan: what to evaluate, which artefacts to bring, the acceptance criteria
    /// at the target SL (TS 62443-6-2 structure; criteria derived by this project).
    Plan {
        /// The product file.
        product: PathBuf,
        /// Output format (`table`, `json` or `csv`).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Record evidence files (with SHA-256) for a requirement in the assessment file.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Record a verdict for a requirement (the previous one is kept in its history).
    Verdict(VerdictArgs),
    /// Assess a product: SoA, verdicts, achieved SL per FR, CRA coverage, Art. 13(3), readiness;
    /// writes report.html, report.md and result.json.
    Assess(AssessArgs),
    /// Run the whole flow on the bundled examples (managed switch, firewall, unmanaged switch,
    /// PLC) and show what it found and where the reports are.
    Demo {
        /// Where to put the examples and their reports.
        #[arg(long, default_value = "cra62443-demo")]
        out: PathBuf,
        /// Assessment date (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// SBOMs (CycloneDX 1.4-1.7 JSON/XML, SPDX 2.2/2.3 JSON and tag-value, SPDX 3.0.1, multi-document
    /// SPDX 2 folders and .tar/.tar.zst): show, convert, check against BSI TR-03183-2.
    #[command(subcommand)]
    Sbom(cra62443_sbom::cli::SbomCommand),
    /// Article 14 reporting deadlines (24 h early warning, 72 h notification, final report) for an
    /// actively exploited vulnerability or a severe incident, in UTC and your time zone.
    ReportClock(cra62443_cvd::cli::ReportClockArgs),
    /// Lint security.txt (RFC 9116) and map the findings to CRA Annex I Part II (5)/(6), Annex II (2)
    /// and the EN 40000-1-3 preparation clauses.
    #[command(subcommand)]
    Securitytxt(cra62443_cvd::cli::SecurityTxtCommand),
    /// The local vulnerability database: import OSV dumps, CVE JSON 5 records and KEV lists.
    #[command(subcommand)]
    Vulndb(cra62443_vuln::cli::VulnDbCommand),
    /// Match SBOMs against the vulnerability database (purl and CPE), apply VEX, flag KEV.
    #[command(subcommand)]
    Vuln(cra62443_vuln::cli::VulnCommand),
    /// VEX statements: show, convert and merge CycloneDX VEX, OpenVEX, CSAF VEX and SPDX 3 VEX.
    #[command(subcommand)]
    Vex(cra62443_vex::cli::VexCommand),
    /// CSAF 2.0 advisories (Annex I Part II (4)): build one and run the offline mandatory tests.
    #[command(subcommand)]
    Advisory(cra62443_vex::cli::AdvisoryCommand),
    /// Security profiles per IEC TS 62443-1-5: the OT verticals of M/606 and your own.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Write OSCAL 1.2 documents (catalogs, mapping collections, profiles).
    #[command(subcommand)]
    Export(ExportCommand),
    /// Validate catalogue, amendment and mapping data.
    #[command(subcommand)]
    Data(DataCommand),
}

/// Arguments of `map`.
#[derive(Debug, Args)]
pub struct MapArgs {
    /// A global ID or printed reference (`"Annex I Part I (2)(c)"`, `SUM-5`, `"NDR 5.2"`).
    pub id: String,
    /// Only relations to entries of these documents.
    #[arg(long, value_delimiter = ',', value_name = "DOC")]
    pub to: Vec<String>,
    /// Only rows of these mapping sets (default: all, cited ones included).
    #[arg(long = "set", value_delimiter = ',', value_name = "SET")]
    pub sets: Vec<String>,
    /// Follow relations transitively up to this many steps (1 = direct relations only),
    /// e.g. PT2 objective -> 4-2 CR -> CRA item; every chain is shown.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub depth: u8,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Output formats of `gaps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GapsFormat {
    /// A table readable at 100 columns, gap statements below each item.
    Table,
    /// The JSON contract: `{from, to, amendments, items: [{id, status, mappings, gaps}], summary}`.
    Json,
    /// One row per item.
    Csv,
    /// Markdown, for reports.
    Md,
}

/// Arguments of `gaps`.
#[derive(Debug, Args)]
pub struct GapsArgs {
    /// The source document whose requirements are checked.
    #[arg(long, default_value = "cra", value_name = "DOC")]
    pub from: String,
    /// The target documents (comma-separated). Default: iec62443-4-1,iec62443-4-2.
    #[arg(long, value_delimiter = ',', value_name = "DOC")]
    pub to: Vec<String>,
    /// Read the targets as amended (`a11`): amendment requirements count and close gaps.
    #[arg(long, value_delimiter = ',', value_name = "AMENDMENT")]
    pub with_amendments: Vec<String>,
    /// Use only this mapping set (e.g. `jrc-enisa-2024` to see what that analysis says).
    /// Default: every set derived by this project, compared with a cited set where one exists.
    #[arg(long = "source", value_delimiter = ',', value_name = "SET")]
    pub sets: Vec<String>,
    /// Only these source items (IDs or references).
    #[arg(long = "item", value_delimiter = ',', value_name = "ID")]
    pub items: Vec<String>,
    /// Only items with this status or worse (`gap`, `partial`).
    #[arg(long, value_name = "STATUS")]
    pub only: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GapsFormat::Table)]
    pub format: GapsFormat,
}

/// `export` subcommands.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// OSCAL 1.2 JSON: one `catalog` per catalogue document (`<document>.catalog.json`) and one
    /// `mapping-collection` per crosswalk set (`<set>.mapping.json`).
    Oscal {
        /// Output directory (created if missing). Files are written atomically.
        #[arg(long, default_value = "oscal")]
        out: PathBuf,
        /// `metadata.last-modified` (RFC 3339 with zone); default: now. Fix it for
        /// reproducible output.
        #[arg(long)]
        timestamp: Option<String>,
    },
}

/// Output formats of listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// A JSON array of objects (the stable listing contract).
    Json,
    /// RFC 4180 CSV with a header row.
    Csv,
}

/// `catalog` subcommands.
#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List the documents of the catalogue with their editions, status and counts.
    Docs {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List catalogue entries, optionally the exact 62443-4-2 set for a component type and SL
    /// vector.
    ///
    /// With --sl-vector (SL-C for FR 1 … FR 7) and --component-type, it lists exactly the
    /// requirements a component of that type must meet at that vector: per FR, every assessable
    /// row first required at or below that FR's level whose prefix is CR or the component type
    /// (the cumulative rule of IEC 62443-4-2 Annex B). Use 0 for an FR that is not claimed.
    List(ListArgs),
    /// Show everything about one requirement (and your overlay text, if any).
    Show {
        /// A global ID (`iec62443-4-2:cr-1.1.re-2`), a printed reference (`"CR 1.1 RE(2)"`,
        /// `"Annex I Part I (2)(c)"`, `SUM-5`) or an alias, case-insensitive.
        id: String,
        /// Output format (`csv` is not available for one entry).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Search IDs, titles, summaries and texts; results ranked best first.
    Search {
        /// Words to search for; every word must occur in a match (or the text is a reference).
        text: String,
        /// Show at most this many results.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// Arguments of `catalog list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this document (`cra`, `iec62443-4-1`, `iec62443-4-2`, `iec62443-3-3`,
    /// `en40000-1-2`, `en40000-1-3`, `en40000-1-4`, `m606`).
    #[arg(long = "doc", value_name = "DOC")]
    pub document: Option<String>,
    /// Only this foundational requirement (1-7).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=7))]
    pub fr: Option<u8>,
    /// Only requirements for this component type: common CRs plus its own variants.
    #[arg(long, value_name = "SAR|EDR|HDR|NDR", value_parser = parse_component_type)]
    pub component_type: Option<ComponentType>,
    /// SL-C per FR 1 … FR 7, e.g. `2,2,2,2,2,2,2`; lists only the required rows.
    #[arg(long, value_name = "a,b,c,d,e,f,g", value_parser = parse_sl_vector)]
    pub sl_vector: Option<SlVector>,
    /// Include entries of draft amendments (`a11`: EN IEC 62443-4-1/4-2 A11:2026).
    #[arg(long, value_name = "AMENDMENT", value_delimiter = ',')]
    pub with_amendments: Vec<String>,
    /// Only entries of this kind (requirement, enhancement, group, category, line, …).
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the product file.
    #[arg(long, default_value = "product.yaml")]
    pub output: PathBuf,
    /// Product name.
    #[arg(long)]
    pub name: Option<String>,
    /// Manufacturer.
    #[arg(long)]
    pub manufacturer: Option<String>,
    /// Product type in words (e.g. "managed industrial Ethernet switch").
    #[arg(long = "type")]
    pub product_type: Option<String>,
    /// Product version.
    #[arg(long = "product-version")]
    pub product_version: Option<String>,
    /// Component type(s): SAR, EDR, HDR, NDR or system.
    #[arg(long, value_delimiter = ',')]
    pub component_type: Vec<String>,
    /// Profile (see `cra62443 profile list`).
    #[arg(long)]
    pub profile: Option<String>,
    /// Annex III/IV category of the core functionality (e.g. `cra:annex-iii.c1.12`).
    #[arg(long)]
    pub category: Option<String>,
    /// Never ask; use the flags and placeholders.
    #[arg(long)]
    pub non_interactive: bool,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// `evidence` subcommands.
#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Add evidence files for a requirement.
    Add {
        /// Requirement ID or printed reference.
        requirement: String,
        /// Evidence files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The product file (the assessment file sits next to it).
        #[arg(long, default_value = "product.yaml")]
        product: PathBuf,
        /// What the files show.
        #[arg(long)]
        description: Option<String>,
    },
}

/// Arguments of `verdict`.
#[derive(Debug, Args)]
pub struct VerdictArgs {
    /// Requirement ID or printed reference (a CRA Annex I item for measures beyond 62443).
    pub requirement: String,
    /// pass, fail, partial or n/a.
    pub verdict: String,
    /// The product file (the assessment file sits next to it).
    #[arg(long, default_value = "product.yaml")]
    pub product: PathBuf,
    /// Note.
    #[arg(long)]
    pub note: Option<String>,
    /// Met by the component or by integration (compensating countermeasure, CCSC 2).
    #[arg(long, value_name = "component|integration")]
    pub met_by: Option<String>,
    /// Achieved maturity level (62443-4-1 requirements).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub maturity: Option<u8>,
    /// Assessor.
    #[arg(long)]
    pub assessor: Option<String>,
    /// Date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// Output formats of `assess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssessFormat {
    /// A summary for the terminal.
    Table,
    /// The result object (same as result.json).
    Json,
    /// The Markdown report.
    Md,
    /// The HTML report.
    Html,
}

/// What makes `assess` exit non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A CRA Annex I item not covered.
    Gap,
    /// Stale evidence.
    Stale,
    /// A failing verdict.
    Fail,
    /// A missing verdict.
    Missing,
    /// Not ready for conformity assessment.
    NotReady,
}

/// Arguments of `assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The product file.
    pub product: PathBuf,
    /// Where to write report.html, report.md and result.json (default: `report/` next to the
    /// product file).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// What to print on standard output.
    #[arg(long, value_enum, default_value_t = AssessFormat::Table)]
    pub format: AssessFormat,
    /// Exit with code 3 when one of these holds (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub fail_on: Vec<FailOn>,
    /// Assessment date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Your own report templates (report.html.j2, report.md.j2).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Do not write report files.
    #[arg(long)]
    pub no_write: bool,
}

/// Output formats of `profile resolve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResolveFormat {
    /// A table of the required requirements, exclusions and the CRA coverage.
    Table,
    /// The JSON contract: `{profile, sl_target, requirements: [{id, sl, origin}], excluded, cra_coverage}`.
    Json,
    /// The resolved profile as an OSCAL 1.2 `catalog` (the selected controls).
    Oscal,
    /// One row per required requirement.
    Csv,
}

/// `profile` subcommands.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// List the profiles.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show a profile: context, SL-T, selection with justifications, risk evaluation.
    Show {
        /// Profile ID.
        id: String,
        /// Output format (`json` or `table`).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Resolve a profile to the concrete requirement list with target SLs and the origin of
    /// every decision.
    Resolve {
        /// Profile ID.
        id: String,
        /// Only requirements for this component type (CRs plus its variants).
        #[arg(long, value_name = "SAR|EDR|HDR|NDR", value_parser = parse_component_type)]
        component_type: Option<ComponentType>,
        /// Also read these amendments (the profile's own are always read).
        #[arg(long, value_delimiter = ',', value_name = "AMENDMENT")]
        with_amendments: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ResolveFormat::Table)]
        format: ResolveFormat,
    },
    /// Compare two profiles (resolved for the same component type).
    Diff {
        /// First profile.
        a: String,
        /// Second profile.
        b: String,
        /// Component type to resolve both for.
        #[arg(long, value_name = "SAR|EDR|HDR|NDR", value_parser = parse_component_type)]
        component_type: Option<ComponentType>,
        /// Output format (`table` or `json`).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Validate a user profile file against the catalogue and the built-in profiles.
    Check {
        /// The profile YAML file.
        file: PathBuf,
    },
}

/// `data` subcommands.
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Validate the bundled data, or DIR loaded on top of it: unique IDs, resolvable parents
    /// and references, SL 1-4, known FR, the counts the sources fix. Every problem names file,
    /// line, column and field; exit code 1 if there is any.
    Check {
        /// A directory of catalogue YAML files (default: the bundled data only).
        dir: Option<PathBuf>,
    },
}

fn parse_component_type(s: &str) -> Result<ComponentType, String> {
    s.parse()
        .map_err(|e: cra62443_model::ParseComponentTypeError| e.to_string())
}

fn parse_sl_vector(s: &str) -> Result<SlVector, String> {
    s.parse()
        .map_err(|e: cra62443_model::SlVectorError| e.to_string())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
