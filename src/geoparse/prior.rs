//! Importance before context: how likely a meaning is when a name is read
//! with nothing around it. Countries over their namesakes, populous places
//! over small ones, capitals over others, own names over alternate names
//! (and more so over another town's own name);
//! a division weighs like a place of a fraction of its people, so "New
//! York" alone is the city and "Quebec" alone the province.

use crate::gazetteer::{Entry, Form, Gazetteer, Kind};

/// The prior score of one meaning (log scale: +0.5 per tenfold people).
fn prior(gaz: &Gazetteer, e: &Entry) -> f64 {
    let p = gaz.place(e.place);
    let log_population = ((p.population as f64) + 10.0).log10();
    // Alternate names of towns are often other things; those of countries,
    // divisions and seas ("Atlantic", "U.S.") are everyday forms.
    let alias = if e.form == Form::Alias && p.kind == Kind::City {
        0.5
    } else {
        0.0
    };
    let base = match p.kind {
        // Among countries sharing a demonym ("American"), the populous one.
        Kind::Country => 3.4 + 0.1 * log_population,
        Kind::Continent | Kind::Sea => 3.2,
        Kind::Region if p.id.starts_with("region:") => 3.2,
        // Divisions' populations are the sums of their towns'.
        Kind::Region => 0.5 * log_population - 0.5,
        Kind::County => 0.5 * log_population - 0.8,
        Kind::City => {
            let capital = if p.capital { 0.5 } else { 0.0 };
            0.5 * log_population + capital
        }
        Kind::Airport | Kind::Airbase | Kind::Port => 1.0 + 0.1 * p.population as f64,
    };
    base - alias
}

/// How far a city's alternate name falls behind when the same words are
/// another city's own name: "Odessa" is Odesa's English name and Odessa,
/// Texas's own; the document's other places decide.
pub(super) const CONTESTED_ALIAS: f64 = 1.0;

/// A city with this many times the people of the biggest town whose own
/// name its alternate name is ("Lyons": Lyon and the towns of Illinois and
/// Georgia) is what the name means in news far more often; its alternate
/// name is not contested.
const FAR_BIGGER: u64 = 20;

/// How far a division falls behind its biggest town of the same name.
const SEAT_GAP: f64 = 0.5;

/// The priors of all meanings of one name (same order as `entries`).
pub fn priors(gaz: &Gazetteer, entries: &[Entry]) -> Vec<f64> {
    let mut out: Vec<f64> = entries
        .iter()
        .zip(contested_aliases(gaz, entries))
        .map(|(e, contested)| prior(gaz, e) - if contested { CONTESTED_ALIAS } else { 0.0 })
        .collect();
    seats_before_divisions(gaz, entries, &mut out);
    out
}

/// Which meanings are reached by an alternate name that is contested by
/// another meaning's own name (same order as `entries`).
pub(super) fn contested_aliases(gaz: &Gazetteer, entries: &[Entry]) -> Vec<bool> {
    let is_city = |e: &Entry| gaz.place(e.place).kind == Kind::City;
    let own_name_people = entries
        .iter()
        .filter(|e| e.form == Form::Name && is_city(e))
        .map(|e| gaz.place(e.place).population)
        .max();
    let contested = |e: &Entry| {
        own_name_people
            .is_some_and(|n| gaz.place(e.place).population < n.saturating_mul(FAR_BIGGER))
    };
    entries
        .iter()
        .map(|e| {
            e.form == Form::Alias
                && if is_city(e) {
                    contested(e)
                } else {
                    division_contested(gaz, entries, e)
                }
        })
        .collect()
}

/// A town this big whose own name is a division's alternate name contests
/// it.
const CONTESTING_TOWN: u64 = 100_000;

/// "St. Paul" is an alternate name of the São Paulo state and the own name
/// of Saint Paul, Minnesota; "Washington" one of the District of Columbia
/// and the state's own: a division's alternate name is contested by another
/// division, or a sizeable town, whose own name it is. (Divisions' people
/// are the sums of their towns', so their sizes do not compare with a
/// town's as two towns' do.)
fn division_contested(gaz: &Gazetteer, entries: &[Entry], e: &Entry) -> bool {
    let kind = gaz.place(e.place).kind;
    if !matches!(kind, Kind::Region | Kind::County) {
        return false;
    }
    entries.iter().any(|o| {
        let p = gaz.place(o.place);
        o.place != e.place
            && o.form == Form::Name
            && match p.kind {
                Kind::Region | Kind::County => true,
                Kind::City => p.population >= CONTESTING_TOWN,
                _ => false,
            }
    })
}

/// "Basra", "Donetsk": a bare name that is both a first-level division and
/// the biggest town in it means the town in news (the division is named
/// with its word: "Basra province", "the Donetsk region", which
/// recognition reads as a cue). The town takes the better of the two
/// priors, the division falls [`SEAT_GAP`] behind it. A division whose
/// biggest town has another name ("Quebec": Montreal) keeps its prior.
fn seats_before_divisions(gaz: &Gazetteer, entries: &[Entry], priors: &mut [f64]) {
    for (d, division) in entries.iter().enumerate() {
        let r = gaz.place(division.place);
        if r.kind != Kind::Region || r.admin1_code.is_empty() || division.form == Form::Demonym {
            continue;
        }
        let seat = entries.iter().position(|e| {
            let p = gaz.place(e.place);
            p.country == r.country
                && p.admin1_code == r.admin1_code
                && e.form != Form::Demonym
                && gaz.is_biggest_town_of_division(p)
        });
        if let Some(c) = seat {
            let best = priors[c].max(priors[d]);
            priors[c] = best;
            priors[d] = best - SEAT_GAP;
        }
    }
}
