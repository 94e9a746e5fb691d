//! Correctness oracle: compares the CPE matcher with a reference list of which CVEs were
//! considered for which component (such as the VEX that Yocto `cve-check` writes for its
//! CycloneDX SBOM).
//!
//! The SBOM is scanned **without** VEX. A CVE ID of the reference counts as *found* when a
//! finding with status `affected` names it (ID or alias). Every other reference ID is *missed*
//! and gets one computed reason ([`MissReason`]): for each component the reference attaches the
//! ID to, the matcher's steps are replayed (record present? withdrawn? CPE applicability?
//! component CPE? vendor/product match? version inside the bounds?) and the reason that got
//! furthest is kept.

use std::collections::{BTreeMap, BTreeSet};

use cra62443_sbom::{Component, Sbom};
use cra62443_vex::VexStatement;
use serde::Serialize;

use crate::cpe::{Cpe, candidate_pairs, names_match};
use crate::error::VulnError;
use crate::range::Verdict;
use crate::scan::{FindingStatus, cpe_version_verdict, scan};
use crate::store::Database;

/// Why a reference CVE was not found, from the earliest failing step to the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissReason {
    /// The reference names a product that is no component of the SBOM.
    ProductNotInSbom,
    /// The database has no record with this ID (or alias).
    NotInDataSet,
    /// The record is withdrawn (CVE state `REJECTED`).
    Withdrawn,
    /// The record has no CPE applicability (`affected[].cpes`).
    RecordHasNoCpe,
    /// The component has no (parseable) CPE.
    ComponentHasNoCpe,
    /// No CPE of the record names the component's vendor/product (per the wildcard policy and
    /// alias table of [`crate::cpe`]).
    VendorProductMismatch,
    /// The vendor/product matches, but the component version is outside every range.
    VersionOutsideRanges,
    /// The vendor/product matches, but a version or bound could not be compared (an
    /// `indeterminate` finding).
    VersionUnparseable,
}

impl MissReason {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            MissReason::ProductNotInSbom => "VEX product not in the SBOM",
            MissReason::NotInDataSet => "CVE not in the data set",
            MissReason::Withdrawn => "CVE record withdrawn (rejected)",
            MissReason::RecordHasNoCpe => "CVE record has no CPE applicability",
            MissReason::ComponentHasNoCpe => "component has no CPE",
            MissReason::VendorProductMismatch => "vendor/product mismatch",
            MissReason::VersionOutsideRanges => "version outside the record's ranges",
            MissReason::VersionUnparseable => "version unparseable (indeterminate)",
        }
    }
}

/// The oracle comparison.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OracleReport {
    /// Distinct vulnerability IDs of the reference.
    pub reference_ids: usize,
    /// Of those, found by the scan (an `affected` finding names them).
    pub found: usize,
    /// Of those, not found.
    pub missed: usize,
    /// Missed IDs per reason.
    pub buckets: BTreeMap<MissReason, BTreeSet<String>>,
    /// Distinct CVE IDs with `affected` findings that the reference does not name.
    pub extra: BTreeSet<String>,
}

impl std::fmt::Display for OracleReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "reference CVE IDs: {}; found: {}; missed: {}; found but not in the reference: {}",
            self.reference_ids,
            self.found,
            self.missed,
            self.extra.len()
        )?;
        if !self.extra.is_empty() {
            let extra: Vec<&str> = self.extra.iter().map(String::as_str).collect();
            writeln!(f, "  not in the reference: {}", extra.join(", "))?;
        }
        for (reason, ids) in &self.buckets {
            let sample: Vec<&str> = ids.iter().take(3).map(String::as_str).collect();
            writeln!(
                f,
                "  missed, {:<40} {:>5}  e.g. {}",
                reason.label(),
                ids.len(),
                sample.join(", ")
            )?;
        }
        Ok(())
    }
}

/// The CPE product names the SBOM's components may match (the products of their candidate
/// (vendor, product) pairs).
pub fn sbom_cpe_products(sbom: &Sbom) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for c in &sbom.components {
        for raw in &c.cpes {
            if let Ok(cpe) = Cpe::parse(raw) {
                out.extend(
                    candidate_pairs(&cpe, &c.name)
                        .into_iter()
                        .map(|(_, p, _)| p),
                );
            }
        }
    }
    out
}

fn statement_component<'a>(st: &VexStatement, sbom: &'a Sbom) -> Vec<&'a Component> {
    let mut ids: Vec<&str> = vec![st.product.as_str()];
    ids.extend(st.product_identifiers.iter().map(String::as_str));
    ids.extend(st.subcomponents.iter().map(String::as_str));
    sbom.components
        .iter()
        .filter(|c| {
            ids.iter().any(|id| {
                let bom_ref = id.rsplit('#').next().unwrap_or(id);
                bom_ref == c.bom_ref
                    || c.purl.as_deref() == Some(*id)
                    || c.cpes.iter().any(|x| x.eq_ignore_ascii_case(id))
            })
        })
        .collect()
}

/// Replays the matcher's steps for one (ID, component) and returns the furthest step reached.
fn classify(db: &Database, id: &str, component: &Component) -> Result<MissReason, VulnError> {
    let advisory = match db.advisory(id)? {
        Some(a) => Some(a),
        None => match db.ids_for_alias(id)?.first() {
            Some(other) => db.advisory(other)?,
            None => None,
        },
    };
    let Some(advisory) = advisory else {
        return Ok(MissReason::NotInDataSet);
    };
    if advisory.withdrawn.is_some() {
        return Ok(MissReason::Withdrawn);
    }
    if advisory.cpe_applicability.is_empty() {
        return Ok(MissReason::RecordHasNoCpe);
    }
    let cpes: Vec<Cpe> = component
        .cpes
        .iter()
        .filter_map(|c| Cpe::parse(c).ok())
        .collect();
    if cpes.is_empty() {
        return Ok(MissReason::ComponentHasNoCpe);
    }
    let mut reason = MissReason::VendorProductMismatch;
    for cpe in &cpes {
        let version = cpe
            .version
            .value()
            .map(str::to_string)
            .or_else(|| component.version.clone());
        for m in &advisory.cpe_applicability {
            let Ok(criteria) = Cpe::parse(&m.criteria) else {
                continue;
            };
            if !names_match(cpe, &criteria, &component.name) {
                continue;
            }
            let r = match &version {
                None => MissReason::VersionUnparseable,
                Some(v) => match cpe_version_verdict(m, &criteria, v) {
                    Verdict::NotAffected => MissReason::VersionOutsideRanges,
                    // Affected here but not found: the scan kept it as indeterminate under
                    // another entry; count it as undecidable.
                    Verdict::Indeterminate(_) | Verdict::Affected(_) => {
                        MissReason::VersionUnparseable
                    }
                },
            };
            reason = reason.max(r);
        }
    }
    Ok(reason)
}

/// Compares a scan of `sbom` (without VEX) with the reference `statements`.
pub fn compare(
    db: &Database,
    sbom: &Sbom,
    statements: &[VexStatement],
) -> Result<OracleReport, VulnError> {
    let result = scan(db, std::slice::from_ref(sbom), &[])?;
    let mut found_ids: BTreeSet<&str> = BTreeSet::new();
    for f in result
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Affected)
    {
        found_ids.extend(f.ids());
    }
    let mut reference: BTreeMap<&str, Vec<&VexStatement>> = BTreeMap::new();
    for st in statements {
        reference
            .entry(st.vulnerability.as_str())
            .or_default()
            .push(st);
    }
    let mut report = OracleReport {
        reference_ids: reference.len(),
        ..OracleReport::default()
    };
    for (id, sts) in &reference {
        let named = std::iter::once(*id)
            .chain(
                sts.iter()
                    .flat_map(|s| s.aliases.iter().map(String::as_str)),
            )
            .any(|x| found_ids.contains(x));
        if named {
            report.found += 1;
            continue;
        }
        report.missed += 1;
        let mut reason = MissReason::ProductNotInSbom;
        for st in sts {
            for component in statement_component(st, sbom) {
                reason = reason.max(classify(db, id, component)?);
            }
        }
        report
            .buckets
            .entry(reason)
            .or_default()
            .insert(id.to_string());
    }
    let reference_all: BTreeSet<&str> = statements
        .iter()
        .flat_map(|s| {
            std::iter::once(s.vulnerability.as_str()).chain(s.aliases.iter().map(String::as_str))
        })
        .collect();
    report.extra = result
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Affected)
        .filter(|f| !f.ids().any(|x| reference_all.contains(x)))
        .filter_map(|f| f.ids().find(|x| x.starts_with("CVE-")).map(str::to_string))
        .collect();
    Ok(report)
}
