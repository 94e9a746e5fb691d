//! CVE JSON 5 records → [`Advisory`] with CPE applicability ([`CpeMatch`]).
//!
//! # How `affected[]` entries become CPE statements
//!
//! Each `affected[]` entry of the CNA container and of every ADP container (the CISA
//! vulnrichment CPEs) is read with its `versions[]`, `changes` and `defaultStatus`:
//!
//! * A `versions[]` entry with `lessThan` / `lessThanOrEqual` is a range starting at `version`
//!   (inclusive; open when `0` or a placeholder). `lessThanOrEqual: "*"` leaves the range
//!   open above; `lessThanOrEqual: "5.4.*"` (the Linux CNA's stable branches) ends below
//!   `5.5`. Without a bound it is one exact version.
//! * `changes` split a range at each `at` version into pieces with the changed status.
//! * Pieces of status `affected` become CPE statements. Pieces of status `unaffected` become
//!   exceptions ([`CpeMatch::except`]) of every *range* statement of the entry, because they
//!   are the narrower statement (a fix backported to a stable branch); an exact affected
//!   version stays affected.
//! * `defaultStatus: affected` adds one statement for every version of the CPE, minus the
//!   unaffected pieces. `unknown` and `unaffected` defaults add nothing: a version that no
//!   entry names is not reported (as NVD-based matchers do).
//! * `versionType: git` entries and commit-hash bounds are dropped: without the repository's
//!   commit graph they cannot be compared offline. An entry whose every row is dropped gives
//!   no statement, whatever its `defaultStatus`.
//! * The CNA is the source of record: for a CPE product the CNA container gives statements
//!   for (with its own or an inherited CPE), the ADP containers' statements are not used,
//!   unless a CNA statement for it has a version the matcher cannot read (then both are kept,
//!   so a malformed CNA bound such as `lessThan: "< 5.6.3"` does not hide the ADP's clean
//!   one). The CISA ADP restates the CNA's rows one entry per row and copies
//!   `defaultStatus: affected` onto fragments that lost the other rows' exceptions
//!   (CVE-2023-52696: every version but `[5.4.268, 5.5)` would read as affected).
//! * An entry without `cpes` takes the record's CPE product when the record names exactly one
//!   CPE (vendor, product) and all entries without CPEs name one vendor/product text pair
//!   (the Linux CNA writes `Linux`/`Linux` with version ranges and no CPE while CISA's ADP
//!   adds `linux:linux_kernel` with commit ranges only). Such statements carry a
//!   [`CpeMatch::note`] that the finding's evidence repeats.
//! * A CPE with its own version is used as written, widened only by ranges that start at
//!   that version or at the beginning (CISA ADP lists one CPE per affected version next to
//!   one `versions[]` entry per version; combining every CPE with every entry would be wrong
//!   and quadratic).

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value;

use crate::cpe::Cpe;
use crate::import::{first_line, str_of, strings};
use crate::model::{Advisory, CpeMatch, Severity, VersionSpan};
use crate::version::{Scheme, VersionScheme};

fn is_placeholder(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "" | "*" | "-" | "n/a" | "na" | "unspecified" | "unknown" | "all"
    )
}

fn looks_like_commit(v: &str) -> bool {
    // Some CNA records prefix commit bounds with a space or a `-` (" f777d8827817",
    // "-1da177e4c3f4"); they are commits all the same.
    let v = v.trim().trim_start_matches('-');
    (7..=40).contains(&v.len())
        && v.bytes().all(|b| b.is_ascii_hexdigit())
        && v.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The status of a version span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Affected,
    Unaffected,
    Unknown,
}

fn status_of(v: Option<&str>) -> Status {
    match v {
        Some("affected") => Status::Affected,
        Some("unaffected") => Status::Unaffected,
        _ => Status::Unknown,
    }
}

/// A piece of a `versions[]` entry: its span, its status and whether it is one exact version.
#[derive(Debug, Clone)]
struct Piece {
    span: VersionSpan,
    status: Status,
    exact: bool,
}

/// The version just above every version with prefix `prefix` (`5.4` → `5.5`): the exclusive end
/// of `lessThanOrEqual: "5.4.*"`. `None` when the last component is not a number.
fn after_prefix(prefix: &str) -> Option<String> {
    let (head, last) = match prefix.rsplit_once('.') {
        Some((h, l)) => (Some(h), l),
        None => (None, prefix),
    };
    let next = last.parse::<u64>().ok()?.checked_add(1)?;
    Some(match head {
        Some(h) => format!("{h}.{next}"),
        None => next.to_string(),
    })
}

/// Sets the upper end of `span` from `lessThan` / `lessThanOrEqual`, resolving wildcards.
fn set_upper(span: &mut VersionSpan, lt: Option<&str>, lte: Option<&str>) {
    if let Some(lt) = lt.map(str::trim).filter(|v| !is_placeholder(v)) {
        span.end_excluding = Some(lt.to_string());
    }
    if let Some(lte) = lte.map(str::trim) {
        if is_placeholder(lte) {
            return;
        }
        match lte.strip_suffix(".*").map(after_prefix) {
            Some(Some(end)) => span.end_excluding = Some(end),
            // `x.*` with a non-numeric last component: kept as written; comparing it gives an
            // indeterminate result instead of a guess.
            Some(None) | None => span.end_including = Some(lte.to_string()),
        }
    }
}

/// Splits one `versions[]` entry into pieces; `None` for git and commit-hash entries.
fn pieces_of(entry: &Value) -> Option<Vec<Piece>> {
    if entry.get("versionType").and_then(Value::as_str) == Some("git") {
        return None;
    }
    let version = entry.get("version").and_then(Value::as_str).unwrap_or("");
    let lt = entry.get("lessThan").and_then(Value::as_str);
    let lte = entry.get("lessThanOrEqual").and_then(Value::as_str);
    let changes: Vec<(String, Status)> = entry
        .get("changes")
        .and_then(Value::as_array)
        .map(|c| {
            c.iter()
                .filter_map(|x| {
                    Some((
                        x.get("at")?.as_str()?.trim().to_string(),
                        status_of(x.get("status").and_then(Value::as_str)),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let bounds = [Some(version), lt, lte]
        .into_iter()
        .flatten()
        .chain(changes.iter().map(|(at, _)| at.as_str()));
    for b in bounds {
        if looks_like_commit(b) {
            return None;
        }
    }
    let status = status_of(entry.get("status").and_then(Value::as_str));
    if lt.is_none() && lte.is_none() {
        let mut span = VersionSpan::default();
        let exact = !is_placeholder(version);
        if exact {
            span.start_including = Some(version.trim().to_string());
            span.end_including = Some(version.trim().to_string());
        }
        return Some(vec![Piece {
            span,
            status,
            exact,
        }]);
    }
    let start =
        (!(is_placeholder(version) || version.trim() == "0")).then(|| version.trim().to_string());
    let mut whole = VersionSpan {
        start_including: start,
        ..VersionSpan::default()
    };
    set_upper(&mut whole, lt, lte);
    if changes.is_empty() {
        return Some(vec![Piece {
            span: whole,
            status,
            exact: false,
        }]);
    }
    // `changes` are in version order per the schema; sort anyway when every `at` parses, so a
    // record that lists them otherwise is still split correctly.
    let mut changes = changes;
    let scheme = Scheme::Generic;
    if changes.iter().all(|(at, _)| scheme.parse(at).is_ok()) {
        changes.sort_by_cached_key(|(at, _)| scheme.parse(at).ok());
    }
    let mut pieces = Vec::new();
    let mut from = whole.start_including.clone();
    let mut current = status;
    for (at, next) in changes {
        pieces.push(Piece {
            span: VersionSpan {
                start_including: from.take(),
                end_excluding: Some(at.clone()),
                end_including: None,
            },
            status: current,
            exact: false,
        });
        from = Some(at);
        current = next;
    }
    pieces.push(Piece {
        span: VersionSpan {
            start_including: from,
            ..whole
        },
        status: current,
        exact: false,
    });
    Some(pieces)
}

fn statement(criteria: String, span: &VersionSpan) -> CpeMatch {
    CpeMatch {
        criteria,
        version_start_including: span.start_including.clone(),
        version_end_excluding: span.end_excluding.clone(),
        version_end_including: span.end_including.clone(),
        ..CpeMatch::default()
    }
}

/// The vendor/product text pair of an `affected[]` entry, lower-cased; `None` when both are
/// placeholders.
fn named_product(affected: &Value) -> Option<(String, String)> {
    let vendor = str_of(affected, "vendor").unwrap_or_default();
    let product = str_of(affected, "product").unwrap_or_default();
    if is_placeholder(&vendor) && is_placeholder(&product) {
        return None;
    }
    Some((
        vendor.trim().to_ascii_lowercase(),
        product.trim().to_ascii_lowercase(),
    ))
}

/// The CPE an entry without `cpes` inherits (see the module documentation), with its note.
fn inherited_cpe(containers: &[&Value]) -> Option<(Cpe, String)> {
    let entries = || {
        containers.iter().flat_map(|c| {
            c.get("affected")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[])
        })
    };
    let mut products = BTreeSet::new();
    let mut first = None;
    for cpe in entries().flat_map(|a| strings(a.get("cpes"))) {
        let Ok(parsed) = Cpe::parse(&cpe) else {
            continue;
        };
        let Some(product) = parsed.vendor_product() else {
            continue;
        };
        products.insert(product);
        first.get_or_insert(parsed);
    }
    let names: BTreeSet<(String, String)> = entries()
        .filter(|a| strings(a.get("cpes")).is_empty())
        .filter_map(named_product)
        .collect();
    if products.len() != 1 || names.len() != 1 {
        return None;
    }
    let cpe = first?.with_any_version();
    let (vendor, product) = names.into_iter().next()?;
    let note = format!(
        "the record's entry {vendor}/{product} has no CPE; the record's only CPE product {}:{} applies",
        cpe.vendor.value().unwrap_or("*"),
        cpe.product.value().unwrap_or("*"),
    );
    Some((cpe, note))
}

/// Parses a CVE JSON 5 record: CPE applicability from `containers.cna.affected[]` and every
/// `containers.adp[].affected[]` (see the module documentation for the rules), CVSS vectors
/// from all containers' `metrics`. A `REJECTED` record is kept as withdrawn.
pub fn parse_cve5_value(value: &Value) -> Result<Advisory, String> {
    let meta = value
        .get("cveMetadata")
        .ok_or("CVE record without `cveMetadata`")?;
    let id = str_of(meta, "cveId")
        .filter(|s| !s.is_empty())
        .ok_or("CVE record without `cveMetadata.cveId`")?;
    let rejected = meta.get("state").and_then(Value::as_str) == Some("REJECTED");
    let mut advisory = Advisory {
        id,
        published: str_of(meta, "datePublished"),
        modified: str_of(meta, "dateUpdated"),
        withdrawn: rejected.then(|| {
            str_of(meta, "dateRejected")
                .or_else(|| str_of(meta, "dateUpdated"))
                .unwrap_or_else(|| "rejected".into())
        }),
        ..Advisory::default()
    };
    let containers = value.get("containers");
    let cna = containers.and_then(|c| c.get("cna"));
    advisory.summary = cna.and_then(|c| str_of(c, "title")).or_else(|| {
        cna.and_then(|c| c.get("descriptions"))
            .and_then(Value::as_array)
            .and_then(|d| {
                d.iter()
                    .find(|x| {
                        x.get("lang")
                            .and_then(Value::as_str)
                            .is_some_and(|l| l.starts_with("en"))
                    })
                    .or_else(|| d.first())
            })
            .and_then(|x| x.get("value").and_then(Value::as_str))
            .and_then(first_line)
    });
    let mut all: Vec<&Value> = cna.into_iter().collect();
    if let Some(adp) = containers
        .and_then(|c| c.get("adp"))
        .and_then(Value::as_array)
    {
        all.extend(adp.iter());
    }
    for container in &all {
        read_metrics(container, &mut advisory.severity);
    }
    let inherited = inherited_cpe(&all);
    let mut seen: HashSet<CpeMatch> = HashSet::new();
    // Per CPE product the CNA container gives statements for: whether all their versions
    // parse. Where they do, the ADP statements for the product are not used (see the module
    // documentation).
    let mut cna_readable: HashMap<(String, String), bool> = HashMap::new();
    for (index, container) in all.iter().enumerate() {
        let is_cna = cna.is_some() && index == 0;
        for affected in container
            .get("affected")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            for (m, product) in statements_of(affected, inherited.as_ref()) {
                if is_cna {
                    if let Some(p) = product {
                        *cna_readable.entry(p).or_insert(true) &= versions_parse(&m);
                    }
                } else if product.is_some_and(|p| cna_readable.get(&p) == Some(&true)) {
                    continue;
                }
                if seen.insert(m.clone()) {
                    advisory.cpe_applicability.push(m);
                }
            }
        }
    }
    Ok(advisory)
}

/// Whether every version of a statement (bounds and exceptions) is readable by the scheme
/// CPE matching compares with.
fn versions_parse(m: &CpeMatch) -> bool {
    let scheme = Scheme::Generic;
    [
        &m.version_start_including,
        &m.version_start_excluding,
        &m.version_end_including,
        &m.version_end_excluding,
    ]
    .into_iter()
    .flatten()
    .chain(m.except.iter().flat_map(|s| {
        [&s.start_including, &s.end_excluding, &s.end_including]
            .into_iter()
            .flatten()
    }))
    .all(|v| scheme.parse(v).is_ok())
}

fn read_metrics(container: &Value, severity: &mut Vec<Severity>) {
    for metric in container
        .get("metrics")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
    {
        for (key, kind) in [
            ("cvssV4_0", "CVSS_V4"),
            ("cvssV3_1", "CVSS_V3"),
            ("cvssV3_0", "CVSS_V3"),
            ("cvssV2_0", "CVSS_V2"),
        ] {
            if let Some(m) = metric.get(key)
                && let Some(vector) = m.get("vectorString").and_then(Value::as_str)
            {
                let mut s = Severity::from_vector(kind, vector);
                if s.score.is_none() {
                    s.score = m.get("baseScore").and_then(Value::as_f64);
                    s.rating = m
                        .get("baseSeverity")
                        .and_then(Value::as_str)
                        .map(str::to_ascii_lowercase);
                }
                if !severity.iter().any(|x| x.vector == s.vector) {
                    severity.push(s);
                }
            }
        }
    }
}

/// The CPE statements of one `affected[]` entry, each with the (vendor, product) of its CPE.
fn statements_of(
    affected: &Value,
    inherited: Option<&(Cpe, String)>,
) -> Vec<(CpeMatch, Option<(String, String)>)> {
    let mut cpes: Vec<(Cpe, Option<String>)> = strings(affected.get("cpes"))
        .iter()
        .filter_map(|c| Cpe::parse(c).ok())
        .map(|c| (c, None))
        .collect();
    if cpes.is_empty()
        && let Some((cpe, note)) = inherited
        && named_product(affected).is_some()
    {
        cpes.push((cpe.clone(), Some(note.clone())));
    }
    if cpes.is_empty() {
        return Vec::new();
    }
    let versions = affected
        .get("versions")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let pieces: Vec<Piece> = versions.iter().filter_map(pieces_of).flatten().collect();
    if !versions.is_empty() && pieces.is_empty() {
        // Every row was a git/commit range: nothing can be said offline, not even through
        // `defaultStatus` (CISA's ADP splits the Linux CNA's list into one entry per row and
        // leaves `defaultStatus: affected` on a commit-only fragment).
        return Vec::new();
    }
    let unaffected: Vec<VersionSpan> = pieces
        .iter()
        .filter(|p| p.status == Status::Unaffected)
        .map(|p| p.span.clone())
        .collect();
    let default_affected =
        affected.get("defaultStatus").and_then(Value::as_str) == Some("affected");
    let mut out = Vec::new();
    for (parsed, note) in cpes {
        let any = parsed.with_any_version().to_string();
        let cpe_version = parsed.version.value().map(str::to_string);
        let mut matches = Vec::new();
        for piece in pieces.iter().filter(|p| p.status == Status::Affected) {
            let all_versions = piece.span == VersionSpan::default();
            match &cpe_version {
                // A CPE with its own version: only ranges that start at that version (or at
                // the beginning) widen it; exact entries for other versions belong to other
                // CPEs of the same list.
                Some(cv) => {
                    if !piece.exact
                        && !all_versions
                        && piece.span.start_including.as_ref().is_none_or(|s| s == cv)
                    {
                        matches.push(statement(any.clone(), &piece.span));
                    }
                }
                None => {
                    let criteria = if all_versions {
                        parsed.to_string()
                    } else {
                        any.clone()
                    };
                    let mut m = statement(criteria, &piece.span);
                    if !piece.exact {
                        m.except = unaffected.clone();
                    }
                    matches.push(m);
                }
            }
        }
        if default_affected && cpe_version.is_none() {
            matches.push(CpeMatch {
                criteria: any.clone(),
                except: unaffected.clone(),
                ..CpeMatch::default()
            });
        }
        if matches.is_empty() && (versions.is_empty() || cpe_version.is_some()) {
            matches.push(CpeMatch {
                criteria: parsed.to_string(),
                ..CpeMatch::default()
            });
        }
        let product = parsed.vendor_product();
        for mut m in matches {
            m.note = note.clone();
            out.push((m, product.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decorated_commit_bounds_are_commits() {
        for v in [
            "1da177e4c3f4",
            "-1da177e4c3f4",
            " f777d8827817",
            "f777d8827817 ",
        ] {
            assert!(looks_like_commit(v), "{v:?}");
        }
        for v in ["6.6.21", "1.2.3-rc1", "-", "deadbee1.2"] {
            assert!(!looks_like_commit(v), "{v:?}");
        }
    }

    #[test]
    fn stable_branch_wildcards_end_below_the_next_branch() {
        assert_eq!(after_prefix("5.4").as_deref(), Some("5.5"));
        assert_eq!(after_prefix("6").as_deref(), Some("7"));
        assert_eq!(after_prefix("1.x"), None);
        let mut s = VersionSpan::default();
        set_upper(&mut s, None, Some("5.4.*"));
        assert_eq!(s.end_excluding.as_deref(), Some("5.5"));
        let mut s = VersionSpan::default();
        set_upper(&mut s, None, Some("*"));
        assert_eq!(s, VersionSpan::default());
    }
    #[test]
    fn cve5_ranges_become_cpe_bounds() {
        let rec = serde_json::json!({
            "dataType": "CVE_RECORD",
            "cveMetadata": {"cveId": "CVE-2024-0001", "state": "PUBLISHED"},
            "containers": {
                "cna": {"affected": [{"vendor": "n/a", "product": "n/a"}],
                        "descriptions": [{"lang": "en", "value": "A bug.\nMore."}]},
                "adp": [{"affected": [{
                    "cpes": ["cpe:2.3:a:curl:curl:*:*:*:*:*:*:*:*"],
                    "versions": [
                        {"status": "affected", "version": "8.6.0", "lessThanOrEqual": "8.8.0", "versionType": "custom"},
                        {"status": "affected", "version": "0", "lessThan": "7.0"},
                        {"status": "affected", "version": "7.5.1"},
                        {"status": "affected", "version": "1da177e4c3f4", "lessThan": "abcdef123456", "versionType": "custom"},
                        {"status": "unaffected", "version": "8.9.0"}
                    ]}],
                    "metrics": [{"cvssV3_1": {"vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8}}]
                }]
            }
        });
        let a = parse_cve5_value(&rec).unwrap();
        assert_eq!(a.summary.as_deref(), Some("A bug."));
        assert_eq!(a.cpe_applicability.len(), 3);
        assert_eq!(
            a.cpe_applicability[0].version_start_including.as_deref(),
            Some("8.6.0")
        );
        assert_eq!(
            a.cpe_applicability[0].version_end_including.as_deref(),
            Some("8.8.0")
        );
        assert_eq!(a.cpe_applicability[1].version_start_including, None);
        assert_eq!(
            a.cpe_applicability[1].version_end_excluding.as_deref(),
            Some("7.0")
        );
        assert_eq!(
            a.cpe_applicability[2].version_end_including.as_deref(),
            Some("7.5.1")
        );
        assert_eq!(a.severity[0].score, Some(9.8));
        assert_eq!(a.severity[0].rating.as_deref(), Some("critical"));
    }

    #[test]
    fn cve5_cpes_with_own_versions_are_not_crossed_with_every_entry() {
        let n = 3000;
        let cpes: Vec<String> = (0..n)
            .map(|i| format!("cpe:2.3:o:cisco:ios_xe:17.{i}:*:*:*:*:*:*:*"))
            .collect();
        let versions: Vec<Value> = (0..n)
            .map(|i| serde_json::json!({"status": "affected", "version": format!("17.{i}")}))
            .collect();
        let rec = serde_json::json!({
            "cveMetadata": {"cveId": "CVE-2024-20433"},
            "containers": {"cna": {}, "adp": [{"affected": [{"cpes": cpes, "versions": versions}]}]}
        });
        let started = std::time::Instant::now();
        let a = parse_cve5_value(&rec).unwrap();
        assert_eq!(a.cpe_applicability.len(), n);
        assert!(
            a.cpe_applicability
                .iter()
                .all(|m| m.version_end_including.is_none())
        );
        assert!(started.elapsed().as_secs() < 5);
        // A versioned CPE widened by a range starting at its version (CVE-2024-1086 style).
        let rec = serde_json::json!({
            "cveMetadata": {"cveId": "CVE-2024-1086"},
            "containers": {"cna": {"affected": [{"cpes": ["cpe:2.3:o:linux:linux_kernel:3.15:*:*:*:*:*:*:*"],
              "versions": [{"status": "affected", "version": "3.15", "lessThan": "6.8", "versionType": "custom"}]}]}}
        });
        let a = parse_cve5_value(&rec).unwrap();
        assert_eq!(a.cpe_applicability.len(), 1);
        assert_eq!(
            a.cpe_applicability[0].criteria,
            "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*"
        );
        assert_eq!(
            a.cpe_applicability[0].version_end_excluding.as_deref(),
            Some("6.8")
        );
    }

    /// The Linux CNA pattern (CVE-2023-52670, shortened): `Linux`/`Linux` without CPE,
    /// `defaultStatus: affected`, unaffected below the introducing version, per stable branch
    /// from the backport on, and from the mainline fix on; CISA's ADP adds the CPE with commit
    /// ranges only.
    #[test]
    fn linux_cna_ranges_take_the_adp_cpe_and_subtract_backports() {
        let rec = serde_json::json!({
            "cveMetadata": {"cveId": "CVE-2023-52670"},
            "containers": {
                "cna": {"affected": [
                    {"vendor": "Linux", "product": "Linux", "defaultStatus": "unaffected",
                     "versions": [{"status": "affected", "version": "b0b03b811963", "lessThan": "229ce47cbfdc", "versionType": "git"}]},
                    {"vendor": "Linux", "product": "Linux", "defaultStatus": "affected",
                     "versions": [
                        {"status": "affected", "version": "4.13"},
                        {"status": "unaffected", "version": "0", "lessThan": "4.13", "versionType": "custom"},
                        {"status": "unaffected", "version": "5.4.269", "lessThanOrEqual": "5.4.*", "versionType": "custom"},
                        {"status": "unaffected", "version": "6.8", "lessThanOrEqual": "*", "versionType": "original_commit_for_fix"}
                     ]}]},
                "adp": [{"affected": [{"cpes": ["cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*"],
                    "vendor": "linux", "product": "linux_kernel", "defaultStatus": "unknown",
                    "versions": [{"status": "affected", "version": "b0b03b811963", "lessThan": "229ce47cbfdc", "versionType": "custom"}]}]}]
            }
        });
        let a = parse_cve5_value(&rec).unwrap();
        // The exact 4.13 entry and the default-affected statement, both on the inherited CPE.
        assert_eq!(a.cpe_applicability.len(), 2, "{:#?}", a.cpe_applicability);
        let default = &a.cpe_applicability[1];
        assert_eq!(
            default.criteria,
            "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*"
        );
        assert!(
            default
                .note
                .as_deref()
                .unwrap()
                .contains("linux/linux has no CPE")
        );
        assert_eq!(default.except.len(), 3);
        assert_eq!(
            default.except[1].start_including.as_deref(),
            Some("5.4.269")
        );
        assert_eq!(default.except[1].end_excluding.as_deref(), Some("5.5"));
        assert_eq!(default.except[2].start_including.as_deref(), Some("6.8"));
        assert_eq!(default.except[2].end_excluding, None);
        // Two products among the CPEs: nothing is inherited.
        let mut two = rec.clone();
        two["containers"]["adp"][0]["affected"][0]["cpes"] = serde_json::json!([
            "cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*",
            "cpe:2.3:a:other:thing:-:*:*:*:*:*:*:*"
        ]);
        let a = parse_cve5_value(&two).unwrap();
        assert!(a.cpe_applicability.iter().all(|m| m.note.is_none()));
    }

    /// CVE-2021-47284 (shortened): CISA's ADP repeats the Linux CNA's rows one per entry and
    /// leaves `defaultStatus: affected` on a commit-only fragment; that fragment must not
    /// read as "every version affected".
    #[test]
    fn commit_only_fragment_says_nothing_whatever_its_default() {
        let rec = serde_json::json!({
            "cveMetadata": {"cveId": "CVE-2021-47284"},
            "containers": {"adp": [{"affected": [
                {"cpes": ["cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*"], "defaultStatus": "affected",
                 "versions": [{"status": "affected", "version": "1da177e4c3f4", "lessThan": "9d7d4649dc1c", "versionType": "custom"}]},
                {"cpes": ["cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*"], "defaultStatus": "unknown",
                 "versions": [{"status": "unaffected", "version": "5.13"}]}]}]}
        });
        let a = parse_cve5_value(&rec).unwrap();
        assert!(a.cpe_applicability.is_empty(), "{:#?}", a.cpe_applicability);
    }

    #[test]
    fn changes_split_a_range() {
        let rec = serde_json::json!({
            "cveMetadata": {"cveId": "CVE-2099-0002"},
            "containers": {"cna": {"affected": [{
                "cpes": ["cpe:2.3:a:acme:router_os:*:*:*:*:*:*:*:*"],
                "versions": [{"status": "affected", "version": "1.0", "lessThan": "3.0", "versionType": "custom",
                              "changes": [{"at": "2.0", "status": "unaffected"}, {"at": "1.5", "status": "unaffected"},
                                          {"at": "1.7", "status": "affected"}]}]}]}}
        });
        let a = parse_cve5_value(&rec).unwrap();
        let spans: Vec<String> = a
            .cpe_applicability
            .iter()
            .map(|m| {
                format!(
                    "{:?}-{:?}",
                    m.version_start_including, m.version_end_excluding
                )
            })
            .collect();
        // Sorted changes: [1.0,1.5) affected, [1.5,1.7) unaffected, [1.7,2.0) affected,
        // [2.0,3.0) unaffected.
        assert_eq!(
            spans,
            [r#"Some("1.0")-Some("1.5")"#, r#"Some("1.7")-Some("2.0")"#]
        );
        assert_eq!(a.cpe_applicability[0].except.len(), 2);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::parse_cve5_value;
    use crate::cpe::Cpe;
    use crate::scan::cpe_version_verdict;

    fn version() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u8..8, 0u8..12, 0u8..30).prop_map(|(a, b, c)| format!("{a}.{b}.{c}")),
            (0u8..8, 0u8..12).prop_map(|(a, b)| format!("{a}.{b}")),
            (0u8..8, 0u8..12).prop_map(|(a, b)| format!("{a}.{b}.*")),
            Just("*".to_string()),
            Just("0".to_string()),
            "[0-9a-f]{12}",
            "[ -~]{0,8}",
        ]
    }

    fn row() -> impl Strategy<Value = serde_json::Value> {
        (
            prop_oneof![Just("affected"), Just("unaffected"), Just("unknown")],
            version(),
            proptest::option::of(version()),
            proptest::option::of(version()),
            proptest::collection::vec((version(), any::<bool>()), 0..3),
        )
            .prop_map(|(status, v, lt, lte, changes)| {
                let mut row = serde_json::json!({"status": status, "version": v, "versionType": "custom"});
                if let Some(lt) = lt {
                    row["lessThan"] = lt.into();
                }
                if let Some(lte) = lte {
                    row["lessThanOrEqual"] = lte.into();
                }
                if !changes.is_empty() {
                    row["changes"] = changes
                        .into_iter()
                        .map(|(at, aff)| {
                            serde_json::json!({"at": at, "status": if aff { "affected" } else { "unaffected" }})
                        })
                        .collect();
                }
                row
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any `versions[]` list is read without a panic, and a version that lies in one of
        /// the entry's plain `unaffected` ranges (no `changes`) is never reported through a
        /// range or the default: only an exact `affected` row can name it.
        #[test]
        fn unaffected_ranges_are_never_reported(
            rows in proptest::collection::vec(row(), 0..6),
            default_affected in any::<bool>(),
            probe in (0u8..8, 0u8..12, 0u8..30).prop_map(|(a, b, c)| format!("{a}.{b}.{c}")),
        ) {
            let rec = serde_json::json!({
                "cveMetadata": {"cveId": "CVE-2099-9999"},
                "containers": {"cna": {"affected": [{
                    "cpes": ["cpe:2.3:a:acme:plc_firmware:*:*:*:*:*:*:*:*"],
                    "defaultStatus": if default_affected { "affected" } else { "unknown" },
                    "versions": rows.clone()}]}}
            });
            let advisory = parse_cve5_value(&rec).unwrap();
            let plain_unaffected = rows.iter().any(|r| {
                r["status"] == "unaffected" && r.get("changes").is_none() && {
                    let one = serde_json::json!({"versions": [r.clone()], "cpes": []});
                    let mut m = crate::model::CpeMatch::default();
                    for p in one["versions"].as_array().unwrap().iter().filter_map(super::pieces_of).flatten() {
                        m.except.push(p.span);
                    }
                    m.criteria = "cpe:2.3:a:acme:plc_firmware:*:*:*:*:*:*:*:*".into();
                    let c = Cpe::parse(&m.criteria).unwrap();
                    !m.except.is_empty()
                        && cpe_version_verdict(&m, &c, &probe) == crate::range::Verdict::NotAffected
                }
            });
            let scheme = crate::version::Scheme::Generic;
            let same = |v: &serde_json::Value| {
                v.as_str().is_some_and(|v| {
                    v.trim() == probe
                        || matches!(
                            (
                                crate::version::VersionScheme::parse(&scheme, v.trim()),
                                crate::version::VersionScheme::parse(&scheme, &probe),
                            ),
                            (Ok(a), Ok(b)) if a == b
                        )
                })
            };
            let exact_affected = rows.iter().any(|r| {
                r["status"] == "affected"
                    && r.get("lessThan").is_none()
                    && r.get("lessThanOrEqual").is_none()
                    && same(&r["version"])
            });
            if plain_unaffected && !exact_affected {
                for m in &advisory.cpe_applicability {
                    let c = Cpe::parse(&m.criteria).unwrap();
                    prop_assert!(
                        !cpe_version_verdict(m, &c, &probe).is_affected(),
                        "{probe} reported through {m:?}"
                    );
                }
            }
        }
    }
}
