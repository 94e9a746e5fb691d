//! OpenVEX JSON 0.2.0 (and the 0.0.x shape with string vulnerabilities and products).

use serde_json::{Map, Value};

use super::{Ctx, child, index, kind, push_unique};
use crate::json::ReadError;
use crate::model::{Justification, Status, VexStatement};

pub(super) fn read(ctx: &mut Ctx<'_, '_>) -> Result<Vec<VexStatement>, ReadError> {
    let root = ctx.obj(&ctx.parsed.value, "")?;
    let doc_time = match ctx.opt_time(root, "", "last_updated")? {
        Some(t) => Some(t),
        None => ctx.opt_time(root, "", "timestamp")?,
    };
    let mut out = Vec::new();
    for (i, st) in ctx.opt_arr(root, "", "statements")?.iter().enumerate() {
        let path = index("/statements", i);
        let st = ctx.obj(st, &path)?;
        let (vulnerability, aliases) = match st.get("vulnerability") {
            Some(Value::String(s)) if !s.is_empty() => (s.clone(), Vec::new()),
            Some(Value::Object(v)) => {
                let vpath = child(&path, "vulnerability");
                let name = match ctx.opt_str(v, &vpath, "name")? {
                    Some(n) if !n.is_empty() => n.to_string(),
                    _ => match ctx.opt_str(v, &vpath, "@id")? {
                        Some(n) if !n.is_empty() => n.to_string(),
                        _ => return Err(ctx.err(&vpath, "vulnerability has no `name` or `@id`")),
                    },
                };
                let mut aliases = Vec::new();
                for a in ctx.str_list(v, &vpath, "aliases")? {
                    push_unique(&mut aliases, &a, &name);
                }
                (name, aliases)
            }
            Some(other) => {
                return Err(ctx.err(
                    &child(&path, "vulnerability"),
                    format!(
                        "`vulnerability` must be an object or string, found {}",
                        kind(other)
                    ),
                ));
            }
            None => return Err(ctx.err(&path, "statement has no `vulnerability`")),
        };
        let Some(status_s) = ctx.opt_str(st, &path, "status")? else {
            return Err(ctx.err(&path, "statement has no `status`"));
        };
        let Some(status) = Status::from_openvex(status_s) else {
            return Err(ctx.err(
                &child(&path, "status"),
                format!(
                    "unknown status {status_s:?} (expected not_affected, affected, fixed or \
                     under_investigation)"
                ),
            ));
        };
        let justification = ctx.opt_justification(
            st,
            &path,
            "justification",
            Justification::from_openvex,
            "OpenVEX justification",
        )?;
        let impact = ctx
            .opt_str(st, &path, "impact_statement")?
            .map(str::to_string);
        let action = ctx
            .opt_str(st, &path, "action_statement")?
            .map(str::to_string);
        let timestamp = ctx.opt_time(st, &path, "timestamp")?.or(doc_time);

        let products = ctx.opt_arr(st, &path, "products")?;
        if products.is_empty() {
            ctx.warn(
                &path,
                format!("{vulnerability}: statement has no `products`; skipped"),
            );
        }
        for (p, prod) in products.iter().enumerate() {
            let ppath = index(&child(&path, "products"), p);
            let (product, product_identifiers, subs) = match prod {
                Value::String(s) if !s.is_empty() => (s.clone(), Vec::new(), Vec::new()),
                Value::Object(o) => {
                    let (product, ids) = component(ctx, o, &ppath)?;
                    let mut subs = Vec::new();
                    for (s, sub) in ctx.opt_arr(o, &ppath, "subcomponents")?.iter().enumerate() {
                        let spath = index(&child(&ppath, "subcomponents"), s);
                        let so = ctx.obj(sub, &spath)?;
                        let (sub_id, _) = component(ctx, so, &spath)?;
                        push_unique(&mut subs, &sub_id, "");
                    }
                    (product, ids, subs)
                }
                other => {
                    return Err(ctx.err(
                        &ppath,
                        format!("product must be an object, found {}", kind(other)),
                    ));
                }
            };
            out.push(VexStatement {
                vulnerability: vulnerability.clone(),
                aliases: aliases.clone(),
                product,
                product_identifiers,
                subcomponents: subs,
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

/// An OpenVEX component: `@id`, else `identifiers.purl`, `cpe23`, `cpe22`.
fn component(
    ctx: &Ctx<'_, '_>,
    o: &Map<String, Value>,
    path: &str,
) -> Result<(String, Vec<String>), ReadError> {
    let mut ids = Vec::new();
    if let Some(idents) = ctx.opt_obj(o, path, "identifiers")? {
        let ipath = child(path, "identifiers");
        for key in ["purl", "cpe23", "cpe22"] {
            if let Some(s) = ctx.opt_str(idents, &ipath, key)? {
                push_unique(&mut ids, s, "");
            }
        }
    }
    let product = match ctx.opt_str(o, path, "@id")? {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => {
            if ids.is_empty() {
                return Err(ctx.err(path, "component has neither `@id` nor `identifiers`"));
            }
            ids.remove(0)
        }
    };
    ids.retain(|x| x != &product);
    Ok((product, ids))
}
