//! The rules of `eventscore.py` for the event regression tests: same type or
//! an allowed alternative, within 150 km of the gold point or an alternative
//! place, the gold month; one prediction finds at most one gold event;
//! predictions matching only a non-target event are neutral. Shared so the
//! dev-set and held-out tests score alike.
#![allow(dead_code, clippy::panic, clippy::unwrap_used, clippy::print_stdout)]

use std::ops::RangeInclusive;
use std::path::Path;

use mapwire::documents::Document;
use mapwire::ingest::{self, Options};
use serde_json::Value;

pub const KEY_TYPES: &[&str] = &["deployment", "port_call", "port_call_agreement"];

struct Gold {
    ty: String,
    alt_types: Vec<String>,
    points: Vec<(f64, f64)>,
    month: String,
    exact: String,
    label: String,
}

struct Predicted {
    ty: String,
    point: (f64, f64),
    date: String,
    sentence: String,
}

pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((b.1 - a.1).to_radians() / 2.0).sin().powi(2);
    12742.0 * h.min(1.0).sqrt().asin()
}

fn matches(g: &Gold, p: &Predicted) -> bool {
    if p.ty != g.ty && !g.alt_types.contains(&p.ty) {
        return false;
    }
    let near = g.points.iter().any(|q| km(*q, p.point) <= 150.0);
    let dated = !p.date.is_empty()
        && (p.date.starts_with(&g.month)
            || (!g.exact.is_empty() && g.exact.starts_with(&p.date[..p.date.len().min(10)])));
    near && dated
}

fn gold_events(gold: &Value, key: &str, types: Option<&[&str]>) -> Vec<Gold> {
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let point = |v: &Value| {
        (
            v.get("lat").and_then(Value::as_f64).unwrap_or(0.0),
            v.get("lon").and_then(Value::as_f64).unwrap_or(0.0),
        )
    };
    let mut out = Vec::new();
    for article in gold.as_array().unwrap() {
        for e in article
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let ty = str_of(e, "type");
            if types.is_some_and(|t| !t.contains(&ty.as_str())) || e.get("lat").is_none() {
                continue;
            }
            let mut points = vec![point(e)];
            for alt in e
                .get("alt_places")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                points.push(point(alt));
            }
            let date = str_of(e, "date");
            out.push(Gold {
                alt_types: e
                    .get("alt_types")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.as_str().map(String::from))
                    .collect(),
                points,
                month: date.chars().take(7).collect(),
                exact: str_of(e, "exact_date"),
                label: format!("{ty} {} {date}", str_of(e, "place")),
                ty,
            });
        }
    }
    out
}

fn predictions(events: &geojson::FeatureCollection, types: Option<&[&str]>) -> Vec<Predicted> {
    events
        .features
        .iter()
        .filter_map(|f| {
            let Some(geojson::GeometryValue::Point { coordinates: c }) =
                f.geometry.as_ref().map(|g| &g.value)
            else {
                return None;
            };
            let prop = |k: &str| {
                f.property(k)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            let ty = prop("event_type");
            if types.is_some_and(|t| !t.contains(&ty.as_str())) {
                return None;
            }
            Some(Predicted {
                ty,
                point: (c[1], c[0]),
                date: prop("date"),
                sentence: prop("sentence"),
            })
        })
        .collect()
}

/// (recall, precision) and a readable list of misses and wrong events.
pub fn score(
    gold: &Value,
    events: &geojson::FeatureCollection,
    types: Option<&[&str]>,
) -> (f64, f64, String) {
    let golds = gold_events(gold, "events", types);
    let neutral = gold_events(gold, "non_target_events", None);
    let preds = predictions(events, types);
    let mut used = vec![false; preds.len()];
    let mut report = String::new();
    let mut found = 0;
    for g in &golds {
        match (0..preds.len()).find(|&i| !used[i] && matches(g, &preds[i])) {
            Some(i) => {
                used[i] = true;
                found += 1;
            }
            None => report.push_str(&format!("  missed: {}\n", g.label)),
        }
    }
    let (mut correct, mut wrong) = (0, 0);
    for p in &preds {
        if golds.iter().any(|g| matches(g, p)) {
            correct += 1;
        } else if !neutral.iter().any(|g| matches(g, p)) {
            wrong += 1;
            let s: String = p.sentence.chars().take(90).collect();
            report.push_str(&format!(
                "  wrong: {} {} {:?}: {s}\n",
                p.ty, p.date, p.point
            ));
        }
    }
    let recall = found as f64 / golds.len().max(1) as f64;
    let precision = correct as f64 / (correct + wrong).max(1) as f64;
    report.push_str(&format!(
        "gold={} found={found} predicted={} correct={correct} wrong={wrong} recall={recall:.3} precision={precision:.3}\n",
        golds.len(),
        preds.len()
    ));
    (recall, precision, report)
}

/// Scores a fixture folder, or the batch of its articles whose two-digit
/// number lies in `batch` (see [`score_set`]), and fails if its figures fall
/// below the floors, (recall, precision) for all types and for the key
/// types; with the environment variable `print` set, prints the figures and
/// every miss and wrong event.
pub fn assert_floors(
    name: &str,
    batch: RangeInclusive<u32>,
    count: usize,
    print: &str,
    all: (f64, f64),
    key: (f64, f64),
) {
    let ((r_all, p_all, all_report), (r_key, p_key, key_report)) =
        score_set(name, batch.clone(), count);
    if std::env::var_os(print).is_some() {
        println!(
            "{name} {batch:?}\nall types:\n{all_report}deployment, port_call, port_call_agreement:\n{key_report}"
        );
    }
    assert!(
        r_all >= all.0 && p_all >= all.1,
        "{name}: all types fell below {all:?}:\n{all_report}"
    );
    assert!(
        r_key >= key.0 && p_key >= key.1,
        "{name}: deployment/port_call/port_call_agreement fell below {key:?}:\n{key_report}"
    );
}

/// The two-digit number a fixture file name starts with (`07_...txt`).
fn number(file: &str) -> Option<u32> {
    file.get(..2)?.parse().ok()
}

/// Ingests the articles of a fixture folder (`tests/fixtures/NAME`) whose
/// number lies in `batch` (there must be `count` of them) and scores them
/// against their gold: (all types, key types), each (recall, precision,
/// report). Batches let a later, blind set of articles be pinned apart from
/// the one the extractor was already tuned on.
pub fn score_set(
    name: &str,
    batch: RangeInclusive<u32>,
    count: usize,
) -> ((f64, f64, String), (f64, f64, String)) {
    let in_batch = |file: &str| number(file).is_some_and(|n| batch.contains(&n));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let all_gold: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("gold.json")).unwrap()).unwrap();
    let gold = Value::Array(
        all_gold
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| in_batch(a.get("file").and_then(Value::as_str).unwrap_or("")))
            .cloned()
            .collect(),
    );
    let mut docs: Vec<Document> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| in_batch(&p.file_name().unwrap().to_string_lossy()))
        .map(|p| Document::read(&p).unwrap())
        .collect();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(docs.len(), count);
    let out = ingest::run(&docs, Options::default());
    (
        score(&gold, &out.events, None),
        score(&gold, &out.events, Some(KEY_TYPES)),
    )
}
