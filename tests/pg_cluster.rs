//! The PostgreSQL harness (`scripts/pg-cluster.sh`) that the PostGIS tests
//! and benchmarks stand on: a throwaway cluster of its own (initdb in a
//! temporary directory, a private port and socket, no system service)
//! with PostGIS, which GDAL's PostgreSQL driver can load and read, and
//! which leaves nothing behind when stopped. A missing PostgreSQL, PostGIS
//! or GDAL fails the test when `CI` is set and skips it otherwise.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use binary::cli::run;
use binary::pg::Cluster;
use binary::{fixtures, require};

#[test]
fn a_throwaway_postgis_cluster_starts_serves_gdal_and_goes() {
    let have_pg =
        std::path::Path::new("/usr/lib/postgresql").exists() || require("initdb", &["--version"]);
    if !have_pg || !require("psql", &["--version"]) || !require("ogr2ogr", &["--version"]) {
        return;
    }
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let (dir, url) = (cluster.dir.clone(), cluster.url.clone());
    assert!(url.starts_with("postgres://postgres@127.0.0.1:"), "{url}");

    let version = run("psql", &[&url, "-At", "-c", "SELECT postgis_lib_version()"]);
    assert!(
        String::from_utf8_lossy(&version).starts_with('3'),
        "PostGIS 3"
    );

    // GDAL's PostgreSQL driver loads a layer and reads it back whole.
    let pg = cluster.gdal();
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
