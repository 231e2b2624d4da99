//! The mover of a movement or visit: a ship, a force or an official, named
//! before the trigger ("the frigate ... sailed"), after an event noun ("the
//! visit of the frigate X", "a visit to X by President Y"), or referred to
//! by a pronoun ("It turned up twice", "the first pair arrived") and taken
//! from the document's memory.

use super::assets::AssetKind;
use super::context::SentenceCtx;
use super::lexicon;
use super::memory::{Memory, MoverKind};

/// The subject of a movement or visit: what comes before the trigger.
pub fn mover(ctx: &SentenceCtx, from: usize, trigger: usize, memory: &Memory) -> Option<MoverKind> {
    let clause = ctx.clause_of(trigger).unwrap_or((from, trigger));
    let from = from.max(ctx.subject_start((clause.0.max(from), clause.1), trigger));
    for i in (from..trigger).rev() {
        let w = ctx.lower(i);
        if ctx.is_vessel(i)
            || (lexicon::is_ship(w) && !ctx.air_tanker(i))
            || ctx.has_asset(i, i + 1, |a| a.kind == AssetKind::Ship)
        {
            return Some(MoverKind::Ship);
        }
        // "its crew sailed on", "the frigate's sailors": a ship's crew moves
        // with its ship.
        if let Some(kind) = crew_of_ship(ctx, i, memory) {
            return Some(kind);
        }
        if lexicon::is_aircraft(w)
            || ctx.air_tanker(i)
            || lexicon::is_troop(w)
            || ctx.has_asset(i, i + 1, |a| a.kind == AssetKind::Designation)
        {
            return Some(MoverKind::Force);
        }
        if lexicon::TITLES.contains(&w) {
            return Some(MoverKind::Official);
        }
        // "It turned up", "They were in Alexandria", "The first pair arrived":
        // the last mover of the document.
        // "The first pair arrived", "Both landed": the hardware named before.
        if matches!(w, "pair" | "both") && !memory.hardware.is_empty() && trigger - i <= 4 {
            return Some(MoverKind::Force);
        }
        // A pronoun subject near the verb or opening the clause.
        let pronoun = matches!(w, "it" | "they" | "she" | "he")
            && !ctx
                .tokens
                .get(i + 1)
                .is_some_and(|t| t.kind == super::text::TokKind::Possessive)
            && (trigger - i <= 4 || i <= from + 3);
        if pronoun && let Some((kind, _)) = &memory.mover {
            return Some(*kind);
        }
    }
    if ctx.person_in(trigger.saturating_sub(4), trigger) {
        return Some(MoverKind::Official);
    }
    if let Some(kind) = framed_subject(ctx, trigger, memory) {
        return Some(kind);
    }
    antecedent(ctx, from, trigger)
}

/// "Before reaching Cuba the vessels held drills", "After landing in X, the
/// bombers ...": a gerund framing the main clause has its subject after it.
fn framed_subject(ctx: &SentenceCtx, trigger: usize, memory: &Memory) -> Option<MoverKind> {
    // Arrivals only: "After leaving X the ship will sail to Y" tells the
    // sailing, not the leaving.
    let framed = matches!(
        ctx.lower(trigger),
        "reaching" | "arriving" | "landing" | "entering" | "docking" | "touching"
    ) && trigger > 0
        && matches!(
            ctx.lower(trigger - 1),
            "before" | "after" | "upon" | "on" | "while" | "since"
        );
    if !framed {
        return None;
    }
    for k in trigger + 1..(trigger + 12).min(ctx.tokens.len()) {
        let w = ctx.lower(k);
        if ctx.is_vessel(k) || (lexicon::is_ship(w) && !ctx.air_tanker(k)) {
            return Some(MoverKind::Ship);
        }
        if lexicon::is_aircraft(w) || lexicon::is_troop(w) {
            return Some(MoverKind::Force);
        }
        if lexicon::TITLES.contains(&w) {
            return Some(MoverKind::Official);
        }
        if matches!(w, "it" | "they") {
            return memory.mover.as_ref().map(|(kind, _)| *kind);
        }
    }
    None
}

/// The ship whose crew the word at `i` is: "its crew" after a ship was
/// the document's last mover, or "the frigate's crew".
fn crew_of_ship(ctx: &SentenceCtx, i: usize, memory: &Memory) -> Option<MoverKind> {
    if !matches!(ctx.lower(i), "crew" | "crews" | "sailors" | "crewmen") || i == 0 {
        return None;
    }
    let prev = i - 1;
    if matches!(ctx.lower(prev), "its" | "their" | "the") {
        return matches!(memory.mover, Some((MoverKind::Ship, _))).then_some(MoverKind::Ship);
    }
    let owner = prev.checked_sub(1)?;
    let ship = ctx.tokens[prev].kind == super::text::TokKind::Possessive
        && (ctx.is_vessel(owner) || lexicon::is_ship(ctx.lower(owner)));
    ship.then_some(MoverKind::Ship)
}

/// "toured the vessel, which later sailed on to X": the mover of a
/// relative clause is the noun the clause hangs on.
fn antecedent(ctx: &SentenceCtx, from: usize, trigger: usize) -> Option<MoverKind> {
    // The pronoun opens the clause, a few words before the verb ("which
    // later sailed").
    let start = from.saturating_sub(1).min(trigger.saturating_sub(4));
    let rel = (start..trigger)
        .rev()
        .find(|&k| matches!(ctx.lower(k), "which" | "that" | "who"))?;
    let mut k = rel.checked_sub(1)?;
    if ctx.tokens[k].is_punct(",") {
        k = k.checked_sub(1)?;
    }
    let w = ctx.lower(k);
    if ctx.is_vessel(k) || (lexicon::is_ship(w) && !ctx.air_tanker(k)) {
        Some(MoverKind::Ship)
    } else if lexicon::is_aircraft(w) || lexicon::is_troop(w) {
        Some(MoverKind::Force)
    } else {
        None
    }
}

/// The mover named right after a noun ("visit of the frigate X", "a visit
/// to New Delhi by President X").
pub fn mover_after(ctx: &SentenceCtx, from: usize, to: usize) -> Option<MoverKind> {
    for k in from..(from + 8).min(to) {
        let w = ctx.lower(k);
        if ctx.is_vessel(k)
            || (lexicon::is_ship(w) && !ctx.air_tanker(k))
            || ctx.has_asset(k, k + 1, |a| a.kind == AssetKind::Ship)
        {
            return Some(MoverKind::Ship);
        }
        if lexicon::TITLES.contains(&w) {
            return Some(MoverKind::Official);
        }
    }
    None
}
