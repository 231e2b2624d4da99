//! Several replicas over one PostGIS store, end to end: the real binary
//! twice, a throwaway PostgreSQL cluster (`scripts/pg-cluster.sh`), real
//! HTTP, GDAL's PostgreSQL driver. A missing PostgreSQL or GDAL fails the
//! test when `CI` is set and skips it otherwise.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use binary::pg::Cluster;
use binary::{Reply, Server, http, http_body, require, send};

const TOKEN: &str = "replica-token-0123456789abcdef";
/// How long a write may take to show on the other replica here (the
/// benchmark measures the real figure; this only bounds a failing test).
const PATIENCE: Duration = Duration::from_secs(15);

fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

/// A replica on `url`, writes on, pre-building off (it is not what these
/// tests are about, and it would take the machine's cores).
fn replica(url: &str, builtin: bool) -> Server {
    let builtin = if builtin { "false" } else { "true" };
    Server::start(
        &["serve", "--bind", "127.0.0.1:0", "--store", url],
        &[
            ("MAPWIRE_TOKEN", TOKEN),
            ("MAPWIRE_NO_BUILTIN", builtin),
            ("MAPWIRE_PREWARM_MB", "0"),
        ],
    )
}

fn post(server: &Server, text: &str) -> std::io::Result<Reply> {
    let auth = format!("Bearer {TOKEN}");
    send(
        &server.addr,
        "POST",
        "/documents",
        &[("Authorization", &auth), ("Content-Type", "text/plain")],
        Some(text.as_bytes()),
    )
}

fn matched(server: &Server, collection: &str) -> u64 {
    json(&server.get(&format!("/collections/{collection}/items?limit=1")))["numberMatched"]
        .as_u64()
        .unwrap()
}

/// Waits until `check` holds on a replica; whether it did.
fn eventually(mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn news(seed: u64, n: usize) -> String {
    let paragraphs = binary::news::paragraphs();
    binary::news::document(&paragraphs, seed, n).1
}

/// An article about a place none of the generated news names, so that its
/// event, tile and search hit can only come from this write.
const SEVASTOPOL: &str = "Title: Frigate leaves Sevastopol\nPublished: 2025-03-04\n\nThe Russian frigate Admiral Makarov left Sevastopol on Tuesday for a port call in La Guaira, Venezuela.\n";

fn feature_count(cluster: &Cluster, layer: &str) -> u64 {
    let text = binary::run_client(std::process::Command::new("ogrinfo").args([
        "-ro",
        "-so",
        &cluster.gdal(),
        layer,
    ]));
    text.lines()
        .find_map(|l| l.strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no feature count in {text}"))
}

/// Reads `/updates` of a replica on a thread; the data lines it saw.
fn listen_updates(server: &Server) -> Arc<Mutex<Vec<String>>> {
    use std::io::{BufRead, BufReader, Write};
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "GET /updates HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.addr
    )
    .unwrap();
    let sink = seen.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    seen
}

#[test]
fn a_write_through_one_replica_is_served_by_the_other() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let a = replica(&cluster.url, true);
    let b = replica(&cluster.url, true);
    // Both serve the built-in corpus that the first one stored.
    assert!(eventually(|| matched(&b, "events") == matched(&a, "events")));
    let events_before = matched(&b, "events");
    assert!(events_before > 0);
    let updates = listen_updates(&b);
    let r = post(&a, SEVASTOPOL).unwrap();
    assert_eq!(r.status, 201, "{}", r.body);
    let id = json(&r)["id"].as_str().unwrap().to_string();
    let added = json(&r)["events"].as_array().unwrap().len() as u64;
    assert!(added > 0, "{}", r.body);
    // Items, the document page, search and the tile, on the other replica.
    assert!(
        eventually(|| matched(&b, "events") == events_before + added),
        "B never served the new events"
    );
    assert_eq!(b.get(&format!("/documents/{id}?f=json")).status, 200);
    let search = json(&b.get("/search?q=Sevastopol"));
    assert!(
        search["results"][0]["documents"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d == id.as_str())),
        "{search}"
    );
    // The new event's own z14 tile (nothing is thinned out at z14).
    let at = &json(&r)["events"][0]["geometry"]["coordinates"];
    let t = mapwire::tiles::grid::tile_at(at[0].as_f64().unwrap(), at[1].as_f64().unwrap(), 14);
    let tile = b.get(&format!("/tiles/events/{}/{}/{}.mvt", t.z, t.x, t.y));
    assert_eq!(tile.status, 200, "the new event's tile on B");
    assert!(
        eventually(|| updates
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("data: ") && l.contains(&id))),
        "B's /updates did not announce the write: {:?}",
        updates.lock().unwrap()
    );
    // GDAL reads the same tables and counts what the replicas serve.
    if require("ogrinfo", &["--version"]) {
        assert_eq!(feature_count(&cluster, "events"), matched(&b, "events"));
        assert_eq!(feature_count(&cluster, "places"), matched(&b, "places"));
        let info = binary::run_client(std::process::Command::new("ogrinfo").args([
            "-ro",
            "-so",
            &cluster.gdal(),
            "flows",
        ]));
        assert!(info.contains("Multi Line String"), "{info}");
        assert!(info.contains("4326"), "{info}");
    }
    // Removed through B: gone from A.
    let auth = format!("Bearer {TOKEN}");
    let del = http(
        &b.addr,
        "DELETE",
        &format!("/documents/{id}"),
        &[("Authorization", &auth)],
    );
    assert_eq!(del.status, 200, "{}", del.body);
    assert!(eventually(|| a
        .get(&format!("/documents/{id}?f=json"))
        .status
        == 404));
    assert_eq!(matched(&a, "events"), events_before);
}

#[test]
fn kill_9_of_a_replica_under_load_leaves_the_other_serving_and_loses_nothing() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let mut a = replica(&cluster.url, false);
    let b = replica(&cluster.url, false);
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let read_errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let reads = Arc::new(AtomicUsize::new(0));
    let mut threads = Vec::new();
    // Writers on both replicas; those on A lose their server midway.
    for (w, addr) in [
        (0u64, a.addr.clone()),
        (1, a.addr.clone()),
        (2, b.addr.clone()),
    ] {
        let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
        threads.push(std::thread::spawn(move || {
            let auth = format!("Bearer {TOKEN}");
            let paragraphs = binary::news::paragraphs();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let (_, text) = binary::news::document(&paragraphs, 100 + w, n);
                n += 1;
                let sent = send(
                    &addr,
                    "POST",
                    "/documents",
                    &[("Authorization", &auth), ("Content-Type", "text/plain")],
                    Some(text.as_bytes()),
                );
                if let Ok(r) = sent
                    && r.status == 201
                {
                    let id: serde_json::Value = serde_json::from_str(&r.body).unwrap();
                    acknowledged
                        .lock()
                        .unwrap()
                        .push(id["id"].as_str().unwrap().into());
                }
            }
        }));
    }
    // Readers on B: every answer must be a success.
    for path in [
        "/collections/events/items?limit=50",
        "/tiles/events/3/2/3.mvt",
        "/documents?f=json",
    ] {
        let (stop, errors, reads, addr) = (
            stop.clone(),
            read_errors.clone(),
            reads.clone(),
            b.addr.clone(),
        );
        threads.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match send(&addr, "GET", path, &[], None) {
                    Ok(r) if r.status == 200 || r.status == 204 => {}
                    Ok(r) => errors
                        .lock()
                        .unwrap()
                        .push(format!("{path}: {} {}", r.status, r.body)),
                    Err(e) => errors.lock().unwrap().push(format!("{path}: {e}")),
                }
                reads.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    std::thread::sleep(Duration::from_secs(3));
    let before_kill = acknowledged.lock().unwrap().len();
    a.kill9();
    std::thread::sleep(Duration::from_secs(3));
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    let errors = read_errors.lock().unwrap();
    assert!(
        errors.is_empty(),
        "B failed readers: {:?}",
        &errors[..errors.len().min(5)]
    );
    assert!(reads.load(Ordering::Relaxed) > 50);
    let ids = acknowledged.lock().unwrap().clone();
    assert!(
        before_kill > 0 && ids.len() > before_kill,
        "writes before and after the kill"
    );
    // Every acknowledged document is served by B, and stored.
    for id in &ids {
        assert!(
            eventually(|| b.get(&format!("/documents/{id}?f=json")).status == 200),
            "acknowledged {id} is not on B"
        );
    }
    let stored: usize = cluster
        .psql("SELECT count(*) FROM documents")
        .parse()
        .unwrap();
    assert!(
        stored >= ids.len(),
        "{stored} stored, {} acknowledged",
        ids.len()
    );
    // A restarted replica loads all of it.
    let a2 = replica(&cluster.url, false);
    assert_eq!(matched(&a2, "events"), matched(&b, "events"));
}

#[test]
fn a_database_restart_is_survived() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let a = replica(&cluster.url, false);
    let b = replica(&cluster.url, false);
    let first = post(&a, &news(7, 0)).unwrap();
    assert_eq!(first.status, 201, "{}", first.body);
    assert!(eventually(|| matched(&b, "events") == matched(&a, "events")));
    let served = matched(&b, "events");
    // Stopped: reads go on from memory, writes answer 503 JSON.
    cluster.pause();
    assert_eq!(matched(&b, "events"), served);
    let refused = post(&a, &news(7, 1)).unwrap();
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(json(&refused)["code"], "Unavailable");
    assert!(!refused.body.contains("password"));
    // The database is away, the store is not stopped: the message says which.
    assert!(
        refused.body.contains("database is unavailable"),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("has stopped"), "{}", refused.body);
    cluster.resume();
    // Back: the replicas reconnect by themselves; a write through A is on B.
    let mut written = None;
    assert!(eventually(|| {
        match post(&a, &news(7, 2)) {
            Ok(r) if r.status == 201 => {
                written = Some(json(&r)["id"].as_str().unwrap().to_string());
                true
            }
            _ => false,
        }
    }));
    let id = written.unwrap();
    assert!(eventually(|| b
        .get(&format!("/documents/{id}?f=json"))
        .status
        == 200));
    // And a restart while both run (fast: connections are cut) is survived.
    cluster.restart();
    let mut again = None;
    assert!(eventually(|| match post(&b, &news(7, 3)) {
        Ok(r) if r.status == 201 => {
            again = Some(json(&r)["id"].as_str().unwrap().to_string());
            true
        }
        _ => false,
    }));
    let id = again.unwrap();
    assert!(eventually(|| a
        .get(&format!("/documents/{id}?f=json"))
        .status
        == 200));
    assert!(
        a.log_text().contains("change feed back"),
        "{}",
        a.log_text()
    );
}

#[test]
fn unusable_databases_stop_the_start_with_the_reason() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let start_fails = binary::pg::serve_fails;
    // Nobody listens.
    let closed = cluster.url.replace(&cluster.port, "1");
    let e = start_fails(&closed);
    assert!(e.contains("cannot connect"), "{e}");
    // A database that does not exist.
    let e = start_fails(&cluster.url.replace("/mapwire", "/nosuchdb"));
    assert!(e.contains("nosuchdb"), "{e}");
    // A password is never shown.
    let e = start_fails(&closed.replace("postgres@", "postgres:hunter2@"));
    assert!(!e.contains("hunter2"), "{e}");
    // A schema of a newer mapwire, and a table altered by hand.
    let url = cluster.database("newer", true);
    drop(replica(&url, false));
    let psql = |sql: &str| {
        let out = std::process::Command::new("psql")
            .args([&url, "-q", "-c", sql])
            .output()
            .unwrap();
        assert!(out.status.success());
    };
    psql("UPDATE mapwire_meta SET value = '99' WHERE key = 'schema_version'");
    let e = start_fails(&url);
    assert!(
        e.contains("schema version 99") && e.contains("newer mapwire"),
        "{e}"
    );
    psql("UPDATE mapwire_meta SET value = '1' WHERE key = 'schema_version'");
    psql("ALTER TABLE events DROP COLUMN properties");
    let e = start_fails(&url);
    assert!(
        e.contains("events") && e.contains("properties") && e.contains("altered"),
        "{e}"
    );
    // Someone else's table of the same name.
    let url = cluster.database("strangers", true);
    let out = std::process::Command::new("psql")
        .args([&url, "-q", "-c", "CREATE TABLE documents (x int)"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let e = start_fails(&url);
    assert!(e.contains("not a mapwire store"), "{e}");
    let _ = http_body;
}

#[test]
fn postgis_serves_what_the_geopackage_serves_and_ingest_fills_it() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    // The built-in corpus through PostGIS and through a GeoPackage: the
    // same features, property for property.
    let pg = replica(&cluster.url, true);
    let gpkg = Server::start(
        &["serve", "--bind", "127.0.0.1:0"],
        &[("MAPWIRE_NO_BUILTIN", "false"), ("MAPWIRE_PREWARM_MB", "0")],
    );
    for layer in ["events", "claims", "flows", "places"] {
        let path = format!("/collections/{layer}/items?limit=10000");
        assert_eq!(
            json(&pg.get(&path))["features"],
            json(&gpkg.get(&path))["features"],
            "{layer}"
        );
    }
    // Bulk ingest into the same database, idempotent; replicas follow.
    let dir = tempfile::tempdir().unwrap();
    binary::news::write_dir(dir.path(), 31, 20).unwrap();
    let events_before = matched(&pg, "events");
    let ingest = |expect: &str| {
        let out = binary::cli::mapwire(&[
            "ingest",
            dir.path().to_str().unwrap(),
            "--store",
            &cluster.url,
        ]);
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{log}");
        assert!(log.contains(expect), "{log}");
    };
    ingest("added=20");
    ingest("unchanged=20");
    let stored: u64 = cluster.psql("SELECT count(*) FROM events").parse().unwrap();
    assert!(stored > events_before);
    assert!(eventually(|| matched(&pg, "events") == stored));
}
