//! The pre-built tiles of the server: for each layer version (generation)
//! and zoom, a segment of gzip tiles packed into 4 MiB chunks, indexed by
//! PMTiles tile id — an in-memory PMTiles, in effect.
//!
//! Packing matters: tens of thousands of small tiles, each in its own
//! allocation next to a build's scratch buffers, cost several times their
//! size in a fragmented heap (measured: 128 MiB of cached tiles, 470 MiB
//! of resident memory). Here a tile costs its gzip bytes plus 40 bytes of
//! index, and the store's size is known exactly.
//!
//! A complete segment also knows which tiles of its zoom no feature
//! reached, so a request for a tile below one of them, at any depth, is
//! answered empty without a build (see [`super::enumerate`] for why such a
//! tile has no feature).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use axum::body::Bytes;

use super::enumerate::order_key;
use super::huge::{advise, huge_copy};
use crate::sharded::Counter;
use crate::tiles::{TileData, TileId};

/// Size of a packed chunk of tiles.
const CHUNK: usize = 4 << 20;

#[derive(Debug, Clone, Copy)]
struct Entry {
    hash: u64,
    chunk: u32,
    start: u32,
    len: u32,
    thinned: u32,
    too_small: u32,
    /// One polygon covers the tile whole: tiles below it hold the same.
    covers: bool,
}

/// Index bytes a tile costs beyond its data (its entry and its id).
pub const ENTRY_BYTES: u64 = std::mem::size_of::<Entry>() as u64 + 8;

/// Ids per bucket of a [`SortedIds`] directory, on average.
const PER_BUCKET: usize = 8;

/// Sorted tile ids with a directory: the ids' offsets from the first id,
/// cut into equal power-of-two ranges (buckets), and for each bucket where
/// its ids start. A lookup reads two neighbouring directory slots and then
/// searches the few ids of one bucket: three or four cache lines in all.
/// PMTiles ids of a zoom fill their range evenly enough (a Hilbert curve
/// over the tiles a layer reaches) that buckets stay small. Binary
/// searches over a zoom's hundreds of thousands of ids, even with a sparse
/// fence in front, missed the cache at most steps and showed as the largest
/// user-space cost of serving pre-built tiles.
#[derive(Debug, Default)]
struct SortedIds {
    ids: Vec<u64>,
    /// `dir[b]` is the index of the first id in bucket `b` or later; the
    /// last slot is `ids.len()`. Empty until [`SortedIds::seal`].
    dir: Vec<u32>,
    /// An id's bucket is its offset from `ids[0]` shifted right by this.
    shift: u32,
}

impl SortedIds {
    /// Adds an id larger than every id so far.
    fn push(&mut self, id: u64) {
        debug_assert!(self.ids.last().is_none_or(|&last| last < id));
        self.ids.push(id);
    }

    /// Builds the directory once every id is in; lookups need it.
    fn seal(&mut self) {
        self.ids = huge_copy(&self.ids);
        self.dir = Vec::new();
        let (Some(&first), Some(&last)) = (self.ids.first(), self.ids.last()) else {
            return;
        };
        let span = last - first;
        let wanted = (self.ids.len() / PER_BUCKET).max(1) as u64;
        let mut shift = 0;
        while shift < 63 && (span >> shift) >= wanted {
            shift += 1;
        }
        let buckets = (span >> shift) as usize + 1;
        let mut dir = Vec::with_capacity(buckets + 1);
        advise(&dir);
        let mut i = 0;
        for b in 0..=buckets as u64 {
            while i < self.ids.len() && (self.ids[i] - first) >> shift < b {
                i += 1;
            }
            dir.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        self.dir = dir;
        self.shift = shift;
    }

    /// Where `id` is, if present.
    fn position(&self, id: u64) -> Option<usize> {
        let offset = id.checked_sub(*self.ids.first()?)?;
        let b = usize::try_from(offset >> self.shift).ok()?;
        let (start, end) = (*self.dir.get(b)? as usize, *self.dir.get(b + 1)? as usize);
        let i = self.ids[start..end].binary_search(&id).ok()?;
        Some(start + i)
    }

    fn bytes(&self) -> u64 {
        self.ids.len() as u64 * 8 + self.dir.len() as u64 * 4
    }
}

/// The pre-built tiles of one layer version at one zoom.
#[derive(Debug, Default)]
pub struct Segment {
    chunks: Vec<Bytes>,
    /// Ids of the non-empty tiles (the walk's order: ascending).
    ids: SortedIds,
    /// Their entries, in the same order.
    entries: Vec<Entry>,
    /// Ids of the tiles some feature reached (whether or not they are empty).
    reached: SortedIds,
    /// Every tile of the zoom was visited: a tile not in `entries` is empty.
    complete: bool,
}

impl Segment {
    /// The tile of entry `i`.
    fn hit(&self, i: usize) -> Hit {
        let e = self.entries[i];
        let start = e.start as usize;
        Hit {
            gzip: self.chunks[e.chunk as usize].slice(start..start + e.len as usize),
            hash: e.hash,
            thinned: u64::from(e.thinned),
            too_small: u64::from(e.too_small),
        }
    }

    /// Bytes held (data and index).
    pub fn weight(&self) -> u64 {
        self.chunks.iter().map(|c| c.len() as u64).sum::<u64>()
            + self.entries.len() as u64 * std::mem::size_of::<Entry>() as u64
            + self.ids.bytes()
            + self.reached.bytes()
    }
}

/// Builds a segment tile by tile, in tile id order.
#[derive(Debug, Default)]
pub struct SegmentBuilder {
    done: Segment,
    current: Vec<u8>,
    /// Small tiles seen so far, by hash: their first entry.
    seen: HashMap<u64, usize>,
}

/// Tiles up to this size are stored once however often they repeat. Inside
/// a large polygon every tile is the same square with the same properties
/// (see `tiles::cover`): on the 10m countries, most tiles of z10 and below.
/// Larger tiles (coasts, dense points) hardly ever repeat.
const SHARED_MAX: usize = 1024;
/// At most this many distinct small tiles are remembered (about 1 MiB).
const SEEN_MAX: usize = 1 << 16;

impl SegmentBuilder {
    /// Records a visited tile: its bytes when non-empty, and whether a
    /// feature reached it.
    pub fn push(&mut self, tile: TileId, data: &TileData, reached: bool) {
        let id = order_key(tile);
        if reached {
            self.done.reached.push(id);
        }
        if data.gzip.is_empty() {
            return;
        }
        self.done.ids.push(id);
        // Bytes an earlier tile of this zoom already has: point at them.
        let shared = self
            .seen
            .get(&data.hash)
            .filter(|&&first| self.bytes_of(first) == &data.gzip[..])
            .map(|&first| self.done.entries[first]);
        let (chunk, start) = match shared {
            Some(e) => (e.chunk, e.start),
            None => {
                if self.current.len() + data.gzip.len() > CHUNK && !self.current.is_empty() {
                    self.seal();
                }
                if data.gzip.len() <= SHARED_MAX {
                    if self.seen.len() >= SEEN_MAX {
                        self.seen.clear();
                    }
                    self.seen.insert(data.hash, self.done.entries.len());
                }
                let start = self.current.len() as u32;
                self.current.extend_from_slice(&data.gzip);
                (self.done.chunks.len() as u32, start)
            }
        };
        let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        self.done.entries.push(Entry {
            hash: data.hash,
            chunk,
            start,
            len: data.gzip.len() as u32,
            thinned: clamp(data.dropped.thinned),
            too_small: clamp(data.dropped.too_small),
            covers: data.covers,
        });
    }

    /// The bytes of entry `i`, sealed or not.
    fn bytes_of(&self, i: usize) -> &[u8] {
        let e = self.done.entries[i];
        let chunk = match self.done.chunks.get(e.chunk as usize) {
            Some(sealed) => &sealed[..],
            None => &self.current[..],
        };
        &chunk[e.start as usize..(e.start + e.len) as usize]
    }

    fn seal(&mut self) {
        let chunk = huge_copy(&std::mem::take(&mut self.current));
        self.done.chunks.push(Bytes::from(chunk));
    }

    /// Bytes held so far.
    pub fn weight(&self) -> u64 {
        self.done.weight() + self.current.len() as u64
    }

    /// What pushing `data` would add at most.
    pub fn cost(data: &TileData) -> u64 {
        data.gzip.len() as u64 + ENTRY_BYTES + 8
    }

    pub fn finish(mut self, complete: bool) -> Segment {
        if !self.current.is_empty() {
            self.seal();
        }
        self.done.complete = complete;
        self.done.entries = huge_copy(&self.done.entries);
        self.done.ids.seal();
        self.done.reached.seal();
        self.done
    }
}

/// A pre-built tile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub gzip: Bytes,
    /// xxh3 of the uncompressed tile (as the cache's ETag uses).
    pub hash: u64,
    pub thinned: u64,
    pub too_small: u64,
}

/// What the store knows of a tile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Tile(Hit),
    /// The tile has no feature.
    Empty,
    /// Not pre-built: build it.
    Unknown,
}

/// By (generation, zoom): a handful of entries per layer, ordered so that
/// a layer's zooms are neighbours.
type Segments = BTreeMap<(u64, u8), Arc<Segment>>;

/// Every pre-built segment, by (generation, zoom).
///
/// Readers load the map without a lock (every tile request reads it, from
/// every core; a read lock's shared counter alone showed in profiles);
/// writers, rare, copy the small map under `writer` and swap it in.
#[derive(Debug, Default)]
pub struct PrebuiltTiles {
    segments: ArcSwap<Segments>,
    writer: Mutex<()>,
    bytes: AtomicU64,
    hits: Counter,
}

impl PrebuiltTiles {
    /// The tile of the layer version `generation`, if known.
    pub fn get(&self, generation: u64, tile: TileId) -> Lookup {
        let map = self.segments.load();
        if let Some(seg) = map.get(&(generation, tile.z)) {
            if let Some(i) = seg.ids.position(order_key(tile)) {
                return self.hit(seg.hit(i));
            }
            if seg.complete {
                self.hits.add(1);
                return Lookup::Empty;
            }
        }
        // Not held at its zoom: what its ancestor at the deepest complete
        // zoom above says. No feature reached the ancestor: empty. One
        // polygon covers it whole: the same tile (see `tiles::cover`).
        let deepest = map
            .range((generation, 0)..(generation, tile.z))
            .rev()
            .find(|(_, s)| s.complete)
            .map(|(&(_, z), s)| (z, s));
        if let Some((z, seg)) = deepest {
            let shift = tile.z - z;
            let ancestor = order_key(TileId {
                z,
                x: tile.x >> shift,
                y: tile.y >> shift,
            });
            if seg.reached.position(ancestor).is_none() {
                self.hits.add(1);
                return Lookup::Empty;
            }
            if let Some(i) = seg.ids.position(ancestor)
                && seg.entries[i].covers
            {
                return self.hit(seg.hit(i));
            }
        }
        Lookup::Unknown
    }

    fn hit(&self, hit: Hit) -> Lookup {
        self.hits.add(1);
        Lookup::Tile(hit)
    }

    /// Makes a segment visible to requests.
    pub fn publish(&self, generation: u64, zoom: u8, segment: Segment) {
        let _writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut map = Segments::clone(&self.segments.load());
        self.bytes.fetch_add(segment.weight(), Ordering::Relaxed);
        if let Some(old) = map.insert((generation, zoom), Arc::new(segment)) {
            self.bytes.fetch_sub(old.weight(), Ordering::Relaxed);
        }
        self.segments.store(Arc::new(map));
    }

    /// Drops the segments of layer versions not in `live`.
    pub fn retain(&self, live: &[u64]) {
        let _writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut map = Segments::clone(&self.segments.load());
        map.retain(|(generation, _), seg| {
            let keep = live.contains(generation);
            if !keep {
                self.bytes.fetch_sub(seg.weight(), Ordering::Relaxed);
            }
            keep
        });
        self.segments.store(Arc::new(map));
    }

    /// Bytes held by every segment.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Requests answered from the store.
    pub fn hits(&self) -> u64 {
        self.hits.get()
    }

    /// The store's size and hits in the Prometheus text format.
    pub fn prometheus(&self) -> String {
        format!(
            "# HELP mapwire_prebuilt_tiles_bytes Bytes held by pre-built tiles (data and index).\n\
             # TYPE mapwire_prebuilt_tiles_bytes gauge\n\
             mapwire_prebuilt_tiles_bytes {}\n\
             # HELP mapwire_prebuilt_tiles_hits_total Tile requests answered by pre-built tiles.\n\
             # TYPE mapwire_prebuilt_tiles_hits_total counter\n\
             mapwire_prebuilt_tiles_hits_total {}\n",
            self.bytes(),
            self.hits()
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::tiles::Dropped;

    fn data(bytes: &[u8]) -> TileData {
        TileData::new(bytes.to_vec(), 1, Dropped::default()).unwrap()
    }

    #[test]
    fn tiles_empties_and_unknowns() {
        let store = PrebuiltTiles::default();
        let t = |z, x, y| TileId { z, x, y };
        let mut b = SegmentBuilder::default();
        // z1: (0,0) holds a tile; (1,0) was reached but is empty; the rest nothing.
        b.push(t(1, 0, 0), &data(b"tile-1-0-0"), true);
        b.push(t(1, 1, 0), &TileData::default(), true);
        b.push(t(1, 0, 1), &TileData::default(), false);
        store.publish(7, 1, b.finish(true));
        let Lookup::Tile(hit) = store.get(7, t(1, 0, 0)) else {
            panic!("expected a tile");
        };
        assert_eq!(data(b"tile-1-0-0").gzip, hit.gzip);
        assert_eq!(store.get(7, t(1, 1, 0)), Lookup::Empty);
        // Below a reached tile: unknown; below an unreached one: empty.
        assert_eq!(store.get(7, t(5, 17, 3)), Lookup::Unknown);
        assert_eq!(store.get(7, t(5, 3, 20)), Lookup::Empty);
        // Another layer version knows nothing.
        assert_eq!(store.get(8, t(1, 0, 0)), Lookup::Unknown);
        assert!(store.bytes() > 0);
        store.retain(&[8]);
        assert_eq!(store.bytes(), 0);
        assert_eq!(store.get(7, t(1, 0, 0)), Lookup::Unknown);
    }

    #[test]
    fn below_a_covered_tile_is_the_same_tile() {
        let store = PrebuiltTiles::default();
        let t = |z, x, y| TileId { z, x, y };
        let mut covered = data(b"one polygon over all");
        covered.covers = true;
        let mut b = SegmentBuilder::default();
        b.push(t(2, 1, 1), &covered, true);
        b.push(t(2, 2, 1), &data(b"a coast"), true);
        store.publish(3, 2, b.finish(true));
        // z3 cut short: it holds one child of the covered tile.
        let mut b = SegmentBuilder::default();
        b.push(t(3, 2, 2), &data(b"held"), true);
        store.publish(3, 3, b.finish(false));
        let Lookup::Tile(deep) = store.get(3, t(9, 1 << 7, (1 << 7) + 5)) else {
            panic!("expected the covered tile");
        };
        assert_eq!(deep.gzip, covered.gzip);
        assert_eq!(deep.hash, covered.hash);
        // At the zoom cut short: what it holds, else the covered ancestor.
        let Lookup::Tile(held) = store.get(3, t(3, 2, 2)) else {
            panic!("expected the held tile");
        };
        assert_eq!(held.gzip, data(b"held").gzip);
        let Lookup::Tile(other) = store.get(3, t(3, 3, 3)) else {
            panic!("expected the covered tile");
        };
        assert_eq!(other.gzip, covered.gzip);
        // Below a tile that is not covered: built on request; below an
        // unreached one: empty.
        assert_eq!(store.get(3, t(5, 17, 9)), Lookup::Unknown);
        assert_eq!(store.get(3, t(5, 0, 0)), Lookup::Empty);
    }

    #[test]
    fn an_incomplete_zoom_answers_only_what_it_holds() {
        let store = PrebuiltTiles::default();
        let mut b = SegmentBuilder::default();
        b.push(TileId { z: 2, x: 1, y: 1 }, &data(b"x"), true);
        store.publish(1, 2, b.finish(false));
        assert!(matches!(
            store.get(1, TileId { z: 2, x: 1, y: 1 }),
            Lookup::Tile(_)
        ));
        assert_eq!(store.get(1, TileId { z: 2, x: 0, y: 0 }), Lookup::Unknown);
        assert_eq!(store.get(1, TileId { z: 4, x: 0, y: 0 }), Lookup::Unknown);
    }

    /// The ids of `all` (ascending), each found where it is.
    fn sealed_and_checked(all: &[u64]) -> SortedIds {
        let mut ids = SortedIds::default();
        for &id in all {
            ids.push(id);
        }
        ids.seal();
        for (i, &id) in all.iter().enumerate() {
            assert_eq!(ids.position(id), Some(i));
        }
        ids
    }

    #[test]
    fn sorted_ids_find_what_a_binary_search_finds() {
        let mut rng = fastrand::Rng::with_seed(16);
        for n in [0usize, 1, 2, 7, 8, 9, 63, 64, 65, 1000, 5000] {
            let mut all: Vec<u64> = (0..n).map(|_| rng.u64(..1 << 40)).collect();
            all.sort_unstable();
            all.dedup();
            let ids = sealed_and_checked(&all);
            for _ in 0..2000 {
                let probe = rng.u64(..1 << 40);
                assert_eq!(ids.position(probe), all.binary_search(&probe).ok());
            }
            assert_eq!(ids.position(u64::MAX), None);
        }
    }

    #[test]
    fn sorted_ids_cope_with_skew() {
        // Two dense clusters far apart, and the widest span there is: the
        // buckets between hold nothing, one bucket may hold many.
        let mut all: Vec<u64> = (1000..3000).chain((1 << 50)..(1 << 50) + 500).collect();
        all.push(u64::MAX - 1);
        let ids = sealed_and_checked(&all);
        for probe in [
            0,
            999,
            3000,
            1 << 40,
            (1 << 50) - 1,
            (1 << 50) + 500,
            u64::MAX,
        ] {
            assert_eq!(ids.position(probe), None, "{probe}");
        }
    }

    #[test]
    fn repeated_small_tiles_are_stored_once() {
        let square = data(b"the same square");
        let coast = TileId { z: 2, x: 3, y: 0 };
        let mut tiles: Vec<TileId> = [(0, 0), (1, 0), (2, 0), (3, 0), (0, 1)]
            .map(|(x, y)| TileId { z: 2, x, y })
            .to_vec();
        // In the walk's order, as the builder wants them.
        super::super::enumerate::sort(&mut tiles);
        let mut b = SegmentBuilder::default();
        for t in tiles {
            let d = if t == coast {
                data(b"a coast")
            } else {
                data(b"the same square")
            };
            b.push(t, &d, true);
        }
        let seg = b.finish(true);
        let data_bytes: u64 = seg.chunks.iter().map(|c| c.len() as u64).sum();
        assert_eq!(
            data_bytes,
            (square.gzip.len() + data(b"a coast").gzip.len()) as u64
        );
        let store = PrebuiltTiles::default();
        store.publish(1, 2, seg);
        for (x, y) in [(0, 0), (1, 0), (2, 0), (0, 1)] {
            let Lookup::Tile(hit) = store.get(1, TileId { z: 2, x, y }) else {
                panic!("expected a tile at {x},{y}");
            };
            assert_eq!(hit.gzip, square.gzip);
        }
        let Lookup::Tile(hit) = store.get(1, TileId { z: 2, x: 3, y: 0 }) else {
            panic!("expected the coast");
        };
        assert_eq!(hit.gzip, data(b"a coast").gzip);
    }

    #[test]
    fn tiles_pack_into_chunks() {
        let mut b = SegmentBuilder::default();
        let big = vec![7u8; 3 << 20];
        // Seeded random bytes: gzip cannot shrink them.
        let mut rng = fastrand::Rng::with_seed(15);
        let noisy: Vec<u8> = (0..(3u32 << 20)).map(|_| rng.u8(..)).collect();
        b.push(TileId { z: 3, x: 0, y: 0 }, &data(&noisy), true);
        b.push(TileId { z: 3, x: 1, y: 0 }, &data(&noisy), true);
        b.push(TileId { z: 3, x: 1, y: 1 }, &data(&big), true);
        let seg = b.finish(true);
        assert_eq!(
            seg.chunks.len(),
            2,
            "two ~3 MiB tiles do not share a 4 MiB chunk"
        );
        assert_eq!(seg.entries.len(), 3);
    }
}
