//! Loading and validating mapping sets against the catalogue.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use cra62443_catalog::{Catalog, Diagnostic, Diagnostics, SourceFile};
use cra62443_model::{Confidence, Kind, RequirementId};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use crate::model::{Author, MappingSet, Relation, Row, RowKind, TargetEdition};

/// The schema tag of mapping files.
pub const MAPPING_SCHEMA: &str = "cra62443/mapping/v1";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// Checked by the dispatcher before parsing; kept so `deny_unknown_fields` accepts it.
    #[allow(dead_code)]
    schema: Spanned<String>,
    mapping_set: RawSet,
    #[serde(default)]
    rows: Vec<RawRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    id: Spanned<String>,
    title: String,
    source: RawDocRef,
    targets: Spanned<Vec<RawDocRef>>,
    author: Spanned<String>,
    #[serde(default)]
    citation: Option<String>,
    #[serde(default = "default_method")]
    method: Spanned<String>,
    #[serde(default = "default_rationale")]
    matching_rationale: Spanned<String>,
    #[serde(default = "default_status")]
    status: Spanned<String>,
    confidence: Confidence,
    description: String,
}

fn default_method() -> Spanned<String> {
    Spanned::new("human".into(), Location::UNKNOWN, Location::UNKNOWN)
}
fn default_rationale() -> Spanned<String> {
    Spanned::new("semantic".into(), Location::UNKNOWN, Location::UNKNOWN)
}
fn default_status() -> Spanned<String> {
    Spanned::new("draft".into(), Location::UNKNOWN, Location::UNKNOWN)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocRef {
    document: Spanned<String>,
    #[serde(default)]
    edition: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    source: Spanned<String>,
    #[serde(default)]
    target: Option<Spanned<String>>,
    #[serde(default)]
    relation: Option<Spanned<String>>,
    #[serde(default)]
    gap: Option<Spanned<String>>,
    #[serde(default)]
    part: Option<String>,
    #[serde(default)]
    closed_by: Vec<Spanned<String>>,
    #[serde(default)]
    rationale: Option<Spanned<String>>,
    #[serde(default)]
    confidence: Option<Spanned<String>>,
    #[serde(default)]
    origin: Option<String>,
}

/// All mapping sets, validated against one catalogue.
#[derive(Debug, Clone, Default)]
pub struct Crosswalk {
    sets: Vec<MappingSet>,
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error<T>(&mut self, at: &Spanned<T>, field: String, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::at(
            self.file,
            self.text,
            at.referenced.line(),
            at.referenced.column(),
            Some(field),
            message,
        ));
    }
}

impl Crosswalk {
    /// The mapping sets bundled in the binary.
    pub fn bundled(catalog: &Catalog) -> Result<Self, Diagnostics> {
        Self::from_sources(catalog, &cra62443_catalog::bundled_sources())
    }

    /// The bundled sets with the user's directory on top (same rules as the catalogue).
    pub fn with_user_dir(catalog: &Catalog, dir: &Path) -> Result<Self, Diagnostics> {
        Self::from_sources(catalog, &cra62443_catalog::merged_sources(dir)?)
    }

    /// Loads every file whose schema is the mapping schema; other files are ignored.
    pub fn from_sources(catalog: &Catalog, sources: &[SourceFile]) -> Result<Self, Diagnostics> {
        let mut diagnostics = Vec::new();
        let mut sets: Vec<MappingSet> = Vec::new();
        for source in sources {
            if source.schema().as_deref() != Some(MAPPING_SCHEMA) {
                continue;
            }
            if let Some(set) = parse_set(catalog, source, &mut diagnostics) {
                if let Some(first) = sets.iter().find(|s| s.id == set.id) {
                    diagnostics.push(Diagnostic::file(
                        &source.name,
                        format!(
                            "mapping set `{}` is defined twice (also in {})",
                            set.id, first.file
                        ),
                    ));
                    continue;
                }
                sets.push(set);
            }
        }
        if diagnostics.is_empty() {
            Ok(Self { sets })
        } else {
            Err(Diagnostics(diagnostics))
        }
    }

    /// All sets.
    pub fn sets(&self) -> &[MappingSet] {
        &self.sets
    }

    /// One set by ID.
    pub fn set(&self, id: &str) -> Option<&MappingSet> {
        self.sets.iter().find(|s| s.id == id)
    }
}

fn parse_set(
    catalog: &Catalog,
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<MappingSet> {
    let raw: RawFile = match serde_saphyr::from_str(&source.text) {
        Ok(raw) => raw,
        Err(error) => {
            diagnostics.push(Diagnostic::yaml(
                &source.name,
                &source.text,
                &error,
                "not a valid mapping file",
            ));
            return None;
        }
    };
    let mut ctx = Ctx {
        file: &source.name,
        text: &source.text,
        diagnostics,
    };
    let set = raw.mapping_set;
    if !cra62443_model::is_lowercase_name(&set.id.value) {
        ctx.error(
            &set.id,
            "mapping_set.id".into(),
            "expected a lowercase token (letters, digits, `.`, `-`)",
        );
    }
    let author = match set.author.value.as_str() {
        "derived-by-this-project" => Author::DerivedByThisProject,
        "cited" => Author::Cited,
        other => {
            ctx.error(
                &set.author,
                "mapping_set.author".into(),
                format!("unknown author `{other}`: expected `derived-by-this-project` or `cited`"),
            );
            Author::DerivedByThisProject
        }
    };
    if author == Author::Cited && set.citation.as_deref().is_none_or(|c| c.trim().is_empty()) {
        ctx.error(
            &set.author,
            "mapping_set.citation".into(),
            "a cited set needs a `citation` (authors, title, year, licence)",
        );
    }
    for (value, field, allowed) in [
        (
            &set.method,
            "method",
            &["human", "automation", "hybrid"][..],
        ),
        (
            &set.matching_rationale,
            "matching_rationale",
            &["syntactic", "semantic", "functional"][..],
        ),
        (&set.status, "status", &["draft", "complete"][..]),
    ] {
        if !allowed.contains(&value.value.as_str()) {
            ctx.error(
                value,
                format!("mapping_set.{field}"),
                format!(
                    "unknown {field} `{}`: expected one of {}",
                    value.value,
                    allowed.join(", ")
                ),
            );
        }
    }
    let check_doc = |ctx: &mut Ctx<'_>, r: &RawDocRef, field: &str| -> bool {
        match catalog.document(&r.document.value) {
            None => {
                let known: Vec<&str> = catalog.documents().iter().map(|d| d.id.as_str()).collect();
                ctx.error(
                    &r.document,
                    format!("{field}.document"),
                    format!(
                        "unknown document `{}`: expected one of {}",
                        r.document.value,
                        known.join(", ")
                    ),
                );
                false
            }
            Some(d) => {
                if let Some(edition) = &r.edition
                    && d.edition(&edition.value).is_none()
                {
                    let known: Vec<&str> = d.editions.iter().map(|e| e.id.as_str()).collect();
                    ctx.error(
                        edition,
                        format!("{field}.edition"),
                        format!(
                            "document `{}` has no edition `{}` (known: {})",
                            d.id,
                            edition.value,
                            known.join(", ")
                        ),
                    );
                }
                true
            }
        }
    };
    check_doc(&mut ctx, &set.source, "mapping_set.source");
    let mut targets = Vec::new();
    for (i, t) in set.targets.value.iter().enumerate() {
        if check_doc(&mut ctx, t, &format!("mapping_set.targets[{i}]")) {
            targets.push(TargetEdition {
                document: t.document.value.clone(),
                edition: edition_or_default(catalog, t),
            });
        }
    }
    if set.targets.value.is_empty() {
        ctx.error(
            &set.targets,
            "mapping_set.targets".into(),
            "a mapping set needs at least one target document",
        );
    }
    let source_document = set.source.document.value.clone();

    let mut rows = Vec::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut seen_gaps: HashSet<(String, String)> = HashSet::new();
    for (i, raw_row) in raw.rows.into_iter().enumerate() {
        let field = |name: &str| format!("rows[{i}].{name}");
        let line = raw_row.source.referenced.line();
        let Some(src) = resolve_id(&mut ctx, catalog, &raw_row.source, field("source")) else {
            continue;
        };
        if src.document != source_document {
            ctx.error(
                &raw_row.source,
                field("source"),
                format!(
                    "`{}` is in document `{}`, but this set maps from `{source_document}`",
                    src.id, src.document
                ),
            );
            continue;
        }
        let confidence = match &raw_row.confidence {
            None => set.confidence,
            Some(c) => match c.value.as_str() {
                "P" => Confidence::P,
                "S" => Confidence::S,
                "U" => Confidence::U,
                "D" => Confidence::D,
                other => {
                    ctx.error(
                        c,
                        field("confidence"),
                        format!("unknown confidence `{other}`: expected P, S, U or D"),
                    );
                    continue;
                }
            },
        };
        let rationale = match &raw_row.rationale {
            Some(r) if !r.value.trim().is_empty() => r.value.trim().to_string(),
            _ => {
                ctx.error(
                    &raw_row.source,
                    field("rationale"),
                    "every row needs a `rationale` in own words",
                );
                continue;
            }
        };
        let kind = match (&raw_row.target, &raw_row.relation, &raw_row.gap) {
            (Some(target), Some(relation), None) => {
                let Some(relation_value) = Relation::parse(&relation.value) else {
                    let names: Vec<&str> = Relation::ALL.iter().map(|r| r.as_str()).collect();
                    ctx.error(
                        relation,
                        field("relation"),
                        format!(
                            "unknown relation `{}`: expected one of {}",
                            relation.value,
                            names.join(", ")
                        ),
                    );
                    continue;
                };
                let Some(tgt) = resolve_id(&mut ctx, catalog, target, field("target")) else {
                    continue;
                };
                if !targets.iter().any(|t| t.document == tgt.document) {
                    ctx.error(
                        target,
                        field("target"),
                        format!(
                            "`{}` is in document `{}`, which is not a target of this set",
                            tgt.id, tgt.document
                        ),
                    );
                    continue;
                }
                if matches!(tgt.kind, Kind::Placeholder | Kind::NoComponentRequirement) {
                    ctx.error(
                        target,
                        field("target"),
                        format!(
                            "`{}` is a {} row and cannot be met; map to its component-type variants instead",
                            tgt.id, tgt.kind
                        ),
                    );
                    continue;
                }
                let key = (src.id.to_string(), tgt.id.to_string());
                if let Some(first) = seen.get(&key) {
                    ctx.error(
                        &raw_row.source,
                        field("target"),
                        format!(
                            "duplicate row {} -> {} (first on line {first})",
                            key.0, key.1
                        ),
                    );
                    continue;
                }
                seen.insert(key, line);
                RowKind::Relation {
                    target: tgt.id.clone(),
                    relation: relation_value,
                }
            }
            (None, None, Some(gap)) => {
                if gap.value.trim().is_empty() {
                    ctx.error(gap, field("gap"), "a gap row needs a gap statement");
                    continue;
                }
                let key = (src.id.to_string(), raw_row.part.clone().unwrap_or_default());
                if !seen_gaps.insert(key) {
                    ctx.error(
                        gap,
                        field("gap"),
                        format!("duplicate gap row for {} and the same part", src.id),
                    );
                    continue;
                }
                let mut closed_by = Vec::new();
                for (j, c) in raw_row.closed_by.iter().enumerate() {
                    if let Some(entry) =
                        resolve_id(&mut ctx, catalog, c, format!("rows[{i}].closed_by[{j}]"))
                    {
                        if !targets.iter().any(|t| t.document == entry.document) {
                            ctx.error(
                                c,
                                format!("rows[{i}].closed_by[{j}]"),
                                format!("`{}` is not in a target document of this set", entry.id),
                            );
                            continue;
                        }
                        closed_by.push(entry.id.clone());
                    }
                }
                RowKind::Gap {
                    statement: gap.value.trim().to_string(),
                    part: raw_row.part.clone().map(|p| p.trim().to_string()),
                    closed_by,
                }
            }
            (None, None, None) => {
                ctx.error(&raw_row.source, field("gap"), "a row is either a relation (`target` + `relation`) or a gap (`gap:` statement); this one is neither");
                continue;
            }
            (Some(_), None, None) => {
                ctx.error(
                    &raw_row.source,
                    field("relation"),
                    "a row with a `target` needs a `relation`",
                );
                continue;
            }
            _ => {
                ctx.error(
                    &raw_row.source,
                    field("gap"),
                    "a row cannot be both a relation and a gap",
                );
                continue;
            }
        };
        rows.push(Row {
            source: src.id.clone(),
            kind,
            rationale,
            confidence,
            origin: raw_row.origin.clone(),
            line,
        });
    }
    Some(MappingSet {
        id: set.id.value,
        title: set.title,
        source_document,
        source_edition: edition_or_default(catalog, &set.source),
        targets,
        author,
        citation: set.citation,
        method: set.method.value,
        matching_rationale: set.matching_rationale.value,
        status: set.status.value,
        description: set.description.trim().to_string(),
        rows,
        file: source.name.clone(),
    })
}

fn edition_or_default(catalog: &Catalog, r: &RawDocRef) -> String {
    match &r.edition {
        Some(e) => e.value.clone(),
        None => catalog
            .document(&r.document.value)
            .map(|d| d.default_edition().id.clone())
            .unwrap_or_default(),
    }
}

/// Resolves a row ID: it must be a global ID of the catalogue (strict, so rows never drift).
fn resolve_id<'c>(
    ctx: &mut Ctx<'_>,
    catalog: &'c Catalog,
    value: &Spanned<String>,
    field: String,
) -> Option<&'c cra62443_model::Requirement> {
    if value.value.parse::<RequirementId>().is_ok()
        && let Some(r) = catalog.get(&value.value)
    {
        return Some(r);
    }
    let hint = match catalog.resolve(&value.value) {
        Ok(r) => format!("; did you mean `{}`?", r.id),
        Err(e) => match e {
            cra62443_catalog::ResolveError::Unknown { suggestions, .. }
                if !suggestions.is_empty() =>
            {
                format!("; closest: {}", suggestions.join(", "))
            }
            _ => String::new(),
        },
    };
    ctx.error(
        value,
        field,
        format!(
            "unknown requirement ID `{}`: rows use global IDs (`document:local`){hint}",
            value.value
        ),
    );
    None
}
