//! The cra62443 requirement catalogue: loading, validation and queries.
//!
//! The regulatory content lives in YAML files (`data/catalog/*.yaml`, documented in
//! `docs/data-format.md`). They are embedded in this library at build time, validated on every
//! load, and can be overridden or extended with a directory of the user's own files. Every
//! problem is reported as a [`Diagnostic`] naming file, line, column and field.
//!
//! ```
//! let catalog = cra62443_catalog::Catalog::bundled().unwrap();
//! let cr = catalog.resolve("CR 1.1 RE(2)").unwrap();
//! assert_eq!(cr.id.as_str(), "iec62443-4-2:cr-1.1.re-2");
//! ```

#![forbid(unsafe_code)]

mod amend;
mod catalog;
mod diagnostic;
mod load;
mod overlay;
mod raw;
mod search;

pub use amend::AMENDMENT_SCHEMA;
pub use catalog::{
    Catalog, KNOWN_SCHEMAS, ListFilter, ResolveError, bundled_sources, merged_sources,
};
pub use diagnostic::{Diagnostic, Diagnostics};
pub use load::{CATALOG_SCHEMA, SourceFile};
pub use overlay::{OVERLAY_SCHEMA, Overlay};
pub use search::SearchHit;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The catalogue files embedded in this build, as `(name, content)` pairs.
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    bundled::BUNDLED_FILES
}
