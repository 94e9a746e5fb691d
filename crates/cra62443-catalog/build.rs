//! Embeds every `data/catalog/*.yaml` file of the workspace in the library, so that the binary
//! carries its regulatory content and a new data file needs no code change.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let data = manifest.join("../../data/catalog");
    println!("cargo:rerun-if-changed={}", data.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&data)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", data.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut code = String::from(
        "/// The bundled catalogue files: (path relative to the workspace, content).\npub const BUNDLED_FILES: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file.file_name().unwrap().to_string_lossy();
        code.push_str(&format!(
            "    (\"data/catalog/{name}\", include_str!({:?})),\n",
            file.canonicalize().unwrap().display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    fs::write(out, code).expect("write bundled.rs");
}
