//! Acceptance on the built-in corpus: the events a careful reader finds in
//! it, and the sentences that must not become reported events (offers,
//! possession, denials, history). The same checks run twice: with a small
//! stand-in geoparser and with the real one.
#![allow(clippy::panic, clippy::unwrap_used)]
mod common;

use mapwire::documents::{self, Document};
use mapwire::events::{Event, EventType, Status, extract};
use mapwire::geoparse::{Geoparser, Mention};

fn corpus_events(geoparse: &dyn Fn(&Document) -> Vec<Mention>) -> Vec<Event> {
    documents::builtin()
        .iter()
        .flat_map(|d| extract(d, &geoparse(d)))
        .collect()
}

fn has_asset(e: &Event, pred: impl Fn(&str) -> bool) -> bool {
    e.assets
        .iter()
        .any(|a| pred(&a.name) || a.class.as_deref().is_some_and(&pred))
}

fn summaries(events: &[Event]) -> String {
    events
        .iter()
        .map(|e| format!("{} [{}] {}\n", e.summary, e.event_type.as_str(), e.country))
        .collect()
}

fn require(events: &[Event], what: &str, pred: impl Fn(&Event) -> bool) {
    assert!(
        events.iter().any(pred),
        "missing: {what}\nfound:\n{}",
        summaries(events)
    );
}

fn check_required(events: &[Event]) {
    use EventType::*;
    let reported = |e: &Event| e.status == Status::Reported;
    for date in ["2008-09", "2018-12"] {
        require(
            events,
            &format!("Tu-160 deployment to Venezuela {date}"),
            |e| {
                e.event_type == Deployment
                    && e.country == "VE"
                    && e.date.as_deref() == Some(date)
                    && has_asset(e, |n| n == "Tu-160")
                    && reported(e)
            },
        );
    }
    require(events, "Russian flotilla with Peter the Great", |e| {
        e.event_type == Deployment && has_asset(e, |n| n == "Peter the Great")
    });
    require(events, "joint exercise Nov 2008", |e| {
        e.event_type == Exercise && e.date.as_deref() == Some("2008-11")
    });
    require(events, "port-call agreement with Nicaragua Feb 2015", |e| {
        e.event_type == PortCallAgreement
            && e.country == "NI"
            && e.date.as_deref().is_some_and(|d| d.starts_with("2015-02"))
    });
    require(
        events,
        "Nicaraguan decree Jun 2022, 2022-07-01..2022-12-31",
        |e| {
            e.event_type == Deployment
                && e.country == "NI"
                && e.date.as_deref() == Some("2022-06")
                && e.start.as_deref() == Some("2022-07-01T00:00:00Z")
                && e.end.as_deref() == Some("2022-12-31T23:59:59Z")
        },
    );
    require(events, "Russian Navy call at the port of Havana", |e| {
        e.event_type == PortCall && e.place.contains("Havana") && e.country == "CU"
    });
    let to_venezuela = |e: &Event| e.event_type == ArmsTransfer && e.country == "VE";
    require(events, "helicopters to Venezuela", |e| {
        to_venezuela(e)
            && has_asset(e, |n| {
                n.to_lowercase().starts_with("mi-") || n.contains("helicopter")
            })
    });
    require(events, "Su-30MK2 to Venezuela", |e| {
        to_venezuela(e) && has_asset(e, |n| n == "Su-30MK2")
    });
    require(events, "AK-103 to Venezuela", |e| {
        to_venezuela(e) && has_asset(e, |n| n == "AK-103")
    });
    // "wraps up his three-day visit": the present tense dates the visits by
    // the publication date (2015-02-14).
    for country in ["VE", "NI", "CU"] {
        require(
            events,
            &format!("Shoigu's visit to {country}, Feb 2015"),
            |e| {
                e.event_type == Visit
                    && e.country == country
                    && e.document.starts_with("000_")
                    && e.date.as_deref() == Some("2015-02")
                    && e.actors.first().map(String::as_str) == Some("RU")
            },
        );
    }
    require(
        events,
        "Russia–Cuba military cooperation agreement ratified Oct 2025",
        |e| {
            e.event_type == Agreement
                && e.country == "CU"
                && e.date.as_deref().is_some_and(|d| d.starts_with("2025-10"))
        },
    );
    // Not reported events: history, opinion, denials, offers and possession.
    for phrase in [
        "Cuban Missile Crisis",
        "fisherman",
        "no intention of attacking",
        "denied the possibility",
        "offers to sell",
        "ready to provide",
        "also has Russia",
        "has now in service",
    ] {
        let wrong: Vec<&Event> = events
            .iter()
            .filter(|e| e.status == Status::Reported && e.sentence.contains(phrase))
            .collect();
        assert!(
            wrong.is_empty(),
            "{phrase:?} is not an event: {}",
            summaries(&wrong.into_iter().cloned().collect::<Vec<_>>())
        );
    }
}

#[test]
fn offers_are_planned_and_duplicates_are_one_event() {
    let geoparser = Geoparser::builtin();
    let events = corpus_events(&|d: &Document| geoparser.parse_document(d));
    require(&events, "Putin's offer of weapons, planned", |e| {
        e.status == Status::Planned
            && e.event_type == EventType::ArmsTransfer
            && e.sentences
                .iter()
                .any(|s| s.text.contains("offers to sell"))
    });
    // The 2022 decree and its "also allows 80 Russian soldiers" are one
    // deployment to Nicaragua.
    let nicaragua: Vec<&Event> = events
        .iter()
        .filter(|e| {
            e.event_type == EventType::Deployment
                && e.country == "NI"
                && e.status == Status::Reported
                && e.document.starts_with("001_")
        })
        .collect();
    assert_eq!(nicaragua.len(), 1, "{}", summaries(&events));
    assert!(nicaragua[0].sentences.len() >= 2);
    // Headlines repeated in the summary line are one event each: no two
    // reported events of a document share type, place and date.
    let mut keys: Vec<(String, &str, String, String)> = events
        .iter()
        .filter(|e| e.status == Status::Reported)
        .map(|e| {
            (
                e.document.clone(),
                e.event_type.as_str(),
                e.place_id.clone(),
                e.date.clone().unwrap_or_default(),
            )
        })
        .collect();
    let all = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), all, "duplicates in:\n{}", summaries(&events));
}

#[test]
fn required_events_with_stand_in_mentions() {
    check_required(&corpus_events(&common::mentions));
}

#[test]
fn required_events_with_the_real_geoparser() {
    let geoparser = Geoparser::builtin();
    check_required(&corpus_events(&|d: &Document| geoparser.parse_document(d)));
}

#[test]
fn ingest_of_the_builtin_corpus_writes_valid_layers_with_flows()
-> Result<(), Box<dyn std::error::Error>> {
    let docs = documents::builtin();
    // Speed is measured by the ingest benchmark, never asserted here.
    let out = mapwire::ingest::run(&docs, mapwire::ingest::Options::default());
    assert!(!out.places.features.is_empty());
    assert!(out.events.features.len() >= 15);
    // Deployments to Venezuela start in Moscow, the capital of Russia.
    assert!(out.flows.features.iter().any(|f| {
        f.property("origin_name").and_then(|v| v.as_str()) == Some("Moscow")
            && f.property("country").and_then(|v| v.as_str()) == Some("VE")
    }));
    Ok(())
}
