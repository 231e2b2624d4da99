//! The PostgreSQL harness (`scripts/pg-cluster.sh`) that the PostGIS tests
//! and benchmarks stand on: a throwaway cluster of its own (initdb in a
//! temporary directory, a private port and socket, no system service)
//! with PostGIS, which GDAL's PostgreSQL driver can load and read, and
//! which leaves nothing behind when stopped. A missing PostgreSQL, PostGIS
//! or GDAL fails the test when `CI` is set and skips it otherwise.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::process::Command;

use binary::cli::run;
use binary::{fixtures, require};

fn script() -> String {
    format!("{}/scripts/pg-cluster.sh", env!("CARGO_MANIFEST_DIR"))
}

/// Stops the cluster even when an assertion fails midway.
struct Cluster(std::path::PathBuf);

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .args([&script(), "stop", self.0.to_str().unwrap()])
            .output();
    }
}

#[test]
fn a_throwaway_postgis_cluster_starts_serves_gdal_and_goes() {
    let have_pg =
        std::path::Path::new("/usr/lib/postgresql").exists() || require("initdb", &["--version"]);
    if !have_pg || !require("psql", &["--version"]) || !require("ogr2ogr", &["--version"]) {
        return;
    }
    // Under /tmp: when run as root the cluster belongs to `postgres`, who
    // must be able to reach its directory.
    let parent = tempfile::Builder::new()
        .prefix("mapwire-pg-")
        .tempdir_in("/tmp")
        .unwrap();
    let dir = parent.path().join("cluster");
    let out = Command::new("bash")
        .args([&script(), "start", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let cluster = Cluster(dir.clone());
    let started = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "pg-cluster.sh start failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        eprintln!(
            "SKIP: no PostgreSQL cluster here: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let url = started
        .lines()
        .find_map(|l| l.strip_prefix("PGURL="))
        .unwrap()
        .to_string();
    assert!(url.starts_with("postgres://postgres@127.0.0.1:"), "{url}");
    let port = url
        .rsplit(':')
        .next()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();

    let version = run("psql", &[&url, "-At", "-c", "SELECT postgis_lib_version()"]);
    assert!(
        String::from_utf8_lossy(&version).starts_with('3'),
        "PostGIS 3"
    );

    // GDAL's PostgreSQL driver loads a layer and reads it back whole.
    let pg = format!("PG:host=127.0.0.1 port={port} user=postgres dbname=mapwire");
    let places = fixtures("layers").join("places.geojson");
    run(
        "ogr2ogr",
        &[
            "-f",
            "PostgreSQL",
            &pg,
            places.to_str().unwrap(),
            "-nln",
            "places",
        ],
    );
    let info = String::from_utf8(run("ogrinfo", &["-ro", "-so", &pg, "places"])).unwrap();
    assert!(info.contains("Feature Count: 16"), "{info}");
    assert!(
        info.contains("EPSG\",4326") || info.contains("EPSG:4326") || info.contains("WGS 84"),
        "{info}"
    );

    drop(cluster);
    assert!(!dir.exists(), "stop removes the cluster's directory");
}
