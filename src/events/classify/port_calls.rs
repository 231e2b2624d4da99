//! Port-call triggers: a ship docking, calling, anchoring or refuelling at a
//! port, and the test that tells a ship's port call (a port, city or base)
//! from a deployment (a country or sea).

use super::{Site, Verdict};
use crate::events::EventType;
use crate::events::context::SentenceCtx;
use crate::events::memory::MoverKind;
use crate::events::mover::mover;
use crate::events::places::Role;
use crate::events::spot::Found;

/// "docked", "called at", "anchored off", "refuelled in": a ship at a port.
pub(super) fn call(s: Site) -> Verdict {
    let (ctx, c0, c1, i, memory) = (s.ctx, s.c0, s.c1, s.i, s.memory);
    let next = ctx.lower(i + 1);
    let prev = ctx.lower(i.wrapping_sub(1));
    let w = ctx.lower(i);
    let at_port = matches!(next, "at" | "in" | "into" | "off" | "there") || prev == "port";
    let ok = match w {
        "call" | "calls" => at_port,
        "called" | "calling" | "stopped" | "stop" | "stops" | "stopping" => {
            at_port && ctx.ship_in(c0, c1)
        }
        // "refuelled in Cape Town", not "refuelled in flight".
        "refuelled" | "refueled" | "refuelling" | "refueling" | "refuels" => {
            matches!(next, "in" | "at" | "off")
                && (i + 2..(i + 4).min(c1)).any(|k| ctx.in_mention(k))
                && (ctx.ship_in(c0, c1) || mover(ctx, c0, i, memory) == Some(MoverKind::Ship))
        }
        // "tied up at", "put in at", "refuelled in", "anchored off".
        _ => ctx.ship_in(c0, c1) || mover(ctx, c0, i, memory) == Some(MoverKind::Ship),
    };
    ok.then_some((EventType::PortCall, false))
}

/// Ships arriving at a port or city make a port call; at a country or sea, a
/// deployment.
pub fn ship_event(ctx: &SentenceCtx, f: Found, c1: usize) -> EventType {
    let i = f.at;
    let located = ctx.located_in(ctx.clause_of(i).map_or(0, |c| c.0), c1);
    let roles = crate::events::attach::roles_for(ctx, &located, f);
    let port_like = located.iter().zip(&roles).any(|(m, r)| {
        *r == Role::Dest
            && (m.first > i || m.facility.is_some())
            && (matches!(
                m.mention.kind.as_str(),
                "port" | "city" | "airport" | "airbase"
            ) || m.facility.is_some())
    });
    if port_like
        || ctx.any_word(
            i,
            c1,
            &["port", "harbour", "harbor", "pier", "quay", "berth"],
        )
        || base_destination(ctx, i, c1)
    {
        EventType::PortCall
    } else {
        EventType::Deployment
    }
}

/// A warship arriving "at the naval base in X" or "at the cruise terminal"
/// calls there: the facility noun ends the trigger's own phrase.
fn base_destination(ctx: &SentenceCtx, i: usize, c1: usize) -> bool {
    let end = (i + 8).min(c1);
    let Some(prep) = (i + 1..end).find(|&k| matches!(ctx.lower(k), "at" | "in" | "into" | "to"))
    else {
        return false;
    };
    ctx.any_word(
        prep,
        end,
        &[
            "base",
            "terminal",
            "wharf",
            "jetty",
            "dockyard",
            "anchorage",
        ],
    )
}
