//! Test helper: a tiny stand-in geoparser. It finds the given place names in
//! a document body (whole words, longest first) and builds mentions with
//! real-ish coordinates, so `events::extract` can be tested before the real
//! geoparser lands.
#![allow(dead_code, clippy::panic, clippy::unwrap_used)]

use mapwire::documents::Document;
use mapwire::geoparse::Mention;

/// (surface form, gazetteer name, kind, ISO country, lat, lon)
pub type Entry = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
);

pub const PLACES: &[Entry] = &[
    // Countries and their demonyms.
    ("Russia", "Russia", "country", "RU", 61.5, 105.3),
    ("Russian", "Russia", "demonym", "RU", 61.5, 105.3),
    ("Venezuela", "Venezuela", "country", "VE", 6.42, -66.59),
    ("Venezuelan", "Venezuela", "demonym", "VE", 6.42, -66.59),
    ("Cuba", "Cuba", "country", "CU", 21.52, -77.78),
    ("Cuban", "Cuba", "demonym", "CU", 21.52, -77.78),
    ("Nicaragua", "Nicaragua", "country", "NI", 12.87, -85.21),
    ("Nicaraguan", "Nicaragua", "demonym", "NI", 12.87, -85.21),
    ("Iran", "Iran", "country", "IR", 32.43, 53.69),
    ("Georgia", "Georgia", "country", "GE", 42.32, 43.36),
    ("Colombia", "Colombia", "country", "CO", 4.57, -74.3),
    ("Ukraine", "Ukraine", "country", "UA", 48.38, 31.17),
    ("Ukrainian", "Ukraine", "demonym", "UA", 48.38, 31.17),
    ("Brazil", "Brazil", "country", "BR", -14.24, -51.93),
    ("Canada", "Canada", "country", "CA", 56.13, -106.35),
    ("China", "China", "country", "CN", 35.86, 104.2),
    ("Chinese", "China", "demonym", "CN", 35.86, 104.2),
    (
        "United States",
        "United States",
        "country",
        "US",
        37.09,
        -95.71,
    ),
    ("U.S.", "United States", "country", "US", 37.09, -95.71),
    ("US", "United States", "country", "US", 37.09, -95.71),
    ("Syria", "Syria", "country", "SY", 34.8, 38.99),
    ("Syrian", "Syria", "demonym", "SY", 34.8, 38.99),
    ("Algeria", "Algeria", "country", "DZ", 28.03, 1.66),
    ("Algerian", "Algeria", "demonym", "DZ", 28.03, 1.66),
    ("India", "India", "country", "IN", 20.59, 78.96),
    ("Indian", "India", "demonym", "IN", 20.59, 78.96),
    (
        "South Africa",
        "South Africa",
        "country",
        "ZA",
        -30.56,
        22.94,
    ),
    (
        "South African",
        "South Africa",
        "demonym",
        "ZA",
        -30.56,
        22.94,
    ),
    ("Vietnam", "Vietnam", "country", "VN", 14.06, 108.28),
    ("Vietnamese", "Vietnam", "demonym", "VN", 14.06, 108.28),
    ("Egypt", "Egypt", "country", "EG", 26.82, 30.8),
    ("Egyptian", "Egypt", "demonym", "EG", 26.82, 30.8),
    ("Sudan", "Sudan", "country", "SD", 12.86, 30.22),
    ("Mali", "Mali", "country", "ML", 17.57, -4.0),
    ("Malian", "Mali", "demonym", "ML", 17.57, -4.0),
    ("Myanmar", "Myanmar", "country", "MM", 21.91, 95.96),
    ("Indonesia", "Indonesia", "country", "ID", -0.79, 113.92),
    ("Indonesian", "Indonesia", "demonym", "ID", -0.79, 113.92),
    ("Fiji", "Fiji", "country", "FJ", -17.71, 178.07),
    ("Peru", "Peru", "country", "PE", -9.19, -75.02),
    ("Peruvian", "Peru", "demonym", "PE", -9.19, -75.02),
    // Cities, ports, air bases.
    ("Moscow", "Moscow", "city", "RU", 55.7558, 37.6173),
    ("Caracas", "Caracas", "city", "VE", 10.4806, -66.9036),
    ("Havana", "Havana", "city", "CU", 23.1136, -82.3666),
    ("Managua", "Managua", "city", "NI", 12.114, -86.2362),
    ("Tehran", "Tehran", "city", "IR", 35.6892, 51.389),
    ("Kyiv", "Kyiv", "city", "UA", 50.4501, 30.5234),
    ("Kiev", "Kyiv", "city", "UA", 50.4501, 30.5234),
    ("Washington", "Washington", "city", "US", 38.9072, -77.0369),
    ("Tartus", "Tartus", "port", "SY", 34.889, 35.886),
    ("Cape Town", "Cape Town", "port", "ZA", -33.9249, 18.4241),
    ("Algiers", "Algiers", "city", "DZ", 36.7538, 3.0588),
    ("Port Sudan", "Port Sudan", "port", "SD", 19.6158, 37.2164),
    ("Cam Ranh", "Cam Ranh", "port", "VN", 11.9214, 109.1591),
    ("Bamako", "Bamako", "city", "ML", 12.6392, -8.0029),
    ("Biak", "Biak", "airbase", "ID", -1.19, 136.1),
    ("Suva", "Suva", "port", "FJ", -18.1416, 178.4419),
    ("Callao", "Callao", "port", "PE", -12.0566, -77.1181),
    ("Lima", "Lima", "city", "PE", -12.0464, -77.0428),
    ("New Delhi", "New Delhi", "city", "IN", 28.6139, 77.209),
    ("Cairo", "Cairo", "city", "EG", 30.0444, 31.2357),
    ("Hmeimim", "Hmeimim", "airbase", "SY", 35.4, 35.95),
    (
        "Vladivostok",
        "Vladivostok",
        "port",
        "RU",
        43.1155,
        131.8855,
    ),
    ("Severomorsk", "Severomorsk", "port", "RU", 69.0731, 33.4167),
    // Seas and continents.
    ("Caribbean", "Caribbean Sea", "sea", "", 15.0, -75.0),
    ("Mediterranean", "Mediterranean Sea", "sea", "", 35.0, 18.0),
    ("Indian Ocean", "Indian Ocean", "sea", "", -20.0, 80.0),
    (
        "Latin America",
        "Latin America",
        "continent",
        "",
        -8.78,
        -55.49,
    ),
    // As the real geoparser has it: a demonym of a region outside any country.
    (
        "Latin American",
        "Latin America",
        "demonym",
        "",
        -8.78,
        -55.49,
    ),
    ("Asia", "Asia", "continent", "", 34.05, 100.62),
    ("Africa", "Africa", "continent", "", 8.78, 34.51),
    ("Europe", "Europe", "continent", "", 54.53, 15.26),
    ("Middle East", "Middle East", "region", "", 29.3, 42.55),
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Mentions of `entries` in the document body, offsets in file characters.
pub fn mentions_with(doc: &Document, entries: &[Entry]) -> Vec<Mention> {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.0.chars().count()));
    let mut taken = vec![false; chars.len()];
    let mut out = Vec::new();
    for e in sorted {
        let pat: Vec<char> = e.0.chars().collect();
        let n = pat.len();
        let mut i = doc.body_char;
        while i + n <= chars.len() {
            let hit = chars[i..i + n] == pat[..]
                && (i == 0 || !is_word_char(chars[i - 1]))
                && (i + n == chars.len()
                    || !is_word_char(chars[i + n])
                    || pat.last() == Some(&'.'))
                && !taken[i..i + n].iter().any(|t| *t);
            if hit {
                taken[i..i + n].iter_mut().for_each(|t| *t = true);
                out.push(Mention {
                    start: i,
                    end: i + n,
                    text: e.0.to_string(),
                    name: e.1.to_string(),
                    gazetteer_id: format!("test:{}:{}", e.2.replace("demonym", "country"), e.1),
                    kind: e.2.to_string(),
                    country: e.3.to_string(),
                    lat: e.4,
                    lon: e.5,
                    confidence: 0.9,
                });
                i += n;
            } else {
                i += 1;
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// Reads a fixture document from `tests/fixtures/events/`.
pub fn fixture(name: &str) -> Document {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/events")
        .join(name);
    match Document::read(&path) {
        Ok(doc) => doc,
        Err(e) => panic!("fixture {name}: {e}"),
    }
}

pub fn mentions(doc: &Document) -> Vec<Mention> {
    mentions_with(doc, PLACES)
}
