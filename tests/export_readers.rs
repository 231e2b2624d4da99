//! `mapwire export` read back by real readers: the PyPI `pmtiles` reader
//! (Protomaps' Python implementation, `tests/clients/read_pmtiles.py`) and
//! GDAL's MBTiles driver (`ogrinfo`, `ogr2ogr`, `gdalinfo`,
//! `gdal_translate`). Each must find the tiles the server serves: every
//! tile of zooms 0-4 is compared with the server (present exactly when the
//! server has a non-empty tile, with the same bytes once decompressed), and
//! so is every tile of the archive. `mapwire serve --tiles` then serves the
//! archives with the same bytes. A missing tool fails the test when `CI` is
//! set and skips it otherwise.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use binary::cli::{export_fixtures, run};
use binary::{Server, fixtures, http, require};

const LAYERS: &str = "events,places,routes";
const MAXZOOM: u8 = 6;

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Exports the fixture layers (or the basemap, with `extra`) into `dir`.
fn export(dir: &Path, stem: &str, extra: &[&str]) -> (PathBuf, PathBuf) {
    let pm = dir.join(format!("{stem}.pmtiles"));
    let mb = dir.join(format!("{stem}.mbtiles"));
    let out = export_fixtures(&[("--pmtiles", &pm), ("--mbtiles", &mb)], extra);
    assert!(
        out.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (pm, mb)
}

/// The server's tile of the layers at `key` (`z/x/y`): sha256 of the raw
/// MVT, or `None` for `204`.
fn served(server: &Server, path_prefix: &str, key: &str) -> Option<String> {
    let r = http(
        &server.addr,
        "GET",
        &format!("{path_prefix}/{key}.mvt"),
        &[],
    );
    match r.status {
        200 => Some(sha256(&r.bytes)),
        204 => None,
        s => panic!("{path_prefix}/{key}: status {s}: {}", r.body),
    }
}

fn every_tile_to(z_max: u8) -> Vec<String> {
    let mut keys = Vec::new();
    for z in 0..=z_max {
        for x in 0..(1u32 << z) {
            for y in 0..(1u32 << z) {
                keys.push(format!("{z}/{x}/{y}"));
            }
        }
    }
    keys
}

#[test]
fn pmtiles_reader_and_gdal_find_the_servers_tiles() {
    if !require("python3", &["-c", "import pmtiles.reader"]) || !require("ogrinfo", &["--version"])
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let zoom = MAXZOOM.to_string();
    let (pm, mb) = export(dir.path(), "fx", &["--layers", LAYERS, "--maxzoom", &zoom]);
    let server = Server::with_data("layers");

    // Lookups of a seeded sample, half of them tiles that should be absent.
    let mut rng = fastrand::Rng::with_seed(15);
    let mut sample: Vec<String> = (0..40)
        .map(|_| {
            let z = rng.u8(0..=MAXZOOM);
            let n = 1u32 << z;
            format!("{z}/{}/{}", rng.u32(0..n), rng.u32(0..n))
        })
        .collect();
    sample.sort();
    sample.dedup();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/read_pmtiles.py");
    let mut args = vec![script.to_str().unwrap(), pm.to_str().unwrap()];
    args.extend(sample.iter().map(String::as_str));
    let doc: Value = serde_json::from_slice(&run("python3", &args)).unwrap();
    let tiles: BTreeMap<String, String> = serde_json::from_value(doc["tiles"].clone()).unwrap();
    assert!(tiles.len() > 100, "only {} tiles", tiles.len());
    assert_eq!(doc["header"]["tile_type"], "MVT");
    assert_eq!(doc["header"]["tile_compression"], "GZIP");
    assert_eq!(doc["header"]["clustered"], true);
    assert_eq!(doc["header"]["max_zoom"], MAXZOOM);
    let ids: Vec<&str> = doc["metadata"]["vector_layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["events", "places", "routes"]);

    // Every tile of z0-z4: in the archive exactly when the server has it.
    let prefix = format!("/tiles/{LAYERS}");
    for key in every_tile_to(4) {
        assert_eq!(
            served(&server, &prefix, &key),
            tiles.get(&key).cloned(),
            "tile {key}"
        );
    }
    // Every tile of the archive is the server's.
    for (key, hash) in &tiles {
        assert_eq!(
            served(&server, &prefix, key).as_ref(),
            Some(hash),
            "tile {key}"
        );
    }
    // The reader's point lookups agree with its walk and with the server.
    for key in &sample {
        let found = doc["lookups"][key].as_str().map(String::from);
        assert_eq!(found, tiles.get(key).cloned(), "lookup {key}");
        assert_eq!(found, served(&server, &prefix, key), "lookup {key}");
    }

    // GDAL's MBTiles driver: the layers and their fields.
    let info = String::from_utf8(run("ogrinfo", &["-ro", "-so", mb.to_str().unwrap()])).unwrap();
    for layer in ["events", "places", "routes"] {
        let listed = info.lines().any(|l| {
            l.split_once(": ")
                .is_some_and(|(_, name)| name.split(' ').next() == Some(layer))
        });
        assert!(listed, "{layer} missing:\n{info}");
    }
    let places = String::from_utf8(run(
        "ogrinfo",
        &["-ro", "-so", mb.to_str().unwrap(), "places"],
    ))
    .unwrap();
    assert!(places.contains("name: String"), "{places}");
    assert!(
        places.contains(&format!("ZOOM_LEVEL={MAXZOOM}")),
        "{places}"
    );

    // `serve --tiles`: the archives serve the same bytes as the layers.
    let archives = Server::start(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--tiles",
            &format!("fxp={}", pm.display()),
            "--tiles",
            &format!("fxm={}", mb.display()),
        ],
        &[],
    );
    for key in tiles.keys().step_by(7).chain(sample.iter()) {
        let want = tiles.get(key).cloned();
        assert_eq!(served(&archives, "/tiles/fxp", key), want, "pmtiles {key}");
        assert_eq!(served(&archives, "/tiles/fxm", key), want, "mbtiles {key}");
    }
}

/// `(name, lon, lat)` of the point features `keep` keeps, sorted.
fn named_points(doc: &Value, keep: impl Fn(&Value) -> bool) -> Vec<(String, f64, f64)> {
    let mut out: Vec<(String, f64, f64)> = doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| keep(f))
        .map(|f| {
            let c = &f["geometry"]["coordinates"];
            let name = f["properties"]["name"].as_str().unwrap_or_default();
            (
                name.to_string(),
                c[0].as_f64().unwrap(),
                c[1].as_f64().unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    out
}

/// Every fixture point, as `(name, lon, lat)` sorted by name.
fn fixture_points(layer: &str) -> Vec<(String, f64, f64)> {
    let text =
        std::fs::read_to_string(fixtures("layers").join(format!("{layer}.geojson"))).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    named_points(&doc, |f| f["geometry"]["type"] == "Point")
}

#[test]
fn gdal_reads_every_point_at_the_deepest_zoom() {
    if !require("ogr2ogr", &["--version"]) {
        return;
    }
    // From zoom 14 no point is thinned: every fixture place must be there.
    let dir = tempfile::tempdir().unwrap();
    let (_, mb) = export(
        dir.path(),
        "pts",
        &["--layers", "places", "--minzoom", "14", "--maxzoom", "14"],
    );
    let out = run(
        "ogr2ogr",
        &[
            "-f",
            "GeoJSON",
            "/vsistdout/",
            mb.to_str().unwrap(),
            "places",
            "-t_srs",
            "EPSG:4326",
            "-oo",
            "ZOOM_LEVEL=14",
        ],
    );
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let mut read = named_points(&doc, |_| true);
    read.dedup_by(|a, b| a.0 == b.0 && (a.1 - b.1).abs() < 1e-6 && (a.2 - b.2).abs() < 1e-6);
    let want = fixture_points("places");
    assert_eq!(read.len(), want.len(), "GDAL read {read:?}");
    for (got, want) in read.iter().zip(&want) {
        assert_eq!(got.0, want.0);
        // One tile unit at z14 is under 2.4 m, 2e-5 degrees of longitude.
        assert!(
            (got.1 - want.1).abs() < 1e-4 && (got.2 - want.2).abs() < 1e-4,
            "{got:?} vs {want:?}"
        );
    }
}

/// A PNG as RGBA pixels.
fn rgba(png_bytes: &[u8]) -> (u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let px = &buf[..frame.buffer_size()];
    let out = match frame.color_type {
        png::ColorType::Rgba => px.to_vec(),
        png::ColorType::Rgb => px.chunks(3).flat_map(|c| [c[0], c[1], c[2], 255]).collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (frame.width, out)
}

#[test]
fn gdal_reads_the_basemap_archive_as_the_server_draws_it() {
    if !require("gdal_translate", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, mb) = export(dir.path(), "base", &["--basemap", "--maxzoom", "2"]);
    let info = String::from_utf8(run("gdalinfo", &[mb.to_str().unwrap()])).unwrap();
    assert!(info.contains("Driver: MBTiles"), "{info}");
    assert!(info.contains("Size is 1024, 1024"), "{info}");
    let server = Server::with_data("layers");
    for (x, y) in [(0u32, 0u32), (1, 1), (3, 2)] {
        let out = dir.path().join(format!("{x}-{y}.png"));
        let window = [
            (x * 256).to_string(),
            (y * 256).to_string(),
            "256".into(),
            "256".into(),
        ];
        run(
            "gdal_translate",
            &[
                "-q",
                "-of",
                "PNG",
                "-srcwin",
                &window[0],
                &window[1],
                &window[2],
                &window[3],
                mb.to_str().unwrap(),
                out.to_str().unwrap(),
            ],
        );
        let gdal = rgba(&std::fs::read(&out).unwrap());
        let r = server.get(&format!("/tiles/basemap/2/{x}/{y}.png"));
        assert_eq!(r.status, 200);
        assert_eq!(gdal, rgba(&r.bytes), "tile 2/{x}/{y} differs");
    }
}
