//! Triggers and their arguments: which event type a spotted trigger
//! ([`super::spot`]) announces once its arguments are checked — what moved
//! (a ship, a force, an official: [`super::mover`]), what was sold, which
//! agreement, which port.

use super::EventType;
use super::assets::AssetKind;
use super::context::SentenceCtx;
use super::lexicon;
use super::memory::{Memory, MoverKind};
use super::mover::{mover, mover_after};
use super::places::Role;
use super::spot::{BE, Found};
use super::triggers::{self, Trigger};

/// Nouns that name a transfer: a sentence about one makes arriving
/// hardware a delivery.
const TRANSFER_NOUNS: &[&str] = &[
    "delivery",
    "deliveries",
    "shipment",
    "shipments",
    "handover",
];

/// Decides the event type of a trigger in its clause, or none. The flag
/// tells whether the trigger's agent is the recipient ("bought", "received").
pub fn classify(
    ctx: &SentenceCtx,
    clause: (usize, usize),
    f: Found,
    memory: &Memory,
) -> Option<(EventType, bool)> {
    let (c0, c1) = clause;
    let i = f.at;
    let next = ctx.lower(i + 1);
    let prev = ctx.lower(i.wrapping_sub(1));
    let moving_prep = |k: usize| {
        matches!(
            ctx.lower(k),
            "to" | "in"
                | "at"
                | "into"
                | "for"
                | "towards"
                | "from"
                | "on"
                | "off"
                | "across"
                | "through"
        )
    };
    let w = ctx.lower(i);
    let by_mover = |kind: MoverKind| -> Option<(EventType, bool)> {
        match kind {
            MoverKind::Ship => Some((ship_event(ctx, f, c1), false)),
            MoverKind::Force => {
                let delivery = ctx.any_word(0, ctx.tokens.len(), TRANSFER_NOUNS);
                Some((
                    if delivery {
                        EventType::ArmsTransfer
                    } else {
                        EventType::Deployment
                    },
                    delivery,
                ))
            }
            MoverKind::Official => Some((EventType::Visit, false)),
        }
    };
    match f.trigger {
        Trigger::Send => (ctx.force_in(c0, c1)
            || mover(ctx, c0, i, memory).is_some_and(|m| m != MoverKind::Official))
        .then_some((EventType::Deployment, false)),
        Trigger::DeployNoun => {
            let args = matches!(next, "of" | "to" | "in" | "at" | "into");
            (args && ctx.force_in(c0, c1)).then_some((EventType::Deployment, false))
        }
        Trigger::Move => {
            let ok = match w {
                "way" => matches!(prev, "its" | "their" | "his") && next == "to",
                "route" => prev == "en",
                // Transitive: the place is the object ("reached Colombia",
                // "entered South Africa's airspace"), not "reaching the canal".
                "reach" | "reached" | "reaches" | "reaching" | "entered" | "enter" | "enters"
                | "entering" => {
                    // Skip "the port of" but stop at a name that starts with
                    // one of those words ("entered Port Sudan").
                    let starts = |k: usize| ctx.mentions.iter().any(|m| m.first == k);
                    let mut k = i + 1;
                    // "entered the northern town of Manbij" too.
                    while k < c1
                        && !starts(k)
                        && (matches!(
                            ctx.lower(k),
                            "the"
                                | "port"
                                | "of"
                                | "its"
                                | "town"
                                | "city"
                                | "village"
                                | "capital"
                                | "harbour"
                                | "harbor"
                        ) || lexicon::is_direction_adjective(ctx.lower(k)))
                    {
                        k += 1;
                    }
                    starts(k)
                }
                // "the instructors began to arrive", "the planes landed":
                // the place may come from elsewhere in the sentence.
                "arrive" | "arrives" | "arrived" | "arriving" | "land" | "lands" | "landed" => true,
                "touched" | "touch" | "touches" | "touching" | "fan" | "fanned" | "fanning"
                | "fans" | "turned" | "turn" | "turns" | "turning" => true,
                _ => {
                    moving_prep(i + 1)
                        || (moving_prep(i + 2)
                            && ctx.tokens.get(i + 1).is_some_and(|t| !t.is_capitalized()))
                }
            };
            // Transitive "flying bombers to X", "sailed the frigate to X": a deployment.
            let transitive = matches!(
                w,
                "fly"
                    | "flies"
                    | "flew"
                    | "flown"
                    | "flying"
                    | "sail"
                    | "sailed"
                    | "sails"
                    | "sailing"
                    | "moved"
                    | "move"
                    | "moves"
                    | "moving"
            ) && (i + 1..(i + 16).min(c1)).any(|k| ctx.lower(k) == "to")
                && ctx.force_in(i + 1, (i + 16).min(c1));
            if transitive {
                return Some((EventType::Deployment, false));
            }
            // Idioms of movement verbs that move nothing: "came to power".
            let idiom = matches!(
                ctx.lower(i + 2),
                "power" | "terms" | "conclusion" | "light" | "mind" | "office" | "an" | "a"
            ) && next == "to";
            if !ok || idiom {
                return None;
            }
            match mover(ctx, c0, i, memory) {
                Some(kind) => by_mover(kind),
                // "Equipment ... has been reaching India since deliveries
                // began": hardware arriving in a sentence about a delivery.
                None => (ctx.weapon_in(c0, i) && ctx.any_word(c0, c1, TRANSFER_NOUNS))
                    .then_some((EventType::ArmsTransfer, true)),
            }
        }
        Trigger::Depart => {
            // "left Miami on a mission to the Caribbean", "departed for X":
            // only with a destination, and leaving a place, not a group.
            let intransitive = matches!(next, "for" | "to" | "towards");
            let from_place = (i + 1..(i + 4).min(c1)).any(|k| {
                ctx.in_mention(k)
                    && (i + 1..k).all(|j| matches!(ctx.lower(j), "the" | "port" | "of"))
            });
            let dest = (i + 1..c1).any(|k| {
                matches!(ctx.lower(k), "to" | "for" | "towards")
                    && (k + 1..(k + 5).min(c1)).any(|m| ctx.in_mention(m))
            });
            if !dest || !(intransitive || from_place) {
                return None;
            }
            by_mover(mover(ctx, c0, i, memory)?)
        }
        Trigger::Presence => {
            // "troops join Russian drills": the exercise is the event.
            let joins_exercise = (i + 1..(i + 5).min(c1))
                .any(|k| triggers::lookup(ctx.lower(k)) == Some(Trigger::Exercise));
            if joins_exercise {
                return None;
            }
            let kind = mover(ctx, c0, i, memory)?;
            let placed = (i + 1..(i + 8).min(c1)).any(|k| ctx.in_mention(k));
            if !placed || kind == MoverKind::Official {
                return None;
            }
            by_mover(kind)
        }
        Trigger::Secure => {
            let kind = mover(ctx, c0, i, memory)?;
            (kind == MoverKind::Force).then_some((EventType::Deployment, false))
        }
        Trigger::Open => {
            let base = (i + 1..(i + 7).min(c1))
                .any(|k| super::facility::facility_noun(&ctx.tokens, k).is_some());
            let military = ctx.any_in(c0, c1, &lexicon::MILITARY_WORDS) || ctx.force_in(c0, c1);
            (base && military).then_some((EventType::Deployment, false))
        }
        Trigger::Visit => {
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
                        || (lexicon::is_ship(ctx.lower(k))
                            && !matches!(ctx.lower(k), "navy" | "fleet"))
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
        Trigger::Meet => {
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
            (with && !remote && ctx.title_in(c0, c1)).then_some((EventType::Visit, false))
        }
        Trigger::Host => host_event(ctx, i, c1),
        Trigger::Call => {
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
                        && (ctx.ship_in(c0, c1)
                            || mover(ctx, c0, i, memory) == Some(MoverKind::Ship))
                }
                // "tied up at", "put in at", "refuelled in", "anchored off".
                _ => ctx.ship_in(c0, c1) || mover(ctx, c0, i, memory) == Some(MoverKind::Ship),
            };
            ok.then_some((EventType::PortCall, false))
        }
        Trigger::Supply => {
            if next == "for" && w.starts_with("provid") {
                return None;
            }
            // What is supplied follows the verb, or precedes it in the passive.
            let window_end = (i + 14).min(c1);
            let passive = BE.contains(&prev) || BE.contains(&ctx.lower(i.wrapping_sub(2)));
            let object = ctx.weapon_in(i + 1, window_end) || (passive && ctx.weapon_in(c0, i));
            object.then_some((EventType::ArmsTransfer, false))
        }
        Trigger::Acquire => {
            // "Cuba received the frigate" hosts a call; "the Indian Navy
            // received its second frigate" takes delivery of one.
            let force_subject = ctx.words(c0, i).any(|w| {
                matches!(
                    w,
                    "navy" | "army" | "military" | "forces" | "ministry" | "air" | "guard"
                )
            });
            if matches!(w, "receive" | "receives" | "received")
                && !force_subject
                && let Some(t) = host_event(ctx, i, c1)
            {
                return Some(t);
            }
            (ctx.weapon_in(c0, c1) || ctx.ship_in(i + 1, c1))
                .then_some((EventType::ArmsTransfer, true))
        }
        Trigger::Commission => {
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
        Trigger::Sign => {
            let agreement = ctx.any_in(c0, c1, &triggers::AGREEMENT_NOUNS);
            let military = ctx.any_in(c0, c1, &lexicon::MILITARY_WORDS)
                || ctx.force_in(c0, c1)
                || memory.military_context
                || ctx.any_word(
                    c0,
                    c1,
                    &["ceasefire", "truce", "armistice", "base", "bases"],
                );
            // "The accord, signed in Damascus": the agreement named before.
            let anaphoric = memory.agreement.is_some_and(|(_, m)| m)
                && (c0..i).any(|k| {
                    triggers::AGREEMENT_NOUNS.contains(ctx.lower(k))
                        && matches!(ctx.lower(k.wrapping_sub(1)), "the" | "this" | "that")
                });
            if !agreement || !(military || anaphoric) {
                return None;
            }
            // "The agreement, first signed in 2020, would allow ...": a
            // participle after its agreement noun; what the agreement
            // allows follows the appositive.
            let appositive = (i.saturating_sub(5)..i)
                .any(|k| triggers::AGREEMENT_NOUNS.contains(ctx.lower(k)))
                && (i.saturating_sub(4)..i).any(|k| ctx.tokens[k].is_punct(","));
            let end = if appositive { ctx.tokens.len() } else { c1 };
            let permits = (c0..end).any(|k| {
                triggers::lookup(ctx.lower(k)) == Some(Trigger::Permit)
                    && port_permission(ctx, k, end)
            });
            if permits {
                return Some((EventType::PortCallAgreement, false));
            }
            Some((EventType::Agreement, false))
        }
        Trigger::Permit => {
            // A permission that is part of an agreement is that agreement.
            let signed = (c0..c1)
                .any(|k| k != i && triggers::lookup(ctx.lower(k)) == Some(Trigger::Sign))
                && ctx.any_in(c0, c1, &triggers::AGREEMENT_NOUNS);
            if signed {
                return None;
            }
            if port_permission(ctx, i, c1) {
                return Some((EventType::PortCallAgreement, false));
            }
            let entry = ctx.any_word(
                i,
                c1,
                &[
                    "enter",
                    "entry",
                    "stay",
                    "participate",
                    "deploy",
                    "station",
                    "be",
                    "land",
                    "use",
                    "remain",
                    "operate",
                    "base",
                ],
            );
            // Ships alone are a port-call matter; troops or aircraft deploy.
            let land_forces = ctx
                .words(c0, c1)
                .any(|w| lexicon::is_troop(w) || lexicon::is_aircraft(w));
            (entry && ctx.force_in(c0, c1) && (land_forces || !ctx.ship_in(c0, c1)))
                .then_some((EventType::Deployment, false))
        }
        Trigger::Exercise => {
            let named = ctx.exercises.iter().any(|&(a, b)| {
                (a <= i && i <= b) || b + 1 == i || a == i + 1 || (i >= 1 && b + 1 == i - 1)
            });
            let modified = (i.saturating_sub(3)..i)
                .any(|k| lexicon::EXERCISE_MODIFIERS.contains(&ctx.lower(k)));
            // The verb that stages, starts or joins it, up to four words
            // before ("began the week-long X exercises", "join Russian
            // drills"), or a participle after ("drills hosted by").
            let staged = (i.saturating_sub(4).max(c0)..i).any(|k| {
                matches!(
                    ctx.lower(k),
                    "held"
                        | "hold"
                        | "holds"
                        | "holding"
                        | "conducted"
                        | "conduct"
                        | "conducts"
                        | "staged"
                        | "stage"
                        | "stages"
                        | "launched"
                        | "began"
                        | "begin"
                        | "begins"
                        | "started"
                        | "starts"
                        | "join"
                        | "joins"
                        | "joined"
                        | "joining"
                        | "completed"
                        | "concluded"
                        | "wrapped"
                )
            }) || matches!(next, "hosted" | "held" | "led")
                // "The exercises will be held in X", "the drills took place".
                || (i + 1..(i + 5).min(c1)).any(|k| {
                    let w = ctx.lower(k);
                    let be = matches!(
                        ctx.lower(k - 1),
                        "be" | "been" | "being" | "is" | "are" | "was" | "were"
                    );
                    (be && matches!(w, "held" | "conducted" | "staged" | "hosted"))
                        || (matches!(w, "took" | "take" | "takes") && ctx.lower(k + 1) == "place")
                });
            // "held a brief exercise ..., practising joint manoeuvres": one
            // exercise described twice.
            let restated = (i.saturating_sub(12)..i)
                .any(|k| triggers::lookup(ctx.lower(k)) == Some(Trigger::Exercise));
            (!restated && (named || modified || staged || next == "with"))
                .then_some((EventType::Exercise, false))
        }
    }
}

/// "received Libyan commander X", "welcomed a Chinese hospital ship": a
/// visit when the guest is a named official, a port call when it is a ship.
fn host_event(ctx: &SentenceCtx, i: usize, c1: usize) -> Option<(EventType, bool)> {
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

/// Ships arriving at a port or city make a port call; at a country or sea, a
/// deployment.
pub fn ship_event(ctx: &SentenceCtx, f: Found, c1: usize) -> EventType {
    let i = f.at;
    let located = ctx.located_in(ctx.clause_of(i).map_or(0, |c| c.0), c1);
    let roles = super::attach::roles_for(ctx, &located, f);
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

/// Ships plus ports plus a verb of entering after a permission or agreement.
pub fn port_permission(ctx: &SentenceCtx, i: usize, c1: usize) -> bool {
    ctx.ship_in(i, c1)
        && ctx.any_word(
            i,
            c1,
            &[
                "port", "ports", "harbour", "harbours", "harbor", "harbors", "enter", "dock",
            ],
        )
        && ctx.any_word(
            i,
            c1,
            &[
                "visit", "visits", "enter", "call", "calls", "use", "access", "dock", "moor",
                "stay", "keep", "station", "berth", "base", "host", "maintain",
            ],
        )
}
