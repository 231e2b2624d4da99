//! Recognition: which token spans name a place, before deciding which place.
//!
//! Leftmost-longest phrase lookup over capitalised tokens, then general
//! rules against the classic false positives: sentence-initial common words,
//! person names, ship names, month names, acronyms. One file per step:
//! [`lookup`] finds the longest known phrase, [`accept`] and [`single`]
//! weigh its context, [`extend`] widens an accepted span to its unit or
//! compass word.

mod accept;
mod extend;
mod lookup;
mod single;

use super::abbreviations;
use super::features::{self, FeatureKind};
use super::people;
use super::tokens::Token;
use crate::gazetteer::{Entry, Gazetteer, Kind};

pub(super) use lookup::longest_at;

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
    /// The word for a division or a town said with the name ("Basra
    /// province", "the city of Donetsk"): which of the name's meanings the
    /// text means.
    pub unit: Option<Unit>,
    /// A compass word before a name that is also a plain word ("West
    /// Midlands", "East Coast"): a region the gazetteer may not hold, kept
    /// only where the document sets other places in the country of the
    /// name's meaning.
    pub compass_on_word: bool,
}

/// A unit word said with a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// "state", "province", "oblast", "governorate", "region": mostly a
    /// first-level division.
    State,
    /// "county", "district", "parish", "department": a division of either
    /// level.
    Division,
    /// "city", "town", "municipality".
    Town,
}

/// How a name is tied to the name right after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// "Portland, Oregon"
    Comma,
    /// "Portland in Oregon"
    In,
}

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
const LOCATIVES: [&str; 12] = [
    "in",
    "at",
    "from",
    "to",
    "near",
    "outside",
    "into",
    "across",
    "toward",
    "towards",
    "around",
    "throughout",
];

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
        if accept::accept(gaz, tokens, &mut c, &persons) {
            i = c.last;
            c.unit = extend::unit_said(tokens, &c);
            extend::extend_with_unit(gaz, tokens, &mut c);
            extend::extend_with_direction(gaz, tokens, &mut c);
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
