//! Offline vulnerability database and SBOM matcher for EU CRA (Regulation (EU) 2024/2847)
//! Annex I Part I (2)(a): products are made available "without known exploitable
//! vulnerabilities".
//!
//! # What it does
//!
//! * **Model** ([`model`]): [`Advisory`] with aliases, withdrawn and informational flags,
//!   CVSS severities scored by the `cvss` crate, OSV [`Affected`] packages with
//!   [`Range`]s and enumerated versions, and CPE applicability ([`CpeMatch`]).
//! * **Importers** ([`import`]): OSV JSON from zip archives (the per-ecosystem `all.zip`),
//!   folders or single files; CVE JSON 5 records (cisagov vulnrichment: CNA and CISA ADP
//!   `affected[].cpes` with version ranges); the CISA KEV catalogue. Bad records are skipped
//!   and counted by name; zip bombs are capped ([`ImportLimits`]).
//! * **Store** ([`store`]): one SQLite file, see below.
//! * **Versions** ([`version`]): SemVer, npm, PEP 440, Debian and a documented generic scheme
//!   behind [`VersionScheme`]; an unparseable version makes a finding *indeterminate*.
//! * **OSV ranges** ([`range`]) evaluated exactly per the OSV schema.
//! * **purl matching** ([`purl`]) and **CPE 2.3 matching** ([`cpe`]) with a documented policy
//!   for the wildcard vendors and parts of Yocto SBOMs and a curated alias table
//!   (`data/cpe-aliases.yaml`).
//! * **Scan** ([`scan()`]): findings per component with match kind, evidence, KEV flag, VEX
//!   suppression (recording the suppressing statement) and stale VEX statements;
//!   [`cra_status`] gives the one-line CRA statement.
//! * **CLI** ([`cli`]): `vulndb import|status` and `vuln scan` (table, JSON, SARIF 2.1.0).
//!
//! # Why SQLite
//!
//! The database must survive between runs on build servers, be rebuilt incrementally from
//! several sources, be queried by (ecosystem, name) and (vendor, product) without loading
//! everything into memory (the comparators' multi-GB RSS is a known problem), and be one file
//! that can be copied into an air-gapped OT network. A single `rusqlite` file (SQLite bundled,
//! so no system library is needed) gives indexed lookups, atomic imports (one transaction per
//! source) and a well-known, inspectable format. Advisories are stored as JSON blobs keyed by
//! ID with separate index tables, so re-import is an upsert by ID; a source re-imported with
//! the same SHA-256 is skipped. A damaged file or a schema from another build gives
//! [`VulnError::Corrupt`] with the command to rebuild it.
//!
//! # Example
//!
//! ```
//! use cra62443_vuln::{Database, cra_status, scan};
//! let mut db = Database::in_memory()?;
//! let osv = br#"{"id": "RUSTSEC-2099-0001", "aliases": ["CVE-2099-0001"],
//!   "affected": [{"package": {"ecosystem": "crates.io", "name": "demo"},
//!     "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]}]}]}"#;
//! let mut src = cra62443_vuln::import::ParsedSource { name: "demo".into(), sha256: "x".into(), ..Default::default() };
//! src.advisories.push(cra62443_vuln::import::parse_osv(osv).map_err(std::io::Error::other)?);
//! db.import_parsed(src)?;
//! let bom = br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
//!   {"type": "library", "bom-ref": "d", "name": "demo", "version": "1.1.0", "purl": "pkg:cargo/demo@1.1.0"}]}"#;
//! let sbom = cra62443_sbom::parse_bytes("bom.json", bom)?;
//! let result = scan(&db, &[sbom], &[])?;
//! assert_eq!(result.findings[0].id, "RUSTSEC-2099-0001");
//! assert_eq!(cra_status(&result), "1 known vulnerability, 0 known exploited, none unassessed");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Not done in this version
//!
//! * Version schemes for Maven, RubyGems, NuGet, RPM, Alpine and Go pseudo-versions: these
//!   ecosystems use the generic scheme ([`version::GenericVersion`]), which can misorder
//!   their qualifiers. Debian release suffixes of OSV ecosystems (`Debian:12`) are not
//!   compared with the purl `distro` qualifier.
//! * CVE JSON 5: `unaffected` entries, `defaultStatus`, `changes` and git-commit ranges are not
//!   evaluated (entries with commit bounds are dropped at import); CPE criteria versions in
//!   NVD configurations (AND/OR trees of `configurations`) are not read — only
//!   `affected[].cpes`.
//! * OSV `GIT` ranges are evaluated only through the enumerated `versions` (no commit graph).
//! * KEV: only the CISA catalogue; the ENISA EU KEV and EUVD IDs are not imported.
//! * VEX product matching covers purl (qualifiers ignored), CPE string equality, bom-ref and
//!   CycloneDX BOM-Link; CSAF product IDs are not resolved to components.
//! * No incremental OSV download (offline import only) and no database export/vacuum command.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cli;
pub mod cpe;
mod error;
pub mod import;
pub mod model;
pub mod purl;
pub mod range;
pub mod sarif;
pub mod scan;
pub mod store;
pub mod version;

pub use error::VulnError;
pub use import::{ImportLimits, Skipped};
pub use model::{Advisory, Affected, CpeMatch, Event, KevEntry, Range, RangeKind, Severity};
pub use scan::{
    Finding, FindingComponent, FindingStatus, KevRef, MatchKind, ScanResult, ScanSummary, StaleVex,
    SuppressedBy, cra_status, scan,
};
pub use store::{Counts, Database, DatabaseInfo, ImportReport, SourceInfo};
pub use version::{Scheme, VersionError, VersionScheme};
