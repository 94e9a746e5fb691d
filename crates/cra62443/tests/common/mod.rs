//! Helpers shared by the CLI integration tests.

#![allow(dead_code)] // each test binary uses its own subset

use assert_cmd::Command;
use serde_json::Value;

/// The built binary, isolated from the caller's data, overlay and profile directories so that
/// only the embedded data is read.
pub fn cra62443() -> Command {
    let mut cmd = Command::cargo_bin("cra62443").unwrap();
    cmd.env_remove("CRA62443_DATA_DIR")
        .env_remove("CRA62443_OVERLAY")
        .env_remove("CRA62443_PROFILE_DIR");
    cmd
}

/// Runs `args`, requires success and parses stdout as JSON.
pub fn json(args: &[&str]) -> Value {
    let output = cra62443().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}
