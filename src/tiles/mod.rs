//! Vector tiles: every layer as Mapbox Vector Tiles on the WebMercatorQuad
//! grid, with TileJSON and OGC API – Tiles metadata.
//!
//! - [`grid`]: tile ids, their checks, Web Mercator math.
//! - [`source`]: a layer ready for tiling (its geometry kinds and cache
//!   generation).
//! - [`clip`]: clipping, simplification and rounding in tile units.
//! - [`render`]: one layer's part of a tile, through the layer's R-tree,
//!   with point thinning/clustering, encoded by `fast-mvt`.
//! - [`cache`]: finished tiles, bounded in bytes, single-flight.
//! - [`meta`]: TileJSON 3.0.0, OGC tileset and tile matrix set documents.
//! - [`metadata`]: a tileset's `metadata.json`, for GDAL's MVT driver.
//!
//! [`TileService`] ties them together for the HTTP layer.

pub mod cache;
pub mod clip;
pub mod cover;
pub mod grid;
pub mod live;
pub mod meta;
pub mod metadata;
pub mod near;
pub mod render;
pub mod source;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use arc_swap::ArcSwap;

use crate::layers::{Layer, LayerSet};

pub use cache::{TileCache, TileData, TileKey};
pub use grid::{BUFFER, EXTENT, MAX_ZOOM, TileId};
pub use live::{Carried, LayerChange};
pub use render::{DETAIL_ZOOM, Dropped};
pub use source::TileSource;

/// Most layers one composite tile may combine.
pub const MAX_COMPOSITE: usize = 16;
/// Default size of the tile cache.
pub const DEFAULT_CACHE_BYTES: u64 = 256 * 1024 * 1024;

/// What can go wrong with a tile request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    #[error("zoom {0} is out of range: tiles are served for zoom 0 to {MAX_ZOOM}")]
    Zoom(u32),
    #[error("tile {z}/{x}/{y} does not exist: at zoom {z} x and y run from 0 to 2^{z} - 1")]
    OutOfRange { z: u8, x: u64, y: u64 },
    #[error("{0} must be a non-negative whole number, found {1:?}")]
    NotANumber(&'static str, String),
    #[error("unsupported tile format {0:?}: tiles are .mvt (or .pbf)")]
    Format(String),
    #[error("no layer {0:?}")]
    NoLayer(String),
    #[error("a composite tile combines at most {max} layers; {given} were asked for")]
    TooManyLayers { given: usize, max: usize },
    #[error("layer {0:?} is named more than once")]
    Repeated(String),
    #[error("cannot build the tile: {0}")]
    Encode(String),
}

/// Counters over the life of the service.
#[derive(Debug, Default)]
pub struct TileCounters {
    /// Tiles built (cache misses that did the work).
    pub built: AtomicU64,
    pub thinned: AtomicU64,
    pub too_small: AtomicU64,
}

/// The tile sources of every layer and the tile cache.
#[derive(Debug)]
pub struct TileService {
    /// Read by every tile request from every core, so without a lock;
    /// replaced whole (copy on write) when a layer changes.
    sources: ArcSwap<HashMap<String, Arc<TileSource>>>,
    cache: TileCache,
    pub counters: TileCounters,
    /// Tiles built at once: as many as there are cores. More would only
    /// share the same cores, raising every request's latency and holding
    /// more build buffers in memory at the same time.
    builders: tokio::sync::Semaphore,
}

impl TileService {
    /// Prepares every layer of the set and sets up a cache of `cache_bytes`.
    pub fn new(layers: &LayerSet, cache_bytes: u64) -> TileService {
        let sources = layers
            .iter()
            .map(|l| (l.id.clone(), Arc::new(TileSource::new(l.clone()))))
            .collect();
        TileService {
            sources: ArcSwap::from_pointee(sources),
            cache: TileCache::new(cache_bytes),
            counters: TileCounters::default(),
            builders: tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            ),
        }
    }

    /// Serves a new version of a layer (or a new layer): it gets a new
    /// generation, so no tile of the old version is served again.
    pub fn replace(&self, layer: Arc<Layer>) {
        let source = Arc::new(TileSource::new(layer));
        self.sources.rcu(|map| {
            let mut map = HashMap::clone(map);
            map.insert(source.id().to_string(), source.clone());
            map
        });
    }

    pub fn source(&self, id: &str) -> Option<Arc<TileSource>> {
        self.sources.load().get(id).cloned()
    }

    /// The generation of the layer `id`'s current version.
    pub fn generation(&self, id: &str) -> Option<u64> {
        self.sources.load().get(id).map(|s| s.generation)
    }

    /// Every source, by layer id.
    pub fn sources(&self) -> Vec<Arc<TileSource>> {
        let mut all: Vec<Arc<TileSource>> = self.sources.load().values().cloned().collect();
        all.sort_by(|a, b| a.id().cmp(b.id()));
        all
    }

    /// Tile counters and cache size in the Prometheus text format.
    pub fn prometheus(&self) -> String {
        let c = &self.counters;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        format!(
            "# HELP mapwire_tiles_built_total Tiles built (cache misses that did the work).\n\
             # TYPE mapwire_tiles_built_total counter\n\
             mapwire_tiles_built_total {}\n\
             # HELP mapwire_tile_features_dropped_total Features left out of tiles, by reason.\n\
             # TYPE mapwire_tile_features_dropped_total counter\n\
             mapwire_tile_features_dropped_total{{reason=\"thinned\"}} {}\n\
             mapwire_tile_features_dropped_total{{reason=\"too_small\"}} {}\n\
             # HELP mapwire_tile_cache_bytes Bytes of tiles in the cache.\n\
             # TYPE mapwire_tile_cache_bytes gauge\n\
             mapwire_tile_cache_bytes {}\n\
             # HELP mapwire_tile_cache_entries Tiles in the cache.\n\
             # TYPE mapwire_tile_cache_entries gauge\n\
             mapwire_tile_cache_entries {}\n",
            get(&c.built),
            get(&c.thinned),
            get(&c.too_small),
            self.cache.weight(),
            self.cache.len(),
        )
    }

    pub fn cache(&self) -> &TileCache {
        &self.cache
    }

    /// The sources of a (possibly composite) tile request, checked.
    pub fn resolve(&self, names: &[&str]) -> Result<Vec<Arc<TileSource>>, TileError> {
        if names.len() > MAX_COMPOSITE {
            return Err(TileError::TooManyLayers {
                given: names.len(),
                max: MAX_COMPOSITE,
            });
        }
        let mut out: Vec<Arc<TileSource>> = Vec::with_capacity(names.len());
        for name in names {
            if out.iter().any(|s| s.id() == *name) {
                return Err(TileError::Repeated((*name).to_string()));
            }
            let source = self
                .source(name)
                .ok_or_else(|| TileError::NoLayer(name.chars().take(100).collect()))?;
            out.push(source);
        }
        Ok(out)
    }

    /// The tile of `sources` (one MVT layer each, in the order given),
    /// from the cache or built once on a blocking thread.
    pub async fn tile(
        self: &Arc<Self>,
        sources: Vec<Arc<TileSource>>,
        tile: TileId,
        cluster: bool,
    ) -> Result<Arc<TileData>, TileError> {
        let key = TileKey {
            generations: sources.iter().map(|s| s.generation).collect(),
            tile,
            cluster,
        };
        let service = self.clone();
        let build = async move {
            let _permit = service
                .builders
                .acquire()
                .await
                .map_err(|e| TileError::Encode(e.to_string()))?;
            let worker = service.clone();
            tokio::task::spawn_blocking(move || worker.build(&sources, tile, cluster))
                .await
                .map_err(|e| TileError::Encode(e.to_string()))?
        };
        self.cache.get_or_build(&key, build).await
    }

    /// The tile of one layer version, if the cache holds it (no build).
    pub fn cached(&self, generation: u64, tile: TileId, cluster: bool) -> Option<Arc<TileData>> {
        self.cache.get(&TileKey {
            generations: Box::new([generation]),
            tile,
            cluster,
        })
    }

    /// Builds a tile now, without the cache.
    pub fn build(
        &self,
        sources: &[Arc<TileSource>],
        tile: TileId,
        cluster: bool,
    ) -> Result<Arc<TileData>, TileError> {
        let mut raw = Vec::new();
        let mut features = 0;
        let mut dropped = Dropped::default();
        let mut covers = sources.len() == 1;
        for source in sources {
            let layer = render::render(source, tile, cluster)?;
            // Framed MVT layers concatenate into a tile.
            raw.extend_from_slice(&layer.bytes);
            features += layer.features;
            dropped.add(layer.dropped);
            covers &= layer.covers;
        }
        self.counters.built.fetch_add(1, Ordering::Relaxed);
        self.counters
            .thinned
            .fetch_add(dropped.thinned, Ordering::Relaxed);
        self.counters
            .too_small
            .fetch_add(dropped.too_small, Ordering::Relaxed);
        let mut data = TileData::new(raw, features, dropped)?;
        data.covers = covers;
        Ok(Arc::new(data))
    }
}

#[cfg(test)]
mod tests;
