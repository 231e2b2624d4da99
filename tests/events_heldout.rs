//! Event extraction on the held-out set (`tests/fixtures/news-heldout`:
//! invented articles with gold events). The first batch (01-08) was written
//! after the extractor to cover
//! reporting the dev set has little of: a task group's stops, an air base then
//! "the base", an access agreement stated with "may", a ministry's denial, a
//! delivery with the rest due next year, a drill in a named sea, a minister's
//! visit, satellite images quoted from a think tank). Scored like the dev set
//! (`scoring/mod.rs`) and pinned at what the extractor reaches. The second
//! batch (09-14: bombers at an air base OurAirports calls an airport, a
//! training squadron's two calls and a meeting during one, an access
//! arrangement "agreed to extend", a delivery by sea, a drill and the jets'
//! arrival at an air base, an air chief's visit with a stop at a base) was
//! scored blind before any rule change; its blind figures are in the
//! folder's README, its floors here are what the extractor reached after the fixes for
//! the causes it showed (`events_patterns_blind.rs`).
//! `MAPWIRE_HELDOUT_PRINT=1` prints the figures and every miss and wrong event.
#![allow(clippy::panic, clippy::unwrap_used, clippy::print_stdout)]

mod scoring;

/// Lowest acceptable figures for the first batch (01-08): (recall, precision).
const FIRST_ALL_TYPES: (f64, f64) = (0.90, 0.85);
const FIRST_PORT_AND_DEPLOYMENT: (f64, f64) = (0.83, 0.83);

/// Lowest acceptable figures for the second batch (09-14).
const SECOND_ALL_TYPES: (f64, f64) = (0.87, 0.57);
const SECOND_PORT_AND_DEPLOYMENT: (f64, f64) = (0.95, 0.70);

#[test]
fn first_held_out_batch_does_not_fall() {
    scoring::assert_floors(
        "news-heldout",
        1..=8,
        8,
        "MAPWIRE_HELDOUT_PRINT",
        FIRST_ALL_TYPES,
        FIRST_PORT_AND_DEPLOYMENT,
    );
}

#[test]
fn second_held_out_batch_does_not_fall() {
    scoring::assert_floors(
        "news-heldout",
        9..=14,
        6,
        "MAPWIRE_HELDOUT_PRINT",
        SECOND_ALL_TYPES,
        SECOND_PORT_AND_DEPLOYMENT,
    );
}
