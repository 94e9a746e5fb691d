//! Any bytes as a user catalogue file: the loader returns data or diagnostics, never panics.
#![no_main]

use cra62443_catalog::{Catalog, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Catalog::from_sources(vec![SourceFile {
            name: "fuzz.yaml".into(),
            text: text.to_string(),
        }]);
    }
});
