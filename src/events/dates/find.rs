//! The walk over a sentence's tokens: relative dates first, then day
//! ranges ("Feb. 15-16"), calendar dates and the intervals they form
//! ("from 3 March to 30 June"), "since …" spans, and the flags that keep
//! bounds, labels and citation stamps from becoming an event's date.

use chrono::{Datelike, NaiveDate};

use super::calendar::{parse_calendar, resolve};
use super::relative::parse_relative;
use super::words::{BOUND_CUES, Raw, day_of, day_range, month_of, word_at, year_of};
use super::{DateExpr, DateValue};
use crate::events::text::{TokKind, Token};

fn is_connector(t: Option<&Token>, words: &[&str]) -> bool {
    t.is_some_and(|t| {
        words.contains(&t.lower.as_str())
            || (t.kind == TokKind::Punct && matches!(t.text, "-" | "–" | "—"))
    })
}

/// Finds the date expressions in `tokens`, resolving partial ones against
/// `anchor` (the document's date: its dateline or publication date).
pub fn find(tokens: &[Token], anchor: Option<NaiveDate>) -> Vec<DateExpr> {
    let mut out: Vec<DateExpr> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(p) = anchor
            && let Some((value, next, weekday)) = parse_relative(tokens, i, p)
        {
            out.push(DateExpr {
                first: i,
                last: next - 1,
                value,
                bound: is_bound(tokens, i),
                weekday,
                yearless: false,
            });
            i = next;
            continue;
        }
        // "Feb. 15-16": a month and a range of its days.
        if let Some(month) = tokens.get(i).and_then(month_of) {
            let k = if tokens.get(i + 1).is_some_and(|t| t.is_punct(".")) {
                i + 2
            } else {
                i + 1
            };
            if let Some((a, b)) = tokens.get(k).and_then(day_range) {
                let (year, next) = match tokens.get(k + 1).and_then(year_of) {
                    Some(y) => (Some(y), k + 2),
                    None => (None, k + 1),
                };
                let raw = |d| Raw {
                    year,
                    month: Some(month),
                    day: Some(d),
                };
                let hint = year.or_else(|| sentence_year(&out));
                if let (Some(x), Some(y)) =
                    (resolve(raw(a), hint, anchor), resolve(raw(b), hint, anchor))
                {
                    out.push(DateExpr {
                        first: i,
                        last: next - 1,
                        value: DateValue::between(&x, &y),
                        bound: is_bound(tokens, i),
                        weekday: None,
                        yearless: false,
                    });
                    i = next;
                    continue;
                }
            }
        }
        let Some((raw, next)) = parse_calendar(tokens, i) else {
            i += 1;
            continue;
        };
        let first = i;
        // Intervals: "from 3 March to 30 June", "between May and June 2019",
        // "July and September 2008", "July–December 2022", "June 10 to 14".
        let opener = first
            .checked_sub(1)
            .and_then(|p| word_at(tokens, p))
            .filter(|w| matches!(*w, "from" | "between"));
        let joins: &[&str] = if opener.is_some() {
            &["until", "till", "to", "through", "and", "thru"]
        } else {
            &["and", "to", "through"]
        };
        let second = if is_connector(tokens.get(next), joins) {
            parse_calendar(tokens, next + 1).or_else(|| {
                // A bare day after a month-day: "June 10 to 14".
                let day = tokens.get(next + 1).and_then(day_of)?;
                let after = tokens.get(next + 2).and_then(year_of);
                (raw.day.is_some() && raw.month.is_some() && after.is_none()).then_some((
                    Raw {
                        year: raw.year,
                        month: raw.month,
                        day: Some(day),
                    },
                    next + 2,
                ))
            })
        } else {
            None
        };
        if let Some((raw2, next2)) = second {
            let both_months = raw.day.is_none()
                && raw2.day.is_none()
                && raw.month.is_some()
                && raw2.month.is_some();
            let same_month = raw.month.is_some() && raw.month == raw2.month && raw.day.is_some();
            if opener.is_some()
                || both_months
                || same_month
                || (raw.year.is_none() && raw2.year.is_some())
            {
                let hint = raw
                    .year
                    .or(raw2.year)
                    .or_else(|| sentence_year(&out))
                    .or_else(|| anchor.map(|p| p.year()));
                let a = resolve(raw, hint, anchor);
                let b = resolve(raw2, raw2.year.or(hint), anchor);
                if let (Some(a), Some(b)) = (a, b) {
                    let b = if b.end < a.start && raw2.year.is_none() {
                        resolve(raw2, Some(b.start.year() + 1), anchor).unwrap_or(b)
                    } else {
                        b
                    };
                    let start_tok = if opener.is_some() { first - 1 } else { first };
                    out.push(DateExpr {
                        first: start_tok,
                        last: next2 - 1,
                        value: DateValue::between(&a, &b),
                        bound: is_bound(tokens, start_tok),
                        weekday: None,
                        yearless: false,
                    });
                    i = next2;
                    continue;
                }
            }
        }
        // A month without a year takes the year the sentence gave ("last
        // year, first in February").
        let hint = (raw.year.is_none() && raw.month.is_some())
            .then(|| sentence_year(&out))
            .flatten();
        let Some(value) = resolve(raw, hint, anchor) else {
            i = next;
            continue;
        };
        // "since 2009", "since late January", "since its commissioning in 2008".
        let since_at = (1..=4).find(|&back| {
            first >= back
                && word_at(tokens, first - back) == Some("since")
                && (back == 1
                    || (back == 2
                        && matches!(word_at(tokens, first - 1), Some("late" | "early" | "mid")))
                    || (back >= 3
                        && word_at(tokens, first - 1) == Some("in")
                        && tokens[first + 1 - back..first - 1]
                            .iter()
                            .all(|t| t.kind == TokKind::Word && !t.is_capitalized())))
        });
        if let Some(back) = since_at {
            let end = anchor.map_or(value.clone(), DateValue::day);
            out.push(DateExpr {
                first: first - back,
                last: next - 1,
                value: DateValue::between(&value, &end),
                bound: false,
                weekday: None,
                yearless: false,
            });
        } else {
            let label = raw.month.is_none() && is_label_year(tokens, first);
            out.push(DateExpr {
                first,
                last: next - 1,
                value,
                bound: label || is_bound(tokens, first),
                weekday: None,
                yearless: raw.year.is_none() && hint.is_none() && raw.month.is_some(),
            });
        }
        i = next;
    }
    out
}

fn sentence_year(found: &[DateExpr]) -> Option<i32> {
    found
        .iter()
        .rev()
        .find(|d| !d.bound)
        .map(|d| d.value.start.year())
}

fn is_bound(tokens: &[Token], first: usize) -> bool {
    let before = |k: usize| first.checked_sub(k).and_then(|p| word_at(tokens, p));
    let cue = |w: Option<&str>| w.is_some_and(|w| BOUND_CUES.contains(&w));
    // "after last week's visit": the date determines the visit, which the
    // cue bounds; the visit keeps its date.
    let determiner = (first + 1..first + 3)
        .any(|k| tokens.get(k).is_some_and(|t| t.kind == TokKind::Possessive));
    (!determiner && cue(before(1)))
        || (before(1) == Some("on") && cue(before(2)))
        || (before(1) == Some("to") && before(2) == Some("prior"))
        // "a lease extended for 15 years from 2030": the start of a term.
        || (before(1) == Some("from")
            && before(2).is_some_and(|w| matches!(w, "years" | "months" | "decades")))
}

/// "the 2008 South Ossetia War", "its 2019 budget": a year naming a thing.
fn is_label_year(tokens: &[Token], i: usize) -> bool {
    let det = i
        .checked_sub(1)
        .and_then(|p| word_at(tokens, p))
        .is_some_and(|w| {
            matches!(
                w,
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this" | "that"
            )
        });
    let noun_follows = tokens.get(i + 1).is_some_and(|t| t.kind == TokKind::Word);
    det && noun_follows
}
