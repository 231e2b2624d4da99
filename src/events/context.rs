//! Everything known about one sentence before its triggers are read: tokens,
//! located places (geoparsed names, facility phrases, anaphora), assets,
//! dates, quotations and clauses. Ship and exercise names the document has
//! introduced are recognised here, so "the Gorshkov" is hardware and the
//! "Mosi" of "Mosi II" is not a town.

use chrono::NaiveDate;

use super::assets::{self, Asset, AssetKind};
use super::clauses::{clauses, quoted_tokens};
use super::dates::DateExpr;
use super::facility;
use super::lexicon;
use super::memory::Memory;
use super::names::{drop_hardware_names, join, register_exercises, register_vessels};
use super::places::{self, Located};
use super::text::{TokKind, Token};
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
                // A street names no place an event can be drawn at.
                (first <= last && first >= body_from && m.kind != "street")
                    .then_some(Located::plain(first, last, m))
            })
            .collect();
        // Overlapping mentions (a geoparser may report "Port Sudan" and
        // "Sudan"): keep the longest of each overlap, in text order.
        located.sort_by_key(|m| (m.first, std::cmp::Reverse(m.last)));
        let mut kept: Vec<Located<'m>> = Vec::with_capacity(located.len());
        for m in located {
            match kept.last_mut() {
                None => kept.push(m),
                Some(k) if m.first > k.last => kept.push(m),
                // "Lulea-Kallax Air Base": the geoparser's feature guess
                // covers the token of a town its name opens with; the town
                // says where the facility is (the phrase is rebuilt from it).
                Some(k)
                    if m.first == k.first
                        && places::is_feature(k.mention)
                        && places::specificity(m.mention) >= 4 =>
                {
                    *k = m;
                }
                Some(_) => {}
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
        (from..to.min(self.tokens.len())).any(|k| {
            lexicon::is_ship(self.lower(k))
                && !lexicon::is_aircraft(self.lower(k + 1))
                && !self.air_tanker(k)
        }) || self.has_asset(from, to, |a| a.kind == AssetKind::Ship)
    }

    /// "KC-135 tankers", "aerial refuelling tankers": aircraft.
    pub fn air_tanker(&self, k: usize) -> bool {
        matches!(self.lower(k), "tanker" | "tankers")
            && k > 0
            && (matches!(
                self.lower(k - 1),
                "refuelling" | "refueling" | "aerial" | "air" | "airborne"
            ) || self.has_asset(k - 1, k, |a| a.kind == AssetKind::Designation))
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
        // "Cambodia's minister said the ships were on a visit": the
        // reported clause has its own subject (not "..., he said, ...").
        let reporting = |k: usize| {
            matches!(
                self.lower(k),
                "said" | "says" | "announced" | "confirmed" | "stated" | "declared" | "added"
            ) && self
                .tokens
                .get(k + 1)
                .is_some_and(|t| t.kind == super::text::TokKind::Word)
        };
        // "Officers toured the ship, and the crew held ...": a conjunct
        // after ", and" with a subject of its own.
        let conjunct = |k: usize| {
            k > 0
                && matches!(self.lower(k), "and" | "but")
                && self.tokens[k - 1].is_punct(",")
                && matches!(
                    self.lower(k + 1),
                    "the" | "its" | "their" | "it" | "they" | "he" | "she"
                )
        };
        (clause.0..i)
            .rev()
            .find(|&k| {
                reporting(k)
                    || conjunct(k)
                    || matches!(
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
    "before",
    "upon",
    "once",
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
