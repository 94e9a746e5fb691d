//! The assessment: SoA, plan, verdicts, achieved SL, maturity, CRA coverage, Art. 13(3),
//! readiness and actions.

use std::collections::{BTreeMap, HashSet};

use cra62443_catalog::Catalog;
use cra62443_crosswalk::{CoverageQuery, CoverageStatus, Crosswalk, coverage};
use cra62443_model::{Kind, Requirement, RequirementId};
use cra62443_profile::{Condition, Facts, Profiles, ResolvedRequirement};
use serde::Serialize;

use crate::classify::{Classification, classify};
use crate::evaluation::Evaluation;
use crate::product::Product;
use crate::record::{AssessmentFile, EvidenceRef, EvidenceState, MetBy, Verdict};

/// Everything an assessment reads.
pub struct Inputs<'a> {
    /// The catalogue.
    pub catalog: &'a Catalog,
    /// The crosswalk.
    pub crosswalk: &'a Crosswalk,
    /// The profiles.
    pub profiles: &'a Profiles,
    /// Evaluation data.
    pub evaluation: &'a Evaluation,
    /// The product.
    pub product: &'a Product,
    /// Verdicts and evidence.
    pub records: &'a AssessmentFile,
    /// The assessment date (dates in force, stale risk assessment).
    pub as_of: jiff::civil::Date,
}

/// Why an assessment cannot be made.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AssessError {
    /// The profile cannot be resolved for the product.
    #[error("profile `{profile}` cannot be resolved for this product: {reason}")]
    Profile {
        /// Profile.
        profile: String,
        /// Why.
        reason: String,
    },
}

/// One line of the Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
pub struct SoaEntry {
    /// Requirement or CRA item.
    pub id: RequirementId,
    /// Printed reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Title.
    pub title: String,
    /// Document.
    pub document: String,
    /// Applicable or not.
    pub applicable: bool,
    /// Why.
    pub reason: String,
    /// Whether the manufacturer overrode the rule (always with a justification).
    #[serde(rename = "override")]
    pub override_: bool,
}

/// The evaluation plan for one requirement.
#[derive(Debug, Clone, Serialize)]
pub struct PlanItem {
    /// Requirement.
    pub id: RequirementId,
    /// Printed reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Title.
    pub title: String,
    /// Target level (SL-T for 4-2/3-3, ML for 4-1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Artefacts to bring.
    pub artefacts: Vec<String>,
    /// Evaluation activities (ID: title).
    pub activities: Vec<String>,
    /// Acceptance criteria at the target.
    pub acceptance: Vec<String>,
    /// What is not sufficient.
    pub not_sufficient: Vec<String>,
    /// Confidence of the criteria.
    pub criteria_confidence: String,
}

/// The verdict on one requirement, as the assessment sees it.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictEntry {
    /// Requirement.
    pub id: RequirementId,
    /// Printed reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Verdict, or `missing`.
    pub verdict: String,
    /// Met by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met_by: Option<MetBy>,
    /// `current`, `unsupported`, `stale` or `none` (no verdict).
    pub evidence_state: String,
    /// Problems with the evidence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_problems: Vec<String>,
    /// Evidence files with hashes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
    /// Maturity level (4-1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maturity: Option<u8>,
    /// Assessor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// Date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl VerdictEntry {
    fn counts(&self) -> bool {
        self.verdict == "pass" && self.evidence_state == "current"
    }
}

/// Result per foundational requirement.
#[derive(Debug, Clone, Serialize)]
pub struct FrResult {
    /// FR number.
    pub fr: u8,
    /// FR title.
    pub title: String,
    /// SL-T.
    pub target: u8,
    /// SL-A.
    pub achieved: u8,
    /// Requirements up to the target that keep the achieved level below it.
    pub blocking: Vec<RequirementId>,
}

/// 62443-4-1 maturity per practice.
#[derive(Debug, Clone, Serialize)]
pub struct PracticeResult {
    /// Practice number.
    pub practice: u8,
    /// Title.
    pub title: String,
    /// Target ML.
    pub target: u8,
    /// Achieved ML (0 when nothing is recorded).
    pub achieved: u8,
    /// Requirements below target.
    pub below_target: Vec<RequirementId>,
}

/// A requirement behind a CRA item, with its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct CraVia {
    /// Requirement.
    pub id: RequirementId,
    /// Printed reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Relation from the crosswalk.
    pub relation: String,
    /// Verdict (`pass`, `fail`, `partial`, `n/a`, `missing`, `not-applicable`).
    pub verdict: String,
}

/// Coverage of one CRA Annex I item.
#[derive(Debug, Clone, Serialize)]
pub struct CraItem {
    /// The item.
    pub id: RequirementId,
    /// Printed reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Title.
    pub title: String,
    /// `covered`, `partial`, `not-covered` or `not-applicable`.
    pub status: String,
    /// Why.
    pub reason: String,
    /// The requirements behind it.
    pub via: Vec<CraVia>,
    /// 62443 gaps that need measures beyond the standard.
    pub gaps: Vec<String>,
    /// A verdict recorded on the CRA item itself (extra measures), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_verdict: Option<String>,
}

/// One element of the Art. 13(3) checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Art13Item {
    /// Catalogue ID of the element.
    pub id: String,
    /// The element.
    pub element: String,
    /// `ok`, `missing` or `partial`.
    pub status: String,
    /// What was found.
    pub detail: String,
}

/// Readiness for the conformity route.
#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    /// Whether the product is ready for conformity assessment.
    pub ready: bool,
    /// The route it would use.
    pub route: String,
    /// Summary in words.
    pub summary: String,
}

/// An open action.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    /// Kind: `missing-verdict`, `fail`, `partial`, `stale-evidence`, `unsupported`, `cra-gap`,
    /// `sl-shortfall`, `maturity`, `art-13-3`, `support-period`, `classification`.
    pub kind: String,
    /// Concerned ID, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What to do.
    pub message: String,
}

/// Counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Requirements in the resolved profile.
    pub requirements: usize,
    /// Applicable ones.
    pub applicable: usize,
    /// Not applicable.
    pub not_applicable: usize,
    /// Overrides.
    pub overrides: usize,
    /// Verdicts pass.
    pub pass: usize,
    /// Fail.
    pub fail: usize,
    /// Partial.
    pub partial: usize,
    /// No verdict.
    pub missing: usize,
    /// Stale evidence.
    pub stale: usize,
    /// Verdict without evidence.
    pub unsupported: usize,
    /// CRA items covered.
    pub cra_covered: usize,
    /// CRA items partial.
    pub cra_partial: usize,
    /// CRA items not covered.
    pub cra_not_covered: usize,
    /// CRA items not applicable.
    pub cra_not_applicable: usize,
}

/// The result (`result.json`, `assess --format json`).
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentResult {
    /// Schema tag of the result.
    pub schema: &'static str,
    /// Tool version.
    pub tool_version: &'static str,
    /// Assessment date.
    pub as_of: String,
    /// The product as declared.
    pub product: Product,
    /// Classification and routes.
    pub classification: Classification,
    /// Profile ID.
    pub profile: String,
    /// Its `extends` chain.
    pub profile_chain: Vec<String>,
    /// Amendments read.
    pub amendments: Vec<String>,
    /// SL-T per FR.
    pub sl_target: [u8; 7],
    /// SL-A per FR (0 where nothing is achieved).
    pub sl_achieved: [u8; 7],
    /// Per FR.
    pub fr: Vec<FrResult>,
    /// 62443-4-1 maturity per practice.
    pub maturity: Vec<PracticeResult>,
    /// Statement of Applicability.
    pub soa: Vec<SoaEntry>,
    /// Evaluation plan (applicable requirements).
    pub plan: Vec<PlanItem>,
    /// Verdicts.
    pub verdicts: Vec<VerdictEntry>,
    /// CRA Annex I coverage.
    pub cra: Vec<CraItem>,
    /// Article 13(3) checklist.
    pub art_13_3: Vec<Art13Item>,
    /// Readiness.
    pub readiness: Readiness,
    /// Open actions.
    pub actions: Vec<Action>,
    /// Counts.
    pub summary: Summary,
}

/// The target level that decides whether `r` is required: its per-requirement override from the
/// profile, else the product's SL-T for its FR; `None` for requirements without an SL (4-1).
fn effective_target(r: &ResolvedRequirement, sl_target: [u8; 7]) -> Option<u8> {
    match (r.sl, r.fr) {
        (Some(_), Some(_)) if r.sl_origin.is_some() => Some(r.sl_target.unwrap_or(0)),
        (Some(_), Some(fr)) => Some(sl_target[usize::from(fr - 1)]),
        _ => None,
    }
}

fn facts(product: &Product) -> Facts {
    let mut component_types: std::collections::BTreeSet<String> = product
        .component_types
        .iter()
        .map(|t| t.prefix().to_string())
        .collect();
    if product.system {
        component_types.insert("system".into());
    }
    Facts {
        capabilities: product.capabilities.iter().cloned().collect(),
        component_types,
        uses: product.uses.iter().cloned().collect(),
    }
}

fn explain_false(cond: &Condition, facts: &Facts) -> String {
    let missing: Vec<&str> = cond
        .capabilities()
        .into_iter()
        .filter(|c| !facts.capabilities.contains(*c))
        .collect();
    if missing.is_empty() {
        format!("not applicable: `{cond}` does not hold for this product")
    } else {
        format!(
            "not applicable by technical capability: requires `{cond}`; the product declares none of {}",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn applicability(
    id: &RequirementId,
    conditions: &[(&str, &Condition)],
    facts: &Facts,
    product: &Product,
) -> (bool, String, bool) {
    if let Some(o) = product.overrides.iter().find(|o| &o.id == id) {
        return (o.applicable, format!("override: {}", o.justification), true);
    }
    for (origin, cond) in conditions {
        if !cond.eval(facts) {
            return (
                false,
                format!("{} (rule: {origin})", explain_false(cond, facts)),
                false,
            );
        }
    }
    if conditions.is_empty() {
        (true, "applicable: no capability condition".into(), false)
    } else {
        let held: Vec<String> = conditions
            .iter()
            .map(|(o, c)| format!("`{c}` holds ({o})"))
            .collect();
        (true, format!("applicable: {}", held.join("; ")), false)
    }
}

/// Runs the assessment.
pub fn assess(inputs: &Inputs<'_>) -> Result<AssessmentResult, AssessError> {
    let Inputs {
        catalog,
        crosswalk,
        profiles,
        evaluation,
        product,
        records,
        as_of,
    } = *inputs;
    let classification = classify(catalog, product, as_of);
    let facts = facts(product);

    // Resolve the profile once per component type and merge (a product can combine types).
    let types: Vec<Option<cra62443_model::ComponentType>> = if product.component_types.is_empty() {
        vec![None]
    } else {
        product.component_types.iter().map(|t| Some(*t)).collect()
    };
    let mut resolved_reqs: Vec<ResolvedRequirement> = Vec::new();
    let mut above_target: Vec<ResolvedRequirement> = Vec::new();
    let mut resolved_meta = None;
    for t in types {
        let r = cra62443_profile::resolve(
            profiles,
            catalog,
            crosswalk,
            &product.profile,
            t,
            &product.amendments,
        )
        .map_err(|e| AssessError::Profile {
            profile: product.profile.clone(),
            reason: e.to_string(),
        })?;
        for x in &r.requirements {
            if !resolved_reqs.iter().any(|y| y.id == x.id) {
                resolved_reqs.push(x.clone());
            }
        }
        for x in &r.not_required {
            if !above_target.iter().any(|y| y.id == x.id) {
                above_target.push(x.clone());
            }
        }
        resolved_meta = Some(r);
    }
    let meta = resolved_meta.expect("at least one resolution");
    let sl_target = product.sl_target.unwrap_or(meta.sl_target);
    // With a product SL-T different from the profile's, re-split required/above-target.
    let mut all_selected: Vec<ResolvedRequirement> =
        resolved_reqs.into_iter().chain(above_target).collect();
    let order: std::collections::HashMap<&RequirementId, usize> = catalog
        .entries()
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.id, i))
        .collect();
    all_selected.sort_by_key(|r| order.get(&r.id).copied().unwrap_or(usize::MAX));
    let target_of = |r: &ResolvedRequirement| effective_target(r, sl_target);
    let required: Vec<&ResolvedRequirement> = all_selected
        .iter()
        .filter(|r| match (r.sl, target_of(r)) {
            (Some(sl), Some(t)) => sl <= t,
            _ => true,
        })
        .collect();

    // Statement of Applicability.
    let mut soa: Vec<SoaEntry> = Vec::new();
    let mut applicable_ids: HashSet<RequirementId> = HashSet::new();
    for r in &required {
        let mut conditions: Vec<(&str, &Condition)> = Vec::new();
        if let Some(c) = &r.applicability {
            conditions.push(("profile", c));
        }
        if let Some(c) = evaluation
            .criterion(r.id.as_str())
            .and_then(|c| c.applicability.as_ref())
        {
            conditions.push(("evaluation criteria", c));
        }
        let (applicable, reason, override_) = applicability(&r.id, &conditions, &facts, product);
        if applicable {
            applicable_ids.insert(r.id.clone());
        }
        soa.push(SoaEntry {
            id: r.id.clone(),
            reference: r.reference.clone(),
            title: r.title.clone(),
            document: r.id.document().to_string(),
            applicable,
            reason,
            override_,
        });
    }
    let annex_i: Vec<&Requirement> = catalog
        .entries()
        .iter()
        .filter(|e| {
            e.document == "cra"
                && e.kind == Kind::Requirement
                && e.id.local().starts_with("annex-i.p")
        })
        .collect();
    let mut cra_applicable: BTreeMap<String, (bool, String)> = BTreeMap::new();
    for item in &annex_i {
        let mut conditions: Vec<(&str, &Condition)> = Vec::new();
        if let Some(c) = evaluation
            .criterion(item.id.as_str())
            .and_then(|c| c.applicability.as_ref())
        {
            conditions.push(("CRA applicability rules", c));
        }
        let always = item.id.local() == "annex-i.p1.1" || item.id.local().starts_with("annex-i.p2");
        let (mut applicable, mut reason, override_) =
            applicability(&item.id, &conditions, &facts, product);
        if always && !applicable {
            // Part I (1) and Part II are not qualified by "where applicable".
            applicable = true;
            reason = format!(
                "applies to every product (not qualified by \"where applicable\"); the override or rule was ignored: {reason}"
            );
        }
        cra_applicable.insert(item.id.to_string(), (applicable, reason.clone()));
        soa.push(SoaEntry {
            id: item.id.clone(),
            reference: item.reference.clone(),
            title: item.title.clone(),
            document: "cra".into(),
            applicable,
            reason,
            override_,
        });
    }

    // Verdicts.
    let base = product.dir();
    let mut verdicts: Vec<VerdictEntry> = Vec::new();
    let mut summary = Summary::default();
    for entry in soa.iter().filter(|s| s.document != "cra") {
        summary.requirements += 1;
        if entry.override_ {
            summary.overrides += 1;
        }
        if !entry.applicable {
            summary.not_applicable += 1;
            continue;
        }
        summary.applicable += 1;
        verdicts.push(verdict_entry(records, &entry.id, &entry.reference, base));
    }
    for item in &annex_i {
        if let Some(rec) = records.record(item.id.as_str())
            && rec.verdict.is_some()
        {
            verdicts.push(verdict_entry(records, &item.id, &item.reference, base));
        }
    }
    for v in verdicts.iter().filter(|v| v.id.document() != "cra") {
        match v.verdict.as_str() {
            "pass" => summary.pass += 1,
            "fail" => summary.fail += 1,
            "partial" => summary.partial += 1,
            "missing" => summary.missing += 1,
            _ => {}
        }
        match v.evidence_state.as_str() {
            "stale" => summary.stale += 1,
            "unsupported" => summary.unsupported += 1,
            _ => {}
        }
    }
    let passed: HashSet<RequirementId> = verdicts
        .iter()
        .filter(|v| v.counts())
        .map(|v| v.id.clone())
        .collect();
    let verdict_of = |id: &RequirementId| -> String {
        if !applicable_ids.contains(id) && soa.iter().any(|s| &s.id == id) {
            return "not-applicable".into();
        }
        if catalog.get(id.as_str()).is_some_and(|e| !e.assessable) {
            // A group or clause (e.g. a whole practice) receives no verdict of its own.
            return "not-assessable".into();
        }
        verdicts
            .iter()
            .find(|v| &v.id == id)
            .map(|v| v.verdict.clone())
            .unwrap_or_else(|| "missing".into())
    };

    // Achieved SL per FR (cumulative rule, over every selected requirement of the FR).
    let mut fr_results = Vec::new();
    let mut sl_achieved = [0u8; 7];
    for fr in 1..=7u8 {
        let rows: Vec<&ResolvedRequirement> = all_selected
            .iter()
            .filter(|r| r.fr == Some(fr) && r.sl.is_some())
            .collect();
        let target = sl_target[usize::from(fr - 1)];
        let mut achieved = 0u8;
        for level in 1..=4u8 {
            let at_level: Vec<&&ResolvedRequirement> = rows
                .iter()
                .filter(|r| r.sl.unwrap_or(9) <= level)
                .filter(|r| applicable_ids.contains(&r.id) || !soa.iter().any(|s| s.id == r.id))
                .filter(|r| soa.iter().any(|s| s.id == r.id) || passed.contains(&r.id))
                .collect();
            let all_met = at_level.iter().all(|r| passed.contains(&r.id));
            let any_passed_here = rows
                .iter()
                .any(|r| r.sl == Some(level) && passed.contains(&r.id));
            // A level with nothing applicable counts only up to the target (no vacuous SL 4).
            if all_met && (any_passed_here || level <= target) && !rows.is_empty() {
                achieved = level;
            } else {
                break;
            }
        }
        sl_achieved[usize::from(fr - 1)] = achieved;
        let blocking: Vec<RequirementId> = rows
            .iter()
            .filter(|r| {
                r.sl.unwrap_or(9) <= target
                    && applicable_ids.contains(&r.id)
                    && !passed.contains(&r.id)
            })
            .map(|r| r.id.clone())
            .collect();
        let title = catalog
            .get(&format!("iec62443-4-2:fr-{fr}"))
            .or_else(|| catalog.get(&format!("iec62443-3-3:fr-{fr}")))
            .map(|e| e.title.clone())
            .unwrap_or_default();
        fr_results.push(FrResult {
            fr,
            title,
            target,
            achieved,
            blocking,
        });
    }

    // 62443-4-1 maturity per practice.
    let mut maturity = Vec::new();
    for (practice, target) in &meta.maturity_target {
        let reqs: Vec<&&ResolvedRequirement> = required
            .iter()
            .filter(|r| r.id.document() == "iec62443-4-1")
            .filter(|r| catalog.get(r.id.as_str()).and_then(|e| e.practice) == Some(*practice))
            .filter(|r| applicable_ids.contains(&r.id))
            .collect();
        if reqs.is_empty() {
            continue;
        }
        let mut achieved = 4u8;
        let mut below = Vec::new();
        for r in &reqs {
            let ml = match records.record(r.id.as_str()) {
                Some(rec) => match rec.verdict {
                    Some(Verdict::Pass) if passed.contains(&r.id) => rec.maturity.unwrap_or(2),
                    Some(Verdict::Pass) | Some(Verdict::Partial) => {
                        rec.maturity.unwrap_or(1).min(2)
                    }
                    _ => 0,
                },
                None => 0,
            };
            if ml < *target {
                below.push(r.id.clone());
            }
            achieved = achieved.min(ml);
        }
        let title = catalog
            .get(&format!("iec62443-4-1:practice-{practice}"))
            .map(|e| e.title.clone())
            .unwrap_or_default();
        maturity.push(PracticeResult {
            practice: *practice,
            title,
            target: *target,
            achieved,
            below_target: below,
        });
    }

    // CRA Annex I coverage.
    let base_docs: Vec<String> = profiles
        .get(&product.profile)
        .map(|_| meta.chain.clone())
        .unwrap_or_default()
        .iter()
        .filter_map(|pid| profiles.get(pid))
        .flat_map(|p| p.base.iter().map(|(d, _)| d.clone()))
        .fold(Vec::new(), |mut acc, d| {
            if !acc.contains(&d) {
                acc.push(d);
            }
            acc
        });
    let items: Vec<RequirementId> = annex_i.iter().map(|e| e.id.clone()).collect();
    let full = coverage(
        catalog,
        crosswalk,
        &CoverageQuery {
            from: "cra".into(),
            to: base_docs.clone(),
            amendments: meta.amendments.clone(),
            sets: Vec::new(),
            items: items.clone(),
            restrict_targets: Some(applicable_ids.iter().cloned().collect()),
        },
    );
    let met = coverage(
        catalog,
        crosswalk,
        &CoverageQuery {
            from: "cra".into(),
            to: base_docs,
            amendments: meta.amendments.clone(),
            sets: Vec::new(),
            items,
            restrict_targets: Some(passed.iter().cloned().collect()),
        },
    );
    let scan = product
        .vulnerability_scan
        .as_ref()
        .map(|f| read_scan(&product.dir().join(f), f));
    let mut cra = Vec::new();
    for item in &annex_i {
        let (applicable, reason) = cra_applicable
            .get(item.id.as_str())
            .cloned()
            .unwrap_or((true, String::new()));
        let planned = full.items.iter().find(|i| i.id == item.id);
        let achieved = met.items.iter().find(|i| i.id == item.id);
        let via: Vec<CraVia> = planned
            .map(|p| {
                p.mappings
                    .iter()
                    .map(|m| CraVia {
                        id: m.target.clone(),
                        reference: m.reference.clone(),
                        relation: m.relation.as_str().to_string(),
                        verdict: verdict_of(&m.target),
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Gaps matter only against target documents that do not cover the item on their own.
        let open_docs: Vec<&String> = achieved
            .map(|a| {
                a.by_target
                    .iter()
                    .filter(|(_, s)| **s != CoverageStatus::Covered)
                    .map(|(d, _)| d)
                    .collect()
            })
            .unwrap_or_default();
        let covered_somewhere = achieved.is_some_and(|a| a.status == CoverageStatus::Covered);
        let gaps: Vec<String> = if covered_somewhere {
            Vec::new()
        } else {
            planned
                .map(|p| {
                    p.gaps
                        .iter()
                        .filter(|g| g.against.iter().any(|d| open_docs.contains(&d)))
                        .map(|g| g.statement.clone())
                        .collect()
                })
                .unwrap_or_default()
        };
        let direct = records.record(item.id.as_str()).and_then(|r| r.verdict);
        let direct_counts = direct == Some(Verdict::Pass)
            && records
                .record(item.id.as_str())
                .is_some_and(|r| AssessmentFile::evidence_state(r, base) == EvidenceState::Current);
        let scan_here = if item.id.local() == "annex-i.p1.2a" {
            scan.as_ref()
        } else {
            None
        };
        let (status, why) = if !applicable {
            ("not-applicable", reason.clone())
        } else if let Some(Err(e)) = scan_here {
            ("not-covered", e.clone())
        } else if let Some(Ok(s)) = scan_here
            && (s.open > 0 || s.indeterminate > 0)
        {
            ("not-covered", s.describe())
        } else if let Some(Ok(s)) = scan_here
            && achieved.is_some_and(|a| a.status != CoverageStatus::Gap)
        {
            (
                "covered",
                format!(
                    "{}; and the 62443 requirements behind it passed",
                    s.describe()
                ),
            )
        } else if direct_counts {
            (
                "covered",
                "met by measures recorded on the CRA item itself (beyond the 62443 requirements)"
                    .to_string(),
            )
        } else if direct == Some(Verdict::Fail) {
            (
                "not-covered",
                "the verdict recorded on the CRA item is fail".to_string(),
            )
        } else {
            match achieved.map(|a| a.status) {
                Some(CoverageStatus::Covered) => (
                    "covered",
                    "every 62443 requirement the crosswalk needs for it passed, and no gap is open"
                        .to_string(),
                ),
                Some(CoverageStatus::Partial) => (
                    "partial",
                    if gaps.is_empty() {
                        "only supporting requirements passed so far".to_string()
                    } else {
                        "62443 leaves part of it open: measures beyond the standard are needed (see gaps)".to_string()
                    },
                ),
                _ => (
                    "not-covered",
                    if via.is_empty() {
                        "no applicable 62443 requirement of the profile addresses it".to_string()
                    } else {
                        "no requirement behind it has passed yet".to_string()
                    },
                ),
            }
        };
        match status {
            "covered" => summary.cra_covered += 1,
            "partial" => summary.cra_partial += 1,
            "not-covered" => summary.cra_not_covered += 1,
            _ => summary.cra_not_applicable += 1,
        }
        cra.push(CraItem {
            id: item.id.clone(),
            reference: item.reference.clone(),
            title: item.title.clone(),
            status: status.to_string(),
            reason: why,
            via,
            gaps,
            direct_verdict: direct.map(|d| d.as_str().to_string()),
        });
    }

    let art_13_3 = art_13_3(catalog, product, &soa, &cra, as_of, &maturity);
    let plan = plan(
        catalog,
        evaluation,
        &required,
        &applicable_ids,
        sl_target,
        &meta.maturity_target,
    );

    // Actions.
    let mut actions = Vec::new();
    let verdict_actions = |kind: &str,
                           pick: &dyn Fn(&VerdictEntry) -> bool,
                           msg: &dyn Fn(&VerdictEntry) -> String,
                           actions: &mut Vec<Action>| {
        for v in verdicts.iter().filter(|v| pick(v)) {
            actions.push(Action {
                kind: kind.into(),
                id: Some(v.id.to_string()),
                message: msg(v),
            });
        }
    };
    verdict_actions(
        "fail",
        &|v| v.verdict == "fail",
        &|v| {
            format!(
                "{} failed: fix and re-evaluate ({})",
                v.reference,
                v.note.clone().unwrap_or_default()
            )
        },
        &mut actions,
    );
    verdict_actions(
        "partial",
        &|v| v.verdict == "partial",
        &|v| format!("{} is partly met: complete it", v.reference),
        &mut actions,
    );
    verdict_actions(
        "stale-evidence",
        &|v| v.evidence_state == "stale",
        &|v| {
            format!(
                "{}: evidence changed or missing ({}); re-check and re-record the verdict",
                v.reference,
                v.evidence_problems.join("; ")
            )
        },
        &mut actions,
    );
    verdict_actions(
        "unsupported",
        &|v| v.evidence_state == "unsupported" && v.verdict != "missing",
        &|v| {
            format!(
                "{}: the verdict has no evidence; add it with `cra62443 evidence add`",
                v.reference
            )
        },
        &mut actions,
    );
    let missing: Vec<&VerdictEntry> = verdicts.iter().filter(|v| v.verdict == "missing").collect();
    if !missing.is_empty() {
        let list: Vec<&str> = missing
            .iter()
            .take(8)
            .map(|v| v.reference.as_str())
            .collect();
        actions.push(Action {
            kind: "missing-verdict".into(),
            id: None,
            message: format!(
                "{} applicable requirements have no verdict yet: {}{}",
                missing.len(),
                list.join(", "),
                if missing.len() > 8 { ", …" } else { "" }
            ),
        });
    }
    for f in &fr_results {
        if f.achieved < f.target {
            actions.push(Action {
                kind: "sl-shortfall".into(),
                id: Some(format!("FR {}", f.fr)),
                message: format!(
                    "FR {} ({}) achieves SL {} of target SL {}",
                    f.fr, f.title, f.achieved, f.target
                ),
            });
        }
    }
    for m in &maturity {
        if m.achieved < m.target {
            actions.push(Action {
                kind: "maturity".into(),
                id: Some(format!("Practice {}", m.practice)),
                message: format!(
                    "Practice {} ({}) at ML {} of target ML {}",
                    m.practice, m.title, m.achieved, m.target
                ),
            });
        }
    }
    for c in &cra {
        if c.status == "not-covered" || (c.status == "partial" && !c.gaps.is_empty()) {
            let gap = c
                .gaps
                .first()
                .map(|g| format!(" Gap: {g}"))
                .unwrap_or_default();
            actions.push(Action {
                kind: "cra-gap".into(),
                id: Some(c.id.to_string()),
                message: format!("{} is {}: {}.{gap}", c.reference, c.status, c.reason),
            });
        }
    }
    for a in &art_13_3 {
        if a.status != "ok" {
            actions.push(Action {
                kind: "art-13-3".into(),
                id: Some(a.id.clone()),
                message: format!("Art. 13(3) {}: {}", a.element, a.detail),
            });
        }
    }
    if classification.support_period.status == "too-short"
        || classification.support_period.status == "missing"
    {
        actions.push(Action {
            kind: "support-period".into(),
            id: None,
            message: classification.support_period.message.clone(),
        });
    }

    let open_cra = cra
        .iter()
        .filter(|c| c.status == "not-covered" || c.status == "partial")
        .count();
    let blocking = summary.fail + summary.partial + summary.missing + summary.stale;
    let route = classification
        .route_names
        .first()
        .map(|r| r.name.clone())
        .unwrap_or_else(|| "none".into());
    let ready = blocking == 0
        && open_cra == 0
        && art_13_3.iter().all(|a| a.status == "ok")
        && classification.support_period.status != "too-short";
    let readiness = Readiness {
        ready,
        route: classification.routes.join(", "),
        summary: if ready {
            format!("Ready for conformity assessment ({route} or another allowed route).")
        } else {
            format!(
                "Not ready: {} requirement verdicts open or failing ({} missing, {} fail, {} partial, {} stale), {} CRA Annex I items not fully covered, {} Art. 13(3) elements incomplete.",
                blocking,
                summary.missing,
                summary.fail,
                summary.partial,
                summary.stale,
                open_cra,
                art_13_3.iter().filter(|a| a.status != "ok").count()
            )
        },
    };

    Ok(AssessmentResult {
        schema: "cra62443/result/v1",
        tool_version: env!("CARGO_PKG_VERSION"),
        as_of: as_of.to_string(),
        product: product.clone(),
        classification,
        profile: meta.profile.clone(),
        profile_chain: meta.chain.clone(),
        amendments: meta.amendments.clone(),
        sl_target,
        sl_achieved,
        fr: fr_results,
        maturity,
        soa,
        plan,
        verdicts,
        cra,
        art_13_3,
        readiness,
        actions,
        summary,
    })
}

fn verdict_entry(
    records: &AssessmentFile,
    id: &RequirementId,
    reference: &str,
    base: &std::path::Path,
) -> VerdictEntry {
    match records.record(id.as_str()) {
        Some(rec) if rec.verdict.is_some() => {
            let state = AssessmentFile::evidence_state(rec, base);
            let (state_name, problems) = match state {
                EvidenceState::Current => ("current", Vec::new()),
                EvidenceState::Unsupported => ("unsupported", Vec::new()),
                EvidenceState::Stale { problems } => ("stale", problems),
            };
            VerdictEntry {
                id: id.clone(),
                reference: reference.to_string(),
                verdict: rec
                    .verdict
                    .map(|v| v.as_str().to_string())
                    .unwrap_or_default(),
                met_by: rec.met_by,
                evidence_state: state_name.into(),
                evidence_problems: problems,
                evidence: rec.evidence.clone(),
                maturity: rec.maturity,
                assessor: rec.assessor.clone(),
                date: rec.date.clone(),
                note: rec.note.clone(),
            }
        }
        other => VerdictEntry {
            id: id.clone(),
            reference: reference.to_string(),
            verdict: "missing".into(),
            met_by: None,
            evidence_state: "none".into(),
            evidence_problems: Vec::new(),
            evidence: other.map(|r| r.evidence.clone()).unwrap_or_default(),
            maturity: None,
            assessor: None,
            date: None,
            note: None,
        },
    }
}

fn plan(
    catalog: &Catalog,
    evaluation: &Evaluation,
    required: &[&ResolvedRequirement],
    applicable: &HashSet<RequirementId>,
    sl_target: [u8; 7],
    maturity: &BTreeMap<u8, u8>,
) -> Vec<PlanItem> {
    let mut out = Vec::new();
    for r in required.iter().filter(|r| applicable.contains(&r.id)) {
        let entry = catalog.get(r.id.as_str());
        let (target, acceptance, prefix_level) = match (r.sl, r.fr) {
            (Some(_), Some(_)) => {
                let t = effective_target(r, sl_target).unwrap_or(0);
                (Some(format!("SL-T {t}")), "sl", t)
            }
            _ => {
                let ml = entry
                    .and_then(|e| e.practice)
                    .and_then(|p| maturity.get(&p))
                    .copied()
                    .unwrap_or(3);
                (Some(format!("ML {ml}")), "ml", ml)
            }
        };
        let criterion = evaluation.criterion(r.id.as_str());
        out.push(PlanItem {
            id: r.id.clone(),
            reference: r.reference.clone(),
            title: r.title.clone(),
            target,
            artefacts: criterion.map(|c| c.artefacts.clone()).unwrap_or_default(),
            activities: criterion
                .map(|c| {
                    c.activities
                        .iter()
                        .map(|a| match evaluation.activities.get(a) {
                            Some(act) => format!("{}: {}", a.to_uppercase(), act.title),
                            None => a.to_uppercase(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            acceptance: criterion
                .map(|c| c.acceptance_up_to(acceptance, prefix_level))
                .unwrap_or_default(),
            not_sufficient: criterion
                .map(|c| c.not_sufficient.clone())
                .unwrap_or_default(),
            criteria_confidence: criterion
                .map(|c| c.confidence.to_string())
                .unwrap_or_else(|| "none: no criteria in the data".into()),
        });
    }
    out
}

fn art_13_3(
    catalog: &Catalog,
    product: &Product,
    soa: &[SoaEntry],
    cra: &[CraItem],
    as_of: jiff::civil::Date,
    maturity: &[PracticeResult],
) -> Vec<Art13Item> {
    let mut out = Vec::new();
    let mut push = |local: &str, status: &str, detail: String| {
        let element = catalog
            .get(&format!("cra:{local}"))
            .map(|e| e.title.clone())
            .unwrap_or_else(|| local.to_string());
        out.push(Art13Item {
            id: format!("cra:{local}"),
            element,
            status: status.into(),
            detail,
        });
    };
    let doc = product.risk_assessment.as_ref();
    let doc_exists = doc.is_some_and(|d| product.dir().join(&d.document).exists());
    push(
        "art-13.3.i",
        if doc_exists { "ok" } else { "missing" },
        match doc {
            Some(d) if doc_exists => format!("risk assessment documented in {}", d.document),
            Some(d) => format!("the risk assessment file {} does not exist", d.document),
            None => "no risk assessment document referenced (`risk_assessment.document`)".into(),
        },
    );
    let updated = doc.and_then(|d| d.updated);
    let fresh = updated.is_some_and(|u| {
        as_of
            .since(u)
            .ok()
            .and_then(|s| s.total((jiff::Unit::Day, u)).ok())
            .is_some_and(|days| days <= 366.0)
    });
    push(
        "art-13.3.ii",
        if fresh {
            "ok"
        } else if updated.is_some() {
            "partial"
        } else {
            "missing"
        },
        match updated {
            Some(u) if fresh => format!("last updated {u}, within the last year"),
            Some(u) => format!(
                "last updated {u}: review it (it must be kept up to date during the support period)"
            ),
            None => "no update date recorded (`risk_assessment.updated`)".into(),
        },
    );
    let present = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    push(
        "art-13.3.iii",
        if present(&product.intended_purpose) {
            "ok"
        } else {
            "missing"
        },
        "intended purpose".into(),
    );
    push(
        "art-13.3.iv",
        if present(&product.foreseeable_use) {
            "ok"
        } else {
            "missing"
        },
        "reasonably foreseeable use (and misuse)".into(),
    );
    let conditions = (present(&product.conditions_of_use)
        || present(&product.operational_environment))
        && !product.assets.is_empty();
    push(
        "art-13.3.v",
        if conditions { "ok" } else { "missing" },
        format!(
            "conditions of use / operational environment and {} assets to protect",
            product.assets.len()
        ),
    );
    push(
        "art-13.3.vi",
        if product.expected_time_in_use.is_some() {
            "ok"
        } else {
            "missing"
        },
        product
            .expected_time_in_use
            .as_ref()
            .map(|t| format!("expected in use for {} years", t.years))
            .unwrap_or_else(|| "expected time in use not declared".into()),
    );
    let cra_soa: Vec<&SoaEntry> = soa.iter().filter(|s| s.document == "cra").collect();
    let not_applicable: Vec<&&SoaEntry> = cra_soa.iter().filter(|s| !s.applicable).collect();
    push(
        "art-13.3.vii",
        "ok",
        format!(
            "applicability of Annex I Part I (2)(a)-(m) decided with reasons ({} not applicable); implementation shown by the CRA coverage",
            not_applicable.len()
        ),
    );
    let p1 = cra.iter().find(|c| c.id.local() == "annex-i.p1.1");
    push(
        "art-13.3.viii",
        if doc_exists && p1.is_some_and(|c| c.status != "not-covered") {
            "ok"
        } else {
            "partial"
        },
        format!(
            "Part I (1) applied through the risk assessment and the profile (status: {})",
            p1.map(|c| c.status.as_str()).unwrap_or("unknown")
        ),
    );
    let part2: Vec<&CraItem> = cra
        .iter()
        .filter(|c| c.id.local().starts_with("annex-i.p2"))
        .collect();
    let part2_open = part2
        .iter()
        .filter(|c| c.status != "covered" && c.status != "not-applicable")
        .count();
    let dm_sum = maturity
        .iter()
        .filter(|m| m.practice == 6 || m.practice == 7)
        .all(|m| m.achieved >= m.target);
    push(
        "art-13.3.ix",
        if part2_open == 0 && dm_sum {
            "ok"
        } else {
            "partial"
        },
        format!(
            "Part II (vulnerability handling): {part2_open} of {} items not fully covered",
            part2.len()
        ),
    );
    let justified = not_applicable.iter().all(|s| !s.reason.is_empty());
    out.push(Art13Item {
        id: "cra:art-13.4".into(),
        element: "Justification for every essential requirement deemed not applicable (Art. 13(4))".into(),
        status: if justified { "ok".into() } else { "missing".into() },
        detail: format!(
            "{} Annex I items not applicable, each with the reason recorded in the SoA (capability rules or overrides); confirm them in the risk assessment",
            not_applicable.len()
        ),
    });
    out
}

/// What a vulnerability scan result (`cra62443 vuln scan --format json`) says about a release.
struct ScanSummary {
    file: String,
    open: u64,
    known_exploited: u64,
    indeterminate: u64,
    suppressed: u64,
}

impl ScanSummary {
    fn describe(&self) -> String {
        format!(
            "vulnerability scan {}: {} known vulnerabilities open, {} known exploited, {} unassessed, {} suppressed by VEX",
            self.file, self.open, self.known_exploited, self.indeterminate, self.suppressed
        )
    }
}

fn read_scan(path: &std::path::Path, name: &str) -> Result<ScanSummary, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("the vulnerability scan {name} cannot be read: {e}"))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "the vulnerability scan {name} is not JSON (`cra62443 vuln scan --format json`): {e}"
        )
    })?;
    let summary = value
        .get("summary")
        .ok_or_else(|| format!("the vulnerability scan {name} has no `summary`"))?;
    let n = |k: &str| {
        summary
            .get(k)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    Ok(ScanSummary {
        file: name.to_string(),
        open: n("findings"),
        known_exploited: n("known_exploited"),
        indeterminate: n("indeterminate"),
        suppressed: n("suppressed"),
    })
}
