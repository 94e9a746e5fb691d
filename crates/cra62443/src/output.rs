//! Rendering of entries as aligned tables, JSON and CSV.

use std::io::{self, Write};

use cra62443_model::Requirement;

/// Writes rows as aligned columns separated by two spaces. The last column is never padded.
pub fn write_table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let last = cells.len() - 1;
        let mut s = String::new();
        for (i, cell) in cells.into_iter().enumerate() {
            s.push_str(cell);
            if i < last {
                s.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// Table columns of an entry listing.
pub fn requirement_rows(entries: &[&Requirement]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = vec!["ID", "REF", "KIND", "SL", "TYPES", "TITLE"];
    let rows = entries
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.reference.clone(),
                r.kind.to_string(),
                r.sl.map(|s| s.to_string()).unwrap_or_default(),
                types_cell(r),
                r.title.clone(),
            ]
        })
        .collect();
    (header, rows)
}

fn types_cell(r: &Requirement) -> String {
    match &r.component_types {
        Some(types) if types.is_empty() => "all".to_string(),
        Some(types) => types
            .iter()
            .map(|t| t.prefix())
            .collect::<Vec<_>>()
            .join(","),
        None => String::new(),
    }
}

/// CSV with one row per entry; the columns mirror the JSON contract.
pub fn write_csv(out: &mut impl Write, entries: &[&Requirement]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "id",
        "ref",
        "title",
        "document",
        "kind",
        "fr",
        "practice",
        "sl",
        "component_types",
        "assessable",
        "edition",
        "confidence",
        "deadline",
        "cra_anchor",
        "parent",
    ])?;
    for r in entries {
        writer.write_record([
            r.id.to_string(),
            r.reference.clone(),
            r.title.clone(),
            r.document.clone(),
            r.kind.to_string(),
            r.fr.map(|v| v.to_string()).unwrap_or_default(),
            r.practice.map(|v| v.to_string()).unwrap_or_default(),
            r.sl.map(|v| v.to_string()).unwrap_or_default(),
            r.component_types
                .as_ref()
                .map(|t| t.iter().map(|c| c.prefix()).collect::<Vec<_>>().join(";"))
                .unwrap_or_default(),
            r.assessable.to_string(),
            r.edition.clone(),
            r.confidence.to_string(),
            r.deadline.clone().unwrap_or_default(),
            r.cra_anchor
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_default(),
            r.parent.as_ref().map(|a| a.to_string()).unwrap_or_default(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Pretty JSON followed by a newline.
pub fn write_json<T: serde::Serialize + ?Sized>(out: &mut impl Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// Wraps text at `width` characters on word boundaries.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes a file so that it is either complete or absent (see [`cra62443_fsutil::write_atomic`]),
/// with the CLI's wording of the failure.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), crate::Failure> {
    cra62443_fsutil::write_atomic(path, bytes).map_err(|e| {
        let message = match cra62443_fsutil::WriteError::of(&e) {
            Some(details) => match details.temp_dir() {
                Some(dir) => format!(
                    "cannot create a temporary file in {}: {}",
                    dir.display(),
                    details.cause()
                ),
                None => format!("cannot write {}: {}", path.display(), details.cause()),
            },
            None => format!("cannot write {}: {e}", path.display()),
        };
        crate::Failure::Runtime(message)
    })
}
