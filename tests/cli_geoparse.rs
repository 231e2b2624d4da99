//! `mapwire geoparse` as a user runs it: the real binary, real files, bad
//! input included.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn mapwire(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mapwire"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mapwire");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn file_with(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new()
        .suffix(".txt")
        .tempfile()
        .expect("temp file");
    f.write_all(bytes).expect("write");
    f
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn a_document_file_gives_mentions_with_file_offsets() {
    let f =
        file_with("Title: Test\nPublished: 2020-01-02\n\nTroops landed in Caracas.\n".as_bytes());
    let v = json(&mapwire(&["geoparse", f.path().to_str().unwrap()], b""));
    let m = &v["mentions"][0];
    assert_eq!(m["text"], "Caracas");
    // Offsets count characters of the whole file, headers included.
    assert_eq!(m["start"], 52);
    assert_eq!(m["end"], 59);
    for field in [
        "name",
        "gazetteer_id",
        "kind",
        "country",
        "lat",
        "lon",
        "confidence",
    ] {
        assert!(!m[field].is_null(), "{field} missing in {m}");
    }
}

#[test]
fn standard_input_with_a_dash() {
    let v = json(&mapwire(&["geoparse", "-"], "Talks in Havana.".as_bytes()));
    assert_eq!(v["mentions"][0]["name"], "Havana");
}

#[test]
fn jsonl_keeps_ids_and_order() {
    let input = concat!(
        r#"{"id": "b", "text": "Moscow and Minsk"}"#,
        "\n",
        r#"{"id": 7, "text": "nothing here"}"#,
        "\n",
        r#"{"id": "a", "text": "Kiev"}"#,
        "\n"
    );
    let out = mapwire(&["geoparse", "--jsonl"], input.as_bytes());
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "b");
    assert_eq!(lines[0]["mentions"].as_array().unwrap().len(), 2);
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[1]["mentions"], serde_json::json!([]));
    assert_eq!(lines[2]["mentions"][0]["name"], "Kyiv");
}

#[test]
fn a_bad_jsonl_line_is_an_error_naming_the_line() {
    let out = mapwire(
        &["geoparse", "--jsonl"],
        b"{\"id\": 1, \"text\": \"ok\"}\nnot json\n",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn invalid_utf8_is_refused_with_the_file_name() {
    let f = file_with(b"Caracas \xff\xfe bad");
    let out = mapwire(&["geoparse", f.path().to_str().unwrap()], b"");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(f.path().to_str().unwrap()) && err.contains("not UTF-8"),
        "{err}"
    );
}

#[test]
fn a_binary_file_is_refused() {
    let f = file_with(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3]);
    let out = mapwire(&["geoparse", f.path().to_str().unwrap()], b"");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("binary") || err.contains("not UTF-8"), "{err}");
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let out = mapwire(&["geoparse", "/nonexistent/doc.txt"], b"");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/doc.txt"));
}

#[test]
fn an_empty_file_has_no_mentions() {
    let f = file_with(b"");
    let v = json(&mapwire(&["geoparse", f.path().to_str().unwrap()], b""));
    assert_eq!(v["mentions"], serde_json::json!([]));
}

#[test]
fn malformed_headers_are_a_warning_and_the_text_is_still_parsed() {
    let f = file_with(b"Title: T\nPublished: last spring\n\nShips reached Havana.");
    let out = mapwire(&["geoparse", f.path().to_str().unwrap()], b"");
    let v = json(&out);
    assert_eq!(v["mentions"][0]["name"], "Havana");
    assert!(String::from_utf8_lossy(&out.stderr).contains("last spring"));
}

#[test]
fn a_50_mb_file_is_parsed() {
    let paragraph = "Russian bombers landed in Caracas, Venezuela, and ships called at Havana.\n";
    let copies = 50 * 1024 * 1024 / paragraph.len() + 1;
    let f = file_with(paragraph.repeat(copies).as_bytes());
    let v = json(&mapwire(&["geoparse", f.path().to_str().unwrap()], b""));
    let mentions = v["mentions"].as_array().unwrap();
    assert_eq!(mentions.len(), copies * 4);
    let last = mentions.last().unwrap();
    assert_eq!(last["text"], "Havana");
}
