//! The dates of an event's own clause: which of a clause's dates belongs
//! to which trigger.

use super::super::context::SentenceCtx;
use super::super::dates::{DateExpr, Precision};

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

/// The clause's own dates for the trigger at `i`: an interval ("from 3 March
/// to 30 June") or the nearest point date. Each date belongs to one
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
        if let Some((_, end)) = super::super::clauses::relative_clause(&ctx.tokens, d.first)
            && end <= i
            && !span
        {
            continue;
        }
        let mine = dist_of(d, i);
        if noun {
            // "the visit on Monday", "last week's visit": after the noun, or
            // its possessive determiner.
            let possessive = d.last + 2 == i
                && ctx.tokens[d.last + 1].kind == crate::events::text::TokKind::Possessive;
            if !(possessive || d.first > i && mine <= 4) {
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
