//! The PostGIS run of the end-to-end suites. With `MAPWIRE_TEST_PG` set to
//! the URL of a throwaway cluster (`scripts/test.sh` starts one with
//! `scripts/pg-cluster.sh`), every [`super::Server`] that keeps a store gets
//! a fresh database of its own in that cluster instead of a GeoPackage, and
//! a second replica on the same database. The test talks to the first
//! replica (writes, logs, signals); every read through `Server::get` is also
//! asked of the second, which must serve the same within [`PATIENCE`].

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{Reply, http, send_to};

/// The variable naming the cluster (its `mapwire` database has PostGIS).
pub const VAR: &str = "MAPWIRE_TEST_PG";

/// How long the second replica may take to serve what the first serves:
/// it hears of a write through LISTEN/NOTIFY at once, then reloads; the
/// bound only keeps a failing test from hanging on a busy machine.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The file in a server's working directory naming its database, so that a
/// server started again in that directory opens the same store.
const URL_FILE: &str = "pg-store-url";

/// The cluster's URL when the suites run against PostGIS.
pub fn cluster() -> Option<String> {
    std::env::var(VAR).ok().filter(|v| !v.is_empty())
}

/// Whether this run is the PostGIS one (for the few tests about the
/// GeoPackage file itself, which skip it).
pub fn pg_mode() -> bool {
    cluster().is_some()
}

/// The database URL of a server's working directory, if it has one.
pub fn url_of(cwd: &Path) -> Option<String> {
    std::fs::read_to_string(cwd.join(URL_FILE))
        .ok()
        .map(|s| s.trim().to_string())
}

/// Arguments and environment of the first replica and of the second, with
/// the store pointed at a database of the cluster.
pub struct Plan {
    pub args: Vec<String>,
    pub envs: Vec<(String, String)>,
    pub second_args: Vec<String>,
    pub second_envs: Vec<(String, String)>,
}

/// The [`Plan`] of a server to be started in `cwd`; `None` when the run is
/// not the PostGIS one, or the server keeps no store (a data directory
/// only), or it names a PostgreSQL store itself.
pub fn plan(cwd: &Path, args: &[&str], envs: &[(&str, &str)]) -> Option<Plan> {
    let admin = cluster()?;
    let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut envs: Vec<(String, String)> = envs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let flag = args.iter().position(|a| a == "--store");
    let env = envs.iter().position(|(k, _)| k == "MAPWIRE_STORE");
    let named = flag
        .map(|i| args[i + 1].clone())
        .or_else(|| env.map(|i| envs[i].1.clone()));
    if named.as_deref().is_some_and(is_pg_url) {
        return None;
    }
    // The helper turns the built-in corpus off unless a test turns it on;
    // without it and without --store, `serve` keeps no store at all.
    let builtin = !args.iter().any(|a| a == "--no-builtin")
        && envs
            .iter()
            .rev()
            .find(|(k, _)| k == "MAPWIRE_NO_BUILTIN")
            .is_some_and(|(_, v)| v == "false");
    if named.is_none() && !builtin {
        return None;
    }
    let url = database(&admin, cwd);
    match (flag, env) {
        (Some(i), _) => args[i + 1] = url,
        (None, Some(i)) => envs[i].1 = url,
        (None, None) => envs.push(("MAPWIRE_STORE".into(), url)),
    }
    // The second replica reads: the folder watch (a writer) stays with the
    // first, and it builds tiles on demand only (fewer cores taken).
    let mut second_args = args.clone();
    if let Some(i) = second_args.iter().position(|a| a == "--watch") {
        second_args.drain(i..i + 2);
    }
    let mut second_envs: Vec<(String, String)> = envs
        .iter()
        .filter(|(k, _)| k != "MAPWIRE_WATCH")
        .cloned()
        .collect();
    second_envs.push(("MAPWIRE_PREWARM_MB".into(), "0".into()));
    // A port of its own even when the first was given a fixed one.
    match second_args.iter().position(|a| a == "--bind") {
        Some(i) => second_args[i + 1] = "127.0.0.1:0".into(),
        None => second_envs.push(("MAPWIRE_BIND".into(), "127.0.0.1:0".into())),
    }
    Some(Plan {
        args,
        envs,
        second_args,
        second_envs,
    })
}

fn is_pg_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// The database of `cwd`: the one named in its file, else a new one made
/// from the cluster's `mapwire` database (PostGIS already in it).
fn database(admin: &str, cwd: &Path) -> String {
    if let Some(url) = url_of(cwd) {
        return url;
    }
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "e2e_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let (base, template) = admin.rsplit_once('/').expect("a database URL");
    // Connected to `postgres`, so that nobody uses the template meanwhile.
    let out = Command::new("psql")
        .args([
            &format!("{base}/postgres"),
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            &format!("CREATE DATABASE {name} TEMPLATE {template}"),
        ])
        .output()
        .expect("psql runs");
    assert!(
        out.status.success(),
        "CREATE DATABASE {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = format!("{base}/{name}");
    std::fs::write(cwd.join(URL_FILE), &url).unwrap();
    url
}

/// `PG:` connection string of GDAL's PostgreSQL driver for a database URL
/// `postgres://USER@HOST:PORT/DB`.
pub fn gdal(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    let (user, rest) = rest.split_once('@').unwrap();
    let (host, db) = rest.split_once('/').unwrap();
    let (host, port) = host.split_once(':').unwrap();
    format!("PG:host={host} port={port} user={user} dbname={db}")
}

/// Paths whose answer is the replica's own (its counters, its health).
fn own(path: &str) -> bool {
    ["/metrics", "/health", "/updates"]
        .iter()
        .any(|p| path.starts_with(p))
}

/// Waits until the second replica serves `path` as the first does; fails
/// the test with both answers when it does not within [`PATIENCE`].
pub fn converge(first: &str, second: &str, path: &str, reply: &Reply) {
    if let Err(e) = agree(first, second, path, reply) {
        panic!("{e}");
    }
}

/// [`converge`] as a result. The first is asked again meanwhile: it may
/// move on too (a folder watch).
fn agree(first: &str, second: &str, path: &str, reply: &Reply) -> Result<(), String> {
    if own(path) {
        return Ok(());
    }
    let deadline = Instant::now() + PATIENCE;
    let mut expected = normal(reply);
    loop {
        // Asked under the first one's name, as behind a load balancer: the
        // links and so the ETags are the same then.
        let got = normal(&send_to(second, first, "GET", path, &[], None).unwrap());
        if got == expected {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "the second replica ({second}) does not serve GET {path} as the first ({first}) \
                 within {PATIENCE:?}:\nfirst:  {expected:?}\nsecond: {got:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(25));
        expected = normal(&http(first, "GET", path, &[]));
    }
}

/// Whatever a test wrote, at its end the second replica serves the same
/// documents, every feature of every collection, the world and Caribbean
/// tiles of each and a search as the first (whose caches saw the writes
/// happen, where the second may have loaded afresh).
pub fn settled(first: &str, second: &str) -> Result<(), String> {
    let list = |path: &str, key: &str| -> Result<Vec<String>, String> {
        let doc: serde_json::Value = serde_json::from_slice(&http(first, "GET", path, &[]).bytes)
            .map_err(|e| format!("{path}: {e}"))?;
        Ok(doc[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["id"].as_str().map(str::to_string))
            .collect())
    };
    let mut paths = vec![
        "/documents".to_string(),
        "/collections".to_string(),
        "/search?q=Havana".to_string(),
    ];
    for id in list("/documents", "documents")? {
        paths.push(format!("/documents/{id}?f=json"));
    }
    for id in list("/collections", "collections")? {
        paths.push(format!("/collections/{id}/items?limit=10000"));
        paths.push(format!("/tiles/{id}/0/0/0.mvt"));
        paths.push(format!("/tiles/{id}/4/4/7.mvt"));
    }
    for path in paths {
        agree(first, second, &path, &http(first, "GET", &path, &[]))?;
    }
    Ok(())
}

/// What must be the same on both replicas: the status, the ETag, the
/// content type and the body, less the response's `timeStamp` (the moment
/// it was made, outside the ETag).
#[derive(Debug, PartialEq)]
struct Normal {
    status: u16,
    etag: Option<String>,
    content_type: Option<String>,
    body: Body,
}

#[derive(Debug, PartialEq)]
enum Body {
    Json(serde_json::Value),
    Text(String),
    Bytes(Vec<u8>),
}

fn normal(reply: &Reply) -> Normal {
    let header = |name: &str| {
        reply
            .head
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
    };
    let body = match std::str::from_utf8(&reply.bytes) {
        Err(_) => Body::Bytes(reply.bytes.clone()),
        Ok(text) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(mut value) => {
                if let Some(map) = value.as_object_mut() {
                    map.remove("timeStamp");
                }
                Body::Json(value)
            }
            Err(_) => Body::Text(text.to_string()),
        },
    };
    Normal {
        status: reply.status,
        etag: header("etag: "),
        content_type: header("content-type: "),
        body,
    }
}
