//! Abbreviations of divisions that a document has introduced: after
//! "British Columbia" or a town in it, "BC" alone names the province too.
//! Elsewhere an abbreviation is a place only where a container stands
//! ("Springfield, Mo.", see `recognize`).

use ahash::AHashSet as HashSet;

use super::recognize::Candidate;
use super::tokens::{Case, Sep, Token};
use crate::gazetteer::{Entry, Form, Gazetteer, Kind};

/// Can the tokens `first..last` be written as a division's abbreviation?
/// Not when a hyphen joins them to the next word ("Al-Khadim", "La-Salle":
/// an Arabic or Romance article opening a name), and a two-letter one
/// without its period only in capitals: postal codes are written "AL",
/// "DE", "IN", while "Al", "La", "De", "In", "Me", "Or" are name particles
/// or words, and AP style writes "Ala.", "La.", "Del.".
pub fn fits(tokens: &[Token], first: usize, last: usize) -> bool {
    if tokens.get(last).is_some_and(|t| t.sep == Sep::Hyphen) {
        return false;
    }
    let t = &tokens[first];
    let two_letters = last == first + 1 && t.text.chars().count() == 2;
    !two_letters || t.case == Case::Upper
}

/// Adds, in text order, the capitalised abbreviations (no candidate yet)
/// whose division the document's candidates already name or lie in.
pub fn add_introduced(gaz: &Gazetteer, tokens: &[Token], cands: &mut Vec<Candidate>) {
    let named = named_divisions(gaz, cands);
    if named.is_empty() {
        return;
    }
    let mut taken = vec![false; tokens.len()];
    for c in cands.iter() {
        taken[c.first..c.last].iter_mut().for_each(|t| *t = true);
    }
    let mut added = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if taken[i] || t.case != Case::Upper || t.text.len() > 3 || !fits(tokens, i, i + 1) {
            continue;
        }
        let entries: Vec<Entry> = gaz
            .lookup(&t.key)
            .iter()
            .filter(|e| {
                e.form == Form::Abbreviation && named.contains(&*gaz.place(e.place).admin1_code)
            })
            .copied()
            .collect();
        if entries.is_empty() {
            continue;
        }
        added.push(Candidate {
            first: i,
            last: i + 1,
            start: t.start,
            end: t.end,
            key: t.key.to_string(),
            entries,
            facility: None,
            confidence: 0.8,
            link: None,
            feature: None,
            unit: None,
            compass_on_word: false,
        });
    }
    if !added.is_empty() {
        cands.extend(added);
        cands.sort_by_key(|c| c.first);
    }
}

/// GeoNames codes of the first-level divisions the candidates name by
/// their own names, or lie in with every meaning.
fn named_divisions<'g>(gaz: &'g Gazetteer, cands: &[Candidate]) -> HashSet<&'g str> {
    let mut named = HashSet::new();
    for c in cands {
        let places = || c.entries.iter().map(|e| gaz.place(e.place));
        for p in places() {
            if p.kind == Kind::Region && !p.admin1_code.is_empty() {
                named.insert(&*p.admin1_code);
            }
        }
        let mut codes = places().map(|p| &*p.admin1_code);
        if let Some(first) = codes.next()
            && !first.is_empty()
            && codes.all(|a| a == first)
        {
            named.insert(first);
        }
    }
    named
}
