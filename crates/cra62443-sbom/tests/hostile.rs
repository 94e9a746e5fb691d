//! Hostile and malformed input: every file of tests/data/malformed gives an error naming the
//! file (never a panic), limits hold, and arbitrary bytes never panic the detecting reader.

mod common;

use common::data;
use cra62443_sbom::{Limits, SbomError, parse_bytes, parse_bytes_with, read_path, read_path_with};
use proptest::prelude::*;

fn err(name: &str) -> SbomError {
    read_path(data(&format!("malformed/{name}"))).expect_err(name)
}

#[test]
fn every_malformed_file_is_an_error_naming_the_file() {
    let dir = data("malformed");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let e = read_path(&path).expect_err(&name);
        let text = e.to_string();
        assert!(text.contains(&name), "{name}: {text}");
        assert!(e.file().contains(&name), "{name}: {}", e.file());
        seen += 1;
    }
    assert!(seen >= 18, "corpus has {seen} files");
}

#[test]
fn truncated_json_reports_line_and_column() {
    match err("truncated.cdx.json") {
        SbomError::Json {
            line,
            column,
            message,
            ..
        } => {
            assert!(line > 40, "line {line}");
            assert!(column > 0);
            assert!(message.contains("EOF"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    match err("wrong-type.cdx.json") {
        SbomError::Json { line, message, .. } => {
            assert_eq!(line, 4);
            assert!(message.contains("invalid type"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_versions_are_refused() {
    for (name, version) in [
        ("wrong-spec-version.cdx.json", "2.9"),
        ("bad-version.spdx.json", "SPDX-9.9"),
        ("wrong-version.spdx3.json", "4.0.0"),
    ] {
        match err(name) {
            SbomError::UnsupportedVersion { version: v, .. } => assert_eq!(v, version),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn size_and_depth_limits() {
    match err("deep-nesting.cdx.json") {
        SbomError::LimitExceeded {
            line,
            column,
            message,
            ..
        } => {
            assert_eq!(line, 1);
            assert!(column > 60);
            assert!(
                message.contains("nesting deeper than the limit of 64"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    match err("huge-string.cdx.json.zst") {
        SbomError::LimitExceeded { message, .. } => {
            assert!(message.contains("string longer"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    match err("bomb.json.zst") {
        SbomError::TooLarge { what, limit, .. } => {
            assert_eq!(what, "decompressed data");
            assert_eq!(limit, Limits::default().max_decompressed_bytes);
        }
        other => panic!("{other:?}"),
    }
    // Input size, checked before reading.
    let small = Limits {
        max_input_bytes: 1000,
        ..Limits::default()
    };
    assert!(matches!(
        read_path_with(data("full-1.6.cdx.json"), &small),
        Err(SbomError::TooLarge { what: "input", .. })
    ));
    // Number of archive members.
    let few = Limits {
        max_documents: 10,
        ..Limits::default()
    };
    let e = read_path_with(data("yocto-spdx2.tar.zst"), &few).unwrap_err();
    assert!(e.to_string().contains("more than 10 members"), "{e}");
    // Decompressed size of a legitimate archive under a tight limit.
    let tight = Limits {
        max_decompressed_bytes: 100_000,
        ..Limits::default()
    };
    assert!(matches!(
        read_path_with(data("yocto-spdx2.tar.zst"), &tight),
        Err(SbomError::TooLarge { .. })
    ));
    // XML depth.
    let xml = format!(
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">{}{}</bom>",
        "<components><component type=\"library\"><name>x</name>".repeat(40),
        "</component></components>".repeat(40)
    );
    let e = parse_bytes("deep.xml", xml.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("nested deeper"), "{e}");
    // String limit applies to XML text and tag-value <text> too.
    let tiny_strings = Limits {
        max_string_bytes: 10,
        ..Limits::default()
    };
    let e = read_path_with(data("full-1.6.cdx.xml"), &tiny_strings).unwrap_err();
    assert!(e.to_string().contains("longer than the limit"), "{e}");
    let e = read_path_with(data("small-2.3.spdx"), &tiny_strings).unwrap_err();
    assert!(e.to_string().contains("longer than the limit"), "{e}");
}

/// A CycloneDX JSON text of about 1.5 MB (large files are parsed while they are read), with
/// `extra` written into the last component.
fn large_cyclonedx(extra: &str) -> String {
    let mut s = String::from(
        "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\",\n\"components\": [\n",
    );
    for i in 0..6000 {
        s.push_str(&format!(
            "{{\"type\": \"library\", \"bom-ref\": \"c{i}\", \"name\": \"component-{i}\", \"version\": \"1.{i}\",\n \"purl\": \"pkg:generic/component-{i}@1.{i}\", \"hashes\": [{{\"alg\": \"SHA-256\", \"content\": \"{:064x}\"}}],\n \"properties\": [{{\"name\": \"bsi:component:filename\", \"value\": \"c{i}.so\"}}]}},\n",
            i
        ));
    }
    s.push_str(&format!("{{\"name\": \"last\"{extra}}}],\n"));
    s.push_str("\"metadata\": {\"component\": {\"bom-ref\": \"root\", \"name\": \"product\"}},\n");
    s.push_str(
        "\"dependencies\": [{\"ref\": \"root\", \"dependsOn\": [\"c0\", \"c1\", \"c0\"]}]}\n",
    );
    assert!(s.len() > 1_100_000, "{}", s.len());
    s
}

#[test]
fn large_files_are_streamed_with_the_same_results_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.cdx.json");
    let limits = Limits {
        max_string_bytes: 100,
        ..Limits::default()
    };
    let deep = format!(", \"x\": {}1{}", "[".repeat(70), "]".repeat(70));
    let long = format!(", \"x\": \"{}\"", "a".repeat(101));
    let escaped_long = format!(", \"x\": \"{}\"", "\\\"".repeat(51));
    for extra in [
        "",
        ", \"version\": {}",
        &deep,
        &long,
        &escaped_long,
        ", \"x\": 1 ]]",
    ] {
        let text = large_cyclonedx(extra);
        std::fs::write(&path, &text).unwrap();
        let label = path.display().to_string();
        let streamed = read_path_with(&path, &limits);
        let in_memory = parse_bytes_with(&label, text.as_bytes(), &limits);
        match (&streamed, &in_memory) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b);
                assert_eq!(a.components.len(), 6002);
                assert_eq!(a.components[0].bom_ref, "root");
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{extra:?}"),
            _ => panic!("{extra:?}: {streamed:?} vs {in_memory:?}"),
        }
        if !extra.is_empty() {
            assert!(streamed.is_err(), "{extra:?}");
        }
        // Cut short: the same syntax error.
        let cut = &text[..text.len() - 20];
        std::fs::write(&path, cut).unwrap();
        let a = read_path_with(&path, &limits).unwrap_err().to_string();
        let b = parse_bytes_with(&label, cut.as_bytes(), &limits)
            .unwrap_err()
            .to_string();
        assert_eq!(a, b);
    }
    // A large file above the input limit is refused.
    let text = large_cyclonedx("");
    std::fs::write(&path, &text).unwrap();
    let small = Limits {
        max_input_bytes: 1_000_000,
        ..Limits::default()
    };
    assert!(matches!(
        read_path_with(&path, &small),
        Err(SbomError::TooLarge { .. })
    ));
}

#[test]
fn xml_entities_are_not_expanded() {
    match err("billion-laughs.cdx.xml") {
        SbomError::Xml { line, message, .. } => {
            assert_eq!(line, 2);
            assert!(message.contains("DOCTYPE"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    match err("external-entity.cdx.xml") {
        SbomError::Xml { line, message, .. } => {
            assert_eq!(line, 3);
            assert!(message.contains("&xxe;"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(err("not-utf8.cdx.xml"), SbomError::Xml { .. }));
    assert!(matches!(err("unterminated.cdx.xml"), SbomError::Xml { .. }));
}

#[test]
fn unsafe_archive_members_are_refused() {
    for (name, member) in [
        ("path-traversal.tar", "../evil.spdx.json"),
        ("absolute-path.tar", "/etc/evil.spdx.json"),
        ("symlink-escape.tar", "link.spdx.json"),
    ] {
        match err(name) {
            SbomError::Archive {
                member: Some(m),
                message,
                ..
            } => {
                assert_eq!(m, member, "{name}");
                assert!(message.starts_with("unsafe"), "{message}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn errors_in_archive_members_name_the_member() {
    let mut builder = tar::Builder::new(Vec::new());
    let good = std::fs::read(data("small-2.3.spdx.json")).unwrap();
    let bad = &good[..good.len() / 2];
    for (name, bytes) in [("good.spdx.json", &good[..]), ("dir/bad.spdx.json", bad)] {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, name, bytes).unwrap();
    }
    let tar = builder.into_inner().unwrap();
    let e = parse_bytes("set.tar", &tar).unwrap_err();
    assert_eq!(e.file(), "set.tar!/dir/bad.spdx.json");
    assert!(matches!(e, SbomError::Json { .. }));
    assert!(
        e.to_string().starts_with("set.tar!/dir/bad.spdx.json:"),
        "{e}"
    );
}

#[test]
fn other_refusals() {
    assert!(matches!(
        err("gzip.json.gz"),
        SbomError::UnknownFormat { .. }
    ));
    assert!(err("gzip.json.gz").to_string().contains("gzip"));
    assert!(matches!(
        err("empty-object.json"),
        SbomError::UnknownFormat { .. }
    ));
    match err("garbage-line.spdx") {
        SbomError::TagValue { line, .. } => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read_path(data("does-not-exist.json")),
        Err(SbomError::Io { .. })
    ));
    for bytes in [
        &b""[..],
        b"   ",
        b"PK\x03\x04rest",
        b"<html></html>",
        b"\x28\xb5\x2f\xfd",
    ] {
        assert!(parse_bytes("x", bytes).is_err());
    }
}

/// The deepest nesting the default limits accept parses on a test thread's small stack.
#[test]
fn deepest_accepted_nesting_parses() {
    // JSON: root object, components array, then object + components array per level.
    let levels = 31;
    let mut json = String::from(r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":["#);
    for i in 0..levels {
        json.push_str(&format!(
            r#"{{"type":"library","name":"n{i}","components":["#
        ));
    }
    json.push_str(&"]}".repeat(levels));
    json.push_str("]}");
    let s = parse_bytes("deep.json", json.as_bytes()).unwrap();
    assert_eq!(s.components.len(), levels);
    assert_eq!(
        s.components[levels - 1].parent.as_deref(),
        Some(s.components[levels - 2].bom_ref.as_str())
    );
    // XML: bom, then component + components per level.
    let levels = 31;
    let mut xml = String::from(r#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components>"#);
    for i in 0..levels {
        xml.push_str(&format!(
            r#"<component type="library"><name>n{i}</name><components>"#
        ));
    }
    xml.push_str(&"</components></component>".repeat(levels));
    xml.push_str("</components></bom>");
    let s = parse_bytes("deep.xml", xml.as_bytes()).unwrap();
    assert_eq!(s.components.len(), levels);
    let _ = cra62443_sbom::to_cyclonedx_1_6_string(&s);
}

/// Beginnings that steer random bytes into each reader.
const PREFIXES: &[&str] = &[
    "",
    r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":["#,
    r#"{"bomFormat":"CycloneDX","specVersion":"1.4","metadata":{"component":"#,
    r#"{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"#,
    r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[{"type":"#,
    "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"><components><component ",
    "SPDXVersion: SPDX-2.3\nPackageName: ",
];

fn fixtures() -> Vec<Vec<u8>> {
    [
        "full-1.6.cdx.json",
        "full-1.6.cdx.xml",
        "small-1.5.cdx.json",
        "small-2.3.spdx.json",
        "small-2.3.spdx",
        "small-3.0.1.spdx.json",
        "yocto-cdx14-bom.json",
    ]
    .iter()
    .map(|n| std::fs::read(data(n)).unwrap())
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_bytes("fuzz", &bytes);
    }

    #[test]
    fn steered_bytes_never_panic(
        prefix in 0..PREFIXES.len(),
        tail in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut bytes = PREFIXES[prefix].as_bytes().to_vec();
        bytes.extend(tail);
        let _ = parse_bytes("fuzz", &bytes);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0..7usize,
        cut in any::<prop::sample::Index>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
    ) {
        let mut bytes = fixtures().swap_remove(which);
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let keep = cut.index(bytes.len() + 1);
        bytes.truncate(keep.max(bytes.len() / 2));
        if let Ok(sbom) = parse_bytes("fuzz", &bytes) {
            // Whatever parses can be checked and converted.
            let _ = cra62443_sbom::check(&sbom, cra62443_sbom::TrVersion::V2_1);
            let _ = cra62443_sbom::to_cyclonedx_1_6(&sbom);
        }
    }

    #[test]
    fn compressed_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let zst = zstd::encode_all(&bytes[..], 1).unwrap();
        let _ = parse_bytes_with("fuzz.zst", &zst, &Limits::default());
        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_cksum();
        builder.append_data(&mut header, "m.json", &bytes[..]).unwrap();
        let _ = parse_bytes("fuzz.tar", &builder.into_inner().unwrap());
    }
}
