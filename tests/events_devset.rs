//! Event extraction on the development set (`tests/fixtures/news-dev`: 20
//! articles with gold events). The figures are computed with the rules of
//! `eventscore.py` (`scoring/mod.rs`) and pinned at no lower than what the extractor reaches, so a
//! later change cannot silently lose them. `MAPWIRE_DEVSET_PRINT=1` prints
//! the figures and every miss and wrong event.
#![allow(clippy::panic, clippy::unwrap_used, clippy::print_stdout)]

mod scoring;

/// Lowest acceptable figures: (recall, precision).
const ALL_TYPES: (f64, f64) = (0.89, 0.82);
const PORT_AND_DEPLOYMENT: (f64, f64) = (0.96, 0.90);

#[test]
fn dev_set_figures_do_not_fall() {
    scoring::assert_floors(
        "news-dev",
        1..=20,
        20,
        "MAPWIRE_DEVSET_PRINT",
        ALL_TYPES,
        PORT_AND_DEPLOYMENT,
    );
}
