//! One sentence's draft events: each trigger that passes its argument check
//! ([`super::classify`]) and its modality ([`super::modality`]) gets a place
//! ([`super::attach`]), assets, a date ([`super::anchor`]) and actors
//! ([`super::actors`]).

use chrono::Datelike;

use super::anchor::{self, DateSource, DocTime};
use super::arguments;
use super::assets::{Asset, AssetKind};
use super::classify;
use super::context::SentenceCtx;
use super::dates::DateValue;
use super::memory::{Memory, MoverKind};
use super::places::{self, Located};
use super::spot::{self, Found};
use super::text::TokKind;
use super::triggers::Trigger;
use super::{EventType, Status, actors, attach};
use crate::geoparse::Mention;

/// An event before it is turned into output.
#[derive(Debug, Clone)]
pub struct Draft<'m> {
    pub event_type: EventType,
    pub status: Status,
    pub trigger: usize,
    pub place: Located<'m>,
    pub fallback: bool,
    pub origin_country: Option<String>,
    pub origin_mention: Option<&'m Mention>,
    pub assets: Vec<Asset>,
    pub date: Option<DateValue>,
    pub interval: Option<DateValue>,
    pub date_source: DateSource,
    pub confidence: f64,
    /// The visiting official's name, for visits.
    pub person: Option<String>,
    pub actors: Vec<String>,
    pub mover: Option<MoverKind>,
}

/// What the document around a sentence tells.
pub struct DocView<'a, 'm> {
    pub time: DocTime,
    /// The latest explicit date of an earlier sentence.
    pub last_date: Option<DateValue>,
    /// The countries the document is about, most mentioned first: for
    /// agreements and exercises the place is the other party.
    pub focus: &'a [String],
    /// The sentence is (part of) the headline.
    pub headline: bool,
    /// A country mention of each focus country.
    pub country_mentions: &'a [(String, &'m Mention)],
}

impl<'m> DocView<'_, 'm> {
    /// The document's main country that is not `actor`: where transfers go
    /// and agreements apply when the clause says no more.
    pub fn host(&self, actor: Option<&str>) -> Option<&'m Mention> {
        // Without a known actor, the most mentioned country is taken for it.
        let actor = actor.or(self.focus.first().map(String::as_str));
        let c = self.focus.iter().find(|c| Some(c.as_str()) != actor)?;
        self.country_mentions
            .iter()
            .find(|(x, _)| x == c)
            .map(|(_, m)| *m)
    }
}

/// A trigger with its status, places, assets and (after the passes) dates.
struct Pending<'m> {
    a: Accepted,
    status: Status,
    places: Vec<attach::Chosen<'m>>,
    origin_country: Option<String>,
    origin_mention: Option<&'m Mention>,
    assets: Vec<Asset>,
    person: Option<String>,
    dated: Vec<(Option<DateValue>, Option<DateValue>, DateSource)>,
    nominal: bool,
}

/// A trigger that passed its argument check.
#[derive(Debug, Clone, Copy)]
struct Accepted {
    f: Found,
    ty: EventType,
    recipient_agent: bool,
    clause: (usize, usize),
}

/// Draft events of one sentence.
pub fn sentence_events<'m>(
    ctx: &SentenceCtx<'_, 'm>,
    doc: &DocView<'_, 'm>,
    memory: &Memory<'m>,
) -> Vec<Draft<'m>> {
    let mut accepted: Vec<Accepted> = Vec::new();
    for f in spot::find(ctx) {
        if ctx.quoted[f.at] {
            continue;
        }
        let Some(clause) = ctx.clause_of(f.at) else {
            continue;
        };
        let class = classify::classify(ctx, clause, f, memory);
        tracing::trace!(trigger = ctx.lower(f.at), kind = ?f.trigger, class = ?class, "trigger");
        if let Some((ty, recipient_agent)) = class {
            accepted.push(Accepted {
                f,
                ty,
                recipient_agent,
                clause,
            });
        }
    }
    // Only triggers that report something take dates from their neighbours.
    let statuses: Vec<Option<Status>> = accepted
        .iter()
        .map(|a| super::modality::status(ctx, a.clause, a.f))
        .collect();
    // Reporting verbs ("said on Monday", "announced on Thursday") own the
    // dates beside them: the report's time, not the event's.
    let reporting: Vec<usize> = (0..ctx.tokens.len())
        .filter(|&k| super::triggers::REPORTING.contains(ctx.lower(k)))
        .collect();
    let positions: Vec<usize> = accepted
        .iter()
        .zip(&statuses)
        .filter(|(_, s)| s.is_some())
        .map(|(a, _)| a.f.at)
        .chain(reporting.iter().copied())
        .collect();
    // First pass: status, places, assets and the clause's own dates.
    let mut pending: Vec<Pending<'m>> = Vec::new();
    for (n, a) in accepted.iter().enumerate() {
        let Some(status) = statuses[n] else {
            continue;
        };
        // "an agreement, signed in X in 2015 and ratified by Y last October":
        // one agreement, dated by its signing.
        let restated = a.f.trigger == Trigger::Sign
            && accepted[..n].iter().zip(&statuses).any(|(b, s)| {
                s.is_some()
                    && b.f.trigger == Trigger::Sign
                    && b.clause == a.clause
                    && anchor::coordinated(ctx, b.f.at, a.f.at)
            });
        if restated {
            continue;
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
        if spot::nominal_transfer(ctx, a.f) && !arguments::has_destination(ctx, (w0, w1), a.f, true)
        {
            continue;
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
            continue;
        }
        let ty = a.ty;
        let (origin_country, origin_mention) = if ty == EventType::Visit {
            (actors::mover_country(ctx, a.clause, i), None)
        } else if ty.is_flow() || ty == EventType::PortCallAgreement {
            super::origin::origin(ctx, a.clause, a.f, a.recipient_agent, ty.is_flow())
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
                    doc.headline
                        && matches!(ty, EventType::Agreement | EventType::PortCallAgreement)
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
                None => continue,
            }
        }
        // "arrived in Laos for the exercise held in X province": at X.
        if ty == EventType::Deployment
            && places.len() == 1
            && let Some(venue) = super::venue::refine(ctx, i, &places[0])
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
        if habitual {
            continue;
        }
        // A report dated after the document was written (its dateline, else
        // its publication: "for the exercise later this month", "arrives
        // next week") is a plan, whatever the verb's mood.
        let after_publication = doc.time.anchor.is_some_and(|a| {
            dated
                .iter()
                .filter(|d| d.2 == DateSource::Own)
                .filter_map(|(d, iv, _)| iv.as_ref().or(d.as_ref()))
                .any(|v| v.start > a)
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
        pending.push(Pending {
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
        });
    }
    // Second pass: an undated trigger continuing a dated one of the same
    // sentence takes its date ("reached Colombia on Nov. 14 and spent a
    // week at Turbo", "During a visit to Russia ..., the two governments
    // signed ... on Nov. 25").
    for k in 0..pending.len() {
        if !pending[k].dated.is_empty() {
            continue;
        }
        let at = pending[k].a.f.at;
        // Dates flow forward along coordination, and into a framing phrase.
        let from = pending.iter().enumerate().find(|(j, p)| {
            *j != k
                && p.dated.iter().any(|d| d.2 == DateSource::Own)
                && ((p.a.f.at < at && anchor::coordinated(ctx, p.a.f.at, at))
                    || anchor::framing(ctx, at, p.a.f.at))
        });
        if let Some((_, p)) = from {
            let inherited: Vec<_> = p
                .dated
                .iter()
                .take(1)
                .map(|(d, iv, _)| (d.clone(), iv.clone(), DateSource::Inherited))
                .collect();
            pending[k].dated = inherited;
            continue;
        }
        // "arrived ... on Wednesday for joint exercises with X": the purpose
        // follows the dated movement, in its month.
        let purpose = pending[k].nominal
            && pending[k].a.ty == EventType::Exercise
            && (at.saturating_sub(3)..at).any(|j| ctx.lower(j) == "for");
        let movement = pending.iter().find(|p| {
            p.a.f.at < at
                && p.a.clause == pending[k].a.clause
                && matches!(p.a.ty, EventType::Deployment | EventType::PortCall)
                && p.dated.iter().any(|d| d.2 == DateSource::Own)
        });
        if purpose
            && let Some(month) = movement
                .and_then(|p| p.dated.first())
                .and_then(|(d, iv, _)| d.as_ref().or(iv.as_ref()))
                .and_then(|v| DateValue::month(v.start.year(), v.start.month()))
        {
            pending[k].dated = vec![(Some(month), None, DateSource::Inherited)];
        }
    }
    // Third pass: the date of the report of it in the same sentence ("...,
    // the military announced on Thursday"), the document's time for the
    // present and for headlines, else "the same day" or a report's month.
    for p in &mut pending {
        if !p.dated.is_empty() {
            continue;
        }
        let i = p.a.f.at;
        let report = reporting.iter().find_map(|&r| {
            let clause = ctx.clause_of(r)?;
            let others: Vec<usize> = positions.iter().copied().filter(|&x| x != r).collect();
            anchor::own_dates(ctx, clause, r, &others, false)
                .0
                .map(|d| d.value.clone())
        });
        let d = if let Some(r) = report {
            (Some(r), None, DateSource::Report)
        } else if doc.headline || anchor::reports_the_present(ctx, p.a.clause, i, p.nominal) {
            (doc.time.value(), None, DateSource::Document)
        } else if let Some((d, src)) =
            anchor::context_date(ctx, p.a.clause, i, doc.last_date.as_ref(), &doc.time)
        {
            (Some(d), None, src)
        } else {
            (None, None, DateSource::None)
        };
        p.dated.push(d);
    }
    let mut out: Vec<Draft<'m>> = Vec::new();
    for p in pending {
        // An undated event in a non-restrictive relative clause ("China,
        // which has positioned ...") is background to the news, not news.
        let background = p.dated.iter().all(|d| d.2 == DateSource::None)
            || (p.dated.iter().all(|d| d.2 == DateSource::Document) && !doc.headline);
        if background && super::modality::in_relative(ctx, p.a.f.at) {
            continue;
        }
        let a = p.a;
        let i = a.f.at;
        let mover = super::mover::mover(ctx, a.clause.0, i, memory);
        for chosen in &p.places {
            let place = chosen.located.mention;
            // A ship arriving at a port or a city makes a port call; so does
            // a planned voyage to a country ("It will sail to Dominica"):
            // what a ship plans there is a visit of its ports.
            let voyage = p.status == Status::Planned
                && places::is_country_like(place)
                && super::lexicon::is_voyage_verb(ctx.lower(i));
            let ty = if a.ty == EventType::Deployment
                && mover == Some(MoverKind::Ship)
                && (places::specificity(place) >= 4 || voyage)
            {
                EventType::PortCall
            } else {
                a.ty
            };
            for (date, interval, date_source) in &p.dated {
                let mut confidence: f64 = 0.8;
                match date_source {
                    DateSource::Own => confidence += 0.1,
                    DateSource::Inherited => {}
                    DateSource::Document | DateSource::Report => confidence -= 0.05,
                    DateSource::None => confidence -= 0.1,
                }
                if p.assets.iter().any(|a| a.kind != AssetKind::Force) {
                    confidence += 0.05;
                }
                if p.status != Status::Reported {
                    confidence -= 0.2;
                }
                if places::specificity(place) <= 1 {
                    confidence -= 0.15;
                }
                if chosen.fallback {
                    confidence -= 0.1;
                }
                if chosen.located.approx {
                    confidence -= 0.1;
                }
                let actors = actors::of_event(
                    ctx,
                    a.clause,
                    a.f,
                    ty,
                    &place.country,
                    p.origin_country.as_deref(),
                    memory,
                    doc.focus,
                );
                out.push(Draft {
                    event_type: ty,
                    status: p.status,
                    trigger: i,
                    place: chosen.located,
                    fallback: chosen.fallback,
                    origin_country: p.origin_country.clone().filter(|c| *c != place.country),
                    origin_mention: p.origin_mention.filter(|m| {
                        m.country != place.country || m.gazetteer_id != place.gazetteer_id
                    }),
                    assets: p.assets.clone(),
                    date: date.clone(),
                    interval: interval.clone(),
                    date_source: *date_source,
                    confidence: (confidence.clamp(0.05, 0.99) * 100.0).round() / 100.0,
                    person: p.person.clone(),
                    actors,
                    mover,
                });
            }
        }
    }
    // Coordinated triggers share their subject, so their main actor.
    for k in 1..out.len() {
        let (before, rest) = out.split_at_mut(k);
        let prev = &before[k - 1];
        let cur = &mut rest[0];
        if anchor::coordinated(ctx, prev.trigger, cur.trigger)
            && prev.event_type.is_flow()
            && cur.event_type.is_flow()
            && let Some(main) = prev.actors.first()
            && cur.actors.first() != Some(main)
        {
            cur.actors.retain(|c| c != main);
            cur.actors.insert(0, main.clone());
        }
    }
    // A same-type event at a continent adds nothing next to a precise one.
    let precise: Vec<EventType> = out
        .iter()
        .filter(|d| places::specificity(d.place.mention) > 0)
        .map(|d| d.event_type)
        .collect();
    out.retain(|d| places::specificity(d.place.mention) > 0 || !precise.contains(&d.event_type));
    out
}
