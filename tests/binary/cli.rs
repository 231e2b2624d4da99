//! Running the `mapwire` binary and client tools to completion.

use std::path::Path;
use std::process::{Command, Output};

use super::fixtures;

/// A tool's standard output; its failure fails the test with its stderr.
pub fn run(cmd: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(cmd).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `mapwire ARGS` with no `MAPWIRE_*` settings from the environment.
pub fn mapwire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mapwire"))
        .args(args)
        .env("RUST_LOG", "mapwire=info")
        .env("NO_COLOR", "1")
        .env_remove("MAPWIRE_DATA")
        .env_remove("MAPWIRE_NO_BUILTIN")
        .env_remove("MAPWIRE_TILES")
        .output()
        .unwrap()
}

/// `mapwire export` of the `tests/fixtures/layers` layers (only those),
/// writing `FLAG TARGET` (e.g. `--pmtiles a.pmtiles`), plus `extra`.
pub fn export_fixtures(targets: &[(&str, &Path)], extra: &[&str]) -> Output {
    let data = fixtures("layers");
    let mut args = vec!["export", "--no-builtin", "--data", data.to_str().unwrap()];
    for (flag, path) in targets {
        args.push(flag);
        args.push(path.to_str().unwrap());
    }
    args.extend_from_slice(extra);
    mapwire(&args)
}
