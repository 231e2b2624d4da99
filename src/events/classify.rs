//! Triggers and their arguments: which event type a spotted trigger
//! ([`super::spot`]) announces once its arguments are checked — what moved
//! (a ship, a force, an official: [`super::mover`]), what was sold, which
//! agreement, which port.

mod agreements;
mod exercises;
mod movement;
mod port_calls;
mod terms;
mod transfers;
mod visits;

use super::EventType;
use super::context::SentenceCtx;
use super::memory::Memory;
use super::spot::Found;
use super::triggers::Trigger;

pub use agreements::port_permission;
pub use port_calls::ship_event;

/// A spotted trigger in its clause, with the document's memory: what each
/// family's rule reads.
#[derive(Clone, Copy)]
struct Site<'s, 'a, 'm> {
    ctx: &'s SentenceCtx<'a, 'm>,
    c0: usize,
    c1: usize,
    f: Found,
    /// The trigger's token.
    i: usize,
    memory: &'s Memory<'m>,
}

/// The event type a trigger announces, and whether its agent is the
/// recipient; none when its arguments do not support one.
type Verdict = Option<(EventType, bool)>;

/// Decides the event type of a trigger in its clause, or none. The flag
/// tells whether the trigger's agent is the recipient ("bought", "received").
pub fn classify(
    ctx: &SentenceCtx,
    clause: (usize, usize),
    f: Found,
    memory: &Memory,
) -> Option<(EventType, bool)> {
    let s = Site {
        ctx,
        c0: clause.0,
        c1: clause.1,
        f,
        i: f.at,
        memory,
    };
    if let Some(ty) = terms::stated_terms(s).or_else(|| terms::granted_terms(s)) {
        return Some((ty, false));
    }
    match f.trigger {
        Trigger::Send => movement::send(s),
        Trigger::DeployNoun => movement::deploy_noun(s),
        Trigger::Move => movement::moving(s),
        Trigger::Depart => movement::departing(s),
        Trigger::Presence => movement::presence(s),
        Trigger::Secure => movement::secure(s),
        Trigger::Open => movement::open(s),
        Trigger::Visit => visits::visit(s),
        Trigger::Meet => visits::meet(s),
        Trigger::Host => visits::host_event(ctx, f.at, clause.1),
        Trigger::Call => port_calls::call(s),
        Trigger::Supply => transfers::supply(s),
        Trigger::Acquire => transfers::acquire(s),
        Trigger::Commission => transfers::commission(s),
        Trigger::Sign => agreements::sign(s),
        Trigger::Permit => agreements::permit(s),
        Trigger::Exercise => exercises::exercise(s),
    }
}
