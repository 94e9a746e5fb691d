//! Conversion of the normalised model to CycloneDX 1.6 JSON.
//!
//! What is written: `bomFormat`, `specVersion` "1.6", `serialNumber` (the input's `urn:uuid:` if
//! it has one, else a UUID v5 derived from the document's URI or content, so repeated runs give
//! the same number), `version`, `metadata` (timestamp when it is RFC 3339, tools plus this crate,
//! authors, manufacturer, supplier, the primary component), `components` (nested again under
//! their parents), `dependencies` and `compositions` (dependency completeness).
//!
//! Lossy spots: hash algorithms CycloneDX does not know (e.g. SPDX `SHA224`) and hash values of
//! a length CycloneDX does not allow are left out; external reference types outside the
//! CycloneDX 1.6 list become `other`; CPEs after the first and a declared licence that cannot sit
//! next to a compound concluded expression (CycloneDX 1.6 allows one expression per component)
//! go into `cra62443:*` properties, which the reader maps back.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::model::{BSI_FILENAME, Completeness, Component, Hash, Party, Sbom};
use crate::readers::cyclonedx::{DECLARED_LICENSE_PROPERTY, EXTRA_CPE_PROPERTY};

/// The CycloneDX 1.6 document as a JSON value (object keys sorted, as `serde_json::Value` keeps
/// them). [`write_cyclonedx_1_6`] writes the same document with keys in CycloneDX order.
pub fn to_cyclonedx_1_6(sbom: &Sbom) -> Value {
    serde_json::to_value(build(sbom)).unwrap_or(Value::Null)
}

/// Writes the CycloneDX 1.6 document as pretty-printed JSON (keys in CycloneDX order) followed
/// by a newline.
pub fn write_cyclonedx_1_6(sbom: &Sbom, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &build(sbom)).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// The CycloneDX 1.6 document as pretty-printed JSON text.
pub fn to_cyclonedx_1_6_string(sbom: &Sbom) -> String {
    let mut out = Vec::with_capacity(sbom.components.len() * 1024 + 4096);
    // Writing to a Vec cannot fail.
    let _ = write_cyclonedx_1_6(sbom, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Bom<'a> {
    bom_format: &'static str,
    spec_version: &'static str,
    serial_number: String,
    version: u64,
    metadata: Metadata<'a>,
    components: Vec<OutComponent<'a>>,
    dependencies: Vec<OutDependency<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    compositions: Vec<Composition<'a>>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<&'a str>,
    tools: Tools<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Contact<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<OutComponent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer: Option<Org<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<Org<'a>>,
}

#[derive(Serialize)]
struct Tools<'a> {
    components: Vec<ToolComponent<'a>>,
}

#[derive(Serialize)]
struct ToolComponent<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<Org<'a>>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct Org<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    url: Vec<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contact: Vec<Contact<'a>>,
}

#[derive(Serialize)]
struct Contact<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
}

#[derive(Serialize)]
struct OutComponent<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "bom-ref")]
    bom_ref: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<Org<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer: Option<Org<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Contact<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<OutHash<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cpe: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    swid: Option<Swid<'a>>,
    #[serde(rename = "externalReferences", skip_serializing_if = "Vec::is_empty")]
    external_references: Vec<OutExternalRef<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<OutProperty<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<OutComponent<'a>>,
}

#[derive(Serialize)]
struct OutHash<'a> {
    alg: &'a str,
    content: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Swid<'a> {
    tag_id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct OutExternalRef<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    url: Cow<'a, str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<OutHash<'a>>,
}

#[derive(Serialize)]
struct OutProperty<'a> {
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutDependency<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    depends_on: Vec<&'a str>,
}

#[derive(Serialize)]
struct Composition<'a> {
    aggregate: &'static str,
    dependencies: Vec<&'a str>,
}

/// Hash algorithms of CycloneDX 1.6.
const HASH_ALGS: &[&str] = &[
    "MD5",
    "SHA-1",
    "SHA-256",
    "SHA-384",
    "SHA-512",
    "SHA3-256",
    "SHA3-384",
    "SHA3-512",
    "BLAKE2b-256",
    "BLAKE2b-384",
    "BLAKE2b-512",
    "BLAKE3",
];

/// External reference types of CycloneDX 1.6.
const REF_TYPES: &[&str] = &[
    "vcs",
    "issue-tracker",
    "website",
    "advisories",
    "bom",
    "mailing-list",
    "social",
    "chat",
    "documentation",
    "support",
    "source-distribution",
    "distribution",
    "distribution-intake",
    "license",
    "build-meta",
    "build-system",
    "release-notes",
    "security-contact",
    "model-card",
    "log",
    "configuration",
    "evidence",
    "formulation",
    "attestation",
    "threat-model",
    "adversary-model",
    "risk-assessment",
    "vulnerability-assertion",
    "exploitability-statement",
    "pentest-report",
    "static-analysis-report",
    "dynamic-analysis-report",
    "runtime-analysis-report",
    "component-analysis-report",
    "maturity-report",
    "certification-report",
    "codified-infrastructure",
    "quality-metrics",
    "poam",
    "electronic-signature",
    "digital-signature",
    "rfc-9116",
    "other",
];

fn out_hashes(hashes: &[Hash]) -> Vec<OutHash<'_>> {
    hashes
        .iter()
        .filter(|h| HASH_ALGS.contains(&h.alg.as_str()))
        .filter(|h| {
            matches!(h.value.len(), 32 | 40 | 64 | 96 | 128)
                && h.value.bytes().all(|b| b.is_ascii_hexdigit())
        })
        .map(|h| OutHash {
            alg: &h.alg,
            content: &h.value,
        })
        .collect()
}

/// Percent-encodes the characters an IRI reference may not contain (space, `<>"{}|\^\``,
/// controls), leaving everything else as written.
fn iri(url: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() || c.is_whitespace() || "<>\"{}|\\^`".contains(c);
    if !url.chars().any(bad) {
        return Cow::Borrowed(url);
    }
    let mut out = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        if bad(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn org(p: &Party) -> Org<'_> {
    Org {
        name: p.name.as_deref(),
        url: p.url.as_deref().map(iri).into_iter().collect(),
        contact: p
            .email
            .as_deref()
            .map(|e| Contact {
                name: None,
                email: Some(e),
            })
            .into_iter()
            .collect(),
    }
}

fn contact(p: &Party) -> Contact<'_> {
    Contact {
        name: p.name.as_deref().or(p.url.as_deref()),
        email: p.email.as_deref(),
    }
}

/// Whether a licence expression is a single licence (no operators, no brackets).
fn single_license(expr: &str) -> bool {
    !expr.contains(' ') && !expr.contains('(')
}

fn license_entry(expr: &str, ack: &str) -> Value {
    if single_license(expr) {
        let key = if spdx::license_id(expr).is_some() {
            "id"
        } else {
            "name"
        };
        serde_json::json!({ "license": { key: expr, "acknowledgement": ack } })
    } else {
        serde_json::json!({ "expression": expr, "acknowledgement": ack })
    }
}

/// The `licenses` array and, when the declared licence cannot be put in it, that licence.
fn licenses(c: &Component) -> (Vec<Value>, Option<&str>) {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if let Some(e) = c.licenses.concluded.as_deref() {
        pairs.push((e, "concluded"));
    }
    if let Some(e) = c.licenses.declared.as_deref() {
        pairs.push((e, "declared"));
    }
    if pairs.iter().all(|(e, _)| single_license(e)) || pairs.len() == 1 {
        return (
            pairs.iter().map(|(e, a)| license_entry(e, a)).collect(),
            None,
        );
    }
    // Two entries, at least one compound: CycloneDX 1.6 allows either a list of licences or
    // one expression, so the concluded licence goes in, the declared one into a property.
    (
        vec![license_entry(pairs[0].0, pairs[0].1)],
        Some(pairs[1].0),
    )
}

fn component<'a>(c: &'a Component, children: Vec<OutComponent<'a>>) -> OutComponent<'a> {
    let (licenses, declared_overflow) = licenses(c);
    let mut properties: Vec<OutProperty<'a>> = c
        .properties
        .iter()
        .map(|p| OutProperty {
            name: &p.name,
            value: &p.value,
        })
        .collect();
    if let Some(f) = c.file_name.as_deref()
        && c.property(BSI_FILENAME).is_none()
    {
        properties.push(OutProperty {
            name: BSI_FILENAME,
            value: f,
        });
    }
    for cpe in c.cpes.iter().skip(1) {
        properties.push(OutProperty {
            name: EXTRA_CPE_PROPERTY,
            value: cpe,
        });
    }
    if let Some(d) = declared_overflow {
        properties.push(OutProperty {
            name: DECLARED_LICENSE_PROPERTY,
            value: d,
        });
    }
    OutComponent {
        kind: c.kind.cyclonedx_type(),
        bom_ref: &c.bom_ref,
        supplier: c.supplier.as_ref().map(org),
        manufacturer: c.manufacturer.as_ref().map(org),
        authors: c.authors.iter().map(contact).collect(),
        group: c.group.as_deref(),
        name: &c.name,
        version: c.version.as_deref(),
        hashes: out_hashes(&c.hashes),
        licenses,
        cpe: c.cpes.first().map(String::as_str),
        purl: c.purl.as_deref(),
        swid: c.swid.as_deref().map(|tag_id| Swid {
            tag_id,
            name: &c.name,
        }),
        external_references: c
            .external_refs
            .iter()
            .map(|r| OutExternalRef {
                kind: if REF_TYPES.contains(&r.kind.as_str()) {
                    &r.kind
                } else {
                    "other"
                },
                url: iri(&r.url),
                hashes: out_hashes(&r.hashes),
            })
            .collect(),
        properties,
        components: children,
    }
}

/// Deepest nesting of components written; deeper ones are written at the top level, so that the
/// output stays well within the default JSON depth limit of the readers ([`crate::Limits`]).
const MAX_NESTING: usize = 24;

/// Builds a component with its nested children (the parent walk in [`build`] bounds the depth).
fn tree<'a>(
    sbom: &'a Sbom,
    children_of: &std::collections::HashMap<&'a str, Vec<usize>>,
    index: usize,
) -> OutComponent<'a> {
    let c = &sbom.components[index];
    let children = children_of
        .get(c.bom_ref.as_str())
        .map(|kids| kids.iter().map(|&k| tree(sbom, children_of, k)).collect())
        .unwrap_or_default();
    component(c, children)
}

fn serial_number(sbom: &Sbom) -> String {
    if let Some(s) = sbom.metadata.serial_number.as_deref()
        && let Some(u) = s.strip_prefix("urn:uuid:")
        && uuid::Uuid::parse_str(u).is_ok()
    {
        return s.to_string();
    }
    let seed = match sbom.metadata.sbom_uri() {
        Some(uri) => uri.to_string(),
        None => {
            let mut seed = format!("{}|{}", sbom.format, sbom.spec_version);
            for c in &sbom.components {
                seed.push('|');
                seed.push_str(&c.bom_ref);
            }
            seed
        }
    };
    format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, seed.as_bytes())
    )
}

fn build(sbom: &Sbom) -> Bom<'_> {
    use std::collections::{HashMap, HashSet};
    let refs: HashSet<&str> = sbom.components.iter().map(|c| c.bom_ref.as_str()).collect();
    let primary = sbom.primary.as_ref().map(|p| p.bom_ref.as_str());
    let primary_index = primary.and_then(|p| sbom.components.iter().position(|c| c.bom_ref == p));

    // Children by parent; components whose parent is unknown (or themselves) go to the top.
    let mut children_of: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut top: Vec<usize> = Vec::new();
    for (i, c) in sbom.components.iter().enumerate() {
        if Some(i) == primary_index {
            continue;
        }
        match c.parent.as_deref() {
            Some(p) if refs.contains(p) && p != c.bom_ref => {
                children_of.entry(p).or_default().push(i)
            }
            _ => top.push(i),
        }
    }
    // Walk the parent tree from the top. Components in a cycle of parents are not reached and
    // go to the top; components nested deeper than MAX_NESTING are detached to the top too.
    let mut reachable: HashSet<usize> = HashSet::new();
    let mut detached: Vec<usize> = Vec::new();
    let mut stack: Vec<(usize, usize)> = top
        .iter()
        .copied()
        .chain(primary_index)
        .map(|i| (i, 0))
        .collect();
    while let Some((i, depth)) = stack.pop() {
        if !reachable.insert(i) {
            continue;
        }
        if let Some(kids) = children_of.get(sbom.components[i].bom_ref.as_str()) {
            for &k in kids {
                if depth + 1 > MAX_NESTING {
                    detached.push(k);
                    stack.push((k, 0));
                } else {
                    stack.push((k, depth + 1));
                }
            }
        }
    }
    detached.extend((0..sbom.components.len()).filter(|i| !reachable.contains(i)));
    for i in detached {
        top.push(i);
        if let Some(p) = sbom.components[i].parent.as_deref()
            && let Some(kids) = children_of.get_mut(p)
        {
            kids.retain(|&k| k != i);
        }
    }

    let mut tools: Vec<ToolComponent<'_>> = sbom
        .metadata
        .tools
        .iter()
        .map(|t| ToolComponent {
            kind: "application",
            supplier: t.vendor.as_deref().map(|v| Org {
                name: Some(v),
                url: Vec::new(),
                contact: Vec::new(),
            }),
            name: &t.name,
            version: t.version.as_deref(),
        })
        .collect();
    if !sbom
        .metadata
        .tools
        .iter()
        .any(|t| t.name == "cra62443-sbom")
    {
        tools.push(ToolComponent {
            kind: "application",
            supplier: None,
            name: "cra62443-sbom",
            version: Some(env!("CARGO_PKG_VERSION")),
        });
    }
    let mut authors: Vec<Contact<'_>> = sbom.metadata.authors.iter().map(contact).collect();
    authors.extend(sbom.metadata.creators.iter().skip(1).map(contact));

    let mut compositions: Vec<Composition<'_>> = Vec::new();
    for state in [
        Completeness::Complete,
        Completeness::Incomplete,
        Completeness::Unknown,
    ] {
        let members: Vec<&str> = sbom
            .components
            .iter()
            .filter(|c| c.dependency_completeness == Some(state))
            .map(|c| c.bom_ref.as_str())
            .collect();
        if !members.is_empty() {
            compositions.push(Composition {
                aggregate: state.cyclonedx_aggregate(),
                dependencies: members,
            });
        }
    }

    Bom {
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: serial_number(sbom),
        version: sbom.metadata.version.filter(|v| *v >= 1).unwrap_or(1),
        metadata: Metadata {
            timestamp: sbom
                .metadata
                .timestamp
                .as_deref()
                .filter(|t| t.parse::<jiff::Timestamp>().is_ok()),
            tools: Tools { components: tools },
            authors,
            component: primary_index.map(|i| tree(sbom, &children_of, i)),
            manufacturer: sbom.metadata.creators.first().map(org),
            supplier: sbom.metadata.supplier.as_ref().map(org),
        },
        components: top.iter().map(|&i| tree(sbom, &children_of, i)).collect(),
        dependencies: sbom
            .dependencies
            .iter()
            .map(|d| {
                let mut seen = HashSet::new();
                OutDependency {
                    reference: &d.bom_ref,
                    depends_on: d
                        .depends_on
                        .iter()
                        .map(String::as_str)
                        .filter(|t| seen.insert(*t))
                        .collect(),
                }
            })
            .collect(),
        compositions,
    }
}
