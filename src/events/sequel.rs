//! Dates told as a distance from the one before: "a day later", "two days
//! later", "the next day", "the following day", "a week later". They count
//! from the last date the story told (earlier in the sentence, else in an
//! earlier sentence), and only from a day: "in May ... a day later" says
//! nothing about which day.

use chrono::Duration;

use super::dates::{DateValue, Precision};

/// Number words a distance in days or weeks is written with.
const COUNTS: [(&str, i64); 10] = [
    ("a", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
];

/// The distance in days a clause's words tell from the date before.
pub fn offset(words: &[&str]) -> Option<i64> {
    for (k, w) in words.iter().enumerate() {
        let at = |d: usize| words.get(k + d).copied().unwrap_or("");
        // "the next day", "the following day", "the next morning".
        if *w == "the"
            && matches!(at(1), "next" | "following")
            && matches!(at(2), "day" | "morning" | "evening" | "afternoon")
        {
            return Some(1);
        }
        // "a day later", "two days later", "a week later".
        let unit = match at(1) {
            "day" | "days" => 1,
            "week" | "weeks" => 7,
            _ => continue,
        };
        if at(2) != "later" {
            continue;
        }
        let count = COUNTS
            .iter()
            .find(|(name, _)| name == w)
            .map(|(_, n)| *n)
            .or_else(|| w.parse::<i64>().ok().filter(|n| (1..=60).contains(n)));
        if let Some(n) = count {
            return Some(n * unit);
        }
    }
    None
}

/// The day `offset` days after `before`, when `before` is a day.
pub fn after(before: &DateValue, offset: i64) -> Option<DateValue> {
    (before.precision == Precision::Day)
        .then(|| DateValue::day(before.end + Duration::days(offset)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn distances_in_words_and_digits() {
        assert_eq!(offset(&words("it left a day later")), Some(1));
        assert_eq!(offset(&words("three days later the ship")), Some(3));
        assert_eq!(offset(&words("10 days later")), Some(10));
        assert_eq!(offset(&words("the next day it docked")), Some(1));
        assert_eq!(offset(&words("a week later")), Some(7));
        assert_eq!(offset(&words("later this month")), None);
        assert_eq!(offset(&words("the next visit")), None);
    }

    #[test]
    fn only_a_day_has_a_day_after() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 2, 28).unwrap_or_default();
        let next = after(&DateValue::day(d), 2).map(|v| v.iso);
        assert_eq!(next.as_deref(), Some("2024-03-01"));
        assert!(after(&DateValue::month(2024, 2).unwrap_or(DateValue::day(d)), 1).is_none());
    }
}
