//! The crosswalk: mapping sets between catalogue documents (CRA ↔ EN IEC 62443 ↔ EN 40000),
//! coverage of source requirements by target documents, and the gap analysis of the seed.
//!
//! Mapping sets are data (`data/mappings/*.yaml`, format in `docs/mapping-format.md`), validated
//! against the catalogue on load. [`coverage`] answers "is this CRA item covered by these
//! standards, with or without amendments, and why".

#![forbid(unsafe_code)]

mod coverage;
mod load;
mod model;

pub use coverage::{
    Chain, ChainStep, ComparisonWithCited, CoverageItem, CoverageQuery, CoverageStatus,
    CoverageSummary, GapReport, GapStatement, MappedTarget, chains, coverage,
};
pub use load::{Crosswalk, MAPPING_SCHEMA};
pub use model::{Author, MappingSet, Relation, Row, RowKind, TargetEdition};
