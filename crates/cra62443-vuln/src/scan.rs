//! Matching SBOM components against the database, applying VEX, and the CRA summary.

use std::collections::{BTreeSet, HashSet};
use std::str::FromStr;

use cra62443_sbom::{Component, Sbom};
use cra62443_vex::{Status as VexStatus, VexStatement};
use serde::Serialize;

use crate::cpe::{Attr, Cpe, candidate_pairs, names_match};
use crate::error::VulnError;
use crate::model::{Advisory, CpeMatch, Severity, VersionSpan};
use crate::purl::{
    ecosystem_key, normalise_name, package_key, release_of_ecosystem, releases_agree,
};
use crate::range::{Verdict, evaluate, fixed_versions};
use crate::store::{Database, DatabaseInfo};
use crate::version::{Scheme, VersionScheme};

/// The result of a scan. Field names are a public contract (JSON output).
#[derive(Debug, Clone, Serialize)]
pub struct ScanResult {
    /// The SBOMs scanned.
    pub sboms: Vec<SbomInfo>,
    /// The database's sources and counts.
    pub database: DatabaseInfo,
    /// One finding per (component, vulnerability).
    pub findings: Vec<Finding>,
    /// VEX statements that matched no finding.
    pub stale_vex: Vec<StaleVex>,
    /// Counts.
    pub summary: ScanSummary,
}

/// One scanned SBOM.
#[derive(Debug, Clone, Serialize)]
pub struct SbomInfo {
    /// Document name, else serial number / namespace.
    pub name: Option<String>,
    /// Format family.
    pub format: String,
    /// Specification version.
    pub spec_version: String,
    /// Number of components.
    pub components: usize,
}

/// The component a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingComponent {
    /// Index of the SBOM in [`ScanResult::sboms`].
    pub sbom: usize,
    /// The component's `bom_ref`.
    pub bom_ref: String,
    /// Name.
    pub name: String,
    /// Version.
    pub version: Option<String>,
}

/// How a finding was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// Through the component purl and the OSV (ecosystem, name).
    Purl,
    /// Through a component CPE and CVE CPE applicability.
    Cpe,
}

/// The status of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingStatus {
    /// The component version is affected.
    Affected,
    /// The component is named by the advisory but its version could not be evaluated
    /// (unparseable or missing version, GIT-only ranges): must be assessed by hand.
    Indeterminate,
    /// An informational advisory (RustSec unmaintained / unsound / notice): not a vulnerability.
    Informational,
    /// The advisory was withdrawn.
    Withdrawn,
    /// A VEX `not_affected` or `fixed` statement covers it.
    Suppressed,
}

/// KEV data attached to a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KevRef {
    /// When the vulnerability was first listed as known exploited: the earliest date over
    /// the catalogues in `listed_in` (with only the CISA KEV imported, CISA's `dateAdded`).
    pub date_added: String,
    /// Every catalogue that lists it as exploited.
    pub listed_in: Vec<KevListing>,
}

/// One known-exploited catalogue entry behind a [`KevRef`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KevListing {
    /// `CISA KEV` or `EU KEV` (ENISA EUVD exploited vulnerabilities).
    pub catalogue: String,
    /// The catalogue's entry ID (the CVE ID for CISA, the EUVD ID for the EU KEV).
    pub id: String,
    /// When the catalogue added it (CISA `dateAdded`, EUVD `exploitedSince`).
    pub date_added: String,
    /// The EUVD `originSource` (`CRA` for an Art. 14 notification), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

impl KevRef {
    fn add(slot: &mut Option<KevRef>, listing: KevListing) {
        let k = slot.get_or_insert_with(|| KevRef {
            date_added: listing.date_added.clone(),
            listed_in: Vec::new(),
        });
        if listing.date_added < k.date_added {
            k.date_added = listing.date_added.clone();
        }
        if !k.listed_in.contains(&listing) {
            k.listed_in.push(listing);
        }
    }
}

/// The VEX statement that suppressed a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressedBy {
    /// The VEX file.
    pub document: String,
    /// JSON pointer of the statement in that file.
    pub statement: String,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The component.
    pub component: FindingComponent,
    /// The component's purl.
    pub purl: Option<String>,
    /// The component CPE that matched (CPE matches only).
    pub cpe: Option<String>,
    /// Advisory ID.
    pub id: String,
    /// Its aliases.
    pub aliases: Vec<String>,
    /// The highest severity.
    pub severity: Option<Severity>,
    /// Fixed versions named by the advisory.
    pub fixed: Vec<String>,
    /// KEV entry, if the vulnerability is known exploited.
    pub kev: Option<KevRef>,
    /// How it was matched.
    #[serde(rename = "match")]
    pub match_kind: MatchKind,
    /// Why: which range or bound the version fell into, or why it could not be decided.
    pub evidence: String,
    /// Status.
    pub status: FindingStatus,
    /// The VEX statement that suppressed it.
    pub suppressed_by: Option<SuppressedBy>,
}

impl Finding {
    /// The advisory ID followed by its aliases.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A VEX statement that matched no finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleVex {
    /// The VEX file.
    pub document: String,
    /// JSON pointer of the statement.
    pub statement: String,
    /// The vulnerability it names.
    pub vulnerability: String,
    /// The product it names.
    pub product: String,
    /// Its status.
    pub status: String,
}

/// Counts of a scan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScanSummary {
    /// Open known vulnerabilities: findings with status `affected` (after VEX).
    pub findings: usize,
    /// Of those, in the KEV catalogue.
    pub known_exploited: usize,
    /// Findings that could not be decided.
    pub indeterminate: usize,
    /// Findings suppressed by VEX.
    pub suppressed: usize,
}

/// Scans SBOMs against the database and applies VEX statements.
pub fn scan(db: &Database, sboms: &[Sbom], vex: &[VexStatement]) -> Result<ScanResult, VulnError> {
    let mut findings = Vec::new();
    let totals = scan_streaming(db, sboms, vex, |f| {
        findings.push(f);
        Ok(())
    })?;
    Ok(ScanResult {
        sboms: totals.sboms,
        database: db.info()?,
        findings,
        stale_vex: totals.stale_vex,
        summary: totals.summary,
    })
}

/// Everything of a [`ScanResult`] but the findings and the database counts (which the
/// caller reads with [`Database::info`] when it needs them): what [`scan_streaming`] returns.
#[derive(Debug, Clone, Serialize)]
pub struct ScanTotals {
    /// The SBOMs scanned.
    pub sboms: Vec<SbomInfo>,
    /// VEX statements that matched no finding.
    pub stale_vex: Vec<StaleVex>,
    /// Counts.
    pub summary: ScanSummary,
}

/// The SBOMs of a scan as [`SbomInfo`].
pub fn sbom_infos(sboms: &[Sbom]) -> Vec<SbomInfo> {
    sboms
        .iter()
        .map(|s| SbomInfo {
            name: s
                .metadata
                .name
                .clone()
                .or_else(|| s.metadata.sbom_uri().map(str::to_string)),
            format: s.format.to_string(),
            spec_version: s.spec_version.clone(),
            components: s.components.len(),
        })
        .collect()
}

/// Scans like [`scan`] but hands each finding (VEX applied) to `sink` as soon as its
/// component is matched, so memory is bounded by the SBOMs, not by the number of findings
/// (`vuln scan --format json` writes findings as they come). Findings arrive in SBOM and
/// component order, as in [`ScanResult::findings`].
pub fn scan_streaming(
    db: &Database,
    sboms: &[Sbom],
    vex: &[VexStatement],
    mut sink: impl FnMut(Finding) -> Result<(), VulnError>,
) -> Result<ScanTotals, VulnError> {
    let mut used = vec![false; vex.len()];
    let mut summary = ScanSummary::default();
    let mut batch = Vec::new();
    for (index, sbom) in sboms.iter().enumerate() {
        let serial = sbom.metadata.serial_number.as_deref();
        for component in &sbom.components {
            let subject = Subject::from(component);
            match_component(db, index, &subject, &mut batch)?;
            if batch.is_empty() {
                continue;
            }
            apply_vex(&mut batch, vex, &subject, serial, &mut used);
            for f in batch.drain(..) {
                match f.status {
                    FindingStatus::Affected => {
                        summary.findings += 1;
                        if f.kev.is_some() {
                            summary.known_exploited += 1;
                        }
                    }
                    FindingStatus::Indeterminate => summary.indeterminate += 1,
                    FindingStatus::Suppressed => summary.suppressed += 1,
                    _ => {}
                }
                sink(f)?;
            }
        }
    }
    let stale_vex = vex
        .iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(st, _)| StaleVex {
            document: st.source.file.clone(),
            statement: st.source.pointer.clone(),
            vulnerability: st.vulnerability.clone(),
            product: st.product.clone(),
            status: st.status.as_str().to_string(),
        })
        .collect();
    Ok(ScanTotals {
        sboms: sbom_infos(sboms),
        stale_vex,
        summary,
    })
}

/// The one-line CRA Annex I Part I (2)(a) status, e.g.
/// `"2 known vulnerabilities, 1 known exploited, none unassessed (5 suppressed by VEX)"`.
pub fn cra_status(result: &ScanResult) -> String {
    let s = &result.summary;
    let vulns = if s.findings == 1 {
        "1 known vulnerability".to_string()
    } else {
        format!("{} known vulnerabilities", s.findings)
    };
    let unassessed = if s.indeterminate == 0 {
        "none unassessed".to_string()
    } else {
        format!("{} unassessed", s.indeterminate)
    };
    let mut out = format!(
        "{vulns}, {} known exploited, {unassessed}",
        s.known_exploited
    );
    if s.suppressed > 0 {
        out.push_str(&format!(" ({} suppressed by VEX)", s.suppressed));
    }
    out
}

fn statement_names(st: &VexStatement, finding: &Finding) -> bool {
    let ids: HashSet<&str> = finding.ids().collect();
    std::iter::once(&st.vulnerability)
        .chain(st.aliases.iter())
        .any(|v| ids.contains(v.as_str()))
}

/// Applies VEX statements to the findings of one component: a `not_affected` or `fixed`
/// statement that names a finding's vulnerability (or an alias) and covers `subject`
/// suppresses it and is recorded in `suppressed_by`. `serial` is the serial number of the
/// component's SBOM (for CycloneDX BOM-Links; `None` accepts any serial). Marks in `used`
/// each statement that named at least one finding.
pub(crate) fn apply_vex(
    findings: &mut [Finding],
    vex: &[VexStatement],
    subject: &Subject,
    serial: Option<&str>,
    used: &mut [bool],
) {
    for finding in findings.iter_mut() {
        for (i, st) in vex.iter().enumerate() {
            if !statement_names(st, finding) || !statement_covers(st, subject, serial) {
                continue;
            }
            used[i] = true;
            if finding.suppressed_by.is_none()
                && matches!(st.status, VexStatus::NotAffected | VexStatus::Fixed)
                && finding.status != FindingStatus::Withdrawn
            {
                finding.status = FindingStatus::Suppressed;
                finding.suppressed_by = Some(SuppressedBy {
                    document: st.source.file.clone(),
                    statement: st.source.pointer.clone(),
                });
            }
        }
    }
}

fn statement_covers(st: &VexStatement, subject: &Subject, serial: Option<&str>) -> bool {
    let mut ids: Vec<&String> = Vec::new();
    if st.subcomponents.is_empty() {
        ids.push(&st.product);
        ids.extend(st.product_identifiers.iter());
    } else {
        ids.extend(st.subcomponents.iter());
    }
    ids.into_iter()
        .any(|id| identifier_names(id, subject, serial))
}

fn identifier_names(id: &str, component: &Subject, serial_number: Option<&str>) -> bool {
    let id = id.trim();
    if id == component.bom_ref {
        return true;
    }
    if let Some(rest) = id.strip_prefix("urn:cdx:") {
        let Some((serial_part, bom_ref)) = rest.split_once('#') else {
            return false;
        };
        let serial = serial_part
            .split('/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let serial_ok = serial_number
            .map(|s| s.trim_start_matches("urn:uuid:").to_ascii_lowercase())
            .is_none_or(|s| s == serial);
        return serial_ok && percent_decode(bom_ref) == component.bom_ref;
    }
    if id.starts_with("pkg:") {
        return component
            .purl
            .as_deref()
            .is_some_and(|p| purls_match(id, p));
    }
    if id.starts_with("cpe:") {
        return component.cpes.iter().any(|c| c.eq_ignore_ascii_case(id));
    }
    false
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 3 <= b.len()
            && let (Some(h), Some(l)) = (
                (b[i + 1] as char).to_digit(16),
                (b[i + 2] as char).to_digit(16),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A statement purl names a component purl when type, namespace and name are equal and, if the
/// statement gives a version, the versions are equal; qualifiers and subpath are ignored.
fn purls_match(statement: &str, component: &str) -> bool {
    if statement == component {
        return true;
    }
    let (Ok(a), Ok(b)) = (
        packageurl::PackageUrl::from_str(statement),
        packageurl::PackageUrl::from_str(component),
    ) else {
        return false;
    };
    a.ty().eq_ignore_ascii_case(b.ty())
        && a.namespace() == b.namespace()
        && a.name() == b.name()
        && a.version().is_none_or(|v| Some(v) == b.version())
}

struct Candidate {
    advisory: std::rc::Rc<Advisory>,
    verdict: Verdict,
    fixed: Vec<String>,
    cpe: Option<String>,
    kind: MatchKind,
}

/// The fields of a component the matcher reads (an SBOM [`Component`] or a row of the
/// `sbom_components` index of [`crate::watch`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Subject {
    pub bom_ref: String,
    pub name: String,
    pub version: Option<String>,
    pub purl: Option<String>,
    pub cpes: Vec<String>,
}

impl From<&Component> for Subject {
    fn from(c: &Component) -> Self {
        Subject {
            bom_ref: c.bom_ref.clone(),
            name: c.name.clone(),
            version: c.version.clone(),
            purl: c.purl.clone(),
            cpes: c.cpes.clone(),
        }
    }
}

/// Matches one component against the database, appending its findings (no VEX).
pub(crate) fn match_component(
    db: &Database,
    sbom: usize,
    component: &Subject,
    findings: &mut Vec<Finding>,
) -> Result<(), VulnError> {
    let mut candidates: Vec<Candidate> = Vec::new();
    // 1. purl → OSV (ecosystem, name).
    if let Some(key) = component.purl.as_deref().and_then(package_key) {
        let version = key.version.clone().or_else(|| component.version.clone());
        for id in db.ids_for_package(&key.ecosystem, &key.name)? {
            let Some(advisory) = db.advisory(&id)? else {
                continue;
            };
            let mut verdict = Verdict::NotAffected;
            let mut fixed = Vec::new();
            for affected in advisory.affected.iter().filter(|a| {
                ecosystem_key(&a.ecosystem) == ecosystem_key(&key.ecosystem)
                    && normalise_name(&a.ecosystem, &a.name) == key.name
                    && same_release(&a.ecosystem, key.release.as_deref())
            }) {
                let v = match &version {
                    Some(v) => evaluate(affected, v),
                    None => Verdict::Indeterminate("the component has no version".into()),
                };
                // Per-release entries (`Debian:11`, `Debian:12`) differ in their fixed
                // versions: say which one decided.
                let v = if affected.ecosystem.contains(':') {
                    v.annotated(&format!("in {}", affected.ecosystem))
                } else {
                    v
                };
                fixed.extend(fixed_versions(affected));
                verdict = combine(verdict, v);
            }
            candidates.push(Candidate {
                advisory,
                verdict,
                fixed,
                cpe: None,
                kind: MatchKind::Purl,
            });
        }
    }
    // 2. CPE → CVE CPE applicability.
    for raw in &component.cpes {
        let Ok(cpe) = Cpe::parse(raw) else {
            continue;
        };
        let version = cpe
            .version
            .value()
            .map(str::to_string)
            .or_else(|| component.version.clone());
        let mut ids = BTreeSet::new();
        for (vendor, product, _) in candidate_pairs(&cpe, &component.name) {
            ids.extend(db.ids_for_cpe(&vendor, &product)?);
        }
        for id in ids {
            let Some(advisory) = db.advisory(&id)? else {
                continue;
            };
            let mut verdict = Verdict::NotAffected;
            let mut fixed = Vec::new();
            let parsed = db.parsed_criteria(&advisory);
            for (m, criteria) in advisory.cpe_applicability.iter().zip(parsed.iter()) {
                let Some(criteria) = criteria else {
                    continue;
                };
                if !names_match(&cpe, criteria, &component.name) {
                    continue;
                }
                if let Some(f) = &m.version_end_excluding {
                    fixed.push(f.clone());
                }
                // The starts of unaffected spans are the fixed releases of other branches.
                fixed.extend(m.except.iter().filter_map(|s| s.start_including.clone()));
                let v = match &version {
                    Some(v) => cpe_version_verdict(m, criteria, v),
                    None => Verdict::Indeterminate("the component has no version".into()),
                };
                verdict = combine(verdict, v);
            }
            fixed.sort();
            fixed.dedup();
            candidates.push(Candidate {
                advisory,
                verdict,
                fixed,
                cpe: Some(raw.clone()),
                kind: MatchKind::Cpe,
            });
        }
    }
    let mut seen: HashSet<String> = HashSet::new();
    for c in candidates {
        let (status, evidence) = match c.verdict {
            Verdict::NotAffected => continue,
            Verdict::Affected(e) => (FindingStatus::Affected, e),
            Verdict::Indeterminate(e) => (FindingStatus::Indeterminate, e),
        };
        if c.advisory.ids().any(|id| seen.contains(id)) {
            continue;
        }
        seen.extend(c.advisory.ids().map(str::to_string));
        let status = if c.advisory.withdrawn.is_some() {
            FindingStatus::Withdrawn
        } else if c.advisory.informational.is_some() {
            FindingStatus::Informational
        } else {
            status
        };
        let mut kev = None;
        let mut aliases = c.advisory.aliases.clone();
        for id in c.advisory.ids().filter(|i| i.starts_with("CVE-")) {
            if let Some(k) = db.kev(id)? {
                KevRef::add(
                    &mut kev,
                    KevListing {
                        catalogue: "CISA KEV".into(),
                        id: k.cve,
                        date_added: k.date_added,
                        origin: None,
                    },
                );
            }
            for e in db.euvd_for_cve(id)? {
                if e.euvd != c.advisory.id && !aliases.contains(&e.euvd) {
                    aliases.push(e.euvd.clone());
                }
                if let Some(date) = e.exploited_since {
                    KevRef::add(
                        &mut kev,
                        KevListing {
                            catalogue: "EU KEV".into(),
                            id: e.euvd,
                            date_added: date,
                            origin: e.origin,
                        },
                    );
                }
            }
        }
        let evidence = match (&c.kind, &c.cpe) {
            (MatchKind::Cpe, Some(cpe)) => format!("CPE {cpe}: {evidence}"),
            _ => format!(
                "purl {}: {evidence}",
                component.purl.as_deref().unwrap_or("")
            ),
        };
        let evidence = match &c.advisory.informational {
            Some(kind) => format!("{evidence} (informational: {kind})"),
            None => evidence,
        };
        findings.push(Finding {
            component: FindingComponent {
                sbom,
                bom_ref: component.bom_ref.clone(),
                name: component.name.clone(),
                version: component.version.clone(),
            },
            purl: component.purl.clone(),
            cpe: c.cpe,
            id: c.advisory.id.clone(),
            aliases,
            severity: c.advisory.top_severity().cloned(),
            fixed: c.fixed,
            kev,
            match_kind: c.kind,
            evidence,
            status,
            suppressed_by: None,
        });
    }
    Ok(())
}

/// Whether an OSV `affected` entry of `ecosystem` applies to a component of distribution
/// release `release` (the purl's `distro` qualifier). Without a release on either side every
/// entry applies: a purl without `distro` is compared with every release's entry rather
/// than with none.
fn same_release(ecosystem: &str, release: Option<&str>) -> bool {
    match (release_of_ecosystem(ecosystem), release) {
        (Some(eco), Some(component)) => releases_agree(&eco, component),
        _ => true,
    }
}

fn combine(a: Verdict, b: Verdict) -> Verdict {
    match (a, b) {
        (Verdict::Affected(e), _) | (_, Verdict::Affected(e)) => Verdict::Affected(e),
        (Verdict::Indeterminate(e), _) | (_, Verdict::Indeterminate(e)) => {
            Verdict::Indeterminate(e)
        }
        _ => Verdict::NotAffected,
    }
}

/// Evaluates a component version against one CPE applicability entry with the generic scheme.
pub fn cpe_version_verdict(m: &CpeMatch, criteria: &Cpe, version: &str) -> Verdict {
    let scheme = Scheme::Generic;
    let target = match scheme.parse(version) {
        Ok(t) => t,
        Err(e) => return Verdict::Indeterminate(e.to_string()),
    };
    match &criteria.version {
        Attr::Na => return Verdict::NotAffected,
        Attr::Value { text, .. } => {
            let Some(exact) = criteria.version.value() else {
                return Verdict::Indeterminate(format!("wildcard version pattern {text:?}"));
            };
            return match scheme.parse(exact) {
                Ok(e) if e == target => {
                    Verdict::Affected(format!("version {version} equals {}", m.criteria))
                }
                Ok(_) => Verdict::NotAffected,
                Err(_) if exact == version => {
                    Verdict::Affected(format!("version {version} equals {}", m.criteria))
                }
                Err(e) => Verdict::Indeterminate(e.to_string()),
            };
        }
        Attr::Any => {}
    }
    let bounds = [
        (&m.version_start_including, ">="),
        (&m.version_start_excluding, ">"),
        (&m.version_end_including, "<="),
        (&m.version_end_excluding, "<"),
    ];
    let mut text = Vec::new();
    for (bound, op) in bounds {
        let Some(b) = bound else { continue };
        let bv = match scheme.parse(b) {
            Ok(v) => v,
            Err(e) => return Verdict::Indeterminate(format!("bound of {}: {e}", m.criteria)),
        };
        let ok = match op {
            ">=" => target >= bv,
            ">" => target > bv,
            "<=" => target <= bv,
            _ => target < bv,
        };
        if !ok {
            return Verdict::NotAffected;
        }
        text.push(format!("{op} {b}"));
    }
    for span in &m.except {
        match within(&scheme, &target, span) {
            Ok(true) => return Verdict::NotAffected,
            Ok(false) => {}
            Err(e) => {
                return Verdict::Indeterminate(format!(
                    "unaffected range {span} of {}: {e}",
                    m.criteria
                ));
            }
        }
    }
    let mut evidence = if text.is_empty() {
        format!("all versions of {} are affected", m.criteria)
    } else {
        format!(
            "{version} is within [{}] of {}",
            text.join(", "),
            m.criteria
        )
    };
    if !m.except.is_empty() {
        let spans: Vec<String> = m.except.iter().map(ToString::to_string).collect();
        evidence.push_str(&format!(", outside the unaffected {}", spans.join(" ")));
    }
    let verdict = Verdict::Affected(evidence);
    match &m.note {
        Some(note) => verdict.annotated(note),
        None => verdict,
    }
}

/// Whether `target` lies in `span` (all bounds compared with `scheme`).
fn within(
    scheme: &Scheme,
    target: &crate::version::ParsedVersion,
    span: &VersionSpan,
) -> Result<bool, String> {
    let parse = |v: &str| scheme.parse(v).map_err(|e| e.to_string());
    if let Some(s) = &span.start_including
        && *target < parse(s)?
    {
        return Ok(false);
    }
    if let Some(e) = &span.end_excluding
        && *target >= parse(e)?
    {
        return Ok(false);
    }
    if let Some(e) = &span.end_including
        && *target > parse(e)?
    {
        return Ok(false);
    }
    Ok(true)
}
