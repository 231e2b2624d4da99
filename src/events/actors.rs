//! Actors: the states whose forces or officials act in an event — Russia,
//! China, Iran, the U.S., … or several.
//!
//! The actor of a movement is the country of its mover: a demonym or
//! possessive modifying the force, ship or official ("Russian paratroopers",
//! "Russia's Pacific Fleet", "Chinese navy hospital ship", "the U.S.
//! guided-missile destroyer"), a navy prefix of a ship's name ("USNS",
//! "IRIS"), or the subject country ("China formally opened"); else the
//! mover the document named before. An arms transfer has a supplier and a
//! recipient; an agreement or exercise every party named with it.

use super::EventType;
use super::assets::AssetKind;
use super::context::SentenceCtx;
use super::lexicon;
use super::memory::{Memory, MoverKind, ship_prefix_country};
use super::places::{self, Located};
use super::spot::Found;
use super::text::TokKind;

/// Nouns a country can own that make it the actor.
fn actor_noun(w: &str) -> bool {
    lexicon::is_force(w)
        || lexicon::TITLES.contains(w)
        || matches!(
            w,
            "force"
                | "military"
                | "army"
                | "navy"
                | "air"
                | "defence"
                | "defense"
                | "government"
                | "officials"
                | "leader"
                | "troops"
                | "contingent"
                | "coast"
        )
}

/// The country modifying a mover before `i` in the clause, nearest first.
pub fn mover_country(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> Option<String> {
    let from = ctx.subject_start(clause, i);
    let located: Vec<Located> = ctx.located_in(from, i);
    for m in located.iter().rev() {
        if !places::is_country_like(m.mention) {
            continue;
        }
        let possessive = ctx
            .tokens
            .get(m.last + 1)
            .is_some_and(|t| t.kind == TokKind::Possessive);
        // "After leaving Mauritius the ship": a place the words before
        // govern is no owner of the ship after it.
        // So is a partner: "held a patrol with the Kenya Navy".
        let before = (m.first >= 2 && ctx.lower(m.first - 1) == "the")
            .then(|| m.first - 2)
            .or(m.first.checked_sub(1));
        let governed = before.is_some_and(|b| {
            matches!(
                ctx.lower(b),
                "leaving"
                    | "left"
                    | "departing"
                    | "departed"
                    | "from"
                    | "to"
                    | "into"
                    | "reaching"
                    | "with"
            )
        });
        let modifier =
            !governed && (m.mention.kind == "demonym" || possessive || m.mention.kind == "country");
        let owns =
            (m.last + 1..(m.last + 5).min(i)).any(|k| actor_noun(ctx.lower(k)) || ctx.is_vessel(k));
        if modifier && owns {
            return Some(m.mention.country.clone());
        }
    }
    // A navy prefix: "USNS Comfort", "IRIS Dena".
    ctx.assets
        .iter()
        .filter(|a| a.kind == AssetKind::Ship && a.first < i.max(clause.1))
        .find_map(|a| {
            let word = a.name.split_whitespace().next()?;
            ship_prefix_country(word).map(str::to_string)
        })
        .or_else(|| {
            ctx.vessels.iter().find_map(|&(s, _)| {
                ship_prefix_country(ctx.tokens.get(s.checked_sub(1)?)?.text)
                    .or_else(|| ship_prefix_country(ctx.tokens[s].text))
                    .map(str::to_string)
            })
        })
}

/// The subject country: a bare country opening the clause before the
/// trigger ("China formally opened", "On Wednesday Russia and Turkey
/// signed"), not an object of an earlier verb.
pub fn subject_country(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> Option<String> {
    // "Serbia's minister rejected reports that Russia had deployed ...": the
    // report's subject, not its reporter.
    let clause = match super::clauses::reported_content(&ctx.tokens, clause.0, i) {
        Some((start, _)) => (start, clause.1),
        None => clause,
    };
    // "China, which has positioned ...": the relative's antecedent.
    let mut k = i;
    while k > clause.0
        && matches!(
            ctx.lower(k - 1),
            "has"
                | "have"
                | "had"
                | "been"
                | "is"
                | "was"
                | "were"
                | "also"
                | "already"
                | "would"
                | "will"
                | "could"
        )
    {
        k -= 1;
    }
    if k >= 2
        && matches!(ctx.lower(k - 1), "which" | "who")
        && ctx.tokens[k - 2].is_punct(",")
        && let Some(m) = ctx
            .mentions
            .iter()
            .find(|m| m.last + 2 == k && m.mention.kind == "country")
    {
        return Some(m.mention.country.clone());
    }
    // "The Pentagon sends", "the Kremlin has sent": a seat of government.
    if k >= 1
        && let Some(c) = seat_of_government(ctx.tokens[k - 1].text)
    {
        return Some(c.to_string());
    }
    // "Beijing opened", "Moscow has sent": a capital right before the verb
    // stands for its government.
    if let Some(m) = ctx
        .mentions
        .iter()
        .find(|m| m.last + 1 == k && m.first >= clause.0 && places::is_capital(m.mention))
    {
        return Some(m.mention.country.clone());
    }
    ctx.located_in(clause.0, i)
        .iter()
        .find(|m| {
            m.mention.kind == "country"
                && !m.mention.country.is_empty()
                && !ctx.tokens[m.last + 1..i].iter().any(|t| t.is_punct(","))
                && (clause.0..m.first).all(|k| {
                    let t = &ctx.tokens[k];
                    t.is_capitalized()
                        || t.kind != TokKind::Word
                        || matches!(t.lower.as_str(), "the" | "on" | "in" | "last")
                })
        })
        .map(|m| m.mention.country.clone())
}

/// Buildings whose name stands for a government's defence or foreign
/// policy in news.
fn seat_of_government(word: &str) -> Option<&'static str> {
    Some(match word {
        "Pentagon" => "US",
        "Kremlin" => "RU",
        "Élysée" | "Elysee" => "FR",
        "Zhongnanhai" => "CN",
        _ => return None,
    })
}

/// The country of the ship or official after a host verb.
fn guest_country(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> Option<String> {
    ctx.located_in(i + 1, (i + 6).min(clause.1))
        .iter()
        .find(|m| places::is_country_like(m.mention))
        .map(|m| m.mention.country.clone())
}

/// Every country named in the clause (parties of an agreement or exercise).
fn parties(ctx: &SentenceCtx, clause: (usize, usize)) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in ctx.located_in(clause.0, clause.1) {
        if places::is_country_like(m.mention) && !out.contains(&m.mention.country) {
            out.push(m.mention.country.clone());
        }
    }
    out
}

/// The actors of one event, main actor first.
#[allow(clippy::too_many_arguments)]
pub fn of_event(
    ctx: &SentenceCtx,
    clause: (usize, usize),
    f: Found,
    ty: EventType,
    place_country: &str,
    origin: Option<&str>,
    memory: &Memory,
    focus: &[String],
) -> Vec<String> {
    let i = f.at;
    let mut out: Vec<String> = Vec::new();
    let mut push = |c: Option<String>| {
        if let Some(c) = c.filter(|c| !c.is_empty())
            && !out.contains(&c)
        {
            out.push(c);
        }
    };
    match ty {
        EventType::ArmsTransfer => {
            // A supplier not named in the sentence: the document's main actor.
            let supplier = origin
                .map(str::to_string)
                .or_else(|| mover_country(ctx, clause, i).filter(|c| c != place_country))
                .or_else(|| {
                    memory
                        .main_actor()
                        .filter(|c| *c != place_country)
                        .map(str::to_string)
                });
            push(supplier);
            push(Some(place_country.to_string()));
        }
        EventType::Agreement | EventType::PortCallAgreement | EventType::Exercise => {
            // "Chinese and Thai warships held drills": both, in their order.
            for c in joint_movers(ctx, clause, i) {
                push(Some(c));
            }
            push(subject_country(ctx, clause, i));
            push(mover_country(ctx, clause, i));
            // "Its crew held a joint exercise with X": the ship named before.
            let back = ctx
                .words(clause.0, i.min(clause.0 + 4))
                .any(|w| matches!(w, "its" | "it" | "they" | "their"))
                || the_mover_noun(ctx, clause, i);
            if ty == EventType::Exercise && back {
                push(memory.mover_country.clone());
            }
            for p in parties(ctx, clause) {
                push(Some(p));
            }
            let both = ctx
                .words(clause.0, clause.1)
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| {
                    matches!(
                        w,
                        [
                            "two" | "both",
                            "countries" | "nations" | "governments" | "sides"
                        ]
                    )
                });
            if both {
                for c in focus.iter().take(2) {
                    push(Some(c.clone()));
                }
            }
            push(Some(place_country.to_string()));
        }
        EventType::Visit => {
            // "The visit of Russian President X to Havana": the visitor follows.
            let after_of = (ctx.lower(i + 1) == "of")
                .then(|| guest_country(ctx, clause, i))
                .flatten();
            let pronoun = ctx
                .words(ctx.subject_start(clause, i), i)
                .any(|w| matches!(w, "he" | "she" | "they"));
            push(
                after_of
                    .or_else(|| mover_country(ctx, clause, i))
                    .or_else(|| subject_country(ctx, clause, i))
                    .or_else(|| pronoun.then(|| memory.mover_country.clone()).flatten())
                    // "Al-Abadi, who visited Ankara": the official named before.
                    .or_else(|| {
                        matches!(memory.mover, Some((MoverKind::Official, _)))
                            .then(|| memory.mover_country.clone())
                            .flatten()
                    }),
            );
            push(origin.map(str::to_string));
            push(Some(place_country.to_string()));
        }
        EventType::Deployment | EventType::PortCall => {
            let refers_back = refers_back(ctx, clause, i);
            // "welcomed a Chinese navy hospital ship": the guest's country.
            let guest = matches!(
                ctx.lower(i),
                "welcomed" | "welcomes" | "hosted" | "hosts" | "received" | "receives"
            )
            .then(|| guest_country(ctx, clause, i))
            .flatten();
            // A navy in its own port makes no port call: "Iran and Russia
            // sign a deal as warships visit Bandar Abbas" is Russia's call.
            let subject = subject_country(ctx, clause, i)
                .filter(|c| ty != EventType::PortCall || c != place_country);
            // "Russian and Chinese warships arrived": both, the first main.
            for c in joint_movers(ctx, clause, i) {
                push(Some(c));
            }
            push(
                guest
                    .or_else(|| mover_country(ctx, clause, i))
                    .or(subject)
                    .or_else(|| refers_back.then(|| memory.mover_country.clone()).flatten())
                    .or_else(|| {
                        origin
                            .filter(|c| ty != EventType::PortCall || *c != place_country)
                            .map(str::to_string)
                    })
                    .or_else(|| memory.mover_country.clone())
                    .or_else(|| focus.iter().find(|c| *c != place_country).cloned()),
            );
        }
    }
    out
}

/// The subject before the trigger refers to the document's last mover: "it",
/// "they", "its crew", "the ship", "the aircraft".
fn refers_back(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> bool {
    ctx.words(clause.0, i)
        .any(|w| matches!(w, "it" | "its" | "their" | "they" | "she" | "pair" | "both"))
        || the_mover_noun(ctx, clause, i)
}

/// "the ship", "the warships", "the aircraft" before the trigger.
fn the_mover_noun(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> bool {
    ctx.words(clause.0, i)
        .collect::<Vec<_>>()
        .windows(2)
        .any(|p| {
            p[0] == "the"
                && (lexicon::is_ship(p[1])
                    || lexicon::is_aircraft(p[1])
                    || matches!(p[1], "crew" | "crews" | "sailors"))
        })
}

/// The demonyms of a joint mover before `i`: "Russian and Chinese
/// warships", "U.S. and British troops".
fn joint_movers(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> Vec<String> {
    let from = ctx.subject_start(clause, i);
    let located = ctx.located_in(from, i);
    for pair in located.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let joined = b.first == a.last + 2 && ctx.lower(a.last + 1) == "and";
        // "Indian and Thai warships": "Thai" may resolve as the country.
        let demonyms = (a.mention.kind == "demonym" || b.mention.kind == "demonym")
            && places::is_country_like(a.mention)
            && places::is_country_like(b.mention);
        let moves = (b.last + 1..(b.last + 4).min(i + 1)).any(|k| {
            let w = ctx.lower(k);
            lexicon::is_force(w)
                || lexicon::is_ship(w)
                || lexicon::is_aircraft(w)
                || ctx.is_vessel(k)
        });
        if joined && demonyms && moves && a.mention.country != b.mention.country {
            return vec![a.mention.country.clone(), b.mention.country.clone()];
        }
    }
    Vec::new()
}
