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
const CONTESTED_ALIAS: f64 = 1.0;

/// The priors of all meanings of one name (same order as `entries`).
pub fn priors(gaz: &Gazetteer, entries: &[Entry]) -> Vec<f64> {
    let is_city = |e: &Entry| gaz.place(e.place).kind == Kind::City;
    let contested = entries.iter().any(|e| e.form == Form::Name && is_city(e));
    entries
        .iter()
        .map(|e| {
            let penalty = if contested && e.form == Form::Alias && is_city(e) {
                CONTESTED_ALIAS
            } else {
                0.0
            };
            prior(gaz, e) - penalty
        })
        .collect()
}
