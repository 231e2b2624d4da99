//! Where a named feature is reported: at the place its name holds
//! ("Manila Cathedral" at Manila), or, when it holds none or is a street,
//! at the town it lies in: the town named right after it ("Royal Street,
//! New Orleans", "Desire Street in Bywater"), else the nearest town or
//! county named before it, else the first one after it. A feature with no
//! town in its document is not reported: its point would be a guess.
//!
//! Such a mention keeps the town's country and point, takes the feature's
//! kind and own name, an id of its own (`street:royal-street@geonames:…`,
//! so a places layer does not fold it into the town) and a low confidence.

use super::Mention;
use super::features::{FeatureKind, tail_head};
use super::near::km;
use super::recognize::{Candidate, Link};
use super::resolve::contains;
use crate::gazetteer::normalize::key;
use crate::gazetteer::{Gazetteer, Kind, Place};
use ahash::{AHashMap as HashMap, AHashSet as HashSet};

/// Confidence factor of a feature placed at the place its name holds.
pub const INNER_CONFIDENCE: f64 = 0.6;
/// Confidence factor of a feature placed at a town of its document.
pub const TOWN_CONFIDENCE: f64 = 0.3;

/// Turns the mention of a place into the mention of a feature there.
pub fn as_feature(m: &mut Mention, kind: FeatureKind, factor: f64) {
    let name = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
    m.gazetteer_id = format!(
        "{}:{}@{}",
        kind.as_str(),
        key(&name).replace(' ', "-"),
        m.gazetteer_id
    );
    m.name = name;
    m.kind = kind.as_str().to_string();
    m.confidence = (m.confidence * factor * 1000.0).round() / 1000.0;
}

/// Is this mention a town or county (a place a street or building lies in)?
fn is_town(m: &Mention) -> bool {
    matches!(m.kind.as_str(), "city" | "county")
}

/// The country most of a document's places lie in: towns, counties and
/// divisions count one, countries half (they are named in stories set
/// anywhere).
fn home_country(mentions: &[Option<Mention>]) -> Option<String> {
    let mut counts: Vec<(&str, f64)> = Vec::new();
    for m in mentions.iter().flatten() {
        let weight = match m.kind.as_str() {
            "city" | "county" | "region" => 1.0,
            "country" => 0.5,
            _ => continue,
        };
        if m.country.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| *c == m.country) {
            Some((_, n)) => *n += weight,
            None => counts.push((&m.country, weight)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c.to_string())
}

/// How sure a town's mention must be to place a feature beside it, unless
/// it is named at most [`NEAR_CHARS`] characters before the feature.
const SURE_TOWN: f64 = 0.8;
const NEAR_CHARS: usize = 60;

/// Turns the mentions of features into what they report: features whose
/// names hold no place (their mention still `None`) and features named
/// after a division or country ("Mississippi River", "Colorado State
/// University") go to the town they lie in, the others stay at the place
/// their name holds. See the module's documentation.
pub fn place_features(
    gaz: &Gazetteer,
    cands: &[Candidate],
    texts: &[String],
    mentions: &mut [Option<Mention>],
    places: &[Option<u32>],
) {
    let home = home_country(mentions);
    let kinds = feature_kinds(gaz, cands, texts, places);
    for i in 0..cands.len() {
        let Some(kind) = kinds[i] else {
            continue;
        };
        if cands[i].feature.is_none() {
            // A stray town named like a feature: placed as one, by the
            // towns around it, never at the stray town itself.
            mentions[i] = None;
        }
        let inner = places[i]
            .filter(|_| cands[i].feature.is_some() && kind.inherits_place())
            .map(|p| gaz.place(p));
        // A town inside the division or country the name holds.
        let within = |j: usize| {
            inner.is_none_or(|outer| places[j].is_some_and(|t| contains(outer, gaz.place(t))))
        };
        // "Washington University in St. Louis": a town named right after
        // the feature says where it is, whatever its name holds.
        let container = matches!(cands[i].link, Some(Link::Comma | Link::In))
            .then(|| mentions[i + 1].as_ref())
            .flatten()
            .filter(|m| kinds[i + 1].is_none() && is_town(m))
            .cloned();
        let town = match inner {
            _ if container.is_some() => container,
            Some(p) if !matches!(p.kind, Kind::Region | Kind::Country) => None,
            _ => town_for(
                &kinds,
                mentions,
                (i, cands[i].start),
                home.as_deref(),
                within,
            ),
        };
        let factor = if town.is_some() {
            TOWN_CONFIDENCE
        } else {
            INNER_CONFIDENCE
        };
        let Some(mut m) = town.or_else(|| mentions[i].clone()) else {
            continue;
        };
        m.start = cands[i].start;
        m.end = cands[i].end;
        m.text = texts[i].clone();
        as_feature(&mut m, kind, factor);
        mentions[i] = Some(m);
    }
}

/// The town feature `i` lies in when none is named right after it: the
/// nearest sure town before it in the document's home country, else the
/// first such town after it.
fn town_for(
    kinds: &[Option<FeatureKind>],
    mentions: &[Option<Mention>],
    (i, start): (usize, usize),
    home: Option<&str>,
    within: impl Fn(usize) -> bool,
) -> Option<Mention> {
    let town = |j: usize| {
        mentions[j]
            .as_ref()
            .filter(|m| kinds[j].is_none() && is_town(m) && within(j))
    };
    let home_town = |j: usize| town(j).filter(|m| Some(m.country.as_str()) == home);
    // Sure, or named close before the feature ("at Turbo, on the Gulf of
    // Uraba").
    let sure = |j: usize| {
        home_town(j)
            .filter(|m| m.confidence >= SURE_TOWN || start.saturating_sub(m.end) <= NEAR_CHARS)
    };
    // Bounded both ways, so that a long text with few sure towns stays
    // linear: an article names far fewer places than this.
    let before = i.saturating_sub(SCAN_MENTIONS);
    let after = (i + 1 + SCAN_MENTIONS).min(mentions.len());
    (before..i)
        .rev()
        .find_map(sure)
        .or_else(|| (i + 1..after).find_map(sure))
        .cloned()
}

/// How many mentions before and after a feature are searched for its town.
const SCAN_MENTIONS: usize = 400;

/// How far from every other place of its document a town named like a
/// feature must lie to be read as the feature.
const STRAY_KM: f64 = 500.0;

/// Each candidate's feature kind: its own, or, for a town whose name ends
/// in a feature's head word ("Washington Square", "Union Station", "Lincoln
/// Park": gazetteers hold such neighbourhoods of a few big cities) and that
/// lies in no first-level division of its document's other places and
/// within [`STRAY_KM`] of none of its towns, the head word's kind. Such a
/// name in a story set elsewhere is the square or station of the story's
/// own town.
fn feature_kinds(
    gaz: &Gazetteer,
    cands: &[Candidate],
    texts: &[String],
    places: &[Option<u32>],
) -> Vec<Option<FeatureKind>> {
    let place = |j: usize| {
        places[j]
            .filter(|_| cands[j].feature.is_none())
            .map(|p| gaz.place(p))
            .filter(|p| matches!(p.kind, Kind::City | Kind::County | Kind::Region))
    };
    // "RICHARDS BAY, South Africa", "Walvis Bay in Namibia": a town the
    // text itself locates in its country or division is the town.
    let located: HashSet<&str> = (0..cands.len().saturating_sub(1))
        .filter(|&j| matches!(cands[j].link, Some(Link::Comma | Link::In)))
        .filter_map(|j| {
            let town = gaz.place(places[j].filter(|_| cands[j].feature.is_none())?);
            let outer = gaz.place(places[j + 1].filter(|_| cands[j + 1].feature.is_none())?);
            contains(outer, town).then_some(town.id.as_str())
        })
        .collect();
    // The document's places, each once, so that a long text costs the
    // number of its distinct headed names times its distinct places.
    let mut places: Vec<&Place> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::default();
    for p in (0..cands.len()).filter_map(place) {
        if seen.insert(p.id.as_str()) {
            places.push(p);
        }
    }
    let mut verdicts: HashMap<&str, Option<FeatureKind>> = HashMap::default();
    (0..cands.len())
        .map(|i| {
            if cands[i].feature.is_some() {
                return cands[i].feature;
            }
            let p =
                place(i).filter(|p| p.kind == Kind::City && !located.contains(p.id.as_str()))?;
            let head = texts[i].split_whitespace().skip(1).last()?;
            let kind = tail_head(&key(head))?;
            *verdicts.entry(p.id.as_str()).or_insert_with(|| {
                let mut others = places.iter().filter(|q| q.id != p.id).peekable();
                others.peek()?;
                let supported = others.any(|q| {
                    (!p.admin1_code.is_empty() && p.admin1_code == q.admin1_code)
                        || (q.kind == Kind::City && km(p, q) <= STRAY_KM)
                });
                (!supported).then_some(kind)
            })
        })
        .collect()
}
