//! Readers for the four VEX formats, with format auto-detection.

mod csaf;
mod cyclonedx;
mod openvex;
mod spdx3;

pub(crate) use cyclonedx::SUBCOMPONENT_PROPERTY;
pub use cyclonedx::resolve_bom_links;

use std::path::Path;

use serde_json::{Map, Value};

use crate::json::{self, ErrorKind, Limits, Parsed, ReadError, escape_token};
use crate::model::{Format, Justification, SourceRef, VexStatement};

/// The statements read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct VexDocument {
    /// The detected format.
    pub format: Format,
    /// The statements, in source order.
    pub statements: Vec<VexStatement>,
    /// Problems that did not stop reading (e.g. a CycloneDX vulnerability without
    /// `analysis.state`, which is a finding rather than a VEX statement, or an unknown
    /// justification value). Each names file, line and column.
    pub warnings: Vec<ReadError>,
}

/// Reads a VEX file from disk with the default [`Limits`].
pub fn read_file(path: &Path) -> Result<VexDocument, ReadError> {
    read_file_with(path, Limits::default())
}

/// Reads a VEX file from disk within `limits`. The size is checked before the file is read.
pub fn read_file_with(path: &Path, limits: Limits) -> Result<VexDocument, ReadError> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| ReadError::new(&name, ErrorKind::Io, format!("cannot read file: {e}")))?;
    if meta.len() > limits.max_bytes as u64 {
        return Err(ReadError::new(
            &name,
            ErrorKind::TooLarge,
            format!(
                "file is {} bytes, more than the limit of {} bytes",
                meta.len(),
                limits.max_bytes
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ReadError::new(&name, ErrorKind::Io, format!("cannot read file: {e}")))?;
    read_bytes_with(&name, &bytes, limits)
}

/// Reads VEX statements from `bytes` (named `file` in messages) with the default [`Limits`],
/// detecting the format. Never panics, whatever the bytes.
pub fn read_bytes(file: &str, bytes: &[u8]) -> Result<VexDocument, ReadError> {
    read_bytes_with(file, bytes, Limits::default())
}

/// Reads VEX statements from `bytes` within `limits`, detecting the format.
pub fn read_bytes_with(file: &str, bytes: &[u8], limits: Limits) -> Result<VexDocument, ReadError> {
    let first = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF));
    if first == Some(&b'<') {
        return Err(ReadError::new(
            file,
            ErrorKind::UnknownFormat,
            "XML input is not supported; use the JSON form of CycloneDX, OpenVEX, CSAF or SPDX 3",
        ));
    }
    let parsed = json::parse(file, bytes, limits)?;
    let Some(format) = detect(&parsed.value) else {
        return Err(ReadError::new(
            file,
            ErrorKind::UnknownFormat,
            "not a recognised VEX document: expected CycloneDX (bomFormat), OpenVEX (@context \
             https://openvex.dev/ns/…), CSAF 2.0 (document.csaf_version) or SPDX 3 (@context \
             https://spdx.org/rdf/3…)",
        ));
    };
    read_parsed(&parsed, format)
}

/// Reads an already parsed document as `format` (no detection).
pub fn read_parsed(parsed: &Parsed<'_>, format: Format) -> Result<VexDocument, ReadError> {
    let mut ctx = Ctx {
        parsed,
        format,
        warnings: Vec::new(),
    };
    let statements = match format {
        Format::Cyclonedx => cyclonedx::read(&mut ctx)?,
        Format::Openvex => openvex::read(&mut ctx)?,
        Format::Csaf => csaf::read(&mut ctx)?,
        Format::Spdx3 => spdx3::read(&mut ctx)?,
    };
    Ok(VexDocument {
        format,
        statements,
        warnings: ctx.warnings,
    })
}

/// Detects the VEX format of a parsed JSON document.
pub fn detect(value: &Value) -> Option<Format> {
    let obj = value.as_object()?;
    if obj.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
        return Some(Format::Cyclonedx);
    }
    if obj
        .get("document")
        .and_then(Value::as_object)
        .is_some_and(|d| d.contains_key("csaf_version"))
    {
        return Some(Format::Csaf);
    }
    let contexts: Vec<&str> = match obj.get("@context") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if contexts
        .iter()
        .any(|c| c.starts_with("https://openvex.dev/ns"))
    {
        return Some(Format::Openvex);
    }
    if contexts.iter().any(|c| c.contains("spdx.org/rdf/3")) {
        return Some(Format::Spdx3);
    }
    if obj
        .get("$schema")
        .and_then(Value::as_str)
        .is_some_and(|s| s.contains("cyclonedx"))
    {
        return Some(Format::Cyclonedx);
    }
    None
}

/// Reading context: the parsed file, the format and collected warnings.
pub(crate) struct Ctx<'p, 'a> {
    pub(crate) parsed: &'p Parsed<'a>,
    pub(crate) format: Format,
    pub(crate) warnings: Vec<ReadError>,
}

impl Ctx<'_, '_> {
    pub(crate) fn file(&self) -> &str {
        self.parsed.file
    }

    pub(crate) fn err(&self, pointer: &str, msg: impl Into<String>) -> ReadError {
        self.parsed.error_at(pointer, msg)
    }

    pub(crate) fn warn(&mut self, pointer: &str, msg: impl Into<String>) {
        let w = self.parsed.error_at(pointer, msg);
        self.warnings.push(w);
    }

    /// Where statement `statement_index`, read at `pointer`, came from.
    pub(crate) fn source(&self, statement_index: usize, pointer: &str) -> SourceRef {
        SourceRef {
            file: self.file().to_string(),
            format: self.format,
            statement_index,
            pointer: pointer.to_string(),
        }
    }

    /// Optional justification member `key`, mapped by the format's `map`. A value `map` does
    /// not know is dropped with a warning naming the `label`led vocabulary, not an error: the
    /// statement still carries its status.
    pub(crate) fn opt_justification(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
        map: fn(&str) -> Option<Justification>,
        label: &str,
    ) -> Result<Option<Justification>, ReadError> {
        let Some(value) = self.opt_str(m, path, key)? else {
            return Ok(None);
        };
        let mapped = map(value);
        if mapped.is_none() {
            self.warn(
                &child(path, key),
                format!("unknown {label} {value:?}; dropped"),
            );
        }
        Ok(mapped)
    }

    /// `v` as an object, or an error at `path`.
    pub(crate) fn obj<'v>(
        &self,
        v: &'v Value,
        path: &str,
    ) -> Result<&'v Map<String, Value>, ReadError> {
        v.as_object()
            .ok_or_else(|| self.err(path, format!("expected an object, found {}", kind(v))))
    }

    /// Optional string member; wrong type is an error.
    pub(crate) fn opt_str<'v>(
        &self,
        m: &'v Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Result<Option<&'v str>, ReadError> {
        match m.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(self.err(
                &child(path, key),
                format!("`{key}` must be a string, found {}", kind(other)),
            )),
        }
    }

    /// Optional array member (missing → empty); wrong type is an error.
    pub(crate) fn opt_arr<'v>(
        &self,
        m: &'v Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Result<&'v [Value], ReadError> {
        match m.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a.as_slice()),
            Some(other) => Err(self.err(
                &child(path, key),
                format!("`{key}` must be an array, found {}", kind(other)),
            )),
        }
    }

    /// Optional object member; wrong type is an error.
    pub(crate) fn opt_obj<'v>(
        &self,
        m: &'v Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Result<Option<&'v Map<String, Value>>, ReadError> {
        match m.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(other) => Err(self.err(
                &child(path, key),
                format!("`{key}` must be an object, found {}", kind(other)),
            )),
        }
    }

    /// Optional array of strings.
    pub(crate) fn str_list(
        &self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Result<Vec<String>, ReadError> {
        let arr = self.opt_arr(m, path, key)?;
        let base = child(path, key);
        arr.iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(self.err(
                    &index(&base, i),
                    format!("`{key}` items must be strings, found {}", kind(other)),
                )),
            })
            .collect()
    }

    /// Optional RFC 3339 timestamp; an unparseable value is a warning.
    pub(crate) fn opt_time(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Result<Option<jiff::Timestamp>, ReadError> {
        let Some(s) = self.opt_str(m, path, key)? else {
            return Ok(None);
        };
        match parse_time(s) {
            Some(t) => Ok(Some(t)),
            None => {
                self.warn(
                    &child(path, key),
                    format!("`{key}` is not an RFC 3339 timestamp: {s:?}"),
                );
                Ok(None)
            }
        }
    }
}

/// Parses an RFC 3339 / ISO 8601 timestamp with offset; a bare date counts as midnight UTC.
pub(crate) fn parse_time(s: &str) -> Option<jiff::Timestamp> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t);
    }
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        return d
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp());
    }
    None
}

pub(crate) fn child(path: &str, key: &str) -> String {
    format!("{path}/{}", escape_token(key))
}

pub(crate) fn index(path: &str, i: usize) -> String {
    format!("{path}/{i}")
}

pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Pushes `s` onto `list` unless it is empty, equal to `except` or already present.
pub(crate) fn push_unique(list: &mut Vec<String>, s: &str, except: &str) {
    if !s.is_empty() && s != except && !list.iter().any(|x| x == s) {
        list.push(s.to_string());
    }
}
