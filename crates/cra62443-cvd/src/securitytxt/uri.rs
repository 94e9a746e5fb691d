//! An RFC 3986 `URI` validator (absolute URI with optional query and fragment), written for
//! the linter so that it can say *why* a value is not a URI. Tested against `fluent-uri`.

use std::net::Ipv6Addr;

/// The parts of a valid URI the linter looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UriParts<'a> {
    /// The scheme as written (compare case-insensitively).
    pub scheme: &'a str,
    /// The host, when the URI has an authority (`//host`).
    pub host: Option<&'a str>,
    /// Everything after the scheme up to the query (`//host:port/path` or the path).
    pub hier_part: &'a str,
    /// The path.
    pub path: &'a str,
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

/// Checks that every byte of `s` is allowed by `extra` or is unreserved, a sub-delimiter or part
/// of a `%XX` escape. Returns a description of the first offending character.
fn check_chars(s: &str, what: &str, extra: &[u8]) -> Result<(), String> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let ok = i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit();
            if !ok {
                return Err(format!(
                    "'%' in the {what} is not followed by two hexadecimal digits"
                ));
            }
            i += 3;
            continue;
        }
        if !(is_unreserved(b) || is_sub_delim(b) || extra.contains(&b)) {
            let c = s[i..].chars().next().unwrap_or('?');
            return Err(if c.is_ascii_whitespace() {
                format!("the {what} contains whitespace")
            } else if c.is_ascii_control() || !c.is_ascii() {
                format!(
                    "the {what} contains the character U+{:04X}, which must be percent-encoded",
                    c as u32
                )
            } else {
                format!("the {what} contains '{c}', which is not allowed there")
            });
        }
        i += 1;
    }
    Ok(())
}

const PATH_EXTRA: &[u8] = b":@/";
const QUERY_EXTRA: &[u8] = b":@/?";

/// Parses `s` as an RFC 3986 URI (`scheme ":" hier-part [ "?" query ] [ "#" fragment ]`).
///
/// # Errors
///
/// A sentence saying what is wrong, for the finding's message.
pub fn parse(s: &str) -> Result<UriParts<'_>, String> {
    if s.is_empty() {
        return Err("the value is empty".to_string());
    }
    let colon = match s.find(':') {
        Some(c) => c,
        None => return Err("it has no scheme (such as https: or mailto:)".to_string()),
    };
    let scheme = &s[..colon];
    let sb = scheme.as_bytes();
    if sb.is_empty() {
        return Err("it has no scheme (such as https: or mailto:)".to_string());
    }
    if !sb[0].is_ascii_alphabetic()
        || !sb
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return Err(format!(
            "'{}' is not a valid scheme (such as https: or mailto:)",
            scheme.escape_debug()
        ));
    }
    let rest = &s[colon + 1..];
    let (rest, fragment) = match rest.find('#') {
        Some(h) => (&rest[..h], Some(&rest[h + 1..])),
        None => (rest, None),
    };
    if let Some(f) = fragment {
        check_chars(f, "fragment", QUERY_EXTRA)?;
    }
    let (hier, query) = match rest.find('?') {
        Some(q) => (&rest[..q], Some(&rest[q + 1..])),
        None => (rest, None),
    };
    if let Some(q) = query {
        check_chars(q, "query", QUERY_EXTRA)?;
    }
    if let Some(after) = hier.strip_prefix("//") {
        let end = after.find('/').unwrap_or(after.len());
        let authority = &after[..end];
        let path = &after[end..];
        let host = check_authority(authority)?;
        check_chars(path, "path", PATH_EXTRA)?;
        Ok(UriParts {
            scheme,
            host: Some(host),
            hier_part: hier,
            path,
        })
    } else {
        check_chars(hier, "path", PATH_EXTRA)?;
        Ok(UriParts {
            scheme,
            host: None,
            hier_part: hier,
            path: hier,
        })
    }
}

/// Validates `[ userinfo "@" ] host [ ":" port ]` and returns the host.
fn check_authority(authority: &str) -> Result<&str, String> {
    let hostport = match authority.rfind('@') {
        Some(at) => {
            check_chars(&authority[..at], "user information", b":")?;
            &authority[at + 1..]
        }
        None => authority,
    };
    let (host, port) = if let Some(inner) = hostport.strip_prefix('[') {
        let close = inner
            .find(']')
            .ok_or_else(|| "the IP literal in the host has no closing ']'".to_string())?;
        let literal = &inner[..close];
        check_ip_literal(literal)?;
        let after = &inner[close + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => {
                return Err(format!(
                    "'{}' after the IP literal is not a port",
                    after.escape_debug()
                ));
            }
        };
        (&hostport[..close + 2], port)
    } else {
        match hostport.find(':') {
            Some(c) => (&hostport[..c], Some(&hostport[c + 1..])),
            None => (hostport, None),
        }
    };
    if !host.starts_with('[') {
        check_chars(host, "host", b"")?;
    }
    if let Some(p) = port
        && !p.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("the port '{}' is not a number", p.escape_debug()));
    }
    Ok(host)
}

fn check_ip_literal(literal: &str) -> Result<(), String> {
    if let Some(rest) = literal
        .strip_prefix('v')
        .or_else(|| literal.strip_prefix('V'))
    {
        // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
        let dot = rest
            .find('.')
            .ok_or_else(|| "the IPvFuture host has no '.'".to_string())?;
        let (version, addr) = (&rest[..dot], &rest[dot + 1..]);
        if version.is_empty() || !version.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("the IPvFuture host has no hexadecimal version".to_string());
        }
        if addr.is_empty()
            || !addr
                .bytes()
                .all(|b| is_unreserved(b) || is_sub_delim(b) || b == b':')
        {
            return Err("the IPvFuture host has an invalid address".to_string());
        }
        return Ok(());
    }
    if literal.parse::<Ipv6Addr>().is_ok() && !literal.contains('%') {
        Ok(())
    } else {
        Err(format!(
            "'[{}]' is not a valid IPv6 address",
            literal.escape_debug()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_uris() {
        for s in [
            "https://example.com/.well-known/security.txt",
            "mailto:security@example.com",
            "tel:+1-201-555-0123",
            "https://[2001:db8::1]:8443/a?b=c#d",
            "openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f",
            "dns:5d2d37ab76d47d36._openpgpkey.example.com?type=OPENPGPKEY",
            "https://user:pw@example.com",
            "urn:isbn:0451450523",
            "https://example.com:/",
            "x:",
        ] {
            assert!(parse(s).is_ok(), "{s}: {:?}", parse(s));
        }
    }

    #[test]
    fn rejects_and_explains() {
        let cases = [
            ("security@example.com", "no scheme"),
            ("", "empty"),
            ("https://exa mple.com", "whitespace"),
            ("https://example.com/%zz", "hexadecimal"),
            ("https://example.com:80a/", "port"),
            ("https://[::g]/", "IPv6"),
            ("1http://x", "not a valid scheme"),
            ("https://example.com/ä", "U+00E4"),
            ("https://exa<mple.com", "'<'"),
        ];
        for (s, needle) in cases {
            let err = parse(s).unwrap_err();
            assert!(err.contains(needle), "{s}: {err}");
        }
    }

    #[test]
    fn host_is_reported() {
        assert_eq!(
            parse("https://Example.COM:443/x").unwrap().host,
            Some("Example.COM")
        );
        assert_eq!(parse("mailto:a@b").unwrap().host, None);
        assert_eq!(parse("https:///x").unwrap().host, Some(""));
    }
}
