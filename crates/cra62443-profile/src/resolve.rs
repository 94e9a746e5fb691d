//! Profile resolution: `extends` chain → selection → SL-T → the concrete requirement list.

use std::collections::{BTreeMap, HashMap, HashSet};

use cra62443_catalog::Catalog;
use cra62443_crosswalk::{CoverageQuery, CoverageStatus, Crosswalk, coverage};
use cra62443_model::{ComponentType, Kind, Requirement, RequirementId};
use serde::Serialize;

use crate::Profiles;
use crate::condition::Condition;
use crate::profile::{Profile, Target};

/// A requirement the profile selects.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedRequirement {
    /// ID.
    pub id: RequirementId,
    /// Printed reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Title.
    pub title: String,
    /// Foundational requirement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fr: Option<u8>,
    /// SL at which the requirement is first required (none for 62443-4-1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl: Option<u8>,
    /// The target level that decides whether it is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl_target: Option<u8>,
    /// Where the selection comes from (`ot-component: include iec62443-4-2 (line 40)`).
    pub origin: String,
    /// Where an SL override comes from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl_origin: Option<String>,
    /// Contextualisation notes, per profile.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Applicability condition (the last one set along the chain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicability: Option<Condition>,
    /// The amendment it comes from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amendment: Option<String>,
}

/// An exclusion and its justification.
#[derive(Debug, Clone, Serialize)]
pub struct Exclusion {
    /// ID.
    pub id: RequirementId,
    /// Why.
    pub justification: String,
    /// Which profile and line.
    pub origin: String,
}

/// CRA coverage of the profile ("Annex ZZ").
#[derive(Debug, Clone, Serialize)]
pub struct CraCoverage {
    /// Annex I item.
    pub id: RequirementId,
    /// Printed reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Status counting only the profile's required requirements.
    pub status: CoverageStatus,
    /// Required requirements that address it.
    pub via: Vec<RequirementId>,
    /// Open gap statements.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<String>,
}

/// The result of resolving a profile (the `profile resolve --format json` contract).
#[derive(Debug, Clone, Serialize)]
pub struct Resolved {
    /// Profile ID.
    pub profile: String,
    /// Title.
    pub title: String,
    /// The `extends` chain, root first.
    pub chain: Vec<String>,
    /// Component type resolved for, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_type: Option<ComponentType>,
    /// Amendments in force.
    pub amendments: Vec<String>,
    /// SL-T per FR.
    pub sl_target: [u8; 7],
    /// Target maturity level per 62443-4-1 practice (1-8).
    pub maturity_target: BTreeMap<u8, u8>,
    /// Required requirements.
    pub requirements: Vec<ResolvedRequirement>,
    /// Selected but first required above their target level.
    pub not_required: Vec<ResolvedRequirement>,
    /// Excluded requirements with justification.
    pub excluded: Vec<Exclusion>,
    /// CRA Annex I coverage of the required set.
    pub cra_coverage: Vec<CraCoverage>,
}

/// Why a profile cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// No such profile.
    #[error("unknown profile `{0}`; known: {1}")]
    Unknown(String, String),
    /// The chain loops.
    #[error("{file}:{line}: `extends` forms a cycle: {chain}")]
    Cycle {
        /// File of the profile where the loop closes.
        file: String,
        /// Line of its `extends`.
        line: u64,
        /// The loop.
        chain: String,
    },
    /// Include and exclude of the same ID along the chain.
    #[error("{0}")]
    Conflict(Box<Conflict>),
    /// The profile is not meant for the requested component type.
    #[error("profile `{profile}` is written for {types}, not {requested}")]
    WrongType {
        /// Profile.
        profile: String,
        /// Its types.
        types: String,
        /// Requested type.
        requested: ComponentType,
    },
}

/// An ID both included and excluded along an `extends` chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The requirement.
    pub id: String,
    /// File of the later decision.
    pub file: String,
    /// Its line.
    pub line: u64,
    /// `included` or `excluded`.
    pub action: &'static str,
    /// The other action.
    pub other: &'static str,
    /// The earlier profile.
    pub by: String,
    /// Its file.
    pub by_file: String,
    /// Its line.
    pub by_line: u64,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: `{}` is {} here but {} by profile `{}` ({}:{})",
            self.file,
            self.line,
            self.id,
            self.action,
            self.other,
            self.by,
            self.by_file,
            self.by_line
        )
    }
}

/// The `extends` chain of a profile, root first.
pub(crate) fn chain<'p>(
    profiles: &'p Profiles,
    id: &str,
) -> Result<Vec<&'p Profile>, ResolveError> {
    let mut out: Vec<&Profile> = Vec::new();
    let mut current = Some(id.to_string());
    while let Some(pid) = current {
        let Some(p) = profiles.get(&pid) else {
            return Err(ResolveError::Unknown(pid, profiles.ids().join(", ")));
        };
        if out.iter().any(|q| q.id == p.id) {
            let mut names: Vec<&str> = out.iter().map(|q| q.id.as_str()).collect();
            names.push(&p.id);
            let last = out.last().expect("non-empty");
            return Err(ResolveError::Cycle {
                file: last.file.clone(),
                line: last.extends_line,
                chain: names.join(" -> "),
            });
        }
        out.push(p);
        current = p.extends.clone();
    }
    out.reverse();
    Ok(out)
}

/// Checks that no entry is explicitly included and explicitly excluded along the chain of `id`.
pub(crate) fn check_conflicts(profiles: &Profiles, id: &str) -> Result<(), ResolveError> {
    let chain = chain(profiles, id)?;
    let mut explicit: HashMap<&RequirementId, (bool, &str, &str, u64)> = HashMap::new();
    for p in &chain {
        for s in &p.selection {
            if let Target::Entry { id } = &s.target {
                if let Some((inc, by, by_file, by_line)) = explicit.get(id)
                    && *inc != s.include
                {
                    return Err(ResolveError::Conflict(Box::new(Conflict {
                        id: id.to_string(),
                        file: p.file.clone(),
                        line: s.line,
                        action: if s.include { "included" } else { "excluded" },
                        other: if *inc { "included" } else { "excluded" },
                        by: (*by).to_string(),
                        by_file: (*by_file).to_string(),
                        by_line: *by_line,
                    })));
                }
                explicit.insert(id, (s.include, &p.id, &p.file, s.line));
            }
        }
    }
    Ok(())
}

fn enhancements_of<'c>(catalog: &'c Catalog, id: &RequirementId) -> Vec<&'c Requirement> {
    let mut out = Vec::new();
    for child in catalog.children(id.as_str()) {
        if child.kind == Kind::Enhancement {
            out.push(child);
            out.extend(enhancements_of(catalog, &child.id));
        }
    }
    out
}

fn visible(r: &Requirement, amendments: &[String]) -> bool {
    r.amendment.as_ref().is_none_or(|a| amendments.contains(a))
        && r.deleted_by(amendments).is_none()
}

struct Decision {
    origin: String,
    notes: Vec<String>,
    applicability: Option<Condition>,
}

/// Resolves `id` for `component_type` (all types when `None`), with extra amendments.
pub fn resolve(
    profiles: &Profiles,
    catalog: &Catalog,
    crosswalk: &Crosswalk,
    id: &str,
    component_type: Option<ComponentType>,
    extra_amendments: &[String],
) -> Result<Resolved, ResolveError> {
    let chain = chain(profiles, id)?;
    let leaf = *chain.last().expect("chain has the profile itself");
    if let Some(t) = component_type {
        let declared: Vec<ComponentType> = chain
            .iter()
            .rev()
            .find(|p| !p.component_types.is_empty())
            .map(|p| p.component_types.clone())
            .unwrap_or_default();
        if !declared.is_empty() && !declared.contains(&t) {
            return Err(ResolveError::WrongType {
                profile: leaf.id.clone(),
                types: declared
                    .iter()
                    .map(|t| t.prefix())
                    .collect::<Vec<_>>()
                    .join(", "),
                requested: t,
            });
        }
    }
    let mut amendments: Vec<String> = Vec::new();
    for p in &chain {
        for a in &p.amendments {
            if !amendments.contains(a) {
                amendments.push(a.clone());
            }
        }
    }
    for a in extra_amendments {
        if !amendments.contains(a) {
            amendments.push(a.clone());
        }
    }

    let mut selected: HashMap<RequirementId, Decision> = HashMap::new();
    let mut excluded: HashMap<RequirementId, Exclusion> = HashMap::new();
    // Include/exclude conflicts along the chain were rejected when the profiles were loaded
    // (`check_conflicts`), so decisions apply in order here.
    for p in &chain {
        for s in &p.selection {
            let origin = match &s.target {
                Target::Document { document } => {
                    format!("{}: include {document} (line {})", p.id, s.line)
                }
                Target::Entry { id } => format!(
                    "{}: {} {id} (line {})",
                    p.id,
                    if s.include { "include" } else { "exclude" },
                    s.line
                ),
            };
            let ids: Vec<&Requirement> = match &s.target {
                Target::Document { document } => catalog
                    .entries()
                    .iter()
                    .filter(|e| &e.document == document && e.assessable && visible(e, &amendments))
                    .collect(),
                Target::Entry { id } => {
                    let Some(e) = catalog.get(id.as_str()) else {
                        continue;
                    };
                    let mut v = vec![e];
                    if s.with_enhancements {
                        v.extend(
                            enhancements_of(catalog, id)
                                .into_iter()
                                .filter(|r| visible(r, &amendments)),
                        );
                    }
                    v
                }
            };
            for r in ids {
                if s.include {
                    excluded.remove(&r.id);
                    let d = selected.entry(r.id.clone()).or_insert_with(|| Decision {
                        origin: origin.clone(),
                        notes: Vec::new(),
                        applicability: None,
                    });
                    if let Some(n) = &s.note {
                        d.notes.push(format!("{}: {n}", p.id));
                    }
                    if s.applicability.is_some() {
                        d.applicability = s.applicability.clone();
                    }
                } else {
                    selected.remove(&r.id);
                    excluded.insert(
                        r.id.clone(),
                        Exclusion {
                            id: r.id.clone(),
                            justification: s.justification.clone().unwrap_or_default(),
                            origin: origin.clone(),
                        },
                    );
                }
            }
        }
    }

    let sl_target = chain
        .iter()
        .rev()
        .find_map(|p| p.sl_target)
        .unwrap_or([0; 7]);
    let mut overrides: HashMap<&RequirementId, (u8, String)> = HashMap::new();
    for p in &chain {
        for o in &p.sl_overrides {
            overrides.insert(
                &o.id,
                (
                    o.sl_target,
                    format!("{}: sl_override {} -> SL {}", p.id, o.id, o.sl_target),
                ),
            );
        }
    }
    let default_ml = chain.iter().rev().find_map(|p| p.maturity_default);
    let mut maturity = BTreeMap::new();
    if let Some(ml) = default_ml {
        for practice in 1..=8u8 {
            maturity.insert(practice, ml);
        }
    }
    for p in &chain {
        for (k, v) in &p.maturity_practices {
            maturity.insert(*k, *v);
        }
    }

    let order: HashMap<&RequirementId, usize> = catalog
        .entries()
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.id, i))
        .collect();
    let mut ids: Vec<&RequirementId> = selected.keys().collect();
    ids.sort_by_key(|id| order.get(id).copied().unwrap_or(usize::MAX));
    let mut requirements = Vec::new();
    let mut not_required = Vec::new();
    for id in ids {
        let Some(r) = catalog.get(id.as_str()) else {
            continue;
        };
        if let (Some(t), Some(types)) = (component_type, &r.component_types)
            && !types.is_empty()
            && !types.contains(&t)
        {
            continue;
        }
        let decision = &selected[id];
        let (target, sl_origin) = match (r.sl, r.fr) {
            (Some(_), Some(fr)) => match overrides.get(id) {
                Some((t, origin)) => (Some(*t), Some(origin.clone())),
                None => (Some(sl_target[usize::from(fr - 1)]), None),
            },
            _ => (None, None),
        };
        let item = ResolvedRequirement {
            id: id.clone(),
            reference: r.reference.clone(),
            title: r.title.clone(),
            fr: r.fr,
            sl: r.sl,
            sl_target: target,
            origin: decision.origin.clone(),
            sl_origin,
            notes: decision.notes.clone(),
            applicability: decision.applicability.clone(),
            amendment: r.amendment.clone(),
        };
        match (r.sl, target) {
            (Some(sl), Some(t)) if sl > t => not_required.push(item),
            _ => requirements.push(item),
        }
    }
    let mut excluded: Vec<Exclusion> = excluded.into_values().collect();
    excluded.sort_by_key(|e| order.get(&e.id).copied().unwrap_or(usize::MAX));

    // Annex ZZ: CRA Annex I coverage counting only the required requirements.
    let required: HashSet<RequirementId> = requirements.iter().map(|r| r.id.clone()).collect();
    let targets: Vec<String> = leaf_bases(&chain);
    let annex_i: Vec<RequirementId> = catalog
        .entries()
        .iter()
        .filter(|e| {
            e.document == "cra"
                && e.kind == Kind::Requirement
                && e.id.local().starts_with("annex-i.p")
        })
        .map(|e| e.id.clone())
        .collect();
    let report = coverage(
        catalog,
        crosswalk,
        &CoverageQuery {
            from: "cra".into(),
            to: targets,
            amendments: amendments.clone(),
            sets: Vec::new(),
            items: annex_i,
            restrict_targets: Some(required),
        },
    );
    let cra_coverage = report
        .items
        .into_iter()
        .map(|i| CraCoverage {
            id: i.id,
            reference: i.reference,
            status: i.status,
            via: i.mappings.into_iter().map(|m| m.target).collect(),
            gaps: i.gaps.into_iter().map(|g| g.statement).collect(),
        })
        .collect();

    Ok(Resolved {
        profile: leaf.id.clone(),
        title: leaf.title.clone(),
        chain: chain.iter().map(|p| p.id.clone()).collect(),
        component_type,
        amendments,
        sl_target,
        maturity_target: maturity,
        requirements,
        not_required,
        excluded,
        cra_coverage,
    })
}

fn leaf_bases(chain: &[&Profile]) -> Vec<String> {
    let mut docs = Vec::new();
    for p in chain {
        for (d, _) in &p.base {
            if !docs.contains(d) {
                docs.push(d.clone());
            }
        }
    }
    docs
}

/// Differences between two resolved profiles.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileDiff {
    /// First profile.
    pub a: String,
    /// Second profile.
    pub b: String,
    /// SL-T of each.
    pub sl_target: ([u8; 7], [u8; 7]),
    /// Required only by `a`.
    pub only_in_a: Vec<RequirementId>,
    /// Required only by `b`.
    pub only_in_b: Vec<RequirementId>,
    /// Required by both with different target levels: (id, target in a, target in b).
    pub different_target: Vec<(RequirementId, Option<u8>, Option<u8>)>,
    /// Excluded only by `a` / only by `b`.
    pub excluded_only_in_a: Vec<RequirementId>,
    /// Excluded only by `b`.
    pub excluded_only_in_b: Vec<RequirementId>,
}

/// Compares two resolutions.
pub fn diff(a: &Resolved, b: &Resolved) -> ProfileDiff {
    let ids = |r: &Resolved| -> Vec<RequirementId> {
        r.requirements.iter().map(|x| x.id.clone()).collect()
    };
    let (ra, rb) = (ids(a), ids(b));
    let target = |r: &Resolved, id: &RequirementId| {
        r.requirements
            .iter()
            .find(|x| &x.id == id)
            .and_then(|x| x.sl_target)
    };
    let ex =
        |r: &Resolved| -> Vec<RequirementId> { r.excluded.iter().map(|x| x.id.clone()).collect() };
    let (ea, eb) = (ex(a), ex(b));
    ProfileDiff {
        a: a.profile.clone(),
        b: b.profile.clone(),
        sl_target: (a.sl_target, b.sl_target),
        only_in_a: ra.iter().filter(|x| !rb.contains(x)).cloned().collect(),
        only_in_b: rb.iter().filter(|x| !ra.contains(x)).cloned().collect(),
        different_target: ra
            .iter()
            .filter(|x| rb.contains(x))
            .filter(|x| target(a, x) != target(b, x))
            .map(|x| (x.clone(), target(a, x), target(b, x)))
            .collect(),
        excluded_only_in_a: ea.iter().filter(|x| !eb.contains(x)).cloned().collect(),
        excluded_only_in_b: eb.iter().filter(|x| !ea.contains(x)).cloned().collect(),
    }
}
