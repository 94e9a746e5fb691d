//! The normalised SBOM model every reader produces and every consumer (conversion, quality checks,
//! vulnerability matching) works on.
//!
//! The model is deliberately format-neutral: CycloneDX components, SPDX 2 packages and SPDX 3
//! `software_Package` elements all become [`Component`]s. SPDX *files* are not components: they
//! are only counted ([`Sbom::files`]). The primary component (CycloneDX `metadata.component`, the
//! package an SPDX document describes) is itself one of [`Sbom::components`] and is pointed at by
//! [`Sbom::primary`].

use std::fmt;

use serde::{Serialize, Serializer};

/// An SBOM read from any supported format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sbom {
    /// The format family of the input.
    pub format: Format,
    /// The specification version the document declares, e.g. `"1.4"`, `"2.2"`, `"3.0.1"`.
    pub spec_version: String,
    /// How the document was encoded (BSI TR-03183-2 asks for JSON or XML).
    pub encoding: Encoding,
    /// The component the SBOM describes (the product), if the document names one.
    pub primary: Option<ComponentRef>,
    /// Every component, flattened (nested CycloneDX components carry [`Component::parent`]);
    /// includes the primary component.
    pub components: Vec<Component>,
    /// The dependency graph: one entry per component that states its dependencies.
    pub dependencies: Vec<Dependency>,
    /// Number of SPDX file elements (`files` / `software_File`); they are not components.
    pub files: usize,
    /// Number of vulnerability entries the document carries (CycloneDX `vulnerabilities`, SPDX 3
    /// `security_Vulnerability` elements). BSI TR-03183-2 v2.1 wants none in an SBOM.
    pub vulnerabilities: usize,
    /// Document-level metadata.
    pub metadata: DocumentMeta,
}

impl Sbom {
    /// An empty SBOM of the given format and version; readers fill it in.
    pub fn new(format: Format, spec_version: impl Into<String>, encoding: Encoding) -> Self {
        Sbom {
            format,
            spec_version: spec_version.into(),
            encoding,
            primary: None,
            components: Vec::new(),
            dependencies: Vec::new(),
            files: 0,
            vulnerabilities: 0,
            metadata: DocumentMeta::default(),
        }
    }

    /// The component with this `bom_ref`, if any.
    pub fn component(&self, bom_ref: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.bom_ref == bom_ref)
    }

    /// The primary component itself, if the SBOM names one.
    pub fn primary_component(&self) -> Option<&Component> {
        self.primary
            .as_ref()
            .and_then(|p| self.component(&p.bom_ref))
    }

    /// The dependency entry of a component, if it has one.
    pub fn dependency_of(&self, bom_ref: &str) -> Option<&Dependency> {
        self.dependencies.iter().find(|d| d.bom_ref == bom_ref)
    }
}

/// The format family of an SBOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// OWASP CycloneDX (JSON or XML).
    CycloneDx,
    /// SPDX 2.x (JSON or tag-value), possibly merged from several documents.
    Spdx2,
    /// SPDX 3.x JSON-LD.
    Spdx3,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::CycloneDx => "CycloneDX",
            Format::Spdx2 => "SPDX 2",
            Format::Spdx3 => "SPDX 3",
        })
    }
}

/// How a document was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// JSON (including SPDX 3 JSON-LD).
    Json,
    /// XML.
    Xml,
    /// SPDX tag-value text.
    TagValue,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Json => "JSON",
            Encoding::Xml => "XML",
            Encoding::TagValue => "tag-value",
        })
    }
}

/// A pointer to a component of the same SBOM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentRef {
    /// The component's [`Component::bom_ref`].
    pub bom_ref: String,
    /// Its name (copied for display).
    pub name: String,
    /// Its version (copied for display).
    pub version: Option<String>,
}

impl ComponentRef {
    /// A reference to `component`.
    pub fn to(component: &Component) -> Self {
        ComponentRef {
            bom_ref: component.bom_ref.clone(),
            name: component.name.clone(),
            version: component.version.clone(),
        }
    }
}

/// Document-level metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocumentMeta {
    /// Document name (SPDX `name`), if any.
    pub name: Option<String>,
    /// CycloneDX `serialNumber` (usually `urn:uuid:…`).
    pub serial_number: Option<String>,
    /// CycloneDX `version` of the BOM.
    pub version: Option<u64>,
    /// SPDX 2 `documentNamespace`, or the SPDX 3 `software_Sbom` (else `SpdxDocument`) `spdxId`.
    pub namespace: Option<String>,
    /// Creation time as written in the document (CycloneDX `metadata.timestamp`, SPDX `created`).
    pub timestamp: Option<String>,
    /// Organisations or agents credited with creating the SBOM (SPDX `Organization:` creators,
    /// SPDX 3 `createdBy`, CycloneDX `metadata.manufacturer`/`manufacture`).
    pub creators: Vec<Party>,
    /// Persons credited with creating the SBOM (CycloneDX `metadata.authors`, SPDX `Person:`).
    pub authors: Vec<Party>,
    /// CycloneDX `metadata.supplier`.
    pub supplier: Option<Party>,
    /// Tools that made the SBOM.
    pub tools: Vec<Tool>,
    /// SPDX `dataLicense`.
    pub data_license: Option<String>,
    /// Whether the document carries an embedded signature (CycloneDX `signature`).
    pub signed: bool,
    /// Number of documents merged into this SBOM (1 unless read from a multi-document set).
    pub documents: usize,
    /// External document references (SPDX 2 namespaces) that could not be followed.
    pub unresolved_refs: Vec<String>,
}

impl DocumentMeta {
    /// The SBOM-URI of BSI TR-03183-2: the serial number, else the namespace.
    pub fn sbom_uri(&self) -> Option<&str> {
        self.serial_number
            .as_deref()
            .or(self.namespace.as_deref())
            .filter(|s| !s.trim().is_empty())
    }
}

/// A person or organisation: a supplier, manufacturer, author or SBOM creator.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Party {
    /// Name.
    pub name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Web address.
    pub url: Option<String>,
}

impl Party {
    /// A party with just a name.
    pub fn named(name: impl Into<String>) -> Self {
        Party {
            name: Some(name.into()),
            ..Party::default()
        }
    }

    /// Whether the party can be contacted: an e-mail address or a URL (BSI TR-03183-2 does not
    /// accept a name alone).
    pub fn has_contact(&self) -> bool {
        self.email
            .as_deref()
            .is_some_and(|e| e.contains('@') && e.len() > 2)
            || self.url.as_deref().is_some_and(|u| u.contains("://"))
    }

    /// Whether every field is empty.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.email.is_none() && self.url.is_none()
    }

    /// The best label for display: name, else e-mail, else URL.
    pub fn label(&self) -> &str {
        self.name
            .as_deref()
            .or(self.email.as_deref())
            .or(self.url.as_deref())
            .unwrap_or("")
    }
}

/// A tool that took part in making the SBOM.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tool {
    /// Vendor or group.
    pub vendor: Option<String>,
    /// Name.
    pub name: String,
    /// Version.
    pub version: Option<String>,
}

/// A software or hardware component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    /// Identifier unique within the SBOM: CycloneDX `bom-ref`, SPDX `SPDXID` (prefixed with the
    /// document namespace and `#` for elements of other documents of a merged SPDX 2 set), SPDX 3
    /// `spdxId`. Generated (`cra62443:generated:N`) where the input has none.
    pub bom_ref: String,
    /// What kind of component this is.
    pub kind: ComponentKind,
    /// CycloneDX `group` (namespace of the name), if any.
    pub group: Option<String>,
    /// Name.
    pub name: String,
    /// Version.
    pub version: Option<String>,
    /// Supplier (CycloneDX `supplier`, SPDX `supplier` / `suppliedBy`).
    pub supplier: Option<Party>,
    /// Manufacturer (CycloneDX 1.6 `manufacturer`).
    pub manufacturer: Option<Party>,
    /// Authors (CycloneDX `authors`/`author`, SPDX `originator` / `originatedBy`).
    pub authors: Vec<Party>,
    /// Package URL.
    pub purl: Option<String>,
    /// CPE 2.3 (or 2.2) names.
    pub cpes: Vec<String>,
    /// SWID tag ID.
    pub swid: Option<String>,
    /// Hashes of the component itself.
    pub hashes: Vec<Hash>,
    /// Licences.
    pub licenses: Licenses,
    /// The actual file name of the component (BSI `bsi:component:filename`, SPDX
    /// `packageFileName`).
    pub file_name: Option<String>,
    /// External references: source and distribution locations, website, security.txt …
    pub external_refs: Vec<ExternalRef>,
    /// Name/value properties (CycloneDX `properties`), including the BSI TR-03183 taxonomy
    /// (`bsi:component:executable`, `…:archive`, `…:structured`, `…:filename`).
    pub properties: Vec<Property>,
    /// Whether this component's list of dependencies is stated to be complete.
    pub dependency_completeness: Option<Completeness>,
    /// `bom_ref` of the enclosing component for nested CycloneDX components.
    pub parent: Option<String>,
}

impl Component {
    /// A component with just a reference and a name; everything else empty.
    pub fn new(bom_ref: impl Into<String>, name: impl Into<String>) -> Self {
        Component {
            bom_ref: bom_ref.into(),
            kind: ComponentKind::Library,
            group: None,
            name: name.into(),
            version: None,
            supplier: None,
            manufacturer: None,
            authors: Vec::new(),
            purl: None,
            cpes: Vec::new(),
            swid: None,
            hashes: Vec::new(),
            licenses: Licenses::default(),
            file_name: None,
            external_refs: Vec::new(),
            properties: Vec::new(),
            dependency_completeness: None,
            parent: None,
        }
    }

    /// The value of the first property with this name.
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }

    /// BSI `bsi:component:executable`, read as a yes/no where the value says so.
    pub fn executable(&self) -> Option<bool> {
        self.property(BSI_EXECUTABLE).and_then(bsi_flag)
    }

    /// BSI `bsi:component:archive`, read as a yes/no where the value says so.
    pub fn archive(&self) -> Option<bool> {
        self.property(BSI_ARCHIVE).and_then(bsi_flag)
    }

    /// BSI `bsi:component:structured`, read as a yes/no where the value says so.
    pub fn structured(&self) -> Option<bool> {
        self.property(BSI_STRUCTURED).and_then(bsi_flag)
    }

    /// All parties that can be taken as the component's creator: manufacturer, supplier, authors.
    pub fn creators(&self) -> impl Iterator<Item = &Party> {
        self.manufacturer
            .iter()
            .chain(self.supplier.iter())
            .chain(self.authors.iter())
    }

    /// External references of one CycloneDX type (e.g. `"vcs"`, `"distribution"`).
    pub fn refs_of<'a>(&'a self, kinds: &'a [&'a str]) -> impl Iterator<Item = &'a ExternalRef> {
        self.external_refs
            .iter()
            .filter(move |r| kinds.contains(&r.kind.as_str()))
    }
}

/// BSI TR-03183-2 property name for the file name.
pub const BSI_FILENAME: &str = "bsi:component:filename";
/// BSI TR-03183-2 property name for the executable flag.
pub const BSI_EXECUTABLE: &str = "bsi:component:executable";
/// BSI TR-03183-2 property name for the archive flag.
pub const BSI_ARCHIVE: &str = "bsi:component:archive";
/// BSI TR-03183-2 property name for the structured flag.
pub const BSI_STRUCTURED: &str = "bsi:component:structured";

/// Reads a BSI yes/no property value leniently (`executable` / `non-executable`, `true`, `no` …).
fn bsi_flag(value: &str) -> Option<bool> {
    let v = value.trim().to_ascii_lowercase();
    if v.starts_with("non") || v.starts_with("not") || v.starts_with("no ") || v.starts_with("un") {
        return Some(false);
    }
    match v.as_str() {
        "true" | "yes" | "1" | "executable" | "archive" | "structured" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// The kind of a component, in CycloneDX vocabulary plus the SPDX purposes CycloneDX lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComponentKind {
    /// An application.
    Application,
    /// A framework.
    Framework,
    /// A library.
    Library,
    /// A container image.
    Container,
    /// A platform.
    Platform,
    /// An operating system.
    OperatingSystem,
    /// A hardware device.
    Device,
    /// A device driver.
    DeviceDriver,
    /// Firmware.
    Firmware,
    /// A file.
    File,
    /// A machine-learning model.
    MachineLearningModel,
    /// Data.
    Data,
    /// A cryptographic asset.
    CryptographicAsset,
    /// Source code (SPDX purpose `source`).
    Source,
    /// An archive (SPDX purpose `archive`).
    Archive,
    /// An installable package (SPDX purpose `install`).
    Install,
    /// Anything else.
    Other,
}

impl ComponentKind {
    /// The kebab-case name (CycloneDX type names where CycloneDX has one).
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentKind::Application => "application",
            ComponentKind::Framework => "framework",
            ComponentKind::Library => "library",
            ComponentKind::Container => "container",
            ComponentKind::Platform => "platform",
            ComponentKind::OperatingSystem => "operating-system",
            ComponentKind::Device => "device",
            ComponentKind::DeviceDriver => "device-driver",
            ComponentKind::Firmware => "firmware",
            ComponentKind::File => "file",
            ComponentKind::MachineLearningModel => "machine-learning-model",
            ComponentKind::Data => "data",
            ComponentKind::CryptographicAsset => "cryptographic-asset",
            ComponentKind::Source => "source",
            ComponentKind::Archive => "archive",
            ComponentKind::Install => "install",
            ComponentKind::Other => "other",
        }
    }

    /// Reads a CycloneDX `type`, an SPDX 2 `primaryPackagePurpose` or an SPDX 3
    /// `software_primaryPurpose` (case and `_`/`-` insensitive). Unknown values give `Other`.
    pub fn parse(value: &str) -> Self {
        let v: String = value
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != '_' && *c != ' ')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match v.as_str() {
            "application" | "executable" => ComponentKind::Application,
            "framework" => ComponentKind::Framework,
            "library" | "module" => ComponentKind::Library,
            "container" => ComponentKind::Container,
            "platform" => ComponentKind::Platform,
            "operatingsystem" => ComponentKind::OperatingSystem,
            "device" => ComponentKind::Device,
            "devicedriver" => ComponentKind::DeviceDriver,
            "firmware" => ComponentKind::Firmware,
            "file" | "filesystemimage" | "diskimage" => ComponentKind::File,
            "machinelearningmodel" | "model" => ComponentKind::MachineLearningModel,
            "data" | "configuration" | "documentation" => ComponentKind::Data,
            "cryptographicasset" => ComponentKind::CryptographicAsset,
            "source" => ComponentKind::Source,
            "archive" => ComponentKind::Archive,
            "install" => ComponentKind::Install,
            _ => ComponentKind::Other,
        }
    }

    /// The CycloneDX 1.6 `type` for this kind (SPDX-only purposes map to the closest type).
    pub fn cyclonedx_type(self) -> &'static str {
        match self {
            ComponentKind::Source | ComponentKind::Archive => "file",
            ComponentKind::Install => "application",
            ComponentKind::Other => "library",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for ComponentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ComponentKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A hash value with its algorithm.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Hash {
    /// Algorithm in CycloneDX spelling (`SHA-256`, `SHA-512`, `SHA3-256`, `BLAKE2b-256`, `MD5` …);
    /// unknown algorithms are kept as written, upper-cased.
    pub alg: String,
    /// Lower-case hex value.
    pub value: String,
}

impl Hash {
    /// A hash with a normalised algorithm name and lower-case value.
    pub fn new(alg: &str, value: &str) -> Self {
        Hash {
            alg: normalise_hash_alg(alg),
            value: value.trim().to_ascii_lowercase(),
        }
    }

    /// Whether this is a SHA-512 hash.
    pub fn is_sha512(&self) -> bool {
        self.alg == "SHA-512"
    }
}

/// Normalises the spellings of hash algorithms used by CycloneDX, SPDX 2 and SPDX 3.
pub fn normalise_hash_alg(alg: &str) -> String {
    let key: String = alg
        .trim()
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    match key.as_str() {
        "MD5" => "MD5",
        "SHA1" => "SHA-1",
        "SHA224" => "SHA-224",
        "SHA256" => "SHA-256",
        "SHA384" => "SHA-384",
        "SHA512" => "SHA-512",
        "SHA3256" => "SHA3-256",
        "SHA3384" => "SHA3-384",
        "SHA3512" => "SHA3-512",
        "BLAKE2B256" => "BLAKE2b-256",
        "BLAKE2B384" => "BLAKE2b-384",
        "BLAKE2B512" => "BLAKE2b-512",
        "BLAKE3" => "BLAKE3",
        _ => return alg.trim().to_ascii_uppercase(),
    }
    .to_string()
}

/// The licences of a component, as SPDX licence expressions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Licenses {
    /// The licence(s) under which the component is distributed: SPDX `licenseConcluded` /
    /// `hasConcludedLicense`, CycloneDX licences with `acknowledgement: concluded` or without an
    /// acknowledgement (CycloneDX before 1.6 has none).
    pub concluded: Option<String>,
    /// The licence(s) the component's author declared: SPDX `licenseDeclared` /
    /// `hasDeclaredLicense`, CycloneDX `acknowledgement: declared`.
    pub declared: Option<String>,
}

impl Licenses {
    /// Whether neither licence is known.
    pub fn is_empty(&self) -> bool {
        self.concluded.is_none() && self.declared.is_none()
    }
}

/// An external reference of a component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExternalRef {
    /// CycloneDX external reference type: `vcs`, `source-distribution`, `distribution`,
    /// `distribution-intake`, `website`, `rfc-9116`, `advisories`, `other` …
    pub kind: String,
    /// The location.
    pub url: String,
    /// Hashes of what the location points to (CycloneDX 1.5+).
    pub hashes: Vec<Hash>,
}

/// A name/value property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Property {
    /// Name (a taxonomy name such as `bsi:component:executable`).
    pub name: String,
    /// Value.
    pub value: String,
}

/// Whether a component's list of dependencies is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Completeness {
    /// All dependencies are listed (CycloneDX aggregate `complete`, SPDX `DEPENDS_ON NONE`, SPDX 3
    /// `completeness: complete`).
    Complete,
    /// Some dependencies may be missing (CycloneDX `incomplete*`, SPDX 3 `incomplete`).
    Incomplete,
    /// The author states that completeness is unknown (CycloneDX `unknown`/`not_specified`, SPDX
    /// `NOASSERTION`, SPDX 3 `noAssertion`).
    Unknown,
}

impl Completeness {
    /// The CycloneDX `aggregate` value.
    pub fn cyclonedx_aggregate(self) -> &'static str {
        match self {
            Completeness::Complete => "complete",
            Completeness::Incomplete => "incomplete",
            Completeness::Unknown => "unknown",
        }
    }
}

/// The direct dependencies of one component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    /// The depending component's `bom_ref`.
    pub bom_ref: String,
    /// `bom_ref`s of the components it includes or depends on (may name references that are not
    /// in the SBOM: the quality check reports those).
    pub depends_on: Vec<String>,
}
