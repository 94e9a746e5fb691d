//! The Yocto example SBOMs of savoirfairelinux/vulnscout (see tests/data/NOTICE).

mod common;

use std::collections::HashSet;

use common::{cyclonedx_1_6_errors, data};
use cra62443_sbom::{ComponentKind, Encoding, Format, TrVersion, check, read_path};

#[test]
fn yocto_cyclonedx_1_4_has_97_components() {
    let s = read_path(data("yocto-cdx14-bom.json")).unwrap();
    assert_eq!(s.format, Format::CycloneDx);
    assert_eq!(s.spec_version, "1.4");
    assert_eq!(s.encoding, Encoding::Json);
    assert_eq!(s.components.len(), 97);
    assert_eq!(s.files, 0);
    assert!(
        s.primary.is_none(),
        "the Yocto CycloneDX export has no metadata.component"
    );
    assert!(s.dependencies.is_empty());
    assert_eq!(
        s.metadata.serial_number.as_deref(),
        Some("urn:uuid:87b5cc5a-ee50-449f-bcdf-cabea628c2a2")
    );
    assert_eq!(
        s.metadata.timestamp.as_deref(),
        Some("2025-07-28T17:09:21.841580+00:00")
    );
    assert_eq!(s.metadata.tools[0].name, "yocto");
    let tasn = &s.components[0];
    assert_eq!(tasn.name, "libtasn1");
    assert_eq!(tasn.version.as_deref(), Some("4.19.0"));
    assert_eq!(tasn.purl.as_deref(), Some("pkg:generic/libtasn1@4.19.0"));
    assert_eq!(tasn.cpes, ["cpe:2.3:*:*:libtasn1:4.19.0:*:*:*:*:*:*:*"]);
    assert!(s.components.iter().all(|c| c.kind == ComponentKind::Library
        && c.purl.as_deref().unwrap().starts_with("pkg:generic/")
        && c.cpes.len() == 1));
    let refs: HashSet<_> = s.components.iter().map(|c| &c.bom_ref).collect();
    assert_eq!(refs.len(), 97, "bom-refs are unique");
}

#[test]
fn yocto_spdx3_rootfs_has_142_packages_and_859_files() {
    let s = read_path(data("yocto-spdx3-core-image-minimal.spdx.json")).unwrap();
    assert_eq!(s.format, Format::Spdx3);
    assert_eq!(s.spec_version, "3.0.1");
    assert_eq!(s.components.len(), 142);
    assert_eq!(
        s.files, 859,
        "software_File elements are counted, not components"
    );
    assert_eq!(s.vulnerabilities, 72);
    let primary = s
        .primary_component()
        .expect("rootfs package is the primary");
    assert_eq!(primary.name, "core-image-minimal");
    assert_eq!(primary.kind, ComponentKind::Archive);
    assert!(
        s.metadata
            .namespace
            .as_deref()
            .unwrap()
            .contains("/sbom/core-image-minimal-qemux86-64_rootfs")
    );
    assert_eq!(s.metadata.creators[0].name.as_deref(), Some("OpenEmbedded"));
    assert_eq!(s.metadata.tools[0].name, "oe-spdx-creator 1.0");
    // The packages installed in the rootfs are the inputs of the build that produced it.
    let top = s.dependency_of(&primary.bom_ref).unwrap();
    assert_eq!(top.depends_on.len(), 38);
    assert!(top.depends_on.iter().all(|r| {
        let c = s.component(r).unwrap();
        c.kind == ComponentKind::Install
    }));
    // packagegroup-core-boot dependsOn 12 packages.
    let pg = s
        .components
        .iter()
        .find(|c| c.name == "packagegroup-core-boot")
        .unwrap();
    assert_eq!(s.dependency_of(&pg.bom_ref).unwrap().depends_on.len(), 12);
    let libacl = s.components.iter().find(|c| c.name == "libacl1").unwrap();
    assert_eq!(libacl.version.as_deref(), Some("2.3.2"));
    assert_eq!(libacl.cpes, ["cpe:2.3:*:*:acl:2.3.2:*:*:*:*:*:*:*"]);
    assert_eq!(
        libacl.licenses.concluded.as_deref(),
        Some("LGPL-2.1-or-later")
    );
    let cpes: usize = s.components.iter().map(|c| c.cpes.len()).sum();
    assert_eq!(cpes, 42);
    let hashed = s.components.iter().filter(|c| !c.hashes.is_empty()).count();
    assert_eq!(hashed, 82);
    assert!(
        s.components
            .iter()
            .flat_map(|c| &c.hashes)
            .all(|h| h.alg == "SHA-256" && h.value.len() == 64)
    );
}

#[test]
fn yocto_spdx2_archive_follows_external_document_refs() {
    let s = read_path(data("yocto-spdx2.tar.zst")).unwrap();
    assert_eq!(s.format, Format::Spdx2);
    assert_eq!(s.spec_version, "2.2");
    // index.json is skipped; all 155 documents are reachable from the rootfs document.
    assert_eq!(s.metadata.documents, 155);
    assert!(s.metadata.unresolved_refs.is_empty());
    assert_eq!(s.components.len(), 201);
    assert_eq!(s.files, 151);
    let primary = s.primary_component().unwrap();
    assert_eq!(primary.name, "core-image-minimal");
    assert_eq!(primary.version.as_deref(), Some("1.0"));
    assert!(primary.bom_ref.starts_with("SPDXRef-Image-"));
    assert_eq!(
        s.metadata.name.as_deref(),
        Some("core-image-minimal-beaglebone-yocto.rootfs-20250728170920")
    );
    // The image CONTAINS the 33 packages, each in its own document.
    let top = s.dependency_of(&primary.bom_ref).unwrap();
    assert_eq!(top.depends_on.len(), 33);
    let names: HashSet<&str> = top
        .depends_on
        .iter()
        .map(|r| s.component(r).unwrap().name.as_str())
        .collect();
    assert!(names.contains("busybox") && names.contains("libc6") && names.contains("eudev"));
    assert!(
        top.depends_on
            .iter()
            .all(|r| r.contains("#SPDXRef-Package-"))
    );
    // Runtime dependencies come from the runtime-* documents: eudev needs kmod.
    let eudev = s
        .components
        .iter()
        .find(|c| c.name == "eudev" && c.bom_ref.contains("#SPDXRef-Package-"))
        .unwrap();
    let deps = &s.dependency_of(&eudev.bom_ref).unwrap().depends_on;
    assert_eq!(deps.len(), 1);
    assert_eq!(s.component(&deps[0]).unwrap().name, "kmod");
    // Licences and CPEs come through.
    let busybox = s
        .components
        .iter()
        .find(|c| c.bom_ref.ends_with("#SPDXRef-Recipe-busybox"))
        .unwrap();
    assert_eq!(busybox.cpes, ["cpe:2.3:*:*:busybox:1.36.1:*:*:*:*:*:*:*"]);
    assert_eq!(
        busybox.licenses.declared.as_deref(),
        Some("GPL-2.0-only AND LicenseRef-bzip2-1.0.4")
    );
}

#[test]
fn yocto_spdx2_folder_reads_like_the_archive() {
    let bytes = std::fs::read(data("yocto-spdx2.tar.zst")).unwrap();
    let tar = zstd::decode_all(&bytes[..]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    tar::Archive::new(&tar[..]).unpack(dir.path()).unwrap();
    let from_dir = read_path(dir.path()).unwrap();
    let from_archive = read_path(data("yocto-spdx2.tar.zst")).unwrap();
    assert_eq!(from_dir.components, from_archive.components);
    assert_eq!(from_dir.dependencies, from_archive.dependencies);
    assert_eq!(from_dir.primary, from_archive.primary);
    assert_eq!(from_dir.metadata.documents, 155);
    // The plain tar reads the same too.
    let tar_file = dir.path().join("set.tar");
    std::fs::write(&tar_file, &tar).unwrap();
    let from_tar = read_path(&tar_file).unwrap();
    assert_eq!(from_tar.components.len(), 201);
}

#[test]
fn conversions_of_the_yocto_sboms_are_valid_cyclonedx_1_6() {
    for name in [
        "yocto-cdx14-bom.json",
        "yocto-spdx3-core-image-minimal.spdx.json",
        "yocto-spdx2.tar.zst",
    ] {
        let s = read_path(data(name)).unwrap();
        let doc = cra62443_sbom::to_cyclonedx_1_6(&s);
        let errors = cyclonedx_1_6_errors(&doc);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        // Every component is in the output exactly once.
        let text = doc.to_string();
        let back = cra62443_sbom::parse_bytes("converted.json", text.as_bytes()).unwrap();
        assert_eq!(back.components.len(), s.components.len(), "{name}");
        assert_eq!(back.primary, s.primary, "{name}");
        assert_eq!(back.dependencies, s.dependencies, "{name}");
    }
}

#[test]
fn yocto_quality_reports() {
    let cdx = read_path(data("yocto-cdx14-bom.json")).unwrap();
    let r = check(&cdx, TrVersion::V2_1);
    assert!(!r.format_conformant, "CycloneDX 1.4 is below v2.1's 1.6");
    let cra = r
        .rules
        .iter()
        .find(|r| r.catalog_id.as_deref() == Some("cra:annex-i.p2.1"))
        .unwrap();
    assert!(!cra.passed, "no primary component, no dependencies");
    assert_eq!(r.summary.components_checked, 97);

    let spdx3 = read_path(data("yocto-spdx3-core-image-minimal.spdx.json")).unwrap();
    let r = check(&spdx3, TrVersion::V2_1);
    assert!(r.format_conformant, "{}", r.format_detail);
    let rule = |id: &str| r.rules.iter().find(|x| x.id == id).unwrap();
    assert!(rule("cra:top-level-dependencies").passed);
    assert!(!rule("tr-03183-2:no-vulnerabilities").passed, "inline VEX");
    assert!(rule("tr-03183-2:sbom-uri").passed);
    assert_eq!(
        rule("tr-03183-2:component-version").failed_components,
        Some(104)
    );

    let spdx2 = read_path(data("yocto-spdx2.tar.zst")).unwrap();
    let r20 = check(&spdx2, TrVersion::V2_0);
    assert!(r20.format_conformant, "{}", r20.format_detail);
    let r21 = check(&spdx2, TrVersion::V2_1);
    assert!(
        !r21.format_conformant,
        "SPDX 2 no longer qualifies under v2.1"
    );
}
