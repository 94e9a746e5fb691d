//! Parse throughput and peak memory (not run in CI).
//!
//! ```sh
//! cargo bench -p cra62443-sbom --bench parse
//! ```
//!
//! Measures a generated CycloneDX 1.6 SBOM of 100,000 components (read from a file, which is
//! parsed as it is read, then parsed from memory, quality check, conversion back to CycloneDX 1.6), the Yocto SPDX 3 and SPDX 2 examples of tests/data and,
//! when the project's shared data is beside the repository (or `CRA62443_SHARED_DATA` points at
//! it), the 3.8 MB Yocto CycloneDX VEX file. Prints MB/s, components/s and the process's peak
//! resident memory (VmHWM from /proc/self/status, Linux only).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cra62443_sbom::{Sbom, TrVersion, check, parse_bytes, read_path, to_cyclonedx_1_6_string};

const COMPONENTS: usize = 100_000;
const ROUNDS: usize = 3;

/// A CycloneDX 1.6 document with `n` components, each with the fields a good SBOM has.
fn generate(n: usize) -> String {
    let mut s = String::with_capacity(n * 1200);
    s.push_str(
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:8f8b0a5e-1b9e-4c59-9b2a-2f8f2f7d0a11","version":1,
"metadata":{"timestamp":"2025-09-01T10:00:00Z","tools":{"components":[{"type":"application","name":"bench"}]},
"authors":[{"name":"Bench","email":"bench@example.org"}],
"component":{"type":"firmware","bom-ref":"root","name":"big-product","version":"1.0"}},
"components":["#,
    );
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let hex64 = format!("{:064x}", i as u128 * 0x9e37_79b9_7f4a_7c15);
        let _ = write!(
            s,
            r#"{{"type":"library","bom-ref":"c{i}","supplier":{{"name":"Supplier {m}","url":["https://s{m}.example"]}},
"name":"component-{i}","version":"{a}.{b}.{c}",
"hashes":[{{"alg":"SHA-256","content":"{hex64}"}},{{"alg":"SHA-512","content":"{hex64}{hex64}"}}],
"licenses":[{{"license":{{"id":"Apache-2.0","acknowledgement":"concluded"}}}}],
"cpe":"cpe:2.3:a:vendor{m}:component-{i}:{a}.{b}.{c}:*:*:*:*:*:*:*","purl":"pkg:generic/component-{i}@{a}.{b}.{c}",
"externalReferences":[{{"type":"distribution","url":"https://dl.example/c{i}.tar.gz"}}],
"properties":[{{"name":"bsi:component:filename","value":"c{i}.so"}},{{"name":"bsi:component:executable","value":"non-executable"}}]}}"#,
            m = i % 97,
            a = i % 7,
            b = i % 13,
            c = i % 101,
        );
    }
    s.push_str(r#"],"dependencies":[{"ref":"root","dependsOn":["c0","c1","c2"]}"#);
    for i in 0..n {
        let _ = write!(
            s,
            r#",{{"ref":"c{i}","dependsOn":["c{}","c{}"]}}"#,
            (i + 1) % n,
            (i + 7) % n
        );
    }
    s.push_str(r#"],"compositions":[{"aggregate":"incomplete"}]}"#);
    s
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "n/a".into())
}

fn peak_kib() -> u64 {
    peak_memory()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap_or(0)
}

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..ROUNDS {
        drop(out.take());
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        out = Some(v);
    }
    (best, out.expect("ROUNDS > 0"))
}

fn report(label: &str, bytes: usize, elapsed: Duration, components: usize) {
    let secs = elapsed.as_secs_f64();
    println!(
        "{label:<44} {:>8.1} MB {:>9.1} ms {:>8.1} MB/s {:>12.0} components/s",
        bytes as f64 / 1e6,
        secs * 1e3,
        bytes as f64 / 1e6 / secs,
        components as f64 / secs,
    );
}

fn parse_file(label: &str, path: &Path) -> Option<Sbom> {
    let bytes = std::fs::read(path).ok()?;
    let name = path.display().to_string();
    let (t, sbom) = best(|| parse_bytes(&name, &bytes).expect("parses"));
    report(label, bytes.len(), t, sbom.components.len());
    Some(sbom)
}

fn shared_data() -> PathBuf {
    std::env::var_os("CRA62443_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

fn main() {
    // `cargo test --benches` runs bench binaries with `--bench` absent; keep that cheap.
    let quick = !std::env::args().any(|a| a == "--bench");
    let n = if quick { 1_000 } else { COMPONENTS };
    println!("peak memory before: {}", peak_memory());

    // From a file first, while the process's peak is still low: the text is not held.
    let file = tempfile::NamedTempFile::new().expect("temporary file");
    let len = {
        let doc = generate(n);
        std::fs::write(file.path(), &doc).expect("written");
        doc.len()
    };
    let before = peak_kib();
    let (t, sbom) = best(|| read_path(file.path()).expect("parses"));
    assert_eq!(sbom.components.len(), n + 1);
    let after = peak_kib();
    report(
        &format!("CycloneDX 1.6, {n} components: read_path"),
        len,
        t,
        sbom.components.len(),
    );
    println!(
        "peak memory after reading the file: {} kB ({:.2}x the file; {} kB before)",
        after,
        after as f64 * 1024.0 / len as f64,
        before
    );
    drop((sbom, file));

    let doc = generate(n);
    let (t, sbom) = best(|| parse_bytes("generated.cdx.json", doc.as_bytes()).expect("parses"));
    assert_eq!(sbom.components.len(), n + 1);
    let after = peak_kib();
    println!(
        "peak memory after parsing it in memory: {} kB ({:.2}x the text, which is counted)",
        after,
        after as f64 * 1024.0 / doc.len() as f64
    );
    report(
        &format!("CycloneDX 1.6, {n} components: read"),
        doc.len(),
        t,
        sbom.components.len(),
    );
    let (t, r) = best(|| check(&sbom, TrVersion::V2_1));
    report(
        "  quality check (TR 2.1)",
        doc.len(),
        t,
        r.summary.components_checked,
    );
    let (t, out) = best(|| to_cyclonedx_1_6_string(&sbom));
    report(
        "  convert to CycloneDX 1.6",
        out.len(),
        t,
        sbom.components.len(),
    );
    drop((doc, out, sbom));

    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    parse_file(
        "Yocto SPDX 3.0.1 rootfs (1.6 MB)",
        &tests.join("yocto-spdx3-core-image-minimal.spdx.json"),
    );
    parse_file(
        "Yocto SPDX 2.2 set, 155 docs (.tar.zst)",
        &tests.join("yocto-spdx2.tar.zst"),
    );
    let vex = shared_data().join("sbom/yocto-cdx14-vex.json");
    match parse_file("Yocto CycloneDX 1.4 VEX (3.8 MB)", &vex) {
        Some(s) => println!("  ({} vulnerability entries)", s.vulnerabilities),
        None => println!("{} not found: skipped", vex.display()),
    }
    println!("peak memory (VmHWM): {}", peak_memory());
}
