//! Word classes shared by the asset finder and the event rules. All entries
//! are ordinary English vocabulary (lower case); none names a place, a date
//! or a particular event.

use std::sync::OnceLock;

use ahash::AHashSet;

/// A word list looked up by hashing: every token of every sentence is
/// checked against several lists, so linear scans would dominate.
pub struct WordSet {
    words: &'static [&'static str],
    index: OnceLock<AHashSet<&'static str>>,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            index: OnceLock::new(),
        }
    }

    pub fn contains<S: AsRef<str> + ?Sized>(&self, word: &S) -> bool {
        self.index
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word.as_ref())
    }

    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

/// Nouns for ships and naval formations.
pub static SHIP_NOUNS: WordSet = WordSet::new(&[
    "warship",
    "warships",
    "ship",
    "ships",
    "vessel",
    "vessels",
    "frigate",
    "frigates",
    "destroyer",
    "destroyers",
    "cruiser",
    "cruisers",
    "battlecruiser",
    "corvette",
    "corvettes",
    "submarine",
    "submarines",
    "carrier",
    "flagship",
    "tanker",
    "tankers",
    "tug",
    "flotilla",
    "fleet",
    "squadron",
    "navy",
    "boats",
    "boat",
    "icebreaker",
    "minesweeper",
    "minesweepers",
]);

/// Nouns for aircraft.
pub static AIRCRAFT_NOUNS: WordSet = WordSet::new(&[
    "bomber",
    "bombers",
    "fighter",
    "fighters",
    "jet",
    "jets",
    "warplane",
    "warplanes",
    "aircraft",
    "aircrafts",
    "plane",
    "planes",
    "airplanes",
    "helicopter",
    "helicopters",
    "drone",
    "drones",
    "interceptor",
    "interceptors",
]);

/// Nouns for people under arms.
pub static TROOP_NOUNS: WordSet = WordSet::new(&[
    "troops",
    "soldiers",
    "forces",
    "servicemen",
    "personnel",
    "marines",
    "paratroopers",
    "battalion",
    "battalions",
    "brigade",
    "units",
    "contingent",
    "instructors",
    "advisers",
    "advisors",
    "sailors",
    "pilots",
    "mercenaries",
]);

/// Nouns for weapons and military hardware.
pub static WEAPON_NOUNS: WordSet = WordSet::new(&[
    "weapons",
    "weapon",
    "arms",
    "weaponry",
    "firearms",
    "rifles",
    "rifle",
    "missiles",
    "missile",
    "tanks",
    "tank",
    "artillery",
    "ammunition",
    "munitions",
    "launchers",
    "howitzers",
    "vehicles",
    "equipment",
    "hardware",
    "systems",
    "helicopters",
    "fighters",
    "jets",
    "aircraft",
    "airplanes",
    "planes",
    "warplanes",
    "bombers",
    "submarines",
    "frigates",
    "corvettes",
    "technology",
    "technologies",
    "guns",
    "radars",
    "drones",
]);

/// Words that make a following noun military ("military equipment").
pub static MILITARY_WORDS: WordSet = WordSet::new(&[
    "military",
    "defense",
    "defence",
    "strategic",
    "security",
    "military-technical",
    "arms",
    "weapons",
    "naval",
    "army",
    "navy",
    "armed",
    "nuclear-capable",
    "combat",
    "warships",
]);

/// Titles of officials: their presence makes "visit" or "met" an official visit.
pub static TITLES: WordSet = WordSet::new(&[
    "minister",
    "president",
    "premier",
    "chancellor",
    "chairman",
    "chairwoman",
    "secretary",
    "chief",
    "commander",
    "general",
    "admiral",
    "envoy",
    "delegation",
    "officials",
    "official",
    "prime",
    "deputy",
    "vice",
    "king",
    "queen",
    "prince",
    "leader",
    "counterpart",
    "head",
    "ambassador",
    "speaker",
    "senator",
    "governor",
    "mayor",
    "ruler",
]);

/// Modifiers that make an exercise noun military.
pub static EXERCISE_MODIFIERS: WordSet = WordSet::new(&[
    "joint",
    "naval",
    "military",
    "combined",
    "air",
    "tactical",
    "live-fire",
    "anti-submarine",
    "command-staff",
    "amphibious",
    "army",
    "navy",
    "bilateral",
    "multinational",
    "war",
    "strategic",
    "missile",
    "air-defense",
    "air-defence",
    "field",
]);

/// Number words for asset counts.
pub fn number_word(w: &str) -> Option<u32> {
    Some(match w {
        "one" | "a" | "an" | "single" => 1,
        "two" | "pair" | "both" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "dozen" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        _ => return None,
    })
}

pub fn is_ship(w: &str) -> bool {
    SHIP_NOUNS.contains(&w)
}

pub fn is_aircraft(w: &str) -> bool {
    AIRCRAFT_NOUNS.contains(&w)
}

pub fn is_troop(w: &str) -> bool {
    TROOP_NOUNS.contains(&w)
}

pub fn is_weapon(w: &str) -> bool {
    WEAPON_NOUNS.contains(&w)
}

/// Any noun that can be deployed: ships, aircraft, troops, weapon systems.
pub fn is_force(w: &str) -> bool {
    is_ship(w)
        || is_aircraft(w)
        || is_troop(w)
        || matches!(w, "missiles" | "systems" | "tanks" | "launchers")
}

/// Verbs of a ship's voyage (not of arrival): "will sail to", "is to head
/// for", "will steam on to".
pub fn is_voyage_verb(w: &str) -> bool {
    [
        "sail", "steam", "head", "proceed", "continue", "travel", "go",
    ]
    .iter()
    .any(|v| w == *v || (w.starts_with(v) && matches!(&w[v.len()..], "s" | "ed" | "ing" | "es")))
}

/// "northern", "south-eastern", "central": a direction before a place noun.
pub fn is_direction_adjective(w: &str) -> bool {
    let w = w.replace('-', "");
    matches!(
        w.as_str(),
        "northern"
            | "southern"
            | "eastern"
            | "western"
            | "central"
            | "northeastern"
            | "northwestern"
            | "southeastern"
            | "southwestern"
    )
}
