//! Diagnostics that point into a data file: file, line, column, field and what was expected.

use std::fmt;

/// A problem found in a data or overlay file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it (or `data/catalog/…` for bundled files).
    pub file: String,
    /// 1-based line; 0 when unknown.
    pub line: u64,
    /// 1-based column; 0 when unknown.
    pub column: u64,
    /// The field concerned (`requirements[12].sl`), if any.
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
    /// The source line, for the snippet.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a location of `source`.
    pub fn at(
        file: &str,
        source: &str,
        line: u64,
        column: u64,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        let snippet = if line > 0 {
            source
                .lines()
                .nth(usize::try_from(line - 1).unwrap_or(usize::MAX))
                .map(str::to_string)
        } else {
            None
        };
        Self {
            file: file.to_string(),
            line,
            column,
            field,
            message: message.into(),
            snippet,
        }
    }

    /// A diagnostic about a whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line: 0,
            column: 0,
            field: None,
            message: message.into(),
            snippet: None,
        }
    }

    /// The one-line form `file:line:col: field: message`.
    pub fn headline(&self) -> String {
        let mut out = self.file.clone();
        if self.line > 0 {
            out.push_str(&format!(":{}:{}", self.line, self.column.max(1)));
        }
        out.push_str(": ");
        if let Some(field) = &self.field {
            out.push_str(&format!("`{field}`: "));
        }
        out.push_str(&self.message);
        out
    }
}

impl fmt::Display for Diagnostic {
    /// Renders in the style of rustc/miette: headline, then the source line with a caret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        let mut location = self.file.clone();
        if self.line > 0 {
            location.push_str(&format!(":{}:{}", self.line, self.column.max(1)));
        }
        let width = self.line.to_string().len();
        writeln!(f, "{:width$}--> {location}", "")?;
        if let Some(field) = &self.field {
            writeln!(f, "{:width$} = field: {field}", "")?;
        }
        if let Some(snippet) = &self.snippet {
            writeln!(f, "{:width$} |", "")?;
            writeln!(f, "{} | {snippet}", self.line)?;
            let caret_pad = usize::try_from(self.column.max(1) - 1).unwrap_or(0);
            writeln!(f, "{:width$} | {:caret_pad$}^", "", "")?;
        }
        Ok(())
    }
}

/// A non-empty list of diagnostics, returned when data does not validate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in the catalogue data; first: {}", .0.len(), .0.first().map(Diagnostic::headline).unwrap_or_default())]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostic {
    /// A YAML parse error in `file`, at the location the parser reports, introduced by `what`
    /// (e.g. "not a valid catalogue file").
    pub fn yaml(file: &str, text: &str, error: &serde_saphyr::Error, what: &str) -> Self {
        let (line, column) = error
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((0, 0));
        let first = error.to_string();
        let first = first.lines().next().unwrap_or_default().trim();
        Self::at(file, text, line, column, None, format!("{what}: {first}"))
    }
}
