//! The data model of cra62443.
//!
//! This crate holds plain types and no I/O: catalogue documents and their entries, stable
//! requirement IDs, security levels and SL vectors, IEC 62443-4-2 component types and the
//! confidence tags every fact carries. Loading and validating the YAML data is the job of
//! `cra62443-catalog`; everything later (crosswalk, profiles, assessment) builds on these types.

#![forbid(unsafe_code)]

mod id;
mod level;
mod requirement;

pub use id::{IdError, RequirementId, is_lowercase_name, is_valid_token, normalize_reference};
pub use level::{ComponentType, ParseComponentTypeError, SecurityLevel, SlVector, SlVectorError};
pub use requirement::{
    AmendmentAction, AmendmentNote, Confidence, ConformityRoute, Document, Edition, EditionStatus,
    ExpectedCount, KeyDate, Kind, LevelDefinition, Requirement, TextPolicy,
};
