//! SBOM ingestion and quality checks for EU CRA Annex I Part II (1) and BSI TR-03183-2.
//!
//! - **Readers** (own lenient serde models, format detected from content): CycloneDX 1.2–1.7 JSON
//!   and XML (tested with 1.4–1.7), SPDX 2.0–2.3 JSON and tag-value, SPDX 3.0.x JSON-LD, and
//!   sets of SPDX 2 documents in a folder or a `.tar` / `.tar.zst` archive, merged by following
//!   `externalDocumentRefs` (e.g. Yocto's `create-spdx` output with `index.json`). A single
//!   zstd-compressed document is read too.
//! - **Model**: [`Sbom`], [`Component`], [`Dependency`], [`DocumentMeta`] — one shape for every
//!   format. SPDX files are counted, not listed as components.
//! - **Conversion**: [`to_cyclonedx_1_6`] / [`write_cyclonedx_1_6`].
//! - **Quality**: [`check`] against BSI TR-03183-2 v2.0 or v2.1 plus the CRA minimum rule
//!   (`cra:annex-i.p2.1`), with the rules kept as data in `data/tr-03183-2.yaml`.
//! - **CLI**: [`cli`] holds the `sbom show|convert|check` subcommands for the binary.
//!
//! ```
//! let json = br#"{"bomFormat": "CycloneDX", "specVersion": "1.6",
//!   "metadata": {"component": {"type": "firmware", "bom-ref": "fw", "name": "plc-fw", "version": "2.1"}},
//!   "components": [{"type": "library", "bom-ref": "z", "name": "zlib", "version": "1.3.1",
//!                   "purl": "pkg:generic/zlib@1.3.1"}],
//!   "dependencies": [{"ref": "fw", "dependsOn": ["z"]}]}"#;
//! let sbom = cra62443_sbom::parse_bytes("bom.json", json).unwrap();
//! assert_eq!(sbom.components.len(), 2); // the primary component is one of them
//! assert_eq!(sbom.primary.as_ref().unwrap().name, "plc-fw");
//! let report = cra62443_sbom::check(&sbom, cra62443_sbom::TrVersion::V2_1);
//! let cra = report.rules.iter().find(|r| r.id == "cra:top-level-dependencies").unwrap();
//! assert!(cra.passed);
//! ```
//!
//! # Hostile input
//!
//! Every reader works under [`Limits`]: input size, decompressed size
//! (zstd bombs), nesting depth, string length and number of archive members are capped before or
//! while parsing; archive members with absolute names or `..` are refused; XML DOCTYPE/entity
//! declarations are refused and only the predefined entities are resolved. Errors are
//! [`SbomError`]s naming the file (`archive!/member` for archive members) and, for JSON and XML,
//! the line and column. The readers do not panic on any input (property-tested and fuzzed).
//! A CycloneDX JSON file larger than 1 MiB given to [`read_path`] is parsed as it is read; the
//! same limits are then checked on each chunk before the parser sees it.
//!
//! # Limits of this version
//!
//! - zip and gzip archives, SPDX RDF/XML and SPDX 2 YAML are not read (refused with a message).
//! - CycloneDX `services`, `formulation`, `annotations`, evidence and pedigree are not modelled;
//!   vulnerability entries are only counted. XML signatures (`<Signature>`) are only detected,
//!   JSON signatures (JSF) likewise; neither is verified.
//! - SPDX 2 snippets and file-level details are not modelled (files are counted); build-time
//!   relationships (`BUILD_DEPENDENCY_OF`, `DEV_DEPENDENCY_OF` …) are not dependencies.
//! - SPDX 3: only `software_Package` elements become components; the top-level dependencies of a
//!   Yocto rootfs are derived from the `build_Build` that produced it (its non-source package
//!   inputs), since Yocto records no `dependsOn` for the image.
//! - A set of SPDX 2 documents is merged from the root document (the one nothing refers to,
//!   preferring an image/rootfs); documents it does not reach are left out.
//! - The CycloneDX 1.6 export nests components at most 24 levels deep (deeper ones are written at
//!   the top level) and drops hash algorithms CycloneDX does not know.
//! - The TR-03183-2 rule texts come from secondary sources (the BSI PDF was not available); see
//!   the notes in `data/tr-03183-2.yaml`. SPDX has no agreed mapping of the BSI
//!   executable/archive/structured properties, so SPDX SBOMs fail those rules.
//! - Memory: the whole normalised model is built (no streaming API). A CycloneDX JSON document
//!   is lowered while it is parsed, component by component, so no raw copy of it is held. For
//!   a generated CycloneDX 1.6 file of 100,000 components (86.6 MB) the peak resident memory is
//!   about 190 MB (2.3× the file, about 120 MB/s) when read with [`read_path`], which streams
//!   the file, and about 275 MB (3.2× the text, about 170 MB/s) with [`parse_bytes`], where the
//!   caller's 87 MB copy of the text is counted too (`cargo bench -p cra62443-sbom --bench
//!   parse`). The model itself takes about 2.2× the text (some 27 allocations per component).
//!   Files of other formats, CycloneDX files up to 1 MiB, archives and folders are read whole
//!   into memory first.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cli;
mod error;
mod export;
mod limits;
pub mod model;
pub mod quality;
mod readers;

use std::path::Path;

pub use error::SbomError;
pub use export::{to_cyclonedx_1_6, to_cyclonedx_1_6_string, write_cyclonedx_1_6};
pub use limits::Limits;
pub use model::{
    Completeness, Component, ComponentKind, ComponentRef, Dependency, DocumentMeta, Encoding,
    ExternalRef, Format, Hash, Licenses, Party, Property, Sbom, Tool,
};
pub use quality::{QualityReport, RuleResult, Summary, TrVersion, check, check_with};
pub use readers::{InputKind, detect};

/// Reads an SBOM from a file, a folder of SPDX 2 documents or a `.tar` / `.tar.zst` archive,
/// with the default [`Limits`].
pub fn read_path(path: impl AsRef<Path>) -> Result<Sbom, SbomError> {
    read_path_with(path, &Limits::default())
}

/// Like [`read_path`], with explicit limits.
pub fn read_path_with(path: impl AsRef<Path>, limits: &Limits) -> Result<Sbom, SbomError> {
    readers::read_path(path.as_ref(), limits)
}

/// Parses an SBOM (or an archive of SPDX 2 documents) held in memory, detecting its format from
/// the content; `name` labels the input in errors. Uses the default [`Limits`].
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<Sbom, SbomError> {
    parse_bytes_with(name, bytes, &Limits::default())
}

/// Like [`parse_bytes`], with explicit limits.
pub fn parse_bytes_with(name: &str, bytes: &[u8], limits: &Limits) -> Result<Sbom, SbomError> {
    readers::parse_bytes(name, bytes, limits)
}
