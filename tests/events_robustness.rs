//! Extraction never panics, whatever the text and whatever the mentions:
//! random sentences built from trigger words, dates, numbers, quotes and
//! punctuation, with mentions at random (also overlapping, empty or out of
//! range) offsets.
#![allow(clippy::panic, clippy::unwrap_used)]

use mapwire::documents::Document;
use mapwire::geoparse::Mention;

const WORDS: &[&str] = &[
    "Russia",
    "sent",
    "two",
    "Tu-160",
    "bombers",
    "to",
    "Venezuela",
    "in",
    "December",
    "2018",
    ",",
    ".",
    "\"",
    "“",
    "”",
    "'s",
    "from",
    "July",
    "01",
    "until",
    "31",
    "would",
    "not",
    "denied",
    "visit",
    "the",
    "port",
    "of",
    "Havana",
    "warships",
    "call",
    "at",
    "signed",
    "military",
    "agreement",
    "with",
    "Cuba",
    "joint",
    "exercise",
    "on",
    "Tuesday",
    "last",
    "month",
    "since",
    "2005",
    "—",
    ";",
    "(",
    ")",
    "[2]",
    "U.S.",
    "Gen.",
    "1.6",
    "100,000",
    "AK-103",
    "frigate",
    "Admiral",
    "Gorshkov",
    "allowed",
    "ships",
    "ports",
    "Minister",
    "met",
    "bought",
    "sold",
    "tanks",
    "in service",
    "Russian",
    "troops",
    "é",
    "\n",
    "\n\n",
    "?",
    "!",
    "mid-November",
    "May",
    "may",
    "plans",
    "to be",
    "had",
    "said",
    "that",
    "which",
];

#[test]
fn random_text_and_random_mentions_never_panic() {
    let mut rng = fastrand::Rng::with_seed(7);
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(400);
    for round in 0..rounds {
        let n = 5 + rng.usize(..60);
        let mut body = String::new();
        for _ in 0..n {
            body.push_str(WORDS[rng.usize(..WORDS.len())]);
            body.push(' ');
        }
        let published = if round % 3 == 0 {
            ""
        } else {
            "Published: 2020-02-29\n"
        };
        let text = format!("Title: t\n{published}\n{body}");
        let doc = Document::parse(format!("r{round}"), text.clone());
        let len = text.chars().count();
        let mentions: Vec<Mention> = (0..rng.usize(..8))
            .map(|_| {
                let start = rng.usize(..len + 5);
                let end = start + rng.usize(..12);
                Mention {
                    start,
                    end,
                    text: String::new(),
                    name: format!("P{}", rng.usize(..4)),
                    gazetteer_id: format!("g{}", rng.usize(..4)),
                    kind: ["city", "country", "demonym", "port", "region", "continent"]
                        [rng.usize(..6)]
                    .into(),
                    country: ["RU", "VE", "CU", ""][rng.usize(..4)].into(),
                    lat: 10.0,
                    lon: -60.0,
                    confidence: 0.5,
                }
            })
            .collect();
        let events = mapwire::events::extract(&doc, &mentions);
        for e in events {
            assert!(e.offsets[0] <= e.offsets[1] && e.offsets[1] <= len);
            assert!((0.0..=1.0).contains(&e.confidence));
        }
    }
}

/// A document that is one long line, or sentences without any punctuation,
/// is read in bounded pieces: extraction finishes, finds the events the
/// text holds, and no event carries the whole line as its sentence or title.
#[test]
fn long_lines_and_missing_punctuation_are_read_in_bounded_pieces() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news-dev");
    let docs = mapwire::ingest::load_dir(&dir).unwrap();
    let body: String = docs
        .iter()
        .map(|d| format!("{} ", d.body().replace('\n', " ")))
        .collect();
    let one_line = body.repeat(10);
    let bare: String = one_line
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ';' | ':'))
        .collect();
    let geoparser = mapwire::geoparse::Geoparser::builtin();
    for (name, text) in [("one_line", one_line), ("no_punctuation", bare)] {
        let doc = Document::parse(name, format!("Published: 2020-01-01\n\n{text}"));
        let events = mapwire::events::extract(&doc, &geoparser.parse_document(&doc));
        assert!(!events.is_empty(), "{name}: no events");
        for e in &events {
            assert!(
                e.sentence.chars().count() <= 2_000,
                "{name}: sentence of {}",
                e.sentence.len()
            );
            assert!(
                e.title.chars().count() <= 300,
                "{name}: title of {}",
                e.title.len()
            );
        }
    }
}
