//! PostGIS tables as layers (`serve --pg-layers URL`), end to end: a
//! throwaway PostgreSQL cluster (`scripts/pg-cluster.sh`) loaded with GDAL's
//! `ogr2ogr` from the layer fixtures and with SQL, the real binary, real
//! HTTP. What a GIS operator checks: each table is a collection whose items
//! match the table (count, attributes with their types, geometry), its tiles
//! decode, SIGHUP reads it again, and bad input stops the start with the
//! cause (never the password). A missing PostgreSQL or GDAL fails the test
//! when `CI` is set and skips it otherwise.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::process::Command;
use std::time::{Duration, Instant};

use binary::cli::run;
use binary::pg::Cluster;
use binary::{Server, fixtures, require};
use serde_json::Value;

fn cluster() -> Option<Cluster> {
    if !require("psql", &["--version"]) || !require("ogr2ogr", &["--version"]) {
        return None;
    }
    Cluster::start()
}

/// Loads a fixture layer into a table with GDAL (EPSG:4326, `fid` key).
fn ogr2ogr(cluster: &Cluster, layer: &str) {
    let file = fixtures("layers").join(format!("{layer}.geojson"));
    run(
        "ogr2ogr",
        &[
            "-f",
            "PostgreSQL",
            &cluster.gdal(),
            file.to_str().unwrap(),
            "-nln",
            layer,
            "-lco",
            "GEOMETRY_NAME=geom",
            "-lco",
            "FID=fid",
        ],
    );
}

fn json(server: &Server, path: &str) -> Value {
    let reply = server.get(path);
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

fn fixture(layer: &str) -> Vec<Value> {
    let text =
        std::fs::read_to_string(fixtures("layers").join(format!("{layer}.geojson"))).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["features"].as_array().unwrap().clone()
}

/// The served features of a collection, all of them.
fn items(server: &Server, collection: &str) -> Vec<Value> {
    let page = json(
        server,
        &format!("/collections/{collection}/items?limit=10000"),
    );
    assert_eq!(
        page["numberMatched"].as_u64().unwrap() as usize,
        page["features"].as_array().unwrap().len()
    );
    page["features"].as_array().unwrap().clone()
}

fn coordinates(f: &Value) -> Vec<f64> {
    fn flat(v: &Value, out: &mut Vec<f64>) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| flat(x, out)),
            Value::Number(n) => out.push(n.as_f64().unwrap()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    flat(&f["geometry"]["coordinates"], &mut out);
    out
}

fn close(a: &[f64], b: &[f64], tolerance: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tolerance)
}

#[test]
fn postgis_tables_are_collections_that_match_the_tables() {
    let Some(cluster) = cluster() else {
        return;
    };
    ogr2ogr(&cluster, "places");
    ogr2ogr(&cluster, "routes");
    // Typed columns and a geometry in Web Mercator, made from the places
    // GDAL loaded (PostGIS does the projecting, not this test).
    cluster.psql(
        "CREATE TABLE ports (id serial PRIMARY KEY, name text, depth real, open boolean, \
         since date, seen timestamptz, info jsonb, tags text[], geom geometry(Point, 3857)); \
         INSERT INTO ports (name, depth, open, since, seen, info, tags, geom) \
         SELECT name, rank * 1.5, rank % 2 = 0, DATE '2024-05-01' + rank, \
                TIMESTAMPTZ '2024-05-01 12:00:00+00' + rank * INTERVAL '1 hour', \
                jsonb_build_object('kind', kind, 'rank', rank), ARRAY[country, kind], \
                ST_Transform(geom, 3857) FROM places ORDER BY fid; \
         CREATE TABLE notes (id int PRIMARY KEY, body text); \
         CREATE TABLE unplaced (id int PRIMARY KEY, geom geometry); \
         INSERT INTO unplaced SELECT fid, ST_SetSRID(geom, 0) FROM places",
    );
    let url = cluster.url.clone();
    let server = Server::start(
        &["serve", "--bind", "127.0.0.1:0", "--pg-layers", &url],
        &[("MAPWIRE_PREWARM_MB", "0")],
    );
    let ids: Vec<String> = json(&server, "/collections")["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    // `notes` has no geometry; `unplaced` has no SRID: skipped, and said so.
    assert_eq!(ids, ["places", "ports", "routes"]);
    let log = server.log_text();
    assert!(
        log.contains("public.unplaced.geom has no SRID (0)"),
        "{log}"
    );

    // Places: GDAL's table, feature by feature against the fixture file.
    let served = items(&server, "places");
    let expected = fixture("places");
    assert_eq!(served.len(), expected.len());
    assert_eq!(
        cluster.psql("SELECT count(*) FROM places"),
        served.len().to_string()
    );
    for (s, e) in served.iter().zip(&expected) {
        // GDAL keeps a GeoJSON string id as a column `id` (its key is `fid`).
        let mut properties = s["properties"].as_object().unwrap().clone();
        assert_eq!(properties.remove("id").unwrap(), e["id"], "{s}");
        assert_eq!(Value::Object(properties), e["properties"], "{s}");
        assert_eq!(s["geometry"]["type"], "Point");
        assert!(close(&coordinates(s), &coordinates(e), 1e-9), "{s}");
    }
    let routes = items(&server, "routes");
    let expected = fixture("routes");
    assert_eq!(routes.len(), expected.len());
    for (s, e) in routes.iter().zip(&expected) {
        assert_eq!(s["geometry"]["type"], e["geometry"]["type"], "{s}");
        assert!(close(&coordinates(s), &coordinates(e), 1e-9), "{s}");
        assert_eq!(s["properties"]["from"], e["properties"]["from"]);
    }

    // Ports: every type as JSON, the key as id, back in longitude/latitude.
    let ports = items(&server, "ports");
    assert_eq!(ports.len(), served.len());
    let first = &ports[0];
    assert_eq!(first["id"], 1);
    let p = &first["properties"];
    assert_eq!(p["name"], expected_name(&served[0]));
    let rank = served[0]["properties"]["rank"].as_f64().unwrap();
    assert_eq!(p["depth"].as_f64().unwrap(), rank * 1.5);
    assert_eq!(p["open"], Value::Bool(rank as i64 % 2 == 0));
    assert!(p["since"].as_str().unwrap().starts_with("2024-05-0"), "{p}");
    assert!(
        p["seen"].as_str().unwrap().starts_with("2024-05-01T1"),
        "{p}"
    );
    assert_eq!(p["info"]["kind"], served[0]["properties"]["kind"]);
    assert_eq!(p["tags"][0], served[0]["properties"]["country"]);
    assert!(p.get("geom").is_none() && p.get("id").is_none(), "{p}");
    assert!(
        close(&coordinates(first), &coordinates(&served[0]), 1e-7),
        "{first}"
    );
    let collection = json(&server, "/collections/ports");
    assert!(
        collection["description"]
            .as_str()
            .unwrap()
            .contains("EPSG:3857 transformed to EPSG:4326"),
        "{collection}"
    );
    let one = json(&server, "/collections/ports/items/2");
    assert_eq!(one["properties"]["name"], expected_name(&served[1]));

    // Tiles and TileJSON, as for any layer.
    let tilejson = json(&server, "/tiles/places.json");
    assert!(
        tilejson["vector_layers"].to_string().contains("places"),
        "{tilejson}"
    );
    let tile = server.get("/tiles/places/0/0/0.mvt");
    assert_eq!(tile.status, 200);
    let reader = fast_mvt::MvtReaderRef::new(&tile.bytes).unwrap();
    let features: usize = reader.layers().map(|l| l.features().count()).sum();
    assert!(features > 0, "a tile of the whole world holds the places");

    // SIGHUP reads the tables again.
    cluster.psql("DELETE FROM ports WHERE id = 1");
    server.signal("HUP");
    let deadline = Instant::now() + Duration::from_secs(20);
    while items(&server, "ports").len() == served.len() {
        assert!(
            Instant::now() < deadline,
            "SIGHUP did not reload the tables"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(items(&server, "ports").len(), served.len() - 1);
    assert_eq!(items(&server, "places").len(), served.len());
}

fn expected_name(feature: &Value) -> Value {
    feature["properties"]["name"].clone()
}

/// `mapwire serve ARGS`, which must stop with an error: its stderr. A
/// server that starts anyway is killed after a minute and fails the test.
fn refused(args: &[&str]) -> String {
    let out = Command::new("timeout")
        .arg("60")
        .arg(env!("CARGO_BIN_EXE_mapwire"))
        .args(["serve", "--bind", "127.0.0.1:0", "--no-builtin"])
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("MAPWIRE_DATA")
        .env_remove("MAPWIRE_STORE")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?} should stop the start: {err}"
    );
    err
}

#[test]
fn bad_postgis_layers_stop_the_start_with_the_cause() {
    // Nothing listens on port 1; the password must not be shown.
    let err = refused(&["--pg-layers", "postgres://ana:s3cret@127.0.0.1:1/geo"]);
    assert!(
        err.contains("--pg-layers postgres://ana@127.0.0.1:1/geo: cannot connect"),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
    let err = refused(&["--pg-layers", "postgres://ana:s3cret@db:notaport/x"]);
    assert!(
        err.contains("not a PostgreSQL URL") && !err.contains("s3cret"),
        "{err}"
    );

    let Some(cluster) = cluster() else {
        return;
    };
    ogr2ogr(&cluster, "places");
    cluster.psql(
        "CREATE TABLE notes (id int PRIMARY KEY, body text); \
         CREATE TABLE unplaced (id int PRIMARY KEY, geom geometry); \
         INSERT INTO unplaced SELECT fid, ST_SetSRID(geom, 0) FROM places",
    );
    let url = cluster.url.as_str();
    let err = refused(&["--pg-layers", url, "--pg-table", "places,nosuch"]);
    assert!(err.contains("no table or view \"nosuch\""), "{err}");
    let err = refused(&["--pg-layers", url, "--pg-table", "notes"]);
    assert!(err.contains("public.notes has no geometry column"), "{err}");
    let err = refused(&["--pg-layers", url, "--pg-table", "unplaced"]);
    assert!(
        err.contains("public.unplaced.geom has no SRID (0)"),
        "{err}"
    );
    let plain = cluster.database("plain", false);
    let err = refused(&["--pg-layers", &plain]);
    assert!(err.contains("has no PostGIS"), "{err}");
    let empty = cluster.database("empty", true);
    let err = refused(&["--pg-layers", &empty]);
    assert!(
        err.contains("no table or view with a geometry column"),
        "{err}"
    );

    // A table named on its own is served alone.
    let server = Server::start(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--pg-layers",
            url,
            "--pg-table",
            "places",
        ],
        &[("MAPWIRE_PREWARM_MB", "0")],
    );
    let collections = json(&server, "/collections");
    assert_eq!(collections["collections"].as_array().unwrap().len(), 1);
}
