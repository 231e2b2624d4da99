//! Real GIS and API clients against the binary serving the built-in data:
//! schemathesis (the OpenAPI document against the server), headless QGIS
//! (every collection, every event attribute, the vector tiles, a rendered
//! map kept in `target/artifacts/`), and GDAL's MVT and OGC API drivers.
//! A missing tool fails the test under `CI` and skips it otherwise.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::path::{Path, PathBuf};
use std::process::Command;

use binary::{Server, http, require, run_client as run};

/// The write token of the test servers (schemathesis sends it, so the
/// write routes are tested for real, into the server's temporary store).
const TOKEN: &str = "schemathesis-token-0123456789";

fn builtin() -> Server {
    Server::start(
        &["serve", "--bind", "127.0.0.1:0"],
        &[("MAPWIRE_NO_BUILTIN", "false"), ("MAPWIRE_TOKEN", TOKEN)],
    )
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn artifacts() -> PathBuf {
    let dir = repo("target/artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn schemathesis_finds_no_difference_between_the_openapi_document_and_the_server() {
    if !require("st", &["--version"]) {
        return;
    }
    let server = builtin();
    // A fixed seed and a bounded number of examples: the same requests on
    // every run, in well under a minute. One worker: with two, Hypothesis
    // builds ASTs on two threads and CPython 3.11 before 3.11.8 can raise a
    // spurious "AST constructor recursion depth mismatch" (cpython#106905),
    // a client-side error that says nothing about the server.
    let report = artifacts().join("schemathesis");
    let text = run(Command::new("st")
        .arg("--config-file")
        .arg(repo("tests/clients/schemathesis.toml"))
        .arg("--no-color")
        .args(["run", &format!("{}/api", server.url())])
        .args(["--header", &format!("Authorization: Bearer {TOKEN}")])
        .args(["--seed", "14", "--max-examples", "30", "--workers", "1"])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--report", "junit", "--report-dir"])
        .arg(&report)
        .env("SCHEMATHESIS_HOOKS", ""));
    assert!(
        text.contains("passed") && !text.contains("failure"),
        "{text}"
    );
    let summary = text
        .lines()
        .rev()
        .find(|l| l.contains("generated"))
        .unwrap_or("");
    eprintln!("schemathesis: {}", summary.trim());
}

#[test]
fn qgis_reads_every_collection_attribute_and_tile() {
    if !require("/usr/bin/python3", &["-c", "import qgis.core, osgeo.gdal"]) {
        return;
    }
    let server = builtin();
    // Qt wants a private runtime directory.
    let runtime = tempfile::tempdir().unwrap();
    let text = run(Command::new("/usr/bin/python3")
        .arg(repo("tests/clients/qgis_layers.py"))
        .arg(server.url())
        .arg(artifacts())
        .env("QT_QPA_PLATFORM", "offscreen")
        .env("XDG_RUNTIME_DIR", runtime.path()));
    assert!(text.lines().any(|l| l == "passed"), "{text}");
    for line in text
        .lines()
        .filter(|l| l.starts_with("ok") || l.starts_with("QGIS"))
    {
        eprintln!("{line}");
    }
    assert!(artifacts().join("qgis-map.png").exists());
}

#[test]
fn gdal_opens_the_tileset_from_its_url_and_reads_a_layer_from_head_sized_files() {
    if !require("ogrinfo", &["--version"]) {
        return;
    }
    let server = builtin();
    // The MVT driver reads {url}/metadata.json, then {z}/{x}/{y}.pbf.
    let text = run(Command::new("ogrinfo").args([
        "-ro",
        "-al",
        "-so",
        &format!("MVT:{}/tiles/events/0", server.url()),
    ]));
    assert!(text.contains("Layer name: events"), "{text}");
    assert!(text.contains("event_type: String"), "{text}");
    let count: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    assert!(count > 0, "{text}");
    // /vsicurl/ asks HEAD for the size before it reads.
    let head = http(&server.addr, "HEAD", "/layers/events.geojson", &[]);
    assert!(head.head.contains("content-length: "), "{}", head.head);
    let text = run(Command::new("ogrinfo").args([
        "-ro",
        "-so",
        &format!("/vsicurl/{}/layers/events.geojson", server.url()),
        "events",
    ]));
    let expected = format!("Feature Count: {}", {
        let doc: serde_json::Value =
            serde_json::from_str(&server.get("/layers/events.geojson").body).unwrap();
        doc["features"].as_array().unwrap().len()
    });
    assert!(text.contains(&expected), "{text}");
}
