//! Facility phrases: the air base, airport, port or naval base a sentence
//! names, in the shapes news use — "X air base", "X Air Force Base", "the X
//! military airfield", "the port of X", "the naval base in X", "the airfield
//! at X", "X Bay" — and the anaphora that refer back to one ("the base", "the
//! same port", "the Vietnamese airfield", "there", "this city").
//!
//! A phrase becomes one located place covering its words. Its point is the
//! facility's own when the gazetteer has it; otherwise the nearest named
//! container (the city or the bay the phrase names, then a city or country
//! it is "in", "near" or "outside"), marked approximate. A later sentence
//! that places a known facility more precisely ("the base outside
//! Latakia") improves it, and events at that facility move with it.

mod phrase;

use crate::geoparse::Mention;

use super::memory::{FacilityKind, Memory};
use super::places::{Located, specificity};
use super::text::{TokKind, Token};

/// Words allowed between a facility's name and its noun ("the Erebuni
/// military airfield").
const MODIFIERS: &[&str] = &[
    "military",
    "naval",
    "navy",
    "main",
    "new",
    "old",
    "former",
    "joint",
    "logistics",
    "deep-water",
    "strategic",
    "international",
    "civil",
    "commercial",
    "cruise",
    "container",
    "army",
    "marine",
];

/// Prepositions that put a facility inside a container.
const CONTAINING: &[&str] = &["in", "near", "outside", "at", "off", "of", "by", "close"];

/// The facility noun at `i`: its kind and last token.
pub fn facility_noun(tokens: &[Token], i: usize) -> Option<(FacilityKind, usize)> {
    let w = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let one = match w(i) {
        "airbase" | "airbases" | "airfield" | "airfields" | "airport" | "airports" | "airstrip"
        | "aerodrome" => Some(FacilityKind::Air),
        "port" | "ports" | "seaport" | "harbour" | "harbor" | "harbours" | "harbors" | "pier"
        | "quay" | "quayside" | "anchorage" | "dockyard" | "shipyard" => Some(FacilityKind::Sea),
        "bay" if tokens.get(i).is_some_and(Token::is_capitalized) => Some(FacilityKind::Sea),
        "base" | "bases" | "camp" | "garrison" | "facility" => Some(FacilityKind::Base),
        _ => None,
    };
    match (w(i), w(i + 1), w(i + 2)) {
        ("air", "force", "base" | "station") => Some((FacilityKind::Air, i + 2)),
        ("air", "base" | "bases" | "field" | "station", _) => Some((FacilityKind::Air, i + 1)),
        ("naval" | "navy", "base" | "station" | "facility" | "port" | "pier", _) => {
            Some((FacilityKind::Sea, i + 1))
        }
        ("naval", "supply" | "logistics", "point" | "hub" | "centre" | "center") => {
            Some((FacilityKind::Sea, i + 2))
        }
        _ => one.map(|k| (k, i)),
    }
}

fn covering<'a, 'm>(located: &'a [Located<'m>], k: usize) -> Option<&'a Located<'m>> {
    located.iter().find(|m| m.first <= k && k <= m.last)
}

/// A located mention within `n` tokens after `from` introduced by a
/// containing preposition: "in Syria", "outside Latakia", "on the edge of
/// Pretoria".
fn container_after<'m>(
    tokens: &[Token],
    located: &[Located<'m>],
    from: usize,
    n: usize,
) -> Option<(&'m Mention, usize)> {
    let end = (from + n).min(tokens.len());
    let mut seen_prep = false;
    for (k, t) in tokens.iter().enumerate().take(end).skip(from) {
        if CONTAINING.contains(&t.lower.as_str()) {
            seen_prep = true;
        }
        if let Some(m) = covering(located, k) {
            return (seen_prep && m.mention.kind != "demonym").then_some((m.mention, m.last));
        }
        if t.is_punct(";") || t.is_punct(".") {
            break;
        }
    }
    None
}

/// Finds the facility phrases of a sentence, records them in `memory` and
/// returns the sentence's located places with each phrase in place of the
/// mentions it covers (plus anaphora resolved from memory).
pub fn locate<'m>(
    tokens: &[Token],
    located: Vec<Located<'m>>,
    memory: &mut Memory<'m>,
) -> Vec<Located<'m>> {
    let mut phrases: Vec<Located<'m>> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some((kind, noun_end)) = facility_noun(tokens, i) else {
            i += 1;
            continue;
        };
        if let Some(p) = phrase::phrase(tokens, &located, memory, i, kind, noun_end) {
            i = p.last + 1;
            phrases.push(p);
        } else {
            i = noun_end + 1;
        }
    }
    // "flew into Vaernes" after "the Vaernes air station": a facility named
    // before, by its name alone.
    for k in 0..tokens.len() {
        let taken = located
            .iter()
            .chain(&phrases)
            .any(|m| m.first <= k && k <= m.last);
        if taken || !tokens[k].is_capitalized() || k == 0 {
            continue;
        }
        let Some(&idx) = memory.facility_names.get(tokens[k].text) else {
            continue;
        };
        let name: Vec<&str> = memory.facilities[idx]
            .label
            .split_whitespace()
            .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        let fits = name
            .iter()
            .enumerate()
            .all(|(n, w)| tokens.get(k + n).is_some_and(|t| t.text == *w));
        if !fits {
            continue;
        }
        let words = name.len();
        let Some(at) = memory.facilities[idx].at else {
            continue;
        };
        phrases.push(Located {
            first: k,
            last: k + words - 1,
            mention: at,
            approx: !memory.facilities[idx].exact,
            facility: Some(idx),
            home: false,
        });
    }
    // "there" after a verb of arrival or a stop, and "this city": the
    // document's last place or its dateline.
    for (k, t) in tokens.iter().enumerate() {
        // The nearest specific place named before in the same sentence.
        let earlier = || {
            located
                .iter()
                .chain(&phrases)
                .filter(|m| m.last < k && specificity(m.mention) >= 4)
                .max_by_key(|m| m.last)
                .map(|m| m.mention)
        };
        let anaphor = match t.lower.as_str() {
            "there"
                if k > 0
                    && !tokens.get(k + 1).is_some_and(|n| {
                        matches!(
                            n.lower.as_str(),
                            "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will"
                        )
                    }) =>
            {
                earlier().or(memory.last_place)
            }
            "city" | "town"
                if k > 0 && tokens[k - 1].lower == "this"
                    || (k > 1
                        && tokens[k - 2].lower == "this"
                        && tokens[k - 1].kind == TokKind::Word) =>
            {
                memory
                    .dateline
                    .filter(|d| d.kind == "city")
                    .or(memory.last_place)
            }
            _ => None,
        };
        let free = !located
            .iter()
            .chain(&phrases)
            .any(|m| m.first <= k && k <= m.last);
        if let (Some(m), true) = (anaphor, free) {
            phrases.push(Located {
                first: k,
                last: k,
                mention: m,
                approx: true,
                facility: None,
                home: false,
            });
        }
    }
    if phrases.is_empty() {
        return located;
    }
    let mut out: Vec<Located<'m>> = located
        .into_iter()
        .filter(|m| {
            !phrases
                .iter()
                .any(|p| p.first <= m.first && m.last <= p.last)
        })
        .collect();
    out.extend(phrases);
    out.sort_by_key(|m| (m.first, m.last));
    out
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    fn mention(text: &str, name: &str, kind: &str, country: &str) -> Mention {
        let byte = text.find(name).unwrap_or(0);
        let start = text[..byte].chars().count();
        Mention {
            start,
            end: start + name.chars().count(),
            text: name.into(),
            name: name.into(),
            gazetteer_id: format!("t:{name}"),
            kind: kind.into(),
            country: country.into(),
            lat: 1.0,
            lon: 2.0,
            confidence: 1.0,
        }
    }

    fn locate_all<'m>(
        text: &str,
        ms: &'m [Mention],
        memory: &mut Memory<'m>,
    ) -> Vec<(String, bool, String)> {
        let toks = tokenize(text, 0);
        let located: Vec<Located> = ms
            .iter()
            .filter_map(|m| {
                let first = toks.iter().position(|t| t.end > m.start)?;
                let last = toks.iter().rposition(|t| t.start < m.end)?;
                Some(Located {
                    first,
                    last,
                    mention: m,
                    approx: false,
                    facility: None,
                    home: false,
                })
            })
            .collect();
        locate(&toks, located, memory)
            .iter()
            .map(|l| {
                let words: Vec<&str> = toks[l.first..=l.last].iter().map(|t| t.text).collect();
                (words.join(" "), l.approx, l.mention.name.clone())
            })
            .collect()
    }

    #[test]
    fn named_facilities_and_their_containers() {
        let text = "Russia flew jets to the Hmeimim air base in Syria.";
        let ms = [
            mention(text, "Russia", "country", "RU"),
            mention(text, "Syria", "country", "SY"),
        ];
        let mut memory = Memory::default();
        let found = locate_all(text, &ms, &mut memory);
        assert!(
            found.contains(&("Hmeimim air base in Syria".into(), true, "Syria".into())),
            "{found:?}"
        );
        // A later sentence places the base near a city: the facility improves.
        let later = "It would protect the area around the base outside Latakia.";
        let ms2 = [mention(later, "Latakia", "city", "SY")];
        let found = locate_all(later, &ms2, &mut memory);
        assert!(
            found.contains(&("base outside Latakia".into(), true, "Latakia".into())),
            "{found:?}"
        );
        assert_eq!(
            memory.facilities[0].at.map(|m| m.name.as_str()),
            Some("Latakia")
        );
    }

    #[test]
    fn ports_of_cities_and_anaphora() {
        let text = "A ship tied up at the port of La Guaira on Saturday.";
        let ms = [mention(text, "La Guaira", "port", "VE")];
        let mut memory = Memory::default();
        let found = locate_all(text, &ms, &mut memory);
        assert_eq!(
            found,
            [("port of La Guaira".into(), false, "La Guaira".into())]
        );
        let later = "A destroyer tied up in the same port on Monday.";
        let found = locate_all(later, &[], &mut memory);
        assert_eq!(found, [("same port".into(), false, "La Guaira".into())]);
    }

    #[test]
    fn a_facility_named_after_its_city() {
        let text = "jets were commissioned at the Nay Pyi Taw air base on Friday";
        let ms = [mention(text, "Nay Pyi Taw", "city", "MM")];
        let mut memory = Memory::default();
        let found = locate_all(text, &ms, &mut memory);
        assert_eq!(
            found,
            [("Nay Pyi Taw air base".into(), false, "Nay Pyi Taw".into())]
        );
    }
}
