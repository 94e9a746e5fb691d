//! Syntax checks for BCP 47 language tags (RFC 5646) and package URLs (purl spec), used by
//! CSAF tests 6.1.12 and 6.1.13.

const GRANDFATHERED: &[&str] = &[
    "en-gb-oed",
    "i-ami",
    "i-bnn",
    "i-default",
    "i-enochian",
    "i-hak",
    "i-klingon",
    "i-lux",
    "i-mingo",
    "i-navajo",
    "i-pwn",
    "i-tao",
    "i-tay",
    "i-tsu",
    "sgn-be-fr",
    "sgn-be-nl",
    "sgn-ch-de",
    "art-lojban",
    "cel-gaulish",
    "no-bok",
    "no-nyn",
    "zh-guoyu",
    "zh-hakka",
    "zh-min",
    "zh-min-nan",
    "zh-xiang",
];

fn alpha(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn alnum(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// True if `tag` is well-formed per the RFC 5646 ABNF (grandfathered and private-use tags
/// included). Subtags are not looked up in the IANA registry.
pub fn is_well_formed_language_tag(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    if GRANDFATHERED.contains(&lower.as_str()) {
        return true;
    }
    let subtags: Vec<&str> = lower.split('-').collect();
    if subtags.iter().any(|s| s.is_empty() || s.len() > 8) {
        return false;
    }
    let mut i;
    if subtags[0] == "x" {
        return subtags.len() > 1 && subtags[1..].iter().all(|s| alnum(s, 1, 8));
    }
    // language
    let first = subtags[0];
    if alpha(first, 2, 3) {
        i = 1;
        let mut ext = 0;
        while i < subtags.len() && ext < 3 && alpha(subtags[i], 3, 3) {
            i += 1;
            ext += 1;
        }
    } else if alpha(first, 4, 8) {
        i = 1;
    } else {
        return false;
    }
    // script
    if i < subtags.len() && alpha(subtags[i], 4, 4) {
        i += 1;
    }
    // region
    if i < subtags.len()
        && (alpha(subtags[i], 2, 2)
            || (subtags[i].len() == 3 && subtags[i].bytes().all(|b| b.is_ascii_digit())))
    {
        i += 1;
    }
    // variants
    let mut variants: Vec<&str> = Vec::new();
    while i < subtags.len() {
        let s = subtags[i];
        let is_variant =
            alnum(s, 5, 8) || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit() && alnum(s, 4, 4));
        if !is_variant {
            break;
        }
        if variants.contains(&s) {
            return false;
        }
        variants.push(s);
        i += 1;
    }
    // extensions
    let mut singletons: Vec<&str> = Vec::new();
    while i < subtags.len() && subtags[i].len() == 1 && subtags[i] != "x" {
        let singleton = subtags[i];
        if !alnum(singleton, 1, 1) || singletons.contains(&singleton) {
            return false;
        }
        singletons.push(singleton);
        i += 1;
        let start = i;
        while i < subtags.len() && alnum(subtags[i], 2, 8) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    // private use
    if i < subtags.len() && subtags[i] == "x" {
        i += 1;
        let start = i;
        while i < subtags.len() && alnum(subtags[i], 1, 8) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == subtags.len()
}

fn percent_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 >= b.len() {
                return false;
            }
            if !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

/// Checks a package URL against the purl specification: `pkg:` scheme, a valid type, a
/// non-empty name, valid qualifier keys and percent-encoding. Returns what is wrong.
pub fn check_purl(purl: &str) -> Result<(), String> {
    let (rest, subpath) = match purl.split_once('#') {
        Some((r, s)) => (r, Some(s)),
        None => (purl, None),
    };
    let (rest, qualifiers) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let Some(scheme_rest) = rest
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("pkg:"))
        .map(|_| &rest[4..])
    else {
        return Err("does not start with pkg:".into());
    };
    let path = scheme_rest.trim_start_matches('/');
    let Some((ty, tail)) = path.split_once('/') else {
        return Err("has no type/name".into());
    };
    let mut tc = ty.chars();
    let type_ok = matches!(tc.next(), Some(c) if c.is_ascii_alphabetic() || matches!(c, '.' | '+' | '-'))
        && tc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-'));
    if !type_ok {
        return Err(format!("invalid type {ty:?}"));
    }
    let tail = tail.trim_end_matches('/');
    let last_slash = tail.rfind('/');
    let name_path = match tail.rfind('@') {
        Some(at) if last_slash.is_none_or(|sl| at > sl) => &tail[..at],
        _ => tail,
    };
    let name = name_path.rsplit('/').next().unwrap_or("");
    if name.is_empty() {
        return Err("has no name".into());
    }
    if !percent_ok(tail) {
        return Err("invalid percent-encoding".into());
    }
    if let Some(q) = qualifiers {
        for pair in q.split('&').filter(|p| !p.is_empty()) {
            let Some((k, v)) = pair.split_once('=') else {
                return Err(format!("qualifier {pair:?} has no value"));
            };
            let mut kc = k.chars();
            let key_ok = matches!(kc.next(), Some(c) if c.is_ascii_alphabetic() || matches!(c, '.' | '-' | '_'))
                && kc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
            if !key_ok {
                return Err(format!("invalid qualifier key {k:?}"));
            }
            if !percent_ok(v) {
                return Err("invalid percent-encoding in a qualifier".into());
            }
        }
    }
    if let Some(s) = subpath
        && !percent_ok(s)
    {
        return Err("invalid percent-encoding in the subpath".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in [
            "en",
            "en-US",
            "de-DE-1996",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "es-419",
            "i-klingon",
            "x-private",
            "en-a-bbb-x-a-ccc",
            "zh-yue-HK",
        ] {
            assert!(is_well_formed_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "en-",
            "englishlanguage",
            "en-US-US-x",
            "de-419-DE",
            "en-a",
            "a-DE",
        ] {
            assert!(!is_well_formed_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn purls() {
        for ok in [
            "pkg:npm/%40angular/animation@12.3.1",
            "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie",
            "pkg:generic/openssl@1.1.10g?download_url=https://openssl.org/source/openssl-1.1.0g.tar.gz",
            "pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/dogs",
            "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources",
        ] {
            assert!(check_purl(ok).is_ok(), "{ok}: {:?}", check_purl(ok));
        }
        for bad in [
            "npm/foo",
            "pkg:npm",
            "pkg:n&m/foo",
            "pkg:npm/",
            "pkg:npm/foo?1a=b",
            "pkg:npm/foo%zz",
            "pkg:1npm/foo",
        ] {
            assert!(check_purl(bad).is_err(), "{bad}");
        }
    }
}
