//! Which tiles an export (or the server's pre-build) visits: a descent from
//! zoom 0 that only enters the children of tiles some feature reached.
//!
//! A child's buffered box lies inside its parent's buffered box (the child's
//! buffer is half the parent's in world units, and the child is a quarter of
//! the parent), so a tile that no feature reaches, not even one rounded
//! away or thinned, has no non-empty descendant. The walk therefore costs
//! about as many tile builds as there are non-empty tiles, whatever the
//! envelopes of the features (a country with overseas territories has an
//! envelope over half the world).
//!
//! Within a zoom, tiles are visited in PMTiles order (Hilbert curve), which
//! is also the order in which the PMTiles writer wants them.

use crate::tiles::TileId;
use crate::tiles::grid::tile_at;

use super::ExportError;

/// Zooms and area of an export.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub minzoom: u8,
    pub maxzoom: u8,
    /// `[west, south, east, north]` in degrees; `None` is the whole world.
    pub bbox: Option<[f64; 4]>,
}

impl Range {
    /// Checks the zooms (`minzoom ≤ maxzoom ≤ max`) and the box.
    pub fn new(
        minzoom: u8,
        maxzoom: u8,
        bbox: Option<[f64; 4]>,
        max: u8,
    ) -> Result<Range, ExportError> {
        if minzoom > maxzoom {
            return Err(ExportError::Range(format!(
                "minzoom {minzoom} is above maxzoom {maxzoom}"
            )));
        }
        if maxzoom > max {
            return Err(ExportError::Range(format!(
                "maxzoom {maxzoom} is above {max}, the deepest zoom of these tiles"
            )));
        }
        if let Some([w, s, e, n]) = bbox {
            let ok = [w, s, e, n].iter().all(|v| v.is_finite())
                && (-180.0..=180.0).contains(&w)
                && (-180.0..=180.0).contains(&e)
                && (-90.0..=90.0).contains(&s)
                && (-90.0..=90.0).contains(&n)
                && w < e
                && s < n;
            if !ok {
                return Err(ExportError::Range(format!(
                    "bbox {w},{s},{e},{n} is not west,south,east,north in degrees \
                     with west < east and south < north"
                )));
            }
        }
        Ok(Range {
            minzoom,
            maxzoom,
            bbox,
        })
    }

    /// Whether `tile` meets the box (every tile does without one).
    pub fn contains(&self, tile: TileId) -> bool {
        let Some([w, s, e, n]) = self.bbox else {
            return true;
        };
        let top_left = tile_at(w, n, tile.z);
        let bottom_right = tile_at(e, s, tile.z);
        (top_left.x..=bottom_right.x).contains(&tile.x)
            && (top_left.y..=bottom_right.y).contains(&tile.y)
    }

    /// Tiles at every zoom of the range that meet the box: the size of a
    /// full pyramid (what a raster export writes).
    pub fn pyramid_size(&self) -> u64 {
        (self.minzoom..=self.maxzoom)
            .map(|z| {
                let (w, s, e, n) = match self.bbox {
                    Some([w, s, e, n]) => (w, s, e, n),
                    None => (-180.0, -90.0, 180.0, 90.0),
                };
                let a = tile_at(w, n, z);
                let b = tile_at(e, s, z);
                u64::from(b.x - a.x + 1) * u64::from(b.y - a.y + 1)
            })
            .sum()
    }
}

/// The four children of a tile.
pub fn children(t: TileId) -> [TileId; 4] {
    let (z, x, y) = (t.z + 1, t.x * 2, t.y * 2);
    [
        TileId { z, x, y },
        TileId { z, x: x + 1, y },
        TileId { z, x, y: y + 1 },
        TileId {
            z,
            x: x + 1,
            y: y + 1,
        },
    ]
}

/// The PMTiles tile id: zoom by zoom, Hilbert order within a zoom.
pub fn order_key(t: TileId) -> u64 {
    pmtiles::TileCoord::new(t.z, t.x, t.y)
        .map(|c| pmtiles::TileId::from(c).value())
        .unwrap_or(u64::MAX)
}

/// Puts a zoom's tiles in PMTiles order.
pub fn sort(tiles: &mut [TileId]) {
    tiles.sort_unstable_by_key(|t| order_key(*t));
}

/// The tiles of the next zoom to visit: the children, inside the range, of
/// the tiles that features reached.
pub fn next_level(reached: &[TileId], range: &Range) -> Vec<TileId> {
    let mut next: Vec<TileId> = reached
        .iter()
        .flat_map(|t| children(*t))
        .filter(|t| range.contains(*t))
        .collect();
    sort(&mut next);
    next
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ranges_are_checked() {
        assert!(Range::new(0, 14, None, 24).is_ok());
        assert!(Range::new(5, 4, None, 24).is_err());
        assert!(Range::new(0, 25, None, 24).is_err());
        assert!(Range::new(0, 4, Some([10.0, 0.0, 5.0, 1.0]), 24).is_err());
        assert!(Range::new(0, 4, Some([0.0, 0.0, 5.0, 95.0]), 24).is_err());
        assert!(Range::new(0, 4, Some([f64::NAN, 0.0, 5.0, 1.0]), 24).is_err());
    }

    #[test]
    fn a_box_selects_the_tiles_it_meets() {
        // Havana (-82.4, 23.1) at z10 is tile 277/444 (OSM's numbering).
        let havana = Range::new(0, 10, Some([-82.5, 23.0, -82.3, 23.2]), 24).unwrap();
        assert!(havana.contains(TileId {
            z: 10,
            x: 277,
            y: 444
        }));
        assert!(!havana.contains(TileId {
            z: 10,
            x: 550,
            y: 335
        }));
        assert!(havana.contains(TileId { z: 0, x: 0, y: 0 }));
        assert_eq!(
            Range::new(0, 2, None, 24).unwrap().pyramid_size(),
            1 + 4 + 16
        );
        assert_eq!(havana.pyramid_size(), 11);
    }

    #[test]
    fn children_cover_their_parent_in_order() {
        let mut kids = children(TileId { z: 3, x: 5, y: 2 }).to_vec();
        sort(&mut kids);
        let keys: Vec<u64> = kids.iter().map(|t| order_key(*t)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(
            kids.iter()
                .all(|k| k.z == 4 && k.x / 2 == 5 && k.y / 2 == 2)
        );
        // Zoom 1 comes after zoom 0 and before zoom 2.
        assert_eq!(order_key(TileId { z: 0, x: 0, y: 0 }), 0);
        assert_eq!(order_key(TileId { z: 1, x: 0, y: 0 }), 1);
        assert_eq!(order_key(TileId { z: 2, x: 0, y: 0 }), 5);
    }
}
