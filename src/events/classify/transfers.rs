//! Arms-transfer triggers: supplying, acquiring and commissioning hardware.
//! A weapon must be what moves; an acquiring agent is the recipient.

use super::visits::host_event;
use super::{Site, Verdict};
use crate::events::EventType;
use crate::events::assets::AssetKind;
use crate::events::lexicon;
use crate::events::spot::BE;

/// "supplied", "delivered", "sold": a weapon as the object, or the
/// subject of a passive.
pub(super) fn supply(s: Site) -> Verdict {
    let (ctx, c0, c1, i) = (s.ctx, s.c0, s.c1, s.i);
    let next = ctx.lower(i + 1);
    let prev = ctx.lower(i.wrapping_sub(1));
    let w = ctx.lower(i);
    if next == "for" && w.starts_with("provid") {
        return None;
    }
    // What is supplied follows the verb, or precedes it in the passive.
    let window_end = (i + 14).min(c1);
    let passive = BE.contains(&prev) || BE.contains(&ctx.lower(i.wrapping_sub(2)));
    let object = ctx.weapon_in(i + 1, window_end) || (passive && ctx.weapon_in(c0, i));
    object.then_some((EventType::ArmsTransfer, false))
}

/// "bought", "received", "acquired": the agent is the recipient.
pub(super) fn acquire(s: Site) -> Verdict {
    let (ctx, c0, c1, i) = (s.ctx, s.c0, s.c1, s.i);
    let w = ctx.lower(i);
    // "Cuba received the frigate" hosts a call; "the Indian Navy
    // received its second frigate" takes delivery of one.
    let force_subject = ctx.words(c0, i).any(|w| {
        matches!(
            w,
            "navy" | "army" | "military" | "forces" | "ministry" | "air" | "guard"
        )
    });
    // "had not received any request from Moscow to station warships": what
    // is received is a message; the hardware is only what it is about.
    let message = (i + 1..(i + 4).min(c1)).any(|k| {
        matches!(
            ctx.lower(k),
            "request"
                | "requests"
                | "invitation"
                | "invitations"
                | "offer"
                | "offers"
                | "proposal"
                | "proposals"
                | "message"
                | "letter"
                | "assurances"
                | "approval"
                | "permission"
        )
    });
    if message {
        return None;
    }
    if matches!(w, "receive" | "receives" | "received")
        && !force_subject
        && let Some(t) = host_event(ctx, i, c1)
    {
        return Some(t);
    }
    (ctx.weapon_in(c0, c1) || ctx.ship_in(i + 1, c1)).then_some((EventType::ArmsTransfer, true))
}

/// "commissioned", "put into service": hardware built abroad.
pub(super) fn commission(s: Site) -> Verdict {
    let (ctx, c0, c1) = (s.ctx, s.c0, s.c1);
    // Hardware made abroad entering a force: "put two more
    // Russian-built Su-30SME fighters into service".
    let hardware = ctx.has_asset(c0, c1, |a| a.kind == AssetKind::Designation)
        || ctx
            .words(c0, c1)
            .any(|w| lexicon::is_aircraft(w) || lexicon::is_weapon(w));
    let foreign = ctx
        .mentions
        .iter()
        .any(|m| m.first >= c0 && m.last < c1 && m.mention.kind == "demonym")
        || ctx
            .words(c0, c1)
            .any(|w| w.ends_with("-built") || w.ends_with("-made"));
    (hardware && foreign).then_some((EventType::ArmsTransfer, true))
}
