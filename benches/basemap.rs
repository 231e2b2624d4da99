//! Basemap render times: `cargo bench --bench basemap`.
//!
//! Criterion measures uncached 256 px renders per zoom (z0–z8, cycling over
//! tiles spread across the world), z4 over the Caribbean, and cached hits.
//! A second pass renders every sample tile once and prints the median and
//! p99 of single tiles, since criterion's own statistics are per batch.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use mapwire::basemap::Basemap;

/// Tiles per zoom: all of them up to z3, else an 8×8 grid spread evenly over
/// the world (oceans included, as a real viewer requests them).
fn world_tiles(z: u32) -> Vec<(u32, u32, u32)> {
    let n = 1u32 << z;
    if n <= 8 {
        return (0..n)
            .flat_map(|x| (0..n).map(move |y| (z, x, y)))
            .collect();
    }
    let step = n / 8;
    (0..8)
        .flat_map(|i| (0..8).map(move |j| (z, i * step + step / 2, j * step + step / 2)))
        .collect()
}

/// z4 tiles covering the Caribbean (lon -90..-45, lat 0..41).
/// A named list of (z, x, y) tiles.
type TileSet = (String, Vec<(u32, u32, u32)>);

fn caribbean_z4() -> Vec<(u32, u32, u32)> {
    vec![(4, 4, 6), (4, 4, 7), (4, 5, 6), (4, 5, 7)]
}

fn basemap() -> Basemap {
    let mut basemap = Basemap::new().expect("basemap");
    basemap.highlight(["RU", "CU", "VE", "NI"]);
    // Warm the one-off work (data decoding, label placement per zoom) so
    // the figures are per tile.
    basemap.preload().expect("preload");
    for z in 0..=8 {
        basemap.render(z, 0, 0, 1, "light").expect("warm-up");
    }
    basemap
}

fn bench_uncached(c: &mut Criterion) {
    let basemap = basemap();
    let mut group = c.benchmark_group("uncached-256px");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    let mut sets: Vec<TileSet> = (0..=8)
        .map(|z| (format!("world-z{z}"), world_tiles(z)))
        .collect();
    sets.push(("caribbean-z4".into(), caribbean_z4()));
    for (name, tiles) in &sets {
        let mut next = tiles.iter().cycle();
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                let &(z, x, y) = next.next().expect("cycle");
                black_box(basemap.render(z, x, y, 1, "light").expect("render"))
            })
        });
    }
    group.finish();
}

fn bench_cached(c: &mut Criterion) {
    let basemap = basemap();
    let tiles = caribbean_z4();
    for &(z, x, y) in &tiles {
        basemap
            .render_cached(z, x, y, 1, "light")
            .expect("fill cache");
    }
    let mut next = tiles.iter().cycle();
    c.bench_function("cached-256px/caribbean-z4", |b| {
        b.iter(|| {
            let &(z, x, y) = next.next().expect("cycle");
            black_box(basemap.render_cached(z, x, y, 1, "light").expect("hit"))
        })
    });
}

/// Renders each sample tile once (three rounds) and reports single-tile
/// median and p99 per set, in milliseconds.
fn report_distribution(_c: &mut Criterion) {
    // `cargo test --all-targets` runs benches without `--bench`: criterion
    // then only smoke-tests each benchmark, and so do we.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let basemap = basemap();
    let mut sets: Vec<TileSet> = (0..=8)
        .map(|z| (format!("world-z{z}"), world_tiles(z)))
        .collect();
    sets.push(("caribbean-z4".into(), caribbean_z4()));
    let mut all = Vec::new();
    for (name, tiles) in &sets {
        let mut times = Vec::new();
        for _ in 0..3 {
            for &(z, x, y) in tiles {
                let start = Instant::now();
                black_box(basemap.render(z, x, y, 1, "light").expect("render"));
                times.push(start.elapsed().as_secs_f64() * 1e3);
            }
        }
        all.extend(&times);
        let (median, p99, max) = stats(&mut times);
        eprintln!(
            "tile-distribution {name:>13}: median {median:6.2} ms  p99 {p99:6.2} ms  max {max:6.2} ms  (n={})",
            times.len()
        );
    }
    let (median, p99, max) = stats(&mut all);
    eprintln!(
        "tile-distribution {:>13}: median {median:6.2} ms  p99 {p99:6.2} ms  max {max:6.2} ms  (n={})",
        "all",
        all.len()
    );
}

fn stats(times: &mut [f64]) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99), at(1.0))
}

criterion_group!(benches, bench_uncached, bench_cached, report_distribution);
criterion_main!(benches);
