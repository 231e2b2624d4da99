//! Modality: whether the text reports an event as having happened.
//!
//! Denials ("denied", "dismissed reports", "no ... would go", "did not"),
//! plans, offers and readiness ("plans to", "will", "is due to", "is ready
//! to supply", "offers to sell"), allegations ("reportedly", "accused of")
//! and hypotheticals ("would", "could", "if") are not reported events.
//! Historical comparisons ("the first time ... have landed", "the first call
//! by a Russian warship") restate the event they compare, and generic
//! statements ("countries that buy Russian weapons") name no event: both
//! are dropped. Possession ("the army has ...", "armed with") never
//! triggers anything in the first place.

use super::Status;
use super::context::SentenceCtx;
use super::lexicon;
use super::spot::Found;
use super::triggers::{self, Trigger};

/// Verbs that start an action rather than plan it: "began to arrive".
const ASPECTUAL: &[&str] = &[
    "began",
    "begin",
    "begins",
    "begun",
    "started",
    "start",
    "starts",
    "continued",
    "continue",
    "continues",
    "resumed",
];

/// Words that govern an infinitive as a plan: "ready to supply".
const PLAN_GOVERNORS: &[&str] = &[
    "ready",
    "set",
    "going",
    "expected",
    "agreed",
    "aims",
    "aim",
    "decided",
    "prepared",
    "offers",
    "offered",
    "offer",
    "plans",
    "plan",
    "planned",
    "intends",
    "intend",
    "preparing",
    "scheduled",
    "due",
    "is",
    "are",
    "was",
    "were",
    "able",
    "willing",
    "wants",
    "seeks",
];

/// Nouns whose "the first ..." is a comparison with the past.
const COMPARISON_HEADS: &[&str] = &[
    "time",
    "such",
    "call",
    "visit",
    "landing",
    "deployment",
    "since",
];

/// The status of an agreement's terms ("warships may dock at X"): the
/// agreement is reported unless the clause denies it.
pub fn terms_status(ctx: &SentenceCtx, clause: (usize, usize)) -> Option<Status> {
    let denied = ctx
        .words(clause.0, clause.1)
        .any(|w| triggers::DENIAL.contains(w));
    Some(if denied {
        Status::Denied
    } else {
        Status::Reported
    })
}

/// The status of the trigger, or `None` when the clause reports no event.
pub fn status(ctx: &SentenceCtx, clause: (usize, usize), f: Found) -> Option<Status> {
    let (c0, _) = clause;
    let i = f.at;
    let trig = f.trigger;
    let words: Vec<&str> = ctx.words(c0, i).collect();
    let near: Vec<&str> = ctx.words(i.saturating_sub(3).max(c0), i).collect();
    if comparison(ctx, clause, i) || generic(ctx, clause, i) {
        return None;
    }
    // "an agreement that lets Russian warships enter X": the content of a
    // permission, not an event of its own.
    let permitted = (i.saturating_sub(5).max(c0)..i)
        .any(|k| triggers::lookup(ctx.lower(k)) == Some(Trigger::Permit));
    if permitted && trig != Trigger::Permit && trig != Trigger::Sign {
        return None;
    }
    // Capitalised "May" is the month, not the modal.
    let hypothetical = (c0..i).any(|k| {
        let t = &ctx.tokens[k];
        triggers::HYPOTHETICAL.contains(&t.lower.as_str())
            && !(t.lower == "may" && t.is_capitalized())
    });
    if hypothetical {
        // "refuted reports that Moscow would supply S-400s": the report's
        // modal belongs to the report; the denial is the news.
        let denied_report =
            super::clauses::reported_content(&ctx.tokens, c0, i).is_some_and(|(start, denied)| {
                denied
                    && (c0..start).all(|k| {
                        let t = &ctx.tokens[k];
                        !triggers::HYPOTHETICAL.contains(&t.lower.as_str())
                    })
            });
        return denied_report.then_some(Status::Denied);
    }
    let verbal = !matches!(trig, Trigger::DeployNoun | Trigger::Exercise);
    let mut to_plan = false;
    // "agreed to extend the lease", "agreed on Monday to renew the
    // arrangement": agreeing to prolong an agreement is the new agreement.
    let agreed_extension = trig == Trigger::Sign
        && triggers::EXTENDING.contains(ctx.lower(i))
        && ctx.lower(i.wrapping_sub(1)) == "to"
        && (i.saturating_sub(5).max(c0)..i).any(|k| ctx.lower(k) == "agreed");
    // "has no plans to visit": neither planned nor a denial of a fact.
    if words
        .windows(2)
        .any(|w| matches!(w[0], "no" | "not") && triggers::PLANNED.contains(&w[1]))
    {
        return None;
    }
    if verbal && ctx.lower(i.wrapping_sub(1)) == "to" && !agreed_extension {
        // An infinitive: planned when a plan word governs it, reported after
        // an aspectual verb ("began to arrive"), otherwise a purpose ("to
        // deploy arms", "a loan to buy weapons"): not an event.
        let governor = (i.saturating_sub(4)..i.saturating_sub(1))
            .map(|k| ctx.lower(k))
            .collect::<Vec<_>>();
        if governor.iter().any(|w| ASPECTUAL.contains(w)) {
            return Some(Status::Reported);
        }
        if !governor.iter().any(|w| PLAN_GOVERNORS.contains(w)) {
            return None;
        }
        to_plan = true;
    }
    // "No Russian ship has entered X": a subject counted as none.
    let none_of_them = (c0..i).any(|k| {
        ctx.lower(k) == "no"
            && !matches!(ctx.lower(k + 1), "fewer" | "less" | "more" | "longer")
            && (k + 1..(k + 4).min(i)).any(|j| lexicon::is_force(ctx.lower(j)) || ctx.is_vessel(j))
    });
    if none_of_them
        || near.iter().any(|w| triggers::NEGATION.contains(w))
        || words.iter().any(|w| triggers::DENIAL.contains(w))
        || ctx.lower(i.wrapping_sub(2)) == "no"
    {
        return Some(Status::Denied);
    }
    if words.iter().any(|w| triggers::ALLEGED.contains(w)) {
        return Some(Status::Alleged);
    }
    let mut planned = (c0..i).any(|k| {
        let w = ctx.lower(k);
        if !triggers::PLANNED.contains(w) || (w == "agreed" && agreed_extension) {
            return false;
        }
        // "ready", "set", "agreed" plan only with an infinitive: "set to
        // sail"; a ship "due in Havana" is expected there.
        !matches!(
            w,
            "ready" | "set" | "going" | "expected" | "agreed" | "aims" | "aim" | "due"
        ) || ctx.lower(k + 1) == "to"
            || (w == "due" && matches!(ctx.lower(k + 1), "in" | "at" | "into" | "back"))
    });
    // A nominal trigger in a prepositional phrase ("during the Mosi II
    // exercise") is presupposed, whatever the main verb's mood; a purpose
    // ("is due in X for a three-day visit") shares the main verb's.
    let presupposed = !verbal
        && (i.saturating_sub(5)..i)
            .any(|k| matches!(ctx.lower(k), "during" | "after" | "before" | "at"))
        || !verbal && (i.saturating_sub(5)..i).any(|k| ctx.lower(k) == "for") && !planned;
    if presupposed {
        planned = false;
    }
    // "More drills will be held in X in August", "The exercises are
    // scheduled for May": a nominal trigger as the subject of a future verb.
    let after: Vec<&str> = ctx.words(i + 1, (i + 4).min(clause.1)).collect();
    let future_after = !verbal
        && !presupposed
        && (matches!(after.first(), Some(&("will" | "shall")))
            || after.windows(2).any(|w| {
                matches!(w[0], "is" | "are")
                    && matches!(
                        w[1],
                        "to" | "scheduled" | "due" | "expected" | "set" | "planned"
                    )
            }));
    planned |= future_after;
    planned |= to_plan;
    if words.windows(2).any(|w| w[0] == "to" && w[1] == "be") && verbal {
        planned = true;
    }
    // "interested in buying jets", "the possibility of acquiring": a
    // purchase considered, not made.
    let considered = matches!(trig, Trigger::Acquire | Trigger::Supply)
        && ctx.lower(i).ends_with("ing")
        && matches!(ctx.lower(i.wrapping_sub(1)), "in" | "of" | "on" | "about");
    if considered {
        planned = true;
    }
    // "India is buying five units": a purchase under way, not a delivery.
    let progressive_purchase = trig == Trigger::Acquire
        && ctx.lower(i).ends_with("ing")
        && matches!(ctx.lower(i.wrapping_sub(1)), "is" | "are");
    if progressive_purchase {
        planned = true;
    }
    Some(if planned {
        Status::Planned
    } else {
        Status::Reported
    })
}

/// "the first time aircraft of the type have landed anywhere in Africa",
/// "the first call by a Russian warship at the harbour", "not since 1962":
/// a comparison with the past that restates the event the sentence reports.
fn comparison(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> bool {
    let seg = ctx.segment.get(i).copied();
    let from = clause.0.max(i.saturating_sub(12));
    (from..i).any(|k| {
        let same_segment = ctx.segment.get(k).copied() == seg;
        let ordinal = matches!(ctx.lower(k), "first" | "second" | "third" | "only")
            && matches!(ctx.lower(k.wrapping_sub(1)), "the" | "a");
        let head = ctx.lower(k + 1);
        let compared = COMPARISON_HEADS.contains(&head) || k + 1 == i;
        same_segment && ordinal && compared && ctx.segment.get(k) != ctx.segment.first()
    }) || ctx
        .words(clause.0, i)
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| w == ["not", "since"])
}

/// A present-tense trigger inside a relative clause with no date of its
/// own ("countries that buy major Russian weapons", "the weapons it
/// supplies"): a generic statement.
fn generic(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> bool {
    // "has continuously provided", "regularly sends": a habit, not an event.
    let habitual = ctx.any_word(
        i.saturating_sub(4).max(clause.0),
        i,
        &[
            "continuously",
            "regularly",
            "routinely",
            "repeatedly",
            "frequently",
            "often",
            "occasionally",
            "traditionally",
            "usually",
        ],
    );
    // "have often had to refuel", "sailing to and from patrols": a habit
    // named anywhere in an undated clause.
    let dated = ctx
        .dates
        .iter()
        .any(|d| !d.bound && d.first >= clause.0 && d.last < clause.1);
    let habitual = habitual
        || !dated && ctx.any_word(clause.0, clause.1, &["often", "regularly", "routinely"]);
    // "has been buying more weapons ... in recent years", "for decades",
    // "every year since": a trend over years, not one event.
    let words: Vec<&str> = ctx.words(clause.0, clause.1).collect();
    let trend = words.windows(2).any(|w| {
        matches!(
            (w[0], w[1]),
            ("recent", "years")
                | ("for", "years")
                | ("for", "decades")
                | ("the", "years")
                | ("past", "decade")
                | ("last", "decade")
                | ("every", "year")
                | ("each", "year")
        )
    });
    // "bought in the 1990s", "since the 1980s": a decade is a history.
    let decade = ctx.tokens[clause.0..clause.1.min(ctx.tokens.len())]
        .iter()
        .any(|t| {
            t.text.len() == 5
                && t.text.ends_with('s')
                && t.text[..4].parse::<u32>().is_ok_and(|y| y % 10 == 0)
        });
    if habitual || trend || decade {
        return true;
    }
    // "Vietnam has since opened the port, and U.S. ships have stopped there":
    // calls and visits since some time past are a history of many.
    let since_perfect = ctx
        .words(0, i)
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| matches!(w[0], "has" | "have") && w[1] == "since");
    if since_perfect
        && matches!(
            super::triggers::lookup(ctx.lower(i)),
            Some(super::triggers::Trigger::Call | super::triggers::Trigger::Visit)
        )
    {
        return true;
    }
    let w = ctx.lower(i);
    let present = !w.ends_with("ed")
        && !w.ends_with("ing")
        && !matches!(
            w,
            "sold" | "sent" | "met" | "left" | "flew" | "flown" | "bought" | "took" | "came"
        );
    let relative =
        (i.saturating_sub(3)..i).any(|k| matches!(ctx.lower(k), "that" | "which" | "who"));
    let infinitive = ctx
        .tokens
        .get(i.wrapping_sub(1))
        .is_some_and(|t| t.lower == "to");
    present && relative && !dated && !infinitive
}

/// The trigger sits in a relative clause set off by a comma (", which has
/// positioned").
pub fn in_relative(ctx: &SentenceCtx, i: usize) -> bool {
    (i.saturating_sub(5)..i).any(|k| {
        matches!(ctx.lower(k), "which" | "who") && k > 0 && ctx.tokens[k - 1].is_punct(",")
    })
}
