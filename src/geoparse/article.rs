//! "al-Raqqa", "el-Fasher", "Ash-Shuhada": the Arabic article joined to a
//! place's name by a hyphen is part of the toponym. Transliterations write
//! it or leave it out ("Raqqa", "al-Raqqa"), and the gazetteer holds the
//! name without it more often than with it, so the name is found alone and
//! its span grows to take the article in.

use super::recognize::Candidate;
use super::tokens::{Sep, Token};
use crate::gazetteer::{Form, Gazetteer, Kind};

/// The article and its assimilated forms before sun letters.
const ARTICLES: [&str; 13] = [
    "al", "el", "ul", "ad", "adh", "ar", "as", "ash", "at", "ath", "az", "an", "ed",
];

/// Takes a hyphen-joined article right before a place's name into its span.
pub fn extend_with_article(gaz: &Gazetteer, tokens: &[Token], c: &mut Candidate) {
    let Some(b) = c.first.checked_sub(1) else {
        return;
    };
    let place = c.entries.iter().all(|e| {
        e.form != Form::Demonym
            && matches!(
                gaz.place(e.place).kind,
                Kind::City | Kind::County | Kind::Region
            )
    });
    if place
        && c.feature.is_none()
        && tokens[c.first].sep == Sep::Hyphen
        && ARTICLES.contains(&tokens[b].key.as_ref())
    {
        c.first = b;
        c.start = tokens[b].start;
    }
}
