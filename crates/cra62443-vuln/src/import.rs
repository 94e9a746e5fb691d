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

use crate::error::VulnError;
use crate::model::{Advisory, Affected, EuvdEntry, Event, KevEntry, Range, RangeKind, Severity};

pub use crate::cve5::parse_cve5_value;

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
    /// EUVD records read (EU KEV entries and alias links).
    pub euvd: Vec<EuvdEntry>,
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
    /// EUVD records: one record, a list, or an API page (`{"items": [...]}`), with the
    /// reasons for the records of the document that were skipped.
    Euvd(Vec<EuvdEntry>, Vec<Skipped>),
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

/// Reads a source: a `.zip` archive, a folder (JSON files and `.zip` archives, recursively;
/// an empty folder is an error) or one JSON file
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
        let seen_files = files.len();
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
                    if is_zip(&bytes) {
                        // A folder of downloaded dumps (`osv/PyPI/all.zip`): read each archive.
                        read_zip(std::io::Cursor::new(bytes), &file, limits, &mut parsed)?;
                    } else {
                        add_record(&mut parsed, &rel, &bytes);
                    }
                }
                Err(e) => parsed.skipped.push(Skipped {
                    name: rel,
                    reason: e.to_string(),
                }),
            }
        }
        parsed.sha256 = hex(&hasher.finalize());
        if seen_files == 0 {
            return Err(VulnError::Source {
                path: path.to_path_buf(),
                detail: "no .json or .zip files in this folder (or its subfolders)".into(),
            });
        }
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
    if is_zip(&bytes) {
        read_zip(std::io::Cursor::new(bytes), path, limits, &mut parsed)?;
    } else {
        let name = parsed.name.clone();
        add_record(&mut parsed, &name, &bytes);
    }
    Ok(parsed)
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
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
                .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("zip"))
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
        Ok(Record::Euvd(entries, skipped)) => {
            parsed.euvd.extend(entries);
            parsed.skipped.extend(skipped.into_iter().map(|s| Skipped {
                name: format!("{name} {}", s.name),
                reason: s.reason,
            }));
        }
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
    if let Some(records) = euvd_records(&value) {
        let (entries, skipped) = parse_euvd_records(records);
        return Ok(Record::Euvd(entries, skipped));
    }
    parse_osv_value(&value).map(|a| Record::Advisory(Box::new(a)))
}

fn is_euvd_record(v: &Value) -> bool {
    v.get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| id.starts_with("EUVD-"))
}

/// The EUVD records of a document: one record, an array of records, or an API page
/// (`{"items": [...]}`); `None` when the document is not EUVD data.
fn euvd_records(value: &Value) -> Option<Vec<&Value>> {
    match value {
        Value::Array(items) if !items.is_empty() && items.iter().all(is_euvd_record) => {
            Some(items.iter().collect())
        }
        Value::Object(o) => match o.get("items") {
            Some(Value::Array(items)) if items.iter().all(is_euvd_record) => {
                Some(items.iter().collect())
            }
            _ if is_euvd_record(value) => Some(vec![value]),
            _ => None,
        },
        _ => None,
    }
}

/// Reads EUVD records as the EUVD API returns them. Read leniently because no published
/// schema exists: `aliases` is a newline-separated string (or an array); `exploitedSince`
/// (or `exploited_since`, `dateAdded`) marks an exploited vulnerability, the EU KEV list;
/// `originSource` is kept. A record without any CVE alias or with an unreadable date is
/// skipped and named (`#index (EUVD ID)`); the others are kept.
pub fn parse_euvd_records(records: Vec<&Value>) -> (Vec<EuvdEntry>, Vec<Skipped>) {
    let mut out = Vec::with_capacity(records.len());
    let mut skipped = Vec::new();
    for (i, r) in records.into_iter().enumerate() {
        let euvd = str_of(r, "id").unwrap_or_default();
        let aliases: Vec<String> = match r.get("aliases") {
            Some(Value::String(s)) => s.split(['\n', ',', ' ']).map(str::to_string).collect(),
            other => strings(other),
        };
        let mut cves: Vec<String> = aliases
            .iter()
            .map(|a| a.trim().to_string())
            .filter(|a| a.starts_with("CVE-"))
            .collect();
        cves.extend(str_of(r, "cveId").or_else(|| str_of(r, "cve")));
        cves.sort();
        cves.dedup();
        let mut skip = |reason: String| {
            skipped.push(Skipped {
                name: format!("#{i} ({euvd})"),
                reason,
            })
        };
        if cves.is_empty() {
            skip("EUVD record without a CVE alias".into());
            continue;
        }
        let exploited_since = ["exploitedSince", "exploited_since", "dateAdded"]
            .iter()
            .find_map(|k| str_of(r, k))
            .map(|d| d.trim().chars().take(10).collect::<String>())
            .filter(|d| !d.is_empty());
        if let Some(d) = &exploited_since
            && d.parse::<jiff::civil::Date>().is_err()
        {
            skip(format!("exploitedSince {d:?} is not a date (YYYY-MM-DD…)"));
            continue;
        }
        out.push(EuvdEntry {
            euvd,
            cves,
            exploited_since,
            origin: str_of(r, "originSource"),
        });
    }
    (out, skipped)
}

/// Parses one OSV record.
pub fn parse_osv(bytes: &[u8]) -> Result<Advisory, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
    parse_osv_value(&value)
}

pub(crate) fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

pub(crate) fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn first_line(text: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
