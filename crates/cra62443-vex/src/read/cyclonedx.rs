//! CycloneDX JSON (1.4–1.7): `vulnerabilities[]` of a standalone VEX BOM or of a full BOM.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Ctx, child, index, push_unique};
use crate::json::ReadError;
use crate::model::{Justification, Status, VexStatement};

/// The property name our writer uses to carry subcomponents.
pub(crate) const SUBCOMPONENT_PROPERTY: &str = "cra62443:vex:subcomponent";

#[derive(Debug, Default)]
struct Component {
    purl: Option<String>,
    cpe: Option<String>,
}

pub(super) fn read(ctx: &mut Ctx<'_, '_>) -> Result<Vec<VexStatement>, ReadError> {
    let root = ctx.obj(&ctx.parsed.value, "")?;
    let serial = ctx
        .opt_str(root, "", "serialNumber")?
        .map(|s| s.trim_start_matches("urn:uuid:").to_ascii_lowercase());
    let mut doc_time = None;
    let mut components = HashMap::new();
    if let Some(meta) = ctx.opt_obj(root, "", "metadata")? {
        doc_time = ctx.opt_time(meta, "/metadata", "timestamp")?;
        if let Some(c) = meta.get("component") {
            collect_components(ctx, c, "/metadata/component", &mut components)?;
        }
    }
    for (i, c) in ctx.opt_arr(root, "", "components")?.iter().enumerate() {
        collect_components(ctx, c, &index("/components", i), &mut components)?;
    }

    let mut out = Vec::new();
    for (i, v) in ctx.opt_arr(root, "", "vulnerabilities")?.iter().enumerate() {
        let path = index("/vulnerabilities", i);
        let vuln = ctx.obj(v, &path)?;
        let Some(id) = ctx.opt_str(vuln, &path, "id")?.filter(|s| !s.is_empty()) else {
            return Err(ctx.err(&path, "vulnerability has no `id`"));
        };
        let mut aliases = Vec::new();
        for (r, refv) in ctx.opt_arr(vuln, &path, "references")?.iter().enumerate() {
            let rpath = index(&child(&path, "references"), r);
            let refo = ctx.obj(refv, &rpath)?;
            if let Some(alias) = ctx.opt_str(refo, &rpath, "id")? {
                push_unique(&mut aliases, alias, id);
            }
        }
        let analysis = ctx.opt_obj(vuln, &path, "analysis")?;
        let apath = child(&path, "analysis");
        let Some(analysis) = analysis else {
            ctx.warn(
                &path,
                format!("{id}: no `analysis`, so no VEX status; skipped"),
            );
            continue;
        };
        let Some(state) = ctx.opt_str(analysis, &apath, "state")? else {
            ctx.warn(
                &apath,
                format!("{id}: no `analysis.state`, so no VEX status; skipped"),
            );
            continue;
        };
        let Some(status) = Status::from_cyclonedx(state) else {
            return Err(ctx.err(
                &child(&apath, "state"),
                format!(
                    "unknown analysis.state {state:?} (expected resolved, resolved_with_pedigree, \
                     exploitable, in_triage, false_positive or not_affected)"
                ),
            ));
        };
        let justification = ctx.opt_justification(
            analysis,
            &apath,
            "justification",
            Justification::from_cyclonedx,
            "CycloneDX justification",
        )?;
        let impact = ctx
            .opt_str(analysis, &apath, "detail")?
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string);
        let responses = ctx.str_list(analysis, &apath, "response")?;
        let recommendation = ctx.opt_str(vuln, &path, "recommendation")?;
        let workaround = ctx.opt_str(vuln, &path, "workaround")?;
        let texts: Vec<&str> = [recommendation, workaround]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect();
        let action = if !texts.is_empty() {
            Some(texts.join("\n"))
        } else if !responses.is_empty() {
            Some(format!("response: {}", responses.join(", ")))
        } else {
            None
        };
        let timestamp = match ctx.opt_time(analysis, &apath, "lastUpdated")? {
            Some(t) => Some(t),
            None => match ctx.opt_time(analysis, &apath, "firstIssued")? {
                Some(t) => Some(t),
                None => match ctx.opt_time(vuln, &path, "updated")? {
                    Some(t) => Some(t),
                    None => ctx.opt_time(vuln, &path, "published")?.or(doc_time),
                },
            },
        };
        let mut subcomponents = Vec::new();
        for (p, prop) in ctx.opt_arr(vuln, &path, "properties")?.iter().enumerate() {
            let ppath = index(&child(&path, "properties"), p);
            let prop = ctx.obj(prop, &ppath)?;
            if ctx.opt_str(prop, &ppath, "name")? == Some(SUBCOMPONENT_PROPERTY)
                && let Some(value) = ctx.opt_str(prop, &ppath, "value")?
            {
                push_unique(&mut subcomponents, value, "");
            }
        }
        let affects = ctx.opt_arr(vuln, &path, "affects")?;
        if affects.is_empty() {
            ctx.warn(&path, format!("{id}: no `affects`, so no product; skipped"));
        }
        for (a, aff) in affects.iter().enumerate() {
            let afpath = index(&child(&path, "affects"), a);
            let aff = ctx.obj(aff, &afpath)?;
            let Some(r) = ctx.opt_str(aff, &afpath, "ref")?.filter(|s| !s.is_empty()) else {
                return Err(ctx.err(&afpath, "`affects` item has no `ref`"));
            };
            let (product, product_identifiers) = resolve(r, serial.as_deref(), &components);
            out.push(VexStatement {
                vulnerability: id.to_string(),
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

fn collect_components(
    ctx: &Ctx<'_, '_>,
    v: &Value,
    path: &str,
    into: &mut HashMap<String, Component>,
) -> Result<(), ReadError> {
    let c: &Map<String, Value> = ctx.obj(v, path)?;
    if let Some(r) = ctx.opt_str(c, path, "bom-ref")? {
        into.insert(
            r.to_string(),
            Component {
                purl: ctx.opt_str(c, path, "purl")?.map(str::to_string),
                cpe: ctx.opt_str(c, path, "cpe")?.map(str::to_string),
            },
        );
    }
    for (i, sub) in ctx.opt_arr(c, path, "components")?.iter().enumerate() {
        collect_components(ctx, sub, &index(&child(path, "components"), i), into)?;
    }
    Ok(())
}

/// Resolves an `affects[].ref` to (product, other identifiers). A local bom-ref (or a
/// BOM-Link into this same BOM) of a component with a purl becomes that purl; otherwise the ref
/// itself is the product.
fn resolve(
    r: &str,
    serial: Option<&str>,
    components: &HashMap<String, Component>,
) -> (String, Vec<String>) {
    let local = match parse_bom_link(r) {
        Some((link_serial, fragment)) if Some(link_serial.as_str()) == serial => Some(fragment),
        Some(_) => None,
        None => Some(r.to_string()),
    };
    let Some(comp) = local.as_deref().and_then(|k| components.get(k)) else {
        return (r.to_string(), Vec::new());
    };
    let mut ids = Vec::new();
    match &comp.purl {
        Some(purl) => {
            if let Some(cpe) = &comp.cpe {
                push_unique(&mut ids, cpe, purl);
            }
            push_unique(&mut ids, r, purl);
            (purl.clone(), ids)
        }
        None => {
            if let Some(cpe) = &comp.cpe {
                push_unique(&mut ids, cpe, r);
            }
            (r.to_string(), ids)
        }
    }
}

/// Splits `urn:cdx:<serial>/<version>#<bom-ref>` into (lower-case serial, decoded bom-ref).
pub(crate) fn parse_bom_link(s: &str) -> Option<(String, String)> {
    let rest = s.strip_prefix("urn:cdx:")?;
    let (head, fragment) = rest.split_once('#')?;
    let serial = head.split('/').next()?;
    Some((serial.to_ascii_lowercase(), percent_decode(fragment)))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves CycloneDX BOM-Links (`urn:cdx:<serial>/<version>#<bom-ref>`) in `statements`
/// against `bom`, a parsed CycloneDX BOM: a statement whose product links to a component of
/// that BOM (same serial number) gets the component's purl as product (or keeps the link if the
/// component has no purl), with the link and the component's CPE kept as other identifiers.
/// Returns how many statements were resolved.
pub fn resolve_bom_links(statements: &mut [VexStatement], bom: &Value) -> usize {
    let Some(serial) = bom
        .get("serialNumber")
        .and_then(Value::as_str)
        .map(|s| s.trim_start_matches("urn:uuid:").to_ascii_lowercase())
    else {
        return 0;
    };
    let mut index: HashMap<String, Component> = HashMap::new();
    let mut stack: Vec<&Value> = Vec::new();
    if let Some(c) = bom.pointer("/metadata/component") {
        stack.push(c);
    }
    if let Some(list) = bom.get("components").and_then(Value::as_array) {
        stack.extend(list.iter());
    }
    while let Some(c) = stack.pop() {
        if let Some(r) = c.get("bom-ref").and_then(Value::as_str) {
            index.insert(
                r.to_string(),
                Component {
                    purl: c.get("purl").and_then(Value::as_str).map(str::to_string),
                    cpe: c.get("cpe").and_then(Value::as_str).map(str::to_string),
                },
            );
        }
        if let Some(list) = c.get("components").and_then(Value::as_array) {
            stack.extend(list.iter());
        }
    }
    let mut resolved = 0;
    for s in statements.iter_mut() {
        let Some((link_serial, fragment)) = parse_bom_link(&s.product) else {
            continue;
        };
        if link_serial != serial {
            continue;
        }
        let Some(comp) = index.get(&fragment) else {
            continue;
        };
        let link = s.product.clone();
        if let Some(cpe) = &comp.cpe {
            let product = comp.purl.as_deref().unwrap_or(&link);
            push_unique(&mut s.product_identifiers, cpe, product);
        }
        if let Some(purl) = &comp.purl {
            s.product = purl.clone();
            s.product_identifiers.retain(|x| x != purl);
            push_unique(&mut s.product_identifiers, &link, purl);
        }
        resolved += 1;
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_links_parse_and_decode() {
        assert_eq!(
            parse_bom_link("urn:cdx:ABC-1/2#pkg%3Anpm%2Fa"),
            Some(("abc-1".into(), "pkg:npm/a".into()))
        );
        assert_eq!(parse_bom_link("pkg:npm/a"), None);
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%41%"), "A%");
    }
}
