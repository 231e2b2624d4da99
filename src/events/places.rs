//! Which geoparsed mention an event happens at, and which countries take
//! part.
//!
//! Each mention gets a role from the word that governs it: a destination or
//! location ("to X", "in X", "at the port of X", or the direct object of the
//! trigger), a partner ("with X"), a source ("from X"), the agent (a bare
//! mention before the trigger) or other. Roles are inherited along lists
//! ("to Cuba, Venezuela and Nicaragua"). The event's place is the most
//! specific mention of the best role available.

use crate::geoparse::Mention;

mod roles;

pub use roles::roles;

use super::text::{TokKind, Token};

/// The role a mention plays for one trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Dest,
    Other,
    Partner,
    Agent,
    Source,
    /// "despite U.S. objections", "after talks in X": beside the event.
    Aside,
}

/// A mention located in a sentence's tokens: a geoparsed name, or a
/// facility phrase or anaphor standing for a place (see
/// [`super::facility`]).
#[derive(Debug, Clone, Copy)]
pub struct Located<'m> {
    pub first: usize,
    pub last: usize,
    pub mention: &'m Mention,
    /// The point stands in for something the gazetteer does not have (a
    /// facility's container, an anaphor's antecedent).
    pub approx: bool,
    /// Index of the facility in the document's memory.
    pub facility: Option<usize>,
    /// "their home base": where a mover comes from, never where it went.
    pub home: bool,
}

impl<'m> Located<'m> {
    /// A plain geoparsed mention.
    pub fn plain(first: usize, last: usize, mention: &'m Mention) -> Located<'m> {
        Located {
            first,
            last,
            mention,
            approx: false,
            facility: None,
            home: false,
        }
    }
}

/// How specific a mention's place is; higher is better. Regions and
/// demonyms outside any country ("Latin America", "Western Hemisphere",
/// "Latin American") are as vague as continents.
pub fn specificity(m: &Mention) -> u8 {
    if matches!(m.kind.as_str(), "region" | "demonym") && m.country.is_empty() {
        return 0;
    }
    kind_specificity(&m.kind)
}

/// A geoparsed feature (a street, a building placed at the nearest town
/// named before it, a river): a guess at a point, not a place of the
/// gazetteer, which a place it covers may improve on.
pub fn is_feature(m: &Mention) -> bool {
    kind_specificity(&m.kind) == 0
}

/// How specific a place kind is; higher is better.
pub fn kind_specificity(kind: &str) -> u8 {
    match kind {
        "port" | "airbase" | "airport" => 5,
        "city" => 4,
        "region" | "county" | "coast" => 3,
        "country" | "sea" => 2,
        "demonym" => 1,
        _ => 0,
    }
}

/// A country or a demonym of one (not "Latin American").
/// A national capital, by the gazetteer's own flag.
pub fn is_capital(m: &Mention) -> bool {
    m.kind == "city"
        && crate::gazetteer::Gazetteer::builtin()
            .capital_of(&m.country)
            .is_some_and(|p| p.name == m.name)
}

/// A capital as the subject of a verb ("Moscow delivered", "which Moscow
/// controls", "Beijing has opened"): its government, not a place.
pub fn metonym_subject(tokens: &[Token], m: &Located) -> bool {
    if !is_capital(m.mention) {
        return false;
    }
    let governed = m.first > 0
        && matches!(
            tokens[m.first - 1].lower.as_str(),
            "in" | "at" | "to" | "into" | "near" | "from" | "of" | "outside" | "around" | "via"
        );
    let Some(next) = tokens.get(m.last + 1) else {
        return false;
    };
    let w = next.lower.as_str();
    let verb = next.kind == TokKind::Word
        && !next.is_capitalized()
        && (w.ends_with("ed")
            || (w.ends_with('s') && !w.ends_with("ss"))
            || matches!(
                w,
                "has"
                    | "have"
                    | "had"
                    | "will"
                    | "would"
                    | "is"
                    | "was"
                    | "sent"
                    | "sold"
                    | "says"
                    | "said"
                    | "can"
                    | "could"
                    | "may"
                    | "might"
                    | "also"
            ));
    !governed && verb
}

pub fn is_country_like(m: &Mention) -> bool {
    matches!(m.kind.as_str(), "country" | "demonym") && !m.country.is_empty()
}

/// "Britain's training camp", "Russia's lease": a country in the possessive
/// owns what follows; of an agreement about it, a party rather than the
/// place.
pub fn is_possessor(tokens: &[Token], m: &Located) -> bool {
    // What it owns abroad; "Egypt's parliament ratified" is Egypt acting.
    const HELD: &[&str] = &[
        "lease",
        "base",
        "bases",
        "camp",
        "camps",
        "facility",
        "facilities",
        "site",
        "sites",
        "station",
        "presence",
        "garrison",
    ];
    let owns = (m.last + 2..m.last + 6)
        .take_while(|&k| tokens.get(k).is_some_and(|t| t.kind == TokKind::Word))
        .any(|k| HELD.contains(&tokens[k].lower.as_str()));
    is_country_like(m.mention)
        && tokens
            .get(m.last + 1)
            .is_some_and(|t| t.kind == TokKind::Possessive)
        && owns
}

/// Countries named in a sentence (country and demonym mentions), ISO codes
/// in order of first mention.
pub fn actors(mentions: &[Located]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in mentions {
        let c = &m.mention.country;
        if is_country_like(m.mention) && !c.is_empty() && !out.contains(c) {
            out.push(c.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    fn mention(text: &str, at: usize, kind: &str, country: &str) -> Mention {
        Mention {
            start: at,
            end: at + text.chars().count(),
            text: text.into(),
            name: text.into(),
            gazetteer_id: format!("test:{text}"),
            kind: kind.into(),
            country: country.into(),
            lat: 0.0,
            lon: 0.0,
            confidence: 1.0,
        }
    }

    fn located<'m>(tokens: &[Token], ms: &'m [Mention]) -> Vec<Located<'m>> {
        ms.iter()
            .map(|m| {
                let first = tokens.iter().position(|t| t.start >= m.start).unwrap_or(0);
                let last = tokens.iter().rposition(|t| t.end <= m.end).unwrap_or(first);
                Located::plain(first, last, m)
            })
            .collect()
    }

    #[test]
    fn destinations_partners_sources_and_lists() {
        let s = "Moscow sold tanks to Peru, Chile and Bolivia with help from Minsk";
        let toks = tokenize(s, 0);
        let ms: Vec<Mention> = ["Moscow", "Peru", "Chile", "Bolivia", "Minsk"]
            .iter()
            .map(|n| mention(n, s.find(n).unwrap_or(0), "city", "XX"))
            .collect();
        let loc = located(&toks, &ms);
        let trig = toks.iter().position(|t| t.text == "sold").unwrap_or(0);
        assert_eq!(
            roles(&toks, &loc, trig),
            [
                Role::Agent,
                Role::Dest,
                Role::Dest,
                Role::Dest,
                Role::Source
            ]
        );
    }

    #[test]
    fn port_of_and_direct_objects_are_destinations() {
        let s = "ships called at the port of Tartus after they visited Latakia";
        let toks = tokenize(s, 0);
        let ms = vec![
            mention("Tartus", s.find("Tartus").unwrap_or(0), "port", "SY"),
            mention("Latakia", s.find("Latakia").unwrap_or(0), "city", "SY"),
        ];
        let loc = located(&toks, &ms);
        let trig = toks.iter().position(|t| t.text == "visited").unwrap_or(0);
        assert_eq!(roles(&toks, &loc, trig), [Role::Dest, Role::Dest]);
        assert_eq!(actors(&loc), Vec::<String>::new());
    }

    #[test]
    fn overlapping_mentions_do_not_break_lists() {
        let s = "ships sailed to Port Sudan";
        let toks = tokenize(s, 0);
        let a = mention("Port Sudan", s.find("Port").unwrap_or(0), "port", "SD");
        let b = mention("Sudan", s.find("Sudan").unwrap_or(0), "country", "SD");
        let ms = vec![a, b];
        let loc = located(&toks, &ms);
        assert_eq!(roles(&toks, &loc, 1).len(), 2);
    }
}
