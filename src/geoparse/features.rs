//! Named features that no gazetteer of places holds: streets ("Royal
//! Street", "14th St."), buildings and sites ("Manila Cathedral", "Rogers
//! Centre", "University of California"), waters ("Mississippi River", "Cam
//! Ranh Bay", "Gulf of Uraba", "Lake Victoria") and landforms ("Niger
//! Delta", "Fire Island").
//!
//! A feature is recognised by its head word, after ("X Street") or before
//! ("Lake X", "Gulf of X") a run of capitalised words. It is reported with
//! its own span and kind, at the point of a place that says where it is:
//! the place its name opens with ("Colchester General Hospital" is in
//! Colchester) or, for streets and names that hold no place, the town the
//! document names nearest before it (see [`super::anchor`]). Streets never
//! take the place of their own name: "Paris Avenue" is seldom in Paris.

use super::people::{self, People};
use super::recognize::{Candidate, longest_at};
use super::tokens::{Case, Sep, Token};
use crate::gazetteer::{Entry, Form, Gazetteer, Kind};

/// What kind of feature a head word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureKind {
    Street,
    Building,
    /// Bays, gulfs, straits, harbours, lagoons: sea water, as the kind
    /// `sea` of the gazetteer's seas.
    Sea,
    River,
    Lake,
    Canal,
    Island,
    Landform,
}

impl FeatureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureKind::Street => "street",
            FeatureKind::Building => "building",
            FeatureKind::Sea => "sea",
            FeatureKind::River => "river",
            FeatureKind::Lake => "lake",
            FeatureKind::Canal => "canal",
            FeatureKind::Island => "island",
            FeatureKind::Landform => "landform",
        }
    }

    /// Does the feature lie where the place its name opens with lies? A
    /// street named after a town seldom does.
    pub fn inherits_place(self) -> bool {
        self != FeatureKind::Street
    }
}

/// Head words that close a feature's name ("Royal Street", "Rogers
/// Centre"), by lookup key.
pub fn tail_head(key: &str) -> Option<FeatureKind> {
    use FeatureKind::*;
    Some(match key {
        "street" | "st." | "road" | "rd." | "avenue" | "ave." | "boulevard" | "blvd." | "lane"
        | "drive" | "highway" | "parkway" | "pkwy." | "terrace" | "alley" | "plaza" | "parade"
        | "quay" | "square" | "crescent" | "expressway" | "freeway" | "turnpike" => Street,
        "hospital" | "infirmary" | "clinic" | "church" | "cathedral" | "chapel" | "basilica"
        | "mosque" | "temple" | "synagogue" | "abbey" | "library" | "museum" | "hall"
        | "castle" | "palace" | "tower" | "theatre" | "theater" | "stadium" | "arena"
        | "centre" | "center" | "hotel" | "station" | "park" | "gardens" | "bridge" | "prison"
        | "jail" | "courthouse" | "court" | "cemetery" | "mall" | "racecourse" | "school"
        | "college" | "university" | "academy" | "institute" | "campus" | "capitol" | "zoo"
        | "house" | "base" | "barracks" | "dam" | "pier" | "lighthouse" => Building,
        "bay" | "harbour" | "harbor" | "lagoon" | "strait" | "straits" | "cove" | "inlet"
        | "estuary" | "fjord" => Sea,
        "river" | "creek" => River,
        "lake" | "reservoir" => Lake,
        "canal" => Canal,
        "island" | "islands" | "isle" | "atoll" => Island,
        "peninsula" | "delta" | "mountains" | "mountain" | "valley" | "desert" | "plateau"
        | "hills" | "forest" => Landform,
        _ => return None,
    })
}

/// Head words that open a feature's name: "Lake Victoria", "Mount Kenya",
/// and with "of": "Gulf of Uraba", "Bay of Bengal", "University of
/// California".
fn lead_head(key: &str, of: bool) -> Option<FeatureKind> {
    use FeatureKind::*;
    Some(match (key, of) {
        ("lake", false) => Lake,
        ("mount" | "mt.", false) => Landform,
        ("gulf" | "bay" | "strait" | "straits" | "sea", true) => Sea,
        ("isle" | "isles", true) => Island,
        ("university" | "cathedral" | "basilica" | "palace", true) => Building,
        _ => return None,
    })
}

/// Words of a feature's name before its head that make it generic, not a
/// name: "High School", "Supreme Court", "Police Station".
const GENERIC_MODIFIERS: [&str; 15] = [
    "space",
    "high",
    "middle",
    "elementary",
    "primary",
    "secondary",
    "public",
    "supreme",
    "federal",
    "police",
    "fire",
    "bus",
    "train",
    "power",
    "the",
];

/// Most words of a name between its first word and its head.
const MAX_MODIFIERS: usize = 4;

fn joined_title(t: &Token) -> bool {
    t.sep == Sep::Space && t.case == Case::Title
}

/// "14th", "Fifth": an ordinal opening a street's name.
fn ordinal(t: &Token) -> bool {
    let k = t.key.as_ref();
    let digits = k.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(&k[digits.len()..], "st" | "nd" | "rd" | "th")
}

/// The head closing a name whose words run from `from` (the first word
/// after the part already read): the index after the head and its kind.
/// Consecutive heads join ("Washington Square Park").
pub fn tail(tokens: &[Token], from: usize) -> Option<(usize, FeatureKind)> {
    let mut i = from;
    while i < tokens.len() && i < from + MAX_MODIFIERS + 1 {
        let t = &tokens[i];
        if !joined_title(t) || tokens[i - 1].possessive {
            return None;
        }
        if let Some(mut kind) = tail_head(&t.key) {
            let mut end = i + 1;
            while let Some(k) = tokens
                .get(end)
                .filter(|n| joined_title(n) && !tokens[end - 1].possessive)
                .and_then(|n| tail_head(&n.key))
            {
                kind = k;
                end += 1;
            }
            // "Ohio State Highway Patrol", "Wall Street Journal": a name
            // running on past its head word names something else.
            let runs_on = tokens.get(end).is_some_and(|n| {
                joined_title(n)
                    && !tokens[end - 1].possessive
                    && !DATE_WORDS.contains(&n.key.as_ref())
            });
            return (!runs_on).then_some((end, kind));
        }
        i += 1;
    }
    None
}

/// Days and months, which follow a name without continuing it ("arrested
/// on 14th St. Thursday").
const DATE_WORDS: [&str; 19] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "sept.",
];

/// Capitalised words that open a sentence, not a name: "From Ainsworth
/// Parade" is "Ainsworth Parade".
const OPENERS: [&str; 24] = [
    "the", "a", "an", "from", "in", "at", "on", "to", "by", "for", "with", "near", "into", "and",
    "or", "but", "this", "that", "his", "her", "their", "our", "its", "when",
];

/// A feature whose name holds no place: capitalised words from token `i`
/// closed by a head ("Royal Street", "Carnegie Library", "Pearl Harbor").
/// A given name and one head is a person ("Charlotte Church"); a building
/// named by plain words with a generic one among them ("High School",
/// "Police Station") is no name.
pub fn standalone(gaz: &Gazetteer, tokens: &[Token], i: usize) -> Option<(usize, FeatureKind)> {
    let t = &tokens[i];
    let opens = t.case == Case::Title || ordinal(t);
    if !opens || tail_head(&t.key).is_some() || OPENERS.contains(&t.key.as_ref()) || t.possessive {
        return None;
    }
    // Inside a longer name ("Bishop Tutu Church" is read from "Bishop").
    if i > 0
        && t.sep == Sep::Space
        && tokens[i - 1].case == Case::Title
        && !OPENERS.contains(&tokens[i - 1].key.as_ref())
    {
        return None;
    }
    let (end, kind) = tail(tokens, i + 1)?;
    let modifiers = &tokens[i..end - 1];
    let plain = |m: &Token| gaz.is_common_word(&m.key);
    if kind == FeatureKind::Building
        && modifiers.iter().all(plain)
        && modifiers
            .iter()
            .any(|m| GENERIC_MODIFIERS.contains(&m.key.as_ref()))
    {
        return None;
    }
    let word = modifiers[0].key.as_ref();
    if modifiers.len() == 1 && gaz.is_given_name(word) && !gaz.is_common_word(word) {
        return None;
    }
    Some((end, kind))
}

/// "Lake Victoria", "Gulf of Uraba", "University of California": a head
/// word at token `i` and where the name after it starts.
pub fn lead(tokens: &[Token], i: usize) -> Option<(usize, FeatureKind)> {
    let t = &tokens[i];
    if t.case != Case::Title || t.possessive {
        return None;
    }
    let next = tokens.get(i + 1)?;
    if next.sep != Sep::Space {
        return None;
    }
    if next.key == "of" {
        let kind = lead_head(&t.key, true)?;
        let mut n = i + 2;
        if tokens
            .get(n)
            .is_some_and(|x| x.key == "the" && x.sep == Sep::Space)
        {
            n += 1;
        }
        return tokens.get(n).filter(|x| joined_title(x)).map(|_| (n, kind));
    }
    let kind = lead_head(&t.key, false)?;
    joined_title(next).then_some((i + 1, kind))
}

/// The end of the capitalised name opening at token `from` (up to three
/// words), for "Gulf of Uraba" when "Uraba" is no place.
pub fn name_end(tokens: &[Token], from: usize) -> usize {
    let mut end = from + 1;
    while end < tokens.len()
        && end < from + 3
        && joined_title(&tokens[end])
        && !tokens[end - 1].possessive
    {
        end += 1;
    }
    end
}

/// The feature whose name starts at token `i`, if any: a place opening it
/// ("Manila Cathedral", given as `place`), a head opening it ("Lake
/// Victoria", "Gulf of Uraba"), or a name that holds no place ("Royal
/// Street"). Demonyms, facility phrases and longer gazetteer names
/// ("Lake Charles", "Gulf of Aden") stay what they are.
pub fn candidate(
    gaz: &Gazetteer,
    tokens: &[Token],
    i: usize,
    place: Option<&Candidate>,
    persons: &People,
) -> Option<Candidate> {
    let usable =
        |c: &&Candidate| c.facility.is_none() && c.entries.iter().all(|e| e.form != Form::Demonym);
    if let Some(c) = place.filter(usable)
        && let Some((end, kind)) = tail(tokens, c.last)
        && !person_before_head(gaz, tokens, c, end, persons)
        && !town_waterfront(gaz, c, kind)
    {
        // "Paris Avenue", "Washington Square Park": a street's name keeps
        // no place.
        let street = tokens[c.last..end]
            .iter()
            .any(|t| tail_head(&t.key) == Some(FeatureKind::Street));
        let entries = if kind.inherits_place() && !street && known_place(gaz, c) {
            c.entries.clone()
        } else {
            Vec::new()
        };
        return Some(feature(tokens, c.first, end, kind, entries, &c.key));
    }
    if place.is_none_or(|c| c.last == i + 1)
        && let Some((from, kind)) = lead(tokens, i)
    {
        let inner = longest_at(gaz, tokens, from).filter(|c| usable(&c));
        let (end, entries, key) = match inner {
            Some(c) => (c.last, c.entries, c.key),
            None => {
                let end = name_end(tokens, from);
                (end, Vec::new(), String::new())
            }
        };
        return Some(feature(tokens, i, end, kind, entries, &key));
    }
    if place.is_some() {
        return None;
    }
    let (end, kind) = standalone(gaz, tokens, i)?;
    if persons.contains(tokens[i].key.as_ref()) && end == i + 2 {
        return None;
    }
    Some(feature(tokens, i, end, kind, Vec::new(), ""))
}

/// "Cam Ranh Bay", "Souda Bay": a bay or harbour named after its town is,
/// like "Havana harbour", a mention of the town (the town's waterfront is
/// what news means by it).
fn town_waterfront(gaz: &Gazetteer, c: &Candidate, kind: FeatureKind) -> bool {
    kind == FeatureKind::Sea
        && c.entries
            .iter()
            .any(|e| gaz.place(e.place).kind == Kind::City)
}

/// Is the place opening a feature's name one the feature may be placed at:
/// a country, division or town of 100,000 people or more, not named by a
/// plain word? A village's name before "Theatre" or "Tower" is more often
/// a person's or a firm's.
fn known_place(gaz: &Gazetteer, c: &Candidate) -> bool {
    // "Central Mental Hospital", "South Ossett Church": a division named
    // by a plain word is the plain word here.
    let plain = c.key.split([' ', '-']).all(|w| gaz.is_common_word(w));
    !plain
        && c.entries.iter().any(|e| {
            let p = gaz.place(e.place);
            !matches!(p.kind, Kind::City) || p.population >= 100_000
        })
}

/// "Charlotte Church", "Michael Hall", "Mr. Temple": a given name, a
/// person named in the document or a title before one head word.
fn person_before_head(
    gaz: &Gazetteer,
    tokens: &[Token],
    c: &Candidate,
    end: usize,
    persons: &People,
) -> bool {
    if c.last - c.first != 1 || end != c.last + 1 {
        return false;
    }
    let word = tokens[c.first].key.as_ref();
    let titled = c
        .first
        .checked_sub(1)
        .is_some_and(|b| people::is_title(&tokens[b].key));
    titled || persons.contains(word) || gaz.is_given_name(word) && !gaz.is_common_word(word)
}

fn feature(
    tokens: &[Token],
    first: usize,
    last: usize,
    kind: FeatureKind,
    entries: Vec<Entry>,
    key: &str,
) -> Candidate {
    Candidate {
        first,
        last,
        start: tokens[first].start,
        end: tokens[last - 1].end,
        key: key.to_string(),
        entries,
        facility: None,
        confidence: 1.0,
        link: None,
        feature: Some(kind),
        unit: None,
        compass_on_word: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::tokens::tokenize;

    fn standalone_of(text: &str) -> Option<(String, &'static str)> {
        let tokens = tokenize(text);
        (0..tokens.len()).find_map(|i| {
            standalone(Gazetteer::builtin(), &tokens, i).map(|(end, kind)| {
                (
                    text[tokens[i].byte_start..tokens[end - 1].byte_end].to_string(),
                    kind.as_str(),
                )
            })
        })
    }

    #[test]
    fn streets_buildings_and_waters_by_their_head_word() {
        assert_eq!(
            standalone_of("it rolled down Desire Street in the rain"),
            Some(("Desire Street".into(), "street"))
        );
        assert_eq!(
            standalone_of("arrested on 14th St. Thursday"),
            Some(("14th St.".into(), "street"))
        );
        assert_eq!(
            standalone_of("a concert at the Carnegie Library hall"),
            Some(("Carnegie Library".into(), "building"))
        );
        assert_eq!(
            standalone_of("ships based at Pearl Harbor since 1941"),
            Some(("Pearl Harbor".into(), "sea"))
        );
        assert_eq!(
            standalone_of("a walk in Washington Square Park today"),
            Some(("Washington Square Park".into(), "building"))
        );
    }

    #[test]
    fn generic_names_and_people_are_no_features() {
        assert_eq!(standalone_of("she teaches at a Middle School there"), None);
        assert_eq!(
            standalone_of("From Ainsworth Parade, the man was charged"),
            Some(("Ainsworth Parade".into(), "street"))
        );
        assert_eq!(standalone_of("a song by Charlotte Church was played"), None);
        assert_eq!(standalone_of("the Street was empty"), None);
    }

    #[test]
    fn heads_that_open_a_name() {
        let tokens = tokenize("at Turbo, on the Gulf of Uraba in Antioquia");
        let gulf = tokens.iter().position(|t| t.text == "Gulf").unwrap();
        let (from, kind) = lead(&tokens, gulf).unwrap();
        assert_eq!((tokens[from].text, kind), ("Uraba", FeatureKind::Sea));
        assert_eq!(name_end(&tokens, from), from + 1);
        let tokens = tokenize("the shores of Lake Victoria");
        let lake = tokens.iter().position(|t| t.text == "Lake").unwrap();
        assert_eq!(lead(&tokens, lake).map(|l| l.1), Some(FeatureKind::Lake));
        let tokens = tokenize("a Gulf state");
        assert_eq!(lead(&tokens, 1), None);
    }
}
