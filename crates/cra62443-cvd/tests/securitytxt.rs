//! The security.txt linter: valid files, every finding code on a crafted file, signed files, a
//! file with many problems, files and folders on disk, and no panics on arbitrary input.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cra62443_catalog::Catalog;
use cra62443_cvd::jiff::Timestamp;
use cra62443_cvd::securitytxt::{
    CATALOG_IDS, Code, LintError, LintOptions, LintReport, MAX_FILE_SIZE, Severity, lint, lint_path,
};
use proptest::prelude::*;

const URL: &str = "https://acme-automation.example/.well-known/security.txt";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/securitytxt")
        .join(name)
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

fn now() -> Timestamp {
    "2026-11-01T00:00:00Z".parse().unwrap()
}

fn options() -> LintOptions {
    LintOptions::new(now())
}

fn codes(r: &LintReport) -> BTreeSet<Code> {
    r.findings.iter().map(|f| f.code).collect()
}

fn pairs(r: &LintReport) -> Vec<(Option<usize>, Code)> {
    r.findings.iter().map(|f| (f.line, f.code)).collect()
}

/// A file with every field right, to which each case adds one problem.
const GOOD: &str = "Contact: mailto:psirt@example.com\n\
Expires: 2027-06-30T23:00:00Z\n\
Encryption: https://example.com/pgp.asc\n\
Canonical: https://example.com/.well-known/security.txt\n\
Policy: https://example.com/cvd\n";

#[test]
fn valid_file_has_no_errors_or_warnings() {
    let r = lint(
        &read_fixture("valid.txt"),
        &options().with_retrieved_from(URL),
    );
    assert_eq!(
        pairs(&r),
        [(Some(13), Code::CsafFieldPresent)],
        "{:#?}",
        r.findings
    );
    assert!(!r.signed);
    assert_eq!(
        r.values("Contact"),
        [
            "mailto:psirt@acme-automation.example",
            "https://acme-automation.example/psirt/report",
            "tel:+49-30-1234567"
        ]
    );
    assert_eq!(r.values("Expires"), ["2027-06-30T23:00:00Z"]);
    assert_eq!(r.values("Preferred-Languages"), ["en, de"]);
    assert_eq!(r.fields["Contact"][0].line, 3);
    assert_eq!(r.fields.len(), 9);
    assert_eq!(r.summary.errors, 0);
    assert_eq!(r.summary.warnings, 0);
    assert_eq!(r.summary.infos, 1);
    assert_eq!(r.worst(), Some(Severity::Info));
    let csaf = r.with_code(Code::CsafFieldPresent).next().unwrap();
    assert_eq!(csaf.cra, ["cra:annex-i.p2.4", "cra:annex-i.p2.8"]);
}

#[test]
fn the_good_base_file_is_clean() {
    let r = lint(GOOD, &options());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn crlf_and_lf_give_the_same_result() {
    let lf = read_fixture("valid.txt");
    let crlf = lf.replace('\n', "\r\n");
    let a = lint(&lf, &options());
    let b = lint(&crlf, &options());
    assert_eq!(a.findings, b.findings);
    assert_eq!(a.fields, b.fields);
}

#[test]
fn signed_file() {
    let r = lint(
        &read_fixture("valid-signed.txt"),
        &options().with_retrieved_from(URL),
    );
    assert!(r.signed);
    assert_eq!(
        pairs(&r),
        [
            (Some(1), Code::Signed),
            (Some(1), Code::SignatureNotVerified)
        ],
        "{:#?}",
        r.findings
    );
    // Line numbers are those of the signed document, armor included.
    assert_eq!(r.fields["Contact"][0].line, 6);
    assert_eq!(
        r.values("Encryption"),
        ["openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f"]
    );
    // The armor is stripped: no field comes from the header or the signature block.
    assert!(!r.fields.contains_key("hash"));
    assert!(!r.fields.contains_key("version"));
    assert_eq!(
        r.with_code(Code::SignatureNotVerified)
            .next()
            .unwrap()
            .severity,
        Severity::Warning
    );
}

#[test]
fn signed_file_with_problems_inside_reports_them_with_document_lines() {
    let text = "-----BEGIN PGP SIGNED MESSAGE-----\n\
Hash: SHA256\n\
\n\
Contact: http://example.com/report\n\
Expires: 2020-01-01T00:00:00Z\n\
-----BEGIN PGP SIGNATURE-----\n\
\n\
abcdefABCDEF/+==\n\
-----END PGP SIGNATURE-----\n";
    let r = lint(text, &options());
    assert!(r.signed);
    let p = pairs(&r);
    assert!(p.contains(&(Some(4), Code::InsecureUri)), "{p:?}");
    assert!(p.contains(&(Some(5), Code::ExpiresInPast)), "{p:?}");
    assert!(!r.has(Code::MalformedSignature), "{p:?}");
}

#[test]
fn file_with_several_problems_reports_all_of_them() {
    let r = lint(
        &read_fixture("many-problems.txt"),
        &options().with_retrieved_from(URL),
    );
    let expected = vec![
        (None, Code::MissingPolicy),
        (None, Code::MissingEncryption),
        (Some(2), Code::InvalidUri),
        (Some(3), Code::InsecureUri),
        (Some(4), Code::ExpiresInPast),
        (Some(5), Code::DuplicateExpires),
        (Some(5), Code::InvalidExpires),
        (Some(6), Code::UnknownField),
        (Some(7), Code::InvalidLanguageTag),
        (Some(8), Code::CanonicalMismatch),
        (Some(9), Code::MalformedLine),
        (Some(10), Code::CsafFieldPresent),
        (Some(10), Code::CsafNotProviderMetadata),
        (Some(11), Code::MissingFinalNewline),
        (Some(11), Code::MalformedLine),
    ];
    assert_eq!(pairs(&r), expected, "{:#?}", r.findings);
    assert_eq!(r.summary.errors, 9);
    assert_eq!(r.summary.warnings, 4);
    assert_eq!(r.summary.infos, 2);
    // `contact:` in lower case is still the Contact field.
    assert_eq!(r.values("Contact").len(), 2);
    let invalid = r.with_code(Code::InvalidUri).next().unwrap();
    assert!(
        invalid
            .message
            .contains("mailto:psirt@acme-automation.example")
    );
    assert_eq!(invalid.field.as_deref(), Some("Contact"));
    assert!(invalid.cra.contains(&"cra:annex-i.p2.6".to_string()));
    assert!(invalid.cra.contains(&"cra:annex-ii.2".to_string()));
    let unknown = r.with_code(Code::UnknownField).next().unwrap();
    assert!(unknown.message.contains("did you mean 'Acknowledgments'"));
}

/// One crafted input per code: (code, text, retrieval URL, expected line).
fn cases() -> Vec<(Code, String, Option<&'static str>, Option<usize>)> {
    let without = |field: &str| -> String {
        GOOD.lines()
            .filter(|l| !l.starts_with(field))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let with = |extra: &str| format!("{GOOD}{extra}\n");
    let signed = |body: &str, tail: &str| {
        format!(
            "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n{body}-----BEGIN PGP SIGNATURE-----\n\nabcdefABCDEF/+==\n-----END PGP SIGNATURE-----\n{tail}"
        )
    };
    vec![
        (Code::MissingContact, without("Contact"), None, None),
        (Code::MissingExpires, without("Expires"), None, None),
        (
            Code::ExpiresInPast,
            GOOD.replace("2027-06-30T23:00:00Z", "2026-10-31T23:59:59Z"),
            None,
            Some(2),
        ),
        (
            Code::ExpiresTooFar,
            GOOD.replace("2027-06-30T23:00:00Z", "2027-11-01T00:00:01Z"),
            None,
            Some(2),
        ),
        (
            Code::InvalidExpires,
            GOOD.replace("2027-06-30T23:00:00Z", "2027-06-30"),
            None,
            Some(2),
        ),
        (
            Code::DuplicateExpires,
            with("Expires: 2027-05-30T23:00:00Z"),
            None,
            Some(6),
        ),
        (Code::MissingCanonical, without("Canonical"), None, None),
        (
            Code::CanonicalMismatch,
            GOOD.to_string(),
            Some("https://www.example.com/.well-known/security.txt"),
            Some(4),
        ),
        (
            Code::InsecureUri,
            GOOD.replace("https://example.com/cvd", "http://example.com/cvd"),
            None,
            Some(5),
        ),
        (
            Code::InvalidUri,
            GOOD.replace("mailto:psirt@example.com", "psirt@example.com"),
            None,
            Some(1),
        ),
        (Code::UnknownField, with("Bounty: yes"), None, Some(6)),
        (Code::MissingPolicy, without("Policy"), None, None),
        (Code::MissingEncryption, without("Encryption"), None, None),
        (
            Code::CsafFieldPresent,
            with("CSAF: https://example.com/.well-known/csaf/provider-metadata.json"),
            None,
            Some(6),
        ),
        (
            Code::CsafNotProviderMetadata,
            with("CSAF: https://example.com/csaf/"),
            None,
            Some(6),
        ),
        (Code::Signed, signed(GOOD, ""), None, Some(1)),
        (Code::SignatureNotVerified, signed(GOOD, ""), None, Some(1)),
        (
            Code::MalformedSignature,
            signed(GOOD, "Contact: mailto:evil@example.org\n"),
            None,
            Some(13),
        ),
        (
            Code::MalformedLine,
            with("Contact mailto:x@example.com"),
            None,
            Some(6),
        ),
        (
            Code::LineTooLong,
            with(&format!("# {}", "x".repeat(1000))),
            None,
            Some(6),
        ),
        (
            Code::DuplicatePreferredLanguages,
            with("Preferred-Languages: en\nPreferred-Languages: de"),
            None,
            Some(7),
        ),
        (
            Code::InvalidLanguageTag,
            with("Preferred-Languages: en_US"),
            None,
            Some(6),
        ),
        (
            Code::MissingFinalNewline,
            GOOD.trim_end().to_string(),
            None,
            Some(5),
        ),
        (
            Code::ByteOrderMark,
            format!("\u{feff}{GOOD}"),
            None,
            Some(1),
        ),
        (
            Code::InsecureRetrieval,
            GOOD.replace(
                "https://example.com/.well-known/security.txt",
                "http://example.com/.well-known/security.txt",
            ),
            Some("http://example.com/.well-known/security.txt"),
            None,
        ),
        (
            Code::NotWellKnownLocation,
            GOOD.replace(".well-known/security.txt", "security.txt"),
            Some("https://example.com/security.txt"),
            None,
        ),
    ]
}

#[test]
fn each_code_on_a_crafted_file() {
    let mut covered = BTreeSet::new();
    for (code, text, url, line) in cases() {
        let mut o = options();
        if let Some(u) = url {
            o = o.with_retrieved_from(u);
        }
        let r = lint(&text, &o);
        let hits: Vec<_> = r.with_code(code).collect();
        assert!(
            !hits.is_empty(),
            "{code}: not reported for\n{text}\n{:#?}",
            r.findings
        );
        assert_eq!(hits[0].line, line, "{code}: {:#?}", hits[0]);
        assert_eq!(hits[0].severity, code.severity());
        assert!(!hits[0].message.is_empty());
        covered.insert(code);
    }
    // invalid-utf8 needs bytes, so it is tested through lint_path below.
    covered.insert(Code::InvalidUtf8);
    let all: BTreeSet<Code> = Code::ALL.iter().copied().collect();
    assert_eq!(covered, all, "codes without a crafted case");
}

#[test]
fn severities_of_the_named_codes() {
    use Code::*;
    for (code, sev) in [
        (MissingContact, Severity::Error),
        (MissingExpires, Severity::Error),
        (ExpiresInPast, Severity::Error),
        (ExpiresTooFar, Severity::Warning),
        (MissingCanonical, Severity::Warning),
        (CanonicalMismatch, Severity::Error),
        (InsecureUri, Severity::Error),
        (InvalidUri, Severity::Error),
        (DuplicateExpires, Severity::Error),
        (UnknownField, Severity::Warning),
        (MissingPolicy, Severity::Warning),
        (MissingEncryption, Severity::Info),
        (CsafFieldPresent, Severity::Info),
        (Signed, Severity::Info),
        (SignatureNotVerified, Severity::Warning),
        (LineTooLong, Severity::Warning),
    ] {
        assert_eq!(code.severity(), sev, "{code}");
    }
}

#[test]
fn expires_boundaries() {
    // Exactly now is not in the past; exactly one year ahead is not too far.
    for (expires, past, far) in [
        ("2026-11-01T00:00:00Z", false, false),
        ("2026-10-31T23:59:59.999Z", true, false),
        ("2027-11-01T00:00:00Z", false, false),
        ("2027-11-01T01:00:00+01:00", false, false),
        ("2027-11-01T00:00:00.001Z", false, true),
    ] {
        let r = lint(&GOOD.replace("2027-06-30T23:00:00Z", expires), &options());
        assert_eq!(r.has(Code::ExpiresInPast), past, "{expires}");
        assert_eq!(r.has(Code::ExpiresTooFar), far, "{expires}");
        assert!(!r.has(Code::InvalidExpires), "{expires}");
    }
}

#[test]
fn cra_mapping_of_the_contact_and_policy_findings() {
    let r = lint("Expires: 2027-01-01T00:00:00Z\n", &options());
    let contact = r.with_code(Code::MissingContact).next().unwrap();
    assert_eq!(
        contact.cra,
        [
            "cra:annex-i.p2.6",
            "cra:annex-ii.2",
            "cra:art-13.17",
            "en40000-1-3:pre-2"
        ]
    );
    let policy = r.with_code(Code::MissingPolicy).next().unwrap();
    assert_eq!(
        policy.cra,
        ["cra:annex-i.p2.5", "cra:annex-ii.2", "en40000-1-3:pre-2"]
    );
    let enc = r.with_code(Code::MissingEncryption).next().unwrap();
    assert_eq!(enc.cra, ["en40000-1-3:pre-5"]);
    let canonical = r.with_code(Code::MissingCanonical).next().unwrap();
    assert!(canonical.cra.is_empty());
}

#[test]
fn every_mapped_catalogue_id_exists() {
    let catalog = Catalog::bundled().unwrap();
    for id in CATALOG_IDS {
        assert!(catalog.get(id).is_some(), "{id} is not in the catalogue");
    }
    // And findings carry no other IDs.
    let allowed: BTreeSet<&str> = CATALOG_IDS.iter().copied().collect();
    for (_, text, url, _) in cases() {
        let mut o = options();
        if let Some(u) = url {
            o = o.with_retrieved_from(u);
        }
        for f in lint(&text, &o).findings {
            for id in &f.cra {
                assert!(allowed.contains(id.as_str()), "{id}");
            }
        }
    }
}

#[test]
fn armor_problems() {
    // Header not on the first line; no Hash header; missing blank line; undashed '-' line;
    // missing END line.
    let text = "# preface\n-----BEGIN PGP SIGNED MESSAGE-----\nContact: mailto:a@example.com\n-not escaped\n-----BEGIN PGP SIGNATURE-----\n\nabc=\n";
    let r = lint(text, &options());
    let lines: Vec<Option<usize>> = r
        .with_code(Code::MalformedSignature)
        .map(|f| f.line)
        .collect();
    assert_eq!(
        lines,
        [Some(1), Some(2), Some(3), Some(4), Some(5)],
        "{:#?}",
        r.findings
    );
    assert!(r.signed);
    // The unsigned preface is ignored, the signed Contact is read.
    assert_eq!(r.values("Contact"), ["mailto:a@example.com"]);

    // A signature block without the signed-message header.
    let r = lint(
        &format!("{GOOD}-----BEGIN PGP SIGNATURE-----\n\nabc=\n-----END PGP SIGNATURE-----\n"),
        &options(),
    );
    assert!(!r.signed);
    assert_eq!(r.with_code(Code::MalformedSignature).count(), 1);
    assert!(!r.has(Code::MalformedLine), "{:#?}", r.findings);

    // No signature block at all.
    let r = lint(
        &format!("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n{GOOD}"),
        &options(),
    );
    assert!(
        r.with_code(Code::MalformedSignature)
            .any(|f| f.message.contains("no '-----BEGIN PGP SIGNATURE-----'"))
    );
    assert!(!r.has(Code::MissingContact));
}

#[test]
fn malformed_lines_are_explained() {
    let r = lint(
        &format!(
            "{GOOD}Hiring:https://example.com/jobs\n Acknowledgments: https://example.com/thanks\nContact us: now\nPolicy: https://example.com/ü\n# bell \u{7}\n"
        ),
        &options(),
    );
    let msgs: Vec<(usize, &str)> = r
        .with_code(Code::MalformedLine)
        .map(|f| (f.line.unwrap(), f.message.as_str()))
        .collect();
    assert_eq!(msgs.len(), 5, "{msgs:#?}");
    assert!(msgs[0].1.contains("followed by a space"));
    assert!(msgs[1].1.contains("whitespace around the field name"));
    assert!(msgs[2].1.contains("not a field name"));
    assert!(msgs[3].1.contains("U+00FC"));
    assert!(msgs[4].1.contains("U+0007"));
    // The malformed value is reported once, not again as an invalid URI.
    assert!(!r.has(Code::InvalidUri), "{:#?}", r.findings);
    // Hiring and Acknowledgments are still read.
    assert_eq!(r.values("Hiring"), ["https://example.com/jobs"]);
    assert_eq!(r.values("Acknowledgments"), ["https://example.com/thanks"]);
}

#[test]
fn uri_problems() {
    for (value, needle) in [
        ("mailto:", "no address"),
        ("https:/example.com", "without a host"),
        ("https://exa mple.com/", "whitespace"),
        (
            "www.example.com/security",
            "write https://www.example.com/security",
        ),
        ("https://example.com/%G1", "hexadecimal"),
    ] {
        let r = lint(&GOOD.replace("mailto:psirt@example.com", value), &options());
        let f = r.with_code(Code::InvalidUri).next();
        assert!(
            f.is_some_and(|f| f.message.contains(needle)),
            "{value}: {:#?}",
            r.findings
        );
    }
    // Schemes other than http/https/mailto/tel are fine where they are URIs.
    let r = lint(
        &GOOD.replace(
            "https://example.com/pgp.asc",
            "dns:5d2d37ab76d47d36._openpgpkey.example.com?type=OPENPGPKEY",
        ),
        &options(),
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn empty_and_comment_only_files() {
    let r = lint("", &options());
    let c = codes(&r);
    assert!(c.contains(&Code::MissingContact) && c.contains(&Code::MissingExpires));
    assert!(!c.contains(&Code::MissingFinalNewline));
    let r = lint("# only a comment\n\n", &options());
    assert!(r.has(Code::MissingContact));
    assert!(r.fields.is_empty());
}

#[test]
fn lint_path_on_files_and_folders() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();

    // A file.
    let file = root.join("my-security.txt");
    std::fs::write(&file, GOOD).unwrap();
    let r = lint_path(&file, &options()).unwrap();
    assert_eq!(r.path.as_deref(), Some(file.as_path()));
    assert!(r.findings.is_empty(), "{:#?}", r.findings);

    // A web root with only a top-level security.txt.
    std::fs::write(root.join("security.txt"), GOOD).unwrap();
    let r = lint_path(root, &options()).unwrap();
    assert_eq!(r.path.as_deref(), Some(root.join("security.txt").as_path()));
    assert_eq!(pairs(&r), [(None, Code::NotWellKnownLocation)]);

    // .well-known/security.txt wins.
    std::fs::create_dir(root.join(".well-known")).unwrap();
    std::fs::write(root.join(".well-known/security.txt"), GOOD).unwrap();
    let r = lint_path(root, &options()).unwrap();
    assert_eq!(
        r.path.as_deref(),
        Some(root.join(".well-known/security.txt").as_path())
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);

    // A folder without one, and a path that does not exist.
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        lint_path(empty.path(), &options()),
        Err(LintError::NoSecurityTxt { .. })
    ));
    assert!(matches!(
        lint_path(&root.join("missing.txt"), &options()),
        Err(LintError::NotFound { .. })
    ));

    // Not UTF-8: reported, and the rest is still checked.
    let latin1 = root.join("latin1.txt");
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend_from_slice(b"# Sch\xf6ne Gr\xfc\xdfe\nHiring: http://example.com/jobs\n");
    std::fs::write(&latin1, bytes).unwrap();
    let r = lint_path(&latin1, &options()).unwrap();
    assert_eq!(
        pairs(&r),
        [(Some(6), Code::InvalidUtf8), (Some(7), Code::InsecureUri)]
    );

    // Too large.
    let big = root.join("big.txt");
    std::fs::write(&big, vec![b'#'; MAX_FILE_SIZE as usize + 1]).unwrap();
    assert!(matches!(
        lint_path(&big, &options()),
        Err(LintError::TooLarge { .. })
    ));
}

#[test]
fn json_shape() {
    let r = lint(&read_fixture("many-problems.txt"), &options());
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["signed"], false);
    assert!(v["path"].is_null());
    let f = &v["findings"][0];
    for key in ["line", "field", "severity", "code", "message", "cra"] {
        assert!(f.get(key).is_some(), "{key}");
    }
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "insecure-uri"
                && f["severity"] == "error"
                && f["line"] == 3
                && f["field"] == "Contact")
    );
    assert_eq!(v["fields"]["Contact"][1]["line"], 3);
    assert_eq!(
        v["fields"]["Contact"][1]["value"],
        "http://acme-automation.example/report"
    );
    assert_eq!(v["summary"]["errors"], 8);
}

fn check_invariants(text: &str, r: &LintReport) {
    let line_count = text.split('\n').count();
    for f in &r.findings {
        assert_eq!(f.severity, f.code.severity());
        if let Some(l) = f.line {
            assert!(l >= 1 && l <= line_count, "line {l} of {line_count}");
        }
        assert!(!f.message.is_empty());
    }
    let s = r.summary;
    assert_eq!(s.errors + s.warnings + s.infos, r.findings.len());
    // Whole-file findings first, then ascending lines.
    let keys: Vec<(bool, usize)> = r
        .findings
        .iter()
        .map(|f| (f.line.is_some(), f.line.unwrap_or(0)))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]));
}

fn line_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("-----BEGIN PGP SIGNED MESSAGE-----".to_string()),
        Just("-----BEGIN PGP SIGNATURE-----".to_string()),
        Just("-----END PGP SIGNATURE-----".to_string()),
        Just("Hash: SHA256".to_string()),
        Just(String::new()),
        "(Contact|Expires|Policy|CSAF|Canonical|Encryption|Preferred-Languages|X-[a-z]{1,5}): ?[ -~]{0,40}",
        "(Contact|Policy|Hiring): (https?|mailto|tel)://?[a-z%:@\\[\\]/?#.0-9-]{0,30}",
        "Expires: [0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?([Zz]|[+-][0-9]{2}:[0-9]{2})?",
        "- .{0,20}",
        "#.{0,20}",
        ".{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>()) {
        let r = lint(&text, &options().with_retrieved_from("https://example.com/.well-known/security.txt"));
        check_invariants(&text, &r);
    }

    #[test]
    fn never_panics_on_security_txt_like_text(
        lines in prop::collection::vec(line_strategy(), 0..25),
        crlf in any::<bool>(),
        final_newline in any::<bool>(),
        url in prop::option::of("(https?|ftp)://[a-z.]{0,10}/[a-z./-]{0,25}"),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = lines.join(eol);
        if final_newline {
            text.push_str(eol);
        }
        let mut o = options();
        o.retrieved_from = url;
        let r = lint(&text, &o);
        check_invariants(&text, &r);
    }
}
