//! Guarded JSON parsing for hostile input: a size cap, a nesting-depth cap checked before
//! serde sees the text, and line/column positions for errors found later in the parsed value.

use std::fmt;

use serde_json::Value;

/// Limits applied before any parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input in bytes (default 64 MiB).
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects (default 64).
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// What kind of problem a [`ReadError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// The input is larger than [`Limits::max_bytes`].
    TooLarge,
    /// The input nests deeper than [`Limits::max_depth`].
    TooDeep,
    /// The input is not valid JSON (or not UTF-8).
    Syntax,
    /// Valid JSON, but none of the supported VEX formats.
    UnknownFormat,
    /// A supported format, but a field has the wrong type or an invalid value.
    Invalid,
}

/// An error reading a VEX or CSAF file. Its `Display` is `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The file name.
    pub file: String,
    /// 1-based line, if known.
    pub line: Option<usize>,
    /// 1-based column, if known.
    pub column: Option<usize>,
    /// JSON pointer of the offending value, if known.
    pub pointer: Option<String>,
    /// The kind of problem.
    pub kind: ErrorKind,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(pointer) = &self.pointer
            && !pointer.is_empty()
        {
            write!(f, " (at {pointer})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// A new error without a position.
    pub fn new(file: &str, kind: ErrorKind, message: impl Into<String>) -> ReadError {
        ReadError {
            file: file.to_string(),
            line: None,
            column: None,
            pointer: None,
            kind,
            message: message.into(),
        }
    }
}

/// The parsed JSON plus what is needed to turn a JSON pointer back into a line/column.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// File name for messages.
    pub file: &'a str,
    /// The source text.
    pub text: &'a str,
    /// The parsed value.
    pub value: Value,
}

impl Parsed<'_> {
    /// An [`ErrorKind::Invalid`] error located at `pointer`.
    pub fn error_at(&self, pointer: &str, message: impl Into<String>) -> ReadError {
        let (line, column) = match locate(self.text, pointer) {
            Some((l, c)) => (Some(l), Some(c)),
            None => (None, None),
        };
        ReadError {
            file: self.file.to_string(),
            line,
            column,
            pointer: Some(pointer.to_string()),
            kind: ErrorKind::Invalid,
            message: message.into(),
        }
    }
}

/// Parses `bytes` as JSON within `limits`. A UTF-8 byte-order mark is skipped.
pub fn parse<'a>(file: &'a str, bytes: &'a [u8], limits: Limits) -> Result<Parsed<'a>, ReadError> {
    if bytes.len() > limits.max_bytes {
        return Err(ReadError::new(
            file,
            ErrorKind::TooLarge,
            format!(
                "file is {} bytes, more than the limit of {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = line_col(bytes, e.valid_up_to());
            return Err(ReadError {
                file: file.to_string(),
                line: Some(line),
                column: Some(column),
                pointer: None,
                kind: ErrorKind::Syntax,
                message: "file is not valid UTF-8".into(),
            });
        }
    };
    if let Some(offset) = depth_exceeded(bytes, limits.max_depth) {
        let (line, column) = line_col(bytes, offset);
        return Err(ReadError {
            file: file.to_string(),
            line: Some(line),
            column: Some(column),
            pointer: None,
            kind: ErrorKind::TooDeep,
            message: format!("JSON nests deeper than {} levels", limits.max_depth),
        });
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) => Ok(Parsed { file, text, value }),
        Err(e) => Err(ReadError {
            file: file.to_string(),
            line: Some(e.line()),
            column: Some(e.column()),
            pointer: None,
            kind: ErrorKind::Syntax,
            message: format!("invalid JSON: {}", strip_position(&e.to_string())),
        }),
    }
}

fn strip_position(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (line, column)
}

/// Byte offset of the first bracket that nests deeper than `max`, ignoring strings.
fn depth_exceeded(bytes: &[u8], max: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Escapes one JSON pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Finds the 1-based line and column where the value at JSON `pointer` starts in `text`.
/// Returns `None` if the pointer does not resolve.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let tokens: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer
            .strip_prefix('/')?
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect()
    };
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for token in &tokens {
        match bytes.get(pos)? {
            b'{' => {
                pos = skip_ws(bytes, pos + 1);
                loop {
                    if bytes.get(pos)? == &b'}' {
                        return None;
                    }
                    let (key, after) = read_string(bytes, pos)?;
                    pos = skip_ws(bytes, after);
                    if bytes.get(pos)? != &b':' {
                        return None;
                    }
                    pos = skip_ws(bytes, pos + 1);
                    if &key == token {
                        break;
                    }
                    pos = skip_ws(bytes, skip_value(bytes, pos)?);
                    match bytes.get(pos)? {
                        b',' => pos = skip_ws(bytes, pos + 1),
                        _ => return None,
                    }
                }
            }
            b'[' => {
                let index: usize = token.parse().ok()?;
                pos = skip_ws(bytes, pos + 1);
                for _ in 0..index {
                    if bytes.get(pos)? == &b']' {
                        return None;
                    }
                    pos = skip_ws(bytes, skip_value(bytes, pos)?);
                    match bytes.get(pos)? {
                        b',' => pos = skip_ws(bytes, pos + 1),
                        _ => return None,
                    }
                }
                if bytes.get(pos)? == &b']' {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(line_col(bytes, pos))
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(b) = bytes.get(pos) {
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            pos += 1;
        } else {
            break;
        }
    }
    pos
}

/// Reads a JSON string starting at `pos` (which must be `"`); returns it decoded and the
/// offset after the closing quote.
fn read_string(bytes: &[u8], pos: usize) -> Option<(String, usize)> {
    if bytes.get(pos)? != &b'"' {
        return None;
    }
    let mut end = pos + 1;
    let mut escaped = false;
    loop {
        let b = *bytes.get(end)?;
        if escaped {
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            break;
        }
        end += 1;
    }
    let raw = std::str::from_utf8(&bytes[pos..=end]).ok()?;
    let decoded: String = serde_json::from_str(raw).ok()?;
    Some((decoded, end + 1))
}

/// Skips one JSON value starting at `pos`; returns the offset after it.
fn skip_value(bytes: &[u8], pos: usize) -> Option<usize> {
    match bytes.get(pos)? {
        b'"' => read_string(bytes, pos).map(|(_, end)| end),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = pos;
            let mut in_string = false;
            let mut escaped = false;
            while let Some(&b) = bytes.get(i) {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(i + 1);
                            }
                        }
                        _ => {}
                    }
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = pos;
            while let Some(b) = bytes.get(i) {
                if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_pointers() {
        let text = "{\n  \"a\": [1, {\"b/c\": \"x\"}],\n  \"d\": {\"e\": true}\n}";
        assert_eq!(locate(text, ""), Some((1, 1)));
        assert_eq!(locate(text, "/a"), Some((2, 8)));
        assert_eq!(locate(text, "/a/1/b~1c"), Some((2, 20)));
        assert_eq!(locate(text, "/d/e"), Some((3, 14)));
        assert_eq!(locate(text, "/a/5"), None);
        assert_eq!(locate(text, "/zz"), None);
    }

    #[test]
    fn depth_cap_names_position() {
        let deep = "[".repeat(100);
        let err = parse("deep.json", deep.as_bytes(), Limits::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooDeep);
        assert_eq!((err.line, err.column), (Some(1), Some(65)));
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let err = parse("bad.json", b"{\n \"a\": tru }", Limits::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Syntax);
        assert_eq!(err.line, Some(2));
        assert!(err.to_string().starts_with("bad.json:2:"), "{err}");
    }

    #[test]
    fn size_cap() {
        let limits = Limits {
            max_bytes: 3,
            max_depth: 4,
        };
        let err = parse("big.json", b"[1,2]", limits).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooLarge);
    }
}
