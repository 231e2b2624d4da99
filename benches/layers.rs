//! Layer store benchmarks on a seeded 1,000,000-point layer:
//! load + index, and a bbox query returning about 100 features.
//!
//! `cargo bench --bench layers`
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use mapwire::layers::{Bbox, Filter, parse_layer};

#[path = "support/points.rs"]
mod points;

/// 1,000,000 points under `cargo bench`; a small layer when `cargo test
/// --all-targets` runs the benches once as a smoke test (no `--bench` flag).
fn point_count() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        1_000_000
    } else {
        10_000
    }
}

fn load_and_index(c: &mut Criterion) {
    let text = points::geojson(point_count(), 42);
    let mut group = c.benchmark_group("layer_1m");
    group.sample_size(10);
    group.bench_function("load_and_index", |b| {
        b.iter(|| {
            parse_layer(
                Path::new("points.geojson"),
                "points",
                black_box(text.as_bytes()),
            )
            .unwrap()
        })
    });
    group.finish();
}

fn bbox_queries(c: &mut Criterion) {
    let text = points::geojson(point_count(), 42);
    let layer = parse_layer(Path::new("points.geojson"), "points", text.as_bytes()).unwrap();
    drop(text);
    // 1e6 points over 64,800 square degrees: a 2.55° square holds ~100.
    let side = 2.55 * (1e6 / point_count() as f64).sqrt();
    let mut rng = points::Rng::new(7);
    let boxes: Vec<Bbox> = (0..256)
        .map(|_| {
            let (x, y) = (
                rng.range(-180.0, 180.0 - side),
                rng.range(-90.0, 90.0 - side),
            );
            Bbox::new(x, y, x + side, y + side).unwrap()
        })
        .collect();
    let mean: f64 = boxes
        .iter()
        .map(|b| layer.bbox(b).len() as f64)
        .sum::<f64>()
        / boxes.len() as f64;
    eprintln!("bbox queries return {mean:.1} features on average");
    let mut group = c.benchmark_group("layer_1m");
    let mut i = 0;
    group.bench_function("bbox_100_rtree", |b| {
        b.iter(|| {
            i = (i + 1) % boxes.len();
            black_box(layer.bbox(&boxes[i]))
        })
    });
    // The whole items path short of HTTP: select, page, write GeoJSON.
    group.bench_function("bbox_100_items_geojson", |b| {
        b.iter(|| {
            i = (i + 1) % boxes.len();
            let filter = Filter {
                bbox: Some(boxes[i]),
                ..Filter::default()
            };
            let page = layer.select(&filter).page(0, 100);
            let mut out = String::with_capacity(page.len() * 160);
            for f in page {
                layer.write_feature(f, &mut out);
            }
            black_box(out)
        })
    });
    group.finish();
}

criterion_group!(benches, load_and_index, bbox_queries);
criterion_main!(benches);
