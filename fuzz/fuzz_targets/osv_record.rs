//! Fuzzes the advisory importers (OSV, CVE JSON 5, KEV), the OSV range evaluator and the CPE
//! parser of cra62443-vuln: none may panic on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cra62443_vuln::import::Record::Advisory(advisory)) =
        cra62443_vuln::import::parse_record(data)
    {
        for affected in &advisory.affected {
            for version in affected.versions.iter().take(4) {
                let _ = cra62443_vuln::range::evaluate(affected, version);
            }
            let _ = cra62443_vuln::range::evaluate(affected, "1.0.0");
        }
        for m in &advisory.cpe_applicability {
            if let Ok(cpe) = cra62443_vuln::cpe::Cpe::parse(&m.criteria) {
                let _ = cra62443_vuln::scan::cpe_version_verdict(m, &cpe, "1.2.3");
                let _ = cpe.to_string();
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(cpe) = cra62443_vuln::cpe::Cpe::parse(text) {
            let round = cra62443_vuln::cpe::Cpe::parse(&cpe.to_string());
            assert_eq!(round.as_ref(), Ok(&cpe), "CPE formatting must round-trip");
        }
        let _ = cra62443_vuln::version::GenericVersion::parse(text);
    }
});
