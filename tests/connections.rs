//! Hostile networks against the real binary: silent and slowloris
//! connections by the thousand, idle keep-alive connections, a client that
//! never finishes its request head, and a shutdown with such a client
//! connected. Each test checks what a client sees (an answer, a closed
//! connection, an exited process), never how fast.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use binary::{Server, fixtures, http};

/// Opens `n` connections; each sends `first` (nothing, or the start of a
/// request head) and then stays open, silent.
fn hold(addr: &str, n: usize, first: &[u8]) -> Vec<TcpStream> {
    // The test holds thousands of sockets: raise its own open-file limit.
    rlimit::increase_nofile_limit(u64::MAX).unwrap();
    (0..n)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            if !first.is_empty() {
                s.write_all(first).unwrap();
            }
            s
        })
        .collect()
}

fn serve(extra: &[&str]) -> Server {
    let data = fixtures("layers");
    let data = data.to_str().unwrap();
    let mut args = vec!["serve", "--bind", "127.0.0.1:0", "--data", data];
    args.extend_from_slice(extra);
    Server::start(&args, &[])
}

/// Whether the server closed `s` (a read ends or fails) within `limit`.
fn closed_within(s: &mut TcpStream, limit: Duration) -> bool {
    s.set_read_timeout(Some(limit)).unwrap();
    let mut buf = [0u8; 64];
    match s.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => matches!(
            e.kind(),
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted
        ),
    }
}

#[test]
fn health_answers_with_1100_silent_and_1100_slowloris_connections_open() {
    // The usual `ulimit -n 1024`, which 1,100 silent connections used to
    // exhaust: the cap now fits under it and the server makes room.
    let data = fixtures("layers");
    let args = [
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--data",
        data.to_str().unwrap(),
    ];
    let server = Server::start_with_file_limit(&args, 1024);
    let silent = hold(&server.addr, 1100, b"");
    let reply = server.get("/health");
    assert_eq!(reply.status, 200, "{}", reply.head);
    let slow = hold(&server.addr, 1100, b"GET /health HTTP/1.1\r\nHost: x\r\n");
    let reply = server.get("/health");
    assert_eq!(reply.status, 200, "{}", reply.head);
    let log = server.log_with("connection cap reached");
    assert!(
        log.contains("max_connections 4096 lowered to 960") && log.contains("max_connections=960"),
        "{log}"
    );
    drop((silent, slow));
}

#[test]
fn health_answers_with_10000_silent_connections_open() {
    let server = serve(&[]);
    let silent = hold(&server.addr, 10_000, b"");
    let reply = server.get("/health");
    assert_eq!(reply.status, 200, "{}", reply.head);
    assert_eq!(server.get("/collections").status, 200);
    drop(silent);
}

#[test]
fn idle_and_half_sent_connections_are_closed() {
    let server = serve(&["--keep-alive-timeout", "0.5", "--header-read-timeout", "1"]);
    // Never a byte: closed once idle for the keep-alive timeout.
    let mut silent = TcpStream::connect(&server.addr).unwrap();
    assert!(closed_within(&mut silent, Duration::from_secs(10)));
    // A request head sent a byte at a time, for ever: the header timeout.
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    let started = Instant::now();
    let mut closed = false;
    for b in b"GET /health HTTP/1.1\r\nX-Pad: "
        .iter()
        .chain([b'a'; 200].iter())
    {
        if slow.write_all(&[*b]).is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() > Duration::from_secs(15) {
            break;
        }
    }
    assert!(
        closed || closed_within(&mut slow, Duration::from_secs(5)),
        "a trickled request head kept its connection"
    );
    // A kept-alive connection answers, then is closed when idle.
    let mut kept = TcpStream::connect(&server.addr).unwrap();
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut buf = [0u8; 4096];
    kept.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let n = kept.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    assert!(closed_within(&mut kept, Duration::from_secs(10)));
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn sigterm_with_a_half_sent_request_exits_after_the_grace_period() {
    let mut server = serve(&["--shutdown-grace", "1"]);
    let _slow = hold(&server.addr, 3, b"GET /health HTTP/1.1\r\nHost: x\r\n");
    // One request in flight on a connection kept alive, too.
    let mut kept = TcpStream::connect(&server.addr).unwrap();
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    server.signal("TERM");
    let status = server
        .wait_exit(Duration::from_secs(20))
        .expect("still running 20 s after SIGTERM with a 1 s grace period");
    assert!(status.success(), "{status:?}");
    assert!(server.log_with("stopped").contains("shutting down"));
}

#[test]
fn head_answers_carry_the_length_of_the_get() {
    let server = serve(&[]);
    for path in [
        "/layers/events.geojson",
        "/collections/events/items?limit=2",
        "/tiles/events/0/0/0.mvt",
        "/tiles/basemap/2/1/1.png",
        "/collections",
        "/nothing/here",
    ] {
        let get = http(&server.addr, "GET", path, &[]);
        let head = http(&server.addr, "HEAD", path, &[]);
        assert_eq!(get.status, head.status, "{path}");
        assert!(head.bytes.is_empty(), "{path}: HEAD sent a body");
        let length = |r: &binary::Reply| {
            r.head
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .map(str::to_string)
        };
        assert_eq!(
            length(&head),
            Some(get.bytes.len().to_string()),
            "{path}: {}",
            head.head
        );
    }
}
