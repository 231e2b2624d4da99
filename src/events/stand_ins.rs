//! Places a sentence names in ways the geoparser leaves alone, found before
//! the sentence walk and added as mentions of their own:
//!
//! - a facility whose name the gazetteer lacks but whose town it has:
//!   "Lulea-Kallax Air Base" is at Luleå, "Ream Naval Base" at Ream. Without
//!   this the event falls back to the container ("in northern Sweden"),
//!   often a country's middle hundreds of kilometres away;
//! - a country's capital named by description: "the Cuban capital", "the
//!   capital of Syria".
//!
//! Both only ever resolve inside a country the document itself names, so a
//! base named after a person or a famous namesake abroad is never pulled
//! across the world.

use std::collections::HashMap;

use crate::documents::Document;
use crate::gazetteer::normalize::key;
use crate::gazetteer::{Form, Gazetteer, Kind, Place};
use crate::geoparse::Mention;

use super::coast::Sweep;
use super::facility::facility_noun;
use super::memory::FacilityKind;
use super::places::is_feature;
use super::sentences::Sentence;
use super::text::{TokKind, Token, tokenize};

/// Words of a facility's name that say who it honours or what it is, not
/// where it is ("Prince Sultan Air Base", "General Ramón Air Base").
const TITLES: &[&str] = &[
    "prince",
    "princess",
    "king",
    "queen",
    "sultan",
    "emir",
    "sheikh",
    "general",
    "admiral",
    "marshal",
    "president",
    "saint",
    "st",
    "san",
    "santa",
    "fort",
    "camp",
    "joint",
    "royal",
    "national",
    "international",
    "regional",
    "northern",
    "southern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
    "central",
    "new",
    "old",
    "upper",
    "lower",
];

/// The countries a document names, by how often (demonyms left out: "the
/// Russian base" says whose, not where).
pub fn named_countries(mentions: &[Mention]) -> HashMap<&str, usize> {
    let mut out: HashMap<&str, usize> = HashMap::new();
    for m in mentions {
        if m.kind != "demonym" && !m.country.is_empty() {
            *out.entry(m.country.as_str()).or_default() += 1;
        }
    }
    out
}

fn covered(in_sentence: &[&Mention], t: &Token) -> bool {
    in_sentence
        .iter()
        .any(|m| m.start < t.end && t.start < m.end && !is_feature(m))
}

fn mention_at(place: &Place, text: &str, start: usize, end: usize) -> Mention {
    Mention {
        start,
        end,
        text: text.to_string(),
        name: place.name.clone(),
        gazetteer_id: place.id.clone(),
        kind: place.kind.as_str().to_string(),
        country: place.country.clone(),
        lat: place.lat,
        lon: place.lon,
        // Found by the event rules, not by the geoparser's evidence.
        confidence: 0.5,
    }
}

/// The place a facility's name part stands for: a town, port or airfield
/// of one of `countries`, the facility's own kind first, then the country
/// the document names most, then the largest.
fn resolve<'g>(
    gazetteer: &'g Gazetteer,
    part: &str,
    kind: FacilityKind,
    countries: &HashMap<&str, usize>,
    container: Option<&str>,
) -> Option<&'g Place> {
    let own_kind = |p: &Place| match kind {
        FacilityKind::Air => matches!(p.kind, Kind::Airport | Kind::Airbase),
        FacilityKind::Sea => p.kind == Kind::Port,
        FacilityKind::Base => false,
    };
    gazetteer
        .lookup(&key(part))
        .iter()
        .filter(|e| e.form != Form::Demonym && e.form != Form::Abbreviation)
        .map(|e| gazetteer.place(e.place))
        .filter(|p| {
            matches!(
                p.kind,
                Kind::City | Kind::Port | Kind::Airport | Kind::Airbase
            )
        })
        .filter(|p| match container {
            Some(c) => p.country == c,
            None => countries.contains_key(p.country.as_str()),
        })
        .max_by_key(|p| {
            (
                own_kind(p),
                countries.get(p.country.as_str()).copied().unwrap_or(0),
                p.population,
            )
        })
}

/// The country a facility phrase puts itself in: "X Air Base in northern
/// Sweden", "Cambodia's X Naval Base".
fn container_country<'a>(
    tokens: &[Token],
    in_sentence: &[&'a Mention],
    name_start: usize,
    noun_end: usize,
) -> Option<&'a str> {
    let at = |k: usize| {
        tokens
            .get(k)
            .and_then(|t| {
                in_sentence
                    .iter()
                    .find(|m| m.start < t.end && t.start < m.end)
            })
            .filter(|m| m.kind != "demonym" && !m.country.is_empty())
    };
    let mut seen_in = false;
    let end = (noun_end + 6).min(tokens.len());
    for (k, t) in tokens.iter().enumerate().take(end).skip(noun_end + 1) {
        if matches!(t.lower.as_str(), "in" | "near" | "outside") {
            seen_in = true;
            continue;
        }
        if let Some(m) = at(k) {
            return seen_in.then_some(m.country.as_str());
        }
        if t.kind == TokKind::Punct {
            break;
        }
    }
    let possessive = name_start >= 2 && tokens[name_start - 1].kind == TokKind::Possessive;
    if possessive {
        return at(name_start - 2).map(|m| m.country.as_str());
    }
    None
}

/// Mentions for the facility names of one sentence that the gazetteer
/// knows only by their town.
pub fn facility_towns(
    tokens: &[Token],
    in_sentence: &[&Mention],
    countries: &HashMap<&str, usize>,
) -> Vec<Mention> {
    let gazetteer = Gazetteer::builtin();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some((kind, noun_end)) = facility_noun(tokens, i) else {
            i += 1;
            continue;
        };
        let noun = i;
        i = noun_end + 1;
        // The capitalised words right before the noun ("Lulea-Kallax Air
        // Base", "the Ream naval base"), none of them a place already.
        let mut name_start = noun;
        loop {
            let prev = name_start.checked_sub(1).map(|k| &tokens[k]);
            // "Lulea-Kallax": a hyphen between capitalised words.
            let hyphen = prev.is_some_and(|t| t.is_punct("-"))
                && name_start >= 2
                && tokens[name_start - 2].is_capitalized();
            if prev.is_some_and(Token::is_capitalized) {
                name_start -= 1;
            } else if hyphen {
                name_start -= 2;
            } else {
                break;
            }
        }
        // "Air Base" or "Naval Base" written as a name: the noun's own words.
        while name_start < noun
            && matches!(tokens[name_start].lower.as_str(), "air" | "naval" | "navy")
        {
            name_start += 1;
        }
        if name_start == noun {
            continue;
        }
        let name = &tokens[name_start..noun];
        if name.iter().any(|t| covered(in_sentence, t)) {
            continue;
        }
        let container = container_country(tokens, in_sentence, name_start, noun_end);
        if container.is_none() && countries.is_empty() {
            continue;
        }
        // The whole name first ("Santa Cruz"), then each part ("Lulea" of
        // "Lulea-Kallax"), leaving out titles and common words.
        let whole: String = name
            .iter()
            .filter(|t| t.kind == TokKind::Word)
            .map(|t| t.text)
            .collect::<Vec<_>>()
            .join(" ");
        let parts = name
            .iter()
            .filter(|t| t.kind == TokKind::Word)
            .flat_map(|t| t.text.split('-'))
            .filter(|p| p.chars().count() >= 3)
            .filter(|p| {
                let k = key(p);
                !TITLES.contains(&k.as_str())
                    && !gazetteer.is_common_word(&k)
                    && !gazetteer.is_given_name(&k)
            });
        let found = std::iter::once(whole.as_str())
            .chain(parts)
            .find_map(|p| resolve(gazetteer, p, kind, countries, container));
        if let Some(place) = found {
            let (start, end) = (name[0].start, name[name.len() - 1].end);
            out.push(mention_at(place, &whole, start, end));
        }
    }
    out
}

/// "the Cuban capital", "the capital of Syria": the country's capital, as
/// a mention covering the phrase's place word.
pub fn described_capitals(tokens: &[Token], in_sentence: &[&Mention]) -> Vec<Mention> {
    let gazetteer = Gazetteer::builtin();
    let mut out = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        if t.lower != "capital" || k == 0 {
            continue;
        }
        let before = &tokens[k - 1];
        let of = tokens.get(k + 1).is_some_and(|n| n.lower == "of");
        // "the Cuban capital": a demonym right before; "the capital of
        // Syria": a country right after "of".
        let (source, cover) = if of {
            let Some(after) = tokens.get(k + 2) else {
                continue;
            };
            let m = in_sentence
                .iter()
                .find(|m| m.start == after.start && m.kind == "country");
            (m, (t.start, tokens.get(k + 2).map_or(t.end, |a| a.end)))
        } else {
            let m = in_sentence
                .iter()
                .find(|m| m.end == before.end && m.kind == "demonym")
                .filter(|_| k >= 2 && tokens[k - 2].lower == "the");
            (m, (before.start, t.end))
        };
        let Some(country) = source.map(|m| m.country.as_str()).filter(|c| !c.is_empty()) else {
            continue;
        };
        if let Some(capital) = gazetteer.capital_of(country) {
            let text: Vec<&str> = tokens
                .iter()
                .filter(|x| x.start >= cover.0 && x.end <= cover.1)
                .map(|x| x.text)
                .collect();
            out.push(mention_at(capital, &text.join(" "), cover.0, cover.1));
        }
    }
    out
}

/// The document's mentions with the stand-ins of every sentence added and
/// the mentions they cover ("Cuban" of "the Cuban capital") left out.
pub fn with_stand_ins(doc: &Document, all: &[Sentence], mentions: Vec<Mention>) -> Vec<Mention> {
    let countries = named_countries(&mentions);
    let mut added: Vec<Mention> = Vec::new();
    let mut sweep = Sweep::new(&mentions);
    for s in all {
        let in_sentence: Vec<&Mention> = sweep
            .within(&mentions, s.start, s.end)
            .into_iter()
            .map(|k| &mentions[k])
            .collect();
        let text = s.text(&doc.text);
        // Cheap tests first: most sentences name neither.
        let facility = !countries.is_empty()
            && [
                "Base", "base", "Airport", "airport", "irfield", "Harbo", "harbo", "Station",
            ]
            .iter()
            .any(|w| text.contains(w));
        let capital = text.contains("capital");
        if !facility && !capital {
            continue;
        }
        let tokens = tokenize(text, s.start);
        if facility {
            added.extend(facility_towns(&tokens, &in_sentence, &countries));
        }
        if capital {
            added.extend(described_capitals(&tokens, &in_sentence));
        }
    }
    if added.is_empty() {
        return mentions;
    }
    let mut out: Vec<Mention> = mentions
        .into_iter()
        .filter(|m| {
            !added.iter().any(|a| {
                (a.start <= m.start && m.end <= a.end)
                    || (is_feature(m) && a.start < m.end && m.start < a.end)
            })
        })
        .collect();
    out.extend(added);
    out.sort_by_key(|m| (m.start, m.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(text: &str, at: &str, iso: &str, kind: &str) -> Mention {
        let start = text.find(at).unwrap();
        Mention {
            start,
            end: start + at.len(),
            text: at.into(),
            name: at.into(),
            gazetteer_id: format!("t:{at}"),
            kind: kind.into(),
            country: iso.into(),
            lat: 0.0,
            lon: 0.0,
            confidence: 1.0,
        }
    }

    /// The facility towns of `text` with one country named in it.
    fn towns(text: &str, at: &str, iso: &str) -> Vec<Mention> {
        let ms = [country(text, at, iso, "country")];
        let refs: Vec<&Mention> = ms.iter().collect();
        facility_towns(&tokenize(text, 0), &refs, &named_countries(&ms))
    }

    #[test]
    fn a_base_named_after_its_town_is_at_the_town() {
        let text = "Two bombers landed at Lulea-Kallax Air Base in northern Sweden.";
        let out = towns(text, "Sweden", "SE");
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].country, "SE");
        assert_eq!(out[0].text, "Lulea-Kallax");
        // Luleå is at 65.6 N, 22.1 E.
        assert!((out[0].lat - 65.6).abs() < 0.3 && (out[0].lon - 22.1).abs() < 0.3);
    }

    #[test]
    fn a_namesake_in_a_country_the_text_never_names_is_left_alone() {
        // Luleå is in Sweden; a text about Norway only must not go there.
        let text = "Jets landed at Lulea Air Base in Norway.";
        assert!(towns(text, "Norway", "NO").is_empty());
    }

    #[test]
    fn titles_are_not_towns() {
        let text = "They flew to Prince Sultan Air Base in Saudi Arabia.";
        let out = towns(text, "Saudi Arabia", "SA");
        assert!(out.iter().all(|m| m.text != "Prince"), "{out:?}");
    }

    #[test]
    fn a_capital_by_description() {
        let text = "The ships stay in the Cuban capital until June.";
        let ms = [country(text, "Cuban", "CU", "demonym")];
        let refs: Vec<&Mention> = ms.iter().collect();
        let out = described_capitals(&tokenize(text, 0), &refs);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].name, "Havana");
        assert_eq!(out[0].text, "Cuban capital");
        let text = "He arrived in the capital of Syria on Monday.";
        let ms = [country(text, "Syria", "SY", "country")];
        let refs: Vec<&Mention> = ms.iter().collect();
        let out = described_capitals(&tokenize(text, 0), &refs);
        assert_eq!(out[0].name, "Damascus");
        // A capital as a noun of money or of letters is not a place.
        let text = "Russian capital flowed into the bank.";
        let ms = [country(text, "Russian", "RU", "demonym")];
        let refs: Vec<&Mention> = ms.iter().collect();
        assert!(described_capitals(&tokenize(text, 0), &refs).is_empty());
    }
}
