//! Geoparser: finds the places a document names and resolves each to the
//! gazetteer.
//!
//! Three steps, one file each: [`tokens`] splits text into words with
//! character offsets, [`recognize`] finds the spans that name places and
//! drops the usual false positives, [`resolve`] picks the meaning of each.

mod abbreviations;
mod anchor;
mod article;
mod context;
mod evidence;
mod features;
mod near;
mod people;
mod prior;
pub mod recognize;
pub mod resolve;
pub mod tokens;

use serde::{Deserialize, Serialize};

/// One place name found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Unicode character offset of the first character (inclusive).
    pub start: usize,
    /// Unicode character offset after the last character (exclusive).
    pub end: usize,
    /// The text as written.
    pub text: String,
    /// The gazetteer's name of the resolved place.
    pub name: String,
    pub gazetteer_id: String,
    /// city, country, region, continent, sea, port, airbase, airport, demonym.
    pub kind: String,
    /// ISO 3166-1 alpha-2, empty for places outside any country (seas, continents).
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub confidence: f64,
}

use crate::documents::Document;
use crate::gazetteer::{Form, Gazetteer, Place};
use recognize::Candidate;

/// Finds and resolves place names. Cheap to share: holds a reference to the
/// gazetteer.
pub struct Geoparser {
    gazetteer: &'static Gazetteer,
}

impl Geoparser {
    /// A geoparser over the built-in gazetteer.
    pub fn builtin() -> Geoparser {
        Geoparser {
            gazetteer: Gazetteer::builtin(),
        }
    }

    /// Mentions in `text`, offsets in characters of `text`, in text order.
    pub fn parse(&self, text: &str) -> Vec<Mention> {
        let gaz = self.gazetteer;
        let mut candidates = Vec::new();
        let mut texts = Vec::new();
        // Tokens are short-lived: a long text is read a chunk of lines at a
        // time, and only the candidates (with their surface text) are kept.
        for (chunk, base) in chunks(text) {
            let tokens = tokens::tokenize_from(chunk, base);
            for c in recognize::recognize(gaz, &tokens) {
                texts.push(
                    chunk[tokens[c.first].byte_start..tokens[c.last - 1].byte_end].to_string(),
                );
                candidates.push(c);
            }
        }
        // Features whose names hold no place ("Royal Street") take no part
        // in resolution; they are placed by the towns around them after it.
        let placed: Vec<Candidate> = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.entries.is_empty())
            .map(|(i, c)| {
                let mut c = c.clone();
                if candidates.get(i + 1).is_some_and(|n| n.entries.is_empty()) {
                    c.link = None;
                }
                c
            })
            .collect();
        let mut choices = resolve::resolve(gaz, &placed).into_iter();
        // Each candidate's chosen place, by index (features are placed by
        // them without looking places up by id).
        let mut places: Vec<Option<u32>> = Vec::with_capacity(candidates.len());
        let mut mentions: Vec<Option<Mention>> = candidates
            .iter()
            .zip(&texts)
            .map(|(c, surface)| {
                let choice = (!c.entries.is_empty()).then(|| choices.next()).flatten();
                places.push(choice.map(|ch| ch.entry.place));
                let choice = choice?;
                let place = gaz.place(choice.entry.place);
                let mut m = place_mention(c, surface, place, choice.entry.form);
                m.confidence = (choice.confidence * 1000.0).round() / 1000.0;
                Some(m)
            })
            .collect();
        anchor::place_features(gaz, &candidates, &texts, &mut mentions, &places);
        drop_lone_compass_regions(gaz, &candidates, &mut mentions, &places);
        mentions.into_iter().flatten().collect()
    }

    /// The gazetteer behind this parser.
    pub fn gazetteer(&self) -> &'static Gazetteer {
        self.gazetteer
    }

    /// Mentions in a document's body, offsets in characters of the whole file.
    pub fn parse_document(&self, doc: &Document) -> Vec<Mention> {
        let mut mentions = self.parse(doc.body());
        for m in &mut mentions {
            m.start += doc.body_char;
            m.end += doc.body_char;
        }
        mentions
    }
}

/// People of a place that takes a compass word without other places.
const BIG_ENOUGH: u64 = 1_000_000;

/// "West Midlands" read as Zimbabwe's Midlands: a compass word on a name
/// that is also a plain word (see [`recognize::Candidate::compass_on_word`])
/// stays a mention only when another place of the document, named without
/// such a guess, lies in the same country, or when its place is big enough
/// to stand alone ("West Wales": a million people or more).
fn drop_lone_compass_regions(
    gaz: &Gazetteer,
    candidates: &[Candidate],
    mentions: &mut [Option<Mention>],
    places: &[Option<u32>],
) {
    let guessed = |i: usize| candidates[i].compass_on_word;
    let countries: ahash::AHashSet<&str> = mentions
        .iter()
        .enumerate()
        .filter(|(i, _)| !guessed(*i))
        .filter_map(|(_, m)| m.as_ref().map(|m| m.country.as_str()))
        .collect();
    let lone: Vec<usize> = (0..mentions.len())
        .filter(|&i| guessed(i))
        .filter(|&i| places[i].is_none_or(|p| gaz.place(p).population < BIG_ENOUGH))
        .filter(|&i| {
            mentions[i]
                .as_ref()
                .is_some_and(|m| !countries.contains(m.country.as_str()))
        })
        .collect();
    for i in lone {
        mentions[i] = None;
    }
}

/// The mention of a resolved place.
fn place_mention(c: &Candidate, surface: &str, place: &Place, form: Form) -> Mention {
    let kind = if form == Form::Demonym {
        "demonym"
    } else {
        place.kind.as_str()
    };
    Mention {
        start: c.start,
        end: c.end,
        text: surface.to_string(),
        name: place.name.clone(),
        gazetteer_id: place.id.clone(),
        kind: kind.to_string(),
        country: place.country.clone(),
        lat: place.lat,
        lon: place.lon,
        confidence: 1.0,
    }
}

/// Size at which a long text is cut, at the next line break.
const CHUNK_BYTES: usize = 256 * 1024;

/// Splits text into pieces of whole lines, each with the character offset
/// of its start.
fn chunks(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars_before = 0;
    while start < text.len() {
        let mut end = (start + CHUNK_BYTES).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        let piece = &text[start..end];
        out.push((piece, chars_before));
        chars_before += piece.chars().count();
        start = end;
    }
    out
}
