//! Replacing a layer while the server runs, keeping the cached tiles the
//! change does not reach.
//!
//! A tile of a layer is cut from the features whose geometry meets the tile
//! grown by its buffer, in layer order; nothing else goes into it. So when a
//! write adds, changes or removes some features (old and new geometries
//! given as the "dirty" set), every cached tile whose buffered box meets
//! none of them is still exactly right: it is carried over to the new
//! layer's generation, with its bytes and ETag. The others are dropped and
//! rebuilt on the next request.

use std::collections::HashMap;
use std::sync::Arc;

use geo::{Intersects, Rect};

use super::grid::{BUFFER, TileId};
use super::source::TileSource;
use super::{TileKey, TileService};
use crate::layers::Layer;

/// A changed layer: its new version and the geometries that changed.
#[derive(Debug, Clone)]
pub struct LayerChange {
    pub layer: Arc<Layer>,
    /// Old and new geometries of every feature added, changed or removed.
    pub dirty: Vec<geo::Geometry<f64>>,
}

/// What an update did to the tile cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Carried {
    /// Tiles kept under the new generations.
    pub kept: usize,
    /// Tiles dropped because a change reaches them.
    pub dropped: usize,
}

impl TileService {
    /// Serves new versions of some layers, carrying every cached tile (of
    /// these layers alone or in composites) that no change reaches.
    pub fn update(&self, changes: &[LayerChange]) -> Carried {
        let mut generations: HashMap<u64, (u64, &[geo::Geometry<f64>])> = HashMap::new();
        let mut fresh = Vec::with_capacity(changes.len());
        for change in changes {
            let source = Arc::new(TileSource::new(change.layer.clone()));
            if let Some(old) = self.source(source.id()) {
                generations.insert(old.generation, (source.generation, &change.dirty));
            }
            fresh.push(source);
        }
        let mut carried = Carried::default();
        for (key, tile) in self.cache().entries() {
            if !key.generations.iter().any(|g| generations.contains_key(g)) {
                continue;
            }
            let mut reached = false;
            let new_generations: Box<[u64]> = key
                .generations
                .iter()
                .map(|g| match generations.get(g) {
                    Some((new, dirty)) => {
                        reached |= touches(key.tile, dirty);
                        *new
                    }
                    None => *g,
                })
                .collect();
            self.cache().remove(&key);
            if reached {
                carried.dropped += 1;
            } else {
                let moved = TileKey {
                    generations: new_generations,
                    ..key
                };
                self.cache().insert(moved, tile);
                carried.kept += 1;
            }
        }
        self.sources.rcu(|map| {
            let mut map = HashMap::clone(map);
            for source in &fresh {
                map.insert(source.id().to_string(), source.clone());
            }
            map
        });
        carried
    }
}

impl TileService {
    /// Stops serving a layer's tiles.
    pub fn remove(&self, id: &str) {
        self.sources.rcu(|map| {
            let mut map = HashMap::clone(map);
            map.remove(id);
            map
        });
    }
}

/// Whether any of `dirty` meets `tile` grown by its buffer.
pub fn touches(tile: TileId, dirty: &[geo::Geometry<f64>]) -> bool {
    let [w, s, e, n] = tile.lonlat_box(BUFFER);
    let rect = Rect::new((w, s), (e, n));
    dirty.iter().any(|g| g.intersects(&rect))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::{LayerBuilder, LayerSet};

    fn layer(points: &[(f64, f64)]) -> Layer {
        let mut b = LayerBuilder::new("events", "Events", "");
        for (i, (x, y)) in points.iter().enumerate() {
            b.push_raw(
                Some(&format!("\"e{i}\"")),
                crate::layers::Geometry::Point([*x, *y]),
                Some("{}"),
            )
            .unwrap();
        }
        b.finish().unwrap()
    }

    #[tokio::test]
    async fn only_tiles_that_a_change_reaches_are_rebuilt() {
        let havana = (-82.383, 23.133);
        let caracas = (-66.904, 10.481);
        let (set, _) = LayerSet::new(vec![layer(&[havana, caracas])]);
        let service = Arc::new(TileService::new(&set, 1 << 20));
        // z5 tiles of Havana and of Caracas, then a world tile.
        let cuba = super::super::grid::tile_at(havana.0, havana.1, 5);
        let venezuela = super::super::grid::tile_at(caracas.0, caracas.1, 5);
        let world = TileId::new(0, 0, 0).unwrap();
        for tile in [cuba, venezuela, world] {
            let sources = service.resolve(&["events"]).unwrap();
            service.tile(sources, tile, false).await.unwrap();
        }
        let before = service.resolve(&["events"]).unwrap()[0].generation;
        // A new event in Havana.
        let with_a_new_havana_event = layer(&[havana, caracas, (-82.36, 23.14)]);
        let carried = service.update(&[LayerChange {
            layer: Arc::new(with_a_new_havana_event),
            dirty: vec![geo::Geometry::Point(geo::Point::new(-82.36, 23.14))],
        }]);
        assert_eq!(
            carried,
            Carried {
                kept: 1,
                dropped: 2
            }
        );
        let after = service.resolve(&["events"]).unwrap()[0].generation;
        assert_ne!(before, after);
        let kept: Vec<TileId> = service
            .cache()
            .entries()
            .into_iter()
            .map(|(k, _)| k.tile)
            .collect();
        assert_eq!(kept, [venezuela]);
        assert!(touches(
            world,
            &[geo::Geometry::Point(geo::Point::new(0.0, 0.0))]
        ));
    }
}
