//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// A file under `tests/data`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Serves the vendored CycloneDX schemas the 1.6 schema refers to.
struct Schemas;

impl jsonschema::Retrieve for Schemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        let file = match name {
            "spdx.SNAPSHOT.schema.json" | "spdx.schema.json" => "spdx.SNAPSHOT.schema.json",
            "jsf-0.82.SNAPSHOT.schema.json" | "jsf-0.82.schema.json" => {
                "jsf-0.82.SNAPSHOT.schema.json"
            }
            other => return Err(format!("unexpected schema reference {other}").into()),
        };
        let text = std::fs::read_to_string(data(&format!("schema/{file}")))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// Validates a document against the official CycloneDX 1.6 JSON schema (with formats) and
/// returns the error messages.
pub fn cyclonedx_1_6_errors(doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(data("schema/bom-1.6.SNAPSHOT.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .with_retriever(Schemas)
        .should_validate_formats(true)
        .build(&schema)
        .expect("CycloneDX 1.6 schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}
