//! `map`, `gaps` and `export oscal`.

use std::io::Write;
use std::path::Path;

use cra62443_catalog::Catalog;
use cra62443_crosswalk::{
    CoverageItem, CoverageQuery, CoverageStatus, Crosswalk, GapReport, RowKind, chains, coverage,
};
use serde::Serialize;

use crate::Failure;
use crate::cli::{Format, GapsArgs, GapsFormat, MapArgs};
use crate::output::{wrap, write_json, write_table};

/// Loads the crosswalk from the data files.
pub fn load_crosswalk(
    catalog: &Catalog,
    sources: &[cra62443_catalog::SourceFile],
) -> Result<Crosswalk, Failure> {
    Ok(Crosswalk::from_sources(catalog, sources)?)
}

#[derive(Serialize)]
struct MapRelation<'a> {
    direction: &'static str,
    other: &'a str,
    #[serde(rename = "ref")]
    reference: String,
    title: String,
    relation: &'static str,
    set: &'a str,
    rationale: &'a str,
    confidence: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'a str>,
}

#[derive(Serialize)]
struct MapGap<'a> {
    set: &'a str,
    statement: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'a str>,
    closed_by: Vec<String>,
    rationale: &'a str,
}

#[derive(Serialize)]
struct MapOutput<'a> {
    id: String,
    #[serde(rename = "ref")]
    reference: String,
    title: String,
    relations: Vec<MapRelation<'a>>,
    gaps: Vec<MapGap<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    chains: Vec<cra62443_crosswalk::Chain>,
}

/// `cra62443 map ID`.
pub fn map(
    out: &mut impl Write,
    catalog: &Catalog,
    crosswalk: &Crosswalk,
    args: &MapArgs,
) -> Result<(), Failure> {
    let entry = catalog.resolve(&args.id)?;
    for doc in &args.to {
        if catalog.document(doc).is_none() {
            return Err(Failure::Usage(format!("unknown document `{doc}` in --to")));
        }
    }
    for set in &args.sets {
        if crosswalk.set(set).is_none() {
            let known: Vec<&str> = crosswalk.sets().iter().map(|s| s.id.as_str()).collect();
            return Err(Failure::Usage(format!(
                "unknown mapping set `{set}`: expected one of {}",
                known.join(", ")
            )));
        }
    }
    let wanted = |doc: &str| args.to.is_empty() || args.to.iter().any(|d| d == doc);
    let mut relations = Vec::new();
    let mut gaps = Vec::new();
    for set in crosswalk.sets() {
        if !args.sets.is_empty() && !args.sets.contains(&set.id) {
            continue;
        }
        for row in &set.rows {
            match &row.kind {
                RowKind::Relation { target, relation } => {
                    let (direction, other, rel) = if row.source == entry.id {
                        ("->", target, *relation)
                    } else if target == &entry.id {
                        ("<-", &row.source, relation.inverse())
                    } else {
                        continue;
                    };
                    if !wanted(other.document()) {
                        continue;
                    }
                    let o = catalog.get(other.as_str());
                    relations.push(MapRelation {
                        direction,
                        other: other.as_str(),
                        reference: o.map(|o| o.reference.clone()).unwrap_or_default(),
                        title: o.map(|o| o.title.clone()).unwrap_or_default(),
                        relation: rel.as_str(),
                        set: &set.id,
                        rationale: &row.rationale,
                        confidence: row.confidence.to_string(),
                        origin: row.origin.as_deref(),
                    });
                }
                RowKind::Gap {
                    statement,
                    part,
                    closed_by,
                } if row.source == entry.id => {
                    if !args.to.is_empty() && !set.targets.iter().any(|t| wanted(&t.document)) {
                        continue;
                    }
                    gaps.push(MapGap {
                        set: &set.id,
                        statement,
                        part: part.as_deref(),
                        closed_by: closed_by.iter().map(|c| c.to_string()).collect(),
                        rationale: &row.rationale,
                    });
                }
                _ => {}
            }
        }
    }
    let chains = if args.depth > 1 {
        chains(crosswalk, &entry.id, usize::from(args.depth), &args.sets)
            .into_iter()
            .filter(|c| c.steps.len() > 1)
            .filter(|c| wanted(c.steps.last().expect("non-empty").to.document()))
            .collect()
    } else {
        Vec::new()
    };
    let output = MapOutput {
        id: entry.id.to_string(),
        reference: entry.reference.clone(),
        title: entry.title.clone(),
        relations,
        gaps,
        chains,
    };
    match args.format {
        Format::Json => write_json(out, &output)?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "id",
                "direction",
                "other",
                "ref",
                "relation",
                "set",
                "confidence",
                "rationale",
            ])
            .map_err(|e| Failure::Runtime(e.to_string()))?;
            for r in &output.relations {
                w.write_record([
                    output.id.as_str(),
                    r.direction,
                    r.other,
                    &r.reference,
                    r.relation,
                    r.set,
                    &r.confidence,
                    r.rationale,
                ])
                .map_err(|e| Failure::Runtime(e.to_string()))?;
            }
            for g in &output.gaps {
                w.write_record([
                    output.id.as_str(),
                    "gap",
                    "",
                    "",
                    "gap",
                    g.set,
                    "",
                    g.statement,
                ])
                .map_err(|e| Failure::Runtime(e.to_string()))?;
            }
            w.flush()?;
        }
        Format::Table => {
            writeln!(
                out,
                "{}  {}  ({})",
                output.reference, output.title, output.id
            )?;
            if output.relations.is_empty() && output.gaps.is_empty() {
                writeln!(out, "  no crosswalk rows mention this entry")?;
            }
            for r in &output.relations {
                writeln!(
                    out,
                    "  {} {}  {}  [{}; {}; {}]",
                    r.direction, r.other, r.reference, r.relation, r.set, r.confidence
                )?;
                for line in wrap(r.rationale, 94) {
                    writeln!(out, "      {line}")?;
                }
            }
            for g in &output.gaps {
                let part = g.part.map(|p| format!(" ({p})")).unwrap_or_default();
                writeln!(out, "  GAP{part}  [{}]", g.set)?;
                for line in wrap(g.statement, 94) {
                    writeln!(out, "      {line}")?;
                }
                if !g.closed_by.is_empty() {
                    writeln!(
                        out,
                        "      closed by (amendment): {}",
                        g.closed_by.join(", ")
                    )?;
                }
            }
            if !output.chains.is_empty() {
                writeln!(out)?;
                writeln!(out, "Chains (up to {} steps):", args.depth)?;
                let mut printed = std::collections::BTreeSet::new();
                for c in &output.chains {
                    let mut line = output.id.clone();
                    for s in &c.steps {
                        line.push_str(&format!(" -[{}]-> {}", s.relation, s.to));
                    }
                    // The same path may come from several sets; print it once.
                    if printed.insert(line.clone()) {
                        writeln!(out, "  {line}")?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// `cra62443 gaps`.
pub fn gaps(
    out: &mut impl Write,
    catalog: &Catalog,
    crosswalk: &Crosswalk,
    args: &GapsArgs,
) -> Result<(), Failure> {
    let to = if args.to.is_empty() {
        vec!["iec62443-4-1".to_string(), "iec62443-4-2".to_string()]
    } else {
        args.to.clone()
    };
    for doc in std::iter::once(&args.from).chain(to.iter()) {
        if catalog.document(doc).is_none() {
            let known: Vec<&str> = catalog.documents().iter().map(|d| d.id.as_str()).collect();
            return Err(Failure::Usage(format!(
                "unknown document `{doc}`: expected one of {}",
                known.join(", ")
            )));
        }
    }
    for set in &args.sets {
        if crosswalk.set(set).is_none() {
            let known: Vec<&str> = crosswalk.sets().iter().map(|s| s.id.as_str()).collect();
            return Err(Failure::Usage(format!(
                "unknown mapping set `{set}`: expected one of {}",
                known.join(", ")
            )));
        }
    }
    crate::commands::check_amendments(catalog, &args.with_amendments)?;
    let mut items = Vec::new();
    for item in &args.items {
        items.push(catalog.resolve(item)?.id.clone());
    }
    let only = match args.only.as_deref() {
        None => None,
        Some("gap") => Some(CoverageStatus::Gap),
        Some("partial") => Some(CoverageStatus::Partial),
        Some(other) => {
            return Err(Failure::Usage(format!(
                "--only takes `gap` or `partial`, found `{other}`"
            )));
        }
    };
    let query = CoverageQuery {
        from: args.from.clone(),
        to,
        amendments: args.with_amendments.clone(),
        sets: args.sets.clone(),
        items,
        restrict_targets: None,
    };
    let mut report = coverage(catalog, crosswalk, &query);
    if report.sets.is_empty() {
        return Err(Failure::Usage(format!(
            "no mapping set maps `{}` to {}; sets: {}",
            query.from,
            query.to.join(", "),
            crosswalk
                .sets()
                .iter()
                .map(|s| format!(
                    "{} ({} -> {})",
                    s.id,
                    s.source_document,
                    s.targets
                        .iter()
                        .map(|t| t.document.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    if let Some(threshold) = only {
        report.items.retain(|i| i.status <= threshold);
    }
    match args.format {
        GapsFormat::Json => write_json(out, &report)?,
        GapsFormat::Csv => gaps_csv(out, &report)?,
        GapsFormat::Md => gaps_md(out, &report)?,
        GapsFormat::Table => gaps_table(out, &report)?,
    }
    Ok(())
}

fn short_doc(doc: &str) -> &str {
    doc.strip_prefix("iec62443-").unwrap_or(doc)
}

fn targets_cell(item: &CoverageItem, limit: usize) -> String {
    let refs: Vec<String> = item
        .mappings
        .iter()
        .map(|m| {
            let mark = match m.relation {
                cra62443_crosswalk::Relation::Correspondence => "X",
                cra62443_crosswalk::Relation::Supplemental => "S",
                _ => "",
            };
            let amendment = m
                .amendment
                .as_ref()
                .map(|a| format!("/{a}"))
                .unwrap_or_default();
            format!(
                "{}{amendment}{}",
                m.reference,
                if mark.is_empty() {
                    String::new()
                } else {
                    format!("({mark})")
                }
            )
        })
        .collect();
    let mut cell = String::new();
    for (i, r) in refs.iter().enumerate() {
        let piece = if i == 0 { r.clone() } else { format!(", {r}") };
        if cell.chars().count() + piece.chars().count() > limit {
            cell.push_str(&format!(" +{}", refs.len() - i));
            break;
        }
        cell.push_str(&piece);
    }
    cell
}

fn gaps_table(out: &mut impl Write, report: &GapReport) -> Result<(), Failure> {
    let amend = if report.amendments.is_empty() {
        "base editions".to_string()
    } else {
        format!("with amendments {}", report.amendments.join(", "))
    };
    writeln!(out, "{} -> {} ({amend})", report.from, report.to.join(", "))?;
    for line in wrap(&format!("mapping sets: {}", report.sets.join(", ")), 100) {
        writeln!(out, "{line}")?;
    }
    let has_stats = report.items.iter().any(|i| i.seed_stats.is_some());
    let mut rows = Vec::new();
    for item in &report.items {
        let per_doc: Vec<String> = item
            .by_target
            .iter()
            .map(|(d, s)| format!("{}:{}", short_doc(d), s.as_str()))
            .collect();
        let mut row = vec![
            item.status.as_str().to_string(),
            item.reference
                .chars()
                .take(if report.to.len() > 1 { 24 } else { 36 })
                .collect::<String>(),
            if report.to.len() > 1 {
                per_doc.join(" ")
            } else {
                String::new()
            },
            format!("{}/{}", item.x, item.s),
        ];
        if has_stats {
            row.push(item.seed_stats.clone().unwrap_or_default());
        }
        row.push(targets_cell(item, 32));
        rows.push(row);
    }
    let mut header = vec![
        "STATUS",
        "ITEM",
        if report.to.len() > 1 {
            "PER TARGET"
        } else {
            ""
        },
        "X/S",
    ];
    if has_stats {
        header.push("SEED X/S");
    }
    header.push("MAPPED TO");
    write_table(out, &header, &rows)?;
    writeln!(out)?;
    for item in &report.items {
        if item.gaps.is_empty() && item.cited.as_ref().is_none_or(|c| c.agrees) {
            continue;
        }
        writeln!(
            out,
            "{}  {}  [{}]",
            item.reference,
            item.title,
            item.status.as_str()
        )?;
        for g in &item.gaps {
            let part = g
                .part
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            let against: Vec<&str> = g.against.iter().map(|d| short_doc(d)).collect();
            let first = format!("gap vs {}{part}: {}", against.join(","), g.statement);
            for (i, line) in wrap(&first, 94).into_iter().enumerate() {
                writeln!(out, "  {}{line}", if i == 0 { "- " } else { "  " })?;
            }
            if !g.closed_by.is_empty() {
                writeln!(
                    out,
                    "    closed by {} (with the amendment)",
                    g.closed_by
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
            }
        }
        if let Some(c) = &item.cited
            && !c.agrees
        {
            writeln!(
                out,
                "  - {} says {} (project: {})",
                c.set,
                c.status.as_str(),
                item.status.as_str()
            )?;
        }
    }
    let s = &report.summary;
    let mut summary = format!(
        "summary: {} items: {} covered, {} partial, {} gap; {} X / {} S rows; {} open gap statements",
        s.items, s.covered, s.partial, s.gap, s.correspondence, s.supplemental, s.open_gaps
    );
    if s.closed_gaps > 0 {
        summary.push_str(&format!(", {} closed by amendments", s.closed_gaps));
    }
    if let Some(d) = s.cited_disagreements {
        summary.push_str(&format!("; the cited set disagrees on {d} items"));
    }
    for line in wrap(&summary, 100) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn gaps_csv(out: &mut impl Write, report: &GapReport) -> Result<(), Failure> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| Failure::Runtime(e.to_string());
    w.write_record([
        "id",
        "ref",
        "title",
        "status",
        "by_target",
        "x",
        "s",
        "seed_stats",
        "mapped_to",
        "gaps",
        "closed_gaps",
        "cited_status",
    ])
    .map_err(err)?;
    for i in &report.items {
        w.write_record([
            i.id.to_string(),
            i.reference.clone(),
            i.title.clone(),
            i.status.as_str().to_string(),
            i.by_target
                .iter()
                .map(|(d, s)| format!("{d}={}", s.as_str()))
                .collect::<Vec<_>>()
                .join(";"),
            i.x.to_string(),
            i.s.to_string(),
            i.seed_stats.clone().unwrap_or_default(),
            i.mappings
                .iter()
                .map(|m| format!("{} {}", m.target, m.relation))
                .collect::<Vec<_>>()
                .join(";"),
            i.gaps
                .iter()
                .map(|g| g.statement.clone())
                .collect::<Vec<_>>()
                .join(" | "),
            i.closed_gaps
                .iter()
                .map(|g| g.statement.clone())
                .collect::<Vec<_>>()
                .join(" | "),
            i.cited
                .as_ref()
                .map(|c| c.status.as_str().to_string())
                .unwrap_or_default(),
        ])
        .map_err(err)?;
    }
    w.flush()?;
    Ok(())
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn gaps_md(out: &mut impl Write, report: &GapReport) -> Result<(), Failure> {
    writeln!(
        out,
        "# Gap analysis: {} -> {}",
        report.from,
        report.to.join(", ")
    )?;
    writeln!(out)?;
    let amend = if report.amendments.is_empty() {
        "none".to_string()
    } else {
        report.amendments.join(", ")
    };
    writeln!(
        out,
        "Amendments: {amend}. Mapping sets: {}.",
        report.sets.join(", ")
    )?;
    writeln!(out)?;
    writeln!(out, "| Item | Title | Status | X/S | Mapped to |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for i in &report.items {
        writeln!(
            out,
            "| {} | {} | {} | {}/{} | {} |",
            md_escape(&i.reference),
            md_escape(&i.title),
            i.status.as_str(),
            i.x,
            i.s,
            md_escape(
                &i.mappings
                    .iter()
                    .map(|m| m.reference.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        )?;
    }
    writeln!(out)?;
    writeln!(out, "## Gaps")?;
    writeln!(out)?;
    for i in &report.items {
        for g in &i.gaps {
            let part = g
                .part
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            writeln!(
                out,
                "- **{}**{part}: {}",
                md_escape(&i.reference),
                md_escape(&g.statement)
            )?;
        }
    }
    let s = &report.summary;
    writeln!(out)?;
    writeln!(
        out,
        "Summary: {} items, {} covered, {} partial, {} gap.",
        s.items, s.covered, s.partial, s.gap
    )?;
    Ok(())
}

/// `cra62443 export oscal`.
pub fn export_oscal(
    out: &mut impl Write,
    catalog: &Catalog,
    crosswalk: &Crosswalk,
    profiles: &cra62443_profile::Profiles,
    dir: &Path,
    timestamp: Option<&str>,
) -> Result<(), Failure> {
    let timestamp = match timestamp {
        Some(t) => {
            t.parse::<cra62443_oscal_time::Stamp>()
                .map_err(Failure::Usage)?;
            t.to_string()
        }
        None => cra62443_oscal::timestamp_now(),
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Runtime(format!("cannot create {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for doc in catalog.documents() {
        let value = cra62443_oscal::catalog(doc, catalog, &timestamp);
        let path = dir.join(format!("{}.catalog.json", doc.id));
        crate::output::write_atomically(
            &path,
            &serde_json::to_vec_pretty(&value).map_err(|e| Failure::Runtime(e.to_string()))?,
        )?;
        written.push(path);
    }
    for set in crosswalk.sets() {
        let doc = cra62443_oscal::mapping_collection(set, catalog, &timestamp)
            .map_err(Failure::Runtime)?;
        let path = dir.join(format!("{}.mapping.json", set.id));
        crate::output::write_atomically(
            &path,
            &serde_json::to_vec_pretty(&doc).map_err(|e| Failure::Runtime(e.to_string()))?,
        )?;
        written.push(path);
    }
    for p in profiles.all() {
        let resolved = cra62443_profile::resolve(profiles, catalog, crosswalk, &p.id, None, &[])
            .map_err(|e| Failure::Runtime(e.to_string()))?;
        let value = cra62443_oscal::profile(p, &resolved, catalog, &timestamp);
        let path = dir.join(format!("{}.profile.json", p.id));
        crate::output::write_atomically(
            &path,
            &serde_json::to_vec_pretty(&value).map_err(|e| Failure::Runtime(e.to_string()))?,
        )?;
        written.push(path);
        let value = cra62443_oscal::resolved_profile_catalog(&resolved, catalog, &timestamp);
        let path = dir.join(format!("{}.resolved.catalog.json", p.id));
        crate::output::write_atomically(
            &path,
            &serde_json::to_vec_pretty(&value).map_err(|e| Failure::Runtime(e.to_string()))?,
        )?;
        written.push(path);
    }
    for p in &written {
        writeln!(out, "wrote {}", p.display())?;
    }
    Ok(())
}

/// Parsing of the `--timestamp` option.
mod cra62443_oscal_time {
    /// An RFC 3339 timestamp with a zone, as OSCAL needs.
    pub struct Stamp;

    impl std::str::FromStr for Stamp {
        type Err = String;

        fn from_str(s: &str) -> Result<Self, Self::Err> {
            s.parse::<jiff::Timestamp>()
                .map(|_| Stamp)
                .map_err(|e| format!("--timestamp `{s}` is not an RFC 3339 date-time with zone (e.g. 2026-11-29T00:00:00Z): {e}"))
        }
    }
}
