//! Time anchoring: the most specific date a document supports for each
//! event.
//!
//! A document's time is its dateline's date ("PRETORIA, Oct 24 -") or else
//! its publication date; relative expressions ("on Wednesday", "last
//! week", "in April") are resolved against it by [`super::dates`]. An
//! event's date is, in order: a date of its own clause; for present-tense
//! and just-completed reports ("docks", "wraps up", "has signed") and
//! headlines, the document's time; a date inherited from the event it
//! continues ("... on Nov. 14 and spent a week at Turbo"); "the same day";
//! "two days later", "the next day" (counted from the date before);
//! the time of a dated report of it ("officials said on Friday").

use chrono::{Datelike, NaiveDate};

mod own;
mod surrounding;

pub use own::own_dates;
pub use surrounding::{context_date, coordinated, framing, listed_dates, within_antecedent};

use super::context::SentenceCtx;
use super::dates::DateValue;
use super::text::{TokKind, Token};

/// Where an event's date came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateSource {
    /// A date in the event's own clause.
    Own,
    /// The date of the event this one continues.
    Inherited,
    /// The document's time (present tense, perfect, headline).
    Document,
    /// The time of a report about it.
    Report,
    None,
}

/// The time of a document.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocTime {
    pub published: Option<NaiveDate>,
    /// The dateline's date, else the publication date.
    pub anchor: Option<NaiveDate>,
}

/// A dateline at the start of a paragraph: "PRETORIA, Oct 24 -", "LA
/// GUAIRA, Venezuela, Sept 24 -", "BANGUI (Reuters) -".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dateline {
    /// Index of the dash token that ends it.
    pub dash: usize,
    /// The month and day it gives.
    pub month_day: Option<(u32, u32)>,
}

/// Recognises a dateline in a paragraph's first tokens.
pub fn dateline(tokens: &[Token]) -> Option<Dateline> {
    let first = tokens.first()?;
    let caps = |t: &Token| {
        t.kind == TokKind::Word
            && t.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && t.text.chars().all(|c| !c.is_lowercase())
    };
    if !caps(first) {
        return None;
    }
    let dash = tokens
        .iter()
        .take(16)
        .position(|t| t.kind == TokKind::Punct && matches!(t.text, "-" | "–" | "—"))?;
    if dash == 0 || dash + 1 >= tokens.len() {
        return None;
    }
    let mut month_day = None;
    for k in 1..dash {
        let t = &tokens[k];
        if let Some(m) = super::dates::month_number(&t.lower)
            && t.is_capitalized()
        {
            let d = (k + 1..dash)
                .map(|j| &tokens[j])
                .find(|t| t.kind == TokKind::Number)
                .and_then(|t| t.text.parse::<u32>().ok())
                .filter(|d| (1..=31).contains(d));
            if let Some(d) = d {
                month_day = Some((m, d));
            }
        }
    }
    Some(Dateline { dash, month_day })
}

impl DocTime {
    pub fn new(published: Option<NaiveDate>, dateline: Option<Dateline>) -> DocTime {
        let dated = dateline.and_then(|d| d.month_day).and_then(|(m, d)| {
            let p = published?;
            // The most recent such day not after publication (plus a day of slack).
            let this = NaiveDate::from_ymd_opt(p.year(), m, d)?;
            if this <= p + chrono::Duration::days(1) {
                Some(this)
            } else {
                NaiveDate::from_ymd_opt(p.year() - 1, m, d)
            }
        });
        DocTime {
            published,
            anchor: dated.or(published),
        }
    }

    /// The document's time as a date: its month, up to the anchor.
    pub fn value(&self) -> Option<DateValue> {
        let a = self.anchor?;
        DateValue::month(a.year(), a.month())
    }
}

/// Present tense or a just-completed report: "docks", "wraps up his
/// visit", "has signed", "have been moving", "has started deploying". A
/// nominal trigger ("his three-day visit") takes the tense of the verb
/// before it.
pub fn reports_the_present(
    ctx: &SentenceCtx,
    clause: (usize, usize),
    i: usize,
    nominal: bool,
) -> bool {
    let from = ctx.subject_start(clause, i);
    let before: Vec<&str> = ctx.words(from, i).collect();
    let perfect = before.iter().any(|x| matches!(*x, "has" | "have"))
        && !before
            .iter()
            .any(|x| matches!(*x, "had" | "was" | "were" | "would" | "will"));
    let progressive = before
        .iter()
        .rev()
        .take(3)
        .any(|x| matches!(*x, "is" | "are"));
    let present_verb = |k: usize| {
        let w = ctx.lower(k);
        let t = &ctx.tokens[k];
        t.kind == TokKind::Word
            && !t.is_capitalized()
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !matches!(
                w,
                "his"
                    | "its"
                    | "this"
                    | "is"
                    | "was"
                    | "has"
                    | "as"
                    | "thus"
                    | "whereas"
                    | "plus"
                    | "towards"
                    | "afterwards"
                    | "does"
                    | "yes"
                    | "less"
                    | "always"
            )
            && !matches!(
                ctx.lower(k.wrapping_sub(1)),
                "the"
                    | "a"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "of"
                    | "two"
                    | "several"
                    | "and"
                    | "first"
                    | "many"
                    | "some"
                    | "all"
                    | "these"
                    | "those"
                    | "military"
                    | "naval"
                    | "joint"
            )
            && ctx
                .tokens
                .get(k.wrapping_sub(1))
                .is_none_or(|t| t.kind != TokKind::Possessive)
    };
    let present = if nominal {
        (i.saturating_sub(4).max(from)..i).any(present_verb)
    } else {
        present_verb(i)
    };
    perfect || progressive || present
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn datelines_give_the_document_its_day() {
        let toks = tokenize("PRETORIA, Oct 24 - A pair of bombers landed", 0);
        let d = dateline(&toks);
        assert_eq!(d.map(|d| d.month_day), Some(Some((10, 24))));
        let time = DocTime::new(Some(ymd(2019, 10, 25)), d);
        assert_eq!(time.anchor, Some(ymd(2019, 10, 24)));
        let toks = tokenize("LA GUAIRA, Venezuela, Sept 24 - A ship", 0);
        assert_eq!(dateline(&toks).and_then(|d| d.month_day), Some((9, 24)));
        // Across a new year: a dateline of Dec 31 in a paper of Jan 1.
        let time = DocTime::new(
            Some(ymd(2020, 1, 1)),
            dateline(&tokenize("MOSCOW, Dec 31 - x", 0)),
        );
        assert_eq!(time.anchor, Some(ymd(2019, 12, 31)));
        assert!(dateline(&tokenize("Russia - a partner", 0)).is_none());
    }
}
