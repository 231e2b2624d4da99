//! Whether a one-word name is a place where it stands: months, acronyms,
//! articles, people's and firms' names, speakers, small towns in passing.

use super::accept::is_locative;
use super::{Candidate, DIRECTIONS, MONTHS, VESSELS, WEEKDAYS};
use crate::gazetteer::{Entry, Form, Gazetteer, Kind};
use crate::geoparse::context;
use crate::geoparse::people;
use crate::geoparse::tokens::{Case, Sep, Token};

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

pub(super) fn single_word_ok(
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
