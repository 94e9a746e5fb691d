//! The built-in profiles: they load, resolve for every component type they are written for,
//! and contain what their product category cannot do without.

use cra62443_catalog::Catalog;
use cra62443_crosswalk::Crosswalk;
use cra62443_model::ComponentType;
use cra62443_profile::{Profiles, resolve};

fn load() -> (Catalog, Crosswalk, Profiles) {
    let catalog = Catalog::bundled().unwrap();
    let crosswalk = Crosswalk::bundled(&catalog).unwrap();
    let profiles = Profiles::bundled(&catalog).unwrap_or_else(|d| panic!("{d}"));
    (catalog, crosswalk, profiles)
}

fn required(
    profiles: &Profiles,
    catalog: &Catalog,
    crosswalk: &Crosswalk,
    id: &str,
    t: Option<ComponentType>,
) -> Vec<String> {
    resolve(profiles, catalog, crosswalk, id, t, &[])
        .unwrap_or_else(|e| panic!("{id}: {e}"))
        .requirements
        .iter()
        .map(|r| r.id.to_string())
        .collect()
}

#[test]
fn all_nine_load_and_are_marked_derived() {
    let (_, _, profiles) = load();
    let mut ids = profiles.ids();
    ids.sort();
    assert_eq!(
        ids,
        [
            "ot-component",
            "ot-firewall",
            "ot-network-interface",
            "ot-nms",
            "ot-router-switch",
            "ot-sdl",
            "ot-siem",
            "ot-system",
            "ot-vpn"
        ]
    );
    for p in profiles.all() {
        assert_eq!(
            p.status,
            cra62443_profile::ProfileStatus::DerivedByThisProject,
            "{}",
            p.id
        );
    }
    let lines = [
        ("ot-vpn", "m606:line-20b"),
        ("ot-nms", "m606:line-21b"),
        ("ot-siem", "m606:line-22b"),
        ("ot-network-interface", "m606:line-25b"),
        ("ot-router-switch", "m606:line-27b"),
        ("ot-firewall", "m606:line-36b"),
    ];
    for (id, line) in lines {
        assert_eq!(
            profiles
                .get(id)
                .unwrap()
                .context
                .m606_line
                .as_ref()
                .unwrap()
                .as_str(),
            line,
            "{id}"
        );
    }
}

#[test]
fn firewall_has_zone_boundary_protection_with_all_enhancements() {
    let (catalog, crosswalk, profiles) = load();
    let ids = required(
        &profiles,
        &catalog,
        &crosswalk,
        "ot-firewall",
        Some(ComponentType::Ndr),
    );
    for id in [
        "ndr-5.2",
        "ndr-5.2.re-1",
        "ndr-5.2.re-2",
        "ndr-5.2.re-3",
        "ndr-5.3",
        "ndr-1.13",
        "cr-5.1",
        "cr-7.1",
        "cr-7.1.re-1",
    ] {
        assert!(
            ids.contains(&format!("iec62443-4-2:{id}")),
            "ot-firewall lacks {id}"
        );
    }
    let firewall = resolve(&profiles, &catalog, &crosswalk, "ot-firewall", None, &[]).unwrap();
    let switch = resolve(
        &profiles,
        &catalog,
        &crosswalk,
        "ot-router-switch",
        None,
        &[],
    )
    .unwrap();
    let sum = |v: [u8; 7]| v.iter().map(|x| u32::from(*x)).sum::<u32>();
    assert!(
        sum(firewall.sl_target) > sum(switch.sl_target),
        "Class II sets higher targets than Class I"
    );
}

#[test]
fn siem_has_audit_and_monitoring() {
    let (catalog, crosswalk, profiles) = load();
    for t in [ComponentType::Sar, ComponentType::Hdr] {
        let ids = required(&profiles, &catalog, &crosswalk, "ot-siem", Some(t));
        for id in ["cr-2.8", "cr-2.9", "cr-2.10", "cr-2.11", "cr-6.1", "cr-6.2"] {
            assert!(
                ids.contains(&format!("iec62443-4-2:{id}")),
                "ot-siem ({t}) lacks {id}"
            );
        }
    }
}

#[test]
fn every_exclusion_is_justified() {
    let (catalog, crosswalk, profiles) = load();
    for p in profiles.all() {
        let r = resolve(&profiles, &catalog, &crosswalk, &p.id, None, &[]).unwrap();
        for e in &r.excluded {
            assert!(!e.justification.trim().is_empty(), "{}: {}", p.id, e.id);
        }
    }
}

#[test]
fn resolution_golden_per_profile_and_component_type() {
    let (catalog, crosswalk, profiles) = load();
    let mut out = String::new();
    let mut ids = profiles.ids();
    ids.sort();
    for id in ids {
        let p = profiles.get(&id).unwrap();
        let types: Vec<Option<ComponentType>> = if p.component_types.is_empty() {
            // Inherited types, or none (systems, processes).
            match p.extends.as_deref().and_then(|e| profiles.get(e)) {
                Some(parent) if !parent.component_types.is_empty() => {
                    parent.component_types.iter().map(|t| Some(*t)).collect()
                }
                _ => vec![None],
            }
        } else {
            p.component_types.iter().map(|t| Some(*t)).collect()
        };
        for t in types {
            let r = resolve(&profiles, &catalog, &crosswalk, &id, t, &[]).unwrap();
            out.push_str(&format!(
                "## {id} {} SL-T {:?}: {} required, {} above target, {} excluded\n",
                t.map(|t| t.prefix()).unwrap_or("-"),
                r.sl_target,
                r.requirements.len(),
                r.not_required.len(),
                r.excluded.len()
            ));
            let line: Vec<String> = r
                .requirements
                .iter()
                .map(|x| {
                    format!(
                        "{}{}",
                        x.reference,
                        x.sl_target.map(|s| format!("@{s}")).unwrap_or_default()
                    )
                })
                .collect();
            out.push_str(&line.join(", "));
            out.push('\n');
            let cra: Vec<String> = r
                .cra_coverage
                .iter()
                .map(|c| {
                    format!(
                        "{}={}",
                        c.reference.trim_start_matches("Annex I "),
                        c.status.as_str()
                    )
                })
                .collect();
            out.push_str(&format!("CRA: {}\n\n", cra.join(", ")));
        }
    }
    insta::assert_snapshot!(out);
}
