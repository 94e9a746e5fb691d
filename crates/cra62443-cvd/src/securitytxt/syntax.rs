//! Small syntax checks of RFC 9116 values: RFC 3339 date-times, RFC 5646 language tags,
//! field names and unstructured values (RFC 5322), and line splitting.

use jiff::Timestamp;

/// One physical line of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// The text without the line ending (`\n` or `\r\n`).
    pub text: &'a str,
    /// Whether the line ended with `\n`.
    pub eol: bool,
}

/// Splits `text` into lines; `\r\n` and `\n` both end a line. A final line without a line
/// ending is kept (with `eol == false`); an empty text has no lines.
pub fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut rest = text;
    let mut number = 1;
    while !rest.is_empty() {
        let (raw, eol, next) = match rest.find('\n') {
            Some(i) => (&rest[..i], true, &rest[i + 1..]),
            None => (rest, false, ""),
        };
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        lines.push(Line { number, text, eol });
        number += 1;
        rest = next;
    }
    lines
}

/// `WSP` of RFC 5234: space or horizontal tab.
pub fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `VCHAR` of RFC 5234: visible US-ASCII.
pub fn is_vchar(c: char) -> bool {
    ('\x21'..='\x7e').contains(&c)
}

/// `ftext` of RFC 5322 (field-name characters): printable US-ASCII except `:`.
pub fn is_ftext(c: char) -> bool {
    is_vchar(c) && c != ':'
}

/// Whether the line is blank (only `WSP`).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_wsp)
}

/// The first character of `value` that RFC 5322 `unstructured` does not allow (only `VCHAR`
/// and `WSP` are allowed).
pub fn first_bad_value_char(value: &str) -> Option<char> {
    value.chars().find(|&c| !(is_vchar(c) || is_wsp(c)))
}

/// The first character of a comment (after `#`) that RFC 9116 does not allow: comments may
/// hold `WSP`, `VCHAR` and any non-ASCII character, but no control characters.
pub fn first_bad_comment_char(comment: &str) -> Option<char> {
    comment
        .chars()
        .find(|&c| !(is_wsp(c) || is_vchar(c) || c >= '\u{80}'))
}

fn digits(b: &[u8], at: usize, n: usize) -> bool {
    b.len() >= at + n && b[at..at + n].iter().all(u8::is_ascii_digit)
}

/// Parses an RFC 3339 `date-time` (`2026-12-31T23:59:59Z`, `…t…z`, fractional seconds,
/// numeric offsets). A space instead of `T` is accepted, as RFC 3339 §5.6 allows applications
/// to do.
///
/// # Errors
///
/// A sentence saying what is wrong.
pub fn parse_rfc3339(value: &str) -> Result<Timestamp, String> {
    let b = value.as_bytes();
    let shape_ok = digits(b, 0, 4)
        && b.get(4) == Some(&b'-')
        && digits(b, 5, 2)
        && b.get(7) == Some(&b'-')
        && digits(b, 8, 2)
        && matches!(b.get(10), Some(b'T' | b't' | b' '))
        && digits(b, 11, 2)
        && b.get(13) == Some(&b':')
        && digits(b, 14, 2)
        && b.get(16) == Some(&b':')
        && digits(b, 17, 2);
    if !shape_ok {
        return Err(
            "it is not an RFC 3339 date-time such as 2027-06-30T23:59:59Z (date, 'T', time with seconds, zone)"
                .to_string(),
        );
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err("the fractional seconds after '.' have no digits".to_string());
        }
    }
    let zone = &value[i..];
    let zone_ok = match zone.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    };
    if !zone_ok {
        return Err(if zone.is_empty() {
            "it has no time zone: end it with 'Z' or an offset such as +01:00".to_string()
        } else {
            format!(
                "'{}' is not a time zone: use 'Z' or an offset such as +01:00",
                zone.escape_debug()
            )
        });
    }
    let hour: u32 = value[11..13].parse().unwrap_or(99);
    let minute: u32 = value[14..16].parse().unwrap_or(99);
    let second: u32 = value[17..19].parse().unwrap_or(99);
    if hour > 23 || minute > 59 || second > 60 {
        return Err("the time of day is out of range".to_string());
    }
    if zone.len() == 6 {
        let oh: u32 = zone[1..3].parse().unwrap_or(99);
        let om: u32 = zone[4..6].parse().unwrap_or(99);
        if oh > 23 || om > 59 {
            return Err("the offset is out of range".to_string());
        }
    }
    // Normalise the separators jiff may not accept, then let it check the calendar.
    let mut normalised = String::with_capacity(value.len());
    normalised.push_str(&value[..10]);
    normalised.push('T');
    normalised.push_str(&value[11..i]);
    normalised.push_str(if zone.eq_ignore_ascii_case("z") {
        "Z"
    } else {
        zone
    });
    normalised
        .parse::<Timestamp>()
        .map_err(|e| format!("it is not a valid date and time: {e}"))
}

/// Whether `tag` has the syntax of an RFC 5646 language tag (`en`, `de-AT`, `zh-Hant-TW`,
/// `x-private`, `i-klingon`). Checks the shape of the subtags (letters and digits, 1-8
/// characters, a primary language subtag of 2-8 letters), not the registry.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    let subtags_ok = rest
        .iter()
        .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !subtags_ok {
        return false;
    }
    if first.eq_ignore_ascii_case("x") || first.eq_ignore_ascii_case("i") {
        return !rest.is_empty();
    }
    (2..=8).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines() {
        let l = split_lines("a\r\nb\n\nc");
        assert_eq!(l.len(), 4);
        assert_eq!(l[0].text, "a");
        assert_eq!(l[2].text, "");
        assert!(l[2].eol);
        assert_eq!(l[3].text, "c");
        assert!(!l[3].eol);
        assert!(split_lines("").is_empty());
        assert_eq!(split_lines("x\n").len(), 1);
    }

    #[test]
    fn rfc3339() {
        for ok in [
            "2027-01-01T00:00:00Z",
            "2023-12-31T18:37:07z",
            "2030-04-12T23:20:50.52Z",
            "2027-06-30t23:59:59+02:00",
            "2027-06-30 23:59:59-05:30",
        ] {
            assert!(parse_rfc3339(ok).is_ok(), "{ok}: {:?}", parse_rfc3339(ok));
        }
        assert_eq!(
            parse_rfc3339("2027-06-30T23:59:59+02:00")
                .unwrap()
                .to_string(),
            "2027-06-30T21:59:59Z"
        );
        for bad in [
            "2027-01-01",
            "2027-01-01T00:00Z",
            "2027-01-01T00:00:00",
            "2027-13-01T00:00:00Z",
            "2027-02-30T00:00:00Z",
            "2027-01-01T24:00:00Z",
            "2027-01-01T00:00:00.Z",
            "2027-01-01T00:00:00+0100",
            "Tue, 1 Jan 2027 00:00:00 GMT",
            "2027-01-01T00:00:00Z ",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "de-AT", "zh-Hant-TW", "x-private", "i-klingon", "EN"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "englishlanguage",
            "de_AT",
            "en-",
            "x",
            "123",
            "de-ABCDEFGHI",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
