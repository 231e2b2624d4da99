//! Feature times (`start`/`end` properties) and OGC `datetime` intervals.
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

    /// Whether a feature's span overlaps the interval; a feature without a
    /// time never matches.
    pub fn matches(&self, span: TimeSpan) -> bool {
        !span.is_none()
            && self.start.is_none_or(|s| span.end >= s)
            && self.end.is_none_or(|e| span.start <= e)
    }
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
    fn a_single_property_covers_both_ends() {
        let day = TimeSpan::from_properties(Some("2024-03-01"), None).unwrap();
        assert_eq!(day.end - day.start, 86_400_000 - 1);
        assert!(TimeSpan::from_properties(None, None).is_none());
        assert!(TimeSpan::from_properties(Some("2024-03-02"), Some("2024-03-01")).is_none());
    }
}
