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
//!   folders or single files; CVE JSON 5 records ([`cve5`]: CNA and CISA ADP
//!   `affected[].cpes` with version ranges, `unaffected` entries, `changes`, `defaultStatus`
//!   and the Linux CNA's stable-branch wildcards); the CISA KEV catalogue; ENISA EUVD records
//!   (EUVD IDs as aliases of CVE findings, `exploitedSince` as the EU KEV). Bad records are
//!   skipped and counted by name; zip bombs are capped ([`ImportLimits`]).
//! * **Store** ([`store`]): one SQLite file, see below.
//! * **Versions** ([`version`]): SemVer, npm, PEP 440, Debian, RPM (`rpmvercmp`), Alpine apk,
//!   Maven (`ComparableVersion`), Go (module semver with pseudo-versions), RubyGems
//!   (`Gem::Version`), NuGet (`NuGet.Versioning`), Packagist (Composer normalisation and PHP
//!   `version_compare`) and a documented generic scheme behind [`VersionScheme`]; an
//!   unparseable version makes a finding *indeterminate*.
//! * **OSV ranges** ([`range`]) evaluated exactly per the OSV schema.
//! * **purl matching** ([`purl`], including distribution purls: `deb` Debian/Ubuntu, `apk`
//!   Alpine/Wolfi/Chainguard, `rpm` of the vendors that publish OSV data, with the `distro`
//!   qualifier selecting the release entry of per-release OSV records such as `Debian:12`)
//!   and **CPE 2.3 matching** ([`cpe`]) with a documented policy
//!   for the wildcard vendors and parts of Yocto SBOMs and a curated alias table
//!   (`data/cpe-aliases.yaml`).
//! * **Scan** ([`scan()`]): findings per component with match kind, evidence, KEV flag, VEX
//!   suppression (recording the suppressing statement) and stale VEX statements;
//!   [`cra_status`] gives the one-line CRA statement.
//! * **CLI** ([`cli`]): `vulndb import|status`, `vuln scan` (table, JSON, SARIF 2.1.0) and
//!   `vuln watch`.
//! * **Portfolio monitoring** ([`watch`]): `vuln watch --products DIR [--since DATE]
//!   [--advisory ID]` finds `DIR/**/product.yaml` files with an SBOM, stores each SBOM's
//!   components once in the `sbom_components` table (re-indexed when the SBOM's SHA-256
//!   changes) and joins the selected advisories with that index through the package and CPE
//!   index tables, so only the components an advisory names are evaluated. `--since` selects
//!   advisories by `modified`/`published`, CISA KEV `dateAdded` and EUVD `exploitedSince`;
//!   each product's VEX is applied.
//! * **Correctness oracle** ([`oracle`]): compares a scan without VEX with the CVEs Yocto
//!   `cve-check` listed in its VEX and buckets every miss by a computed reason.
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
//! # Oracle measurements (Yocto CycloneDX BOM and VEX)
//!
//! The Yocto `cve-check` VEX of the test data (7,239 statements, 3,133 distinct CVE IDs, all
//! `not_affected` or `resolved`) lists the CVEs Yocto *considered* for the 97 components of its
//! BOM. Scanning the BOM without VEX through the CPE path (`cargo bench --bench oracle`,
//! measured 2026-12-03 on `cve-records-with-cpe.zip`: 19,437 cisagov/vulnrichment records,
//! mostly 2023–2024; importer revision 3):
//!
//! | | CVE IDs |
//! |---|---:|
//! | found (an `affected` finding names the ID) | 4 |
//! | missed: CVE not in the data set | 3,087 |
//! | missed: vendor/product mismatch | 20 |
//! | missed: version outside the record's ranges | 22 |
//! | missed: version unparseable (indeterminate) | 0 |
//! | missed: component has no CPE | 0 |
//! | found but not in the VEX | 71 |
//!
//! Of the 46 reference CVEs that are in the data set: the 20 mismatches are 19 Red Hat records
//! whose CPEs name only the distribution (`redhat:enterprise_linux`) and one Android record;
//! the 22 version misses are kernel records whose ranges (with the stable-branch backports,
//! `unaffected` entries now evaluated) exclude 6.6.21, and zlib CVE-2023-45853 (< 1.3, the
//! BOM has 1.3.1). Every reference statement is `not_affected` or `resolved`, so a "version
//! outside" miss agrees with Yocto. The 4 found are CVE-2024-1086 and three glibc 2.39 CVEs
//! that Yocto marks `resolved` (patched in the recipe). The 71 found but not in the VEX are
//! mostly Linux CNA records (`defaultStatus: affected`, the 6.6 stable fix after 6.6.21) that
//! Yocto's NVD-based `cve-check` did not consider at build time. Before importer revision 2
//! (CVE `unaffected`/`defaultStatus` ignored, no CPE inheritance) the figures were 4 found,
//! 23 mismatches, 16 version misses and 7 found but not in the VEX; with revision 2 but before
//! the CNA-over-ADP rule of revision 3, CISA ADP fragments carrying `defaultStatus: affected`
//! without the CNA's exceptions added false positives (CVE-2023-52696, CVE-2024-26592). The
//! oracle therefore measures the recall of candidate generation against Yocto, not the
//! correctness of the verdicts.
//! `tests/oracle.rs` runs the same comparison on the 22 records of that zip that the VEX names
//! and whose CPEs name a BOM product (`tests/data/oracle-cves.zip`, 47 kB; there the
//! mismatch records are absent, so they count as not in the data set) and asserts found ≥ 3
//! (measured 4).
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
//! * Version schemes for Hex, Pub and the other remaining ecosystems: these use the generic
//!   scheme ([`version::GenericVersion`]), which can misorder their qualifiers. Alpine
//!   versions with a `~hash` commit suffix are refused (indeterminate). `rpm` purls of
//!   vendors without an OSV ecosystem (Fedora, CentOS, Amazon Linux) are matched only
//!   through CPEs; a distribution purl without a `distro` qualifier is compared with every
//!   release's entry.
//! * CVE JSON 5: git-commit ranges are not evaluated (entries with commit bounds are dropped
//!   at import); a version no entry names is not reported under `defaultStatus: unknown`;
//!   CPE criteria versions in NVD configurations (AND/OR trees of `configurations`) are not
//!   read — only `affected[].cpes`, or the record's single CPE product for entries without.
//! * OSV `GIT` ranges are evaluated only through the enumerated `versions` (no commit graph).
//! * EUVD: read as the EUVD API returns records (no published schema, no EUVD dump was at
//!   hand to verify the format against); no download.
//! * VEX product matching covers purl (qualifiers ignored), CPE string equality, bom-ref and
//!   CycloneDX BOM-Link; CSAF product IDs are not resolved to components.
//! * No incremental OSV download (offline import only) and no database export/vacuum command.
//! * `vuln watch` reads SPDX SBOMs only as single files (no folders or archives), does not
//!   report stale VEX statements, and matches VEX BOM-Links without the SBOM serial number.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cli;
pub mod cpe;
pub mod cve5;
mod error;
pub mod import;
pub mod model;
pub mod oracle;
pub mod purl;
pub mod range;
pub mod sarif;
pub mod scan;
pub mod store;
pub mod version;
pub mod watch;

pub use error::VulnError;
pub use import::{ImportLimits, Skipped};
pub use model::{Advisory, Affected, CpeMatch, Event, KevEntry, Range, RangeKind, Severity};
pub use scan::{
    Finding, FindingComponent, FindingStatus, KevListing, KevRef, MatchKind, ScanResult,
    ScanSummary, StaleVex, SuppressedBy, cra_status, scan,
};
pub use store::{Counts, Database, DatabaseInfo, ImportReport, SourceInfo};
pub use version::{Scheme, VersionError, VersionScheme};
