//! The assessment file (`assessment.yaml` next to the product file): verdicts and evidence.
//!
//! Human-editable YAML. The tool only ever adds to it: a changed verdict moves the previous one
//! into `history`, evidence is appended, and the file is written atomically.

use std::path::{Path, PathBuf};

use cra62443_catalog::{Catalog, Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The schema tag of assessment files.
pub const ASSESSMENT_SCHEMA: &str = "cra62443/assessment/v1";

/// A verdict on one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Met.
    #[serde(rename = "pass")]
    Pass,
    /// Not met.
    #[serde(rename = "fail")]
    Fail,
    /// Partly met.
    #[serde(rename = "partial")]
    Partial,
    /// Not applicable (the SoA must agree, or an override must justify it).
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl Verdict {
    /// The name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Partial => "partial",
            Self::NotApplicable => "n/a",
        }
    }

    /// Parses `pass|fail|partial|n/a`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pass" => Some(Self::Pass),
            "fail" => Some(Self::Fail),
            "partial" => Some(Self::Partial),
            "n/a" | "na" | "not-applicable" => Some(Self::NotApplicable),
            _ => None,
        }
    }
}

/// Whether a requirement is met by the component itself or by system integration (a
/// compensating countermeasure, CCSC 2 / TS 62443-6-2 ER-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetBy {
    /// The component.
    Component,
    /// Integration / compensating countermeasure.
    Integration,
}

/// A piece of evidence: a file and its SHA-256 when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRef {
    /// Path relative to the product file.
    pub file: String,
    /// SHA-256 (hex) when recorded.
    pub sha256: String,
    /// What it shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A previous verdict, kept when a new one is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PastVerdict {
    /// The verdict.
    pub verdict: Verdict,
    /// Its note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// The record for one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Requirement or CRA item (global ID).
    pub requirement: String,
    /// The verdict; absent while only evidence has been collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// Met by the component or by integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_by: Option<MetBy>,
    /// Achieved maturity level (62443-4-1 requirements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity: Option<u8>,
    /// Assessor's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// When (ISO date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
    /// Earlier verdicts, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<PastVerdict>,
}

/// The whole assessment file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFile {
    /// Schema tag.
    pub schema: String,
    /// Records in file order.
    #[serde(default)]
    pub records: Vec<Record>,
}

/// The state of a record's evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum EvidenceState {
    /// Every file exists with its recorded hash.
    Current,
    /// A verdict with no evidence.
    Unsupported,
    /// A file is missing or changed since the verdict.
    Stale {
        /// What changed.
        problems: Vec<String>,
    },
}

/// SHA-256 of a file, hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// The path of the assessment file for a product file.
pub fn assessment_path(product_path: &Path) -> PathBuf {
    product_path.with_file_name("assessment.yaml")
}

impl AssessmentFile {
    /// Reads the assessment file; a missing file is an empty assessment.
    pub fn load(path: &Path, catalog: &Catalog) -> Result<Self, Diagnostics> {
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    schema: ASSESSMENT_SCHEMA.into(),
                    records: Vec::new(),
                });
            }
            Err(e) => {
                return Err(Diagnostics(vec![Diagnostic::file(
                    &name,
                    format!("cannot read assessment file: {e}"),
                )]));
            }
        };
        Self::parse(&name, &text, catalog)
    }

    /// Parses assessment text and checks every requirement ID.
    pub fn parse(name: &str, text: &str, catalog: &Catalog) -> Result<Self, Diagnostics> {
        #[derive(Deserialize)]
        struct Spanned {
            records: Option<Vec<SpannedRecord>>,
        }
        #[derive(Deserialize)]
        struct SpannedRecord {
            requirement: serde_saphyr::Spanned<String>,
        }
        let file: Self = serde_saphyr::from_str(text).map_err(|error| {
            let (line, column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
            Diagnostics(vec![Diagnostic::at(
                name,
                text,
                line,
                column,
                None,
                format!(
                    "not a valid assessment file (records of requirement, verdict pass|fail|partial|n/a, met_by, evidence …): {}",
                    error.to_string().lines().next().unwrap_or_default().trim()
                ),
            )])
        })?;
        let mut diagnostics = Vec::new();
        if file.schema != ASSESSMENT_SCHEMA {
            diagnostics.push(Diagnostic::file(
                name,
                format!(
                    "`schema` must be `{ASSESSMENT_SCHEMA}`, found `{}`",
                    file.schema
                ),
            ));
        }
        let spans: Vec<SpannedRecord> = serde_saphyr::from_str::<Spanned>(text)
            .ok()
            .and_then(|s| s.records)
            .unwrap_or_default();
        for (i, r) in file.records.iter().enumerate() {
            let (line, column) = spans
                .get(i)
                .map(|s| {
                    (
                        s.requirement.referenced.line(),
                        s.requirement.referenced.column(),
                    )
                })
                .unwrap_or((0, 0));
            if catalog.get(&r.requirement).is_none() {
                let hint = match catalog.resolve(&r.requirement) {
                    Ok(e) => format!("; did you mean `{}`?", e.id),
                    Err(e) => format!("; {e}"),
                };
                diagnostics.push(Diagnostic::at(
                    name,
                    text,
                    line,
                    column,
                    Some(format!("records[{i}].requirement")),
                    format!("unknown requirement ID `{}`{hint}", r.requirement),
                ));
            }
            if let Some(m) = r.maturity
                && !(1..=4).contains(&m)
            {
                diagnostics.push(Diagnostic::at(
                    name,
                    text,
                    line,
                    column,
                    Some(format!("records[{i}].maturity")),
                    format!("expected a maturity level 1-4, found {m}"),
                ));
            }
            if let Some(d) = &r.date
                && d.parse::<jiff::civil::Date>().is_err()
            {
                diagnostics.push(Diagnostic::at(
                    name,
                    text,
                    line,
                    column,
                    Some(format!("records[{i}].date")),
                    format!("expected an ISO date YYYY-MM-DD, found `{d}`"),
                ));
            }
            if file.records[..i]
                .iter()
                .any(|other| other.requirement == r.requirement)
            {
                diagnostics.push(Diagnostic::at(
                    name,
                    text,
                    line,
                    column,
                    Some(format!("records[{i}].requirement")),
                    format!(
                        "a second record for `{}`; keep one record per requirement",
                        r.requirement
                    ),
                ));
            }
        }
        if diagnostics.is_empty() {
            Ok(file)
        } else {
            Err(Diagnostics(diagnostics))
        }
    }

    /// The record for a requirement.
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.requirement == id)
    }

    fn record_mut(&mut self, id: &str) -> &mut Record {
        if let Some(i) = self.records.iter().position(|r| r.requirement == id) {
            &mut self.records[i]
        } else {
            self.records.push(Record {
                requirement: id.to_string(),
                verdict: None,
                met_by: None,
                maturity: None,
                note: None,
                assessor: None,
                date: None,
                evidence: Vec::new(),
                history: Vec::new(),
            });
            self.records.last_mut().expect("just pushed")
        }
    }

    /// Records evidence files for a requirement (hashing them now). A file already recorded
    /// with the same hash is not added twice; with a new hash it is added again (the old entry
    /// stays, so a changed file shows as such).
    pub fn add_evidence(
        &mut self,
        id: &str,
        base: &Path,
        files: &[PathBuf],
        description: Option<&str>,
    ) -> Result<Vec<EvidenceRef>, String> {
        let mut added = Vec::new();
        for f in files {
            let absolute = if f.is_absolute() {
                f.clone()
            } else {
                std::env::current_dir().map_err(|e| e.to_string())?.join(f)
            };
            let sha = sha256_file(&absolute)
                .map_err(|e| format!("cannot read evidence file {}: {e}", f.display()))?;
            let relative = relative_to(&absolute, base);
            let record = self.record_mut(id);
            if record
                .evidence
                .iter()
                .any(|e| e.file == relative && e.sha256 == sha)
            {
                continue;
            }
            let r = EvidenceRef {
                file: relative,
                sha256: sha,
                description: description.map(str::to_string),
            };
            record.evidence.push(r.clone());
            added.push(r);
        }
        Ok(added)
    }

    /// Records a verdict; an earlier verdict moves to `history`.
    #[allow(clippy::too_many_arguments)]
    pub fn set_verdict(
        &mut self,
        id: &str,
        verdict: Verdict,
        met_by: Option<MetBy>,
        maturity: Option<u8>,
        note: Option<String>,
        assessor: Option<String>,
        date: String,
    ) {
        let record = self.record_mut(id);
        if let Some(old) = record.verdict {
            record.history.push(PastVerdict {
                verdict: old,
                note: record.note.take(),
                assessor: record.assessor.take(),
                date: record.date.take(),
            });
        }
        record.verdict = Some(verdict);
        if met_by.is_some() {
            record.met_by = met_by;
        }
        if maturity.is_some() {
            record.maturity = maturity;
        }
        record.note = note;
        record.assessor = assessor;
        record.date = Some(date);
    }

    /// Writes the file atomically, so an interrupted `verdict` or `evidence add` cannot lose the
    /// records already there.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let body = serde_saphyr::to_string(self).map_err(|e| e.to_string())?;
        let text = format!(
            "# Assessment records for the product file next to this one (cra62443).\n# Edit freely; `cra62443 verdict` and `cra62443 evidence add` only ever add to it.\n{body}"
        );
        cra62443_fsutil::write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())
    }

    /// The state of a record's evidence, checked against the files now.
    pub fn evidence_state(record: &Record, base: &Path) -> EvidenceState {
        if record.evidence.is_empty() {
            return EvidenceState::Unsupported;
        }
        let mut problems = Vec::new();
        // The newest entry per file counts.
        let mut latest: Vec<&EvidenceRef> = Vec::new();
        for e in &record.evidence {
            latest.retain(|x| x.file != e.file);
            latest.push(e);
        }
        for e in latest {
            match sha256_file(&base.join(&e.file)) {
                Ok(now) if now == e.sha256 => {}
                Ok(_) => problems.push(format!("{} changed since it was recorded", e.file)),
                Err(_) => problems.push(format!("{} is missing", e.file)),
            }
        }
        if problems.is_empty() {
            EvidenceState::Current
        } else {
            EvidenceState::Stale { problems }
        }
    }
}

fn relative_to(path: &Path, base: &Path) -> String {
    let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    match path.strip_prefix(&base) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}
