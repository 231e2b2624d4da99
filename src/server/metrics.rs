//! Request counters and latency histograms in the Prometheus text format.
//!
//! Hand-rolled: a mutex-guarded map keyed by (route, method) is all a
//! single-process server needs, and it keeps the label set (matched route
//! templates, never raw paths) bounded. The map is sharded by thread: with
//! one lock, every request on every core took the same cache line, which
//! showed in profiles of the fastest routes.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

use crate::layers::LayerSet;
use crate::sharded::{Padded, SHARDS, my_shard};

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Debug, Default, Clone)]
struct Series {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Series {
    fn add(&mut self, other: &Series) {
        for (status, n) in &other.by_status {
            *self.by_status.entry(*status).or_default() += n;
        }
        for (mine, theirs) in self.buckets.iter_mut().zip(&other.buckets) {
            *mine += theirs;
        }
        self.count += other.count;
        self.sum += other.sum;
    }
}

/// Route, then method: nested so that recording a request looks the
/// labels up without allocating them.
type SeriesMap = BTreeMap<String, BTreeMap<String, Series>>;

/// One shard, alone on its cache lines.
type Shard = Padded<Mutex<SeriesMap>>;

/// All request metrics of the server.
#[derive(Debug, Default)]
pub struct Metrics {
    shards: [Shard; SHARDS],
}

impl Metrics {
    /// Records one finished request.
    pub fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut map = self.shards[my_shard()]
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if !map.contains_key(route) {
            map.insert(route.to_string(), BTreeMap::new());
        }
        let Some(by_method) = map.get_mut(route) else {
            return;
        };
        if !by_method.contains_key(method) {
            by_method.insert(method.to_string(), Series::default());
        }
        let Some(s) = by_method.get_mut(method) else {
            return;
        };
        *s.by_status.entry(status).or_default() += 1;
        s.count += 1;
        s.sum += seconds;
        if let Some(b) = BUCKETS.iter().position(|&le| seconds <= le) {
            s.buckets[b] += 1;
        }
    }

    /// The Prometheus exposition text, plus one gauge per layer.
    pub fn render(&self, layers: &LayerSet) -> String {
        let mut map = SeriesMap::new();
        for shard in &self.shards {
            let part = shard.0.lock().unwrap_or_else(|e| e.into_inner());
            for (route, by_method) in part.iter() {
                let mine = map.entry(route.clone()).or_default();
                for (method, s) in by_method {
                    mine.entry(method.clone()).or_default().add(s);
                }
            }
        }
        let mut out = String::new();
        out.push_str(
            "# HELP mapwire_http_requests_total HTTP requests by route, method and status.\n",
        );
        out.push_str("# TYPE mapwire_http_requests_total counter\n");
        for (route, method, s) in flatten(&map) {
            for (status, n) in &s.by_status {
                let _ = writeln!(
                    out,
                    "mapwire_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                    escape(route),
                    escape(method)
                );
            }
        }
        out.push_str("# HELP mapwire_http_request_duration_seconds HTTP request latency by route and method.\n");
        out.push_str("# TYPE mapwire_http_request_duration_seconds histogram\n");
        for (route, method, s) in flatten(&map) {
            histogram(&mut out, &escape(route), &escape(method), s);
        }
        out.push_str("# HELP mapwire_layer_features Features held by each layer.\n");
        out.push_str("# TYPE mapwire_layer_features gauge\n");
        for layer in layers.iter() {
            let _ = writeln!(
                out,
                "mapwire_layer_features{{layer=\"{}\"}} {}",
                escape(&layer.id),
                layer.len()
            );
        }
        out
    }
}

/// Every (route, method) series in label order.
fn flatten(map: &SeriesMap) -> impl Iterator<Item = (&String, &String, &Series)> {
    map.iter()
        .flat_map(|(route, by_method)| by_method.iter().map(move |(m, s)| (route, m, s)))
}

fn histogram(out: &mut String, route: &str, method: &str, s: &Series) {
    let labels = format!("route=\"{route}\",method=\"{method}\"");
    let mut cumulative = 0;
    for (le, n) in BUCKETS.iter().zip(&s.buckets) {
        cumulative += n;
        let _ = writeln!(
            out,
            "mapwire_http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {cumulative}"
        );
    }
    let _ = writeln!(
        out,
        "mapwire_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
        s.count
    );
    let _ = writeln!(
        out,
        "mapwire_http_request_duration_seconds_sum{{{labels}}} {}",
        s.sum
    );
    let _ = writeln!(
        out,
        "mapwire_http_request_duration_seconds_count{{{labels}}} {}",
        s.count
    );
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_and_cumulative_buckets() {
        let m = Metrics::default();
        m.record("GET", "/collections", 200, 0.0007);
        m.record("GET", "/collections", 200, 0.2);
        m.record("GET", "/collections", 400, 3.0);
        let text = m.render(&LayerSet::default());
        assert!(text.contains(
            r#"mapwire_http_requests_total{route="/collections",method="GET",status="200"} 2"#
        ));
        assert!(text.contains(
            r#"mapwire_http_requests_total{route="/collections",method="GET",status="400"} 1"#
        ));
        assert!(text.contains(
            r#"duration_seconds_bucket{route="/collections",method="GET",le="0.001"} 1"#
        ));
        assert!(
            text.contains(
                r#"duration_seconds_bucket{route="/collections",method="GET",le="2.5"} 2"#
            )
        );
        assert!(
            text.contains(
                r#"duration_seconds_bucket{route="/collections",method="GET",le="+Inf"} 3"#
            )
        );
    }

    #[test]
    fn threads_record_into_one_series() {
        let m = Metrics::default();
        std::thread::scope(|s| {
            for _ in 0..SHARDS + 3 {
                s.spawn(|| {
                    for _ in 0..100 {
                        m.record("GET", "/tiles", 200, 0.0001);
                    }
                });
            }
        });
        m.record("GET", "/tiles", 204, 0.3);
        let text = m.render(&LayerSet::default());
        let total = (SHARDS + 3) * 100;
        assert!(text.contains(&format!(
            r#"mapwire_http_requests_total{{route="/tiles",method="GET",status="200"}} {total}"#
        )));
        assert!(text.contains(&format!(
            r#"duration_seconds_bucket{{route="/tiles",method="GET",le="0.0005"}} {total}"#
        )));
        assert!(text.contains(&format!(
            r#"duration_seconds_count{{route="/tiles",method="GET"}} {}"#,
            total + 1
        )));
    }
}
