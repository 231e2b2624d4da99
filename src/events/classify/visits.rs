//! Visit triggers: an official's visit, tour or talks in person, and a host
//! receiving a guest (an official, or a ship making a port call).

use super::{Site, Verdict};
use crate::events::EventType;
use crate::events::context::SentenceCtx;
use crate::events::lexicon;
use crate::events::memory::MoverKind;
use crate::events::mover::{mover, mover_after};
use crate::events::triggers::{self, Trigger};

/// "visit", "tour", "trip": an official's visit, or a ship's call.
pub(super) fn visit(s: Site) -> Verdict {
    let (ctx, c0, c1, i, memory) = (s.ctx, s.c0, s.c1, s.i, s.memory);
    let next = ctx.lower(i + 1);
    let prev = ctx.lower(i.wrapping_sub(1));
    let w = ctx.lower(i);
    if prev == "to"
        && ctx
            .words(c0, i)
            .any(|w| triggers::lookup(w) == Some(Trigger::Permit))
    {
        return None;
    }
    // "the visit of the Russian ships", "a visit to X by President Y":
    // the visitor follows the noun.
    let after = if matches!(next, "of" | "to" | "by") {
        mover_after(ctx, i + 1, c1)
    } else {
        None
    };
    // "officers toured the ship", "the minister visited the
    // frigate": people going aboard a ship in port. An official's
    // tour is a visit; anyone else's is part of the ship's call,
    // told elsewhere.
    let aboard = !matches!(w, "visit" | "visits" | "tour" | "trip")
        && (i + 1..(i + 4).min(c1)).any(|k| {
            ctx.is_vessel(k)
                || (lexicon::is_ship(ctx.lower(k)) && !matches!(ctx.lower(k), "navy" | "fleet"))
        });
    if aboard {
        return (mover(ctx, c0, i, memory) == Some(MoverKind::Official))
            .then_some((EventType::Visit, false));
    }
    match after.or_else(|| mover(ctx, c0, i, memory)) {
        Some(MoverKind::Ship) => Some((EventType::PortCall, false)),
        Some(MoverKind::Official) => Some((EventType::Visit, false)),
        Some(MoverKind::Force) => None,
        None => (ctx.title_in(i, (i + 8).min(c1)) || ctx.person_in(i + 1, (i + 6).min(c1)))
            .then_some((EventType::Visit, false)),
    }
}

/// "met with", "talks with": officials in person.
pub(super) fn meet(s: Site) -> Verdict {
    let (ctx, c0, c1, i) = (s.ctx, s.c0, s.c1, s.i);
    let next = ctx.lower(i + 1);
    let w = ctx.lower(i);
    let with = next == "with" || ctx.lower(i + 2) == "with" || w == "met";
    let remote = ctx.any_word(
        c0,
        c1,
        &[
            "phone",
            "telephone",
            "video",
            "videoconference",
            "virtual",
            "online",
        ],
    );
    // "spent five days in X, where its commander met local officers": a
    // ship's officers meeting their hosts are part of the ship's call.
    let ship_officers = (i.saturating_sub(4)..i).any(|k| {
        matches!(ctx.lower(k), "commander" | "captain" | "officers" | "crew")
            && matches!(ctx.lower(k.wrapping_sub(1)), "its" | "their")
    }) && matches!(s.memory.mover, Some((MoverKind::Ship, _)));
    (with && !remote && !ship_officers && ctx.title_in(c0, c1)).then_some((EventType::Visit, false))
}

/// "received Libyan commander X", "welcomed a Chinese hospital ship": a
/// visit when the guest is a named official, a port call when it is a ship.
pub(super) fn host_event(ctx: &SentenceCtx, i: usize, c1: usize) -> Option<(EventType, bool)> {
    let end = (i + 8).min(c1);
    for k in i + 1..end {
        let w = ctx.lower(k);
        if ctx.is_vessel(k)
            || (lexicon::is_ship(w) && !matches!(w, "navy" | "fleet") && !ctx.air_tanker(k))
        {
            return Some((EventType::PortCall, false));
        }
        if lexicon::TITLES.contains(&w) && ctx.is_name_word(k + 1) {
            return Some((EventType::Visit, false));
        }
    }
    None
}
