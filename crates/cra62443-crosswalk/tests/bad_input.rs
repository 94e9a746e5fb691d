//! Broken mapping files fail with file, line and field.

use cra62443_catalog::{Catalog, SourceFile};
use cra62443_crosswalk::Crosswalk;

const HEAD: &str = "schema: cra62443/mapping/v1
mapping_set:
  id: test-set
  title: Test
  source: { document: cra }
  targets:
    - { document: iec62443-4-1 }
  author: derived-by-this-project
  confidence: S
  description: test
rows:
";

fn errors(rows: &str) -> Vec<cra62443_catalog::Diagnostic> {
    let catalog = Catalog::bundled().unwrap();
    let source = SourceFile {
        name: "my-map.yaml".into(),
        text: format!("{HEAD}{rows}"),
    };
    Crosswalk::from_sources(&catalog, &[source])
        .map(|_| Vec::new())
        .unwrap_or_else(|d| d.0)
}

#[test]
fn a_valid_row_loads() {
    assert!(errors("  - source: cra:annex-i.p1.2c\n    target: iec62443-4-1:sum-1\n    relation: intersects-with\n    rationale: ok\n").is_empty());
}

#[test]
fn unknown_id_names_line_and_suggests() {
    let e = errors(
        "  - source: cra:annex-i.p1.2c\n    target: iec62443-4-1:sum-9\n    relation: intersects-with\n    rationale: x\n",
    );
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].file, "my-map.yaml");
    assert_eq!(e[0].line, 13);
    assert_eq!(e[0].field.as_deref(), Some("rows[0].target"));
    assert!(
        e[0].message
            .contains("unknown requirement ID `iec62443-4-1:sum-9`"),
        "{}",
        e[0].message
    );
    // A printed reference is not accepted in data, but the message tells the ID.
    let e = errors("  - source: \"Annex I Part I (2)(c)\"\n    gap: missing\n    rationale: x\n");
    assert!(
        e[0].message.contains("did you mean `cra:annex-i.p1.2c`"),
        "{}",
        e[0].message
    );
}

#[test]
fn unknown_relation() {
    let e = errors(
        "  - source: cra:annex-i.p1.2c\n    target: iec62443-4-1:sum-1\n    relation: maps-to\n    rationale: x\n",
    );
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, 14);
    assert!(
        e[0].message
            .contains("unknown relation `maps-to`: expected one of correspondence, supplemental"),
        "{}",
        e[0].message
    );
}

#[test]
fn duplicate_row() {
    let row = "  - source: cra:annex-i.p1.2c\n    target: iec62443-4-1:sum-1\n    relation: intersects-with\n    rationale: x\n";
    let e = errors(&format!("{row}{row}"));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, 16);
    assert!(
        e[0].message
            .contains("duplicate row cra:annex-i.p1.2c -> iec62443-4-1:sum-1 (first on line 12)"),
        "{}",
        e[0].message
    );
}

#[test]
fn gap_without_statement() {
    let e = errors("  - source: cra:annex-i.p1.2c\n    gap: \"\"\n    rationale: x\n");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].message.contains("a gap row needs a gap statement"),
        "{}",
        e[0].message
    );
    let e = errors("  - source: cra:annex-i.p1.2c\n    rationale: x\n");
    assert!(
        e[0].message.contains("either a relation"),
        "{}",
        e[0].message
    );
}

#[test]
fn target_outside_the_set_and_placeholder_targets() {
    let e = errors(
        "  - source: cra:annex-i.p1.2c\n    target: iec62443-4-2:cr-3.10\n    relation: intersects-with\n    rationale: x\n",
    );
    assert!(
        e[0].message.contains("not a target of this set"),
        "{}",
        e[0].message
    );
}
