//! Prints what the extractor finds in the built-in corpus (run with
//! `--ignored --nocapture` while working on rules).
#![allow(clippy::panic, clippy::unwrap_used)]
mod common;

#[test]
#[ignore = "diagnostic output only"]
#[allow(clippy::print_stdout)]
fn print_builtin_events() {
    let mut docs = mapwire::documents::builtin();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    if let Ok(paths) = mapwire::documents::list_dir(&dir) {
        docs.extend(
            paths
                .iter()
                .filter_map(|p| mapwire::documents::Document::read(p).ok()),
        );
    }
    let only = std::env::var("ONLY").unwrap_or_default();
    for doc in docs.into_iter().filter(|d| d.id.contains(&only)) {
        // REAL=1 uses the real geoparser instead of the stand-in.
        let ms = if std::env::var("REAL").is_ok() {
            mapwire::geoparse::Geoparser::builtin().parse_document(&doc)
        } else {
            common::mentions(&doc)
        };
        for e in mapwire::events::extract(&doc, &ms) {
            println!(
                "{} | {} | {:?} {:?}-{:?} | {} ({}) | {:?} | {:?} | {} | {:?} | {}\n    {}",
                doc.id,
                e.event_type.as_str(),
                e.date,
                e.start,
                e.end,
                e.place,
                e.place_kind,
                e.status,
                e.actors,
                e.summary,
                e.origin,
                e.confidence,
                e.sentence
            );
        }
    }
}
