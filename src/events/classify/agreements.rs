//! Agreement triggers: signing a military agreement, and permissions. An
//! agreement or permission that lets warships into ports is a port-call
//! agreement.

use super::{Site, Verdict};
use crate::events::EventType;
use crate::events::context::SentenceCtx;
use crate::events::lexicon;
use crate::events::triggers::{self, Trigger};

/// "signed", "ratified": a military agreement, or one that lets warships
/// into ports (a port-call agreement).
pub(super) fn sign(s: Site) -> Verdict {
    let (ctx, c0, c1, i, memory) = (s.ctx, s.c0, s.c1, s.i, s.memory);
    let agreement = ctx.any_in(c0, c1, &triggers::AGREEMENT_NOUNS);
    let military = ctx.any_in(c0, c1, &lexicon::MILITARY_WORDS)
        || ctx.force_in(c0, c1)
        || memory.military_context
        || ctx.any_word(
            c0,
            c1,
            &["ceasefire", "truce", "armistice", "base", "bases"],
        );
    // "The accord, signed in Damascus": the agreement named before.
    let anaphoric = memory.agreement.is_some_and(|(_, m)| m)
        && (c0..i).any(|k| {
            triggers::AGREEMENT_NOUNS.contains(ctx.lower(k))
                && matches!(ctx.lower(k.wrapping_sub(1)), "the" | "this" | "that")
        });
    if !agreement || !(military || anaphoric) {
        return None;
    }
    // "extended the lease", "agreed to renew an arrangement": the agreement
    // is what is extended; "extended its stay under the pact" is no signing.
    let extended_object =
        (i + 1..(i + 9).min(c1)).any(|k| triggers::AGREEMENT_NOUNS.contains(ctx.lower(k)));
    if triggers::EXTENDING.contains(ctx.lower(i)) && !extended_object {
        return None;
    }
    // "The agreement, first signed in 2020, would allow ...": a
    // participle after its agreement noun; what the agreement
    // allows follows the appositive.
    let appositive = (i.saturating_sub(5)..i)
        .any(|k| triggers::AGREEMENT_NOUNS.contains(ctx.lower(k)))
        && (i.saturating_sub(4)..i).any(|k| ctx.tokens[k].is_punct(","));
    let end = if appositive { ctx.tokens.len() } else { c1 };
    let permits = (c0..end).any(|k| {
        triggers::lookup(ctx.lower(k)) == Some(Trigger::Permit) && port_permission(ctx, k, end)
    });
    if permits {
        return Some((EventType::PortCallAgreement, false));
    }
    Some((EventType::Agreement, false))
}

/// "allowed", "let", "granted": forces or ships permitted to enter or stay.
pub(super) fn permit(s: Site) -> Verdict {
    let (ctx, c0, c1, i) = (s.ctx, s.c0, s.c1, s.i);
    // A permission that is part of an agreement is that agreement.
    let signed = (c0..c1).any(|k| k != i && triggers::lookup(ctx.lower(k)) == Some(Trigger::Sign))
        && ctx.any_in(c0, c1, &triggers::AGREEMENT_NOUNS);
    if signed {
        return None;
    }
    if port_permission(ctx, i, c1) {
        return Some((EventType::PortCallAgreement, false));
    }
    let entry = ctx.any_word(
        i,
        c1,
        &[
            "enter",
            "entry",
            "stay",
            "participate",
            "deploy",
            "station",
            "be",
            "land",
            "use",
            "remain",
            "operate",
            "base",
        ],
    );
    // Ships alone are a port-call matter; troops or aircraft deploy.
    let land_forces = ctx
        .words(c0, c1)
        .any(|w| lexicon::is_troop(w) || lexicon::is_aircraft(w));
    (entry && ctx.force_in(c0, c1) && (land_forces || !ctx.ship_in(c0, c1)))
        .then_some((EventType::Deployment, false))
}

/// Ships plus ports plus a verb of entering after a permission or agreement.
/// A naval base is the port warships use ("lets warships use the naval
/// base at X").
pub fn port_permission(ctx: &SentenceCtx, i: usize, c1: usize) -> bool {
    let naval_base = (i..c1).any(|k| {
        matches!(ctx.lower(k), "base" | "bases")
            && matches!(ctx.lower(k.wrapping_sub(1)), "naval" | "navy")
    });
    ctx.ship_in(i, c1)
        && (naval_base
            || ctx.any_word(
                i,
                c1,
                &[
                    "port", "ports", "harbour", "harbours", "harbor", "harbors", "enter", "dock",
                ],
            ))
        && ctx.any_word(
            i,
            c1,
            &[
                "visit", "visits", "enter", "call", "calls", "use", "access", "dock", "moor",
                "stay", "keep", "station", "berth", "base", "host", "maintain",
            ],
        )
}
