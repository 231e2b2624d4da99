//! Dates from around an event's clause: "the same day", a dated report of
//! it, the mover told before, coordinated actions and framing phrases.

use chrono::Datelike;

use super::super::context::SentenceCtx;
use super::super::dates::{DateValue, Precision};
use super::super::triggers;
use super::{DateSource, DocTime};

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
    if let Some(n) = super::super::sequel::offset(&own) {
        let before = ctx
            .dates
            .iter()
            .rfind(|d| !d.bound && d.last < i)
            .map(|d| &d.value)
            .or(last_date);
        if let Some(d) = before.and_then(|b| super::super::sequel::after(b, n)) {
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
                && (super::super::lexicon::is_ship(p[1])
                    || super::super::lexicon::is_aircraft(p[1])
                    || super::super::lexicon::is_troop(p[1]))
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

/// "last month's visit to X, during which the two governments agreed ...":
/// a relative clause set inside an earlier event noun happens at its time.
pub fn within_antecedent(ctx: &SentenceCtx, antecedent: usize, at: usize) -> bool {
    antecedent < at
        && (antecedent + 1..at).any(|k| {
            ctx.lower(k) == "which" && matches!(ctx.lower(k.wrapping_sub(1)), "during" | "at")
        })
}
