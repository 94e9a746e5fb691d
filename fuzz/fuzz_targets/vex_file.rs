//! Any bytes as a VEX file (CycloneDX, OpenVEX, CSAF, SPDX 3): the reader returns statements or
//! an error, never panics; a parsed document also goes through the CSAF mandatory tests and,
//! when it reads, through the three writers.
#![no_main]

use cra62443_vex::{WriteFormat, WriteOptions, advisory, read_bytes, write};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = advisory::check(&value);
    }
    if let Ok(doc) = read_bytes("fuzz.json", data) {
        let options =
            WriteOptions::new("fuzz", "https://fuzz.example", jiff::Timestamp::UNIX_EPOCH);
        for format in [
            WriteFormat::Cyclonedx,
            WriteFormat::Openvex,
            WriteFormat::Csaf,
        ] {
            let _ = write(&doc.statements, format, &options);
        }
    }
});
