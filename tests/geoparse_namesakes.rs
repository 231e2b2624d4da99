//! The geoparser against famous namesakes: a unit word picks the division
//! whose own name it is, abbreviated saints and mounts find their places,
//! demonyms and seas count as the document's evidence. Sentences written
//! for these tests.

#![allow(clippy::unwrap_used, clippy::panic)]

use mapwire::gazetteer::Gazetteer;
use mapwire::geoparse::{Geoparser, Mention};

fn parse(text: &str) -> Vec<Mention> {
    Geoparser::builtin().parse(text)
}

/// The single mention whose text is `surface`.
fn find<'a>(mentions: &'a [Mention], surface: &str) -> &'a Mention {
    let found: Vec<&Mention> = mentions.iter().filter(|m| m.text == surface).collect();
    assert_eq!(found.len(), 1, "{surface:?} in {mentions:#?}");
    found[0]
}

/// The first-level division (GeoNames code) a mention's place lies in.
fn admin1(m: &Mention) -> String {
    let gaz = Gazetteer::builtin();
    gaz.by_id(&m.gazetteer_id).unwrap().admin1_code.to_string()
}

#[test]
fn a_state_word_picks_the_division_of_that_own_name() {
    let m = parse("Wildfires spread across Washington state on Monday, closing two highways.");
    let w = find(&m, "Washington");
    assert_eq!((w.kind.as_str(), admin1(w)), ("region", "US.WA".into()));
    let m = parse("The governor of the state of Washington declared an emergency.");
    assert_eq!(admin1(find(&m, "Washington")), "US.WA");
    // Without the word, the capital.
    let m = parse("Talks in Washington ended without a deal.");
    let w = find(&m, "Washington");
    assert_eq!((w.kind.as_str(), admin1(w)), ("city", "US.DC".into()));
}

#[test]
fn proper_names_with_state_are_no_division() {
    let m = parse("Islamic State fighters withdrew as Ohio State University reopened.");
    assert!(m.iter().all(|x| x.kind != "region"), "{m:#?}");
}

#[test]
fn abbreviated_saints_forts_and_mounts_are_the_places_so_named() {
    let m = parse("The delegation flew to St. Paul on Monday and to St Paul again in May.");
    for s in ["St. Paul", "St Paul"] {
        let p = find(&m, s);
        assert_eq!(
            (p.country.as_str(), admin1(p)),
            ("US", "US.MN".into()),
            "{s}"
        );
    }
    let m = parse("Flood crews worked in Ste. Genevieve by boat.");
    assert_eq!(find(&m, "Ste. Genevieve").name, "Sainte Genevieve");
    let m = parse("Supporters of the club gathered in St-Etienne after the match.");
    assert_eq!(find(&m, "St-Etienne").country, "FR");
    let m = parse("Commuters in Mt. Kisco faced delays.");
    assert_eq!(admin1(find(&m, "Mt. Kisco")), "US.NY");
}

/// The single mention of `surface` in `text`.
fn the(text: &str, surface: &str) -> Mention {
    find(&parse(text), surface).clone()
}

#[test]
fn a_demonym_or_a_town_of_the_country_settles_a_contested_english_name() {
    let with_demonym = "Crowds in Odessa waved flags. The Ukrainian navy said the port was open.";
    assert_eq!(the(with_demonym, "Odessa").country, "UA");
    assert_eq!(
        the("Trains from Kiev reached Odessa after midnight.", "Odessa").country,
        "UA"
    );
    // The town whose own name it is keeps it beside its neighbours.
    let texan = the(
        "Oil workers in Odessa and Midland were laid off this week.",
        "Odessa",
    );
    assert_eq!(admin1(&texan), "US.TX");
}

#[test]
fn a_named_sea_favours_the_town_on_its_shore_but_not_a_division_over_its_country() {
    let coast = "Crowds in Odessa chanted slogans on the Black Sea coast.";
    assert_eq!(the(coast, "Odessa").country, "UA");
    let gulf = "Troops in Kuwait trained near the Persian Gulf with two carriers.";
    assert_eq!(the(gulf, "Kuwait").kind, "country");
    let strait = "Taiwan sent jets as a destroyer sailed through the Taiwan Strait.";
    assert_eq!(the(strait, "Taiwan").kind, "country");
}

#[test]
fn a_country_named_settles_namesakes_of_similar_size_abroad() {
    let cases = [
        (
            "Venezuelan students marched through Valencia on Tuesday.",
            "Valencia",
            "VE",
        ),
        (
            "Spanish fans celebrated in Valencia on Tuesday.",
            "Valencia",
            "ES",
        ),
        (
            "The Lebanese government said Tripoli would receive aid.",
            "Tripoli",
            "LB",
        ),
        (
            "Libyan militias clashed in Tripoli overnight.",
            "Tripoli",
            "LY",
        ),
        (
            "Nicaraguan students gathered in Leon for the vigil.",
            "Leon",
            "NI",
        ),
        (
            "Mexican officials in Leon opened a shoe fair.",
            "Leon",
            "MX",
        ),
    ];
    for (text, surface, country) in cases {
        assert_eq!(the(text, surface).country, country, "{text}");
    }
    // A far smaller namesake is no rival: the capital stays.
    assert_eq!(
        the("The American envoy landed in London for talks.", "London").country,
        "GB"
    );
}

#[test]
fn unsure_names_of_a_list_still_back_each_other_up() {
    // Each has namesakes abroad; together they say Scotland.
    let m = parse("Ferries from Inverness, Aberdeen and Perth were cancelled.");
    for surface in ["Inverness", "Aberdeen", "Perth"] {
        assert_eq!(admin1(find(&m, surface)), "GB.SCT", "{surface}");
    }
}
