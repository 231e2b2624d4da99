//! Prints what the extractor finds in the built-in corpus (run with
//! `--ignored --nocapture` while working on rules).
mod common;

#[test]
#[ignore = "diagnostic output only"]
#[allow(clippy::print_stdout)]
fn print_builtin_events() {
    for doc in mapwire::documents::builtin() {
        let ms = common::mentions(&doc);
        for e in mapwire::events::extract(&doc, &ms) {
            println!(
                "{} | {} | {:?} | {} ({}) | {:?} | {:?} | {} | {:?}\n    {}",
                doc.id, e.event_type.as_str(), e.date, e.place, e.place_kind, e.status, e.actors, e.summary, e.origin, e.sentence
            );
        }
    }
}
