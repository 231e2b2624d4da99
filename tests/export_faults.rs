//! Bad input and faults of `mapwire export` and `serve --tiles`: a clear
//! message naming the file and the reason, a non-zero exit, and never a
//! partial archive or a temporary file left behind.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::path::Path;
use std::process::{Command, Output};

use binary::cli::{export_fixtures, mapwire};
use binary::fixtures;

/// Runs `mapwire serve` that is expected to exit at start; a server that
/// starts after all is killed after 60 s (and the test fails on its status).
fn serve_expecting_failure(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mapwire"))
        .arg("serve")
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("MAPWIRE_DATA")
        .env_remove("MAPWIRE_TILES")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    child.wait_with_output().unwrap()
}

fn fixture_export(flag: &str, target: &Path, extra: &[&str]) -> Output {
    export_fixtures(&[(flag, target)], extra)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn export_to_a_missing_directory_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no/such/dir/out.pmtiles");
    let out = fixture_export("--pmtiles", &target, &["--maxzoom", "3"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("no/such/dir/out.pmtiles"), "{err}");
    assert!(err.contains("No such file or directory"), "{err}");
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn export_onto_a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = fixture_export("--mbtiles", dir.path(), &["--maxzoom", "3"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is a directory"), "{}", stderr(&out));
    assert!(entries(dir.path()).is_empty());
}

/// The export runs under a file size limit of 64 KiB (`ulimit -f`, with
/// SIGXFSZ ignored so that the write fails with EFBIG instead of killing
/// the process): the same failure path as a full disk, a write refused
/// midway. No archive and no temporary file may remain, and an archive
/// already at the target must survive untouched.
#[test]
fn a_write_failure_midway_leaves_no_partial_archive() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--pmtiles", "--mbtiles"] {
        let target = dir.path().join("out.archive");
        std::fs::write(&target, b"the previous archive").unwrap();
        let data = fixtures("layers");
        let script = format!(
            "ulimit -f 128; trap '' XFSZ; exec \"$0\" export --no-builtin --data '{}' {flag} '{}' --maxzoom 9",
            data.display(),
            target.display()
        );
        let out = Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_mapwire")])
            .env("NO_COLOR", "1")
            .env_remove("MAPWIRE_DATA")
            .env_remove("MAPWIRE_NO_BUILTIN")
            .output()
            .unwrap();
        let err = stderr(&out);
        assert!(
            !out.status.success(),
            "{flag}: the export should fail: {err}"
        );
        assert!(err.contains("out.archive"), "{flag}: {err}");
        assert!(
            err.contains("File too large") || err.contains("disk") || err.contains("full"),
            "{flag}: {err}"
        );
        assert_eq!(
            entries(dir.path()),
            ["out.archive"],
            "{flag}: files left behind"
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"the previous archive");
    }
}

#[test]
fn bad_export_options_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("x.pmtiles");
    let cases: [(&[&str], &str); 5] = [
        (&["--layers", "nosuch"], "no layer \"nosuch\""),
        (
            &["--minzoom", "5", "--maxzoom", "3"],
            "minzoom 5 is above maxzoom 3",
        ),
        (&["--maxzoom", "30"], "maxzoom 30 is above 24"),
        (&["--bbox", "10,0,5,1"], "west < east"),
        (
            &["--max-tiles", "50", "--maxzoom", "8"],
            "over the limit of 50",
        ),
    ];
    for (extra, message) in cases {
        let out = fixture_export("--pmtiles", &target, extra);
        assert!(!out.status.success(), "{extra:?}");
        assert!(
            stderr(&out).contains(message),
            "{extra:?}: {}",
            stderr(&out)
        );
        assert!(entries(dir.path()).is_empty(), "{extra:?}");
    }
    let out = mapwire(&[
        "export",
        "--basemap",
        "--style",
        "sepia",
        "--pmtiles",
        target.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("sepia"), "{}", stderr(&out));
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn serve_refuses_what_is_not_an_archive() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.pmtiles");
    std::fs::write(&text, "not tiles").unwrap();
    let geojson = fixtures("layers").join("places.geojson");
    let missing = dir.path().join("gone.mbtiles");
    let sqlite = dir.path().join("other.mbtiles");
    rusqlite::Connection::open(&sqlite)
        .unwrap()
        .execute_batch("CREATE TABLE t (a)")
        .unwrap();
    let cases = [
        (
            text.display().to_string(),
            "notes.pmtiles is not a tile archive",
        ),
        (
            geojson.display().to_string(),
            "places.geojson is not a tile archive",
        ),
        (
            missing.display().to_string(),
            "cannot open the tile archive",
        ),
        (
            sqlite.display().to_string(),
            "other.mbtiles is not a tile archive",
        ),
        (
            format!("basemap={}", text.display()),
            "taken by the built-in raster basemap",
        ),
    ];
    for (spec, message) in cases {
        let out =
            serve_expecting_failure(&["--bind", "127.0.0.1:0", "--no-builtin", "--tiles", &spec]);
        assert!(!out.status.success(), "{spec}");
        assert!(stderr(&out).contains(message), "{spec}: {}", stderr(&out));
    }
}

#[test]
fn an_archive_may_not_take_a_layers_name() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("places.pmtiles");
    let out = fixture_export("--pmtiles", &archive, &["--maxzoom", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let data = fixtures("layers");
    let out = serve_expecting_failure(&[
        "--bind",
        "127.0.0.1:0",
        "--no-builtin",
        "--data",
        data.to_str().unwrap(),
        "--tiles",
        archive.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is also a layer's name"),
        "{}",
        stderr(&out)
    );
}
