//! Errors of the readers. Every variant names the file (for archive members
//! `archive.tar.zst!/member.json`) and, where the parser knows it, the line and column.

use std::path::PathBuf;

/// Why an SBOM could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SbomError {
    /// The file or folder could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// JSON syntax error or a value of the wrong type.
    #[error("{file}:{line}:{column}: {message}")]
    Json {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// XML syntax error, a forbidden construct (DOCTYPE, entity) or a structural problem.
    #[error("{file}:{line}:{column}: {message}")]
    Xml {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// SPDX tag-value syntax error.
    #[error("{file}:{line}: {message}")]
    TagValue {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A size limit of [`crate::Limits`] was exceeded.
    #[error("{file}: {what} exceeds the limit of {limit} bytes")]
    TooLarge {
        /// File name.
        file: String,
        /// What was too large (input, decompressed data, archive member …).
        what: &'static str,
        /// The limit in force.
        limit: u64,
    },
    /// A structural limit of [`crate::Limits`] was exceeded at a known place.
    #[error("{file}:{line}:{column}: {message}")]
    LimitExceeded {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Which limit.
        message: String,
    },
    /// The content is not a supported SBOM format.
    #[error("{file}: {message}")]
    UnknownFormat {
        /// File name.
        file: String,
        /// What was found instead.
        message: String,
    },
    /// The document declares a specification version this crate does not read.
    #[error("{file}: unsupported {format} version {version:?} (supported: {supported})")]
    UnsupportedVersion {
        /// File name.
        file: String,
        /// Format family.
        format: &'static str,
        /// The version found.
        version: String,
        /// The versions that are read.
        supported: &'static str,
    },
    /// A problem with an archive or one of its members.
    #[error("{archive}{}: {message}", member.as_ref().map(|m| format!("!/{m}")).unwrap_or_default())]
    Archive {
        /// Archive file name.
        archive: String,
        /// The member concerned, if any.
        member: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// The document parses but is not a usable SBOM (e.g. required parts missing).
    #[error("{file}: {message}")]
    Invalid {
        /// File name.
        file: String,
        /// What is wrong.
        message: String,
    },
}

impl SbomError {
    /// The file (or `archive!/member`) the error is about.
    pub fn file(&self) -> String {
        match self {
            SbomError::Io { path, .. } => path.display().to_string(),
            SbomError::Json { file, .. }
            | SbomError::Xml { file, .. }
            | SbomError::TagValue { file, .. }
            | SbomError::TooLarge { file, .. }
            | SbomError::LimitExceeded { file, .. }
            | SbomError::UnknownFormat { file, .. }
            | SbomError::UnsupportedVersion { file, .. }
            | SbomError::Invalid { file, .. } => file.clone(),
            SbomError::Archive {
                archive, member, ..
            } => match member {
                Some(m) => format!("{archive}!/{m}"),
                None => archive.clone(),
            },
        }
    }

    /// A JSON error from serde_json, with its line and column.
    pub(crate) fn json(file: &str, error: &serde_json::Error) -> Self {
        let message = error.to_string();
        // serde_json appends " at line L column C"; keep the message without it.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        SbomError::Json {
            file: file.to_string(),
            line: error.line(),
            column: error.column(),
            message,
        }
    }

    pub(crate) fn invalid(file: &str, message: impl Into<String>) -> Self {
        SbomError::Invalid {
            file: file.to_string(),
            message: message.into(),
        }
    }
}
