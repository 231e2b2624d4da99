//! Resolution: which place each recognised name means.
//!
//! Every occurrence of a name in a document takes one meaning (one sense
//! per name per document). A meaning's score adds its importance prior
//! ([`super::prior`]), the strongest local evidence any occurrence gives it
//! (a container named right after it: "Springfield, Mo.", "London,
//! Ontario", "X in Y"; a facility phrase), and the document's evidence: the
//! countries and first-level divisions the other names resolve to, and how
//! close the meaning lies to the other resolved places. The document's
//! evidence depends on the other names' choices, so the choice is made a
//! few times, each round from the last round's choices.

use ahash::AHashMap as HashMap;

use super::evidence::{Evidence, SURE_MARGIN};
use super::near::{anchors, nearness};
use super::prior::{CONTESTED_ALIAS, contested_aliases, priors};
use super::recognize::{Candidate, Link, Unit};
use crate::gazetteer::{Entry, Form, Gazetteer, Kind, Place};

/// The chosen meaning of one candidate.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    pub entry: Entry,
    pub confidence: f64,
}

/// "Portland, Oregon": a container named right after the name.
const CONTAINER_COMMA: f64 = 3.0;
/// "Portland in Oregon".
const CONTAINER_IN: f64 = 2.0;
/// A facility in a facility phrase ("the port of X").
const FACILITY_BONUS: f64 = 4.0;
/// "Basra province", "the city of Donetsk": the meaning of the unit said.
const UNIT_BONUS: f64 = 3.0;
/// How much less "X province" favours a second-level division X.
const SECOND_LEVEL_GAP: f64 = 1.0;
/// How far a town named like a famous place falls behind it without a
/// container.
const FAMOUS_GAP: f64 = 5.0;
/// Rounds of choosing from the previous round's choices.
const ROUNDS: usize = 3;

/// All occurrences of one name (with one facility reading) in a document.
pub(super) struct Group {
    /// Union of the occurrences' meanings.
    pub(super) entries: Vec<Entry>,
    /// Best local evidence of each meaning (same order as `entries`).
    local: Vec<f64>,
    pub(super) occurrences: usize,
    /// Index into `entries` of the current choice.
    pub(super) chosen: usize,
    /// How sure the current choice is (see [`super::evidence`]).
    pub(super) sure: Sure,
}

/// How sure a name's choice is, from the last round's scores.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Sure {
    /// Its country: every meaning in another country trails by the margin.
    pub(super) country: bool,
    /// Its place: every other meaning trails by the margin.
    pub(super) place: bool,
}

pub fn resolve(gaz: &Gazetteer, cands: &[Candidate]) -> Vec<Choice> {
    let (mut groups, group_of) = group(gaz, cands);
    let priors: Vec<Vec<f64>> = groups.iter().map(|g| priors(gaz, &g.entries)).collect();
    let contested: Vec<Vec<bool>> = groups
        .iter()
        .map(|g| contested_abroad(gaz, &g.entries))
        .collect();
    let biggest: Vec<u64> = groups
        .iter()
        .map(|g| {
            let people = g.entries.iter().map(|e| gaz.place(e.place).population);
            people.max().unwrap_or(0)
        })
        .collect();
    let mut scores: Vec<Vec<f64>> = priors.clone();
    for round in 0..ROUNDS {
        let evidence = if round == 0 {
            Evidence::unambiguous(gaz, &groups)
        } else {
            Evidence::sure(gaz, &groups)
        };
        let anchors = anchors(&groups);
        for (gi, g) in groups.iter().enumerate() {
            for (ei, e) in g.entries.iter().enumerate() {
                let p = gaz.place(e.place);
                scores[gi][ei] = priors[gi][ei]
                    + g.local[ei]
                    + evidence.support(p, gi)
                    + relief(p, contested[gi][ei], &evidence, gi)
                    + named_country(gaz, g, p, biggest[gi], &evidence, gi)
                    + if round == 0 {
                        0.0
                    } else {
                        nearness(gaz, p, gi, &anchors, &groups)
                    };
            }
        }
        for (g, s) in groups.iter_mut().zip(&scores) {
            g.chosen = argmax(s);
            g.sure = sureness(gaz, g, s);
        }
    }
    cands
        .iter()
        .zip(group_of)
        .map(|(c, gi)| choose(c, &groups[gi], &scores[gi]))
        .collect()
}

/// Which meanings are towns reached by a contested alternate name
/// ([`super::prior`]) whose contenders all lie in other countries: the
/// country the document names can settle those contests.
fn contested_abroad(gaz: &Gazetteer, entries: &[Entry]) -> Vec<bool> {
    let contested = contested_aliases(gaz, entries);
    entries
        .iter()
        .zip(contested)
        .map(|(e, contested)| {
            let p = gaz.place(e.place);
            contested
                && p.kind == Kind::City
                && !entries.iter().any(|o| {
                    let q = gaz.place(o.place);
                    o.form == Form::Name && q.kind == Kind::City && q.country == p.country
                })
        })
        .collect()
}

/// "Odessa" with Ukraine, a Ukrainian or Kyiv in the text: a town's
/// alternate name contested from abroad is meant when the document sets
/// another place in the town's country; the penalty it took for the
/// contest is given back, and the evidence decides as for any name. (A
/// division's is not: it would outrank the town it is named after.)
fn relief(p: &Place, contested: bool, evidence: &Evidence, gi: usize) -> f64 {
    if contested && evidence.names_country(&p.country, gi) {
        CONTESTED_ALIAS
    } else {
        0.0
    }
}

/// How much a town or division gains when the document names its country
/// itself (see [`named_country`]).
const NAMED_COUNTRY: f64 = 1.0;

/// A namesake this many times smaller than the biggest meaning of its name
/// is no rival that naming its country settles: "London" in a story that
/// names the United States is still the capital, not a small American town.
const RIVAL_SIZE: u64 = 20;

/// "Hyderabad … Pakistani police", "the Indian army … Punjab": a country the
/// text names by its name or demonym places a namesake there, whatever the
/// text's length (the document's shares fade in a long text). Every
/// meaning in a named country gains alike, so a text naming both
/// countries leaves the contest to the other evidence; only a contest with
/// a country the text does not name is settled so.
fn named_country(
    gaz: &Gazetteer,
    g: &Group,
    p: &Place,
    biggest: u64,
    evidence: &Evidence,
    gi: usize,
) -> f64 {
    let named = |cc: &str| evidence.names_country_itself(cc, gi);
    let rival_abroad = || {
        g.entries.iter().any(|e| {
            let q = gaz.place(e.place);
            q.country != p.country && !named(&q.country)
        })
    };
    if p.kind != Kind::Country
        && p.population.saturating_mul(RIVAL_SIZE) >= biggest
        && named(&p.country)
        && rival_abroad()
    {
        NAMED_COUNTRY
    } else {
        0.0
    }
}

/// How far the choice leads the other meanings (see [`Sure`]).
fn sureness(gaz: &Gazetteer, g: &Group, scores: &[f64]) -> Sure {
    let chosen = gaz.place(g.entries[g.chosen].place);
    let mut sure = Sure {
        country: true,
        place: true,
    };
    for (i, e) in g.entries.iter().enumerate() {
        if i == g.chosen || scores[g.chosen] - scores[i] >= SURE_MARGIN {
            continue;
        }
        sure.place = false;
        if gaz.place(e.place).country != chosen.country {
            sure.country = false;
        }
    }
    sure
}

fn argmax(s: &[f64]) -> usize {
    // Ties go to the earlier (gazetteer-ordered) entry, for stable output.
    (0..s.len())
        .max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a)))
        .unwrap_or(0)
}

/// The group's choice if this occurrence allows it, else this occurrence's
/// best meaning by the group's scores.
fn choose(c: &Candidate, g: &Group, scores: &[f64]) -> Choice {
    let index = |e: &Entry| g.entries.iter().position(|x| x.place == e.place);
    let mine: Vec<(usize, f64)> = c
        .entries
        .iter()
        .filter_map(|e| index(e).map(|i| (i, scores[i])))
        .collect();
    let best = mine
        .iter()
        .copied()
        .find(|(i, _)| *i == g.chosen)
        .or_else(|| mine.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1)))
        .unwrap_or((0, 0.0));
    // Softmax share of the chosen meaning among this occurrence's meanings.
    let max = mine.iter().map(|m| m.1).fold(f64::MIN, f64::max);
    let sum: f64 = mine.iter().map(|(_, s)| (s - max).exp()).sum();
    let share = (best.1 - max).exp() / sum.max(f64::MIN_POSITIVE);
    Choice {
        entry: g.entries[best.0],
        confidence: (share * c.confidence).clamp(0.0, 1.0),
    }
}

/// Groups candidates by name and facility reading; returns the groups and
/// each candidate's group.
fn group(gaz: &Gazetteer, cands: &[Candidate]) -> (Vec<Group>, Vec<usize>) {
    let mut index: HashMap<(&str, bool, Option<Unit>), usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = Vec::with_capacity(cands.len());
    for c in cands {
        let gi = *index
            .entry((c.key.as_str(), c.facility.is_some(), c.unit))
            .or_insert_with(|| {
                groups.push(Group {
                    entries: Vec::new(),
                    local: Vec::new(),
                    occurrences: 0,
                    chosen: 0,
                    sure: Sure::default(),
                });
                groups.len() - 1
            });
        let g = &mut groups[gi];
        g.occurrences += 1;
        for e in &c.entries {
            if !g.entries.iter().any(|x| x.place == e.place) {
                g.entries.push(*e);
                g.local.push(0.0);
            }
        }
        group_of.push(gi);
    }
    for (i, c) in cands.iter().enumerate() {
        let g = &mut groups[group_of[i]];
        // "Washington state": the division whose own name it is, before one
        // that has it as an alternate name (the District of Columbia).
        let own_name_fits = g
            .entries
            .iter()
            .any(|e| e.form == Form::Name && unit_bonus(c.unit, gaz.place(e.place).kind) > 0.0);
        for (e, local) in g.entries.iter().zip(g.local.iter_mut()) {
            let p = gaz.place(e.place);
            if c.facility.is_some() && p.kind.is_facility() {
                *local = local.max(FACILITY_BONUS);
            }
            if e.form == Form::Name || !own_name_fits {
                *local = local.max(unit_bonus(c.unit, p.kind));
            }
        }
    }
    add_containers(gaz, cands, &mut groups, &group_of);
    for g in &mut groups {
        demote_namesakes_of_famous_places(gaz, g);
    }
    (groups, group_of)
}

/// "X, Y" and "X in Y": the meanings of X inside a meaning of Y, and those
/// meanings of Y, get the container bonus.
fn add_containers(gaz: &Gazetteer, cands: &[Candidate], groups: &mut [Group], group_of: &[usize]) {
    for i in 0..cands.len().saturating_sub(1) {
        let bonus = match cands[i].link {
            Some(Link::Comma) => CONTAINER_COMMA,
            Some(Link::In) => CONTAINER_IN,
            None => continue,
        };
        let (inner, outer) = (&cands[i], &cands[i + 1]);
        // "Venezuela, Cuba and Nicaragua" is a list, not the Cuban town
        // Venezuela: a famous name yields only to a division ("Poland,
        // Ohio").
        let famous = inner.entries.iter().any(|e| is_famous(gaz.place(e.place)));
        for a in &inner.entries {
            for b in &outer.entries {
                let q = gaz.place(b.place);
                if famous && q.kind == Kind::Country {
                    continue;
                }
                if contains(q, gaz.place(a.place)) {
                    bump(&mut groups[group_of[i]], a, bonus);
                    bump(&mut groups[group_of[i + 1]], b, bonus);
                }
            }
        }
    }
}

/// "Atlantic", "Middle East", "Poland": when a name is a country's,
/// continent's, sea's or world region's, a town of that name needs its
/// container named beside it ("Poland, Ohio") to be meant; the document's
/// other evidence alone does not make it so.
fn demote_namesakes_of_famous_places(gaz: &Gazetteer, g: &mut Group) {
    let famous = g.entries.iter().any(|e| is_famous(gaz.place(e.place)));
    if !famous {
        return;
    }
    for (e, local) in g.entries.iter().zip(g.local.iter_mut()) {
        if matches!(gaz.place(e.place).kind, Kind::City | Kind::County) && *local <= 0.0 {
            *local = -FAMOUS_GAP;
        }
    }
}

/// The bonus of a meaning of kind `kind` for the unit word said with its
/// name: full where it fits, less for a second-level division called by a
/// word that mostly names a first-level one ("province" is both in Italy
/// and Spain, "state" hardly ever).
fn unit_bonus(unit: Option<Unit>, kind: Kind) -> f64 {
    match (unit, kind) {
        (Some(Unit::State), Kind::Region) => UNIT_BONUS,
        (Some(Unit::State), Kind::County) => UNIT_BONUS - SECOND_LEVEL_GAP,
        (Some(Unit::Division), Kind::Region | Kind::County) => UNIT_BONUS,
        (Some(Unit::Town), Kind::City) => UNIT_BONUS,
        _ => 0.0,
    }
}

/// Countries, continents, seas and world regions.
fn is_famous(p: &Place) -> bool {
    matches!(p.kind, Kind::Country | Kind::Continent | Kind::Sea) || p.id.starts_with("region:")
}

fn bump(g: &mut Group, e: &Entry, bonus: f64) {
    if let Some(i) = g.entries.iter().position(|x| x.place == e.place) {
        g.local[i] = g.local[i].max(bonus);
    }
}

/// Does `outer` contain `inner` by the gazetteer's hierarchy?
pub(crate) fn contains(outer: &Place, inner: &Place) -> bool {
    if outer.country.is_empty() || outer.country != inner.country {
        return false;
    }
    match outer.kind {
        Kind::Country => inner.kind != Kind::Country,
        Kind::Region => {
            !outer.admin1_code.is_empty()
                && outer.admin1_code == inner.admin1_code
                && inner.kind != Kind::Region
        }
        Kind::County => {
            !outer.admin2_code.is_empty()
                && outer.admin2_code == inner.admin2_code
                && inner.kind != Kind::County
        }
        _ => false,
    }
}
