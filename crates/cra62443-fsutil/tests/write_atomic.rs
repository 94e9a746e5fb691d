//! Behaviour of `write_atomic` / `write_atomic_with` that callers rely on: all-or-nothing
//! replacement, file modes users can live with, and no debris after a failure.

use std::ffi::OsString;
use std::io;
use std::path::Path;

use cra62443_fsutil::{WriteError, into_cause, write_atomic, write_atomic_with};

/// Names of the entries in `dir`, sorted: shows leftover temporary files.
fn entries(dir: &Path) -> Vec<OsString> {
    let mut names: Vec<OsString> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    names
}

#[test]
fn replaces_the_content_and_leaves_only_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    std::fs::write(&target, "old content that is longer than the new one").unwrap();

    write_atomic(&target, b"new").unwrap();

    assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    assert_eq!(entries(dir.path()), ["report.json"]);
}

#[test]
fn creates_a_missing_file_and_streams_through_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("list.txt");

    write_atomic_with(&target, |w| {
        for i in 0..10_000 {
            writeln!(w, "line {i}")?;
        }
        Ok(())
    })
    .unwrap();

    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(text.lines().count(), 10_000);
    assert!(text.ends_with("line 9999\n"));
    assert_eq!(entries(dir.path()), ["list.txt"]);
}

#[test]
fn a_failing_writer_leaves_the_old_content_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("sbom.cdx.json");
    std::fs::write(&target, "old").unwrap();

    let err = write_atomic_with(&target, |w| {
        w.write_all(b"half of the new ")?;
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "serializer gave up",
        ))
    })
    .unwrap_err();

    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    assert_eq!(entries(dir.path()), ["sbom.cdx.json"]);
    // The error keeps the cause's kind, names the file, and unwraps to the cause.
    assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    assert_eq!(
        err.to_string(),
        format!("cannot write {}: serializer gave up", target.display())
    );
    let details = WriteError::of(&err).expect("a WriteError inside");
    assert_eq!(details.path(), target);
    assert_eq!(details.temp_dir(), None);
    assert_eq!(into_cause(err).to_string(), "serializer gave up");
}

#[test]
fn a_missing_directory_is_reported_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let target = missing.join("out.json");

    let err = write_atomic(&target, b"data").unwrap_err();

    assert_eq!(err.kind(), io::ErrorKind::NotFound);
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("cannot write {}: ", target.display())),
        "{message}"
    );
    let details = WriteError::of(&err).expect("a WriteError inside");
    assert_eq!(details.temp_dir(), Some(missing.as_path()));
    assert_eq!(details.cause().kind(), io::ErrorKind::NotFound);
    assert!(
        entries(dir.path()).is_empty(),
        "neither the directory nor a temporary file is created"
    );
}

#[test]
fn a_failed_rename_removes_the_temporary_file() {
    // A non-empty directory cannot be replaced by a file: the rename is the step that fails.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("taken");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep"), "kept").unwrap();

    let err = write_atomic(&target, b"data").unwrap_err();

    assert!(WriteError::of(&err).is_some());
    assert_eq!(entries(dir.path()), ["taken"]);
    assert_eq!(
        std::fs::read_to_string(target.join("keep")).unwrap(),
        "kept"
    );
}

#[test]
fn other_errors_pass_through_into_cause_unchanged() {
    let err = io::Error::new(io::ErrorKind::PermissionDenied, "not ours");
    let back = into_cause(err);
    assert_eq!(back.kind(), io::ErrorKind::PermissionDenied);
    assert_eq!(back.to_string(), "not ours");
    assert!(WriteError::of(&back).is_none());
}

#[cfg(unix)]
mod unix {
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    use super::{entries, write_atomic};

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    fn set_mode(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn keeps_the_mode_of_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        for wanted in [0o640, 0o600, 0o664, 0o755] {
            let target = dir.path().join(format!("file-{wanted:o}"));
            std::fs::write(&target, "old").unwrap();
            set_mode(&target, wanted);

            write_atomic(&target, b"new").unwrap();

            assert_eq!(mode(&target), wanted, "{}", target.display());
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        }
    }

    #[test]
    fn a_new_file_gets_0644_minus_the_umask_not_0600() {
        let dir = tempfile::tempdir().unwrap();
        // A file made the ordinary way (0666 minus the umask) reveals the umask without libc.
        let probe = dir.path().join("probe");
        std::fs::File::create(&probe).unwrap();
        let expected = 0o644 & mode(&probe);
        std::fs::remove_file(&probe).unwrap();

        let target = dir.path().join("new.json");
        write_atomic(&target, b"{}").unwrap();

        assert_eq!(mode(&target), expected, "mode {:o}", mode(&target));
        if expected & 0o040 != 0 {
            assert_ne!(
                mode(&target),
                0o600,
                "not the private mode of a temporary file"
            );
        }
        assert_eq!(entries(dir.path()), ["new.json"]);
    }

    #[test]
    fn replacing_a_symlink_keeps_the_file_it_pointed_to() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::write(&real, "real").unwrap();
        set_mode(&real, 0o640);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();

        write_atomic(&link, b"new").unwrap();

        assert_eq!(std::fs::read_to_string(&real).unwrap(), "real");
        assert!(!std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "new");
        assert_eq!(mode(&link), 0o640);
    }
}
