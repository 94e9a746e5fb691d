//! Readers on hand-made documents of every supported format, multi-document SPDX 2 sets, and
//! the CycloneDX round trip.

mod common;

use std::io::Write;

use common::{cyclonedx_1_6_errors, data};
use cra62443_sbom::{
    Completeness, ComponentKind, Encoding, Format, Hash, InputKind, Sbom, detect, parse_bytes,
    read_path, to_cyclonedx_1_6,
};

fn component<'a>(s: &'a Sbom, name: &str) -> &'a cra62443_sbom::Component {
    s.components
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no component {name}"))
}

#[test]
fn cyclonedx_1_6_json_in_detail() {
    let s = read_path(data("full-1.6.cdx.json")).unwrap();
    assert_eq!(
        (s.format, s.spec_version.as_str()),
        (Format::CycloneDx, "1.6")
    );
    // metadata.component + 3 top-level components + 1 nested.
    assert_eq!(s.components.len(), 5);
    let p = s.primary_component().unwrap();
    assert_eq!(
        (p.name.as_str(), p.kind),
        ("plc-firmware", ComponentKind::Firmware)
    );
    assert_eq!(s.components[0].bom_ref, p.bom_ref, "primary comes first");
    let m = &s.metadata;
    assert_eq!(m.version, Some(3));
    assert!(m.signed);
    assert_eq!(m.authors[0].email.as_deref(), Some("sbom@vendor.example"));
    assert_eq!(m.creators[0].name.as_deref(), Some("Example Automation AG"));
    assert_eq!(m.creators[0].email.as_deref(), Some("psirt@vendor.example"));
    assert_eq!(
        m.supplier.as_ref().unwrap().url.as_deref(),
        Some("https://vendor.example")
    );
    assert_eq!(m.tools[0].name, "hand-made");

    let libcrypto = component(&s, "libcrypto");
    assert_eq!(
        libcrypto.parent.as_deref(),
        Some("pkg:generic/openssl@3.0.15")
    );
    let openssl = component(&s, "openssl");
    let supplier = openssl.supplier.as_ref().unwrap();
    assert_eq!(supplier.name.as_deref(), Some("Example Supplier GmbH"));
    assert_eq!(supplier.email.as_deref(), Some("psirt@supplier.example"));
    assert_eq!(supplier.url.as_deref(), Some("https://supplier.example"));
    assert_eq!(
        openssl.authors[0].email.as_deref(),
        Some("jane@openssl.example")
    );
    assert_eq!(openssl.hashes.len(), 2);
    assert!(openssl.hashes[0].is_sha512());
    assert_eq!(openssl.licenses.concluded.as_deref(), Some("Apache-2.0"));
    assert_eq!(openssl.licenses.declared.as_deref(), Some("Apache-2.0"));
    assert_eq!(openssl.file_name.as_deref(), Some("openssl"));
    assert_eq!(openssl.executable(), Some(true));
    assert_eq!(openssl.archive(), Some(false));
    assert_eq!(openssl.structured(), Some(false));
    assert_eq!(openssl.external_refs.len(), 4);
    assert_eq!(
        openssl.dependency_completeness,
        Some(Completeness::Complete)
    );
    let busybox = component(&s, "busybox");
    assert_eq!(
        busybox.licenses.declared.as_deref(),
        Some("GPL-2.0-only AND bzip2-1.0.6"),
        "declared licence carried in the cra62443 property"
    );
    assert!(busybox.property("cra62443:license:declared").is_none());
    assert_eq!(
        busybox.dependency_completeness,
        Some(Completeness::Incomplete)
    );
    assert_eq!(s.dependencies.len(), 5);
    assert_eq!(s.dependency_of(&p.bom_ref).unwrap().depends_on.len(), 3);
}

#[test]
fn cyclonedx_xml_reads_like_json() {
    let json = read_path(data("full-1.6.cdx.json")).unwrap();
    let xml = read_path(data("full-1.6.cdx.xml")).unwrap();
    assert_eq!(xml.encoding, Encoding::Xml);
    assert_eq!(xml.spec_version, "1.6");
    assert_eq!(xml.components, json.components);
    assert_eq!(xml.dependencies, json.dependencies);
    assert_eq!(xml.primary, json.primary);
    assert_eq!(xml.metadata.serial_number, json.metadata.serial_number);
    assert_eq!(xml.metadata.creators, json.metadata.creators);
    // Predefined entities and character references are resolved.
    assert_eq!(xml.metadata.tools[0].name, "hand-made & checked");
    assert_eq!(xml.metadata.tools[0].version.as_deref(), Some("1"));
}

#[test]
fn cyclonedx_1_5_legacy_fields() {
    let s = read_path(data("small-1.5.cdx.json")).unwrap();
    assert_eq!(s.spec_version, "1.5");
    assert_eq!(s.metadata.tools[0].vendor.as_deref(), Some("ACME"));
    assert_eq!(s.metadata.tools[0].version.as_deref(), Some("0.9"));
    assert_eq!(
        s.metadata.creators[0].url.as_deref(),
        Some("https://acme.example")
    );
    assert_eq!(s.vulnerabilities, 1);
    let app = s.primary_component().unwrap();
    assert_eq!(app.authors[0].name.as_deref(), Some("ACME firmware team"));
    let liba = component(&s, "liba");
    assert_eq!(liba.group.as_deref(), Some("org.example"));
    // Licences without acknowledgement count as concluded; several are joined with AND.
    assert_eq!(
        liba.licenses.concluded.as_deref(),
        Some("MIT AND (Custom Licence)")
    );
    let os = component(&s, "linux");
    assert_eq!(os.kind, ComponentKind::OperatingSystem);
    assert_eq!(
        os.licenses.concluded.as_deref(),
        Some("GPL-2.0-only WITH Linux-syscall-note")
    );
    // A dependency entry without dependsOn is kept (it says "no dependencies").
    assert!(s.dependency_of("lib-a").unwrap().depends_on.is_empty());
}

#[test]
fn cyclonedx_1_7() {
    let s = read_path(data("small-1.7.cdx.json")).unwrap();
    assert_eq!(s.spec_version, "1.7");
    assert_eq!(s.primary_component().unwrap().kind, ComponentKind::Device);
    let fw = component(&s, "switch-fw");
    assert_eq!(fw.kind, ComponentKind::Firmware);
    assert_eq!(fw.licenses.declared.as_deref(), Some("Apache-2.0"));
    assert_eq!(fw.licenses.concluded, None);
    assert_eq!(fw.dependency_completeness, Some(Completeness::Complete));
}

#[test]
fn spdx_2_3_json_in_detail() {
    let s = read_path(data("small-2.3.spdx.json")).unwrap();
    assert_eq!((s.format, s.spec_version.as_str()), (Format::Spdx2, "2.3"));
    assert_eq!(s.components.len(), 3);
    assert_eq!(s.files, 1);
    let gw = s.primary_component().unwrap();
    assert_eq!(gw.name, "gateway");
    assert_eq!(gw.kind, ComponentKind::Firmware);
    assert_eq!(gw.file_name.as_deref(), Some("gateway-1.0.img"));
    assert_eq!(
        gw.supplier.as_ref().unwrap().email.as_deref(),
        Some("psirt@acme.example")
    );
    assert_eq!(gw.hashes[0].alg, "SHA-512");
    assert_eq!(gw.purl.as_deref(), Some("pkg:generic/acme/gateway@1.0"));
    assert_eq!(gw.external_refs[0].kind, "distribution");
    let openssl = component(&s, "openssl");
    assert_eq!(openssl.authors[0].name.as_deref(), Some("OpenSSL Project"));
    assert_eq!(openssl.cpes.len(), 1);
    let zlib = component(&s, "zlib");
    assert_eq!(zlib.version, None, "NOASSERTION is no version");
    assert_eq!(zlib.licenses.concluded, None);
    assert_eq!(zlib.licenses.declared.as_deref(), Some("Zlib"));
    assert!(zlib.external_refs.is_empty(), "NONE is no location");
    assert_eq!(zlib.dependency_completeness, Some(Completeness::Complete));
    // DEPENDS_ON forward, DEPENDENCY_OF backward, CONTAINS a file and BUILD_DEPENDENCY_OF left out.
    let deps = |r: &str| s.dependency_of(r).unwrap().depends_on.clone();
    assert_eq!(deps("SPDXRef-gateway"), ["SPDXRef-openssl"]);
    assert_eq!(deps("SPDXRef-openssl"), ["SPDXRef-zlib"]);
    assert!(deps("SPDXRef-zlib").is_empty());
    let m = &s.metadata;
    assert_eq!(m.creators[0].email.as_deref(), Some("psirt@acme.example"));
    assert_eq!(m.authors[0].name.as_deref(), Some("Max Muster"));
    assert_eq!(m.tools[0].name, "acme-sbom-1.2");
    assert_eq!(
        m.namespace.as_deref(),
        Some("https://acme.example/spdx/gateway-firmware-1.0")
    );
}

#[test]
fn spdx_2_3_tag_value_reads_like_json() {
    let json = read_path(data("small-2.3.spdx.json")).unwrap();
    let tv = read_path(data("small-2.3.spdx")).unwrap();
    assert_eq!(tv.encoding, Encoding::TagValue);
    assert_eq!(tv.components, json.components);
    assert_eq!(tv.dependencies, json.dependencies);
    assert_eq!(tv.primary, json.primary);
    assert_eq!(tv.files, 1);
    assert_eq!(tv.metadata.creators, json.metadata.creators);
    assert_eq!(tv.metadata.timestamp, json.metadata.timestamp);
}

#[test]
fn spdx_3_small() {
    let s = read_path(data("small-3.0.1.spdx.json")).unwrap();
    assert_eq!(
        (s.format, s.spec_version.as_str()),
        (Format::Spdx3, "3.0.1")
    );
    assert_eq!(s.components.len(), 2);
    assert_eq!(s.files, 1);
    let gw = s.primary_component().unwrap();
    assert_eq!(gw.name, "gateway");
    assert_eq!(gw.purl.as_deref(), Some("pkg:generic/acme/gateway@1.0"));
    assert_eq!(
        gw.supplier.as_ref().unwrap().email.as_deref(),
        Some("psirt@acme.example")
    );
    assert_eq!(
        gw.licenses.concluded.as_deref(),
        Some("LicenseRef-ACME-EULA")
    );
    assert_eq!(gw.hashes[0].alg, "SHA-512");
    assert_eq!(gw.dependency_completeness, Some(Completeness::Complete));
    let zlib = component(&s, "zlib");
    assert_eq!(zlib.licenses.declared.as_deref(), Some("Zlib"));
    assert_eq!(zlib.purl.as_deref(), Some("pkg:generic/zlib@1.3.1"));
    assert_eq!(zlib.authors[0].name.as_deref(), Some("ACME GmbH"));
    assert_eq!(zlib.external_refs[0].kind, "vcs");
    assert_eq!(zlib.dependency_completeness, Some(Completeness::Complete));
    assert!(
        s.dependency_of(&zlib.bom_ref)
            .unwrap()
            .depends_on
            .is_empty()
    );
    assert_eq!(
        s.dependency_of(&gw.bom_ref).unwrap().depends_on,
        [zlib.bom_ref.as_str()]
    );
    assert_eq!(
        s.metadata.creators[0].email.as_deref(),
        Some("psirt@acme.example")
    );
    assert_eq!(
        s.metadata.timestamp.as_deref(),
        Some("2025-06-01T00:00:00Z")
    );
}

fn check_multi(s: &Sbom) {
    assert_eq!(s.format, Format::Spdx2);
    // appliance (root) -> libfoo, runtime-libfoo -> libbase; orphan is not reachable.
    assert_eq!(s.metadata.documents, 4);
    assert_eq!(
        s.metadata.unresolved_refs,
        ["https://example.test/spdx/not-shipped"]
    );
    let names: Vec<&str> = s.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["appliance", "libfoo", "libbase"]);
    let p = s.primary_component().unwrap();
    assert_eq!(p.bom_ref, "SPDXRef-Image-appliance");
    let libfoo = "https://example.test/spdx/libfoo#SPDXRef-Package-libfoo";
    assert_eq!(s.dependency_of(&p.bom_ref).unwrap().depends_on, [libfoo]);
    assert_eq!(
        s.dependency_of(libfoo).unwrap().depends_on,
        ["https://example.test/spdx/libbase#SPDXRef-Package-libbase"]
    );
}

#[test]
fn spdx_2_multi_document_folder() {
    check_multi(&read_path(data("spdx2-multi")).unwrap());
}

#[test]
fn spdx_2_multi_document_tar_and_tar_zst() {
    let dir = data("spdx2-multi");
    let mut builder = tar::Builder::new(Vec::new());
    builder.append_dir_all("set", &dir).unwrap();
    let tar = builder.into_inner().unwrap();
    assert_eq!(detect(&tar), Some(InputKind::Tar));
    check_multi(&parse_bytes("set.tar", &tar).unwrap());
    let zst = zstd::encode_all(&tar[..], 3).unwrap();
    assert_eq!(detect(&zst), Some(InputKind::Zstd));
    check_multi(&parse_bytes("set.tar.zst", &zst).unwrap());
    // On disk too.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("set.tar.zst");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(&zst)
        .unwrap();
    check_multi(&read_path(&path).unwrap());
}

#[test]
fn single_zstd_compressed_document() {
    let bytes = std::fs::read(data("full-1.6.cdx.json")).unwrap();
    let zst = zstd::encode_all(&bytes[..], 3).unwrap();
    let s = parse_bytes("bom.json.zst", &zst).unwrap();
    assert_eq!(s.components.len(), 5);
}

#[test]
fn folder_with_several_independent_sboms_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["full-1.6.cdx.json", "small-1.7.cdx.json"] {
        std::fs::copy(data(name), tmp.path().join(name)).unwrap();
    }
    let err = read_path(tmp.path()).unwrap_err().to_string();
    assert!(err.contains("several independent SBOMs"), "{err}");
    // A folder with one SBOM and other files reads that SBOM.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(data("small-1.7.cdx.json"), tmp.path().join("bom.json")).unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "not an SBOM").unwrap();
    assert_eq!(read_path(tmp.path()).unwrap().spec_version, "1.7");
    // An empty folder has nothing to read.
    let tmp = tempfile::tempdir().unwrap();
    assert!(read_path(tmp.path()).is_err());
}

/// CycloneDX → model → CycloneDX 1.6 → model keeps names, versions, purls, CPEs, hashes,
/// licences, suppliers, properties, nesting and dependencies.
#[test]
fn cyclonedx_round_trip() {
    for name in [
        "full-1.6.cdx.json",
        "full-1.6.cdx.xml",
        "small-1.5.cdx.json",
        "small-1.7.cdx.json",
        "yocto-cdx14-bom.json",
    ] {
        let first = read_path(data(name)).unwrap();
        let doc = to_cyclonedx_1_6(&first);
        let errors = cyclonedx_1_6_errors(&doc);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        let text = cra62443_sbom::to_cyclonedx_1_6_string(&first);
        let second = parse_bytes("round-trip.json", text.as_bytes()).unwrap();
        assert_eq!(second.spec_version, "1.6");
        assert_eq!(second.components, first.components, "{name}");
        assert_eq!(second.dependencies, first.dependencies, "{name}");
        assert_eq!(second.primary, first.primary, "{name}");
        assert_eq!(
            second.metadata.serial_number, first.metadata.serial_number,
            "{name}"
        );
        assert_eq!(
            second.metadata.timestamp, first.metadata.timestamp,
            "{name}"
        );
        assert_eq!(second.metadata.authors, first.metadata.authors, "{name}");
        assert_eq!(second.metadata.creators, first.metadata.creators, "{name}");
        // A second conversion gives the same text (stable output, no duplicate tool entry).
        assert_eq!(
            cra62443_sbom::to_cyclonedx_1_6_string(&second),
            text,
            "{name}"
        );
        // The Value form and the text form are the same document.
        let reparsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(reparsed, doc);
    }
}

#[test]
fn conversion_output_shape() {
    let s = read_path(data("full-1.6.cdx.json")).unwrap();
    let text = cra62443_sbom::to_cyclonedx_1_6_string(&s);
    assert!(text.starts_with("{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\""));
    let doc = to_cyclonedx_1_6(&s);
    assert_eq!(
        doc["serialNumber"],
        "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
    );
    assert_eq!(doc["version"], 3);
    assert_eq!(doc["metadata"]["component"]["name"], "plc-firmware");
    assert_eq!(doc["components"].as_array().unwrap().len(), 3);
    let openssl = &doc["components"][0];
    assert_eq!(openssl["components"][0]["name"], "libcrypto");
    assert_eq!(
        openssl["cpe"],
        "cpe:2.3:a:openssl:openssl:3.0.15:*:*:*:*:*:*:*"
    );
    assert_eq!(openssl["licenses"][0]["license"]["id"], "Apache-2.0");
    assert_eq!(
        openssl["licenses"][0]["license"]["acknowledgement"],
        "concluded"
    );
    let tools = doc["metadata"]["tools"]["components"].as_array().unwrap();
    assert!(tools.iter().any(|t| t["name"] == "cra62443-sbom"));
    let comps = doc["compositions"].as_array().unwrap();
    assert_eq!(comps[0]["aggregate"], "complete");
    assert_eq!(comps[1]["aggregate"], "incomplete");

    // SPDX input: a deterministic serial number derived from the namespace.
    let spdx = read_path(data("small-2.3.spdx.json")).unwrap();
    let a = to_cyclonedx_1_6(&spdx);
    let b = to_cyclonedx_1_6(&spdx);
    assert_eq!(a["serialNumber"], b["serialNumber"]);
    assert!(a["serialNumber"].as_str().unwrap().starts_with("urn:uuid:"));
    assert!(cyclonedx_1_6_errors(&a).is_empty());
    // Unknown hash algorithms and odd lengths are left out rather than made invalid.
    let mut odd = spdx.clone();
    odd.components[0].hashes.push(Hash::new("SHA224", "abcd"));
    odd.components[0].external_refs[0].url = "https://x.example/a b{c}".into();
    let doc = to_cyclonedx_1_6(&odd);
    assert!(cyclonedx_1_6_errors(&doc).is_empty());
    assert_eq!(
        doc["metadata"]["component"]["externalReferences"][0]["url"],
        "https://x.example/a%20b%7Bc%7D"
    );
}

#[test]
fn schema_helper_rejects_invalid_documents() {
    let doc = serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6",
        "components": [{"type": "library", "name": "x",
                        "hashes": [{"alg": "SHA-512", "content": "abc"}]}]
    });
    assert!(!cyclonedx_1_6_errors(&doc).is_empty());
}

#[test]
fn deep_and_cyclic_nesting_is_flattened_on_export() {
    let mut s = read_path(data("small-1.7.cdx.json")).unwrap();
    // A chain of 50 nested components and two components that are each other's parent.
    for i in 0..50 {
        let mut c = cra62443_sbom::Component::new(format!("chain-{i}"), format!("chain {i}"));
        if i > 0 {
            c.parent = Some(format!("chain-{}", i - 1));
        }
        s.components.push(c);
    }
    let mut a = cra62443_sbom::Component::new("cycle-a", "a");
    a.parent = Some("cycle-b".into());
    let mut b = cra62443_sbom::Component::new("cycle-b", "b");
    b.parent = Some("cycle-a".into());
    s.components.extend([a, b]);
    let doc = to_cyclonedx_1_6(&s);
    assert!(cyclonedx_1_6_errors(&doc).is_empty());
    let back = parse_bytes("x.json", doc.to_string().as_bytes()).unwrap();
    assert_eq!(back.components.len(), s.components.len());
    let mut refs: Vec<&str> = back.components.iter().map(|c| c.bom_ref.as_str()).collect();
    refs.sort();
    refs.dedup();
    assert_eq!(
        refs.len(),
        s.components.len(),
        "every component exactly once"
    );
}
