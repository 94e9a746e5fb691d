//! SPDX 3.0.x JSON-LD (`@context` + `@graph`).
//!
//! - `software_Package` elements become components; `software_File` elements are only counted.
//! - Relationships `dependsOn`, `contains`, `hasDynamicLink`, `hasStaticLink`,
//!   `hasOptionalDependency` and `hasProvidedDependency` between packages (any relationship class,
//!   e.g. `LifecycleScopedRelationship`) give dependencies; their `completeness` sets the
//!   depending package's completeness.
//! - A `build_Build` that has package outputs and non-source package inputs (the way Yocto
//!   records which packages went into a rootfs) makes each output depend on those inputs.
//! - `hasConcludedLicense` / `hasDeclaredLicense` relationships give the licences.
//! - The primary component is the first package among the `software_Sbom` root elements (else
//!   the `SpdxDocument` root elements).

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde_json::Value;

use super::serde_util::{OneOrMany, Text, clean, clean_none};
use crate::model::{
    Completeness, Component, ComponentKind, ComponentRef, Encoding, ExternalRef, Format, Hash,
    Party, Sbom, Tool,
};
use crate::{Limits, SbomError};

/// SPDX 3 versions this reader accepts.
pub(crate) const SUPPORTED: &str = "3.0.0, 3.0.1";

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawDoc {
    #[serde(rename = "@context")]
    context: Option<Value>,
    #[serde(rename = "@graph")]
    graph: Option<Vec<RawElement>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RawElement {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "@type")]
    at_type: Option<String>,
    spdx_id: Option<String>,
    #[serde(rename = "@id")]
    at_id: Option<String>,
    name: Option<Text>,
    creation_info: Option<Value>,
    spec_version: Option<Text>,
    created: Option<String>,
    created_by: OneOrMany<Value>,
    created_using: OneOrMany<Value>,
    root_element: OneOrMany<Value>,
    from: Option<Value>,
    to: OneOrMany<Value>,
    relationship_type: Option<String>,
    completeness: Option<String>,
    #[serde(rename = "software_packageVersion")]
    package_version: Option<Text>,
    #[serde(rename = "software_packageUrl")]
    package_url: Option<String>,
    #[serde(rename = "software_downloadLocation")]
    download_location: Option<String>,
    #[serde(rename = "software_homePage")]
    home_page: Option<String>,
    #[serde(rename = "software_sourceInfo")]
    source_info: Option<String>,
    #[serde(rename = "software_primaryPurpose")]
    primary_purpose: Option<String>,
    supplied_by: Option<Value>,
    originated_by: OneOrMany<Value>,
    external_identifier: OneOrMany<RawExternalIdentifier>,
    external_ref: OneOrMany<RawExternalRef>,
    verified_using: OneOrMany<RawIntegrity>,
    #[serde(rename = "simplelicensing_licenseExpression")]
    license_expression: Option<String>,
}

impl RawElement {
    fn kind(&self) -> &str {
        let t = self
            .kind
            .as_deref()
            .or(self.at_type.as_deref())
            .unwrap_or_default();
        // Accept prefixed IRIs or compact names alike.
        t.rsplit(['/', '#']).next().unwrap_or(t)
    }

    fn id(&self) -> Option<&str> {
        self.spdx_id.as_deref().or(self.at_id.as_deref())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RawExternalIdentifier {
    external_identifier_type: Option<String>,
    identifier: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RawExternalRef {
    external_ref_type: Option<String>,
    locator: OneOrMany<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RawIntegrity {
    algorithm: Option<String>,
    hash_value: Option<String>,
}

/// The id of a JSON-LD node reference: a string, or an object with `spdxId`/`@id`.
fn ref_id(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Object(m) => m
            .get("spdxId")
            .or_else(|| m.get("@id"))
            .and_then(Value::as_str),
        _ => None,
    }
}

fn is(kind: &str, name: &str) -> bool {
    kind == name || kind.strip_prefix("software_") == Some(name)
}

/// Reads SPDX 3 JSON-LD.
pub(crate) fn read(bytes: &[u8], file: &str, limits: &Limits) -> Result<Sbom, SbomError> {
    crate::limits::scan_json(bytes, file, limits)?;
    let raw: RawDoc = serde_json::from_slice(bytes).map_err(|e| SbomError::json(file, &e))?;
    let context_ok = match &raw.context {
        Some(Value::String(s)) => s.contains("spdx.org/rdf/3"),
        Some(Value::Array(a)) => a
            .iter()
            .any(|v| v.as_str().is_some_and(|s| s.contains("spdx.org/rdf/3"))),
        Some(_) => true,
        None => false,
    };
    if !context_ok {
        return Err(SbomError::UnknownFormat {
            file: file.to_string(),
            message: "JSON-LD @context does not name SPDX 3".into(),
        });
    }
    let graph = raw
        .graph
        .ok_or_else(|| SbomError::invalid(file, "SPDX 3 document has no @graph"))?;
    lower(graph, file)
}

fn lower(graph: Vec<RawElement>, file: &str) -> Result<Sbom, SbomError> {
    let by_id: HashMap<&str, usize> = graph
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((e.id()?, i)))
        .collect();
    let element = |v: &Value| ref_id(v).and_then(|id| by_id.get(id)).map(|&i| &graph[i]);

    // Specification version from any CreationInfo (named or inline).
    let spec_version = graph
        .iter()
        .find_map(|e| {
            if e.kind() == "CreationInfo" {
                e.spec_version.as_ref().map(|t| t.0.clone())
            } else {
                e.creation_info
                    .as_ref()
                    .and_then(|c| c.get("specVersion"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            }
        })
        .ok_or_else(|| SbomError::invalid(file, "no CreationInfo with a specVersion"))?;
    if !matches!(spec_version.as_str(), "3.0.0" | "3.0.1") {
        return Err(SbomError::UnsupportedVersion {
            file: file.to_string(),
            format: "SPDX",
            version: spec_version,
            supported: SUPPORTED,
        });
    }
    let mut sbom = Sbom::new(Format::Spdx3, spec_version, Encoding::Json);
    sbom.metadata.documents = 1;

    let document = graph.iter().find(|e| e.kind() == "SpdxDocument");
    let sbom_element = graph.iter().find(|e| is(e.kind(), "Sbom"));
    sbom.metadata.namespace = sbom_element
        .and_then(|e| e.id())
        .or_else(|| document.and_then(|e| e.id()))
        .map(str::to_string);
    sbom.metadata.name = document
        .or(sbom_element)
        .and_then(|e| e.name.as_ref())
        .and_then(|t| clean(Some(&t.0)));
    // Creation info of the document: a reference to a CreationInfo element or inline.
    let creation = document.or(sbom_element).and_then(|d| {
        let ci = d.creation_info.as_ref()?;
        Some(match element(ci) {
            Some(e) => (
                e.created.clone(),
                e.created_by.0.clone(),
                e.created_using.0.clone(),
            ),
            None => (
                ci.get("created")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                list(ci.get("createdBy")),
                list(ci.get("createdUsing")),
            ),
        })
    });
    if let Some((created, by, using)) = creation {
        sbom.metadata.timestamp = created;
        for agent in &by {
            let Some(e) = element(agent) else { continue };
            let p = agent_party(e);
            if e.kind() == "Person" {
                sbom.metadata.authors.push(p);
            } else {
                sbom.metadata.creators.push(p);
            }
        }
        for tool in &using {
            let Some(e) = element(tool) else { continue };
            if let Some(name) = e.name.as_ref().and_then(|t| clean(Some(&t.0))) {
                sbom.metadata.tools.push(Tool {
                    vendor: None,
                    name,
                    version: None,
                });
            }
        }
    }

    // Licences from relationships.
    let mut concluded: HashMap<&str, Vec<String>> = HashMap::new();
    let mut declared: HashMap<&str, Vec<String>> = HashMap::new();
    for e in &graph {
        let target = match e.relationship_type.as_deref() {
            Some("hasConcludedLicense") => &mut concluded,
            Some("hasDeclaredLicense") => &mut declared,
            _ => continue,
        };
        let Some(from) = e.from.as_ref().and_then(ref_id) else {
            continue;
        };
        for to in &e.to.0 {
            if let Some(l) = license_text(to, element(to)) {
                target.entry(from).or_default().push(l);
            }
        }
    }

    // Components.
    let mut is_package: HashSet<&str> = HashSet::new();
    let mut purpose: HashMap<&str, ComponentKind> = HashMap::new();
    for e in &graph {
        let kind = e.kind();
        if is(kind, "File") {
            sbom.files += 1;
            continue;
        }
        if kind == "security_Vulnerability" || kind == "Vulnerability" {
            sbom.vulnerabilities += 1;
            continue;
        }
        if !is(kind, "Package") {
            continue;
        }
        let Some(id) = e.id() else { continue };
        is_package.insert(id);
        let mut c = Component::new(id, e.name.as_ref().map(|t| t.0.clone()).unwrap_or_default());
        c.kind = e
            .primary_purpose
            .as_deref()
            .map(ComponentKind::parse)
            .unwrap_or(ComponentKind::Library);
        purpose.insert(id, c.kind);
        c.version = e.package_version.as_ref().and_then(|t| clean(Some(&t.0)));
        c.purl = clean(e.package_url.as_deref());
        c.supplier = e.supplied_by.as_ref().and_then(element).map(agent_party);
        c.authors = e
            .originated_by
            .0
            .iter()
            .filter_map(element)
            .map(agent_party)
            .collect();
        for x in &e.external_identifier.0 {
            let (Some(t), Some(v)) = (
                x.external_identifier_type.as_deref(),
                clean(x.identifier.as_deref()),
            ) else {
                continue;
            };
            match t {
                "cpe23" | "cpe22" => c.cpes.push(v),
                "packageUrl" if c.purl.is_none() => c.purl = Some(v),
                "swid" => c.swid = Some(v),
                _ => {}
            }
        }
        c.hashes = e
            .verified_using
            .0
            .iter()
            .filter_map(|h| Some(Hash::new(h.algorithm.as_deref()?, h.hash_value.as_deref()?)))
            .collect();
        if let Some(url) = clean_none(e.download_location.as_deref()) {
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
        if let Some(url) = clean_none(e.home_page.as_deref()) {
            c.external_refs.push(ExternalRef {
                kind: "website".into(),
                url,
                hashes: Vec::new(),
            });
        }
        if let Some(url) = clean_none(e.source_info.as_deref()).filter(|s| s.contains("://")) {
            c.external_refs.push(ExternalRef {
                kind: "vcs".into(),
                url,
                hashes: Vec::new(),
            });
        }
        for r in &e.external_ref.0 {
            let kind = match r.external_ref_type.as_deref() {
                Some("vcs") => "vcs",
                Some("sourceArtifact") => "source-distribution",
                Some("binaryArtifact") => "distribution",
                Some("securityAdvisory") | Some("securityFix") => "advisories",
                Some("securityPolicy") => "security-contact",
                Some("releaseNotes") => "release-notes",
                Some("documentation") => "documentation",
                _ => "other",
            };
            for url in &r.locator.0 {
                c.external_refs.push(ExternalRef {
                    kind: kind.into(),
                    url: url.clone(),
                    hashes: Vec::new(),
                });
            }
        }
        c.licenses.concluded = concluded.remove(id).and_then(super::cyclonedx::join_and);
        c.licenses.declared = declared.remove(id).and_then(super::cyclonedx::join_and);
        sbom.components.push(c);
    }

    // Dependencies.
    let mut deps = super::DepGraph::default();
    let mut completeness: HashMap<String, Completeness> = HashMap::new();
    let mut build_inputs: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut build_outputs: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in &graph {
        let Some(kind) = e.relationship_type.as_deref() else {
            continue;
        };
        let Some(from) = e.from.as_ref().and_then(ref_id) else {
            continue;
        };
        match kind {
            "dependsOn"
            | "contains"
            | "hasDynamicLink"
            | "hasStaticLink"
            | "hasOptionalDependency"
            | "hasProvidedDependency" => {
                if !is_package.contains(from) {
                    continue;
                }
                let targets: Vec<&str> =
                    e.to.0
                        .iter()
                        .filter_map(ref_id)
                        .filter(|t| is_package.contains(t))
                        .collect();
                if let Some(state) = e.completeness.as_deref() {
                    completeness.insert(
                        from.to_string(),
                        match state {
                            "complete" => Completeness::Complete,
                            "incomplete" => Completeness::Incomplete,
                            _ => Completeness::Unknown,
                        },
                    );
                    deps.entry(from);
                }
                for t in targets {
                    deps.add(from, t);
                }
            }
            "hasInput" => build_inputs
                .entry(from)
                .or_default()
                .extend(e.to.0.iter().filter_map(ref_id)),
            "hasOutput" => build_outputs
                .entry(from)
                .or_default()
                .extend(e.to.0.iter().filter_map(ref_id)),
            _ => {}
        }
    }
    // Build outputs depend on the (non-source) packages that went into them.
    let mut builds: Vec<&&str> = build_outputs.keys().collect();
    builds.sort();
    for build in builds {
        let Some(inputs) = build_inputs.get(*build) else {
            continue;
        };
        let inputs: Vec<&str> = inputs
            .iter()
            .copied()
            .filter(|i| is_package.contains(i) && purpose.get(i) != Some(&ComponentKind::Source))
            .collect();
        for output in &build_outputs[*build] {
            if !is_package.contains(output) {
                continue;
            }
            for input in &inputs {
                if input != output {
                    deps.add(output, input);
                }
            }
        }
    }
    for c in &mut sbom.components {
        c.dependency_completeness = completeness.get(&c.bom_ref).copied();
    }
    sbom.dependencies = deps.finish(file)?;

    // Primary component.
    let roots = sbom_element
        .map(|e| &e.root_element.0)
        .into_iter()
        .chain(document.map(|e| &e.root_element.0))
        .flatten()
        .filter_map(ref_id);
    let mut primary = None;
    for r in roots {
        if is_package.contains(r) {
            primary = sbom.component(r).map(ComponentRef::to);
            break;
        }
    }
    sbom.primary = primary;
    Ok(sbom)
}

fn list(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::Array(a)) => a.clone(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other.clone()],
    }
}

fn agent_party(e: &RawElement) -> Party {
    let mut p = Party {
        name: e.name.as_ref().and_then(|t| clean(Some(&t.0))),
        email: None,
        url: None,
    };
    for x in &e.external_identifier.0 {
        match x.external_identifier_type.as_deref() {
            Some("email") => p.email = clean(x.identifier.as_deref()),
            Some("urlScheme") => p.url = clean(x.identifier.as_deref()),
            _ => {}
        }
    }
    p
}

/// The licence text of a licence reference: the expression of a `LicenseExpression` element, the
/// name of a listed/custom licence element, or the last segment of a licence IRI.
fn license_text(reference: &Value, element: Option<&RawElement>) -> Option<String> {
    if let Some(e) = element {
        if let Some(expr) = clean(e.license_expression.as_deref()) {
            return Some(expr);
        }
        if let Some(name) = e.name.as_ref().and_then(|t| clean(Some(&t.0))) {
            return Some(name);
        }
    }
    let id = ref_id(reference)?;
    let tail = id.rsplit('/').next()?;
    match tail {
        "NoAssertionLicense" | "" => None,
        "NoneLicense" => Some("NONE".into()),
        t => Some(t.to_string()),
    }
}
