//! Clauses and quotations of a sentence: arguments and dates do not cross
//! a clause boundary, and triggers inside a long direct quotation are
//! someone's words, not reported events.

use super::text::{TokKind, Token, is_quote_char};

/// Tokens inside direct quotations of six words or more. Quotation marks
/// attached to the following token open, attached to the preceding token
/// close; an unclosed quote runs to the end of the sentence and a closing
/// quote without an opening one quotes from the start.
pub fn quoted_tokens(tokens: &[Token]) -> Vec<bool> {
    let mut marks: Vec<(usize, bool)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokKind::Punct || !t.text.chars().all(is_quote_char) {
            continue;
        }
        let opens = tokens.get(i + 1).is_some_and(|n| n.start == t.end) && t.text != "”";
        let closes = i > 0 && tokens[i - 1].end == t.start;
        let opening = match (opens, closes) {
            (true, false) => true,
            (false, true) => false,
            _ => t.text == "“" || marks.last().is_none_or(|&(_, o)| !o),
        };
        marks.push((i, opening));
    }
    let mut out = vec![false; tokens.len()];
    let mut open_at: Option<usize> = None;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (idx, &(i, opening)) in marks.iter().enumerate() {
        if opening {
            open_at.get_or_insert(i);
        } else {
            let from = open_at.take().unwrap_or(if idx == 0 { 0 } else { i });
            spans.push((from, i));
        }
    }
    if let Some(from) = open_at {
        spans.push((from, tokens.len()));
    }
    for (a, b) in spans {
        let words = tokens[a..b].iter().filter(|t| t.is_word()).count();
        if words >= 6 {
            out[a..b].iter_mut().for_each(|q| *q = true);
        }
    }
    out
}

/// Words that begin a new clause after ", and" / ", but".
const SUBJECT_START: &[&str] = &[
    "the", "it", "they", "he", "she", "its", "their", "his", "her", "a", "an", "we", "this",
    "these", "two", "both",
];

/// Splits a sentence into clauses at semicolons, at commas that start a
/// contrasting clause (", while", ", but"), at ", and" before a new
/// subject, before a bare "while" ("flew in on Monday while the ships
/// ...") and at the comma closing an opening "While ...,": arguments and
/// dates do not cross them.
pub fn clauses(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map_or("", |n| n.lower.as_str());
        // "for a while", "worth while": a noun, not a conjunction.
        let bare_while = next == "while"
            && t.kind == TokKind::Word
            && !matches!(t.lower.as_str(), "a" | "the" | "worth" | "little" | "short");
        if bare_while && i >= start {
            out.push((start, i + 1));
            start = i + 1;
            continue;
        }
        let closes_while = t.is_punct(",") && tokens.get(start).is_some_and(|s| s.lower == "while");
        let contrast = matches!(
            next,
            "while" | "but" | "whereas" | "although" | "though" | "however"
        );
        let new_subject = next == "and"
            && tokens
                .get(i + 2)
                .is_some_and(|n| SUBJECT_START.contains(&n.lower.as_str()) || n.is_capitalized())
            && tokens.iter().skip(i + 3).take(6).any(|n| {
                matches!(
                    n.lower.as_str(),
                    "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "said"
                ) || (n.lower.ends_with("ed") && n.kind == TokKind::Word && !n.is_capitalized())
            });
        let split =
            t.is_punct(";") || (t.is_punct(",") && (contrast || new_subject || closes_while));
        if split {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push((start, tokens.len()));
    }
    out
}

/// Verbs that report what someone said: the clause after their "that" has
/// a subject of its own.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "announced",
    "confirmed",
    "stated",
    "declared",
    "added",
    "reported",
    "told",
    "claimed",
    "insisted",
    "noted",
];

/// Nouns of a report: "reports that", "claims that".
const REPORT_NOUNS: &[&str] = &[
    "report",
    "reports",
    "claim",
    "claims",
    "suggestion",
    "suggestions",
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "rumour",
    "rumours",
    "rumor",
    "rumors",
    "speculation",
    "assertion",
    "assertions",
    "statement",
    "statements",
];

/// The reported content of a clause: the token after the last "that" before
/// `i` that follows a denying or reporting verb or a report noun ("refuted
/// reports that Moscow would supply", "denied that", "said that"), with
/// whether a denial frames it. Its subject, not the reporter, acts.
pub fn reported_content(tokens: &[Token], from: usize, i: usize) -> Option<(usize, bool)> {
    let w = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    (from..i).rev().filter(|&k| w(k) == "that").find_map(|k| {
        // Back over "media reports", "the claims", "as false claims".
        let mut denied = false;
        for j in (from..k).rev().take(4) {
            let word = w(j);
            if super::triggers::DENIAL.contains(word) {
                denied = true;
                break;
            }
            if REPORTING.contains(&word) {
                break;
            }
            if !(REPORT_NOUNS.contains(&word)
                || matches!(
                    word,
                    "the" | "media" | "press" | "as" | "false" | "any" | "western"
                ))
            {
                return None;
            }
        }
        let framed = denied
            || (from..k)
                .rev()
                .take(4)
                .any(|j| REPORTING.contains(&w(j)) || REPORT_NOUNS.contains(&w(j)));
        framed.then_some((k + 1, denied))
    })
}

/// The comma-delimited relative clause holding token `k` (", which ...,"),
/// as the tokens from its comma to the comma closing it (or the end).
pub fn relative_clause(tokens: &[Token], k: usize) -> Option<(usize, usize)> {
    let j = (0..k)
        .rev()
        .take_while(|&j| !tokens[j].is_punct(","))
        .find(|&j| matches!(tokens[j].lower.as_str(), "which" | "who"))?;
    let comma = j.checked_sub(1).filter(|&c| tokens[c].is_punct(","))?;
    let end = (k..tokens.len())
        .find(|&e| tokens[e].is_punct(","))
        .unwrap_or(tokens.len());
    Some((comma, end))
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    #[test]
    fn long_quotes_are_quoted_and_scare_quotes_are_not() {
        let toks = tokenize(
            "He said “we will send ships to the coast soon” and left with a “routine” deal",
            0,
        );
        let q = quoted_tokens(&toks);
        let send = toks.iter().position(|t| t.text == "send").unwrap_or(0);
        let routine = toks.iter().position(|t| t.text == "routine").unwrap_or(0);
        assert!(q[send]);
        assert!(!q[routine]);
    }

    #[test]
    fn clauses_split_at_semicolons_contrast_and_new_subjects() {
        let toks = tokenize("A sold tanks; B bought jets, while C left", 0);
        assert_eq!(clauses(&toks).len(), 3);
        let toks = tokenize(
            "They signed a deal in May, and Chinese lenders have financed ports",
            0,
        );
        assert_eq!(clauses(&toks).len(), 2);
        let toks = tokenize("Russia sent troops, ships, and the cruiser to Cuba", 0);
        assert_eq!(clauses(&toks).len(), 1);
    }

    #[test]
    fn reported_content_follows_a_report_or_a_denial() {
        let toks = tokenize(
            "Kazakhstan refuted media reports that Moscow would supply jets",
            0,
        );
        let supply = toks.iter().position(|t| t.text == "supply").unwrap_or(0);
        let moscow = toks.iter().position(|t| t.text == "Moscow").unwrap_or(0);
        assert_eq!(reported_content(&toks, 0, supply), Some((moscow, true)));
        let toks = tokenize("The minister said that Russia sent jets", 0);
        let sent = toks.iter().position(|t| t.text == "sent").unwrap_or(0);
        assert_eq!(reported_content(&toks, 0, sent), Some((sent - 1, false)));
        // "jets that landed": a relative clause, no report.
        let toks = tokenize("Russia sent jets that landed in Mali", 0);
        let landed = toks.iter().position(|t| t.text == "landed").unwrap_or(0);
        assert_eq!(reported_content(&toks, 0, landed), None);
    }

    #[test]
    fn relative_clauses_run_from_their_comma_to_the_next() {
        let toks = tokenize("Ships, which left X on Monday, held drills", 0);
        let monday = toks.iter().position(|t| t.text == "Monday").unwrap_or(0);
        let held = toks.iter().position(|t| t.text == "held").unwrap_or(0);
        assert_eq!(relative_clause(&toks, monday), Some((1, held - 1)));
        assert_eq!(relative_clause(&toks, held), None);
    }

    #[test]
    fn while_clauses_stand_apart() {
        let toks = tokenize("Jets landed on Monday while the ships sailed", 0);
        let c = clauses(&toks);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(toks[c[1].0].lower, "while");
        let toks = tokenize("While the ships sailed, on Monday, jets landed", 0);
        let c = clauses(&toks);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(toks[c[1].0].lower, "on");
        let toks = tokenize("The ships stayed for a while in port", 0);
        assert_eq!(clauses(&toks).len(), 1);
    }
}
