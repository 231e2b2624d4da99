//! A new basemap for new events, keeping the cached tiles the change does
//! not reach.
//!
//! The basemap depends on the events through two things only: the
//! highlighted countries and the event-place labels. A tile is redrawn when
//! a country whose highlight changed has a ring in it (the same R-tree query
//! the renderer makes), or when a label placed at its zoom appears,
//! disappears or moves inside it (placement is global, so one new place can
//! push a capital's label aside several tiles away: comparing the two
//! placements finds exactly those).

use std::collections::HashSet;

use super::cache::{TileCache, TileKey};
use super::data::Resolution;
use super::labels::{Box2, Placed};
use super::mercator::TileFrame;
use super::{Basemap, BasemapError, PlaceLabel};

/// Device pixels around a tile that its drawing may reach (the renderer
/// clips 4 px outside the tile; twice that for safety).
const MARGIN: f64 = 8.0;

impl Basemap {
    /// This basemap with `countries` highlighted and `places` labelled,
    /// carrying over every cached tile the change does not reach.
    pub fn with_marks(
        &self,
        countries: &[String],
        places: Vec<PlaceLabel>,
    ) -> Result<Basemap, BasemapError> {
        let mut next = Basemap {
            data: self.data,
            font: super::text::Font::builtin()?,
            styles: self.styles.clone(),
            highlighted: HashSet::new(),
            masks: Vec::new(),
            places: Vec::new(),
            placements: Vec::new(),
            cache: TileCache::new(self.cache.max_bytes()),
        };
        next.highlight(countries);
        next.set_places(places);
        let changed: HashSet<&String> = self
            .highlighted
            .symmetric_difference(&next.highlighted)
            .collect();
        let labels_may_move = !changed.is_empty() || self.places != next.places;
        for (key, tile) in self.cache.entries() {
            let reached = self.highlight_reaches(&key, &changed)?
                || (labels_may_move && self.labels_move_in(&next, &key));
            if !reached {
                next.cache.insert(key, tile);
            }
        }
        Ok(next)
    }

    /// Whether this basemap already highlights exactly `countries` and
    /// labels exactly `places`.
    pub fn has_marks(&self, countries: &[String], places: &[PlaceLabel]) -> bool {
        self.places == places
            && countries.len() == self.highlighted.len()
            && countries
                .iter()
                .all(|c| self.highlighted.contains(&c.trim().to_ascii_uppercase()))
    }

    /// Whether a country of `changed` has a ring in the tile.
    fn highlight_reaches(
        &self,
        key: &TileKey,
        changed: &HashSet<&String>,
    ) -> Result<bool, BasemapError> {
        if changed.is_empty() {
            return Ok(false);
        }
        let layer = self.data.layer(Resolution::for_zoom(key.z))?;
        let frame = frame(key);
        let (min, max) = frame.world_bounds(MARGIN);
        Ok(layer.rings_in(min, max).any(|i| {
            layer
                .countries
                .get(layer.rings[i].country)
                .is_some_and(|c| changed.contains(&c.iso_a2))
        }))
    }

    /// Whether the labels drawn in the tile differ between `self` and `next`.
    fn labels_move_in(&self, next: &Basemap, key: &TileKey) -> bool {
        let old = self.labels(key.style, key.z);
        let new = next.labels(key.style, key.z);
        let halo = f64::from(self.styles[key.style].labels.halo_width);
        let (ox, oy) = (f64::from(key.x) * 256.0, f64::from(key.y) * 256.0);
        let tile = Box2 {
            min: [ox - halo - MARGIN, oy - halo - MARGIN],
            max: [ox + 256.0 + halo + MARGIN, oy + 256.0 + halo + MARGIN],
        };
        let inside = |labels: &[Placed]| -> HashSet<[u64; 9]> {
            labels
                .iter()
                .filter(|l| l.bounds.intersects(&tile))
                .map(fingerprint)
                .collect()
        };
        inside(old) != inside(new)
    }
}

/// A placed label as comparable bits: kind, dot, text origin, bounds.
fn fingerprint(l: &Placed) -> [u64; 9] {
    [
        l.kind as u64,
        l.dot[0].to_bits(),
        l.dot[1].to_bits(),
        l.origin[0].to_bits(),
        l.origin[1].to_bits(),
        l.bounds.min[0].to_bits(),
        l.bounds.min[1].to_bits(),
        l.bounds.max[0].to_bits(),
        l.bounds.max[1].to_bits(),
    ]
}

fn frame(key: &TileKey) -> TileFrame {
    TileFrame {
        z: key.z,
        x: key.x,
        y: key.y,
        size: 256.0 * f64::from(key.scale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn havana() -> PlaceLabel {
        PlaceLabel {
            name: "Havana".into(),
            lon: -82.383,
            lat: 23.133,
        }
    }

    #[test]
    fn tiles_away_from_a_change_are_kept_and_the_rest_redrawn() {
        let mut before = Basemap::new().unwrap();
        before.highlight(["VE"]);
        before.set_places(vec![]);
        // z4: Cuba's tile, Venezuela's tile, and a tile of Australia.
        let tiles = [(4, 4, 6), (4, 5, 7), (4, 14, 9)];
        for (z, x, y) in tiles {
            before.render_cached(z, x, y, 1, "light").unwrap();
        }
        let after = before
            .with_marks(&["VE".into(), "CU".into()], vec![havana()])
            .unwrap();
        let (entries, _) = after.cache().usage();
        // Cuba's tile is redrawn (highlight and label); Australia's is kept.
        let kept: Vec<(u32, u32)> = after
            .cache()
            .entries()
            .iter()
            .map(|(k, _)| (k.x, k.y))
            .collect();
        assert!(kept.contains(&(14, 9)), "{kept:?}");
        assert!(!kept.contains(&(4, 6)), "{kept:?}");
        assert_eq!(entries, kept.len());
        // The same marks again change nothing: every tile is kept.
        let same = after
            .with_marks(&["CU".into(), "VE".into()], vec![havana()])
            .unwrap();
        assert_eq!(same.cache().usage().0, kept.len());
    }
}
