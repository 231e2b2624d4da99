//! TLS to PostgreSQL as libpq's `sslmode` means it, against a real server:
//! a throwaway cluster with `ssl=on` and a certificate for 127.0.0.1 signed
//! by a CA the test makes with the openssl CLI (`scripts/pg-cluster.sh`
//! with `PG_CLUSTER_TLS=1`). A missing PostgreSQL or openssl fails the
//! test when `CI` is set and skips it otherwise.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::time::{Duration, Instant};

use binary::pg::{Cluster, serve_fails as start_fails};
use binary::{Server, require};

/// A replica on `url`, which fills an empty database with the built-in
/// corpus; pre-building off (not what this is about).
fn replica(url: &str) -> Server {
    Server::start(
        &["serve", "--bind", "127.0.0.1:0", "--store", url],
        &[("MAPWIRE_NO_BUILTIN", "false"), ("MAPWIRE_PREWARM_MB", "0")],
    )
}

fn events(server: &Server) -> u64 {
    let reply = server.get("/collections/events/items?limit=1");
    let v: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    v["numberMatched"].as_u64().unwrap()
}

/// The change feed's and the pool's connections of mapwire, as (last
/// query, encrypted) rows of the server's own view.
fn mapwire_sessions(cluster: &Cluster) -> Vec<(String, bool)> {
    cluster
        .psql(
            "SELECT a.query, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
             WHERE a.application_name = 'mapwire' ORDER BY a.query",
        )
        .lines()
        .map(|l| {
            let (query, ssl) = l.rsplit_once('|').unwrap();
            (query.to_string(), ssl == "t")
        })
        .collect()
}

/// Waits (bounded) for the replica's sessions to show up in the server's view.
fn sessions_of_a_replica(cluster: &Cluster) -> Vec<(String, bool)> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let sessions = mapwire_sessions(cluster);
        if sessions.len() >= 2 || Instant::now() > deadline {
            return sessions;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn tls_is_used_as_sslmode_asks_and_a_wrong_ca_stops_the_start() {
    if !require("openssl", &["version"]) {
        return;
    }
    let Some(cluster) = Cluster::start_tls() else {
        return;
    };
    let (ca, other_ca) = cluster.ca.clone().unwrap();
    let (ca, other_ca) = (ca.to_str().unwrap(), other_ca.to_str().unwrap());

    // require: encrypted, the certificate not checked; both the change
    // feed and the pool's connections.
    let a = replica(&format!("{}?sslmode=require", cluster.url));
    assert!(events(&a) > 0);
    let sessions = sessions_of_a_replica(&cluster);
    // The change feed's connection (which also checked the tables, so
    // its last query varies) and at least one of the pool's.
    assert!(
        sessions.len() >= 2,
        "the change feed and a pool connection: {sessions:?}"
    );
    assert!(sessions.iter().all(|(_, ssl)| *ssl), "{sessions:?}");
    drop(a);

    // verify-full with the CA that signed the certificate, given in the
    // URL or as PGSSLROOTCERT.
    let b = replica(&format!(
        "{}?sslmode=verify-full&sslrootcert={ca}",
        cluster.url
    ));
    let stored = events(&b);
    assert!(stored > 0);
    drop(b);
    let c = Server::start(
        &["serve", "--bind", "127.0.0.1:0", "--store", &cluster.url],
        &[
            ("MAPWIRE_NO_BUILTIN", "true"),
            ("MAPWIRE_PREWARM_MB", "0"),
            ("PGSSLMODE", "verify-full"),
            ("PGSSLROOTCERT", ca),
        ],
    );
    assert_eq!(events(&c), stored);
    drop(c);

    // The certificate names 127.0.0.1, not `localhost`: verify-full
    // refuses the name, verify-ca (the chain only) accepts it.
    let by_name = cluster.url.replace("@127.0.0.1:", "@localhost:");
    let e = start_fails(&format!("{by_name}?sslmode=verify-full&sslrootcert={ca}"));
    assert!(
        e.contains("TLS") && e.contains("not valid for name \"localhost\""),
        "{e}"
    );
    let d = replica(&format!("{by_name}?sslmode=verify-ca&sslrootcert={ca}"));
    assert_eq!(events(&d), stored);
    drop(d);

    // verify-full or verify-ca with a CA that did not sign it: no start,
    // a message that says TLS and certificate, never the password.
    let secret = cluster.url.replace("postgres@", "postgres:hunter2@");
    for mode in ["verify-full", "verify-ca"] {
        let e = start_fails(&format!("{secret}?sslmode={mode}&sslrootcert={other_ca}"));
        assert!(
            e.contains("TLS") && e.contains("certificate") && e.contains(mode),
            "{e}"
        );
        assert!(!e.contains("hunter2"), "{e}");
    }
    // require with a root file checks the chain, as libpq does.
    let e = start_fails(&format!(
        "{}?sslmode=require&sslrootcert={other_ca}",
        cluster.url
    ));
    assert!(e.contains("certificate"), "{e}");
    // A root file that is not there is named.
    let e = start_fails(&format!(
        "{}?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
        cluster.url
    ));
    assert!(e.contains("/nonexistent/ca.pem"), "{e}");
    // An sslmode libpq does not know.
    let e = start_fails(&format!("{}?sslmode=verify", cluster.url));
    assert!(e.contains("sslmode") && e.contains("verify-full"), "{e}");
}

#[test]
fn require_against_a_server_without_tls_fails_clearly() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let e = start_fails(&format!("{}?sslmode=require", cluster.url));
    assert!(
        e.contains("TLS") && e.contains("sslmode=require") && e.contains("does not support"),
        "{e}"
    );
    // prefer (libpq's default) falls back to an unencrypted session.
    let a = replica(&format!("{}?sslmode=prefer", cluster.url));
    assert!(events(&a) > 0);
}
