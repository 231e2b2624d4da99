//! QGIS on the PostGIS store: a throwaway cluster (`scripts/pg-cluster.sh`)
//! filled by `mapwire serve --store postgres://…` with the built-in corpus,
//! then headless PyQGIS (`tests/clients/qgis_postgis.py`) opens every
//! feature table with QGIS's `postgres` provider and compares it with what
//! the server's OGC API serves. A missing PostgreSQL or QGIS fails the
//! test when `CI` is set and skips it otherwise.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::process::Command;

use binary::pg::Cluster;
use binary::{Server, require, run_client};

#[test]
fn qgis_reads_every_postgis_table_as_the_server_serves_it() {
    if !require("/usr/bin/python3", &["-c", "import qgis.core"]) {
        return;
    }
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let server = Server::start(
        &["serve", "--bind", "127.0.0.1:0", "--store", &cluster.url],
        &[("MAPWIRE_NO_BUILTIN", "false"), ("MAPWIRE_PREWARM_MB", "0")],
    );
    // Qt wants a private runtime directory.
    let runtime = tempfile::tempdir().unwrap();
    let script = format!(
        "{}/tests/clients/qgis_postgis.py",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = run_client(
        Command::new("/usr/bin/python3")
            .arg(script)
            .arg(server.url())
            .arg(cluster.conninfo())
            .env("QT_QPA_PLATFORM", "offscreen")
            .env("XDG_RUNTIME_DIR", runtime.path()),
    );
    for line in text
        .lines()
        .filter(|l| l.starts_with("ok") || l.starts_with("QGIS"))
    {
        eprintln!("{line}");
    }
    assert!(text.lines().any(|l| l == "passed"), "{text}");
    assert!(
        ["places", "events", "claims", "flows"]
            .iter()
            .all(|t| text.contains(&format!("ok {t}: "))),
        "{text}"
    );
}
