//! Any bytes as a licensed-text overlay against the bundled catalogue: never panics.
#![no_main]

use std::sync::OnceLock;

use cra62443_catalog::{Catalog, Overlay};
use libfuzzer_sys::fuzz_target;

static CATALOG: OnceLock<Catalog> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let catalog = CATALOG.get_or_init(|| Catalog::bundled().expect("bundled data validates"));
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Overlay::parse("fuzz.yaml", text, catalog);
    }
});
