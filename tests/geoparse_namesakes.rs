//! Namesakes on sentences written for these tests: weak namesakes must not
//! back each other up, a division named like its biggest town is the town
//! unless the text says "province", a compass word does not carry a name to
//! another continent, and a longer Arabic name is not cut to a shorter one.

#![allow(clippy::unwrap_used, clippy::panic)]

use mapwire::geoparse::{Geoparser, Mention};

fn parse(text: &str) -> Vec<Mention> {
    Geoparser::builtin().parse(text)
}

/// The single mention whose text is `surface`.
fn find<'a>(mentions: &'a [Mention], surface: &str) -> &'a Mention {
    let found: Vec<_> = mentions.iter().filter(|m| m.text == surface).collect();
    assert_eq!(found.len(), 1, "{surface:?} in {mentions:#?}");
    found[0]
}

#[test]
fn two_weak_namesakes_do_not_outvote_a_named_country() {
    let m = parse("The cup final moved from Lyons to Marseilles after French protests in Paris.");
    for name in ["Lyons", "Marseilles", "Paris"] {
        assert_eq!(find(&m, name).country, "FR", "{name}: {m:#?}");
    }
}

#[test]
fn far_bigger_cities_keep_their_english_names() {
    let m = parse("Supporters drove from Lyons to Marseilles overnight.");
    assert_eq!(find(&m, "Lyons").name, "Lyon");
    assert_eq!(find(&m, "Marseilles").name, "Marseille");
}

#[test]
fn a_division_named_like_its_biggest_town_is_the_town() {
    let m = parse("Tankers loaded crude at Basra while shells fell on Donetsk.");
    let basra = find(&m, "Basra");
    assert_eq!(
        (basra.kind.as_str(), basra.country.as_str()),
        ("city", "IQ")
    );
    let donetsk = find(&m, "Donetsk");
    assert_eq!(
        (donetsk.kind.as_str(), donetsk.country.as_str()),
        ("city", "UA")
    );
}

#[test]
fn the_unit_word_picks_the_division() {
    let m = parse("Floods covered Basra province and the province of Idlib.");
    assert_eq!(find(&m, "Basra").kind, "region");
    assert_eq!(find(&m, "Idlib").kind, "region");
    // The bare name in the same text is still the town: the cue is the
    // occurrence's, not the document's.
    let m = parse("Floods covered Basra province. In Basra itself, streets were dry.");
    let kinds: Vec<&str> = m
        .iter()
        .filter(|x| x.name.contains("Ba"))
        .map(|x| x.kind.as_str())
        .collect();
    assert_eq!(kinds, ["region", "city"], "{m:#?}");
}

#[test]
fn a_division_whose_biggest_town_has_another_name_stays_the_division() {
    let m = parse("Protests spread across Quebec over the language law.");
    assert_eq!(find(&m, "Quebec").kind, "region");
}

#[test]
fn a_compass_word_on_a_plain_word_needs_its_country_nearby() {
    let m = parse("Police in the West Midlands arrested two men on Friday.");
    assert!(m.iter().all(|x| x.country != "ZW"), "{m:#?}");
    // Famous enough to stand alone, or not a plain word at all.
    let m = parse("Storms hit West Wales and South Florida.");
    assert_eq!(find(&m, "West Wales").country, "GB");
    assert_eq!(find(&m, "South Florida").name, "Florida");
}

#[test]
fn a_longer_arabic_name_is_not_cut_to_a_shorter_one() {
    let m = parse("Aid convoys crossed at Bab al-Hawa, and shelling hit Ras al-Ain.");
    assert!(
        m.iter().all(|x| !matches!(x.country.as_str(), "SK" | "FR")),
        "{m:#?}"
    );
    assert!(
        m.iter().all(|x| x.text != "Bab" && x.text != "al-Ain"),
        "{m:#?}"
    );
    // The article alone still joins its own name, and a name the gazetteer
    // holds whole is still found.
    let m = parse("In al-Raqqa, families fled. Al Bab was quiet.");
    assert_eq!(find(&m, "al-Raqqa").country, "SY");
    assert_eq!(find(&m, "Al Bab").country, "SY");
}
