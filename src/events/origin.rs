//! Where what moved came from: an origin ("flew from their home air base
//! at X", "sailed from X", "left X on a mission to Y") goes to the flow,
//! never to the event's place.

use crate::geoparse::Mention;

use super::attach::roles_for;
use super::context::SentenceCtx;
use super::places::{self, Located, Role};
use super::spot::Found;
use super::text::TokKind;

/// Where the forces, ships or weapons come from: a "from X" mention, else a
/// country modifying the moved thing ("Russian warships", "Russia's Navy
/// vessels"), else the agent of a sending verb.
pub fn origin<'m>(
    ctx: &SentenceCtx<'_, 'm>,
    clause: (usize, usize),
    f: Found,
    recipient_agent: bool,
    flow: bool,
) -> (Option<String>, Option<&'m Mention>) {
    let located = ctx.located_in(clause.0, clause.1);
    let roles = roles_for(ctx, &located, f);
    let i = f.at;
    if let Some((k, _)) = roles.iter().enumerate().find(|(_, r)| **r == Role::Source) {
        let m = located[k].mention;
        return (Some(m.country.clone()).filter(|c| !c.is_empty()), Some(m));
    }
    // Only a demonym or a possessive modifies: "Russian tanks", "Russia's
    // Navy vessels". The mover's modifier before the trigger first; after it
    // only within the object, not past "to <verb>" ("sent to train Central
    // African personnel" names the trainees).
    let object_end = (i + 1..clause.1)
        .find(|&k| {
            (ctx.lower(k) == "to" && !ctx.in_mention(k + 1) && ctx.lower(k + 1) != "the")
                || ctx.tokens[k].is_punct(",")
        })
        .unwrap_or(clause.1);
    // A reporter is no sender: "Serbia's minister rejected reports that
    // Russia had deployed ...".
    let content = super::clauses::reported_content(&ctx.tokens, clause.0, i).map_or(0, |c| c.0);
    let mut modifiers: Vec<&Located> = located
        .iter()
        .filter(|m| m.last < i && m.first >= content)
        .collect();
    modifiers.reverse();
    // "delivered drones to Venezuela's armed forces": the recipient.
    modifiers.extend(located.iter().filter(|m| {
        m.first > i
            && m.last < object_end
            && !matches!(ctx.lower(m.first - 1), "to" | "for" | "into")
    }));
    for m in modifiers {
        let possessive = ctx
            .tokens
            .get(m.last + 1)
            .is_some_and(|t| t.kind == TokKind::Possessive);
        if !(m.mention.kind == "demonym" || possessive) || m.mention.country.is_empty() {
            continue;
        }
        let modifies = (m.last + 1..(m.last + 4).min(ctx.tokens.len())).any(|k| {
            let w = ctx.lower(k);
            super::lexicon::is_force(w)
                || super::lexicon::is_weapon(w)
                || ctx.has_asset(k, k + 1, |_| true)
        });
        if modifies {
            return (Some(m.mention.country.clone()), None);
        }
    }
    if !recipient_agent && let Some(c) = super::actors::subject_country(ctx, clause, i) {
        return (Some(c), None);
    }
    if !recipient_agent {
        // The subject: the first country named before the trigger in its own
        // comma segment, else the first named before it.
        // Never a country inside a phrase ("flew ... to the base in Syria
        // and placed"): a subject stands bare.
        let before: Vec<&Located> = located
            .iter()
            .zip(&roles)
            .filter(|(m, r)| m.last < i && places::is_country_like(m.mention) && **r == Role::Agent)
            .map(|(m, _)| m)
            .collect();
        let same_segment = before
            .iter()
            .find(|m| !ctx.tokens[m.last + 1..i].iter().any(|t| t.is_punct(",")));
        if let Some(m) = same_segment.or(before.first()) {
            return (Some(m.mention.country.clone()), None);
        }
    }
    // A single country outside the destinations: the only candidate sender.
    let dest_countries: Vec<&str> = located
        .iter()
        .zip(&roles)
        .filter(|(_, r)| **r == Role::Dest)
        .map(|(m, _)| m.mention.country.as_str())
        .collect();
    let mut others: Vec<&str> = located
        .iter()
        .zip(&roles)
        .filter(|(m, r)| {
            places::is_country_like(m.mention) && **r != Role::Dest && !m.mention.country.is_empty()
        })
        .map(|(m, _)| m.mention.country.as_str())
        .filter(|c| !dest_countries.contains(c))
        .collect();
    others.dedup();
    if others.len() == 1 && !recipient_agent && flow {
        return (Some(others[0].to_string()), None);
    }
    (None, None)
}
