//! The geoparser on the built-in corpus: the places the reporting is about
//! are found and put within 25 km of their gazetteer points.

#![allow(clippy::unwrap_used, clippy::panic)]

use mapwire::documents::builtin;
use mapwire::gazetteer::Gazetteer;
use mapwire::geoparse::{Geoparser, Mention};

fn all_mentions() -> Vec<Mention> {
    let parser = Geoparser::builtin();
    builtin()
        .iter()
        .flat_map(|d| parser.parse_document(d))
        .collect()
}

/// Great-circle distance in km between two (lat, lon) points.
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    use geo::{Distance, Haversine, Point};
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0)) / 1000.0
}

#[test]
fn finds_the_places_of_the_reporting_at_their_locations() {
    let mentions = all_mentions();
    let gaz = Gazetteer::builtin();
    // Cities are checked against GeoNames points looked up by id, so the
    // test holds whatever the gazetteer's rows are numbered.
    let expected = [
        ("Caracas", "geonames:3646738"),
        ("Havana", "geonames:3553478"),
        ("Moscow", "geonames:524901"),
        ("Tehran", "geonames:112931"),
        ("Kiev", "geonames:703448"),
        ("Venezuela", "country:VE"),
        ("Cuba", "country:CU"),
        ("Nicaragua", "country:NI"),
        ("Russia", "country:RU"),
        ("Caribbean", "region:caribbean"),
        ("Zulia", "admin1:VE.zulia"),
    ];
    for (surface, id) in expected {
        let truth = gaz
            .by_id(id)
            .unwrap_or_else(|| panic!("{id} not in gazetteer"));
        let found: Vec<_> = mentions.iter().filter(|m| m.text == surface).collect();
        assert!(!found.is_empty(), "{surface} not found");
        for m in found {
            let d = km((m.lat, m.lon), (truth.lat, truth.lon));
            assert!(d <= 25.0, "{surface} resolved {d:.0} km from {id}: {m:?}");
        }
    }
}

/// None of the five articles names Managua; the list includes it, so
/// it is checked on a sentence of the same kind.
#[test]
fn managua_in_a_sentence_like_the_corpus() {
    let gaz = Gazetteer::builtin();
    let truth = gaz.by_id("geonames:3617763").expect("Managua in gazetteer");
    let m = Geoparser::builtin().parse("Russian officials arrived in Managua on Monday.");
    let managua = m
        .iter()
        .find(|m| m.text == "Managua")
        .expect("Managua found");
    assert!(km((managua.lat, managua.lon), (truth.lat, truth.lon)) <= 25.0);
    assert_eq!(managua.country, "NI");
}

#[test]
fn the_port_of_havana_is_the_port() {
    let mentions = all_mentions();
    assert!(
        mentions
            .iter()
            .any(|m| m.text == "Havana" && m.gazetteer_id == "port:CUHAV" && m.kind == "port"),
        "no port:CUHAV mention"
    );
}

#[test]
fn offsets_point_into_the_document_files() {
    let parser = Geoparser::builtin();
    for doc in builtin() {
        let chars: Vec<char> = doc.text.chars().collect();
        for m in parser.parse_document(&doc) {
            let span: String = chars[m.start..m.end].iter().collect();
            assert_eq!(span, m.text, "{}: {m:?}", doc.id);
        }
    }
}
