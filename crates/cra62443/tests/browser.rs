//! report.html renders in a real browser: headless Chromium takes a screenshot and dumps the
//! DOM. Skipped with a message where Chromium is not installed, required in CI (`.ci/run`
//! installs Debian's chromium).

mod common;

use common::cra62443;
use std::path::PathBuf;
use std::process::Command as Process;

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn browser(bin: &PathBuf, profile: &std::path::Path) -> Process {
    let mut cmd = Process::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

#[test]
fn report_html_renders_in_headless_chromium() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install chromium (.ci/run)"
        );
        eprintln!("skipping: no chromium (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    cra62443()
        .args(["demo", "--as-of", "2026-11-29", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let report = dir.path().join("managed-switch/report/report.html");
    let url = format!("file://{}", report.display());
    let shot = dir.path().join("report.png");
    let profile = dir.path().join("chromium-profile");
    let status = browser(&bin, &profile)
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,2400")
        .arg(&url)
        .status()
        .unwrap();
    assert!(status.success(), "chromium failed");
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    assert!(
        png.len() > 30_000,
        "the page rendered content ({} bytes)",
        png.len()
    );
    let dom = browser(&bin, &profile)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("id=\"cra-matrix\""),
        "the CRA matrix is in the rendered DOM"
    );
    assert!(dom.contains("<svg"), "the SL chart is in the rendered DOM");
    assert!(dom.contains("NW-Switch 3008"));
    if let Ok(keep) = std::env::var("CRA62443_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
