//! Test support for the end-to-end tests: the real `mapwire` binary on a
//! free port of 127.0.0.1, plain HTTP/1.1 over a socket, and the rule for
//! client tools (missing: fail when `CI` is set, skip otherwise).
#![allow(dead_code, clippy::panic, clippy::unwrap_used)]

pub mod cli;
pub mod news;
pub mod pg;
pub mod replica;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// A directory of `tests/fixtures`.
pub fn fixtures(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
}

/// A running `mapwire serve`, killed on drop. It runs in a temporary
/// directory of its own, so the store it makes by default (`./mapwire.gpkg`)
/// never lands in the repository.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    log: Arc<Mutex<Vec<String>>>,
    /// The working directory (removed on drop).
    pub cwd: tempfile::TempDir,
    /// In the PostGIS run: the second replica on the same database, which
    /// every `get` checks too (see [`replica`]).
    second: Option<Box<Server>>,
}

impl Server {
    /// Starts the binary with `args` and extra environment; the fixtures
    /// stand alone, so the built-in layers are off unless `envs` says
    /// otherwise.
    pub fn start(args: &[&str], envs: &[(&str, &str)]) -> Server {
        Server::start_in(tempfile::tempdir().unwrap(), args, envs)
    }

    /// [`Server::start`] in the working directory `cwd`.
    /// In the PostGIS run a server that keeps a store gets a database of
    /// its own (the same again when started in the same `cwd`) and a
    /// second replica.
    pub fn start_in(cwd: tempfile::TempDir, args: &[&str], envs: &[(&str, &str)]) -> Server {
        let bin = || Command::new(env!("CARGO_BIN_EXE_mapwire"));
        let Some(plan) = replica::plan(cwd.path(), args, envs) else {
            return Server::spawn(bin(), cwd, args, envs);
        };
        let mut first = Server::spawn(bin(), cwd, &strs(&plan.args), &pairs(&plan.envs));
        let second = Server::spawn(
            bin(),
            tempfile::tempdir().unwrap(),
            &strs(&plan.second_args),
            &pairs(&plan.second_envs),
        );
        first.second = Some(Box::new(second));
        first
    }

    /// The second replica, in the PostGIS run.
    pub fn second(&self) -> Option<&Server> {
        self.second.as_deref()
    }

    /// The store as GDAL opens it: the GeoPackage in the working directory,
    /// or in the PostGIS run the server's database.
    pub fn gdal_store(&self) -> String {
        match replica::url_of(self.cwd.path()) {
            Some(url) => replica::gdal(&url),
            None => self.cwd.path().join("mapwire.gpkg").display().to_string(),
        }
    }

    /// Like [`Server::start`], under an open-file limit of `files` (soft and
    /// hard, as `ulimit -n` sets it for a shell and all it runs).
    pub fn start_with_file_limit(args: &[&str], files: u32) -> Server {
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            &format!("ulimit -n {files} && exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_mapwire"),
        ]);
        Server::spawn(cmd, tempfile::tempdir().unwrap(), args, &[])
    }

    fn spawn(
        mut cmd: Command,
        cwd: tempfile::TempDir,
        args: &[&str],
        envs: &[(&str, &str)],
    ) -> Server {
        cmd.current_dir(cwd.path())
            .args(args)
            .env("RUST_LOG", "mapwire=info,tower_http=info")
            .env("NO_COLOR", "1")
            .env_remove("MAPWIRE_BIND")
            .env_remove("MAPWIRE_DATA")
            .env_remove("MAPWIRE_STORE")
            .env_remove("MAPWIRE_TOKEN")
            .env_remove("MAPWIRE_TOKEN_FILE")
            .env_remove("MAPWIRE_WATCH")
            .env("MAPWIRE_NO_BUILTIN", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let _ = tx.send(rest.trim_end_matches('/').to_string());
                }
                sink.lock().unwrap().push(line);
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| {
                let _ = child.kill();
                panic!("server did not start: {:?}", log.lock().unwrap())
            });
        Server {
            child,
            addr,
            log,
            cwd,
            second: None,
        }
    }

    /// Serves the layers of `tests/fixtures/{dir}`.
    pub fn with_data(dir: &str) -> Server {
        let data = fixtures(dir);
        Server::start(
            &[
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--data",
                data.to_str().unwrap(),
            ],
            &[],
        )
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A GET; in the PostGIS run the second replica must serve the same.
    pub fn get(&self, path: &str) -> Reply {
        let reply = http(&self.addr, "GET", path, &[]);
        if let Some(second) = &self.second {
            replica::converge(&self.addr, &second.addr, path, &reply);
        }
        reply
    }

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// The log once it contains `needle` (the reader thread may lag a little).
    pub fn log_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let log = self.log_text();
            if log.contains(needle) || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends a signal to the server process (`kill -SIG pid`).
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Stops the server with SIGTERM and hands back its working directory
    /// (to start another server on the same store).
    pub fn stop(mut self) -> tempfile::TempDir {
        self.second = None;
        self.signal("TERM");
        self.wait_exit(Duration::from_secs(20))
            .expect("the server did not stop on SIGTERM");
        std::mem::replace(&mut self.cwd, tempfile::tempdir().unwrap())
    }

    /// The working directory of a server already stopped (or killed).
    pub fn into_cwd(mut self) -> tempfile::TempDir {
        self.second = None;
        self.kill9();
        std::mem::replace(&mut self.cwd, tempfile::tempdir().unwrap())
    }

    /// `kill -9`: the process dies at once, mid-write if it was writing.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to exit, at most `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

impl Drop for Server {
    fn drop(&mut self) {
        // The PostGIS run checks the replicas' final state, unless the test
        // failed already or stopped the first replica itself.
        let check = match &self.second {
            Some(second)
                if !std::thread::panicking() && matches!(self.child.try_wait(), Ok(None)) =>
            {
                replica::settled(&self.addr, &second.addr)
            }
            _ => Ok(()),
        };
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Err(e) = check {
            panic!("at the end of the test: {e}");
        }
    }
}

/// A response: status, lower-cased head, body (as bytes and as text).
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub bytes: Vec<u8>,
    pub body: String,
}

/// A plain HTTP/1.1 request over a TCP socket; the path is sent exactly as
/// given (no client normalises it first).
pub fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    send(addr, method, path, headers, None).unwrap()
}

/// A request with a body (`Content-Length` is added).
pub fn http_body(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    send(addr, method, path, headers, Some(body)).unwrap()
}

/// A request; an error when the connection fails (a server killed on
/// purpose, for instance).
pub fn send(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> std::io::Result<Reply> {
    send_to(addr, addr, method, path, headers, body)
}

/// [`send`] to `addr` with `host` in the `Host` header (as a load balancer
/// in front of replicas sends it).
pub fn send_to(
    addr: &str,
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(body) = body {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body.unwrap_or_default());
    stream.write_all(&bytes)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n");
    let (head, bytes) = match split {
        Some(i) => (&raw[..i], raw[i + 4..].to_vec()),
        None => (&raw[..], Vec::new()),
    };
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if status == 0 {
        return Err(std::io::Error::other("no HTTP status line"));
    }
    Ok(Reply {
        status,
        head,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    })
}

/// Whether a client tool runs; when it does not, fail under CI, skip
/// otherwise (with a notice).
pub fn require(tool: &str, probe: &[&str]) -> bool {
    let ok = Command::new(tool)
        .args(probe)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("{tool} {probe:?} is needed when CI is set: run scripts/install-test-tools.sh");
        }
        eprintln!(
            "SKIP: {tool} {probe:?} does not run (scripts/install-test-tools.sh installs it)"
        );
    }
    ok
}

/// Runs a client command; returns its output, or fails the test with it.
pub fn run_client(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}
