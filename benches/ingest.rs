//! Documents per second of event extraction and of a whole ingest run, on a
//! generated corpus: the built-in articles and the event fixtures, their
//! paragraphs shuffled with a fixed seed and replicated to `DOCS` documents.
//! Mentions come from the stand-in geoparser of the tests, so the figures
//! measure mapwire's own event and layer code.
#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mapwire::documents::{self, Document};
use mapwire::geoparse::Mention;
use mapwire::ingest::{self, Options, Origin};

const DOCS: usize = 1000;
const SEED: u64 = 0x5eed_2026;

/// A small deterministic generator (64-bit LCG): the corpus is the same on
/// every run and machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn base_documents() -> Vec<Document> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    let mut docs = documents::builtin();
    docs.extend(ingest::load_dir(&dir).unwrap_or_default());
    docs
}

/// `n` documents: each a base document with its body paragraphs shuffled.
pub fn generate(n: usize) -> Vec<Document> {
    let base = base_documents();
    let mut rng = Lcg(SEED);
    (0..n)
        .map(|i| {
            let doc = &base[i % base.len()];
            let head = &doc.text[..doc.body_byte];
            let mut paragraphs: Vec<&str> = doc
                .body()
                .split('\n')
                .filter(|p| !p.trim().is_empty())
                .collect();
            for k in (1..paragraphs.len()).rev() {
                let j = (rng.next() % (k as u64 + 1)) as usize;
                paragraphs.swap(k, j);
            }
            Document::parse(
                format!("gen_{i:05}"),
                format!("{head}{}\n", paragraphs.join("\n\n")),
            )
        })
        .collect()
}

fn capital(iso: &str) -> Option<Origin> {
    (iso == "RU").then(|| Origin {
        name: "Moscow".into(),
        lon: 37.6173,
        lat: 55.7558,
    })
}

fn bench(c: &mut Criterion) {
    let docs = generate(DOCS);
    let mentions: Vec<Vec<Mention>> = docs.iter().map(common::mentions).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.sample_size(10);
    group.bench_function(
        format!("extract_events/{DOCS}_docs_{}KiB", bytes / 1024),
        |b| {
            b.iter(|| {
                let mut n = 0;
                for (doc, ms) in docs.iter().zip(&mentions) {
                    n += mapwire::events::extract(black_box(doc), black_box(ms)).len();
                }
                n
            })
        },
    );
    let by_id: std::collections::HashMap<&str, &Vec<Mention>> =
        docs.iter().map(|d| d.id.as_str()).zip(&mentions).collect();
    let geoparse = |d: &Document| {
        by_id
            .get(d.id.as_str())
            .map(|m| (*m).clone())
            .unwrap_or_default()
    };
    group.bench_function(format!("run_layers/{DOCS}_docs"), |b| {
        b.iter(|| ingest::run_with(black_box(&docs), &geoparse, &capital, Options::default()).stats)
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
