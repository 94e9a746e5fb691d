//! Every OSCAL document we write validates against the vendored NIST OSCAL 1.2.3 schema.

use cra62443_catalog::Catalog;
use cra62443_crosswalk::Crosswalk;
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!(
        "../../../schemas/oscal/oscal_complete_schema.json"
    ))
    .unwrap();
    jsonschema::options()
        .build(&schema)
        .expect("the NIST schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, name: &str, doc: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} does not validate:\n{}",
        errors.join("\n")
    );
}

/// Arrays must never be empty (OSCAL minItems 1) and strings never padded.
fn assert_serializer_rules(name: &str, value: &Value, path: &str) {
    match value {
        Value::Array(items) => {
            assert!(!items.is_empty(), "{name}: empty array at {path}");
            for (i, v) in items.iter().enumerate() {
                assert_serializer_rules(name, v, &format!("{path}/{i}"));
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                assert_serializer_rules(name, v, &format!("{path}/{k}"));
            }
        }
        Value::String(s) => {
            assert!(
                !s.is_empty() && s.trim() == s,
                "{name}: bad string {s:?} at {path}"
            );
        }
        _ => {}
    }
}

#[test]
fn catalogs_and_mapping_collections_validate() {
    let catalog = Catalog::bundled().unwrap();
    let crosswalk = Crosswalk::bundled(&catalog).unwrap();
    let validator = validator();
    let stamp = "2026-11-29T00:00:00Z";
    for doc in catalog.documents() {
        let value = cra62443_oscal::catalog(doc, &catalog, stamp);
        assert_valid(&validator, &doc.id, &value);
        assert_serializer_rules(&doc.id, &value, "");
    }
    for set in crosswalk.sets() {
        let value = cra62443_oscal::mapping_collection(set, &catalog, stamp).unwrap();
        assert_valid(&validator, &set.id, &value);
        assert_serializer_rules(&set.id, &value, "");
        // Relationships stay in the NIST vocabulary (the schema does not enforce it).
        let nist = [
            "equivalent-to",
            "equal-to",
            "subset-of",
            "superset-of",
            "intersects-with",
            "no-relationship",
        ];
        for mapping in value["mapping-collection"]["mappings"].as_array().unwrap() {
            for map in mapping["maps"].as_array().unwrap() {
                assert!(
                    nist.contains(&map["relationship"].as_str().unwrap()),
                    "{map}"
                );
            }
        }
    }
}

#[test]
fn exports_are_stable() {
    let catalog = Catalog::bundled().unwrap();
    let doc = catalog.document("iec62443-4-2").unwrap();
    let a = cra62443_oscal::catalog(doc, &catalog, "2026-11-29T00:00:00Z");
    let b = cra62443_oscal::catalog(doc, &catalog, "2026-11-29T00:00:00Z");
    assert_eq!(a, b, "same input, same bytes (v5 UUIDs)");
    let ndr = &a["catalog"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "fr-5")
        .unwrap()["controls"];
    let placeholder = ndr
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cr-5.2")
        .unwrap();
    let variant = &placeholder["controls"][0];
    assert_eq!(variant["id"], "ndr-5.2");
    let props = variant["props"].as_array().unwrap();
    assert!(
        props
            .iter()
            .any(|p| p["name"] == "label" && p["value"] == "NDR 5.2")
    );
    assert!(
        props
            .iter()
            .any(|p| p["name"] == "security-level" && p["value"] == "1")
    );
    assert!(
        props
            .iter()
            .any(|p| p["name"] == "component-type" && p["value"] == "NDR")
    );
}

#[test]
fn the_validator_rejects_broken_documents() {
    let catalog = Catalog::bundled().unwrap();
    let validator = validator();
    let mut doc = cra62443_oscal::catalog(
        catalog.document("cra").unwrap(),
        &catalog,
        "2026-11-29T00:00:00Z",
    );
    doc["catalog"]["unknown-key"] = Value::Bool(true);
    assert!(!validator.is_valid(&doc));
    let mut doc = cra62443_oscal::catalog(
        catalog.document("cra").unwrap(),
        &catalog,
        "2026-11-29T00:00:00Z",
    );
    doc["catalog"]["groups"][0]["id"] = Value::String("1-starts-with-digit".into());
    assert!(
        !validator.is_valid(&doc),
        "token pattern with \\p{{L}} is enforced"
    );
    let mut doc = cra62443_oscal::catalog(
        catalog.document("cra").unwrap(),
        &catalog,
        "2026-11-29T00:00:00Z",
    );
    doc["catalog"]["metadata"]["last-modified"] = Value::String("2026-11-29".into());
    assert!(!validator.is_valid(&doc));
}

#[test]
fn profiles_and_resolved_catalogs_validate() {
    let catalog = Catalog::bundled().unwrap();
    let crosswalk = Crosswalk::bundled(&catalog).unwrap();
    let profiles = cra62443_profile::Profiles::bundled(&catalog).unwrap();
    let validator = validator();
    let stamp = "2026-11-29T00:00:00Z";
    for p in profiles.all() {
        let resolved =
            cra62443_profile::resolve(&profiles, &catalog, &crosswalk, &p.id, None, &[]).unwrap();
        let doc = cra62443_oscal::profile(p, &resolved, &catalog, stamp);
        assert_valid(&validator, &p.id, &doc);
        assert_serializer_rules(&p.id, &doc, "");
        let cat = cra62443_oscal::resolved_profile_catalog(&resolved, &catalog, stamp);
        assert_valid(&validator, &format!("{} resolved", p.id), &cat);
        assert_serializer_rules(&p.id, &cat, "");
    }
}
