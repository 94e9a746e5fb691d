//! Any bytes as a security.txt file: the linter returns a report, never panics, and every
//! finding is consistent (severity of its code, line inside the file, summary counts).
#![no_main]

use cra62443_cvd::jiff::Timestamp;
use cra62443_cvd::securitytxt::{LintOptions, lint};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 is decoded lossily, as lint_path does.
    let text = String::from_utf8_lossy(data);
    // A fixed clock keeps runs reproducible; the first byte varies the retrieval URL.
    let now = Timestamp::from_second(1_790_000_000).expect("valid timestamp");
    let mut options = LintOptions::new(now);
    if data.first().is_some_and(|b| b % 2 == 0) {
        options = options.with_retrieved_from("https://example.com/.well-known/security.txt");
    }
    let report = lint(&text, &options);
    let lines = text.split('\n').count();
    for f in &report.findings {
        assert_eq!(f.severity, f.code.severity());
        if let Some(line) = f.line {
            assert!(line >= 1 && line <= lines);
        }
    }
    let s = report.summary;
    assert_eq!(s.errors + s.warnings + s.infos, report.findings.len());
});
