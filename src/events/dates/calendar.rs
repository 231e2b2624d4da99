//! Calendar dates as written ("6 October 2011", "March 3, 1945", "early
//! November 2008", "2019", ISO "2013-11-10") and their resolution against
//! the document's date when the year or the month is missing.

use chrono::{Datelike, NaiveDate};

use super::DateValue;
use super::words::{MONTH_CUES, Raw, day_of, month_of, word_at, year_of};
use crate::events::text::{TokKind, Token};

/// Parses an absolute or partial calendar date at `i`: returns it and the
/// index after it.
pub(super) fn parse_calendar(tokens: &[Token], i: usize) -> Option<(Raw, usize)> {
    let t = tokens.get(i)?;
    // ISO dates written as one token: 2013-11-10.
    if t.kind == TokKind::Number
        && t.text.len() == 10
        && let Ok(d) = NaiveDate::parse_from_str(t.text, "%Y-%m-%d")
    {
        let raw = Raw {
            year: Some(d.year()),
            month: Some(d.month()),
            day: Some(d.day()),
        };
        return Some((raw, i + 1));
    }
    let skip_dot = |k: usize| {
        if tokens.get(k).is_some_and(|t| t.is_punct(".")) {
            k + 1
        } else {
            k
        }
    };
    let year_after = |k: usize| -> (Option<i32>, usize) {
        let k2 = if tokens.get(k).is_some_and(|t| t.is_punct(",")) {
            k + 1
        } else {
            k
        };
        match tokens.get(k2).and_then(year_of) {
            Some(y) => (Some(y), k2 + 1),
            None => (None, k),
        }
    };
    // 6 October 2011 / 1 July
    if let Some(day) = day_of(t) {
        let k = if word_at(tokens, i + 1) == Some("of") {
            i + 2
        } else {
            i + 1
        };
        if let Some(month) = tokens.get(k).and_then(month_of) {
            let (year, next) = year_after(skip_dot(k + 1));
            let raw = Raw {
                year,
                month: Some(month),
                day: Some(day),
            };
            return Some((raw, next));
        }
        return None;
    }
    // early November 2008
    let (i, qualified) = match word_at(tokens, i) {
        Some("early" | "late" | "mid") if tokens.get(i + 1).and_then(month_of).is_some() => {
            (i + 1, true)
        }
        _ => (i, false),
    };
    let t = tokens.get(i)?;
    if let Some(month) = month_of(t) {
        let k = skip_dot(i + 1);
        // March 3, 1945 / July 01
        if let Some(day) = tokens.get(k).and_then(day_of)
            && year_of(&tokens[k]).is_none()
        {
            let (year, next) = year_after(k + 1);
            let raw = Raw {
                year,
                month: Some(month),
                day: Some(day),
            };
            return Some((raw, next));
        }
        let (year, next) = year_after(k);
        if year.is_none() && !qualified && !t.lower.contains('-') {
            let cue = i.checked_sub(1).and_then(|p| word_at(tokens, p));
            if !cue.is_some_and(|c| MONTH_CUES.contains(&c)) {
                return None;
            }
        }
        let raw = Raw {
            year,
            month: Some(month),
            day: None,
        };
        return Some((raw, next));
    }
    if let Some(year) = year_of(t) {
        let raw = Raw {
            year: Some(year),
            month: None,
            day: None,
        };
        return Some((raw, i + 1));
    }
    None
}

/// Resolves a raw date. `year_hint` fills a missing year (from the other end
/// of an interval or another date of the sentence); without it a partial date
/// is the latest such date not after `published`.
pub(super) fn resolve(
    raw: Raw,
    year_hint: Option<i32>,
    published: Option<NaiveDate>,
) -> Option<DateValue> {
    let year = match (raw.year, year_hint, published) {
        (Some(y), _, _) => y,
        (None, Some(y), _) => y,
        (None, None, Some(p)) => {
            let m = raw.month?;
            let later = m > p.month() || (m == p.month() && raw.day.is_some_and(|d| d > p.day()));
            if later { p.year() - 1 } else { p.year() }
        }
        (None, None, None) => return None,
    };
    match (raw.month, raw.day) {
        (Some(m), Some(d)) => NaiveDate::from_ymd_opt(year, m, d).map(DateValue::day),
        (Some(m), None) => DateValue::month(year, m),
        _ => DateValue::year(year),
    }
}
