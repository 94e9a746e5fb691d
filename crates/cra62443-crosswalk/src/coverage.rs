//! Coverage of source requirements by target documents, gap statements, comparison with a
//! cited set, and relation chains.

use std::collections::BTreeMap;

use cra62443_catalog::Catalog;
use cra62443_model::{Confidence, Requirement, RequirementId};
use serde::Serialize;

use crate::load::Crosswalk;
use crate::model::{Author, MappingSet, Relation, RowKind};

/// Whether a source item is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CoverageStatus {
    /// No contributing relation, or a whole-item gap.
    Gap,
    /// Only supplemental relations, or a partial gap is open.
    Partial,
    /// Contributing relations and no open gap.
    Covered,
}

impl CoverageStatus {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gap => "gap",
            Self::Partial => "partial",
            Self::Covered => "covered",
        }
    }
}

/// What to compute.
#[derive(Debug, Clone, Default)]
pub struct CoverageQuery {
    /// Source document.
    pub from: String,
    /// Target documents.
    pub to: Vec<String>,
    /// Amendments in force (`a11`).
    pub amendments: Vec<String>,
    /// Restrict to these mapping sets; empty = every set derived by this project.
    pub sets: Vec<String>,
    /// Restrict to these source items; empty = every source item the selected sets mention.
    pub items: Vec<RequirementId>,
    /// Count only relations to these targets (e.g. the requirements a profile requires);
    /// `None` = every target.
    pub restrict_targets: Option<std::collections::HashSet<RequirementId>>,
}

/// A target an item is mapped to.
#[derive(Debug, Clone, Serialize)]
pub struct MappedTarget {
    /// Target ID.
    pub target: RequirementId,
    /// Its printed reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Its title.
    pub title: String,
    /// The relation (source → target).
    pub relation: Relation,
    /// Why.
    pub rationale: String,
    /// Confidence of the row.
    pub confidence: Confidence,
    /// The set the row comes from.
    pub set: String,
    /// Provenance of the row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The amendment the target belongs to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amendment: Option<String>,
}

/// A gap statement.
#[derive(Debug, Clone, Serialize)]
pub struct GapStatement {
    /// What is missing.
    pub statement: String,
    /// The part of the item concerned (`None`: the whole item).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// Why.
    pub rationale: String,
    /// The set the row comes from.
    pub set: String,
    /// The target documents the gap is stated against.
    pub against: Vec<String>,
    /// Entries that close the gap when their amendment is in force.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closed_by: Vec<RequirementId>,
    /// Confidence of the row.
    pub confidence: Confidence,
    /// Provenance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// How a cited set (JRC/ENISA 2024) sees the same item.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonWithCited {
    /// The cited set.
    pub set: String,
    /// Its status for the item.
    pub status: CoverageStatus,
    /// Whether it agrees with ours.
    pub agrees: bool,
    /// Targets only the project maps.
    pub only_here: Vec<RequirementId>,
    /// Targets only the cited set maps.
    pub only_there: Vec<RequirementId>,
    /// Its gap statements.
    pub gaps: Vec<String>,
}

/// Coverage of one source item.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageItem {
    /// Source ID.
    pub id: RequirementId,
    /// Printed reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Title.
    pub title: String,
    /// Overall status: the best over the target documents.
    pub status: CoverageStatus,
    /// Status per target document.
    pub by_target: BTreeMap<String, CoverageStatus>,
    /// Relations to visible targets.
    pub mappings: Vec<MappedTarget>,
    /// Open gap statements.
    pub gaps: Vec<GapStatement>,
    /// Gap statements closed by amendments in force.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closed_gaps: Vec<GapStatement>,
    /// Number of `correspondence` rows (the seed's X).
    pub x: usize,
    /// Number of `supplemental` rows (the seed's S).
    pub s: usize,
    /// The statistics the seed printed for this item, when it did (`6/26`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed_stats: Option<String>,
    /// A cited set's view, when one exists for the same documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cited: Option<ComparisonWithCited>,
}

/// Totals.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CoverageSummary {
    /// Items analysed.
    pub items: usize,
    /// Covered items.
    pub covered: usize,
    /// Partially covered items.
    pub partial: usize,
    /// Gaps.
    pub gap: usize,
    /// Correspondence rows.
    pub correspondence: usize,
    /// Supplemental rows.
    pub supplemental: usize,
    /// Open gap statements.
    pub open_gaps: usize,
    /// Gap statements closed by amendments.
    pub closed_gaps: usize,
    /// Items where a cited set disagrees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cited_disagreements: Option<usize>,
}

/// The whole answer (the `gaps` JSON contract).
#[derive(Debug, Clone, Serialize)]
pub struct GapReport {
    /// Source document.
    pub from: String,
    /// Target documents.
    pub to: Vec<String>,
    /// Amendments in force.
    pub amendments: Vec<String>,
    /// Mapping sets used.
    pub sets: Vec<String>,
    /// Per item.
    pub items: Vec<CoverageItem>,
    /// Totals.
    pub summary: CoverageSummary,
}

fn visible(entry: &Requirement, amendments: &[String]) -> bool {
    entry
        .amendment
        .as_ref()
        .is_none_or(|a| amendments.contains(a))
        && entry.deleted_by(amendments).is_none()
}

/// Computes coverage of the items of `query.from` by `query.to`.
pub fn coverage(catalog: &Catalog, crosswalk: &Crosswalk, query: &CoverageQuery) -> GapReport {
    let selected: Vec<&MappingSet> = crosswalk
        .sets()
        .iter()
        .filter(|s| s.source_document == query.from)
        .filter(|s| query.to.iter().any(|d| s.targets_document(d)))
        .filter(|s| {
            if query.sets.is_empty() {
                s.author == Author::DerivedByThisProject
            } else {
                query.sets.contains(&s.id)
            }
        })
        .collect();
    let cited: Vec<&MappingSet> = if query.sets.is_empty() {
        crosswalk
            .sets()
            .iter()
            .filter(|s| s.author == Author::Cited && s.source_document == query.from)
            .filter(|s| query.to.iter().any(|d| s.targets_document(d)))
            .collect()
    } else {
        Vec::new()
    };

    // Items in catalogue order.
    let mut item_ids: Vec<&Requirement> = catalog
        .entries()
        .iter()
        .filter(|e| e.document == query.from)
        .filter(|e| {
            if query.items.is_empty() {
                selected
                    .iter()
                    .any(|s| s.rows.iter().any(|r| r.source == e.id))
            } else {
                query.items.contains(&e.id)
            }
        })
        .collect();
    item_ids.dedup_by(|a, b| a.id == b.id);

    let mut items = Vec::new();
    let mut summary = CoverageSummary::default();
    let mut disagreements = 0;
    for entry in item_ids {
        let mut item = item_coverage(catalog, &selected, entry, query);
        if let Some(set) = cited.first() {
            let theirs = item_coverage(catalog, &[*set], entry, query);
            let ours_targets: Vec<&RequirementId> =
                item.mappings.iter().map(|m| &m.target).collect();
            let their_targets: Vec<&RequirementId> =
                theirs.mappings.iter().map(|m| &m.target).collect();
            let agrees = theirs.status == item.status;
            if !agrees {
                disagreements += 1;
            }
            item.cited = Some(ComparisonWithCited {
                set: set.id.clone(),
                status: theirs.status,
                agrees,
                only_here: ours_targets
                    .iter()
                    .filter(|t| !their_targets.contains(t))
                    .map(|t| (*t).clone())
                    .collect(),
                only_there: their_targets
                    .iter()
                    .filter(|t| !ours_targets.contains(t))
                    .map(|t| (*t).clone())
                    .collect(),
                gaps: theirs.gaps.iter().map(|g| g.statement.clone()).collect(),
            });
        }
        summary.items += 1;
        match item.status {
            CoverageStatus::Covered => summary.covered += 1,
            CoverageStatus::Partial => summary.partial += 1,
            CoverageStatus::Gap => summary.gap += 1,
        }
        summary.correspondence += item.x;
        summary.supplemental += item.s;
        summary.open_gaps += item.gaps.len();
        summary.closed_gaps += item.closed_gaps.len();
        items.push(item);
    }
    if !cited.is_empty() {
        summary.cited_disagreements = Some(disagreements);
    }
    GapReport {
        from: query.from.clone(),
        to: query.to.clone(),
        amendments: query.amendments.clone(),
        sets: selected.iter().map(|s| s.id.clone()).collect(),
        items,
        summary,
    }
}

fn item_coverage(
    catalog: &Catalog,
    sets: &[&MappingSet],
    entry: &Requirement,
    query: &CoverageQuery,
) -> CoverageItem {
    let mut mappings = Vec::new();
    let mut gaps = Vec::new();
    let mut closed_gaps = Vec::new();
    // Per target document: (contributing, supplemental, open whole gap, open partial gap).
    let mut per_doc: BTreeMap<String, (usize, usize, bool, bool)> = query
        .to
        .iter()
        .map(|d| (d.clone(), (0, 0, false, false)))
        .collect();
    for set in sets {
        for row in set.rows.iter().filter(|r| r.source == entry.id) {
            match &row.kind {
                RowKind::Relation { target, relation } => {
                    let Some(t) = catalog.get(target.as_str()) else {
                        continue;
                    };
                    if !query.to.contains(&t.document) || !visible(t, &query.amendments) {
                        continue;
                    }
                    if query
                        .restrict_targets
                        .as_ref()
                        .is_some_and(|r| !r.contains(target))
                    {
                        continue;
                    }
                    if let Some(counts) = per_doc.get_mut(&t.document) {
                        if relation.contributes() {
                            counts.0 += 1;
                        } else {
                            counts.1 += 1;
                        }
                    }
                    mappings.push(MappedTarget {
                        target: target.clone(),
                        reference: t.reference.clone(),
                        title: t.title.clone(),
                        relation: *relation,
                        rationale: row.rationale.clone(),
                        confidence: row.confidence,
                        set: set.id.clone(),
                        origin: row.origin.clone(),
                        amendment: t.amendment.clone(),
                    });
                }
                RowKind::Gap {
                    statement,
                    part,
                    closed_by,
                } => {
                    let against: Vec<String> = set
                        .targets
                        .iter()
                        .map(|t| t.document.clone())
                        .filter(|d| query.to.contains(d))
                        .collect();
                    let closers: Vec<&Requirement> = closed_by
                        .iter()
                        .filter_map(|c| catalog.get(c.as_str()))
                        .collect();
                    let closed = !closers.is_empty()
                        && closers.iter().all(|c| visible(c, &query.amendments));
                    let statement = GapStatement {
                        statement: statement.clone(),
                        part: part.clone(),
                        rationale: row.rationale.clone(),
                        set: set.id.clone(),
                        against: against.clone(),
                        closed_by: closed_by.clone(),
                        confidence: row.confidence,
                        origin: row.origin.clone(),
                    };
                    if closed {
                        for c in &closers {
                            if let Some(counts) = per_doc.get_mut(&c.document) {
                                counts.0 += 1;
                            }
                            if !mappings.iter().any(|m| m.target == c.id) {
                                mappings.push(MappedTarget {
                                    target: c.id.clone(),
                                    reference: c.reference.clone(),
                                    title: c.title.clone(),
                                    relation: Relation::Correspondence,
                                    rationale: format!(
                                        "Closes the gap \"{}\" ({}).",
                                        statement.statement,
                                        c.amendment.as_deref().unwrap_or("amendment")
                                    ),
                                    confidence: row.confidence,
                                    set: set.id.clone(),
                                    origin: row.origin.clone(),
                                    amendment: c.amendment.clone(),
                                });
                            }
                        }
                        closed_gaps.push(statement);
                    } else {
                        for d in &against {
                            if let Some(counts) = per_doc.get_mut(d) {
                                if part.is_some() {
                                    counts.3 = true;
                                } else {
                                    counts.2 = true;
                                }
                            }
                        }
                        gaps.push(statement);
                    }
                }
            }
        }
    }
    let by_target: BTreeMap<String, CoverageStatus> = per_doc
        .iter()
        .map(
            |(doc, (contributing, supplemental, whole_gap, partial_gap))| {
                let status = if *whole_gap || (*contributing == 0 && *supplemental == 0) {
                    CoverageStatus::Gap
                } else if *partial_gap || *contributing == 0 {
                    CoverageStatus::Partial
                } else {
                    CoverageStatus::Covered
                };
                (doc.clone(), status)
            },
        )
        .collect();
    let status = by_target
        .values()
        .copied()
        .max()
        .unwrap_or(CoverageStatus::Gap);
    let x = mappings
        .iter()
        .filter(|m| m.relation == Relation::Correspondence)
        .count();
    let s = mappings
        .iter()
        .filter(|m| m.relation == Relation::Supplemental)
        .count();
    CoverageItem {
        id: entry.id.clone(),
        reference: entry.reference.clone(),
        title: entry.title.clone(),
        status,
        by_target,
        mappings,
        gaps,
        closed_gaps,
        x,
        s,
        seed_stats: entry.attributes.get("seed_stats").cloned(),
        cited: None,
    }
}

/// One step of a relation chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainStep {
    /// From entry.
    pub from: RequirementId,
    /// To entry.
    pub to: RequirementId,
    /// Relation read in the direction of the step.
    pub relation: Relation,
    /// Whether the row was read backwards (target → source).
    pub reversed: bool,
    /// The set.
    pub set: String,
    /// The row's rationale.
    pub rationale: String,
}

/// A path of relations from one entry to another.
#[derive(Debug, Clone, Serialize)]
pub struct Chain {
    /// The steps, in order.
    pub steps: Vec<ChainStep>,
}

/// Every chain of at most `depth` relation steps starting at `id`, reading rows in both
/// directions, without revisiting an entry. Depth 1 gives the direct relations.
pub fn chains(
    crosswalk: &Crosswalk,
    id: &RequirementId,
    depth: usize,
    sets: &[String],
) -> Vec<Chain> {
    let mut edges: Vec<ChainStep> = Vec::new();
    for set in crosswalk.sets() {
        if !sets.is_empty() && !sets.contains(&set.id) {
            continue;
        }
        for row in &set.rows {
            if let RowKind::Relation { target, relation } = &row.kind {
                edges.push(ChainStep {
                    from: row.source.clone(),
                    to: target.clone(),
                    relation: *relation,
                    reversed: false,
                    set: set.id.clone(),
                    rationale: row.rationale.clone(),
                });
                edges.push(ChainStep {
                    from: target.clone(),
                    to: row.source.clone(),
                    relation: relation.inverse(),
                    reversed: true,
                    set: set.id.clone(),
                    rationale: row.rationale.clone(),
                });
            }
        }
    }
    let mut out = Vec::new();
    let mut stack: Vec<Vec<ChainStep>> = edges
        .iter()
        .filter(|e| &e.from == id)
        .map(|e| vec![e.clone()])
        .collect();
    while let Some(path) = stack.pop() {
        out.push(Chain {
            steps: path.clone(),
        });
        if path.len() >= depth {
            continue;
        }
        let last = &path.last().expect("non-empty path").to;
        for e in edges.iter().filter(|e| &e.from == last) {
            let revisits = e.to == *id || path.iter().any(|s| s.to == e.to);
            if !revisits {
                let mut next = path.clone();
                next.push(e.clone());
                stack.push(next);
            }
        }
    }
    out.sort_by(|a, b| {
        a.steps
            .len()
            .cmp(&b.steps.len())
            .then_with(|| {
                let ka: Vec<&str> = a.steps.iter().map(|s| s.to.as_str()).collect();
                let kb: Vec<&str> = b.steps.iter().map(|s| s.to.as_str()).collect();
                ka.cmp(&kb)
            })
            .then_with(|| a.steps[0].set.cmp(&b.steps[0].set))
    });
    out
}
