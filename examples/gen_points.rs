//! Writes the seeded synthetic point layer used by the benchmarks.
//!
//! `cargo run --release --example gen_points -- OUT.geojson [N] [SEED]`
#![allow(clippy::print_stdout)]

#[path = "../benches/support/points.rs"]
mod points;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let out = args
        .get(1)
        .map_or("bench-data/points.geojson", String::as_str);
    let n = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let seed = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(42);
    if let Some(dir) = std::path::Path::new(out).parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(out, points::geojson(n, seed))?;
    println!("wrote {n} points (seed {seed}) to {out}");
    Ok(())
}
