//! Geoparser: finds the places a document names and resolves each to the
//! gazetteer.

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
use crate::gazetteer::Gazetteer;

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
        let _ = (text, self.gazetteer);
        Vec::new()
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
