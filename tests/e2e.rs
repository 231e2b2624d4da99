//! End to end: the real `mapwire` binary on a free port of 127.0.0.1, spoken
//! to over real HTTP by hand-written requests, GDAL (`ogrinfo`, `ogr2ogr`)
//! and OWSLib. A test whose client tool is missing fails when `CI` is set
//! and is skipped with a notice otherwise (`scripts/install-test-tools.sh`
//! installs them).
#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

fn fixtures(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
}

/// A running `mapwire serve`, killed on drop.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(args: &[&str], envs: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mapwire"));
        cmd.args(args)
            .env("RUST_LOG", "mapwire=info,tower_http=info")
            .env("NO_COLOR", "1")
            .env_remove("MAPWIRE_BIND")
            .env_remove("MAPWIRE_DATA")
            // The fixtures stand alone; one test below serves the built-in layers.
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
        Server { child, addr, log }
    }

    fn with_data(dir: &str) -> Server {
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

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// The log once it contains `needle` (the reader thread may lag a little).
    fn log_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let log = self.log_text();
            if log.contains(needle) || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// A plain HTTP/1.1 GET over a TCP socket; the path is sent exactly as given.
fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

fn get(server: &Server, path: &str) -> Reply {
    http(&server.addr, "GET", path, &[])
}

fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

/// Whether a client tool runs; when it does not, fail under CI, skip otherwise.
fn require(tool: &str, probe: &[&str]) -> bool {
    let ok = Command::new(tool)
        .args(probe)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("{tool} {probe:?} is needed when CI is set: run scripts/install-test-tools.sh");
        }
        eprintln!("SKIP: {tool} is not installed (scripts/install-test-tools.sh installs it)");
    }
    ok
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd} {args:?} failed:\n{text}");
    text
}

/// The number of features in a fixture GeoJSON file.
fn fixture_count(id: &str) -> usize {
    let text = std::fs::read_to_string(fixtures("layers").join(format!("{id}.geojson"))).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["features"].as_array().unwrap().len()
}

/// `Feature Count: N` of a layer in a GeoPackage.
fn gpkg_count(file: &Path, layer: &str) -> usize {
    let text = run("ogrinfo", &["-ro", "-so", file.to_str().unwrap(), layer]);
    text.lines()
        .find_map(|l| l.strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no feature count in {text}"))
}

const COLLECTIONS: [&str; 3] = ["events", "places", "routes"];

#[test]
fn serves_the_fixtures_over_real_http() {
    let server = Server::with_data("layers");
    let landing = get(&server, "/");
    assert_eq!(landing.status, 200);
    assert!(landing.body.contains("service-desc"));
    let items = get(
        &server,
        "/collections/events/items?event_type=port_call&datetime=2024-01-01/..",
    );
    assert!(
        items.head.contains("content-type: application/geo+json"),
        "{}",
        items.head
    );
    assert_eq!(json(&items)["numberMatched"], 2);
    assert_eq!(get(&server, "/health").status, 200);
    // Sent raw, the dot segments reach the server and are refused.
    let sneaky = get(&server, "/layers/../Cargo.toml");
    assert_eq!(sneaky.status, 400, "{}", sneaky.body);
    assert_eq!(json(&sneaky)["code"], "InvalidPath");
    let head = http(&server.addr, "HEAD", "/collections", &[]);
    assert_eq!(head.status, 200);
    assert!(head.head.contains("etag: \""));
    let gz = http(
        &server.addr,
        "GET",
        "/layers/events.geojson",
        &[("Accept-Encoding", "gzip")],
    );
    assert!(gz.head.contains("content-encoding: gzip"), "{}", gz.head);
    let metrics = get(&server, "/metrics");
    assert!(metrics.body.contains(
        "mapwire_http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"} 1"
    ));
}

#[test]
fn a_bad_file_is_reported_and_the_others_still_served() {
    let server = Server::with_data("broken");
    let collections = json(&get(&server, "/collections"));
    let ids: Vec<&str> = collections["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["places"]);
    let log = server.log_text();
    assert!(
        log.contains("malformed.geojson:3:97: expected value"),
        "{log}"
    );
    assert!(
        log.contains("projected.geojson:2:") && log.contains("\"crs\" member"),
        "{log}"
    );
    assert!(
        log.contains("latlon.geojson:3:3: feature #1: position [23.1136, -182.3666]"),
        "{log}"
    );
}

#[test]
fn sigterm_shuts_down_gracefully() {
    let mut server = Server::with_data("layers");
    assert_eq!(get(&server, "/health").status, 200);
    run("kill", &["-TERM", &server.child.id().to_string()]);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(server.log_with("stopped").contains("shutting down"));
}

#[test]
fn env_vars_config_file_and_no_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mapwire.toml");
    std::fs::write(&config, "max_limit = 3\ntitle = \"Test server\"\n").unwrap();
    let data = fixtures("layers");
    let server = Server::start(
        &[],
        &[
            ("MAPWIRE_BIND", "127.0.0.1:0"),
            ("MAPWIRE_DATA", data.to_str().unwrap()),
            ("MAPWIRE_CONFIG", config.to_str().unwrap()),
        ],
    );
    assert_eq!(
        json(&get(&server, "/collections/places/items?limit=50"))["numberReturned"],
        3
    );
    assert_eq!(json(&get(&server, "/"))["title"], "Test server");
    // A flag beats the config file; flags work without the subcommand too.
    let flagged = Server::start(
        &[
            "--bind",
            "127.0.0.1:0",
            "--config",
            config.to_str().unwrap(),
            "--max-limit",
            "5",
        ],
        &[("MAPWIRE_DATA", data.to_str().unwrap())],
    );
    assert_eq!(
        json(&get(&flagged, "/collections/places/items?limit=50"))["numberReturned"],
        5
    );
}

#[test]
fn ogrinfo_lists_every_collection() {
    if !require("ogrinfo", &["--version"]) {
        return;
    }
    let server = Server::with_data("layers");
    let text = run(
        "ogrinfo",
        &["-ro", "-q", &format!("OAPIF:{}", server.url())],
    );
    for id in COLLECTIONS {
        assert!(
            text.contains(&format!(": {id} ")),
            "{id} missing from:\n{text}"
        );
    }
}

#[test]
fn ogr2ogr_copies_each_collection_with_its_feature_count() {
    if !require("ogr2ogr", &["--version"]) {
        return;
    }
    let server = Server::with_data("layers");
    let dir = tempfile::tempdir().unwrap();
    for id in COLLECTIONS {
        let out = dir.path().join(format!("{id}.gpkg"));
        // A small page size makes GDAL follow `next` links.
        let src = format!("OAPIF:{}", server.url());
        run(
            "ogr2ogr",
            &[
                "-f",
                "GPKG",
                "-oo",
                "PAGE_SIZE=4",
                out.to_str().unwrap(),
                &src,
                id,
            ],
        );
        assert_eq!(gpkg_count(&out, id), fixture_count(id), "{id}");
    }
}

#[test]
fn gdal_bbox_and_datetime_filters_reach_the_server() {
    if !require("ogr2ogr", &["--version"]) {
        return;
    }
    let server = Server::with_data("layers");
    let dir = tempfile::tempdir().unwrap();
    let src = format!("OAPIF:{}", server.url());
    let cuba = dir.path().join("cuba.gpkg");
    run(
        "ogr2ogr",
        &[
            "-f",
            "GPKG",
            cuba.to_str().unwrap(),
            &src,
            "places",
            "-spat",
            "-85",
            "19",
            "-74",
            "24",
        ],
    );
    assert_eq!(gpkg_count(&cuba, "places"), 3);
    let recent = dir.path().join("recent.gpkg");
    run(
        "ogr2ogr",
        &[
            "-f",
            "GPKG",
            recent.to_str().unwrap(),
            &src,
            "events",
            "-where",
            "start >= '2024-01-01'",
        ],
    );
    assert_eq!(gpkg_count(&recent, "events"), 2);
    // GDAL turned both filters into query parameters (not only client-side).
    let log = server.log_with("datetime=2024-01-01");
    assert!(
        log.contains("/collections/places/items?") && log.contains("bbox=-85"),
        "{log}"
    );
    assert!(log.contains("datetime=2024-01-01"), "{log}");
}

#[test]
fn owslib_pages_through_a_collection_following_next_links() {
    if !require("python3", &["-c", "import owslib.ogcapi.features"]) {
        return;
    }
    let server = Server::with_data("layers");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/owslib_paging.py");
    for (id, page) in [("events", "4"), ("places", "5")] {
        let count = fixture_count(id).to_string();
        let text = run(
            "python3",
            &[script.to_str().unwrap(), &server.url(), id, &count, page],
        );
        assert!(text.contains("each once"), "{text}");
    }
}

#[test]
fn without_options_the_built_in_corpus_is_served() {
    if !require("ogrinfo", &["--version"]) {
        return;
    }
    let server = Server::start(&[], &[("MAPWIRE_NO_BUILTIN", "false")]);
    let collections = json(&get(&server, "/collections"));
    let ids: Vec<&str> = collections["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["countries", "events", "flows", "places"]);
    let agreements = json(&get(
        &server,
        "/collections/events/items?event_type=port_call_agreement",
    ));
    assert!(agreements["numberMatched"].as_u64().unwrap() >= 1);
    // GDAL reads the built-in events layer too.
    let text = run(
        "ogrinfo",
        &["-ro", "-so", &format!("OAPIF:{}", server.url()), "events"],
    );
    assert!(text.contains("event_type"), "{text}");
}
