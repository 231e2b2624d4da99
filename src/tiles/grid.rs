//! Tile math of the WebMercatorQuad tile matrix set: tile ids and their
//! checks, Web Mercator projection to "world" coordinates, tile bounds.
//!
//! World coordinates are Web Mercator scaled to the unit square with `y`
//! growing southwards, so tile `(z, x, y)` covers
//! `[x / 2^z, (x + 1) / 2^z] × [y / 2^z, (y + 1) / 2^z]` and a position maps to
//! tile units by `(w * 2^z - x) * EXTENT`: no trigonometry per tile.

use super::TileError;

/// Tile units across a tile (the MVT `extent`).
pub const EXTENT: u32 = 4096;
/// Tile units drawn around a tile so that lines and symbols crossing its
/// edge join up with the neighbour's.
pub const BUFFER: u32 = 64;
/// Deepest zoom served: enough for street-level views; beyond it the tile
/// counts overflow no integer but nothing is gained either.
pub const MAX_ZOOM: u8 = 24;
/// Latitude limit of Web Mercator (the square world).
pub const MAX_LAT: f64 = 85.051_128_779_806_59;
/// Half the Web Mercator world width in metres (EPSG:3857).
pub const HALF_WORLD_M: f64 = 20_037_508.342_789_244;

/// One tile of WebMercatorQuad: zoom `z`, column `x`, row `y` (from the top).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

impl TileId {
    /// Checks `z ≤ MAX_ZOOM` and that `x` and `y` exist at that zoom.
    pub fn new(z: u32, x: u64, y: u64) -> Result<TileId, TileError> {
        let z = u8::try_from(z)
            .ok()
            .filter(|z| *z <= MAX_ZOOM)
            .ok_or(TileError::Zoom(z))?;
        let n = 1u64 << z;
        if x >= n || y >= n {
            return Err(TileError::OutOfRange { z, x, y });
        }
        // In range of 2^24, so both fit a u32.
        Ok(TileId {
            z,
            x: x as u32,
            y: y as u32,
        })
    }

    /// Parses path segments `z`, `x` and `y` (numbers only: no sign, no
    /// space, no leading `+`).
    pub fn parse(z: &str, x: &str, y: &str) -> Result<TileId, TileError> {
        // Digits only; a number too long for any tile saturates, so that it
        // is out of range (404) rather than malformed (400).
        let num = |name: &'static str, s: &str| -> Result<u64, TileError> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(TileError::NotANumber(name, s.chars().take(40).collect()));
            }
            Ok(s.parse::<u64>().unwrap_or(u64::MAX))
        };
        let z = num("z", z)?;
        let z = u32::try_from(z).unwrap_or(u32::MAX);
        TileId::new(z, num("x", x)?, num("y", y)?)
    }

    /// Tiles across the world at this zoom.
    pub fn scale(self) -> f64 {
        f64::from(1u32 << self.z)
    }

    /// The tile's box in world coordinates, grown by `buffer` tile units.
    pub fn world_box(self, buffer: u32) -> [f64; 4] {
        let n = self.scale();
        let b = f64::from(buffer) / f64::from(EXTENT);
        [
            (f64::from(self.x) - b) / n,
            (f64::from(self.y) - b) / n,
            (f64::from(self.x) + 1.0 + b) / n,
            (f64::from(self.y) + 1.0 + b) / n,
        ]
    }

    /// The buffered tile as a CRS84 box `[minlon, minlat, maxlon, maxlat]`
    /// for the layer's R-tree. A tile on the top or bottom row reaches the
    /// pole: features beyond Mercator's ±85.05° are drawn on its edge.
    pub fn lonlat_box(self, buffer: u32) -> [f64; 4] {
        let [x0, y0, x1, y1] = self.world_box(buffer);
        let last_row = (1u32 << self.z) - 1;
        let north = if self.y == 0 { 90.0 } else { world_to_lat(y0) };
        let south = if self.y == last_row {
            -90.0
        } else {
            world_to_lat(y1)
        };
        [
            world_to_lon(x0).max(-180.0),
            south,
            world_to_lon(x1).min(180.0),
            north,
        ]
    }

    /// Size of one tile unit in world coordinates (the tile's resolution).
    pub fn unit(self) -> f64 {
        1.0 / (self.scale() * f64::from(EXTENT))
    }
}

/// Longitude/latitude (degrees) to world coordinates; latitudes beyond
/// Mercator's limit are clamped to it.
pub fn to_world(lon: f64, lat: f64) -> [f64; 2] {
    let x = (lon + 180.0) / 360.0;
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0;
    [x, y]
}

pub fn world_to_lon(x: f64) -> f64 {
    x * 360.0 - 180.0
}

pub fn world_to_lat(y: f64) -> f64 {
    let n = std::f64::consts::PI * (1.0 - 2.0 * y.clamp(0.0, 1.0));
    n.sinh().atan().to_degrees()
}

/// The tile at zoom `z` that holds a lon/lat position.
pub fn tile_at(lon: f64, lat: f64, z: u8) -> TileId {
    let [x, y] = to_world(lon, lat);
    let n = f64::from(1u32 << z);
    let max = (1u32 << z) - 1;
    TileId {
        z,
        x: ((x * n) as u32).min(max),
        y: ((y * n) as u32).min(max),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ranges_are_checked() {
        assert!(TileId::new(0, 0, 0).is_ok());
        assert!(matches!(
            TileId::new(0, 1, 0),
            Err(TileError::OutOfRange { .. })
        ));
        assert!(TileId::new(24, (1 << 24) - 1, 0).is_ok());
        assert!(matches!(
            TileId::new(24, 1 << 24, 0),
            Err(TileError::OutOfRange { .. })
        ));
        assert!(matches!(TileId::new(25, 0, 0), Err(TileError::Zoom(25))));
        assert!(matches!(
            TileId::parse("3", "-1", "0"),
            Err(TileError::NotANumber("x", _))
        ));
        assert!(matches!(
            TileId::parse("3", "1", "+2"),
            Err(TileError::NotANumber("y", _))
        ));
        assert!(matches!(
            TileId::parse("99999999999999", "0", "0"),
            Err(TileError::Zoom(_))
        ));
        assert!(matches!(
            TileId::parse("3", "0", "99999999999999999999999"),
            Err(TileError::OutOfRange { .. })
        ));
        assert_eq!(
            TileId::parse("2", "3", "1").unwrap(),
            TileId { z: 2, x: 3, y: 1 }
        );
    }

    #[test]
    fn projection_round_trips() {
        for (lon, lat) in [(0.0, 0.0), (13.4, 52.5), (-179.9, -84.0), (151.2, -33.9)] {
            let [x, y] = to_world(lon, lat);
            assert!((world_to_lon(x) - lon).abs() < 1e-9);
            assert!((world_to_lat(y) - lat).abs() < 1e-9);
        }
        assert_eq!(to_world(0.0, 0.0), [0.5, 0.5]);
        assert!(to_world(0.0, 89.0)[1] == to_world(0.0, MAX_LAT)[1]);
    }

    #[test]
    fn tiles_of_known_places() {
        // Berlin at z10 is tile 550/335 (as OSM's slippy map names it).
        assert_eq!(
            tile_at(13.4, 52.52, 10),
            TileId {
                z: 10,
                x: 550,
                y: 335
            }
        );
        let t = TileId { z: 1, x: 1, y: 0 };
        assert_eq!(t.world_box(0), [0.5, 0.0, 1.0, 0.5]);
        let b = t.lonlat_box(0);
        assert_eq!(b[0], 0.0);
        assert_eq!(b[3], 90.0);
        assert!(b[1].abs() < 1e-9);
        let bottom = TileId { z: 1, x: 0, y: 1 }.lonlat_box(0);
        assert_eq!(bottom[1], -90.0);
    }
}
