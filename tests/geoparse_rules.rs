//! The geoparser on sentences written for these tests: what it must find,
//! what it must leave alone, and how it resolves ambiguous names.

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

/// Great-circle distance in km between two (lat, lon) points.
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    use geo::{Distance, Haversine, Point};
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0)) / 1000.0
}

fn assert_near(m: &Mention, lat: f64, lon: f64, within_km: f64) {
    let d = km((m.lat, m.lon), (lat, lon));
    assert!(d <= within_km, "{} resolved {d:.0} km away: {m:?}", m.text);
}

#[test]
fn alternate_names_and_diacritics() {
    let m = parse("Delegations flew from Moskva to La Habana, then on to Bogota and Bogotá.");
    assert_eq!(find(&m, "Moskva").name, "Moscow");
    assert_eq!(find(&m, "La Habana").name, "Havana");
    let both: Vec<_> = m.iter().filter(|x| x.name == "Bogotá").collect();
    assert_eq!(both.len(), 2, "{m:#?}");
}

#[test]
fn offsets_are_characters_and_end_exclusive() {
    let text = "Über Bogotá: Russia’s envoy arrived.";
    let m = parse(text);
    let chars: Vec<char> = text.chars().collect();
    for x in &m {
        let span: String = chars[x.start..x.end].iter().collect();
        assert_eq!(span, x.text);
    }
    assert_eq!(find(&m, "Russia").country, "RU");
}

#[test]
fn all_caps_datelines() {
    let m = parse("CARACAS, Sept 11 - Two bombers landed on Thursday.");
    let caracas = find(&m, "CARACAS");
    assert_eq!(caracas.name, "Caracas");
    assert_eq!(caracas.country, "VE");
}

#[test]
fn demonyms_are_mentions_of_their_country() {
    let m = parse("Russian troops and Nicaraguan officials met Soviet-era veterans.");
    for (surface, cc) in [("Russian", "RU"), ("Nicaraguan", "NI"), ("Soviet", "RU")] {
        let x = find(&m, surface);
        assert_eq!(
            (x.kind.as_str(), x.country.as_str()),
            ("demonym", cc),
            "{x:?}"
        );
    }
}

#[test]
fn facility_phrases_resolve_to_the_facility() {
    let m = parse(
        "The destroyer docked at the port of Havana. Bombers used the Libertador air base \
         and later Maiquetia airport.",
    );
    let port = find(&m, "Havana");
    assert_eq!(
        (port.kind.as_str(), port.gazetteer_id.as_str()),
        ("port", "port:CUHAV")
    );
    let base = find(&m, "Libertador");
    assert_eq!(base.kind, "airbase");
    assert_eq!(base.country, "VE");
    let airport = find(&m, "Maiquetia");
    assert_eq!(airport.kind, "airport");
    assert_near(airport, 10.6, -66.99, 10.0);
}

#[test]
fn ship_names_are_not_places() {
    let m = parse(
        "The frigate Admiral Gorshkov and the submarine Kazan sailed with the Kazan \
         submarine tender.",
    );
    assert!(m.iter().all(|x| x.name != "Kazan"), "{m:#?}");
}

#[test]
fn person_names_are_not_places() {
    let m = parse(
        "Michael Jordan met Paris Hilton and Hugo Chávez. Obama said Clinton agreed. \
         Mr. Houston declined.",
    );
    assert!(m.is_empty(), "{m:#?}");
}

#[test]
fn names_after_kin_words_are_people() {
    let m = parse(
        "His wife, Florence, and their son Austin drove to Denver. Later Austin \
         called his cousin Victoria Okafor from the airport.",
    );
    let names: Vec<_> = m.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(names, ["Denver"], "{m:#?}");
    // A kin word names the name right after it, not one further on.
    let m = parse("Her brother lives in Georgia, and his son Jordan studies there.");
    assert!(m.iter().any(|x| x.text == "Georgia"), "{m:#?}");
    assert!(m.iter().all(|x| x.text != "Jordan"), "{m:#?}");
}

#[test]
fn given_names_that_are_words_or_places_still_make_pairs() {
    // "Tom" and "Rob" are words, "Chilton" and "Austin" towns, "Smith" a
    // word and "Charlotte" a city.
    let m = parse(
        "The team signed Tom Chilton and Rob Austin, breaking a record set by \
         Charlotte Smith of Ohio. Chilton won twice.",
    );
    let names: Vec<_> = m.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(names, ["Ohio"], "{m:#?}");
    // A pair that is a town's name stays the town.
    let m = parse("Police in Hope Mills said Tom Smith drove to Raleigh.");
    assert!(m.iter().any(|x| x.text == "Hope Mills"), "{m:#?}");
}

#[test]
fn capitalised_common_words_at_a_sentence_start_are_not_places() {
    let m = parse("Police said the March rally was peaceful. Reading is fun. Mobile phones rang.");
    assert!(m.is_empty(), "{m:#?}");
}

#[test]
fn context_picks_the_place_in_the_named_region() {
    let m = parse("The plant is in Paris, Texas, not in the French capital.");
    assert_eq!(find(&m, "Paris").country, "US");
    let m = parse("Tourists love Paris in spring.");
    assert_eq!(find(&m, "Paris").country, "FR");
}

#[test]
fn the_dominant_country_of_a_document_wins() {
    let m = parse(
        "Venezuela's government met in Caracas. Officials from Zulia and Aragua joined. \
         Later they flew to Valencia.",
    );
    assert_eq!(find(&m, "Valencia").country, "VE");
    assert_eq!(find(&m, "Zulia").kind, "region");
}

#[test]
fn one_sense_per_name_per_document() {
    let m = parse("Georgia's troops crossed into Abkhazia. Georgia protested in Tbilisi.");
    let senses: Vec<_> = m
        .iter()
        .filter(|x| x.text == "Georgia")
        .map(|x| &x.gazetteer_id)
        .collect();
    assert_eq!(senses.len(), 2);
    assert_eq!(senses[0], senses[1]);
    assert_eq!(senses[0], "country:GE");
}

#[test]
fn abbreviations_and_aliases_of_countries() {
    let m = parse("The U.S. and the UK joined the EU summit; the United States abstained.");
    assert_eq!(find(&m, "U.S.").country, "US");
    assert_eq!(find(&m, "UK").country, "GB");
    assert_eq!(find(&m, "United States").country, "US");
    assert_eq!(find(&m, "EU").kind, "continent");
}

#[test]
fn empty_and_placeless_text() {
    assert!(parse("").is_empty());
    assert!(parse("the quick brown fox jumps over the lazy dog").is_empty());
}

#[test]
fn names_with_inner_particles() {
    let m = parse(
        "The ship sailed from Dar es Salaam to Port-au-Prince, and the minister flew \
         on to Frankfurt an der Oder and Mar del Plata.",
    );
    assert_eq!(find(&m, "Dar es Salaam").country, "TZ");
    assert_eq!(find(&m, "Port-au-Prince").country, "HT");
    assert_eq!(find(&m, "Frankfurt an der Oder").country, "DE");
    assert_eq!(find(&m, "Mar del Plata").country, "AR");
    // A particle joins only what the gazetteer holds whole.
    let m = parse("Officials in Kenya an hour later said so.");
    assert!(m.iter().all(|x| x.text != "Kenya an"), "{m:#?}");
}

#[test]
fn a_town_named_like_a_bay_that_the_text_locates_stays_a_town() {
    // Far from the other town named, but set in its country by the text:
    // the town, not a bay placed at the other town.
    let m = parse(
        "Ships docked in Walvis Bay, Namibia, on Monday. \
         Earlier they called at Mombasa and at Lamu.",
    );
    let bay = find(&m, "Walvis Bay");
    assert_eq!(bay.kind, "city", "{bay:?}");
    assert_eq!(bay.country, "NA");
}

#[test]
fn name_particles_are_not_state_abbreviations() {
    // "Al-", "Al" and "De" open Arabic and Dutch names; after a comma they
    // still are not Alabama or Delaware.
    let m = parse(
        "Aid convoys reached Basra, Al-Marjan and Al Sabeel, and a second one \
         left Kimberley, De Wildt for the coast.",
    );
    assert!(
        m.iter().all(|x| x.country != "US"),
        "no U.S. state here: {m:#?}"
    );
    // The postal code in capitals and the AP form with its period still are.
    let m = parse("Crews from Dothan, AL and Dover, Del. joined the search.");
    assert_eq!(find(&m, "AL").name, "Alabama");
    assert_eq!(find(&m, "Del.").name, "Delaware");
}

#[test]
fn english_names_of_big_cities_contend_with_small_towns_own_names() {
    // "Odessa", "Calcutta": the English names of Odesa and Kolkata, and
    // the own names of small towns in Texas and South Africa.
    let m =
        parse("Russian missiles struck Odessa and Kherson overnight, Ukrainian officials said.");
    assert_near(find(&m, "Odessa"), 46.48, 30.73, 30.0);
    let m = parse("Heavy rain lashed Calcutta and Delhi, Indian officials said.");
    assert_near(find(&m, "Calcutta"), 22.57, 88.36, 30.0);
    // The town's own name still wins where its own country speaks.
    let m = parse("Oil workers in Odessa and Midland, in West Texas, went on strike.");
    assert_near(find(&m, "Odessa"), 31.85, -102.37, 30.0);
}

#[test]
fn arabic_articles_and_persian_joins_belong_to_the_name() {
    let m = parse(
        "Airstrikes hit al-Raqqa and Deir ez-Zor in Syria, while aid reached \
         Mazar-i-Sharif in Afghanistan.",
    );
    assert_near(find(&m, "al-Raqqa"), 35.95, 39.01, 30.0);
    assert_near(find(&m, "Deir ez-Zor"), 35.34, 40.14, 30.0);
    assert_near(find(&m, "Mazar-i-Sharif"), 36.71, 67.11, 30.0);
    // The article before a name that is no place stays a word.
    let m = parse("Fighters of al-Shabaab attacked a base in Somalia.");
    assert!(m.iter().all(|x| !x.text.starts_with("al-")), "{m:#?}");
}

#[test]
fn arabic_names_are_found_without_their_article() {
    // The gazetteer holds "Al Qāmishlī" and "El-Hodeidah"; news writes
    // "Qamishli", "Hodeidah", "al-Fashir".
    let m = parse(
        "Houthi fighters attacked Hodeidah in Yemen. Kurdish forces held Qamishli in Syria, \
         and fighting was reported in al-Fashir in Sudan.",
    );
    assert_near(find(&m, "Hodeidah"), 14.80, 42.95, 30.0);
    assert_near(find(&m, "Qamishli"), 37.05, 41.23, 30.0);
    assert_near(find(&m, "al-Fashir"), 13.63, 25.35, 30.0);
}
