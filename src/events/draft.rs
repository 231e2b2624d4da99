//! One sentence's draft events: each trigger that passes its argument check
//! ([`super::classify`]) and its modality ([`super::modality`]) gets a place
//! ([`super::attach`]), assets, a date ([`super::anchor`]) and actors
//! ([`super::actors`]).

use super::anchor::{self, DateSource, DocTime};
use super::assets::{self, Asset, AssetKind};
use super::classify::{self, Found};
use super::context::SentenceCtx;
use super::dates::{DateValue, Precision};
use super::memory::{Memory, MoverKind};
use super::places::{self, Located};
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
pub struct DocView<'a> {
    pub time: DocTime,
    /// The latest explicit date of an earlier sentence.
    pub last_date: Option<DateValue>,
    /// The countries the document is about, most mentioned first: for
    /// agreements and exercises the place is the other party.
    pub focus: &'a [String],
    /// The sentence is (part of) the headline.
    pub headline: bool,
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
    doc: &DocView,
    memory: &Memory<'m>,
) -> Vec<Draft<'m>> {
    let mut accepted: Vec<Accepted> = Vec::new();
    for f in classify::find(ctx) {
        if ctx.quoted[f.at] {
            continue;
        }
        let Some(clause) = ctx.clause_of(f.at) else {
            continue;
        };
        if let Some((ty, recipient_agent)) = classify::classify(ctx, clause, f, memory) {
            accepted.push(Accepted {
                f,
                ty,
                recipient_agent,
                clause,
            });
        }
    }
    let positions: Vec<usize> = accepted.iter().map(|a| a.f.at).collect();
    let mut out: Vec<Draft<'m>> = Vec::new();
    for (n, a) in accepted.iter().enumerate() {
        let Some(status) = super::modality::status(ctx, a.clause, a.f) else {
            continue;
        };
        let i = a.f.at;
        // The trigger's window: from the previous accepted trigger to the next.
        let w0 = if n > 0 && accepted[n - 1].clause == a.clause {
            accepted[n - 1].f.at + 1
        } else {
            a.clause.0
        };
        let w1 = accepted
            .get(n + 1)
            .filter(|b| b.clause == a.clause)
            .map_or(a.clause.1, |b| b.f.at);
        let others: Vec<usize> = positions.iter().copied().filter(|&p| p != i).collect();
        if classify::nominal_transfer(ctx, a.f) && !has_destination(ctx, (w0, w1), a.f) {
            continue;
        }
        let (point, interval) = anchor::own_dates(ctx, a.clause, i, &others);
        // "the visit", "the call", "the deployment" with no place and no date
        // of their own refer to an event already told.
        if classify::is_event_noun(ctx, i)
            && point.is_none()
            && interval.is_none()
            && !has_destination(ctx, (w0, w1), a.f)
        {
            continue;
        }
        let ty = a.ty;
        let directional =
            ty.is_flow() || matches!(ty, EventType::Visit | EventType::PortCallAgreement);
        let (origin_country, origin_mention) = if directional {
            attach::origin(ctx, a.clause, a.f, a.recipient_agent, ty.is_flow())
        } else {
            (None, None)
        };
        let first_actor = actors::of_event(ctx, a.clause, a.f, ty, "", origin_country.as_deref(), memory, doc.focus)
            .into_iter()
            .next();
        let want = attach::Want {
            ty,
            recipient_agent: a.recipient_agent,
            origin: origin_country.as_deref(),
            first_actor: first_actor.as_deref(),
            focus: doc.focus.first().map(String::as_str),
        };
        let mut places = attach::choose(ctx, a.clause, (w0, w1), a.f, &want);
        if places.is_empty() {
            match attach::fallback(ctx, a.clause, a.f, ty, memory) {
                Some(p) => places.push(p),
                None => continue,
            }
        }
        let assets = event_assets(ctx, a, (w0, w1), memory);
        let person = (ty == EventType::Visit)
            .then(|| visitor(ctx, a.clause, i))
            .flatten();
        // Dates: the clause's own, else the document's time for the present
        // and for headlines, else a date it continues or a report's.
        let future = status == Status::Planned;
        let own_point = point.map(|d| if future { d.for_future(doc.time.anchor) } else { d.value.clone() });
        let own_interval = interval.map(|d| d.value.clone());
        let mut dated: Vec<(Option<DateValue>, Option<DateValue>, DateSource)> = Vec::new();
        if own_point.is_some() || own_interval.is_some() {
            // "twice last year, first in February and again in March": one
            // event per date when the clause lists several for one trigger.
            let listed = listed_dates(ctx, a.clause, &others);
            if listed.len() >= 2 && own_interval.is_none() {
                for d in listed {
                    dated.push((Some(d), None, DateSource::Own));
                }
            } else {
                dated.push((own_point, own_interval, DateSource::Own));
            }
        } else if let Some(prev) = out.iter().rev().find(|d| {
            d.date_source == DateSource::Own && coordinated(ctx, d.trigger, i)
        }) {
            dated.push((prev.date.clone(), prev.interval.clone(), DateSource::Inherited));
        } else if doc.headline || anchor::reports_the_present(ctx, a.clause, i) {
            dated.push((doc.time.value(), None, DateSource::Document));
        } else if let Some((d, src)) =
            anchor::context_date(ctx, a.clause, i, doc.last_date.as_ref(), &doc.time)
        {
            dated.push((Some(d), None, src));
        } else {
            dated.push((None, None, DateSource::None));
        }
        // Repeated movements over years ("since 2008 it has sailed to ...")
        // summarise a career, not an event.
        let habitual = matches!(a.f.trigger, Trigger::Move | Trigger::Call | Trigger::Visit)
            && dated.iter().any(|(_, iv, _)| {
                iv.as_ref().is_some_and(|v| (v.end - v.start).num_days() > 370)
            });
        if habitual {
            continue;
        }
        for chosen in &places {
            for (date, interval, date_source) in &dated {
                let place = chosen.located.mention;
                let mut confidence: f64 = 0.8;
                match date_source {
                    DateSource::Own => confidence += 0.1,
                    DateSource::Inherited => {}
                    DateSource::Document | DateSource::Report => confidence -= 0.05,
                    DateSource::None => confidence -= 0.1,
                }
                if assets.iter().any(|a| a.kind != AssetKind::Force) {
                    confidence += 0.05;
                }
                if status != Status::Reported {
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
                    origin_country.as_deref(),
                    memory,
                    doc.focus,
                );
                out.push(Draft {
                    event_type: ty,
                    status,
                    trigger: i,
                    place: chosen.located,
                    fallback: chosen.fallback,
                    origin_country: origin_country.clone().filter(|c| *c != place.country),
                    origin_mention: origin_mention.filter(|m| {
                        m.country != place.country || m.gazetteer_id != place.gazetteer_id
                    }),
                    assets: assets.clone(),
                    date: date.clone(),
                    interval: interval.clone(),
                    date_source: *date_source,
                    confidence: (confidence.clamp(0.05, 0.99) * 100.0).round() / 100.0,
                    person: person.clone(),
                    actors,
                    mover: classify::mover(ctx, a.clause.0, i, memory),
                });
            }
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

/// Two triggers of one sentence joined as one subject's actions: "reached
/// Colombia on Nov. 14 and spent a week at Turbo".
fn coordinated(ctx: &SentenceCtx, a: usize, b: usize) -> bool {
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    let between: Vec<&str> = ctx.words(x + 1, y).collect();
    between.len() <= 14
        && between.iter().any(|w| matches!(*w, "and" | "then" | "before" | "after"))
        && !between.iter().any(|w| matches!(*w, ";" | "while" | "but"))
}

/// Point dates of a clause listed for one trigger ("first in February and
/// again in March").
fn listed_dates(ctx: &SentenceCtx, clause: (usize, usize), others: &[usize]) -> Vec<DateValue> {
    if others.iter().any(|&t| t >= clause.0 && t < clause.1) {
        return Vec::new();
    }
    let points: Vec<&DateValue> = ctx
        .dates
        .iter()
        .filter(|d| !d.bound && d.first >= clause.0 && d.last < clause.1)
        .map(|d| &d.value)
        .filter(|v| matches!(v.precision, Precision::Day | Precision::Month))
        .collect();
    let words: Vec<&str> = ctx.words(clause.0, clause.1).collect();
    let repeated = words
        .iter()
        .any(|w| matches!(*w, "twice" | "again" | "times" | "first"));
    if points.len() >= 2 && repeated {
        points.into_iter().cloned().collect()
    } else {
        Vec::new()
    }
}

/// A destination among the located places of a window, or a designation.
fn has_destination(ctx: &SentenceCtx, window: (usize, usize), f: Found) -> bool {
    let located = ctx.located_in(window.0, window.1);
    let dest = places::roles(&ctx.tokens, &located, f.at).contains(&places::Role::Dest);
    dest || ctx.has_asset(window.0, window.1, |a| a.kind != AssetKind::Force)
}

/// The assets of an event: named in its window, else in its clause, else
/// the last mover's when the subject refers back, else force nouns.
fn event_assets(ctx: &SentenceCtx, a: &Accepted, window: (usize, usize), memory: &Memory) -> Vec<Asset> {
    let in_range = |from: usize, to: usize| -> Vec<Asset> {
        ctx.assets
            .iter()
            .filter(|x| x.first >= from && x.first < to)
            .cloned()
            .collect()
    };
    let mut found = in_range(window.0, window.1);
    if found.is_empty() {
        found = in_range(a.clause.0, a.clause.1);
    }
    let moving = matches!(
        a.ty,
        EventType::Deployment | EventType::PortCall | EventType::ArmsTransfer
    );
    if found.is_empty() && moving {
        let refers_back = ctx
            .words(a.clause.0, a.f.at)
            .any(|w| matches!(w, "it" | "they" | "pair" | "both"));
        if refers_back && let Some((_, assets)) = &memory.mover {
            found = assets.clone();
        }
    }
    if found.is_empty() && moving {
        found = assets::force_nouns(&ctx.tokens, window.0, window.1);
    }
    found
}

/// The visitor's name: "The visit of President Vladimir Putin to X", or the
/// nearest name before the trigger ("Minister Sergey Shoigu ... wraps up his
/// visit", "Díaz-Canel had visited"). A name is two or more capitalised words
/// that are neither places nor titles, or one followed by a possessive.
fn visitor(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> Option<String> {
    let name_at = |end: usize| -> Option<String> {
        let mut start = end;
        while start > clause.0 && ctx.is_name_word(start - 1) {
            start -= 1;
        }
        let possessive = ctx
            .tokens
            .get(end + 1)
            .is_some_and(|t| t.kind == TokKind::Possessive);
        // A single word names the subject only right before the verb
        // ("Chavez visited", "Díaz-Canel had officially visited").
        let subject = end + 3 >= i && end < i;
        (end + 1 - start >= 2 || possessive || subject).then(|| {
            ctx.tokens[start..=end]
                .iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    if matches!(ctx.lower(i + 1), "of" | "to" | "by") {
        let mut k = i + 2;
        while k < clause.1 && k < i + 10 {
            if ctx.is_name_word(k) {
                let mut end = k;
                while end + 1 < clause.1 && ctx.is_name_word(end + 1) {
                    end += 1;
                }
                if let Some(n) = name_at(end).filter(|_| end > k || ctx.lower(k.wrapping_sub(1)) != "to") {
                    return Some(n);
                }
                k = end;
            }
            k += 1;
        }
    }
    let from = i.saturating_sub(16).max(clause.0);
    (from..i)
        .rev()
        .filter(|&k| ctx.is_name_word(k) && (k + 1 >= i || !ctx.is_name_word(k + 1)))
        .find_map(name_at)
}
