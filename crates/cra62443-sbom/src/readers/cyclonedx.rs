//! CycloneDX 1.2–1.7 JSON: a lenient serde model of the parts we use, and its lowering to the
//! normalised [`Sbom`]. The XML reader converts XML into the same JSON shape first.

use std::collections::HashMap;
use std::io::{BufReader, Read};

use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::serde_util::{Text, nullable};
use crate::limits::JsonScanner;
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
///
/// The document is lowered while it is parsed: each element of `components`, `dependencies` and
/// `compositions` is deserialised into its raw form, converted and dropped before the next one is
/// read, so only the input and the finished model are held in memory, never a full raw copy.
pub(crate) fn read_json(bytes: &[u8], file: &str, limits: &Limits) -> Result<Sbom, SbomError> {
    crate::limits::scan_json(bytes, file, limits)?;
    let mut builder = Builder::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    BomSeed(&mut builder)
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| SbomError::json(file, &e))?;
    builder.finish(file, Encoding::Json)
}

/// Parses CycloneDX JSON text from a reader (a file) without holding the text in memory: the
/// limits are checked on each chunk before the parser sees it, and the input may not exceed
/// `limits.max_input_bytes`.
pub(crate) fn read_json_stream(
    reader: impl Read,
    file: &str,
    limits: &Limits,
) -> Result<Sbom, SbomError> {
    let mut checked = CheckedReader {
        inner: reader,
        scanner: JsonScanner::new(limits),
        remaining: limits.max_input_bytes,
        max_input_bytes: limits.max_input_bytes,
        file,
        error: None,
    };
    let mut builder = Builder::default();
    let result = {
        let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(
            STREAM_BUFFER,
            &mut checked,
        ));
        BomSeed(&mut builder)
            .deserialize(&mut de)
            .and_then(|()| de.end())
    };
    if let Some(e) = checked.error {
        return Err(e);
    }
    result.map_err(|e| {
        if e.is_io() {
            SbomError::Io {
                path: file.into(),
                source: e.into(),
            }
        } else {
            SbomError::json(file, &e)
        }
    })?;
    builder.finish(file, Encoding::Json)
}

/// Chunk size of [`read_json_stream`].
const STREAM_BUFFER: usize = 256 * 1024;

/// Passes bytes through to the parser after checking the size, depth and string limits.
struct CheckedReader<'a, R> {
    inner: R,
    scanner: JsonScanner,
    remaining: u64,
    max_input_bytes: u64,
    file: &'a str,
    /// The limit that stopped reading, reported instead of the parser's I/O error.
    error: Option<SbomError>,
}

impl<R: Read> Read for CheckedReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.error.is_some() {
            return Err(std::io::Error::other("limit exceeded"));
        }
        let n = self.inner.read(buf)?;
        if n as u64 > self.remaining {
            self.error = Some(SbomError::TooLarge {
                file: self.file.to_string(),
                what: "input",
                limit: self.max_input_bytes,
            });
            return Err(std::io::Error::other("input too large"));
        }
        self.remaining -= n as u64;
        if let Err((line, column, message)) = self.scanner.feed(&buf[..n]) {
            self.error = Some(SbomError::LimitExceeded {
                file: self.file.to_string(),
                line,
                column,
                message,
            });
            return Err(std::io::Error::other("limit exceeded"));
        }
        Ok(n)
    }
}

/// Reads a CycloneDX document already in the JSON shape as a [`serde_json::Value`] (the XML
/// reader converts XML into it). Deserialisation errors are returned as they are.
pub(crate) fn read_value(
    value: serde_json::Value,
    file: &str,
    encoding: Encoding,
) -> Result<Result<Sbom, SbomError>, serde_json::Error> {
    let mut builder = Builder::default();
    BomSeed(&mut builder).deserialize(value)?;
    Ok(builder.finish(file, encoding))
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

/// The top-level keys of a CycloneDX document that are read.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum BomField {
    BomFormat,
    SpecVersion,
    SerialNumber,
    Version,
    Metadata,
    Components,
    Dependencies,
    Compositions,
    Vulnerabilities,
    Signature,
    #[serde(other)]
    Other,
}

/// What is gathered while a document is parsed; [`Builder::finish`] makes the [`Sbom`].
#[derive(Default)]
struct Builder {
    bom_format: Option<String>,
    spec_version: Option<Text>,
    serial_number: Option<String>,
    version: Option<serde_json::Value>,
    metadata: Option<RawMetadata>,
    /// Where the primary component's subtree sits in `lowering.components` (start, length).
    primary: Option<(usize, usize)>,
    signed: bool,
    vulnerabilities: usize,
    lowering: Lowering,
    graph: super::DepGraph,
    completeness: HashMap<String, Completeness>,
}

/// Deserialises a whole document into a [`Builder`].
struct BomSeed<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for BomSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BomSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a CycloneDX BOM object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.0;
        let mut seen = [false; 10];
        let mut once = |field: BomField, name: &'static str| -> Result<(), A::Error> {
            let i = field as usize;
            if i < seen.len() {
                if seen[i] {
                    return Err(de::Error::duplicate_field(name));
                }
                seen[i] = true;
            }
            Ok(())
        };
        while let Some(key) = map.next_key::<BomField>()? {
            match key {
                BomField::BomFormat => {
                    once(key, "bomFormat")?;
                    b.bom_format = map.next_value()?;
                }
                BomField::SpecVersion => {
                    once(key, "specVersion")?;
                    b.spec_version = map.next_value()?;
                }
                BomField::SerialNumber => {
                    once(key, "serialNumber")?;
                    b.serial_number = map.next_value()?;
                }
                BomField::Version => {
                    once(key, "version")?;
                    b.version = map.next_value()?;
                }
                BomField::Metadata => {
                    once(key, "metadata")?;
                    let meta: Option<RawMetadata> = map.next_value()?;
                    if let Some(mut meta) = meta {
                        if let Some(primary) = meta.component.take() {
                            let start = b.lowering.components.len();
                            b.lowering.flatten(*primary, None);
                            b.primary = Some((start, b.lowering.components.len() - start));
                        }
                        b.metadata = Some(meta);
                    }
                }
                BomField::Components => {
                    once(key, "components")?;
                    let lowering = &mut b.lowering;
                    map.next_value_seed(Each::new(|c: RawComponent| lowering.flatten(c, None)))?;
                }
                BomField::Dependencies => {
                    once(key, "dependencies")?;
                    let graph = &mut b.graph;
                    map.next_value_seed(Each::new(|d: RawDependency| {
                        let Some(r) = d.reference.filter(|r| !r.is_empty()) else {
                            return;
                        };
                        let k = graph.entry(&r);
                        graph.reserve_new(k, d.depends_on.len());
                        for t in d.depends_on {
                            graph.add(&r, &t);
                        }
                    }))?;
                }
                BomField::Compositions => {
                    once(key, "compositions")?;
                    let completeness = &mut b.completeness;
                    map.next_value_seed(Each::new(|comp: RawComposition| {
                        let Some(state) = comp.aggregate.as_deref().map(parse_aggregate) else {
                            return;
                        };
                        for r in comp.dependencies {
                            completeness.entry(r).or_insert(state);
                        }
                    }))?;
                }
                BomField::Vulnerabilities => {
                    once(key, "vulnerabilities")?;
                    let count = &mut b.vulnerabilities;
                    map.next_value_seed(Each::new(|_: IgnoredAny| *count += 1))?;
                }
                BomField::Signature => {
                    once(key, "signature")?;
                    b.signed = map.next_value::<Option<IgnoredAny>>()?.is_some();
                }
                BomField::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// Deserialises an array (or `null`, read as empty) element by element, handing each element to
/// a function as soon as it is read, without collecting them.
struct Each<T, F> {
    f: F,
    element: PhantomData<fn() -> T>,
}

impl<T, F> Each<T, F> {
    fn new(f: F) -> Self {
        Each {
            f,
            element: PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>, F: FnMut(T)> DeserializeSeed<'de> for Each<T, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Deserialize<'de>, F: FnMut(T)> Visitor<'de> for Each<T, F> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(element) = seq.next_element::<T>()? {
            (self.f)(element);
        }
        Ok(())
    }
}

impl Builder {
    /// Checks the header and turns what was gathered into the normalised model.
    fn finish(self, file: &str, encoding: Encoding) -> Result<Sbom, SbomError> {
        if let Some(f) = self.bom_format.as_deref()
            && !f.eq_ignore_ascii_case("CycloneDX")
        {
            return Err(SbomError::invalid(
                file,
                format!("bomFormat is {f:?}, expected \"CycloneDX\""),
            ));
        }
        let version = self
            .spec_version
            .map(|t| t.0.trim().to_string())
            .ok_or_else(|| SbomError::invalid(file, "specVersion is missing"))?;
        check_version(&version, file)?;

        let mut sbom = Sbom::new(Format::CycloneDx, version, encoding);
        sbom.metadata.documents = 1;
        sbom.metadata.serial_number = self.serial_number.filter(|s| !s.trim().is_empty());
        sbom.metadata.version = self.version.as_ref().and_then(|v| match v {
            serde_json::Value::Number(n) => n.as_u64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
        sbom.metadata.signed = self.signed;
        sbom.vulnerabilities = self.vulnerabilities;

        let mut lowering = self.lowering;
        // The primary component comes first, as if `metadata` preceded `components`.
        if let Some((start, len)) = self.primary
            && start > 0
        {
            lowering.move_to_front(start, len);
        }
        if let Some(meta) = self.metadata {
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
        }
        if self.primary.is_some() {
            sbom.primary = Some(ComponentRef::to(&lowering.components[0]));
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

        // Dependencies were merged while reading: entries in order, duplicates dropped.
        sbom.dependencies = self.graph.finish(file)?;

        // Compositions state how complete each component's dependency list is.
        if !self.completeness.is_empty() {
            for c in &mut lowering.components {
                c.dependency_completeness = self.completeness.get(&c.bom_ref).copied();
            }
        }
        sbom.components = lowering.components;
        sbom.components.shrink_to_fit();
        Ok(sbom)
    }
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
    /// Indices of components whose `bom_ref` was generated.
    generated: Vec<usize>,
    /// (child, parent) indices of nested components whose parent's `bom_ref` was generated.
    generated_parents: Vec<(usize, usize)>,
}

/// The `bom_ref` given to the component at `index` when the input has none.
fn generated_ref(index: usize) -> String {
    format!("cra62443:generated:{index}")
}

impl Lowering {
    /// Moves the components `start..start + len` (the primary component's subtree, read after
    /// `components`) to the front, renumbering generated references as if they had been read
    /// first.
    fn move_to_front(&mut self, start: usize, len: usize) {
        debug_assert_eq!(start + len, self.components.len());
        self.components.rotate_right(len);
        let new_index = |i: usize| if i >= start { i - start } else { i + len };
        for &g in &self.generated {
            let i = new_index(g);
            self.components[i].bom_ref = generated_ref(i);
        }
        for &(child, parent) in &self.generated_parents {
            self.components[new_index(child)].parent = Some(generated_ref(new_index(parent)));
        }
    }

    fn flatten(&mut self, raw: RawComponent, parent: Option<usize>) {
        let index = self.components.len();
        let bom_ref = match raw.bom_ref.map(|t| t.0).filter(|r| !r.trim().is_empty()) {
            Some(r) => r,
            None => {
                self.generated.push(index);
                generated_ref(index)
            }
        };
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
        if let Some(p) = parent {
            c.parent = Some(self.components[p].bom_ref.clone());
            if self.generated.last() == Some(&p) || self.generated.binary_search(&p).is_ok() {
                self.generated_parents.push((index, p));
            }
        }
        // Collected vectors start at a capacity of four: keep only what is used.
        c.authors.shrink_to_fit();
        c.cpes.shrink_to_fit();
        c.hashes.shrink_to_fit();
        c.external_refs.shrink_to_fit();
        c.properties.shrink_to_fit();
        self.components.push(c);
        for child in raw.components {
            self.flatten(child, Some(index));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Sbom {
        read_json(json.as_bytes(), "t.json", &Limits::default()).expect("parses")
    }

    #[test]
    fn key_order_does_not_matter() {
        let metadata =
            r#""metadata": {"component": {"name": "fw", "components": [{"name": "part"}]}}"#;
        let components = r#""components": [{"name": "a", "components": [{"name": "a1"}]},
            {"bom-ref": "b", "name": "b"}]"#;
        let deps = r#""dependencies": [{"ref": "b", "dependsOn": ["b", "x", "x"]}, {"ref": "b", "dependsOn": ["y"]}]"#;
        let head = r#""bomFormat": "CycloneDX", "specVersion": "1.6""#;
        let first = read(&format!("{{{head}, {metadata}, {components}, {deps}}}"));
        let last = read(&format!("{{{deps}, {components}, {head}, {metadata}}}"));
        assert_eq!(first, last);
        let refs: Vec<_> = first
            .components
            .iter()
            .map(|c| c.bom_ref.as_str())
            .collect();
        assert_eq!(
            refs,
            [
                "cra62443:generated:0",
                "cra62443:generated:1",
                "cra62443:generated:2",
                "cra62443:generated:3",
                "b"
            ]
        );
        assert_eq!(
            first.components[1].parent.as_deref(),
            Some("cra62443:generated:0")
        );
        assert_eq!(
            first.components[3].parent.as_deref(),
            Some("cra62443:generated:2")
        );
        assert_eq!(first.primary.as_ref().map(|p| p.name.as_str()), Some("fw"));
        assert_eq!(first.dependencies.len(), 1);
        assert_eq!(first.dependencies[0].depends_on, ["b", "x", "y"]);
    }

    #[test]
    fn duplicate_and_null_keys() {
        let err = read_json(
            br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [], "components": []}"#,
            "t.json",
            &Limits::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("duplicate field `components`"),
            "{err}"
        );
        let s = read(
            r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": null,
                "dependencies": null, "vulnerabilities": [{}, {}], "signature": null}"#,
        );
        assert!(s.components.is_empty());
        assert_eq!(s.vulnerabilities, 2);
        assert!(!s.metadata.signed);
    }

    #[test]
    fn long_dependency_lists_are_deduplicated() {
        let targets: Vec<String> = (0..100)
            .chain(0..100)
            .map(|i| format!("\"t{i}\""))
            .collect();
        let s = read(&format!(
            r#"{{"bomFormat": "CycloneDX", "specVersion": "1.6",
                "dependencies": [{{"ref": "r", "dependsOn": [{}]}}]}}"#,
            targets.join(",")
        ));
        assert_eq!(s.dependencies[0].depends_on.len(), 100);
    }
}
