//! Offline gazetteer compiled into the binary (built by `scripts/build_gazetteer.py`).

use serde::Serialize;

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    City,
    Country,
    Region,
    Continent,
    Sea,
    Airport,
    Airbase,
    Port,
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// Stable id such as `geonames:3646738`, `country:VE`, `port:CUHAV`.
    pub id: String,
    pub kind: Kind,
    pub name: String,
    /// ISO 3166-1 alpha-2; empty for seas and continents.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub capital: bool,
}

/// The place index. (Loading lands with the gazetteer data.)
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary, loaded once.
    pub fn builtin() -> &'static Gazetteer {
        static GAZ: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        GAZ.get_or_init(Gazetteer::default)
    }

    /// The country entry for an ISO 3166-1 alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<&Place> {
        self.places
            .iter()
            .find(|p| p.kind == Kind::Country && p.country == iso2)
    }

    /// The capital city of a country.
    pub fn capital_of(&self, iso2: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.capital && p.country == iso2)
    }
}
