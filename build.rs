//! Embeds the default corpus (`geodata/documents/*.txt`) into the binary so the
//! release binary runs from any directory.

// A build script reports failure by panicking.
#![allow(clippy::panic)]

use std::{env, fs, path::Path};

// A build script reports failure by panicking: that is its interface.
#[allow(clippy::panic)]
fn main() {
    let dir = Path::new("geodata/documents");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".txt"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let root = env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let mut out = String::from(
        "/// The built-in documents: (file name, text).\npub static BUILTIN: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        println!("cargo:rerun-if-changed={}/{name}", dir.display());
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            format!("{root}/geodata/documents/{name}")
        ));
    }
    out.push_str("];\n");
    let target = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("builtin_documents.rs");
    fs::write(target, out).expect("cannot write builtin_documents.rs");
}
