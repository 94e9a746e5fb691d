//! VEX statements in all common formats, and CSAF 2.0 advisories, for EU CRA
//! (Regulation (EU) 2024/2847) Annex I Part II (2) and (4) — address vulnerabilities and,
//! once an update is available, disclose fixed vulnerabilities — and for coordinated
//! vulnerability handling.
//!
//! # What it does
//!
//! * **One statement model** — [`VexStatement`]: vulnerability, aliases, product (purl, CPE,
//!   bom-ref/BOM-Link, CSAF product ID or SPDX element ID), subcomponents, [`Status`],
//!   [`Justification`], impact and action statements, timestamp and [`SourceRef`] (file,
//!   format, index and JSON pointer of the source element).
//! * **Readers** with format auto-detection ([`read_bytes`], [`read_file`]):
//!   CycloneDX JSON 1.4–1.7 (standalone VEX or `vulnerabilities[]` embedded in a BOM;
//!   `affects[].ref` as bom-ref or BOM-Link `urn:cdx:<serial>/<version>#<bom-ref>`, resolved to
//!   the component's purl when the component is in the same BOM), OpenVEX 0.2.0 (and 0.0.x
//!   string forms), CSAF 2.0 (`product_status` → statements, flags → justification, threats of
//!   category `impact` → impact, remediations → action, product groups and relationships
//!   resolved) and SPDX 3.0.x JSON-LD inline VEX (`security_Vex{NotAffected,Affected,Fixed,
//!   UnderInvestigation}VulnAssessmentRelationship`, `from` = vulnerability, `to` = packages).
//! * **Hostile input**: a size cap and a nesting-depth cap ([`Limits`]) are applied before
//!   parsing; readers never panic; every error and warning names the file and the JSON line and
//!   column ([`ReadError`]).
//! * **Writers** ([`write()`]): CycloneDX 1.6 VEX, OpenVEX 0.2.0, CSAF 2.0 `csaf_vex`. Keys are
//!   sorted, so output is stable.
//! * **BOM-Link resolution** ([`resolve_bom_links`]): statements whose product is a BOM-Link
//!   into a separate CycloneDX BOM (as Yocto's VEX is) get the linked component's purl.
//! * **Merge** ([`merge()`]): one statement per vulnerability (matched through CVE aliases) and
//!   product; the later timestamp wins; different statuses are reported as [`Conflict`]s.
//! * **CSAF advisories** ([`advisory::build`]): `csaf_security_advisory` or `csaf_vex` from an
//!   [`advisory::AdvisoryInput`] (YAML), with a vendor → product name → product version branch
//!   tree, purl/CPE/model/serial numbers per version, CVSS v3 scores computed from the vector,
//!   revision history and generator; deterministic for a fixed clock.
//! * **CSAF mandatory tests** ([`advisory::check`]) that run offline.
//! * **CLI** pieces ([`cli`]) for the `cra62443` binary.
//!
//! # Example
//!
//! ```
//! use cra62443_vex::{Status, WriteFormat, WriteOptions, read_bytes, write};
//!
//! let openvex = br#"{
//!   "@context": "https://openvex.dev/ns/v0.2.0",
//!   "@id": "https://psirt.example/vex/1", "author": "ACME PSIRT",
//!   "timestamp": "2026-01-05T00:00:00Z", "version": 1,
//!   "statements": [{
//!     "vulnerability": {"name": "CVE-2024-12345"},
//!     "products": [{"@id": "pkg:generic/acme/plc-firmware@2.1"}],
//!     "status": "not_affected",
//!     "justification": "vulnerable_code_not_in_execute_path"
//!   }]
//! }"#;
//! let doc = read_bytes("acme.openvex.json", openvex)?;
//! assert_eq!(doc.statements[0].status, Status::NotAffected);
//!
//! let options = WriteOptions::new("ACME PSIRT", "https://psirt.example", "2026-01-05T00:00:00Z".parse()?);
//! let csaf = write(&doc.statements, WriteFormat::Csaf, &options).document;
//! assert!(cra62443_vex::advisory::check(&csaf).iter().all(|t| t.passed()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Status mapping
//!
//! | normalised | OpenVEX | CycloneDX `analysis.state` | CSAF `product_status` | SPDX 3 |
//! |---|---|---|---|---|
//! | `not_affected` | `not_affected` | `not_affected`, `false_positive` | `known_not_affected` | `VexNotAffected…` |
//! | `affected` | `affected` | `exploitable` | `known_affected`, `first_affected`, `last_affected` | `VexAffected…` |
//! | `fixed` | `fixed` | `resolved`, `resolved_with_pedigree` | `fixed`, `first_fixed` | `VexFixed…` |
//! | `under_investigation` | `under_investigation` | `in_triage` | `under_investigation` | `VexUnderInvestigation…` |
//!
//! CSAF `recommended` has no VEX meaning and is not read. Written CycloneDX uses the first
//! state of each row. Justifications: see [`Justification::from_cyclonedx`] for the lossy
//! mapping of the nine CycloneDX values onto the five OpenVEX/CSAF ones.
//!
//! # CSAF 2.0 mandatory tests implemented
//!
//! 6.1.1, 6.1.2, 6.1.3, 6.1.4, 6.1.5, 6.1.6, 6.1.7, 6.1.8 (the CVSS objects' structure: version,
//! vector syntax, required scores, ranges and enumerations), 6.1.9 (CVSS v2, v3.0, v3.1 base,
//! temporal and environmental scores and severities recomputed), 6.1.10, 6.1.12 (RFC 5646
//! well-formedness only: subtags are not looked up in the IANA registry), 6.1.13, 6.1.14 –
//! 6.1.26, 6.1.27.1 – 6.1.27.11, 6.1.28 – 6.1.33, plus a `schema-subset` check of the required
//! document fields. The list is [`advisory::IMPLEMENTED`].
//!
//! Tests 6.1.24, 6.1.29, 6.1.32 and 6.1.33 run on every vulnerability, as the specification
//! says; csaf-validator-lib 2.0.10 skips them unless *every* vulnerability has involvements,
//! remediations or flags respectively, so it can miss errors that [`advisory::check`] reports.
//!
//! **Not implemented**: 6.1.11 (CWE) — it needs the MITRE CWE catalogue, which is not bundled
//! ([`advisory::NOT_IMPLEMENTED`]). The full JSON-schema validation and the authoritative run of
//! all mandatory tests are done by the official validator (`@secvisogram/csaf-validator-lib`) in
//! CI: `.ci/validators/csaf/validate.mjs`.
//!
//! # Known limits
//!
//! * XML CycloneDX and SPDX 2.x are not read (SPDX 2.x has no VEX).
//! * CycloneDX `affects[].versions[]` (per-version status inside one vulnerability) is not
//!   read: the `analysis.state` applies to the referenced component.
//! * Writers carry what each format can: CycloneDX keeps subcomponents in the property
//!   `cra62443:vex:subcomponent` and only the first CPE of the other product identifiers;
//!   CSAF keeps purl and CPE in `product_identification_helper` when the product is a purl, a
//!   CPE or a URI. Where OpenVEX or CSAF require an impact statement (not affected without
//!   justification) or an action statement (affected) and the source had none, the writer
//!   writes a clearly worded placeholder and reports a warning.

#![deny(missing_docs)]

pub mod advisory;
pub mod cli;
pub mod json;
pub mod merge;
pub mod model;
pub mod read;
pub mod write;

pub use json::{ErrorKind, Limits, ReadError};
pub use merge::{Conflict, ConflictSide, MergeResult, merge};
pub use model::{Format, Justification, SourceRef, Status, VexStatement};
pub use read::{
    VexDocument, detect, read_bytes, read_bytes_with, read_file, read_file_with, resolve_bom_links,
};
pub use write::{WriteFormat, WriteOptions, Written, to_pretty_json, write};
