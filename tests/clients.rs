//! Real GIS and API clients against the binary serving the built-in data:
//! schemathesis (the OpenAPI document against the server), headless QGIS
//! (every collection, every event attribute, the vector tiles, a rendered
//! map kept in `target/artifacts/`), GDAL's MVT and OGC API drivers, and
//! how GDAL and QGIS type an event's precision-carrying `date`.
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

/// `ogrinfo -ro -so ARGS`: its output and the feature count it reports.
fn ogrinfo_summary(args: &[&str]) -> (String, usize) {
    let text = run(Command::new("ogrinfo").args(["-ro", "-so"]).args(args));
    let count = text
        .lines()
        .find_map(|l| l.strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    (text, count)
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
    let (text, count) = ogrinfo_summary(&["-al", &format!("MVT:{}/tiles/events/0", server.url())]);
    assert!(text.contains("Layer name: events"), "{text}");
    assert!(text.contains("event_type: String"), "{text}");
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

/// A collection whose `date` carries its precision. In file order the first
/// twelve features have day-precision dates only (more than a first page of
/// ten), three then have a month and two a year, and the last thirteen have
/// days only again.
fn dated_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let features: Vec<serde_json::Value> = (0..30)
        .map(|i| {
            let (date, start, end) = match i {
                12..=14 => {
                    let m = i - 8;
                    (
                        format!("2019-{m:02}"),
                        format!("2019-{m:02}-01T00:00:00Z"),
                        format!("2019-{m:02}-28T23:59:59Z"),
                    )
                }
                15 | 16 => {
                    let y = 2000 + i;
                    (
                        y.to_string(),
                        format!("{y}-01-01T00:00:00Z"),
                        format!("{y}-12-31T23:59:59Z"),
                    )
                }
                _ => {
                    let d = i % 28 + 1;
                    (
                        format!("2019-03-{d:02}"),
                        format!("2019-03-{d:02}T00:00:00Z"),
                        format!("2019-03-{d:02}T23:59:59Z"),
                    )
                }
            };
            serde_json::json!({
                "type": "Feature",
                "id": format!("d{i:02}"),
                "geometry": { "type": "Point", "coordinates": [-80.0 + f64::from(i) * 0.5, 10.0] },
                "properties": { "date": date, "start": start, "end": end, "n": i },
            })
        })
        .collect();
    let doc = serde_json::json!({ "type": "FeatureCollection", "features": features });
    std::fs::write(dir.path().join("dated.geojson"), doc.to_string()).unwrap();
    dir
}

/// `id,date` rows of a CSV that `ogr2ogr` wrote.
fn csv_dates(text: &str) -> std::collections::BTreeMap<String, String> {
    text.lines()
        .skip_while(|l| !l.starts_with("id,"))
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(id, date)| (id.to_string(), date.trim_matches('"').to_string()))
        .collect()
}

#[test]
fn gdal_types_a_precision_carrying_date_as_a_string_on_every_page() {
    if !require("ogrinfo", &["--version"]) {
        return;
    }
    let data = dated_data();
    let server = Server::start(
        &["serve", "--bind", "127.0.0.1:0"],
        &[("MAPWIRE_DATA", data.path().to_str().unwrap())],
    );
    let expected: std::collections::BTreeMap<String, String> = {
        let doc: serde_json::Value =
            serde_json::from_str(&server.get("/layers/dated.geojson").body).unwrap();
        doc["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let date = f["properties"]["date"].as_str().unwrap().to_string();
                (f["id"].as_str().unwrap().to_string(), date)
            })
            .collect()
    };
    assert_eq!(expected.len(), 30);
    let oapif = format!("OAPIF:{}/collections/dated", server.url());
    let geojson = format!("/vsicurl/{}/layers/dated.geojson", server.url());
    for source in [&oapif, &geojson] {
        let info = run(Command::new("ogrinfo").args(["-ro", "-so", source, "dated"]));
        assert!(info.contains("date: String"), "{source}: {info}");
        assert!(info.contains("start: DateTime"), "{source}: {info}");
        assert!(info.contains("end: DateTime"), "{source}: {info}");
        let csv = run(Command::new("ogr2ogr").args([
            "-f",
            "CSV",
            "/vsistdout/",
            source,
            "dated",
            "-select",
            "id,date",
        ]));
        let read = csv_dates(&csv);
        assert_eq!(read.len(), expected.len(), "{source}: {csv}");
        let mut slashed = 0;
        for (id, date) in &expected {
            let got = &read[id];
            if date.len() < 10 || source == &geojson {
                assert_eq!(got, date, "{source}: {id}");
            } else if got != date {
                // GDAL 3.6's OAPIF driver re-reads each page with its GeoJSON
                // reader, which makes a page of day-only dates a Date field;
                // copied into the String field that the schema declares, a
                // Date is written YYYY/MM/DD (docs/http-api.md).
                assert_eq!(got, &date.replace('-', "/"), "{source}: {id}");
                slashed += 1;
            }
        }
        eprintln!(
            "{source}: date String, start/end DateTime; {} values, {slashed} in GDAL's YYYY/MM/DD form",
            read.len()
        );
    }
}

#[test]
fn qgis_types_a_precision_carrying_date_as_a_string() {
    if !require("/usr/bin/python3", &["-c", "import qgis.core"]) {
        return;
    }
    let data = dated_data();
    let server = Server::start(
        &["serve", "--bind", "127.0.0.1:0"],
        &[("MAPWIRE_DATA", data.path().to_str().unwrap())],
    );
    let runtime = tempfile::tempdir().unwrap();
    let text = run(Command::new("/usr/bin/python3")
        .arg(repo("tests/clients/qgis_dates.py"))
        .arg(server.url())
        .arg("dated")
        .env("QT_QPA_PLATFORM", "offscreen")
        .env("XDG_RUNTIME_DIR", runtime.path()));
    assert!(text.lines().any(|l| l == "passed"), "{text}");
    for line in text.lines().filter(|l| l.starts_with("ok")) {
        eprintln!("{line}");
    }
}

#[test]
fn gdal_ogcapi_driver_reads_a_collection_and_the_tile_matrix_set() {
    if !require("ogrinfo", &["--version"]) || !require("gdal_create", &["--version"]) {
        return;
    }
    let server = builtin();
    // GDAL 3.6 as Debian builds it has no vector tiles in its OGC API driver
    // (docs/tiles.md): the features are read through the collection's items.
    let url = format!("OGCAPI:{}/collections/events", server.url());
    let (text, count) = ogrinfo_summary(&["-oo", "API=ITEMS", &url, "events"]);
    for field in [
        "event_type: String",
        "actors: StringList",
        "offsets: IntegerList",
        "date: String",
        "start: DateTime",
        "end: DateTime",
    ] {
        assert!(text.contains(field), "{field}: {text}");
    }
    assert!(count > 0, "{text}");
    // The tile matrix set, read by GDAL's own TileMatrixSet parser (the one
    // its OGC API driver uses) through a COG written on that tiling scheme.
    let dir = tempfile::tempdir().unwrap();
    let tms = dir.path().join("tms.json");
    std::fs::write(&tms, server.get("/tileMatrixSets/WebMercatorQuad").body).unwrap();
    let (input, output) = (dir.path().join("in.tif"), dir.path().join("out.tif"));
    run(Command::new("gdal_create")
        .args(["-of", "GTiff", "-outsize", "16", "16", "-bands", "1"])
        .args([
            "-a_srs",
            "EPSG:3857",
            "-a_ullr",
            "-9000000",
            "2000000",
            "-8000000",
            "1000000",
        ])
        .arg(&input));
    run(Command::new("gdal_translate")
        .args(["-q", "-of", "COG", "-co"])
        .arg(format!("TILING_SCHEME={}", tms.display()))
        .arg(&input)
        .arg(&output));
    let info = run(Command::new("gdalinfo").arg(&output));
    assert!(info.contains("Tiling Scheme:"), "{info}");
    assert!(info.contains(&format!("NAME={}", tms.display())), "{info}");
}
