//! A throwaway PostgreSQL + PostGIS cluster for a test, started by
//! `scripts/pg-cluster.sh` (initdb in a temporary directory, a private port,
//! no system service) and stopped when dropped, even after a failed
//! assertion. Missing PostgreSQL fails under `CI` and skips otherwise.

use std::path::PathBuf;
use std::process::Command;

fn script() -> String {
    format!("{}/scripts/pg-cluster.sh", env!("CARGO_MANIFEST_DIR"))
}

pub struct Cluster {
    /// The cluster's directory (removed on stop).
    pub dir: PathBuf,
    /// `postgres://postgres@127.0.0.1:PORT/mapwire`
    pub url: String,
    pub port: String,
    /// With [`Cluster::start_tls`]: the CA that signed the server's
    /// certificate, and a CA that did not.
    pub ca: Option<(PathBuf, PathBuf)>,
    _parent: tempfile::TempDir,
}

impl Cluster {
    /// Starts a cluster, or `None` (skip) when PostgreSQL cannot run here
    /// and `CI` is not set.
    pub fn start() -> Option<Cluster> {
        Cluster::start_with(false)
    }

    /// [`Cluster::start`] with `ssl=on` and a certificate for 127.0.0.1
    /// signed by a CA made for the cluster (the openssl CLI makes them).
    pub fn start_tls() -> Option<Cluster> {
        Cluster::start_with(true)
    }

    fn start_with(tls: bool) -> Option<Cluster> {
        // Under /tmp: when run as root the cluster belongs to `postgres`,
        // who must be able to reach its directory.
        let parent = tempfile::Builder::new()
            .prefix("mapwire-pg-")
            .tempdir_in("/tmp")
            .unwrap();
        let dir = parent.path().join("cluster");
        let out = Command::new("bash")
            .args([&script(), "start", dir.to_str().unwrap()])
            .env("PG_CLUSTER_TLS", if tls { "1" } else { "0" })
            .output()
            .unwrap();
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            if std::env::var_os("CI").is_some() {
                panic!("pg-cluster.sh start failed:\n{err}");
            }
            eprintln!("SKIP: no PostgreSQL cluster here: {err}");
            return None;
        }
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let value = |key: &str| {
            stdout
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map(str::to_string)
        };
        let url = value("PGURL=").unwrap();
        let ca = value("PGCA=").map(|ca| (ca.into(), value("PGOTHERCA=").unwrap().into()));
        let port = url
            .rsplit(':')
            .next()
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_string();
        Some(Cluster {
            dir,
            url,
            port,
            ca,
            _parent: parent,
        })
    }

    /// libpq's key=value connection string of the cluster's database.
    pub fn conninfo(&self) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres dbname=mapwire",
            self.port
        )
    }

    /// `PG:` connection string of GDAL's PostgreSQL driver.
    pub fn gdal(&self) -> String {
        format!("PG:{}", self.conninfo())
    }

    /// Runs SQL with psql, returning its unaligned output.
    pub fn psql(&self, sql: &str) -> String {
        let out = Command::new("psql")
            .args([&self.url, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// A new empty database in the cluster (with PostGIS when asked); its URL.
    pub fn database(&self, name: &str, postgis: bool) -> String {
        self.psql(&format!("CREATE DATABASE {name}"));
        let url = self.url.replace("/mapwire", &format!("/{name}"));
        if postgis {
            let out = Command::new("psql")
                .args([&url, "-q", "-c", "CREATE EXTENSION postgis"])
                .output()
                .unwrap();
            assert!(out.status.success());
        }
        url
    }

    /// Stops and starts the server (`pg_ctl restart -m fast`).
    pub fn restart(&self) {
        self.ctl("restart");
    }

    /// Stops the server, keeping its data (`pg_ctl stop -m fast`).
    pub fn pause(&self) {
        self.ctl("pause");
    }

    /// Starts a paused server again on its port.
    pub fn resume(&self) {
        self.ctl("resume");
    }

    fn ctl(&self, cmd: &str) {
        let out = Command::new("bash")
            .args([&script(), cmd, self.dir.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg-cluster.sh {cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `mapwire serve --store URL` must not start; its message, which must not
/// be a panic.
pub fn serve_fails(url: &str) -> String {
    let out = super::cli::mapwire(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--no-builtin",
        "--store",
        url,
    ]);
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{url} started:\n{text}");
    assert!(!text.contains("panicked"), "{text}");
    text
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .args([&script(), "stop", self.dir.to_str().unwrap()])
            .output();
    }
}
