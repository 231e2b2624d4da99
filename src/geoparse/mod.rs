//! Geoparser: finds the places a document names and resolves each to the
//! gazetteer.
//!
//! Three steps, one file each: [`tokens`] splits text into words with
//! character offsets, [`recognize`] finds the spans that name places and
//! drops the usual false positives, [`resolve`] picks the meaning of each.

mod abbreviations;
mod context;
mod people;
mod prior;
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
        let mut candidates = Vec::new();
        let mut texts = Vec::new();
        // Tokens are short-lived: a long text is read a chunk of lines at a
        // time, and only the candidates (with their surface text) are kept.
        for (chunk, base) in chunks(text) {
            let tokens = tokens::tokenize_from(chunk, base);
            for c in recognize::recognize(gaz, &tokens) {
                texts.push(
                    chunk[tokens[c.first].byte_start..tokens[c.last - 1].byte_end].to_string(),
                );
                candidates.push(c);
            }
        }
        let choices = resolve::resolve(gaz, &candidates);
        candidates
            .iter()
            .zip(choices)
            .zip(texts)
            .map(|((c, choice), surface)| {
                let place = gaz.place(choice.entry.place);
                let kind = if choice.entry.form == Form::Demonym {
                    "demonym"
                } else {
                    place.kind.as_str()
                };
                Mention {
                    start: c.start,
                    end: c.end,
                    text: surface,
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

    /// The gazetteer behind this parser.
    pub fn gazetteer(&self) -> &'static Gazetteer {
        self.gazetteer
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

/// Size at which a long text is cut, at the next line break.
const CHUNK_BYTES: usize = 256 * 1024;

/// Splits text into pieces of whole lines, each with the character offset
/// of its start.
fn chunks(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars_before = 0;
    while start < text.len() {
        let mut end = (start + CHUNK_BYTES).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        let piece = &text[start..end];
        out.push((piece, chars_before));
        chars_before += piece.chars().count();
        start = end;
    }
    out
}
