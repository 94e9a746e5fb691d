//! `init`, `classify`, `plan`, `evidence add`, `verdict`, `assess`, `demo`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use cra62443_assess::{
    AssessmentFile, AssessmentResult, Evaluation, Inputs, MetBy, Product, Verdict, assessment_path,
};
use cra62443_catalog::Catalog;
use cra62443_crosswalk::Crosswalk;
use cra62443_profile::Profiles;

use cra62443_model::SlVector;

use crate::Failure;
use crate::cli::{AssessArgs, AssessFormat, FailOn, Format, InitArgs, VerdictArgs};
use crate::output::{wrap, write_atomically, write_json, write_table};

/// Everything loaded once for the assessment commands.
pub struct World {
    /// Catalogue.
    pub catalog: Catalog,
    /// Crosswalk.
    pub crosswalk: Crosswalk,
    /// Profiles and vocabulary.
    pub profiles: Profiles,
    /// Evaluation data.
    pub evaluation: Evaluation,
}

impl World {
    /// Loads everything from the data files (read once) and the profile directory.
    pub fn load(
        sources: &[cra62443_catalog::SourceFile],
        profile_dir: &Option<PathBuf>,
        overlay: &Option<PathBuf>,
    ) -> Result<Self, Failure> {
        let catalog = crate::commands::load_catalog(sources, overlay)?;
        let crosswalk = crate::crosswalk_cmd::load_crosswalk(&catalog, sources)?;
        let profiles = crate::profile_cmd::load_profiles(&catalog, sources, profile_dir)?;
        let names: Vec<String> = profiles
            .capabilities()
            .iter()
            .map(|t| t.id.clone())
            .collect();
        let evaluation = Evaluation::from_sources(&catalog, &names, sources)?;
        Ok(Self {
            catalog,
            crosswalk,
            profiles,
            evaluation,
        })
    }

    /// Reads a product file.
    pub fn product(&self, path: &Path) -> Result<Product, Failure> {
        let names: Vec<String> = self
            .profiles
            .capabilities()
            .iter()
            .map(|t| t.id.clone())
            .collect();
        Ok(cra62443_assess::load_product(
            path,
            &self.catalog,
            &names,
            &self.profiles.ids(),
        )?)
    }

    /// Runs the assessment of a product file.
    pub fn assess(
        &self,
        path: &Path,
        as_of: jiff::civil::Date,
    ) -> Result<AssessmentResult, Failure> {
        let product = self.product(path)?;
        let records = AssessmentFile::load(&assessment_path(path), &self.catalog)?;
        let inputs = Inputs {
            catalog: &self.catalog,
            crosswalk: &self.crosswalk,
            profiles: &self.profiles,
            evaluation: &self.evaluation,
            product: &product,
            records: &records,
            as_of,
        };
        cra62443_assess::assess(&inputs)
            .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))
    }
}

/// Parses `--as-of`, defaulting to today.
pub fn as_of(value: &Option<String>) -> Result<jiff::civil::Date, Failure> {
    match value {
        Some(v) => v
            .parse()
            .map_err(|_| Failure::Usage(format!("--as-of `{v}`: expected a date YYYY-MM-DD"))),
        None => Ok(jiff::ZonedDateTime::now().date()),
    }
}

/// `cra62443 classify`.
pub fn classify(
    out: &mut impl Write,
    world: &World,
    path: &Path,
    format: Format,
) -> Result<(), Failure> {
    let product = world.product(path)?;
    let c = cra62443_assess::classify(&world.catalog, &product, jiff::ZonedDateTime::now().date());
    match format {
        Format::Json | Format::Csv => write_json(out, &c)?,
        Format::Table => {
            writeln!(
                out,
                "{} {} — class: {}",
                product.product.name, product.product.version, c.class
            )?;
            if let (Some(item), Some(name)) = (&c.annex_item, &c.annex_item_name) {
                writeln!(
                    out,
                    "  annex item   {} {item} \"{name}\"",
                    c.annex_item_ref.clone().unwrap_or_default()
                )?;
            }
            for line in wrap(&c.rationale, 90) {
                writeln!(out, "               {line}")?;
            }
            writeln!(
                out,
                "  routes       {}",
                c.route_names
                    .iter()
                    .map(|r| r.name.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            )?;
            writeln!(out, "               {}", c.route_basis)?;
            if let Some(n) = &c.route_notes {
                for line in wrap(n, 90) {
                    writeln!(out, "               {line}")?;
                }
            }
            writeln!(
                out,
                "  support      {}: {}",
                c.support_period.status, c.support_period.message
            )?;
            for d in &c.dates {
                writeln!(
                    out,
                    "  {}   {} ({}){}",
                    d.date,
                    d.event,
                    d.basis,
                    if d.in_force { " — in force" } else { "" }
                )?;
            }
        }
    }
    Ok(())
}

/// `cra62443 plan`.
pub fn plan(
    out: &mut impl Write,
    world: &World,
    path: &Path,
    format: Format,
) -> Result<(), Failure> {
    let result = world.assess(path, jiff::ZonedDateTime::now().date())?;
    match format {
        Format::Json => write_json(out, &result.plan)?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let e = |e: csv::Error| Failure::Runtime(e.to_string());
            w.write_record([
                "id",
                "ref",
                "title",
                "target",
                "artefacts",
                "activities",
                "acceptance",
            ])
            .map_err(e)?;
            for p in &result.plan {
                w.write_record([
                    p.id.to_string(),
                    p.reference.clone(),
                    p.title.clone(),
                    p.target.clone().unwrap_or_default(),
                    p.artefacts.join(" | "),
                    p.activities.join(" | "),
                    p.acceptance.join(" | "),
                ])
                .map_err(e)?;
            }
            w.flush()?;
        }
        Format::Table => {
            writeln!(
                out,
                "Evaluation plan for {} {} (profile {}, SL-T {}); criteria derived by this project.",
                result.product.product.name,
                result.product.product.version,
                result.profile,
                SlVector(result.sl_target)
            )?;
            writeln!(
                out,
                "Step 1: security context, threat model and requirement selection (EA-3 … EA-11); step 2: artefacts below."
            )?;
            for p in &result.plan {
                writeln!(out)?;
                writeln!(
                    out,
                    "{}  {}  [{}]",
                    p.reference,
                    p.title,
                    p.target.clone().unwrap_or_default()
                )?;
                for a in &p.artefacts {
                    for (i, line) in wrap(a, 92).into_iter().enumerate() {
                        writeln!(
                            out,
                            "  {}{line}",
                            if i == 0 { "bring: " } else { "       " }
                        )?;
                    }
                }
                for a in &p.acceptance {
                    for (i, line) in wrap(a, 92).into_iter().enumerate() {
                        writeln!(
                            out,
                            "  {}{line}",
                            if i == 0 { "accept: " } else { "        " }
                        )?;
                    }
                }
            }
            writeln!(out)?;
            writeln!(out, "{} requirements to evaluate.", result.plan.len())?;
        }
    }
    Ok(())
}

/// `cra62443 evidence add`.
pub fn evidence_add(
    out: &mut impl Write,
    world: &World,
    product: &Path,
    requirement: &str,
    files: &[PathBuf],
    description: Option<&str>,
) -> Result<(), Failure> {
    let id = world.catalog.resolve(requirement)?.id.clone();
    let p = world.product(product)?;
    let path = assessment_path(product);
    let mut file = AssessmentFile::load(&path, &world.catalog)?;
    let added = file
        .add_evidence(id.as_str(), p.dir(), files, description)
        .map_err(Failure::Usage)?;
    file.save(&path).map_err(Failure::Runtime)?;
    for e in &added {
        writeln!(out, "{id}: added {} (sha256 {})", e.file, e.sha256)?;
    }
    if added.is_empty() {
        writeln!(
            out,
            "{id}: nothing new (the files are already recorded with these hashes)"
        )?;
    }
    Ok(())
}

/// `cra62443 verdict`.
pub fn verdict(out: &mut impl Write, world: &World, args: &VerdictArgs) -> Result<(), Failure> {
    let id = world.catalog.resolve(&args.requirement)?.id.clone();
    world.product(&args.product)?;
    let verdict = Verdict::parse(&args.verdict).ok_or_else(|| {
        Failure::Usage(format!(
            "verdict `{}`: expected pass, fail, partial or n/a",
            args.verdict
        ))
    })?;
    let met_by = match args.met_by.as_deref() {
        None => None,
        Some("component") => Some(MetBy::Component),
        Some("integration") => Some(MetBy::Integration),
        Some(other) => {
            return Err(Failure::Usage(format!(
                "--met-by `{other}`: expected component or integration"
            )));
        }
    };
    let date = match &args.date {
        Some(d) => {
            d.parse::<jiff::civil::Date>()
                .map_err(|_| Failure::Usage(format!("--date `{d}`: expected YYYY-MM-DD")))?;
            d.clone()
        }
        None => jiff::ZonedDateTime::now().date().to_string(),
    };
    let path = assessment_path(&args.product);
    let mut file = AssessmentFile::load(&path, &world.catalog)?;
    let previous = file.record(id.as_str()).and_then(|r| r.verdict);
    file.set_verdict(
        id.as_str(),
        verdict,
        met_by,
        args.maturity,
        args.note.clone(),
        args.assessor.clone(),
        date,
    );
    file.save(&path).map_err(Failure::Runtime)?;
    let evidence = file
        .record(id.as_str())
        .map(|r| r.evidence.len())
        .unwrap_or(0);
    writeln!(
        out,
        "{id}: {}{}{}",
        verdict.as_str(),
        previous
            .map(|p| format!(" (was {}, kept in history)", p.as_str()))
            .unwrap_or_default(),
        if evidence == 0 && verdict != Verdict::NotApplicable {
            " — no evidence yet: the verdict is unsupported until you add some"
        } else {
            ""
        }
    )?;
    Ok(())
}

/// `cra62443 assess`.
pub fn assess(out: &mut impl Write, world: &World, args: &AssessArgs) -> Result<i32, Failure> {
    let date = as_of(&args.as_of)?;
    let result = world.assess(&args.product, date)?;
    let templates = match &args.templates {
        Some(dir) => {
            cra62443_report::Templates::from_dir(dir).map_err(|e| Failure::Usage(e.to_string()))?
        }
        None => cra62443_report::Templates::default(),
    };
    if !args.no_write {
        let dir = args.out.clone().unwrap_or_else(|| {
            args.product
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .join("report")
        });
        let written = cra62443_report::write_reports(&result, &dir, &templates)
            .map_err(|e| Failure::Runtime(e.to_string()))?;
        for w in written {
            eprintln!("wrote {}", w.display());
        }
    }
    match args.format {
        AssessFormat::Json => out.write_all(cra62443_report::json(&result).as_bytes())?,
        AssessFormat::Md => out.write_all(
            cra62443_report::markdown(&result, &templates)
                .map_err(|e| Failure::Runtime(e.to_string()))?
                .as_bytes(),
        )?,
        AssessFormat::Html => out.write_all(
            cra62443_report::html(&result, &templates)
                .map_err(|e| Failure::Runtime(e.to_string()))?
                .as_bytes(),
        )?,
        AssessFormat::Table => summary(out, &result)?,
    }
    let tripped = args.fail_on.iter().any(|f| match f {
        FailOn::Gap => result.cra.iter().any(|c| c.status == "not-covered"),
        FailOn::Stale => result.summary.stale > 0,
        FailOn::Fail => result.summary.fail > 0,
        FailOn::Missing => result.summary.missing > 0,
        FailOn::NotReady => !result.readiness.ready,
    });
    Ok(if tripped { 3 } else { 0 })
}

/// A terminal summary of a result.
pub fn summary(out: &mut impl Write, r: &AssessmentResult) -> Result<(), Failure> {
    writeln!(
        out,
        "{} {} ({}) — {}",
        r.product.product.name,
        r.product.product.version,
        r.product.manufacturer.name,
        r.product.product.product_type
    )?;
    writeln!(
        out,
        "  class        {}{}",
        r.classification.class,
        r.classification
            .annex_item_name
            .as_ref()
            .map(|n| format!(
                " — {} \"{n}\"",
                r.classification.annex_item_ref.clone().unwrap_or_default()
            ))
            .unwrap_or_default()
    )?;
    writeln!(out, "  routes       {}", r.classification.routes.join(", "))?;
    writeln!(
        out,
        "  profile      {} (SL-T {})",
        r.profile,
        SlVector(r.sl_target)
    )?;
    writeln!(out, "  SL achieved  {}", SlVector(r.sl_achieved))?;
    let s = &r.summary;
    writeln!(
        out,
        "  SoA          {} requirements: {} applicable, {} not applicable ({} overrides)",
        s.requirements, s.applicable, s.not_applicable, s.overrides
    )?;
    writeln!(
        out,
        "  verdicts     {} pass, {} fail, {} partial, {} missing; {} stale, {} without evidence",
        s.pass, s.fail, s.partial, s.missing, s.stale, s.unsupported
    )?;
    writeln!(
        out,
        "  CRA Annex I  {} covered, {} partial, {} not covered, {} not applicable",
        s.cra_covered, s.cra_partial, s.cra_not_covered, s.cra_not_applicable
    )?;
    let rows: Vec<Vec<String>> = r
        .cra
        .iter()
        .map(|c| {
            vec![
                c.status.clone(),
                c.reference.clone(),
                c.title.chars().take(56).collect(),
            ]
        })
        .collect();
    write_table(
        out,
        &["  STATUS", "ITEM", "TITLE"],
        &rows
            .into_iter()
            .map(|mut v| {
                v[0] = format!("  {}", v[0]);
                v
            })
            .collect::<Vec<_>>(),
    )?;
    writeln!(out, "  readiness    {}", r.readiness.summary)?;
    if !r.actions.is_empty() {
        writeln!(out, "  open actions ({}):", r.actions.len())?;
        for a in r.actions.iter().take(12) {
            let text = format!("[{}] {}", a.kind, a.message);
            for (i, line) in wrap(&text, 94).into_iter().enumerate() {
                writeln!(out, "    {}{line}", if i == 0 { "- " } else { "  " })?;
            }
        }
        if r.actions.len() > 12 {
            writeln!(out, "    … {} more in the report", r.actions.len() - 12)?;
        }
    }
    Ok(())
}

/// The bundled examples: (path relative to `examples/`, content).
const EXAMPLES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// `cra62443 demo`.
pub fn demo(
    out: &mut impl Write,
    world: &World,
    dir: &Path,
    as_of_arg: &Option<String>,
) -> Result<(), Failure> {
    let date = as_of(as_of_arg)?;
    // Write the examples (never over a user's changed file: an existing different file stays).
    for (name, content) in EXAMPLES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Failure::Runtime(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        match std::fs::read(&path) {
            Ok(existing) if existing == content.as_bytes() => {}
            Ok(_) => eprintln!(
                "keeping your changed {} (delete it to restore the example)",
                path.display()
            ),
            Err(_) => write_atomically(&path, content.as_bytes())?,
        }
    }
    let mut products: Vec<PathBuf> = EXAMPLES
        .iter()
        .filter(|(n, _)| n.ends_with("product.yaml"))
        .map(|(n, _)| dir.join(n))
        .collect();
    products.sort();
    writeln!(
        out,
        "cra62443 demo: {} example products in {} (assessment date {date})",
        products.len(),
        dir.display()
    )?;
    for p in &products {
        let result = world.assess(p, date)?;
        let report_dir = p.parent().unwrap_or(Path::new(".")).join("report");
        cra62443_report::write_reports(
            &result,
            &report_dir,
            &cra62443_report::Templates::default(),
        )
        .map_err(|e| Failure::Runtime(e.to_string()))?;
        writeln!(out)?;
        summary(out, &result)?;
        writeln!(
            out,
            "  reports      {}",
            report_dir.join("report.html").display()
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Next: copy one example folder, describe your product in product.yaml, record evidence with"
    )?;
    writeln!(
        out,
        "`cra62443 evidence add REQ FILE --product PATH` and verdicts with `cra62443 verdict REQ pass --product PATH`."
    )?;
    Ok(())
}

fn prompt(label: &str, default: &str) -> String {
    eprint!("{label} [{default}]: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    if std::io::stdin().read_line(&mut line).is_ok() && !line.trim().is_empty() {
        line.trim().to_string()
    } else {
        default.to_string()
    }
}

/// `cra62443 init`.
pub fn init(out: &mut impl Write, world: &World, args: &InitArgs) -> Result<(), Failure> {
    if args.output.exists() && !args.force {
        return Err(Failure::Usage(format!(
            "{} exists; use --force to overwrite it (nothing was written)",
            args.output.display()
        )));
    }
    let interactive = !args.non_interactive && std::io::stdin().is_terminal();
    let ask = |value: &Option<String>, label: &str, default: &str| -> String {
        match value {
            Some(v) => v.clone(),
            None if interactive => prompt(label, default),
            None => default.to_string(),
        }
    };
    let name = ask(&args.name, "Product name", "My OT product");
    let manufacturer = ask(&args.manufacturer, "Manufacturer", "My Company GmbH");
    let product_type = ask(
        &args.product_type,
        "Product type in words",
        "managed industrial Ethernet switch",
    );
    let version = ask(&args.product_version, "Version", "1.0.0");
    let types = if args.component_type.is_empty() {
        ask(
            &None,
            "Component type(s): SAR, EDR, HDR, NDR or system",
            "NDR",
        )
    } else {
        args.component_type.join(", ")
    };
    let profile_list = world.profiles.ids().join(", ");
    let profile = ask(
        &args.profile,
        &format!("Profile ({profile_list})"),
        "ot-component",
    );
    let category = ask(
        &args.category,
        "Annex III/IV category of the core functionality (empty: default product)",
        "",
    );
    let text = template(
        &name,
        &manufacturer,
        &product_type,
        &version,
        &types,
        &profile,
        &category,
    );
    // Validate before writing, so the template the user starts from always loads.
    let names: Vec<String> = world
        .profiles
        .capabilities()
        .iter()
        .map(|t| t.id.clone())
        .collect();
    cra62443_assess::parse_product(
        &args.output.display().to_string(),
        &text,
        &args.output,
        &world.catalog,
        &names,
        &world.profiles.ids(),
    )?;
    write_atomically(&args.output, text.as_bytes())?;
    writeln!(
        out,
        "wrote {}; edit it, then run `cra62443 classify {0}` and `cra62443 assess {0}`",
        args.output.display()
    )?;
    Ok(())
}

fn template(
    name: &str,
    manufacturer: &str,
    product_type: &str,
    version: &str,
    types: &str,
    profile: &str,
    category: &str,
) -> String {
    let category_line = if category.trim().is_empty() {
        "  # category: cra:annex-iii.c1.12   # none: a default product".to_string()
    } else {
        format!("  category: {category}")
    };
    format!(
        r#"schema: cra62443/product/v1
# Product description for cra62443. Every field is explained; see README "Assess a product".

manufacturer:                      # Annex II (1)
  name: "{manufacturer}"
  address: "Street 1, 12345 City, Country"
  contact: "info@example.com"
  website: "https://example.com"
  vulnerability_contact: "psirt@example.com"   # Annex II (2)
  cvd_policy: "https://example.com/security/cvd"

product:                           # Annex II (3): unique identification
  name: "{name}"
  type: "{product_type}"
  model: "MODEL-1"
  version: "{version}"
  hardware_ids: ["hardware revision A"]
  software_ids: ["firmware {version}"]

# Article 13(3): the risk assessment is based on these
intended_purpose: "What the product is for, in the operator's words."
foreseeable_use: "How it is reasonably expected to be used."
foreseeable_misuse: "Misuse that can reasonably be foreseen."
conditions_of_use: "Installation, users, maintenance."
operational_environment: "Zone, network exposure, physical protection."
assets: ["availability of the process", "configuration integrity"]
expected_time_in_use: {{ years: 15, justification: "typical plant lifetime" }}

core_functionality:                # Art. 7(1): the Annex III/IV category, if the core functionality has one
{category_line}
  rationale: "Why this category (or why none)."

component_types: [{types}]          # SAR, EDR, HDR, NDR, or system
capabilities:                      # technical capabilities (data/vocabulary/capabilities.yaml)
  - network-services
  - updatable-software
uses: []                           # intended-use tokens for applicability conditions (use:NAME)

support_period:                    # Art. 13(8): at least five years unless the expected use is shorter
  start: 2026-01-01
  end: 2031-12-31
  justification: "Five years of security updates from the release."

profile: {profile}
# sl_target: [2, 2, 2, 2, 2, 2, 2] # overrides the profile's SL-T per FR
amendments: [a11]                  # read the draft A11 amendments of 62443-4-1/4-2

standards:                         # Annex VII (5); harmonised: true only for OJ-cited hENs
  - {{ id: "EN IEC 62443-4-1:2018", applied: full, harmonised: false }}
  - {{ id: "EN IEC 62443-4-2:2019", applied: full, harmonised: false }}

evidence_dir: evidence
risk_assessment:                   # Art. 13(3)
  document: evidence/risk-assessment.md
  updated: 2026-01-01

overrides: []                      # {{ id, applicable: false, justification }}: Art. 13(4) requires one
"#
    )
}
