//! One feature per real event: mentions of the same event in the headline,
//! the lead and the body merge into one event that lists every sentence
//! reporting it.
//!
//! Two events are the same when they have the same type (a ship's arrival
//! in a country and its call at a port there count as one), the same status
//! and actor, places that are the same or contain one another, compatible
//! dates and no conflicting named hardware. Dates are compatible when the
//! periods overlap; a date that only comes from the document's time (a
//! headline, a present-tense report) or from a report about the event is
//! compatible with any date of the two months before it. Two calls at one
//! port a year apart stay two.

use chrono::Duration;

use super::anchor::DateSource;
use super::assets::AssetKind;
use super::places::kind_specificity;
use super::{Event, EventType};

/// How specific an event's place is; a region or a demonym outside any
/// country ("Latin America") is as vague as a continent.
fn specificity(e: &Event) -> u8 {
    if e.country.is_empty() && matches!(e.place_kind.as_str(), "region" | "demonym" | "continent") {
        return 0;
    }
    kind_specificity(&e.place_kind)
}

fn weak(e: &Event) -> bool {
    matches!(
        e.date_source,
        DateSource::Document | DateSource::Report | DateSource::Inherited | DateSource::None
    )
}

fn types_match(a: &Event, b: &Event) -> bool {
    if a.event_type == b.event_type {
        return true;
    }
    // A named ship, or ships by their noun ("two navy destroyers").
    let ships = |e: &Event| {
        e.assets.iter().any(|x| {
            x.kind == AssetKind::Ship
                || x.name
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| super::lexicon::is_ship(&w.to_lowercase()))
        })
    };
    let pair = matches!(
        (a.event_type, b.event_type),
        (EventType::Deployment, EventType::PortCall) | (EventType::PortCall, EventType::Deployment)
    );
    pair && (ships(a) || ships(b))
}

/// The same place, or one inside the other (a city in a country, an air
/// base in a region), or a vague place (a continent) that any place fits.
fn places_match(a: &Event, b: &Event) -> bool {
    if a.place_id == b.place_id {
        return true;
    }
    let (sa, sb) = (specificity(a), specificity(b));
    // A continent or a region of several countries, named in a headline
    // or a present-tense summary ("visits Latin America"), fits any place.
    let vague = |e: &Event, s: u8| s == 0 && e.date_source == DateSource::Document;
    if vague(a, sa) || vague(b, sb) {
        return true;
    }
    if a.country.is_empty() || b.country.is_empty() {
        return false;
    }
    if a.country != b.country {
        return false;
    }
    // Within one country: the country or a region contains what is more
    // specific; two different cities or facilities are two places unless
    // they are close (a port and its city).
    if sa.min(sb) <= 3 && sa != sb {
        return true;
    }
    km(a, b) < 40.0
}

/// "Iran and Russia sign deal" in a headline, "Iran and Russia signed a
/// memorandum in Tehran" in the body: an agreement of the same parties,
/// one of them only placed in a party's country and not dated itself.
fn same_parties(a: &Event, b: &Event) -> bool {
    let agreement = matches!(
        a.event_type,
        EventType::Agreement | EventType::PortCallAgreement
    );
    let mut pa = a.actors.clone();
    let mut pb = b.actors.clone();
    pa.sort();
    pb.sort();
    let vague = |e: &Event| weak(e) && e.place_kind == "country" && e.actors.contains(&e.country);
    agreement && pa.len() >= 2 && pa == pb && (vague(a) || vague(b))
}

fn km(a: &Event, b: &Event) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((b.lon - a.lon).to_radians() / 2.0).sin().powi(2);
    12742.0 * h.min(1.0).sqrt().asin()
}

fn dates_match(a: &Event, b: &Event) -> bool {
    let (Some((a0, a1)), Some((b0, b1))) = (a.span, b.span) else {
        return true;
    };
    // A weak date stands for a recent, not exactly known time.
    let widen = |e: &Event, s: chrono::NaiveDate| {
        if weak(e) { s - Duration::days(62) } else { s }
    };
    // Ships that "arrived in Cambodian waters on Saturday" and "docked at
    // Ream on Sunday": entering a country's waters and calling at its port
    // a day or two later is one visit.
    let approach = if a.event_type != b.event_type {
        Duration::days(2)
    } else if a.event_type == EventType::Visit {
        // "arrived on Monday for three days of talks ... met the minister
        // on Tuesday": a visit lasts days, and each day's meeting is it.
        Duration::days(3)
    } else {
        Duration::zero()
    };
    widen(a, a0) - approach <= b1 && widen(b, b0) - approach <= a1
}

fn assets_match(a: &Event, b: &Event) -> bool {
    let named = |e: &Event| -> Vec<String> {
        e.assets
            .iter()
            .filter(|x| x.kind != AssetKind::Force)
            .map(|x| {
                x.name
                    .split_whitespace()
                    .last()
                    .unwrap_or("")
                    .to_lowercase()
            })
            .collect()
    };
    let (na, nb) = (named(a), named(b));
    na.is_empty() || nb.is_empty() || na.iter().any(|x| nb.contains(x)) || designations_match(a, b)
}

/// A designation and its variant name one model: "B-52" in a headline and
/// "B-52H Stratofortress" in the body, "Su-30" and "Su-30SME".
fn designations_match(a: &Event, b: &Event) -> bool {
    let codes = |e: &Event| -> Vec<String> {
        e.assets
            .iter()
            .flat_map(|x| x.name.split_whitespace())
            .filter(|w| w.len() >= 3 && w.chars().any(|c| c.is_ascii_digit()))
            .map(str::to_lowercase)
            .collect()
    };
    let (ca, cb) = (codes(a), codes(b));
    ca.iter().any(|x| {
        cb.iter()
            .any(|y| x.starts_with(y.as_str()) || y.starts_with(x.as_str()))
    })
}

fn actors_match(a: &Event, b: &Event) -> bool {
    match (a.actors.first(), b.actors.first()) {
        (Some(x), Some(y)) => x == y || a.actors.contains(y) || b.actors.contains(x),
        _ => true,
    }
}

/// Whether two events of one document report the same event.
pub fn same(a: &Event, b: &Event) -> bool {
    types_match(a, b)
        && a.status == b.status
        && (places_match(a, b) || same_parties(a, b))
        && dates_match(a, b)
        && assets_match(a, b)
        && actors_match(a, b)
}

/// How good an event's reading is: an own date, then a specific place, then
/// confidence.
fn rank(e: &Event) -> (u8, u8, i64, usize) {
    let dated = match e.date_source {
        DateSource::Own => 3,
        DateSource::Inherited => 2,
        DateSource::Report | DateSource::Document => 1,
        DateSource::None => 0,
    };
    (
        dated,
        specificity(e),
        (e.confidence * 100.0).round() as i64,
        e.sentence.len(),
    )
}

/// Folds `e` into `into`: the better reading leads; assets, actors and
/// sentences are united.
fn fold(into: &mut Event, e: Event) {
    let (mut keep, other) = if rank(&e) > rank(into) {
        (e, std::mem::replace(into, Event::placeholder()))
    } else {
        (std::mem::replace(into, Event::placeholder()), e)
    };
    // The more specific place wins even over a better date.
    // (An approximate city still beats a country.)
    let (so, sk) = (specificity(&other), specificity(&keep));
    if so > sk && (!other.approx || sk <= 2) {
        keep.take_place_of(&other);
    }
    // A ship's arrival at a port of the country is a port call.
    if keep.event_type != other.event_type && keep.place_kind != "country" {
        keep.event_type = EventType::PortCall;
    }
    for a in other.assets {
        let named = keep.assets.iter().any(|x| x.kind != AssetKind::Force);
        let dup = keep.assets.iter().any(|x| x.name == a.name);
        if !(dup || a.kind == AssetKind::Force && named) {
            keep.assets.push(a);
        }
    }
    let all_force = keep.assets.iter().all(|y| y.kind == AssetKind::Force);
    keep.assets
        .retain(|x| x.kind != AssetKind::Force || all_force);
    for c in other.actors {
        if !keep.actors.contains(&c) {
            keep.actors.push(c);
        }
    }
    for s in other.sentences {
        if !keep.sentences.iter().any(|x| x.offsets == s.offsets) {
            keep.sentences.push(s);
        }
    }
    keep.sentences.sort_by_key(|s| s.offsets[0]);
    keep.confidence = keep.confidence.max(other.confidence);
    if keep.origin_point.is_none() {
        keep.origin_point = other.origin_point;
    }
    if keep.origin.is_none() {
        keep.origin = other.origin;
    }
    if keep.person.is_none() {
        keep.person = other.person;
    }
    *into = keep;
}

/// Merges the events of one document. The best readings are taken first,
/// so a vague headline joins the precise report it summarises rather than
/// whatever came first; the result is in text order.
pub fn merge(mut events: Vec<Event>) -> Vec<Event> {
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(rank(&events[k])));
    let mut taken: Vec<Option<Event>> = events.drain(..).map(Some).collect();
    let mut out: Vec<Event> = Vec::with_capacity(taken.len());
    for k in order {
        let Some(e) = taken[k].take() else { continue };
        match out.iter_mut().find(|o| same(o, &e)) {
            Some(o) => fold(o, e),
            None => out.push(e),
        }
    }
    out.sort_by_key(|e| e.sentences.first().map_or(e.offsets[0], |s| s.offsets[0]));
    out
}
