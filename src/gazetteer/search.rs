//! Place search for people typing into a search box: the names whose lookup
//! key starts with the query's key, best known places first.

use super::normalize::key;
use super::{Form, Gazetteer, Kind, Place};

/// A sorted list of (name key, place index, is the place's own name) over
/// names and aliases; demonyms are left out ("russian" is not a place
/// someone searches for).
pub(super) type SearchIndex = Vec<(Box<str>, u32, bool)>;

pub(super) fn build_index(g: &Gazetteer) -> SearchIndex {
    let mut index: SearchIndex = g
        .names
        .iter()
        .flat_map(|(name, entries)| {
            entries
                .iter()
                .filter(|e| !matches!(e.form, Form::Demonym | Form::Abbreviation))
                .map(move |e| (Box::<str>::from(name), e.place, e.form == Form::Name))
        })
        .collect();
    index.sort_unstable();
    index.dedup();
    index
}

/// How well known a place is, to rank hits: a country before a town of the
/// same name, a capital before a village, facilities (no population) last.
/// Only the order matters.
fn importance(p: &Place) -> f64 {
    let people = p.population as f64;
    match p.kind {
        Kind::Continent => 1e10,
        Kind::Country => 1e9 + people,
        Kind::Sea => 1e8,
        Kind::City if p.capital => 1e8 + people,
        Kind::City => people,
        // A region is usually searched for by its capital's name ("São
        // Paulo"): the city comes first unless the region is far bigger.
        Kind::Region => people / 10.0,
        Kind::County => people / 20.0,
        Kind::Port | Kind::Airport | Kind::Airbase => 1.0,
    }
}

impl Gazetteer {
    /// Up to `limit` places whose name (or alias) starts with `query`, after
    /// both are folded by [`key`]. Exact names come first, then the more
    /// important places; each place appears once.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Place> {
        let q = key(query);
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let index = self.search_index.get_or_init(|| build_index(self));
        let first = index.partition_point(|(k, _, _)| &**k < q.as_str());
        // (exact, importance, place) per match; a place's best match wins.
        let mut hits: Vec<(bool, f64, u32)> = Vec::new();
        for (k, place, own_name) in index[first..]
            .iter()
            .take_while(|(k, _, _)| k.starts_with(&q))
        {
            let exact = **k == *q;
            // "cara" should find Caracas before Karachi (an old spelling).
            let weight = if *own_name { 1.0 } else { 0.05 };
            hits.push((exact, importance(self.place(*place)) * weight, *place));
        }
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for (_, _, place) in hits {
            if seen.contains(&place) {
                continue;
            }
            seen.push(place);
            out.push(self.place(place));
            if out.len() == limit {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(q: &str) -> Vec<String> {
        Gazetteer::builtin()
            .search(q, 10)
            .iter()
            .map(|p| p.name.clone())
            .collect()
    }

    #[test]
    fn prefixes_rank_important_places_first() {
        assert_eq!(names("Havana").first().map(String::as_str), Some("Havana"));
        assert_eq!(names("cara").first().map(String::as_str), Some("Caracas"));
        assert_eq!(
            names("VENEZ").first().map(String::as_str),
            Some("Venezuela")
        );
        assert_eq!(names("Bogotá").first().map(String::as_str), Some("Bogotá"));
        assert_eq!(names("bogota").first().map(String::as_str), Some("Bogotá"));
        let moscow = names("mosc");
        assert_eq!(moscow.first().map(String::as_str), Some("Moscow"));
    }

    #[test]
    fn results_are_unique_and_bounded() {
        let hits = Gazetteer::builtin().search("san", 10);
        assert_eq!(hits.len(), 10);
        let mut ids: Vec<&str> = hits.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 10);
        assert!(Gazetteer::builtin().search("   ", 10).is_empty());
        assert!(Gazetteer::builtin().search("zzzzqqq", 10).is_empty());
    }
}
