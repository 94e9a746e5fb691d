//! Importers: OSV JSON (zip archives such as the per-ecosystem `all.zip`, folders, single
//! files), CVE JSON 5 records (cisagov vulnrichment: CNA and ADP `affected[].cpes` with version
//! ranges) and the CISA KEV catalogue.
//!
//! Bad records are skipped and counted with their names ([`ParsedSource::skipped`]); an import
//! never aborts on one record. Zip archives are guarded against zip bombs by [`ImportLimits`]:
//! the number of entries, the bytes of one entry and the total decompressed bytes are capped,
//! counting the bytes actually inflated, not the sizes the archive declares.

use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::cpe::Cpe;
use crate::error::VulnError;
use crate::model::{Advisory, Affected, CpeMatch, Event, KevEntry, Range, RangeKind, Severity};

/// Caps applied while reading import sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// Largest source file (zip or JSON) read into memory.
    pub max_file_bytes: u64,
    /// Largest decompressed size of one record.
    pub max_entry_bytes: u64,
    /// Largest total decompressed size of one archive or folder.
    pub max_total_bytes: u64,
    /// Most entries in one archive or files in one folder.
    pub max_entries: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_file_bytes: 1 << 30,
            max_entry_bytes: 32 << 20,
            max_total_bytes: 4 << 30,
            max_entries: 1_000_000,
        }
    }
}

/// A record that was skipped, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// Entry or file name.
    pub name: String,
    /// Why it was skipped.
    pub reason: String,
}

/// Everything read from one source, before it is stored.
#[derive(Debug, Clone, Default)]
pub struct ParsedSource {
    /// Source name (the last two path components, e.g. `crates.io/all.zip`).
    pub name: String,
    /// SHA-256 of the source (the file; for a folder, of the sorted file names and contents).
    pub sha256: String,
    /// Advisories read.
    pub advisories: Vec<Advisory>,
    /// KEV entries read.
    pub kev: Vec<KevEntry>,
    /// Records skipped.
    pub skipped: Vec<Skipped>,
}

/// A parsed record of any supported kind.
#[derive(Debug, Clone)]
pub enum Record {
    /// An OSV or CVE advisory.
    Advisory(Box<Advisory>),
    /// A KEV catalogue.
    Kev(Vec<KevEntry>),
}

/// The source name for `path`: its last two components.
pub fn source_name(path: &Path) -> String {
    let comps: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let n = comps.len();
    comps[n.saturating_sub(2)..].join("/")
}

/// Reads a source: a `.zip` archive, a folder (JSON files, recursively) or one JSON file
/// (an OSV record, a CVE JSON 5 record or the KEV catalogue).
pub fn read_source(path: &Path, limits: &ImportLimits) -> Result<ParsedSource, VulnError> {
    let io = |e| VulnError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let mut parsed = ParsedSource {
        name: source_name(path),
        ..ParsedSource::default()
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        let mut files = Vec::new();
        collect_json_files(path, &mut files, limits.max_entries).map_err(io)?;
        files.sort();
        if files.len() > limits.max_entries {
            return Err(VulnError::Source {
                path: path.to_path_buf(),
                detail: format!("more than {} files", limits.max_entries),
            });
        }
        let mut hasher = Sha256::new();
        let mut total = 0u64;
        for file in files {
            let rel = file
                .strip_prefix(path)
                .unwrap_or(&file)
                .to_string_lossy()
                .into_owned();
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            if size > limits.max_entry_bytes {
                parsed.skipped.push(Skipped {
                    name: rel,
                    reason: format!("larger than {} bytes", limits.max_entry_bytes),
                });
                continue;
            }
            total += size;
            if total > limits.max_total_bytes {
                return Err(VulnError::Source {
                    path: path.to_path_buf(),
                    detail: format!("more than {} bytes in total", limits.max_total_bytes),
                });
            }
            match std::fs::read(&file) {
                Ok(bytes) => {
                    hasher.update(rel.as_bytes());
                    hasher.update([0]);
                    hasher.update(Sha256::digest(&bytes));
                    add_record(&mut parsed, &rel, &bytes);
                }
                Err(e) => parsed.skipped.push(Skipped {
                    name: rel,
                    reason: e.to_string(),
                }),
            }
        }
        parsed.sha256 = hex(&hasher.finalize());
        return Ok(parsed);
    }
    if meta.len() > limits.max_file_bytes {
        return Err(VulnError::Source {
            path: path.to_path_buf(),
            detail: format!("larger than {} bytes", limits.max_file_bytes),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    parsed.sha256 = hex(&Sha256::digest(&bytes));
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        read_zip(std::io::Cursor::new(bytes), path, limits, &mut parsed)?;
    } else {
        let name = parsed.name.clone();
        add_record(&mut parsed, &name, &bytes);
    }
    Ok(parsed)
}

fn collect_json_files(dir: &Path, out: &mut Vec<PathBuf>, max: usize) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        if out.len() > max {
            return Ok(());
        }
        let entry = entry?;
        let ty = entry.file_type()?;
        let p = entry.path();
        if ty.is_dir() {
            collect_json_files(&p, out, max)?;
        } else if ty.is_file()
            && p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            out.push(p);
        }
    }
    Ok(())
}

fn read_zip<R: Read + Seek>(
    reader: R,
    path: &Path,
    limits: &ImportLimits,
    parsed: &mut ParsedSource,
) -> Result<(), VulnError> {
    let source_err = |detail: String| VulnError::Source {
        path: path.to_path_buf(),
        detail,
    };
    let mut archive =
        zip::ZipArchive::new(reader).map_err(|e| source_err(format!("not a readable zip: {e}")))?;
    if archive.len() > limits.max_entries {
        return Err(source_err(format!(
            "{} entries, more than the limit of {}",
            archive.len(),
            limits.max_entries
        )));
    }
    let mut total = 0u64;
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                parsed.skipped.push(Skipped {
                    name: format!("entry #{i}"),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let name = entry.name().to_string();
        if entry.is_dir() || !name.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        buf.clear();
        let read = (&mut entry)
            .take(limits.max_entry_bytes + 1)
            .read_to_end(&mut buf);
        if let Err(e) = read {
            parsed.skipped.push(Skipped {
                name,
                reason: format!("cannot decompress: {e}"),
            });
            continue;
        }
        total += buf.len() as u64;
        if total > limits.max_total_bytes {
            return Err(source_err(format!(
                "more than {} decompressed bytes (zip bomb guard)",
                limits.max_total_bytes
            )));
        }
        if buf.len() as u64 > limits.max_entry_bytes {
            parsed.skipped.push(Skipped {
                name,
                reason: format!("decompresses to more than {} bytes", limits.max_entry_bytes),
            });
            continue;
        }
        add_record(parsed, &name, &buf);
    }
    Ok(())
}

fn add_record(parsed: &mut ParsedSource, name: &str, bytes: &[u8]) {
    match parse_record(bytes) {
        Ok(Record::Advisory(mut a)) => {
            a.source = parsed.name.clone();
            parsed.advisories.push(*a);
        }
        Ok(Record::Kev(k)) => parsed.kev.extend(k),
        Err(reason) => parsed.skipped.push(Skipped {
            name: name.to_string(),
            reason,
        }),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses one JSON document: an OSV record, a CVE JSON 5 record or a KEV catalogue.
pub fn parse_record(bytes: &[u8]) -> Result<Record, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
    if value.get("cveMetadata").is_some()
        || value.get("dataType").and_then(Value::as_str) == Some("CVE_RECORD")
    {
        return parse_cve5_value(&value).map(|a| Record::Advisory(Box::new(a)));
    }
    if value.get("vulnerabilities").is_some_and(Value::is_array)
        && (value.get("catalogVersion").is_some()
            || value.pointer("/vulnerabilities/0/cveID").is_some())
    {
        return parse_kev_value(&value).map(Record::Kev);
    }
    parse_osv_value(&value).map(|a| Record::Advisory(Box::new(a)))
}

/// Parses one OSV record.
pub fn parse_osv(bytes: &[u8]) -> Result<Advisory, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
    parse_osv_value(&value)
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn first_line(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    Some(line.chars().take(240).collect())
}

fn informational_of(v: Option<&Value>) -> Option<String> {
    v.and_then(|d| d.get("informational"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Parses an OSV record held as a JSON value.
pub fn parse_osv_value(value: &Value) -> Result<Advisory, String> {
    if !value.is_object() {
        return Err("not a JSON object".into());
    }
    let id = str_of(value, "id")
        .filter(|s| !s.trim().is_empty())
        .ok_or("OSV record without an `id`")?;
    let mut advisory = Advisory {
        id,
        aliases: strings(value.get("aliases")),
        summary: str_of(value, "summary")
            .filter(|s| !s.trim().is_empty())
            .or_else(|| {
                value
                    .get("details")
                    .and_then(Value::as_str)
                    .and_then(first_line)
            }),
        published: str_of(value, "published"),
        modified: str_of(value, "modified"),
        withdrawn: str_of(value, "withdrawn"),
        informational: informational_of(value.get("database_specific")),
        ..Advisory::default()
    };
    if let Some(sev) = value.get("severity").and_then(Value::as_array) {
        for s in sev {
            if let (Some(kind), Some(score)) = (
                s.get("type").and_then(Value::as_str),
                s.get("score").and_then(Value::as_str),
            ) {
                advisory.severity.push(Severity::from_vector(kind, score));
            }
        }
    }
    let affected = match value.get("affected") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(a)) => a.as_slice(),
        Some(_) => return Err("`affected` is not an array".into()),
    };
    for a in affected {
        if advisory.informational.is_none() {
            advisory.informational = informational_of(a.get("database_specific"));
        }
        let package = a.get("package");
        let mut entry = Affected {
            ecosystem: package
                .and_then(|p| str_of(p, "ecosystem"))
                .unwrap_or_default(),
            name: package.and_then(|p| str_of(p, "name")).unwrap_or_default(),
            purl: package.and_then(|p| str_of(p, "purl")),
            ranges: Vec::new(),
            versions: strings(a.get("versions")),
        };
        for r in a
            .get("ranges")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let kind = match r.get("type").and_then(Value::as_str) {
                Some("SEMVER") => RangeKind::Semver,
                Some("ECOSYSTEM") => RangeKind::Ecosystem,
                Some("GIT") => RangeKind::Git,
                Some(other) => return Err(format!("unknown range type {other:?}")),
                None => return Err("range without `type`".into()),
            };
            let mut events = Vec::new();
            for e in r
                .get("events")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                let ev = if let Some(v) = e.get("introduced").and_then(Value::as_str) {
                    Event::Introduced(v.to_string())
                } else if let Some(v) = e.get("fixed").and_then(Value::as_str) {
                    Event::Fixed(v.to_string())
                } else if let Some(v) = e.get("last_affected").and_then(Value::as_str) {
                    Event::LastAffected(v.to_string())
                } else if let Some(v) = e.get("limit").and_then(Value::as_str) {
                    Event::Limit(v.to_string())
                } else {
                    return Err(format!("range event without a known key: {e}"));
                };
                events.push(ev);
            }
            entry.ranges.push(Range {
                kind,
                repo: str_of(r, "repo"),
                events,
            });
        }
        advisory.affected.push(entry);
    }
    Ok(advisory)
}

/// Parses a CISA KEV catalogue.
pub fn parse_kev_value(value: &Value) -> Result<Vec<KevEntry>, String> {
    let list = value
        .get("vulnerabilities")
        .and_then(Value::as_array)
        .ok_or("KEV catalogue without `vulnerabilities`")?;
    Ok(list
        .iter()
        .filter_map(|v| {
            Some(KevEntry {
                cve: str_of(v, "cveID")?,
                date_added: str_of(v, "dateAdded").unwrap_or_default(),
                known_ransomware_campaign_use: str_of(v, "knownRansomwareCampaignUse"),
            })
        })
        .collect())
}

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

#[cfg(test)]
mod commit_tests {
    #[test]
    fn decorated_commit_bounds_are_commits() {
        for v in [
            "1da177e4c3f4",
            "-1da177e4c3f4",
            " f777d8827817",
            "f777d8827817 ",
        ] {
            assert!(super::looks_like_commit(v), "{v:?}");
        }
        for v in ["6.6.21", "1.2.3-rc1", "-", "deadbee1.2"] {
            assert!(!super::looks_like_commit(v), "{v:?}");
        }
    }
}

/// Turns one CVE JSON 5 `versions[]` entry of status `affected` into version bounds, or `None`
/// where the entry cannot be expressed (git commits).
fn bounds_of(entry: &Value) -> Option<CpeMatch> {
    if entry.get("status").and_then(Value::as_str) != Some("affected") {
        return None;
    }
    if entry.get("versionType").and_then(Value::as_str) == Some("git") {
        return None;
    }
    let version = entry.get("version").and_then(Value::as_str).unwrap_or("");
    let lt = entry.get("lessThan").and_then(Value::as_str);
    let lte = entry.get("lessThanOrEqual").and_then(Value::as_str);
    let mut m = CpeMatch::default();
    for b in [Some(version), lt, lte].into_iter().flatten() {
        if looks_like_commit(b) {
            return None;
        }
    }
    if lt.is_some() || lte.is_some() {
        if !(is_placeholder(version) || version == "0") {
            m.version_start_including = Some(version.to_string());
        }
        m.version_end_excluding = lt.filter(|v| !is_placeholder(v)).map(str::to_string);
        m.version_end_including = lte.filter(|v| !is_placeholder(v)).map(str::to_string);
    } else if !is_placeholder(version) {
        m.version_start_including = Some(version.to_string());
        m.version_end_including = Some(version.to_string());
    }
    Some(m)
}

/// Parses a CVE JSON 5 record: CPE applicability from `containers.cna.affected[]` and every
/// `containers.adp[].affected[]` (the CISA ADP vulnrichment CPEs), CVSS vectors from all
/// containers' `metrics`.
///
/// Mapping of `affected[]` entries that carry `cpes`: each `versions[]` entry with status
/// `affected` gives one [`CpeMatch`] per CPE, with the CPE's version set to `*` and bounds
/// `version` (start, inclusive; omitted when `0`), `lessThan` (end, exclusive) and
/// `lessThanOrEqual` (end, inclusive); an entry without `lessThan*` is one exact version.
/// A CPE that carries its own version is used as written, widened only by range entries that
/// start at that version or at the beginning (CISA ADP lists one CPE per affected version next
/// to one `versions[]` entry per version; combining every CPE with every entry would be wrong
/// and quadratic).
/// Entries of `versionType: git` or with commit-hash bounds are dropped (no commit graph
/// offline). Without `versions`, the CPE is used as written. `unaffected` entries and
/// `defaultStatus` are not evaluated.
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
    let mut seen: std::collections::HashSet<CpeMatch> = std::collections::HashSet::new();
    if let Some(adp) = containers
        .and_then(|c| c.get("adp"))
        .and_then(Value::as_array)
    {
        all.extend(adp.iter());
    }
    for container in all {
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
                    if !advisory.severity.iter().any(|x| x.vector == s.vector) {
                        advisory.severity.push(s);
                    }
                }
            }
        }
        for affected in container
            .get("affected")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let cpes = strings(affected.get("cpes"));
            let versions = affected
                .get("versions")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let bounds: Vec<(CpeMatch, bool)> = versions
                .iter()
                .filter_map(bounds_of)
                .map(|m| {
                    let exact = m.version_start_including.is_some()
                        && m.version_start_including == m.version_end_including
                        && m.version_end_excluding.is_none();
                    let ranged = !exact && m != CpeMatch::default();
                    (m, ranged)
                })
                .collect();
            for cpe in cpes {
                let Ok(parsed) = Cpe::parse(&cpe) else {
                    continue;
                };
                let any = parsed.with_any_version().to_string();
                let cpe_version = parsed.version.value().map(str::to_string);
                let mut matches = Vec::new();
                for (m, ranged) in &bounds {
                    let ranged = *ranged;
                    match &cpe_version {
                        // A CPE with its own version: only ranges that start at that version
                        // (or at the beginning) widen it; exact entries for other versions
                        // belong to other CPEs of the same list.
                        Some(cv) => {
                            if ranged && m.version_start_including.as_ref().is_none_or(|s| s == cv)
                            {
                                matches.push(CpeMatch {
                                    criteria: any.clone(),
                                    ..m.clone()
                                });
                            }
                        }
                        None => {
                            let criteria = if *m == CpeMatch::default() {
                                parsed.to_string()
                            } else {
                                any.clone()
                            };
                            matches.push(CpeMatch {
                                criteria,
                                ..m.clone()
                            });
                        }
                    }
                }
                if matches.is_empty() && (versions.is_empty() || cpe_version.is_some()) {
                    matches.push(CpeMatch {
                        criteria: parsed.to_string(),
                        ..CpeMatch::default()
                    });
                }
                for m in matches {
                    if seen.insert(m.clone()) {
                        advisory.cpe_applicability.push(m);
                    }
                }
            }
        }
    }
    Ok(advisory)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn osv_record_and_bad_records() {
        let a = parse_osv(
            br#"{"id":"RUSTSEC-2018-0018","aliases":["CVE-2018-1"],"affected":[{"package":{"ecosystem":"crates.io","name":"smallvec"},
               "database_specific":{"informational":"unsound"},
               "ranges":[{"type":"SEMVER","events":[{"introduced":"0.3.0"},{"fixed":"0.6.3"}]}]}]}"#,
        )
        .unwrap();
        assert_eq!(a.informational.as_deref(), Some("unsound"));
        assert_eq!(a.affected[0].ranges[0].events.len(), 2);
        assert!(parse_osv(b"[1]").is_err());
        assert!(parse_osv(br#"{"summary":"no id"}"#).is_err());
        assert!(
            parse_osv(br#"{"id":"X","affected":[{"ranges":[{"type":"BOGUS","events":[]}]}]}"#)
                .is_err()
        );
        assert!(parse_osv(b"{not json").is_err());
    }

    #[test]
    fn kev_catalogue() {
        let r = parse_record(br#"{"catalogVersion":"1","vulnerabilities":[{"cveID":"CVE-2024-1086","dateAdded":"2024-05-30","knownRansomwareCampaignUse":"Known"}]}"#).unwrap();
        let Record::Kev(k) = r else { panic!("not KEV") };
        assert_eq!(k[0].date_added, "2024-05-30");
    }
}
