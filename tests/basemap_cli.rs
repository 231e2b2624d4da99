//! `mapwire render-tile`: the CLI writes a PNG of the requested size and
//! rejects bad input with a clear message and a non-zero exit.

use std::process::Command;

fn mapwire() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mapwire"))
}

#[test]
fn render_tile_writes_a_png() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("tile.png");
    let status = mapwire()
        .args([
            "render-tile",
            "3",
            "2",
            "3",
            "--scale",
            "2",
            "--style",
            "dark",
        ])
        .args(["--highlight", "CU,VE", "-o"])
        .arg(&out)
        .status()
        .expect("run mapwire");
    assert!(status.success());
    let pixmap = tiny_skia::Pixmap::load_png(&out).expect("png");
    assert_eq!((pixmap.width(), pixmap.height()), (512, 512));
}

#[test]
fn render_tile_rejects_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("tile.png");
    for (args, expect) in [
        (vec!["2", "4", "0"], "out of range"),
        (vec!["0", "0", "0", "--scale", "3"], "@3x"),
        (vec!["0", "0", "0", "--style", "sepia"], "sepia"),
    ] {
        let output = mapwire()
            .arg("render-tile")
            .args(&args)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("run mapwire");
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        assert!(!out.exists());
    }
}
