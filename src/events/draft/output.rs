//! The draft events of a sentence's pending triggers: one per place and
//! date, typed (a ship's deployment to a port is a port call), with actors
//! and a confidence from how each part was found. Undated background in a
//! relative clause is dropped here.

use crate::events::anchor::DateSource;
use crate::events::assets::AssetKind;
use crate::events::context::SentenceCtx;
use crate::events::memory::{Memory, MoverKind};
use crate::events::places;
use crate::events::{EventType, Status, actors};

use super::{DocView, Draft, Pending};

/// One draft per place and date of each pending trigger.
pub(super) fn drafts<'m>(
    ctx: &SentenceCtx<'_, 'm>,
    doc: &DocView<'_, 'm>,
    memory: &Memory<'m>,
    pending: Vec<Pending<'m>>,
) -> Vec<Draft<'m>> {
    let mut out: Vec<Draft<'m>> = Vec::new();
    for p in pending {
        // An undated event in a non-restrictive relative clause ("China,
        // which has positioned ...") is background to the news, not news.
        let background = p.dated.iter().all(|d| d.2 == DateSource::None)
            || (p.dated.iter().all(|d| d.2 == DateSource::Document) && !doc.headline);
        if background && crate::events::modality::in_relative(ctx, p.a.f.at) {
            continue;
        }
        let a = p.a;
        let i = a.f.at;
        let mover = crate::events::mover::mover(ctx, a.clause.0, i, memory);
        for chosen in &p.places {
            let place = chosen.located.mention;
            // A ship arriving at a port or a city makes a port call; so does
            // a planned voyage to a country ("It will sail to Dominica"):
            // what a ship plans there is a visit of its ports.
            let voyage = p.status == Status::Planned
                && places::is_country_like(place)
                && crate::events::lexicon::is_voyage_verb(ctx.lower(i));
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
    out
}
