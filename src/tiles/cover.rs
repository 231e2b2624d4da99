//! Tiles that one polygon covers whole.
//!
//! Inside a country, a lake or any large area, a tile holds one feature
//! whose cut is the buffered tile itself. Every tile below it holds the
//! same: the buffered box of a child lies inside its parent's (a child's
//! buffer is half its parent's in world units), so the polygon covers it
//! too, and a feature that reached the child would have reached the parent.
//! The pre-built tiles use this to answer such a tile's descendants with
//! its bytes instead of cutting the polygon again (see
//! `export::prebuilt`). On the 10m countries, most land tiles from z11 down
//! are of this kind, and cutting them (walking the rings of a large
//! country to find what is near) was most of a first request's work.

use super::clip::{Grid, ring_area2};
use super::grid::{BUFFER, EXTENT};

/// The corners of the buffered tile in tile units.
const LOW: i32 = -(BUFFER as i32);
const HIGH: i32 = (EXTENT + BUFFER) as i32;

/// Whether `polygons` (one feature's, on the tile grid) are exactly one
/// polygon with no hole whose ring is the buffered tile's outline.
pub fn covers_tile(polygons: &[Vec<Vec<Grid>>]) -> bool {
    let [polygon] = polygons else {
        return false;
    };
    let [ring] = polygon.as_slice() else {
        return false;
    };
    let on_outline = |p: &Grid| {
        (p[0] == LOW || p[0] == HIGH) && (LOW..=HIGH).contains(&p[1])
            || (p[1] == LOW || p[1] == HIGH) && (LOW..=HIGH).contains(&p[0])
    };
    if ring.len() < 4 || !ring.iter().all(on_outline) {
        return false;
    }
    // A ring on the outline whose area is the box's is the box (one that
    // doubles back along an edge encloses less).
    let side = i64::from(HIGH - LOW);
    ring_area2(ring).abs() == 2 * side * side
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::layers::{Geometry, LayerBuilder, LayerSet};
    use crate::tiles::{TileService, grid::tile_at};

    const BOX: [Grid; 4] = [[LOW, LOW], [HIGH, LOW], [HIGH, HIGH], [LOW, HIGH]];

    #[test]
    fn the_box_in_any_order_covers() {
        for start in 0..4 {
            let mut ring: Vec<Grid> = BOX.to_vec();
            ring.rotate_left(start);
            assert!(covers_tile(&[vec![ring.clone()]]));
            ring.reverse();
            assert!(covers_tile(&[vec![ring]]));
        }
        // A point along an edge changes nothing.
        let ring = vec![[LOW, LOW], [0, LOW], [HIGH, LOW], [HIGH, HIGH], [LOW, HIGH]];
        assert!(covers_tile(&[vec![ring]]));
    }

    #[test]
    fn anything_else_does_not() {
        let square = BOX.to_vec();
        // A hole, a second polygon, nothing.
        let hole = vec![[0, 0], [10, 0], [10, 10], [0, 10]];
        assert!(!covers_tile(&[vec![square.clone(), hole]]));
        assert!(!covers_tile(&[vec![square.clone()], vec![square.clone()]]));
        assert!(!covers_tile(&[]));
        // A corner cut off, a point inside.
        let cut = vec![
            [LOW, LOW],
            [HIGH, LOW],
            [HIGH, HIGH - 1],
            [HIGH - 1, HIGH],
            [LOW, HIGH],
        ];
        assert!(!covers_tile(&[vec![cut]]));
        let dent = vec![[LOW, LOW], [HIGH, LOW], [HIGH, HIGH], [0, 0], [LOW, HIGH]];
        assert!(!covers_tile(&[vec![dent]]));
        // Along the outline but doubling back: less than the box.
        let back = vec![[LOW, LOW], [HIGH, LOW], [HIGH, HIGH], [HIGH, LOW]];
        assert!(!covers_tile(&[vec![back]]));
    }

    /// A 20° square with a hole far smaller than a z6 tile unit.
    fn square_with_a_speck() -> TileService {
        let mut b = LayerBuilder::new("land", "Land", "");
        let polygon = r#"{"type":"Polygon","coordinates":[
            [[0,0],[20,0],[20,20],[0,20],[0,0]],
            [[10,10],[10,10.00002],[10.00002,10.00002],[10.00002,10],[10,10]]]}"#;
        let g: geojson::Geometry = serde_json::from_str(polygon).unwrap();
        let g = geo::Geometry::<f64>::try_from(&g.value).unwrap();
        b.push_raw(
            Some("1"),
            Geometry::Other(Box::new(g)),
            Some(r#"{"name":"land"}"#),
        )
        .unwrap();
        let (set, _) = LayerSet::new(vec![b.finish().unwrap()]);
        TileService::new(&set, 1 << 20)
    }

    #[test]
    fn rendered_tiles_know_whether_they_are_covered() {
        let svc = square_with_a_speck();
        let sources = svc.resolve(&["land"]).unwrap();
        let build = |lon, lat, z| svc.build(&sources, tile_at(lon, lat, z), false).unwrap();
        let inside = build(14.0, 14.0, 6);
        assert!(inside.covers);
        // A tile below holds the same feature and the same square (its ring
        // may start at another corner: the same length).
        let below = build(14.0, 14.0, 9);
        assert!(below.covers);
        assert_eq!((below.features, below.raw.len()), (1, inside.raw.len()));
        // Across the square's edge; over the hole that rounds away at z6
        // but shows at z20.
        assert!(!build(0.0, 0.0, 4).covers);
        let speck = build(10.00001, 10.00001, 6);
        assert!(!speck.covers && speck.features == 1);
        assert!(!build(10.00001, 10.00001, 20).covers);
    }
}
