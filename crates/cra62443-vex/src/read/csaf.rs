//! CSAF 2.0: `product_status` lists become statements; flags give justifications, threats of
//! category `impact` give impact statements, remediations give action statements.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Ctx, child, index, push_unique};
use crate::json::ReadError;
use crate::model::{Justification, Status, VexStatement, is_uri_id};

/// `product_status` keys in the order statements are emitted.
const STATUS_KEYS: [&str; 7] = [
    "known_not_affected",
    "known_affected",
    "first_affected",
    "last_affected",
    "fixed",
    "first_fixed",
    "under_investigation",
];

#[derive(Debug, Default, Clone)]
struct ProductDef {
    purl: Option<String>,
    cpe: Option<String>,
    /// (product_reference, relates_to_product_reference) for relationship products.
    relationship: Option<(String, String)>,
}

struct Tree {
    products: HashMap<String, ProductDef>,
    groups: HashMap<String, Vec<String>>,
}

pub(super) fn read(ctx: &mut Ctx<'_, '_>) -> Result<Vec<VexStatement>, ReadError> {
    let root = ctx.obj(&ctx.parsed.value, "")?;
    let doc = ctx
        .opt_obj(root, "", "document")?
        .ok_or_else(|| ctx.err("", "CSAF document has no `document`"))?;
    let doc_time = match ctx.opt_obj(doc, "/document", "tracking")? {
        Some(tracking) => ctx.opt_time(tracking, "/document/tracking", "current_release_date")?,
        None => None,
    };
    let mut tree = Tree {
        products: HashMap::new(),
        groups: HashMap::new(),
    };
    if let Some(pt) = ctx.opt_obj(root, "", "product_tree")? {
        read_tree(ctx, pt, &mut tree)?;
    }

    let mut out = Vec::new();
    for (i, v) in ctx.opt_arr(root, "", "vulnerabilities")?.iter().enumerate() {
        let path = index("/vulnerabilities", i);
        let vuln = ctx.obj(v, &path)?;
        let cve = ctx.opt_str(vuln, &path, "cve")?;
        let mut id_texts = Vec::new();
        for (k, idv) in ctx.opt_arr(vuln, &path, "ids")?.iter().enumerate() {
            let ipath = index(&child(&path, "ids"), k);
            let ido = ctx.obj(idv, &ipath)?;
            if let Some(t) = ctx.opt_str(ido, &ipath, "text")? {
                id_texts.push(t.to_string());
            }
        }
        let name = match cve {
            Some(c) if !c.is_empty() => c.to_string(),
            _ => match id_texts.first() {
                Some(t) => t.clone(),
                None => {
                    ctx.warn(&path, "vulnerability has neither `cve` nor `ids`; skipped");
                    continue;
                }
            },
        };
        let mut aliases = Vec::new();
        for t in &id_texts {
            push_unique(&mut aliases, t, &name);
        }

        let mut justification: HashMap<String, Justification> = HashMap::new();
        for (f, flag) in ctx.opt_arr(vuln, &path, "flags")?.iter().enumerate() {
            let fpath = index(&child(&path, "flags"), f);
            let flag = ctx.obj(flag, &fpath)?;
            let Some(label) = ctx.opt_str(flag, &fpath, "label")? else {
                continue;
            };
            let Some(j) = Justification::from_openvex(label) else {
                ctx.warn(
                    &child(&fpath, "label"),
                    format!("unknown flag label {label:?}; dropped"),
                );
                continue;
            };
            for pid in targets(ctx, &tree, flag, &fpath)? {
                justification.entry(pid).or_insert(j);
            }
        }
        let mut impacts: HashMap<String, Vec<String>> = HashMap::new();
        for (t, threat) in ctx.opt_arr(vuln, &path, "threats")?.iter().enumerate() {
            let tpath = index(&child(&path, "threats"), t);
            let threat = ctx.obj(threat, &tpath)?;
            if ctx.opt_str(threat, &tpath, "category")? != Some("impact") {
                continue;
            }
            let Some(details) = ctx.opt_str(threat, &tpath, "details")? else {
                continue;
            };
            for pid in targets(ctx, &tree, threat, &tpath)? {
                push_unique(impacts.entry(pid).or_default(), details, "");
            }
        }
        let mut actions: HashMap<String, Vec<String>> = HashMap::new();
        for (r, rem) in ctx.opt_arr(vuln, &path, "remediations")?.iter().enumerate() {
            let rpath = index(&child(&path, "remediations"), r);
            let rem = ctx.obj(rem, &rpath)?;
            let details = ctx.opt_str(rem, &rpath, "details")?.unwrap_or("");
            let text = match ctx.opt_str(rem, &rpath, "url")? {
                Some(url) if !details.is_empty() => format!("{details} ({url})"),
                Some(url) => url.to_string(),
                None => details.to_string(),
            };
            for pid in targets(ctx, &tree, rem, &rpath)? {
                push_unique(actions.entry(pid).or_default(), &text, "");
            }
        }

        let Some(ps) = ctx.opt_obj(vuln, &path, "product_status")? else {
            continue;
        };
        let pspath = child(&path, "product_status");
        for key in STATUS_KEYS {
            let Some(status) = Status::from_csaf(key) else {
                continue;
            };
            for pid in ctx.str_list(ps, &pspath, key)? {
                let (product, product_identifiers, subcomponents) = resolve(&tree, &pid);
                out.push(VexStatement {
                    vulnerability: name.clone(),
                    aliases: aliases.clone(),
                    product,
                    product_identifiers,
                    subcomponents,
                    status,
                    justification: justification.get(&pid).copied(),
                    impact: impacts.get(&pid).map(|v| v.join("\n")),
                    action: actions.get(&pid).map(|v| v.join("\n")),
                    timestamp: doc_time,
                    source: ctx.source(i, &path),
                });
            }
        }
    }
    Ok(out)
}

/// Product IDs named by `product_ids` plus the members of `group_ids`.
fn targets(
    ctx: &Ctx<'_, '_>,
    tree: &Tree,
    o: &Map<String, Value>,
    path: &str,
) -> Result<Vec<String>, ReadError> {
    let mut out = ctx.str_list(o, path, "product_ids")?;
    for g in ctx.str_list(o, path, "group_ids")? {
        if let Some(members) = tree.groups.get(&g) {
            out.extend(members.iter().cloned());
        }
    }
    Ok(out)
}

fn read_tree(ctx: &Ctx<'_, '_>, pt: &Map<String, Value>, tree: &mut Tree) -> Result<(), ReadError> {
    let base = "/product_tree";
    for (i, fpn) in ctx
        .opt_arr(pt, base, "full_product_names")?
        .iter()
        .enumerate()
    {
        full_product_name(
            ctx,
            fpn,
            &index(&child(base, "full_product_names"), i),
            None,
            tree,
        )?;
    }
    for (i, b) in ctx.opt_arr(pt, base, "branches")?.iter().enumerate() {
        branch(ctx, b, &index(&child(base, "branches"), i), tree)?;
    }
    for (i, r) in ctx.opt_arr(pt, base, "relationships")?.iter().enumerate() {
        let rpath = index(&child(base, "relationships"), i);
        let rel = ctx.obj(r, &rpath)?;
        let pref = ctx.opt_str(rel, &rpath, "product_reference")?.unwrap_or("");
        let rto = ctx
            .opt_str(rel, &rpath, "relates_to_product_reference")?
            .unwrap_or("");
        if let Some(fpn) = rel.get("full_product_name") {
            full_product_name(
                ctx,
                fpn,
                &child(&rpath, "full_product_name"),
                Some((pref.to_string(), rto.to_string())),
                tree,
            )?;
        }
    }
    for (i, g) in ctx.opt_arr(pt, base, "product_groups")?.iter().enumerate() {
        let gpath = index(&child(base, "product_groups"), i);
        let g = ctx.obj(g, &gpath)?;
        if let Some(id) = ctx.opt_str(g, &gpath, "group_id")? {
            let members = ctx.str_list(g, &gpath, "product_ids")?;
            tree.groups.insert(id.to_string(), members);
        }
    }
    Ok(())
}

fn branch(ctx: &Ctx<'_, '_>, v: &Value, path: &str, tree: &mut Tree) -> Result<(), ReadError> {
    let b = ctx.obj(v, path)?;
    if let Some(p) = b.get("product") {
        full_product_name(ctx, p, &child(path, "product"), None, tree)?;
    }
    for (i, sub) in ctx.opt_arr(b, path, "branches")?.iter().enumerate() {
        branch(ctx, sub, &index(&child(path, "branches"), i), tree)?;
    }
    Ok(())
}

fn full_product_name(
    ctx: &Ctx<'_, '_>,
    v: &Value,
    path: &str,
    relationship: Option<(String, String)>,
    tree: &mut Tree,
) -> Result<(), ReadError> {
    let o = ctx.obj(v, path)?;
    let Some(id) = ctx.opt_str(o, path, "product_id")? else {
        return Ok(());
    };
    let mut def = ProductDef {
        relationship,
        ..ProductDef::default()
    };
    if let Some(h) = ctx.opt_obj(o, path, "product_identification_helper")? {
        let hpath = child(path, "product_identification_helper");
        def.purl = ctx.opt_str(h, &hpath, "purl")?.map(str::to_string);
        def.cpe = ctx.opt_str(h, &hpath, "cpe")?.map(str::to_string);
    }
    tree.products.entry(id.to_string()).or_insert(def);
    Ok(())
}

/// (product, other identifiers) of a plain product ID: purl, else CPE, else the ID. A product
/// ID that is itself a URI or URN (an SPDX element ID, a CycloneDX BOM-Link) stays the product
/// and the helper's purl/CPE become other identifiers.
fn resolve_plain(tree: &Tree, pid: &str) -> (String, Vec<String>) {
    let Some(def) = tree.products.get(pid) else {
        return (pid.to_string(), Vec::new());
    };
    if is_uri_id(pid) {
        let mut ids = Vec::new();
        for x in [&def.purl, &def.cpe].into_iter().flatten() {
            push_unique(&mut ids, x, pid);
        }
        return (pid.to_string(), ids);
    }
    match (&def.purl, &def.cpe) {
        (Some(purl), cpe) => {
            let mut ids = Vec::new();
            if let Some(cpe) = cpe {
                push_unique(&mut ids, cpe, purl);
            }
            (purl.clone(), ids)
        }
        (None, Some(cpe)) => (cpe.clone(), Vec::new()),
        (None, None) => (pid.to_string(), Vec::new()),
    }
}

/// (product, identifiers, subcomponents): a relationship product is the product it relates
/// to, narrowed to the referenced component.
fn resolve(tree: &Tree, pid: &str) -> (String, Vec<String>, Vec<String>) {
    match tree.products.get(pid).and_then(|d| d.relationship.as_ref()) {
        Some((component, parent)) => {
            let (product, ids) = resolve_plain(tree, parent);
            let (sub, _) = resolve_plain(tree, component);
            (product, ids, vec![sub])
        }
        None => {
            let (product, ids) = resolve_plain(tree, pid);
            (product, ids, Vec::new())
        }
    }
}
