//! Broken data files are rejected with file, line and field.

use cra62443_catalog::{Catalog, Diagnostic, SourceFile, bundled_files};

/// Loads the bundled catalogue plus one fixture file.
fn load_with(name: &str) -> Result<Catalog, Vec<Diagnostic>> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut sources: Vec<SourceFile> = bundled_files()
        .iter()
        .map(|(n, t)| SourceFile {
            name: (*n).to_string(),
            text: (*t).to_string(),
        })
        .collect();
    sources.push(SourceFile {
        name: name.to_string(),
        text,
    });
    Catalog::from_sources(&sources).map_err(|d| d.0)
}

fn single_error(name: &str) -> Diagnostic {
    let diagnostics = load_with(name).expect_err("the fixture is broken and must be rejected");
    assert_eq!(
        diagnostics.len(),
        1,
        "expected one diagnostic, got {diagnostics:#?}"
    );
    let d = diagnostics.into_iter().next().unwrap();
    assert_eq!(d.file, name);
    d
}

#[test]
fn the_minimal_fixture_is_valid() {
    let catalog = load_with("minimal.yaml").unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(
        catalog.resolve("demo-std:CR 1.1 RE(1)").unwrap().sl,
        Some(2)
    );
}

#[test]
fn security_level_out_of_range() {
    let d = single_error("broken/bad-sl.yaml");
    assert_eq!((d.line, d.column), (39, 9));
    assert_eq!(d.field.as_deref(), Some("requirements[2].sl"));
    assert!(
        d.message
            .contains("expected a security level 1 to 4, found 5"),
        "{}",
        d.message
    );
    assert_eq!(d.snippet.as_deref(), Some("    sl: 5"));
}

#[test]
fn duplicate_id() {
    let d = single_error("broken/duplicate-id.yaml");
    assert_eq!(d.line, 42);
    assert!(
        d.message
            .contains("duplicate ID `demo-std:cr-1.1` (first defined on line 24)"),
        "{}",
        d.message
    );
}

#[test]
fn unresolvable_parent() {
    let d = single_error("broken/unknown-parent.yaml");
    assert_eq!(d.line, 37);
    assert!(
        d.message.contains("`cr-9.9` does not resolve"),
        "{}",
        d.message
    );
    assert_eq!(d.field.as_deref(), Some("demo-std:cr-1.1.re-1.parent"));
}

#[test]
fn fr_that_contradicts_the_reference() {
    let d = single_error("broken/wrong-fr.yaml");
    assert_eq!(d.line, 47);
    assert!(
        d.message
            .contains("`CR 1.2` belongs to FR 1, but `fr` says 3"),
        "{}",
        d.message
    );
}

#[test]
fn standard_text_is_refused() {
    let d = single_error("broken/copyrighted-text.yaml");
    assert_eq!(d.field.as_deref(), Some("requirements[3].text"));
    assert!(d.message.contains("copyrighted standard"), "{}", d.message);
}

#[test]
fn counts_the_source_fixes() {
    let d = single_error("broken/bad-count.yaml");
    assert_eq!(d.line, 16);
    assert!(
        d.message
            .contains("the source fixes 47 entries of kind `requirement`"),
        "{}",
        d.message
    );
    assert!(d.message.contains("but the file has 2"), "{}", d.message);
}

#[test]
fn id_that_is_not_a_token() {
    let d = single_error("broken/bad-id.yaml");
    assert_eq!(d.line, 42);
    assert!(
        d.message.contains("`CR 1.2` is not a valid local ID"),
        "{}",
        d.message
    );
}

#[test]
fn unknown_kind_lists_the_kinds() {
    let d = single_error("broken/unknown-kind.yaml");
    assert!(
        d.message.contains(
            "unknown kind `enhancment`: expected one of group, chapeau, requirement, enhancement"
        ),
        "{}",
        d.message
    );
}

#[test]
fn unknown_component_type() {
    let d = single_error("broken/bad-type.yaml");
    assert_eq!(
        d.field.as_deref(),
        Some("requirements[1].component_types[0]")
    );
    assert!(
        d.message.contains("expected SAR, EDR, HDR or NDR"),
        "{}",
        d.message
    );
}

#[test]
fn yaml_syntax_error_has_a_location() {
    let d = single_error("broken/syntax.yaml");
    assert!(d.line > 0, "{d:?}");
    assert!(
        d.message.starts_with("not a valid catalogue file"),
        "{}",
        d.message
    );
}

#[test]
fn unknown_field_is_rejected() {
    let d = single_error("broken/unknown-field.yaml");
    assert!(d.line >= 40, "{d:?}");
    assert!(d.message.contains("security_level"), "{}", d.message);
}

#[test]
fn enhancement_below_its_base() {
    let d = single_error("broken/re-below-base.yaml");
    assert!(
        d.message.contains("cannot be required below its base"),
        "{}",
        d.message
    );
}

#[test]
fn rendered_diagnostic_names_file_line_and_field() {
    let d = single_error("broken/bad-sl.yaml");
    let rendered = d.to_string();
    assert!(
        rendered.contains("--> broken/bad-sl.yaml:39:9"),
        "{rendered}"
    );
    assert!(rendered.contains("field: requirements[2].sl"), "{rendered}");
    assert!(rendered.contains("39 |     sl: 5"), "{rendered}");
}

#[test]
fn a_user_directory_replaces_a_bundled_document() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/minimal.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replace("id: demo-std", "id: m606");
    std::fs::write(dir.path().join("m606.yaml"), text).unwrap();
    // The bundled CRA file links to M/606 lines that the replacement lacks: reported, with the
    // bundled file's name.
    let diagnostics = Catalog::with_user_dir(dir.path())
        .expect_err("dangling links")
        .0;
    assert!(
        diagnostics
            .iter()
            .any(|d| d.file == "data/catalog/cra.yaml" && d.message.contains("m606:line-"))
    );
}

#[test]
fn a_user_directory_adds_a_document() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        format!("{}/tests/fixtures/minimal.yaml", env!("CARGO_MANIFEST_DIR")),
        dir.path().join("demo.yaml"),
    )
    .unwrap();
    let catalog = Catalog::with_user_dir(dir.path()).unwrap();
    assert!(catalog.get("demo-std:cr-1.2").is_some());
    assert!(catalog.get("iec62443-4-2:cr-1.2").is_some());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// A damaged catalogue file (a random slice replaced by random text) is either loaded or
    /// rejected with diagnostics that carry a file name; it never panics.
    #[test]
    fn damaged_files_never_panic(start in 0usize..1200, len in 0usize..40, insert in "[ -~\n]{0,30}") {
        let base = include_str!("fixtures/minimal.yaml");
        let start = start.min(base.len());
        let end = (start + len).min(base.len());
        if base.is_char_boundary(start) && base.is_char_boundary(end) {
            let damaged = format!("{}{}{}", &base[..start], insert, &base[end..]);
            if let Err(d) = Catalog::from_sources(&[SourceFile { name: "damaged.yaml".into(), text: damaged }]) {
                proptest::prop_assert!(d.0.iter().all(|x| x.file == "damaged.yaml"));
            }
        }
    }
}
