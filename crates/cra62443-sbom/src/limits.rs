//! Limits that keep hostile input from exhausting memory or the stack, and the cheap pre-scan of
//! JSON text that enforces them before serde sees the data.

use crate::SbomError;

/// Limits applied while reading. The defaults suit SBOMs of very large products (hundreds of
/// thousands of components) and refuse obviously hostile input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file (or archive) read, in bytes.
    pub max_input_bytes: u64,
    /// Most bytes a compressed input or archive may expand to, all members together.
    pub max_decompressed_bytes: u64,
    /// Deepest nesting of JSON arrays/objects or XML elements.
    pub max_depth: usize,
    /// Longest JSON string or XML text node, in bytes.
    pub max_string_bytes: usize,
    /// Most members read from an archive or files from a folder.
    pub max_documents: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 256 * 1024 * 1024,
            max_decompressed_bytes: 256 * 1024 * 1024,
            max_depth: 64,
            max_string_bytes: 16 * 1024 * 1024,
            max_documents: 10_000,
        }
    }
}

/// Line and column (both 1-based) of a byte offset.
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map(|i| i + 1).unwrap_or(0);
    (line, offset - line_start + 1)
}

/// Checks nesting depth and string length of JSON text in one pass, without parsing it. Syntax
/// errors are left to serde_json, which reports them with line and column.
pub(crate) fn scan_json(bytes: &[u8], file: &str, limits: &Limits) -> Result<(), SbomError> {
    let mut depth = 0usize;
    let mut i = 0usize;
    let n = bytes.len();
    while i < n {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                loop {
                    // Jump to the next quote or backslash.
                    match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                        None => return Ok(()), // unterminated: serde_json reports it
                        Some(k) => {
                            i += k;
                            if bytes[i] == b'\\' {
                                i += 2;
                                if i >= n {
                                    return Ok(());
                                }
                            } else {
                                break;
                            }
                        }
                    }
                }
                if i - start - 1 > limits.max_string_bytes {
                    let (line, column) = line_col(bytes, start);
                    return Err(SbomError::LimitExceeded {
                        file: file.to_string(),
                        line,
                        column,
                        message: format!(
                            "string longer than the limit of {} bytes",
                            limits.max_string_bytes
                        ),
                    });
                }
                i += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > limits.max_depth {
                    let (line, column) = line_col(bytes, i);
                    return Err(SbomError::LimitExceeded {
                        file: file.to_string(),
                        line,
                        column,
                        message: format!("nesting deeper than the limit of {}", limits.max_depth),
                    });
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// The checks of [`scan_json`] made on text that arrives in pieces (a file read in chunks), so
/// that the limits hold before the parser sees the bytes. A string is refused as soon as it
/// exceeds the limit, even if it is never terminated.
pub(crate) struct JsonScanner {
    max_depth: usize,
    max_string_bytes: u64,
    depth: usize,
    in_string: bool,
    /// A backslash ended the previous chunk inside a string: skip the next byte.
    escape: bool,
    /// Line and column of the opening quote of the current string, and its length so far.
    string_at: (usize, usize),
    string_len: u64,
    /// Bytes fed before the current chunk.
    offset: u64,
    /// Lines counted up to `counted` (an offset), and the offset where the current line starts.
    line: usize,
    line_start: u64,
    counted: u64,
}

impl JsonScanner {
    pub(crate) fn new(limits: &Limits) -> Self {
        JsonScanner {
            max_depth: limits.max_depth,
            max_string_bytes: limits.max_string_bytes as u64,
            depth: 0,
            in_string: false,
            escape: false,
            string_at: (1, 1),
            string_len: 0,
            offset: 0,
            line: 1,
            line_start: 0,
            counted: 0,
        }
    }

    /// Line and column of position `i` of `chunk`; positions asked for never go backwards.
    fn position(&mut self, chunk: &[u8], i: usize) -> (usize, usize) {
        let from = (self.counted - self.offset) as usize;
        let part = &chunk[from..i];
        self.line += memchr::memchr_iter(b'\n', part).count();
        if let Some(k) = memchr::memrchr(b'\n', part) {
            self.line_start = self.offset + (from + k + 1) as u64;
        }
        self.counted = self.offset + i as u64;
        (self.line, (self.counted - self.line_start) as usize + 1)
    }

    /// Checks the next piece of text; on a violation returns its line, column and message.
    pub(crate) fn feed(&mut self, chunk: &[u8]) -> Result<(), (usize, usize, String)> {
        let n = chunk.len();
        let mut i = 0usize;
        if self.escape && n > 0 {
            self.escape = false;
            self.string_len += 1;
            i = 1;
        }
        while i < n {
            if self.in_string {
                match memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                    None => {
                        self.string_len += (n - i) as u64;
                        i = n;
                    }
                    Some(k) => {
                        self.string_len += k as u64;
                        i += k;
                        if chunk[i] == b'\\' {
                            if i + 1 < n {
                                self.string_len += 2;
                                i += 2;
                            } else {
                                self.string_len += 1;
                                self.escape = true;
                                i = n;
                            }
                        } else {
                            self.in_string = false;
                            i += 1;
                        }
                    }
                }
                if self.string_len > self.max_string_bytes {
                    let (line, column) = self.string_at;
                    return Err((
                        line,
                        column,
                        format!(
                            "string longer than the limit of {} bytes",
                            self.max_string_bytes
                        ),
                    ));
                }
                continue;
            }
            match chunk[i] {
                b'"' => {
                    self.in_string = true;
                    self.string_len = 0;
                    self.string_at = self.position(chunk, i);
                }
                b'[' | b'{' => {
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        let (line, column) = self.position(chunk, i);
                        return Err((
                            line,
                            column,
                            format!("nesting deeper than the limit of {}", self.max_depth),
                        ));
                    }
                }
                b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
        self.position(chunk, n);
        self.offset += n as u64;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_and_strings() {
        let limits = Limits {
            max_depth: 3,
            max_string_bytes: 5,
            ..Limits::default()
        };
        assert!(scan_json(br#"{"a":[{"b":"12345"}]}"#, "f", &limits).is_ok());
        let err = scan_json(br#"{"a":[[["x"]]]}"#, "f", &limits).unwrap_err();
        assert!(err.to_string().starts_with("f:1:8: nesting"), "{err}");
        let err = scan_json(b"{\n \"a\": \"123456\"}", "f", &limits).unwrap_err();
        assert!(err.to_string().starts_with("f:2:7: string"), "{err}");
        // Escaped quotes and brackets inside strings do not count.
        let flat = Limits {
            max_depth: 1,
            ..Limits::default()
        };
        assert!(scan_json(br#"{"a":"[[[\"{{{"}"#, "f", &flat).is_ok());
        assert!(scan_json(br#"{"a":"\\"}"#, "f", &limits).is_ok());
        // Unterminated input is left to the parser.
        assert!(scan_json(br#"{"a":"abc"#, "f", &limits).is_ok());
        assert!(scan_json(br#"{"a":"abc\"#, "f", &limits).is_ok());
    }

    #[test]
    fn chunked_scan_agrees() {
        let limits = Limits {
            max_depth: 3,
            max_string_bytes: 5,
            ..Limits::default()
        };
        let cases: [&[u8]; 6] = [
            br#"{"a":[{"b":"12345"}]}"#,
            br#"{"a":[[["x"]]]}"#,
            b"{\n \"a\": \"123456\"}",
            br#"{"a":"[[[\"{"}"#,
            br#"{"a":"\\"}"#,
            b"{\n\"a\":\n [\"\\\"\\\"\", {\"b\": [[1]]}]}",
        ];
        for text in cases {
            let whole = scan_json(text, "f", &limits).map_err(|e| e.to_string());
            for size in 1..=text.len() {
                let mut scanner = JsonScanner::new(&limits);
                let chunked = text
                    .chunks(size)
                    .try_for_each(|c| scanner.feed(c))
                    .map_err(|(l, c, m)| format!("f:{l}:{c}: {m}"));
                assert_eq!(
                    whole,
                    chunked,
                    "{:?} in chunks of {size}",
                    String::from_utf8_lossy(text)
                );
            }
        }
    }

    #[test]
    fn line_and_column() {
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_col(b"ab", 0), (1, 1));
    }
}
