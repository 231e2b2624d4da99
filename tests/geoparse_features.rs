//! Named features on sentences written for these tests: streets, buildings
//! and waters are reported with their own span and kind, at the place their
//! name holds or at the town they lie in, and never as the town their head
//! word or first word happens to name.

#![allow(clippy::unwrap_used, clippy::panic)]

use mapwire::geoparse::{Geoparser, Mention};

fn parse(text: &str) -> Vec<Mention> {
    Geoparser::builtin().parse(text)
}

/// The first mention whose text is `surface`.
fn find<'a>(mentions: &'a [Mention], surface: &str) -> &'a Mention {
    mentions
        .iter()
        .find(|m| m.text == surface)
        .unwrap_or_else(|| panic!("{surface:?} not found in {mentions:#?}"))
}

fn same_point(a: &Mention, b: &Mention) -> bool {
    (a.lat - b.lat).abs() < 1e-9 && (a.lon - b.lon).abs() < 1e-9
}

#[test]
fn a_street_is_a_street_at_the_town_it_lies_in() {
    let m = parse(
        "Firefighters closed Maple Avenue in Toledo, Ohio, on Tuesday. \
         Traffic on Baker Road was diverted.",
    );
    let town = find(&m, "Toledo");
    assert_eq!(town.country, "US");
    for surface in ["Maple Avenue", "Baker Road"] {
        let street = find(&m, surface);
        assert_eq!(street.kind, "street", "{street:?}");
        assert!(same_point(street, town), "{street:?} not at {town:?}");
        assert!(street.gazetteer_id.starts_with("street:"), "{street:?}");
        assert!(street.confidence < town.confidence, "{street:?}");
    }
    // The head word is no town ("Street" is a town in England; "Road" and
    // "Avenue" are names of places too).
    assert!(
        m.iter()
            .all(|x| !matches!(x.text.as_str(), "Street" | "Road" | "Avenue")),
        "{m:#?}"
    );
}

#[test]
fn a_name_running_on_past_its_head_word_is_no_feature() {
    let m = parse("In Columbus, Ohio, the Ohio State Highway Patrol read the Wall Street Journal.");
    assert!(m.iter().all(|x| x.kind != "street"), "{m:#?}");
    assert_eq!(m.iter().filter(|x| x.text == "Ohio").count(), 2, "{m:#?}");
    // A day after the head word does not continue the name.
    let m = parse("In Columbus, Ohio, two men were arrested on 14th St. Thursday.");
    assert_eq!(find(&m, "14th St.").kind, "street", "{m:#?}");
}

#[test]
fn a_street_named_after_a_town_is_not_in_that_town() {
    let m = parse("In Dayton, Ohio, the parade turned from Paris Avenue into Ludlow Street.");
    let avenue = find(&m, "Paris Avenue");
    assert_eq!(avenue.kind, "street");
    assert_eq!(avenue.country, "US", "{avenue:?}");
    assert!(same_point(avenue, find(&m, "Dayton")), "{avenue:?}");
    assert!(m.iter().all(|x| x.text != "Paris"), "{m:#?}");
}

#[test]
fn a_street_with_no_town_in_its_story_is_not_placed() {
    let m = parse("The shop on Juniper Street closed after forty years.");
    assert!(m.iter().all(|x| x.text != "Juniper Street"), "{m:#?}");
    assert!(m.iter().all(|x| x.text != "Street"), "{m:#?}");
}

#[test]
fn waters_take_their_kind() {
    let m = parse(
        "Barges waited on the Ohio River near Cincinnati, and a ferry crossed \
         Lake Erie from Sandusky, Ohio.",
    );
    let river = find(&m, "Ohio River");
    assert_eq!(river.kind, "river", "{river:?}");
    assert_eq!(river.country, "US", "{river:?}");
    let lake = find(&m, "Lake Erie");
    assert_eq!(lake.kind, "lake", "{lake:?}");
}

#[test]
fn a_building_named_after_its_town_lies_there() {
    let m = parse("Patients were moved from Leeds General Infirmary to a ward in York.");
    let hospital = find(&m, "Leeds General Infirmary");
    assert_eq!(hospital.kind, "building", "{hospital:?}");
    assert_eq!(hospital.country, "GB", "{hospital:?}");
    assert!(m.iter().all(|x| x.text != "Leeds"), "{m:#?}");
}

#[test]
fn a_far_town_named_like_a_square_is_the_square_of_the_story_town() {
    // "Washington Square" is also a neighbourhood in the gazetteer, more
    // than a thousand km from this story's towns.
    let m = parse(
        "Crowds gathered in Mandeville, Louisiana, before the march. In New \
         Orleans, marchers filled Washington Square and then Royal Street.",
    );
    let town = find(&m, "New Orleans");
    let square = find(&m, "Washington Square");
    assert_eq!(square.kind, "street", "{square:?}");
    assert!(square.gazetteer_id.starts_with("street:"), "{square:?}");
    let royal = find(&m, "Royal Street");
    assert!(same_point(royal, town), "{royal:?} not at {town:?}");
}

#[test]
fn a_town_named_like_a_square_in_its_own_region_stays_a_town() {
    let m = parse(
        "Residents of Washington Square met neighbours from Camden and Cherry \
         Hill, New Jersey, to plan the festival in Philadelphia.",
    );
    let place = find(&m, "Washington Square");
    assert_eq!(place.kind, "city", "{place:?}");
}
