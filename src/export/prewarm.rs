//! Pre-building: after a load (or a change of a layer), the server walks
//! each layer's tile pyramid as an export does — lowest zooms first, into
//! the children of reached tiles only — and packs the tiles into its
//! [`PrebuiltTiles`], so that first requests are answered without a build.
//!
//! Low zooms go first because they are the expensive ones: a z0 tile of
//! 235,000 cities reads every point, a z14 tile a handful; and of the
//! layers, the one with the fewest tiles at its next zoom. The walk stops
//! at `max_zoom`, or when the store would pass `max_bytes` (data and index,
//! counted exactly); a zoom cut short is kept and answers the tiles it
//! holds. It runs on one thread of its own, one tile at a time, so on a
//! machine of N cores requests keep N - 1 of them to themselves.
//!
//! A layer is walked again when its generation changes and then stays the
//! same for a poll interval (a burst of writes is walked once, after it);
//! the segments of versions no longer served are dropped.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::tiles::{TileId, TileService, TileSource};

use super::enumerate::{Range, next_level};
use super::prebuilt::{PrebuiltTiles, SegmentBuilder};

/// Settings of the pre-build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prewarm {
    /// Deepest zoom pre-built.
    pub max_zoom: u8,
    /// Most bytes the store may hold.
    pub max_bytes: u64,
    /// How often layer generations are checked.
    pub poll: Duration,
}

/// What one walk did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Walked {
    pub tiles: u64,
    /// Per layer, the deepest zoom walked to the end.
    pub complete: Vec<(String, Option<u8>)>,
    /// Whether the byte budget stopped the walk.
    pub budget_reached: bool,
}

/// One layer's place in the walk.
struct Front {
    source: Arc<TileSource>,
    zoom: u8,
    tiles: Vec<TileId>,
    complete: Option<u8>,
}

/// Pre-builds the tiles of `sources`. The next zoom walked is always that
/// of the layer with the fewest tiles to visit, so the budget goes to as
/// many zooms of every layer as it can buy: the 235,000 cities reach z14
/// in 750,000 tiles, while the countries' z10 alone is 400,000 (every
/// tile inside a country holds it).
pub fn walk(
    service: &TileService,
    store: &PrebuiltTiles,
    sources: &[Arc<TileSource>],
    cfg: Prewarm,
) -> Walked {
    let range = Range {
        minzoom: 0,
        maxzoom: cfg.max_zoom,
        bbox: None,
    };
    let mut out = Walked::default();
    let mut fronts: Vec<Front> = sources
        .iter()
        .map(|s| Front {
            source: s.clone(),
            zoom: 0,
            tiles: vec![TileId { z: 0, x: 0, y: 0 }],
            complete: None,
        })
        .collect();
    while let Some(front) = fronts
        .iter_mut()
        .filter(|f| !f.tiles.is_empty())
        .min_by_key(|f| f.tiles.len())
    {
        let (z, generation) = (front.zoom, front.source.generation);
        let mut segment = SegmentBuilder::default();
        let mut reached = Vec::new();
        for tile in &front.tiles {
            let Ok(data) = service.build(std::slice::from_ref(&front.source), *tile, false) else {
                continue;
            };
            if store.bytes() + segment.weight() + SegmentBuilder::cost(&data) > cfg.max_bytes {
                out.budget_reached = true;
                break;
            }
            out.tiles += 1;
            let d = data.dropped;
            let hit = data.features > 0 || d.thinned > 0 || d.too_small > 0;
            if hit {
                reached.push(*tile);
            }
            segment.push(*tile, &data, hit);
        }
        // A zoom cut short still answers the tiles it holds.
        store.publish(generation, z, segment.finish(!out.budget_reached));
        if out.budget_reached {
            break;
        }
        front.complete = Some(z);
        front.tiles = if z < cfg.max_zoom {
            next_level(&reached, &range)
        } else {
            Vec::new()
        };
        front.zoom = z + 1;
    }
    out.complete = fronts
        .iter()
        .map(|f| (f.source.id().to_string(), f.complete))
        .collect();
    out
}

/// Starts the pre-build thread for the life of the server: every layer at
/// start, then each layer whose generation changed and settled.
pub fn spawn(service: Arc<TileService>, store: Arc<PrebuiltTiles>, cfg: Prewarm) {
    if cfg.max_bytes == 0 || cfg.poll.is_zero() {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("prebuild".into())
        .spawn(move || run(&service, &store, cfg));
    if let Err(e) = spawned {
        tracing::warn!("tiles will not be pre-built: {e}");
    }
}

fn run(service: &TileService, store: &PrebuiltTiles, cfg: Prewarm) {
    let mut walked: HashMap<String, u64> = HashMap::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut first = true;
    loop {
        let current = service.sources();
        let todo: Vec<Arc<TileSource>> = current
            .iter()
            .filter(|s| walked.get(s.id()) != Some(&s.generation))
            // At start everything; later what has not changed since the last poll.
            .filter(|s| first || seen.get(s.id()) == Some(&s.generation))
            .cloned()
            .collect();
        seen = current
            .iter()
            .map(|s| (s.id().to_string(), s.generation))
            .collect();
        if !todo.is_empty() {
            let live: Vec<u64> = current.iter().map(|s| s.generation).collect();
            store.retain(&live);
            let started = Instant::now();
            let done = walk(service, store, &todo, cfg);
            for s in &todo {
                walked.insert(s.id().to_string(), s.generation);
            }
            tracing::info!(
                layers = todo.len(),
                tiles = done.tiles,
                mib = store.bytes() >> 20,
                complete_zooms = ?done.complete,
                budget_reached = done.budget_reached,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "tiles pre-built"
            );
        }
        first = false;
        std::thread::sleep(cfg.poll);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::export::prebuilt::Lookup;
    use crate::layers::LayerSet;
    use crate::tiles::grid::tile_at;

    fn service() -> Arc<TileService> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/layers/places.geojson");
        let layer = crate::layers::load_file(&path).unwrap();
        let (layers, _) = LayerSet::new(vec![layer]);
        Arc::new(TileService::new(&layers, 1 << 20))
    }

    const CFG: Prewarm = Prewarm {
        max_zoom: 5,
        max_bytes: 64 << 20,
        poll: Duration::from_secs(1),
    };

    #[test]
    fn pre_built_tiles_are_the_built_tiles() {
        let service = service();
        let store = PrebuiltTiles::default();
        let sources = service.sources();
        let done = walk(&service, &store, &sources, CFG);
        assert_eq!(done.complete, [("places".to_string(), Some(5))]);
        assert!(!done.budget_reached);
        let generation = sources[0].generation;
        for z in 0..=5 {
            let havana = tile_at(-82.37, 23.11, z);
            let built = service.build(&sources, havana, false).unwrap();
            let Lookup::Tile(hit) = store.get(generation, havana) else {
                panic!("z{z} not pre-built");
            };
            assert_eq!(hit.gzip, built.gzip);
            assert_eq!(hit.hash, built.hash);
        }
        // Open Pacific at z9: below an unreached z5 tile, known empty.
        let pacific = tile_at(-140.0, -40.0, 9);
        assert_eq!(store.get(generation, pacific), Lookup::Empty);
        assert!(
            service
                .build(&sources, pacific, false)
                .unwrap()
                .raw
                .is_empty()
        );
        // Under Havana at z9: not pre-built, to be built on request.
        assert_eq!(
            store.get(generation, tile_at(-82.37, 23.11, 9)),
            Lookup::Unknown
        );
    }

    #[test]
    fn the_byte_budget_stops_the_walk() {
        let service = service();
        let store = PrebuiltTiles::default();
        let cfg = Prewarm {
            max_zoom: 10,
            max_bytes: 4_000,
            ..CFG
        };
        let done = walk(&service, &store, &service.sources(), cfg);
        assert!(done.budget_reached);
        assert!(done.complete[0].1.is_some_and(|z| z < 10), "{done:?}");
        assert!(
            store.bytes() <= 4_000 && store.bytes() > 0,
            "{}",
            store.bytes()
        );
    }
}
