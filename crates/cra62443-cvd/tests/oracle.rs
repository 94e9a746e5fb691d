//! Differential tests: our security.txt parser against `sectxtlib` (an RFC 9116 parser that
//! stops at the first error) on valid files, and our URI validator against `fluent-uri`
//! (RFC 3986). Both crates are dev-dependencies only.

use std::path::Path;

use cra62443_cvd::jiff::Timestamp;
use cra62443_cvd::securitytxt::{LintOptions, LintReport, Severity, lint, parse_uri};
use proptest::prelude::*;
use sectxtlib::SecurityTxt;

/// The fields both parsers read, normalised for comparison.
#[derive(Debug, PartialEq, Eq)]
struct Fields {
    contact: Vec<String>,
    expires: i64,
    encryption: Vec<String>,
    acknowledgments: Vec<String>,
    canonical: Vec<String>,
    policy: Vec<String>,
    hiring: Vec<String>,
    csaf: Vec<String>,
    preferred_languages: Option<Vec<String>>,
    extensions: Vec<String>,
    signed: bool,
}

fn ours(r: &LintReport) -> Fields {
    let list =
        |name: &str| -> Vec<String> { r.values(name).into_iter().map(str::to_string).collect() };
    let expires: Timestamp = r.values("Expires")[0].parse().unwrap_or_else(|_| {
        // Our parser accepts the RFC 3339 variants jiff may not (lower-case z, space).
        let v = r.values("Expires")[0]
            .replace(['z'], "Z")
            .replacen(' ', "T", 1)
            .replacen('t', "T", 1);
        v.parse().unwrap()
    });
    let mut extensions: Vec<String> = r
        .fields
        .keys()
        .filter(|k| k.chars().all(|c| !c.is_ascii_uppercase()))
        .cloned()
        .collect();
    extensions.sort();
    Fields {
        contact: list("Contact"),
        expires: expires.as_second(),
        encryption: list("Encryption"),
        acknowledgments: list("Acknowledgments"),
        canonical: list("Canonical"),
        policy: list("Policy"),
        hiring: list("Hiring"),
        csaf: list("CSAF"),
        preferred_languages: r.values("Preferred-Languages").first().map(|v| {
            v.split(',')
                .map(|t| t.trim().to_ascii_lowercase())
                .collect()
        }),
        extensions,
        signed: r.signed,
    }
}

fn theirs(s: &SecurityTxt) -> Fields {
    let mut extensions: Vec<String> = s.extension.iter().map(|e| e.name.clone()).collect();
    extensions.sort();
    extensions.dedup();
    Fields {
        contact: s.contact.iter().map(|f| f.uri.to_string()).collect(),
        expires: s.expires.datetime.timestamp(),
        encryption: s.encryption.iter().map(|f| f.uri.to_string()).collect(),
        acknowledgments: s
            .acknowledgments
            .iter()
            .map(|f| f.uri.to_string())
            .collect(),
        canonical: s.canonical.iter().map(|f| f.uri.to_string()).collect(),
        policy: s.policy.iter().map(|f| f.uri.to_string()).collect(),
        hiring: s.hiring.iter().map(|f| f.uri.to_string()).collect(),
        csaf: s.csaf.iter().map(|f| f.uri.to_string()).collect(),
        preferred_languages: s.preferred_languages.as_ref().map(|p| {
            p.languages
                .iter()
                .map(|l| l.as_str().to_ascii_lowercase())
                .collect()
        }),
        extensions,
        signed: s.is_signed,
    }
}

/// Both parsers accept `text` and read the same fields; ours reports no error.
fn assert_agree(text: &str, now: Timestamp) {
    let theirs = SecurityTxt::parse(text)
        .unwrap_or_else(|e| panic!("sectxtlib rejects a file we consider valid: {e}\n{text}"));
    let report = lint(text, &LintOptions::new(now));
    assert_eq!(report.summary.errors, 0, "{text}\n{:#?}", report.findings);
    let mut ours = ours(&report);
    ours.extensions.dedup();
    assert_eq!(ours, self::theirs(&theirs), "{text}");
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/securitytxt")
            .join(name),
    )
    .unwrap()
}

// sectxtlib checks Expires against the real clock, so the fixtures' 2027 dates are moved far
// ahead for it; our lint runs with a `now` shortly before.
fn far_future(text: &str) -> String {
    text.replace("2027-06-30T23:00:00Z", "2098-06-30T23:00:00Z")
}

fn before_far_future() -> Timestamp {
    "2098-01-01T00:00:00Z".parse().unwrap()
}

#[test]
fn fixtures_agree_with_sectxtlib() {
    for name in ["valid.txt", "valid-signed.txt"] {
        assert_agree(&far_future(&fixture(name)), before_far_future());
    }
}

#[test]
fn both_reject_the_many_problems_fixture() {
    let text = far_future(&fixture("many-problems.txt"));
    assert!(SecurityTxt::parse(&text).is_err());
    let r = lint(&text, &LintOptions::new(before_far_future()));
    assert!(r.worst() == Some(Severity::Error));
}

/// Where sectxtlib rejects a file, our linter reports at least one error (and usually more).
#[test]
fn sectxtlib_errors_are_our_errors() {
    let good = "Contact: mailto:a@example.com\nExpires: 2098-06-30T23:00:00Z\n";
    let cases = [
        "Expires: 2098-06-30T23:00:00Z\n".to_string(),
        "Contact: mailto:a@example.com\n".to_string(),
        good.replace("2098", "2001"),
        format!("{good}Expires: 2098-06-30T23:00:00Z\n"),
        good.replace("mailto:a@example.com", "http://example.com/"),
        good.replace("mailto:a@example.com", "a@example com"),
        format!("{good}Preferred-Languages: en\nPreferred-Languages: de\n"),
        format!("{good}this is not a field\n"),
        good.replace("2098-06-30T23:00:00Z", "tomorrow"),
    ];
    for text in cases {
        assert!(SecurityTxt::parse(&text).is_err(), "{text}");
        let r = lint(&text, &LintOptions::new(before_far_future()));
        assert!(r.summary.errors > 0, "{text}\n{:#?}", r.findings);
    }
}

fn uri_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("mailto:psirt@example.com".to_string()),
        Just("tel:+1-201-555-0123".to_string()),
        Just("openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f".to_string()),
        "https://[a-z]{1,10}\\.example(:[0-9]{1,4})?(/[a-zA-Z0-9._~-]{1,12}){0,3}(\\?[a-z]=[0-9])?(#[a-z]{1,4})?",
        "mailto:[a-z.]{1,10}@[a-z]{1,8}\\.example",
    ]
}

fn field_strategy() -> impl Strategy<Value = (String, String)> {
    let name = |n: &'static str| {
        // Field names are case-insensitive.
        prop::collection::vec(any::<bool>(), n.len()).prop_map(move |upper| {
            n.chars()
                .zip(upper)
                .map(|(c, u)| {
                    if u {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect::<String>()
        })
    };
    prop_oneof![
        (name("Contact"), uri_strategy()),
        (name("Encryption"), uri_strategy()),
        (name("Acknowledgments"), uri_strategy()),
        (name("Canonical"), uri_strategy()),
        (name("Policy"), uri_strategy()),
        (name("Hiring"), uri_strategy()),
        (
            name("CSAF"),
            Just("https://example.com/.well-known/csaf/provider-metadata.json".to_string())
        ),
    ]
}

prop_compose! {
    fn valid_file()(
        contact in uri_strategy(),
        others in prop::collection::vec(field_strategy(), 0..8),
        languages in prop::option::of(prop::collection::vec("[a-z]{2}(-[A-Z]{2})?", 1..4)),
        comments in prop::collection::vec("[ -~]{0,30}", 0..4),
        expires_day in 0u32..300,
        lower_z in any::<bool>(),
        crlf in any::<bool>(),
        signed in any::<bool>(),
        seed in any::<u64>(),
    ) -> String {
        let expires = "2098-01-01T12:00:00Z"
            .parse::<Timestamp>()
            .unwrap()
            .checked_add(jiff::SignedDuration::from_hours(24 * i64::from(expires_day)))
            .unwrap()
            .to_string();
        let expires = if lower_z { expires.replace('Z', "z") } else { expires };
        let mut lines = vec![format!("Contact: {contact}"), format!("Expires: {expires}")];
        lines.extend(others.into_iter().map(|(n, v)| format!("{n}: {v}")));
        if let Some(l) = languages {
            lines.push(format!("Preferred-Languages: {}", l.join(", ")));
        }
        lines.extend(comments.into_iter().map(|c| format!("#{c}")));
        lines.push(String::new());
        // A deterministic shuffle (the order of fields does not matter, except between
        // Contact fields, which keep their relative order here since there is one).
        let mut state = seed | 1;
        for i in (1..lines.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let j = (state % (i as u64 + 1)) as usize;
            lines.swap(i, j);
        }
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut body = lines.join(eol);
        body.push_str(eol);
        if signed {
            let escaped: String = body
                .split_inclusive('\n')
                .map(|l| if l.starts_with('-') { format!("- {l}") } else { l.to_string() })
                .collect();
            format!(
                "-----BEGIN PGP SIGNED MESSAGE-----{eol}Hash: SHA256{eol}{eol}{escaped}-----BEGIN PGP SIGNATURE-----{eol}{eol}abcdefABCDEF/+=={eol}-----END PGP SIGNATURE-----{eol}"
            )
        } else {
            body
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// On valid files (random field order, case, comments, blank lines, CRLF, signatures) we
    /// read exactly what sectxtlib reads and report no error.
    #[test]
    fn parser_agrees_with_sectxtlib_on_valid_files(text in valid_file()) {
        assert_agree(&text, "2097-12-31T00:00:00Z".parse().unwrap());
    }

    /// Our URI validator accepts exactly what fluent-uri accepts as an absolute URI.
    #[test]
    fn uri_validator_agrees_with_fluent_uri(
        s in "[a-zA-Z][a-zA-Z0-9+.-]{0,5}:(//)?[a-zA-Z0-9:@/?#\\[\\]%!$&'()*+,;=._~ \"<>^`{|}-]{0,30}"
    ) {
        let ours = parse_uri(&s).is_ok();
        let theirs = fluent_uri::Uri::parse(s.as_str()).is_ok();
        prop_assert_eq!(ours, theirs, "{} ours={:?}", s, parse_uri(&s));
    }

    #[test]
    fn uri_validator_agrees_with_fluent_uri_on_ip_literals(
        s in "https://\\[[0-9a-fA-FvV:.]{0,45}\\](:[0-9]{0,5})?/?"
    ) {
        let ours = parse_uri(&s).is_ok();
        let theirs = fluent_uri::Uri::parse(s.as_str()).is_ok();
        prop_assert_eq!(ours, theirs, "{} ours={:?}", s, parse_uri(&s));
    }
}

#[test]
fn uri_validator_agrees_with_fluent_uri_on_hand_picked_cases() {
    for s in [
        "https://example.com",
        "https://[::1]",
        "https://[::ffff:192.0.2.1]/",
        "https://[1::2:3:4:5:6:7]/",
        "https://[v1.fe80::a+en1]/",
        "https://[fe80::1%25en0]/",
        "https://[::1",
        "https://[::1]x",
        "https://a@b@c",
        "https://example.com:8080:90",
        "mailto:",
        "a:%",
        "a:%4",
        "a:#%41",
        "x:/%zz",
        "foo://[]",
        "foo://[v.x]",
        "foo://[vF.]",
    ] {
        assert_eq!(
            parse_uri(s).is_ok(),
            fluent_uri::Uri::parse(s).is_ok(),
            "{s}: {:?}",
            parse_uri(s)
        );
    }
}
