//! One document through the whole pipeline: its mentions, its events (and
//! claims: events reported as planned, denied or alleged) and their flows, as the store keeps them and the live layers serve them.
//!
//! The places layer is not per document (a place aggregates every document
//! that names it), so it is built from the mentions by whoever holds all
//! documents: [`super::layers::PlacesBuilder`] for a batch run, the live
//! corpus and the store for a server.

use geojson::Feature;

use super::layers::{self, Origin};
use crate::documents::Document;
use crate::events::{self, Event};
use crate::gazetteer::Gazetteer;
use crate::geoparse::{Geoparser, Mention};

/// The version of the extraction a store's rows come from: a release
/// number, then a fingerprint of the geoparser, gazetteer and event-rule
/// sources the binary was built from (see `build.rs`). A server whose store
/// holds another version re-extracts every document in the background.
pub const EXTRACTOR_VERSION: &str = concat!("1+", env!("MAPWIRE_EXTRACTOR_FINGERPRINT"));

/// What one document yields.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// In text order, offsets in characters of the whole text.
    pub mentions: Vec<Mention>,
    /// One Point feature per event reported as having happened, in text
    /// order.
    pub events: Vec<Feature>,
    /// Events reported as planned, denied or alleged (the `claims` layer).
    pub claims: Vec<Feature>,
    /// A great-circle flow per flow-type event with a known origin.
    pub flows: Vec<Feature>,
}

/// A geoparser: document → mentions.
type GeoparseFn = Box<dyn Fn(&Document) -> Vec<Mention> + Send + Sync>;
/// ISO country code → the point flows from it start at.
type CapitalFn = Box<dyn Fn(&str) -> Option<Origin> + Send + Sync>;

/// The geoparser and gazetteer an extraction runs with.
pub struct Extractor {
    geoparse: GeoparseFn,
    capital: CapitalFn,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Extractor")
    }
}

impl Extractor {
    /// The built-in geoparser and gazetteer (flows without an explicit
    /// "from X" start at the capital of the origin country).
    pub fn builtin() -> Extractor {
        let geoparser = Geoparser::builtin();
        let gazetteer = Gazetteer::builtin();
        Extractor::new(
            move |d: &Document| geoparser.parse_document(d),
            move |iso: &str| {
                gazetteer.capital_of(iso).map(|p| Origin {
                    name: p.name.clone(),
                    lon: p.lon,
                    lat: p.lat,
                })
            },
        )
    }

    /// An extractor from a geoparser and an origin resolver (ISO country
    /// code → the point flows start from).
    pub fn new(
        geoparse: impl Fn(&Document) -> Vec<Mention> + Send + Sync + 'static,
        capital: impl Fn(&str) -> Option<Origin> + Send + Sync + 'static,
    ) -> Extractor {
        Extractor {
            geoparse: Box::new(geoparse),
            capital: Box::new(capital),
        }
    }

    /// Runs the pipeline over one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        extract_with(doc, &*self.geoparse, &*self.capital)
    }
}

/// The built-in extractor, made on first use and then shared: loading the
/// gazetteer takes a few hundred milliseconds that a server should not
/// spend before it answers its first request.
#[derive(Debug, Default)]
pub struct SharedExtractor {
    cell: std::sync::OnceLock<std::sync::Arc<Extractor>>,
}

impl SharedExtractor {
    /// The extractor, made now if nobody has yet (blocks meanwhile: call it
    /// off the async threads).
    pub fn get(&self) -> std::sync::Arc<Extractor> {
        self.cell
            .get_or_init(|| std::sync::Arc::new(Extractor::builtin()))
            .clone()
    }

    /// Makes the extractor on a thread of its own, now.
    pub fn warm(self: &std::sync::Arc<Self>) {
        let me = self.clone();
        let _ = std::thread::Builder::new()
            .name("mapwire-gazetteer".into())
            .spawn(move || {
                me.get();
            });
    }
}

/// Runs the pipeline over one document with a given geoparser and origin
/// resolver.
pub fn extract_with(
    doc: &Document,
    geoparse: &dyn Fn(&Document) -> Vec<Mention>,
    capital: &dyn Fn(&str) -> Option<Origin>,
) -> Extraction {
    let mentions = geoparse(doc);
    let found = events::extract(doc, &mentions);
    let mut out = Extraction {
        events: Vec::with_capacity(found.len()),
        ..Extraction::default()
    };
    for e in &found {
        if e.status != events::Status::Reported {
            out.claims.push(layers::event_feature(e));
            continue;
        }
        out.events.push(layers::event_feature(e));
        if let Some(f) = flow(e, capital) {
            out.flows.push(f);
        }
    }
    out.mentions = mentions;
    out
}

fn flow(e: &Event, capital: &dyn Fn(&str) -> Option<Origin>) -> Option<Feature> {
    if !e.event_type.is_flow() {
        return None;
    }
    let origin = match &e.origin_point {
        // A country named as the source ("from Russia") starts at its capital.
        Some(p) if matches!(p.kind.as_str(), "country" | "demonym") => {
            capital(e.origin.as_deref()?)?
        }
        Some(p) => Origin {
            name: p.name.clone(),
            lon: p.lon,
            lat: p.lat,
        },
        None => capital(e.origin.as_deref()?)?,
    };
    layers::flow_feature(e, &origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_names_the_release_and_the_sources() {
        let (release, fingerprint) = EXTRACTOR_VERSION.split_once('+').unwrap_or_default();
        assert_eq!(release, "1");
        assert_eq!(fingerprint.len(), 16);
        assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn a_builtin_document_yields_mentions_events_and_flows() {
        let docs = crate::documents::builtin();
        let extractor = Extractor::builtin();
        let all: Vec<Extraction> = docs.iter().map(|d| extractor.extract(d)).collect();
        assert!(all.iter().all(|x| !x.mentions.is_empty()));
        assert!(all.iter().map(|x| x.events.len()).sum::<usize>() > 0);
        assert!(all.iter().map(|x| x.flows.len()).sum::<usize>() > 0);
    }
}
