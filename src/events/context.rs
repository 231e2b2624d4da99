//! Everything known about one sentence before its triggers are read: tokens,
//! located places (geoparsed names, facility phrases, anaphora), assets,
//! dates, quotations and clauses. Ship and exercise names the document has
//! introduced are recognised here, so "the Gorshkov" is hardware and the
//! "Mosi" of "Mosi II" is not a town.

use chrono::NaiveDate;

use super::assets::{self, Asset, AssetKind};
use super::dates::DateExpr;
use super::facility;
use super::lexicon;
use super::memory::{Memory, ship_prefix_country};
use super::places::{self, Located};
use super::text::{TokKind, Token, is_quote_char};
use crate::geoparse::Mention;

/// Everything known about one sentence.
pub struct SentenceCtx<'a, 'm> {
    pub tokens: Vec<Token<'a>>,
    pub mentions: Vec<Located<'m>>,
    pub dates: Vec<DateExpr>,
    pub assets: Vec<Asset>,
    /// Per token: inside a direct quotation of at least six words.
    pub quoted: Vec<bool>,
    /// Clauses as token ranges [start, end).
    pub clauses: Vec<(usize, usize)>,
    /// Per token: index of its comma-separated segment.
    pub segment: Vec<usize>,
    /// Token ranges of ship names.
    pub vessels: Vec<(usize, usize)>,
    /// Token ranges of exercise names.
    pub exercises: Vec<(usize, usize)>,
}

impl<'a, 'm> SentenceCtx<'a, 'm> {
    /// Reads a sentence. Mentions before token `body_from` (a dateline)
    /// place nothing; `anchor` resolves relative dates.
    pub fn new(
        tokens: Vec<Token<'a>>,
        sentence_mentions: &'m [Mention],
        anchor: Option<NaiveDate>,
        memory: &mut Memory<'m>,
        body_from: usize,
    ) -> Self {
        let mut located: Vec<Located<'m>> = sentence_mentions
            .iter()
            .filter_map(|m| {
                let first = tokens.iter().position(|t| t.end > m.start)?;
                let last = tokens.iter().rposition(|t| t.start < m.end)?;
                (first <= last && first >= body_from).then_some(Located::plain(first, last, m))
            })
            .collect();
        // Overlapping mentions (a geoparser may report "Port Sudan" and
        // "Sudan"): keep the longest of each overlap, in text order.
        located.sort_by_key(|m| (m.first, std::cmp::Reverse(m.last)));
        let mut kept: Vec<Located<'m>> = Vec::with_capacity(located.len());
        for m in located {
            if kept.last().is_none_or(|k| m.first > k.last) {
                kept.push(m);
            }
        }
        register_vessels(&tokens, &kept, memory);
        register_exercises(&tokens, memory);
        let vessels = memory.vessel_spans(&tokens);
        let exercises = memory.exercise_spans(&tokens);
        let inside = |spans: &[(usize, usize)], m: &Located| {
            spans.iter().any(|&(a, b)| m.first <= b && a <= m.last)
        };
        kept.retain(|m| !inside(&vessels, m) && !inside(&exercises, m));
        drop_hardware_names(&tokens, &mut kept);
        let mentions = facility::locate(&tokens, kept, memory);
        let in_place = |i: usize| mentions.iter().any(|m| m.first <= i && i <= m.last);
        let mut assets = assets::find(&tokens, &in_place);
        assets.retain(|a| !exercises.iter().any(|&(s, e)| a.first <= e && s <= a.last));
        for &(s, e) in &vessels {
            if !assets.iter().any(|a| a.first <= e && s <= a.last) {
                assets.push(Asset {
                    name: join(&tokens[s..=e]),
                    kind: AssetKind::Ship,
                    class: None,
                    count: None,
                    first: s,
                    last: e,
                });
            }
        }
        assets.sort_by_key(|a| a.first);
        // A dateline's own date ("HAVANA, Jan 21 -") is the document's, not
        // an event's.
        let mut dates = super::dates::find(&tokens, anchor);
        dates.retain(|d| d.first >= body_from);
        let quoted = quoted_tokens(&tokens);
        let clauses = clauses(&tokens);
        let mut segment = Vec::with_capacity(tokens.len());
        let mut seg = 0;
        for t in &tokens {
            if t.kind == TokKind::Punct && matches!(t.text, "," | "(" | ")" | ";" | "—") {
                seg += 1;
            }
            segment.push(seg);
        }
        SentenceCtx {
            tokens,
            mentions,
            dates,
            assets,
            quoted,
            clauses,
            segment,
            vessels,
            exercises,
        }
    }

    /// Lower-case words of `from..to` (empty when the range is).
    pub fn words(&self, from: usize, to: usize) -> impl Iterator<Item = &str> {
        let to = to.min(self.tokens.len());
        self.tokens[from.min(to)..to]
            .iter()
            .map(|t| t.lower.as_str())
    }

    pub fn any_word(&self, from: usize, to: usize, set: &[&str]) -> bool {
        self.words(from, to).any(|w| set.contains(&w))
    }

    pub fn any_in(&self, from: usize, to: usize, set: &lexicon::WordSet) -> bool {
        self.words(from, to).any(|w| set.contains(w))
    }

    pub fn lower(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.lower.as_str())
    }

    pub fn has_asset(&self, from: usize, to: usize, pred: impl Fn(&Asset) -> bool) -> bool {
        self.assets
            .iter()
            .any(|a| a.first >= from && a.first < to && pred(a))
    }

    /// Any force noun or hardware in range.
    pub fn force_in(&self, from: usize, to: usize) -> bool {
        self.words(from, to).any(lexicon::is_force) || self.has_asset(from, to, |_| true)
    }

    /// A ship noun or named ship in range ("tanker aircraft" is aircraft).
    pub fn ship_in(&self, from: usize, to: usize) -> bool {
        (from..to.min(self.tokens.len()))
            .any(|k| lexicon::is_ship(self.lower(k)) && !lexicon::is_aircraft(self.lower(k + 1)))
            || self.has_asset(from, to, |a| a.kind == AssetKind::Ship)
    }

    /// A weapon noun in range; generic nouns ("equipment", "systems") only
    /// with a military modifier.
    pub fn weapon_in(&self, from: usize, to: usize) -> bool {
        if self.has_asset(from, to, |a| a.kind == AssetKind::Designation) {
            return true;
        }
        (from..to.min(self.tokens.len())).any(|i| {
            let w = self.lower(i);
            if !lexicon::is_weapon(w) || self.is_vessel(i) {
                return false;
            }
            let generic = matches!(
                w,
                "equipment"
                    | "hardware"
                    | "systems"
                    | "vehicles"
                    | "technology"
                    | "technologies"
                    | "planes"
            );
            !generic
                || (i.saturating_sub(3)..i).any(|k| {
                    lexicon::MILITARY_WORDS.contains(&self.lower(k))
                        || matches!(self.lower(k), "armored" | "armoured" | "air")
                })
        })
    }

    pub fn title_in(&self, from: usize, to: usize) -> bool {
        (from..to.min(self.tokens.len()))
            .any(|i| lexicon::TITLES.contains(self.lower(i)) && !self.is_vessel(i))
    }

    pub fn in_mention(&self, i: usize) -> bool {
        self.mentions.iter().any(|m| m.first <= i && i <= m.last)
    }

    pub fn is_vessel(&self, i: usize) -> bool {
        self.vessels.iter().any(|&(a, b)| a <= i && i <= b)
    }

    /// A proper name (not a place, not a ship, not sentence-initial filler)
    /// in range: the person of "Chavez's visits", "Díaz-Canel visited".
    pub fn person_in(&self, from: usize, to: usize) -> bool {
        (from..to.min(self.tokens.len())).any(|i| self.is_name_word(i))
    }

    /// A capitalised word that may be part of a person's name.
    pub fn is_name_word(&self, k: usize) -> bool {
        let Some(t) = self.tokens.get(k) else {
            return false;
        };
        t.is_capitalized()
            && !self.in_mention(k)
            && !self.is_vessel(k)
            && !self.exercises.iter().any(|&(a, b)| a <= k && k <= b)
            && !lexicon::TITLES.contains(t.lower.as_str())
            && !NOT_PERSON.contains(&t.lower.as_str())
            && !lexicon::is_force(&t.lower)
            && !assets::is_designation(t)
    }

    /// Where the subject of the verb at `i` can start: after the last
    /// subordinator or relative word before it ("were met by fighters as
    /// they entered": "they").
    pub fn subject_start(&self, clause: (usize, usize), i: usize) -> usize {
        (clause.0..i)
            .rev()
            .find(|&k| {
                matches!(
                    self.lower(k),
                    "as" | "when"
                        | "while"
                        | "because"
                        | "although"
                        | "though"
                        | "whereas"
                        | "until"
                        | "unless"
                        | "where"
                        | "who"
                        | "which"
                        | "whose"
                        | "whom"
                        | "that"
                )
            })
            .map_or(clause.0, |k| k + 1)
    }

    /// The clause holding token `i`.
    pub fn clause_of(&self, i: usize) -> Option<(usize, usize)> {
        self.clauses
            .iter()
            .copied()
            .find(|(a, b)| *a <= i && i < *b)
    }

    /// Located places inside a token range.
    pub fn located_in(&self, from: usize, to: usize) -> Vec<Located<'m>> {
        self.mentions
            .iter()
            .filter(|m| m.first >= from && m.last < to)
            .copied()
            .collect()
    }
}

/// Capitalised words that start sentences but name no one.
pub const NOT_PERSON: &[&str] = &[
    "the",
    "in",
    "on",
    "during",
    "following",
    "after",
    "a",
    "an",
    "this",
    "it",
    "he",
    "she",
    "they",
    "we",
    "his",
    "her",
    "their",
    "when",
    "while",
    "as",
    "both",
    "under",
    "last",
    "since",
    "at",
    "by",
    "for",
    "from",
    "with",
    "however",
    "also",
    "then",
    "later",
    "earlier",
    "meanwhile",
    "i",
    "its",
    "two",
    "three",
    "four",
    "five",
    "some",
    "many",
    "most",
    "several",
    "more",
    "smaller",
    "other",
    "another",
    "all",
    "one",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "defense",
    "defence",
    "foreign",
    "affairs",
    "state",
    "general",
    "staff",
    "ministry",
    "air",
    "force",
    "navy",
    "army",
    "national",
    "military",
    "armed",
    "forces",
    "federal",
    "service",
    "council",
    "command",
    "fleet",
];

/// Ship names the sentence introduces: after a ship noun ("the frigate
/// Admiral Gorshkov"), behind a navy prefix ("USNS Comfort", "IRIS Dena"),
/// or as a name followed by a description that is a ship ("The Peace Ark, a
/// 14,000-tonne ship", "the Viktor Leonov, a Vishnya-class vessel").
fn register_vessels(tokens: &[Token], located: &[Located], memory: &mut Memory) {
    let in_place = |i: usize| {
        located
            .iter()
            .any(|m| m.first <= i && i <= m.last && places::is_country_like(m.mention))
    };
    for a in assets::find(tokens, &in_place) {
        if a.kind == AssetKind::Ship {
            let name = a.name.clone();
            memory.add_vessel(&name);
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let prefixed = ship_prefix_country(t.text).is_some()
            && tokens.get(i + 1).is_some_and(|n| n.is_capitalized());
        let named_the = t.lower == "the" && tokens.get(i + 1).is_some_and(|n| n.is_capitalized());
        if !(prefixed || named_the) {
            i += 1;
            continue;
        }
        let from = if prefixed { i } else { i + 1 };
        let mut end = from;
        while let Some(n) = tokens.get(end + 1) {
            let initial = n.is_punct(".") && tokens[end].text.chars().count() == 1;
            if n.is_capitalized() || initial {
                end += 1;
            } else {
                break;
            }
        }
        let mut stop = end;
        while stop > from && tokens[stop].is_punct(".") {
            stop -= 1;
        }
        // "the Moskva, a missile cruiser" is a ship even where the gazetteer
        // reads its name as a place.
        let described = !prefixed && appositive_is_ship(tokens, stop + 1);
        if prefixed || described {
            memory.add_vessel(&join(&tokens[from..=stop]));
        }
        i = end + 1;
    }
}

/// ", a 14,000-tonne ship", ", one of the Russian navy's most modern
/// frigates": an appositive whose head is a ship noun.
fn appositive_is_ship(tokens: &[Token], comma: usize) -> bool {
    if !tokens.get(comma).is_some_and(|t| t.is_punct(",")) {
        return false;
    }
    let opener = tokens.get(comma + 1).map(|t| t.lower.as_str());
    if !matches!(opener, Some("a" | "an" | "one" | "the")) {
        return false;
    }
    for t in tokens.iter().skip(comma + 2).take(10) {
        if t.is_punct(",") || t.is_punct(";") {
            return false;
        }
        if lexicon::is_ship(&t.lower) && !matches!(t.lower.as_str(), "navy" | "fleet") {
            return true;
        }
    }
    false
}

/// Exercise names: "the Mosi II exercise", "exercise Zapad", "the
/// AMAN-2021 exercise", "Vostok drills".
fn register_exercises(tokens: &[Token], memory: &mut Memory) {
    for (i, t) in tokens.iter().enumerate() {
        if !matches!(
            t.lower.as_str(),
            "exercise" | "exercises" | "drills" | "drill" | "wargames" | "manoeuvres" | "maneuvers"
        ) {
            continue;
        }
        let mut s = i;
        while s > 0 && (tokens[s - 1].is_capitalized() || assets::is_designation(&tokens[s - 1])) {
            s -= 1;
        }
        if s < i && s > 0 && tokens[s - 1].lower == "the" {
            let name: Vec<&str> = tokens[s..i].iter().map(|t| t.lower.as_str()).collect();
            let name = name.join(" ");
            if !memory.exercises.contains(&name) {
                memory.exercises.push(name);
            }
        }
    }
}

/// A name right after a hardware noun ("artillery systems Grad", "the
/// frigate Admiral X") names hardware, not a place; so do the names listed
/// after it ("systems Grad, Smerch and Msta-S").
fn drop_hardware_names(tokens: &[Token], kept: &mut Vec<Located>) {
    let mut hardware_end: Option<usize> = None;
    kept.retain(|m| {
        let prev = m.first.checked_sub(1).map(|p| tokens[p].lower.as_str());
        let after_noun = prev.is_some_and(|w| {
            lexicon::is_weapon(w) || lexicon::is_ship(w) || lexicon::is_aircraft(w)
        });
        let listed = hardware_end.is_some_and(|end| {
            m.first == end + 2 && matches!(tokens[end + 1].lower.as_str(), "," | "and" | "or")
        });
        let hardware = (after_noun || listed) && !places::is_country_like(m.mention);
        if hardware {
            hardware_end = Some(m.last);
        }
        !hardware
    });
}

fn join(tokens: &[Token]) -> String {
    let mut s = String::new();
    for (k, t) in tokens.iter().enumerate() {
        if k > 0 && !t.is_punct(".") {
            s.push(' ');
        }
        s.push_str(t.text);
    }
    s
}

/// Tokens inside direct quotations of six words or more. Quotation marks
/// attached to the following token open, attached to the preceding token
/// close; an unclosed quote runs to the end of the sentence and a closing
/// quote without an opening one quotes from the start.
fn quoted_tokens(tokens: &[Token]) -> Vec<bool> {
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
/// contrasting clause (", while", ", but") and at ", and" before a new
/// subject: arguments and dates do not cross them.
fn clauses(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map_or("", |n| n.lower.as_str());
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
        let split = t.is_punct(";") || (t.is_punct(",") && (contrast || new_subject));
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
    fn ships_introduced_by_description_or_prefix() {
        let mut memory = Memory::default();
        let toks = tokenize(
            "The Peace Ark, a 14,000-tonne ship with 300 beds, met USNS Comfort.",
            0,
        );
        register_vessels(&toks, &[], &mut memory);
        assert!(memory.vessels.iter().any(|v| v == "Peace Ark"));
        assert!(memory.vessels.iter().any(|v| v == "USNS Comfort"));
        assert!(memory.vessels.iter().any(|v| v == "Comfort"));
    }

    #[test]
    fn exercise_names() {
        let mut memory = Memory::default();
        register_exercises(
            &tokenize("during the Mosi II exercise with", 0),
            &mut memory,
        );
        assert_eq!(memory.exercises, ["mosi ii"]);
    }
}
