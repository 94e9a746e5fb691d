//! Errors.

use std::path::PathBuf;

/// An error of the vulnerability database or an import.
#[derive(Debug, thiserror::Error)]
pub enum VulnError {
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The database file is damaged or not a cra62443 vulnerability database.
    #[error(
        "{path}: the vulnerability database is damaged or not a cra62443-vuln database ({detail}); \
         delete the file and rebuild it with `cra62443 vulndb import --db {path} <sources…>`"
    )]
    Corrupt {
        /// The database path.
        path: PathBuf,
        /// What SQLite or the schema check said.
        detail: String,
    },
    /// The database file does not exist (scanning needs an imported database).
    #[error(
        "{path}: no vulnerability database; create it with `cra62443 vulndb import --db {path} <sources…>`"
    )]
    Missing {
        /// The database path.
        path: PathBuf,
    },
    /// Another SQLite error.
    #[error("vulnerability database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// An import source could not be read as a whole (a damaged zip, a size limit).
    #[error("{path}: {detail}")]
    Source {
        /// The source path.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
}
