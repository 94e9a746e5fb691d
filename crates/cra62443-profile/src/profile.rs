//! Profile files: parsing and validation against the catalogue.

use std::collections::BTreeMap;

use cra62443_catalog::{Catalog, Diagnostic, SourceFile};
use cra62443_model::{ComponentType, Kind, RequirementId};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::condition::Condition;

/// The schema tag of profile files.
pub const PROFILE_SCHEMA: &str = "cra62443/profile/v1";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[allow(dead_code)]
    schema: Spanned<String>,
    profile: RawProfile,
    #[serde(default)]
    selection: Vec<RawSelection>,
    #[serde(default)]
    sl_overrides: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    id: Spanned<String>,
    title: String,
    version: String,
    status: Spanned<String>,
    #[serde(default)]
    extends: Option<Spanned<String>>,
    #[serde(default)]
    base: Vec<RawBase>,
    #[serde(default)]
    amendments: Vec<Spanned<String>>,
    #[serde(default)]
    component_types: Vec<Spanned<String>>,
    #[serde(default)]
    context: RawContext,
    #[serde(default)]
    sl_target: Option<Spanned<Vec<i64>>>,
    #[serde(default)]
    sl_rationale: Option<String>,
    #[serde(default)]
    maturity_target: Option<RawMaturity>,
    #[serde(default)]
    risk_evaluation: Option<RiskEvaluationRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBase {
    document: Spanned<String>,
    #[serde(default)]
    edition: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    #[serde(default)]
    m606_line: Option<Spanned<String>>,
    #[serde(default)]
    cra_category: Option<Spanned<String>>,
    #[serde(default)]
    sector: Option<String>,
    #[serde(default)]
    intended_use: Option<String>,
    #[serde(default)]
    operational_environment: Option<String>,
    #[serde(default)]
    reference_architecture: Option<String>,
    #[serde(default)]
    actors: Vec<String>,
    #[serde(default)]
    assumptions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMaturity {
    #[serde(default)]
    default: Option<Spanned<i64>>,
    #[serde(default)]
    practices: BTreeMap<String, Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RiskEvaluationRaw {
    #[serde(default)]
    threats: Vec<RawThreat>,
    #[serde(default)]
    residual_risks: Vec<String>,
    #[serde(default)]
    out_of_scope: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThreat {
    id: String,
    description: String,
    #[serde(default)]
    addressed_by: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSelection {
    #[serde(default)]
    include: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Option<Spanned<String>>,
    #[serde(default)]
    with_enhancements: Option<bool>,
    #[serde(default)]
    justification: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    applicability: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    id: Spanned<String>,
    sl_target: Spanned<i64>,
    #[serde(default)]
    justification: Option<String>,
}

/// Who stands behind a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileStatus {
    /// Derived by the cra62443 project (not the official hEN).
    DerivedByThisProject,
    /// A user's own profile.
    User,
    /// An official profile a user imported.
    OfficialImported,
}

/// The context a profile is written for (TS 62443-1-5).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Context {
    /// M/606 line or deliverable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub m606_line: Option<RequirementId>,
    /// CRA Annex III/IV category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cra_category: Option<RequirementId>,
    /// Sector or application domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// Intended use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intended_use: Option<String>,
    /// Operational environment and security context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operational_environment: Option<String>,
    /// Reference architecture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_architecture: Option<String>,
    /// Actors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    /// Assumptions about the environment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

/// A threat the profile's risk evaluation addresses.
#[derive(Debug, Clone, Serialize)]
pub struct Threat {
    /// Local ID (`T1`).
    pub id: String,
    /// What can happen.
    pub description: String,
    /// Requirements that counter it.
    pub addressed_by: Vec<RequirementId>,
}

/// The profile's own risk evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RiskEvaluation {
    /// Threats addressed.
    pub threats: Vec<Threat>,
    /// Risks that remain.
    pub residual_risks: Vec<String>,
    /// What the profile does not cover.
    pub out_of_scope: Vec<String>,
}

/// What a selection entry selects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "scope", rename_all = "kebab-case")]
pub enum Target {
    /// Every assessable entry of a base document.
    Document {
        /// The document ID.
        document: String,
    },
    /// One entry.
    Entry {
        /// The entry.
        id: RequirementId,
    },
}

/// One selection decision.
#[derive(Debug, Clone, Serialize)]
pub struct Selection {
    /// `true` = include, `false` = exclude.
    pub include: bool,
    /// What is selected.
    #[serde(flatten)]
    pub target: Target,
    /// Whether enhancements follow the entry.
    pub with_enhancements: bool,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Contextualisation note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Applicability condition, evaluated against a product.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicability: Option<Condition>,
    /// Line in the file.
    #[serde(skip)]
    pub line: u64,
}

/// A per-requirement SL-T.
#[derive(Debug, Clone, Serialize)]
pub struct SlOverride {
    /// The requirement.
    pub id: RequirementId,
    /// Its target level.
    pub sl_target: u8,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// A validated profile (its own decisions; [`crate::resolve`] applies the `extends` chain).
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    /// Stable ID.
    pub id: String,
    /// Title.
    pub title: String,
    /// Version.
    pub version: String,
    /// Who stands behind it.
    pub status: ProfileStatus,
    /// The profile it builds on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Base documents and editions.
    pub base: Vec<(String, String)>,
    /// Amendments read into the base.
    pub amendments: Vec<String>,
    /// Component types the profile is meant for (empty: systems or processes).
    pub component_types: Vec<ComponentType>,
    /// Context.
    pub context: Context,
    /// SL-T per FR, if set here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl_target: Option<[u8; 7]>,
    /// Why these levels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl_rationale: Option<String>,
    /// Default maturity target for 62443-4-1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maturity_default: Option<u8>,
    /// Maturity target per practice number.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub maturity_practices: BTreeMap<u8, u8>,
    /// Risk evaluation.
    pub risk_evaluation: RiskEvaluation,
    /// Selection decisions in order.
    pub selection: Vec<Selection>,
    /// Per-requirement SL-T.
    pub sl_overrides: Vec<SlOverride>,
    /// The file.
    pub file: String,
    /// Line of `extends`, for cycle errors.
    #[serde(skip)]
    pub extends_line: u64,
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

fn entry<'c>(
    ctx: &mut Ctx<'_>,
    catalog: &'c Catalog,
    value: &Spanned<String>,
    field: String,
) -> Option<&'c cra62443_model::Requirement> {
    if let Some(r) = catalog.get(&value.value) {
        return Some(r);
    }
    let hint = match catalog.resolve(&value.value) {
        Ok(r) => format!("; did you mean `{}`?", r.id),
        Err(cra62443_catalog::ResolveError::Unknown { suggestions, .. })
            if !suggestions.is_empty() =>
        {
            format!("; closest: {}", suggestions.join(", "))
        }
        Err(_) => String::new(),
    };
    ctx.error(
        value,
        field,
        format!(
            "unknown requirement ID `{}` (profiles use global IDs){hint}",
            value.value
        ),
    );
    None
}

/// Parses and validates one profile file.
pub(crate) fn parse_profile(
    catalog: &Catalog,
    capabilities: &[String],
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Profile> {
    let raw: RawFile = match serde_saphyr::from_str(&source.text) {
        Ok(r) => r,
        Err(error) => {
            diagnostics.push(Diagnostic::yaml(
                &source.name,
                &source.text,
                &error,
                "not a valid profile file",
            ));
            return None;
        }
    };
    let before = diagnostics.len();
    let mut ctx = Ctx {
        file: &source.name,
        text: &source.text,
        diagnostics,
    };
    let p = raw.profile;
    if !cra62443_model::is_lowercase_name(&p.id.value) {
        ctx.error(
            &p.id,
            "profile.id".into(),
            "expected a lowercase token (letters, digits, `.`, `-`)",
        );
    }
    let status = match p.status.value.as_str() {
        "derived-by-this-project" => ProfileStatus::DerivedByThisProject,
        "user" => ProfileStatus::User,
        "official-imported" => ProfileStatus::OfficialImported,
        other => {
            ctx.error(
                &p.status,
                "profile.status".into(),
                format!("unknown status `{other}`: expected derived-by-this-project, user or official-imported"),
            );
            ProfileStatus::User
        }
    };
    let mut base = Vec::new();
    for (i, b) in p.base.iter().enumerate() {
        match catalog.document(&b.document.value) {
            None => ctx.error(
                &b.document,
                format!("profile.base[{i}].document"),
                format!("unknown document `{}`", b.document.value),
            ),
            Some(d) => {
                let edition = match &b.edition {
                    Some(e) if d.edition(&e.value).is_none() => {
                        ctx.error(
                            e,
                            format!("profile.base[{i}].edition"),
                            format!("document `{}` has no edition `{}`", d.id, e.value),
                        );
                        continue;
                    }
                    Some(e) => e.value.clone(),
                    None => d.default_edition().id.clone(),
                };
                base.push((d.id.clone(), edition));
            }
        }
    }
    let mut amendments = Vec::new();
    for (i, a) in p.amendments.iter().enumerate() {
        let known = catalog.is_amendment(&a.value);
        if known {
            amendments.push(a.value.clone());
        } else {
            ctx.error(
                a,
                format!("profile.amendments[{i}]"),
                format!("unknown amendment `{}`", a.value),
            );
        }
    }
    let mut component_types = Vec::new();
    for (i, t) in p.component_types.iter().enumerate() {
        match t.value.parse::<ComponentType>() {
            Ok(ct) => component_types.push(ct),
            Err(e) => ctx.error(t, format!("profile.component_types[{i}]"), e.to_string()),
        }
    }
    let mut context = Context {
        sector: p.context.sector.clone(),
        intended_use: p.context.intended_use.clone(),
        operational_environment: p.context.operational_environment.clone(),
        reference_architecture: p.context.reference_architecture.clone(),
        actors: p.context.actors.clone(),
        assumptions: p.context.assumptions.clone(),
        ..Context::default()
    };
    if let Some(line) = &p.context.m606_line
        && let Some(r) = entry(&mut ctx, catalog, line, "profile.context.m606_line".into())
    {
        if r.document == "m606" {
            context.m606_line = Some(r.id.clone());
        } else {
            ctx.error(
                line,
                "profile.context.m606_line".into(),
                format!("`{}` is not an M/606 line", r.id),
            );
        }
    }
    if let Some(cat) = &p.context.cra_category
        && let Some(r) = entry(
            &mut ctx,
            catalog,
            cat,
            "profile.context.cra_category".into(),
        )
    {
        if r.kind == Kind::Category {
            context.cra_category = Some(r.id.clone());
        } else {
            ctx.error(
                cat,
                "profile.context.cra_category".into(),
                format!("`{}` is not an Annex III/IV category", r.id),
            );
        }
    }
    let sl_target = match &p.sl_target {
        None => None,
        Some(v) => {
            if v.value.len() != 7 || v.value.iter().any(|x| !(0..=4).contains(x)) {
                ctx.error(
                    v,
                    "profile.sl_target".into(),
                    format!("expected 7 levels 0-4 (FR 1 … FR 7), found {:?}", v.value),
                );
                None
            } else {
                let mut out = [0u8; 7];
                for (i, x) in v.value.iter().enumerate() {
                    out[i] = u8::try_from(*x).unwrap_or(0);
                }
                Some(out)
            }
        }
    };
    let mut maturity_default = None;
    let mut maturity_practices = BTreeMap::new();
    if let Some(m) = &p.maturity_target {
        if let Some(d) = &m.default {
            if (1..=4).contains(&d.value) {
                maturity_default = u8::try_from(d.value).ok();
            } else {
                ctx.error(
                    d,
                    "profile.maturity_target.default".into(),
                    format!("expected a maturity level 1-4, found {}", d.value),
                );
            }
        }
        for (k, v) in &m.practices {
            match k.parse::<u8>() {
                Ok(n) if (1..=8).contains(&n) && (1..=4).contains(&v.value) => {
                    maturity_practices.insert(n, u8::try_from(v.value).unwrap_or(3));
                }
                _ => ctx.error(
                    v,
                    format!("profile.maturity_target.practices.{k}"),
                    "expected practice 1-8 with a maturity level 1-4",
                ),
            }
        }
    }
    let mut risk = RiskEvaluation::default();
    if let Some(r) = &p.risk_evaluation {
        risk.residual_risks = r.residual_risks.clone();
        risk.out_of_scope = r.out_of_scope.clone();
        for (i, t) in r.threats.iter().enumerate() {
            let mut addressed = Vec::new();
            for (j, a) in t.addressed_by.iter().enumerate() {
                if let Some(e) = entry(
                    &mut ctx,
                    catalog,
                    a,
                    format!("profile.risk_evaluation.threats[{i}].addressed_by[{j}]"),
                ) {
                    addressed.push(e.id.clone());
                }
            }
            risk.threats.push(Threat {
                id: t.id.clone(),
                description: t.description.clone(),
                addressed_by: addressed,
            });
        }
    }

    let mut selection = Vec::new();
    for (i, s) in raw.selection.iter().enumerate() {
        let field = |n: &str| format!("selection[{i}].{n}");
        let (include, value) = match (&s.include, &s.exclude) {
            (Some(v), None) => (true, v),
            (None, Some(v)) => (false, v),
            (Some(v), Some(_)) => {
                ctx.error(
                    v,
                    field("include"),
                    "an entry either includes or excludes, not both",
                );
                continue;
            }
            (None, None) => {
                diagnostics_missing(&mut ctx, i);
                continue;
            }
        };
        let line = value.referenced.line();
        let target = if catalog.document(&value.value).is_some() {
            if !base.iter().any(|(d, _)| d == &value.value) {
                ctx.error(
                    value,
                    field(if include { "include" } else { "exclude" }),
                    format!("document `{}` is not in the profile's `base`", value.value),
                );
                continue;
            }
            if !include {
                ctx.error(
                    value,
                    field("exclude"),
                    "excluding a whole document is not a selection; remove it from `base`",
                );
                continue;
            }
            Target::Document {
                document: value.value.clone(),
            }
        } else {
            let Some(e) = entry(
                &mut ctx,
                catalog,
                value,
                field(if include { "include" } else { "exclude" }),
            ) else {
                continue;
            };
            if !base.iter().any(|(d, _)| d == &e.document) {
                ctx.error(
                    value,
                    field("include"),
                    format!(
                        "`{}` is in document `{}`, which is not in the profile's `base`",
                        e.id, e.document
                    ),
                );
                continue;
            }
            if matches!(e.kind, Kind::Placeholder | Kind::NoComponentRequirement) {
                ctx.error(
                    value,
                    field("include"),
                    format!(
                        "`{}` is a {} row; select its component-type variants",
                        e.id, e.kind
                    ),
                );
                continue;
            }
            Target::Entry { id: e.id.clone() }
        };
        if !include
            && s.justification
                .as_deref()
                .is_none_or(|j| j.trim().is_empty())
        {
            ctx.error(
                value,
                field("justification"),
                "an exclusion needs a justification (TS 62443-1-5: exclusions are justified)",
            );
            continue;
        }
        let applicability = match &s.applicability {
            None => None,
            Some(a) => match Condition::parse(&a.value, capabilities) {
                Ok(c) => Some(c),
                Err(e) => {
                    ctx.error(
                        a,
                        field("applicability"),
                        format!("invalid condition `{}`: {e}", a.value),
                    );
                    continue;
                }
            },
        };
        selection.push(Selection {
            include,
            target,
            with_enhancements: s.with_enhancements.unwrap_or(true),
            justification: s.justification.clone().map(|j| j.trim().to_string()),
            note: s.note.clone().map(|n| n.trim().to_string()),
            applicability,
            line,
        });
    }
    // An explicit include and exclude of the same entry inside one profile.
    let mut seen: BTreeMap<&RequirementId, (bool, u64)> = BTreeMap::new();
    for s in &selection {
        if let Target::Entry { id } = &s.target {
            if let Some((inc, line)) = seen.get(id)
                && *inc != s.include
            {
                ctx.diagnostics.push(Diagnostic::at(
                    &source.name,
                    &source.text,
                    s.line,
                    1,
                    Some("selection".into()),
                    format!("`{id}` is both included and excluded (other decision on line {line})"),
                ));
            }
            seen.insert(id, (s.include, s.line));
        }
    }
    let mut sl_overrides = Vec::new();
    for (i, o) in raw.sl_overrides.iter().enumerate() {
        let Some(e) = entry(&mut ctx, catalog, &o.id, format!("sl_overrides[{i}].id")) else {
            continue;
        };
        if !(1..=4).contains(&o.sl_target.value) {
            ctx.error(
                &o.sl_target,
                format!("sl_overrides[{i}].sl_target"),
                format!("expected a security level 1-4, found {}", o.sl_target.value),
            );
            continue;
        }
        if e.sl.is_none() {
            ctx.error(
                &o.id,
                format!("sl_overrides[{i}].id"),
                format!("`{}` has no security level", e.id),
            );
            continue;
        }
        sl_overrides.push(SlOverride {
            id: e.id.clone(),
            sl_target: u8::try_from(o.sl_target.value).unwrap_or(1),
            justification: o.justification.clone(),
        });
    }
    if ctx.diagnostics.len() > before {
        return None;
    }
    Some(Profile {
        id: p.id.value.clone(),
        title: p.title,
        version: p.version,
        status,
        extends: p.extends.as_ref().map(|e| e.value.clone()),
        extends_line: p.extends.as_ref().map(|e| e.referenced.line()).unwrap_or(0),
        base,
        amendments,
        component_types,
        context,
        sl_target,
        sl_rationale: p.sl_rationale,
        maturity_default,
        maturity_practices,
        risk_evaluation: risk,
        selection,
        sl_overrides,
        file: source.name.clone(),
    })
}

fn diagnostics_missing(ctx: &mut Ctx<'_>, i: usize) {
    ctx.diagnostics.push(Diagnostic::file(
        ctx.file,
        format!("selection[{i}] has neither `include` nor `exclude`"),
    ));
}
