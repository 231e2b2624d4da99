//! Documents per second of event extraction and of a whole ingest run, on a
//! generated corpus: the built-in articles and the event fixtures, their
//! paragraphs shuffled with a fixed seed and replicated to `DOCS` documents.
//! Mentions come from the stand-in geoparser of the tests, so those figures
//! measure mapwire's own event and layer code.
//!
//! `news_2kb`: the whole ingest (real geoparser included) on 1,000 news
//! articles of about 2 KB (the development set's articles, paragraphs
//! shuffled). `shapes`: the same text, about 2 MB, as normal paragraphs, as
//! one line, without any punctuation, and a table of numbers — extraction
//! must stay linear whatever the shape.
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

/// The development set's articles, `n` of them, paragraphs shuffled.
fn news(n: usize) -> Vec<Document> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news-dev");
    let base = ingest::load_dir(&dir).unwrap_or_default();
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
            // The headline stays first; the body paragraphs are shuffled.
            for k in (2..paragraphs.len()).rev() {
                let j = 1 + (rng.next() % k as u64) as usize;
                paragraphs.swap(k, j);
            }
            Document::parse(
                format!("news_{i:05}"),
                format!("{head}{}\n", paragraphs.join("\n\n")),
            )
        })
        .collect()
}

/// About `bytes` of the development set's text in four shapes.
fn shapes(bytes: usize) -> Vec<(&'static str, Document)> {
    let body: String = news(20).iter().map(|d| format!("{}\n", d.body())).collect();
    let normal: String = body
        .repeat(bytes / body.len() + 1)
        .chars()
        .take(bytes)
        .collect();
    let one_line = normal.replace('\n', " ");
    let no_punctuation: String = one_line
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '"' | '“' | '”' | '(' | ')'
            )
        })
        .collect();
    let mut rng = Lcg(SEED);
    let mut table = String::new();
    while table.len() < bytes {
        for _ in 0..8 {
            table.push_str(&(rng.next() % 100_000).to_string());
            table.push(' ');
        }
        table.push('\n');
    }
    let doc =
        |id: &str, text: &str| Document::parse(id, format!("Published: 2020-01-01\n\n{text}"));
    vec![
        ("normal", doc("normal", &normal)),
        ("one_line", doc("one_line", &one_line)),
        ("no_punctuation", doc("no_punctuation", &no_punctuation)),
        ("table_of_numbers", doc("table", &table)),
    ]
}

fn bench_news(c: &mut Criterion) {
    let docs = news(DOCS);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut group = c.benchmark_group("news_2kb");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.sample_size(10);
    // The geoparser's gazetteer loads once, outside the timing.
    let _ = mapwire::geoparse::Geoparser::builtin();
    group.bench_function(format!("ingest_run/{DOCS}_docs_{}KiB", bytes / 1024), |b| {
        b.iter(|| ingest::run(black_box(&docs), Options::default()).stats)
    });
    group.finish();
    let mut group = c.benchmark_group("shapes");
    group.sample_size(10);
    for (name, doc) in shapes(2 << 20) {
        group.throughput(Throughput::Bytes(doc.text.len() as u64));
        let docs = vec![doc];
        group.bench_function(format!("ingest_run/{name}"), |b| {
            b.iter(|| ingest::run(black_box(&docs), Options::default()).stats)
        });
    }
    group.finish();
}

criterion_group!(benches, bench, bench_news);
criterion_main!(benches);
