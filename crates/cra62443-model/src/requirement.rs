//! Catalogue documents and their entries, as the rest of cra62443 sees them after validation.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{ComponentType, RequirementId};

/// How sure we are of a fact (the tags of the project's reference notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// Verbatim legal text of Regulation (EU) 2024/2847.
    L,
    /// Confirmed in a primary document.
    P,
    /// Secondary sources only.
    S,
    /// Unconfirmed.
    U,
    /// Sources disagree (the entry's notes say how).
    D,
}

impl Confidence {
    /// A short explanation of the tag.
    pub fn describe(self) -> &'static str {
        match self {
            Self::L => "verbatim legal text",
            Self::P => "confirmed in a primary document",
            Self::S => "secondary sources only",
            Self::U => "unconfirmed",
            Self::D => "sources disagree",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self {
            Self::L => "L",
            Self::P => "P",
            Self::S => "S",
            Self::U => "U",
            Self::D => "D",
        };
        f.write_str(tag)
    }
}

/// The publication status of an edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EditionStatus {
    /// Published (and, for a standard, available for purchase).
    Published,
    /// A draft: structure and numbering may still change.
    Draft,
    /// No primary text was available; the content comes from secondary readings.
    SecondaryReading,
}

impl fmt::Display for EditionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Published => "published",
            Self::Draft => "draft",
            Self::SecondaryReading => "secondary reading",
        })
    }
}

/// Whether a document's entries may carry the source's own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextPolicy {
    /// EU legal text, which may be quoted.
    LegalText,
    /// A copyrighted standard: own-words summaries only.
    Summary,
}

/// What an entry of the catalogue is. A closed set: data with another kind is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A structural heading (FR, practice, annex, part, requirement group).
    Group,
    /// Introductory legal text of a list.
    Chapeau,
    /// A base requirement.
    Requirement,
    /// A requirement enhancement RE(n).
    Enhancement,
    /// A number that exists only through component-type variants (CR 3.10).
    Placeholder,
    /// A row stating that there is no component-level requirement (CR 2.3).
    NoComponentRequirement,
    /// A common component security constraint (CCSC).
    Constraint,
    /// Information the manufacturer must supply (Annex II, V, VII).
    InformationItem,
    /// An obligation of the manufacturer (Art. 13, Art. 14).
    Obligation,
    /// A product category (Annex III, Annex IV).
    Category,
    /// A clause of a draft standard.
    Clause,
    /// A security objective (EN 40000-1-4).
    Objective,
    /// A technical control (EN 40000-1-4).
    Control,
    /// A line of the standardisation request M/606.
    Line,
    /// A deliverable of an M/606 line.
    Deliverable,
}

impl Kind {
    /// All kinds, for help texts and validation messages.
    pub const ALL: [Kind; 15] = [
        Self::Group,
        Self::Chapeau,
        Self::Requirement,
        Self::Enhancement,
        Self::Placeholder,
        Self::NoComponentRequirement,
        Self::Constraint,
        Self::InformationItem,
        Self::Obligation,
        Self::Category,
        Self::Clause,
        Self::Objective,
        Self::Control,
        Self::Line,
        Self::Deliverable,
    ];

    /// The kebab-case name used in data files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Group => "group",
            Self::Chapeau => "chapeau",
            Self::Requirement => "requirement",
            Self::Enhancement => "enhancement",
            Self::Placeholder => "placeholder",
            Self::NoComponentRequirement => "no-component-requirement",
            Self::Constraint => "constraint",
            Self::InformationItem => "information-item",
            Self::Obligation => "obligation",
            Self::Category => "category",
            Self::Clause => "clause",
            Self::Objective => "objective",
            Self::Control => "control",
            Self::Line => "line",
            Self::Deliverable => "deliverable",
        }
    }

    /// Whether entries of this kind can be assessed (receive a verdict) unless the data says
    /// otherwise.
    pub fn assessable_by_default(self) -> bool {
        matches!(
            self,
            Self::Requirement
                | Self::Enhancement
                | Self::InformationItem
                | Self::Obligation
                | Self::Control
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One edition of a document (a publication, a draft, or an amendment of another edition).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edition {
    /// Token used by entries' `edition` (`2019`, `a11`).
    pub id: String,
    /// Full designation (`EN IEC 62443-4-2:2019/prAA:2026`).
    pub name: String,
    /// Publication status.
    pub status: EditionStatus,
    /// Whether entries without an explicit edition belong to this one.
    pub default: bool,
    /// The edition this one amends, if it is an amendment. Entries of an amendment are shown
    /// only when asked for (`--with-amendments`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
    /// Where the edition's facts come from and caveats (amendments).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A level definition (security level or maturity level) as the document describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelDefinition {
    /// The number 1-4.
    pub level: u8,
    /// Its name (`SL 2`, `ML 3 Defined (Practiced)`).
    pub name: String,
    /// Own-words description.
    pub summary: String,
}

/// A count that the source fixes, checked by `data check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedCount {
    /// The kind counted.
    pub kind: Kind,
    /// The edition counted (default edition if absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// The expected number of entries.
    pub count: usize,
    /// Where the number comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A date that matters for the CRA (application dates, deadlines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyDate {
    /// ISO date.
    pub date: String,
    /// What happens on that date.
    pub event: String,
    /// Legal basis (article).
    pub basis: String,
    /// Confidence of the fact.
    pub confidence: Confidence,
}

/// Which conformity-assessment procedures Article 32 allows for a class of product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConformityRoute {
    /// Product class: `default`, `important-class-i`, `important-class-ii`, `critical`,
    /// `foss-annex-iii`.
    pub class: String,
    /// Machine-readable condition: `always`, `harmonised-standards-in-full` or
    /// `harmonised-standards-not-in-full` (Art. 32(2) for Class I).
    pub applies_when: String,
    /// The condition under which this row applies.
    pub condition: String,
    /// Allowed procedures: `A`, `B+C`, `H`, `EUCS`.
    pub modules: Vec<String>,
    /// Legal basis.
    pub basis: String,
    /// Caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A document of the catalogue: the CRA, a standard, or M/606.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Document ID, the prefix of every global ID (`iec62443-4-2`).
    pub id: String,
    /// Full title.
    pub title: String,
    /// Short citation (`EN IEC 62443-4-2`).
    pub short: String,
    /// Publisher.
    pub publisher: String,
    /// Whether the entries may quote the source text.
    pub text_policy: TextPolicy,
    /// Default confidence.
    pub confidence: Confidence,
    /// Default source note.
    pub source: String,
    /// Free-text notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Editions; exactly one is the default.
    pub editions: Vec<Edition>,
    /// Level definitions (SL or ML), if the document has them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelDefinition>,
    /// Counts the source fixes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expected_counts: Vec<ExpectedCount>,
    /// Key dates (CRA).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub key_dates: Vec<KeyDate>,
    /// Conformity-assessment routes (CRA Art. 32).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conformity_routes: Vec<ConformityRoute>,
    /// Where the document was loaded from (`bundled:…` or a path).
    pub origin: String,
}

impl Document {
    /// The default edition.
    pub fn default_edition(&self) -> &Edition {
        self.editions
            .iter()
            .find(|e| e.default)
            .unwrap_or(&self.editions[0])
    }

    /// Looks up an edition by its token.
    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.id == id)
    }
}

/// One entry of the catalogue, validated. Its JSON form is the listing contract of
/// `catalog list --format json`: `id`, `ref`, `title`, `document` always; `sl`, `fr`,
/// `component_types`, `assessable`, `deadline`, `cra_anchor`, `text` where the source has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// Global stable ID.
    pub id: RequirementId,
    /// The reference as printed in the source (`NDR 3.10 RE(1)`).
    #[serde(rename = "ref")]
    pub reference: String,
    /// Title (a fact for standards; the exact name for CRA categories).
    pub title: String,
    /// The document ID.
    pub document: String,
    /// What the entry is.
    pub kind: Kind,
    /// Parent entry, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<RequirementId>,
    /// Foundational requirement 1-7.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fr: Option<u8>,
    /// IEC 62443-4-1 practice 1-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practice: Option<u8>,
    /// Security level at which the entry is first required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl: Option<u8>,
    /// Component types (empty for common requirements). Present for 62443-4-2 entries only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_types: Option<Vec<ComponentType>>,
    /// Whether the entry can receive a verdict.
    pub assessable: bool,
    /// Own-words summary.
    pub summary: String,
    /// Verbatim legal text (CRA only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Confidence tag.
    pub confidence: Confidence,
    /// Source note.
    pub source: String,
    /// Edition token the entry belongs to.
    pub edition: String,
    /// Set when the edition is an amendment (the amendment's edition token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amendment: Option<String>,
    /// Other printed forms of the reference.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Related entries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RequirementId>,
    /// ISO date (M/606 lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// The CRA entry an M/606 line serves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cra_anchor: Option<RequirementId>,
    /// Caveats and disagreements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Other facts.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Licensed full text from the user's overlay, if one is loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlay_text: Option<String>,
    /// Source of the overlay text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlay_source: Option<String>,
    /// What amendments do to this entry (modify or delete it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amended_by: Vec<AmendmentNote>,
}

/// What an amendment does to an existing entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmendmentNote {
    /// The amendment edition (`a11`).
    pub amendment: String,
    /// `modified` or `deleted`.
    pub action: AmendmentAction,
    /// What changes, in our own words.
    pub change: String,
    /// Confidence of the fact.
    pub confidence: Confidence,
    /// Source note.
    pub source: String,
}

/// The kind of change an amendment makes to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AmendmentAction {
    /// The entry stays, with a changed content.
    Modified,
    /// The entry no longer exists in the amended edition.
    Deleted,
}

impl Requirement {
    /// Whether one of the given amendments deletes this entry.
    pub fn deleted_by(&self, amendments: &[String]) -> Option<&AmendmentNote> {
        self.amended_by
            .iter()
            .find(|n| n.action == AmendmentAction::Deleted && amendments.contains(&n.amendment))
    }

    /// Whether a component of type `component_type` must meet this entry at all (ignoring
    /// levels): common requirements apply to every type, variants only to their own.
    pub fn applies_to_type(&self, component_type: ComponentType) -> bool {
        match &self.component_types {
            Some(types) => types.is_empty() || types.contains(&component_type),
            None => true,
        }
    }
}
