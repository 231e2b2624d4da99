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
