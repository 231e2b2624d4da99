//! What `--data` loads and refuses, and how the server answers for layers
//! too large to send in one response: through the real binary.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::path::Path;

use binary::{Server, http};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn point(id: &str, lon: f64) -> String {
    format!(
        r#"{{"type":"Feature","id":{id},"geometry":{{"type":"Point","coordinates":[{lon},10]}},"properties":{{"kind":"x"}}}}"#
    )
}

fn collection(features: &[String]) -> String {
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}",
        features.join(",\n")
    )
}

fn serve(dir: &Path) -> Server {
    Server::start(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--data",
            dir.to_str().unwrap(),
        ],
        &[],
    )
}

fn ids(server: &Server) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(&server.get("/collections").body).unwrap();
    doc["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn broken_files_are_refused_with_file_line_column_and_odd_files_skipped() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "good.geojson",
        &collection(&[point("1", 1.0), point("2", 2.0)]),
    );
    write(
        d,
        "twice.geojson",
        &collection(&[
            point("\"a\"", 1.0),
            point("\"b\"", 2.0),
            point("\"a\"", 3.0),
        ]),
    );
    let open_ring = r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]},"properties":{}}"#;
    write(
        d,
        "open_ring.geojson",
        &collection(&[open_ring.to_string()]),
    );
    let short_ring = r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]},"properties":{}}"#;
    write(
        d,
        "short_ring.geojson",
        &collection(&[short_ring.to_string()]),
    );
    let four =
        r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2,3,4]},"properties":{}}"#;
    write(d, "four_numbers.geojson", &collection(&[four.to_string()]));
    write(d, ".hidden.geojson", &collection(&[point("1", 1.0)]));
    write(
        outside.path(),
        "elsewhere.geojson",
        &collection(&[point("1", 1.0)]),
    );
    std::os::unix::fs::symlink(
        outside.path().join("elsewhere.geojson"),
        d.join("escape.geojson"),
    )
    .unwrap();
    std::os::unix::fs::symlink(d.join("good.geojson"), d.join("alias.geojson")).unwrap();
    std::fs::create_dir(d.join("folder.geojson")).unwrap();
    // A FIFO blocks whoever opens it until a writer comes: it must be
    // skipped, not opened (start-up used to hang here).
    let status = std::process::Command::new("mkfifo")
        .arg(d.join("pipe.geojson"))
        .status()
        .unwrap();
    assert!(status.success());

    let server = serve(d);
    assert_eq!(ids(&server), ["alias", "good"]);
    let log = server.log_text();
    for expected in [
        "twice.geojson:4:1: feature #2 has the id \"a\" of feature #0",
        "open_ring.geojson:2:1: feature #0: the exterior ring of a Polygon is not closed",
        "short_ring.geojson:2:1: feature #0: the exterior ring of a Polygon has 3 positions",
        "four_numbers.geojson:2:1: feature #0:",
        "skipped: a hidden file",
        "skipped: a symbolic link to",
        "skipped: a directory",
        "skipped: not a regular file (a FIFO, socket or device)",
    ] {
        assert!(log.contains(expected), "missing {expected:?} in\n{log}");
    }
}

#[test]
fn a_layer_too_large_for_one_response_is_paged_and_streamed() {
    let dir = tempfile::tempdir().unwrap();
    // One polygon of 200,000 positions (about 5 MB of GeoJSON).
    let n = 200_000;
    let ring: Vec<String> = (0..=n)
        .map(|i| {
            let a = std::f64::consts::TAU * f64::from(i % n) / f64::from(n);
            format!("[{:.6},{:.6}]", 10.0 * a.cos(), 10.0 * a.sin())
        })
        .collect();
    let big = format!(
        r#"{{"type":"Feature","id":1,"geometry":{{"type":"Polygon","coordinates":[[{}]]}},"properties":{{"name":"circle"}}}}"#,
        ring.join(",")
    );
    write(
        dir.path(),
        "big.geojson",
        &collection(&[big, point("2", 50.0)]),
    );
    let server = Server::start(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--data",
            dir.path().to_str().unwrap(),
            "--max-response-mb",
            "1",
        ],
        &[],
    );
    let page = server.get("/collections/big/items");
    assert_eq!(page.status, 413, "{}", page.head);
    let error: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(error["code"], "ResponseTooLarge");
    let advice = error["description"].as_str().unwrap();
    assert!(
        advice.contains("limit") && advice.contains("/layers/big.geojson"),
        "{advice}"
    );
    assert_eq!(server.get("/collections/big/items/1").status, 413);
    // The small feature alone still fits.
    assert_eq!(server.get("/collections/big/items/2").status, 200);
    // The whole layer streams, with its exact length.
    let whole = server.get("/layers/big.geojson");
    assert_eq!(whole.status, 200);
    let length = format!("content-length: {}", whole.bytes.len());
    assert!(whole.head.contains(&length), "{}", whole.head);
    let doc: serde_json::Value = serde_json::from_slice(&whole.bytes).unwrap();
    assert_eq!(doc["features"].as_array().unwrap().len(), 2);
    let head = http(&server.addr, "HEAD", "/layers/big.geojson", &[]);
    assert!(head.head.contains(&length), "{}", head.head);
    assert_eq!(server.get("/health").status, 200);
}
