//! Format detection, dispatch to the format readers, archives and folders.

pub(crate) mod cyclonedx;
mod serde_util;
pub(crate) mod spdx2;
mod spdx3;
mod xml;

use std::fs;
use std::io::Read;
use std::path::{Component as PathComponent, Path};

use serde::Serialize;

use crate::model::{Dependency, Sbom};
use crate::{Limits, SbomError};

/// Most dependency edges one SBOM may have. Edges are bounded by the input size except where
/// a reader derives them (SPDX 3 build inputs × outputs), which could multiply.
const MAX_EDGES: usize = 20_000_000;

/// Dependency lists up to this long are deduplicated by scanning them; longer ones get a hash set.
const SCAN_DEDUP: usize = 32;

/// Builds the dependency list: one entry per depending component in first-seen order, targets
/// deduplicated in constant time (a short list is scanned; a long one gets a set, so that no copy
/// of every edge target is kept for the common case of a few targets per component).
#[derive(Default)]
pub(crate) struct DepGraph {
    deps: Vec<Dependency>,
    /// Entry of each `from`, keyed by the hash of its `bom_ref` (no copy of the reference is
    /// kept; the entry's own `bom_ref` confirms a match).
    index: std::collections::HashMap<u64, usize>,
    /// Entries whose `bom_ref` hashes like an earlier, different one.
    collisions: std::collections::HashMap<String, usize>,
    hasher: std::collections::hash_map::RandomState,
    /// Target sets of the entries with more than [`SCAN_DEDUP`] targets.
    long: std::collections::HashMap<usize, std::collections::HashSet<String>>,
    edges: usize,
}

impl DepGraph {
    /// The entry of `from`, created if needed.
    pub(crate) fn entry(&mut self, from: &str) -> usize {
        use std::collections::hash_map::Entry;
        use std::hash::BuildHasher;
        let k = self.deps.len();
        match self.index.entry(self.hasher.hash_one(from)) {
            Entry::Occupied(e) => {
                let first = *e.get();
                if self.deps[first].bom_ref == from {
                    return first;
                }
                if let Some(&other) = self.collisions.get(from) {
                    return other;
                }
                self.collisions.insert(from.to_string(), k);
            }
            Entry::Vacant(e) => {
                e.insert(k);
            }
        }
        self.deps.push(Dependency {
            bom_ref: from.to_string(),
            depends_on: Vec::new(),
        });
        k
    }

    /// Makes room for `additional` more targets of a new (empty) entry `k`, so that a list read
    /// whole is stored at its exact size.
    pub(crate) fn reserve_new(&mut self, k: usize, additional: usize) {
        let targets = &mut self.deps[k].depends_on;
        if targets.is_empty() {
            targets.reserve_exact(additional.min(SCAN_DEDUP * 1024));
        }
    }

    /// Adds the edge `from` → `to` unless it is already there.
    pub(crate) fn add(&mut self, from: &str, to: &str) {
        let k = self.entry(from);
        if self.edges >= MAX_EDGES {
            return;
        }
        let targets = &mut self.deps[k].depends_on;
        if targets.len() < SCAN_DEDUP {
            if targets.iter().any(|t| t == to) {
                return;
            }
        } else {
            let set = self
                .long
                .entry(k)
                .or_insert_with(|| targets.iter().cloned().collect());
            if !set.insert(to.to_string()) {
                return;
            }
        }
        targets.push(to.to_string());
        self.edges += 1;
    }

    /// The dependency list, or an error when the edge limit was reached.
    pub(crate) fn finish(self, file: &str) -> Result<Vec<Dependency>, SbomError> {
        if self.edges >= MAX_EDGES {
            return Err(SbomError::invalid(
                file,
                format!("more than {MAX_EDGES} dependency edges"),
            ));
        }
        drop((self.index, self.collisions, self.long));
        let mut deps = self.deps;
        for d in &mut deps {
            d.depends_on.shrink_to_fit();
        }
        deps.shrink_to_fit();
        Ok(deps)
    }
}

/// What kind of input a byte string is, judged from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// CycloneDX JSON (`bomFormat` key).
    CycloneDxJson,
    /// CycloneDX XML (`<bom>` in a `http://cyclonedx.org/schema/bom/…` namespace).
    CycloneDxXml,
    /// SPDX 2 JSON (`spdxVersion` key).
    Spdx2Json,
    /// SPDX 2 tag-value (`SPDXVersion:` line).
    Spdx2TagValue,
    /// SPDX 3 JSON-LD (`@context`/`@graph` keys).
    Spdx3JsonLd,
    /// A POSIX tar archive.
    Tar,
    /// A zstd-compressed stream (an SBOM or a tar archive of SBOMs).
    Zstd,
}

/// Whether `key` occurs as an object key (`"key"` followed by `:`) anywhere in JSON text. A JSON
/// string value cannot contain the quoted key followed by a colon unescaped, so this does not
/// mistake string content for a key except for a value that is exactly the key and is followed
/// by a colon, which JSON syntax does not allow.
fn has_key(bytes: &[u8], key: &str) -> bool {
    let needle = format!("\"{key}\"");
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    finder.find_iter(bytes).any(|at| {
        bytes[at + needle.len()..]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            == Some(&b':')
    })
}

/// Judges the kind of input from its content.
pub fn detect(bytes: &[u8]) -> Option<InputKind> {
    // A zstd frame, or a skippable frame (pzstd and the seekable format start with one).
    if bytes.starts_with(&[0x28, 0xB5, 0x2F, 0xFD])
        || (bytes.len() >= 4 && bytes[0] & 0xF0 == 0x50 && bytes[1..4] == [0x2A, 0x4D, 0x18])
    {
        return Some(InputKind::Zstd);
    }
    if bytes.len() >= 262 && &bytes[257..262] == b"ustar" {
        return Some(InputKind::Tar);
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    match text[start] {
        b'{' => {
            if has_key(text, "bomFormat") {
                Some(InputKind::CycloneDxJson)
            } else if has_key(text, "@graph") || has_key(text, "@context") {
                Some(InputKind::Spdx3JsonLd)
            } else if has_key(text, "spdxVersion") {
                Some(InputKind::Spdx2Json)
            } else {
                None
            }
        }
        b'<' => {
            let head = &text[..text.len().min(64 * 1024)];
            memchr::memmem::find(head, b"cyclonedx.org/schema/bom").map(|_| InputKind::CycloneDxXml)
        }
        _ => text
            .split(|b| *b == b'\n')
            .any(|line| line.trim_ascii_start().starts_with(b"SPDXVersion:"))
            .then_some(InputKind::Spdx2TagValue),
    }
}

fn unknown(file: &str, bytes: &[u8]) -> SbomError {
    let message = if bytes.starts_with(&[0x1F, 0x8B]) {
        "gzip-compressed input is not read; decompress it, or use zstd".to_string()
    } else if bytes.starts_with(b"PK\x03\x04") {
        "zip archives are not read; use a folder, .tar or .tar.zst".to_string()
    } else if bytes.trim_ascii_start().starts_with(b"<") {
        "XML that is not CycloneDX (SPDX RDF/XML is not read)".to_string()
    } else {
        "not a CycloneDX, SPDX 2 or SPDX 3 document".to_string()
    };
    SbomError::UnknownFormat {
        file: file.to_string(),
        message,
    }
}

/// One parsed document of a set: SPDX 2 documents are kept apart to be merged.
enum Parsed {
    Single(Box<Sbom>),
    Spdx2(Box<spdx2::Document>),
}

fn parse_document(
    file: &str,
    bytes: &[u8],
    kind: InputKind,
    limits: &Limits,
) -> Result<Parsed, SbomError> {
    Ok(match kind {
        InputKind::CycloneDxJson => {
            Parsed::Single(Box::new(cyclonedx::read_json(bytes, file, limits)?))
        }
        InputKind::CycloneDxXml => Parsed::Single(Box::new(xml::read(bytes, file, limits)?)),
        InputKind::Spdx3JsonLd => Parsed::Single(Box::new(spdx3::read(bytes, file, limits)?)),
        InputKind::Spdx2Json => Parsed::Spdx2(Box::new(spdx2::parse_json(bytes, file, limits)?)),
        InputKind::Spdx2TagValue => {
            Parsed::Spdx2(Box::new(spdx2::parse_tag_value(bytes, file, limits)?))
        }
        InputKind::Tar | InputKind::Zstd => {
            return Err(SbomError::UnknownFormat {
                file: file.to_string(),
                message: "nested archives are not read".into(),
            });
        }
    })
}

/// Parses bytes of any supported kind, including archives. `file` names the input in errors.
pub(crate) fn parse_bytes(file: &str, bytes: &[u8], limits: &Limits) -> Result<Sbom, SbomError> {
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(SbomError::TooLarge {
            file: file.to_string(),
            what: "input",
            limit: limits.max_input_bytes,
        });
    }
    parse_inner(file, bytes, limits, true)
}

fn parse_inner(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
    may_decompress: bool,
) -> Result<Sbom, SbomError> {
    match detect(bytes) {
        Some(InputKind::Zstd) if may_decompress => {
            let data = decompress_zstd(bytes, file, limits)?;
            parse_inner(file, &data, limits, false)
        }
        Some(InputKind::Tar) => {
            let members = tar_members(bytes, file, limits)?
                .into_iter()
                .map(|(name, data)| (format!("{file}!/{name}"), data))
                .collect();
            from_members(file, members, limits)
        }
        Some(kind) => match parse_document(file, bytes, kind, limits)? {
            Parsed::Single(sbom) => Ok(*sbom),
            Parsed::Spdx2(doc) => spdx2::merge(vec![*doc], file),
        },
        None => Err(unknown(file, bytes)),
    }
}

/// Decompresses a zstd stream, refusing to produce more than the limit.
fn decompress_zstd(bytes: &[u8], file: &str, limits: &Limits) -> Result<Vec<u8>, SbomError> {
    let archive_error = |message: String| SbomError::Archive {
        archive: file.to_string(),
        member: None,
        message,
    };
    let decoder = zstd::stream::read::Decoder::with_buffer(bytes)
        .map_err(|e| archive_error(format!("zstd: {e}")))?;
    let mut out = Vec::new();
    decoder
        .take(limits.max_decompressed_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| archive_error(format!("zstd: {e}")))?;
    if out.len() as u64 > limits.max_decompressed_bytes {
        return Err(SbomError::TooLarge {
            file: file.to_string(),
            what: "decompressed data",
            limit: limits.max_decompressed_bytes,
        });
    }
    Ok(out)
}

/// Whether an archive member name is safe: relative, without `..`, not absolute.
fn safe_member_name(name: &str) -> bool {
    if name.starts_with('/') || name.starts_with('\\') || name.contains('\0') {
        return false;
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[1] == b':' {
        return false; // C:…
    }
    name.split(['/', '\\']).all(|part| part != "..")
        && Path::new(name)
            .components()
            .all(|c| matches!(c, PathComponent::Normal(_) | PathComponent::CurDir))
}

/// Reads the regular files of a tar archive held in memory. Links and special files are skipped;
/// an absolute name or one with `..` is an error.
fn tar_members(
    bytes: &[u8],
    archive: &str,
    limits: &Limits,
) -> Result<Vec<(String, Vec<u8>)>, SbomError> {
    let error = |member: Option<String>, message: String| SbomError::Archive {
        archive: archive.to_string(),
        member,
        message,
    };
    let mut ar = tar::Archive::new(bytes);
    let entries = ar.entries().map_err(|e| error(None, format!("tar: {e}")))?;
    let mut members = Vec::new();
    let mut total: u64 = 0;
    for entry in entries {
        let mut entry = entry.map_err(|e| error(None, format!("tar: {e}")))?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if !safe_member_name(&name) {
            return Err(error(
                Some(name),
                "unsafe member name (absolute or with \"..\")".into(),
            ));
        }
        let link = entry
            .link_name_bytes()
            .map(|l| String::from_utf8_lossy(&l).into_owned());
        if let Some(link) = link
            && !safe_member_name(&link)
        {
            return Err(error(
                Some(name),
                format!("unsafe link target {link:?} (absolute or with \"..\")"),
            ));
        }
        if !entry.header().entry_type().is_file() {
            continue;
        }
        if members.len() >= limits.max_documents {
            return Err(error(
                None,
                format!("more than {} members", limits.max_documents),
            ));
        }
        let size = entry.size();
        total = total.saturating_add(size);
        if total > limits.max_decompressed_bytes {
            return Err(SbomError::TooLarge {
                file: format!("{archive}!/{name}"),
                what: "archive content",
                limit: limits.max_decompressed_bytes,
            });
        }
        let mut data = Vec::with_capacity(size.min(64 * 1024 * 1024) as usize);
        (&mut entry)
            .take(size)
            .read_to_end(&mut data)
            .map_err(|e| error(Some(name.clone()), format!("tar: {e}")))?;
        members.push((name, data));
    }
    Ok(members)
}

/// Builds one SBOM from the members of an archive or the files of a folder (given with the
/// labels used in errors): SPDX 2 documents are merged; otherwise exactly one SBOM document must be present. Members that are not SBOMs
/// (e.g. Yocto's `index.json`) are skipped.
fn from_members(
    source: &str,
    members: Vec<(String, Vec<u8>)>,
    limits: &Limits,
) -> Result<Sbom, SbomError> {
    let mut spdx2_docs = Vec::new();
    let mut singles: Vec<(String, Sbom)> = Vec::new();
    for (label, bytes) in members {
        let Some(kind) = detect(&bytes) else { continue };
        if matches!(kind, InputKind::Tar | InputKind::Zstd) {
            continue;
        }
        match parse_document(&label, &bytes, kind, limits)? {
            Parsed::Single(s) => singles.push((label, *s)),
            Parsed::Spdx2(d) => spdx2_docs.push(*d),
        }
    }
    match (spdx2_docs.is_empty(), singles.len()) {
        (true, 0) => Err(SbomError::invalid(source, "no SBOM documents found")),
        (true, 1) => Ok(singles.pop().map(|(_, s)| s).expect("one element")),
        (false, 0) => spdx2::merge(spdx2_docs, source),
        _ => Err(SbomError::invalid(
            source,
            format!(
                "holds several independent SBOMs ({}{}); read them one by one",
                singles
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                if spdx2_docs.is_empty() {
                    String::new()
                } else {
                    format!(" and {} SPDX 2 documents", spdx2_docs.len())
                }
            ),
        )),
    }
}

/// File name extensions read from a folder.
const FOLDER_EXTENSIONS: &[&str] = &["json", "jsonld", "xml", "spdx", "cdx", "tv", "txt"];

/// Reads a file, folder or archive from disk.
pub(crate) fn read_path(path: &Path, limits: &Limits) -> Result<Sbom, SbomError> {
    let io = |source: std::io::Error| SbomError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = fs::metadata(path).map_err(io)?;
    let label = path.display().to_string();
    if meta.is_dir() {
        let mut files = Vec::new();
        collect_folder(path, limits, 0, &mut files, &mut 0)?;
        files.sort_by(|a, b| a.0.cmp(&b.0));
        return from_members(&label, files, limits);
    }
    if let Some(sbom) = stream_cyclonedx_json(path, &label, limits)? {
        return Ok(sbom);
    }
    let bytes = read_file(path, limits)?;
    parse_bytes(&label, &bytes, limits)
}

/// Files larger than this that are CycloneDX JSON are parsed as they are read, without holding
/// their text in memory; smaller ones and other formats are read whole.
const STREAM_ABOVE: usize = 1024 * 1024;

/// Parses a large CycloneDX JSON file while reading it. `None` when the file is small or not
/// CycloneDX JSON (judged from its first [`STREAM_ABOVE`] bytes, which [`detect`] classifies the
/// same way as the whole file: a `bomFormat` key there settles it).
fn stream_cyclonedx_json(
    path: &Path,
    label: &str,
    limits: &Limits,
) -> Result<Option<Sbom>, SbomError> {
    let io = |source: std::io::Error| SbomError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len <= STREAM_ABOVE as u64 || len > limits.max_input_bytes {
        return Ok(None);
    }
    let mut head = Vec::with_capacity(STREAM_ABOVE);
    (&mut file)
        .take(STREAM_ABOVE as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    if head.len() < STREAM_ABOVE || detect(&head) != Some(InputKind::CycloneDxJson) {
        return Ok(None);
    }
    let reader = std::io::Cursor::new(head).chain(file);
    cyclonedx::read_json_stream(reader, label, limits).map(Some)
}

fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, SbomError> {
    let io = |source: std::io::Error| SbomError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > limits.max_input_bytes {
        return Err(SbomError::TooLarge {
            file: path.display().to_string(),
            what: "input",
            limit: limits.max_input_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limits.max_input_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(SbomError::TooLarge {
            file: path.display().to_string(),
            what: "input",
            limit: limits.max_input_bytes,
        });
    }
    Ok(bytes)
}

/// Collects the candidate files of a folder (recursively, not following symbolic links).
fn collect_folder(
    dir: &Path,
    limits: &Limits,
    depth: usize,
    out: &mut Vec<(String, Vec<u8>)>,
    total: &mut u64,
) -> Result<(), SbomError> {
    let io = |source: std::io::Error| SbomError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if depth > 8 {
        return Ok(());
    }
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(io)?
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let meta = fs::symlink_metadata(&path).map_err(|source| SbomError::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            collect_folder(&path, limits, depth + 1, out, total)?;
            continue;
        }
        if !meta.is_file() {
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !FOLDER_EXTENSIONS.contains(&ext.as_str()) {
            continue;
        }
        if out.len() >= limits.max_documents {
            return Err(SbomError::invalid(
                &dir.display().to_string(),
                format!("more than {} files", limits.max_documents),
            ));
        }
        let bytes = read_file(&path, limits)?;
        *total += bytes.len() as u64;
        if *total > limits.max_decompressed_bytes {
            return Err(SbomError::TooLarge {
                file: dir.display().to_string(),
                what: "folder content",
                limit: limits.max_decompressed_bytes,
            });
        }
        out.push((path.display().to_string(), bytes));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names() {
        assert!(safe_member_name("a/b.json"));
        assert!(safe_member_name("./a.json"));
        assert!(!safe_member_name("../a.json"));
        assert!(!safe_member_name("a/../../b"));
        assert!(!safe_member_name("/etc/passwd"));
        assert!(!safe_member_name("C:\\x"));
        assert!(!safe_member_name("a\\..\\b"));
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect(br#"{"bomFormat": "CycloneDX"}"#),
            Some(InputKind::CycloneDxJson)
        );
        assert_eq!(
            detect(b"\xEF\xBB\xBF {\"spdxVersion\" : \"SPDX-2.3\"}"),
            Some(InputKind::Spdx2Json)
        );
        assert_eq!(
            detect(br#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}"#),
            Some(InputKind::Spdx3JsonLd)
        );
        // A string value equal to a key name is not a key.
        assert_eq!(detect(br#"{"name": "bomFormat"}"#), None);
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"/>"),
            Some(InputKind::CycloneDxXml)
        );
        assert_eq!(
            detect(b"# comment\nSPDXVersion: SPDX-2.3\n"),
            Some(InputKind::Spdx2TagValue)
        );
        assert_eq!(detect(b""), None);
        assert_eq!(detect(b"   "), None);
    }
}
