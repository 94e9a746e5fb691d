//! The commands: each loads what it needs and writes to stdout.

use std::io::{self, Write};
use std::process::ExitCode;

use cra62443_catalog::{Catalog, ListFilter, Overlay, SourceFile};
use cra62443_model::{Kind, Requirement};
use serde::Serialize;

use crate::Failure;
use crate::cli::{CatalogCommand, Cli, Command, DataCommand, ExportCommand, Format, ListArgs};
use crate::crosswalk_cmd::load_crosswalk;
use crate::output::{requirement_rows, write_csv, write_json, write_table};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Data(DataCommand::Check { dir }) => {
            data_check(dir.as_deref().or(cli.data_dir.as_deref()))
        }
        Command::Map(args) => {
            let sources = data_sources(&cli.data_dir)?;
            let catalog = load_catalog(&sources, &cli.overlay)?;
            let crosswalk = load_crosswalk(&catalog, &sources)?;
            crate::crosswalk_cmd::map(&mut io::stdout().lock(), &catalog, &crosswalk, &args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Gaps(args) => {
            let sources = data_sources(&cli.data_dir)?;
            let catalog = load_catalog(&sources, &cli.overlay)?;
            let crosswalk = load_crosswalk(&catalog, &sources)?;
            crate::crosswalk_cmd::gaps(&mut io::stdout().lock(), &catalog, &crosswalk, &args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(ExportCommand::Oscal { out, timestamp }) => {
            let sources = data_sources(&cli.data_dir)?;
            let catalog = load_catalog(&sources, &None)?;
            let crosswalk = load_crosswalk(&catalog, &sources)?;
            let profiles = crate::profile_cmd::load_profiles(&catalog, &sources, &cli.profile_dir)?;
            crate::crosswalk_cmd::export_oscal(
                &mut io::stdout().lock(),
                &catalog,
                &crosswalk,
                &profiles,
                &out,
                timestamp.as_deref(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init(args) => {
            let world = crate::assess_cmd::World::load(
                &data_sources(&cli.data_dir)?,
                &cli.profile_dir,
                &None,
            )?;
            crate::assess_cmd::init(&mut io::stdout().lock(), &world, &args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Classify { product, format } => {
            let world = crate::assess_cmd::World::load(
                &data_sources(&cli.data_dir)?,
                &cli.profile_dir,
                &None,
            )?;
            crate::assess_cmd::classify(&mut io::stdout().lock(), &world, &product, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Plan { product, format } => {
            let world = crate::assess_cmd::World::load(
                &data_sources(&cli.data_dir)?,
                &cli.profile_dir,
                &cli.overlay,
            )?;
            crate::assess_cmd::plan(&mut io::stdout().lock(), &world, &product, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Evidence(crate::cli::EvidenceCommand::Add {
            requirement,
            files,
            product,
            description,
        }) => {
            let world = crate::assess_cmd::World::load(
                &data_sources(&cli.data_dir)?,
                &cli.profile_dir,
                &None,
            )?;
            crate::assess_cmd::evidence_add(
                &mut io::stdout().lock(),
                &world,
                &product,
                &requirement,
                &files,
                description.as_deref(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Verdict(args) => {
            let world = crate::assess_cmd::World::load(
                &data_sources(&cli.data_dir)?,
                &cli.profile_dir,
                &None,
            )?;
            crate::assess_cmd::verdict(&mut io::stdout().lock(), &world, &args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Assess(args) => {
            let world = crate::assess_cmd::World::load(
                &data_sources(&cli.data_dir)?,
                &cli.profile_dir,
                &cli.overlay,
            )?;
            let code = crate::assess_cmd::assess(&mut io::stdout().lock(), &world, &args)?;
            Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
        }
        Command::Demo { out, as_of } => {
            let world = crate::assess_cmd::World::load(
                &data_sources(&cli.data_dir)?,
                &cli.profile_dir,
                &None,
            )?;
            crate::assess_cmd::demo(&mut io::stdout().lock(), &world, &out, &as_of)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Sbom(command) => external(
            cra62443_sbom::cli::run(command, &mut io::stdout().lock()),
            |e| e.exit_code(),
        ),
        Command::ReportClock(args) => external(
            cra62443_cvd::cli::run_report_clock(args, &mut io::stdout().lock()),
            |e| e.exit_code(),
        ),
        Command::Securitytxt(command) => external(
            cra62443_cvd::cli::run_securitytxt(command, &mut io::stdout().lock()),
            |e| e.exit_code(),
        ),
        Command::Vulndb(command) => external(
            cra62443_vuln::cli::run_vulndb(command, &mut io::stdout().lock()),
            |e| e.exit_code(),
        ),
        Command::Vuln(command) => external(
            cra62443_vuln::cli::run_vuln(command, &mut io::stdout().lock()),
            |e| e.exit_code(),
        ),
        Command::Vex(command) => external(
            cra62443_vex::cli::run_vex(command, &mut io::stdout().lock()),
            |e| e.exit_code(),
        ),
        Command::Advisory(command) => external(
            cra62443_vex::cli::run_advisory(command, &mut io::stdout().lock()),
            |e| e.exit_code(),
        ),
        Command::Profile(command) => {
            let sources = data_sources(&cli.data_dir)?;
            let catalog = load_catalog(&sources, &cli.overlay)?;
            let crosswalk = load_crosswalk(&catalog, &sources)?;
            crate::profile_cmd::run(
                &mut io::stdout().lock(),
                &catalog,
                &crosswalk,
                &sources,
                &cli.profile_dir,
                command,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Catalog(command) => {
            let catalog = load_catalog(&data_sources(&cli.data_dir)?, &cli.overlay)?;
            let stdout = io::stdout();
            let mut out = stdout.lock();
            match command {
                CatalogCommand::Docs { format } => docs(&mut out, &catalog, format)?,
                CatalogCommand::List(args) => list(&mut out, &catalog, &args)?,
                CatalogCommand::Show { id, format } => show(&mut out, &catalog, &id, format)?,
                CatalogCommand::Search {
                    text,
                    limit,
                    format,
                } => search(&mut out, &catalog, &text, limit, format)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The exit code of a command of one of the format crates: its own code on success; its error as
/// bad usage (exit code 2) or a runtime failure (1), as the crate classifies it.
fn external<E: std::fmt::Display>(
    result: Result<i32, E>,
    code_of: impl Fn(&E) -> i32,
) -> Result<ExitCode, Failure> {
    match result {
        Ok(code) => Ok(ExitCode::from(u8::try_from(code).unwrap_or(1))),
        Err(e) if code_of(&e) == 2 => Err(Failure::Usage(e.to_string())),
        Err(e) => Err(Failure::Runtime(e.to_string())),
    }
}

/// Loads bundled data, the user's directory and the overlay.
/// The data files: the bundled ones with the user's data directory on top. Read once per run
/// and handed to every loader.
pub fn data_sources(data_dir: &Option<std::path::PathBuf>) -> Result<Vec<SourceFile>, Failure> {
    Ok(match data_dir {
        Some(dir) => cra62443_catalog::merged_sources(dir)?,
        None => cra62443_catalog::bundled_sources(),
    })
}

/// Loads the catalogue from the data files and applies the overlay.
pub fn load_catalog(
    sources: &[SourceFile],
    overlay: &Option<std::path::PathBuf>,
) -> Result<Catalog, Failure> {
    let mut catalog = Catalog::from_sources(sources)?;
    if let Some(path) = overlay {
        let overlay = Overlay::load(path, &catalog)?;
        catalog.apply_overlay(&overlay);
    }
    Ok(catalog)
}

fn data_check(dir: Option<&std::path::Path>) -> Result<ExitCode, Failure> {
    let sources = data_sources(&dir.map(|d| d.to_path_buf()))?;
    let catalog = Catalog::from_sources(&sources)?;
    let crosswalk = load_crosswalk(&catalog, &sources)?;
    let profiles = crate::profile_cmd::load_profiles(&catalog, &sources, &None)?;
    let capability_names: Vec<String> = profiles
        .capabilities()
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let evaluation =
        cra62443_assess::Evaluation::from_sources(&catalog, &capability_names, &sources)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut rows = Vec::new();
    for doc in catalog.documents() {
        let count = catalog
            .entries()
            .iter()
            .filter(|e| e.document == doc.id)
            .count();
        let checked = doc.expected_counts.len();
        rows.push(vec![
            doc.id.clone(),
            count.to_string(),
            checked.to_string(),
            doc.origin.clone(),
        ]);
    }
    write_table(
        &mut out,
        &["DOCUMENT", "ENTRIES", "COUNTS CHECKED", "FILE"],
        &rows,
    )?;
    let mut set_rows = Vec::new();
    for set in crosswalk.sets() {
        let gaps = set
            .rows
            .iter()
            .filter(|r| matches!(r.kind, cra62443_crosswalk::RowKind::Gap { .. }))
            .count();
        set_rows.push(vec![
            set.id.clone(),
            (set.rows.len() - gaps).to_string(),
            gaps.to_string(),
            set.file.clone(),
        ]);
    }
    writeln!(out)?;
    write_table(
        &mut out,
        &["MAPPING SET", "RELATIONS", "GAPS", "FILE"],
        &set_rows,
    )?;
    let amendments: Vec<String> = catalog
        .documents()
        .iter()
        .flat_map(|d| {
            d.editions
                .iter()
                .filter(|e| e.amends.is_some())
                .map(move |e| format!("{}/{}", d.id, e.id))
        })
        .collect();
    writeln!(
        out,
        "ok: {} documents, {} entries, {} amendments ({}), {} mapping sets with {} rows, {} profiles, {} evaluation criteria, no problems",
        catalog.documents().len(),
        catalog.entries().len(),
        amendments.len(),
        amendments.join(", "),
        crosswalk.sets().len(),
        crosswalk.sets().iter().map(|s| s.rows.len()).sum::<usize>(),
        profiles.all().len(),
        evaluation.criteria.len()
    )?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct DocSummary<'a> {
    id: &'a str,
    short: &'a str,
    title: &'a str,
    publisher: &'a str,
    editions: &'a [cra62443_model::Edition],
    text_policy: cra62443_model::TextPolicy,
    entries: usize,
    by_kind: std::collections::BTreeMap<String, usize>,
}

fn docs(out: &mut impl Write, catalog: &Catalog, format: Format) -> Result<(), Failure> {
    let summaries: Vec<DocSummary<'_>> = catalog
        .documents()
        .iter()
        .map(|d| {
            let mut by_kind = std::collections::BTreeMap::new();
            let mut entries = 0;
            for e in catalog.entries().iter().filter(|e| e.document == d.id) {
                *by_kind.entry(e.kind.to_string()).or_insert(0) += 1;
                entries += 1;
            }
            DocSummary {
                id: &d.id,
                short: &d.short,
                title: &d.title,
                publisher: &d.publisher,
                editions: &d.editions,
                text_policy: d.text_policy,
                entries,
                by_kind,
            }
        })
        .collect();
    match format {
        Format::Json => write_json(out, &summaries)?,
        Format::Table | Format::Csv => {
            let rows: Vec<Vec<String>> = summaries
                .iter()
                .map(|s| {
                    let editions = s
                        .editions
                        .iter()
                        .map(|e| format!("{} ({})", e.id, e.status))
                        .collect::<Vec<_>>()
                        .join(", ");
                    vec![
                        s.id.to_string(),
                        s.short.to_string(),
                        editions,
                        s.entries.to_string(),
                        s.title.to_string(),
                    ]
                })
                .collect();
            if format == Format::Csv {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(["id", "short", "editions", "entries", "title"])
                    .map_err(csv_err)?;
                for row in rows {
                    w.write_record(row).map_err(csv_err)?;
                }
                w.flush()?;
            } else {
                write_table(
                    out,
                    &["DOCUMENT", "SHORT", "EDITIONS", "ENTRIES", "TITLE"],
                    &rows,
                )?;
            }
        }
    }
    Ok(())
}

fn csv_err(e: csv::Error) -> Failure {
    Failure::Runtime(e.to_string())
}

fn list(out: &mut impl Write, catalog: &Catalog, args: &ListArgs) -> Result<(), Failure> {
    if let Some(doc) = &args.document
        && catalog.document(doc).is_none()
    {
        let known: Vec<&str> = catalog.documents().iter().map(|d| d.id.as_str()).collect();
        return Err(Failure::Usage(format!(
            "unknown document `{doc}`: expected one of {}",
            known.join(", ")
        )));
    }
    let mut kinds = Vec::new();
    for k in &args.kind {
        match Kind::ALL.iter().find(|x| x.as_str() == k) {
            Some(kind) => kinds.push(*kind),
            None => {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                return Err(Failure::Usage(format!(
                    "unknown kind `{k}`: expected one of {}",
                    names.join(", ")
                )));
            }
        }
    }
    check_amendments(catalog, &args.with_amendments)?;
    let filter = ListFilter {
        document: args.document.clone(),
        fr: args.fr,
        component_type: args.component_type,
        sl_vector: args.sl_vector,
        amendments: args.with_amendments.clone(),
        kinds,
    };
    let entries = catalog.list(&filter);
    write_entries(out, &entries, args.format)
}

fn write_entries(
    out: &mut impl Write,
    entries: &[&Requirement],
    format: Format,
) -> Result<(), Failure> {
    match format {
        Format::Json => write_json(out, entries)?,
        Format::Csv => write_csv(out, entries)?,
        Format::Table => {
            let (header, rows) = requirement_rows(entries);
            write_table(out, &header, &rows)?;
            writeln!(out, "{} entries", entries.len())?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    requirement: &'a Requirement,
    children: Vec<String>,
}

fn show(out: &mut impl Write, catalog: &Catalog, id: &str, format: Format) -> Result<(), Failure> {
    let r = catalog.resolve(id)?;
    let children: Vec<String> = catalog
        .children(r.id.as_str())
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    match format {
        Format::Json => write_json(
            out,
            &ShowJson {
                requirement: r,
                children,
            },
        )?,
        Format::Csv => {
            return Err(Failure::Usage(
                "`catalog show` writes table or json; use `catalog list --format csv` for CSV"
                    .into(),
            ));
        }
        Format::Table => {
            let doc = catalog.document(&r.document);
            let edition = doc.and_then(|d| d.edition(&r.edition));
            writeln!(out, "{}  {}", r.reference, r.title)?;
            let mut fields: Vec<(&str, String)> = vec![
                ("id", r.id.to_string()),
                (
                    "document",
                    doc.map(|d| format!("{} ({})", d.short, d.id))
                        .unwrap_or_else(|| r.document.clone()),
                ),
                (
                    "edition",
                    edition
                        .map(|e| format!("{} [{}]", e.name, e.status))
                        .unwrap_or_else(|| r.edition.clone()),
                ),
                ("kind", r.kind.to_string()),
            ];
            if let Some(p) = &r.parent {
                let label = catalog
                    .get(p.as_str())
                    .map(|p| format!("{p_id} ({})", p.reference, p_id = p.id))
                    .unwrap_or_else(|| p.to_string());
                fields.push(("parent", label));
            }
            if let Some(fr) = r.fr {
                fields.push(("fr", format!("FR {fr}")));
            }
            if let Some(practice) = r.practice {
                fields.push(("practice", format!("Practice {practice}")));
            }
            if let Some(sl) = r.sl {
                fields.push(("sl", format!("first required at SL {sl}")));
            }
            if let Some(types) = &r.component_types {
                let t = if types.is_empty() {
                    "all (CR: common to SAR, EDR, HDR, NDR)".to_string()
                } else {
                    types
                        .iter()
                        .map(|t| format!("{} ({})", t.prefix(), t.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                fields.push(("component types", t));
            }
            fields.push((
                "assessable",
                if r.assessable {
                    "yes".into()
                } else {
                    "no".into()
                },
            ));
            fields.push((
                "confidence",
                format!("{} ({})", r.confidence, r.confidence.describe()),
            ));
            fields.push(("source", r.source.clone()));
            if let Some(d) = &r.deadline {
                fields.push(("deadline", d.clone()));
            }
            if let Some(a) = &r.cra_anchor {
                let label = catalog
                    .get(a.as_str())
                    .map(|c| format!("{} ({})", c.id, c.reference))
                    .unwrap_or_else(|| a.to_string());
                fields.push(("cra anchor", label));
            }
            if !r.aliases.is_empty() {
                fields.push(("aliases", r.aliases.join("; ")));
            }
            for (k, v) in &r.attributes {
                fields.push((k.as_str(), v.clone()));
            }
            let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
            for (k, v) in &fields {
                writeln!(out, "  {k:width$}  {v}")?;
            }
            writeln!(out)?;
            writeln!(out, "Summary (own words, not the source text):")?;
            writeln!(out, "  {}", r.summary)?;
            if let Some(text) = &r.text {
                writeln!(out)?;
                writeln!(out, "Legal text ({}):", r.reference)?;
                writeln!(out, "  {text}")?;
            }
            if let Some(text) = &r.overlay_text {
                writeln!(out)?;
                writeln!(
                    out,
                    "Licensed text (your overlay: {}):",
                    r.overlay_source.as_deref().unwrap_or("?")
                )?;
                for line in text.lines() {
                    writeln!(out, "  {line}")?;
                }
            }
            for note in &r.amended_by {
                writeln!(out)?;
                let action = match note.action {
                    cra62443_model::AmendmentAction::Modified => "modified",
                    cra62443_model::AmendmentAction::Deleted => "DELETED",
                };
                writeln!(
                    out,
                    "Amendment {} ({action}, confidence {}):",
                    note.amendment, note.confidence
                )?;
                writeln!(out, "  {}", note.change)?;
                writeln!(out, "  source: {}", note.source)?;
            }
            if let Some(notes) = &r.notes {
                writeln!(out)?;
                writeln!(out, "Notes:")?;
                writeln!(out, "  {notes}")?;
            }
            if !r.related.is_empty() {
                writeln!(out)?;
                writeln!(out, "Related:")?;
                for rel in &r.related {
                    let label = catalog
                        .get(rel.as_str())
                        .map(|x| format!("{}  {}  {}", x.id, x.reference, x.title))
                        .unwrap_or_else(|| rel.to_string());
                    writeln!(out, "  {label}")?;
                }
            }
            let kids = catalog.children(r.id.as_str());
            if !kids.is_empty() {
                writeln!(out)?;
                writeln!(out, "Children:")?;
                for c in kids {
                    let sl = c.sl.map(|s| format!("  SL {s}")).unwrap_or_default();
                    let amendment = c
                        .amendment
                        .as_ref()
                        .map(|a| format!("  [{a}]"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "  {}  {}  {}{sl}{amendment}",
                        c.id, c.reference, c.title
                    )?;
                }
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct SearchJson<'a> {
    score: u32,
    #[serde(flatten)]
    requirement: &'a Requirement,
}

fn search(
    out: &mut impl Write,
    catalog: &Catalog,
    text: &str,
    limit: usize,
    format: Format,
) -> Result<(), Failure> {
    let hits = catalog.search(text, limit);
    match format {
        Format::Json => {
            let items: Vec<SearchJson<'_>> = hits
                .iter()
                .map(|h| SearchJson {
                    score: h.score,
                    requirement: h.requirement,
                })
                .collect();
            write_json(out, &items)?;
        }
        Format::Csv => {
            let entries: Vec<&Requirement> = hits.iter().map(|h| h.requirement).collect();
            write_csv(out, &entries)?;
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| {
                    vec![
                        h.score.to_string(),
                        h.requirement.id.to_string(),
                        h.requirement.reference.clone(),
                        h.requirement.title.clone(),
                    ]
                })
                .collect();
            write_table(out, &["SCORE", "ID", "REF", "TITLE"], &rows)?;
            writeln!(out, "{} matches", hits.len())?;
        }
    }
    Ok(())
}

/// Rejects any `--with-amendment` value that names no amendment edition in the catalogue.
pub fn check_amendments(catalog: &Catalog, amendments: &[String]) -> Result<(), Failure> {
    match amendments.iter().find(|a| !catalog.is_amendment(a)) {
        Some(unknown) => Err(Failure::Usage(format!(
            "unknown amendment `{unknown}`: expected e.g. `a11`"
        ))),
        None => Ok(()),
    }
}
