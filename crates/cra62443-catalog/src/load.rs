//! Parsing and validating catalogue files into documents and entries.

use std::collections::{BTreeMap, HashMap, HashSet};

use cra62443_model::{
    ComponentType, Confidence, ConformityRoute, Document, Edition, ExpectedCount, KeyDate, Kind,
    Requirement, RequirementId, TextPolicy,
};
use serde_saphyr::Spanned;

use crate::diagnostic::Diagnostic;
use crate::raw::{RawEntry, RawFile};

/// One data file to load: its display name and its content.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path or `data/catalog/…` name shown in diagnostics.
    pub name: String,
    /// The YAML text.
    pub text: String,
}

impl SourceFile {
    /// The file's `schema:` tag, which tells the data loaders apart, if it has one.
    pub fn schema(&self) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct Head {
            #[serde(default)]
            schema: Option<String>,
        }
        serde_saphyr::from_str::<Head>(&self.text)
            .ok()
            .and_then(|h| h.schema)
    }
}

/// The schema tag every catalogue file starts with.
pub const CATALOG_SCHEMA: &str = "cra62443/catalog/v1";

/// A document parsed from one file, with entries whose cross-references are not yet resolved.
pub(crate) struct ParsedDocument {
    pub file: String,
    pub document: Document,
    pub entries: Vec<ParsedEntry>,
    /// Global IDs of entries rejected for a bad ID or kind: references to them are not
    /// reported again.
    pub dropped: HashSet<String>,
}

/// An entry with its unresolved references and their locations.
pub(crate) struct ParsedEntry {
    pub requirement: Requirement,
    /// The file the entry comes from (a catalogue or an amendment file) and its text.
    pub file: std::sync::Arc<str>,
    pub text: std::sync::Arc<str>,
    pub line: u64,
    pub parent: Option<Spanned<String>>,
    pub related: Vec<Spanned<String>>,
    pub cra_anchor: Option<Spanned<String>>,
}

pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub(crate) fn error<T>(
        &mut self,
        spanned: &Spanned<T>,
        field: String,
        message: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic::at(
            self.file,
            self.text,
            spanned.referenced.line(),
            spanned.referenced.column(),
            Some(field),
            message,
        ));
    }

    pub(crate) fn error_at_line(&mut self, line: u64, field: String, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::at(
            self.file,
            self.text,
            line,
            1,
            Some(field),
            message,
        ));
    }
}

/// Parses one file. Problems go to `diagnostics`; `None` when the file cannot be used at all.
pub(crate) fn parse_file(
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ParsedDocument> {
    let raw: RawFile = match serde_saphyr::from_str(&source.text) {
        Ok(raw) => raw,
        Err(error) => {
            diagnostics.push(Diagnostic::yaml(
                &source.name,
                &source.text,
                &error,
                "not a valid catalogue file",
            ));
            return None;
        }
    };
    let mut ctx = Ctx {
        file: &source.name,
        text: &source.text,
        diagnostics,
    };
    if raw.schema.value != CATALOG_SCHEMA {
        ctx.error(
            &raw.schema,
            "schema".into(),
            format!("expected `{CATALOG_SCHEMA}`, found `{}`", raw.schema.value),
        );
        return None;
    }
    let doc = raw.document;
    if RequirementId::new(&doc.id.value, "x").is_err() {
        ctx.error(
            &doc.id,
            "document.id".into(),
            format!(
                "`{}` is not a valid document ID: expected lowercase letters, digits, `.`, `-`, starting with a letter",
                doc.id.value
            ),
        );
        return None;
    }

    let editions = validate_editions(&mut ctx, &doc.editions);
    let default_edition = editions
        .iter()
        .find(|e| e.default)
        .map(|e| e.id.clone())
        .unwrap_or_default();

    let mut key_dates = Vec::new();
    for (i, kd) in doc.key_dates.iter().enumerate() {
        if kd.value.date.value.parse::<jiff::civil::Date>().is_err() {
            ctx.error(
                &kd.value.date,
                format!("document.key_dates[{i}].date"),
                format!(
                    "expected an ISO date YYYY-MM-DD, found `{}`",
                    kd.value.date.value
                ),
            );
        }
        key_dates.push(KeyDate {
            date: kd.value.date.value.clone(),
            event: kd.value.event.clone(),
            basis: kd.value.basis.clone(),
            confidence: kd.value.confidence,
        });
    }
    const CLASSES: [&str; 5] = [
        "default",
        "important-class-i",
        "important-class-ii",
        "critical",
        "foss-annex-iii",
    ];
    const MODULES: [&str; 4] = ["A", "B+C", "H", "EUCS"];
    let mut routes = Vec::new();
    for (i, route) in doc.conformity_routes.iter().enumerate() {
        let r = &route.value;
        if !CLASSES.contains(&r.class.value.as_str()) {
            ctx.error(
                &r.class,
                format!("document.conformity_routes[{i}].class"),
                format!(
                    "unknown class `{}`: expected one of {}",
                    r.class.value,
                    CLASSES.join(", ")
                ),
            );
        }
        for (j, module) in r.modules.iter().enumerate() {
            if !MODULES.contains(&module.value.as_str()) {
                ctx.error(
                    module,
                    format!("document.conformity_routes[{i}].modules[{j}]"),
                    format!(
                        "unknown procedure `{}`: expected one of {}",
                        module.value,
                        MODULES.join(", ")
                    ),
                );
            }
        }
        let applies_when = r
            .applies_when
            .as_ref()
            .map(|a| a.value.clone())
            .unwrap_or_else(|| "always".into());
        const CONDITIONS: [&str; 3] = [
            "always",
            "harmonised-standards-in-full",
            "harmonised-standards-not-in-full",
        ];
        if let Some(a) = &r.applies_when
            && !CONDITIONS.contains(&applies_when.as_str())
        {
            ctx.error(
                a,
                format!("document.conformity_routes[{i}].applies_when"),
                format!(
                    "unknown condition `{}`: expected one of {}",
                    a.value,
                    CONDITIONS.join(", ")
                ),
            );
        }
        routes.push(ConformityRoute {
            class: r.class.value.clone(),
            applies_when,
            condition: r.condition.clone(),
            modules: r.modules.iter().map(|m| m.value.clone()).collect(),
            basis: r.basis.clone(),
            notes: r.notes.clone(),
        });
    }

    let document = Document {
        id: doc.id.value.clone(),
        title: doc.title,
        short: doc.short,
        publisher: doc.publisher,
        text_policy: doc.text_policy,
        confidence: doc.confidence,
        source: doc.source,
        notes: doc.notes,
        editions,
        levels: doc.levels,
        expected_counts: Vec::new(),
        key_dates,
        conformity_routes: routes,
        origin: source.name.clone(),
    };

    let shared_file: std::sync::Arc<str> = source.name.as_str().into();
    let shared_text: std::sync::Arc<str> = source.text.as_str().into();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut entries = Vec::new();
    let mut dropped = HashSet::new();
    let errors_before = ctx.diagnostics.len();
    for (index, raw_entry) in raw.requirements.into_iter().enumerate() {
        let line = raw_entry.id.referenced.line();
        if let Some(first) = seen.get(&raw_entry.id.value) {
            ctx.error(
                &raw_entry.id,
                format!("requirements[{index}].id"),
                format!(
                    "duplicate ID `{}:{}` (first defined on line {first}): IDs must be unique",
                    document.id, raw_entry.id.value
                ),
            );
            continue;
        }
        seen.insert(raw_entry.id.value.clone(), line);
        let raw_id = format!("{}:{}", document.id, raw_entry.id.value);
        match validate_entry(&mut ctx, &document, &default_edition, index, raw_entry) {
            Some(mut entry) => {
                entry.file = shared_file.clone();
                entry.text = shared_text.clone();
                entries.push(entry);
            }
            None => {
                dropped.insert(raw_id);
            }
        }
    }
    // Counts are only meaningful when every entry made it through.
    let entries_valid = ctx.diagnostics.len() == errors_before;

    // Counts are checked after all entries are known.
    let mut expected = Vec::new();
    for (i, count) in doc.expected_counts.iter().enumerate() {
        let c = &count.value;
        let edition = c.edition.clone().unwrap_or_else(|| default_edition.clone());
        if document.edition(&edition).is_none() {
            ctx.error(
                count,
                format!("document.expected_counts[{i}].edition"),
                format!("unknown edition `{edition}`"),
            );
            continue;
        }
        let actual = entries
            .iter()
            .filter(|e| e.requirement.kind == c.kind && e.requirement.edition == edition)
            .count();
        if entries_valid && actual != c.count {
            ctx.error(
                count,
                format!("document.expected_counts[{i}]"),
                format!(
                    "the source fixes {} entries of kind `{}` in edition `{edition}`{}, but the file has {actual}",
                    c.count,
                    c.kind,
                    c.source.as_deref().map(|s| format!(" ({s})")).unwrap_or_default()
                ),
            );
        }
        expected.push(ExpectedCount {
            kind: c.kind,
            edition: c.edition.clone(),
            count: c.count,
            source: c.source.clone(),
        });
    }
    let mut document = document;
    document.expected_counts = expected;

    Some(ParsedDocument {
        file: source.name.clone(),
        document,
        entries,
        dropped,
    })
}

fn validate_editions(
    ctx: &mut Ctx<'_>,
    editions: &Spanned<Vec<crate::raw::RawEdition>>,
) -> Vec<Edition> {
    let mut out: Vec<Edition> = Vec::new();
    for (i, e) in editions.value.iter().enumerate() {
        if !cra62443_model::is_valid_token(&e.id.value)
            && !e.id.value.chars().all(|c| c.is_ascii_alphanumeric())
        {
            ctx.error(
                &e.id,
                format!("document.editions[{i}].id"),
                "expected a token of letters, digits, `.`, `-`",
            );
        }
        if out.iter().any(|o| o.id == e.id.value) {
            ctx.error(
                &e.id,
                format!("document.editions[{i}].id"),
                format!("duplicate edition `{}`", e.id.value),
            );
        }
        out.push(Edition {
            id: e.id.value.clone(),
            name: e.name.clone(),
            status: e.status,
            default: e.default,
            amends: e.amends.as_ref().map(|a| a.value.clone()),
            notes: None,
        });
    }
    for (i, e) in editions.value.iter().enumerate() {
        if let Some(amends) = &e.amends
            && !out.iter().any(|o| o.id == amends.value)
        {
            ctx.error(
                amends,
                format!("document.editions[{i}].amends"),
                format!("amends unknown edition `{}`", amends.value),
            );
        }
    }
    let defaults = out.iter().filter(|e| e.default).count();
    if defaults != 1 {
        ctx.error(
            editions,
            "document.editions".into(),
            format!("exactly one edition must have `default: true`, found {defaults}"),
        );
    }
    out
}

fn parse_confidence(s: &str) -> Option<Confidence> {
    match s {
        "L" => Some(Confidence::L),
        "P" => Some(Confidence::P),
        "S" => Some(Confidence::S),
        "U" => Some(Confidence::U),
        "D" => Some(Confidence::D),
        _ => None,
    }
}

fn parse_kind(s: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.as_str() == s)
}

/// The leading number of a dotted reference (`CR 3.10 RE(1)` -> 3), used to check `fr`.
fn fr_from_reference(reference: &str) -> Option<u8> {
    let mut parts = reference.split_whitespace();
    let prefix = parts.next()?;
    if !matches!(prefix, "CR" | "SR" | "SAR" | "EDR" | "HDR" | "NDR") {
        return None;
    }
    let number = parts.next()?;
    number.split('.').next()?.parse().ok()
}

pub(crate) fn validate_entry(
    ctx: &mut Ctx<'_>,
    document: &Document,
    default_edition: &str,
    index: usize,
    raw: RawEntry,
) -> Option<ParsedEntry> {
    let field = |name: &str| format!("requirements[{index}].{name}");
    let line = raw.id.referenced.line();
    let id = match RequirementId::new(&document.id, &raw.id.value) {
        Ok(id) => id,
        Err(_) => {
            ctx.error(
                &raw.id,
                field("id"),
                format!(
                    "`{}` is not a valid local ID: expected lowercase letters, digits, `.`, `-` or `_`, starting with a letter (an OSCAL token), e.g. `cr-1.1.re-2`",
                    raw.id.value
                ),
            );
            return None;
        }
    };
    let kind = match parse_kind(&raw.kind.value) {
        Some(kind) => kind,
        None => {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            ctx.error(
                &raw.kind,
                field("kind"),
                format!(
                    "unknown kind `{}`: expected one of {}",
                    raw.kind.value,
                    names.join(", ")
                ),
            );
            return None;
        }
    };
    for (name, value) in [("ref", &raw.reference), ("title", &raw.title)] {
        if value.value.trim().is_empty() {
            ctx.error(value, field(name), format!("`{name}` must not be empty"));
        }
    }
    let summary = match &raw.summary {
        Some(s) if !s.value.trim().is_empty() => s.value.trim().to_string(),
        Some(s) => {
            ctx.error(s, field("summary"), "`summary` must not be empty");
            String::new()
        }
        None => {
            ctx.error_at_line(
                line,
                field("summary"),
                format!("entry `{id}` has no `summary` (own words, one or two sentences)"),
            );
            String::new()
        }
    };
    if let Some(text) = &raw.text
        && document.text_policy == TextPolicy::Summary
    {
        ctx.error(
            text,
            field("text"),
            format!(
                "document `{}` is a copyrighted standard (text_policy: summary): entries carry an own-words `summary`, never the source text; licensed text belongs in a user overlay",
                document.id
            ),
        );
    }
    let small_int = |ctx: &mut Ctx<'_>,
                     value: &Option<Spanned<i64>>,
                     name: &str,
                     max: i64,
                     what: &str|
     -> Option<u8> {
        let v = value.as_ref()?;
        if (1..=max).contains(&v.value) {
            u8::try_from(v.value).ok()
        } else {
            ctx.error(
                v,
                field(name),
                format!("expected {what} 1 to {max}, found {}", v.value),
            );
            None
        }
    };
    let fr = small_int(ctx, &raw.fr, "fr", 7, "a foundational requirement number");
    let practice = small_int(
        ctx,
        &raw.practice,
        "practice",
        8,
        "a 62443-4-1 practice number",
    );
    let sl = small_int(ctx, &raw.sl, "sl", 4, "a security level");
    if let (Some(fr), Some(expected)) = (fr, fr_from_reference(&raw.reference.value))
        && fr != expected
    {
        ctx.error(
            raw.fr.as_ref().expect("fr parsed from a present value"),
            field("fr"),
            format!(
                "`{}` belongs to FR {expected}, but `fr` says {fr}",
                raw.reference.value
            ),
        );
    }
    if sl.is_some() && !matches!(kind, Kind::Requirement | Kind::Enhancement) {
        ctx.error(
            raw.sl.as_ref().expect("sl present"),
            field("sl"),
            format!("only requirements and enhancements carry a security level, this entry is a `{kind}`"),
        );
    }
    let component_types = match &raw.component_types {
        None => None,
        Some(list) => {
            let mut types = Vec::new();
            for (j, t) in list.iter().enumerate() {
                match t.value.parse::<ComponentType>() {
                    Ok(ct) if t.value == ct.prefix() => types.push(ct),
                    _ => {
                        ctx.error(
                            t,
                            format!("requirements[{index}].component_types[{j}]"),
                            format!(
                                "unknown component type `{}`: expected SAR, EDR, HDR or NDR",
                                t.value
                            ),
                        );
                    }
                }
            }
            Some(types)
        }
    };
    let confidence = match &raw.confidence {
        None => document.confidence,
        Some(c) => match parse_confidence(&c.value) {
            Some(c) => c,
            None => {
                ctx.error(
                    c,
                    field("confidence"),
                    format!("unknown confidence `{}`: expected L, P, S, U or D", c.value),
                );
                document.confidence
            }
        },
    };
    if confidence == Confidence::L && raw.text.is_none() {
        ctx.error_at_line(
            line,
            field("confidence"),
            "confidence `L` (verbatim legal text) needs a `text` field".to_string(),
        );
    }
    let edition = match &raw.edition {
        None => default_edition.to_string(),
        Some(e) => {
            if document.edition(&e.value).is_none() {
                let known: Vec<&str> = document.editions.iter().map(|e| e.id.as_str()).collect();
                ctx.error(
                    e,
                    field("edition"),
                    format!(
                        "unknown edition `{}`: the document declares {}",
                        e.value,
                        known.join(", ")
                    ),
                );
            }
            e.value.clone()
        }
    };
    let amendment = document
        .edition(&edition)
        .and_then(|e| e.amends.as_ref().map(|_| e.id.clone()));
    let deadline = match &raw.deadline {
        None => None,
        Some(d) => {
            if d.value.parse::<jiff::civil::Date>().is_err() {
                ctx.error(
                    d,
                    field("deadline"),
                    format!("expected an ISO date YYYY-MM-DD, found `{}`", d.value),
                );
            }
            Some(d.value.clone())
        }
    };
    // Field errors are reported above; the entry is kept (with those fields unset) so that its
    // children and references do not produce a cascade of follow-up errors.
    let requirement = Requirement {
        id,
        reference: raw.reference.value.trim().to_string(),
        title: raw.title.value.trim().to_string(),
        document: document.id.clone(),
        kind,
        parent: None,
        fr,
        practice,
        sl,
        component_types,
        assessable: raw
            .assessable
            .unwrap_or_else(|| kind.assessable_by_default()),
        summary,
        text: raw.text.as_ref().map(|t| t.value.trim().to_string()),
        confidence,
        source: raw.source.unwrap_or_else(|| document.source.clone()),
        edition,
        amendment,
        aliases: raw.aliases,
        related: Vec::new(),
        deadline,
        cra_anchor: None,
        notes: raw.notes.map(|n| n.trim().to_string()),
        attributes: raw.attributes,
        overlay_text: None,
        overlay_source: None,
        amended_by: Vec::new(),
    };
    Some(ParsedEntry {
        requirement,
        file: ctx.file.into(),
        text: "".into(),
        line,
        parent: raw.parent,
        related: raw.related,
        cra_anchor: raw.cra_anchor,
    })
}

/// Resolves parents, related IDs and CRA anchors across all documents and checks the rules that
/// need more than one entry. Returns the entries in document order.
pub(crate) fn link(
    documents: Vec<ParsedDocument>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Document>, Vec<Requirement>) {
    let known: HashSet<String> = documents
        .iter()
        .flat_map(|d| d.entries.iter().map(|e| e.requirement.id.to_string()))
        .collect();
    let dropped: HashSet<String> = documents
        .iter()
        .flat_map(|d| d.dropped.iter().cloned())
        .collect();
    let mut docs = Vec::new();
    let mut all = Vec::new();
    for parsed in documents {
        let doc_id = parsed.document.id.clone();
        let resolve =
            |ctx: &mut Ctx<'_>, value: &Spanned<String>, field: String| -> Option<RequirementId> {
                let candidate = if value.value.contains(':') {
                    value.value.clone()
                } else {
                    format!("{doc_id}:{}", value.value)
                };
                if known.contains(&candidate) {
                    candidate.parse().ok()
                } else if dropped.contains(&candidate) {
                    // Already reported where the entry itself is defined.
                    None
                } else {
                    ctx.error(
                        value,
                        field,
                        format!("`{}` does not resolve to any catalogue entry", value.value),
                    );
                    None
                }
            };
        let mut entries = Vec::new();
        for mut entry in parsed.entries {
            let file = entry.file.clone();
            let text = entry.text.clone();
            let mut ctx = Ctx {
                file: &file,
                text: &text,
                diagnostics,
            };
            if let Some(parent) = &entry.parent {
                entry.requirement.parent =
                    resolve(&mut ctx, parent, format!("{}.parent", entry.requirement.id));
                if entry.requirement.parent.as_ref() == Some(&entry.requirement.id) {
                    ctx.error(
                        parent,
                        format!("{}.parent", entry.requirement.id),
                        "an entry cannot be its own parent",
                    );
                    entry.requirement.parent = None;
                }
            }
            for (j, related) in entry.related.iter().enumerate() {
                if let Some(id) = resolve(
                    &mut ctx,
                    related,
                    format!("{}.related[{j}]", entry.requirement.id),
                ) {
                    entry.requirement.related.push(id);
                }
            }
            if let Some(anchor) = &entry.cra_anchor {
                let field = format!("{}.cra_anchor", entry.requirement.id);
                if let Some(id) = resolve(&mut ctx, anchor, field.clone()) {
                    if id.document() != "cra" {
                        ctx.error(anchor, field, format!("`{id}` is not a CRA entry: `cra_anchor` must name an ID of the `cra` document"));
                    } else {
                        entry.requirement.cra_anchor = Some(id);
                    }
                }
            }
            entries.push(entry);
        }
        check_hierarchy(diagnostics, &entries);
        docs.push(parsed.document);
        all.extend(entries.into_iter().map(|e| e.requirement));
    }
    (docs, all)
}

/// Rules between an entry and its parent: an enhancement sits under its base, in the same FR,
/// for the same component types, and is never required below its base's level. Also rejects
/// parent cycles.
fn check_hierarchy(diagnostics: &mut Vec<Diagnostic>, entries: &[ParsedEntry]) {
    let by_id: BTreeMap<&RequirementId, &ParsedEntry> =
        entries.iter().map(|e| (&e.requirement.id, e)).collect();
    for entry in entries {
        let mut ctx = Ctx {
            file: &entry.file,
            text: &entry.text,
            diagnostics,
        };
        let ctx = &mut ctx;
        let r = &entry.requirement;
        // Cycle check: walk up at most entries.len() steps.
        let mut current = r.parent.as_ref();
        let mut steps = 0;
        while let Some(p) = current {
            if p == &r.id {
                ctx.error_at_line(
                    entry.line,
                    format!("{}.parent", r.id),
                    "the parent chain loops back to this entry",
                );
                break;
            }
            steps += 1;
            if steps > entries.len() {
                break;
            }
            current = by_id.get(p).and_then(|e| e.requirement.parent.as_ref());
        }
        if r.kind != Kind::Enhancement {
            continue;
        }
        let Some(parent) = r.parent.as_ref().and_then(|p| by_id.get(p)) else {
            if entry.parent.is_none() {
                ctx.error_at_line(
                    entry.line,
                    format!("{}.parent", r.id),
                    "an enhancement needs a `parent`: its base requirement",
                );
            }
            continue;
        };
        let base = &parent.requirement;
        if !matches!(base.kind, Kind::Requirement | Kind::Placeholder) {
            ctx.error_at_line(
                entry.line,
                format!("{}.parent", r.id),
                format!(
                    "the parent of an enhancement must be a requirement, `{}` is a `{}`",
                    base.id, base.kind
                ),
            );
        }
        if r.fr != base.fr {
            ctx.error_at_line(
                entry.line,
                format!("{}.fr", r.id),
                format!(
                    "an enhancement is in the FR of its base `{}` ({:?}), found {:?}",
                    base.id, base.fr, r.fr
                ),
            );
        }
        if let (Some(sl), Some(base_sl)) = (r.sl, base.sl)
            && sl < base_sl
        {
            ctx.error_at_line(entry.line, format!("{}.sl", r.id), format!("an enhancement cannot be required below its base `{}` (SL {base_sl}), found SL {sl}", base.id));
        }
        if base.kind == Kind::Requirement && r.component_types != base.component_types {
            ctx.error_at_line(
                entry.line,
                format!("{}.component_types", r.id),
                format!(
                    "an enhancement applies to the component types of its base `{}`",
                    base.id
                ),
            );
        }
    }
}
