//! Merging statements from several documents, with conflict reporting.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Justification, SourceRef, Status, VexStatement, is_cve};

/// The result of [`merge`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeResult {
    /// One statement per (vulnerability, product, subcomponents), in first-seen order.
    pub statements: Vec<VexStatement>,
    /// Keys for which the inputs gave different statuses.
    pub conflicts: Vec<Conflict>,
}

/// Different statuses for the same vulnerability and product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The vulnerability (as named by the winning statement).
    pub vulnerability: String,
    /// The product.
    pub product: String,
    /// The subcomponents the statements narrow to (usually empty).
    pub subcomponents: Vec<String>,
    /// The statement that was kept.
    pub winner: ConflictSide,
    /// The statements with a different status that were overridden.
    pub overridden: Vec<ConflictSide>,
}

/// One side of a [`Conflict`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictSide {
    /// Its status.
    pub status: Status,
    /// Its justification.
    pub justification: Option<Justification>,
    /// Its timestamp.
    pub timestamp: Option<jiff::Timestamp>,
    /// Where it came from.
    pub source: SourceRef,
}

impl ConflictSide {
    fn of(s: &VexStatement) -> ConflictSide {
        ConflictSide {
            status: s.status,
            justification: s.justification,
            timestamp: s.timestamp,
            source: s.source.clone(),
        }
    }
}

/// The vulnerability key: the statement's own ID if it is a CVE, else its first CVE alias,
/// else its own ID. So a GHSA statement with a CVE alias meets the CVE statement.
fn vuln_key(s: &VexStatement) -> String {
    if is_cve(&s.vulnerability) {
        return s.vulnerability.clone();
    }
    s.aliases
        .iter()
        .find(|a| is_cve(a))
        .cloned()
        .unwrap_or_else(|| s.vulnerability.clone())
}

/// Merges statement lists (e.g. one per file, in the order given).
///
/// Statements about the same vulnerability (matched through CVE aliases), product and
/// subcomponents collapse to one. The statement with the later timestamp wins; a statement
/// without a timestamp is older than any with one; on a tie the later input wins. Aliases and
/// product identifiers of all collapsed statements are kept. When the collapsed statements
/// disagree on the status, a [`Conflict`] lists the winner and the overridden ones.
pub fn merge(inputs: Vec<Vec<VexStatement>>) -> MergeResult {
    let mut order: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut groups: HashMap<(String, String, Vec<String>), Vec<VexStatement>> = HashMap::new();
    for s in inputs.into_iter().flatten() {
        let mut subs = s.subcomponents.clone();
        subs.sort();
        let key = (vuln_key(&s), s.product.clone(), subs);
        let entry = groups.entry(key.clone()).or_default();
        if entry.is_empty() {
            order.push(key);
        }
        entry.push(s);
    }
    let mut statements = Vec::with_capacity(order.len());
    let mut conflicts = Vec::new();
    for key in order {
        let Some(group) = groups.remove(&key) else {
            continue;
        };
        // Later timestamp wins; None is oldest; ties go to the later input (max_by keeps the
        // last of equal elements).
        let winner_idx = group
            .iter()
            .enumerate()
            .max_by(|(_, a), (_, b)| a.timestamp.cmp(&b.timestamp))
            .map(|(i, _)| i)
            .unwrap_or(0);
        let mut winner = group[winner_idx].clone();
        for (i, other) in group.iter().enumerate() {
            if i == winner_idx {
                continue;
            }
            for a in std::iter::once(&other.vulnerability).chain(&other.aliases) {
                if a != &winner.vulnerability && !winner.aliases.contains(a) {
                    winner.aliases.push(a.clone());
                }
            }
            for id in &other.product_identifiers {
                if id != &winner.product && !winner.product_identifiers.contains(id) {
                    winner.product_identifiers.push(id.clone());
                }
            }
        }
        let overridden: Vec<ConflictSide> = group
            .iter()
            .filter(|s| s.status != winner.status)
            .map(ConflictSide::of)
            .collect();
        if !overridden.is_empty() {
            conflicts.push(Conflict {
                vulnerability: winner.vulnerability.clone(),
                product: winner.product.clone(),
                subcomponents: winner.subcomponents.clone(),
                winner: ConflictSide::of(&group[winner_idx]),
                overridden,
            });
        }
        statements.push(winner);
    }
    MergeResult {
        statements,
        conflicts,
    }
}
