//! The loaded catalogue and its queries.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use cra62443_model::{ComponentType, Document, Kind, Requirement, SlVector, normalize_reference};

use crate::amend::apply_amendment;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{SourceFile, link, parse_file};
use crate::overlay::Overlay;
use crate::raw::RawHead;

/// The whole catalogue: documents and their entries, with lookup indexes.
#[derive(Debug, Clone)]
pub struct Catalog {
    documents: Vec<Document>,
    entries: Vec<Requirement>,
    by_id: HashMap<String, usize>,
    by_reference: HashMap<String, Vec<usize>>,
}

/// Why an ID or reference could not be resolved to one entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// Nothing matches; `suggestions` are the closest IDs.
    #[error("unknown requirement `{query}`{}", suggest(.suggestions))]
    Unknown {
        /// What the user typed.
        query: String,
        /// The closest IDs with their printed references.
        suggestions: Vec<String>,
    },
    /// Several entries match; the user must pick one.
    #[error("`{query}` is ambiguous: it matches {}", .candidates.join(", "))]
    Ambiguous {
        /// What the user typed.
        query: String,
        /// The matching IDs with their documents.
        candidates: Vec<String>,
    },
}

fn suggest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; closest: {}", suggestions.join(", "))
    }
}

/// Which entries `catalog list` shows.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only this document.
    pub document: Option<String>,
    /// Only this foundational requirement.
    pub fr: Option<u8>,
    /// Only entries that apply to this component type (common CRs and its own variants).
    pub component_type: Option<ComponentType>,
    /// Only entries required at this SL-C vector (cumulative rule per FR); implies assessable.
    pub sl_vector: Option<SlVector>,
    /// Also include entries of these amendment editions (e.g. `a11`).
    pub amendments: Vec<String>,
    /// Only entries of these kinds.
    pub kinds: Vec<Kind>,
}

impl Catalog {
    /// Loads and validates the catalogue bundled in the binary.
    pub fn bundled() -> Result<Self, Diagnostics> {
        Self::from_sources(&bundled_sources())
    }

    /// Loads the bundled catalogue, then the user's files from `dir` (and its subfolders) on
    /// top: a user file that defines the same document, amendment or mapping set as a bundled one
    /// replaces it, others are added.
    pub fn with_user_dir(dir: &Path) -> Result<Self, Diagnostics> {
        Self::from_sources(&merged_sources(dir)?)
    }

    /// Loads and validates the given files as one catalogue. Files are told apart by their
    /// `schema:` tag: catalogue documents and amendments are loaded here; files of the other
    /// cra62443 schemas (mapping sets, profiles) are left to their own loaders.
    pub fn from_sources(sources: &[SourceFile]) -> Result<Self, Diagnostics> {
        let mut diagnostics = Vec::new();
        let mut parsed = Vec::new();
        let mut amendments = Vec::new();
        let mut seen_docs: HashMap<String, String> = HashMap::new();
        for source in sources {
            match classify(source, &mut diagnostics) {
                Some(FileKind::Catalog) => {}
                Some(FileKind::Amendment) => {
                    amendments.push(source);
                    continue;
                }
                _ => continue,
            }
            if let Some(doc) = parse_file(source, &mut diagnostics) {
                if let Some(first) = seen_docs.get(&doc.document.id) {
                    diagnostics.push(Diagnostic::file(
                        &source.name,
                        format!(
                            "document `{}` is defined twice (also in {first})",
                            doc.document.id
                        ),
                    ));
                    continue;
                }
                seen_docs.insert(doc.document.id.clone(), source.name.clone());
                parsed.push(doc);
            }
        }
        let mut notes = Vec::new();
        for source in amendments {
            apply_amendment(source, &mut parsed, &mut diagnostics, &mut notes);
        }
        let (documents, mut entries) = link(parsed, &mut diagnostics);
        for pending in notes {
            if let Some(e) = entries.iter_mut().find(|e| e.id.as_str() == pending.id) {
                e.amended_by.push(pending.note);
            }
        }
        if !diagnostics.is_empty() {
            return Err(Diagnostics(diagnostics));
        }
        Ok(Self::index(documents, entries))
    }

    fn index(documents: Vec<Document>, entries: Vec<Requirement>) -> Self {
        let mut by_id = HashMap::new();
        let mut by_reference: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_id.insert(e.id.to_string(), i);
            let mut keys = vec![
                normalize_reference(&e.reference),
                normalize_reference(e.id.local()),
            ];
            keys.extend(e.aliases.iter().map(|a| normalize_reference(a)));
            keys.sort();
            keys.dedup();
            for key in keys {
                by_reference.entry(key).or_default().push(i);
            }
        }
        Self {
            documents,
            entries,
            by_id,
            by_reference,
        }
    }

    /// Applies a licensed-text overlay: the texts become `overlay_text` of their entries.
    pub fn apply_overlay(&mut self, overlay: &Overlay) {
        for (id, text) in &overlay.texts {
            if let Some(&i) = self.by_id.get(id.as_str()) {
                self.entries[i].overlay_text = Some(text.clone());
                self.entries[i].overlay_source = Some(overlay.source.clone());
            }
        }
    }

    /// Whether `id` names an amendment edition of some document (`a11`).
    pub fn is_amendment(&self, id: &str) -> bool {
        self.documents
            .iter()
            .any(|d| d.editions.iter().any(|e| e.id == id && e.amends.is_some()))
    }

    /// All documents, in load order.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// One document by ID.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// All entries, in document order.
    pub fn entries(&self) -> &[Requirement] {
        &self.entries
    }

    /// An entry by its exact global ID.
    pub fn get(&self, id: &str) -> Option<&Requirement> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// The direct children of an entry.
    pub fn children(&self, id: &str) -> Vec<&Requirement> {
        self.entries
            .iter()
            .filter(|e| e.parent.as_ref().is_some_and(|p| p.as_str() == id))
            .collect()
    }

    /// Resolves a global ID, a local ID, a printed reference or an alias, case-insensitively.
    /// `doc:ref` (e.g. `iec62443-3-3:SR 1.1`) narrows a reference to one document.
    pub fn resolve(&self, query: &str) -> Result<&Requirement, ResolveError> {
        let trimmed = query.trim();
        if let Some(r) = self.get(&trimmed.to_lowercase()) {
            return Ok(r);
        }
        let (document, reference) = match trimmed.split_once(':') {
            Some((doc, rest)) if self.document(&doc.to_lowercase()).is_some() => {
                (Some(doc.to_lowercase()), rest)
            }
            _ => (None, trimmed),
        };
        let key = normalize_reference(reference);
        let mut matches: Vec<usize> = self.by_reference.get(&key).cloned().unwrap_or_default();
        if let Some(doc) = &document {
            matches.retain(|&i| &self.entries[i].document == doc);
        }
        // Prefer the default edition when the same reference exists in several editions of one
        // document (the seed's and the enquiry draft's PRE-1): only if that leaves exactly one.
        if matches.len() > 1 {
            let defaults: Vec<usize> = matches
                .iter()
                .copied()
                .filter(|&i| {
                    let e = &self.entries[i];
                    self.document(&e.document)
                        .is_some_and(|d| d.default_edition().id == e.edition)
                })
                .collect();
            let same_document = matches
                .iter()
                .all(|&i| self.entries[i].document == self.entries[matches[0]].document);
            if defaults.len() == 1 && same_document {
                matches = defaults;
            }
        }
        match matches.as_slice() {
            [one] => Ok(&self.entries[*one]),
            [] => Err(ResolveError::Unknown {
                query: query.to_string(),
                suggestions: self.closest(&key, 5),
            }),
            many => Err(ResolveError::Ambiguous {
                query: query.to_string(),
                candidates: many
                    .iter()
                    .map(|&i| {
                        let e = &self.entries[i];
                        format!("{} ({}, {})", e.id, e.reference, e.title)
                    })
                    .collect(),
            }),
        }
    }

    /// The IDs whose normalised reference or ID is closest to `key`.
    fn closest(&self, key: &str, n: usize) -> Vec<String> {
        let mut scored: Vec<(f64, &Requirement)> = self
            .entries
            .iter()
            .map(|e| {
                let a = strsim::normalized_levenshtein(key, &normalize_reference(&e.reference));
                let b = strsim::normalized_levenshtein(key, &normalize_reference(e.id.as_str()));
                let c = strsim::normalized_levenshtein(key, &normalize_reference(e.id.local()));
                (a.max(b).max(c), e)
            })
            .filter(|(score, _)| *score > 0.4)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        scored
            .into_iter()
            .take(n)
            .map(|(_, e)| format!("{} ({})", e.id, e.reference))
            .collect()
    }

    /// Entries matching `filter`, in document order.
    ///
    /// With an SL vector, this is the required set of IEC 62443-4-2 (or the system set of
    /// 62443-3-3): per FR, every assessable entry first required at or below that FR's level
    /// whose component types include the given type or are empty (common CRs) — the cumulative
    /// rule of 4-2 Annex B.
    pub fn list(&self, filter: &ListFilter) -> Vec<&Requirement> {
        self.entries
            .iter()
            .filter(|e| filter.document.as_ref().is_none_or(|d| &e.document == d))
            .filter(|e| {
                e.amendment
                    .as_ref()
                    .is_none_or(|a| filter.amendments.iter().any(|x| x == a))
            })
            .filter(|e| e.deleted_by(&filter.amendments).is_none())
            .filter(|e| filter.fr.is_none_or(|fr| e.fr == Some(fr)))
            .filter(|e| filter.kinds.is_empty() || filter.kinds.contains(&e.kind))
            .filter(|e| {
                filter
                    .component_type
                    .is_none_or(|t| match &e.component_types {
                        Some(types) => types.is_empty() || types.contains(&t),
                        // Entries of documents without component types (CRA, 4-1) are not
                        // component requirements: a type filter excludes them.
                        None => false,
                    })
            })
            .filter(|e| match filter.sl_vector {
                None => true,
                Some(vector) => match (e.fr, e.sl) {
                    (Some(fr), Some(sl)) => e.assessable && sl <= vector.for_fr(fr),
                    _ => false,
                },
            })
            .collect()
    }
}

/// The data files embedded in the binary.
pub fn bundled_sources() -> Vec<SourceFile> {
    crate::bundled_files()
        .iter()
        .map(|(name, text)| SourceFile {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// Reads every `*.yaml` / `*.yml` file of `dir` (not recursive), sorted by name.
pub(crate) fn read_dir_sources(dir: &Path) -> Result<Vec<SourceFile>, Diagnostics> {
    let display = dir.display().to_string();
    let read = fs::read_dir(dir).map_err(|e| {
        Diagnostics(vec![Diagnostic::file(
            &display,
            format!("cannot read directory: {e}"),
        )])
    })?;
    let mut paths: Vec<_> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Diagnostics(vec![Diagnostic::file(
            &display,
            "no *.yaml catalogue files in this directory",
        )]));
    }
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match fs::read_to_string(&path) {
            Ok(text) => sources.push(SourceFile { name, text }),
            Err(e) => diagnostics.push(Diagnostic::file(&name, format!("cannot read file: {e}"))),
        }
    }
    if diagnostics.is_empty() {
        Ok(sources)
    } else {
        Err(Diagnostics(diagnostics))
    }
}

/// What a data file is, by its `schema:` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Catalog,
    Amendment,
    Mapping,
    Profile,
    Vocabulary,
    Evaluation,
}

/// Every schema tag cra62443 reads, for messages.
pub const KNOWN_SCHEMAS: [&str; 6] = [
    crate::load::CATALOG_SCHEMA,
    crate::amend::AMENDMENT_SCHEMA,
    "cra62443/mapping/v1",
    "cra62443/profile/v1",
    "cra62443/vocabulary/v1",
    "cra62443/evaluation/v1",
];

fn head(text: &str) -> Option<RawHead> {
    serde_saphyr::from_str::<RawHead>(text).ok()
}

/// Classifies a file by its schema tag; an unknown or missing tag is reported.
pub(crate) fn classify(source: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<FileKind> {
    let schema = source.schema();
    match schema.as_deref() {
        Some(crate::load::CATALOG_SCHEMA) => Some(FileKind::Catalog),
        Some(crate::amend::AMENDMENT_SCHEMA) => Some(FileKind::Amendment),
        Some("cra62443/mapping/v1") => Some(FileKind::Mapping),
        Some("cra62443/profile/v1") => Some(FileKind::Profile),
        Some("cra62443/vocabulary/v1") => Some(FileKind::Vocabulary),
        Some("cra62443/evaluation/v1") => Some(FileKind::Evaluation),
        other => {
            // A file that is not even YAML is reported by the catalogue parser with a location.
            if other.is_none() && serde_saphyr::from_str::<serde_json::Value>(&source.text).is_err()
            {
                parse_file(source, diagnostics);
                return None;
            }
            diagnostics.push(Diagnostic::file(
                &source.name,
                format!(
                    "unknown `schema:` {}: expected one of {}",
                    other
                        .map(|s| format!("`{s}`"))
                        .unwrap_or_else(|| "(missing)".into()),
                    KNOWN_SCHEMAS.join(", ")
                ),
            ));
            None
        }
    }
}

/// The identity of a data file: schema plus the ID it defines, so that a user file can replace
/// a bundled one.
fn identity(text: &str) -> Option<String> {
    let h = head(text)?;
    let schema = h.schema?;
    let key = if let Some(d) = h.document {
        d.id
    } else if let Some(a) = h.amendment {
        format!("{}/{}", a.document, a.id)
    } else if let Some(m) = h.mapping_set {
        m.id
    } else if let Some(p) = h.profile {
        p.id
    } else if let Some(v) = h.vocabulary {
        v.id
    } else if let Some(e) = h.evaluation {
        e.id
    } else {
        return None;
    };
    Some(format!("{schema}#{key}"))
}

/// The bundled files with the user's directory on top.
pub fn merged_sources(dir: &Path) -> Result<Vec<SourceFile>, Diagnostics> {
    let user = read_dir_sources(dir)?;
    let user_ids: Vec<String> = user.iter().filter_map(|s| identity(&s.text)).collect();
    let mut sources: Vec<SourceFile> = bundled_sources()
        .into_iter()
        .filter(|s| identity(&s.text).is_none_or(|id| !user_ids.contains(&id)))
        .collect();
    sources.extend(user);
    Ok(sources)
}
