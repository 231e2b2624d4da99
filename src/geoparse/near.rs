//! Closeness: how near a meaning lies to the places the document's other
//! names are sure of, a named sea's shore among them.

use super::resolve::{Group, contains};
use crate::gazetteer::{Gazetteer, Kind, Place};

/// Closeness to the document's other places: the bonus at distance 0,
/// fading with [`NEAR_KM`].
const NEAR_WEIGHT: f64 = 1.2;
const NEAR_KM: f64 = 250.0;
/// A sea's point is the middle of its anchor towns: its shores lie this
/// far from it, more or less.
const SEA_REACH_KM: f64 = 600.0;
/// The other names whose places count for closeness: the most frequent.
const MAX_ANCHORS: usize = 48;

/// The names whose chosen places count for closeness: those sure of their
/// place (two weak namesakes must not pull each other near), the most
/// frequent first (bounded, so a huge text stays linear).
pub(super) fn anchors(groups: &[Group]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..groups.len())
        .filter(|&g| groups[g].sure.place)
        .collect();
    order.sort_by_key(|&g| std::cmp::Reverse(groups[g].occurrences));
    order.truncate(MAX_ANCHORS);
    order
}

/// How close place `p` lies to the other names' chosen places: a bonus that
/// fades with distance, from the nearest one; a division holding the place
/// counts as distance 0.
pub(super) fn nearness(
    gaz: &Gazetteer,
    p: &Place,
    gi: usize,
    anchors: &[usize],
    groups: &[Group],
) -> f64 {
    if matches!(p.kind, Kind::Country | Kind::Continent | Kind::Sea) {
        return 0.0;
    }
    let mut best = f64::INFINITY;
    for &h in anchors {
        if h == gi {
            continue;
        }
        let q = gaz.place(groups[h].entries[groups[h].chosen].place);
        if q.kind == Kind::Sea {
            best = best.min(from_shore(p, q));
            continue;
        }
        if matches!(q.kind, Kind::Country | Kind::Continent) || q.country.is_empty() {
            continue;
        }
        let d = if contains(q, p) || contains(p, q) {
            0.0
        } else if q.kind == Kind::Region || p.kind == Kind::Region {
            // A division's point says little about its towns' distances.
            continue;
        } else {
            km(p, q)
        };
        best = best.min(d);
    }
    if best.is_finite() {
        NEAR_WEIGHT * (-best / NEAR_KM).exp()
    } else {
        0.0
    }
}

/// How far a town or port lies beyond the reach of a named sea's point
/// ("Odessa" beside "the Black Sea" is the port on it): 0 within
/// [`SEA_REACH_KM`]. Divisions take nothing from a sea: its point says
/// little of their extent, and a division named like its country
/// ("Kuwait") must not outrank the country by lying near the coast.
fn from_shore(p: &Place, sea: &Place) -> f64 {
    if matches!(p.kind, Kind::City | Kind::Port) {
        (km(p, sea) - SEA_REACH_KM).max(0.0)
    } else {
        f64::INFINITY
    }
}

/// Great-circle distance in km.
pub(crate) fn km(a: &Place, b: &Place) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((b.lon - a.lon).to_radians() / 2.0).sin().powi(2);
    6371.0 * 2.0 * h.min(1.0).sqrt().asin()
}
