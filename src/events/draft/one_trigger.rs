//! One trigger's reading, the first pass over a sentence's accepted
//! triggers: its status, places (with fallbacks, venues and agreement
//! hosts), origin, assets and its clause's own dates. A trigger that restates
//! another, has no place, or summarises years of history yields nothing.

use crate::events::anchor::{self, DateSource};
use crate::events::arguments;
use crate::events::context::SentenceCtx;
use crate::events::dates::DateValue;
use crate::events::memory::Memory;
use crate::events::places::{self, Located};
use crate::events::spot;
use crate::events::text::TokKind;
use crate::events::triggers::Trigger;
use crate::events::{EventType, Status, actors, attach};

use super::{Accepted, DocView, Pending};

/// The pending event of the `n`th accepted trigger, or none.
pub(super) fn read<'m>(
    ctx: &SentenceCtx<'_, 'm>,
    doc: &DocView<'_, 'm>,
    memory: &Memory<'m>,
    accepted: &[Accepted],
    statuses: &[Option<Status>],
    positions: &[usize],
    n: usize,
) -> Option<Pending<'m>> {
    let a = &accepted[n];
    let status = statuses[n]?;
    // "an agreement, signed in X in 2015 and ratified by Y last October":
    // one agreement, dated by its signing.
    let restated = a.f.trigger == Trigger::Sign
        && accepted[..n].iter().zip(statuses).any(|(b, s)| {
            s.is_some()
                && b.f.trigger == Trigger::Sign
                && b.clause == a.clause
                && anchor::coordinated(ctx, b.f.at, a.f.at)
        });
    if restated {
        return None;
    }
    let i = a.f.at;
    // The trigger's window: from the previous accepted trigger to the
    // next; a nominal trigger ("after drill with the Egyptian navy")
    // takes nothing before itself.
    let nominal = spot::is_event_noun(ctx, i) || a.f.trigger == Trigger::Exercise;
    let w0 = if nominal {
        i
    } else if n > 0 && accepted[n - 1].clause == a.clause {
        accepted[n - 1].f.at + 1
    } else {
        a.clause.0
    };
    let w1 = accepted
        .get(n + 1)
        .filter(|b| b.clause == a.clause)
        .map_or(a.clause.1, |b| b.f.at);
    let others: Vec<usize> = positions
        .iter()
        .copied()
        .filter(|&p| p != i && !spot::is_framed_noun(ctx, p))
        .collect();
    if spot::nominal_transfer(ctx, a.f) && !arguments::has_destination(ctx, (w0, w1), a.f, true) {
        return None;
    }
    let (point, interval) =
        anchor::own_dates(ctx, a.clause, i, &others, spot::is_framed_noun(ctx, i));
    // "the visit", "the call", "the deployment" with no place and no date
    // of their own refer to an event already told.
    if spot::is_event_noun(ctx, i)
        && point.is_none()
        && interval.is_none()
        && !arguments::has_destination(ctx, (w0, w1), a.f, false)
    {
        return None;
    }
    let ty = a.ty;
    let (origin_country, origin_mention) = if ty == EventType::Visit {
        (actors::mover_country(ctx, a.clause, i), None)
    } else if ty.is_flow() || ty == EventType::PortCallAgreement {
        crate::events::origin::origin(ctx, a.clause, a.f, a.recipient_agent, ty.is_flow())
    } else {
        (None, None)
    };
    let first_actor = actors::of_event(
        ctx,
        a.clause,
        a.f,
        ty,
        "",
        origin_country.as_deref(),
        memory,
        doc.focus,
    )
    .into_iter()
    .next();
    let want = attach::Want {
        ty,
        recipient_agent: a.recipient_agent,
        origin: origin_country.as_deref(),
        first_actor: first_actor.as_deref(),
        // The document's main actor is not where its agreements happen;
        // in a headline, before any event, the headline's own actor is.
        focus: memory
            .main_actor()
            .or(first_actor.as_deref().filter(|_| {
                doc.headline && matches!(ty, EventType::Agreement | EventType::PortCallAgreement)
            }))
            .or(doc.focus.first().map(String::as_str)),
    };
    // A nominal trigger inside a phrase ("after drill with the Egyptian
    // navy") has its places after it, in its clause too.
    let in_phrase = nominal
        && (i.saturating_sub(2)..i).any(|k| {
            matches!(
                ctx.lower(k),
                "after"
                    | "before"
                    | "during"
                    | "following"
                    | "since"
                    | "for"
                    | "of"
                    | "at"
                    | "in"
                    | "with"
                    | "from"
            )
        });
    let scope = if in_phrase { (i, a.clause.1) } else { a.clause };
    let mut places = attach::choose(ctx, scope, (w0, w1), a.f, &want);
    // "a visit to X, during which the two sides agreed ...": a relative
    // clause with no place of its own happens where its antecedent did.
    let relative = (a.clause.0..i).any(|k| {
        ctx.lower(k) == "which" && matches!(ctx.lower(k.wrapping_sub(1)), "during" | "at")
    });
    let owners = |c: &[attach::Chosen]| {
        c.iter()
            .all(|p| places::is_possessor(&ctx.tokens, &p.located))
    };
    if relative && (places.is_empty() || owners(&places)) {
        places = attach::choose(ctx, (0, a.clause.1), (0, w1), a.f, &want);
    }
    if places.is_empty() {
        tracing::trace!(
            trigger = ctx.lower(i),
            located = ?ctx.located_in(scope.0, scope.1).iter().map(|m| (m.mention.name.as_str(), m.first)).collect::<Vec<_>>(),
            roles = ?attach::roles_for(ctx, &ctx.located_in(scope.0, scope.1), a.f),
            ?origin_country,
            "no place in clause"
        );
        let host = doc.host(memory.main_actor().or(origin_country.as_deref()));
        match attach::fallback(ctx, a.clause, a.f, ty, memory, host) {
            Some(p) => places.push(p),
            None => return None,
        }
    }
    // "arrived in Laos for the exercise held in X province": at X.
    if ty == EventType::Deployment
        && places.len() == 1
        && let Some(venue) = crate::events::venue::refine(ctx, i, &places[0])
    {
        places[0] = venue;
    }
    // An agreement placed only at a city of the main actor (signed in
    // Moscow) is about the other party's territory.
    if matches!(ty, EventType::Agreement | EventType::PortCallAgreement)
        && let Some(main) = memory.main_actor()
        && places.len() == 1
        && places[0].located.mention.country == main
        && places::specificity(places[0].located.mention) >= 4
        && let Some(host) = doc.host(Some(main))
    {
        places[0] = attach::Chosen {
            located: Located {
                mention: host,
                approx: true,
                ..places[0].located
            },
            fallback: true,
        };
    }
    let future = status == Status::Planned;
    let own_point = point.map(|d| {
        if future {
            d.for_future(doc.time.anchor)
        } else {
            d.value.clone()
        }
    });
    let own_interval = interval.map(|d| d.value.clone());
    let mut dated: Vec<(Option<DateValue>, Option<DateValue>, DateSource)> = Vec::new();
    if own_point.is_some() || own_interval.is_some() {
        // "twice last year, first in February and again in March": one
        // event per date when the clause lists several for one trigger.
        let listed = anchor::listed_dates(ctx, a.clause, &others);
        // A stay observed on a day ("remained moored ... on Tuesday")
        // dates the observation, not the arrival.
        let source = if a.f.trigger == Trigger::Presence && ctx.lower(i).starts_with("remain") {
            DateSource::Report
        } else {
            DateSource::Own
        };
        if listed.len() >= 2 && own_interval.is_none() {
            for d in listed {
                dated.push((Some(d), None, source));
            }
        } else {
            dated.push((own_point, own_interval, source));
        }
    }
    // Repeated movements or agreements over years ("since 2008 it has
    // sailed to ...", "a string of contracts signed since 2009")
    // summarise a history, not an event.
    let plural_deal = a.f.trigger == Trigger::Sign
        && ctx
            .words(a.clause.0, a.clause.1)
            .any(|w| matches!(w, "contracts" | "agreements" | "deals" | "treaties"));
    // A counted purchase delivered over years ("bought 24 jets between
    // 2006 and 2008") is one transfer, unless it runs "since" a year.
    let counted_transfer = matches!(a.f.trigger, Trigger::Supply | Trigger::Acquire)
        && !ctx.words(a.clause.0, a.clause.1).any(|w| w == "since")
        && ctx.tokens[a.clause.0..a.clause.1.min(ctx.tokens.len())]
            .iter()
            .any(|t| {
                t.kind == TokKind::Number
                    && !t
                        .text
                        .parse::<u32>()
                        .is_ok_and(|n| (1800..=2200).contains(&n))
            });
    let habitual = (matches!(
        a.f.trigger,
        Trigger::Move | Trigger::Call | Trigger::Visit | Trigger::Supply | Trigger::Acquire
    ) && !counted_transfer
        || plural_deal)
        && dated.iter().any(|(_, iv, _)| {
            iv.as_ref()
                .is_some_and(|v| (v.end - v.start).num_days() > 370)
        });
    // "first called at X in 1985", "their first joint drill took place in
    // 2012": a first time years before the report is history. An
    // agreement "first signed in 2011" and renewed is still in force.
    let first_time = !matches!(a.ty, EventType::Agreement | EventType::PortCallAgreement)
        && (i.saturating_sub(3).max(a.clause.0)..i).any(|k| ctx.lower(k) == "first");
    let years_before = doc.time.anchor.is_some_and(|anchor| {
        dated
            .iter()
            .filter_map(|(d, iv, _)| iv.as_ref().or(d.as_ref()))
            .any(|v| (anchor - v.start).num_days() > 1000)
    });
    if habitual || (first_time && years_before) {
        return None;
    }
    // A report dated after the document was written (its dateline, else
    // its publication: "for the exercise later this month", "arrives
    // next week") is a plan, whatever the verb's mood.
    // An agreement's own day is when it was made, and a range beside it is
    // its term ("ratified on Tuesday an accord allowing ships to call
    // between January 1 and December 31 next year"): the day decides. For other events
    // the range is the event's own span and decides.
    let agreement = matches!(a.ty, EventType::Agreement | EventType::PortCallAgreement);
    let after_publication = doc.time.anchor.is_some_and(|anchor| {
        dated
            .iter()
            .filter(|d| d.2 == DateSource::Own)
            .filter_map(|(d, iv, _)| {
                if agreement {
                    d.as_ref().or(iv.as_ref())
                } else {
                    iv.as_ref().or(d.as_ref())
                }
            })
            .any(|v| v.start > anchor)
    });
    // "The exercises will be held ... from Nov. 7 to 9" in a report of
    // Nov. 8: under way, so reported.
    let under_way = doc.time.anchor.is_some_and(|a| {
        dated
            .iter()
            .filter(|d| d.2 == DateSource::Own)
            .filter_map(|(_, iv, _)| iv.as_ref())
            .any(|v| v.start < a && a <= v.end)
    });
    let status = if status == Status::Reported && after_publication {
        Status::Planned
    } else if status == Status::Planned && under_way && a.ty == EventType::Exercise {
        Status::Reported
    } else {
        status
    };
    tracing::trace!(
        trigger = ctx.lower(i),
        ?status,
        places = ?places.iter().map(|p| p.located.mention.name.as_str()).collect::<Vec<_>>(),
        origin = ?origin_country,
        located = ?ctx.located_in(scope.0, scope.1).iter().map(|m| (m.mention.name.as_str(), m.first)).collect::<Vec<_>>(),
        roles = ?attach::roles_for(ctx, &ctx.located_in(scope.0, scope.1), a.f),
        "draft"
    );
    Some(Pending {
        a: *a,
        status,
        places,
        origin_country,
        origin_mention,
        assets: arguments::event_assets(ctx, a.ty, a.clause, a.f.at, (w0, w1), memory),
        person: (ty == EventType::Visit)
            .then(|| arguments::visitor(ctx, a.clause, i))
            .flatten(),
        dated,
        nominal,
    })
}
