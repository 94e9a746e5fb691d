//! Writers: CycloneDX 1.6 VEX, OpenVEX 0.2.0 and CSAF 2.0 `csaf_vex` JSON.

mod csaf;
mod cyclonedx;
mod openvex;

use serde_json::Value;

use crate::model::{VexStatement, is_cpe, is_purl};

/// The formats statements can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum WriteFormat {
    /// CycloneDX 1.6 JSON VEX (`vulnerabilities[]` with `analysis` and `affects`).
    Cyclonedx,
    /// OpenVEX 0.2.0 JSON.
    Openvex,
    /// CSAF 2.0 JSON, profile `csaf_vex`.
    Csaf,
}

impl WriteFormat {
    /// A short name: `cyclonedx`, `openvex`, `csaf`.
    pub fn as_str(self) -> &'static str {
        match self {
            WriteFormat::Cyclonedx => "cyclonedx",
            WriteFormat::Openvex => "openvex",
            WriteFormat::Csaf => "csaf",
        }
    }
}

/// Document-level data the formats need and statements do not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// Document ID: OpenVEX `@id`, CSAF `tracking.id`, CycloneDX `serialNumber` (if it is a
    /// `urn:uuid:`). `None` derives a stable ID from the statements.
    pub document_id: Option<String>,
    /// Author: OpenVEX `author`, CSAF `publisher.name`, CycloneDX `metadata.authors`.
    pub author: String,
    /// CSAF `publisher.category` (`vendor`, `coordinator`, `discoverer`, `other`,
    /// `translator`, `user`).
    pub publisher_category: String,
    /// CSAF `publisher.namespace` (a URL of the publisher).
    pub publisher_namespace: String,
    /// Document title (CSAF `document.title`); `None` gives a generated one.
    pub title: Option<String>,
    /// Document timestamp (all formats) and CSAF release dates.
    pub timestamp: jiff::Timestamp,
}

impl WriteOptions {
    /// Options with `author`, `publisher_namespace` and `timestamp`; category `vendor`, derived
    /// ID and title.
    pub fn new(
        author: &str,
        publisher_namespace: &str,
        timestamp: jiff::Timestamp,
    ) -> WriteOptions {
        WriteOptions {
            document_id: None,
            author: author.to_string(),
            publisher_category: "vendor".to_string(),
            publisher_namespace: publisher_namespace.to_string(),
            title: None,
            timestamp,
        }
    }

    /// The latest statement timestamp, or `fallback` when no statement has one: a stable
    /// document timestamp for conversions.
    pub fn latest_timestamp(
        statements: &[VexStatement],
        fallback: jiff::Timestamp,
    ) -> jiff::Timestamp {
        statements
            .iter()
            .filter_map(|s| s.timestamp)
            .max()
            .unwrap_or(fallback)
    }
}

/// A written document plus what the target format could not carry exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The JSON document.
    pub document: Value,
    /// Lossy conversions and filled-in gaps (e.g. a not-affected statement with neither
    /// justification nor impact statement, which OpenVEX and CSAF require).
    pub warnings: Vec<String>,
}

/// Writes `statements` as `format`.
pub fn write(statements: &[VexStatement], format: WriteFormat, options: &WriteOptions) -> Written {
    match format {
        WriteFormat::Cyclonedx => cyclonedx::write(statements, options),
        WriteFormat::Openvex => openvex::write(statements, options),
        WriteFormat::Csaf => csaf::write(statements, options),
    }
}

/// Writes CycloneDX 1.6 VEX.
pub fn write_cyclonedx(statements: &[VexStatement], options: &WriteOptions) -> Written {
    cyclonedx::write(statements, options)
}

/// Writes OpenVEX 0.2.0.
pub fn write_openvex(statements: &[VexStatement], options: &WriteOptions) -> Written {
    openvex::write(statements, options)
}

/// Writes CSAF 2.0 `csaf_vex`. Statements are merged first (see [`crate::merge()`]) so that no
/// product has two statuses or two justifications for one vulnerability (tests 6.1.6, 6.1.33).
pub fn write_csaf(statements: &[VexStatement], options: &WriteOptions) -> Written {
    csaf::write(statements, options)
}

/// Pretty JSON with a final newline; keys are sorted, so output is byte-for-byte stable.
pub fn to_pretty_json(value: &Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    s.push('\n');
    s
}

/// Text used where a format requires an impact statement and the source had none.
pub(crate) const MISSING_IMPACT: &str =
    "No justification or impact statement was given in the source VEX statement.";
/// Text used where a format requires an action statement and the source had none.
pub(crate) const MISSING_ACTION: &str =
    "No action statement was given in the source VEX statement.";

/// 64-bit FNV-1a.
pub(crate) fn fnv1a(data: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &b in data {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A stable UUID (version nibble 8, "custom") derived from the statements.
pub(crate) fn content_uuid(statements: &[VexStatement]) -> String {
    let mut data = Vec::new();
    for s in statements {
        for part in [
            s.vulnerability.as_str(),
            s.product.as_str(),
            s.status.as_str(),
            s.justification.map(|j| j.as_str()).unwrap_or(""),
        ] {
            data.extend_from_slice(part.as_bytes());
            data.push(0);
        }
        for sub in &s.subcomponents {
            data.extend_from_slice(sub.as_bytes());
            data.push(1);
        }
    }
    let a = fnv1a(&data, 0);
    let b = fnv1a(&data, 0x9e37_79b9_7f4a_7c15);
    let bytes: Vec<u8> = a.to_be_bytes().into_iter().chain(b.to_be_bytes()).collect();
    let mut u = [0u8; 16];
    u.copy_from_slice(&bytes);
    u[6] = (u[6] & 0x0f) | 0x80;
    u[8] = (u[8] & 0x3f) | 0x80;
    let hex: String = u.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// RFC 3339 UTC with seconds precision.
pub(crate) fn rfc3339(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.fZ").to_string()
}

/// The first identifier (product or others) that is a purl.
pub(crate) fn find_purl(s: &VexStatement) -> Option<&str> {
    std::iter::once(&s.product)
        .chain(&s.product_identifiers)
        .map(String::as_str)
        .find(|x| is_purl(x))
}

/// The first identifier (product or others) that is a CPE.
pub(crate) fn find_cpe(s: &VexStatement) -> Option<&str> {
    std::iter::once(&s.product)
        .chain(&s.product_identifiers)
        .map(String::as_str)
        .find(|x| is_cpe(x))
}

/// A readable name for a product identifier: the purl or CPE product name, else the string.
pub(crate) fn display_name(id: &str) -> String {
    if is_purl(id) {
        let no_q = id.split(['?', '#']).next().unwrap_or(id);
        let (path, version) = match no_q.rsplit_once('@') {
            Some((p, v)) if !p.ends_with('/') && p.contains('/') => (p, Some(v)),
            _ => (no_q, None),
        };
        let name = path.rsplit('/').next().unwrap_or(path);
        return match version {
            Some(v) => format!("{name} {v}"),
            None => name.to_string(),
        };
    }
    if crate::model::is_uri_id(id)
        && !id.starts_with("urn:cdx:")
        && let Some(last) = id.rsplit(['/', '#']).find(|s| !s.is_empty())
    {
        return last.to_string();
    }
    if let Some(rest) = id.strip_prefix("cpe:2.3:") {
        let f: Vec<&str> = rest.split(':').collect();
        if f.len() >= 4 {
            return match f[3] {
                "*" | "-" => f[2].to_string(),
                v => format!("{} {v}", f[2]),
            };
        }
    }
    id.to_string()
}

/// The source system of an ID, from its prefix (`CVE`, `GHSA`, `OSV`, …).
pub(crate) fn id_system(id: &str) -> String {
    match id.split_once('-') {
        Some((prefix, _)) if !prefix.is_empty() => prefix.to_string(),
        _ => "unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_identifiers() {
        assert_eq!(
            display_name("pkg:deb/debian/openssl@3.0.1?arch=x"),
            "openssl 3.0.1"
        );
        assert_eq!(display_name("pkg:npm/%40scope/x"), "x");
        assert_eq!(
            display_name("cpe:2.3:*:*:busybox:1.37.0:*:*:*:*:*:*:*"),
            "busybox 1.37.0"
        );
        assert_eq!(display_name("abc"), "abc");
        assert_eq!(
            display_name("http://spdx.org/spdxdocs/x-1/abc/package/busybox-hwclock"),
            "busybox-hwclock"
        );
        assert_eq!(id_system("GHSA-xxxx-yyyy"), "GHSA");
    }
}
