//! Assessment throughput: one product (resolve + applicability + evaluation + coverage + JSON)
//! and a generated portfolio of 1,000 product variants with all three reports rendered.
//! `cargo bench -p cra62443-report --bench portfolio` prints the figures (README "Performance").

use std::path::{Path, PathBuf};
use std::time::Instant;

use cra62443_assess::{AssessmentFile, Evaluation, Inputs, assess, assessment_path, parse_product};
use cra62443_catalog::{Catalog, bundled_sources};
use cra62443_crosswalk::Crosswalk;
use cra62443_profile::Profiles;

fn main() {
    let t0 = Instant::now();
    let catalog = Catalog::bundled().expect("bundled data");
    let crosswalk = Crosswalk::bundled(&catalog).expect("crosswalk");
    let profiles = Profiles::bundled(&catalog).expect("profiles");
    let names: Vec<String> = profiles
        .capabilities()
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let evaluation =
        Evaluation::from_sources(&catalog, &names, &bundled_sources()).expect("evaluation");
    let load = t0.elapsed();
    let as_of: jiff::civil::Date = "2026-11-29".parse().unwrap();
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let product_path = examples.join("managed-switch/product.yaml");
    let text = std::fs::read_to_string(&product_path).unwrap();
    let records = AssessmentFile::load(&assessment_path(&product_path), &catalog).unwrap();

    // One product, repeated.
    let product = parse_product(
        "product.yaml",
        &text,
        &product_path,
        &catalog,
        &names,
        &profiles.ids(),
    )
    .unwrap();
    let runs = 50;
    let t = Instant::now();
    let mut json_bytes = 0;
    for _ in 0..runs {
        let r = assess(&Inputs {
            catalog: &catalog,
            crosswalk: &crosswalk,
            profiles: &profiles,
            evaluation: &evaluation,
            product: &product,
            records: &records,
            as_of,
        })
        .unwrap();
        json_bytes = cra62443_report::json(&r).len();
    }
    let per_product = t.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);

    // A portfolio of 1,000 variants: profiles, component types, capabilities and SL-T vary.
    let variants = [
        ("ot-router-switch", "NDR"),
        ("ot-firewall", "NDR"),
        ("ot-component", "EDR"),
        ("ot-component", "HDR"),
        ("ot-nms", "SAR"),
        ("ot-siem", "HDR"),
        ("ot-vpn", "NDR"),
        ("ot-network-interface", "EDR"),
    ];
    let caps = [
        "  - audit-logging\n",
        "  - remote-management\n",
        "  - user-accounts\n",
        "  - wireless\n",
    ];
    let t = Instant::now();
    let mut rendered = 0usize;
    for i in 0..1000usize {
        let (profile, ty) = variants[i % variants.len()];
        let mut variant = text
            .replace("profile: ot-router-switch", &format!("profile: {profile}"))
            .replace(
                "component_types: [NDR]",
                &format!("component_types: [{ty}]"),
            )
            .replace("  version: \"4.2.1\"", &format!("  version: \"4.2.{i}\""));
        if i % 3 == 0 {
            variant = variant.replace(caps[i % caps.len()], "");
        }
        if i % 5 == 0 {
            variant = variant.replace(
                "amendments: [a11]",
                &format!(
                    "amendments: [a11]\nsl_target: [{0}, {0}, 2, 2, 3, 2, {0}]",
                    1 + i % 4
                ),
            );
        }
        let p = parse_product(
            "variant.yaml",
            &variant,
            Path::new(&product_path),
            &catalog,
            &names,
            &profiles.ids(),
        )
        .unwrap();
        let r = assess(&Inputs {
            catalog: &catalog,
            crosswalk: &crosswalk,
            profiles: &profiles,
            evaluation: &evaluation,
            product: &p,
            records: &records,
            as_of,
        })
        .unwrap();
        let templates = cra62443_report::Templates::default();
        let (html, md, json) = cra62443_report::render_all(&r, &templates).unwrap();
        rendered += html.len() + md.len() + json.len();
    }
    let portfolio = t.elapsed().as_secs_f64();
    println!(
        "data load (catalogue, crosswalk, profiles, evaluation): {:.1} ms",
        load.as_secs_f64() * 1000.0
    );
    println!(
        "assess one product (resolve + SoA + evaluation + coverage + JSON, {json_bytes} bytes): {per_product:.2} ms"
    );
    println!(
        "portfolio of 1,000 variants with HTML + Markdown + JSON reports ({:.1} MB rendered): {portfolio:.2} s ({:.2} ms per product)",
        rendered as f64 / 1e6,
        portfolio * 1000.0 / 1000.0
    );
}
