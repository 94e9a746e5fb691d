//! Embeds every YAML file under the workspace's `data/` directory (catalogue documents,
//! amendments, mapping sets, profiles …) in the library, so that the binary carries its
//! regulatory content and a new data file needs no code change.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(read) = fs::read_dir(dir) else { return };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "yaml") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let data = manifest
        .join("../../data")
        .canonicalize()
        .expect("the workspace has a data/ directory");
    let mut files = Vec::new();
    collect(&data, &mut files);
    files.sort();
    let mut code = String::from(
        "/// The bundled data files: (path relative to the workspace, content).\npub const BUNDLED_FILES: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(&data)
            .expect("inside data/")
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    (\"data/{relative}\", include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    fs::write(out, code).expect("write bundled.rs");
}
