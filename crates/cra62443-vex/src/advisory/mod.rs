//! CSAF 2.0 advisories: a builder from a small YAML/serde input and the offline mandatory
//! tests.

mod check;
pub mod cvss;
pub mod lang;
pub mod version;

pub use check::{Finding, IMPLEMENTED, NOT_IMPLEMENTED, TestResult, check};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::model::Justification;
use crate::read::parse_time;
use version::DocVersion;

/// The CSAF profile to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Profile {
    /// `csaf_security_advisory`: vulnerabilities with notes and product status.
    SecurityAdvisory,
    /// `csaf_vex`: additionally an impact statement for every not-affected product and an
    /// action statement for every affected one.
    Vex,
}

impl Profile {
    /// The `document.category` value.
    pub fn category(self) -> &'static str {
        match self {
            Profile::SecurityAdvisory => "csaf_security_advisory",
            Profile::Vex => "csaf_vex",
        }
    }
}

/// Everything needed to build a CSAF advisory for one product line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisoryInput {
    /// Who publishes the advisory.
    pub publisher: PublisherInput,
    /// The advisory title.
    pub title: String,
    /// `document.tracking.id`, unique for the publisher (e.g. `ACME-SA-2026-001`).
    pub tracking_id: String,
    /// Document language (BCP 47), default `en`.
    #[serde(default = "default_lang")]
    pub lang: String,
    /// `draft`, `interim` or `final` (default `final`).
    #[serde(default)]
    pub status: TrackingStatus,
    /// TLP label for `document.distribution` (`WHITE`, `GREEN`, `AMBER`, `RED`), if any.
    #[serde(default)]
    pub tlp: Option<String>,
    /// The product and its versions.
    pub product: ProductInput,
    /// Document-level notes (e.g. a summary).
    #[serde(default)]
    pub notes: Vec<NoteInput>,
    /// Document-level references.
    #[serde(default)]
    pub references: Vec<ReferenceInput>,
    /// The vulnerabilities.
    pub vulnerabilities: Vec<VulnerabilityInput>,
    /// Revision history (at least one item); the latest number becomes the document version.
    pub revision_history: Vec<RevisionInput>,
}

fn default_lang() -> String {
    "en".into()
}

fn default_vendor() -> String {
    "vendor".into()
}

/// `document.publisher`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublisherInput {
    /// Publisher name.
    pub name: String,
    /// Category (default `vendor`).
    #[serde(default = "default_vendor")]
    pub category: String,
    /// A URL naming the publisher's namespace, e.g. `https://psirt.example.com`.
    pub namespace: String,
    /// How to contact the publisher.
    #[serde(default)]
    pub contact_details: Option<String>,
    /// Authority under which the publisher issues the document.
    #[serde(default)]
    pub issuing_authority: Option<String>,
}

/// `document.tracking.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackingStatus {
    /// Draft.
    Draft,
    /// Interim.
    Interim,
    /// Final.
    #[default]
    Final,
}

impl TrackingStatus {
    fn as_str(self) -> &'static str {
        match self {
            TrackingStatus::Draft => "draft",
            TrackingStatus::Interim => "interim",
            TrackingStatus::Final => "final",
        }
    }
}

/// The product: one vendor branch, one product-name branch, one product-version branch per
/// version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    /// Vendor name.
    pub vendor: String,
    /// Product name.
    pub name: String,
    /// Versions (each gets a product ID `CSAFPID-0001`, … in this order).
    pub versions: Vec<String>,
    /// Package URL without version (e.g. `pkg:generic/acme/plc-firmware`); `@<version>` is added
    /// per version.
    #[serde(default)]
    pub purl: Option<String>,
    /// CPE whose version field is replaced per version (e.g.
    /// `cpe:2.3:o:acme:plc_firmware:*:*:*:*:*:*:*:*`).
    #[serde(default)]
    pub cpe: Option<String>,
    /// Model numbers (added to every version's identification helper).
    #[serde(default)]
    pub model_numbers: Vec<String>,
    /// Serial numbers (added to every version's identification helper).
    #[serde(default)]
    pub serial_numbers: Vec<String>,
}

/// A note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// `description` (default), `details`, `faq`, `general`, `legal_disclaimer`, `other`,
    /// `summary`.
    #[serde(default = "default_note_category")]
    pub category: String,
    /// The text.
    pub text: String,
    /// Optional title.
    #[serde(default)]
    pub title: Option<String>,
}

fn default_note_category() -> String {
    "description".into()
}

/// A reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceInput {
    /// URL.
    pub url: String,
    /// What it is.
    pub summary: String,
    /// `external` (default) or `self`.
    #[serde(default = "default_ref_category")]
    pub category: String,
}

fn default_ref_category() -> String {
    "external".into()
}

/// Product status per version.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    /// Versions known to be affected.
    #[serde(default)]
    pub known_affected: Vec<String>,
    /// Versions that contain the fix.
    #[serde(default)]
    pub fixed: Vec<String>,
    /// Versions known not to be affected.
    #[serde(default)]
    pub known_not_affected: Vec<String>,
    /// Versions still under investigation.
    #[serde(default)]
    pub under_investigation: Vec<String>,
}

/// CSAF remediation categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemediationCategory {
    /// Configuration or deployment that avoids exposure.
    Mitigation,
    /// No fix is or will be planned.
    NoFixPlanned,
    /// No remediation is available.
    NoneAvailable,
    /// A vendor fix (update) is available.
    VendorFix,
    /// A workaround.
    Workaround,
}

impl RemediationCategory {
    fn as_str(self) -> &'static str {
        match self {
            RemediationCategory::Mitigation => "mitigation",
            RemediationCategory::NoFixPlanned => "no_fix_planned",
            RemediationCategory::NoneAvailable => "none_available",
            RemediationCategory::VendorFix => "vendor_fix",
            RemediationCategory::Workaround => "workaround",
        }
    }
}

/// A remediation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemediationInput {
    /// Category, e.g. `vendor_fix`.
    pub category: RemediationCategory,
    /// What to do.
    pub details: String,
    /// Where to get the fix.
    #[serde(default)]
    pub url: Option<String>,
    /// The versions it applies to (default: the known-affected versions).
    #[serde(default)]
    pub versions: Option<Vec<String>>,
}

/// A CWE classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CweInput {
    /// `CWE-79` etc.
    pub id: String,
    /// The CWE name, exactly as in the CWE catalogue.
    pub name: String,
}

/// One vulnerability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VulnerabilityInput {
    /// The CVE ID.
    pub cve: String,
    /// Short title.
    #[serde(default)]
    pub title: Option<String>,
    /// Notes (at least one; the first usually a `description`).
    #[serde(default)]
    pub notes: Vec<NoteInput>,
    /// CWE classification.
    #[serde(default)]
    pub cwe: Option<CweInput>,
    /// CVSS v3.0/v3.1 vector; scores and severities are computed from it.
    #[serde(default)]
    pub cvss_v3: Option<String>,
    /// Status per version.
    #[serde(default)]
    pub product_status: StatusInput,
    /// Why the known-not-affected versions are not affected (a CSAF flag).
    #[serde(default)]
    pub justification: Option<Justification>,
    /// Impact statement for the known-not-affected versions (a threat of category `impact`).
    #[serde(default)]
    pub impact: Option<String>,
    /// Remediations.
    #[serde(default)]
    pub remediations: Vec<RemediationInput>,
    /// References.
    #[serde(default)]
    pub references: Vec<ReferenceInput>,
    /// When it was disclosed (RFC 3339 or a date).
    #[serde(default)]
    pub release_date: Option<String>,
}

/// One revision history item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionInput {
    /// Version number (integer or semantic version).
    pub number: String,
    /// Date (RFC 3339 or a date).
    pub date: String,
    /// What changed.
    pub summary: String,
}

/// Why an advisory could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdvisoryError {
    /// The YAML input does not parse.
    #[error("{file}:{line}:{column}: {message}")]
    Yaml {
        /// File name.
        file: String,
        /// 1-based line (0 if unknown).
        line: usize,
        /// 1-based column (0 if unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The input parses but is inconsistent; every problem is listed.
    #[error("invalid advisory input:\n  {}", .0.join("\n  "))]
    Input(Vec<String>),
}

/// Parses an [`AdvisoryInput`] from YAML (or JSON) text; errors name file, line and column.
pub fn parse_input(file: &str, text: &str) -> Result<AdvisoryInput, AdvisoryError> {
    serde_saphyr::from_str::<AdvisoryInput>(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .unwrap_or((0, 0));
        AdvisoryError::Yaml {
            file: file.to_string(),
            line,
            column,
            message: e
                .to_string()
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
        }
    })
}

/// The conventional CSAF file name for a tracking ID: lower case, every character other than
/// `a-z 0-9 + - _` replaced by `_`, plus `.json`.
pub fn file_name(tracking_id: &str) -> String {
    let mut s: String = tracking_id
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.push_str(".json");
    s
}

fn rfc3339(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.fZ").to_string()
}

fn encode_version(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~' | b'+') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `purl` with `@version` inserted before any qualifiers or subpath.
fn purl_with_version(purl: &str, version: &str) -> String {
    let cut = purl.find(['?', '#']).unwrap_or(purl.len());
    format!(
        "{}@{}{}",
        &purl[..cut],
        encode_version(version),
        &purl[cut..]
    )
}

/// `cpe` with its version field set to `version`.
fn cpe_with_version(cpe: &str, version: &str) -> String {
    if let Some(rest) = cpe.strip_prefix("cpe:2.3:") {
        let escaped: String = version
            .chars()
            .flat_map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                    vec![c]
                } else {
                    vec!['\\', c]
                }
            })
            .collect();
        let mut fields: Vec<String> = rest.split(':').map(str::to_string).collect();
        while fields.len() < 11 {
            fields.push("*".into());
        }
        fields[3] = escaped;
        return format!("cpe:2.3:{}", fields.join(":"));
    }
    if let Some(rest) = cpe.strip_prefix("cpe:/") {
        let mut fields: Vec<String> = rest.split(':').map(str::to_string).collect();
        while fields.len() < 4 {
            fields.push(String::new());
        }
        fields[3] = version.replace(':', "%3a");
        return format!("cpe:/{}", fields.join(":"));
    }
    cpe.to_string()
}

fn note(n: &NoteInput) -> Value {
    let mut v = json!({"category": n.category, "text": n.text});
    if let Some(t) = &n.title {
        v["title"] = json!(t);
    }
    v
}

fn reference(r: &ReferenceInput) -> Value {
    json!({"category": r.category, "summary": r.summary, "url": r.url})
}

/// Builds a CSAF 2.0 document of `profile` from `input`. `now` is the generator date; all
/// other dates come from the input, so the output is byte-for-byte stable for a fixed `now`.
///
/// Returns every input problem at once: unknown versions in a status list, a version in two
/// status lists, no notes on a vulnerability, an invalid CVSS vector or date, and for the VEX
/// profile a not-affected version without justification/impact or an affected version without
/// remediation.
pub fn build(
    input: &AdvisoryInput,
    profile: Profile,
    now: jiff::Timestamp,
) -> Result<Value, AdvisoryError> {
    let mut problems = Vec::new();
    let p = &input.product;
    if p.versions.is_empty() {
        problems.push("product.versions is empty".to_string());
    }
    let mut pids: Vec<(String, String)> = Vec::new();
    for (i, v) in p.versions.iter().enumerate() {
        if pids.iter().any(|(x, _)| x == v) {
            problems.push(format!("product.versions lists {v:?} twice"));
        }
        pids.push((v.clone(), format!("CSAFPID-{:04}", i + 1)));
    }
    let pid_of = |v: &str| pids.iter().find(|(x, _)| x == v).map(|(_, id)| id.clone());
    if let Some(purl) = &p.purl {
        let path = purl.split(['?', '#']).next().unwrap_or(purl);
        if path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('@'))
        {
            problems
                .push("product.purl must not contain a version (it is added per version)".into());
        }
        if let Err(msg) = lang::check_purl(&purl_with_version(purl, "1")) {
            problems.push(format!("product.purl is not a valid purl: {msg}"));
        }
    }

    // Product tree.
    let version_branches: Vec<Value> = pids
        .iter()
        .map(|(version, id)| {
            let mut product = json!({
                "name": format!("{} {} {}", p.vendor, p.name, version),
                "product_id": id,
            });
            let mut helper = Map::new();
            if let Some(purl) = &p.purl {
                helper.insert("purl".into(), json!(purl_with_version(purl, version)));
            }
            if let Some(cpe) = &p.cpe {
                helper.insert("cpe".into(), json!(cpe_with_version(cpe, version)));
            }
            if !p.model_numbers.is_empty() {
                helper.insert("model_numbers".into(), json!(p.model_numbers));
            }
            if !p.serial_numbers.is_empty() {
                helper.insert("serial_numbers".into(), json!(p.serial_numbers));
            }
            if !helper.is_empty() {
                product["product_identification_helper"] = Value::Object(helper);
            }
            json!({"category": "product_version", "name": version, "product": product})
        })
        .collect();
    let product_tree = json!({
        "branches": [{
            "category": "vendor",
            "name": p.vendor,
            "branches": [{
                "category": "product_name",
                "name": p.name,
                "branches": version_branches,
            }],
        }],
    });

    // Vulnerabilities.
    let mut vulnerabilities = Vec::new();
    for v in &input.vulnerabilities {
        let who = &v.cve;
        if !crate::model::is_cve(&v.cve) {
            problems.push(format!("{who}: `cve` is not a CVE ID"));
        }
        if v.notes.is_empty() {
            problems.push(format!(
                "{who}: needs at least one note (a description; CSAF test 6.1.27.5)"
            ));
        }
        let mut status = Map::new();
        let mut seen_in: Vec<(String, &str)> = Vec::new();
        let ps = &v.product_status;
        for (key, versions) in [
            ("fixed", &ps.fixed),
            ("known_affected", &ps.known_affected),
            ("known_not_affected", &ps.known_not_affected),
            ("under_investigation", &ps.under_investigation),
        ] {
            let mut ids = Vec::new();
            for ver in versions {
                match pid_of(ver) {
                    Some(id) => {
                        if let Some((_, other)) = seen_in.iter().find(|(x, _)| x == ver) {
                            problems.push(format!(
                                "{who}: version {ver:?} is in both {other} and {key}"
                            ));
                        }
                        seen_in.push((ver.clone(), key));
                        ids.push(id);
                    }
                    None => problems.push(format!(
                        "{who}: product_status.{key} names version {ver:?}, which is not in \
                         product.versions"
                    )),
                }
            }
            if !ids.is_empty() {
                status.insert(key.into(), json!(ids));
            }
        }
        if status.is_empty() {
            problems.push(format!("{who}: product_status lists no version"));
        }
        let ids_of = |versions: &[String]| -> Vec<String> {
            versions.iter().filter_map(|x| pid_of(x)).collect()
        };
        let affected = ids_of(&ps.known_affected);
        let not_affected = ids_of(&ps.known_not_affected);

        let mut out = json!({
            "cve": v.cve,
            "notes": v.notes.iter().map(note).collect::<Vec<_>>(),
            "product_status": status,
        });
        if let Some(t) = &v.title {
            out["title"] = json!(t);
        }
        if let Some(cwe) = &v.cwe {
            out["cwe"] = json!({"id": cwe.id, "name": cwe.name});
        }
        if let Some(date) = &v.release_date {
            match parse_time(date) {
                Some(t) => out["release_date"] = json!(rfc3339(t)),
                None => problems.push(format!("{who}: release_date {date:?} is not a date")),
            }
        }
        if let Some(vector) = &v.cvss_v3 {
            match cvss::v3_object(vector) {
                Ok(obj) => {
                    let mut scored: Vec<String> = Vec::new();
                    for list in [&ps.known_affected, &ps.fixed, &ps.under_investigation] {
                        scored.extend(ids_of(list));
                    }
                    if scored.is_empty() {
                        problems.push(format!(
                            "{who}: cvss_v3 given but no affected, fixed or under-investigation \
                             version to score"
                        ));
                    } else {
                        out["scores"] = json!([{"cvss_v3": obj, "products": scored}]);
                    }
                }
                Err(msg) => problems.push(format!("{who}: cvss_v3: {msg}")),
            }
        }
        if !not_affected.is_empty() {
            if let Some(j) = v.justification {
                out["flags"] = json!([{"label": j.as_str(), "product_ids": not_affected}]);
            }
            if let Some(impact) = &v.impact {
                out["threats"] =
                    json!([{"category": "impact", "details": impact, "product_ids": not_affected}]);
            }
            if profile == Profile::Vex && v.justification.is_none() && v.impact.is_none() {
                problems.push(format!(
                    "{who}: known_not_affected versions need `justification` or `impact` \
                     (CSAF test 6.1.27.9)"
                ));
            }
        } else if v.justification.is_some() || v.impact.is_some() {
            problems.push(format!(
                "{who}: `justification`/`impact` given but no known_not_affected version"
            ));
        }
        let mut remediations = Vec::new();
        let mut remediated: Vec<String> = Vec::new();
        for r in &v.remediations {
            let ids = match &r.versions {
                Some(list) => {
                    for ver in list {
                        if pid_of(ver).is_none() {
                            problems.push(format!(
                                "{who}: remediation names version {ver:?}, which is not in \
                                 product.versions"
                            ));
                        }
                    }
                    ids_of(list)
                }
                None => affected.clone(),
            };
            if ids.is_empty() {
                problems.push(format!(
                    "{who}: remediation {:?} applies to no version (give `versions` or list \
                     known_affected versions; CSAF test 6.1.29)",
                    r.category.as_str()
                ));
                continue;
            }
            remediated.extend(ids.iter().cloned());
            let mut rem = json!({
                "category": r.category.as_str(),
                "details": r.details,
                "product_ids": ids,
            });
            if let Some(url) = &r.url {
                rem["url"] = json!(url);
            }
            remediations.push(rem);
        }
        if profile == Profile::Vex {
            for id in &affected {
                if !remediated.contains(id) {
                    let ver = pids.iter().find(|(_, x)| x == id).map(|(v, _)| v.as_str());
                    problems.push(format!(
                        "{who}: known_affected version {:?} needs a remediation (CSAF test \
                         6.1.27.10)",
                        ver.unwrap_or("?")
                    ));
                }
            }
        }
        if !remediations.is_empty() {
            out["remediations"] = Value::Array(remediations);
        }
        if !v.references.is_empty() {
            out["references"] = json!(v.references.iter().map(reference).collect::<Vec<_>>());
        }
        vulnerabilities.push(out);
    }
    if input.vulnerabilities.is_empty() {
        problems.push(
            "no vulnerabilities (this profile needs at least one; CSAF test 6.1.27.11)".into(),
        );
    }

    // Tracking.
    let mut revisions: Vec<(jiff::Timestamp, &RevisionInput)> = Vec::new();
    for r in &input.revision_history {
        match parse_time(&r.date) {
            Some(t) => revisions.push((t, r)),
            None => problems.push(format!(
                "revision {:?}: date {:?} is not a date",
                r.number, r.date
            )),
        }
        if DocVersion::parse(&r.number).is_none() {
            problems.push(format!(
                "revision {:?}: number is neither an integer nor a semantic version",
                r.number
            ));
        }
    }
    if input.revision_history.is_empty() {
        problems.push("revision_history is empty".into());
    }
    revisions.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| version::compare(&a.1.number, &b.1.number))
    });
    if !problems.is_empty() {
        return Err(AdvisoryError::Input(problems));
    }
    let (first, last) = match (revisions.first(), revisions.last()) {
        (Some(f), Some(l)) => (f, l),
        _ => {
            return Err(AdvisoryError::Input(vec![
                "revision_history is empty".into(),
            ]));
        }
    };
    let mut publisher = json!({
        "category": input.publisher.category,
        "name": input.publisher.name,
        "namespace": input.publisher.namespace,
    });
    if let Some(c) = &input.publisher.contact_details {
        publisher["contact_details"] = json!(c);
    }
    if let Some(a) = &input.publisher.issuing_authority {
        publisher["issuing_authority"] = json!(a);
    }
    let mut document = json!({
        "category": profile.category(),
        "csaf_version": "2.0",
        "lang": input.lang,
        "title": input.title,
        "publisher": publisher,
        "tracking": {
            "id": input.tracking_id,
            "status": input.status.as_str(),
            "version": last.1.number,
            "initial_release_date": rfc3339(first.0),
            "current_release_date": rfc3339(last.0),
            "revision_history": revisions
                .iter()
                .map(|(t, r)| json!({"date": rfc3339(*t), "number": r.number, "summary": r.summary}))
                .collect::<Vec<_>>(),
            "generator": {
                "date": rfc3339(now),
                "engine": {"name": "cra62443-vex", "version": env!("CARGO_PKG_VERSION")},
            },
        },
    });
    if !input.notes.is_empty() {
        document["notes"] = json!(input.notes.iter().map(note).collect::<Vec<_>>());
    }
    if !input.references.is_empty() {
        document["references"] = json!(input.references.iter().map(reference).collect::<Vec<_>>());
    }
    if let Some(label) = &input.tlp {
        document["distribution"] = json!({"tlp": {"label": label}});
    }
    Ok(json!({
        "document": document,
        "product_tree": product_tree,
        "vulnerabilities": vulnerabilities,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_per_version() {
        assert_eq!(
            purl_with_version("pkg:generic/acme/plc?arch=arm", "2.1 beta"),
            "pkg:generic/acme/plc@2.1%20beta?arch=arm"
        );
        assert_eq!(
            cpe_with_version("cpe:2.3:o:acme:plc_firmware:*:*:*:*:*:*:*:*", "2.1:a"),
            "cpe:2.3:o:acme:plc_firmware:2.1\\:a:*:*:*:*:*:*:*"
        );
        assert_eq!(
            cpe_with_version("cpe:/o:acme:plc", "3"),
            "cpe:/o:acme:plc:3"
        );
        assert_eq!(file_name("ACME-SA 2026/001"), "acme-sa_2026_001.json");
    }
}
