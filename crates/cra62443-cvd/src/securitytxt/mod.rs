//! A security.txt (RFC 9116) linter whose findings are mapped to the CRA.
//!
//! [`lint`] checks the text of a security.txt file, plain or wrapped in an OpenPGP cleartext
//! signature, and reports **every** finding — not only the first, as a parser would. Each
//! [`Finding`] has a 1-based line (or none for a finding about the whole file), the field it
//! concerns, a [`Severity`], a stable kebab-case [`Code`], a message and the catalogue IDs it
//! bears on:
//!
//! | field / finding | catalogue IDs |
//! |---|---|
//! | `Contact` (missing, invalid, `http:`) | `cra:annex-i.p2.6` (contact address for reporting vulnerabilities), `cra:annex-ii.2` (single point of contact), `cra:art-13.17`, `en40000-1-3:pre-2` (CVD policy incl. how to make contact) |
//! | `Policy` (missing, invalid, `http:`) | `cra:annex-i.p2.5` (CVD policy), `cra:annex-ii.2` (where the CVD policy is found), `en40000-1-3:pre-2` |
//! | `Encryption` missing, `Contact` over `http:` | `en40000-1-3:pre-5` (secure communication channels) |
//! | `Expires` in the past (the contact information is stale) | `cra:annex-i.p2.6`, `cra:annex-ii.2` |
//! | `CSAF` | `cra:annex-i.p2.4` (disclosure of fixed vulnerabilities), `cra:annex-i.p2.8` (advisory messages) |
//!
//! Findings that are about RFC 9116 conformance only (syntax, `Canonical`, signature) carry no
//! catalogue ID. [`Code`] lists every code with its severity.
//!
//! The OpenPGP signature is parsed (armor stripped, dash-escaping undone) but **not verified**:
//! a signed file gets [`Code::Signed`] (info) and [`Code::SignatureNotVerified`] (warning).

mod syntax;
mod uri;

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::{Timestamp, ToSpan, tz::TimeZone};
use serde::Serialize;

pub use uri::{UriParts, parse as parse_uri};

/// The largest file [`lint_path`] reads (1 MiB); security.txt files are a few hundred bytes.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The longest line (in characters, without the line ending) before [`Code::LineTooLong`]:
/// the limit of RFC 5322, whose field syntax RFC 9116 uses.
pub const MAX_LINE_LENGTH: usize = 998;

const BEGIN_SIGNED: &str = "-----BEGIN PGP SIGNED MESSAGE-----";
const BEGIN_SIGNATURE: &str = "-----BEGIN PGP SIGNATURE-----";
const END_SIGNATURE: &str = "-----END PGP SIGNATURE-----";

/// The fields RFC 9116 defines (plus `CSAF`, registered by CSAF 2.0), in their RFC spelling.
pub const KNOWN_FIELDS: [&str; 9] = [
    "Acknowledgments",
    "Canonical",
    "Contact",
    "CSAF",
    "Encryption",
    "Expires",
    "Hiring",
    "Policy",
    "Preferred-Languages",
];

/// Fields whose value must be a URI.
const URI_FIELDS: [&str; 7] = [
    "Acknowledgments",
    "Canonical",
    "Contact",
    "CSAF",
    "Encryption",
    "Hiring",
    "Policy",
];

/// What [`lint`] checks against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintOptions {
    /// The time `Expires` is compared with.
    pub now: Timestamp,
    /// The URL the file was retrieved from, if known: compared with `Canonical`, and checked
    /// for `https` and the `/.well-known/security.txt` path.
    pub retrieved_from: Option<String>,
}

impl LintOptions {
    /// Options that compare `Expires` with `now` and know no retrieval URL.
    pub fn new(now: Timestamp) -> Self {
        Self {
            now,
            retrieved_from: None,
        }
    }

    /// Sets the URL the file was retrieved from.
    pub fn with_retrieved_from(mut self, url: impl Into<String>) -> Self {
        self.retrieved_from = Some(url.into());
        self
    }
}

impl Default for LintOptions {
    /// Compares `Expires` with the current time.
    fn default() -> Self {
        Self::new(Timestamp::now())
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Info,
    /// A recommendation of RFC 9116 or the CRA is not followed, or the file may not be what
    /// it seems.
    Warning,
    /// RFC 9116 is violated, or a CRA-relevant element is missing or unusable.
    Error,
}

impl Severity {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $sev:ident; )*) => {
        /// A stable finding code. The kebab-case names never change meaning; new codes may be
        /// added.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
        }

        impl Code {
            /// Every code.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable kebab-case name.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The severity findings with this code always have.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }
        }
    };
}

codes! {
    /// No `Contact` field: RFC 9116 requires one or more; CRA Annex I Part II (6) requires a
    /// contact address for reporting vulnerabilities.
    MissingContact = "missing-contact", Error;
    /// No `Expires` field (RFC 9116 requires exactly one).
    MissingExpires = "missing-expires", Error;
    /// `Expires` lies before the time checked against: the file is stale.
    ExpiresInPast = "expires-in-past", Error;
    /// `Expires` lies more than one year ahead (RFC 9116 recommends less than a year).
    ExpiresTooFar = "expires-too-far", Warning;
    /// `Expires` is not an RFC 3339 date-time.
    InvalidExpires = "invalid-expires", Error;
    /// `Expires` appears more than once.
    DuplicateExpires = "duplicate-expires", Error;
    /// No `Canonical` field: readers cannot tell where the file is authoritative (RFC 9116
    /// recommends it, especially for signed files).
    MissingCanonical = "missing-canonical", Warning;
    /// The file was retrieved from a URL that no `Canonical` field lists, so its contents
    /// should not be trusted (RFC 9116 §2.5.2).
    CanonicalMismatch = "canonical-mismatch", Error;
    /// A URI field uses `http:`; RFC 9116 requires `https` for web URIs.
    InsecureUri = "insecure-uri", Error;
    /// A URI field's value is not an RFC 3986 URI (for example an e-mail address without
    /// `mailto:`).
    InvalidUri = "invalid-uri", Error;
    /// A field RFC 9116 does not define and the IANA registry does not list (often a typo).
    UnknownField = "unknown-field", Warning;
    /// No `Policy` field: CRA Annex II (2) asks where the CVD policy can be found, Annex I Part
    /// II (5) requires one.
    MissingPolicy = "missing-policy", Warning;
    /// No `Encryption` field: reporters have no key for confidential reports.
    MissingEncryption = "missing-encryption", Info;
    /// A `CSAF` field points to CSAF advisories (provider-metadata.json).
    CsafFieldPresent = "csaf-field-present", Info;
    /// A `CSAF` field's URI does not end in `provider-metadata.json`, which CSAF 2.0 requires.
    CsafNotProviderMetadata = "csaf-not-provider-metadata", Warning;
    /// The file is wrapped in an OpenPGP cleartext signature.
    Signed = "signed", Info;
    /// The OpenPGP signature was not verified (this tool does not verify signatures).
    SignatureNotVerified = "signature-not-verified", Warning;
    /// The OpenPGP cleartext armor is broken (missing header, blank line, signature block …)
    /// or text lies outside it.
    MalformedSignature = "malformed-signature", Error;
    /// A line is neither a field (`Name: value`), a comment (`#`) nor blank.
    MalformedLine = "malformed-line", Error;
    /// A line is longer than 998 characters.
    LineTooLong = "line-too-long", Warning;
    /// `Preferred-Languages` appears more than once.
    DuplicatePreferredLanguages = "duplicate-preferred-languages", Error;
    /// `Preferred-Languages` holds something that is not an RFC 5646 language tag.
    InvalidLanguageTag = "invalid-language-tag", Error;
    /// The last line has no line ending (the RFC 9116 grammar ends every line with one).
    MissingFinalNewline = "missing-final-newline", Warning;
    /// The file starts with a UTF-8 byte-order mark, which some parsers reject.
    ByteOrderMark = "byte-order-mark", Warning;
    /// The file is not valid UTF-8 (RFC 9116 requires UTF-8).
    InvalidUtf8 = "invalid-utf8", Error;
    /// The retrieval URL does not use `https` (RFC 9116 requires it).
    InsecureRetrieval = "insecure-retrieval", Error;
    /// The file was not found at `/.well-known/security.txt` (RFC 9116 §3; the top-level path
    /// is only for legacy redirects).
    NotWellKnownLocation = "not-well-known-location", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

const CRA_P2_4: &str = "cra:annex-i.p2.4";
const CRA_P2_5: &str = "cra:annex-i.p2.5";
const CRA_P2_6: &str = "cra:annex-i.p2.6";
const CRA_P2_8: &str = "cra:annex-i.p2.8";
const CRA_AII_2: &str = "cra:annex-ii.2";
const CRA_ART_13_17: &str = "cra:art-13.17";
const PT3_PRE_2: &str = "en40000-1-3:pre-2";
const PT3_PRE_5: &str = "en40000-1-3:pre-5";

/// Every catalogue ID a finding can carry (tests check that each exists in the catalogue).
pub const CATALOG_IDS: [&str; 8] = [
    CRA_P2_4,
    CRA_P2_5,
    CRA_P2_6,
    CRA_P2_8,
    CRA_AII_2,
    CRA_ART_13_17,
    PT3_PRE_2,
    PT3_PRE_5,
];

/// The catalogue IDs a field bears on.
fn field_cra(field: &str) -> &'static [&'static str] {
    match field {
        "Contact" => &[CRA_P2_6, CRA_AII_2, CRA_ART_13_17, PT3_PRE_2],
        "Policy" => &[CRA_P2_5, CRA_AII_2, PT3_PRE_2],
        "Encryption" => &[PT3_PRE_5],
        "CSAF" => &[CRA_P2_4, CRA_P2_8],
        _ => &[],
    }
}

/// The catalogue IDs a finding bears on.
fn cra_for(code: Code, field: Option<&str>) -> Vec<String> {
    let ids: Vec<&str> = match code {
        Code::MissingContact => field_cra("Contact").to_vec(),
        Code::MissingPolicy => field_cra("Policy").to_vec(),
        Code::MissingEncryption => vec![PT3_PRE_5],
        Code::CsafFieldPresent | Code::CsafNotProviderMetadata => field_cra("CSAF").to_vec(),
        Code::ExpiresInPast => vec![CRA_P2_6, CRA_AII_2],
        Code::InvalidUri | Code::MalformedLine => field.map(field_cra).unwrap_or(&[]).to_vec(),
        Code::InsecureUri => {
            let mut v = field.map(field_cra).unwrap_or(&[]).to_vec();
            if field == Some("Contact") {
                v.push(PT3_PRE_5);
            }
            v
        }
        _ => Vec::new(),
    };
    ids.into_iter().map(str::to_string).collect()
}

/// One finding.
///
/// JSON: `{line, field, severity, code, message, cra}`; `line` and `field` are `null` for
/// findings about the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// 1-based line in the file (the signed document, armor included), or `None` for a finding
    /// about the whole file.
    pub line: Option<usize>,
    /// The field concerned, in RFC spelling for known fields (`Contact`).
    pub field: Option<String>,
    /// How serious it is (always `code.severity()`).
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// What is wrong and, where it helps, how to fix it.
    pub message: String,
    /// Catalogue IDs of the CRA and prEN 40000-1-3 requirements the finding bears on.
    pub cra: Vec<String>,
}

/// One occurrence of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldValue {
    /// 1-based line.
    pub line: usize,
    /// The value, without surrounding whitespace.
    pub value: String,
}

/// Counts of findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

/// The result of [`lint`].
///
/// JSON: `{path, signed, fields: {Name: [{line, value}]}, findings: [Finding], summary:
/// {errors, warnings, infos}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintReport {
    /// The file linted (set by [`lint_path`]).
    pub path: Option<PathBuf>,
    /// Whether the file is wrapped in an OpenPGP cleartext signature.
    pub signed: bool,
    /// Every field found, by name: RFC spelling for known fields, lower case for others.
    pub fields: BTreeMap<String, Vec<FieldValue>>,
    /// Every finding: whole-file findings first, then by line.
    pub findings: Vec<Finding>,
    /// Counts per severity.
    pub summary: Summary,
}

impl LintReport {
    /// Whether some finding has this code.
    pub fn has(&self, code: Code) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// The findings with this code.
    pub fn with_code(&self, code: Code) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.code == code)
    }

    /// The most serious severity found, if any finding exists.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// The number of findings at or above `severity`.
    pub fn count_at_least(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity >= severity)
            .count()
    }

    /// The values of a field (RFC spelling for known fields), in file order.
    pub fn values(&self, field: &str) -> Vec<&str> {
        self.fields
            .get(field)
            .map(|v| v.iter().map(|f| f.value.as_str()).collect())
            .unwrap_or_default()
    }

    fn finish(&mut self) {
        // Whole-file findings first, then by line; stable, so same-line findings keep the
        // order in which they were found.
        self.findings
            .sort_by_key(|f| (f.line.is_some(), f.line.unwrap_or(0)));
        let mut s = Summary::default();
        for f in &self.findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        self.summary = s;
    }
}

/// Why [`lint_path`] could not lint anything.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LintError {
    /// The path does not exist.
    #[error("{}: no such file or folder", path.display())]
    NotFound {
        /// The path given.
        path: PathBuf,
    },
    /// A folder without `.well-known/security.txt` or `security.txt`.
    #[error("{}: no .well-known/security.txt or security.txt in this folder", path.display())]
    NoSecurityTxt {
        /// The folder.
        path: PathBuf,
    },
    /// The file is larger than [`MAX_FILE_SIZE`].
    #[error("{}: larger than {limit} bytes; not a security.txt file", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit.
        limit: u64,
    },
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Finds the security.txt of `path`: the file itself, or in a folder (a web root)
/// `.well-known/security.txt`, else `security.txt`. The flag says whether the file was found
/// outside `.well-known/`.
///
/// # Errors
///
/// [`LintError::NotFound`] or [`LintError::NoSecurityTxt`].
pub fn locate(path: &Path) -> Result<(PathBuf, bool), LintError> {
    if path.is_dir() {
        let well_known = path.join(".well-known").join("security.txt");
        if well_known.is_file() {
            return Ok((well_known, false));
        }
        let top = path.join("security.txt");
        if top.is_file() {
            return Ok((top, true));
        }
        return Err(LintError::NoSecurityTxt {
            path: path.to_path_buf(),
        });
    }
    if path.exists() {
        Ok((path.to_path_buf(), false))
    } else {
        Err(LintError::NotFound {
            path: path.to_path_buf(),
        })
    }
}

/// Lints a security.txt file, or the one in a folder (see [`locate`]). A file that is not
/// valid UTF-8 is decoded lossily and gets [`Code::InvalidUtf8`]; one found at the folder's top
/// level rather than under `.well-known/` gets [`Code::NotWellKnownLocation`].
///
/// # Errors
///
/// The path does not exist or holds no security.txt, the file cannot be read, or it is larger
/// than [`MAX_FILE_SIZE`].
pub fn lint_path(path: &Path, options: &LintOptions) -> Result<LintReport, LintError> {
    let (file, outside_well_known) = locate(path)?;
    let io = |source| LintError::Io {
        path: file.clone(),
        source,
    };
    let handle = std::fs::File::open(&file).map_err(io)?;
    let mut bytes = Vec::new();
    handle
        .take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(LintError::TooLarge {
            path: file,
            limit: MAX_FILE_SIZE,
        });
    }
    let mut extra = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            extra.push(finding(
                Code::InvalidUtf8,
                Some(line),
                None,
                format!(
                    "the file is not valid UTF-8 (first bad byte at offset {valid}); RFC 9116 requires UTF-8. Invalid bytes were replaced by U+FFFD for the other checks"
                ),
            ));
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    if outside_well_known {
        extra.push(finding(
            Code::NotWellKnownLocation,
            None,
            None,
            format!(
                "found {} but no .well-known/security.txt; RFC 9116 places the file under /.well-known/ (the top-level path only for legacy redirects)",
                file.display()
            ),
        ));
    }
    let mut report = lint(&text, options);
    report.path = Some(file);
    report.findings.extend(extra);
    report.finish();
    Ok(report)
}

fn finding(code: Code, line: Option<usize>, field: Option<&str>, message: String) -> Finding {
    Finding {
        line,
        field: field.map(str::to_string),
        severity: code.severity(),
        code,
        message,
        cra: cra_for(code, field),
    }
}

/// A field line after syntax checks.
struct Field<'a> {
    line: usize,
    /// RFC spelling for known fields, lower case otherwise.
    name: String,
    written_name: &'a str,
    value: &'a str,
    /// The line already got a malformed-line finding about its value; value checks are
    /// skipped to report the problem once.
    value_malformed: bool,
}

struct Linter<'o> {
    options: &'o LintOptions,
    findings: Vec<Finding>,
}

impl Linter<'_> {
    fn push(&mut self, code: Code, line: Option<usize>, field: Option<&str>, message: String) {
        self.findings.push(finding(code, line, field, message));
    }

    /// Strips the OpenPGP cleartext armor. Returns the lines that hold fields (dash-escaping
    /// undone) and whether the file is signed.
    fn unwrap_armor<'t>(&mut self, lines: &[syntax::Line<'t>]) -> (Vec<(usize, &'t str)>, bool) {
        let header = lines.iter().position(|l| l.text.trim_end() == BEGIN_SIGNED);
        let Some(h) = header else {
            // Unsigned. A stray signature block is reported and skipped.
            let mut body = Vec::new();
            let mut in_sig = false;
            for l in lines {
                let t = l.text.trim_end();
                if t == BEGIN_SIGNATURE {
                    self.push(
                        Code::MalformedSignature,
                        Some(l.number),
                        None,
                        format!(
                            "signature block without the '{BEGIN_SIGNED}' header; the block is ignored"
                        ),
                    );
                    in_sig = true;
                    continue;
                }
                if in_sig {
                    if t == END_SIGNATURE {
                        in_sig = false;
                    }
                    continue;
                }
                body.push((l.number, l.text));
            }
            return (body, false);
        };

        self.push(
            Code::Signed,
            Some(lines[h].number),
            None,
            "the file is wrapped in an OpenPGP cleartext signature".to_string(),
        );
        self.push(
            Code::SignatureNotVerified,
            Some(lines[h].number),
            None,
            "the OpenPGP signature was not verified; check it with the organisation's published key (e.g. gpg --verify)".to_string(),
        );
        if h > 0 {
            self.push(
                Code::MalformedSignature,
                Some(lines[0].number),
                None,
                format!(
                    "the '{BEGIN_SIGNED}' header must be the first line; the {h} line(s) before it are not signed and are ignored"
                ),
            );
        }

        let n = lines.len();
        let mut i = h + 1;
        let mut hashes = 0;
        let mut separated = false;
        while i < n {
            let t = lines[i].text.trim_end();
            if let Some(algs) = t.strip_prefix("Hash:") {
                hashes += 1;
                let algs = algs.trim();
                if algs.is_empty()
                    || !algs.split(',').all(|a| {
                        !a.is_empty() && a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    })
                {
                    self.push(
                        Code::MalformedSignature,
                        Some(lines[i].number),
                        None,
                        format!(
                            "armor header '{}' names no valid hash algorithm",
                            t.escape_debug()
                        ),
                    );
                }
                i += 1;
                continue;
            }
            if t.is_empty() {
                separated = true;
                i += 1;
            }
            break;
        }
        if hashes == 0 {
            self.push(
                Code::MalformedSignature,
                Some(lines[h].number),
                None,
                "no 'Hash:' armor header after the signed-message header (RFC 9116 requires one)"
                    .to_string(),
            );
        }
        if !separated {
            let at = lines.get(i).map_or(lines[h].number, |l| l.number);
            self.push(
                Code::MalformedSignature,
                Some(at),
                None,
                "the armor headers must be followed by a blank line before the signed text"
                    .to_string(),
            );
        }

        let mut body = Vec::new();
        let mut sig_start = None;
        while i < n {
            let l = &lines[i];
            if l.text.trim_end() == BEGIN_SIGNATURE {
                sig_start = Some(i);
                break;
            }
            if let Some(rest) = l.text.strip_prefix("- ") {
                body.push((l.number, rest));
            } else {
                if l.text.starts_with('-') {
                    self.push(
                        Code::MalformedSignature,
                        Some(l.number),
                        None,
                        "a signed line starting with '-' must be dash-escaped as '- -'".to_string(),
                    );
                }
                body.push((l.number, l.text));
            }
            i += 1;
        }
        let Some(s) = sig_start else {
            self.push(
                Code::MalformedSignature,
                None,
                None,
                format!("the signed message has no '{BEGIN_SIGNATURE}' block"),
            );
            return (body, true);
        };
        let end = (s + 1..n).find(|&j| lines[j].text.trim_end() == END_SIGNATURE);
        let Some(e) = end else {
            self.push(
                Code::MalformedSignature,
                Some(lines[s].number),
                None,
                format!("the signature block has no '{END_SIGNATURE}' line"),
            );
            return (body, true);
        };
        let data_lines = lines[s + 1..e]
            .iter()
            .map(|l| l.text.trim_end())
            .filter(|t| {
                !t.is_empty()
                    && !t.contains(": ")
                    && t.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            })
            .count();
        if data_lines == 0 {
            self.push(
                Code::MalformedSignature,
                Some(lines[s].number),
                None,
                "the signature block holds no signature data".to_string(),
            );
        }
        if let Some(after) = lines[e + 1..].iter().find(|l| !syntax::is_blank(l.text)) {
            self.push(
                Code::MalformedSignature,
                Some(after.number),
                None,
                "text after the signature is not signed and is ignored".to_string(),
            );
        }
        (body, true)
    }

    /// Parses the field lines, reporting syntax problems.
    fn parse_fields<'t>(&mut self, body: &[(usize, &'t str)]) -> Vec<Field<'t>> {
        let mut fields = Vec::new();
        for &(line, text) in body {
            if syntax::is_blank(text) {
                continue;
            }
            if let Some(comment) = text.strip_prefix('#') {
                if let Some(c) = syntax::first_bad_comment_char(comment) {
                    self.push(
                        Code::MalformedLine,
                        Some(line),
                        None,
                        format!(
                            "the comment contains the control character U+{:04X}",
                            c as u32
                        ),
                    );
                }
                continue;
            }
            let Some(colon) = text.find(':') else {
                self.push(
                    Code::MalformedLine,
                    Some(line),
                    None,
                    format!(
                        "'{}' is not a field ('Name: value'), a comment ('# …') or a blank line",
                        shorten(text)
                    ),
                );
                continue;
            };
            let written = &text[..colon];
            let trimmed = written.trim_matches(syntax::is_wsp);
            if trimmed.is_empty() || !trimmed.chars().all(syntax::is_ftext) {
                self.push(
                    Code::MalformedLine,
                    Some(line),
                    None,
                    format!(
                        "'{}' is not a field name (printable ASCII without spaces or ':'); the line is ignored",
                        shorten(written)
                    ),
                );
                continue;
            }
            let name = canonical_name(trimmed);
            let field_label = name.clone();
            let mut problems = Vec::new();
            if trimmed.len() != written.len() {
                problems.push("whitespace around the field name".to_string());
            }
            let after = &text[colon + 1..];
            let value = after.trim_matches(syntax::is_wsp);
            if after.is_empty() {
                problems.push("no value after ':'".to_string());
            } else if !after.starts_with(' ') {
                problems.push("':' must be followed by a space".to_string());
            }
            let mut value_malformed = false;
            if let Some(c) = syntax::first_bad_value_char(value) {
                value_malformed = true;
                problems.push(if c.is_ascii() {
                    format!("the value contains the control character U+{:04X}", c as u32)
                } else {
                    format!(
                        "the value contains '{c}' (U+{:04X}); values must be printable ASCII (percent-encode URIs)",
                        c as u32
                    )
                });
            }
            if after.is_empty() {
                value_malformed = true;
            }
            if !problems.is_empty() {
                self.push(
                    Code::MalformedLine,
                    Some(line),
                    Some(&field_label),
                    format!("{}: {}", field_label, problems.join("; ")),
                );
            }
            fields.push(Field {
                line,
                name,
                written_name: trimmed,
                value,
                value_malformed,
            });
        }
        fields
    }

    fn check_uri_field(&mut self, f: &Field<'_>) {
        if f.value_malformed {
            return;
        }
        let name = f.name.as_str();
        match uri::parse(f.value) {
            Err(why) => {
                let hint = if !f.value.contains(':') && f.value.contains('@') {
                    format!(" — write mailto:{}", f.value)
                } else if !f.value.contains(':') && f.value.starts_with("www.") {
                    format!(" — write https://{}", f.value)
                } else {
                    String::new()
                };
                self.push(
                    Code::InvalidUri,
                    Some(f.line),
                    Some(name),
                    format!(
                        "{name} value '{}' is not a URI: {why}{hint}",
                        shorten(f.value)
                    ),
                );
            }
            Ok(parts) => {
                let scheme = parts.scheme.to_ascii_lowercase();
                if scheme == "http" {
                    self.push(
                        Code::InsecureUri,
                        Some(f.line),
                        Some(name),
                        format!(
                            "{name} uses http: ('{}'); RFC 9116 requires https for web URIs",
                            shorten(f.value)
                        ),
                    );
                } else if scheme == "https" && parts.host.is_none_or(str::is_empty) {
                    self.push(
                        Code::InvalidUri,
                        Some(f.line),
                        Some(name),
                        format!(
                            "{name} value '{}' is an https URI without a host",
                            shorten(f.value)
                        ),
                    );
                } else if matches!(scheme.as_str(), "mailto" | "tel") && parts.path.is_empty() {
                    self.push(
                        Code::InvalidUri,
                        Some(f.line),
                        Some(name),
                        format!(
                            "{name} value '{}' has no address after '{}:'",
                            shorten(f.value),
                            parts.scheme
                        ),
                    );
                }
                if name == "CSAF" {
                    let path = parts.path;
                    if !path.ends_with("/provider-metadata.json") {
                        self.push(
                            Code::CsafNotProviderMetadata,
                            Some(f.line),
                            Some(name),
                            format!(
                                "CSAF should point to the provider's provider-metadata.json (CSAF 2.0 requirement 8), not '{}'",
                                shorten(f.value)
                            ),
                        );
                    }
                }
            }
        }
    }

    fn check_expires(&mut self, expires: &[&Field<'_>]) {
        let now = self.options.now;
        let year_ahead = now
            .to_zoned_datetime(TimeZone::UTC)
            .checked_add(1.year())
            .ok()
            .map(|z| z.timestamp());
        for (i, f) in expires.iter().enumerate() {
            if i > 0 {
                self.push(
                    Code::DuplicateExpires,
                    Some(f.line),
                    Some("Expires"),
                    format!(
                        "Expires appears again (first on line {}); RFC 9116 allows exactly one",
                        expires[0].line
                    ),
                );
            }
            if f.value_malformed {
                continue;
            }
            match syntax::parse_rfc3339(f.value) {
                Err(why) => self.push(
                    Code::InvalidExpires,
                    Some(f.line),
                    Some("Expires"),
                    format!("Expires '{}': {why}", shorten(f.value)),
                ),
                Ok(ts) if ts < now => self.push(
                    Code::ExpiresInPast,
                    Some(f.line),
                    Some("Expires"),
                    format!(
                        "Expires {ts} is before {now}: the file is stale and its contact information should not be relied on; publish a renewed file"
                    ),
                ),
                Ok(ts) => {
                    if let Some(limit) = year_ahead
                        && ts > limit
                    {
                        self.push(
                            Code::ExpiresTooFar,
                            Some(f.line),
                            Some("Expires"),
                            format!(
                                "Expires {ts} is more than a year after {now}; RFC 9116 recommends less than a year so the file is reviewed regularly"
                            ),
                        );
                    }
                }
            }
        }
    }

    fn check_languages(&mut self, langs: &[&Field<'_>]) {
        for (i, f) in langs.iter().enumerate() {
            if i > 0 {
                self.push(
                    Code::DuplicatePreferredLanguages,
                    Some(f.line),
                    Some("Preferred-Languages"),
                    format!(
                        "Preferred-Languages appears again (first on line {}); RFC 9116 allows it once",
                        langs[0].line
                    ),
                );
            }
            if f.value_malformed {
                continue;
            }
            let bad: Vec<&str> = f
                .value
                .split(',')
                .map(|t| t.trim_matches(syntax::is_wsp))
                .filter(|t| !syntax::is_language_tag(t))
                .collect();
            if !bad.is_empty() {
                let list = bad
                    .iter()
                    .map(|t| format!("'{}'", shorten(t)))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.push(
                    Code::InvalidLanguageTag,
                    Some(f.line),
                    Some("Preferred-Languages"),
                    format!(
                        "Preferred-Languages: {list} is not an RFC 5646 language tag (e.g. en, de-AT); separate tags with ','"
                    ),
                );
            }
        }
    }

    fn check_retrieval(&mut self, canonical: &[&Field<'_>]) {
        let Some(url) = self.options.retrieved_from.clone() else {
            return;
        };
        match uri::parse(&url) {
            Err(why) => {
                self.push(
                    Code::InvalidUri,
                    None,
                    Some("retrieved-from"),
                    format!("the retrieval URL '{}' is not a URI: {why}", shorten(&url)),
                );
                return;
            }
            Ok(parts) => {
                let scheme = parts.scheme.to_ascii_lowercase();
                if scheme != "https" {
                    self.push(
                        Code::InsecureRetrieval,
                        None,
                        Some("retrieved-from"),
                        format!(
                            "the file was retrieved over {scheme}: ('{}'); RFC 9116 requires https",
                            shorten(&url)
                        ),
                    );
                }
                if parts.path != "/.well-known/security.txt" {
                    self.push(
                        Code::NotWellKnownLocation,
                        None,
                        Some("retrieved-from"),
                        format!(
                            "the file was retrieved from path '{}', not /.well-known/security.txt (RFC 9116 §3; the top-level path only for legacy redirects)",
                            shorten(parts.path)
                        ),
                    );
                }
            }
        }
        if canonical.is_empty() {
            return;
        }
        let wanted = normalise_url(&url);
        if !canonical.iter().any(|c| normalise_url(c.value) == wanted) {
            let listed = canonical
                .iter()
                .map(|c| format!("'{}'", shorten(c.value)))
                .collect::<Vec<_>>()
                .join(", ");
            self.push(
                Code::CanonicalMismatch,
                Some(canonical[0].line),
                Some("Canonical"),
                format!(
                    "the file was retrieved from '{}', which no Canonical field lists ({listed}); RFC 9116 says its contents should then not be trusted",
                    shorten(&url)
                ),
            );
        }
    }
}

/// Lints the text of a security.txt file. Never panics; every finding is reported.
pub fn lint(text: &str, options: &LintOptions) -> LintReport {
    let mut linter = Linter {
        options,
        findings: Vec::new(),
    };
    let mut body_text = text;
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        linter.push(
            Code::ByteOrderMark,
            Some(1),
            None,
            "the file starts with a UTF-8 byte-order mark; remove it, some parsers reject the first line".to_string(),
        );
        body_text = rest;
    }
    let lines = syntax::split_lines(body_text);
    for l in &lines {
        let len = l.text.chars().count();
        if len > MAX_LINE_LENGTH {
            linter.push(
                Code::LineTooLong,
                Some(l.number),
                None,
                format!("the line has {len} characters; keep lines within {MAX_LINE_LENGTH}"),
            );
        }
    }
    if let Some(last) = lines.last()
        && !last.eol
    {
        linter.push(
            Code::MissingFinalNewline,
            Some(last.number),
            None,
            "the last line has no line ending; end it with a newline".to_string(),
        );
    }

    let (body, signed) = linter.unwrap_armor(&lines);
    let fields = linter.parse_fields(&body);

    let mut map: BTreeMap<String, Vec<FieldValue>> = BTreeMap::new();
    for f in &fields {
        map.entry(f.name.clone()).or_default().push(FieldValue {
            line: f.line,
            value: f.value.to_string(),
        });
    }

    let by_name =
        |name: &str| -> Vec<&Field<'_>> { fields.iter().filter(|f| f.name == name).collect() };

    for f in &fields {
        let name = f.name.as_str();
        if URI_FIELDS.contains(&name) {
            if name == "CSAF" {
                linter.push(
                    Code::CsafFieldPresent,
                    Some(f.line),
                    Some("CSAF"),
                    format!("CSAF advisories are published via '{}'", shorten(f.value)),
                );
            }
            linter.check_uri_field(f);
        } else if !KNOWN_FIELDS.contains(&name) {
            let suggestion = suggest(f.written_name)
                .map(|s| format!("; did you mean '{s}'?"))
                .unwrap_or_default();
            linter.push(
                Code::UnknownField,
                Some(f.line),
                Some(name),
                format!(
                    "'{}' is not a field of RFC 9116 or the IANA registry{suggestion}",
                    shorten(f.written_name)
                ),
            );
        }
    }
    linter.check_expires(&by_name("Expires"));
    linter.check_languages(&by_name("Preferred-Languages"));
    let canonical = by_name("Canonical");
    linter.check_retrieval(&canonical);

    if by_name("Contact").is_empty() {
        linter.push(
            Code::MissingContact,
            None,
            Some("Contact"),
            "no Contact field: RFC 9116 requires at least one, and the CRA a contact address for reporting vulnerabilities (Annex I Part II (6)) as the single point of contact (Annex II (2)); add e.g. 'Contact: mailto:psirt@example.com'".to_string(),
        );
    }
    if by_name("Expires").is_empty() {
        linter.push(
            Code::MissingExpires,
            None,
            Some("Expires"),
            "no Expires field: RFC 9116 requires exactly one, e.g. 'Expires: 2027-06-30T23:00:00Z' (less than a year ahead)".to_string(),
        );
    }
    if by_name("Policy").is_empty() {
        linter.push(
            Code::MissingPolicy,
            None,
            Some("Policy"),
            "no Policy field: link the coordinated vulnerability disclosure policy the CRA requires (Annex I Part II (5)) and whose location users must be told (Annex II (2))".to_string(),
        );
    }
    if by_name("Encryption").is_empty() {
        linter.push(
            Code::MissingEncryption,
            None,
            Some("Encryption"),
            "no Encryption field: reporters have no key to send confidential reports (secure channels, prEN 40000-1-3 PRE-5)".to_string(),
        );
    }
    if canonical.is_empty() {
        let why = if signed {
            "RFC 9116 recommends it, above all for signed files"
        } else {
            "RFC 9116 recommends it so readers can tell where the file is authoritative"
        };
        linter.push(
            Code::MissingCanonical,
            None,
            Some("Canonical"),
            format!(
                "no Canonical field: {why}; add e.g. 'Canonical: https://example.com/.well-known/security.txt'"
            ),
        );
    }

    let mut report = LintReport {
        path: None,
        signed,
        fields: map,
        findings: linter.findings,
        summary: Summary::default(),
    };
    report.finish();
    report
}

/// RFC spelling for a known field name (matched case-insensitively), lower case otherwise.
fn canonical_name(name: &str) -> String {
    KNOWN_FIELDS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(name))
        .map_or_else(|| name.to_ascii_lowercase(), |k| (*k).to_string())
}

/// The known field an unknown name is probably a typo of.
fn suggest(name: &str) -> Option<&'static str> {
    if name.len() > 40 {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    if lower == "acknowledgements" {
        return Some("Acknowledgments");
    }
    KNOWN_FIELDS
        .iter()
        .map(|k| (strsim::levenshtein(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Lower-cases the scheme and authority of a URL (case-insensitive parts), keeping the rest.
fn normalise_url(url: &str) -> String {
    let url = url.trim();
    match url.find("://") {
        Some(pos) => {
            let after = pos + 3;
            let end = url[after..]
                .find(['/', '?', '#'])
                .map_or(url.len(), |e| after + e);
            let mut s = url[..end].to_ascii_lowercase();
            let rest = &url[end..];
            if rest.is_empty() {
                s.push('/');
            }
            s.push_str(rest);
            s
        }
        None => url.to_string(),
    }
}

/// Cuts long values for messages (at a character boundary).
fn shorten(s: &str) -> String {
    const MAX: usize = 120;
    if s.chars().count() <= MAX {
        s.escape_debug().to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{}…", cut.escape_debug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "duplicate {s}");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{s}"
            );
            assert_eq!(
                serde_json::to_value(c).unwrap(),
                serde_json::Value::String(s.to_string())
            );
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("Acknowledgements"), Some("Acknowledgments"));
        assert_eq!(suggest("Contacts"), Some("Contact"));
        assert_eq!(suggest("Expiration"), None);
        assert_eq!(suggest("X-Bounty"), None);
    }

    #[test]
    fn url_normalisation() {
        assert_eq!(
            normalise_url("HTTPS://Example.COM/.well-known/security.txt"),
            "https://example.com/.well-known/security.txt"
        );
        assert_eq!(normalise_url("https://example.com"), "https://example.com/");
    }
}
