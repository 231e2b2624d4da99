//! One sentence's draft events: each trigger that passes its argument check
//! ([`super::classify`]) and its modality ([`super::modality`]) gets a place
//! ([`super::attach`]), assets, a date ([`super::anchor`]) and actors
//! ([`super::actors`]).

mod borrowed_dates;
mod one_trigger;
mod output;

use super::anchor::{self, DateSource, DocTime};
use super::assets::Asset;
use super::classify;
use super::context::SentenceCtx;
use super::dates::DateValue;
use super::memory::{Memory, MoverKind};
use super::places::{self, Located};
use super::spot::{self, Found};
use super::triggers::Trigger;
use super::{EventType, Status, attach};
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
    /// A movement read as the terms of an agreement ("warships may dock").
    terms: bool,
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
            let terms = matches!(ty, EventType::Agreement | EventType::PortCallAgreement)
                && !matches!(f.trigger, Trigger::Sign | Trigger::Permit);
            accepted.push(Accepted {
                f,
                ty,
                recipient_agent,
                clause,
                terms,
            });
        }
    }
    // Only triggers that report something take dates from their neighbours.
    let statuses: Vec<Option<Status>> = accepted
        .iter()
        .map(|a| {
            if a.terms {
                super::modality::terms_status(ctx, a.clause)
            } else {
                super::modality::status(ctx, a.clause, a.f)
            }
        })
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
    let mut pending: Vec<Pending<'m>> = (0..accepted.len())
        .filter_map(|n| one_trigger::read(ctx, doc, memory, &accepted, &statuses, &positions, n))
        .collect();
    // Second pass: an undated trigger continuing a dated one of the same
    // sentence takes its date ("reached Colombia on Nov. 14 and spent a
    // week at Turbo", "During a visit to Russia ..., the two governments
    // signed ... on Nov. 25").
    borrowed_dates::inherit(ctx, &mut pending);
    // Third pass: the date of the report of it in the same sentence ("...,
    // the military announced on Thursday"), the document's time for the
    // present and for headlines, else "the same day" or a report's month.
    borrowed_dates::from_report(ctx, doc, &mut pending, &reporting, &positions);
    let terms: Vec<usize> = accepted
        .iter()
        .filter(|a| a.terms)
        .map(|a| a.f.at)
        .collect();
    let mut out = output::drafts(ctx, doc, memory, pending);
    // Terms stated after the agreement ("It signed a pact on Monday. Its
    // frigates may berth at X") are dated by it.
    let signed = out
        .iter()
        .find(|d| !terms.contains(&d.trigger) && d.event_type == EventType::Agreement)
        .and_then(|d| d.date.clone())
        .or_else(|| memory.agreement_date.clone());
    for d in out.iter_mut().filter(|d| terms.contains(&d.trigger)) {
        if d.date_source > DateSource::Inherited
            && let Some(date) = signed.clone()
        {
            d.date = Some(date);
            d.date_source = DateSource::Inherited;
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
