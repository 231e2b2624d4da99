//! "al-Raqqa", "el-Fasher", "Ash-Shuhada": the Arabic article joined to a
//! place's name by a hyphen is part of the toponym. Transliterations write
//! it or leave it out ("Raqqa", "al-Raqqa"), and the gazetteer holds the
//! name without it more often than with it, so the name is found alone and
//! its span grows to take the article in.

use super::recognize::Candidate;
use super::tokens::{Case, Sep, Token};
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

/// "Bab al-Hawa", "Ras al-Ain", "Tell al Abyad": a name the gazetteer does
/// not hold whole, made of a word, the article and a capitalised word, is
/// one place (a crossing, a town) and none of the shorter places its words
/// name ("Bab" alone is a town in Slovakia and another name of Al Bab,
/// "Ain" a French department). The article joins by a hyphen, or for "al",
/// "el" by a space; a common word opening a sentence before it ("In
/// al-Raqqa") is no part of the name.
pub fn inside_a_longer_name(gaz: &Gazetteer, tokens: &[Token], c: &Candidate) -> bool {
    // The article at `a`, then the name's next word.
    let joins = |a: usize| {
        let (Some(article), Some(next)) = (tokens.get(a), tokens.get(a + 1)) else {
            return false;
        };
        ARTICLES.contains(&article.key.as_ref())
            && article.sep == Sep::Space
            && next.is_capitalised()
            && (next.sep == Sep::Hyphen
                || next.sep == Sep::Space
                    && article.case == Case::Lower
                    && matches!(article.key.as_ref(), "al" | "el"))
    };
    // "Cairo's al-Azhar" is two names.
    let continues = !tokens[c.last - 1].possessive && joins(c.last);
    let opens = c.first >= 2 && joins(c.first - 1) && {
        let word = &tokens[c.first - 2];
        word.case == Case::Title && !(word.sentence_start && gaz.is_common_word(&word.key))
    };
    continues || opens
}
