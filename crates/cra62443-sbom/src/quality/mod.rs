//! SBOM quality per BSI TR-03183-2 (v2.0 and v2.1) and the CRA minimum of Annex I Part II (1).
//!
//! The rules are data: `data/tr-03183-2.yaml` (embedded) lists each rule with its TR versions and
//! obligations, level, field, an own-words description, the model field that satisfies it and the
//! name of the evaluator in this module. [`check`] evaluates the bundled rules; [`check_with`]
//! takes a [`RuleSet`] of your own (same format, [`RuleSet::from_yaml`]).
//!
//! Format conformance (the spec version a TR version accepts, JSON or XML) is reported apart from
//! field gaps, in [`QualityReport::format_conformant`]. MUST and SHOULD rules count towards the
//! summary and score; MAY rules are reported but only counted as `informational`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize, Serializer};

use crate::model::{
    BSI_ARCHIVE, BSI_EXECUTABLE, BSI_STRUCTURED, Completeness, Component, Dependency, Encoding,
    Format, Sbom,
};

/// The rule file embedded in the library.
pub const BUNDLED_RULES: &str = include_str!("../../data/tr-03183-2.yaml");

/// The schema tag a rule file must carry.
pub const RULES_SCHEMA: &str = "cra62443/sbom-quality-rules/v1";

/// How many component names a failing component rule lists in its detail.
const NAMES_SHOWN: usize = 5;

/// A version of BSI TR-03183-2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum TrVersion {
    /// v2.0.0 (2024-09-20).
    #[value(name = "2.0")]
    V2_0,
    /// v2.1.0 (2025-08-20), the current one.
    #[value(name = "2.1")]
    V2_1,
}

impl TrVersion {
    /// `"2.0"` or `"2.1"`.
    pub fn as_str(self) -> &'static str {
        match self {
            TrVersion::V2_0 => "2.0",
            TrVersion::V2_1 => "2.1",
        }
    }
}

impl fmt::Display for TrVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TrVersion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().trim_start_matches('v') {
            "2.0" | "2.0.0" => Ok(TrVersion::V2_0),
            "2.1" | "2.1.0" => Ok(TrVersion::V2_1),
            other => Err(format!(
                "unknown TR-03183-2 version {other:?} (known: 2.0, 2.1)"
            )),
        }
    }
}

impl Serialize for TrVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Whether a rule is about the document or about every component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Evaluated once for the SBOM.
    Document,
    /// Evaluated for every component.
    Component,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Document => "document",
            Level::Component => "component",
        })
    }
}

/// How binding a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Obligation {
    /// Required.
    Must,
    /// Recommended ("additional" fields of v2.0).
    Should,
    /// Optional.
    May,
}

impl fmt::Display for Obligation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Obligation::Must => "MUST",
            Obligation::Should => "SHOULD",
            Obligation::May => "MAY",
        })
    }
}

/// The evaluators a rule can name (`check:` in the rule file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Document: an SBOM creator with e-mail or URL.
    SbomCreatorContact,
    /// Document: an RFC 3339 timestamp.
    Timestamp,
    /// Document: serial number or namespace.
    SbomUri,
    /// Document: a primary component.
    PrimaryComponent,
    /// Document: no vulnerability entries.
    NoVulnerabilities,
    /// Document: an embedded signature.
    Signature,
    /// Document: CRA top-level dependencies of the primary component.
    CraTopLevelDependencies,
    /// Component: creator with e-mail or URL.
    ComponentCreatorContact,
    /// Component: name.
    ComponentName,
    /// Component: version.
    ComponentVersion,
    /// Component: file name without a path.
    FileName,
    /// Component: dependency entry and completeness.
    DependenciesWithCompleteness,
    /// Component: concluded licence.
    DistributionLicence,
    /// Component: a SHA-512 hash anywhere.
    Sha512,
    /// Component: a SHA-512 hash on a distribution reference.
    Sha512Distribution,
    /// Component: `bsi:component:executable`.
    ExecutableProperty,
    /// Component: `bsi:component:archive`.
    ArchiveProperty,
    /// Component: `bsi:component:structured`.
    StructuredProperty,
    /// Component: a source-code reference.
    SourceUri,
    /// Component: a distribution reference.
    DeployableUri,
    /// Component: purl, CPE or SWID.
    UniqueIdentifier,
    /// Component: declared licence.
    DeclaredLicence,
    /// Component: effective licence property.
    EffectiveLicence,
    /// Component: hash of the source.
    SourceHash,
    /// Component: security.txt reference.
    SecurityTxtUrl,
}

impl Check {
    fn level(self) -> Level {
        match self {
            Check::SbomCreatorContact
            | Check::Timestamp
            | Check::SbomUri
            | Check::PrimaryComponent
            | Check::NoVulnerabilities
            | Check::Signature
            | Check::CraTopLevelDependencies => Level::Document,
            _ => Level::Component,
        }
    }
}

/// One rule of the rule file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable rule ID.
    pub id: String,
    /// Document or component rule.
    pub level: Level,
    /// Obligation per TR version (`"2.0"`, `"2.1"`); absent versions skip the rule.
    pub obligations: BTreeMap<String, Obligation>,
    /// The TR field.
    pub field: String,
    /// What is required, in own words.
    pub description: String,
    /// Which model field(s) satisfy the rule.
    pub model_field: String,
    /// The evaluator.
    pub check: Check,
    /// The cra62443 catalogue entry this rule implements, if any.
    #[serde(default)]
    pub catalog_id: Option<String>,
    /// Caveats.
    #[serde(default)]
    pub note: Option<String>,
}

/// The spec versions one TR version accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatRequirement {
    /// TR version (`"2.0"`, `"2.1"`).
    pub tr: String,
    /// Lowest CycloneDX version accepted.
    pub cyclonedx: String,
    /// Lowest SPDX version accepted.
    pub spdx: String,
}

/// A set of quality rules (the bundled file or one of your own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Must be [`RULES_SCHEMA`].
    pub schema: String,
    /// Where the rules come from.
    pub source: String,
    /// Format requirements per TR version.
    pub formats: Vec<FormatRequirement>,
    /// The rules, in report order.
    pub rules: Vec<Rule>,
}

/// Why a rule file was refused.
#[derive(Debug, thiserror::Error)]
#[error("rule file: {0}")]
pub struct RulesError(String);

impl RuleSet {
    /// The rules embedded in the library (`data/tr-03183-2.yaml`).
    pub fn bundled() -> &'static RuleSet {
        static RULES: OnceLock<RuleSet> = OnceLock::new();
        RULES.get_or_init(|| {
            // The bundled file is validated by the crate's tests; failing here is a build defect.
            RuleSet::from_yaml(BUNDLED_RULES).expect("bundled data/tr-03183-2.yaml is valid")
        })
    }

    /// Parses and validates a rule file.
    pub fn from_yaml(text: &str) -> Result<RuleSet, RulesError> {
        let set: RuleSet = serde_saphyr::from_str(text).map_err(|e| RulesError(e.to_string()))?;
        if set.schema != RULES_SCHEMA {
            return Err(RulesError(format!(
                "schema is {:?}, expected {RULES_SCHEMA:?}",
                set.schema
            )));
        }
        for v in [TrVersion::V2_0, TrVersion::V2_1] {
            let f = set
                .formats
                .iter()
                .find(|f| f.tr == v.as_str())
                .ok_or_else(|| RulesError(format!("no format requirement for TR {v}")))?;
            if parse_version(&f.cyclonedx).is_none() || parse_version(&f.spdx).is_none() {
                return Err(RulesError(format!(
                    "format requirement for TR {v} has a version that is not dotted numbers"
                )));
            }
        }
        let mut ids = HashSet::new();
        for r in &set.rules {
            if !ids.insert(r.id.as_str()) {
                return Err(RulesError(format!("duplicate rule id {:?}", r.id)));
            }
            if r.obligations.is_empty() {
                return Err(RulesError(format!("rule {:?} has no obligations", r.id)));
            }
            for k in r.obligations.keys() {
                k.parse::<TrVersion>()
                    .map_err(|e| RulesError(format!("rule {:?}: {e}", r.id)))?;
            }
            if r.check.level() != r.level {
                return Err(RulesError(format!(
                    "rule {:?}: check {:?} is a {} check but the rule is level {}",
                    r.id,
                    r.check,
                    r.check.level(),
                    r.level
                )));
            }
        }
        Ok(set)
    }

    /// The rules that apply to a TR version, with their obligation.
    pub fn for_version(&self, tr: TrVersion) -> impl Iterator<Item = (&Rule, Obligation)> {
        self.rules
            .iter()
            .filter_map(move |r| Some((r, *r.obligations.get(tr.as_str())?)))
    }
}

/// The result of one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    /// Rule ID.
    pub id: String,
    /// Document or component rule.
    pub level: Level,
    /// Obligation under the TR version checked.
    pub obligation: Obligation,
    /// Whether the SBOM meets it (for component rules: every component does).
    pub passed: bool,
    /// What was found: for failed component rules the count, the reasons and the first few
    /// component names.
    pub detail: String,
    /// The TR field.
    pub field: String,
    /// Catalogue ID the rule implements, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog_id: Option<String>,
    /// For component rules: how many components fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_components: Option<usize>,
}

/// Counts over the rule results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// MUST and SHOULD rules passed.
    pub passed: usize,
    /// MUST and SHOULD rules failed.
    pub failed: usize,
    /// MUST rules failed.
    pub failed_must: usize,
    /// SHOULD rules failed.
    pub failed_should: usize,
    /// MAY rules evaluated (not in `passed`/`failed`).
    pub informational: usize,
    /// `passed / (passed + failed)` in percent, one decimal.
    pub score_percent: f64,
    /// Number of components the component rules looked at.
    pub components_checked: usize,
}

/// The result of checking an SBOM against one TR version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityReport {
    /// The TR version checked.
    pub tr_version: TrVersion,
    /// Whether the format and spec version are ones the TR version accepts (JSON or XML,
    /// CycloneDX ≥ 1.5 / SPDX ≥ 2.2.1 for v2.0; CycloneDX ≥ 1.6 / SPDX ≥ 3.0.1 for v2.1).
    pub format_conformant: bool,
    /// Why the format is or is not conformant.
    pub format_detail: String,
    /// One result per applicable rule, in rule-file order.
    pub rules: Vec<RuleResult>,
    /// Counts.
    pub summary: Summary,
}

impl QualityReport {
    /// Whether any rule of this obligation failed.
    pub fn any_failed(&self, obligation: Obligation) -> bool {
        self.rules
            .iter()
            .any(|r| r.obligation == obligation && !r.passed)
    }
}

/// Checks an SBOM against the bundled rules for a TR version.
pub fn check(sbom: &Sbom, tr: TrVersion) -> QualityReport {
    check_with(sbom, tr, RuleSet::bundled())
}

/// Checks an SBOM against a rule set for a TR version.
pub fn check_with(sbom: &Sbom, tr: TrVersion, rules: &RuleSet) -> QualityReport {
    let (format_conformant, format_detail) = format_conformance(sbom, tr, rules);
    let ctx = Context::new(sbom);
    let mut results = Vec::new();
    for (rule, obligation) in rules.for_version(tr) {
        let (passed, detail, failed_components) = match rule.level {
            Level::Document => {
                let (p, d) = ctx.document(rule.check);
                (p, d, None)
            }
            Level::Component => ctx.components(rule.check),
        };
        results.push(RuleResult {
            id: rule.id.clone(),
            level: rule.level,
            obligation,
            passed,
            detail,
            field: rule.field.clone(),
            catalog_id: rule.catalog_id.clone(),
            failed_components,
        });
    }
    let counted = results.iter().filter(|r| r.obligation != Obligation::May);
    let passed = counted.clone().filter(|r| r.passed).count();
    let failed = counted.clone().filter(|r| !r.passed).count();
    let failed_must = results
        .iter()
        .filter(|r| r.obligation == Obligation::Must && !r.passed)
        .count();
    let score = if passed + failed == 0 {
        100.0
    } else {
        (passed as f64 * 1000.0 / (passed + failed) as f64).round() / 10.0
    };
    QualityReport {
        tr_version: tr,
        format_conformant,
        format_detail,
        summary: Summary {
            passed,
            failed,
            failed_must,
            failed_should: failed - failed_must,
            informational: results.len() - passed - failed,
            score_percent: score,
            components_checked: sbom.components.len(),
        },
        rules: results,
    }
}

/// Dotted numeric version, e.g. `"2.2.1"` → `[2, 2, 1]`.
fn parse_version(v: &str) -> Option<Vec<u32>> {
    v.trim()
        .trim_start_matches("SPDX-")
        .split('.')
        .map(|p| p.parse().ok())
        .collect()
}

/// Whether `have` is at least `need`. A version with fewer parts stands for every patch level
/// of itself (SPDX 2.2 documents cannot say whether they follow 2.2.1 or 2.2.2).
fn at_least(have: &[u32], need: &[u32]) -> (bool, bool) {
    for (i, n) in need.iter().enumerate() {
        match have.get(i) {
            None => return (true, true),
            Some(h) if h > n => return (true, false),
            Some(h) if h < n => return (false, false),
            _ => {}
        }
    }
    (true, false)
}

fn format_conformance(sbom: &Sbom, tr: TrVersion, rules: &RuleSet) -> (bool, String) {
    let Some(req) = rules.formats.iter().find(|f| f.tr == tr.as_str()) else {
        return (
            false,
            format!("the rule set has no format requirement for TR {tr}"),
        );
    };
    let family = match sbom.format {
        Format::CycloneDx => "CycloneDX",
        Format::Spdx2 | Format::Spdx3 => "SPDX",
    };
    let need = match sbom.format {
        Format::CycloneDx => &req.cyclonedx,
        _ => &req.spdx,
    };
    let needs = format!(
        "TR-03183-2 v{tr} accepts CycloneDX ≥ {} or SPDX ≥ {} in JSON or XML",
        req.cyclonedx, req.spdx
    );
    if sbom.encoding == Encoding::TagValue {
        return (
            false,
            format!(
                "{family} {} tag-value is neither JSON nor XML; {needs}",
                sbom.spec_version
            ),
        );
    }
    let (Some(have), Some(need_v)) = (parse_version(&sbom.spec_version), parse_version(need))
    else {
        return (
            false,
            format!(
                "{family} version {:?} is not understood; {needs}",
                sbom.spec_version
            ),
        );
    };
    let (ok, assumed_patch) = at_least(&have, &need_v);
    let mut detail = format!(
        "{family} {} {}: {}",
        sbom.spec_version,
        sbom.encoding,
        if ok { "accepted" } else { "not accepted" }
    );
    detail.push_str(&format!(" ({needs})"));
    if ok && assumed_patch {
        detail.push_str(&format!(
            "; the document does not state a patch level, taken as meeting {need}"
        ));
    }
    (ok, detail)
}

/// Indexes built once per check.
struct Context<'a> {
    sbom: &'a Sbom,
    deps: HashMap<&'a str, &'a Dependency>,
    refs: HashSet<&'a str>,
}

fn label(c: &Component) -> String {
    let name = if c.name.is_empty() {
        c.bom_ref.as_str()
    } else {
        c.name.as_str()
    };
    match &c.version {
        Some(v) => format!("{name} {v}"),
        None => name.to_string(),
    }
}

fn has_sha512(hashes: &[crate::model::Hash]) -> bool {
    hashes.iter().any(|h| h.is_sha512())
}

const DISTRIBUTION: &[&str] = &["distribution", "distribution-intake"];
const SOURCE: &[&str] = &["vcs", "source-distribution"];

impl<'a> Context<'a> {
    fn new(sbom: &'a Sbom) -> Self {
        let mut deps = HashMap::new();
        for d in &sbom.dependencies {
            deps.entry(d.bom_ref.as_str()).or_insert(d);
        }
        Context {
            sbom,
            deps,
            refs: sbom.components.iter().map(|c| c.bom_ref.as_str()).collect(),
        }
    }

    fn document(&self, check: Check) -> (bool, String) {
        let m = &self.sbom.metadata;
        match check {
            Check::SbomCreatorContact => {
                let parties: Vec<_> = m
                    .creators
                    .iter()
                    .chain(&m.authors)
                    .chain(m.supplier.iter())
                    .collect();
                match parties.iter().find(|p| p.has_contact()) {
                    Some(p) => (
                        true,
                        format!(
                            "SBOM creator {} with {}",
                            p.label(),
                            p.email.as_deref().or(p.url.as_deref()).unwrap_or_default()
                        ),
                    ),
                    None if parties.is_empty() => (false, "no SBOM creator is named".into()),
                    None => (
                        false,
                        format!(
                            "SBOM creator named ({}) but without e-mail address or URL",
                            parties
                                .iter()
                                .map(|p| p.label())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                }
            }
            Check::Timestamp => match m.timestamp.as_deref() {
                None => (false, "no creation timestamp".into()),
                Some(t) => match t.parse::<jiff::Timestamp>() {
                    Ok(_) => (true, format!("created {t}")),
                    Err(_) => (false, format!("timestamp {t:?} is not RFC 3339")),
                },
            },
            Check::SbomUri => match m.sbom_uri() {
                Some(u) => (true, format!("SBOM-URI {u}")),
                None => (false, "no serial number or document namespace".into()),
            },
            Check::PrimaryComponent => match self.sbom.primary_component() {
                Some(p) => (true, format!("primary component {}", label(p))),
                None => (false, "no primary component".into()),
            },
            Check::NoVulnerabilities => match self.sbom.vulnerabilities {
                0 => (true, "no vulnerability entries".into()),
                n => (
                    false,
                    format!("{n} vulnerability entries; move them to a VEX or CSAF document"),
                ),
            },
            Check::Signature => {
                if m.signed {
                    (true, "embedded signature present".into())
                } else {
                    (false, "no embedded signature".into())
                }
            }
            Check::CraTopLevelDependencies => self.cra_top_level(),
            _ => (false, format!("{check:?} is not a document check")),
        }
    }

    fn cra_top_level(&self) -> (bool, String) {
        let Some(p) = self.sbom.primary_component() else {
            return (
                false,
                "no primary component, so its top-level dependencies cannot be identified".into(),
            );
        };
        let name = label(p);
        let Some(d) = self.deps.get(p.bom_ref.as_str()) else {
            return (
                false,
                format!("primary component {name} has no dependency entry"),
            );
        };
        if d.depends_on.is_empty() {
            return if p.dependency_completeness == Some(Completeness::Complete) {
                (
                    true,
                    format!("primary component {name} states that it has no dependencies"),
                )
            } else {
                (
                    false,
                    format!(
                        "primary component {name} lists no dependencies and does not state that \
                         the list is complete"
                    ),
                )
            };
        }
        let missing: Vec<&str> = d
            .depends_on
            .iter()
            .map(String::as_str)
            .filter(|r| !self.refs.contains(r))
            .collect();
        if missing.is_empty() {
            (
                true,
                format!(
                    "primary component {name} lists {}, all described in the SBOM",
                    plural(
                        d.depends_on.len(),
                        "top-level dependency",
                        "top-level dependencies"
                    )
                ),
            )
        } else {
            (
                false,
                format!(
                    "primary component {name} lists {}, {} not described in the SBOM: {}",
                    plural(
                        d.depends_on.len(),
                        "top-level dependency",
                        "top-level dependencies"
                    ),
                    missing.len(),
                    shorten(&missing)
                ),
            )
        }
    }

    /// Evaluates a component check on every component.
    fn components(&self, check: Check) -> (bool, String, Option<usize>) {
        let total = self.sbom.components.len();
        if total == 0 {
            return (false, "the SBOM lists no components".into(), Some(0));
        }
        let mut reasons: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut failed = 0;
        for c in &self.sbom.components {
            if let Err(reason) = self.component(check, c) {
                failed += 1;
                *reasons.entry(reason).or_default() += 1;
                if names.len() < NAMES_SHOWN {
                    names.push(label(c));
                }
            }
        }
        if failed == 0 {
            return (true, format!("all {total} components pass"), Some(0));
        }
        let reasons = reasons
            .iter()
            .map(|(r, n)| format!("{r}: {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let more = if failed > names.len() {
            format!(" (+{} more)", failed - names.len())
        } else {
            String::new()
        };
        (
            false,
            format!(
                "{failed} of {total} components fail ({reasons}); {}{more}",
                names.join(", ")
            ),
            Some(failed),
        )
    }

    fn component(&self, check: Check, c: &Component) -> Result<(), &'static str> {
        let ok = |cond: bool, reason: &'static str| if cond { Ok(()) } else { Err(reason) };
        match check {
            Check::ComponentCreatorContact => {
                if c.creators().any(|p| p.has_contact()) {
                    Ok(())
                } else if c.creators().next().is_some() {
                    Err("creator without e-mail or URL")
                } else {
                    Err("no creator")
                }
            }
            Check::ComponentName => ok(!c.name.trim().is_empty(), "no name"),
            Check::ComponentVersion => ok(
                c.version.as_deref().is_some_and(|v| !v.trim().is_empty()),
                "no version",
            ),
            Check::FileName => match c.file_name.as_deref().map(str::trim) {
                None | Some("") => Err("no file name"),
                Some(f) if f.contains('/') || f.contains('\\') => Err("file name with a path"),
                Some(_) => Ok(()),
            },
            Check::DependenciesWithCompleteness => {
                if !self.deps.contains_key(c.bom_ref.as_str()) {
                    Err("no dependency entry")
                } else if c.dependency_completeness.is_none() {
                    Err("completeness not stated")
                } else {
                    Ok(())
                }
            }
            Check::DistributionLicence => licence(c.licenses.concluded.as_deref()),
            Check::DeclaredLicence => licence(c.licenses.declared.as_deref()),
            Check::Sha512 => ok(
                has_sha512(&c.hashes) || c.refs_of(DISTRIBUTION).any(|r| has_sha512(&r.hashes)),
                "no SHA-512 hash",
            ),
            Check::Sha512Distribution => {
                let on_distribution = c.refs_of(DISTRIBUTION).any(|r| has_sha512(&r.hashes));
                // SPDX has no hashes on download locations: the package's own hash counts.
                let spdx_own = self.sbom.format != Format::CycloneDx && has_sha512(&c.hashes);
                if on_distribution || spdx_own {
                    Ok(())
                } else if has_sha512(&c.hashes) {
                    Err("SHA-512 not on a distribution reference")
                } else {
                    Err("no SHA-512 hash")
                }
            }
            Check::ExecutableProperty => property(c, BSI_EXECUTABLE),
            Check::ArchiveProperty => property(c, BSI_ARCHIVE),
            Check::StructuredProperty => property(c, BSI_STRUCTURED),
            Check::SourceUri => ok(c.refs_of(SOURCE).next().is_some(), "no source reference"),
            Check::DeployableUri => ok(
                c.refs_of(DISTRIBUTION).next().is_some(),
                "no distribution reference",
            ),
            Check::UniqueIdentifier => {
                let purl_ok = c
                    .purl
                    .as_deref()
                    .is_some_and(|p| packageurl::PackageUrl::from_str(p).is_ok());
                let cpe_ok = c
                    .cpes
                    .iter()
                    .any(|p| p.starts_with("cpe:2.3:") || p.starts_with("cpe:/"));
                let swid_ok = c.swid.as_deref().is_some_and(|s| !s.trim().is_empty());
                if purl_ok || cpe_ok || swid_ok {
                    Ok(())
                } else if c.purl.is_some() || !c.cpes.is_empty() {
                    Err("identifier not valid purl or CPE syntax")
                } else {
                    Err("no purl, CPE or SWID")
                }
            }
            Check::EffectiveLicence => ok(
                c.property("bsi:component:effectiveLicense").is_some(),
                "no effective licence",
            ),
            Check::SourceHash => ok(
                c.refs_of(SOURCE).any(|r| !r.hashes.is_empty()),
                "no source hash",
            ),
            Check::SecurityTxtUrl => ok(
                c.refs_of(&["rfc-9116"]).next().is_some(),
                "no security.txt reference",
            ),
            _ => Err("not a component check"),
        }
    }
}

fn licence(expr: Option<&str>) -> Result<(), &'static str> {
    match expr.map(str::trim) {
        None | Some("") => Err("no licence"),
        Some(e) if e.eq_ignore_ascii_case("NOASSERTION") => Err("no licence"),
        Some(e) => {
            if spdx::Expression::parse_mode(e, spdx::ParseMode::LAX).is_ok() {
                Ok(())
            } else {
                Err("not an SPDX expression")
            }
        }
    }
}

fn property(c: &Component, name: &str) -> Result<(), &'static str> {
    match c.property(name).map(str::trim) {
        Some(v) if !v.is_empty() => Ok(()),
        _ => Err("property missing"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn shorten(items: &[&str]) -> String {
    let mut s = items
        .iter()
        .take(NAMES_SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > NAMES_SHOWN {
        s.push_str(&format!(" (+{} more)", items.len() - NAMES_SHOWN));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_load() {
        let rules = RuleSet::from_yaml(BUNDLED_RULES).unwrap();
        assert!(rules.rules.len() >= 20);
        assert!(
            rules
                .rules
                .iter()
                .any(|r| r.catalog_id.as_deref() == Some("cra:annex-i.p2.1"))
        );
    }

    #[test]
    fn versions_compare() {
        let v = |s| parse_version(s).unwrap();
        assert_eq!(at_least(&v("1.6"), &v("1.5")), (true, false));
        assert_eq!(at_least(&v("1.4"), &v("1.5")), (false, false));
        assert_eq!(at_least(&v("2.2"), &v("2.2.1")), (true, true));
        assert_eq!(at_least(&v("2.3"), &v("2.2.1")), (true, false));
        assert_eq!(at_least(&v("3.0.0"), &v("3.0.1")), (false, false));
        assert_eq!(at_least(&v("2.3"), &v("3.0.1")), (false, false));
    }

    #[test]
    fn rule_file_validation() {
        assert!(RuleSet::from_yaml("schema: x\nsource: y\nformats: []\nrules: []\n").is_err());
        let dup = BUNDLED_RULES.replace("id: tr-03183-2:timestamp", "id: tr-03183-2:sbom-creator");
        assert!(
            RuleSet::from_yaml(&dup)
                .unwrap_err()
                .to_string()
                .contains("duplicate")
        );
        let bad_check = BUNDLED_RULES.replace("check: timestamp", "check: no_such_check");
        assert!(RuleSet::from_yaml(&bad_check).is_err());
        let wrong_level = BUNDLED_RULES.replace("check: timestamp", "check: component_name");
        assert!(RuleSet::from_yaml(&wrong_level).is_err());
    }
}
