//! CRA classification of a product and the conformity-assessment routes Article 32 allows.
//! The rules are data: the class of each Annex III/IV category (its `class` attribute), the
//! routes per class (`conformity_routes` of the CRA document) and the key dates.

use cra62443_catalog::Catalog;
use serde::Serialize;

use crate::product::{Applied, Product};

/// A conformity-assessment route.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// `module-a`, `module-b-c`, `module-h` or `eucc`.
    pub id: String,
    /// In words.
    pub name: String,
}

/// A date that matters.
#[derive(Debug, Clone, Serialize)]
pub struct DateItem {
    /// ISO date.
    pub date: String,
    /// What.
    pub event: String,
    /// Legal basis.
    pub basis: String,
    /// Whether the date is on or before the assessment date.
    pub in_force: bool,
}

/// The support-period check (Art. 13(8)).
#[derive(Debug, Clone, Serialize)]
pub struct SupportCheck {
    /// `ok`, `justified` (under five years because the expected use is shorter), `too-short`
    /// or `missing`.
    pub status: String,
    /// Length in whole years, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<f64>,
    /// Explanation with the legal basis.
    pub message: String,
}

/// The result of `classify` (the `classify --format json` contract: `class`, `annex_item`,
/// `routes`).
#[derive(Debug, Clone, Serialize)]
pub struct Classification {
    /// `default`, `important-class-i`, `important-class-ii` or `critical`.
    pub class: String,
    /// The Annex III/IV entry, if any.
    pub annex_item: Option<String>,
    /// Its exact name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annex_item_name: Option<String>,
    /// Its printed reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annex_item_ref: Option<String>,
    /// Allowed route IDs.
    pub routes: Vec<String>,
    /// Allowed routes in words.
    pub route_names: Vec<Route>,
    /// The Art. 32 row that applies, with its basis and notes.
    pub route_basis: String,
    /// Caveats of that row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_notes: Option<String>,
    /// Whether harmonised standards (or common specifications / EUCS) are applied in full.
    pub harmonised_standards_in_full: bool,
    /// Why the class.
    pub rationale: String,
    /// Dates that matter.
    pub dates: Vec<DateItem>,
    /// Support period check.
    pub support_period: SupportCheck,
}

fn route_token(module: &str) -> (&'static str, &'static str) {
    match module {
        "A" => ("module-a", "internal control (module A, Annex VIII Part I)"),
        "B+C" => (
            "module-b-c",
            "EU-type examination + conformity to type (modules B and C)",
        ),
        "H" => ("module-h", "full quality assurance (module H)"),
        _ => (
            "eucc",
            "European cybersecurity certification scheme (Art. 27(9))",
        ),
    }
}

/// Classifies a product.
pub fn classify(catalog: &Catalog, product: &Product, as_of: jiff::civil::Date) -> Classification {
    let item = product
        .category
        .as_ref()
        .and_then(|c| catalog.get(c.as_str()));
    let class = item
        .and_then(|i| i.attributes.get("class").cloned())
        .unwrap_or_else(|| "default".to_string());
    let in_full = product
        .standards
        .iter()
        .any(|s| s.harmonised && s.applied == Applied::Full);
    let cra = catalog.document("cra");
    let row = cra.and_then(|d| {
        d.conformity_routes.iter().find(|r| {
            r.class == class
                && match r.applies_when.as_str() {
                    "harmonised-standards-in-full" => in_full,
                    "harmonised-standards-not-in-full" => !in_full,
                    _ => true,
                }
        })
    });
    let (routes, route_names, basis, notes) = match row {
        Some(r) => {
            let mut ids = Vec::new();
            let mut names = Vec::new();
            for m in &r.modules {
                let (id, name) = route_token(m);
                ids.push(id.to_string());
                names.push(Route {
                    id: id.into(),
                    name: name.into(),
                });
            }
            (
                ids,
                names,
                format!("{} ({})", r.basis, r.condition),
                r.notes.clone(),
            )
        }
        None => (
            Vec::new(),
            Vec::new(),
            "no Art. 32 row in the data for this class".into(),
            None,
        ),
    };
    let rationale = match item {
        Some(i) => format!(
            "The product's core functionality is that of {} \"{}\" (Art. 7(1)); {}",
            i.reference,
            i.title,
            product.category_rationale.as_deref().unwrap_or("no rationale given")
        ),
        None => format!(
            "No Annex III/IV category declared as core functionality: a default product (Art. 7(1) applies only to the core functionality). {}",
            product.category_rationale.as_deref().unwrap_or("")
        )
        .trim()
        .to_string(),
    };
    let dates = cra
        .map(|d| {
            d.key_dates
                .iter()
                .filter(|k| {
                    k.basis.contains("71(2)")
                        || k.basis.contains("69(3)")
                        || k.basis.contains("69(1)")
                })
                .map(|k| DateItem {
                    date: k.date.clone(),
                    event: k.event.clone(),
                    basis: k.basis.clone(),
                    in_force: k
                        .date
                        .parse::<jiff::civil::Date>()
                        .is_ok_and(|d| d <= as_of),
                })
                .collect()
        })
        .unwrap_or_default();
    Classification {
        class,
        annex_item: item.map(|i| i.id.to_string()),
        annex_item_name: item.map(|i| i.title.clone()),
        annex_item_ref: item.map(|i| i.reference.clone()),
        routes,
        route_names,
        route_basis: basis,
        route_notes: notes,
        harmonised_standards_in_full: in_full,
        rationale,
        dates,
        support_period: support_check(product),
    }
}

fn support_check(product: &Product) -> SupportCheck {
    let Some(sp) = &product.support_period else {
        return SupportCheck {
            status: "missing".into(),
            years: None,
            message: "No support period declared: Art. 13(8) requires one (at least five years, or the expected time in use if shorter), and Art. 13(19) its end date at purchase.".into(),
        };
    };
    // The end date is the last day of support, so the period runs to the day after it.
    let end = sp.end.tomorrow().unwrap_or(sp.end);
    let years = sp
        .start
        .until((jiff::Unit::Month, end))
        .map(|s| f64::from(s.get_months()) / 12.0)
        .unwrap_or(0.0);
    let years = (years * 10.0).round() / 10.0;
    let expected = product.expected_time_in_use.as_ref().map(|t| t.years);
    if years >= 5.0 {
        SupportCheck {
            status: "ok".into(),
            years: Some(years),
            message: format!("{years} years: at least five years (Art. 13(8))."),
        }
    } else if expected.is_some_and(|e| f64::from(e) <= years) && sp.justification.is_some() {
        SupportCheck {
            status: "justified".into(),
            years: Some(years),
            message: format!(
                "{years} years, under five years, which Art. 13(8) allows because the product is expected to be in use for {} years: {}",
                expected.unwrap_or(0),
                sp.justification.as_deref().unwrap_or("")
            ),
        }
    } else {
        SupportCheck {
            status: "too-short".into(),
            years: Some(years),
            message: format!(
                "{years} years is under the five years Art. 13(8) requires; a shorter period is allowed only when the expected time in use is shorter (declared: {}) and justified.",
                expected
                    .map(|e| format!("{e} years"))
                    .unwrap_or_else(|| "none".into())
            ),
        }
    }
}
