//! One facility phrase: the shapes news use around a facility noun — "X air
//! base", "the port of X", "the naval base in X", "the airfield at X", "X
//! Bay" — turned into one located place, and the facility recorded in the
//! document's memory so later anaphora ("the base") find it.

use super::{MODIFIERS, container_after, covering};
use crate::events::memory::{Facility, FacilityKind, Memory};
use crate::events::places::{Located, is_country_like, specificity};
use crate::events::text::{TokKind, Token};

/// One facility phrase around the noun at `noun..=noun_end`.
pub(super) fn phrase<'m>(
    tokens: &[Token],
    located: &[Located<'m>],
    memory: &mut Memory<'m>,
    noun: usize,
    kind: FacilityKind,
    noun_end: usize,
) -> Option<Located<'m>> {
    // The name before the noun, across allowed modifiers.
    let mut n = noun;
    while n > 0
        && MODIFIERS.contains(&tokens[n - 1].lower.as_str())
        && !tokens[n - 1].is_capitalized()
    {
        n -= 1;
    }
    let mut name_start = n;
    while name_start > 0 {
        let t = &tokens[name_start - 1];
        // "Bassel al-Assad International Airport", "Santos do Sul": a name
        // particle between capitalised words.
        let particle = name_start >= 2
            && tokens[name_start - 2].is_capitalized()
            && (["al-", "el-", "ad-", "as-", "ar-"]
                .iter()
                .any(|p| t.lower.starts_with(p))
                || matches!(
                    t.lower.as_str(),
                    "de" | "del" | "da" | "do" | "dos" | "bin" | "ibn"
                ));
        // "Lulea-Kallax Air Base": a hyphen between capitalised words.
        let hyphen = t.is_punct("-")
            && name_start >= 2
            && name_start < n
            && tokens[name_start - 2].is_capitalized();
        let part = t.is_capitalized()
            || particle
            || hyphen
            || (t.kind == TokKind::Number && name_start < n);
        if !part || matches!(t.lower.as_str(), "the" | "a" | "an" | "its" | "their") {
            break;
        }
        name_start -= 1;
    }
    let named = name_start < n;
    let label = |from: usize, to: usize| {
        tokens[from..=to]
            .iter()
            .map(|t| t.text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    if named {
        let name_mention = located
            .iter()
            .rfind(|m| m.first >= name_start && m.last < n);
        match name_mention {
            // "Waterkloof Air Force Base", "Nay Pyi Taw air base", "Tobruk naval base".
            Some(m) if !is_country_like(m.mention) && m.mention.kind != "demonym" => {
                // Named after a city or a facility the gazetteer has: there.
                // Named after a sea or a region ("the Red Sea harbour"): in it.
                let exact = specificity(m.mention) >= 4;
                let idx = memory.add_facility(Facility {
                    kind,
                    label: label(name_start, noun_end),
                    at: Some(m.mention),
                    exact,
                });
                // "Dyess Air Force Base in Texas": the locator is part of the phrase.
                let locator =
                    container_after(tokens, located, noun_end + 1, 3).map(|(_, last)| last);
                return Some(Located {
                    first: name_start.min(m.first),
                    last: locator.unwrap_or(noun_end),
                    mention: m.mention,
                    approx: !exact,
                    facility: Some(idx),
                    home: false,
                });
            }
            // "the Syrian port of X", "Russian bases": a country's facility, not a name.
            Some(_) => {}
            // "Hmeimim air base", "Guanabara Bay": not in the gazetteer.
            None => {
                let before = name_start
                    .checked_sub(2)
                    .and_then(|k| covering(located, k))
                    .filter(|m| {
                        tokens
                            .get(m.last + 1)
                            .is_some_and(|t| t.kind == TokKind::Possessive)
                    });
                // "Dyess Air Force Base in Texas": the container's words are
                // part of the phrase, so they do not stand as a place of
                // their own.
                let after = container_after(tokens, located, noun_end + 1, 6);
                let container = after
                    .map(|(m, _)| m)
                    .or(before.map(|m| m.mention))
                    .or(memory.last_place.filter(|_| kind == FacilityKind::Sea));
                let idx = memory.add_facility(Facility {
                    kind,
                    label: label(name_start, noun_end),
                    at: container,
                    exact: false,
                });
                let at = memory.facilities.get(idx).and_then(|f| f.at)?;
                // "Cambodia's Ream Naval Base": the possessor is part of it too.
                let first = match (after, before) {
                    (None, Some(b)) => b.first,
                    _ => name_start,
                };
                return Some(Located {
                    first,
                    last: after.map_or(noun_end, |(_, last)| last),
                    mention: at,
                    approx: true,
                    facility: Some(idx),
                    home: false,
                });
            }
        }
    }
    // "the port of X", "the naval base in X", "the airfield at X".
    let prep = tokens.get(noun_end + 1).map(|t| t.lower.as_str());
    // "the port of <a name the gazetteer lacks>": a port, but not one named before.
    let unknown_name = matches!(prep, Some("of" | "in" | "at"))
        && tokens.get(noun_end + 2).is_some_and(Token::is_capitalized)
        && covering(located, noun_end + 2).is_none();
    if unknown_name {
        return None;
    }
    if matches!(prep, Some("of" | "in" | "at" | "near" | "outside"))
        && let Some(m) = (noun_end + 2..(noun_end + 4).min(tokens.len()))
            .find_map(|k| covering(located, k))
            .filter(|m| m.mention.kind != "demonym" && specificity(m.mention) >= 4)
    {
        let exact = matches!(prep, Some("of" | "in" | "at"));
        // "the base outside Latakia": a facility already named, placed better.
        let definite = noun > 0 && matches!(tokens[noun - 1].lower.as_str(), "the" | "that");
        let known = memory
            .last_facility(Some(kind))
            .filter(|_| definite && !exact);
        let idx = match known {
            Some(i) => {
                memory.improve(i, Some(m.mention), false);
                i
            }
            None => memory.add_facility(Facility {
                kind,
                label: label(noun, m.last),
                at: Some(m.mention),
                exact,
            }),
        };
        let home = noun > 0 && tokens[noun - 1].lower == "home";
        return Some(Located {
            first: if home { noun - 1 } else { noun },
            last: m.last,
            mention: m.mention,
            approx: !exact,
            facility: Some(idx),
            home,
        });
    }
    // Anaphora: "the base", "the same port", "the Vietnamese airfield".
    let det = (noun.saturating_sub(3)..noun)
        .rev()
        .find(|&k| matches!(tokens[k].lower.as_str(), "the" | "that" | "this" | "its"))?;
    // "its first military base abroad", "a new port": a new facility, not one named before.
    let fresh = tokens[det + 1..noun].iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "first" | "new" | "second" | "another" | "only"
        )
    });
    if fresh {
        // Remember it, placed where the sentence says ("opened its first
        // military base abroad ... in Djibouti"), for "the base" later on.
        let container = container_after(tokens, located, noun_end + 1, 14).map(|(m, _)| m);
        memory.add_facility(Facility {
            kind,
            label: String::new(),
            at: container,
            exact: false,
        });
        return None;
    }
    let modifier_country = covering(located, noun.checked_sub(1)?)
        .filter(|m| m.mention.kind == "demonym")
        .map(|m| m.mention.country.clone());
    let idx = memory.antecedent(tokens[noun_end].lower.as_str(), |f| {
        (f.kind == kind || f.kind == FacilityKind::Base || kind == FacilityKind::Base)
            && modifier_country
                .as_ref()
                .is_none_or(|c| f.at.is_some_and(|a| &a.country == c))
    })?;
    let f = &memory.facilities[idx];
    // "the same port" after "sailed into Port Sudan, ... the Red Sea
    // harbour": the specific place the events were at beats a facility
    // known only by its sea.
    let (at, exact) = match (f.at, memory.last_place) {
        (Some(a), Some(p))
            if !f.exact
                && specificity(p) > specificity(a)
                && kind != FacilityKind::Air
                && (a.country.is_empty() || a.country == p.country) =>
        {
            (p, true)
        }
        (Some(a), _) => (a, f.exact),
        (None, Some(p)) if kind == FacilityKind::Sea => (p, false),
        (None, _) => return None,
    };
    Some(Located {
        first: det + 1,
        last: noun_end,
        mention: at,
        approx: !exact,
        facility: Some(idx),
        home: tokens[det + 1..noun].iter().any(|t| t.lower == "home"),
    })
}
