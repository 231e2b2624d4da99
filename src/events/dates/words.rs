//! Words of a date: month names and abbreviations, day numbers, years,
//! weekdays, day ranges, and the cue words around them. Every other step of
//! date parsing reads tokens through these, so they are kept in one place.

use chrono::Weekday;

use crate::events::text::{TokKind, Token};
use crate::geoparse::recognize::MONTHS;

/// A date as written, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Raw {
    pub(super) year: Option<i32>,
    pub(super) month: Option<u32>,
    pub(super) day: Option<u32>,
}

/// The month number of a lower-case month name or abbreviation ("oct", "sept.").
pub fn month_number(word: &str) -> Option<u32> {
    month_word(word)
}

pub(super) fn month_word(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if let Some(i) = MONTHS.iter().position(|m| *m == w) {
        return u32::try_from(i + 1).ok();
    }
    let abbrev = match w {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(abbrev)
}

/// A capitalised month name, also as `mid-November`, `early-May`.
pub(super) fn month_of(t: &Token) -> Option<u32> {
    if t.kind != TokKind::Word {
        return None;
    }
    for prefix in ["mid-", "early-", "late-"] {
        if let Some(rest) = t.lower.strip_prefix(prefix) {
            return month_word(rest);
        }
    }
    if !t.is_capitalized() {
        return None;
    }
    month_word(&t.lower)
}

pub(super) fn year_of(t: &Token) -> Option<i32> {
    if t.kind != TokKind::Number || t.text.len() != 4 || !t.text.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let y: i32 = t.text.parse().ok()?;
    (1800..=2100).contains(&y).then_some(y)
}

pub(super) fn day_of(t: &Token) -> Option<u32> {
    if t.kind != TokKind::Number {
        return None;
    }
    let digits = t
        .lower
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

pub(super) fn weekday_of(t: &Token) -> Option<Weekday> {
    if !t.is_capitalized() {
        return None;
    }
    Some(match t.lower.as_str() {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// Words before a bare month name that make it a date ("in June") rather
/// than a verb or a name ("may", "March on").
pub(super) const MONTH_CUES: &[&str] = &[
    "in", "since", "until", "till", "by", "during", "from", "of", "early", "late", "mid", "last",
    "next", "this", "through", "between", "and", "or", "to", "–", "-", "before", "after", "on",
    "end", "start",
];

/// Words that turn a following date into a bound or a citation stamp.
pub(super) const BOUND_CUES: &[&str] = &[
    "before",
    "after",
    "following",
    "prior",
    "by",
    "until",
    "till",
    "retrieved",
    "archived",
    "accessed",
    "updated",
    "published",
];

pub(super) fn word_at<'a>(tokens: &'a [Token], i: usize) -> Option<&'a str> {
    tokens.get(i).map(|t| t.lower.as_str())
}

/// A day range written as one token: `15-16`.
pub(super) fn day_range(t: &Token) -> Option<(u32, u32)> {
    if t.kind != TokKind::Number {
        return None;
    }
    let (a, b) = t.text.split_once(['-', '‑'])?;
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    ((1..=31).contains(&a) && (a..=31).contains(&b)).then_some((a, b))
}
