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

use super::near::Chunks;
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
    /// The value of the layer's category property for each feature, if the
    /// layer has one: point thinning keeps every value in every tile.
    pub categories: Option<Categories>,
    /// Run boxes of the layer's long rings and lines (see `near.rs`).
    pub chunks: Chunks,
}

/// Each feature's category, as a small number.
#[derive(Debug, Default)]
pub struct Categories {
    /// The distinct values in order of first appearance ("" for none).
    pub values: Vec<String>,
    /// Index into `values` of each feature.
    of: Vec<u16>,
}

impl Categories {
    /// The category of feature `i`.
    pub fn of(&self, i: usize) -> u16 {
        self.of.get(i).copied().unwrap_or(0)
    }

    fn of_layer(layer: &Layer, property: &str) -> Categories {
        let mut out = Categories::default();
        let mut index: std::collections::HashMap<String, u16> = Default::default();
        for i in 0..layer.len() {
            let value = crate::layers::pick(layer.properties_json(i), &[property])
                .pop()
                .flatten()
                .map(|v| match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                })
                .unwrap_or_default();
            let next = out.values.len();
            // Past 65,535 distinct values, the rest share the last number:
            // such a property names things rather than kinds of things.
            let n = *index.entry(value).or_insert_with_key(|v| {
                if next < usize::from(u16::MAX) {
                    out.values.push(v.clone());
                    next as u16
                } else {
                    u16::MAX
                }
            });
            out.of.push(n);
        }
        out
    }
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
        let categories = layer
            .category
            .as_deref()
            .map(|p| Categories::of_layer(&layer, p));
        let chunks =
            Chunks::of_geometries(layer.features().iter().filter_map(|f| match &f.geometry {
                Geometry::Other(g) => Some(&**g),
                Geometry::Null | Geometry::Point(_) => None,
            }));
        TileSource {
            layer,
            generation: GENERATION.fetch_add(1, Ordering::Relaxed),
            kinds,
            categories,
            chunks,
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
