//! Place attachment: where an event happened (where what moved came from
//! is [`super::origin`]).
//!
//! The place is the most specific located place of the best role the clause
//! gives for the trigger — a destination or location over the agent over a
//! partner — so an air base beats its city and a city its country. An
//! origin ("flew from their home air base at X", "sailed from X", "left X
//! on a mission to Y") goes to the flow, never to the event's place. When a
//! clause names no place at all, a pronoun or ship noun for the subject
//! takes the last place the document's events happened at, and a sentence
//! that names a city elsewhere gives it, both with lower confidence.

use crate::geoparse::Mention;

use super::context::SentenceCtx;
use super::memory::Memory;
use super::places::{self, Located, Role};
use super::spot::{self, Found};
use super::text::TokKind;
use super::triggers::Trigger;
use super::{EventType, lexicon};

/// A chosen place: the located phrase and how it was found.
#[derive(Debug, Clone, Copy)]
pub struct Chosen<'m> {
    pub located: Located<'m>,
    /// Taken from outside the trigger's own window or clause.
    pub fallback: bool,
}

pub fn roles_for(ctx: &SentenceCtx, located: &[Located], f: Found) -> Vec<Role> {
    let mut roles = places::roles(&ctx.tokens, located, f.at);
    for (r, m) in roles.iter_mut().zip(located) {
        // "the U.S. Africa Command said the jets had landed at ...": the
        // reporter's own names are not where the event happened (unless
        // set as a place: "in Caracas, officials said ...").
        let locative = m.first > 0
            && matches!(
                ctx.lower(m.first - 1),
                "in" | "at" | "to" | "into" | "near" | "from"
            );
        let reporter = m.last < f.at
            && !locative
            && (m.last + 1..f.at).any(|k| super::triggers::REPORTING.contains(ctx.lower(k)));
        if reporter || places::metonym_subject(&ctx.tokens, m) {
            *r = Role::Aside;
        }
    }
    if f.trigger == Trigger::Depart {
        // "left Miami": the object of a departure is where it came from.
        for (r, m) in roles.iter_mut().zip(located) {
            let direct = m.first > f.at
                && ctx.tokens[f.at + 1..m.first].iter().all(|t| {
                    matches!(t.lower.as_str(), "the" | "port" | "of")
                        || t.kind == TokKind::Possessive
                });
            if direct {
                *r = Role::Source;
            }
        }
    }
    roles
}

/// What the place chooser needs to know about the trigger.
pub struct Want<'a> {
    pub ty: EventType,
    pub recipient_agent: bool,
    pub origin: Option<&'a str>,
    pub first_actor: Option<&'a str>,
    pub focus: Option<&'a str>,
}

/// The place(s) of an event: the most specific located place of the best
/// role, several when a list of countries shares that role ("to Cuba,
/// Venezuela and Nicaragua").
pub fn choose<'m>(
    ctx: &SentenceCtx<'_, 'm>,
    clause: (usize, usize),
    window: (usize, usize),
    f: Found,
    want: &Want,
) -> Vec<Chosen<'m>> {
    let i = f.at;
    let ty = want.ty;
    let in_clause = ctx.located_in(clause.0, clause.1);
    let roles = roles_for(ctx, &in_clause, f);
    let directional = matches!(
        ty,
        EventType::Deployment
            | EventType::PortCall
            | EventType::ArmsTransfer
            | EventType::Visit
            | EventType::PortCallAgreement
    );
    // For directional events the origin is not the destination; for
    // agreements and exercises the document's own country is not the place
    // when a partner is named.
    let excluded = if directional { want.origin } else { want.focus };
    // A partner is named when another country stands in the clause as a
    // place or party — not "from Russia" (a supplier) or "according to
    // Russian media".
    let others_named = in_clause.iter().zip(&roles).any(|(m, r)| {
        places::is_country_like(m.mention)
            && want.focus.is_some_and(|f| f != m.mention.country)
            && !matches!(r, Role::Source | Role::Aside)
            && !(m.mention.kind == "demonym" && *r == Role::Other)
    });
    // "began the exercise in northern Norway, Sweden and Finland": a country
    // the exercise is held in is its place, the document's own or not.
    let held_in = |m: &Located, r: Role| {
        ty == EventType::Exercise
            && r == Role::Dest
            && (m.first.saturating_sub(2)..m.first).any(|k| ctx.lower(k) == "in")
    };
    // An agreement about "Britain's camp near X" is at X, not in Britain.
    let agreement = matches!(ty, EventType::Agreement | EventType::PortCallAgreement);
    let owners_only = in_clause
        .iter()
        .all(|m| m.mention.kind == "demonym" || places::is_possessor(&ctx.tokens, m));
    let usable = |m: &Located, r: Role| {
        let is_excluded = places::is_country_like(m.mention)
            && excluded.is_some_and(|o| o == m.mention.country)
            && !held_in(m, r);
        let owner = agreement && !owners_only && places::is_possessor(&ctx.tokens, m);
        // "sailed from X on Oct. 2 and are due in Y": Y is another
        // predicate's, the same subject's next stop.
        let next_predicate = (i + 1..m.first).any(|k| {
            ctx.lower(k) == "and"
                && matches!(ctx.lower(k + 1), "are" | "is" | "will" | "was" | "were")
        });
        r != Role::Source
            && !next_predicate
            && r != Role::Aside
            && !owner
            && !(is_excluded && (directional || others_named))
    };
    // "The jets flew in from Alaska": the particle stands for the place
    // told before; a place further on ("a mission over X") is no destination.
    let particle = f.trigger == Trigger::Move
        && matches!(ctx.lower(i + 1), "in" | "back")
        && !ctx.in_mention(i + 2)
        && !matches!(ctx.lower(i + 2), "the" | "a");
    let order: &[Role] = if particle {
        &[Role::Dest]
    } else if want.recipient_agent {
        &[Role::Dest, Role::Agent, Role::Other, Role::Partner]
    } else if matches!(ty, EventType::Agreement | EventType::Exercise) {
        &[Role::Dest, Role::Partner, Role::Other, Role::Agent]
    } else {
        &[Role::Dest, Role::Other, Role::Partner, Role::Agent]
    };
    // "on Azerbaijani territory", "off the Syrian coast": a demonym with a
    // land or sea noun names the country.
    let territorial = |m: &Located| {
        m.mention.kind == "demonym"
            && matches!(
                ctx.lower(m.last + 1),
                "territory" | "soil" | "waters" | "airspace" | "coast" | "shores"
            )
    };
    let of_forces = |m: &Located| {
        (m.last + 1..(m.last + 4).min(ctx.tokens.len()))
            .take_while(|&k| !ctx.tokens[k].is_punct(","))
            .any(|k| lexicon::is_force(ctx.lower(k)) || ctx.is_vessel(k))
    };
    // Demonyms ("the Latin American country", "Russian troops") modify a
    // noun: they place an event only when no place noun is available, and
    // never an exercise ("with the Egyptian frigate").
    let pick = |from: usize, to: usize, demonyms: bool| -> Option<(Role, Vec<Located<'m>>)> {
        let cands: Vec<(Located<'m>, Role)> = in_clause
            .iter()
            .zip(&roles)
            .filter(|(m, r)| m.first >= from && m.last < to && usable(m, **r))
            .filter(|(m, _)| demonyms || m.mention.kind != "demonym" || territorial(m))
            // "to shadow Chinese ships", "close to Russian bombers": a
            // demonym of forces names whose they are, never where.
            .filter(|(m, _)| !(m.mention.kind == "demonym" && of_forces(m)))
            // An exercise's participants named before it ("the Russian and
            // Indian armies conducted"), never its partners after ("with
            // the Egyptian navy").
            .filter(|(m, _)| {
                !(ty == EventType::Exercise
                    && m.mention.kind == "demonym"
                    && m.first > i
                    && !territorial(m))
            })
            .map(|(m, r)| (*m, *r))
            .collect();
        order.iter().find_map(|role| {
            let of_role: Vec<Located<'m>> = cands
                .iter()
                .filter(|(_, r)| r == role)
                .map(|(m, _)| *m)
                .collect();
            (!of_role.is_empty()).then_some((*role, of_role))
        })
    };
    let demonym_ok = true;
    // A port-call agreement is about the port its permission names ("lets
    // Russian warships enter Cam Ranh"), not the city it was signed in.
    if ty == EventType::PortCallAgreement
        && let Some(k) = (clause.0..clause.1)
            .find(|&k| super::triggers::lookup(ctx.lower(k)) == Some(Trigger::Permit))
    {
        let after: Vec<Located<'m>> = in_clause.iter().filter(|m| m.first > k).copied().collect();
        if let Some(m) = after
            .iter()
            .filter(|m| m.mention.kind != "demonym" && places::specificity(m.mention) >= 2)
            .max_by_key(|m| places::specificity(m.mention))
        {
            return vec![Chosen {
                located: *m,
                fallback: false,
            }];
        }
    }
    let found = pick(window.0, window.1, false)
        .map(|(r, c)| (r, c, false))
        .or_else(|| pick(clause.0, clause.1, false).map(|(r, c)| (r, c, true)))
        .or_else(|| {
            demonym_ok
                .then(|| pick(window.0, window.1, true))
                .flatten()
                .map(|(r, c)| (r, c, false))
        })
        .or_else(|| {
            demonym_ok
                .then(|| pick(clause.0, clause.1, true))
                .flatten()
                .map(|(r, c)| (r, c, true))
        });
    let Some((role, mut cands, fallback)) = found else {
        return Vec::new();
    };
    // "arrived at X airport ... and will be deployed to Y": Y is where the
    // deployment goes, X another verb's place.
    let verb = !spot::is_event_noun(ctx, i) && f.trigger != Trigger::Exercise;
    if role == Role::Dest && verb && cands.iter().any(|m| m.first > i) {
        let others_place = |m: &Located| {
            let verb_between = (m.last + 1..i).any(|k| {
                super::triggers::lookup(ctx.lower(k))
                    .is_some_and(|t| matches!(t, Trigger::Move | Trigger::Send))
            });
            let governed =
                m.first > clause.0 && matches!(ctx.lower(m.first - 1), "at" | "in" | "to" | "into");
            verb_between || governed
        };
        cands.retain(|m| m.first > i || !others_place(m));
    }
    let best = cands
        .iter()
        .map(|m| places::specificity(m.mention))
        .max()
        .unwrap_or(0);
    // Equally specific places: the nearest after the trigger first.
    let mut top: Vec<Located<'m>> = cands
        .iter()
        .filter(|m| places::specificity(m.mention) == best)
        .copied()
        .collect();
    top.sort_by_key(|m| {
        if m.first > i {
            m.first - i
        } else {
            usize::MAX / 2 + (i - m.first)
        }
    });
    let splits = matches!(
        ty,
        EventType::Visit | EventType::ArmsTransfer | EventType::Deployment
    ) && role != Role::Agent
        && best > 0
        && top
            .windows(2)
            .all(|w| w[0].mention.kind == w[1].mention.kind);
    if splits {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for m in top {
            if !seen.contains(&m.mention.gazetteer_id.as_str()) {
                seen.push(&m.mention.gazetteer_id);
                out.push(Chosen {
                    located: m,
                    fallback,
                });
            }
        }
        return out;
    }
    let chosen = top
        .first()
        .filter(|m| held_in(m, role))
        .or_else(|| {
            top.iter()
                .find(|m| want.first_actor.is_none_or(|a| a != m.mention.country))
        })
        .or(top.first())
        .copied();
    chosen
        .map(|m| {
            vec![Chosen {
                located: m,
                fallback,
            }]
        })
        .unwrap_or_default()
}

/// A place for a trigger whose clause names none: the last place of the
/// document's events when the subject refers back ("It turned up twice",
/// "the ship"), else the most specific place elsewhere in the sentence.
pub fn fallback<'m>(
    ctx: &SentenceCtx<'_, 'm>,
    clause: (usize, usize),
    f: Found,
    ty: EventType,
    memory: &Memory<'m>,
    host: Option<&'m Mention>,
) -> Option<Chosen<'m>> {
    let located = |m: &'m Mention| Located {
        first: f.at,
        last: f.at,
        mention: m,
        approx: true,
        facility: None,
        home: false,
    };
    // A departure with only its origin named has no place of arrival.
    let in_clause = ctx.located_in(clause.0, clause.1);
    if roles_for(ctx, &in_clause, f).contains(&Role::Source) {
        return None;
    }
    let head: Vec<&str> = ctx.words(clause.0, f.at).collect();
    let pronoun = head
        .iter()
        .rev()
        .take(4)
        .any(|w| matches!(*w, "it" | "they" | "she" | "he"));
    let definite_ship = head.windows(2).any(|p| {
        p[0] == "the" && super::lexicon::is_ship(p[1]) && !matches!(p[1], "navy" | "fleet")
    });
    let participle = ctx.lower(f.at).ends_with("ing");
    if (pronoun || definite_ship)
        && !participle
        && matches!(ty, EventType::PortCall | EventType::Deployment)
        && let Some(m) = memory.last_place
    {
        return Some(Chosen {
            located: located(m),
            fallback: true,
        });
    }
    // An exercise is where the text says it was, or nowhere.
    if ty == EventType::Exercise {
        return None;
    }
    // Elsewhere in the sentence: a specific place not of the origin role.
    let all = &ctx.mentions;
    let roles = roles_for(ctx, all, f);
    let elsewhere = all
        .iter()
        .zip(&roles)
        .filter(|(m, r)| {
            !matches!(**r, Role::Source | Role::Aside)
                && places::specificity(m.mention) >= 4
                && !m.home
        })
        .max_by_key(|(m, _)| places::specificity(m.mention))
        .map(|(m, _)| Chosen {
            located: Located { approx: true, ..*m },
            fallback: true,
        });
    if elsewhere.is_some() {
        return elsewhere;
    }
    // A transfer or an agreement with no place: the country that receives
    // or hosts, the document's main country that is not the main actor.
    if matches!(
        ty,
        EventType::ArmsTransfer | EventType::Agreement | EventType::PortCallAgreement
    ) && let Some(host) = host
    {
        return Some(Chosen {
            located: located(host),
            fallback: true,
        });
    }
    None
}
