//! The store and the write API end to end: the real binary, real HTTP, GDAL
//! (`ogrinfo`, GDAL's own `validate_gpkg.py`) reading the GeoPackage, also
//! while the server writes to it. A missing tool fails the test when `CI`
//! is set and skips it with a notice otherwise. With `MAPWIRE_TEST_PG` set
//! the same tests run against PostGIS with two replicas
//! (`tests/binary/replica.rs`); GDAL then reads the server's database.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use binary::replica::{self, pg_mode};
use binary::{Reply, Server, http, http_body, require};

const TOKEN: &str = "test-token-0123456789abcdef";

fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

/// A server with a store in its own directory and writes on (with
/// `MAPWIRE_TOKEN` unless `extra` names a token file).
fn writer_server(extra: &[&str]) -> Server {
    let mut args = vec!["serve", "--bind", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    let mut env = vec![("MAPWIRE_NO_BUILTIN", "false")];
    if !extra.contains(&"--token-file") {
        env.push(("MAPWIRE_TOKEN", TOKEN));
    }
    Server::start(&args, &env)
}

fn post(server: &Server, content_type: &str, body: &[u8]) -> Reply {
    let auth = bearer();
    http_body(
        &server.addr,
        "POST",
        "/documents",
        &[("Authorization", &auth), ("Content-Type", content_type)],
        body,
    )
}

fn matched(server: &Server, collection: &str, query: &str) -> u64 {
    json(&server.get(&format!("/collections/{collection}/items?limit=1{query}")))["numberMatched"]
        .as_u64()
        .unwrap()
}

/// `Feature Count: N` of a layer of a store (a GeoPackage file or a `PG:`
/// connection string), as GDAL reads it.
fn ogr_count(store: &str, layer: &str) -> u64 {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-so", store, layer])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ogrinfo failed: {text}");
    text.lines()
        .find_map(|l| l.strip_prefix("Feature Count: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no feature count in {text}"))
}

/// Havana's event tile at z14, where no point is thinned out, and Caracas's
/// at z5 (it has built-in events and is far from Havana).
fn havana_tile() -> String {
    let t = mapwire::tiles::grid::tile_at(-82.38304, 23.13302, 14);
    format!("/tiles/events/{}/{}/{}.mvt", t.z, t.x, t.y)
}
const CARACAS_TILE: &str = "/tiles/events/5/10/15.mvt";

/// The ETag of a response ("" when it has none: a 204 empty tile).
fn etag(server: &Server, path: &str) -> String {
    server
        .get(path)
        .head
        .lines()
        .find_map(|l| l.strip_prefix("etag: "))
        .unwrap_or("")
        .trim()
        .to_string()
}

const HAVANA: &str = "Title: Frigate in Havana\nPublished: 2024-06-12\n\nThe Russian frigate Admiral Gorshkov arrived in Havana on Wednesday for a five-day port call.\n";

#[test]
fn first_start_creates_the_store_that_gdal_reads_with_the_served_counts() {
    if !require("ogrinfo", &["--version"]) {
        return;
    }
    let server = Server::start(
        &[],
        &[
            ("MAPWIRE_NO_BUILTIN", "false"),
            ("MAPWIRE_BIND", "127.0.0.1:0"),
        ],
    );
    let store = server.gdal_store();
    let created = if pg_mode() {
        "created the tables of the store"
    } else {
        assert!(Path::new(&store).exists(), "{}", server.log_text());
        "created the store"
    };
    assert!(server.log_text().contains(created), "{}", server.log_text());
    for layer in ["places", "events", "claims", "flows"] {
        assert_eq!(
            ogr_count(&store, layer),
            matched(&server, layer, ""),
            "{layer}"
        );
    }
    assert_eq!(
        json(&server.get("/documents"))["documents"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    // GDAL's own GeoPackage validator (the PostGIS run has no file).
    let validator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py";
    if !pg_mode() && (Path::new(validator).exists() || std::env::var_os("CI").is_some()) {
        let out = Command::new("python3")
            .args([validator, &store])
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stdout.is_empty(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The second start reads the store instead of extracting again.
    let cwd = server.stop();
    let again = Server::start_in(
        cwd,
        &[],
        &[
            ("MAPWIRE_NO_BUILTIN", "false"),
            ("MAPWIRE_BIND", "127.0.0.1:0"),
        ],
    );
    let log = again.log_text();
    assert!(
        log.contains("opened the store") && !log.contains("created"),
        "{log}"
    );
    assert_eq!(matched(&again, "events", ""), ogr_count(&store, "events"));
}

#[test]
fn writes_need_a_valid_bearer_token() {
    // No token configured: 403 with the way to turn writes on.
    let closed = Server::start(
        &["serve", "--bind", "127.0.0.1:0"],
        &[("MAPWIRE_NO_BUILTIN", "false")],
    );
    let r = post(&closed, "text/plain", HAVANA.as_bytes());
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(
        json(&r)["description"]
            .as_str()
            .unwrap()
            .contains("--token-file")
    );

    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens");
    std::fs::write(&tokens, format!("newsroom {TOKEN}\n")).unwrap();
    let server = writer_server(&["--token-file", tokens.to_str().unwrap()]);
    let before = matched(&server, "events", "");
    let missing = http_body(&server.addr, "POST", "/documents", &[], HAVANA.as_bytes());
    assert_eq!(missing.status, 401);
    assert!(
        missing.head.contains("www-authenticate: bearer"),
        "{}",
        missing.head
    );
    let wrong = http_body(
        &server.addr,
        "POST",
        "/documents",
        &[("Authorization", "Bearer not-the-token-at-all-0000")],
        HAVANA.as_bytes(),
    );
    assert_eq!(wrong.status, 401);
    assert!(wrong.head.contains("invalid_token"), "{}", wrong.head);
    let in_url = http_body(
        &server.addr,
        "POST",
        &format!("/documents?access_token={TOKEN}"),
        &[],
        HAVANA.as_bytes(),
    );
    assert_eq!(in_url.status, 400, "{}", in_url.body);
    assert_eq!(matched(&server, "events", ""), before);
    // CORS lets other origins send the header, never credentials.
    let preflight = http(
        &server.addr,
        "OPTIONS",
        "/documents",
        &[
            ("Origin", "https://example.org"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type",
            ),
        ],
    );
    assert!(
        !preflight
            .head
            .contains("access-control-allow-credentials: true")
    );
    assert!(
        preflight.head.contains("authorization"),
        "{}",
        preflight.head
    );
    // The right token writes, and the log names its owner.
    let ok = post(&server, "text/plain", HAVANA.as_bytes());
    assert_eq!(ok.status, 201, "{}", ok.body);
    assert!(server.log_with("token=newsroom").contains("token=newsroom"));
}

#[test]
fn a_posted_document_is_served_at_once_then_replaced_and_removed() {
    let server = writer_server(&[]);
    let events_before = matched(&server, "events", "");
    let havana_before = etag(&server, &havana_tile());
    let caracas_tile = etag(&server, CARACAS_TILE);
    assert!(
        !caracas_tile.is_empty(),
        "the built-in events have a tile at Caracas"
    );
    let r = post(&server, "text/plain", HAVANA.as_bytes());
    assert_eq!(r.status, 201, "{}", r.body);
    let body = json(&r);
    let id = body["id"].as_str().unwrap().to_string();
    let events = body["events"].as_array().unwrap();
    assert!(!events.is_empty(), "{body}");
    assert!(
        body["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "Havana")
    );
    assert!(
        r.head
            .contains(&format!("location: http://{}/documents/{id}", server.addr))
    );
    // Visible right after the 201: items, the document, its events' tile.
    assert_eq!(
        matched(&server, "events", &format!("&document={id}")),
        events.len() as u64
    );
    assert_eq!(
        matched(&server, "events", ""),
        events_before + events.len() as u64
    );
    let doc = server.get(&format!("/documents/{id}?f=json"));
    assert_eq!(doc.status, 200);
    assert_eq!(json(&doc)["text"], HAVANA);
    let listed = json(&server.get("/documents"));
    assert!(
        listed["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == id.as_str())
    );
    // Havana's z5 tile changed; Caracas's did not (its ETag is the same).
    assert_ne!(etag(&server, &havana_tile()), havana_before);
    assert_eq!(etag(&server, CARACAS_TILE), caracas_tile);
    // The same text again is the same document.
    let again = post(&server, "text/plain", HAVANA.as_bytes());
    assert_eq!(again.status, 200);
    assert_eq!(json(&again)["id"], id.as_str());
    // PUT replaces: Havana's events go, Caracas's come.
    let caracas = "Title: Ships in Caracas\nPublished: 2024-07-01\n\nTwo Russian warships docked in La Guaira, the port of Caracas, on Monday.\n";
    let auth = bearer();
    let put = http_body(
        &server.addr,
        "PUT",
        &format!("/documents/{id}"),
        &[("Authorization", &auth), ("Content-Type", "text/plain")],
        caracas.as_bytes(),
    );
    assert_eq!(put.status, 200, "{}", put.body);
    assert_eq!(
        json(&server.get(&format!("/documents/{id}?f=json")))["text"],
        caracas
    );
    let havana_events = matched(&server, "events", &format!("&document={id}&place=Havana"));
    assert_eq!(havana_events, 0);
    // DELETE removes it and everything extracted from it.
    let del = http(
        &server.addr,
        "DELETE",
        &format!("/documents/{id}"),
        &[("Authorization", &auth)],
    );
    assert_eq!(del.status, 200, "{}", del.body);
    assert_eq!(server.get(&format!("/documents/{id}?f=json")).status, 404);
    assert_eq!(matched(&server, "events", &format!("&document={id}")), 0);
    assert_eq!(matched(&server, "events", ""), events_before);
    let gone = http(
        &server.addr,
        "DELETE",
        &format!("/documents/{id}"),
        &[("Authorization", &auth)],
    );
    assert_eq!(gone.status, 404);
}

#[test]
fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let server = writer_server(&["--max-document-mb", "1"]);
    let auth = bearer();
    let before = (
        matched(&server, "events", ""),
        matched(&server, "places", ""),
    );
    let doc_count = || {
        json(&server.get("/documents"))["documents"]
            .as_array()
            .unwrap()
            .len()
    };
    let docs_before = doc_count();
    let big = vec![b'a'; 1024 * 1024 + 10];
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        ("POST", "text/plain", Vec::new(), 400, "empty"),
        (
            "POST",
            "text/plain",
            b"Caf\xe9 in Havana".to_vec(),
            400,
            "UTF-8",
        ),
        ("POST", "text/plain", b"Havana\0\0".to_vec(), 400, "binary"),
        ("POST", "text/plain", big, 413, "limit"),
        (
            "POST",
            "text/plain",
            b"Title: A\nPublished: 12/06/2024\n\nBody in Havana.".to_vec(),
            400,
            "line 2",
        ),
        (
            "POST",
            "text/plain",
            b"Title: A\nRussian ships in Havana.\n\nBody.".to_vec(),
            400,
            "line 2",
        ),
        (
            "POST",
            "application/json",
            br#"{"text":"Havana","author":"me"}"#.to_vec(),
            400,
            "author",
        ),
        (
            "POST",
            "application/json",
            br#"{"text":["Havana"]}"#.to_vec(),
            400,
            "text",
        ),
        // A NUL escaped in JSON is a NUL byte too (PostgreSQL refused it
        // with a 503 before the API did with a 400).
        (
            "POST",
            "application/json",
            br#"{"text":"Ships in Havana \u0000 today"}"#.to_vec(),
            400,
            "NUL",
        ),
        (
            "POST",
            "application/json",
            b"{not json".to_vec(),
            400,
            "InvalidBody",
        ),
        ("POST", "image/png", b"\x89PNG".to_vec(), 415, "text/plain"),
        (
            "PUT",
            "text/plain",
            HAVANA.as_bytes().to_vec(),
            404,
            "no-such-document",
        ),
    ];
    for (method, kind, body, status, needle) in cases {
        let path = if method == "PUT" {
            "/documents/no-such-document"
        } else {
            "/documents"
        };
        let r = http_body(
            &server.addr,
            method,
            path,
            &[("Authorization", &auth), ("Content-Type", kind)],
            &body,
        );
        assert_eq!(r.status, status, "{method} {kind}: {}", r.body);
        let j = json(&r);
        assert!(j["code"].is_string(), "{}", r.body);
        assert!(
            r.body.contains(needle),
            "{method} {kind}: {needle:?} not in {}",
            r.body
        );
    }
    for path in [
        "/documents/a%2Fb",
        "/documents/..",
        "/documents/a%00b",
        "/documents/%2e%2e",
    ] {
        let r = http(&server.addr, "DELETE", path, &[("Authorization", &auth)]);
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert!(json(&r)["code"].is_string());
    }
    assert_eq!(
        (
            matched(&server, "events", ""),
            matched(&server, "places", "")
        ),
        before
    );
    assert_eq!(doc_count(), docs_before);
    // A document naming no place is stored, with empty lists.
    let plain = post(
        &server,
        "text/plain",
        b"Title: Markets\n\nShares rose slightly on Tuesday.",
    );
    assert_eq!(plain.status, 201, "{}", plain.body);
    let j = json(&plain);
    assert_eq!(j["events"], serde_json::json!([]));
    assert_eq!(j["mentions"], serde_json::json!([]));
    assert_eq!(doc_count(), docs_before + 1);
}

/// `/updates` of a server, read up to its `hello`.
fn updates(addr: &str) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /updates HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut saw_hello = false;
    while reader.read_line(&mut line).unwrap() > 0 {
        if line.starts_with("event: hello") {
            saw_hello = true;
            break;
        }
        line.clear();
    }
    assert!(saw_hello, "no hello from {addr}");
    reader
}

/// The data of the first update that names `id`, or `Null` after 15 s.
fn update_naming(reader: &mut BufReader<TcpStream>, id: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut line = String::new();
    while Instant::now() < deadline && reader.read_line(&mut line).unwrap() > 0 {
        if let Some(d) = line.strip_prefix("data: ")
            && d.contains(id)
        {
            return serde_json::from_str(d.trim()).unwrap();
        }
        line.clear();
    }
    serde_json::Value::Null
}

#[test]
fn the_updates_stream_announces_a_write() {
    let server = writer_server(&[]);
    // In the PostGIS run the second replica, which did not take the write,
    // announces it too.
    let mut streams: Vec<_> = std::iter::once(&server)
        .chain(server.second())
        .map(|s| (s.addr.clone(), updates(&s.addr)))
        .collect();
    let r = post(&server, "text/plain", HAVANA.as_bytes());
    assert_eq!(r.status, 201);
    let id = json(&r)["id"].as_str().unwrap().to_string();
    for (addr, reader) in &mut streams {
        let update = update_naming(reader, &id);
        assert!(
            update["layers"]
                .as_array()
                .is_some_and(|l| l.iter().any(|l| l == "events")),
            "{addr}: {update}"
        );
    }
}

#[test]
fn gdal_reads_the_store_while_the_server_writes() {
    if !require("ogrinfo", &["--version"]) {
        return;
    }
    let server = writer_server(&[]);
    let store = server.gdal_store();
    let paragraphs = binary::news::paragraphs();
    let addr = server.addr.clone();
    let writer = std::thread::spawn(move || {
        let auth = bearer();
        let mut created = 0;
        for n in 0..40 {
            let (_, text) = binary::news::document(&paragraphs, 7, n);
            let r = http_body(
                &addr,
                "POST",
                "/documents",
                &[("Authorization", &auth), ("Content-Type", "text/plain")],
                text.as_bytes(),
            );
            assert_eq!(r.status, 201, "{}", r.body);
            created += 1;
        }
        created
    });
    // ogrinfo opens and reads the file again and again meanwhile.
    let mut reads = 0;
    while !writer.is_finished() {
        for layer in ["events", "places", "flows"] {
            ogr_count(&store, layer);
        }
        reads += 1;
    }
    assert_eq!(writer.join().unwrap(), 40);
    assert!(reads > 0);
    for layer in ["places", "events", "claims", "flows"] {
        assert_eq!(
            ogr_count(&store, layer),
            matched(&server, layer, ""),
            "{layer}"
        );
    }
}

#[test]
fn a_store_that_cannot_be_used_stops_the_start_and_is_left_alone() {
    // About GeoPackage files (stamped, corrupted, not SQLite): the PostGIS
    // run has no file to spoil. `unusable_databases_stop_the_start_with_the_
    // reason` in tests/pg_replicas.rs is its PostGIS counterpart.
    if pg_mode() {
        eprintln!("SKIP in the PostGIS run: a test of GeoPackage files");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.gpkg");
    // A real store, then stamped as written by a newer mapwire.
    let status = Command::new(env!("CARGO_BIN_EXE_mapwire"))
        .args(["ingest", "--store", newer.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(status.status.success());
    let conn = rusqlite::Connection::open(&newer).unwrap();
    conn.execute(
        "UPDATE mapwire_meta SET value = '99' WHERE key = 'schema_version'",
        [],
    )
    .unwrap();
    drop(conn);
    let corrupt = dir.path().join("corrupt.gpkg");
    let mut bytes = std::fs::read(&newer).unwrap();
    for b in bytes.iter_mut().skip(4096).step_by(7) {
        *b = 0x5a;
    }
    std::fs::write(&corrupt, &bytes).unwrap();
    let text = dir.path().join("text.gpkg");
    std::fs::write(&text, "these are my notes, not a GeoPackage\n").unwrap();
    let cases = [
        (&newer, "newer mapwire"),
        (&corrupt, "malformed"),
        (&text, "not an SQLite database"),
    ];
    for (file, reason) in cases {
        let before = std::fs::read(file).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_mapwire"))
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--store",
                file.to_str().unwrap(),
            ])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{stderr}");
        assert!(stderr.contains(file.to_str().unwrap()), "{stderr}");
        assert!(stderr.contains(reason), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(
            std::fs::read(file).unwrap(),
            before,
            "{} changed",
            file.display()
        );
    }
}

#[test]
fn a_store_from_another_extractor_is_re_extracted_in_the_background() {
    let first = Server::start(
        &[],
        &[
            ("MAPWIRE_NO_BUILTIN", "false"),
            ("MAPWIRE_BIND", "127.0.0.1:0"),
        ],
    );
    let events = matched(&first, "events", "");
    let cwd = first.stop();
    // As if an older mapwire had extracted the rows.
    store_sql(
        cwd.path(),
        "UPDATE documents SET extractor_version = '0+old'",
    );
    let store = cwd.path().to_path_buf();
    let server = Server::start_in(
        cwd,
        &[],
        &[
            ("MAPWIRE_NO_BUILTIN", "false"),
            ("MAPWIRE_BIND", "127.0.0.1:0"),
        ],
    );
    // The gazetteer loads first: allow a slow machine its time.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut log = server.log_text();
    while !log.contains("re-extraction done") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        log = server.log_text();
    }
    assert!(
        log.contains("re-extracting documents stored by another extractor version"),
        "{log}"
    );
    assert!(log.contains("re-extraction done"), "{log}");
    assert_eq!(matched(&server, "events", ""), events);
    let stale = store_sql(
        &store,
        "SELECT count(*) FROM documents WHERE extractor_version = '0+old'",
    );
    assert_eq!(stale, "0");
    let version = store_sql(
        &store,
        "SELECT value FROM mapwire_meta WHERE key = 'extractor_version'",
    );
    assert_eq!(version, mapwire::ingest::EXTRACTOR_VERSION);
}

/// Runs SQL on the store of a server's working directory (the GeoPackage,
/// or the database in the PostGIS run); the first column of the first row
/// as text, "" when there is none.
fn store_sql(cwd: &Path, sql: &str) -> String {
    if let Some(url) = replica::url_of(cwd) {
        return binary::run_client(Command::new("psql").args([
            &url,
            "-qAt",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        ]))
        .trim()
        .to_string();
    }
    use rusqlite::types::Value;
    let conn = rusqlite::Connection::open(cwd.join("mapwire.gpkg")).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let mut rows = stmt.query([]).unwrap();
    match rows.next().unwrap().map(|r| r.get::<_, Value>(0).unwrap()) {
        Some(Value::Integer(n)) => n.to_string(),
        Some(Value::Text(s)) => s,
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}
