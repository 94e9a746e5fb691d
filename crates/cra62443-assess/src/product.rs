//! The product file (`product.yaml`): what the manufacturer declares once.

use std::path::{Path, PathBuf};

use cra62443_catalog::{Catalog, Diagnostic, Diagnostics};
use cra62443_model::{ComponentType, Kind, RequirementId};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// The schema tag of product files.
pub const PRODUCT_SCHEMA: &str = "cra62443/product/v1";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProduct {
    schema: Spanned<String>,
    manufacturer: Manufacturer,
    product: Identification,
    intended_purpose: Option<String>,
    #[serde(default)]
    foreseeable_use: Option<String>,
    #[serde(default)]
    foreseeable_misuse: Option<String>,
    #[serde(default)]
    conditions_of_use: Option<String>,
    #[serde(default)]
    operational_environment: Option<String>,
    #[serde(default)]
    assets: Vec<String>,
    #[serde(default)]
    expected_time_in_use: Option<RawTimeInUse>,
    #[serde(default)]
    core_functionality: Option<RawCore>,
    #[serde(default)]
    component_types: Vec<Spanned<String>>,
    #[serde(default)]
    capabilities: Vec<Spanned<String>>,
    #[serde(default)]
    uses: Vec<String>,
    #[serde(default)]
    support_period: Option<RawSupport>,
    profile: Spanned<String>,
    #[serde(default)]
    sl_target: Option<Spanned<Vec<i64>>>,
    #[serde(default)]
    amendments: Vec<Spanned<String>>,
    #[serde(default)]
    standards: Vec<RawStandard>,
    #[serde(default)]
    evidence_dir: Option<String>,
    #[serde(default)]
    risk_assessment: Option<RawRiskAssessment>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    vulnerability_scan: Option<String>,
}

/// Manufacturer identification (Annex II (1)).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manufacturer {
    /// Name or registered trade name.
    pub name: String,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// E-mail or other digital contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Single point of contact for vulnerability reports (Annex II (2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerability_contact: Option<String>,
    /// Where the CVD policy is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvd_policy: Option<String>,
}

/// Product identification (Annex II (3); the identification the seed's PT3 table calls a gap).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Identification {
    /// Product name.
    pub name: String,
    /// Product type in words.
    #[serde(rename = "type")]
    pub product_type: String,
    /// Model / type designation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Version.
    pub version: String,
    /// Hardware identifiers (revision, part number).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hardware_ids: Vec<String>,
    /// Software identifiers (firmware build, image hash).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub software_ids: Vec<String>,
    /// CPE of the product, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpe: Option<String>,
    /// purl of the product, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeInUse {
    years: Spanned<i64>,
    #[serde(default)]
    justification: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCore {
    #[serde(default)]
    category: Option<Spanned<String>>,
    rationale: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSupport {
    start: Spanned<String>,
    end: Spanned<String>,
    #[serde(default)]
    justification: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandard {
    id: String,
    applied: Spanned<String>,
    #[serde(default)]
    harmonised: bool,
    #[serde(default)]
    parts: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRiskAssessment {
    document: String,
    #[serde(default)]
    updated: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    id: Spanned<String>,
    applicable: bool,
    #[serde(default)]
    justification: Option<String>,
}

/// How far a standard is applied (Annex VII (5), Art. 32(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applied {
    /// Applied in full.
    Full,
    /// Applied in part.
    Partial,
    /// Not applied.
    None,
}

/// A standard or specification the manufacturer applies.
#[derive(Debug, Clone, Serialize)]
pub struct Standard {
    /// Designation.
    pub id: String,
    /// How far.
    pub applied: Applied,
    /// Whether it is a harmonised standard cited in the OJ (or a common specification / EUCS).
    pub harmonised: bool,
    /// Which parts, when partial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts: Option<String>,
}

/// An applicability override: the manufacturer's own decision, always with a justification.
#[derive(Debug, Clone, Serialize)]
pub struct Override {
    /// Requirement or CRA item.
    pub id: RequirementId,
    /// The decision.
    pub applicable: bool,
    /// Why (Art. 13(4)).
    pub justification: String,
}

/// Support period (Art. 13(8)).
#[derive(Debug, Clone, Serialize)]
pub struct SupportPeriod {
    /// Start date.
    pub start: jiff::civil::Date,
    /// End date.
    pub end: jiff::civil::Date,
    /// Why this length (required when under five years).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// The expected time the product is in use (Art. 13(3)).
#[derive(Debug, Clone, Serialize)]
pub struct TimeInUse {
    /// Years.
    pub years: u32,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// The risk-assessment document (Art. 13(3)).
#[derive(Debug, Clone, Serialize)]
pub struct RiskAssessmentRef {
    /// File, relative to the product file.
    pub document: String,
    /// Last update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<jiff::civil::Date>,
}

/// A validated product description.
#[derive(Debug, Clone, Serialize)]
pub struct Product {
    /// Manufacturer.
    pub manufacturer: Manufacturer,
    /// Identification.
    pub product: Identification,
    /// Intended purpose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intended_purpose: Option<String>,
    /// Reasonably foreseeable use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreseeable_use: Option<String>,
    /// Reasonably foreseeable misuse.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreseeable_misuse: Option<String>,
    /// Conditions of use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conditions_of_use: Option<String>,
    /// Operational environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operational_environment: Option<String>,
    /// Assets to protect.
    pub assets: Vec<String>,
    /// Expected time in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_time_in_use: Option<TimeInUse>,
    /// Annex III/IV category of the core functionality, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<RequirementId>,
    /// Why that category (or none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_rationale: Option<String>,
    /// Component types; empty with `system` for a system.
    pub component_types: Vec<ComponentType>,
    /// Whether the product is a system (62443-3-3).
    pub system: bool,
    /// Declared technical capabilities.
    pub capabilities: Vec<String>,
    /// Intended-use tokens (`use:` conditions).
    pub uses: Vec<String>,
    /// Support period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_period: Option<SupportPeriod>,
    /// Profile ID.
    pub profile: String,
    /// SL-T override.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl_target: Option<[u8; 7]>,
    /// Amendments read.
    pub amendments: Vec<String>,
    /// Standards applied.
    pub standards: Vec<Standard>,
    /// Where evidence lives (relative to the product file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_dir: Option<String>,
    /// The risk assessment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_assessment: Option<RiskAssessmentRef>,
    /// Applicability overrides.
    pub overrides: Vec<Override>,
    /// A vulnerability scan result (JSON) feeding Annex I (2)(a), relative to the product file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vulnerability_scan: Option<String>,
    /// The product file.
    #[serde(skip)]
    pub path: PathBuf,
}

impl Product {
    /// The folder of the product file (evidence paths are relative to it).
    pub fn dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error<T>(&mut self, at: &Spanned<T>, field: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::at(
            self.file,
            self.text,
            at.referenced.line(),
            at.referenced.column(),
            Some(field.to_string()),
            message,
        ));
    }
}

fn closest<'a>(value: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    candidates
        .map(|c| (strsim::jaro_winkler(value, c), c))
        .filter(|(s, _)| *s > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

fn date(ctx: &mut Ctx<'_>, value: &Spanned<String>, field: &str) -> Option<jiff::civil::Date> {
    match value.value.parse::<jiff::civil::Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            ctx.error(
                value,
                field,
                format!("expected an ISO date YYYY-MM-DD, found `{}`", value.value),
            );
            None
        }
    }
}

/// Reads and validates a product file. `capabilities` is the vocabulary, `profiles` the known
/// profile IDs.
pub fn load_product(
    path: &Path,
    catalog: &Catalog,
    capabilities: &[String],
    profiles: &[String],
) -> Result<Product, Diagnostics> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostics(vec![Diagnostic::file(
            &name,
            format!("cannot read product file: {e}"),
        )])
    })?;
    parse_product(&name, &text, path, catalog, capabilities, profiles)
}

/// Parses product text (see [`load_product`]).
pub fn parse_product(
    name: &str,
    text: &str,
    path: &Path,
    catalog: &Catalog,
    capabilities: &[String],
    profiles: &[String],
) -> Result<Product, Diagnostics> {
    let raw: RawProduct = serde_saphyr::from_str(text).map_err(|error| {
        Diagnostics(vec![Diagnostic::yaml(
            name,
            text,
            &error,
            "not a valid product file",
        )])
    })?;
    let mut ctx = Ctx {
        file: name,
        text,
        diagnostics: Vec::new(),
    };
    if raw.schema.value != PRODUCT_SCHEMA {
        ctx.error(
            &raw.schema,
            "schema",
            format!("expected `{PRODUCT_SCHEMA}`, found `{}`", raw.schema.value),
        );
    }
    let mut component_types = Vec::new();
    let mut system = false;
    for (i, t) in raw.component_types.iter().enumerate() {
        if t.value == "system" {
            system = true;
            continue;
        }
        match t.value.parse::<ComponentType>() {
            Ok(ct) if ct.prefix() == t.value => component_types.push(ct),
            _ => ctx.error(
                t,
                &format!("component_types[{i}]"),
                format!(
                    "unknown component type `{}`: expected SAR, EDR, HDR, NDR or system",
                    t.value
                ),
            ),
        }
    }
    if raw.component_types.is_empty() {
        ctx.diagnostics.push(Diagnostic::file(
            name,
            "`component_types` is missing: list SAR, EDR, HDR, NDR or `system`",
        ));
    }
    let mut caps = Vec::new();
    for (i, c) in raw.capabilities.iter().enumerate() {
        if capabilities.contains(&c.value) {
            caps.push(c.value.clone());
        } else {
            let hint = closest(&c.value, capabilities.iter().map(String::as_str));
            ctx.error(
                c,
                &format!("capabilities[{i}]"),
                format!(
                    "unknown capability `{}`{hint} (vocabulary: data/vocabulary/capabilities.yaml)",
                    c.value
                ),
            );
        }
    }
    if !profiles.contains(&raw.profile.value) {
        let hint = closest(&raw.profile.value, profiles.iter().map(String::as_str));
        ctx.error(
            &raw.profile,
            "profile",
            format!(
                "unknown profile `{}`{hint}; known: {}",
                raw.profile.value,
                profiles.join(", ")
            ),
        );
    }
    let mut category = None;
    let mut category_rationale = None;
    if let Some(core) = &raw.core_functionality {
        category_rationale = Some(core.rationale.clone());
        if let Some(cat) = &core.category {
            match catalog.get(&cat.value) {
                Some(e) if e.kind == Kind::Category => category = Some(e.id.clone()),
                Some(e) => ctx.error(
                    cat,
                    "core_functionality.category",
                    format!("`{}` is not an Annex III/IV category", e.id),
                ),
                None => {
                    let hint = closest(
                        &cat.value,
                        catalog
                            .entries()
                            .iter()
                            .filter(|e| e.kind == Kind::Category)
                            .map(|e| e.id.as_str()),
                    );
                    ctx.error(
                        cat,
                        "core_functionality.category",
                        format!("unknown category `{}`{hint}", cat.value),
                    );
                }
            }
        }
    }
    let support_period = raw.support_period.as_ref().and_then(|s| {
        let start = date(&mut ctx, &s.start, "support_period.start");
        let end = date(&mut ctx, &s.end, "support_period.end");
        match (start, end) {
            (Some(start), Some(end)) => {
                if end <= start {
                    ctx.error(
                        &s.end,
                        "support_period.end",
                        "the end of the support period must be after its start",
                    );
                }
                Some(SupportPeriod {
                    start,
                    end,
                    justification: s.justification.clone(),
                })
            }
            _ => None,
        }
    });
    let expected_time_in_use = raw.expected_time_in_use.as_ref().and_then(|t| {
        if (1..=100).contains(&t.years.value) {
            Some(TimeInUse {
                years: u32::try_from(t.years.value).unwrap_or(1),
                justification: t.justification.clone(),
            })
        } else {
            ctx.error(
                &t.years,
                "expected_time_in_use.years",
                format!("expected 1-100 years, found {}", t.years.value),
            );
            None
        }
    });
    let sl_target = raw.sl_target.as_ref().and_then(|v| {
        if v.value.len() == 7 && v.value.iter().all(|x| (0..=4).contains(x)) {
            let mut out = [0u8; 7];
            for (i, x) in v.value.iter().enumerate() {
                out[i] = u8::try_from(*x).unwrap_or(0);
            }
            Some(out)
        } else {
            ctx.error(
                v,
                "sl_target",
                format!("expected 7 levels 0-4 (FR 1 … FR 7), found {:?}", v.value),
            );
            None
        }
    });
    let mut amendments = Vec::new();
    for (i, a) in raw.amendments.iter().enumerate() {
        if catalog.is_amendment(&a.value) {
            amendments.push(a.value.clone());
        } else {
            ctx.error(
                a,
                &format!("amendments[{i}]"),
                format!("unknown amendment `{}`: expected e.g. `a11`", a.value),
            );
        }
    }
    let mut standards = Vec::new();
    for (i, s) in raw.standards.iter().enumerate() {
        let applied = match s.applied.value.as_str() {
            "full" => Applied::Full,
            "partial" => Applied::Partial,
            "none" => Applied::None,
            other => {
                ctx.error(
                    &s.applied,
                    &format!("standards[{i}].applied"),
                    format!("expected `full`, `partial` or `none`, found `{other}`"),
                );
                continue;
            }
        };
        standards.push(Standard {
            id: s.id.clone(),
            applied,
            harmonised: s.harmonised,
            parts: s.parts.clone(),
        });
    }
    let risk_assessment = raw.risk_assessment.as_ref().map(|r| RiskAssessmentRef {
        document: r.document.clone(),
        updated: r
            .updated
            .as_ref()
            .and_then(|u| date(&mut ctx, u, "risk_assessment.updated")),
    });
    let mut overrides = Vec::new();
    for (i, o) in raw.overrides.iter().enumerate() {
        let field = format!("overrides[{i}]");
        let id = match catalog.resolve(&o.id.value) {
            Ok(r) => r.id.clone(),
            Err(e) => {
                ctx.error(&o.id, &format!("{field}.id"), e.to_string());
                continue;
            }
        };
        match &o.justification {
            Some(j) if !j.trim().is_empty() => overrides.push(Override { id, applicable: o.applicable, justification: j.trim().to_string() }),
            _ => ctx.error(
                &o.id,
                &format!("{field}.justification"),
                format!("an applicability override of `{id}` needs a justification (Art. 13(4): every essential requirement deemed not applicable needs a clear justification)"),
            ),
        }
    }
    if !ctx.diagnostics.is_empty() {
        return Err(Diagnostics(ctx.diagnostics));
    }
    Ok(Product {
        manufacturer: raw.manufacturer,
        product: raw.product,
        intended_purpose: raw.intended_purpose,
        foreseeable_use: raw.foreseeable_use,
        foreseeable_misuse: raw.foreseeable_misuse,
        conditions_of_use: raw.conditions_of_use,
        operational_environment: raw.operational_environment,
        assets: raw.assets,
        expected_time_in_use,
        category,
        category_rationale,
        component_types,
        system,
        capabilities: caps,
        uses: raw.uses,
        support_period,
        profile: raw.profile.value,
        sl_target,
        amendments,
        standards,
        evidence_dir: raw.evidence_dir,
        risk_assessment,
        overrides,
        vulnerability_scan: raw.vulnerability_scan,
        path: path.to_path_buf(),
    })
}
