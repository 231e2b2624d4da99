//! Geoparser speed: throughput on news text (one core) and gazetteer start-up.
//!
//!     cargo bench --bench geoparse
//!
//! The text is the built-in corpus (English news and a Wikipedia article),
//! repeated to 4 MB so per-call overhead does not count.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mapwire::documents::builtin;
use mapwire::gazetteer::Gazetteer;
use mapwire::geoparse::Geoparser;

fn news_text() -> String {
    let corpus: String = builtin()
        .iter()
        .map(|d| d.body().to_string() + "\n")
        .collect();
    corpus.repeat(4 * 1024 * 1024 / corpus.len() + 1)
}

fn throughput(c: &mut Criterion) {
    let text = news_text();
    let parser = Geoparser::builtin();
    let mut group = c.benchmark_group("geoparse");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("news_4MB", |b| b.iter(|| parser.parse(black_box(&text))));
    group.finish();
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("gazetteer");
    group.sample_size(10);
    // The loaded gazetteer is dropped outside the timing: start-up is what
    // is measured, and a process never frees its gazetteer.
    group.bench_function("load_embedded", |b| {
        b.iter_with_large_drop(Gazetteer::load_embedded)
    });
    group.finish();
}

criterion_group!(benches, throughput, startup);
criterion_main!(benches);
