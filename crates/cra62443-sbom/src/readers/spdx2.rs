//! SPDX 2.0–2.3 documents (JSON and tag-value) and sets of documents linked by
//! `externalDocumentRefs`, merged into one [`Sbom`].
//!
//! Relationship mapping to dependencies (build-time relationships are left out):
//! `A DEPENDS_ON|CONTAINS|STATIC_LINK|DYNAMIC_LINK|HAS_PREREQUISITE B` gives A → B;
//! `A DEPENDENCY_OF|RUNTIME_DEPENDENCY_OF|OPTIONAL_DEPENDENCY_OF|PROVIDED_DEPENDENCY_OF|
//! CONTAINED_BY|PREREQUISITE_FOR B` gives B → A. Only edges between packages count (files are not
//! components). `A DEPENDS_ON|CONTAINS NONE` states that A's list is complete, `NOASSERTION` that
//! its completeness is unknown.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::serde_util::{clean, clean_none, nullable};
use crate::model::{
    Completeness, Component, ComponentKind, ComponentRef, Encoding, ExternalRef, Format, Hash,
    Party, Sbom, Tool,
};
use crate::{Limits, SbomError};

/// SPDX 2 versions this reader accepts.
pub(crate) const SUPPORTED: &str = "SPDX-2.0, SPDX-2.1, SPDX-2.2, SPDX-2.3";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawDoc {
    pub spdx_version: Option<String>,
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<String>,
    pub name: Option<String>,
    pub document_namespace: Option<String>,
    pub data_license: Option<String>,
    pub creation_info: Option<RawCreationInfo>,
    #[serde(deserialize_with = "nullable")]
    pub external_document_refs: Vec<RawExtDocRef>,
    #[serde(deserialize_with = "nullable")]
    pub document_describes: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub packages: Vec<RawPackage>,
    #[serde(deserialize_with = "nullable")]
    pub files: Vec<IgnoredAny>,
    #[serde(deserialize_with = "nullable")]
    pub relationships: Vec<RawRelationship>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawCreationInfo {
    pub created: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub creators: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawExtDocRef {
    pub external_document_id: Option<String>,
    pub spdx_document: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawPackage {
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<String>,
    pub name: Option<String>,
    pub version_info: Option<String>,
    pub package_file_name: Option<String>,
    pub supplier: Option<String>,
    pub originator: Option<String>,
    pub download_location: Option<String>,
    pub homepage: Option<String>,
    pub license_concluded: Option<String>,
    pub license_declared: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub checksums: Vec<RawChecksum>,
    #[serde(deserialize_with = "nullable")]
    pub external_refs: Vec<RawExternalRef>,
    pub primary_package_purpose: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawChecksum {
    pub algorithm: Option<String>,
    pub checksum_value: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawExternalRef {
    pub reference_category: Option<String>,
    pub reference_type: Option<String>,
    pub reference_locator: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawRelationship {
    pub spdx_element_id: Option<String>,
    pub relationship_type: Option<String>,
    pub related_spdx_element: Option<String>,
}

/// A parsed SPDX 2 document with the name of the file it came from.
#[derive(Debug)]
pub(crate) struct Document {
    pub file: String,
    pub raw: RawDoc,
    pub encoding: Encoding,
}

/// Parses one SPDX 2 JSON document (not yet lowered).
pub(crate) fn parse_json(bytes: &[u8], file: &str, limits: &Limits) -> Result<Document, SbomError> {
    crate::limits::scan_json(bytes, file, limits)?;
    let raw: RawDoc = serde_json::from_slice(bytes).map_err(|e| SbomError::json(file, &e))?;
    check(&raw, file)?;
    Ok(Document {
        file: file.to_string(),
        raw,
        encoding: Encoding::Json,
    })
}

fn check(raw: &RawDoc, file: &str) -> Result<(), SbomError> {
    let version = raw
        .spdx_version
        .as_deref()
        .ok_or_else(|| SbomError::invalid(file, "spdxVersion is missing"))?;
    match version.trim() {
        "SPDX-2.0" | "SPDX-2.1" | "SPDX-2.2" | "SPDX-2.3" => Ok(()),
        other => Err(SbomError::UnsupportedVersion {
            file: file.to_string(),
            format: "SPDX",
            version: other.to_string(),
            supported: SUPPORTED,
        }),
    }
}

/// Parses SPDX 2 tag-value text.
pub(crate) fn parse_tag_value(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<Document, SbomError> {
    let text = std::str::from_utf8(bytes).map_err(|e| SbomError::TagValue {
        file: file.to_string(),
        line: crate::limits::line_col(bytes, e.valid_up_to()).0,
        message: "not valid UTF-8".into(),
    })?;
    let mut raw = RawDoc::default();
    enum Ctx {
        Document,
        Package,
        Other,
    }
    let mut ctx = Ctx::Document;
    let mut lines = text.lines().enumerate();
    let err = |line: usize, message: String| SbomError::TagValue {
        file: file.to_string(),
        line,
        message,
    };
    while let Some((i, line)) = lines.next() {
        let lineno = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((tag, value)) = line.split_once(':') else {
            return Err(err(
                lineno,
                format!("expected \"Tag: value\", found {trimmed:?}"),
            ));
        };
        let tag = tag.trim();
        let mut value = value.trim().to_string();
        if let Some(rest) = value.strip_prefix("<text>") {
            let mut buf = rest.to_string();
            while !buf.contains("</text>") {
                let Some((_, next)) = lines.next() else {
                    return Err(err(lineno, "<text> without </text>".into()));
                };
                buf.push('\n');
                buf.push_str(next);
                if buf.len() > limits.max_string_bytes {
                    return Err(SbomError::LimitExceeded {
                        file: file.to_string(),
                        line: lineno,
                        column: 1,
                        message: format!(
                            "text longer than the limit of {} bytes",
                            limits.max_string_bytes
                        ),
                    });
                }
            }
            let end = buf.find("</text>").unwrap_or(buf.len());
            value = buf[..end].to_string();
        }
        match tag {
            "SPDXVersion" => raw.spdx_version = Some(value),
            "DataLicense" => raw.data_license = Some(value),
            "DocumentName" => raw.name = Some(value),
            "DocumentNamespace" => raw.document_namespace = Some(value),
            "Creator" => raw
                .creation_info
                .get_or_insert_with(RawCreationInfo::default)
                .creators
                .push(value),
            "Created" => {
                raw.creation_info
                    .get_or_insert_with(RawCreationInfo::default)
                    .created = Some(value)
            }
            "ExternalDocumentRef" => {
                let mut parts = value.split_whitespace();
                raw.external_document_refs.push(RawExtDocRef {
                    external_document_id: parts.next().map(str::to_string),
                    spdx_document: parts.next().map(str::to_string),
                });
            }
            "Relationship" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                if parts.len() != 3 {
                    return Err(err(
                        lineno,
                        format!("Relationship needs three parts, found {value:?}"),
                    ));
                }
                raw.relationships.push(RawRelationship {
                    spdx_element_id: Some(parts[0].to_string()),
                    relationship_type: Some(parts[1].to_string()),
                    related_spdx_element: Some(parts[2].to_string()),
                });
            }
            "PackageName" => {
                ctx = Ctx::Package;
                raw.packages.push(RawPackage {
                    name: Some(value),
                    ..RawPackage::default()
                });
            }
            "FileName" => {
                ctx = Ctx::Other;
                raw.files.push(IgnoredAny);
            }
            "SnippetSPDXID" | "LicenseID" => ctx = Ctx::Other,
            "SPDXID" => match ctx {
                Ctx::Document => raw.spdx_id = Some(value),
                Ctx::Package => {
                    if let Some(p) = raw.packages.last_mut() {
                        p.spdx_id = Some(value);
                    }
                }
                Ctx::Other => {}
            },
            _ => {
                if let (Ctx::Package, Some(p)) = (&ctx, raw.packages.last_mut()) {
                    match tag {
                        "PackageVersion" => p.version_info = Some(value),
                        "PackageFileName" => p.package_file_name = Some(value),
                        "PackageSupplier" => p.supplier = Some(value),
                        "PackageOriginator" => p.originator = Some(value),
                        "PackageDownloadLocation" => p.download_location = Some(value),
                        "PackageHomePage" => p.homepage = Some(value),
                        "PackageLicenseConcluded" => p.license_concluded = Some(value),
                        "PackageLicenseDeclared" => p.license_declared = Some(value),
                        "PrimaryPackagePurpose" => p.primary_package_purpose = Some(value),
                        "PackageChecksum" => {
                            if let Some((alg, v)) = value.split_once(':') {
                                p.checksums.push(RawChecksum {
                                    algorithm: Some(alg.trim().to_string()),
                                    checksum_value: Some(v.trim().to_string()),
                                });
                            }
                        }
                        "ExternalRef" => {
                            let mut parts = value.split_whitespace();
                            p.external_refs.push(RawExternalRef {
                                reference_category: parts.next().map(str::to_string),
                                reference_type: parts.next().map(str::to_string),
                                reference_locator: parts.next().map(str::to_string),
                            });
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    check(&raw, file)?;
    Ok(Document {
        file: file.to_string(),
        raw,
        encoding: Encoding::TagValue,
    })
}

/// Parses an SPDX `supplier`/`originator`/creator value: `Organization: Name (email)`,
/// `Person: Name (email)`, `Tool: name`.
fn party(value: &str) -> Option<(String, Party)> {
    let value = clean_none(Some(value))?;
    let (kind, rest) = match value.split_once(':') {
        Some((k, r)) => (k.trim().to_string(), r.trim()),
        None => (String::new(), value.as_str()),
    };
    let (name, email) = match (rest.rfind('('), rest.ends_with(')')) {
        (Some(open), true) => (
            rest[..open].trim(),
            Some(rest[open + 1..rest.len() - 1].trim()),
        ),
        _ => (rest, None),
    };
    let name = clean_none(Some(name));
    let email = email.and_then(|e| clean_none(Some(e)));
    let party = Party {
        name,
        email,
        url: None,
    };
    (!party.is_empty()).then_some((kind, party))
}

fn component_of(p: RawPackage, bom_ref: String) -> Component {
    let mut c = Component::new(bom_ref, p.name.unwrap_or_default());
    c.kind = p
        .primary_package_purpose
        .as_deref()
        .map(ComponentKind::parse)
        .unwrap_or(ComponentKind::Library);
    c.version = clean(p.version_info.as_deref());
    c.file_name = clean_none(p.package_file_name.as_deref());
    c.supplier = p.supplier.as_deref().and_then(party).map(|(_, p)| p);
    c.authors = p
        .originator
        .as_deref()
        .and_then(party)
        .map(|(_, p)| p)
        .into_iter()
        .collect();
    if let Some(url) = clean_none(p.download_location.as_deref()) {
        let kind = if c.kind == ComponentKind::Source {
            "source-distribution"
        } else {
            "distribution"
        };
        c.external_refs.push(ExternalRef {
            kind: kind.into(),
            url,
            hashes: Vec::new(),
        });
    }
    if let Some(url) = clean_none(p.homepage.as_deref()) {
        c.external_refs.push(ExternalRef {
            kind: "website".into(),
            url,
            hashes: Vec::new(),
        });
    }
    c.licenses.concluded = clean(p.license_concluded.as_deref());
    c.licenses.declared = clean(p.license_declared.as_deref());
    c.hashes = p
        .checksums
        .into_iter()
        .filter_map(|h| {
            Some(Hash::new(
                h.algorithm.as_deref()?,
                h.checksum_value.as_deref()?,
            ))
        })
        .collect();
    for r in p.external_refs {
        let (Some(kind), Some(locator)) = (r.reference_type, clean(r.reference_locator.as_deref()))
        else {
            continue;
        };
        match kind.rsplit('/').next().unwrap_or(&kind) {
            "cpe23Type" | "cpe22Type" => c.cpes.push(locator),
            "purl" if c.purl.is_none() => c.purl = Some(locator),
            "swid" => c.swid = Some(locator),
            "advisory" | "fix" | "url" => c.external_refs.push(ExternalRef {
                kind: "advisories".into(),
                url: locator,
                hashes: Vec::new(),
            }),
            _ => {}
        }
    }
    c
}

/// Picks the root of a set of documents: one no other document refers to, preferring one that
/// describes an image or rootfs, then the one with the most external references.
fn pick_root(docs: &[Document]) -> usize {
    let namespaces: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Some((d.raw.document_namespace.as_deref()?, i)))
        .collect();
    let mut referenced = vec![false; docs.len()];
    for d in docs {
        for r in &d.raw.external_document_refs {
            if let Some(&j) = r.spdx_document.as_deref().and_then(|ns| namespaces.get(ns)) {
                referenced[j] = true;
            }
        }
    }
    let mut candidates: Vec<usize> = (0..docs.len()).filter(|&i| !referenced[i]).collect();
    if candidates.is_empty() {
        candidates = (0..docs.len()).collect();
    }
    let looks_like_image = |d: &Document| {
        let name = d
            .raw
            .name
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase();
        name.contains("rootfs")
            || name.contains("image")
            || d.raw.packages.iter().any(|p| {
                p.spdx_id
                    .as_deref()
                    .is_some_and(|id| id.to_ascii_lowercase().contains("image"))
            })
    };
    candidates
        .into_iter()
        .max_by_key(|&i| {
            (
                looks_like_image(&docs[i]),
                docs[i].raw.external_document_refs.len(),
                std::cmp::Reverse(docs[i].file.clone()),
            )
        })
        .unwrap_or(0)
}

/// Which way a relationship points when read as a dependency.
enum Edge {
    Forward,
    Backward,
}

fn edge(kind: &str) -> Option<Edge> {
    match kind {
        "DEPENDS_ON" | "CONTAINS" | "STATIC_LINK" | "DYNAMIC_LINK" | "HAS_PREREQUISITE" => {
            Some(Edge::Forward)
        }
        "DEPENDENCY_OF"
        | "RUNTIME_DEPENDENCY_OF"
        | "OPTIONAL_DEPENDENCY_OF"
        | "PROVIDED_DEPENDENCY_OF"
        | "CONTAINED_BY"
        | "PREREQUISITE_FOR" => Some(Edge::Backward),
        _ => None,
    }
}

/// Lowers one document or merges a set linked by external document references. The root is
/// chosen by [`pick_root`]; documents it does not reach are left out.
pub(crate) fn merge(docs: Vec<Document>, source: &str) -> Result<Sbom, SbomError> {
    if docs.is_empty() {
        return Err(SbomError::invalid(source, "no SPDX 2 documents found"));
    }
    let root = pick_root(&docs);
    // Namespace of each document (a document without one is named after its file).
    let ns_of: Vec<String> = docs
        .iter()
        .map(|d| {
            d.raw
                .document_namespace
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| d.file.clone())
        })
        .collect();
    let mut by_ns: HashMap<&str, usize> = HashMap::new();
    for (i, ns) in ns_of.iter().enumerate() {
        by_ns.entry(ns.as_str()).or_insert(i);
    }

    // Follow external document references from the root.
    let mut order = vec![root];
    let mut seen: HashSet<usize> = HashSet::from([root]);
    let mut unresolved: Vec<String> = Vec::new();
    let mut queue = VecDeque::from([root]);
    while let Some(i) = queue.pop_front() {
        for r in &docs[i].raw.external_document_refs {
            let Some(ns) = r.spdx_document.as_deref() else {
                continue;
            };
            match by_ns.get(ns) {
                Some(&j) => {
                    if seen.insert(j) {
                        order.push(j);
                        queue.push_back(j);
                    }
                }
                None => {
                    if !unresolved.iter().any(|u| u == ns) {
                        unresolved.push(ns.to_string());
                    }
                }
            }
        }
    }

    let root_doc = &docs[root].raw;
    let mut sbom = Sbom::new(
        Format::Spdx2,
        root_doc
            .spdx_version
            .as_deref()
            .unwrap_or_default()
            .trim()
            .trim_start_matches("SPDX-"),
        docs[root].encoding,
    );
    sbom.metadata.documents = order.len();
    sbom.metadata.unresolved_refs = unresolved;
    sbom.metadata.name = clean(root_doc.name.as_deref());
    sbom.metadata.namespace = root_doc.document_namespace.clone();
    sbom.metadata.data_license = root_doc.data_license.clone();
    if let Some(ci) = &root_doc.creation_info {
        sbom.metadata.timestamp = clean(ci.created.as_deref());
        for creator in &ci.creators {
            let Some((kind, p)) = party(creator) else {
                continue;
            };
            match kind.as_str() {
                "Tool" => sbom.metadata.tools.push(Tool {
                    vendor: None,
                    name: p.name.unwrap_or_default(),
                    version: None,
                }),
                "Person" => sbom.metadata.authors.push(p),
                _ => sbom.metadata.creators.push(p),
            }
        }
    }

    // Components, keyed by (document index, SPDXID).
    let mut key_of: HashMap<(usize, String), String> = HashMap::new();
    let mut root_list: Vec<String> = Vec::new();
    let mut docs = docs;
    for &i in &order {
        let ns = ns_of[i].clone();
        sbom.files += docs[i].raw.files.len();
        for p in std::mem::take(&mut docs[i].raw.packages) {
            let id = p.spdx_id.clone().unwrap_or_default();
            let bom_ref = if i == root && !id.is_empty() {
                id.clone()
            } else if id.is_empty() {
                format!("cra62443:generated:{}", sbom.components.len())
            } else {
                format!("{ns}#{id}")
            };
            key_of.insert((i, id), bom_ref.clone());
            if i == root {
                root_list.push(bom_ref.clone());
            }
            sbom.components.push(component_of(p, bom_ref));
        }
    }

    // External document references of each document: DocumentRef-x → document index.
    let doc_refs: HashMap<usize, HashMap<&str, usize>> = order
        .iter()
        .map(|&i| {
            let refs = docs[i]
                .raw
                .external_document_refs
                .iter()
                .filter_map(|r| {
                    let ns = r.spdx_document.as_deref()?;
                    Some((r.external_document_id.as_deref()?, *by_ns.get(ns)?))
                })
                .collect();
            (i, refs)
        })
        .collect();
    // Resolves an element reference written in document `i`.
    let resolve = |i: usize, element: &str| -> Option<String> {
        let (doc, id) = match element.split_once(':') {
            Some((doc_ref, id)) if doc_ref.starts_with("DocumentRef-") => {
                (*doc_refs.get(&i)?.get(doc_ref)?, id)
            }
            _ => (i, element),
        };
        key_of.get(&(doc, id.to_string())).cloned()
    };

    let mut graph = super::DepGraph::default();
    let mut completeness: HashMap<String, Completeness> = HashMap::new();
    let mut described: Vec<String> = Vec::new();
    for &i in &order {
        for r in &docs[i].raw.relationships {
            let (Some(a), Some(kind), Some(b)) = (
                r.spdx_element_id.as_deref(),
                r.relationship_type.as_deref(),
                r.related_spdx_element.as_deref(),
            ) else {
                continue;
            };
            let kind = kind.trim().to_ascii_uppercase();
            if kind == "DESCRIBES" && i == root {
                if let Some(t) = resolve(i, b) {
                    described.push(t);
                }
                continue;
            }
            if kind == "DESCRIBED_BY" && i == root {
                if let Some(t) = resolve(i, a) {
                    described.push(t);
                }
                continue;
            }
            let Some(direction) = edge(&kind) else {
                continue;
            };
            if matches!(direction, Edge::Forward) && (b == "NONE" || b == "NOASSERTION") {
                if let Some(from) = resolve(i, a) {
                    graph.entry(&from);
                    completeness.insert(
                        from,
                        if b == "NONE" {
                            Completeness::Complete
                        } else {
                            Completeness::Unknown
                        },
                    );
                }
                continue;
            }
            let (Some(ra), Some(rb)) = (resolve(i, a), resolve(i, b)) else {
                continue;
            };
            let (from, to) = match direction {
                Edge::Forward => (ra, rb),
                Edge::Backward => (rb, ra),
            };
            graph.add(&from, &to);
        }
    }
    for d in &docs[root].raw.document_describes {
        if let Some(t) = resolve(root, d) {
            described.push(t);
        }
    }
    for c in &mut sbom.components {
        c.dependency_completeness = completeness.get(&c.bom_ref).copied();
    }
    sbom.dependencies = graph.finish(source)?;

    // Primary: what the root document describes, else its only package, else its first package
    // that nothing else in it depends on.
    let root_refs: Vec<&Component> = root_list.iter().filter_map(|r| sbom.component(r)).collect();
    let primary = described
        .iter()
        .find_map(|d| sbom.component(d))
        .or_else(|| (root_refs.len() == 1).then(|| root_refs[0]))
        .or_else(|| {
            let targets: HashSet<&str> = sbom
                .dependencies
                .iter()
                .flat_map(|d| d.depends_on.iter().map(String::as_str))
                .collect();
            root_refs
                .iter()
                .copied()
                .find(|c| !targets.contains(c.bom_ref.as_str()))
        });
    sbom.primary = primary.map(ComponentRef::to);
    Ok(sbom)
}
