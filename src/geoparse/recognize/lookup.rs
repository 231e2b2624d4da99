//! The longest phrase at a token that the gazetteer knows, with the
//! entries its context allows (facility phrases, division abbreviations,
//! weak alternate names).

use super::{Candidate, Facility, LOCATIVES};
use crate::gazetteer::{Entry, Form, Gazetteer, Kind};
use crate::geoparse::abbreviations;
use crate::geoparse::tokens::{Case, Sep, Token};

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

/// The longest phrase starting at token `i` that the gazetteer knows.
pub(in crate::geoparse) fn longest_at(
    gaz: &Gazetteer,
    tokens: &[Token],
    i: usize,
) -> Option<Candidate> {
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
        let spelled = spelled_out(phrase);
        if gaz.lookup(phrase).is_empty()
            && gaz.lookup(bare).is_empty()
            && spelled.iter().all(|k| gaz.lookup(k).is_empty())
        {
            continue;
        }
        let facility = facility_context(tokens, i, i + n);
        let container = container_position(tokens, i) && abbreviations::fits(tokens, i, i + n);
        let mut keys = vec![phrase];
        keys.extend(spelled.iter().map(String::as_str));
        let mut entries = allowed(gaz, &keys, facility, container);
        if entries.is_empty() && phrase.ends_with('.') {
            entries = allowed(gaz, &[bare], facility, container);
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
                unit: None,
                compass_on_word: false,
            });
        }
    }
    None
}

/// Abbreviated first words of names and the words they stand for: "St.
/// Paul" is the gazetteer's "Saint Paul", "Mt. Vernon" its "Mount Vernon".
const TITLE_ABBREVIATIONS: [(&str, &[&str]); 5] = [
    ("st", &["saint"]),
    ("ste", &["sainte"]),
    ("mt", &["mount"]),
    ("ft", &["fort"]),
    ("pt", &["point", "port"]),
];

/// The phrase with its abbreviated first word written out, in each way
/// it may be ("Pt." is "Point" or "Port"); none for a one-word phrase.
fn spelled_out(phrase: &str) -> Vec<String> {
    let Some(split) = phrase.find([' ', '-']) else {
        return Vec::new();
    };
    let (first, rest) = phrase.split_at(split);
    let word = first.strip_suffix('.').unwrap_or(first);
    TITLE_ABBREVIATIONS
        .iter()
        .filter(|(short, _)| *short == word)
        .flat_map(|(_, long)| long.iter().map(move |l| format!("{l}{rest}")))
        .collect()
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
fn allowed(
    gaz: &Gazetteer,
    keys: &[&str],
    facility: Option<Facility>,
    container: bool,
) -> Vec<Entry> {
    let key = keys[0];
    let entries: Vec<Entry> = keys.iter().flat_map(|k| gaz.lookup(k)).copied().collect();
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
