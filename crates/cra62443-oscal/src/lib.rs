//! OSCAL 1.2 export of cra62443 content.
//!
//! Follows the serializer rules of OSCAL: one-key wrapper objects, no empty arrays, name-based
//! (v5) UUIDs so that regenerated documents are byte-stable, tokens as IDs (our local IDs are
//! NCName tokens by construction), and our own data in `props` with our namespace.

#![forbid(unsafe_code)]

mod catalog;
mod mapping;
mod profile;

pub use catalog::catalog;
pub use mapping::mapping_collection;
pub use profile::{profile, resolved_profile_catalog};

use serde_json::{Value, json};
use uuid::Uuid;

/// The OSCAL version the documents declare.
pub const OSCAL_VERSION: &str = "1.2.1";

/// The namespace of cra62443's own props.
pub const NS: &str = "urn:cra62443:ns:oscal";

/// The version of cra62443 written into `metadata.version`.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:cra62443")
}

/// A stable UUID (v5) for a name such as `mapping-collection/cra-iec62443-4-1`.
pub fn stable_uuid(name: &str) -> String {
    Uuid::new_v5(&namespace(), name.as_bytes()).to_string()
}

/// A prop in our namespace.
pub fn prop(name: &str, value: &str) -> Value {
    json!({"name": name, "value": value.trim(), "ns": NS})
}

/// OSCAL metadata with the required fields.
pub fn metadata(
    title: &str,
    last_modified: &str,
    remarks: Option<&str>,
    props: Vec<Value>,
) -> Value {
    let mut m = json!({
        "title": title,
        "last-modified": last_modified,
        "version": TOOL_VERSION,
        "oscal-version": OSCAL_VERSION,
    });
    if !props.is_empty() {
        m["props"] = Value::Array(props);
    }
    if let Some(r) = remarks.filter(|r| !r.trim().is_empty()) {
        m["remarks"] = Value::String(r.trim().to_string());
    }
    m
}

/// A timestamp in the RFC 3339 form OSCAL requires (with zone), for `last-modified`.
pub fn timestamp_now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Makes a string fit OSCAL's `string` datatype: non-empty, single spaces, no leading or
/// trailing whitespace.
pub fn clean(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.is_empty() {
        "-".to_string()
    } else {
        joined
    }
}
