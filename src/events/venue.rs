//! The venue of a deployment's purpose: forces that "arrived in Laos for the
//! X exercise, which will be held in Savannakhet province" or "were sent to
//! Mali for training in Gao" went to the exercise's place, which the
//! sentence names more precisely than the country they arrived in.

use super::attach::Chosen;
use super::context::SentenceCtx;
use super::places;
use super::triggers;

/// Nouns of the activity forces come for.
const PURPOSES: &[&str] = &[
    "exercise",
    "exercises",
    "drill",
    "drills",
    "manoeuvres",
    "maneuvers",
    "games",
    "wargames",
    "training",
    "trainings",
];

/// A more specific place of the same country where the purpose named after
/// the trigger at `i` happens, for a deployment placed at a country.
pub fn refine<'m>(ctx: &SentenceCtx<'_, 'm>, i: usize, chosen: &Chosen<'m>) -> Option<Chosen<'m>> {
    let country = chosen.located.mention;
    if !places::is_country_like(country) {
        return None;
    }
    let end = ctx.tokens.len();
    // "for the ... exercise" right after the destination, within a few words.
    let after = chosen.located.last.max(i) + 1;
    let purpose = (after..(after + 10).min(end))
        .find(|&k| PURPOSES.contains(&ctx.lower(k)))
        .filter(|&k| ctx.any_word(after, k, &["for"]))?;
    let venue = ctx.located_in(purpose + 1, end).into_iter().find(|m| {
        m.mention.country == country.country
            && places::specificity(m.mention) > places::specificity(country)
            && m.first > 0
            && matches!(ctx.lower(m.first - 1), "in" | "at" | "near")
            && m.first - purpose <= 16
            // Not the place of the report ("..., the ministry said in X").
            && !ctx.any_in(purpose, m.first, &triggers::REPORTING)
            && !(purpose..m.first).any(|k| ctx.lower(k) == ";")
    })?;
    Some(Chosen {
        located: venue,
        fallback: chosen.fallback,
    })
}
