//! Feature times (`start`/`end` properties) and OGC `datetime` intervals,
//! including ISO 8601 durations (`2010-03-16/P2D`, `PT36H/2010-03-18`).
//!
//! Times are kept as milliseconds since the Unix epoch (UTC). A date without
//! a time of day stands for the whole day, so `2024-03-01` as a start begins
//! at 00:00:00.000 and as an end finishes at 23:59:59.999.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// A closed time range of a feature, in epoch milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeSpan {
    pub start: i64,
    pub end: i64,
}

/// An instant or an interval from a `datetime` query parameter; `None` ends
/// are open (`..` or empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: TimeBound,
    pub end: TimeBound,
}

/// One end of an [`Interval`]: `None` is open.
pub type TimeBound = Option<i64>;

/// Why a `datetime` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error(
        "{0:?} is not an RFC 3339 date-time (e.g. 2024-03-01T12:00:00Z) or a date (2024-03-01)"
    )]
    NotATime(String),
    #[error("the interval starts after it ends")]
    Reversed,
    #[error("an interval has exactly one '/'")]
    TooManyParts,
    #[error(
        "{0:?} is not an ISO 8601 duration (e.g. P2D, PT36H, P1Y2M, P3W); a duration \
         stands on one side of an interval, with a date or date-time on the other"
    )]
    NotADuration(String),
}

impl TimeSpan {
    /// The span of a feature that has no time at all.
    pub const NONE: TimeSpan = TimeSpan {
        start: i64::MAX,
        end: i64::MIN,
    };

    pub fn is_none(&self) -> bool {
        self.start > self.end
    }

    /// A feature's span from its `start` and `end` property texts; a single
    /// one of them stands for both ends.
    pub fn from_properties(start: Option<&str>, end: Option<&str>) -> Option<TimeSpan> {
        let s = start.and_then(|s| parse_time(s).ok()).map(|(a, _)| a);
        let e = end.and_then(|e| parse_time(e).ok()).map(|(_, b)| b);
        match (s, e) {
            (Some(s), Some(e)) if s <= e => Some(TimeSpan { start: s, end: e }),
            (Some(_), Some(_)) => None,
            (Some(s), None) => start
                .and_then(|t| parse_time(t).ok())
                .map(|(_, b)| TimeSpan { start: s, end: b }),
            (None, Some(e)) => end
                .and_then(|t| parse_time(t).ok())
                .map(|(a, _)| TimeSpan { start: a, end: e }),
            (None, None) => None,
        }
    }

    /// The smallest span covering all given spans.
    pub fn union(spans: impl Iterator<Item = TimeSpan>) -> Option<TimeSpan> {
        spans.filter(|s| !s.is_none()).reduce(|a, b| TimeSpan {
            start: a.start.min(b.start),
            end: a.end.max(b.end),
        })
    }

    /// The span's ends as RFC 3339 text.
    pub fn to_rfc3339(&self) -> [String; 2] {
        [format_millis(self.start), format_millis(self.end)]
    }
}

impl Interval {
    /// Parses a `datetime` parameter: an instant, or `a/b` where either end
    /// may be `..` or empty for an open end.
    pub fn parse(text: &str) -> Result<Interval, TimeError> {
        let parts: Vec<&str> = text.split('/').collect();
        match parts.as_slice() {
            [instant] => {
                let (start, end) = parse_time(instant)?;
                Ok(Interval {
                    start: Some(start),
                    end: Some(end),
                })
            }
            // A duration on one side counts from the time on the other.
            [a, b] if a.starts_with('P') => {
                let (first, last) = parse_time(b)?;
                let start = Duration::parse(a)?.before(first);
                Ok(Interval::closed(start, Some(last), a)?)
            }
            [a, b] if b.starts_with('P') => {
                let (first, _) = parse_time(a)?;
                let end = Duration::parse(b)?.after(first);
                Ok(Interval::closed(Some(first), end, b)?)
            }
            [a, b] => {
                let start = parse_bound(a)?.map(|(s, _)| s);
                let end = parse_bound(b)?.map(|(_, e)| e);
                match (start, end) {
                    (Some(s), Some(e)) if s > e => Err(TimeError::Reversed),
                    _ => Ok(Interval { start, end }),
                }
            }
            _ => Err(TimeError::TooManyParts),
        }
    }

    /// An interval with both ends; an end that overflowed is the fault of
    /// the duration `text`.
    fn closed(start: Option<i64>, end: Option<i64>, text: &str) -> Result<Interval, TimeError> {
        match (start, end) {
            (Some(_), Some(_)) => Ok(Interval { start, end }),
            _ => Err(TimeError::NotADuration(text.chars().take(64).collect())),
        }
    }

    /// Whether a feature's span overlaps the interval; a feature without a
    /// time never matches.
    pub fn matches(&self, span: TimeSpan) -> bool {
        !span.is_none()
            && self.start.is_none_or(|s| span.end >= s)
            && self.end.is_none_or(|e| span.start <= e)
    }
}

/// An ISO 8601 duration: calendar months (years count 12) and a fixed
/// part in milliseconds (weeks, days, hours, minutes, seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Duration {
    months: u32,
    millis: i64,
}

impl Duration {
    /// `PnYnMnDTnHnMnS` (any part may be left out, at least one given; the
    /// seconds may have a fraction) or `PnW`.
    fn parse(text: &str) -> Result<Duration, TimeError> {
        let bad = || TimeError::NotADuration(text.chars().take(64).collect());
        let body = text.strip_prefix('P').ok_or_else(bad)?;
        let (date, time) = match body.split_once('T') {
            Some((d, t)) if !t.is_empty() => (d, Some(t)),
            Some(_) => return Err(bad()),
            None => (body, None),
        };
        let mut d = Duration {
            months: 0,
            millis: 0,
        };
        let mut any = false;
        for (number, unit) in parts(date).ok_or_else(bad)? {
            let n: u32 = number.parse().map_err(|_| bad())?;
            let day = |k: i64| i64::from(n).checked_mul(k * 86_400_000);
            match unit {
                'Y' => {
                    d.months = d
                        .months
                        .checked_add(n.checked_mul(12).ok_or_else(bad)?)
                        .ok_or_else(bad)?
                }
                'M' => d.months = d.months.checked_add(n).ok_or_else(bad)?,
                'W' => {
                    d.millis = d
                        .millis
                        .checked_add(day(7).ok_or_else(bad)?)
                        .ok_or_else(bad)?
                }
                'D' => {
                    d.millis = d
                        .millis
                        .checked_add(day(1).ok_or_else(bad)?)
                        .ok_or_else(bad)?
                }
                _ => return Err(bad()),
            }
            any = true;
        }
        for (number, unit) in time
            .map(parts)
            .unwrap_or(Some(Vec::new()))
            .ok_or_else(bad)?
        {
            let scale = match unit {
                'H' => 3_600_000.0,
                'M' => 60_000.0,
                'S' => 1_000.0,
                _ => return Err(bad()),
            };
            let fraction_ok = unit == 'S' || !number.contains('.');
            let n: f64 = number
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite() && fraction_ok)
                .ok_or_else(bad)?;
            let ms = n * scale;
            if ms > 1e15 {
                return Err(bad());
            }
            d.millis = d.millis.checked_add(ms.round() as i64).ok_or_else(bad)?;
            any = true;
        }
        if any { Ok(d) } else { Err(bad()) }
    }

    fn after(self, ms: i64) -> Option<i64> {
        let t = DateTime::<Utc>::from_timestamp_millis(ms)?
            .checked_add_months(chrono::Months::new(self.months))?;
        t.timestamp_millis().checked_add(self.millis)
    }

    fn before(self, ms: i64) -> Option<i64> {
        let t = DateTime::<Utc>::from_timestamp_millis(ms)?
            .checked_sub_months(chrono::Months::new(self.months))?;
        t.timestamp_millis().checked_sub(self.millis)
    }
}

/// `2Y10D` → [("2", 'Y'), ("10", 'D')]; `None` if a number lacks its unit
/// or a unit its number.
fn parts(text: &str) -> Option<Vec<(&str, char)>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphabetic() {
            let number = &text[start..i];
            if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return None;
            }
            out.push((number, c));
            start = i + c.len_utf8();
        }
    }
    (start == text.len()).then_some(out)
}

fn parse_bound(text: &str) -> Result<Option<(i64, i64)>, TimeError> {
    match text {
        "" | ".." => Ok(None),
        t => parse_time(t).map(Some),
    }
}

/// Parses an RFC 3339 date-time (an instant: both ends equal) or a date (the
/// whole day), as (first, last) epoch milliseconds.
pub(crate) fn parse_time(text: &str) -> Result<(i64, i64), TimeError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        let ms = t.timestamp_millis();
        return Ok((ms, ms));
    }
    // GDAL's OAPIF driver writes a date bound as `2024-01-01T`: read it as
    // the date it means.
    let date = text.strip_suffix('T').unwrap_or(text);
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| TimeError::NotATime(text.chars().take(64).collect()))?;
    let first = day
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis());
    match first {
        Some(first) => Ok((first, first + 86_400_000 - 1)),
        None => Err(TimeError::NotATime(text.to_string())),
    }
}

/// Epoch milliseconds as RFC 3339 UTC text.
pub fn format_millis(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn span(a: &str, b: &str) -> TimeSpan {
        TimeSpan::from_properties(Some(a), Some(b)).unwrap()
    }

    #[test]
    fn instants_dates_and_open_intervals() {
        let march = span("2024-03-01", "2024-03-31");
        assert!(
            Interval::parse("2024-03-15T10:00:00Z")
                .unwrap()
                .matches(march)
        );
        assert!(Interval::parse("2024-03-31").unwrap().matches(march));
        assert!(!Interval::parse("2024-04-01").unwrap().matches(march));
        assert!(Interval::parse("../2024-03-01").unwrap().matches(march));
        assert!(
            Interval::parse("2024-03-31T23:00:00+00:00/..")
                .unwrap()
                .matches(march)
        );
        assert!(!Interval::parse("2024-04-01/").unwrap().matches(march));
        assert!(Interval::parse("../..").unwrap().matches(march));
        assert!(Interval::parse("2024-03-31T/..").unwrap().matches(march));
        assert!(!Interval::parse("../..").unwrap().matches(TimeSpan::NONE));
    }

    #[test]
    fn bad_datetimes_are_refused() {
        assert!(matches!(
            Interval::parse("yesterday"),
            Err(TimeError::NotATime(_))
        ));
        assert_eq!(
            Interval::parse("2024-05-01/2024-04-01"),
            Err(TimeError::Reversed)
        );
        assert_eq!(Interval::parse("a/b/c"), Err(TimeError::TooManyParts));
        assert!(Interval::parse("2024-13-01").is_err());
    }

    #[test]
    fn durations_on_either_side_of_an_interval() {
        let day = 86_400_000;
        let t = |s: &str| parse_time(s).unwrap().0;
        let i = Interval::parse("2010-03-16/P2D").unwrap();
        assert_eq!(
            (i.start, i.end),
            (Some(t("2010-03-16")), Some(t("2010-03-18")))
        );
        let i = Interval::parse("P1M/2010-03-18T00:00:00Z").unwrap();
        assert_eq!(i.start, Some(t("2010-02-18")));
        let i = Interval::parse("2010-03-16T00:00:00Z/PT36H").unwrap();
        assert_eq!(i.end, Some(t("2010-03-16") + day + day / 2));
        let i = Interval::parse("2010-01-31/P1Y2M3W4DT5H6M7.5S").unwrap();
        let expected = t("2011-03-31") + 25 * day + 5 * 3_600_000 + 6 * 60_000 + 7_500;
        assert_eq!(i.end, Some(expected));
        for bad in [
            "2010-03-16/P",
            "2010-03-16/PT",
            "2010-03-16/P2",
            "2010-03-16/PD",
            "2010-03-16/P1.5D",
            "2010-03-16/P2X",
            "P1D/P2D",
            "2010-03-16/P99999999999999999999Y",
            "2010-03-16/PT1e300S",
        ] {
            assert!(Interval::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_single_property_covers_both_ends() {
        let day = TimeSpan::from_properties(Some("2024-03-01"), None).unwrap();
        assert_eq!(day.end - day.start, 86_400_000 - 1);
        assert!(TimeSpan::from_properties(None, None).is_none());
        assert!(TimeSpan::from_properties(Some("2024-03-02"), Some("2024-03-01")).is_none());
    }
}
