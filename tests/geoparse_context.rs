//! The geoparser weighing context: containers and abbreviations, the
//! document's own evidence, people and organisations, span boundaries;
//! namesakes: weak namesakes must not back each other up, a division named
//! like its biggest town is the town unless the text says "province", a
//! compass word does not carry a name to another continent, and a longer
//! Arabic name is not cut to a shorter one. Sentences written for these
//! tests.

#![allow(clippy::unwrap_used, clippy::panic)]

use mapwire::gazetteer::Gazetteer;
use mapwire::geoparse::{Geoparser, Mention};

fn parse(text: &str) -> Vec<Mention> {
    Geoparser::builtin().parse(text)
}

/// The mentions whose text is `surface`.
fn all<'a>(mentions: &'a [Mention], surface: &str) -> Vec<&'a Mention> {
    mentions.iter().filter(|m| m.text == surface).collect()
}

/// The single mention whose text is `surface`.
fn find<'a>(mentions: &'a [Mention], surface: &str) -> &'a Mention {
    let found = all(mentions, surface);
    assert_eq!(found.len(), 1, "{surface:?} in {mentions:#?}");
    found[0]
}

/// The first-level division (GeoNames code) a mention's place lies in.
fn admin1(m: &Mention) -> String {
    let gaz = Gazetteer::builtin();
    let p = gaz.by_id(&m.gazetteer_id).unwrap();
    p.admin1_code.to_string()
}

#[test]
fn abbreviated_states_and_provinces_contain_the_town_before_them() {
    let m = parse("The plant in Springfield, Mo., closed. Jobs also left Portland, Ore.");
    let springfield = find(&m, "Springfield");
    assert_eq!(
        (springfield.country.as_str(), admin1(springfield)),
        ("US", "US.MO".into())
    );
    let mo = find(&m, "Mo.");
    assert_eq!((mo.kind.as_str(), mo.name.as_str()), ("region", "Missouri"));
    assert_eq!(admin1(find(&m, "Portland")), "US.OR");
    assert_eq!(find(&m, "Ore.").name, "Oregon");
    let m = parse("She grew up in London, Ontario, before moving to Halifax, N.S.");
    assert_eq!(find(&m, "London").country, "CA");
    assert_eq!(find(&m, "N.S.").name, "Nova Scotia");
    let m = parse("Flooding hit Sydney, NSW and Fresno, CA on the same day.");
    assert_eq!(find(&m, "Sydney").country, "AU");
    assert_eq!(admin1(find(&m, "Fresno")), "US.CA");
}

#[test]
fn an_abbreviation_is_no_place_without_a_container_or_an_introduction() {
    let m = parse("The MO of the gang was simple. PA systems failed. OK, he said.");
    assert!(m.is_empty(), "{m:#?}");
    // Introduced by the province's name, "BC" alone is the province too.
    let m = parse("Wildfires spread across British Columbia. BC officials asked for help.");
    assert_eq!(find(&m, "BC").name, "British Columbia");
}

#[test]
fn counties_are_places_of_their_own() {
    let m = parse("Deputies in Harris County, Texas, and in Cook Co. searched the area.");
    let harris = find(&m, "Harris County");
    assert_eq!(
        (harris.kind.as_str(), harris.country.as_str()),
        ("county", "US")
    );
    assert_eq!(admin1(harris), "US.TX");
    assert_eq!(find(&m, "Cook Co.").kind, "county");
}

#[test]
fn the_document_picks_the_local_namesake() {
    let m = parse(
        "PARIS, Texas — The mayor of Paris met farmers from Lamar County. Paris \
         expects rain on Sunday.",
    );
    assert!(
        m.iter()
            .filter(|x| x.text.eq_ignore_ascii_case("paris"))
            .count()
            >= 3
    );
    for x in m.iter().filter(|x| x.text.eq_ignore_ascii_case("paris")) {
        assert_eq!(x.country, "US", "{x:?}");
    }
    let m = parse("Atlanta police said Georgia would fund the project; Savannah agreed.");
    let georgia = find(&m, "Georgia");
    assert_eq!(
        (georgia.kind.as_str(), georgia.country.as_str()),
        ("region", "US")
    );
    let m = parse("Georgia's troops left Tbilisi for the border with Russia.");
    assert_eq!(find(&m, "Georgia").gazetteer_id, "country:GE");
}

#[test]
fn a_division_alone_is_the_division_and_a_city_alone_the_city() {
    let m = parse("Voters in Quebec rejected the plan.");
    assert_eq!(find(&m, "Quebec").kind, "region");
    let m = parse("Tourists crowded New York last summer.");
    assert_eq!(find(&m, "New York").kind, "city");
}

#[test]
fn datelines_in_capitals_are_places() {
    let m = parse("COLUMBUS, Ohio -- The governor spoke.\nBOSTON (Reuters) - Markets fell.");
    assert_eq!(admin1(find(&m, "COLUMBUS")), "US.OH");
    assert_eq!(find(&m, "BOSTON").country, "US");
}

#[test]
fn a_place_before_an_institution_noun_is_still_named() {
    let m = parse("He told the Texas police and the Quebec government about it.");
    assert_eq!(find(&m, "Texas").kind, "region");
    assert_eq!(find(&m, "Quebec").kind, "region");
}

#[test]
fn people_named_like_places_are_people_in_the_whole_document() {
    let m = parse(
        "Mr. Jordan arrived late. Later Jordan said the talks failed. Georgia Henderson \
         agreed, said Georgia.",
    );
    assert!(m.is_empty(), "{m:#?}");
    let m = parse("Mr. Jordan flew home to Jordan.");
    assert_eq!(find(&m, "Jordan").country, "JO");
    let m = parse("Vladimir Putin spoke. Later, Putin left for Minsk.");
    assert!(all(&m, "Vladimir").is_empty(), "{m:#?}");
}

#[test]
fn organisations_named_after_places_are_not_those_places() {
    let m = parse("United Russia won. Real Madrid lost. The State Duma voted.");
    assert!(all(&m, "Russia").is_empty(), "{m:#?}");
    assert!(all(&m, "Madrid").is_empty(), "{m:#?}");
    // Schools named after a place are buildings, never the place itself.
    let m = parse("She studied at Liverpool Academy and the University of Alberta.");
    assert_eq!(m.len(), 2, "{m:#?}");
    assert!(m.iter().all(|x| x.kind == "building"), "{m:#?}");
}

#[test]
fn span_boundaries_stop_at_organisation_words_and_keep_periods() {
    let m = parse("The Ohio State Highway Patrol and the Boston City Council met in Md.");
    find(&m, "Ohio");
    find(&m, "Boston");
    let m = parse("The march went down Royal Street and Press Street to the river.");
    assert!(m.iter().all(|x| x.name != "Street"), "{m:#?}");
}

#[test]
fn ships_exercises_and_numbered_names_are_not_places() {
    let m = parse("The IRIS Makran and USS Arizona joined the Mosi II exercise.");
    assert!(m.is_empty(), "{m:#?}");
}

#[test]
fn compass_words_belong_to_the_toponym() {
    let m = parse("Storms hit West Wales and South Florida.");
    assert_eq!(find(&m, "West Wales").name, "Wales");
    assert_eq!(find(&m, "South Florida").name, "Florida");
}

#[test]
fn agencies_named_after_a_state_and_a_town_before_police() {
    let m = parse(
        "A Mississippi Highway Patrol trooper was hurt in a crash near Canton. \
         Jackson police and the Madison County sheriff helped.",
    );
    let state = find(&m, "Mississippi");
    assert_eq!(
        (state.kind.as_str(), state.country.as_str()),
        ("region", "US")
    );
    // With the state found, the towns are Mississippi's.
    assert_eq!(admin1(find(&m, "Canton")), "US.MS");
    assert_eq!(admin1(find(&m, "Jackson")), "US.MS");
    // A street named after a place is still no place.
    let m = parse("Crews closed Paris Avenue and Texas Avenue overnight in New Orleans.");
    assert!(
        m.iter().all(|x| x.text != "Paris" && x.text != "Texas"),
        "{m:#?}"
    );
}

#[test]
fn a_list_after_a_locative_shares_it() {
    let m = parse(
        "Lawmakers from Burlington and Rutland debated the bill in Montpelier, Vermont. \
         A tornado near Wichita, Kan., damaged homes in Derby and Newton.",
    );
    assert_eq!(admin1(find(&m, "Rutland")), "US.VT");
    assert_eq!(admin1(find(&m, "Newton")), "US.KS");
}

#[test]
fn names_inside_a_comma_list_share_its_locative() {
    // A surname-like town inside the list, and the last name after ", and".
    for text in [
        "Volunteers arrived in Tacoma, Everett and Olympia with sandbags.",
        "Volunteers arrived in Tacoma, Everett, and Olympia with sandbags.",
    ] {
        let m = parse(text);
        assert_eq!(admin1(find(&m, "Everett")), "US.WA", "{text}");
        assert_eq!(admin1(find(&m, "Olympia")), "US.WA", "{text}");
    }
    // A comma alone opens no list: the speaker stays a person.
    let m = parse("Speaking in Houston, Johnson said the plan was sound.");
    assert!(all(&m, "Johnson").is_empty(), "{m:#?}");
}

#[test]
fn around_and_throughout_are_locatives() {
    // Small towns that need a locative to be read as places.
    let m = parse("Wildfires burned around Kamloops and Merritt overnight.");
    assert_eq!(admin1(find(&m, "Merritt")), "CA.02");
    let m = parse("Flood water spread throughout Digby on Monday.");
    assert_eq!(admin1(find(&m, "Digby")), "CA.07");
}

#[test]
fn a_state_before_its_budget_or_lawmakers_is_the_state() {
    let m =
        parse("Gov. Mills visited Bangor to discuss the Maine budget with the Vermont lawmakers.");
    assert_eq!(find(&m, "Maine").kind, "region");
    assert_eq!(find(&m, "Vermont").kind, "region");
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
    assert!(m.iter().all(|x| !matches!(x.country.as_str(), "SK" | "FR")));
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
