//! File system helpers shared by the cra62443 crates.
//!
//! The project rule is that no command ever leaves a half-written output file behind: a report,
//! SBOM, VEX document or assessment record is either the complete new version or the old one.
//! Every crate used to carry its own copy of "temporary file, then rename", and the copies
//! drifted apart (some left new files readable only by their owner, one leaked its temporary
//! file on error). This crate is the single implementation they all call.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::fmt;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Replaces the file at `path` with `bytes` so that readers (and a crash or a full disk) only
/// ever see the complete old or the complete new content, never a truncated mix.
///
/// The content goes to a temporary file in the target's own directory (a rename is only atomic
/// within one file system), is synced to disk, and is then renamed over `path`. On Unix the
/// result keeps the permissions of the file it replaces, so a group-readable report stays
/// group-readable; a new file gets `0644` minus the process umask, like one made by `cp` or a
/// shell redirect, rather than the private `0600` of a bare temporary file. A symbolic link at
/// `path` is replaced by a regular file (with the permissions of the file it pointed to); the
/// file it pointed to is not changed.
///
/// On error the temporary file is removed, the target is left as it was, and the returned
/// [`io::Error`] keeps the kind of its cause and names `path` (see [`WriteError`]; callers
/// whose own error already names the path can take the bare cause with [`into_cause`]).
///
/// ```
/// # fn main() -> std::io::Result<()> {
/// let dir = tempfile::tempdir()?;
/// let report = dir.path().join("report.md");
/// cra62443_fsutil::write_atomic(&report, b"# Report\n")?;
/// assert_eq!(std::fs::read_to_string(&report)?, "# Report\n");
/// # Ok(())
/// # }
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], for output that is produced by streaming into a writer (a serializer)
/// rather than held in memory as one buffer.
///
/// The writer handed to `write` is buffered. If `write` returns an error, nothing is renamed:
/// the temporary file is removed, the target keeps its old content, and the error is returned
/// (wrapped as described for [`write_atomic`]).
///
/// ```
/// # fn main() -> std::io::Result<()> {
/// use std::io::Write as _;
/// let dir = tempfile::tempdir()?;
/// let out = dir.path().join("list.txt");
/// cra62443_fsutil::write_atomic_with(&out, |w| {
///     for n in 1..=3 {
///         writeln!(w, "{n}")?;
///     }
///     Ok(())
/// })?;
/// assert_eq!(std::fs::read_to_string(&out)?, "1\n2\n3\n");
/// # Ok(())
/// # }
/// ```
pub fn write_atomic_with<F>(path: &Path, write: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |cause: io::Error| {
        WriteError {
            path: path.to_path_buf(),
            temp_dir: None,
            cause,
        }
        .into_io()
    };
    let mut tmp = temp_builder().tempfile_in(dir).map_err(|cause| {
        WriteError {
            path: path.to_path_buf(),
            temp_dir: Some(dir.to_path_buf()),
            cause,
        }
        .into_io()
    })?;
    // From here on, every early return drops `tmp`, which deletes the temporary file.
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        write(&mut w).map_err(fail)?;
        w.flush().map_err(fail)?;
    }
    keep_permissions(path, tmp.as_file()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    sync_dir(dir);
    Ok(())
}

/// A temporary-file builder whose files start out with the mode a new output file should have.
fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    // `.tmp…` keeps the name hidden and recognisable as debris should the process be killed.
    builder.prefix(".tmp").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Passed to open(2), so the kernel applies the process umask, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder
}

/// Gives the temporary file the permissions of the file it will replace, if there is one.
#[cfg(unix)]
fn keep_permissions(target: &Path, tmp: &std::fs::File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(target) {
        Ok(meta) => tmp.set_permissions(std::fs::Permissions::from_mode(
            meta.permissions().mode() & 0o7777,
        )),
        // No target (or none we may look at): keep the new-file mode from `temp_builder`.
        Err(_) => Ok(()),
    }
}

/// Elsewhere the temporary file already has the platform's usual permissions.
#[cfg(not(unix))]
fn keep_permissions(_target: &Path, _tmp: &std::fs::File) -> io::Result<()> {
    Ok(())
}

/// Makes the rename itself durable. Best effort: the target has already been replaced, so a
/// failure here must not turn a completed write into a reported error.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Why [`write_atomic`] or [`write_atomic_with`] failed; carried inside the returned
/// [`io::Error`] so that the functions keep the plain `io::Result` signature callers already
/// handle, while the message still says which file could not be written.
///
/// Its `Display` is `cannot write <path>: <cause>`, or, when no temporary file could be made,
/// `cannot write <path>: cannot create a temporary file in <dir>: <cause>`.
#[derive(Debug)]
pub struct WriteError {
    path: PathBuf,
    temp_dir: Option<PathBuf>,
    cause: io::Error,
}

impl WriteError {
    /// Finds the details in an error from this crate, for callers that word their own message.
    /// `None` for any other `io::Error`.
    pub fn of(err: &io::Error) -> Option<&WriteError> {
        err.get_ref()?.downcast_ref::<WriteError>()
    }

    /// The file that was to be written, so a caller's message can name it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The directory in which no temporary file could be created, if that is where it failed:
    /// then the fix is in the directory (missing, not writable), not in the content.
    pub fn temp_dir(&self) -> Option<&Path> {
        self.temp_dir.as_deref()
    }

    /// The underlying failure (the operating system's, or the one returned by the writer
    /// closure), for callers that add the path themselves.
    pub fn cause(&self) -> &io::Error {
        &self.cause
    }

    fn into_io(self) -> io::Error {
        io::Error::new(self.cause.kind(), self)
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: ", self.path.display())?;
        if let Some(dir) = &self.temp_dir {
            write!(f, "cannot create a temporary file in {}: ", dir.display())?;
        }
        write!(f, "{}", self.cause)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.cause)
    }
}

/// Unwraps an error from [`write_atomic`] or [`write_atomic_with`] to its bare cause, so that a
/// caller whose error type already names the path does not print it twice. Any other error is
/// returned unchanged.
pub fn into_cause(err: io::Error) -> io::Error {
    if WriteError::of(&err).is_none() {
        return err;
    }
    let inner = err
        .into_inner()
        .expect("`of` has just found a WriteError inside");
    let write_error = inner
        .downcast::<WriteError>()
        .expect("`of` has just found a WriteError inside");
    write_error.cause
}
