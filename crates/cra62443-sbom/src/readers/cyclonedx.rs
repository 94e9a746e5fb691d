//! CycloneDX 1.2–1.7 JSON: a lenient serde model of the parts we use, and its lowering to the
//! normalised [`Sbom`]. The XML reader converts XML into the same JSON shape first.

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::serde_util::{Text, nullable};
use crate::model::{
    BSI_FILENAME, Completeness, Component, ComponentKind, ComponentRef, Encoding, ExternalRef,
    Format, Hash, Party, Property, Sbom, Tool,
};
use crate::{Limits, SbomError};

/// CycloneDX versions this reader accepts.
pub(crate) const SUPPORTED: &str = "1.2, 1.3, 1.4, 1.5, 1.6, 1.7";

/// Property that carries CPEs beyond the first (CycloneDX has one `cpe` per component).
pub(crate) const EXTRA_CPE_PROPERTY: &str = "cra62443:cpe";
/// Property that carries a declared licence that cannot share the `licenses` array with the
/// concluded one in CycloneDX 1.6 (two compound expressions).
pub(crate) const DECLARED_LICENSE_PROPERTY: &str = "cra62443:license:declared";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawBom {
    pub bom_format: Option<String>,
    pub spec_version: Option<Text>,
    pub serial_number: Option<String>,
    pub version: Option<serde_json::Value>,
    pub metadata: Option<RawMetadata>,
    #[serde(deserialize_with = "nullable")]
    pub components: Vec<RawComponent>,
    #[serde(deserialize_with = "nullable")]
    pub dependencies: Vec<RawDependency>,
    #[serde(deserialize_with = "nullable")]
    pub compositions: Vec<RawComposition>,
    #[serde(deserialize_with = "nullable")]
    pub vulnerabilities: Vec<IgnoredAny>,
    pub signature: Option<IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawMetadata {
    pub timestamp: Option<String>,
    pub tools: Option<RawTools>,
    #[serde(deserialize_with = "nullable")]
    pub authors: Vec<RawContact>,
    pub component: Option<Box<RawComponent>>,
    pub manufacture: Option<RawOrg>,
    pub manufacturer: Option<RawOrg>,
    pub supplier: Option<RawOrg>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawTools {
    Legacy(Vec<RawTool>),
    Modern {
        #[serde(default, deserialize_with = "nullable")]
        components: Vec<RawComponent>,
        #[serde(default, deserialize_with = "nullable")]
        services: Vec<RawTool>,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawTool {
    pub vendor: Option<Text>,
    pub group: Option<Text>,
    pub name: Option<Text>,
    pub version: Option<Text>,
    pub provider: Option<RawOrg>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawOrg {
    pub name: Option<Text>,
    #[serde(deserialize_with = "nullable")]
    pub url: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub contact: Vec<RawContact>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawContact {
    pub name: Option<Text>,
    pub email: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawComponent {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde(rename = "bom-ref")]
    pub bom_ref: Option<Text>,
    pub group: Option<Text>,
    pub name: Option<Text>,
    pub version: Option<Text>,
    pub supplier: Option<RawOrg>,
    pub manufacturer: Option<RawOrg>,
    pub author: Option<Text>,
    #[serde(deserialize_with = "nullable")]
    pub authors: Vec<RawContact>,
    #[serde(deserialize_with = "nullable")]
    pub hashes: Vec<RawHash>,
    #[serde(deserialize_with = "nullable")]
    pub licenses: Vec<RawLicenseChoice>,
    pub cpe: Option<String>,
    pub purl: Option<String>,
    pub swid: Option<RawSwid>,
    #[serde(deserialize_with = "nullable")]
    pub external_references: Vec<RawExternalRef>,
    #[serde(deserialize_with = "nullable")]
    pub properties: Vec<RawProperty>,
    #[serde(deserialize_with = "nullable")]
    pub components: Vec<RawComponent>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawHash {
    pub alg: Option<String>,
    pub content: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawLicenseChoice {
    pub license: Option<RawLicense>,
    pub expression: Option<String>,
    pub acknowledgement: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawLicense {
    pub id: Option<String>,
    pub name: Option<String>,
    pub acknowledgement: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawSwid {
    pub tag_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawExternalRef {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub url: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub hashes: Vec<RawHash>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawProperty {
    pub name: Option<String>,
    pub value: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawDependency {
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub depends_on: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawComposition {
    pub aggregate: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub assemblies: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub dependencies: Vec<String>,
}

/// Parses CycloneDX JSON text.
pub(crate) fn read_json(bytes: &[u8], file: &str, limits: &Limits) -> Result<Sbom, SbomError> {
    crate::limits::scan_json(bytes, file, limits)?;
    let raw: RawBom = serde_json::from_slice(bytes).map_err(|e| SbomError::json(file, &e))?;
    lower(raw, file, Encoding::Json)
}

/// Checks a CycloneDX spec version string.
pub(crate) fn check_version(version: &str, file: &str) -> Result<(), SbomError> {
    match version {
        "1.2" | "1.3" | "1.4" | "1.5" | "1.6" | "1.7" => Ok(()),
        other => Err(SbomError::UnsupportedVersion {
            file: file.to_string(),
            format: "CycloneDX",
            version: other.to_string(),
            supported: SUPPORTED,
        }),
    }
}

/// Turns the raw model into the normalised one.
pub(crate) fn lower(raw: RawBom, file: &str, encoding: Encoding) -> Result<Sbom, SbomError> {
    if let Some(f) = raw.bom_format.as_deref()
        && !f.eq_ignore_ascii_case("CycloneDX")
    {
        return Err(SbomError::invalid(
            file,
            format!("bomFormat is {f:?}, expected \"CycloneDX\""),
        ));
    }
    let version = raw
        .spec_version
        .map(|t| t.0.trim().to_string())
        .ok_or_else(|| SbomError::invalid(file, "specVersion is missing"))?;
    check_version(&version, file)?;

    let mut sbom = Sbom::new(Format::CycloneDx, version, encoding);
    sbom.metadata.documents = 1;
    sbom.metadata.serial_number = raw.serial_number.filter(|s| !s.trim().is_empty());
    sbom.metadata.version = raw.version.as_ref().and_then(|v| match v {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    sbom.metadata.signed = raw.signature.is_some();
    sbom.vulnerabilities = raw.vulnerabilities.len();

    let mut lowering = Lowering::default();
    if let Some(meta) = raw.metadata {
        sbom.metadata.timestamp = meta.timestamp.filter(|s| !s.trim().is_empty());
        sbom.metadata.authors = meta.authors.into_iter().map(contact).collect();
        sbom.metadata.supplier = meta.supplier.map(org).filter(|p| !p.is_empty());
        if let Some(m) = meta.manufacturer.or(meta.manufacture).map(org)
            && !m.is_empty()
        {
            sbom.metadata.creators.push(m);
        }
        sbom.metadata.tools = match meta.tools {
            None => Vec::new(),
            Some(RawTools::Legacy(tools)) => tools.into_iter().filter_map(tool).collect(),
            Some(RawTools::Modern {
                components,
                services,
            }) => components
                .into_iter()
                .map(|c| RawTool {
                    vendor: c.supplier.and_then(|s| s.name),
                    group: c.group,
                    name: c.name,
                    version: c.version,
                    provider: None,
                })
                .chain(services)
                .filter_map(tool)
                .collect(),
        };
        if let Some(primary) = meta.component {
            let index = lowering.components.len();
            lowering.flatten(*primary, None);
            let p = &lowering.components[index];
            sbom.primary = Some(ComponentRef::to(p));
        }
    }
    for c in raw.components {
        lowering.flatten(c, None);
    }
    // metadata.component repeated in components: keep one.
    if let Some(p) = &sbom.primary {
        let mut seen = false;
        lowering.components.retain(|c| {
            if c.bom_ref == p.bom_ref && !c.bom_ref.starts_with("cra62443:generated:") {
                if seen {
                    return false;
                }
                seen = true;
            }
            true
        });
    }

    // Dependencies: merge repeated entries, keep order, drop duplicates.
    let mut graph = super::DepGraph::default();
    for d in raw.dependencies {
        let Some(r) = d.reference.filter(|r| !r.is_empty()) else {
            continue;
        };
        graph.entry(&r);
        for t in d.depends_on {
            graph.add(&r, &t);
        }
    }
    sbom.dependencies = graph.finish(file)?;

    // Compositions state how complete each component's dependency list is.
    let mut completeness: HashMap<String, Completeness> = HashMap::new();
    for comp in raw.compositions {
        let Some(state) = comp.aggregate.as_deref().map(parse_aggregate) else {
            continue;
        };
        for r in comp.dependencies {
            completeness.entry(r).or_insert(state);
        }
    }
    for c in &mut lowering.components {
        c.dependency_completeness = completeness.get(&c.bom_ref).copied();
    }
    sbom.components = lowering.components;
    Ok(sbom)
}

fn parse_aggregate(value: &str) -> Completeness {
    match value.trim() {
        "complete" => Completeness::Complete,
        v if v.starts_with("incomplete") => Completeness::Incomplete,
        _ => Completeness::Unknown,
    }
}

#[derive(Default)]
struct Lowering {
    components: Vec<Component>,
}

impl Lowering {
    fn flatten(&mut self, raw: RawComponent, parent: Option<&str>) {
        let index = self.components.len();
        let bom_ref = raw
            .bom_ref
            .map(|t| t.0)
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| format!("cra62443:generated:{index}"));
        let mut c = Component::new(bom_ref, raw.name.map(|t| t.0).unwrap_or_default());
        c.kind = raw
            .kind
            .as_deref()
            .map(ComponentKind::parse)
            .unwrap_or(ComponentKind::Library);
        c.group = raw.group.map(|t| t.0).filter(|g| !g.is_empty());
        c.version = raw.version.map(|t| t.0).filter(|v| !v.is_empty());
        c.supplier = raw.supplier.map(org).filter(|p| !p.is_empty());
        c.manufacturer = raw.manufacturer.map(org).filter(|p| !p.is_empty());
        c.authors = raw.authors.into_iter().map(contact).collect();
        if let Some(a) = raw.author.map(|t| t.0).filter(|a| !a.trim().is_empty()) {
            c.authors.push(Party::named(a));
        }
        c.purl = raw.purl.filter(|p| !p.trim().is_empty());
        c.cpes = raw
            .cpe
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect();
        c.swid = raw.swid.and_then(|s| s.tag_id);
        c.hashes = hashes(raw.hashes);
        licenses(raw.licenses, &mut c);
        c.external_refs = raw
            .external_references
            .into_iter()
            .filter_map(|r| {
                Some(ExternalRef {
                    kind: r.kind.unwrap_or_else(|| "other".into()),
                    url: r.url.filter(|u| !u.trim().is_empty())?,
                    hashes: hashes(r.hashes),
                })
            })
            .collect();
        for p in raw.properties {
            let Some(name) = p.name else { continue };
            let value = p.value.map(|t| t.0).unwrap_or_default();
            match name.as_str() {
                EXTRA_CPE_PROPERTY => c.cpes.push(value),
                DECLARED_LICENSE_PROPERTY => c.licenses.declared = Some(value),
                _ => {
                    if name == BSI_FILENAME && c.file_name.is_none() && !value.is_empty() {
                        c.file_name = Some(value.clone());
                    }
                    c.properties.push(Property { name, value });
                }
            }
        }
        c.parent = parent.map(str::to_string);
        let own_ref = c.bom_ref.clone();
        self.components.push(c);
        for child in raw.components {
            self.flatten(child, Some(&own_ref));
        }
    }
}

fn text(t: Option<Text>) -> Option<String> {
    t.map(|t| t.0).filter(|s| !s.trim().is_empty())
}

fn org(o: RawOrg) -> Party {
    let email = o
        .contact
        .iter()
        .find_map(|c| c.email.as_ref().map(|e| e.0.clone()))
        .filter(|e| !e.is_empty());
    let name = text(o.name).or_else(|| o.contact.into_iter().find_map(|c| text(c.name)));
    Party {
        name,
        email,
        url: o.url.into_iter().find(|u| !u.trim().is_empty()),
    }
}

fn contact(c: RawContact) -> Party {
    Party {
        name: text(c.name),
        email: text(c.email),
        url: None,
    }
}

fn tool(t: RawTool) -> Option<Tool> {
    Some(Tool {
        vendor: text(t.vendor)
            .or_else(|| text(t.group))
            .or_else(|| t.provider.and_then(|p| text(p.name))),
        name: text(t.name)?,
        version: text(t.version),
    })
}

fn hashes(raw: Vec<RawHash>) -> Vec<Hash> {
    raw.into_iter()
        .filter_map(|h| Some(Hash::new(h.alg.as_deref()?, h.content.as_deref()?)))
        .filter(|h| !h.value.is_empty())
        .collect()
}

/// CycloneDX licences: `concluded` and unacknowledged ones become the concluded expression,
/// `declared` ones the declared expression; several entries are joined with `AND`.
fn licenses(raw: Vec<RawLicenseChoice>, c: &mut Component) {
    let mut concluded: Vec<String> = Vec::new();
    let mut declared: Vec<String> = Vec::new();
    for choice in raw {
        let (expr, ack) = if let Some(e) = choice.expression.filter(|e| !e.trim().is_empty()) {
            (e.trim().to_string(), choice.acknowledgement)
        } else if let Some(l) = choice.license {
            let Some(id) =
                l.id.or(l.name)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            else {
                continue;
            };
            (id, l.acknowledgement.or(choice.acknowledgement))
        } else {
            continue;
        };
        match ack.as_deref() {
            Some("declared") => declared.push(expr),
            _ => concluded.push(expr),
        }
    }
    c.licenses.concluded = join_and(concluded);
    c.licenses.declared = join_and(declared);
}

/// Joins licence expressions with `AND`, bracketing compound ones.
pub(crate) fn join_and(mut parts: Vec<String>) -> Option<String> {
    parts.dedup();
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(
            parts
                .iter()
                .map(|p| {
                    if p.contains(' ') {
                        format!("({p})")
                    } else {
                        p.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" AND "),
        ),
    }
}
