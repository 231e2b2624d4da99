//! Nothing acknowledged is lost: `kill -9` at random moments while 1,000
//! clients post documents (several rounds), and while `mapwire ingest
//! --store` runs; then every document that got a `201` (or, for ingest,
//! every document the store has) must be there with all its events, and
//! the store must open. Also `ingest --out`: killed at random moments, the
//! three files are always one run's set.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier, Mutex};
use std::time::Duration;

use binary::news::{self, Lcg};

use binary::{Server, send};

const TOKEN: &str = "durability-token-0123456789";
const CLIENTS: usize = 1000;
const ROUNDS: u64 = 3;

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn start(cwd: tempfile::TempDir) -> Server {
    Server::start_in(
        cwd,
        &["serve", "--bind", "127.0.0.1:0", "--store", "store.gpkg"],
        &[("MAPWIRE_NO_BUILTIN", "true"), ("MAPWIRE_TOKEN", TOKEN)],
    )
}

#[test]
fn kill_9_during_a_thousand_posts_loses_no_acknowledged_document() {
    let paragraphs = Arc::new(news::paragraphs());
    let mut rng = Lcg(0xd0_2026);
    // id → number of events its 201 listed.
    let acknowledged: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let mut cwd = tempfile::tempdir().unwrap();
    for round in 0..ROUNDS {
        let mut server = start(cwd);
        let addr = server.addr.clone();
        let barrier = Arc::new(Barrier::new(CLIENTS + 1));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|n| {
                let (addr, barrier, acknowledged, paragraphs) = (
                    addr.clone(),
                    barrier.clone(),
                    acknowledged.clone(),
                    paragraphs.clone(),
                );
                std::thread::Builder::new()
                    .stack_size(256 * 1024)
                    .spawn(move || {
                        let (_, text) = news::document(&paragraphs, 100 + round, n);
                        let auth = format!("Bearer {TOKEN}");
                        barrier.wait();
                        let reply = send(
                            &addr,
                            "POST",
                            "/documents",
                            &[("Authorization", &auth), ("Content-Type", "text/plain")],
                            Some(text.as_bytes()),
                        );
                        // Refused or cut off by the kill: not acknowledged.
                        if let Ok(r) = reply
                            && r.status == 201
                        {
                            let body = json(&r.body);
                            let id = body["id"].as_str().unwrap().to_string();
                            let events = body["events"].as_array().unwrap().len();
                            acknowledged.lock().unwrap().insert(id, events);
                        }
                    })
                    .unwrap()
            })
            .collect();
        let before = acknowledged.lock().unwrap().len();
        barrier.wait();
        // Mid-burst: once a random number of this round's writes (1 to 600)
        // were acknowledged, whatever the machine's speed.
        let target = 1 + rng.below(600);
        let started = std::time::Instant::now();
        while acknowledged.lock().unwrap().len() - before < target
            && started.elapsed() < Duration::from_secs(60)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        let wait = started.elapsed().as_millis();
        server.kill9();
        for c in clients {
            c.join().unwrap();
        }
        cwd = server.into_cwd();
        eprintln!(
            "round {round}: killed after {wait} ms (target {target}), {} acknowledged so far",
            acknowledged.lock().unwrap().len()
        );
    }
    // Restart: the store opens, and every acknowledged document is there
    // with its events.
    let server = start(cwd);
    let acknowledged = acknowledged.lock().unwrap();
    assert!(!acknowledged.is_empty(), "no write was acknowledged at all");
    for (id, events) in acknowledged.iter() {
        let doc = server.get(&format!("/documents/{id}?f=json"));
        assert_eq!(doc.status, 200, "acknowledged document {id} is missing");
        let items = json(
            &server
                .get(&format!("/collections/events/items?limit=1&document={id}"))
                .body,
        );
        assert_eq!(
            items["numberMatched"].as_u64().unwrap() as usize,
            *events,
            "document {id} lost events"
        );
    }
    let listed = json(&server.get("/documents").body)["documents"]
        .as_array()
        .unwrap()
        .len();
    assert!(listed >= acknowledged.len());
    assert!(!server.log_text().contains("panicked"));
}

#[test]
fn kill_9_during_ingest_leaves_a_store_that_opens_with_whole_documents() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news");
    news::write_dir(&input, 42, 1500).unwrap();
    let store = dir.path().join("store.gpkg");
    let mut rng = Lcg(7);
    for round in 0..4 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mapwire"))
            .args([
                "ingest",
                input.to_str().unwrap(),
                "--store",
                store.to_str().unwrap(),
            ])
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let wait = 300 + rng.below(2500) as u64;
        std::thread::sleep(Duration::from_millis(wait));
        let _ = child.kill();
        let _ = child.wait();
        if store.exists() {
            check_whole_documents(&store);
        }
        eprintln!("ingest round {round}: killed after {wait} ms");
    }
    // A full run then completes what is missing, and only that.
    let out = Command::new(env!("CARGO_BIN_EXE_mapwire"))
        .args([
            "ingest",
            input.to_str().unwrap(),
            "--store",
            store.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let total = check_whole_documents(&store);
    assert_eq!(total, 1500);
    // Nothing half-made beside the store.
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("creating"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Which generated series a layer file's documents come from
/// (`dispatch_1` or `dispatch_2`); one series per file, or the test fails.
fn run_of(text: &str) -> String {
    let doc = json(text);
    let mut series = std::collections::BTreeSet::new();
    for f in doc["features"].as_array().unwrap() {
        let p = &f["properties"];
        let ids: Vec<&str> = match p["documents"].as_array() {
            Some(list) => list.iter().filter_map(|v| v.as_str()).collect(),
            None => p["document"].as_str().into_iter().collect(),
        };
        for id in ids {
            series.insert(id.rsplit_once('_').map_or(id, |x| x.0).to_string());
        }
    }
    assert_eq!(series.len(), 1, "a file mixes runs: {series:?}");
    series.into_iter().next().unwrap_or_default()
}

/// Opens the store and checks every document has exactly the events its
/// text yields; returns the number of documents.
fn check_whole_documents(store: &std::path::Path) -> usize {
    let conn = rusqlite::Connection::open(store).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let extractor = mapwire::ingest::Extractor::builtin();
    let mut stmt = conn.prepare("SELECT id, text FROM documents").unwrap();
    let docs: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, text) in docs.iter().step_by(17) {
        let expected = extractor
            .extract(&mapwire::documents::Document::parse(
                id.clone(),
                text.clone(),
            ))
            .events
            .len();
        let stored: i64 = conn
            .query_row(
                "SELECT count(*) FROM events WHERE document = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored as usize, expected, "document {id}");
    }
    docs.len()
}

#[test]
fn kill_9_during_ingest_out_leaves_one_runs_files_and_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    let large = dir.path().join("large");
    news::write_dir(&small, 1, 20).unwrap();
    news::write_dir(&large, 2, 600).unwrap();
    let out = dir.path().join("out");
    let run = |input: &std::path::Path| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mapwire"));
        cmd.args([
            "ingest",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        cmd
    };
    assert!(run(&small).status().unwrap().success());
    let sets = |out: &std::path::Path| -> Vec<String> {
        ["places.geojson", "events.geojson", "flows.geojson"]
            .iter()
            .map(|n| std::fs::read_to_string(out.join(n)).unwrap())
            .collect()
    };
    let small_set = sets(&out);
    let mut rng = Lcg(99);
    for _ in 0..5 {
        let mut child = run(&large).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(200 + rng.below(1500) as u64));
        let _ = child.kill();
        let _ = child.wait();
        // Every file of the set comes from the same run.
        let runs: Vec<String> = sets(&out).iter().map(|text| run_of(text)).collect();
        assert!(runs.iter().all(|r| *r == runs[0]), "{runs:?}");
        // Back to the small set for the next round.
        assert!(run(&small).status().unwrap().success());
        assert_eq!(sets(&out), small_set);
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "temporaries left: {names:?}"
    );
}
