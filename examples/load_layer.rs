//! Loads one GeoJSON file the way `mapwire serve` does and reports wall
//! time, CPU time and peak resident memory (Linux `/proc`).
//!
//! `cargo run --release --example load_layer -- bench-data/points.geojson`
#![allow(clippy::print_stdout)]

use std::time::Instant;

fn proc_status(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .map(|l| l.trim_start_matches(key).trim().to_string())
        .unwrap_or_default()
}

/// User + system CPU seconds of this process so far.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| {
        f.iter().filter_map(|t| t.parse::<f64>().ok()).sum()
    });
    ticks / 100.0
}

fn main() -> anyhow::Result<()> {
    // `RUST_LOG=mapwire=debug` shows the time of each phase.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bench-data/points.geojson".into());
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let layer = mapwire::layers::load_file(std::path::Path::new(&path))?;
    println!(
        "{path}: {} features loaded and indexed in {:.2} s wall, {:.2} s CPU; peak RSS {}, RSS now {}",
        layer.len(),
        wall.elapsed().as_secs_f64(),
        cpu_seconds() - cpu,
        proc_status("VmHWM:"),
        proc_status("VmRSS:")
    );
    Ok(())
}
