//! Names of people in a document: a word that stands after a title ("Mr.
//! Jordan", "Gov. Georgia") or in a given name + surname pair ("Jordan
//! Smith", "Georgia Brown") names a person everywhere in that document, so
//! "said Jordan" three paragraphs later is not the country.

use ahash::AHashSet as HashSet;

use super::tokens::{Case, Sep, Token};
use crate::gazetteer::{Form, Gazetteer, Kind};

/// The lookup keys of words that name people in one document.
pub type People = HashSet<String>;

/// Words before a name that make it a person's.
const TITLES: [&str; 34] = [
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "sir",
    "lord",
    "lady",
    "rev.",
    "gen.",
    "president",
    "sen.",
    "rep.",
    "gov.",
    "lt.",
    "col.",
    "sgt.",
    "capt.",
    "adm.",
    "prof.",
    "judge",
    "sheriff",
    "mayor",
    "officer",
    "detective",
    "coach",
    "minister",
    "senator",
    "governor",
    "general",
    "deputy",
    "chancellor",
    "king",
    "queen",
    "prince",
];

/// Is this lookup key a title that makes the next name a person's?
pub fn is_title(key: &str) -> bool {
    TITLES.contains(&key)
}

/// The names of people in `tokens`.
pub fn names_of_people(gaz: &Gazetteer, tokens: &[Token]) -> People {
    let mut people = People::default();
    recurring_surnames(gaz, tokens, &mut people);
    for (i, t) in tokens.iter().enumerate() {
        if t.case != Case::Title {
            continue;
        }
        let Some(next) = tokens.get(i + 1) else {
            continue;
        };
        let joined = next.sep == Sep::Space && next.case == Case::Title;
        if is_title(&t.key) && joined && !t.possessive {
            people.insert(next.key.to_string());
            continue;
        }
        if !joined || t.possessive || !gaz.is_given_name(&t.key) || gaz.is_common_word(&t.key) {
            continue;
        }
        if gaz.is_common_word(&next.key) {
            continue;
        }
        if gaz.lookup(&t.key).is_empty() {
            // "Michael Jordan": what follows a given name is a surname.
            people.insert(next.key.to_string());
        } else if !sizable_place(gaz, &next.key) && gaz.is_surname(&next.key) {
            // "Georgia Brown": a given name that is also a place, then a
            // surname that is not one.
            people.insert(t.key.to_string());
            people.insert(next.key.to_string());
        }
    }
    people
}

/// "Vladimir Putin ... Putin said": a capitalised word that stands alone
/// elsewhere in the text (no ordinary word, no place) is a surname, and the
/// name before it in a pair is a given name.
fn recurring_surnames(gaz: &Gazetteer, tokens: &[Token], people: &mut People) {
    let capital_pair = |i: usize| {
        tokens
            .get(i + 1)
            .is_some_and(|n| n.sep == Sep::Space && n.case == Case::Title)
    };
    let mut alone: HashSet<&str> = HashSet::default();
    for (i, t) in tokens.iter().enumerate() {
        let after_capital = i > 0 && t.sep == Sep::Space && tokens[i - 1].is_capitalised();
        if t.case == Case::Title
            && !t.sentence_start
            && !after_capital
            && !capital_pair(i)
            && !gaz.is_common_word(&t.key)
            && gaz.lookup(&t.key).is_empty()
        {
            alone.insert(&t.key);
        }
    }
    if alone.is_empty() {
        return;
    }
    for (i, t) in tokens.iter().enumerate() {
        if t.case == Case::Title
            && capital_pair(i)
            && !t.possessive
            && only_towns(gaz, &t.key)
            && alone.contains(tokens[i + 1].key.as_ref())
            && !tokens
                .get(i + 2)
                .is_some_and(|n| n.sep == Sep::Space && n.case == Case::Title)
        {
            people.insert(t.key.to_string());
            people.insert(tokens[i + 1].key.to_string());
        }
    }
}

/// Is `key` no name, or no country's and no people's ("Syrian Kurds" is
/// no person)?
fn only_towns(gaz: &Gazetteer, key: &str) -> bool {
    gaz.lookup(key).iter().all(|e| {
        e.form != Form::Demonym
            && !matches!(
                gaz.place(e.place).kind,
                Kind::Country | Kind::Continent | Kind::Sea
            )
    })
}

/// Is `key` the name of a country or division ("Georgia Henderson" is a
/// person, though Henderson is a town too; "Georgia Florida" is no name)?
fn sizable_place(gaz: &Gazetteer, key: &str) -> bool {
    gaz.lookup(key)
        .iter()
        .any(|e| matches!(gaz.place(e.place).kind, Kind::Country | Kind::Region))
}
