//! Security profiles per IEC TS 62443-1-5: a defined subset of IEC 62443 requirements,
//! contextually mapped to a product type, with target security levels.
//!
//! Profiles are data (`data/profiles/*.yaml`, format in `docs/profile-format.md`), validated
//! against the catalogue, resolved through their `extends` chain into a concrete list of
//! requirement IDs per component type, with the origin of every decision, and mapped to the CRA
//! through the crosswalk. The applicability conditions they carry ([`Condition`]) are evaluated
//! later against a product.

#![forbid(unsafe_code)]

mod condition;
mod profile;
mod resolve;

use std::path::Path;

use cra62443_catalog::{Catalog, Diagnostic, Diagnostics, SourceFile};
use serde::Deserialize;

pub use condition::{Condition, Facts};
pub use profile::{
    Context, PROFILE_SCHEMA, Profile, ProfileStatus, RiskEvaluation, Selection, SlOverride, Target,
    Threat,
};
pub use resolve::{
    Conflict, CraCoverage, Exclusion, ProfileDiff, ResolveError, Resolved, ResolvedRequirement,
    diff, resolve,
};

/// The schema tag of vocabulary files (`data/vocabulary/*.yaml`).
pub const VOCABULARY_SCHEMA: &str = "cra62443/vocabulary/v1";

/// One term of a vocabulary (e.g. a capability).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Token.
    pub id: String,
    /// Title.
    pub title: String,
    /// What it means.
    pub summary: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVocabulary {
    #[allow(dead_code)]
    schema: String,
    vocabulary: RawVocabularyHead,
    terms: Vec<Term>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVocabularyHead {
    id: String,
    #[allow(dead_code)]
    title: String,
}

/// All profiles, validated, plus the capability vocabulary they use.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    profiles: Vec<Profile>,
    capabilities: Vec<Term>,
}

impl Profiles {
    /// The bundled profiles.
    pub fn bundled(catalog: &Catalog) -> Result<Self, Diagnostics> {
        Self::from_sources(catalog, &cra62443_catalog::bundled_sources())
    }

    /// The bundled profiles with a user directory on top (same rules as the catalogue).
    pub fn with_user_dir(catalog: &Catalog, dir: &Path) -> Result<Self, Diagnostics> {
        Self::from_sources(catalog, &cra62443_catalog::merged_sources(dir)?)
    }

    /// Loads the capability vocabulary and every profile file among `sources`.
    pub fn from_sources(catalog: &Catalog, sources: &[SourceFile]) -> Result<Self, Diagnostics> {
        let mut diagnostics = Vec::new();
        let mut capabilities = Vec::new();
        for s in sources {
            if s.schema().as_deref() == Some(VOCABULARY_SCHEMA) {
                match serde_saphyr::from_str::<RawVocabulary>(&s.text) {
                    Ok(v) if v.vocabulary.id == "capabilities" => capabilities = v.terms,
                    Ok(_) => {}
                    Err(e) => diagnostics.push(Diagnostic::file(
                        &s.name,
                        format!(
                            "not a valid vocabulary file: {}",
                            e.to_string().lines().next().unwrap_or_default()
                        ),
                    )),
                }
            }
        }
        let names: Vec<String> = capabilities.iter().map(|t| t.id.clone()).collect();
        let mut profiles: Vec<Profile> = Vec::new();
        for s in sources
            .iter()
            .filter(|s| s.schema().as_deref() == Some(PROFILE_SCHEMA))
        {
            if let Some(p) = profile::parse_profile(catalog, &names, s, &mut diagnostics) {
                if let Some(first) = profiles.iter().find(|q| q.id == p.id) {
                    diagnostics.push(Diagnostic::file(
                        &s.name,
                        format!(
                            "profile `{}` is defined twice (also in {})",
                            p.id, first.file
                        ),
                    ));
                    continue;
                }
                profiles.push(p);
            }
        }
        let result = Self {
            profiles,
            capabilities,
        };
        // Every `extends` must name a profile, without cycles.
        for p in &result.profiles {
            if let Err(e) = resolve::check_conflicts(&result, &p.id) {
                diagnostics.push(Diagnostic::file(&p.file, e.to_string()));
            }
        }
        if diagnostics.is_empty() {
            Ok(result)
        } else {
            Err(Diagnostics(diagnostics))
        }
    }

    /// One profile.
    pub fn get(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }

    /// All profiles.
    pub fn all(&self) -> &[Profile] {
        &self.profiles
    }

    /// Profile IDs.
    pub fn ids(&self) -> Vec<String> {
        self.profiles.iter().map(|p| p.id.clone()).collect()
    }

    /// The capability vocabulary.
    pub fn capabilities(&self) -> &[Term] {
        &self.capabilities
    }
}
