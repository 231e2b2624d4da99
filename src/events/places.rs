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

const DEST_PREPS: &[&str] = &[
    "to", "into", "towards", "toward", "in", "at", "inside", "on", "near", "off", "across",
    "around", "within",
];
const LIST_LINKS: &[&str] = &[",", "and", "or", "—", "–", "-", "including", "as", "well"];

const DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "this",
    "these",
    "those",
    "both",
    "all",
    "several",
    "neighbouring",
    "neighboring",
    "nearby",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
];

/// Determiners and words shaped like adjectives ("communist", "allied",
/// "socialist", "Venezuelan", "coastal").
fn is_modifier(w: &str) -> bool {
    DETERMINERS.contains(&w)
        || [
            "ist", "al", "an", "ic", "ern", "ive", "ied", "ish", "ese", "ary",
        ]
        .iter()
        .any(|suffix| w.len() > suffix.len() + 2 && w.ends_with(suffix))
}

/// The role of the mention at `m` relative to the trigger at `trigger`.
fn governed_role(tokens: &[Token], m: &Located, trigger: usize) -> Role {
    if m.home {
        return Role::Source;
    }
    // "from Camp Lejeune, North Carolina": the locator of an origin the
    // gazetteer lacks is the origin too.
    if m.first >= 3 && tokens[m.first - 1].is_punct(",") {
        let mut n = m.first - 1;
        while n > 0 && tokens[n - 1].is_capitalized() && m.first - n <= 5 {
            n -= 1;
        }
        if n + 1 < m.first - 1 && n > 0 && matches!(tokens[n - 1].lower.as_str(), "from" | "via") {
            return Role::Source;
        }
    }
    let mut k = m.first;
    for _ in 0..4 {
        let Some(p) = k.checked_sub(1) else { break };
        let t = &tokens[p];
        if p == trigger {
            return Role::Dest;
        }
        let w = t.lower.as_str();
        if DEST_PREPS.contains(&w) {
            return Role::Dest;
        }
        match w {
            "from" | "via" => return Role::Source,
            // "After leaving Mauritius the ship will sail to X": the object
            // of another verb of departure is where the mover came from.
            "leaving" | "left" | "departing" | "departed" | "quitting" if p != trigger => {
                return Role::Source;
            }
            "despite" | "amid" | "amidst" | "after" | "before" | "following" | "unlike"
            | "like" | "than"
                if p != trigger =>
            {
                return Role::Aside;
            }
            "with" | "between" => return Role::Partner,
            "of" => {
                // "the port of X", "the city of X", "the leaders of X" locate; others do not.
                let head = p.checked_sub(1).map(|h| tokens[h].lower.as_str());
                if head.is_some_and(|h| {
                    matches!(
                        h,
                        "port"
                            | "ports"
                            | "city"
                            | "island"
                            | "capital"
                            | "base"
                            | "harbour"
                            | "harbor"
                            | "coast"
                            | "waters"
                            | "leaders"
                            | "leadership"
                            | "government"
                            | "authorities"
                            | "territory"
                    )
                }) {
                    return Role::Dest;
                }
                return Role::Other;
            }
            // "arrived at X, flying over Iran and Iraq": the route of a
            // movement other than the trigger's.
            "over" | "across" | "through"
                if p >= 1
                    && p - 1 != trigger
                    && matches!(
                        tokens[p - 1].lower.as_str(),
                        "flying"
                            | "flew"
                            | "sailing"
                            | "sailed"
                            | "passing"
                            | "transiting"
                            | "crossing"
                    ) =>
            {
                return Role::Aside;
            }
            "for" | "by" | "against" | "over" | "about" => {
                let bound = p.checked_sub(1).is_some_and(|h| {
                    matches!(
                        tokens[h].lower.as_str(),
                        "bound" | "left" | "departed" | "sailed"
                    )
                });
                return if bound { Role::Dest } else { Role::Other };
            }
            _ => {}
        }
        // Skip determiners and modifiers ("to the", "in communist", "to its
        // allied") but not verbs: in "to build X" the "to" governs no place.
        let calendar = super::dates::month_number(w).is_some()
            || matches!(
                w,
                "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
            );
        let skippable = t.kind == TokKind::Possessive
            || (t.is_capitalized() && !calendar)
            || (t.kind == TokKind::Word && is_modifier(w));
        if !skippable {
            break;
        }
        k = p;
    }
    if m.first < trigger {
        Role::Agent
    } else {
        Role::Other
    }
}

/// Roles of all `mentions` (in text order) for the trigger at `trigger`,
/// inheriting along lists.
pub fn roles(tokens: &[Token], mentions: &[Located], trigger: usize) -> Vec<Role> {
    let mut out = raw_roles(tokens, mentions, trigger);
    // A place before the trigger and outside its comma segment ("Following
    // visits to X, Y arrived in Z") belongs to something else: at most the
    // agent. Partners ("alliances with X, formalising agreements") stay partners.
    for (role, m) in out.iter_mut().zip(mentions) {
        let separated =
            m.last < trigger && tokens[m.last + 1..trigger].iter().any(|t| t.is_punct(","));
        if separated && matches!(*role, Role::Dest | Role::Other) {
            *role = Role::Agent;
        }
        // ", which Russia is turning into a base": the subject of a relative
        // clause after the trigger is no place of the trigger's event.
        let relative_subject = m.first > trigger + 1
            && tokens[m.first - 1].lower == "which"
            && tokens[m.first - 2].is_punct(",");
        if relative_subject {
            *role = Role::Aside;
        }
    }
    out
}

fn raw_roles(tokens: &[Token], mentions: &[Located], trigger: usize) -> Vec<Role> {
    let mut out: Vec<Role> = Vec::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        let mut role = governed_role(tokens, m, trigger);
        // Past a comma after the trigger a "to X" belongs to another phrase
        // ("..., a response to X"), unless X continues a list (below).
        // A relative clause in between ("agreements that strengthen a
        // foothold in X") also detaches X from the trigger.
        let detached = |t: &Token| {
            t.is_punct(",") || matches!(t.lower.as_str(), "that" | "which" | "who" | "whose")
        };
        if m.first > trigger && tokens[trigger..m.first].iter().any(detached) {
            let relative = tokens[trigger..m.first]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "that" | "which" | "who" | "whose"));
            role = match role {
                Role::Dest => Role::Other,
                // "..., a position from which it can cover threats from X".
                Role::Source if relative => Role::Aside,
                r => r,
            };
        }
        if i > 0 && !(m.first > trigger && mentions[i - 1].last < trigger) {
            let prev = &mentions[i - 1];
            let gap = tokens.get(prev.last + 1..m.first).unwrap_or(&[]);
            let linked = !gap.is_empty()
                && gap.len() <= 4
                && gap.iter().any(|t| LIST_LINKS.contains(&t.lower.as_str()))
                && gap.iter().all(|t| {
                    LIST_LINKS.contains(&t.lower.as_str())
                        || (t.kind == TokKind::Word && !t.is_capitalized())
                });
            // "In the case of Venezuela, Russia has been providing": a comma
            // alone links a list only when the list goes on after it.
            let comma_only = gap.iter().all(|t| t.is_punct(","));
            let continues = tokens.get(m.last + 1).is_none_or(|n| {
                n.kind == TokKind::Punct || matches!(n.lower.as_str(), "and" | "or")
            });
            if linked && role != Role::Source && (!comma_only || continues) {
                role = out[i - 1];
            }
            // "sailed from the naval facility at X in Syria", "from X on the
            // Black Sea": the wider place that locates a source is part of
            // that source, not where the mover went.
            let locator = match gap {
                [p] => matches!(p.lower.as_str(), "in" | "on"),
                [p, the] => matches!(p.lower.as_str(), "in" | "on") && the.lower == "the",
                _ => false,
            };
            let locates_source = out[i - 1] == Role::Source
                && role == Role::Dest
                && locator
                && specificity(m.mention) < specificity(prev.mention);
            if locates_source {
                role = Role::Source;
            }
        }
        out.push(role);
    }
    out
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
