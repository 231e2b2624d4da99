//! The role each mention plays for a trigger, from the word that governs
//! it, inherited along lists.

use super::super::text::{TokKind, Token};
use super::{Located, Role, specificity};

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
        let calendar = super::super::dates::month_number(w).is_some()
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
            // "As for Chad, France has been training": a comma
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
