//! `profile list|show|resolve|diff|check`.

use std::io::Write;
use std::path::{Path, PathBuf};

use cra62443_catalog::{Catalog, SourceFile};
use cra62443_crosswalk::Crosswalk;
use cra62443_profile::{Profiles, Resolved, Target};

use cra62443_model::SlVector;

use crate::Failure;
use crate::cli::{Format, ProfileCommand, ResolveFormat};
use crate::output::{wrap, write_json, write_table};

/// Loads the profiles: bundled, the data directory, and the profile directory.
pub fn load_profiles(
    catalog: &Catalog,
    sources: &[SourceFile],
    profile_dir: &Option<PathBuf>,
) -> Result<Profiles, Failure> {
    Ok(match profile_dir {
        Some(dir) => {
            let mut all = sources.to_vec();
            all.extend(read_profile_dir(dir)?);
            Profiles::from_sources(catalog, &all)?
        }
        None => Profiles::from_sources(catalog, sources)?,
    })
}

fn read_profile_dir(dir: &Path) -> Result<Vec<SourceFile>, Failure> {
    let read = std::fs::read_dir(dir).map_err(|e| {
        Failure::Runtime(format!(
            "cannot read profile directory {}: {e}",
            dir.display()
        ))
    })?;
    let mut paths: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p)
            .map_err(|e| Failure::Runtime(format!("cannot read {}: {e}", p.display())))?;
        out.push(SourceFile {
            name: p.display().to_string(),
            text,
        });
    }
    Ok(out)
}

/// Runs a `profile` subcommand.
pub fn run(
    out: &mut impl Write,
    catalog: &Catalog,
    crosswalk: &Crosswalk,
    sources: &[SourceFile],
    profile_dir: &Option<PathBuf>,
    command: ProfileCommand,
) -> Result<(), Failure> {
    if let ProfileCommand::Check { file } = &command {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
        let name = file.display().to_string();
        // A substring test, so that a file with a YAML error still reaches the parser and gets
        // its diagnostic with a line.
        if !text.contains(cra62443_profile::PROFILE_SCHEMA) {
            return Err(Failure::Usage(format!(
                "{name}: not a profile file (expected `schema: {}`)",
                cra62443_profile::PROFILE_SCHEMA
            )));
        }
        let mut all = sources.to_vec();
        all.push(SourceFile {
            name: name.clone(),
            text,
        });
        let profiles = Profiles::from_sources(catalog, &all)?;
        let id = profiles
            .all()
            .iter()
            .find(|p| p.file == name)
            .map(|p| p.id.clone())
            .expect("the checked file loaded");
        // Resolving proves the chain and the selection are consistent.
        let resolved = cra62443_profile::resolve(&profiles, catalog, crosswalk, &id, None, &[])
            .map_err(|e| Failure::Usage(e.to_string()))?;
        writeln!(
            out,
            "ok: profile `{id}` ({}): {} requirements required, {} above target, {} excluded; chain {}",
            name,
            resolved.requirements.len(),
            resolved.not_required.len(),
            resolved.excluded.len(),
            resolved.chain.join(" -> ")
        )?;
        return Ok(());
    }
    let profiles = load_profiles(catalog, sources, profile_dir)?;
    let resolve = |id: &str, t, amendments: &[String]| -> Result<Resolved, Failure> {
        crate::commands::check_amendments(catalog, amendments)?;
        cra62443_profile::resolve(&profiles, catalog, crosswalk, id, t, amendments)
            .map_err(|e| Failure::Usage(e.to_string()))
    };
    match command {
        ProfileCommand::Check { .. } => unreachable!("handled above"),
        ProfileCommand::List { format } => match format {
            Format::Json => write_json(out, profiles.all())?,
            Format::Table | Format::Csv => {
                let rows: Vec<Vec<String>> = profiles
                    .all()
                    .iter()
                    .map(|p| {
                        let sl = cra62443_profile::resolve(
                            &profiles,
                            catalog,
                            crosswalk,
                            &p.id,
                            None,
                            &[],
                        )
                        .map(|r| SlVector(r.sl_target).to_string())
                        .unwrap_or_default();
                        vec![
                            p.id.clone(),
                            p.context
                                .m606_line
                                .as_ref()
                                .map(|l| l.local().trim_start_matches("line-").to_string())
                                .unwrap_or_default(),
                            p.context
                                .cra_category
                                .as_ref()
                                .map(|c| c.local().to_string())
                                .unwrap_or_default(),
                            sl,
                            match p.status {
                                cra62443_profile::ProfileStatus::DerivedByThisProject => {
                                    "derived".into()
                                }
                                cra62443_profile::ProfileStatus::User => "user".into(),
                                cra62443_profile::ProfileStatus::OfficialImported => {
                                    "official".into()
                                }
                            },
                            p.title.clone(),
                        ]
                    })
                    .collect();
                if format == Format::Csv {
                    let mut w = csv::Writer::from_writer(out);
                    let e = |e: csv::Error| Failure::Runtime(e.to_string());
                    w.write_record(["id", "m606", "cra_category", "sl_target", "status", "title"])
                        .map_err(e)?;
                    for r in rows {
                        w.write_record(r).map_err(e)?;
                    }
                    w.flush()?;
                } else {
                    write_table(
                        out,
                        &[
                            "PROFILE",
                            "M/606",
                            "CRA CATEGORY",
                            "SL-T",
                            "STATUS",
                            "TITLE",
                        ],
                        &rows,
                    )?;
                }
            }
        },
        ProfileCommand::Show { id, format } => {
            let Some(p) = profiles.get(&id) else {
                return Err(Failure::Usage(format!(
                    "unknown profile `{id}`; known: {}",
                    profiles.ids().join(", ")
                )));
            };
            match format {
                Format::Json | Format::Csv => write_json(out, p)?,
                Format::Table => show_table(out, catalog, p)?,
            }
        }
        ProfileCommand::Resolve {
            id,
            component_type,
            with_amendments,
            format,
        } => {
            let r = resolve(&id, component_type, &with_amendments)?;
            match format {
                ResolveFormat::Json => write_json(out, &r)?,
                ResolveFormat::Oscal => {
                    let doc = cra62443_oscal::resolved_profile_catalog(
                        &r,
                        catalog,
                        &cra62443_oscal::timestamp_now(),
                    );
                    write_json(out, &doc)?;
                }
                ResolveFormat::Csv => {
                    let mut w = csv::Writer::from_writer(out);
                    let e = |e: csv::Error| Failure::Runtime(e.to_string());
                    w.write_record([
                        "id",
                        "ref",
                        "title",
                        "fr",
                        "sl",
                        "sl_target",
                        "origin",
                        "applicability",
                    ])
                    .map_err(e)?;
                    for x in &r.requirements {
                        w.write_record([
                            x.id.to_string(),
                            x.reference.clone(),
                            x.title.clone(),
                            x.fr.map(|v| v.to_string()).unwrap_or_default(),
                            x.sl.map(|v| v.to_string()).unwrap_or_default(),
                            x.sl_target.map(|v| v.to_string()).unwrap_or_default(),
                            x.origin.clone(),
                            x.applicability
                                .as_ref()
                                .map(|a| a.to_string())
                                .unwrap_or_default(),
                        ])
                        .map_err(e)?;
                    }
                    w.flush()?;
                }
                ResolveFormat::Table => resolve_table(out, &r)?,
            }
        }
        ProfileCommand::Diff {
            a,
            b,
            component_type,
            format,
        } => {
            let ra = resolve(&a, component_type, &[])?;
            let rb = resolve(&b, component_type, &[])?;
            let d = cra62443_profile::diff(&ra, &rb);
            match format {
                Format::Json | Format::Csv => write_json(out, &d)?,
                Format::Table => {
                    let fmt = |v: [u8; 7]| SlVector(v).to_string();
                    writeln!(
                        out,
                        "SL-T  {}: {}   {}: {}",
                        d.a,
                        fmt(d.sl_target.0),
                        d.b,
                        fmt(d.sl_target.1)
                    )?;
                    for (name, only) in [(&d.a, &d.only_in_a), (&d.b, &d.only_in_b)] {
                        writeln!(out, "required only by {name} ({}):", only.len())?;
                        for id in only {
                            let reference = catalog.get(id.as_str()).map(|r| r.reference.as_str());
                            writeln!(out, "  {id}  {}", reference.unwrap_or(""))?;
                        }
                    }
                    writeln!(
                        out,
                        "different target level ({}):",
                        d.different_target.len()
                    )?;
                    for (id, x, y) in &d.different_target {
                        writeln!(
                            out,
                            "  {id}  {} vs {}",
                            x.map(|v| v.to_string()).unwrap_or("-".into()),
                            y.map(|v| v.to_string()).unwrap_or("-".into())
                        )?;
                    }
                    if !d.excluded_only_in_a.is_empty() || !d.excluded_only_in_b.is_empty() {
                        for (name, excluded) in
                            [(&d.a, &d.excluded_only_in_a), (&d.b, &d.excluded_only_in_b)]
                        {
                            let ids: Vec<&str> = excluded.iter().map(|x| x.as_str()).collect();
                            writeln!(out, "excluded only by {name}: {}", ids.join(", "))?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn show_table(
    out: &mut impl Write,
    catalog: &Catalog,
    p: &cra62443_profile::Profile,
) -> Result<(), Failure> {
    writeln!(out, "{}  {} (version {})", p.id, p.title, p.version)?;
    let status = match p.status {
        cra62443_profile::ProfileStatus::DerivedByThisProject => {
            "derived by this project (not an official harmonised standard)"
        }
        cra62443_profile::ProfileStatus::User => "user profile",
        cra62443_profile::ProfileStatus::OfficialImported => "official profile (imported)",
    };
    writeln!(out, "  status       {status}")?;
    if let Some(e) = &p.extends {
        writeln!(out, "  extends      {e}")?;
    }
    writeln!(
        out,
        "  base         {}",
        p.base
            .iter()
            .map(|(d, e)| format!("{d}:{e}"))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    if !p.amendments.is_empty() {
        writeln!(out, "  amendments   {}", p.amendments.join(", "))?;
    }
    if !p.component_types.is_empty() {
        writeln!(
            out,
            "  types        {}",
            p.component_types
                .iter()
                .map(|t| t.prefix())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    if let Some(l) = &p.context.m606_line {
        writeln!(
            out,
            "  M/606        {l}  {}",
            catalog
                .get(l.as_str())
                .map(|r| r.title.as_str())
                .unwrap_or("")
        )?;
    }
    if let Some(c) = &p.context.cra_category {
        writeln!(
            out,
            "  CRA category {c}  {}",
            catalog
                .get(c.as_str())
                .map(|r| r.title.as_str())
                .unwrap_or("")
        )?;
    }
    if let Some(sl) = p.sl_target {
        writeln!(out, "  SL-T         {}", SlVector(sl))?;
    }
    if let Some(r) = &p.sl_rationale {
        for line in wrap(r, 92) {
            writeln!(out, "               {line}")?;
        }
    }
    for (label, text) in [
        ("intended use", &p.context.intended_use),
        ("environment", &p.context.operational_environment),
        ("architecture", &p.context.reference_architecture),
        ("sector", &p.context.sector),
    ] {
        if let Some(t) = text {
            writeln!(out, "  {label}:")?;
            for line in wrap(t, 94) {
                writeln!(out, "    {line}")?;
            }
        }
    }
    if !p.context.assumptions.is_empty() {
        writeln!(out, "  assumptions:")?;
        for a in &p.context.assumptions {
            for (i, line) in wrap(a, 92).into_iter().enumerate() {
                writeln!(out, "    {}{line}", if i == 0 { "- " } else { "  " })?;
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "Selection:")?;
    for s in &p.selection {
        let what = match &s.target {
            Target::Document { document } => format!("all of {document}"),
            Target::Entry { id } => id.to_string(),
        };
        writeln!(out, "  {} {what}", if s.include { "+" } else { "-" })?;
        if let Some(j) = &s.justification {
            for line in wrap(j, 92) {
                writeln!(out, "      {line}")?;
            }
        }
        if let Some(a) = &s.applicability {
            writeln!(out, "      applicable if: {a}")?;
        }
    }
    if !p.risk_evaluation.threats.is_empty() {
        writeln!(out)?;
        writeln!(out, "Risk evaluation:")?;
        for t in &p.risk_evaluation.threats {
            writeln!(out, "  {}  {}", t.id, t.description)?;
        }
        for r in &p.risk_evaluation.residual_risks {
            writeln!(out, "  residual: {r}")?;
        }
        for r in &p.risk_evaluation.out_of_scope {
            writeln!(out, "  out of scope: {r}")?;
        }
    }
    Ok(())
}

fn resolve_table(out: &mut impl Write, r: &Resolved) -> Result<(), Failure> {
    let sl = SlVector(r.sl_target).to_string();
    let t = r
        .component_type
        .map(|t| t.prefix().to_string())
        .unwrap_or_else(|| "all types".into());
    writeln!(
        out,
        "{} ({t}); chain {}; SL-T {sl}; amendments: {}",
        r.profile,
        r.chain.join(" -> "),
        if r.amendments.is_empty() {
            "none".into()
        } else {
            r.amendments.join(", ")
        }
    )?;
    let rows: Vec<Vec<String>> = r
        .requirements
        .iter()
        .map(|x| {
            vec![
                x.reference.clone(),
                x.sl.map(|v| v.to_string()).unwrap_or_default(),
                x.sl_target.map(|v| v.to_string()).unwrap_or_default(),
                x.applicability
                    .as_ref()
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
                x.title.chars().take(48).collect(),
            ]
        })
        .collect();
    write_table(
        out,
        &["REQUIREMENT", "SL", "SL-T", "APPLICABLE IF", "TITLE"],
        &rows,
    )?;
    writeln!(
        out,
        "{} required, {} selected but above target",
        r.requirements.len(),
        r.not_required.len()
    )?;
    if !r.excluded.is_empty() {
        writeln!(out)?;
        writeln!(out, "Excluded:")?;
        for e in &r.excluded {
            writeln!(out, "  {}  ({})", e.id, e.origin)?;
            for line in wrap(&e.justification, 92) {
                writeln!(out, "      {line}")?;
            }
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "CRA Annex I coverage of the required set (via the crosswalk):"
    )?;
    for c in &r.cra_coverage {
        writeln!(
            out,
            "  {:<8} {}  ({} requirements)",
            c.status.as_str(),
            c.reference,
            c.via.len()
        )?;
    }
    Ok(())
}
