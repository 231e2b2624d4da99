//! A layer prepared for tiling: which MVT geometry types it has, and a
//! generation that keys its cached tiles.
//!
//! Geometries are not copied here: a tile projects the longitude/latitude
//! of the features it meets as it cuts them. Keeping a projected copy made
//! a tile of a dense layer at most a few milliseconds faster but cost 16
//! bytes a vertex for the life of the server, and memory is what a tile
//! server runs out of first.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::layers::{Geometry, Layer};

/// Which MVT geometry types a layer has (for TileJSON and OGC metadata).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Kinds {
    pub points: bool,
    pub lines: bool,
    pub polygons: bool,
}

/// A layer ready to be cut into tiles.
#[derive(Debug)]
pub struct TileSource {
    pub layer: Arc<Layer>,
    /// Unique over the process: a changed layer gets a new source with a new
    /// generation, so cached tiles of the old one are never served again.
    pub generation: u64,
    pub kinds: Kinds,
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

impl TileSource {
    pub fn new(layer: Arc<Layer>) -> TileSource {
        let mut kinds = Kinds::default();
        for f in layer.features() {
            match &f.geometry {
                Geometry::Null => {}
                Geometry::Point(_) => kinds.points = true,
                Geometry::Other(g) => add_kinds(g, &mut kinds),
            }
        }
        TileSource {
            layer,
            generation: GENERATION.fetch_add(1, Ordering::Relaxed),
            kinds,
        }
    }

    /// Feature `i`'s geometry.
    pub fn geometry(&self, i: usize) -> &Geometry {
        self.layer
            .features()
            .get(i)
            .map_or(&Geometry::Null, |f| &f.geometry)
    }

    pub fn id(&self) -> &str {
        &self.layer.id
    }
}

fn add_kinds(g: &geo::Geometry<f64>, kinds: &mut Kinds) {
    use geo::Geometry as G;
    match g {
        G::Point(_) | G::MultiPoint(_) => kinds.points = true,
        G::Line(_) | G::LineString(_) | G::MultiLineString(_) => kinds.lines = true,
        G::Polygon(_) | G::MultiPolygon(_) | G::Rect(_) | G::Triangle(_) => kinds.polygons = true,
        G::GeometryCollection(c) => c.iter().for_each(|g| add_kinds(g, kinds)),
    }
}
