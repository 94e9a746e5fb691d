//! Go module version ordering (`golang.org/x/mod/semver`).

/// Parses a Go module version: `vMAJOR.MINOR.PATCH[-pre][+build]`, or the shorthands
/// `vMAJOR` / `vMAJOR.MINOR` (no pre-release or build), as `x/mod/semver` accepts them.
/// Build metadata (`+incompatible`) is dropped, so it does not take part in ordering.
/// Pseudo-versions are ordinary pre-releases and order by the SemVer pre-release rules.
///
/// `require_v` refuses versions without the leading `v`; OSV `Go` data and Go purls (as
/// mapped by [`crate::purl`]) drop it, so the [`super::Scheme::Go`] scheme accepts both.
pub fn parse(v: &str, require_v: bool) -> Result<semver::Version, String> {
    let body = match v.strip_prefix('v') {
        Some(b) => b,
        None if require_v => return Err("missing leading \"v\"".into()),
        None => v,
    };
    let split = body.find(['-', '+']).unwrap_or(body.len());
    let core = &body[..split];
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() > 3
        || parts.iter().any(|p| {
            p.is_empty()
                || !p.bytes().all(|b| b.is_ascii_digit())
                || (p.len() > 1 && p.starts_with('0'))
        })
    {
        return Err("not a Go semantic version".into());
    }
    let mut full = body.to_string();
    if parts.len() < 3 {
        if split != body.len() {
            return Err("a shorthand version cannot have a pre-release or build".into());
        }
        for _ in parts.len()..3 {
            full.push_str(".0");
        }
    }
    let mut parsed = semver::Version::parse(&full).map_err(|e| e.to_string())?;
    parsed.build = semver::BuildMetadata::EMPTY;
    Ok(parsed)
}
