//! Web Mercator (EPSG:3857) in normalised world units and XYZ tile frames.
//!
//! World units run 0..1 west→east and 0..1 north→south, so a tile's pixel
//! position is just `(world * 2^z - tile) * size`: no metres, no trig per tile.

use std::f64::consts::PI;

/// The latitude where Web Mercator's square world ends.
pub const MAX_LAT: f64 = 85.051_128_779_806_59;

/// Projects lon/lat degrees to world units; latitudes beyond ±[`MAX_LAT`] are
/// clamped so polar rings (Antarctica reaches -90) stay finite.
pub fn project(lon: f64, lat: f64) -> [f64; 2] {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0;
    [x, y]
}

/// Inverse of [`project`]: world units to lon/lat degrees.
pub fn unproject(p: [f64; 2]) -> (f64, f64) {
    let lon = p[0] * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * p[1])).sinh().atan().to_degrees();
    (lon, lat)
}

/// One XYZ tile and the pixel size it is drawn at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TileFrame {
    pub z: u8,
    pub x: u32,
    pub y: u32,
    /// Side in device pixels (256 or 512).
    pub size: f64,
}

impl TileFrame {
    /// World units per tile side.
    pub fn span(&self) -> f64 {
        1.0 / f64::from(1u32 << self.z)
    }

    /// Device pixels per world unit.
    pub fn pixels_per_world(&self) -> f64 {
        self.size / self.span()
    }

    /// World-unit bounds `[min, max]` of the tile grown by `margin` pixels.
    pub fn world_bounds(&self, margin: f64) -> ([f64; 2], [f64; 2]) {
        let span = self.span();
        let m = margin / self.pixels_per_world();
        let x0 = f64::from(self.x) * span;
        let y0 = f64::from(self.y) * span;
        ([x0 - m, y0 - m], [x0 + span + m, y0 + span + m])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_and_equator() {
        assert_eq!(project(-180.0, 0.0), [0.0, 0.5]);
        let top = project(0.0, MAX_LAT);
        assert!((top[1]).abs() < 1e-9 && (top[0] - 0.5).abs() < 1e-12);
        let clamped = project(0.0, -90.0);
        assert!((clamped[1] - 1.0).abs() < 1e-9);
    }

    #[test]
    fn round_trip() {
        let (lon, lat) = unproject(project(-82.383, 23.133));
        assert!((lon + 82.383).abs() < 1e-9 && (lat - 23.133).abs() < 1e-9);
    }

    #[test]
    fn havana_is_in_tile_6_17_27() {
        let p = project(-82.383, 23.133);
        let frame = TileFrame {
            z: 6,
            x: 17,
            y: 27,
            size: 256.0,
        };
        let (min, max) = frame.world_bounds(0.0);
        assert!(min[0] <= p[0] && p[0] < max[0] && min[1] <= p[1] && p[1] < max[1]);
    }
}
