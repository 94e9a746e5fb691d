//! Ranked full-text search over IDs, references, titles, summaries and texts.

use cra62443_model::{Requirement, normalize_reference};
use serde::Serialize;

use crate::Catalog;

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit<'a> {
    /// The score; higher is better. Only the order is meaningful.
    pub score: u32,
    /// The entry.
    #[serde(flatten)]
    pub requirement: &'a Requirement,
}

/// Weights: an exact reference beats a title word, which beats a word in the summary.
const EXACT_REFERENCE: u32 = 1000;
const REFERENCE_PREFIX: u32 = 200;
const TITLE_PHRASE: u32 = 120;
const TITLE_WORD: u32 = 30;
const BODY_PHRASE: u32 = 25;
const BODY_WORD: u32 = 5;

fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Catalog {
    /// Searches the catalogue. Every query word must occur somewhere in an entry (ID,
    /// reference, title, summary, text, overlay text, aliases, notes) for it to match, unless the
    /// query is itself a reference. Results are ordered by score, then document order.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        let query_norm = normalize_reference(query);
        let query_words = words(query);
        let query_lower = query.trim().to_lowercase();
        let mut hits: Vec<(usize, SearchHit<'_>)> = Vec::new();
        for (order, r) in self.entries().iter().enumerate() {
            let mut score = 0u32;
            let reference = normalize_reference(&r.reference);
            if !query_norm.is_empty()
                && (reference == query_norm
                    || normalize_reference(r.id.as_str()) == query_norm
                    || normalize_reference(r.id.local()) == query_norm
                    || r.aliases
                        .iter()
                        .any(|a| normalize_reference(a) == query_norm))
            {
                score += EXACT_REFERENCE;
            } else if query_norm.len() >= 2 && reference.starts_with(&query_norm) {
                score += REFERENCE_PREFIX;
            }
            let title = r.title.to_lowercase();
            let mut body = r.summary.to_lowercase();
            for extra in [&r.text, &r.overlay_text, &r.notes].into_iter().flatten() {
                body.push(' ');
                body.push_str(&extra.to_lowercase());
            }
            for alias in &r.aliases {
                body.push(' ');
                body.push_str(&alias.to_lowercase());
            }
            let title_words = words(&title);
            let body_words = words(&body);
            let mut all_found = !query_words.is_empty();
            for w in &query_words {
                let in_title = title_words
                    .iter()
                    .any(|t| t == w || (w.len() >= 4 && t.starts_with(w.as_str())));
                let in_body = body_words
                    .iter()
                    .any(|t| t == w || (w.len() >= 4 && t.starts_with(w.as_str())));
                if in_title {
                    score += TITLE_WORD;
                }
                if in_body {
                    score += BODY_WORD;
                }
                if !in_title && !in_body {
                    all_found = false;
                }
            }
            if query_words.len() > 1 {
                if title.contains(&query_lower) {
                    score += TITLE_PHRASE;
                } else if body.contains(&query_lower) {
                    score += BODY_PHRASE;
                }
            }
            let matched = score >= REFERENCE_PREFIX || (all_found && score > 0);
            if matched {
                hits.push((
                    order,
                    SearchHit {
                        score,
                        requirement: r,
                    },
                ));
            }
        }
        hits.sort_by(|a, b| b.1.score.cmp(&a.1.score).then(a.0.cmp(&b.0)));
        hits.into_iter().take(limit).map(|(_, h)| h).collect()
    }
}
