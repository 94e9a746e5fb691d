//! Profile validation and resolution on small hand-made profiles.

use cra62443_catalog::{Catalog, Diagnostic, SourceFile, bundled_sources};
use cra62443_crosswalk::Crosswalk;
use cra62443_model::ComponentType;
use cra62443_profile::{Profiles, ResolveError, resolve};

fn profile(id: &str, body: &str) -> SourceFile {
    SourceFile {
        name: format!("{id}.yaml"),
        text: format!(
            "schema: cra62443/profile/v1\nprofile:\n  id: {id}\n  title: Test {id}\n  version: \"1\"\n  status: user\n{body}"
        ),
    }
}

fn load(extra: Vec<SourceFile>) -> Result<(Catalog, Crosswalk, Profiles), Vec<Diagnostic>> {
    let catalog = Catalog::bundled().unwrap();
    let crosswalk = Crosswalk::bundled(&catalog).unwrap();
    // Only the vocabulary from the bundled files, so the tests do not depend on built-in profiles.
    let mut sources: Vec<SourceFile> = bundled_sources()
        .into_iter()
        .filter(|s| s.name.contains("vocabulary"))
        .collect();
    sources.extend(extra);
    let profiles = Profiles::from_sources(&catalog, &sources).map_err(|d| d.0)?;
    Ok((catalog, crosswalk, profiles))
}

const BASE: &str = "  base:\n    - { document: iec62443-4-2 }\n  component_types: [NDR, EDR]\n  sl_target: [2, 2, 2, 2, 2, 2, 2]\n";

#[test]
fn document_include_exclusion_and_sl_target() {
    let (catalog, crosswalk, profiles) = load(vec![profile(
        "p1",
        &format!(
            "{BASE}selection:\n  - include: iec62443-4-2\n    justification: all of 4-2\n  - exclude: iec62443-4-2:ndr-1.6\n    justification: no wireless in this product type\n  - include: iec62443-4-2:cr-2.8\n    note: logs go to the plant SIEM\n    applicability: capability:audit-logging\nsl_overrides:\n  - {{ id: iec62443-4-2:cr-2.9.re-1, sl_target: 3, justification: storage warnings matter }}\n"
        ),
    )])
    .unwrap_or_else(|d| panic!("{d:#?}"));
    let r = resolve(
        &profiles,
        &catalog,
        &crosswalk,
        "p1",
        Some(ComponentType::Ndr),
        &[],
    )
    .unwrap();
    let ids: Vec<&str> = r.requirements.iter().map(|x| x.id.as_str()).collect();
    assert!(ids.contains(&"iec62443-4-2:cr-1.1"));
    assert!(
        ids.contains(&"iec62443-4-2:cr-1.1.re-1"),
        "SL 2 RE required at SL-T 2"
    );
    assert!(
        !ids.contains(&"iec62443-4-2:cr-1.1.re-2"),
        "SL 3 RE not required at SL-T 2"
    );
    assert!(
        ids.contains(&"iec62443-4-2:cr-2.9.re-1"),
        "the override raises its target to 3"
    );
    assert!(
        !ids.contains(&"iec62443-4-2:ndr-1.6") && !ids.contains(&"iec62443-4-2:ndr-1.6.re-1"),
        "excluded with its REs"
    );
    assert!(
        !ids.contains(&"iec62443-4-2:edr-3.10"),
        "other component types drop out"
    );
    assert!(ids.contains(&"iec62443-4-2:ndr-3.10"));
    assert_eq!(r.excluded.len(), 2);
    assert!(r.excluded[0].justification.contains("no wireless"));
    let cr28 = r
        .requirements
        .iter()
        .find(|x| x.id.as_str() == "iec62443-4-2:cr-2.8")
        .unwrap();
    assert_eq!(
        cr28.applicability.as_ref().unwrap().to_string(),
        "capability:audit-logging"
    );
    assert!(cr28.origin.contains("p1: include iec62443-4-2"));
    assert!(
        r.not_required
            .iter()
            .any(|x| x.id.as_str() == "iec62443-4-2:cr-1.1.re-2")
    );
    assert_eq!(r.cra_coverage.len(), 22);
}

#[test]
fn extends_chain_applies_parent_first_and_child_sl_target_wins() {
    let (catalog, crosswalk, profiles) = load(vec![
        profile("parent", &format!("{BASE}selection:\n  - include: iec62443-4-2\n")),
        profile(
            "child",
            "  extends: parent\n  base:\n    - { document: iec62443-4-2 }\n  sl_target: [3, 3, 3, 3, 3, 3, 3]\nselection:\n  - exclude: iec62443-4-2:cr-1.12\n    justification: no interactive login banner on this device type\n",
        ),
    ])
    .unwrap_or_else(|d| panic!("{d:#?}"));
    let r = resolve(
        &profiles,
        &catalog,
        &crosswalk,
        "child",
        Some(ComponentType::Ndr),
        &[],
    )
    .unwrap();
    assert_eq!(r.chain, vec!["parent", "child"]);
    assert_eq!(r.sl_target, [3; 7]);
    let ids: Vec<&str> = r.requirements.iter().map(|x| x.id.as_str()).collect();
    assert!(ids.contains(&"iec62443-4-2:cr-1.1.re-2"));
    assert!(!ids.contains(&"iec62443-4-2:cr-1.12"));
    let cr11 = r
        .requirements
        .iter()
        .find(|x| x.id.as_str() == "iec62443-4-2:cr-1.1")
        .unwrap();
    assert!(cr11.origin.starts_with("parent:"), "{}", cr11.origin);
}

#[test]
fn cycle_is_an_error_naming_the_chain() {
    let err = load(vec![
        profile("a", &format!("  extends: b\n{BASE}")),
        profile("b", &format!("  extends: a\n{BASE}")),
    ])
    .unwrap_err();
    assert!(
        err.iter()
            .any(|d| d.message.contains("`extends` forms a cycle")
                && d.message.contains("a -> b -> a")),
        "{err:#?}"
    );
}

#[test]
fn include_and_exclude_along_the_chain_conflict() {
    let err = load(vec![
        profile("parent", &format!("{BASE}selection:\n  - include: iec62443-4-2:ndr-5.2\n    justification: zones\n")),
        profile("child", &format!("  extends: parent\n{BASE}selection:\n  - exclude: iec62443-4-2:ndr-5.2\n    justification: not a boundary device\n")),
    ])
    .unwrap_err();
    assert_eq!(err.len(), 1, "{err:#?}");
    assert!(
        err[0].message.contains("child.yaml:13: `iec62443-4-2:ndr-5.2` is excluded here but included by profile `parent` (parent.yaml:12)"),
        "{}",
        err[0].message
    );
    let _ = ResolveError::Unknown(String::new(), String::new());
}

#[test]
fn bad_profiles_name_file_line_and_entry() {
    let err = load(vec![profile("bad", &format!("{BASE}selection:\n  - include: iec62443-4-2:ndr-9.9\n  - exclude: iec62443-4-2:cr-1.12\n  - include: iec62443-4-2:cr-3.10\n  - include: iec62443-4-2:cr-2.8\n    applicability: capability:wirless\nsl_overrides:\n  - {{ id: iec62443-4-2:cr-2.9.re-1, sl_target: 5 }}\n"))])
    .unwrap_err();
    let messages: Vec<String> = err
        .iter()
        .map(|d| format!("{}:{} {}", d.file, d.line, d.message))
        .collect();
    let all = messages.join("\n");
    assert!(
        all.contains("bad.yaml:12 unknown requirement ID `iec62443-4-2:ndr-9.9`"),
        "{all}"
    );
    assert!(
        all.contains("bad.yaml:13 an exclusion needs a justification"),
        "{all}"
    );
    assert!(
        all.contains("bad.yaml:14 `iec62443-4-2:cr-3.10` is a placeholder row"),
        "{all}"
    );
    assert!(
        all.contains("unknown capability `wirless`; closest: `wireless`"),
        "{all}"
    );
    assert!(
        all.contains("expected a security level 1-4, found 5"),
        "{all}"
    );
    let sl = load(vec![profile(
        "badsl",
        "  base:\n    - { document: iec62443-4-2 }\n  sl_target: [2, 2, 5, 2, 2, 2, 2]\n",
    )])
    .unwrap_err();
    assert!(sl[0].message.contains("expected 7 levels 0-4"), "{sl:#?}");
}

#[test]
fn wrong_component_type_is_refused() {
    let (catalog, crosswalk, profiles) = load(vec![profile(
        "p",
        &format!("{BASE}selection:\n  - include: iec62443-4-2\n"),
    )])
    .unwrap();
    let err = resolve(
        &profiles,
        &catalog,
        &crosswalk,
        "p",
        Some(ComponentType::Sar),
        &[],
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("is written for NDR, EDR, not SAR"),
        "{err}"
    );
}
