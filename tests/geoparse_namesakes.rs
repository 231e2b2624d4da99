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
