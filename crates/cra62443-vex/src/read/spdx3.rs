//! SPDX 3.0.x JSON-LD: `security_Vex*VulnAssessmentRelationship` elements with
//! `from` = vulnerability and `to` = packages.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Ctx, index, parse_time, push_unique};
use crate::json::ReadError;
use crate::model::{Justification, Status, VexStatement};

fn element_type(o: &Map<String, Value>) -> Option<&str> {
    o.get("type")
        .or_else(|| o.get("@type"))
        .and_then(Value::as_str)
}

fn element_id(o: &Map<String, Value>) -> Option<&str> {
    o.get("spdxId")
        .or_else(|| o.get("@id"))
        .and_then(Value::as_str)
}

fn vex_status(ty: &str) -> Option<Status> {
    let ty = ty.strip_prefix("security_").unwrap_or(ty);
    Some(match ty {
        "VexNotAffectedVulnAssessmentRelationship" => Status::NotAffected,
        "VexAffectedVulnAssessmentRelationship" => Status::Affected,
        "VexFixedVulnAssessmentRelationship" => Status::Fixed,
        "VexUnderInvestigationVulnAssessmentRelationship" => Status::UnderInvestigation,
        _ => return None,
    })
}

pub(super) fn read(ctx: &mut Ctx<'_, '_>) -> Result<Vec<VexStatement>, ReadError> {
    let root = ctx.obj(&ctx.parsed.value, "")?;
    let graph = ctx.opt_arr(root, "", "@graph")?;
    let mut by_id: HashMap<&str, &Map<String, Value>> = HashMap::new();
    for (i, e) in graph.iter().enumerate() {
        let o = ctx.obj(e, &index("/@graph", i))?;
        if let Some(id) = element_id(o) {
            by_id.entry(id).or_insert(o);
        }
    }

    let mut out = Vec::new();
    for (i, e) in graph.iter().enumerate() {
        let path = index("/@graph", i);
        let Some(o) = e.as_object() else { continue };
        let Some(status) = element_type(o).and_then(vex_status) else {
            continue;
        };
        let Some(from) = ctx.opt_str(o, &path, "from")? else {
            return Err(ctx.err(&path, "VEX relationship has no `from` (vulnerability)"));
        };
        let (vulnerability, aliases) = vulnerability(&by_id, from);
        let to: Vec<String> = match o.get("to") {
            Some(Value::String(s)) => vec![s.clone()],
            _ => ctx.str_list(o, &path, "to")?,
        };
        if to.is_empty() {
            ctx.warn(
                &path,
                format!("{vulnerability}: VEX relationship has no `to`; skipped"),
            );
        }
        let justification = ctx.opt_justification(
            o,
            &path,
            "security_justificationType",
            Justification::from_spdx3,
            "SPDX 3 justification type",
        )?;
        let impact = ctx
            .opt_str(o, &path, "security_impactStatement")?
            .map(str::to_string);
        let action = ctx
            .opt_str(o, &path, "security_actionStatement")?
            .map(str::to_string);
        let mut timestamp = match ctx.opt_time(o, &path, "security_modifiedTime")? {
            Some(t) => Some(t),
            None => ctx.opt_time(o, &path, "security_publishedTime")?,
        };
        if timestamp.is_none() {
            timestamp = creation_time(&by_id, o.get("creationInfo"));
        }
        let mut subcomponents = Vec::new();
        if let Some(assessed) = ctx.opt_str(o, &path, "security_assessedElement")? {
            let (sub, _) = package(&by_id, assessed);
            subcomponents.push(sub);
        }
        for target in to {
            let (product, product_identifiers) = package(&by_id, &target);
            out.push(VexStatement {
                vulnerability: vulnerability.clone(),
                aliases: aliases.clone(),
                product,
                product_identifiers,
                subcomponents: subcomponents.clone(),
                status,
                justification,
                impact: impact.clone(),
                action: action.clone(),
                timestamp,
                source: ctx.source(i, &path),
            });
        }
    }
    Ok(out)
}

fn identifiers(o: &Map<String, Value>) -> Vec<(&str, &str)> {
    o.get("externalIdentifier")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_object)
                .filter_map(|x| {
                    Some((
                        x.get("externalIdentifierType")?.as_str()?,
                        x.get("identifier")?.as_str()?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// (name, aliases) of a vulnerability element: its CVE identifier, else its first external
/// identifier, else its `name`, else the element ID.
fn vulnerability(by_id: &HashMap<&str, &Map<String, Value>>, id: &str) -> (String, Vec<String>) {
    let Some(o) = by_id.get(id) else {
        return (id.to_string(), Vec::new());
    };
    let ids = identifiers(o);
    let name = ids
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case("cve"))
        .or_else(|| ids.first())
        .map(|(_, i)| i.to_string())
        .or_else(|| o.get("name").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| id.to_string());
    let mut aliases = Vec::new();
    for (_, i) in &ids {
        push_unique(&mut aliases, i, &name);
    }
    (name, aliases)
}

/// (product, other identifiers) of a package element: its purl if it has one, else its
/// element ID; CPEs go to the other identifiers.
fn package(by_id: &HashMap<&str, &Map<String, Value>>, id: &str) -> (String, Vec<String>) {
    let Some(o) = by_id.get(id) else {
        return (id.to_string(), Vec::new());
    };
    let ids = identifiers(o);
    let purl = o
        .get("software_packageUrl")
        .and_then(Value::as_str)
        .or_else(|| {
            ids.iter()
                .find(|(t, _)| *t == "packageUrl")
                .map(|(_, i)| *i)
        });
    let product = purl.unwrap_or(id).to_string();
    let mut others = Vec::new();
    for (t, i) in &ids {
        if t.starts_with("cpe") {
            push_unique(&mut others, i, &product);
        }
    }
    push_unique(&mut others, id, &product);
    (product, others)
}

fn creation_time(
    by_id: &HashMap<&str, &Map<String, Value>>,
    info: Option<&Value>,
) -> Option<jiff::Timestamp> {
    let o = match info? {
        Value::String(r) => *by_id.get(r.as_str())?,
        Value::Object(o) => o,
        _ => return None,
    };
    parse_time(o.get("created")?.as_str()?)
}
