//! Generated news for the store tests and benchmarks: paragraphs of the
//! built-in articles and the event fixtures, drawn with a seeded generator
//! into documents of about 2 KB, each with its own headers and a closing
//! line that makes its text unique. The same seed gives the same documents.
#![allow(dead_code)]

use std::path::Path;

/// A small deterministic generator (64-bit LCG).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Paragraphs of at least 80 characters from the built-in documents and
/// the event fixtures.
pub fn paragraphs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    let mut docs = mapwire::documents::builtin();
    docs.extend(mapwire::ingest::load_dir(&dir).unwrap_or_default());
    let mut out: Vec<String> = docs
        .iter()
        .flat_map(|d| d.body().lines().map(str::trim).map(String::from))
        .filter(|p| p.chars().count() >= 80)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Document `n` of the stream `seed`: (file stem, text), about 2 KB.
pub fn document(paragraphs: &[String], seed: u64, n: usize) -> (String, String) {
    let mut rng = Lcg(seed ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let year = 2008 + rng.below(18);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let mut body = String::new();
    while body.len() < 1900 {
        let p = &paragraphs[rng.below(paragraphs.len())];
        body.push_str(p);
        body.push_str("\n\n");
    }
    let text = format!(
        "Title: Dispatch {seed}-{n}\nPublished: {year}-{month:02}-{day:02}\nSource: mapwire test wire\n\n{body}Filed as dispatch {n} of series {seed}.\n"
    );
    (format!("dispatch_{seed}_{n:06}"), text)
}

/// Writes documents `0..count` of stream `seed` into `dir` as `*.txt`.
pub fn write_dir(dir: &Path, seed: u64, count: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let paragraphs = paragraphs();
    for n in 0..count {
        let (stem, text) = document(&paragraphs, seed, n);
        std::fs::write(dir.join(format!("{stem}.txt")), text)?;
    }
    Ok(())
}
