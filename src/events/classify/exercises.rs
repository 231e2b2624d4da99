//! Exercise triggers: drills, manoeuvres, war games — an event when named,
//! modified ("naval drills"), staged by a verb, or held "with" a partner.

use super::{Site, Verdict};
use crate::events::EventType;
use crate::events::lexicon;
use crate::events::triggers::{self, Trigger};

/// "exercise", "drills", "war games": named, modified, staged or "with".
pub(super) fn exercise(s: Site) -> Verdict {
    let (ctx, c0, c1, i) = (s.ctx, s.c0, s.c1, s.i);
    let next = ctx.lower(i + 1);
    let named = ctx.exercises.iter().any(|&(a, b)| {
        (a <= i && i <= b) || b + 1 == i || a == i + 1 || (i >= 1 && b + 1 == i - 1)
    });
    let modified =
        (i.saturating_sub(3)..i).any(|k| lexicon::EXERCISE_MODIFIERS.contains(&ctx.lower(k)));
    // The verb that stages, starts or joins it, up to four words
    // before ("began the week-long X exercises", "join Russian
    // drills"), or a participle after ("drills hosted by").
    // "The exercises, named X, will be held": the verb follows the
    // appositive.
    let verb_from = if ctx.tokens.get(i + 1).is_some_and(|t| t.is_punct(",")) {
        (i + 2..(i + 8).min(c1))
            .find(|&k| ctx.tokens[k].is_punct(","))
            .unwrap_or(i)
    } else {
        i
    };
    let staged = (i.saturating_sub(4).max(c0)..i).any(|k| {
        matches!(
            ctx.lower(k),
            "held"
                | "hold"
                | "holds"
                | "holding"
                | "conducted"
                | "conduct"
                | "conducts"
                | "staged"
                | "stage"
                | "stages"
                | "launched"
                | "began"
                | "begin"
                | "begins"
                | "started"
                | "starts"
                | "join"
                | "joins"
                | "joined"
                | "joining"
                | "completed"
                | "concluded"
                | "wrapped"
        )
    }) || matches!(next, "hosted" | "held" | "led")
        // "The exercises will be held in X", "the drills took place".
        || (verb_from + 1..(verb_from + 5).min(c1)).any(|k| {
            let w = ctx.lower(k);
            let be = matches!(
                ctx.lower(k - 1),
                "be" | "been" | "being" | "is" | "are" | "was" | "were"
            );
            (be && matches!(w, "held" | "conducted" | "staged" | "hosted"))
                || (matches!(w, "took" | "take" | "takes") && ctx.lower(k + 1) == "place")
        });
    // "held a brief exercise ..., practising joint manoeuvres": one
    // exercise described twice.
    let restated = (i.saturating_sub(12)..i)
        .any(|k| triggers::lookup(ctx.lower(k)) == Some(Trigger::Exercise));
    (!restated && (named || modified || staged || next == "with"))
        .then_some((EventType::Exercise, false))
}
