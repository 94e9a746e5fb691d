//! Any bytes as an SBOM file (any format, archives included): the auto-detecting reader returns
//! an SBOM or an error, never panics; whatever parses can be quality-checked and converted.
#![no_main]

use cra62443_sbom::{Limits, TrVersion, check, parse_bytes_with, to_cyclonedx_1_6};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Small limits keep each run fast and let the fuzzer reach the limit paths.
    let limits = Limits {
        max_input_bytes: 1 << 20,
        max_decompressed_bytes: 4 << 20,
        max_depth: 32,
        max_string_bytes: 64 << 10,
        max_documents: 64,
    };
    if let Ok(sbom) = parse_bytes_with("fuzz", data, &limits) {
        let _ = check(&sbom, TrVersion::V2_0);
        let _ = check(&sbom, TrVersion::V2_1);
        let _ = to_cyclonedx_1_6(&sbom);
    }
});
