//! Spotting triggers: the words of a sentence that can announce an event —
//! single words from [`super::triggers`] and phrases such as "touched
//! down", "tied up", "put in at", "took up station", "handed over", "put
//! into service" — and the event nouns among them ("the visit", "the
//! frigate's arrival") that may only refer to an event told elsewhere.

use super::context::SentenceCtx;
use super::triggers::{self, Trigger};

/// A trigger found in a sentence: its token and class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub at: usize,
    pub trigger: Trigger,
}

pub const BE: &[&str] = &["is", "are", "was", "were", "been"];

/// The multiword trigger starting at `i`, if any.
fn phrase(ctx: &SentenceCtx, i: usize) -> Option<Trigger> {
    let w = ctx.lower(i);
    let n1 = ctx.lower(i + 1);
    let n2 = ctx.lower(i + 2);
    let within = |n: usize, set: &[&str]| ctx.words(i + 1, i + 1 + n).any(|x| set.contains(&x));
    match w {
        "touched" | "touch" | "touches" | "touching" if n1 == "down" => Some(Trigger::Move),
        "tied" | "tie" | "ties" | "tying" if n1 == "up" => Some(Trigger::Call),
        // "Belarus takes delivery of its first Su-30SM": the agent receives.
        "took" | "take" | "takes" | "taken" | "taking" if n1 == "delivery" || n2 == "delivery" => {
            Some(Trigger::Acquire)
        }
        "put" | "puts" | "putting" if n1 == "in" && matches!(n2, "at" | "to" | "into") => {
            Some(Trigger::Call)
        }
        "fan" | "fanned" | "fanning" | "fans" if n1 == "out" => Some(Trigger::Move),
        // "the ambassador went aboard the frigate": a visit when an official goes.
        "went" | "go" | "goes" | "going" | "came" | "come" if n1 == "aboard" => {
            Some(Trigger::Visit)
        }
        "turned" | "turn" | "turns" | "turning" if n1 == "up" => Some(Trigger::Move),
        "took" | "take" | "takes" | "taken" | "taking"
            if n1 == "up" && matches!(n2, "station" | "position" | "positions") =>
        {
            Some(Trigger::Presence)
        }
        "took" | "take" | "takes" | "taken" | "taking" if within(3, &["control"]) => {
            Some(Trigger::Secure)
        }
        "put" | "puts" | "placed" | "places" | "putting" | "placing" => {
            let span: Vec<&str> = ctx.words(i + 1, i + 9).collect();
            let service = span
                .windows(2)
                .any(|p| matches!(p, ["into" | "in", "service"]));
            let duty = span
                .windows(2)
                .any(|p| p[0] == "on" && matches!(p[1], "duty" | "alert" | "combat" | "standby"));
            if service {
                Some(Trigger::Commission)
            } else if duty {
                Some(Trigger::Send)
            } else {
                None
            }
        }
        "entered" | "enter" | "enters" | "entering" | "came" | "come" | "comes"
            if (n1 == "service") || (n1 == "into" && n2 == "service") =>
        {
            Some(Trigger::Commission)
        }
        // "ships were in Alexandria", "the frigate is at the port".
        _ if BE.contains(&w)
            && matches!(n1, "in" | "at" | "off" | "docked" | "moored" | "anchored")
            && (i + 2..i + 5).any(|k| ctx.in_mention(k)) =>
        {
            Some(Trigger::Presence)
        }
        _ => None,
    }
}

/// Triggers of the sentence with their classes, in order.
pub fn find(ctx: &SentenceCtx) -> Vec<Found> {
    let mut out = Vec::new();
    let mut skip_to = 0;
    for (i, t) in ctx.tokens.iter().enumerate() {
        if i < skip_to || t.kind != super::text::TokKind::Word || ctx.is_vessel(i) {
            continue;
        }
        // A named exercise as a subject: "Mosi II runs from Feb. 17 to 27".
        if ctx.exercises.iter().any(|&(a, _)| a == i) {
            let (_, end) = ctx
                .exercises
                .iter()
                .copied()
                .find(|&(a, _)| a == i)
                .unwrap_or((i, i));
            let verb = ctx.lower(end + 1);
            if matches!(
                verb,
                "runs"
                    | "ran"
                    | "began"
                    | "begins"
                    | "started"
                    | "starts"
                    | "opened"
                    | "opens"
                    | "took"
                    | "takes"
                    | "continues"
                    | "continued"
                    | "ended"
                    | "ends"
                    | "is"
                    | "was"
                    | "kicked"
                    | "got"
            ) {
                out.push(Found {
                    at: i,
                    trigger: Trigger::Exercise,
                });
            }
            continue;
        }
        if let Some(trigger) = phrase(ctx, i) {
            out.push(Found { at: i, trigger });
            // The phrase's other words ("took up station") trigger nothing more.
            skip_to = i + 3;
            continue;
        }
        let w = t.lower.as_str();
        // "a video call", "a phone call": no port.
        let remote = matches!(
            ctx.lower(i.wrapping_sub(1)),
            "video" | "phone" | "telephone" | "conference" | "courtesy" | "roll"
        ) && matches!(w, "call" | "calls")
            && ctx.lower(i + 1) != "at";
        if remote {
            continue;
        }
        // An agreement dated or in force since a date: "an agreement ...
        // dated June 14, 1995", "an agreement, in force since May 2019".
        if triggers::AGREEMENT_NOUNS.contains(w) {
            let span: Vec<&str> = ctx.words(i + 1, i + 10).collect();
            let dated = span.contains(&"dated")
                || span.windows(2).any(|p| p == ["in", "force"])
                || span.windows(2).any(|p| p == ["concluded", "in"]);
            if dated {
                out.push(Found {
                    at: i,
                    trigger: Trigger::Sign,
                });
                continue;
            }
        }
        // "land and water", "on land": the noun.
        let land_noun = matches!(w, "land" | "lands")
            && matches!(
                ctx.lower(i.wrapping_sub(1)),
                "on" | "of"
                    | "by"
                    | "the"
                    | "and"
                    | "over"
                    | "across"
                    | "from"
                    | "in"
                    | "at"
                    | "free"
                    | "its"
                    | "their"
                    | "this"
                    | "that"
            );
        if land_noun {
            continue;
        }
        // "its patrol ship", "a patrol aircraft", "exercise areas": a kind
        // of craft or place, named after what it is for.
        let modifier = matches!(w, "patrol" | "exercise" | "drill" | "training")
            && matches!(
                ctx.lower(i + 1),
                "ship"
                    | "ships"
                    | "boat"
                    | "boats"
                    | "vessel"
                    | "vessels"
                    | "craft"
                    | "aircraft"
                    | "plane"
                    | "planes"
                    | "cutter"
                    | "cutters"
                    | "helicopter"
                    | "helicopters"
                    | "area"
                    | "areas"
                    | "zone"
                    | "zones"
                    | "range"
                    | "ranges"
            );
        if modifier {
            continue;
        }
        if let Some(trigger) = triggers::lookup(w) {
            out.push(Found { at: i, trigger });
        }
    }
    out
}

/// Nouns of transfer ("sales", "supplies", "delivery") name a concrete
/// transfer only with a destination or a designation: "the sale of military
/// equipment" alone is a topic, not an event.
pub fn nominal_transfer(ctx: &SentenceCtx, f: Found) -> bool {
    matches!(f.trigger, Trigger::Supply | Trigger::Acquire)
        && matches!(
            ctx.lower(f.at),
            "sale"
                | "sales"
                | "supply"
                | "supplies"
                | "delivery"
                | "deliveries"
                | "export"
                | "exports"
                | "transfer"
                | "transfers"
                | "shipment"
                | "shipments"
                | "purchase"
                | "purchases"
                | "acquisition"
                | "import"
                | "imports"
        )
        && !ctx.lower(f.at.wrapping_sub(1)).eq("to")
}

/// An event noun inside a phrase ("one day after the frigate's arrival",
/// "during the visit"): it names an event the main clause is about.
pub fn is_framed_noun(ctx: &SentenceCtx, i: usize) -> bool {
    is_event_noun(ctx, i)
        && (i.saturating_sub(4)..i).any(|k| {
            matches!(
                ctx.lower(k),
                "after"
                    | "before"
                    | "since"
                    | "following"
                    | "during"
                    | "of"
                    | "for"
                    | "until"
                    | "ahead"
            )
        })
}

/// Event nouns: a definite one with no place of its own ("the visit", "the
/// call", "the deployment") refers to an event already told.
pub fn is_event_noun(ctx: &SentenceCtx, i: usize) -> bool {
    let w = ctx.lower(i);
    let noun = matches!(
        w,
        "visit"
            | "visits"
            | "call"
            | "calls"
            | "deployment"
            | "deployments"
            | "arrival"
            | "arrivals"
            | "landing"
            | "landings"
            | "trip"
            | "tour"
            | "stop"
            | "stay"
            | "delivery"
            | "deliveries"
            | "supplies"
            | "sale"
            | "sales"
            | "shipment"
            | "exercise"
            | "exercises"
            | "drills"
            | "drill"
            | "meeting"
            | "talks"
            | "move"
            | "flights"
            | "purchase"
            | "acquisition"
            | "accord"
            | "agreement"
            | "deal"
    );
    let determined = (i.saturating_sub(3)..i).any(|k| {
        matches!(
            ctx.lower(k),
            "the" | "this" | "that" | "its" | "their" | "his" | "her" | "such" | "those" | "these"
        )
    }) || ctx
        .tokens
        .get(i.wrapping_sub(1))
        .is_some_and(|t| t.kind == super::text::TokKind::Possessive);
    noun && determined
}
