//! Movement triggers: sending, deploying, arriving, departing, staying,
//! securing and opening a base. The mover decides the type: ships make port
//! calls or deployments, forces deploy (or are delivered, in a sentence
//! about a delivery), officials visit.

use super::port_calls::ship_event;
use super::{Site, Verdict};
use crate::events::EventType;
use crate::events::context::SentenceCtx;
use crate::events::lexicon;
use crate::events::memory::MoverKind;
use crate::events::mover::mover;
use crate::events::spot::Found;
use crate::events::triggers::{self, Trigger};

/// Nouns that name a transfer: a sentence about one makes arriving
/// hardware a delivery.
const TRANSFER_NOUNS: &[&str] = &[
    "delivery",
    "deliveries",
    "shipment",
    "shipments",
    "handover",
];

/// The event a mover's kind makes of a movement trigger.
fn by_mover(ctx: &SentenceCtx, f: Found, c1: usize, kind: MoverKind) -> Option<(EventType, bool)> {
    match kind {
        MoverKind::Ship => Some((ship_event(ctx, f, c1), false)),
        MoverKind::Force => {
            let delivery = ctx.any_word(0, ctx.tokens.len(), TRANSFER_NOUNS);
            Some((
                if delivery {
                    EventType::ArmsTransfer
                } else {
                    EventType::Deployment
                },
                delivery,
            ))
        }
        MoverKind::Official => Some((EventType::Visit, false)),
    }
}

/// "sent troops", "dispatched": a force, or a mover that is not an official.
pub(super) fn send(s: Site) -> Verdict {
    let (ctx, c0, c1, i, memory) = (s.ctx, s.c0, s.c1, s.i, s.memory);
    (ctx.force_in(c0, c1) || mover(ctx, c0, i, memory).is_some_and(|m| m != MoverKind::Official))
        .then_some((EventType::Deployment, false))
}

/// "the deployment of X to Y": a force with the noun's own arguments.
pub(super) fn deploy_noun(s: Site) -> Verdict {
    let (ctx, c0, c1, i) = (s.ctx, s.c0, s.c1, s.i);
    let next = ctx.lower(i + 1);
    let args = matches!(next, "of" | "to" | "in" | "at" | "into");
    (args && ctx.force_in(c0, c1)).then_some((EventType::Deployment, false))
}

/// Verbs of movement (arrive, land, fly, sail, reach, enter): a mover, or
/// hardware arriving in a sentence about a delivery.
pub(super) fn moving(s: Site) -> Verdict {
    let (ctx, c0, c1, f, i, memory) = (s.ctx, s.c0, s.c1, s.f, s.i, s.memory);
    let next = ctx.lower(i + 1);
    let prev = ctx.lower(i.wrapping_sub(1));
    let w = ctx.lower(i);
    let moving_prep = |k: usize| {
        matches!(
            ctx.lower(k),
            "to" | "in"
                | "at"
                | "into"
                | "for"
                | "towards"
                | "from"
                | "on"
                | "off"
                | "across"
                | "through"
        )
    };
    let ok = match w {
        "way" => matches!(prev, "its" | "their" | "his") && next == "to",
        "route" => prev == "en",
        // Transitive: the place is the object ("reached Colombia",
        // "entered South Africa's airspace"), not "reaching the canal".
        "reach" | "reached" | "reaches" | "reaching" | "entered" | "enter" | "enters"
        | "entering" => {
            // Skip "the port of" but stop at a name that starts with
            // one of those words ("entered Port Sudan").
            let starts = |k: usize| ctx.mentions.iter().any(|m| m.first == k);
            let mut k = i + 1;
            // "entered the northern town of Manbij" too.
            while k < c1
                && !starts(k)
                && (matches!(
                    ctx.lower(k),
                    "the"
                        | "port"
                        | "of"
                        | "its"
                        | "town"
                        | "city"
                        | "village"
                        | "capital"
                        | "harbour"
                        | "harbor"
                ) || lexicon::is_direction_adjective(ctx.lower(k)))
            {
                k += 1;
            }
            starts(k)
        }
        // "the instructors began to arrive", "the planes landed":
        // the place may come from elsewhere in the sentence.
        "arrive" | "arrives" | "arrived" | "arriving" | "land" | "lands" | "landed" => true,
        "touched" | "touch" | "touches" | "touching" | "fan" | "fanned" | "fanning" | "fans"
        | "turned" | "turn" | "turns" | "turning" => true,
        _ => {
            moving_prep(i + 1)
                || (moving_prep(i + 2)
                    && ctx.tokens.get(i + 1).is_some_and(|t| !t.is_capitalized()))
        }
    };
    // Transitive "flying bombers to X", "sailed the frigate to X": a deployment.
    let transitive = matches!(
        w,
        "fly"
            | "flies"
            | "flew"
            | "flown"
            | "flying"
            | "sail"
            | "sailed"
            | "sails"
            | "sailing"
            | "moved"
            | "move"
            | "moves"
            | "moving"
    ) && (i + 1..(i + 16).min(c1))
        .find(|&k| ctx.lower(k) == "to")
        // The object stands before "to": "flew to X, where the air force
        // keeps its jets" moves no jets.
        .is_some_and(|to| ctx.force_in(i + 1, to));
    if transitive {
        return Some((EventType::Deployment, false));
    }
    // Idioms of movement verbs that move nothing: "came to power".
    let idiom = matches!(
        ctx.lower(i + 2),
        "power" | "terms" | "conclusion" | "light" | "mind" | "office" | "an" | "a"
    ) && next == "to";
    if !ok || idiom {
        return None;
    }
    // "helicopters ordered from Russia arrived at X": hardware bought
    // abroad arriving is its delivery.
    let bought = (c0..i).any(|k| {
        matches!(
            ctx.lower(k),
            "ordered" | "bought" | "purchased" | "acquired" | "procured"
        ) && matches!(ctx.lower(k + 1), "from" | "by")
    });
    if bought && (ctx.weapon_in(c0, i) || ctx.force_in(c0, i)) {
        return Some((EventType::ArmsTransfer, true));
    }
    match mover(ctx, c0, i, memory) {
        Some(kind) => by_mover(ctx, f, c1, kind),
        // "Equipment ... has been reaching India since deliveries
        // began": hardware arriving in a sentence about a delivery.
        None => (ctx.weapon_in(c0, i) && ctx.any_word(c0, c1, TRANSFER_NOUNS))
            .then_some((EventType::ArmsTransfer, true)),
    }
}

/// "left Miami on a mission to the Caribbean", "departed for X".
pub(super) fn departing(s: Site) -> Verdict {
    let (ctx, c0, c1, f, i, memory) = (s.ctx, s.c0, s.c1, s.f, s.i, s.memory);
    let next = ctx.lower(i + 1);
    // "left Miami on a mission to the Caribbean", "departed for X":
    // only with a destination, and leaving a place, not a group.
    let intransitive = matches!(next, "for" | "to" | "towards");
    let from_place = (i + 1..(i + 4).min(c1)).any(|k| {
        ctx.in_mention(k) && (i + 1..k).all(|j| matches!(ctx.lower(j), "the" | "port" | "of"))
    });
    let dest = (i + 1..c1).any(|k| {
        matches!(ctx.lower(k), "to" | "for" | "towards")
            && (k + 1..(k + 5).min(c1)).any(|m| ctx.in_mention(m))
    });
    if !dest || !(intransitive || from_place) {
        return None;
    }
    by_mover(ctx, f, c1, mover(ctx, c0, i, memory)?)
}

/// A force or ship that is, stays or spends days at a place.
pub(super) fn presence(s: Site) -> Verdict {
    let (ctx, c0, c1, f, i, memory) = (s.ctx, s.c0, s.c1, s.f, s.i, s.memory);
    // "troops join Russian drills": the exercise is the event.
    let joins_exercise =
        (i + 1..(i + 5).min(c1)).any(|k| triggers::lookup(ctx.lower(k)) == Some(Trigger::Exercise));
    if joins_exercise {
        return None;
    }
    let kind = mover(ctx, c0, i, memory)?;
    let placed = (i + 1..(i + 8).min(c1)).any(|k| ctx.in_mention(k));
    if !placed || kind == MoverKind::Official {
        return None;
    }
    by_mover(ctx, f, c1, kind)
}

/// "took control of", "secured": forces only.
pub(super) fn secure(s: Site) -> Verdict {
    let (ctx, c0, i, memory) = (s.ctx, s.c0, s.i, s.memory);
    let kind = mover(ctx, c0, i, memory)?;
    (kind == MoverKind::Force).then_some((EventType::Deployment, false))
}

/// "opened a base": a facility noun in a military clause.
pub(super) fn open(s: Site) -> Verdict {
    let (ctx, c0, c1, i) = (s.ctx, s.c0, s.c1, s.i);
    let base = (i + 1..(i + 7).min(c1))
        .any(|k| crate::events::facility::facility_noun(&ctx.tokens, k).is_some());
    let military = ctx.any_in(c0, c1, &lexicon::MILITARY_WORDS) || ctx.force_in(c0, c1);
    if !(base && military) {
        return None;
    }
    // "opens its ports to foreign navies", "opened the airfield to allied
    // jets": access granted to forces, not a facility set up.
    let granted_to = (i + 2..c1).find(|&k| {
        ctx.lower(k) == "to" && (k + 1..(k + 4).min(c1)).any(|j| lexicon::is_force(ctx.lower(j)))
    });
    Some(match granted_to {
        Some(k) if ctx.ship_in(k, c1) && ctx.any_word(i, k, PORT_NOUNS) => {
            (EventType::PortCallAgreement, false)
        }
        Some(_) => (EventType::Agreement, false),
        None => (EventType::Deployment, false),
    })
}

/// Nouns of a harbour: what a port-call agreement opens.
const PORT_NOUNS: &[&str] = &[
    "port", "ports", "harbour", "harbours", "harbor", "harbors", "pier", "piers",
];
