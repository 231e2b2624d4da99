//! The event rules: from one sentence's tokens, mentions, dates and assets to
//! draft events. Every rule is a language pattern — a trigger word plus the
//! arguments it needs — never a particular place, date or phrase.

use chrono::{Datelike, NaiveDate};

use super::assets::{self, Asset, AssetKind};
use super::dates::{DateExpr, DateValue, Precision};
use super::lexicon;
use super::places::{self, Located, Role};
use super::text::{TokKind, Token, is_quote_char};
use super::triggers::{self, Trigger};
use super::{EventType, Status};
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
}

/// Where an event's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    Own,
    Context,
    None,
}

/// An event before it is turned into output.
#[derive(Debug, Clone)]
pub struct Draft<'m> {
    pub event_type: EventType,
    pub status: Status,
    pub trigger: usize,
    pub place: &'m Mention,
    pub origin_country: Option<String>,
    pub origin_mention: Option<&'m Mention>,
    pub assets: Vec<Asset>,
    pub date: Option<DateValue>,
    pub interval: Option<DateValue>,
    pub date_source: DateSource,
    pub confidence: f64,
    /// The visiting official's name, for visits.
    pub person: Option<String>,
}

/// What the document around a sentence tells.
pub struct DocContext {
    pub published: Option<NaiveDate>,
    /// The latest explicit date of an earlier sentence.
    pub last_date: Option<DateValue>,
    /// The country the document is about (the most mentioned one): for
    /// agreements and exercises the place is the other party.
    pub focus: Option<String>,
}

impl<'a, 'm> SentenceCtx<'a, 'm> {
    pub fn new(
        tokens: Vec<Token<'a>>,
        sentence_mentions: &'m [Mention],
        published: Option<NaiveDate>,
    ) -> Self {
        let mut mentions: Vec<Located<'m>> = sentence_mentions
            .iter()
            .filter_map(|m| {
                let first = tokens.iter().position(|t| t.end > m.start)?;
                let last = tokens.iter().rposition(|t| t.start < m.end)?;
                (first <= last).then_some(Located {
                    first,
                    last,
                    mention: m,
                })
            })
            .collect();
        // Overlapping mentions (a geoparser may report "Port Sudan" and
        // "Sudan"): keep the longest of each overlap, in text order.
        mentions.sort_by_key(|m| (m.first, std::cmp::Reverse(m.last)));
        let mut kept: Vec<Located<'m>> = Vec::with_capacity(mentions.len());
        for m in mentions {
            if kept.last().is_none_or(|k| m.first > k.last) {
                kept.push(m);
            }
        }
        // A name right after a hardware noun ("artillery systems Grad",
        // "the frigate Admiral X") names hardware, not a place.
        // So are the names listed after it ("systems Grad, Smerch and Msta-S").
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
        let mentions = kept;
        let in_place = |i: usize| mentions.iter().any(|m| m.first <= i && i <= m.last);
        let assets = assets::find(&tokens, &in_place);
        let dates = super::dates::find(&tokens, published);
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
        }
    }

    fn words(&self, from: usize, to: usize) -> impl Iterator<Item = &str> {
        self.tokens[from.min(self.tokens.len())..to.min(self.tokens.len())]
            .iter()
            .map(|t| t.lower.as_str())
    }

    fn any_word(&self, from: usize, to: usize, set: &[&str]) -> bool {
        self.words(from, to).any(|w| set.contains(&w))
    }

    fn any_in(&self, from: usize, to: usize, set: &lexicon::WordSet) -> bool {
        self.words(from, to).any(|w| set.contains(w))
    }

    fn lower(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.lower.as_str())
    }

    fn has_asset(&self, from: usize, to: usize, pred: impl Fn(&Asset) -> bool) -> bool {
        self.assets
            .iter()
            .any(|a| a.first >= from && a.first < to && pred(a))
    }

    /// Any force noun or hardware in range.
    fn force_in(&self, from: usize, to: usize) -> bool {
        self.words(from, to).any(lexicon::is_force) || self.has_asset(from, to, |_| true)
    }

    fn ship_in(&self, from: usize, to: usize) -> bool {
        self.words(from, to).any(lexicon::is_ship)
            || self.has_asset(from, to, |a| a.kind == AssetKind::Ship)
    }

    /// A weapon noun in range; generic nouns ("equipment", "systems") only
    /// with a military modifier.
    fn weapon_in(&self, from: usize, to: usize) -> bool {
        if self.has_asset(from, to, |a| a.kind == AssetKind::Designation) {
            return true;
        }
        (from..to.min(self.tokens.len())).any(|i| {
            let w = self.lower(i);
            if !lexicon::is_weapon(w) {
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

    fn title_in(&self, from: usize, to: usize) -> bool {
        self.any_in(from, to, &lexicon::TITLES)
    }

    fn in_mention(&self, i: usize) -> bool {
        self.mentions.iter().any(|m| m.first <= i && i <= m.last)
    }

    /// A proper name (not a place, not sentence-initial filler) in range:
    /// the person of "Chavez's visits", "Díaz-Canel visited".
    fn person_in(&self, from: usize, to: usize) -> bool {
        (from..to.min(self.tokens.len())).any(|i| {
            let t = &self.tokens[i];
            t.is_capitalized() && !self.in_mention(i) && !NOT_PERSON.contains(&t.lower.as_str())
        })
    }
}

/// Capitalised words that start sentences but name no one.
const NOT_PERSON: &[&str] = &[
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
];

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

/// Splits a sentence into clauses at semicolons and at commas that start a
/// contrasting clause (", while", ", but"): arguments and dates do not cross
/// them.
fn clauses(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        let split = t.is_punct(";")
            || (t.is_punct(",")
                && tokens.get(i + 1).is_some_and(|n| {
                    matches!(
                        n.lower.as_str(),
                        "while" | "but" | "whereas" | "although" | "though" | "however"
                    )
                }));
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

/// Triggers of the sentence with their classes, in order.
fn find_triggers(ctx: &SentenceCtx) -> Vec<(usize, Trigger)> {
    let mut out = Vec::new();
    for (i, t) in ctx.tokens.iter().enumerate() {
        if t.kind != TokKind::Word {
            continue;
        }
        let w = t.lower.as_str();
        // Possession of foreign hardware: "in service", "armed with", "has Russia's AK-103".
        let possess = (w == "service" && ctx.lower(i.wrapping_sub(1)) == "in")
            || (matches!(w, "armed" | "equipped") && ctx.lower(i + 1) == "with")
            || (matches!(w, "has" | "have" | "operates" | "operate" | "fields")
                && (i + 1..i + 5).any(|k| ctx.in_mention(k))
                && ctx.has_asset(i + 1, i + 7, |a| a.kind == AssetKind::Designation));
        if possess {
            out.push((i, Trigger::Possess));
            continue;
        }
        if let Some(trig) = triggers::lookup(w) {
            out.push((i, trig));
        }
    }
    out
}

/// The subject of a movement or visit: what comes before the trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mover {
    Ship,
    Force,
    Official,
}

fn mover(ctx: &SentenceCtx, from: usize, trigger: usize) -> Option<Mover> {
    for i in (from..trigger).rev() {
        let w = ctx.lower(i);
        if lexicon::is_ship(w) || ctx.has_asset(i, i + 1, |a| a.kind == AssetKind::Ship) {
            return Some(Mover::Ship);
        }
        if lexicon::is_aircraft(w)
            || lexicon::is_troop(w)
            || ctx.has_asset(i, i + 1, |a| a.kind == AssetKind::Designation)
        {
            return Some(Mover::Force);
        }
        if lexicon::TITLES.contains(&w) {
            return Some(Mover::Official);
        }
    }
    if ctx.person_in(trigger.saturating_sub(4), trigger) {
        return Some(Mover::Official);
    }
    None
}

/// The mover named right after a noun ("visit of the frigate X").
fn mover_after(ctx: &SentenceCtx, from: usize, to: usize) -> Option<Mover> {
    for k in from..(from + 5).min(to) {
        let w = ctx.lower(k);
        if lexicon::is_ship(w) || ctx.has_asset(k, k + 1, |a| a.kind == AssetKind::Ship) {
            return Some(Mover::Ship);
        }
        if lexicon::TITLES.contains(&w) {
            return Some(Mover::Official);
        }
    }
    None
}

/// Decides the event type of a trigger in its clause, or none.
fn classify(
    ctx: &SentenceCtx,
    clause: (usize, usize),
    i: usize,
    trig: Trigger,
) -> Option<(EventType, bool)> {
    let (c0, c1) = clause;
    let next = ctx.lower(i + 1);
    let prev = ctx.lower(i.wrapping_sub(1));
    let moving_prep = |k: usize| {
        matches!(
            ctx.lower(k),
            "to" | "in" | "at" | "into" | "for" | "towards" | "from"
        )
    };
    match trig {
        Trigger::Send => ctx
            .force_in(c0, c1)
            .then_some((EventType::Deployment, false)),
        Trigger::DeployNoun => {
            let args = matches!(next, "of" | "to" | "in" | "at");
            (args && ctx.force_in(c0, c1)).then_some((EventType::Deployment, false))
        }
        Trigger::Move => {
            let w = ctx.lower(i);
            let ok = match w {
                "way" => prev == "its" || prev == "their" && ctx.lower(i + 1) == "to",
                "route" => prev == "en",
                _ => {
                    moving_prep(i + 1)
                        || (moving_prep(i + 2)
                            && ctx.tokens.get(i + 1).is_some_and(|t| !t.is_capitalized()))
                }
            };
            // Transitive "flying bombers to X", "sailed the frigate to X": a deployment.
            let transitive = matches!(
                w,
                "fly"
                    | "flies"
                    | "flew"
                    | "flown"
                    | "flying"
                    | "sail"
                    | "sailed"
                    | "sails"
                    | "sailing"
            ) && (i + 1..(i + 5).min(c1)).any(|k| ctx.lower(k) == "to")
                && ctx.force_in(i + 1, (i + 5).min(c1));
            if transitive {
                return Some((EventType::Deployment, false));
            }
            if !ok || !(w != "way" || next == "to") {
                return None;
            }
            // Idioms of movement verbs that move nothing: "came to power".
            let idiom = matches!(
                ctx.lower(i + 2),
                "power" | "terms" | "conclusion" | "light" | "mind" | "office" | "an" | "a"
            ) && next == "to";
            if idiom {
                return None;
            }
            match mover(ctx, c0, i)? {
                Mover::Ship => Some((ship_event(ctx, i, c1), false)),
                Mover::Force => Some((EventType::Deployment, false)),
                Mover::Official => Some((EventType::Visit, false)),
            }
        }
        Trigger::Visit => {
            if prev == "to"
                && ctx
                    .words(c0, i)
                    .any(|w| triggers::lookup(w) == Some(Trigger::Permit))
            {
                return None;
            }
            // "the visit of the Russian ships": the visitor follows the noun.
            let after_of = if next == "of" {
                mover_after(ctx, i + 1, c1)
            } else {
                None
            };
            match after_of.or_else(|| mover(ctx, c0, i)) {
                Some(Mover::Ship) => Some((EventType::PortCall, false)),
                Some(Mover::Official) => Some((EventType::Visit, false)),
                Some(Mover::Force) => None,
                None => (ctx.title_in(i, (i + 6).min(c1)) || ctx.person_in(i + 1, (i + 6).min(c1)))
                    .then_some((EventType::Visit, false)),
            }
        }
        Trigger::Meet => {
            let with = next == "with" || ctx.lower(i + 2) == "with" || ctx.lower(i) == "met";
            let remote = ctx.any_word(
                c0,
                c1,
                &[
                    "phone",
                    "telephone",
                    "video",
                    "videoconference",
                    "virtual",
                    "online",
                ],
            );
            (with && !remote && ctx.title_in(c0, c1)).then_some((EventType::Visit, false))
        }
        Trigger::Call => {
            let w = ctx.lower(i);
            let at_port = matches!(next, "at" | "in" | "into") || prev == "port";
            let ok = match w {
                "call" | "calls" => at_port,
                "called" | "calling" => at_port && ctx.ship_in(c0, c1),
                _ => ctx.ship_in(c0, c1),
            };
            ok.then_some((EventType::PortCall, false))
        }
        Trigger::Supply => ctx
            .weapon_in(c0, c1)
            .then_some((EventType::ArmsTransfer, false)),
        Trigger::Acquire => ctx
            .weapon_in(c0, c1)
            .then_some((EventType::ArmsTransfer, true)),
        Trigger::Possess => ctx
            .weapon_in(i, c1)
            .then_some((EventType::ArmsTransfer, true)),
        Trigger::Sign => {
            let agreement = ctx.any_in(c0, c1, &triggers::AGREEMENT_NOUNS);
            let military = ctx.any_in(c0, c1, &lexicon::MILITARY_WORDS);
            if !agreement || !military {
                return None;
            }
            let permits = ctx
                .words(c0, c1)
                .any(|w| triggers::lookup(w) == Some(Trigger::Permit));
            if !permits && port_permission(ctx, i, c1) {
                return Some((EventType::PortCallAgreement, false));
            }
            Some((EventType::Agreement, false))
        }
        Trigger::Permit => {
            if port_permission(ctx, i, c1) {
                return Some((EventType::PortCallAgreement, false));
            }
            let entry = ctx.any_word(
                i,
                c1,
                &[
                    "enter",
                    "entry",
                    "stay",
                    "participate",
                    "deploy",
                    "station",
                    "be",
                    "land",
                    "use",
                    "remain",
                    "operate",
                ],
            );
            (entry && ctx.force_in(i, c1)).then_some((EventType::Deployment, false))
        }
        Trigger::Exercise => {
            let modified = (i.saturating_sub(3)..i)
                .any(|k| lexicon::EXERCISE_MODIFIERS.contains(&ctx.lower(k)));
            (modified || next == "with").then_some((EventType::Exercise, false))
        }
    }
}

/// Ships arriving at a port or city make a port call; at a country or sea, a
/// deployment.
fn ship_event(ctx: &SentenceCtx, i: usize, c1: usize) -> EventType {
    let port_like = ctx
        .mentions
        .iter()
        .filter(|m| m.first > i && m.first < c1)
        .any(|m| matches!(m.mention.kind.as_str(), "port" | "city"));
    if port_like || ctx.any_word(i, c1, &["port", "harbour", "harbor"]) {
        EventType::PortCall
    } else {
        EventType::Deployment
    }
}

/// Ships plus ports plus a verb of entering after a permission or agreement.
fn port_permission(ctx: &SentenceCtx, i: usize, c1: usize) -> bool {
    ctx.ship_in(i, c1)
        && ctx.any_word(
            i,
            c1,
            &["port", "ports", "harbour", "harbours", "harbor", "harbors"],
        )
        && ctx.any_word(
            i,
            c1,
            &[
                "visit", "visits", "enter", "call", "calls", "use", "access", "dock", "moor",
            ],
        )
}

/// Planned, denied, hypothetical (None) or reported.
fn status(ctx: &SentenceCtx, clause: (usize, usize), i: usize, trig: Trigger) -> Option<Status> {
    let (c0, _) = clause;
    let before = c0..i;
    let words: Vec<&str> = ctx.words(before.start, before.end).collect();
    let near: Vec<&str> = ctx.words(i.saturating_sub(3).max(c0), i).collect();
    // Capitalised "May" is the month, not the modal.
    let hypothetical = (c0..i).any(|k| {
        let t = &ctx.tokens[k];
        triggers::HYPOTHETICAL.contains(&t.lower.as_str())
            && !(t.lower == "may" && t.is_capitalized())
    });
    if hypothetical {
        return None;
    }
    // "has no plans to visit": neither planned nor a denial of a fact.
    if words
        .windows(2)
        .any(|w| matches!(w[0], "no" | "not") && triggers::PLANNED.contains(&w[1]))
    {
        return None;
    }
    let governed_plan = |k: usize| {
        let w = ctx.lower(k);
        matches!(
            w,
            "ready"
                | "set"
                | "going"
                | "expected"
                | "agreed"
                | "aims"
                | "aim"
                | "decided"
                | "prepared"
                | "offers"
                | "offered"
                | "offer"
                | "plans"
                | "plan"
                | "intends"
                | "intend"
                | "preparing"
                | "scheduled"
                | "due"
        )
    };
    let verbal = !matches!(
        trig,
        Trigger::DeployNoun | Trigger::Exercise | Trigger::Possess
    );
    let mut planned = (c0..i).any(|k| {
        let w = ctx.lower(k);
        if !triggers::PLANNED.contains(&w) {
            return false;
        }
        // "ready", "set", "agreed" plan only with an infinitive: "set to sail".
        !matches!(
            w,
            "ready" | "set" | "going" | "expected" | "agreed" | "aims" | "aim"
        ) || ctx.lower(k + 1) == "to"
    });
    if verbal && ctx.lower(i.wrapping_sub(1)) == "to" {
        // An infinitive: planned when a plan word governs it, otherwise a
        // purpose ("to deploy arms", "a loan to buy weapons"): not an event.
        let governed = (i.saturating_sub(4)..i.saturating_sub(1)).any(governed_plan);
        if !governed {
            return None;
        }
        planned = true;
    }
    if words.windows(2).any(|w| w[0] == "to" && w[1] == "be") && verbal {
        planned = true;
    }
    if near.iter().any(|w| triggers::NEGATION.contains(w))
        || words.iter().any(|w| triggers::DENIAL.contains(w))
    {
        return Some(Status::Denied);
    }
    Some(if planned {
        Status::Planned
    } else {
        Status::Reported
    })
}

/// Chooses the date of the trigger at `i`: an interval ("from 1 July to 31
/// December") gives start/end, a point date gives `date`; dates sitting in a
/// comma segment that holds another event's trigger belong to that event.
fn own_dates(
    ctx: &SentenceCtx,
    clause: (usize, usize),
    i: usize,
    other_triggers: &[usize],
) -> (Option<DateValue>, Option<DateValue>) {
    let (c0, c1) = clause;
    let mut point: Option<(usize, &DateExpr)> = None;
    let mut interval: Option<&DateExpr> = None;
    for d in ctx
        .dates
        .iter()
        .filter(|d| !d.bound && d.first >= c0 && d.last < c1)
    {
        let seg = ctx.segment[d.first];
        let foreign =
            seg != ctx.segment[i] && other_triggers.iter().any(|&t| ctx.segment[t] == seg);
        if foreign {
            continue;
        }
        let dist = d.first.abs_diff(i);
        if d.value.precision == Precision::Interval {
            interval.get_or_insert(d);
        } else if point.is_none_or(|(best, _)| dist < best) {
            point = Some((dist, d));
        }
    }
    (
        point.map(|(_, d)| d.value.clone()),
        interval.map(|d| d.value.clone()),
    )
}

/// A date from the surrounding text when the language says so: "the same
/// day" refers to the last dated sentence; a dated news report of what
/// someone said ("X said that ... signed") places the event in the month of
/// publication.
fn context_date(
    ctx: &SentenceCtx,
    clause: (usize, usize),
    i: usize,
    doc: &DocContext,
) -> Option<DateValue> {
    let words: Vec<&str> = ctx.words(0, ctx.tokens.len()).collect();
    let same_time = triggers::SAME_TIME
        .iter()
        .any(|phrase| words.windows(phrase.len()).any(|w| w == *phrase));
    if same_time {
        return doc.last_date.clone();
    }
    let published = doc.published?;
    let reported = ctx.any_in(clause.0, i, &triggers::REPORTING);
    let earlier = ctx.lower(i.wrapping_sub(1)) == "had"
        || ctx.any_word(
            clause.0,
            clause.1,
            &[
                "previously",
                "earlier",
                "once",
                "formerly",
                "ago",
                "already",
                "long",
                "history",
            ],
        );
    if reported && !earlier {
        DateValue::month(published.year(), published.month())
    } else {
        None
    }
}

/// A trigger that passed its argument check: position, class, event type,
/// whether its agent is the recipient, and its clause.
type Accepted = (usize, Trigger, EventType, bool, (usize, usize));

/// Draft events of one sentence.
pub fn sentence_events<'m>(
    ctx: &SentenceCtx<'_, 'm>,
    doc: &DocContext,
    first_actor: Option<&str>,
) -> Vec<Draft<'m>> {
    let triggers = find_triggers(ctx);
    let mut accepted: Vec<Accepted> = Vec::new();
    for &(i, trig) in &triggers {
        if ctx.quoted[i] {
            continue;
        }
        let Some(&clause) = ctx.clauses.iter().find(|(a, b)| *a <= i && i < *b) else {
            continue;
        };
        if let Some((ty, recipient_agent)) = classify(ctx, clause, i, trig) {
            accepted.push((i, trig, ty, recipient_agent, clause));
        }
    }
    let positions: Vec<usize> = accepted.iter().map(|a| a.0).collect();
    let mut out = Vec::new();
    for (n, &(i, trig, ty, recipient_agent, clause)) in accepted.iter().enumerate() {
        let Some(status) = status(ctx, clause, i, trig) else {
            continue;
        };
        // The trigger's window: from the previous accepted trigger to the next.
        let w0 = if n > 0 && accepted[n - 1].4 == clause {
            accepted[n - 1].0 + 1
        } else {
            clause.0
        };
        let w1 = accepted
            .get(n + 1)
            .filter(|a| a.4 == clause)
            .map_or(clause.1, |a| a.0);
        let others: Vec<usize> = positions.iter().copied().filter(|&p| p != i).collect();
        if nominal(ctx, i, trig) && !nominal_has_arguments(ctx, (w0, w1), i) {
            continue;
        }
        let directional =
            ty.is_flow() || matches!(ty, EventType::Visit | EventType::PortCallAgreement);
        let (origin_country, origin_mention) = if directional {
            origin(ctx, clause, i, recipient_agent, ty.is_flow())
        } else {
            (None, None)
        };
        let places = choose_places(
            ctx,
            clause,
            (w0, w1),
            i,
            ty,
            recipient_agent,
            origin_country.as_deref(),
            first_actor,
            doc.focus.as_deref(),
        );
        if places.is_empty() {
            continue;
        }
        let mut assets: Vec<Asset> = ctx
            .assets
            .iter()
            .filter(|a| a.first >= w0 && a.first < w1)
            .cloned()
            .collect();
        if assets.is_empty() {
            assets = ctx
                .assets
                .iter()
                .filter(|a| a.first >= clause.0 && a.first < clause.1)
                .cloned()
                .collect();
        }
        if assets.is_empty()
            && matches!(
                ty,
                EventType::Deployment | EventType::PortCall | EventType::ArmsTransfer
            )
        {
            assets = assets::force_nouns(&ctx.tokens, w0, w1);
        }
        let person = (ty == EventType::Visit)
            .then(|| visitor(ctx, clause, i))
            .flatten();
        let (point, interval) = own_dates(ctx, clause, i, &others);
        let (date, interval, date_source) = match (point, interval) {
            (None, None) => match context_date(ctx, clause, i, doc) {
                Some(d) => (Some(d), None, DateSource::Context),
                None => (None, None, DateSource::None),
            },
            (p, iv) => (p, iv, DateSource::Own),
        };
        for (place, fallback) in places {
            let mut confidence: f64 = 0.8;
            if date_source == DateSource::Own {
                confidence += 0.1;
            } else if date_source == DateSource::Context {
                confidence -= 0.05;
            }
            if assets.iter().any(|a| a.kind != AssetKind::Force) {
                confidence += 0.05;
            }
            if status != Status::Reported {
                confidence -= 0.2;
            }
            if places::specificity(place) <= 1 {
                confidence -= 0.15;
            }
            if fallback {
                confidence -= 0.1;
            }
            out.push(Draft {
                event_type: ty,
                status,
                trigger: i,
                place,
                origin_country: origin_country.clone().filter(|c| *c != place.country),
                origin_mention: origin_mention
                    .filter(|m| m.country != place.country || m.gazetteer_id != place.gazetteer_id),
                assets: assets.clone(),
                date: date.clone(),
                interval: interval.clone(),
                date_source,
                confidence: (confidence.clamp(0.05, 0.99) * 100.0).round() / 100.0,
                person: person.clone(),
            });
        }
    }
    // A same-type event at a continent adds nothing next to a precise one.
    let precise: Vec<EventType> = out
        .iter()
        .filter(|d| places::specificity(d.place) > 0)
        .map(|d| d.event_type)
        .collect();
    out.retain(|d| places::specificity(d.place) > 0 || !precise.contains(&d.event_type));
    out
}

/// Nouns of transfer ("sales", "supplies", "delivery") name a concrete
/// transfer only with a destination or a designation: "the sale of military
/// equipment" alone is a topic, not an event.
fn nominal(ctx: &SentenceCtx, i: usize, trig: Trigger) -> bool {
    matches!(trig, Trigger::Supply | Trigger::Acquire)
        && matches!(
            ctx.lower(i),
            "sale"
                | "sales"
                | "supply"
                | "supplies"
                | "delivery"
                | "deliveries"
                | "export"
                | "exports"
                | "transfer"
                | "transfers"
                | "shipment"
                | "shipments"
                | "purchase"
                | "purchases"
                | "acquisition"
                | "import"
                | "imports"
        )
        && !ctx.lower(i.wrapping_sub(1)).eq("to")
}

fn nominal_has_arguments(ctx: &SentenceCtx, window: (usize, usize), i: usize) -> bool {
    let located: Vec<Located> = ctx
        .mentions
        .iter()
        .filter(|m| m.first >= window.0 && m.last < window.1)
        .copied()
        .collect();
    let dest = places::roles(&ctx.tokens, &located, i).contains(&Role::Dest);
    dest || ctx.has_asset(window.0, window.1, |a| a.kind != AssetKind::Force)
}

/// The visitor's name: "The visit of President Vladimir Putin to X", or the
/// nearest name before the trigger ("Minister Sergey Shoigu ... wraps up his
/// visit", "Díaz-Canel had visited"). A name is two or more capitalised words
/// that are neither places nor titles, or one followed by a possessive.
fn visitor(ctx: &SentenceCtx, clause: (usize, usize), i: usize) -> Option<String> {
    let is_name_word = |k: usize| {
        let t = &ctx.tokens[k];
        t.is_capitalized()
            && !ctx.in_mention(k)
            && !lexicon::TITLES.contains(&t.lower.as_str())
            && !NOT_PERSON.contains(&t.lower.as_str())
            && !matches!(
                t.lower.as_str(),
                "defense" | "defence" | "foreign" | "affairs" | "state" | "general" | "staff"
            )
    };
    let name_at = |end: usize| -> Option<String> {
        let mut start = end;
        while start > clause.0 && is_name_word(start - 1) {
            start -= 1;
        }
        let possessive = ctx
            .tokens
            .get(end + 1)
            .is_some_and(|t| t.kind == TokKind::Possessive);
        // A single word names the subject only right before the verb
        // ("Chavez visited", "Díaz-Canel had officially visited").
        let subject = end + 3 >= i && end < i;
        (end + 1 - start >= 2 || possessive || subject).then(|| {
            ctx.tokens[start..=end]
                .iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    if ctx.lower(i + 1) == "of" {
        let mut k = i + 2;
        while k < clause.1 && k < i + 8 {
            if is_name_word(k) {
                let mut end = k;
                while end + 1 < clause.1 && is_name_word(end + 1) {
                    end += 1;
                }
                if let Some(n) = name_at(end) {
                    return Some(n);
                }
                k = end;
            }
            k += 1;
        }
    }
    let from = i.saturating_sub(16).max(clause.0);
    (from..i)
        .rev()
        .filter(|&k| is_name_word(k) && (k + 1 >= i || !is_name_word(k + 1)))
        .find_map(name_at)
}

/// Where the forces, ships or weapons come from: a "from X" mention, else a
/// country modifying the moved thing ("Russian warships", "Russia's Navy
/// vessels"), else the agent of a sending verb.
fn origin<'m>(
    ctx: &SentenceCtx<'_, 'm>,
    clause: (usize, usize),
    i: usize,
    recipient_agent: bool,
    flow: bool,
) -> (Option<String>, Option<&'m Mention>) {
    let in_clause: Vec<(usize, &Located<'m>)> = ctx
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.first >= clause.0 && m.last < clause.1)
        .collect();
    let located: Vec<Located<'m>> = in_clause.iter().map(|(_, m)| **m).collect();
    let roles = places::roles(&ctx.tokens, &located, i);
    if let Some((k, _)) = roles.iter().enumerate().find(|(_, r)| **r == Role::Source) {
        let m = located[k].mention;
        return (Some(m.country.clone()).filter(|c| !c.is_empty()), Some(m));
    }
    for (m, role) in located.iter().zip(&roles) {
        // Only a demonym or a possessive modifies: "Russian tanks", "Russia's Navy vessels".
        let possessive = ctx
            .tokens
            .get(m.last + 1)
            .is_some_and(|t| t.kind == TokKind::Possessive);
        let _ = role;
        if !(m.mention.kind == "demonym" || possessive) {
            continue;
        }
        let modifies = (m.last + 1..(m.last + 4).min(ctx.tokens.len())).any(|k| {
            let w = ctx.lower(k);
            lexicon::is_force(w) || lexicon::is_weapon(w) || ctx.has_asset(k, k + 1, |_| true)
        });
        if modifies {
            return (Some(m.mention.country.clone()), None);
        }
    }
    if !recipient_agent {
        // The subject: the first country named before the trigger in its own
        // comma segment ("In the case of X, R has been providing": R), else
        // the first named before it.
        let before: Vec<&Located> = located
            .iter()
            .filter(|m| m.last < i && places::is_country_like(m.mention))
            .collect();
        let same_segment = before
            .iter()
            .find(|m| !ctx.tokens[m.last + 1..i].iter().any(|t| t.is_punct(",")));
        if let Some(m) = same_segment.or(before.first()) {
            return (Some(m.mention.country.clone()), None);
        }
    }
    // A single country outside the destinations ("provided X, Y and Z with
    // firearms ... influence of R"): the only candidate for the sender.
    let outside: Vec<&str> = located
        .iter()
        .zip(&roles)
        .filter(|(m, r)| {
            places::is_country_like(m.mention) && **r != Role::Dest && !m.mention.country.is_empty()
        })
        .map(|(m, _)| m.mention.country.as_str())
        .collect();
    let dest_countries: Vec<&str> = located
        .iter()
        .zip(&roles)
        .filter(|(_, r)| **r == Role::Dest)
        .map(|(m, _)| m.mention.country.as_str())
        .collect();
    let mut others: Vec<&str> = outside
        .into_iter()
        .filter(|c| !dest_countries.contains(c))
        .collect();
    others.dedup();
    // Only for moved things: a visitor's country is never guessed this way.
    if others.len() == 1 && !recipient_agent && flow {
        return (Some(others[0].to_string()), None);
    }
    (None, None)
}

/// The place(s) of an event: the most specific mention of the best role,
/// several when a list of countries shares that role ("to Cuba, Venezuela
/// and Nicaragua"). The flag tells a place taken from the wider clause.
#[allow(clippy::too_many_arguments)]
fn choose_places<'m>(
    ctx: &SentenceCtx<'_, 'm>,
    clause: (usize, usize),
    window: (usize, usize),
    i: usize,
    ty: EventType,
    recipient_agent: bool,
    origin: Option<&str>,
    first_actor: Option<&str>,
    focus: Option<&str>,
) -> Vec<(&'m Mention, bool)> {
    let in_clause: Vec<Located<'m>> = ctx
        .mentions
        .iter()
        .filter(|m| m.first >= clause.0 && m.last < clause.1)
        .copied()
        .collect();
    let roles = places::roles(&ctx.tokens, &in_clause, i);
    let directional = matches!(
        ty,
        EventType::Deployment
            | EventType::PortCall
            | EventType::ArmsTransfer
            | EventType::Visit
            | EventType::PortCallAgreement
    );
    // For directional events the origin is not the destination; for
    // agreements and exercises the document's own country is not the place
    // when a partner is named.
    let excluded = if directional { origin } else { focus };
    let others_named = in_clause.iter().any(|m| {
        places::is_country_like(m.mention) && focus.is_some_and(|f| f != m.mention.country)
    });
    let usable = |m: &Located, r: Role| {
        let is_excluded =
            places::is_country_like(m.mention) && excluded.is_some_and(|o| o == m.mention.country);
        r != Role::Source && !(is_excluded && (directional || others_named))
    };
    let order: &[Role] = if recipient_agent {
        &[Role::Dest, Role::Agent, Role::Other, Role::Partner]
    } else if matches!(ty, EventType::Agreement | EventType::Exercise) {
        &[Role::Dest, Role::Partner, Role::Other, Role::Agent]
    } else {
        &[Role::Dest, Role::Other, Role::Partner, Role::Agent]
    };
    // Demonyms ("the Latin American country", "Russian troops") modify a
    // noun: they place an event only when no place noun is available.
    let pick = |from: usize, to: usize, demonyms: bool| -> Option<(Role, Vec<Located<'m>>)> {
        let cands: Vec<(Located<'m>, Role)> = in_clause
            .iter()
            .zip(&roles)
            .filter(|(m, r)| m.first >= from && m.last < to && usable(m, **r))
            .filter(|(m, _)| demonyms || m.mention.kind != "demonym")
            .map(|(m, r)| (*m, *r))
            .collect();
        order.iter().find_map(|role| {
            let of_role: Vec<Located<'m>> = cands
                .iter()
                .filter(|(_, r)| r == role)
                .map(|(m, _)| *m)
                .collect();
            (!of_role.is_empty()).then_some((*role, of_role))
        })
    };
    let found = pick(window.0, window.1, false)
        .map(|(r, c)| (r, c, false))
        .or_else(|| pick(clause.0, clause.1, false).map(|(r, c)| (r, c, true)))
        .or_else(|| pick(window.0, window.1, true).map(|(r, c)| (r, c, false)))
        .or_else(|| pick(clause.0, clause.1, true).map(|(r, c)| (r, c, true)));
    let Some((role, cands, fallback)) = found else {
        return Vec::new();
    };
    let best = cands
        .iter()
        .map(|m| places::specificity(m.mention))
        .max()
        .unwrap_or(0);
    // Equally specific places: the nearest after the trigger first.
    let mut top: Vec<Located<'m>> = cands
        .iter()
        .filter(|m| places::specificity(m.mention) == best)
        .copied()
        .collect();
    top.sort_by_key(|m| {
        if m.first > i {
            m.first - i
        } else {
            usize::MAX / 2 + (i - m.first)
        }
    });
    let top: Vec<&'m Mention> = top.iter().map(|m| m.mention).collect();
    let splits = matches!(
        ty,
        EventType::Visit | EventType::ArmsTransfer | EventType::Agreement | EventType::Deployment
    ) && role != Role::Agent
        && best > 0
        && top.windows(2).all(|w| w[0].kind == w[1].kind);
    if splits {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for m in top {
            if !seen.contains(&m.gazetteer_id.as_str()) {
                seen.push(&m.gazetteer_id);
                out.push((m, fallback));
            }
        }
        return out;
    }
    let chosen = top
        .iter()
        .find(|m| first_actor.is_none_or(|a| a != m.country))
        .or(top.first())
        .copied();
    chosen.map(|m| vec![(m, fallback)]).unwrap_or_default()
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

    fn events(text: &str, places: &[(&str, &str, &str)]) -> Vec<(EventType, Status, String)> {
        let ms: Vec<Mention> = places
            .iter()
            .map(|(n, k, c)| mention(text, n, k, c))
            .collect();
        let ctx = SentenceCtx::new(tokenize(text, 0), &ms, NaiveDate::from_ymd_opt(2024, 5, 10));
        let doc = DocContext {
            published: NaiveDate::from_ymd_opt(2024, 5, 10),
            last_date: None,
            focus: Some("RU".into()),
        };
        sentence_events(&ctx, &doc, Some("RU"))
            .into_iter()
            .map(|d| (d.event_type, d.status, d.place.name.clone()))
            .collect()
    }

    const RU: (&str, &str, &str) = ("Russia", "country", "RU");

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
    fn clauses_split_at_semicolons_and_contrast() {
        let toks = tokenize("A sold tanks; B bought jets, while C left", 0);
        assert_eq!(clauses(&toks).len(), 3);
    }

    #[test]
    fn status_from_modality() {
        let peru = ("Peru", "country", "PE");
        assert_eq!(
            events("Russia sent two Su-25 jets to Peru.", &[RU, peru]),
            [(EventType::Deployment, Status::Reported, "Peru".to_string())]
        );
        assert_eq!(
            events("Russia plans to send Su-25 jets to Peru.", &[RU, peru])[0].1,
            Status::Planned
        );
        assert_eq!(
            events("Russia denied sending jets to Peru.", &[RU, peru])[0].1,
            Status::Denied
        );
        assert_eq!(
            events("Russia did not send jets to Peru.", &[RU, peru])[0].1,
            Status::Denied
        );
        assert!(events("Russia would send jets to Peru.", &[RU, peru]).is_empty());
        assert!(
            events(
                "They used the crisis as a pretext to send jets to Peru.",
                &[peru]
            )
            .is_empty()
        );
        assert!(events("A loan to buy Russian tanks was granted to Peru.", &[peru]).is_empty());
    }

    #[test]
    fn triggers_need_their_arguments() {
        let peru = ("Peru", "country", "PE");
        // "sent" without anything military: a letter, not a deployment.
        assert!(events("Russia sent a letter to Peru.", &[RU, peru]).is_empty());
        // "sold" without weapons is trade.
        assert!(events("Russia sold wheat to Peru.", &[RU, peru]).is_empty());
        // An agreement needs a military word.
        assert!(events("Peru signed a trade agreement with Russia.", &[RU, peru]).is_empty());
        assert_eq!(
            events("Peru signed a defence agreement with Russia.", &[RU, peru]),
            [(EventType::Agreement, Status::Reported, "Peru".to_string())]
        );
        // Exercises need a military modifier.
        assert!(events("Pupils did a writing exercise in Peru.", &[peru]).is_empty());
    }

    #[test]
    fn idioms_of_movement_are_not_visits() {
        let ve = ("Venezuela", "country", "VE");
        assert!(
            events(
                "President Chavez came to power in Venezuela in 1999.",
                &[ve]
            )
            .is_empty()
        );
    }

    #[test]
    fn ships_make_port_calls_and_officials_make_visits() {
        let lima = ("Callao", "port", "PE");
        assert_eq!(
            events(
                "Russian warships arrived in Callao.",
                &[("Russian", "demonym", "RU"), lima]
            )[0]
            .0,
            EventType::PortCall
        );
        assert_eq!(
            events(
                "The Russian defence minister arrived in Callao.",
                &[("Russian", "demonym", "RU"), lima]
            )[0]
            .0,
            EventType::Visit
        );
    }
}
