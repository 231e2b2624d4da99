//! Recognition: which token spans name a place, before deciding which place.
//!
//! Leftmost-longest phrase lookup over capitalised tokens, then general
//! rules against the classic false positives: sentence-initial common words,
//! person names, ship names, month names, acronyms.

use super::abbreviations;
use super::context;
use super::features::{self, FeatureKind};
use super::people;
use super::tokens::{Case, Sep, Token};
use crate::gazetteer::{Entry, Form, Gazetteer, Kind};

/// A facility named by its phrase ("the port of X", "X air base").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facility {
    Port,
    Airport,
    Airbase,
}

impl Facility {
    fn admits(self, kind: Kind) -> bool {
        match self {
            Facility::Port => kind == Kind::Port,
            Facility::Airport | Facility::Airbase => matches!(kind, Kind::Airport | Kind::Airbase),
        }
    }
}

/// A recognised place name and its possible meanings.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Token range `[first, last)`.
    pub first: usize,
    pub last: usize,
    pub start: usize,
    pub end: usize,
    pub key: String,
    pub entries: Vec<Entry>,
    pub facility: Option<Facility>,
    /// How sure recognition is that this is a place at all (0..1).
    pub confidence: f64,
    /// The next candidate follows as "X, Y" or "X in Y".
    pub link: Option<Link>,
    /// A named feature ("Royal Street", "Manila Cathedral"): its kind. Its
    /// entries are those of the place its name holds, or none.
    pub feature: Option<FeatureKind>,
}

/// How a name is tied to the name right after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// "Portland, Oregon"
    Comma,
    /// "Portland in Oregon"
    In,
}

/// Longest name tried, in tokens.
const MAX_PHRASE: usize = 7;

/// Lower-case words allowed inside a name ("Port of Spain", "Isle of Man",
/// "Dar es Salaam", "Port-au-Prince", "Frankfurt an der Oder"). Only a
/// phrase the gazetteer holds whole becomes a name, so these never join
/// words by themselves.
/// The Arabic article's assimilated forms and the Persian ezafe join names
/// too ("Deir ez-Zor", "Mazar-i-Sharif", "Bandar-e Abbas").
const NAME_FUNCTION_WORDS: [&str; 41] = [
    "of", "the", "and", "de", "del", "la", "le", "el", "upon", "on", "du", "da", "do", "des", "al",
    "y", "en", "sur", "am", "di", "es", "au", "aux", "los", "las", "dos", "das", "der", "den",
    "an", "op", "ter", "ez", "az", "ad", "ar", "as", "ash", "at", "i", "e",
];

/// Month names, in calendar order (the event dates read them too).
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Vessel words: a name right after one is a ship's ("the submarine Kazan").
const VESSELS: [&str; 16] = [
    "frigate",
    "submarine",
    "cruiser",
    "destroyer",
    "corvette",
    "warship",
    "ship",
    "vessel",
    "carrier",
    "tanker",
    "icebreaker",
    "boat",
    "yacht",
    "battlecruiser",
    "flagship",
    "trawler",
];

/// Prepositions after which a capitalised word is most likely a place.
const LOCATIVES: [&str; 10] = [
    "in", "at", "from", "to", "near", "outside", "into", "across", "toward", "towards",
];

pub fn recognize(gaz: &Gazetteer, tokens: &[Token]) -> Vec<Candidate> {
    let persons = people::names_of_people(gaz, tokens);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let place = longest_at(gaz, tokens, i);
        if let Some(f) = features::candidate(gaz, tokens, i, place.as_ref(), &persons) {
            i = f.last;
            out.push(f);
            continue;
        }
        let Some(mut c) = place else {
            i += 1;
            continue;
        };
        if accept(gaz, tokens, &mut c, &persons) {
            i = c.last;
            extend_with_unit(gaz, tokens, &mut c);
            extend_with_direction(gaz, tokens, &mut c);
            super::article::extend_with_article(gaz, tokens, &mut c);
            out.push(c);
        } else {
            i += 1;
        }
    }
    abbreviations::add_introduced(gaz, tokens, &mut out);
    link(tokens, &mut out);
    out
}

/// Records which candidates are followed by another as "X, Y" or "X in Y".
fn link(tokens: &[Token], cands: &mut [Candidate]) {
    for i in 1..cands.len() {
        let (prev_last, next_first) = (cands[i - 1].last, cands[i].first);
        cands[i - 1].link = if next_first == prev_last && tokens[next_first].comma_before {
            Some(Link::Comma)
        } else if next_first == prev_last + 1 && tokens[prev_last].key == "in" {
            Some(Link::In)
        } else {
            None
        };
    }
}

/// The longest phrase starting at token `i` that the gazetteer knows.
pub(super) fn longest_at(gaz: &Gazetteer, tokens: &[Token], i: usize) -> Option<Candidate> {
    if !tokens[i].is_capitalised() {
        return None;
    }
    let limit = phrase_limit(tokens, i, gaz.max_words().min(MAX_PHRASE));
    let mut key = String::new();
    let mut ends = Vec::with_capacity(limit);
    for (n, t) in tokens[i..i + limit].iter().enumerate() {
        if n > 0 {
            key.push(if t.sep == Sep::Hyphen { '-' } else { ' ' });
        }
        key.push_str(&t.key);
        ends.push(key.len());
    }
    for n in (1..=limit).rev() {
        let last = &tokens[i + n - 1];
        if !last.is_capitalised() {
            continue;
        }
        let phrase = &key[..ends[n - 1]];
        let bare = phrase.trim_end_matches('.');
        if gaz.lookup(phrase).is_empty() && gaz.lookup(bare).is_empty() {
            continue;
        }
        let facility = facility_context(tokens, i, i + n);
        let container = container_position(tokens, i) && abbreviations::fits(tokens, i, i + n);
        let mut entries = allowed(gaz, phrase, facility, container);
        if entries.is_empty() && phrase.ends_with('.') {
            entries = allowed(gaz, phrase.trim_end_matches('.'), facility, container);
        }
        if !entries.is_empty() {
            let is_facility = entries
                .iter()
                .any(|e| gaz.place(e.place).kind.is_facility());
            return Some(Candidate {
                first: i,
                last: i + n,
                start: tokens[i].start,
                end: last.end,
                key: phrase.to_string(),
                entries,
                facility: facility.filter(|_| is_facility),
                confidence: 1.0,
                link: None,
                feature: None,
            });
        }
    }
    None
}

/// How many tokens from `i` may form one name: joined by spaces or hyphens,
/// inner lower-case words only function words, no possessive inside.
fn phrase_limit(tokens: &[Token], i: usize, max: usize) -> usize {
    let mut n = 1;
    while n < max && i + n < tokens.len() {
        let t = &tokens[i + n];
        if t.sep == Sep::Break || tokens[i + n - 1].possessive {
            break;
        }
        if t.case == Case::Lower && !NAME_FUNCTION_WORDS.contains(&t.key.as_ref()) {
            break;
        }
        n += 1;
    }
    n
}

/// Does token `i` stand where a division's abbreviation names it:
/// "Springfield, Mo.", "in D.C."?
fn container_position(tokens: &[Token], i: usize) -> bool {
    let Some(before) = i.checked_sub(1).map(|b| &tokens[b]) else {
        return false;
    };
    let t = &tokens[i];
    (t.comma_before && before.is_capitalised())
        || (t.text.ends_with('.')
            && t.sep == Sep::Space
            && LOCATIVES.contains(&before.key.as_ref()))
}

/// Entries usable here: facilities only inside a facility phrase, and then
/// only facilities when the phrase has one; abbreviations of divisions only
/// where a container stands.
fn allowed(gaz: &Gazetteer, key: &str, facility: Option<Facility>, container: bool) -> Vec<Entry> {
    let entries = gaz.lookup(key);
    let facilities: Vec<Entry> = match facility {
        Some(f) => entries
            .iter()
            .filter(|e| f.admits(gaz.place(e.place).kind))
            .copied()
            .collect(),
        None => Vec::new(),
    };
    if !facilities.is_empty() {
        return facilities;
    }
    let mut general: Vec<Entry> = entries
        .iter()
        .filter(|e| !gaz.place(e.place).kind.is_facility() && e.form != Form::Facility)
        .filter(|e| container || e.form != Form::Abbreviation)
        .copied()
        .collect();
    // "Springfield, Mo.": where an abbreviation fits, it is the division.
    if general.iter().any(|e| e.form == Form::Abbreviation) {
        general.retain(|e| e.form == Form::Abbreviation);
    }
    // One entry per place: its own name before an alias.
    general.sort_by_key(|e| (e.place, e.form != Form::Name));
    general.dedup_by_key(|e| e.place);
    drop_weak_aliases(gaz, key, &mut general);
    general
}

/// A city whose alternate name may stand beside small towns' own names.
const BIG_CITY: u64 = 100_000;

/// Alternate names of cities give way when the same words are the proper
/// name of a country, continent, sea, or of a town with a fifth of the
/// city's people or more ("Africa" is also an old name of Mahdia), or when
/// the city has under [`BIG_CITY`] people, and when they are plain English
/// words ("White House"). The English names of far bigger cities stay
/// ("Odessa", "Calcutta", "Lyons") and contend with the small towns' own
/// names in resolution ([`super::prior::priors`]).
fn drop_weak_aliases(gaz: &Gazetteer, key: &str, entries: &mut Vec<Entry>) {
    let strong_name = entries.iter().any(|e| {
        e.form != Form::Alias
            && matches!(
                gaz.place(e.place).kind,
                Kind::Country | Kind::Continent | Kind::Sea
            )
    });
    let own_name_people = entries
        .iter()
        .filter(|e| e.form == Form::Name && gaz.place(e.place).kind == Kind::City)
        .map(|e| gaz.place(e.place).population)
        .max();
    let plain_words = key.split([' ', '-']).all(|w| gaz.is_common_word(w));
    entries.retain(|e| {
        let p = gaz.place(e.place);
        let small =
            own_name_people.is_some_and(|n| p.population < n.saturating_mul(5).max(BIG_CITY));
        !(e.form == Form::Alias && p.kind == Kind::City && (strong_name || small || plain_words))
    });
}

/// Is the span `[first, last)` the name in a facility phrase?
fn facility_context(tokens: &[Token], first: usize, last: usize) -> Option<Facility> {
    let key = |i: usize| tokens.get(i).map(|t| t.key.as_ref());
    let joined = |i: usize| tokens.get(i).is_some_and(|t| t.sep != Sep::Break);
    if first >= 2 && key(first - 1) == Some("of") && joined(first) && joined(first - 1) {
        match key(first - 2) {
            Some("port" | "harbour" | "harbor" | "seaport") => return Some(Facility::Port),
            Some("airport") => return Some(Facility::Airport),
            _ => {}
        }
    }
    if !joined(last) {
        return None;
    }
    let after = |n: usize| key(last + n).unwrap_or("");
    match after(0) {
        "port" | "harbour" | "harbor" | "seaport" => Some(Facility::Port),
        "airport" | "airfield" | "aerodrome" => Some(Facility::Airport),
        "airbase" | "afb" => Some(Facility::Airbase),
        "naval" if after(1) == "air" && after(2) == "station" => Some(Facility::Airbase),
        "international" if after(1) == "airport" => Some(Facility::Airport),
        "air" if matches!(after(1), "base" | "field" | "station") => Some(Facility::Airbase),
        "air" if after(1) == "force" && after(2) == "base" => Some(Facility::Airbase),
        _ => None,
    }
}

/// Words after a place name that name its administrative unit: "Suffolk
/// County", "Oaxaca State" are one toponym.
const UNIT_WORDS: [&str; 12] = [
    "county",
    "city",
    "district",
    "province",
    "parish",
    "borough",
    "township",
    "municipality",
    "governorate",
    "oblast",
    "prefecture",
    "state",
];

fn extend_with_unit(gaz: &Gazetteer, tokens: &[Token], c: &mut Candidate) {
    let kinds_ok = c.entries.iter().all(|e| {
        e.form != Form::Demonym && matches!(gaz.place(e.place).kind, Kind::City | Kind::Region)
    });
    // "Ohio State", "Penn State": universities and their teams.
    let us_state = |t: &Token| {
        t.key == "state" && c.entries.iter().all(|e| gaz.place(e.place).country == "US")
    };
    if let Some(t) = tokens.get(c.last)
        && kinds_ok
        && !us_state(t)
        && t.sep == Sep::Space
        && t.case == Case::Title
        && !tokens[c.last - 1].possessive
        && UNIT_WORDS.contains(&t.key.as_ref())
        && !organisation_follows(tokens, c.last)
    {
        c.end = t.end;
        c.last += 1;
    }
}

/// "West Wales", "South Florida": a compass word before a place's name is
/// part of the toponym (the place itself is still the one resolved).
fn extend_with_direction(gaz: &Gazetteer, tokens: &[Token], c: &mut Candidate) {
    let Some(b) = c.first.checked_sub(1).map(|i| &tokens[i]) else {
        return;
    };
    let place = c.entries.iter().all(|e| {
        e.form != Form::Demonym
            && matches!(
                gaz.place(e.place).kind,
                Kind::Country | Kind::Region | Kind::County | Kind::City
            )
    });
    if place
        && tokens[c.first].sep == Sep::Space
        && b.case == Case::Title
        && DIRECTIONS[..8].contains(&b.key.as_ref())
    {
        c.first -= 1;
        c.start = b.start;
    }
}

/// "Ohio State Highway Patrol", "Boston City Council": a unit word that
/// opens an organisation's name stays out of the place's span.
fn organisation_follows(tokens: &[Token], unit: usize) -> bool {
    matches!(tokens[unit].key.as_ref(), "state" | "city")
        && tokens
            .get(unit + 1)
            .is_some_and(|n| n.sep == Sep::Space && n.is_capitalised())
}

/// Compass and position words: alone they are not places ("South", "Eastern").
const DIRECTIONS: [&str; 16] = [
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "middle",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];

/// Does a locative word stand before token `first`: "in X", "near X",
/// "the city of X"?
fn is_locative(tokens: &[Token], first: usize) -> bool {
    let key = |i: usize| tokens.get(i).map_or("", |t| t.key.as_ref());
    let Some(b) = first.checked_sub(1) else {
        return false;
    };
    let after_the = key(b) == "the"
        && b > 0
        && LOCATIVES.contains(&key(b - 1))
        && context::modifies_a_place_noun(
            tokens
                .iter()
                .skip(first + 1)
                .find(|t| t.case != Case::Title),
        );
    LOCATIVES.contains(&key(b))
        || after_the
        || context::listed_after_locative(tokens, b, &LOCATIVES)
        // "the city of Salisbury", "Jane Doe, of Hayes"
        || key(b) == "of" && b > 0 && (context::is_place_noun(key(b - 1)) || tokens[b].comma_before)
}

/// "BOSTON (Reuters) -", "WINNIPEG —", "CARACAS, Sept 11": a name in
/// capitals opening a line or sentence, then a dateline's mark.
fn is_dateline(t: &Token, after: Option<&Token>) -> bool {
    t.case == Case::Upper
        && t.sentence_start
        && after.is_some_and(|a| {
            a.comma_before || matches!(a.mark_before, Some('(' | '—' | '–' | '-' | ':'))
        })
}

/// A capitalised word after a place name that makes the pair a person's
/// name: a given name or surname that is no ordinary word or month.
fn person_name_part(gaz: &Gazetteer, t: &Token) -> bool {
    t.is_capitalised()
        && !gaz.is_common_word(&t.key)
        && !MONTHS.contains(&t.key.trim_end_matches('.'))
        && (gaz.is_surname(&t.key) || gaz.is_given_name(&t.key))
}

/// A capitalised word joined to the one before that the gazetteer and the
/// dictionary do not know: part of a longer proper name.
fn unknown_name_word(gaz: &Gazetteer, t: &Token) -> bool {
    t.sep == Sep::Space
        && t.case == Case::Title
        && !t.text.ends_with('.')
        && !gaz.is_common_word(&t.key)
        && gaz.lookup(&t.key).is_empty()
        && !MONTHS.contains(&t.key.as_ref())
}

/// Capitalised words that may stand before a place name without making it
/// part of a person's or organisation's name.
fn neutral_neighbour(gaz: &Gazetteer, t: &Token) -> bool {
    let acronym = t.case == Case::Upper && t.text.chars().count() <= 4;
    matches!(t.case, Case::Lower | Case::Other)
        || acronym
        || gaz.is_common_word(&t.key)
        || people::is_title(&t.key)
}

/// General rules that reject spans that are not places here.
fn accept(gaz: &Gazetteer, tokens: &[Token], c: &mut Candidate, persons: &people::People) -> bool {
    if c.entries.iter().all(|e| e.form == Form::Abbreviation) {
        return true;
    }
    if c.facility.is_some()
        && c.entries
            .iter()
            .any(|e| gaz.place(e.place).kind.is_facility())
    {
        return true;
    }
    let first = &tokens[c.first];
    let before = c.first.checked_sub(1).map(|i| &tokens[i]);
    let after = tokens.get(c.last);
    let strong = is_strong(gaz, c);
    if context::street_or_organisation(tokens, c.first, c.last)
        || context::of_organisation(tokens, c.first)
        || names_a_building(gaz, tokens, c)
        || inside_a_name(gaz, tokens, c)
    {
        return false;
    }
    let locative =
        is_locative(tokens, c.first) || after.is_some_and(|a| a.comma_before && a.is_capitalised());
    // "by Charlotte Smith of ...": a person's given name right before the
    // surname is the person's, even where a place would be.
    let given_of_pair = after.is_some_and(|a| {
        a.sep == Sep::Space && a.case == Case::Title && persons.contains(a.key.as_ref())
    });
    if c.last - c.first == 1 && persons.contains(first.key.as_ref()) && (!locative || given_of_pair)
    {
        return false;
    }
    if let Some(b) = before
        && first.sep == Sep::Space
    {
        if people::is_title(&b.key) || VESSELS.contains(&b.key.as_ref()) {
            return false;
        }
        // "Michael Jordan": a given name right before.
        let demonym = c.entries.iter().all(|e| e.form == Form::Demonym);
        // "Tom Chilton": a given name that is also a word ("tom", "rob")
        // when the people's names found it a pair.
        let given = !gaz.is_common_word(&b.key) || persons.contains(first.key.as_ref());
        if b.case == Case::Title && gaz.is_given_name(&b.key) && given && !demonym {
            return false;
        }
        // "the frigate Admiral Gorshkov": a vessel word two tokens back.
        if c.first >= 2
            && b.sep == Sep::Space
            && b.case == Case::Title
            && VESSELS.contains(&tokens[c.first - 2].key.as_ref())
        {
            return false;
        }
    }
    if c.last - c.first > 1 {
        // "White House", "Old Town": plain words that happen to name a town;
        // "Marathon County" is plain words and a division's full name.
        let division = c
            .entries
            .iter()
            .any(|e| gaz.place(e.place).kind == Kind::County && e.form == Form::Name);
        let plain = !division && c.key.split([' ', '-']).all(|w| gaz.is_common_word(w));
        let population = c
            .entries
            .iter()
            .map(|e| gaz.place(e.place).population)
            .max();
        let population = population.unwrap_or(0);
        // "Notre Dame", "El Niño": a village's name of many words, named in
        // passing, is more often a university, a storm or a title.
        let village = population < 10_000 && !division && !strong;
        if village && !locative && !context::modifies_a_place_noun(after) {
            return false;
        }
        return strong || !plain || locative || population >= 100_000;
    }
    single_word_ok(gaz, tokens, c, before, after, strong)
}

/// "Liverpool Academy", "Manila Cathedral", "Colorado State University": a
/// town's or U.S. state's name opening a building's
/// or university's name is that building's, not the place's.
fn names_a_building(gaz: &Gazetteer, tokens: &[Token], c: &Candidate) -> bool {
    let joined = |i: usize| {
        tokens
            .get(i)
            .filter(|t| t.sep == Sep::Space && t.case == Case::Title)
    };
    let towns = c.entries.iter().all(|e| {
        e.form != Form::Demonym && matches!(gaz.place(e.place).kind, Kind::City | Kind::County)
    });
    if towns && joined(c.last).is_some_and(|t| context::is_organisation_head(&t.key)) {
        return true;
    }
    let us_states = c.entries.iter().all(|e| {
        let p = gaz.place(e.place);
        p.kind == Kind::Region && p.country == "US"
    });
    us_states
        && joined(c.last).is_some_and(|t| t.key == "state")
        && joined(c.last + 1).is_some_and(|t| context::is_organisation_head(&t.key))
}

/// "Detention Centre", "Movie Channel", "Florida Atlantic University": a
/// division or sea whose name is a generic word, after a capitalised word
/// that is no place, is the end of another name.
fn inside_a_name(gaz: &Gazetteer, tokens: &[Token], c: &Candidate) -> bool {
    let Some(b) = c.first.checked_sub(1).map(|i| &tokens[i]) else {
        return false;
    };
    let generic = c.last - c.first == 1
        && c.entries.iter().all(|e| {
            let p = gaz.place(e.place);
            matches!(p.kind, Kind::Region | Kind::Sea) && e.form != Form::Demonym
        });
    generic
        && tokens[c.first].sep == Sep::Space
        && b.case == Case::Title
        && !b.sentence_start
        && !DIRECTIONS.contains(&b.key.as_ref())
        && gaz.lookup(&b.key).is_empty()
        && !tokens.get(c.last).is_some_and(|a| a.comma_before)
}

/// Countries, continents, big regions, seas and demonyms stand on their own.
fn is_strong(gaz: &Gazetteer, c: &Candidate) -> bool {
    c.entries.iter().any(|e| {
        let kind = gaz.place(e.place).kind;
        matches!(kind, Kind::Country | Kind::Continent | Kind::Sea)
            || e.form == Form::Demonym
            || gaz.place(e.place).id.starts_with("region:")
    })
}

fn single_word_ok(
    gaz: &Gazetteer,
    tokens: &[Token],
    c: &mut Candidate,
    before: Option<&Token>,
    after: Option<&Token>,
    strong: bool,
) -> bool {
    let t = &tokens[c.first];
    let word = t.key.trim_end_matches('.');
    if MONTHS.contains(&word) || WEEKDAYS.contains(&word) {
        return false;
    }
    if DIRECTIONS.contains(&word) {
        return false;
    }
    // "COLUMBUS, Ohio --": a dateline in capitals is a place.
    if is_dateline(t, after) && !c.entries.iter().all(|e| e.form == Form::Demonym) {
        return true;
    }
    // Acronyms: only the short forms of countries and unions (US, UK, EU).
    if t.case == Case::Upper && word.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
        c.entries.retain(|e| {
            e.form != Form::Name && is_strong_place(gaz, e)
                || e.form == Form::Name && gaz.place(e.place).kind == Kind::Country
        });
        return !c.entries.is_empty();
    }
    if strong {
        return true;
    }
    let population = c
        .entries
        .iter()
        .map(|e| gaz.place(e.place).population)
        .max()
        .unwrap_or(0);
    let sizable = population >= 100_000
        || c.entries
            .iter()
            .any(|e| gaz.place(e.place).kind == Kind::Region);
    let locative =
        is_locative(tokens, c.first) || after.is_some_and(|a| a.comma_before && a.is_capitalised());
    // "the Centre", "the Mission": cities and provinces take no article,
    // but "the Texas police" still names Texas, and "the Washington Post",
    // "the Toronto Police": a big place opening an organisation's name.
    let opens_a_name = sizable
        && after.is_some_and(|a| a.sep == Sep::Hyphen || a.sep == Sep::Space && a.is_capitalised());
    if before.is_some_and(|b| b.key == "the" && t.sep == Sep::Space)
        && !(opens_a_name || context::modifies_a_place_noun(after))
    {
        return false;
    }
    // "Nash Riad", "Vladimir Putin", "Boston Celtics": one piece of a longer
    // proper name.
    if before.is_some_and(|b| t.sep == Sep::Space && !neutral_neighbour(gaz, b))
        || after.is_some_and(|a| a.sep == Sep::Space && person_name_part(gaz, a))
    {
        return false;
    }
    // "said Noma", "Nelson told": a small place's name as a speaker.
    if population < 100_000 && !locative && context::speaker(before, after) {
        return false;
    }
    let capital = c.entries.iter().any(|e| gaz.place(e.place).capital);
    let common =
        gaz.is_common_word(word) || c.entries.iter().all(|e| gaz.place(e.place).common_word);
    // "Coast", "Centre": divisions named by a plain word need a locative.
    let plain_division = c
        .entries
        .iter()
        .all(|e| gaz.place(e.place).kind == Kind::Region);
    if common
        && (t.sentence_start
            || t.case == Case::Upper
            || !locative && (population < 100_000 || plain_division))
    {
        return locative && !t.sentence_start;
    }
    if word.chars().count() <= 3 && population < 100_000 {
        return false;
    }
    let dateline = after.is_some_and(|a| a.comma_before);
    if t.case == Case::Upper && !dateline && population < 1_000_000 {
        return false;
    }
    // A small town's name opening a sentence is more often something else.
    if t.sentence_start && !locative && !dateline && !capital && population < 100_000 {
        return false;
    }
    // A ship named after a city: "the Kazan submarine".
    if after.is_some_and(|a| a.sep == Sep::Space && VESSELS.contains(&a.key.as_ref())) {
        return false;
    }
    // "Paris Hilton", "Hugo Chávez": a given name followed by a surname.
    if gaz.is_given_name(word)
        && after.is_some_and(|a| {
            a.sep == Sep::Space && a.is_capitalised() && !gaz.is_common_word(&a.key)
        })
    {
        return false;
    }
    // "Vladimir Putin", "Epiphaneia Kock": a town's name before a
    // capitalised word that is no place, plain word or month opens a
    // person's or firm's name.
    if population < 50_000 && !capital && after.is_some_and(|a| unknown_name_word(gaz, a)) {
        return false;
    }
    // Alternate names of small places are too often something else.
    if c.entries.iter().all(|e| e.form == Form::Alias) && population < 100_000 {
        return false;
    }
    // A small place named in passing, with nothing around it that says
    // "place", is more often a name of something else.
    if population < 20_000 && !locative && !dateline && !context::modifies_a_place_noun(after) {
        return false;
    }
    // "Clinton said": a common surname that is also a small town.
    // "Jackson police" still names the town.
    if gaz.is_surname(word)
        && !capital
        && population < 500_000
        && !locative
        && !context::modifies_a_place_noun(after)
    {
        return false;
    }
    true
}

/// Acronyms name countries and unions ("US", "UK", "EU"), not divisions.
fn is_strong_place(gaz: &Gazetteer, e: &Entry) -> bool {
    matches!(gaz.place(e.place).kind, Kind::Country | Kind::Continent)
}
