//! Names that look like places but are not: ships the document introduces
//! (after a ship noun, behind a navy prefix, or described as a ship), the
//! hardware listed after a weapon noun, and exercise names ("the Mosi II
//! exercise").

use super::assets;
use super::assets::AssetKind;
use super::lexicon;
use super::memory::{Memory, ship_prefix_country};
use super::places::{self, Located};
use super::text::Token;

/// Ship names the sentence introduces: after a ship noun ("the frigate
/// Admiral Gorshkov"), behind a navy prefix ("USNS Comfort", "IRIS Dena"),
/// or as a name followed by a description that is a ship ("The Peace Ark, a
/// 14,000-tonne ship", "the Viktor Leonov, a Vishnya-class vessel").
pub fn register_vessels(tokens: &[Token], located: &[Located], memory: &mut Memory) {
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
pub fn register_exercises(tokens: &[Token], memory: &mut Memory) {
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
pub fn drop_hardware_names(tokens: &[Token], kept: &mut Vec<Located>) {
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

pub fn join(tokens: &[Token]) -> String {
    let mut s = String::new();
    for (k, t) in tokens.iter().enumerate() {
        if k > 0 && !t.is_punct(".") {
            s.push(' ');
        }
        s.push_str(t.text);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

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
