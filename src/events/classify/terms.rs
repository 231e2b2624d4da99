//! The terms of an agreement: a clause that says what forces "may" do, or
//! "are allowed to" do, because an agreement says so ("Under the pact,
//! frigates may berth at X"; "... signed a treaty on Friday. Its patrol
//! boats can refuel at Y"). Such a modal is a permission, not speculation:
//! the clause reports the agreement, placed at what it opens. A bare "may"
//! ("the fleet may send ships to X") stays a hypothetical.

use super::Site;
use crate::events::EventType;
use crate::events::context::SentenceCtx;
use crate::events::lexicon;
use crate::events::triggers::{self, Trigger};

/// Modals that state a permission when an agreement is their source.
const PERMISSION_MODALS: &[&str] = &["may", "can"];

/// Words that make the agreement a plan or a proposal, or the modal a
/// guess ("analysts said the navy may eventually ...").
const UNSETTLED: &[&str] = &[
    "proposed",
    "draft",
    "planned",
    "possible",
    "future",
    "potential",
    "envisaged",
    "negotiating",
    "if",
    "eventually",
    "perhaps",
    "possibly",
    "likely",
    "analysts",
    "experts",
];

/// Forces as the subject of the modal: a ship, an aircraft, troops or a
/// vessel's name.
fn forces_before(ctx: &SentenceCtx, from: usize, to: usize) -> bool {
    (from..to).any(|k| {
        let w = ctx.lower(k);
        ctx.is_vessel(k) || lexicon::is_ship(w) || lexicon::is_aircraft(w) || lexicon::is_troop(w)
    })
}

/// The sentence or the one before it reports an agreement the clause can
/// be the content of, and nothing marks that agreement as unsettled.
fn agreement_source(s: &Site) -> bool {
    let ctx = s.ctx;
    let n = ctx.tokens.len();
    let named_here = ctx.any_in(0, n, &triggers::AGREEMENT_NOUNS);
    if ctx.any_word(0, n, UNSETTLED) {
        return false;
    }
    named_here || s.memory.agreement_reported
}

/// Where the permission's modal is: "warships may dock" (`may` before the
/// trigger, forces before the modal, no other hypothetical in the clause).
fn permission_modal(s: &Site) -> Option<usize> {
    let ctx = s.ctx;
    let k = (s.c0..s.i)
        .rev()
        .find(|&k| PERMISSION_MODALS.contains(&ctx.lower(k)) && !ctx.tokens[k].is_capitalized())?;
    let other_hypothetical = (s.c0..s.c1).any(|j| {
        j != k
            && triggers::HYPOTHETICAL.contains(ctx.lower(j))
            && !(ctx.lower(j) == "may" && ctx.tokens[j].is_capitalized())
    });
    // "may dock", "may also call", "can, on request, berth": the modal
    // governs this trigger, close before it.
    (forces_before(ctx, s.c0, k) && !other_hypothetical && s.i - k <= 4).then_some(k)
}

/// The type of an agreement whose terms the clause states: ships let into a
/// port make a port-call agreement, anything else an agreement.
fn terms_type(s: &Site) -> EventType {
    let ctx = s.ctx;
    let port = ctx.any_word(
        s.i,
        s.c1,
        &[
            "port", "ports", "harbour", "harbours", "harbor", "harbors", "pier", "naval",
        ],
    ) || super::port_calls::ship_event(ctx, s.f, s.c1) == EventType::PortCall;
    if ctx.ship_in(s.c0, s.c1) && port {
        EventType::PortCallAgreement
    } else {
        EventType::Agreement
    }
}

/// The agreement a movement or port-call trigger states the terms of, when
/// its clause is such a statement.
pub(super) fn stated_terms(s: Site) -> Option<EventType> {
    let movement = matches!(
        s.f.trigger,
        Trigger::Call | Trigger::Move | Trigger::Send | Trigger::Presence
    );
    (movement && permission_modal(&s).is_some() && agreement_source(&s)).then(|| terms_type(&s))
}

/// A permission ("are allowed to land") that an agreement of this or the
/// previous sentence grants is that agreement, not a deployment.
pub(super) fn granted_terms(s: Site) -> Option<EventType> {
    let subject = forces_before(s.ctx, s.c0, s.i);
    (s.f.trigger == Trigger::Permit && subject && agreement_source(&s)).then(|| terms_type(&s))
}
