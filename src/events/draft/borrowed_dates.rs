//! Dates a trigger borrows when its clause gives none (the second and third
//! passes over a sentence): from a dated trigger it continues or frames, from
//! the movement it is the purpose of, from the sentence's report of it, from
//! the document's time, or from the context told before.

use chrono::Datelike;

use crate::events::EventType;
use crate::events::anchor::{self, DateSource};
use crate::events::context::SentenceCtx;
use crate::events::dates::DateValue;

use super::{DocView, Pending};

/// An undated trigger continuing or framed by a dated one takes its date.
pub(super) fn inherit(ctx: &SentenceCtx, pending: &mut [Pending]) {
    // Second pass: an undated trigger continuing a dated one of the same
    // sentence takes its date ("reached Colombia on Nov. 14 and spent a
    // week at Turbo", "During a visit to Russia ..., the two governments
    // signed ... on Nov. 25", "last month's visit, during which the two
    // sides agreed ...").
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
                    || anchor::framing(ctx, at, p.a.f.at)
                    || anchor::within_antecedent(ctx, p.a.f.at, at))
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
}

/// A still undated trigger takes its report's date, the document's, or the
/// context's.
pub(super) fn from_report(
    ctx: &SentenceCtx,
    doc: &DocView,
    pending: &mut [Pending],
    reporting: &[usize],
    positions: &[usize],
) {
    // Third pass: the date of the report of it in the same sentence ("...,
    // the military announced on Thursday"), the document's time for the
    // present and for headlines, else "the same day" or a report's month.
    for p in pending.iter_mut() {
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
}
