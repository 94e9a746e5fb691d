//! BSI TR-03183-2 and CRA rules, one by one: a hand-made SBOM that passes every rule, and for
//! each rule a copy with exactly that field taken away.

mod common;

use std::collections::BTreeSet;

use common::data;
use cra62443_sbom::quality::{Obligation, RuleSet};
use cra62443_sbom::{
    Completeness, Dependency, Encoding, Hash, Party, Sbom, TrVersion, check, check_with, read_path,
};

fn passing() -> Sbom {
    read_path(data("full-1.6.cdx.json")).unwrap()
}

fn failed(sbom: &Sbom, tr: TrVersion) -> BTreeSet<String> {
    check(sbom, tr)
        .rules
        .iter()
        .filter(|r| !r.passed)
        .map(|r| r.id.clone())
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn zlib(s: &mut Sbom) -> &mut cra62443_sbom::Component {
    s.components.iter_mut().find(|c| c.name == "zlib").unwrap()
}

#[test]
fn the_hand_made_sbom_passes_every_rule_of_both_versions() {
    let s = passing();
    for tr in [TrVersion::V2_0, TrVersion::V2_1] {
        let r = check(&s, tr);
        assert!(r.format_conformant, "{}", r.format_detail);
        let failing: Vec<_> = r.rules.iter().filter(|r| !r.passed).collect();
        assert!(failing.is_empty(), "{tr}: {failing:#?}");
        assert_eq!(r.summary.failed, 0);
        assert_eq!(r.summary.score_percent, 100.0);
        assert_eq!(r.summary.components_checked, 5);
    }
    // The XML form passes the same rules except the signature (XML signatures are not read).
    let xml = read_path(data("full-1.6.cdx.xml")).unwrap();
    assert_eq!(
        failed(&xml, TrVersion::V2_1),
        set(&["tr-03183-2:signature"])
    );
}

/// One mutation per rule: (rule ids expected to fail under v2.1, description, mutation).
type Mutation = (&'static [&'static str], &'static str, fn(&mut Sbom));

const MUTATIONS: &[Mutation] = &[
    (
        &["tr-03183-2:sbom-creator"],
        "creator without contact",
        |s| {
            s.metadata.creators = vec![Party::named("Example Automation AG")];
            s.metadata.authors = vec![Party::named("SBOM Team")];
            s.metadata.supplier = None;
        },
    ),
    (&["tr-03183-2:timestamp"], "no timestamp", |s| {
        s.metadata.timestamp = None
    }),
    (&["tr-03183-2:timestamp"], "timestamp not RFC 3339", |s| {
        s.metadata.timestamp = Some("last Tuesday".into())
    }),
    (&["tr-03183-2:sbom-uri"], "no serial number", |s| {
        s.metadata.serial_number = None;
        s.metadata.namespace = None;
    }),
    (
        &["tr-03183-2:primary-component", "cra:top-level-dependencies"],
        "no primary",
        |s| s.primary = None,
    ),
    (&["tr-03183-2:no-vulnerabilities"], "vulnerabilities", |s| {
        s.vulnerabilities = 2
    }),
    (&["tr-03183-2:signature"], "unsigned", |s| {
        s.metadata.signed = false
    }),
    (&["tr-03183-2:component-creator"], "no creator", |s| {
        let c = zlib(s);
        c.supplier = None;
        c.manufacturer = None;
        c.authors.clear();
    }),
    (
        &["tr-03183-2:component-creator"],
        "creator name only",
        |s| {
            let c = zlib(s);
            c.supplier = Some(Party::named("zlib supplier"));
            c.manufacturer = None;
            c.authors = vec![Party::named("Mark Adler")];
        },
    ),
    (&["tr-03183-2:component-name"], "no name", |s| {
        zlib(s).name = " ".into()
    }),
    (&["tr-03183-2:component-version"], "no version", |s| {
        zlib(s).version = None
    }),
    (&["tr-03183-2:filename"], "no file name", |s| {
        zlib(s).file_name = None
    }),
    (&["tr-03183-2:filename"], "file name with a path", |s| {
        zlib(s).file_name = Some("usr/lib/libz.so.1.3.1".into())
    }),
    (&["tr-03183-2:dependencies"], "no dependency entry", |s| {
        s.dependencies
            .retain(|d| d.bom_ref != "pkg:generic/zlib@1.3.1")
    }),
    (
        &["tr-03183-2:dependencies"],
        "completeness not stated",
        |s| zlib(s).dependency_completeness = None,
    ),
    (
        &["tr-03183-2:distribution-licence"],
        "no concluded licence",
        |s| zlib(s).licenses.concluded = None,
    ),
    (
        &["tr-03183-2:distribution-licence"],
        "concluded licence not SPDX",
        |s| zlib(s).licenses.concluded = Some("GPL (any version".into()),
    ),
    (&["tr-03183-2:hash-distribution"], "no SHA-512", |s| {
        let c = zlib(s);
        c.hashes.retain(|h| !h.is_sha512());
        for r in &mut c.external_refs {
            if r.kind == "distribution" {
                r.hashes.clear();
            }
        }
    }),
    (
        &["tr-03183-2:hash-distribution"],
        "SHA-512 only on the component",
        |s| {
            for r in &mut zlib(s).external_refs {
                if r.kind == "distribution" {
                    r.hashes.clear();
                }
            }
        },
    ),
    (&["tr-03183-2:executable-property"], "no executable", |s| {
        zlib(s)
            .properties
            .retain(|p| p.name != "bsi:component:executable")
    }),
    (&["tr-03183-2:archive-property"], "no archive", |s| {
        zlib(s)
            .properties
            .retain(|p| p.name != "bsi:component:archive")
    }),
    (&["tr-03183-2:structured-property"], "no structured", |s| {
        zlib(s)
            .properties
            .retain(|p| p.name != "bsi:component:structured")
    }),
    (
        &["tr-03183-2:source-uri", "tr-03183-2:source-hash"],
        "no source reference",
        |s| {
            zlib(s)
                .external_refs
                .retain(|r| r.kind != "vcs" && r.kind != "source-distribution")
        },
    ),
    (
        &["tr-03183-2:deployable-uri", "tr-03183-2:hash-distribution"],
        "no distribution reference",
        |s| zlib(s).external_refs.retain(|r| r.kind != "distribution"),
    ),
    (&["tr-03183-2:other-identifiers"], "no identifiers", |s| {
        let c = zlib(s);
        c.purl = None;
        c.cpes.clear();
        c.swid = None;
    }),
    (
        &["tr-03183-2:other-identifiers"],
        "invalid identifiers",
        |s| {
            let c = zlib(s);
            c.purl = Some("zlib 1.3.1".into());
            c.cpes = vec!["zlib:1.3.1".into()];
        },
    ),
    (
        &["tr-03183-2:original-licences"],
        "no declared licence",
        |s| zlib(s).licenses.declared = None,
    ),
    (
        &["tr-03183-2:effective-licence"],
        "no effective licence",
        |s| {
            zlib(s)
                .properties
                .retain(|p| p.name != "bsi:component:effectiveLicense")
        },
    ),
    (&["tr-03183-2:source-hash"], "no source hash", |s| {
        for r in &mut zlib(s).external_refs {
            if r.kind == "source-distribution" {
                r.hashes.clear();
            }
        }
    }),
    (&["tr-03183-2:security-txt"], "no security.txt", |s| {
        zlib(s).external_refs.retain(|r| r.kind != "rfc-9116")
    }),
    (
        &["cra:top-level-dependencies", "tr-03183-2:dependencies"],
        "primary without dependency entry",
        |s| {
            s.dependencies
                .retain(|d| d.bom_ref != "urn:example:plc-fw@2.4.0")
        },
    ),
    (
        &["cra:top-level-dependencies"],
        "primary depends on a component the SBOM lacks",
        |s| {
            s.dependencies[0]
                .depends_on
                .push("pkg:generic/missing@1".into())
        },
    ),
    (
        &["cra:top-level-dependencies"],
        "primary lists nothing and does not say it is complete",
        |s| {
            s.dependencies[0].depends_on.clear();
            s.components[0].dependency_completeness = Some(Completeness::Unknown);
        },
    ),
];

#[test]
fn each_missing_field_fails_its_rule() {
    let base = passing();
    for (expected, what, mutate) in MUTATIONS {
        let mut s = base.clone();
        mutate(&mut s);
        assert_eq!(failed(&s, TrVersion::V2_1), set(expected), "{what}");
    }
}

#[test]
fn failure_details_name_the_components() {
    let mut s = passing();
    zlib(&mut s).version = None;
    let r = check(&s, TrVersion::V2_1);
    let rule = r
        .rules
        .iter()
        .find(|r| r.id == "tr-03183-2:component-version")
        .unwrap();
    assert_eq!(rule.failed_components, Some(1));
    assert_eq!(rule.detail, "1 of 5 components fail (no version: 1); zlib");
    assert_eq!(rule.obligation, Obligation::Must);

    // Many failures: counted, reasons grouped, five names shown.
    let mut s = passing();
    for c in &mut s.components {
        c.supplier = None;
        c.manufacturer = None;
        c.authors = vec![Party::named("someone")];
    }
    s.components[0].authors.clear();
    let r = check(&s, TrVersion::V2_1);
    let rule = r
        .rules
        .iter()
        .find(|r| r.id == "tr-03183-2:component-creator")
        .unwrap();
    assert_eq!(rule.failed_components, Some(5));
    assert!(
        rule.detail.starts_with(
            "5 of 5 components fail (creator without e-mail or URL: 4, no creator: 1); \
             plc-firmware 2.4.0, openssl 3.0.15, libcrypto 3.0.15, zlib 1.3.1, busybox 1.36.1"
        ),
        "{}",
        rule.detail
    );

    let mut s = passing();
    s.dependencies[0].depends_on.push("ghost".into());
    let r = check(&s, TrVersion::V2_1);
    let cra = r
        .rules
        .iter()
        .find(|r| r.id == "cra:top-level-dependencies")
        .unwrap();
    assert_eq!(cra.catalog_id.as_deref(), Some("cra:annex-i.p2.1"));
    assert_eq!(
        cra.detail,
        "primary component plc-firmware 2.4.0 lists 4 top-level dependencies, 1 not described \
         in the SBOM: ghost"
    );
}

#[test]
fn cra_rule_accepts_a_stated_empty_dependency_list() {
    let mut s = passing();
    s.dependencies[0].depends_on.clear();
    s.components[0].dependency_completeness = Some(Completeness::Complete);
    let r = check(&s, TrVersion::V2_1);
    let cra = r
        .rules
        .iter()
        .find(|r| r.id == "cra:top-level-dependencies")
        .unwrap();
    assert!(cra.passed, "{}", cra.detail);
}

#[test]
fn rules_per_version() {
    let s = passing();
    let ids = |tr| -> BTreeSet<String> { check(&s, tr).rules.into_iter().map(|r| r.id).collect() };
    let v20 = ids(TrVersion::V2_0);
    let v21 = ids(TrVersion::V2_1);
    assert!(v20.contains("tr-03183-2:hash") && !v21.contains("tr-03183-2:hash"));
    assert!(
        v21.contains("tr-03183-2:hash-distribution")
            && !v20.contains("tr-03183-2:hash-distribution")
    );
    assert!(
        v21.contains("tr-03183-2:no-vulnerabilities")
            && !v20.contains("tr-03183-2:no-vulnerabilities")
    );
    assert!(v21.contains("tr-03183-2:security-txt") && !v20.contains("tr-03183-2:security-txt"));
    // Additional fields: SHOULD in v2.0, MUST in v2.1.
    let obligation = |tr, id: &str| {
        check(&s, tr)
            .rules
            .into_iter()
            .find(|r| r.id == id)
            .unwrap()
            .obligation
    };
    assert_eq!(
        obligation(TrVersion::V2_0, "tr-03183-2:source-uri"),
        Obligation::Should
    );
    assert_eq!(
        obligation(TrVersion::V2_1, "tr-03183-2:source-uri"),
        Obligation::Must
    );
    assert_eq!(
        obligation(TrVersion::V2_0, "tr-03183-2:sbom-uri"),
        Obligation::Should
    );
    assert_eq!(
        obligation(TrVersion::V2_1, "tr-03183-2:sbom-uri"),
        Obligation::Must
    );

    // Under v2.0 a SHA-512 on the component itself is enough.
    let mut s = passing();
    for r in &mut zlib(&mut s).external_refs {
        if r.kind == "distribution" {
            r.hashes.clear();
        }
    }
    assert!(failed(&s, TrVersion::V2_0).is_empty());
    assert_eq!(
        failed(&s, TrVersion::V2_1),
        set(&["tr-03183-2:hash-distribution"])
    );
    // A failed SHOULD rule counts in the score but not as a MUST failure.
    let mut s = passing();
    s.metadata.signed = false;
    let r = check(&s, TrVersion::V2_0);
    assert_eq!(
        (
            r.summary.failed,
            r.summary.failed_must,
            r.summary.failed_should
        ),
        (1, 0, 1)
    );
    assert!(r.any_failed(Obligation::Should) && !r.any_failed(Obligation::Must));
    // MAY rules never count.
    let mut s = passing();
    zlib(&mut s).external_refs.retain(|r| r.kind != "rfc-9116");
    let r = check(&s, TrVersion::V2_1);
    assert_eq!(r.summary.failed, 0);
    assert_eq!(r.summary.informational, 3);
}

#[test]
fn format_conformance() {
    let conformant = |path: &str, tr| check(&read_path(data(path)).unwrap(), tr).format_conformant;
    assert!(conformant("full-1.6.cdx.json", TrVersion::V2_1));
    assert!(conformant("full-1.6.cdx.xml", TrVersion::V2_1));
    assert!(conformant("small-1.7.cdx.json", TrVersion::V2_1));
    assert!(conformant("small-1.5.cdx.json", TrVersion::V2_0));
    assert!(!conformant("small-1.5.cdx.json", TrVersion::V2_1));
    assert!(!conformant("yocto-cdx14-bom.json", TrVersion::V2_0));
    assert!(conformant("small-2.3.spdx.json", TrVersion::V2_0));
    assert!(!conformant("small-2.3.spdx.json", TrVersion::V2_1));
    assert!(conformant("small-3.0.1.spdx.json", TrVersion::V2_1));
    // SPDX 2.2 documents cannot state 2.2.1; taken as meeting it, and said so.
    let r = check(
        &read_path(data("yocto-spdx2.tar.zst")).unwrap(),
        TrVersion::V2_0,
    );
    assert!(r.format_conformant);
    assert!(
        r.format_detail.contains("patch level"),
        "{}",
        r.format_detail
    );
    // Tag-value is neither JSON nor XML.
    let r = check(&read_path(data("small-2.3.spdx")).unwrap(), TrVersion::V2_0);
    assert!(!r.format_conformant);
    assert!(r.format_detail.contains("neither JSON nor XML"));
    // SPDX 3.0.0 is below 3.0.1.
    let mut s = read_path(data("small-3.0.1.spdx.json")).unwrap();
    s.spec_version = "3.0.0".into();
    assert!(!check(&s, TrVersion::V2_1).format_conformant);
    let mut s = passing();
    s.encoding = Encoding::TagValue;
    assert!(!check(&s, TrVersion::V2_1).format_conformant);
}

#[test]
fn report_json_contract() {
    let mut s = passing();
    zlib(&mut s).hashes = vec![Hash::new("sha256", "AB")];
    let v = serde_json::to_value(check(&s, TrVersion::V2_1)).unwrap();
    assert_eq!(v["tr_version"], "2.1");
    assert_eq!(v["format_conformant"], true);
    let rule = &v["rules"][0];
    for key in ["id", "level", "passed", "detail", "obligation"] {
        assert!(rule.get(key).is_some(), "{key}");
    }
    assert_eq!(rule["level"], "document");
    assert_eq!(rule["obligation"], "MUST");
    for key in ["passed", "failed", "score_percent", "components_checked"] {
        assert!(v["summary"].get(key).is_some(), "{key}");
    }
    let cra = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "cra:top-level-dependencies")
        .unwrap();
    assert_eq!(cra["catalog_id"], "cra:annex-i.p2.1");
}

#[test]
fn own_rule_sets() {
    let yaml = r#"
schema: cra62443/sbom-quality-rules/v1
source: test
formats:
  - { tr: "2.0", cyclonedx: "1.5", spdx: "2.2.1" }
  - { tr: "2.1", cyclonedx: "1.6", spdx: "3.0.1" }
rules:
  - id: my:version
    level: component
    obligations: { "2.1": MUST }
    field: Version
    description: every component has a version
    model_field: components[].version
    check: component_version
"#;
    let rules = RuleSet::from_yaml(yaml).unwrap();
    let mut s = passing();
    zlib(&mut s).version = None;
    let r = check_with(&s, TrVersion::V2_1, &rules);
    assert_eq!(r.rules.len(), 1);
    assert!(!r.rules[0].passed);
    assert!(check_with(&s, TrVersion::V2_0, &rules).rules.is_empty());
    assert!(RuleSet::from_yaml("rules: [").is_err());
    // The bundled rules are valid and cover both versions.
    let bundled = RuleSet::bundled();
    assert!(bundled.for_version(TrVersion::V2_0).count() >= 19);
    assert!(bundled.for_version(TrVersion::V2_1).count() >= 22);
}

#[test]
fn empty_sbom_fails_component_rules_without_panicking() {
    let mut s = passing();
    s.components.clear();
    s.dependencies = vec![Dependency {
        bom_ref: "x".into(),
        depends_on: vec![],
    }];
    let r = check(&s, TrVersion::V2_1);
    let rule = r
        .rules
        .iter()
        .find(|r| r.id == "tr-03183-2:component-name")
        .unwrap();
    assert!(!rule.passed);
    assert_eq!(rule.detail, "the SBOM lists no components");
}
