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
    fn line_and_column() {
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_col(b"ab", 0), (1, 1));
    }
}
