//! Military assets named in a sentence: designations (Tu-160, Su-30MK2,
//! T-72B1V, AK-103), ship names ("the frigate Admiral Gorshkov", "the
//! warship Peter the Great") and, when nothing more precise is named, plain
//! force nouns ("troops, ships and warplanes"), each with its count when the
//! text gives one ("two Tu-160 bombers", "24 Su-30MK2").

use serde::Serialize;

use super::lexicon::{self, number_word};
use super::text::{TokKind, Token};

/// One asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Asset {
    /// Designation, ship name or force noun as written (`Tu-160`, `Peter the Great`, `troops`).
    pub name: String,
    /// `designation`, `ship` or `force`.
    pub kind: AssetKind,
    /// Head noun when given (`bombers`, `frigate`, `assault rifles`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Token indices in the sentence, inclusive.
    #[serde(skip)]
    pub first: usize,
    #[serde(skip)]
    pub last: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    Designation,
    Ship,
    Force,
}

impl Asset {
    /// "2 Tu-160 bombers", "Peter the Great", "troops".
    pub fn label(&self) -> String {
        let mut s = String::new();
        if let Some(c) = self.count {
            s.push_str(&c.to_string());
            s.push(' ');
        }
        s.push_str(&self.name);
        if self.kind == AssetKind::Designation
            && let Some(class) = &self.class
        {
            s.push(' ');
            s.push_str(class);
        }
        s
    }
}

/// Words that are acronyms with numbers but not hardware.
const NOT_HARDWARE: &[&str] = &["g-7", "g-8", "g-20", "p-5", "covid-19", "e-3"];

/// True for a military designation: a short letter prefix, a hyphen and a
/// part that starts with a digit (`Tu-160`, `MI-17B-5`, `S-300`). A year
/// after a word (`Army-2022`) is an event name, not hardware.
pub fn is_designation(t: &Token) -> bool {
    if t.kind != TokKind::Word || NOT_HARDWARE.contains(&t.lower.as_str()) {
        return false;
    }
    let Some((prefix, rest)) = t.text.split_once(['-', '‑']) else {
        return false;
    };
    let prefix_ok = (1..=4).contains(&prefix.chars().count())
        && prefix.chars().all(char::is_alphabetic)
        && prefix.chars().next().is_some_and(char::is_uppercase);
    let rest_ok = rest.chars().next().is_some_and(|c| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_alphanumeric() || c == '-');
    let year_like = rest.len() == 4
        && rest.chars().all(|c| c.is_ascii_digit())
        && prefix.chars().skip(1).any(char::is_lowercase)
        && prefix.chars().count() >= 3;
    prefix_ok && rest_ok && !year_like
}

fn count_at(t: &Token) -> Option<u32> {
    if t.kind == TokKind::Number {
        let digits: String = t.text.chars().filter(char::is_ascii_digit).collect();
        let plain_year = !t.text.contains(',') && digits.len() == 4;
        if digits.len() > 7 || plain_year || t.text.contains('.') {
            return None;
        }
        return digits.parse().ok();
    }
    match t.lower.as_str() {
        // "a" and "an" count one only as a real determiner of a force noun.
        "a" | "an" => None,
        w => number_word(w),
    }
}

/// A count before `i`, skipping capitalised maker names and a few adjectives
/// ("two Tupolev Tu-160", "24 modern Su-30MK2").
fn count_before(tokens: &[Token], i: usize) -> Option<u32> {
    let mut k = i;
    for _ in 0..3 {
        let prev = tokens.get(k.checked_sub(1)?)?;
        if let Some(n) = count_at(prev) {
            return Some(n);
        }
        let skippable = prev.is_capitalized() && !is_designation(prev)
            || matches!(
                prev.lower.as_str(),
                "more"
                    | "new"
                    | "modern"
                    | "additional"
                    | "russian-made"
                    | "of"
                    | "than"
                    | "military"
            );
        if !skippable {
            return None;
        }
        k -= 1;
    }
    None
}

fn is_class_noun(w: &str) -> bool {
    lexicon::is_aircraft(w) || lexicon::is_ship(w) || lexicon::is_weapon(w) || lexicon::is_troop(w)
}

/// The head noun after a designation: "bombers", "multi-role fighter aircraft".
fn class_after(tokens: &[Token], i: usize) -> Option<(String, usize)> {
    for k in i + 1..(i + 5).min(tokens.len()) {
        let t = &tokens[k];
        if t.kind != TokKind::Word || t.is_capitalized() || is_designation(t) {
            return None;
        }
        if is_class_noun(&t.lower) {
            let mut k = k;
            while tokens.get(k + 1).is_some_and(|n| {
                n.kind == TokKind::Word && !n.is_capitalized() && is_class_noun(&n.lower)
            }) {
                k += 1;
            }
            // Keep one modifier such as "assault" rifles or "fighter" aircraft.
            let from = if k > i + 1
                && tokens[k - 1].kind == TokKind::Word
                && !tokens[k - 1].is_capitalized()
            {
                k - 1
            } else {
                k
            };
            let words: Vec<&str> = tokens[from..=k].iter().map(|t| t.text).collect();
            return Some((words.join(" "), k));
        }
    }
    None
}

/// A class noun just before a designation: "Russian tanks T-72B1V".
fn class_before(tokens: &[Token], i: usize) -> Option<String> {
    let prev = tokens.get(i.checked_sub(1)?)?;
    (prev.kind == TokKind::Word && is_class_noun(&prev.lower)).then(|| prev.text.to_string())
}

/// Words that cannot be part of a ship's name.
const NOT_NAME: &[&str] = &[
    "navy", "fleet", "army", "force", "forces", "ministry", "coast", "guard", "the", "of", "and",
];

/// A capitalised name starting at `i` ("Peter the Great", "Admiral Gorshkov"):
/// returns the end index (inclusive).
fn name_at(tokens: &[Token], i: usize, is_place: &dyn Fn(usize) -> bool) -> Option<usize> {
    let first = tokens.get(i)?;
    if !first.is_capitalized() || NOT_NAME.contains(&first.lower.as_str()) || is_place(i) {
        return None;
    }
    let mut end = i;
    let mut k = i + 1;
    while let Some(t) = tokens.get(k) {
        if t.is_capitalized() && !is_place(k) && !NOT_NAME.contains(&t.lower.as_str()) {
            end = k;
            k += 1;
        } else if matches!(t.lower.as_str(), "the" | "of" | "de" | "del")
            && tokens
                .get(k + 1)
                .is_some_and(|n| n.is_capitalized() && !is_place(k + 1))
        {
            k += 1;
        } else {
            break;
        }
    }
    Some(end)
}

/// Finds assets in a sentence. `is_place(i)` tells whether token `i` is part
/// of a place mention (so "the Havana port" names no ship).
pub fn find(tokens: &[Token], is_place: &dyn Fn(usize) -> bool) -> Vec<Asset> {
    let mut out: Vec<Asset> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if is_designation(t) {
            let after = class_after(tokens, i);
            let class = after
                .as_ref()
                .map(|(c, _)| c.clone())
                .or_else(|| class_before(tokens, i));
            out.push(Asset {
                name: t.text.to_string(),
                kind: AssetKind::Designation,
                class,
                count: count_before(tokens, i),
                first: i,
                last: after.map_or(i, |(_, k)| k),
            });
            i += 1;
            continue;
        }
        // "the frigate Admiral Gorshkov", "warship Peter the Great"
        if t.kind == TokKind::Word
            && lexicon::is_ship(&t.lower)
            && !t.is_capitalized()
            && let Some(end) = name_at(tokens, i + 1, is_place)
        {
            out.push(Asset {
                name: join(&tokens[i + 1..=end]),
                kind: AssetKind::Ship,
                class: Some(t.lower.clone()),
                count: None,
                first: i,
                last: end,
            });
            i = end + 1;
            continue;
        }
        // "the Admiral Gorshkov frigate"
        if t.lower == "the"
            && let Some(end) = name_at(tokens, i + 1, is_place)
            && let Some(noun) = tokens
                .get(end + 1)
                .filter(|n| lexicon::is_ship(&n.lower) && !n.is_capitalized())
        {
            out.push(Asset {
                name: join(&tokens[i + 1..=end]),
                kind: AssetKind::Ship,
                class: Some(noun.lower.clone()),
                count: None,
                first: i + 1,
                last: end + 1,
            });
            i = end + 2;
            continue;
        }
        i += 1;
    }
    out
}

/// Plain force nouns in `tokens[from..to]` with their counts, used when a
/// clause names no designation or ship: "80 Russian soldiers", "troops,
/// ships, and warplanes".
pub fn force_nouns(tokens: &[Token], from: usize, to: usize) -> Vec<Asset> {
    let mut out: Vec<Asset> = Vec::new();
    for i in from..to.min(tokens.len()) {
        let t = &tokens[i];
        if t.kind != TokKind::Word || t.is_capitalized() || !lexicon::is_force(&t.lower) {
            continue;
        }
        // "fighter jets" is one noun; skip "fighter" when "jets" follows.
        if tokens
            .get(i + 1)
            .is_some_and(|n| n.kind == TokKind::Word && lexicon::is_force(&n.lower))
        {
            continue;
        }
        let modifier = i
            .checked_sub(1)
            .map(|p| &tokens[p])
            .filter(|p| p.kind == TokKind::Word && lexicon::is_force(&p.lower));
        let name = match modifier {
            Some(m) => format!("{} {}", m.lower, t.lower),
            None => t.lower.clone(),
        };
        if out.iter().any(|a| a.name == name) {
            continue;
        }
        let first = if modifier.is_some() { i - 1 } else { i };
        out.push(Asset {
            name,
            kind: AssetKind::Force,
            class: None,
            count: count_before(tokens, first),
            first,
            last: i,
        });
    }
    out
}

fn join(tokens: &[Token]) -> String {
    tokens.iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    fn labels(s: &str) -> Vec<String> {
        let toks = tokenize(s, 0);
        find(&toks, &|_| false).iter().map(Asset::label).collect()
    }

    #[test]
    fn designations_with_counts_and_classes() {
        assert_eq!(
            labels("Russia sent two Tupolev Tu-160 bombers"),
            ["2 Tu-160 bombers"]
        );
        assert_eq!(
            labels("a contract for 24 Su-30MK2 multi-role fighter aircraft"),
            ["24 Su-30MK2 fighter aircraft"]
        );
        assert_eq!(
            labels("bought 100,000 AK-103 assault rifles"),
            ["100000 AK-103 assault rifles"]
        );
        assert_eq!(
            labels("including MI-17B-5, MI-35M and MI-26T"),
            ["MI-17B-5", "MI-35M", "MI-26T"]
        );
        assert_eq!(
            labels("Russian tanks T-72B1V and S-300 systems"),
            ["T-72B1V tanks", "S-300 systems"]
        );
    }

    #[test]
    fn event_names_and_summits_are_not_hardware() {
        assert!(labels("the Army-2022 forum before the G-20 summit and COVID-19").is_empty());
    }

    #[test]
    fn ship_names() {
        assert_eq!(
            labels("the nuclear-powered warship Peter the Great was on its way"),
            ["Peter the Great"]
        );
        assert_eq!(
            labels("the Admiral Gorshkov frigate docked"),
            ["Admiral Gorshkov"]
        );
        assert_eq!(
            labels("the frigate Yaroslav Mudry arrived"),
            ["Yaroslav Mudry"]
        );
        assert!(labels("Russian Navy vessels during the call").is_empty());
    }

    #[test]
    fn force_nouns_with_counts() {
        let toks = tokenize(
            "entry of Russian troops, ships, and warplanes; 80 Russian soldiers",
            0,
        );
        let names: Vec<String> = force_nouns(&toks, 0, toks.len())
            .iter()
            .map(Asset::label)
            .collect();
        assert_eq!(names, ["troops", "ships", "warplanes", "80 soldiers"]);
    }
}
