//! Geoparser: finds the places a document names and resolves each to the
//! gazetteer.
//!
//! Three steps, one file each: [`tokens`] splits text into words with
//! character offsets, [`recognize`] finds the spans that name places and
//! drops the usual false positives, [`resolve`] picks the meaning of each.

pub mod recognize;
pub mod resolve;
pub mod tokens;

use serde::{Deserialize, Serialize};

/// One place name found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Unicode character offset of the first character (inclusive).
    pub start: usize,
    /// Unicode character offset after the last character (exclusive).
    pub end: usize,
    /// The text as written.
    pub text: String,
    /// The gazetteer's name of the resolved place.
    pub name: String,
    pub gazetteer_id: String,
    /// city, country, region, continent, sea, port, airbase, airport, demonym.
    pub kind: String,
    /// ISO 3166-1 alpha-2, empty for places outside any country (seas, continents).
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub confidence: f64,
}

use crate::documents::Document;
use crate::gazetteer::{Form, Gazetteer};

/// Finds and resolves place names. Cheap to share: holds a reference to the
/// gazetteer.
pub struct Geoparser {
    gazetteer: &'static Gazetteer,
}

impl Geoparser {
    /// A geoparser over the built-in gazetteer.
    pub fn builtin() -> Geoparser {
        Geoparser {
            gazetteer: Gazetteer::builtin(),
        }
    }

    /// Mentions in `text`, offsets in characters of `text`, in text order.
    pub fn parse(&self, text: &str) -> Vec<Mention> {
        let gaz = self.gazetteer;
        let tokens = tokens::tokenize(text);
        let candidates = recognize::recognize(gaz, &tokens);
        let choices = resolve::resolve(gaz, &tokens, &candidates);
        candidates
            .iter()
            .zip(choices)
            .map(|(c, choice)| {
                let place = gaz.place(choice.entry.place);
                let kind = if choice.entry.form == Form::Demonym {
                    "demonym"
                } else {
                    place.kind.as_str()
                };
                Mention {
                    start: c.start,
                    end: c.end,
                    text: text[tokens[c.first].byte_start..tokens[c.last - 1].byte_end]
                        .to_string(),
                    name: place.name.clone(),
                    gazetteer_id: place.id.clone(),
                    kind: kind.to_string(),
                    country: place.country.clone(),
                    lat: place.lat,
                    lon: place.lon,
                    confidence: (choice.confidence * 1000.0).round() / 1000.0,
                }
            })
            .collect()
    }

    /// Mentions in a document's body, offsets in characters of the whole file.
    pub fn parse_document(&self, doc: &Document) -> Vec<Mention> {
        let mut mentions = self.parse(doc.body());
        for m in &mut mentions {
            m.start += doc.body_char;
            m.end += doc.body_char;
        }
        mentions
    }
}
