//! The caches hold what their bound says: the heap really in use (counted
//! by a global allocator wrapper) grows by no more than the configured
//! bound while hundreds of distinct tiles pass through a full cache.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicIsize, Ordering};

use mapwire::basemap::Basemap;
use mapwire::layers::{Geometry, LayerBuilder, LayerSet};
use mapwire::tiles::{TileId, TileService};

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// Both caches live in one process and one counter: one test runs them in
/// turn, so neither measures the other's allocations.
#[test]
fn caches_hold_no_more_than_their_bound() {
    basemap_cache_holds_its_bound();
    vector_tile_cache_holds_its_bound();
}

fn basemap_cache_holds_its_bound() {
    const BOUND: usize = 2 << 20;
    let basemap = Basemap::new().unwrap().with_cache_bytes(BOUND);
    // Warm up what is decoded or placed once per resolution and zoom (data,
    // label placements), so that only tiles are left to grow.
    for z in 0..=12u32 {
        for scale in [1, 2] {
            basemap.render_cached(z, 0, 0, scale, "light").unwrap();
        }
    }
    basemap.cache().clear();
    let before = live();
    // 400 distinct z12 tiles at @2x (the case that held 96 KiB a tile):
    // about eight times what the bound holds.
    for i in 0..400u32 {
        let (x, y) = (1100 + i % 20, 1800 + i / 20);
        basemap.render_cached(12, x, y, 2, "light").unwrap();
    }
    let (entries, bytes) = basemap.cache().usage();
    let grown = live() - before;
    assert!(bytes <= BOUND, "the cache counts {bytes} > {BOUND}");
    assert!(entries < 400, "the cache never evicted ({entries} entries)");
    assert!(
        bytes > BOUND / 2,
        "the cache is not full ({bytes} bytes): the test would prove nothing"
    );
    assert!(
        grown <= (BOUND + BOUND / 8) as isize,
        "the heap grew by {grown} bytes for a {BOUND}-byte cache of {entries} tiles"
    );
}

fn vector_tile_cache_holds_its_bound() {
    const BOUND: u64 = 1 << 20;
    // A seeded dense layer: low-zoom tiles of many kilobytes each.
    let mut rng = fastrand::Rng::with_seed(7);
    let mut builder = LayerBuilder::new("dense", "Dense", "seeded points");
    for i in 0..50_000 {
        let p = Geometry::Point([-180.0 + rng.f64() * 360.0, -80.0 + rng.f64() * 160.0]);
        builder
            .push_raw(None, p, Some(&format!(r#"{{"n":{i}}}"#)))
            .unwrap();
    }
    let (set, _) = LayerSet::new(vec![builder.finish().unwrap()]);
    let service = Arc::new(TileService::new(&set, BOUND));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let before = live();
    runtime.block_on(async {
        for i in 0..256u32 {
            let sources = service.resolve(&["dense"]).unwrap();
            let tile = TileId::new(4, u64::from(i % 16), u64::from(i / 16)).unwrap();
            service.tile(sources, tile, i % 2 == 0).await.unwrap();
        }
    });
    let cache = service.cache();
    let grown = live() - before;
    assert!(cache.weight() <= BOUND, "{}", cache.weight());
    assert!(cache.weight() > BOUND / 2, "not full: {}", cache.weight());
    assert!(
        grown <= (BOUND + BOUND / 4) as isize,
        "the heap grew by {grown} bytes for a {BOUND}-byte tile cache of {} tiles",
        cache.len()
    );
}
