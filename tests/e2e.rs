//! End to end: the real `mapwire` binary on a free port of 127.0.0.1, spoken
//! to over real HTTP by hand-written requests, GDAL (`ogrinfo`, `ogr2ogr`)
//! and OWSLib. A test whose client tool is missing fails when `CI` is set
//! and is skipped with a notice otherwise (`scripts/install-test-tools.sh`
//! installs them).
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use binary::{Reply, Server, fixtures, http, require};

/// The ids of the collections a server lists.
fn collection_ids(server: &Server) -> Vec<String> {
    json(&server.get("/collections"))["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

fn run(cmd: &str, args: &[&str]) -> String {
    binary::run_client(Command::new(cmd).args(args))
}

/// The number of features in a fixture GeoJSON file.
fn fixture_count(id: &str) -> usize {
    let text = std::fs::read_to_string(fixtures("layers").join(format!("{id}.geojson"))).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["features"].as_array().unwrap().len()
}

/// `Feature Count: N` of a layer in a GeoPackage.
fn gpkg_count(file: &Path, layer: &str) -> usize {
    let text = run("ogrinfo", &["-ro", "-so", file.to_str().unwrap(), layer]);
    text.lines()
        .find_map(|l| l.strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no feature count in {text}"))
}

const COLLECTIONS: [&str; 3] = ["events", "places", "routes"];

#[test]
fn serves_the_fixtures_over_real_http() {
    let server = Server::with_data("layers");
    let landing = server.get("/");
    assert_eq!(landing.status, 200);
    assert!(landing.body.contains("service-desc"));
    let items = server.get("/collections/events/items?event_type=port_call&datetime=2024-01-01/..");
    assert!(
        items.head.contains("content-type: application/geo+json"),
        "{}",
        items.head
    );
    assert_eq!(json(&items)["numberMatched"], 2);
    assert_eq!(server.get("/health").status, 200);
    // Sent raw, the dot segments reach the server and are refused.
    let sneaky = server.get("/layers/../Cargo.toml");
    assert_eq!(sneaky.status, 400, "{}", sneaky.body);
    assert_eq!(json(&sneaky)["code"], "InvalidPath");
    let head = http(&server.addr, "HEAD", "/collections", &[]);
    assert_eq!(head.status, 200);
    assert!(head.head.contains("etag: \""));
    let gz = http(
        &server.addr,
        "GET",
        "/layers/events.geojson",
        &[("Accept-Encoding", "gzip")],
    );
    assert!(gz.head.contains("content-encoding: gzip"), "{}", gz.head);
    let metrics = server.get("/metrics");
    assert!(metrics.body.contains(
        "mapwire_http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"} 1"
    ));
}

#[test]
fn a_bad_file_is_reported_and_the_others_still_served() {
    let server = Server::with_data("broken");
    let ids = collection_ids(&server);
    assert_eq!(ids, ["places"]);
    let log = server.log_text();
    assert!(
        log.contains("malformed.geojson:3:97: expected value"),
        "{log}"
    );
    assert!(
        log.contains("projected.geojson:2:") && log.contains("\"crs\" member"),
        "{log}"
    );
    assert!(
        log.contains("latlon.geojson:3:3: feature #1: position [23.1136, -182.3666]"),
        "{log}"
    );
}

#[test]
fn sigterm_shuts_down_gracefully() {
    let mut server = Server::with_data("layers");
    assert_eq!(server.get("/health").status, 200);
    server.signal("TERM");
    let status = server
        .wait_exit(Duration::from_secs(10))
        .expect("still running 10 s after SIGTERM");
    assert!(status.success(), "{status:?}");
    assert!(server.log_with("stopped").contains("shutting down"));
}

#[test]
fn env_vars_config_file_and_no_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mapwire.toml");
    std::fs::write(&config, "max_limit = 3\ntitle = \"Test server\"\n").unwrap();
    let data = fixtures("layers");
    let server = Server::start(
        &[],
        &[
            ("MAPWIRE_BIND", "127.0.0.1:0"),
            ("MAPWIRE_DATA", data.to_str().unwrap()),
            ("MAPWIRE_CONFIG", config.to_str().unwrap()),
        ],
    );
    assert_eq!(
        json(&server.get("/collections/places/items?limit=50"))["numberReturned"],
        3
    );
    assert_eq!(json(&server.get("/"))["title"], "Test server");
    // A flag beats the config file; flags work without the subcommand too.
    let flagged = Server::start(
        &[
            "--bind",
            "127.0.0.1:0",
            "--config",
            config.to_str().unwrap(),
            "--max-limit",
            "5",
        ],
        &[("MAPWIRE_DATA", data.to_str().unwrap())],
    );
    assert_eq!(
        json(&flagged.get("/collections/places/items?limit=50"))["numberReturned"],
        5
    );
}

#[test]
fn ogrinfo_lists_every_collection() {
    if !require("ogrinfo", &["--version"]) {
        return;
    }
    let server = Server::with_data("layers");
    let text = run(
        "ogrinfo",
        &["-ro", "-q", &format!("OAPIF:{}", server.url())],
    );
    for id in COLLECTIONS {
        assert!(
            text.contains(&format!(": {id} ")),
            "{id} missing from:\n{text}"
        );
    }
}

#[test]
fn ogr2ogr_copies_each_collection_with_its_feature_count() {
    if !require("ogr2ogr", &["--version"]) {
        return;
    }
    let server = Server::with_data("layers");
    let dir = tempfile::tempdir().unwrap();
    for id in COLLECTIONS {
        let out = dir.path().join(format!("{id}.gpkg"));
        // A small page size makes GDAL follow `next` links.
        let src = format!("OAPIF:{}", server.url());
        run(
            "ogr2ogr",
            &[
                "-f",
                "GPKG",
                "-oo",
                "PAGE_SIZE=4",
                out.to_str().unwrap(),
                &src,
                id,
            ],
        );
        assert_eq!(gpkg_count(&out, id), fixture_count(id), "{id}");
    }
}

#[test]
fn gdal_bbox_and_datetime_filters_reach_the_server() {
    if !require("ogr2ogr", &["--version"]) {
        return;
    }
    let server = Server::with_data("layers");
    let dir = tempfile::tempdir().unwrap();
    let src = format!("OAPIF:{}", server.url());
    let cuba = dir.path().join("cuba.gpkg");
    run(
        "ogr2ogr",
        &[
            "-f",
            "GPKG",
            cuba.to_str().unwrap(),
            &src,
            "places",
            "-spat",
            "-85",
            "19",
            "-74",
            "24",
        ],
    );
    assert_eq!(gpkg_count(&cuba, "places"), 3);
    let recent = dir.path().join("recent.gpkg");
    run(
        "ogr2ogr",
        &[
            "-f",
            "GPKG",
            recent.to_str().unwrap(),
            &src,
            "events",
            "-where",
            "start >= '2024-01-01'",
        ],
    );
    assert_eq!(gpkg_count(&recent, "events"), 2);
    // GDAL turned both filters into query parameters (not only client-side).
    let log = server.log_with("datetime=2024-01-01");
    assert!(
        log.contains("/collections/places/items?") && log.contains("bbox=-85"),
        "{log}"
    );
    assert!(log.contains("datetime=2024-01-01"), "{log}");
}

#[test]
fn owslib_pages_through_a_collection_following_next_links() {
    if !require("python3", &["-c", "import owslib.ogcapi.features"]) {
        return;
    }
    let server = Server::with_data("layers");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/owslib_paging.py");
    for (id, page) in [("events", "4"), ("places", "5")] {
        let count = fixture_count(id).to_string();
        let text = run(
            "python3",
            &[script.to_str().unwrap(), &server.url(), id, &count, page],
        );
        assert!(text.contains("each once"), "{text}");
    }
}

#[test]
fn without_options_the_built_in_corpus_is_served() {
    if !require("ogrinfo", &["--version"]) {
        return;
    }
    let server = Server::start(&[], &[("MAPWIRE_NO_BUILTIN", "false")]);
    let ids = collection_ids(&server);
    assert_eq!(ids, ["claims", "countries", "events", "flows", "places"]);
    let agreements = json(&server.get("/collections/events/items?event_type=port_call_agreement"));
    assert!(agreements["numberMatched"].as_u64().unwrap() >= 1);
    // GDAL reads the built-in events layer too.
    let text = run(
        "ogrinfo",
        &["-ro", "-so", &format!("OAPIF:{}", server.url()), "events"],
    );
    assert!(text.contains("event_type"), "{text}");
}
