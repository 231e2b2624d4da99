//! Embeds the default corpus (`geodata/documents/*.txt`) and the map page
//! (`web/`) into the binary so the release binary runs from any directory.

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
    embed_web(&root);
    fingerprint_extractor();
}

/// Sets `MAPWIRE_EXTRACTOR_FINGERPRINT`: a hash over the sources and data
/// that decide what a document's extraction is (geoparser, gazetteer, event
/// rules, layer building). A store records the extractor version its rows
/// came from; a binary whose fingerprint differs re-extracts in the
/// background, so nobody has to remember to bump a number.
fn fingerprint_extractor() {
    let roots = [
        "src/events",
        "src/geoparse",
        "src/gazetteer",
        "src/ingest/extract.rs",
        "src/ingest/layers.rs",
        "src/ingest/geometry.rs",
        "geodata/gazetteer",
    ];
    let mut files = Vec::new();
    for root in roots {
        println!("cargo:rerun-if-changed={root}");
        let path = Path::new(root);
        if path.is_dir() {
            collect_all(path, &mut files);
        } else {
            files.push(path.to_path_buf());
        }
    }
    files.sort();
    // FNV-1a, 64 bits: stable across Rust versions, unlike DefaultHasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let bytes = fs::read(file).unwrap_or_default();
        for b in file.to_string_lossy().bytes().chain(bytes) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=MAPWIRE_EXTRACTOR_FINGERPRINT={hash:016x}");
}

fn collect_all(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            collect_all(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// Writes `web_assets.rs`: every file under `web/` as (path relative to
/// `web/`, bytes), sorted by path so the server can binary-search it.
fn embed_web(root: &str) {
    let dir = Path::new("web");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut out = String::from(
        "/// The map page's files: (path under `web/`, bytes), sorted by path.\n\
         pub static WEB_ASSETS: &[(&str, &[u8])] = &[\n",
    );
    for rel in &files {
        println!("cargo:rerun-if-changed=web/{rel}");
        out.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            format!("{root}/web/{rel}")
        ));
    }
    out.push_str("];\n");
    let target = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("web_assets.rs");
    fs::write(target, out).expect("cannot write web_assets.rs");
}

/// Paths (with `/` separators, relative to `web/`) of the files under `dir`.
fn collect(dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if let Ok(rel) = path.strip_prefix("web") {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(rel.join("/"));
        }
    }
}
