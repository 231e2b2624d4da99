//! What a document has told so far, for the sentences that follow: the
//! facilities it named (so "the base", "the same port" and "the airfield"
//! find their place), the ships it named (so "the Gorshkov" is a ship and
//! never a town or a visitor), the exercises it named ("Mosi II runs from
//! ..."), the last thing that moved (so "It turned up twice" has a mover),
//! and its dateline's place ("anchored off this Caribbean city").

use crate::geoparse::Mention;

use super::assets::{Asset, AssetKind};
use super::dates::DateValue;
use super::places::{Located, specificity};
use super::text::Token;

/// The kind of a named facility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacilityKind {
    /// Air base, airfield, airport, aerodrome.
    Air,
    /// Port, harbour, naval base, pier, bay, anchorage.
    Sea,
    /// A base or camp of unknown kind.
    Base,
}

/// A facility the document named.
#[derive(Debug, Clone)]
pub struct Facility<'m> {
    pub kind: FacilityKind,
    /// As written: "Hmeimim air base", "the port of La Guaira".
    pub label: String,
    /// The most specific place known for it: the facility itself when the
    /// gazetteer has it, else the nearest named container.
    pub at: Option<&'m Mention>,
    /// True when `at` is the facility itself (or the city it is named after).
    pub exact: bool,
}

/// What moved last: its kind and the assets named with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoverKind {
    Ship,
    Force,
    Official,
}

/// The document's memory, updated sentence by sentence.
#[derive(Debug, Default)]
pub struct Memory<'m> {
    pub facilities: Vec<Facility<'m>>,
    /// Facilities events happened at, oldest first: "the base" refers to
    /// the one forces landed at, not to one named in passing after it.
    pub salient: Vec<usize>,
    /// The first word of each facility's capitalised name ("Vaernes" of
    /// "Vaernes air station") → the facility: a later bare mention of the
    /// name is found in constant time.
    pub facility_names: std::collections::HashMap<String, usize>,
    /// Ship names, as written, with their short forms ("Gorshkov").
    pub vessels: Vec<String>,
    /// Exercise names, lower case ("mosi ii").
    pub exercises: Vec<String>,
    /// The last mover and the assets named with it.
    pub mover: Option<(MoverKind, Vec<Asset>)>,
    /// The country the last mover belonged to.
    pub mover_country: Option<String>,
    /// The dateline's place ("RIOHACHA, Colombia, Nov 27 -").
    pub dateline: Option<&'m Mention>,
    /// The last specific place (facility, port or city) an event happened at.
    pub last_place: Option<&'m Mention>,
    /// The last agreement named and whether it was military.
    pub agreement: Option<(Option<&'m Mention>, bool)>,
    /// The previous sentence reported an agreement: a following "its
    /// warships may call at X" states its terms.
    pub agreement_reported: bool,
    /// The date of the agreement the previous sentence reported.
    pub agreement_date: Option<DateValue>,
    /// The last hardware named (designations), for "the first pair".
    pub hardware: Vec<Asset>,
    /// The previous sentence spoke of the military (weapons, forces,
    /// defence): "an agreement signed in May 2011" after it is military.
    pub military_context: bool,
    /// How often each country was the main actor of an event so far.
    pub actor_counts: Vec<(String, usize)>,
}

impl<'m> Memory<'m> {
    /// The last facility of a kind (any kind for `None`).
    pub fn last_facility(&self, kind: Option<FacilityKind>) -> Option<usize> {
        self.facilities.iter().rposition(|f| {
            kind.is_none_or(|k| {
                f.kind == k || f.kind == FacilityKind::Base || k == FacilityKind::Base
            })
        })
    }

    /// Marks facility `i` as the place of an event.
    pub fn note_salient(&mut self, i: usize) {
        self.salient.retain(|&k| k != i);
        self.salient.push(i);
    }

    /// The facility an anaphor ("the base", "the Vietnamese airfield")
    /// refers to among those `fits` accepts: one whose label has the
    /// anaphor's noun ("the base" → "Kant air base" before "Manas airport"),
    /// and among them the last an event happened at, else the last named.
    pub fn antecedent(&self, noun: &str, fits: impl Fn(&Facility) -> bool) -> Option<usize> {
        // A facility named by its noun alone ("its first military base
        // abroad") has no label and fits any.
        let named_so = |f: &Facility| {
            f.label.is_empty()
                || f.label
                    .split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case(noun))
        };
        let pool: Vec<usize> = (0..self.facilities.len())
            .filter(|&i| fits(&self.facilities[i]))
            .collect();
        let same: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|&i| named_so(&self.facilities[i]))
            .collect();
        let pool = if same.is_empty() { pool } else { same };
        self.salient
            .iter()
            .rev()
            .copied()
            .find(|i| pool.contains(i))
            .or(pool.last().copied())
    }

    /// Records a facility; a repeated label updates the one already known.
    pub fn add_facility(&mut self, f: Facility<'m>) -> usize {
        let key = normalise_label(&f.label);
        if !key.is_empty()
            && let Some(i) = self
                .facilities
                .iter()
                .position(|g| normalise_label(&g.label) == key)
        {
            self.improve(i, f.at, f.exact);
            return i;
        }
        if let Some(first) = f
            .label
            .split_whitespace()
            .next()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            self.facility_names
                .insert(first.to_string(), self.facilities.len());
        }
        self.facilities.push(f);
        self.facilities.len() - 1
    }

    /// A more specific place for facility `i` ("the base outside Latakia").
    pub fn improve(&mut self, i: usize, at: Option<&'m Mention>, exact: bool) {
        let Some(f) = self.facilities.get_mut(i) else {
            return;
        };
        let Some(new) = at else { return };
        let better = match f.at {
            None => true,
            Some(old) => !f.exact && (exact || specificity(new) > specificity(old)),
        };
        if better {
            f.at = Some(new);
            f.exact = exact;
        }
    }

    /// Registers a ship name and its short form (the last word of a name
    /// of two or more words: "Admiral Gorshkov" → "Gorshkov").
    pub fn add_vessel(&mut self, name: &str) {
        let mut add = |n: &str| {
            if n.chars().count() >= 3 && !self.vessels.iter().any(|v| v == n) {
                self.vessels.push(n.to_string());
            }
        };
        add(name);
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() >= 2
            && let Some(last) = words.last()
            && last.chars().count() >= 4
            && last.chars().next().is_some_and(char::is_uppercase)
        {
            add(last);
        }
        // Without its prefix: "IRIS Makran" → "Makran".
        if words.len() >= 2 && ship_prefix_country(words[0]).is_some() {
            add(&words[1..].join(" "));
        }
    }

    /// Token ranges of known ship names in a sentence, longest first.
    pub fn vessel_spans(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut best: Option<usize> = None;
            if tokens[i].is_capitalized() {
                for v in &self.vessels {
                    if let Some(end) = match_words(tokens, i, v)
                        && best.is_none_or(|b| end > b)
                    {
                        best = Some(end);
                    }
                }
            }
            match best {
                Some(end) => {
                    out.push((i, end));
                    i = end + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Token ranges of known exercise names in a sentence.
    pub fn exercise_spans(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..tokens.len() {
            for name in &self.exercises {
                if let Some(end) = match_words_lower(tokens, i, name) {
                    out.push((i, end));
                }
            }
        }
        out
    }

    /// Remembers the last event place when it is specific.
    pub fn note_place(&mut self, place: &'m Mention) {
        if specificity(place) >= 4 {
            self.last_place = Some(place);
        }
    }

    /// Remembers the mover of a sentence.
    pub fn note_mover(&mut self, kind: MoverKind, assets: &[Asset], country: Option<String>) {
        let kept: Vec<Asset> = assets
            .iter()
            .filter(|a| a.kind != AssetKind::Force || kind != MoverKind::Ship)
            .cloned()
            .collect();
        self.mover = Some((kind, kept));
        if country.is_some() {
            self.mover_country = country;
        }
    }

    /// The document's main actor so far.
    pub fn main_actor(&self) -> Option<&str> {
        self.actor_counts
            .iter()
            .max_by_key(|(_, n)| *n)
            .map(|(c, _)| c.as_str())
    }

    pub fn count_actor(&mut self, c: &str) {
        match self.actor_counts.iter_mut().find(|(x, _)| x == c) {
            Some((_, n)) => *n += 1,
            None => self.actor_counts.push((c.to_string(), 1)),
        }
    }

    /// Facilities resolved in a sentence, by their located phrase.
    pub fn facility_at(&self, located: &Located) -> Option<&Facility<'m>> {
        located.facility.and_then(|i| self.facilities.get(i))
    }
}

/// Country of a ship-name prefix (USS, IRIS, HMS, …): naval conventions,
/// not places.
pub fn ship_prefix_country(word: &str) -> Option<&'static str> {
    Some(match word {
        "USS" | "USNS" | "USCGC" => "US",
        "HMS" => "GB",
        "HMCS" => "CA",
        "HMAS" => "AU",
        "HMNZS" => "NZ",
        "IRIS" => "IR",
        "INS" => "IN",
        "SAS" => "ZA",
        "ARA" => "AR",
        "BAP" => "PE",
        "BRP" => "PH",
        "KRI" => "ID",
        "PNS" => "PK",
        "TCG" => "TR",
        "HNLMS" => "NL",
        "FGS" => "DE",
        "ROKS" => "KR",
        "RFS" => "RU",
        "ENS" => "EG",
        "HTMS" => "TH",
        "KD" => "MY",
        "RSS" => "SG",
        "BNS" => "BD",
        "SLNS" => "LK",
        "NRP" => "PT",
        "ESPS" => "ES",
        "HS" => "GR",
        "ITS" => "IT",
        "FS" => "FR",
        _ => return None,
    })
}

fn normalise_label(label: &str) -> String {
    label
        .split_whitespace()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "the" | "a" | "an"))
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The end index when the words of `name` start at token `i`.
fn match_words(tokens: &[Token], i: usize, name: &str) -> Option<usize> {
    let mut k = i;
    let mut end = None;
    for part in name.split_whitespace() {
        // "Winston S. Churchill": the tokenizer splits "S" and ".".
        let part = part.trim_end_matches('.');
        let t = tokens.get(k)?;
        if t.text != part {
            return None;
        }
        end = Some(k);
        k += 1;
        if tokens.get(k).is_some_and(|t| t.is_punct(".")) && name.contains(&format!("{part}.")) {
            k += 1;
        }
    }
    end
}

fn match_words_lower(tokens: &[Token], i: usize, name: &str) -> Option<usize> {
    let mut k = i;
    for part in name.split_whitespace() {
        if tokens.get(k)?.lower != part {
            return None;
        }
        k += 1;
    }
    (k > i).then(|| k - 1)
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    #[test]
    fn ship_names_match_in_full_and_short() {
        let mut m = Memory::default();
        m.add_vessel("Admiral Gorshkov");
        m.add_vessel("IRIS Makran");
        m.add_vessel("Winston S. Churchill");
        let toks = tokenize("the Gorshkov met IRIS Makran and Winston S. Churchill", 0);
        assert_eq!(m.vessel_spans(&toks), [(1, 1), (3, 4), (6, 9)]);
        let short = tokenize("Makran left", 0);
        assert_eq!(m.vessel_spans(&short), [(0, 0)]);
    }

    #[test]
    fn ship_prefixes_name_navies() {
        assert_eq!(ship_prefix_country("USNS"), Some("US"));
        assert_eq!(ship_prefix_country("Admiral"), None);
    }
}
