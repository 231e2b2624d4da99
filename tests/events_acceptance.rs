//! Acceptance on the built-in corpus: the events issue 3 requires, and the
//! sentences that must not become events. The same checks run twice: with a
//! small stand-in geoparser (so the rules are tested today) and with the real
//! geoparser (ignored until it is merged).
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
    require(events, "tanks to Venezuela", |e| {
        to_venezuela(e) && has_asset(e, |n| n == "T-72B1V" || n.contains("tank"))
    });
    require(events, "AK-103 to Venezuela", |e| {
        to_venezuela(e) && has_asset(e, |n| n == "AK-103")
    });
    for country in ["VE", "NI", "CU"] {
        require(events, &format!("Shoigu's visit to {country}"), |e| {
            e.event_type == Visit && e.country == country && e.document.starts_with("000_")
        });
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
    for phrase in [
        "Cuban Missile Crisis",
        "fisherman",
        "no intention of attacking",
        "denied the possibility",
    ] {
        let wrong: Vec<&Event> = events
            .iter()
            .filter(|e| e.sentence.contains(phrase))
            .collect();
        assert!(
            wrong.is_empty(),
            "{phrase:?} is not an event: {}",
            summaries(&wrong.into_iter().cloned().collect::<Vec<_>>())
        );
    }
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
    let started = std::time::Instant::now();
    let out = mapwire::ingest::run(&docs, mapwire::ingest::Options::default());
    let elapsed = started.elapsed();
    // The bound is for optimised builds (CI runs the tests with --release).
    if !cfg!(debug_assertions) {
        assert!(elapsed.as_secs_f64() < 1.0, "ingest took {elapsed:?}");
    }
    assert!(!out.places.features.is_empty());
    assert!(out.events.features.len() >= 15);
    // Deployments to Venezuela start in Moscow, the capital of Russia.
    assert!(out.flows.features.iter().any(|f| {
        f.property("origin_name").and_then(|v| v.as_str()) == Some("Moscow")
            && f.property("country").and_then(|v| v.as_str()) == Some("VE")
    }));
    Ok(())
}
