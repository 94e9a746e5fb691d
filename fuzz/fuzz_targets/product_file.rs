//! Any bytes as a product file, then as an assessment file: diagnostics or data, never a panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use cra62443_assess::{AssessmentFile, parse_product};
use cra62443_catalog::Catalog;
use cra62443_profile::Profiles;
use libfuzzer_sys::fuzz_target;

static WORLD: OnceLock<(Catalog, Vec<String>, Vec<String>)> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let (catalog, capabilities, profiles) = WORLD.get_or_init(|| {
        let catalog = Catalog::bundled().expect("bundled data validates");
        let p = Profiles::bundled(&catalog).expect("profiles validate");
        let caps = p.capabilities().iter().map(|t| t.id.clone()).collect();
        let ids = p.ids();
        (catalog, caps, ids)
    });
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_product("fuzz.yaml", text, Path::new("fuzz.yaml"), catalog, capabilities, profiles);
        let _ = AssessmentFile::parse("assessment.yaml", text, catalog);
    }
});
