//! Resolution: which place each recognised name means.
//!
//! A score per meaning adds an importance prior (kind, population, capital),
//! the countries that dominate the document, and nearby context ("X, Y",
//! "X in Y"); then every occurrence of a name in a document takes the
//! meaning with the best total (one sense per name per document).

use std::collections::HashMap;

use super::recognize::{Candidate, Link};
use crate::gazetteer::{Entry, Form, Gazetteer, Kind};

/// The chosen meaning of one candidate.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    pub entry: Entry,
    pub confidence: f64,
}

/// How much the document's dominant countries weigh against the prior.
const DOCUMENT_WEIGHT: f64 = 1.2;
/// "Portland, Oregon": a container named right after the name.
const CONTAINER_COMMA: f64 = 3.0;
/// "Portland in Oregon".
const CONTAINER_IN: f64 = 2.0;

pub fn resolve(gaz: &Gazetteer, cands: &[Candidate]) -> Vec<Choice> {
    let weights = document_countries(gaz, cands);
    let scores: Vec<Vec<f64>> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let container = container_of(cands, i);
            c.entries
                .iter()
                .map(|e| score(gaz, e, c, &weights, container.map(|(c, w)| (&cands[c], w))))
                .collect()
        })
        .collect();
    // One sense per name: sum the scores of every occurrence.
    let mut totals: HashMap<(&str, u32), f64> = HashMap::new();
    for (c, s) in cands.iter().zip(&scores) {
        for (e, v) in c.entries.iter().zip(s) {
            *totals.entry((c.key.as_str(), e.place)).or_default() += v;
        }
    }
    cands
        .iter()
        .zip(&scores)
        .map(|(c, s)| choose(c, s, &totals))
        .collect()
}

fn choose(c: &Candidate, scores: &[f64], totals: &HashMap<(&str, u32), f64>) -> Choice {
    let total = |e: &Entry| {
        totals
            .get(&(c.key.as_str(), e.place))
            .copied()
            .unwrap_or(0.0)
    };
    let best = (0..c.entries.len())
        .max_by(|&a, &b| {
            total(&c.entries[a])
                .total_cmp(&total(&c.entries[b]))
                // Ties: the earlier (gazetteer-ordered) entry, for stable output.
                .then(b.cmp(&a))
        })
        .unwrap_or(0);
    // Softmax share of the chosen meaning among this occurrence's meanings.
    let max = scores.iter().copied().fold(f64::MIN, f64::max);
    let sum: f64 = scores.iter().map(|s| (s - max).exp()).sum();
    let share = (scores[best] - max).exp() / sum.max(f64::MIN_POSITIVE);
    Choice {
        entry: c.entries[best],
        confidence: (share * c.confidence).clamp(0.0, 1.0),
    }
}

fn score(
    gaz: &Gazetteer,
    e: &Entry,
    c: &Candidate,
    weights: &HashMap<String, f64>,
    container: Option<(&Candidate, f64)>,
) -> f64 {
    let p = gaz.place(e.place);
    let mut s = prior(gaz, e);
    if c.facility.is_some() && p.kind.is_facility() {
        s += 4.0;
    }
    s += DOCUMENT_WEIGHT * weights.get(p.country.as_str()).copied().unwrap_or(0.0);
    if p.kind == Kind::City && !p.admin1.is_empty() {
        let region = format!("{}/{}", p.country, p.admin1);
        s += DOCUMENT_WEIGHT * weights.get(&region).copied().unwrap_or(0.0);
    }
    if let Some((outer, weight)) = container {
        let inside = outer.entries.iter().any(|o| {
            let q = gaz.place(o.place);
            match q.kind {
                Kind::Country => q.country == p.country && p.kind != Kind::Country,
                Kind::Region => {
                    q.id.starts_with("admin1:") && q.country == p.country && q.name == p.admin1
                }
                _ => false,
            }
        });
        if inside {
            s += weight;
        }
    }
    s
}

/// Importance before context: countries over regions over cities, big and
/// capital cities over small ones, own names over alternate names.
fn prior(gaz: &Gazetteer, e: &Entry) -> f64 {
    let p = gaz.place(e.place);
    let log_population = ((p.population as f64) + 10.0).log10();
    match p.kind {
        // Among countries sharing a demonym ("American"), the populous one.
        Kind::Country => 3.4 + 0.1 * log_population,
        Kind::Continent | Kind::Sea => 3.2,
        Kind::Region if p.id.starts_with("region:") => 3.2,
        Kind::Region => 2.4,
        Kind::City => {
            let capital = if p.capital { 0.5 } else { 0.0 };
            let alias = if e.form == Form::Alias { 0.5 } else { 0.0 };
            0.5 * log_population + capital - alias
        }
        Kind::Airport | Kind::Airbase | Kind::Port => 1.0 + 0.1 * p.population as f64,
    }
}

/// The countries and first-level regions a document is about, as shares of
/// its unambiguous evidence. Region keys are "CC/Region name".
fn document_countries(gaz: &Gazetteer, cands: &[Candidate]) -> HashMap<String, f64> {
    let mut evidence: HashMap<String, f64> = HashMap::new();
    for c in cands {
        if let [e] = c.entries.as_slice() {
            let p = gaz.place(e.place);
            if p.id.starts_with("admin1:") {
                *evidence
                    .entry(format!("{}/{}", p.country, p.name))
                    .or_default() += 1.0;
            }
        }
        let countries: Vec<&str> = c
            .entries
            .iter()
            .map(|e| gaz.place(e.place).country.as_str())
            .filter(|cc| !cc.is_empty())
            .collect();
        let Some(first) = countries.first() else {
            continue;
        };
        let strong = c
            .entries
            .iter()
            .any(|e| matches!(gaz.place(e.place).kind, Kind::Country | Kind::Region));
        if countries.iter().all(|cc| cc == first) {
            *evidence.entry(first.to_string()).or_default() += if strong { 1.0 } else { 0.5 };
        }
    }
    let total: f64 = evidence
        .iter()
        .filter(|(k, _)| !k.contains('/'))
        .map(|(_, v)| v)
        .sum::<f64>()
        .max(3.0);
    evidence.into_iter().map(|(k, v)| (k, v / total)).collect()
}

/// The candidate that contains candidate `i` by the text's own words:
/// "X, Y" or "X in Y", with its bonus.
fn container_of(cands: &[Candidate], i: usize) -> Option<(usize, f64)> {
    match cands[i].link? {
        Link::Comma => Some((i + 1, CONTAINER_COMMA)),
        Link::In => Some((i + 1, CONTAINER_IN)),
    }
}
