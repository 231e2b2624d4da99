//! The walk over a document: sentence by sentence, with the document's
//! time, memory and focus, into drafts, events, late-bound facility places
//! and finally merged events.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::anchor::{self, DocTime};
use super::context::SentenceCtx;
use super::draft::{self, DocView, Draft};
use super::memory::{Memory, MoverKind};
use super::places::{self, specificity};
use super::{
    Event, OriginPoint, SentenceRef, Status, country_names, fnv1a, lexicon, merge, rfc3339_end,
    rfc3339_start, sentences, summary, text, triggers,
};
use crate::documents::Document;
use crate::geoparse::Mention;

/// A sentence longer than this many characters is read in pieces: news
/// sentences are far shorter, and every per-sentence step stays bounded
/// however long a line without punctuation is.
pub(super) const MAX_SENTENCE_CHARS: usize = 2_000;

/// True for lines of reference lists and citation boilerplate, which repeat
/// headlines out of context ("^ "Russian bombers land in ...". Retrieved ...").
fn is_citation_line(line: &str) -> bool {
    let t = line.trim_start();
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    t.starts_with('^') || line.contains(" Retrieved ") || line.contains("Archived from")
}

/// The countries of a document, most mentioned first (country and demonym
/// mentions).
fn focus_countries(mentions: &[Mention]) -> Vec<String> {
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for (n, m) in mentions
        .iter()
        .filter(|m| places::is_country_like(m) && !m.country.is_empty())
        .enumerate()
    {
        match counts.iter_mut().find(|(c, _, _)| *c == m.country) {
            Some((_, k, _)) => *k += 1,
            None => counts.push((&m.country, 1, n)),
        }
    }
    counts.sort_by_key(|&(_, k, first)| (std::cmp::Reverse(k), first));
    counts.into_iter().map(|(c, _, _)| c.to_string()).collect()
}

fn normal(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Extracts the events of a document from its geoparsed mentions (character
/// offsets in the file, any order).
pub fn extract(doc: &Document, mentions: &[Mention]) -> Vec<Event> {
    // Sentences are split once, for the passes over mentions and the walk.
    let all = sentences::split_bounded(&doc.text, doc.body_byte, doc.body_char, MAX_SENTENCE_CHARS);
    let with_coasts = super::coast::with_coasts(doc, &all, mentions.to_vec());
    let mut sorted: Vec<Mention> = super::stand_ins::with_stand_ins(doc, &all, with_coasts);
    sorted.sort_by_key(|m| (m.start, m.end));
    let sorted = sorted;
    let focus = focus_countries(&sorted);
    let names = country_names(&sorted);
    let country_mentions: Vec<(String, &Mention)> = focus
        .iter()
        .filter_map(|c| {
            sorted
                .iter()
                .find(|m| m.kind == "country" && &m.country == c)
                .map(|m| (c.clone(), m))
        })
        .collect();
    let title = normal(&doc.title);
    let mut memory: Memory = Memory::default();
    let mut time = DocTime::new(doc.published, None);
    let mut dateline_seen = false;
    let mut last_date = None;
    let mut events: Vec<Event> = Vec::new();
    let mut cursor = 0;
    // Per line, computed once: a citation line, a headline, and where the
    // line's first sentence starts (lines can be megabytes long).
    let mut line_facts: Option<(usize, bool, bool)> = None;
    let mut line_first_sentence: Option<(usize, usize)> = None;
    let mut first_paragraph: Option<usize> = None;
    for s in &all {
        while cursor < sorted.len() && sorted[cursor].start < s.start {
            cursor += 1;
        }
        let mut end = cursor;
        while end < sorted.len() && sorted[end].start < s.end {
            end += 1;
        }
        let first = *first_paragraph.get_or_insert(s.paragraph);
        let (line_is_citation, line_is_headline) = match line_facts {
            Some((start, c, h)) if start == s.line_start => (c, h),
            _ => {
                let line = &doc.text[s.line_start..s.line_end];
                let c = is_citation_line(line);
                let h = line.len() <= 4 * MAX_SENTENCE_CHARS
                    && (normal(line) == title || (s.paragraph == first && is_headline_like(line)));
                line_facts = Some((s.line_start, c, h));
                (c, h)
            }
        };
        let starts_line = match line_first_sentence {
            Some((line, start)) if line == s.line_start => start == s.start,
            _ => {
                line_first_sentence = Some((s.line_start, s.start));
                true
            }
        };
        if line_is_citation {
            continue;
        }
        let headline = line_is_headline;
        let text = s.text(&doc.text);
        tracing::trace!(sentence = text, headline, "sentence");
        let tokens = text::tokenize(text, s.start);
        let mut body_from = 0;
        let may_have_dateline =
            !dateline_seen && !headline && s.paragraph <= first + 3 && starts_line;
        if may_have_dateline && let Some(d) = anchor::dateline(&tokens) {
            dateline_seen = true;
            time = DocTime::new(doc.published, Some(d));
            body_from = d.dash + 1;
            let dash_at = tokens[d.dash].start;
            memory.dateline = sorted[cursor..end]
                .iter()
                .find(|m| m.end <= dash_at && specificity(m) >= 4);
        }
        let ctx = SentenceCtx::new(
            tokens,
            &sorted[cursor..end],
            time.anchor,
            &mut memory,
            body_from,
        );
        let view = DocView {
            time,
            last_date: last_date.clone(),
            focus: &focus,
            headline,
            country_mentions: &country_mentions,
        };
        let drafts = draft::sentence_events(&ctx, &view, &memory);
        remember(&ctx, &drafts, &mut memory);
        for d in drafts {
            events.push(build(doc, s, text, d, &names));
        }
        if let Some(last) = ctx.dates.iter().rev().find(|d| !d.bound) {
            last_date = Some(last.value.clone());
        } else if let Some(n) =
            super::sequel::offset(&ctx.words(0, ctx.tokens.len()).collect::<Vec<_>>())
            && let Some(d) = last_date.as_ref().and_then(|d| super::sequel::after(d, n))
        {
            // "Two days later …": the story's clock moves on for the next.
            last_date = Some(d);
        }
    }
    // A facility placed better later in the text moves its events.
    for e in &mut events {
        let Some(f) = e.facility_index.and_then(|i| memory.facilities.get(i)) else {
            continue;
        };
        if let Some(at) = f.at
            && (specificity(at) > places::kind_specificity(&e.place_kind) || (f.exact && e.approx))
        {
            e.set_place(at);
            e.approx = !f.exact;
        }
        // Say which facility: where the point is only its container, and
        // where it is the town a facility is named after ("Ream Naval
        // Base" at Ream).
        // A name starts with a capital ("the port of Tartus" is no name).
        let named = f.label.chars().next().is_some_and(char::is_uppercase)
            && !f.label.eq_ignore_ascii_case(&e.place);
        if !f.exact || named {
            e.facility = Some(f.label.clone());
        }
    }
    let mut merged = merge::merge(events);
    for e in &mut merged {
        e.summary = summary(
            e.person.as_deref(),
            e.event_type,
            e.status,
            &e.assets,
            e.facility.as_deref().unwrap_or(&e.place),
            &e.place_kind,
            e.date.as_deref(),
        );
        e.actor_names = e
            .actors
            .iter()
            .map(|c| names.get(c).cloned().unwrap_or_else(|| c.clone()))
            .collect();
    }
    merged
}

/// The first body line is a headline when it is short and has no final stop.
fn is_headline_like(line: &str) -> bool {
    let t = line.trim();
    t.split_whitespace().count() <= 20 && !t.ends_with(['.', '!', '?', ':', '"', '”'])
}

/// Updates the document's memory after a sentence: the mover, the last
/// specific place, the last agreement.
fn remember<'m>(ctx: &SentenceCtx<'_, 'm>, drafts: &[Draft<'m>], memory: &mut Memory<'m>) {
    let designations: Vec<_> = ctx
        .assets
        .iter()
        .filter(|a| a.kind == super::AssetKind::Designation)
        .cloned()
        .collect();
    if !designations.is_empty() {
        memory.hardware = designations;
    }
    // "there" and "the harbour" refer to the last specific place named.
    if let Some(m) = ctx
        .mentions
        .iter()
        .rev()
        .find(|m| specificity(m.mention) >= 4 && !m.home)
    {
        memory.note_place(m.mention);
    }
    for d in drafts.iter().filter(|d| d.status == Status::Reported) {
        if let Some(i) = d.place.facility {
            memory.note_salient(i);
        }
    }
    if let Some(d) = drafts.iter().find(|d| d.status == Status::Reported) {
        if let Some(kind) = d.mover {
            memory.note_mover(kind, &d.assets, d.actors.first().cloned());
        }
        memory.note_place(d.place.mention);
        // The document's main actor is whose forces move or whose officials
        // travel, not the parties of every agreement.
        if (d.event_type.is_flow() || d.event_type == super::EventType::Visit)
            && let Some(a) = d.actors.first()
        {
            memory.count_actor(a);
        }
    } else {
        // "The ship knows the harbour well": the subject is still a ship.
        let head: Vec<&str> = ctx.words(0, 6).collect();
        let kind = if (0..6).any(|k| ctx.is_vessel(k)) || head.iter().any(|w| lexicon::is_ship(w)) {
            Some(MoverKind::Ship)
        } else if head
            .iter()
            .any(|w| lexicon::is_aircraft(w) || lexicon::is_troop(w))
        {
            Some(MoverKind::Force)
        } else {
            None
        };
        if let Some(kind) = kind {
            let assets: Vec<_> = ctx.assets.iter().filter(|a| a.first < 6).cloned().collect();
            memory.note_mover(kind, &assets, None);
        }
    }
    memory.military_context = ctx.any_in(0, ctx.tokens.len(), &lexicon::MILITARY_WORDS)
        || ctx.weapon_in(0, ctx.tokens.len())
        || ctx.force_in(0, ctx.tokens.len());
    let agreement = drafts.iter().find(|d| {
        d.status == Status::Reported
            && matches!(
                d.event_type,
                super::EventType::Agreement | super::EventType::PortCallAgreement
            )
    });
    memory.agreement_reported = agreement.is_some();
    memory.agreement_date = agreement.and_then(|d| d.date.clone());
    // The last agreement named, and whether its clause was military.
    for (i, t) in ctx.tokens.iter().enumerate() {
        if triggers::AGREEMENT_NOUNS.contains(t.lower.as_str()) {
            let (c0, c1) = ctx.clause_of(i).unwrap_or((0, ctx.tokens.len()));
            let military = ctx.any_in(c0, c1, &lexicon::MILITARY_WORDS) || ctx.force_in(c0, c1);
            let place = drafts
                .iter()
                .find(|d| {
                    matches!(
                        d.event_type,
                        super::EventType::Agreement | super::EventType::PortCallAgreement
                    )
                })
                .map(|d| d.place.mention);
            let was_military = memory.agreement.is_some_and(|(_, m)| m);
            memory.agreement = Some((place, military || was_military));
        }
    }
}

fn build(
    doc: &Document,
    s: &sentences::Sentence,
    text: &str,
    d: Draft,
    names: &HashMap<String, String>,
) -> Event {
    let shown = d.date.as_ref().or(d.interval.as_ref());
    let date = shown.map(|v| v.iso.clone());
    let span = d.interval.as_ref().or(d.date.as_ref());
    let place = d.place.mention;
    let start = s.start.to_le_bytes();
    let end = s.end.to_le_bytes();
    let hash = fnv1a(&[
        doc.id.as_bytes(),
        &start,
        &end,
        d.event_type.as_str().as_bytes(),
        place.gazetteer_id.as_bytes(),
        date.as_deref().unwrap_or("").as_bytes(),
    ]);
    // The text's origin, else the main actor's country (flows start at its
    // capital) when the actor is not where the event happened.
    let origin = d.origin_country.clone().or_else(|| {
        d.event_type
            .is_flow()
            .then(|| {
                d.actors
                    .first()
                    .filter(|a| **a != place.country && a.len() == 2)
                    .cloned()
            })
            .flatten()
    });
    let mut e = Event {
        id: format!("{hash:016x}"),
        event_type: d.event_type,
        summary: String::new(),
        date,
        start: span.map(|v| rfc3339_start(v.start)),
        end: span.map(|v| rfc3339_end(v.end)),
        place: String::new(),
        place_kind: String::new(),
        place_id: String::new(),
        facility: None,
        country: String::new(),
        assets: d.assets,
        actor_names: d
            .actors
            .iter()
            .map(|c| names.get(c).cloned().unwrap_or_else(|| c.clone()))
            .collect(),
        actors: d.actors,
        // The text's origin, else the main actor's country (flows start at
        // its capital) when the actor is not where the event happened.
        origin,
        person: d.person.clone(),
        status: d.status,
        document: doc.id.clone(),
        title: doc.title.clone(),
        published: doc
            .published
            .map(|p: NaiveDate| p.format("%Y-%m-%d").to_string()),
        sentence: text.to_string(),
        offsets: [s.start, s.end],
        sentences: vec![SentenceRef {
            text: text.to_string(),
            offsets: [s.start, s.end],
        }],
        confidence: d.confidence,
        lon: 0.0,
        lat: 0.0,
        origin_point: d.origin_mention.map(|m| OriginPoint {
            name: m.name.clone(),
            kind: m.kind.clone(),
            lon: m.lon,
            lat: m.lat,
        }),
        date_source: d.date_source,
        span: span.map(|v| (v.start, v.end)),
        approx: d.place.approx,
        facility_index: d.place.facility,
    };
    e.set_place(place);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_lines_are_recognised() {
        assert!(is_citation_line(
            "  2. ^ \"Russian bombers land\". Retrieved 15 April 2016."
        ));
        assert!(!is_citation_line("Russia sent bombers in 2008."));
    }

    #[test]
    fn headlines_are_short_lines_without_a_stop() {
        assert!(is_headline_like("Russian frigate docks in Havana"));
        assert!(!is_headline_like("Russia sent bombers to Venezuela."));
    }
}
