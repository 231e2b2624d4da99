//! Widening an accepted name: its unit word after it ("Suffolk County"),
//! its compass word before it ("West Wales").

use super::{Candidate, DIRECTIONS, Unit};
use crate::gazetteer::{Form, Gazetteer, Kind};
use crate::geoparse::tokens::{Case, Sep, Token};

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

pub(super) fn extend_with_unit(gaz: &Gazetteer, tokens: &[Token], c: &mut Candidate) {
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
/// part of the toponym (the place itself is still the one resolved). When
/// the name is also a plain word ("Midlands", "Wales", "Surrey" are in the
/// dictionary), the compass word may make it another region ("West
/// Midlands" is no part of Zimbabwe's Midlands): the candidate says so,
/// and the geoparser keeps it only beside other places of its country.
pub(super) fn extend_with_direction(gaz: &Gazetteer, tokens: &[Token], c: &mut Candidate) {
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
        c.compass_on_word = c.last - c.first == 1
            && (gaz.is_common_word(&c.key)
                || c.entries.iter().all(|e| gaz.place(e.place).common_word));
        c.first -= 1;
        c.start = b.start;
    }
}

/// Unit words said before ("the province of X") or after ("X province")
/// a name, and which of its meanings they point to.
fn unit_word(key: &str) -> Option<Unit> {
    match key {
        "province" | "provinces" | "governorate" | "oblast" | "region" | "state" | "prefecture"
        | "canton" => Some(Unit::State),
        "county" | "district" | "parish" | "department" => Some(Unit::Division),
        "city" | "town" | "municipality" => Some(Unit::Town),
        _ => None,
    }
}

/// "Basra province", "Donetsk oblast", "the province of Idlib", "the city
/// of Basra", "New York City": the unit the text says the name is.
pub(super) fn unit_said(tokens: &[Token], c: &Candidate) -> Option<Unit> {
    let after = tokens
        .get(c.last)
        .filter(|t| t.sep == Sep::Space && !tokens[c.last - 1].possessive)
        .and_then(|t| unit_word(&t.key));
    let before = || {
        let of = tokens.get(c.first.checked_sub(1)?)?;
        let word = tokens.get(c.first.checked_sub(2)?)?;
        (of.key == "of" && tokens[c.first].sep == Sep::Space && of.sep == Sep::Space)
            .then(|| unit_word(&word.key))
            .flatten()
    };
    after.or_else(before)
}

/// "Ohio State Highway Patrol", "Boston City Council": a unit word that
/// opens an organisation's name stays out of the place's span.
fn organisation_follows(tokens: &[Token], unit: usize) -> bool {
    matches!(tokens[unit].key.as_ref(), "state" | "city")
        && tokens
            .get(unit + 1)
            .is_some_and(|n| n.sep == Sep::Space && n.is_capitalised())
}
