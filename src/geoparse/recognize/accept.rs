//! Whether a looked-up phrase names a place where it stands: the rules
//! for every span, and for names of many words ([`super::single`] weighs
//! one-word names).

use super::single::single_word_ok;
use super::{Candidate, DIRECTIONS, LOCATIVES, VESSELS};
use crate::gazetteer::{Form, Gazetteer, Kind};
use crate::geoparse::article;
use crate::geoparse::context;
use crate::geoparse::people;
use crate::geoparse::tokens::{Case, Sep, Token};

/// Does a locative word stand before token `first`: "in X", "near X",
/// "the city of X"?
pub(super) fn is_locative(tokens: &[Token], first: usize) -> bool {
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
        || context::inside_list_after_locative(tokens, first, &LOCATIVES)
        // "the city of Salisbury", "Jane Doe, of Hayes"
        || key(b) == "of" && b > 0 && (context::is_place_noun(key(b - 1)) || tokens[b].comma_before)
}

/// General rules that reject spans that are not places here.
pub(super) fn accept(
    gaz: &Gazetteer,
    tokens: &[Token],
    c: &mut Candidate,
    persons: &people::People,
) -> bool {
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
        || article::inside_a_longer_name(gaz, tokens, c)
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
