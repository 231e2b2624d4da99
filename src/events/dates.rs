//! Date expressions: finding them in a sentence's tokens and normalising them
//! to ISO 8601 at their true precision plus an inclusive day interval.
//!
//! Partial dates ("in June", "on Tuesday", "last month") are resolved against
//! the document's `Published:` date; without it they are dropped rather than
//! guessed. Years that only name something ("the 2008 war") and dates that
//! only bound something ("before 2010", "by 2022", "Retrieved 3 May 2016") are
//! found but flagged, so they never become an event's date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::text::{TokKind, Token};
use crate::geoparse::recognize::MONTHS;

/// How precise a normalised date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Week,
    Day,
    Interval,
}

/// A normalised date: ISO 8601 text plus the inclusive range of days it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateValue {
    pub iso: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub precision: Precision,
}

impl DateValue {
    pub fn day(d: NaiveDate) -> DateValue {
        DateValue {
            iso: d.format("%Y-%m-%d").to_string(),
            start: d,
            end: d,
            precision: Precision::Day,
        }
    }

    pub fn month(year: i32, month: u32) -> Option<DateValue> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(DateValue {
            iso: format!("{year:04}-{month:02}"),
            start,
            end: next - Duration::days(1),
            precision: Precision::Month,
        })
    }

    pub fn year(year: i32) -> Option<DateValue> {
        Some(DateValue {
            iso: format!("{year:04}"),
            start: NaiveDate::from_ymd_opt(year, 1, 1)?,
            end: NaiveDate::from_ymd_opt(year, 12, 31)?,
            precision: Precision::Year,
        })
    }

    /// The Monday-to-Sunday week holding `of`, as an interval of days (an
    /// ISO week string such as `2018-W49` matches no month a reader or a
    /// client filters on).
    pub fn week(of: NaiveDate) -> DateValue {
        let start = of - Duration::days(i64::from(of.weekday().num_days_from_monday()));
        DateValue::days(start, start + Duration::days(6), Precision::Week)
    }

    /// Days `start..=end` as `YYYY-MM-DD/YYYY-MM-DD`.
    pub fn days(start: NaiveDate, end: NaiveDate, precision: Precision) -> DateValue {
        DateValue {
            iso: format!("{}/{}", start.format("%Y-%m-%d"), end.format("%Y-%m-%d")),
            start,
            end,
            precision,
        }
    }

    /// The interval from the start of `a` to the end of `b`.
    pub fn between(a: &DateValue, b: &DateValue) -> DateValue {
        DateValue {
            iso: format!("{}/{}", a.iso, b.iso),
            start: a.start,
            end: b.end,
            precision: Precision::Interval,
        }
    }
}

/// A date expression found in a token slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpr {
    /// Token indices, inclusive.
    pub first: usize,
    pub last: usize,
    pub value: DateValue,
    /// A bound ("before 2010"), a label ("the 2008 war") or a citation date:
    /// never an event's own date.
    pub bound: bool,
    /// A bare weekday ("on Tuesday") resolved to the latest such day: in a
    /// clause about the future it means the next one instead.
    pub weekday: Option<Weekday>,
}

impl DateExpr {
    /// The value for a clause about the future: a bare weekday is the next
    /// such day after `anchor`.
    pub fn for_future(&self, anchor: Option<NaiveDate>) -> DateValue {
        match (self.weekday, anchor) {
            (Some(wd), Some(a)) => DateValue::day(next_weekday(a, wd)),
            _ => self.value.clone(),
        }
    }
}

/// A date as written, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Raw {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
}

/// The month number of a lower-case month name or abbreviation ("oct", "sept.").
pub fn month_number(word: &str) -> Option<u32> {
    month_word(word)
}

fn month_word(word: &str) -> Option<u32> {
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
fn month_of(t: &Token) -> Option<u32> {
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

fn year_of(t: &Token) -> Option<i32> {
    if t.kind != TokKind::Number || t.text.len() != 4 || !t.text.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let y: i32 = t.text.parse().ok()?;
    (1800..=2100).contains(&y).then_some(y)
}

fn day_of(t: &Token) -> Option<u32> {
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

fn weekday_of(t: &Token) -> Option<Weekday> {
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
const MONTH_CUES: &[&str] = &[
    "in", "since", "until", "till", "by", "during", "from", "of", "early", "late", "mid", "last",
    "next", "this", "through", "between", "and", "or", "to", "–", "-", "before", "after", "on",
    "end", "start",
];

/// Words that turn a following date into a bound or a citation stamp.
const BOUND_CUES: &[&str] = &[
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

fn word_at<'a>(tokens: &'a [Token], i: usize) -> Option<&'a str> {
    tokens.get(i).map(|t| t.lower.as_str())
}

/// Parses an absolute or partial calendar date at `i`: returns it and the
/// index after it.
fn parse_calendar(tokens: &[Token], i: usize) -> Option<(Raw, usize)> {
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

/// Relative expressions: last month, this week, on Tuesday, yesterday,
/// three days ago, earlier this year. Returns the value, the index after it
/// and the weekday when the expression is a bare weekday.
fn parse_relative(
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
                        super::lexicon::number_word(&t.lower).map(i64::from)
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
fn last_weekday(d: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (7 + d.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    d - Duration::days(i64::from(back))
}

fn next_weekday(d: NaiveDate, wd: Weekday) -> NaiveDate {
    let ahead = (7 + wd.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
    d + Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
}

/// Resolves a raw date. `year_hint` fills a missing year (from the other end
/// of an interval or another date of the sentence); without it a partial date
/// is the latest such date not after `published`.
fn resolve(raw: Raw, year_hint: Option<i32>, published: Option<NaiveDate>) -> Option<DateValue> {
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

fn is_connector(t: Option<&Token>, words: &[&str]) -> bool {
    t.is_some_and(|t| {
        words.contains(&t.lower.as_str())
            || (t.kind == TokKind::Punct && matches!(t.text, "-" | "–" | "—"))
    })
}

/// A day range written as one token: `15-16`.
fn day_range(t: &Token) -> Option<(u32, u32)> {
    if t.kind != TokKind::Number {
        return None;
    }
    let (a, b) = t.text.split_once(['-', '‑'])?;
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    ((1..=31).contains(&a) && (a..=31).contains(&b)).then_some((a, b))
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
        // Intervals: "from 1 July to 31 December", "between May and June 2019",
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
            });
        } else {
            let label = raw.month.is_none() && is_label_year(tokens, first);
            out.push(DateExpr {
                first,
                last: next - 1,
                value,
                bound: label || is_bound(tokens, first),
                weekday: None,
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
    cue(before(1))
        || (before(1) == Some("on") && cue(before(2)))
        || (before(1) == Some("to") && before(2) == Some("prior"))
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

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn dates(s: &str, published: Option<NaiveDate>) -> Vec<(String, bool)> {
        let toks = tokenize(s, 0);
        find(&toks, published)
            .into_iter()
            .map(|d| (d.value.iso, d.bound))
            .collect()
    }

    fn isos(s: &str, published: Option<NaiveDate>) -> Vec<String> {
        dates(s, published)
            .into_iter()
            .filter(|d| !d.1)
            .map(|d| d.0)
            .collect()
    }

    #[test]
    fn absolute_dates_keep_their_precision() {
        assert_eq!(isos("In December 2018, ships came.", None), ["2018-12"]);
        assert_eq!(isos("in mid-November 2008 they sailed", None), ["2008-11"]);
        assert_eq!(isos("On 6 October 2011, he flew.", None), ["2011-10-06"]);
        assert_eq!(
            isos("on March 3, 1945 (severed on June 13, 1952)", None),
            ["1945-03-03", "1952-06-13"]
        );
        assert_eq!(isos("In October, 2010, he went.", None), ["2010-10"]);
        assert_eq!(isos("In 2019 it happened.", None), ["2019"]);
    }

    #[test]
    fn partial_dates_resolve_against_the_publication_date() {
        let p = Some(ymd(2022, 8, 15));
        assert_eq!(isos("a decree in June", p), ["2022-06"]);
        assert_eq!(isos("talks in September", p), ["2021-09"]);
        assert_eq!(isos("last month", p), ["2022-07"]);
        assert_eq!(isos("said on Monday", p), ["2022-08-15"]);
        assert_eq!(isos("on Tuesday", Some(ymd(2025, 10, 24))), ["2025-10-21"]);
        // A weekday before a calendar date only names it.
        let p = Some(ymd(2025, 3, 20));
        assert_eq!(
            isos("docked on Tuesday, March 11, officials said", p),
            ["2025-03-11"]
        );
        assert_eq!(isos("docked on Tuesday 11 March", p), ["2025-03-11"]);
        assert_eq!(isos("docked on Tuesday, officials said", p), ["2025-03-18"]);
        // A week is days, up to the anchor for "this week".
        assert_eq!(
            isos("this week", Some(ymd(2025, 10, 24))),
            ["2025-10-20/2025-10-24"]
        );
        assert_eq!(
            isos("last week", Some(ymd(2019, 6, 25))),
            ["2019-06-17/2019-06-23"]
        );
        assert_eq!(
            isos("since Tuesday", Some(ymd(2020, 11, 13))),
            ["2020-11-10/2020-11-13"]
        );
        assert_eq!(
            isos("three days ago", Some(ymd(2020, 11, 13))),
            ["2020-11-10"]
        );
        assert_eq!(isos("last Friday", Some(ymd(2023, 2, 23))), ["2023-02-17"]);
        assert_eq!(
            isos("on Feb. 15-16", Some(ymd(2021, 3, 2))),
            ["2021-02-15/2021-02-16"]
        );
        assert_eq!(
            isos("from June 10 to 14", Some(ymd(2024, 6, 18))),
            ["2024-06-10/2024-06-14"]
        );
        assert_eq!(
            isos("twice last year, first in February", Some(ymd(2015, 1, 21))),
            ["2014", "2014-02"]
        );
        assert_eq!(
            isos("Since its commissioning in 2008 it", Some(ymd(2018, 9, 24))),
            ["2008/2018-09-24"]
        );
        assert!(isos("in June", None).is_empty(), "no anchor, no guess");
    }

    #[test]
    fn intervals() {
        let p = Some(ymd(2022, 8, 15));
        assert_eq!(
            isos("from July 01 until December 31", p),
            ["2022-07-01/2022-12-31"]
        );
        assert_eq!(
            isos("from 1 July to 31 December", p),
            ["2022-07-01/2022-12-31"]
        );
        assert_eq!(
            isos("from 1 November to 15 January", p),
            ["2022-11-01/2023-01-15"]
        );
        assert_eq!(
            isos("visits in July and September 2008", None),
            ["2008-07/2008-09"]
        );
        assert_eq!(
            isos("since 2005, Venezuela bought", Some(ymd(2019, 3, 5))),
            ["2005/2019-03-05"]
        );
        let toks = tokenize("from 1 July to 31 December 2024", 0);
        let found = find(&toks, None);
        assert_eq!(found[0].value.start, ymd(2024, 7, 1));
        assert_eq!(found[0].value.end, ymd(2024, 12, 31));
    }

    #[test]
    fn labels_bounds_and_modal_may_are_not_event_dates() {
        assert_eq!(
            isos("following the 2008 South Ossetia War", None),
            Vec::<String>::new()
        );
        assert_eq!(isos("a plant by 2022", None), Vec::<String>::new());
        assert_eq!(isos("Retrieved 15 April 2016.", None), Vec::<String>::new());
        assert!(dates("Russia May deploy ships", Some(ymd(2020, 1, 1))).is_empty());
        assert_eq!(
            isos("It may come in May", Some(ymd(2020, 8, 1))),
            ["2020-05"]
        );
    }

    #[test]
    fn month_ranges_are_inclusive() {
        let v = DateValue::month(2024, 2).unwrap_or_else(|| DateValue::day(ymd(1, 1, 1)));
        assert_eq!(v.end, ymd(2024, 2, 29));
    }
}
