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

use super::context::SentenceCtx;
use super::dates::{DateExpr, DateValue, Precision};
use super::text::{TokKind, Token};
use super::triggers;

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

/// Conjunct boundaries of a clause: ", and", "and ,", ", then", ", but".
fn conjunct(ctx: &SentenceCtx, clause: (usize, usize), k: usize) -> usize {
    (clause.0..k)
        .filter(|&j| {
            let w = ctx.lower(j);
            let comma_before = j > 0 && ctx.tokens[j - 1].is_punct(",");
            let comma_after = ctx.tokens.get(j + 1).is_some_and(|t| t.is_punct(","));
            matches!(w, "and" | "then" | "but") && (comma_before || comma_after)
        })
        .count()
}

/// The clause's own dates for the trigger at `i`: an interval ("from 1 July
/// to 31 December") or the nearest point date. Each date belongs to one
/// trigger of `others ∪ {i}`: the nearest one before it in its conjunct,
/// else the nearest after it ("signed in August 2015 and ratified last
/// October"; "stopped at X and, in April, joined Y"; "On Monday, ..., the
/// destroyer tied up"). An event noun inside a phrase (`noun`: "one day
/// after the frigate's arrival") takes only a date right after it.
pub fn own_dates<'c>(
    ctx: &'c SentenceCtx,
    clause: (usize, usize),
    i: usize,
    others: &[usize],
    noun: bool,
) -> (Option<&'c DateExpr>, Option<&'c DateExpr>) {
    let (c0, c1) = clause;
    let mut triggers: Vec<usize> = others
        .iter()
        .copied()
        .filter(|&t| t >= c0 && t < c1 && t != i)
        .collect();
    triggers.push(i);
    let owner = |d: &DateExpr| -> Option<usize> {
        let c = conjunct(ctx, clause, d.first);
        let same: Vec<usize> = triggers
            .iter()
            .copied()
            .filter(|&t| conjunct(ctx, clause, t) == c)
            .collect();
        let pool = if same.is_empty() { &triggers } else { &same };
        let before = pool.iter().copied().filter(|&t| t < d.first).max();
        let after = pool.iter().copied().filter(|&t| t > d.last).min();
        before.or(after)
    };
    let mut point: Option<(usize, &DateExpr)> = None;
    let mut interval: Option<&DateExpr> = None;
    for d in ctx
        .dates
        .iter()
        .filter(|d| !d.bound && d.first >= c0 && d.last < c1)
    {
        // "Warships, which left X on Nov. 10, held drills": a day inside the
        // subject's relative clause dates the subject's past, not the main
        // verb. A relative after the verb ("delivered drones to the army,
        // which displayed them on Saturday") tells a sequel that bounds it,
        // and a span ("instructors, who are to remain from March 3 to
        // April 28") is the movement's own.
        let span = matches!(d.value.precision, Precision::Interval | Precision::Week);
        if let Some((_, end)) = super::clauses::relative_clause(&ctx.tokens, d.first)
            && end <= i
            && !span
        {
            continue;
        }
        let mine = dist_of(d, i);
        if noun {
            if !(d.first > i && mine <= 4) {
                continue;
            }
        } else if owner(d) != Some(i) {
            continue;
        }
        if matches!(d.value.precision, Precision::Interval | Precision::Week)
            && d.value.iso.contains('/')
        {
            interval.get_or_insert(d);
        } else if point.is_none_or(|(best, b)| {
            // "Last year, a destroyer called at X in August": a date inside
            // another of the trigger's dates refines it, however far.
            refines(d, b) || (!refines(b, d) && mine < best)
        }) {
            point = Some((mine, d));
        }
    }
    // "were in Alexandria from June 10 to 14, ... and on Friday": the
    // interval beside the trigger wins over a point further away.
    if let (Some((pd, _)), Some(iv)) = (point, interval)
        && dist_of(iv, i) < pd
    {
        return (None, interval);
    }
    (point.map(|(_, d)| d), interval)
}

/// `a` covers part of `b` only: "in August" of "last year".
fn refines(a: &DateExpr, b: &DateExpr) -> bool {
    let (a, b) = (&a.value, &b.value);
    b.start <= a.start && a.end <= b.end && a.end - a.start < b.end - b.start
}

fn dist_of(d: &DateExpr, t: usize) -> usize {
    if d.first > t {
        d.first - t
    } else {
        t.saturating_sub(d.last)
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

/// A date from the surrounding text when the language says so: "the same
/// day" refers to the last dated sentence; "days after" and "earlier in the
/// day" to the document's time or the last date; a dated report of what
/// someone said ("X said on Friday that ... signed") places an undated event
/// in the month of the report.
pub fn context_date(
    ctx: &SentenceCtx,
    clause: (usize, usize),
    i: usize,
    last_date: Option<&DateValue>,
    time: &DocTime,
) -> Option<(DateValue, DateSource)> {
    // "Two days later the frigate sailed": counted from the date before.
    let own: Vec<&str> = ctx.words(clause.0, clause.1).collect();
    if let Some(n) = super::sequel::offset(&own) {
        let before = ctx
            .dates
            .iter()
            .rfind(|d| !d.bound && d.last < i)
            .map(|d| &d.value)
            .or(last_date);
        if let Some(d) = before.and_then(|b| super::sequel::after(b, n)) {
            return Some((d, DateSource::Inherited));
        }
    }
    let words: Vec<&str> = ctx.words(0, ctx.tokens.len()).collect();
    let has = |phrase: &[&str]| words.windows(phrase.len()).any(|w| w == phrase);
    let same_time =
        triggers::SAME_TIME.iter().any(|p| has(p)) || has(&["earlier", "in", "the", "day"]);
    if same_time && let Some(d) = last_date {
        return Some((d.clone(), DateSource::Inherited));
    }
    let recent = ["days", "hours", "day"]
        .iter()
        .any(|x| has(&[x, "after"]) || has(&[x, "before"]) || has(&[x, "ago"]));
    if recent && let Some(d) = time.value() {
        return Some((d, DateSource::Document));
    }
    let reported = ctx.any_in(clause.0, i, &triggers::REPORTING);
    let earlier = ctx.lower(i.wrapping_sub(1)) == "had"
        || ctx.any_word(
            clause.0,
            clause.1,
            &[
                "previously",
                "earlier",
                "once",
                "formerly",
                "ago",
                "already",
                "long",
                "history",
            ],
        );
    // "The vessels held drills ...", "Its crew sailed on ...": the story
    // of the mover told in the last dated sentence goes on, in that month.
    if !earlier
        && refers_to_mover(ctx, clause)
        && let Some(d) = last_date.filter(|d| d.precision != Precision::Year)
        && let Some(m) = DateValue::month(d.end.year(), d.end.month())
    {
        return Some((m, DateSource::Inherited));
    }
    if reported && !earlier {
        // The report's own date when it has one ("announced on Thursday").
        let report_date = ctx
            .dates
            .iter()
            .rfind(|d| !d.bound && d.first < i && d.first >= clause.0)
            .map(|d| d.value.clone());
        return report_date
            .or_else(|| time.value())
            .map(|d| (d, DateSource::Report));
    }
    None
}

/// The clause opens with the mover told before: "it", "they", "its crew",
/// "the vessels", "the aircraft", "the troops".
fn refers_to_mover(ctx: &SentenceCtx, clause: (usize, usize)) -> bool {
    // Within the clause's first words: "Before reaching Cuba the vessels".
    let head: Vec<&str> = ctx.words(clause.0, (clause.0 + 6).min(clause.1)).collect();
    head.first()
        .is_some_and(|w| matches!(*w, "it" | "they" | "its" | "their"))
        || head.windows(2).any(|p| {
            p[0] == "the"
                && (super::lexicon::is_ship(p[1])
                    || super::lexicon::is_aircraft(p[1])
                    || super::lexicon::is_troop(p[1]))
        })
}

/// Two triggers of one sentence joined as one subject's actions: "reached
/// Colombia on Nov. 14 and spent a week at Turbo".
pub fn coordinated(ctx: &SentenceCtx, a: usize, b: usize) -> bool {
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    let between: Vec<&str> = ctx.words(x + 1, y).collect();
    between.len() <= 20
        && between
            .iter()
            .any(|w| matches!(*w, "and" | "then" | "before" | "after"))
        && !between.iter().any(|w| matches!(*w, ";" | "while" | "but"))
}

/// Point dates of a clause listed for one trigger ("first in February and
/// again in March").
pub fn listed_dates(ctx: &SentenceCtx, clause: (usize, usize), others: &[usize]) -> Vec<DateValue> {
    if others.iter().any(|&t| t >= clause.0 && t < clause.1) {
        return Vec::new();
    }
    let points: Vec<&DateValue> = ctx
        .dates
        .iter()
        .filter(|d| !d.bound && d.first >= clause.0 && d.last < clause.1)
        .map(|d| &d.value)
        .filter(|v| matches!(v.precision, Precision::Day | Precision::Month))
        .collect();
    let words: Vec<&str> = ctx.words(clause.0, clause.1).collect();
    let repeated = words
        .iter()
        .any(|w| matches!(*w, "twice" | "again" | "times" | "first"));
    if points.len() >= 2 && repeated {
        points.into_iter().cloned().collect()
    } else {
        Vec::new()
    }
}

/// "During a visit to Russia ..., the two governments signed", "signed
/// ... last month during a visit by the minister": the framing phrase
/// happened at the main clause's time ("on" and "at" frame only before
/// it: "signed ... at a ceremony" is no frame of what follows).
pub fn framing(ctx: &SentenceCtx, frame: usize, main: usize) -> bool {
    let seg = ctx.segment.get(frame).copied();
    let start = (0..frame)
        .rev()
        .take_while(|&k| ctx.segment.get(k).copied() == seg)
        .last()
        .unwrap_or(frame);
    let during = ctx.lower(start) == "during"
        || (start..frame)
            .rev()
            .take(3)
            .any(|k| ctx.lower(k) == "during");
    during || (matches!(ctx.lower(start), "on" | "at") && frame < main)
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
