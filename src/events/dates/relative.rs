//! Relative dates: "last month", "this week", "on Tuesday", "yesterday",
//! "three days ago", "earlier this year", "since Tuesday". They only mean
//! something against the document's date (its dateline or publication).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::calendar::parse_calendar;
use super::words::{month_of, weekday_of, word_at};
use super::{DateValue, Precision};
use crate::events::text::{TokKind, Token};

/// Relative expressions: last month, this week, on Tuesday, yesterday,
/// three days ago, earlier this year. Returns the value, the index after it
/// and the weekday when the expression is a bare weekday.
pub(super) fn parse_relative(
    tokens: &[Token],
    i: usize,
    anchor: NaiveDate,
) -> Option<(DateValue, usize, Option<Weekday>)> {
    let w = word_at(tokens, i)?;
    let next = word_at(tokens, i + 1);
    let plain = |v: DateValue, n: usize| Some((v, n, None));
    match w {
        "today" | "tonight" => plain(DateValue::day(anchor), i + 1),
        "yesterday" => plain(DateValue::day(anchor - Duration::days(1)), i + 1),
        "earlier" | "later" if matches!(next, Some("this" | "in")) => {
            // "earlier this week", "earlier in the week"
            let what = if next == Some("in") && word_at(tokens, i + 2) == Some("the") {
                word_at(tokens, i + 3)?
            } else {
                word_at(tokens, i + 2)?
            };
            let span = if next == Some("in") { 4 } else { 3 };
            let start = match what {
                "week" => {
                    anchor - Duration::days(i64::from(anchor.weekday().num_days_from_monday()))
                }
                "month" => anchor.with_day(1)?,
                "year" => NaiveDate::from_ymd_opt(anchor.year(), 1, 1)?,
                _ => return None,
            };
            // "later this month" is what is left of it after the anchor.
            let (start, end) = if w == "earlier" {
                (start, anchor)
            } else {
                let end = end_of(what, anchor)?;
                ((anchor + Duration::days(1)).min(end), end)
            };
            plain(DateValue::days(start, end, Precision::Interval), i + span)
        }
        "last" | "this" | "next" | "past" => {
            let shift: i32 = match w {
                "last" | "past" => -1,
                "next" => 1,
                _ => 0,
            };
            match next {
                Some("week") => {
                    let week = DateValue::week(anchor + Duration::weeks(i64::from(shift)));
                    // "this week" has only happened up to the anchor.
                    let value = if shift == 0 && w == "this" {
                        DateValue::days(week.start, anchor, Precision::Week)
                    } else {
                        week
                    };
                    return plain(value, i + 2);
                }
                Some("month") => {
                    let months = anchor.year() * 12 + anchor.month0() as i32 + shift;
                    let (y, m) = (months.div_euclid(12), months.rem_euclid(12) as u32 + 1);
                    return plain(DateValue::month(y, m)?, i + 2);
                }
                Some("year") => return plain(DateValue::year(anchor.year() + shift)?, i + 2),
                _ => {}
            }
            if let Some(wd) = tokens.get(i + 1).and_then(weekday_of) {
                let day = match w {
                    "next" => next_weekday(anchor, wd),
                    // "last Friday" in a Friday paper is a week ago.
                    "last" | "past" => last_weekday(anchor - Duration::days(1), wd),
                    _ => last_weekday(anchor, wd),
                };
                return plain(DateValue::day(day), i + 2);
            }
            if w != "past"
                && let Some(m) = tokens.get(i + 1).and_then(month_of)
            {
                let y = match w {
                    "last" if m >= anchor.month() => anchor.year() - 1,
                    "next" if m <= anchor.month() => anchor.year() + 1,
                    _ => anchor.year(),
                };
                return plain(DateValue::month(y, m)?, i + 2);
            }
            None
        }
        "since" => {
            // "since Tuesday": from that day up to the anchor.
            let wd = tokens.get(i + 1).and_then(weekday_of)?;
            let from = last_weekday(anchor, wd);
            plain(DateValue::days(from, anchor, Precision::Interval), i + 2)
        }
        _ => {
            // "three days ago", "a week ago"
            if next.is_some_and(|n| matches!(n, "days" | "day" | "weeks" | "week"))
                && word_at(tokens, i + 2) == Some("ago")
            {
                let n = tokens.get(i).and_then(|t| {
                    if t.kind == TokKind::Number {
                        t.text.parse::<i64>().ok()
                    } else {
                        crate::events::lexicon::number_word(&t.lower).map(i64::from)
                    }
                })?;
                let days = if next.is_some_and(|n| n.starts_with("week")) {
                    n * 7
                } else {
                    n
                };
                if !(0..=400).contains(&days) {
                    return None;
                }
                return plain(DateValue::day(anchor - Duration::days(days)), i + 3);
            }
            // A bare weekday ("on Tuesday", "late on Monday", "Tuesday's"):
            // news report the past week.
            let wd = tokens.get(i).and_then(weekday_of)?;
            let prev = i.checked_sub(1).and_then(|p| word_at(tokens, p));
            if matches!(
                prev,
                Some("next" | "every" | "each" | "until" | "till" | "by")
            ) {
                return None;
            }
            // "Tuesday, March 11" (AP style) or "Tuesday 11 March": the
            // weekday only names the calendar date after it, which is read
            // on its own (the latest Tuesday may be another week).
            let after = if tokens.get(i + 1).is_some_and(|t| t.is_punct(",")) {
                i + 2
            } else {
                i + 1
            };
            if parse_calendar(tokens, after).is_some_and(|(raw, _)| raw.day.is_some()) {
                return None;
            }
            Some((DateValue::day(last_weekday(anchor, wd)), i + 1, Some(wd)))
        }
    }
}

/// The last day of the current week, month or year of `d`.
fn end_of(what: &str, d: NaiveDate) -> Option<NaiveDate> {
    match what {
        "week" => Some(d + Duration::days(6 - i64::from(d.weekday().num_days_from_monday()))),
        "month" => Some(DateValue::month(d.year(), d.month())?.end),
        "year" => NaiveDate::from_ymd_opt(d.year(), 12, 31),
        _ => None,
    }
}

/// The latest `wd` on or before `d`: news say "on Tuesday" of the past week.
pub(super) fn last_weekday(d: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (7 + d.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    d - Duration::days(i64::from(back))
}

pub(super) fn next_weekday(d: NaiveDate, wd: Weekday) -> NaiveDate {
    let ahead = (7 + wd.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
    d + Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
}
