//! Shared helpers of the pattern tests: extract a fixture of
//! `tests/fixtures/patterns` with the real geoparser, and pick the one event
//! of a type and status.
#![allow(dead_code, clippy::panic, clippy::unwrap_used)]

use std::path::Path;

use mapwire::documents::Document;
use mapwire::events::{Event, EventType, Status, extract};
use mapwire::geoparse::Geoparser;

pub fn events(name: &str) -> Vec<Event> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/patterns")
        .join(name);
    let doc = Document::read(&path).unwrap();
    extract(&doc, &Geoparser::builtin().parse_document(&doc))
}

pub fn one(ev: &[Event], ty: EventType, status: Status) -> &Event {
    let found: Vec<&Event> = ev
        .iter()
        .filter(|e| e.event_type == ty && e.status == status)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{:#?}",
        ev.iter().map(|e| &e.summary).collect::<Vec<_>>()
    );
    found[0]
}

/// Asserts that every event passes `ok`, listing the summaries when not.
pub fn all(ev: &[Event], ok: impl Fn(&Event) -> bool) {
    assert!(
        ev.iter().all(ok),
        "{:#?}",
        ev.iter().map(|e| &e.summary).collect::<Vec<_>>()
    );
}

/// The first event at `place`, listing the events when there is none.
pub fn at<'a>(ev: &'a [Event], place: &str) -> &'a Event {
    ev.iter()
        .find(|e| e.place == place)
        .unwrap_or_else(|| panic!("{place}: {ev:#?}"))
}
