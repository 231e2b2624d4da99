//! `--pg-pool-size` and `--pg-statement-timeout` (and their variables and
//! config-file keys): refused when out of range, and honoured by a real
//! PostgreSQL (a throwaway cluster of `scripts/pg-cluster.sh`). A missing
//! PostgreSQL fails the test when `CI` is set and skips it otherwise.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use binary::pg::Cluster;
use binary::{Reply, Server, send};

const TOKEN: &str = "options-token-0123456789abcdef";

fn stderr_of(args: &[&str], envs: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mapwire"));
    cmd.args(args).env("NO_COLOR", "1");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !out.status.success(),
        "{args:?} {envs:?} was accepted:\n{text}"
    );
    assert!(!text.contains("panicked"), "{text}");
    text
}

#[test]
fn out_of_range_pg_options_are_refused_at_the_command_line() {
    let serve = ["serve", "--bind", "127.0.0.1:0", "--no-builtin"];
    fn with<'a>(serve: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
        [serve, extra].concat()
    }
    let e = stderr_of(&with(&serve, &["--pg-pool-size", "0"]), &[]);
    assert!(
        e.contains("--pg-pool-size") && e.contains("between 1 and 1000"),
        "{e}"
    );
    let e = stderr_of(&with(&serve, &["--pg-pool-size", "many"]), &[]);
    assert!(
        e.contains("--pg-pool-size") && e.contains("\"many\""),
        "{e}"
    );
    for bad in ["0", "-3", "86401", "1e9", "NaN"] {
        let flag = format!("--pg-statement-timeout={bad}");
        let e = stderr_of(&with(&serve, &[&flag]), &[]);
        assert!(
            e.contains("--pg-statement-timeout") && e.contains("between 0.01 and 86400 seconds"),
            "{bad}: {e}"
        );
    }
    // The environment variables, for ingest too.
    let e = stderr_of(
        &["ingest", "--store", "postgres://127.0.0.1:1/x"],
        &[("MAPWIRE_PG_POOL_SIZE", "5000")],
    );
    assert!(e.contains("between 1 and 1000"), "{e}");
    let e = stderr_of(
        &["ingest", "--store", "postgres://127.0.0.1:1/x"],
        &[("MAPWIRE_PG_STATEMENT_TIMEOUT", "0")],
    );
    assert!(e.contains("0 would mean no limit"), "{e}");
    // The config file's keys.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mapwire.toml");
    std::fs::write(&config, "pg_statement_timeout = 0.0\n").unwrap();
    let e = stderr_of(&with(&serve, &["--config", config.to_str().unwrap()]), &[]);
    assert!(
        e.contains("pg_statement_timeout") && e.contains("0 would mean no limit"),
        "{e}"
    );
}

fn post(addr: &str, n: usize) -> std::io::Result<Reply> {
    let auth = format!("Bearer {TOKEN}");
    // A different text each time: an identical one would be a no-op.
    let text = format!(
        "Title: Port call {n}\nPublished: 2025-03-04\n\nThe Russian frigate Admiral Makarov \
         arrived in La Guaira, Venezuela, on call number {n}.\n"
    );
    send(
        addr,
        "POST",
        "/documents",
        &[("Authorization", &auth), ("Content-Type", "text/plain")],
        Some(text.as_bytes()),
    )
}

/// A psql session holding the revision row of `mapwire_meta`, which every
/// write updates first: until it ends, each write waits on the lock.
fn hold_the_revision_row(cluster: &Cluster) -> Child {
    let child = Command::new("psql")
        .args([
            &cluster.url,
            "-q",
            "-c",
            "BEGIN",
            "-c",
            "SELECT 1 FROM mapwire_meta WHERE key = 'revision' FOR UPDATE",
            "-c",
            "SELECT pg_sleep(120)",
        ])
        .env("PGAPPNAME", "holder")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while cluster.psql(
        "SELECT count(*) FROM pg_stat_activity
         WHERE application_name = 'holder' AND query LIKE 'SELECT pg_sleep%'",
    ) != "1"
    {
        assert!(Instant::now() < deadline, "psql did not take the lock");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// (mapwire's sessions, those of them waiting on a lock), as the server sees them.
fn sessions(cluster: &Cluster) -> (usize, usize) {
    let row = cluster.psql(
        "SELECT count(*), count(*) FILTER (WHERE wait_event_type = 'Lock')
         FROM pg_stat_activity WHERE application_name = 'mapwire'",
    );
    let (all, waiting) = row.split_once('|').unwrap();
    (all.parse().unwrap(), waiting.parse().unwrap())
}

#[test]
fn the_pool_size_and_the_statement_timeout_are_honoured() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    const POOL: usize = 2;
    const WRITERS: usize = 6;
    let server = Server::start(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--store",
            &cluster.url,
            "--pg-pool-size",
            &POOL.to_string(),
            "--pg-statement-timeout",
            "1.5",
        ],
        &[
            ("MAPWIRE_TOKEN", TOKEN),
            ("MAPWIRE_NO_BUILTIN", "false"),
            ("MAPWIRE_PREWARM_MB", "0"),
        ],
    );
    // Unhindered, a write goes through.
    assert_eq!(post(&server.addr, 0).unwrap().status, 201);

    let mut holder = hold_the_revision_row(&cluster);
    let writers: Vec<_> = (1..=WRITERS)
        .map(|n| {
            let addr = server.addr.clone();
            std::thread::spawn(move || post(&addr, n))
        })
        .collect();
    // While the writes wait, the server never sees more than the pool and
    // the change feed; and the pool is full: each of its connections waits.
    let (mut most, mut most_waiting) = (0, 0);
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        let (all, waiting) = sessions(&cluster);
        most = most.max(all);
        most_waiting = most_waiting.max(waiting);
        std::thread::sleep(Duration::from_millis(25));
    }
    let replies: Vec<Reply> = writers
        .into_iter()
        .map(|w| w.join().unwrap().unwrap())
        .collect();
    assert!(most <= POOL + 1, "{most} sessions with a pool of {POOL}");
    assert_eq!(most_waiting, POOL, "the pool's connections all waited");
    // The server cancelled each waiting write at the timeout: 503, saying so.
    for r in &replies {
        assert_eq!(r.status, 503, "{}", r.body);
        assert!(r.body.contains("statement timeout"), "{}", r.body);
    }
    // The lock gone, writes go through again, on the same pool.
    let _ = holder.kill();
    let _ = holder.wait();
    cluster.psql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
         WHERE application_name = 'holder'",
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = post(&server.addr, WRITERS + 1).unwrap();
        if r.status == 201 {
            break;
        }
        assert!(Instant::now() < deadline, "{} {}", r.status, r.body);
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(sessions(&cluster).0 <= POOL + 1);
}
