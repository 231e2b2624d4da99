//! Date expressions: finding them in a sentence's tokens and normalising them
//! to ISO 8601 at their true precision plus an inclusive day interval.
//!
//! Partial dates ("in June", "on Tuesday", "last month") are resolved against
//! the document's `Published:` date; without it they are dropped rather than
//! guessed. Years that only name something ("the 2008 war") and dates that
//! only bound something ("before 2010", "by 2022", "Retrieved 3 May 2016") are
//! found but flagged, so they never become an event's date.

mod calendar;
mod find;
mod relative;
mod words;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

pub use find::find;
pub use words::month_number;

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
    /// A month or day without a year ("in September") resolved to the
    /// latest one: in a clause about the future it is the next one.
    pub yearless: bool,
}

impl DateExpr {
    /// The value for a clause about the future: a bare weekday is the next
    /// such day after `anchor`, a month or day without a year that has
    /// passed is next year's ("will hold drills in September" in August
    /// 2025 is September 2025, in October 2025 it is September 2026).
    pub fn for_future(&self, anchor: Option<NaiveDate>) -> DateValue {
        match (self.weekday, anchor) {
            (Some(wd), Some(a)) => DateValue::day(relative::next_weekday(a, wd)),
            (None, Some(a)) if self.yearless && self.value.end < a => {
                let next = self.value.start.year() + 1;
                match self.value.precision {
                    Precision::Month => DateValue::month(next, self.value.start.month()),
                    Precision::Day => self.value.start.with_year(next).map(DateValue::day),
                    _ => None,
                }
                .unwrap_or_else(|| self.value.clone())
            }
            _ => self.value.clone(),
        }
    }
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
    fn a_passed_month_in_a_future_clause_is_next_years() {
        let future = |s: &str, p: NaiveDate| {
            find(&tokenize(s, 0), Some(p))
                .iter()
                .map(|d| d.for_future(Some(p)).iso)
                .collect::<Vec<_>>()
        };
        assert_eq!(future("drills in September", ymd(2025, 8, 20)), ["2025-09"]);
        assert_eq!(
            future("drills in September", ymd(2025, 10, 20)),
            ["2026-09"]
        );
        assert_eq!(future("drills in August", ymd(2025, 8, 20)), ["2025-08"]);
        // A year written out, or a relative date, stays as it is.
        assert_eq!(future("in September 2024", ymd(2025, 8, 20)), ["2024-09"]);
        assert_eq!(future("last month", ymd(2025, 8, 20)), ["2025-07"]);
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
        assert_eq!(
            isos("a lease for 25 years from 2031", None),
            Vec::<String>::new()
        );
        // A bound cue before a date that determines a noun bounds the noun.
        assert_eq!(
            isos("after last month's visit", Some(ymd(2021, 6, 9))),
            ["2021-05"]
        );
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
