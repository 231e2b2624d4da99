//! A byte-bounded LRU cache of encoded tiles, with their ETags.
//!
//! Recency is a counter: each hit re-stamps the entry and a BTreeMap from
//! stamp to key yields the least recently used entry in O(log n), so the
//! cache needs no linked list and no unsafe code.
//!
//! The bound counts what an entry really holds: the PNG's allocation (its
//! buffer is shrunk to its length first: the encoder reserves 24 KiB at
//! 256 px and 96 KiB at 512 px for tiles of 2–6 KB, which made the cache
//! hold 15–30 times its bound), the ETag's, and the bookkeeping of the
//! maps and the `Arc`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use xxhash_rust::xxh3::xxh3_64;

/// Identifies one rendered tile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileKey {
    pub style: usize,
    pub z: u8,
    pub x: u32,
    pub y: u32,
    pub scale: u8,
}

/// An encoded tile and its strong ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedTile {
    pub png: Vec<u8>,
    pub etag: String,
}

/// Bytes an entry costs beyond its two buffers: the `Arc` with the
/// `CachedTile` in it (16 + 48), a `HashMap` slot (key, `Arc` and stamp,
/// at the map's load factor) and a `BTreeMap` entry (stamp and key, with
/// node overhead), rounded up.
const ENTRY_OVERHEAD: usize = 256;

impl CachedTile {
    pub fn new(mut png: Vec<u8>) -> CachedTile {
        png.shrink_to_fit();
        let etag = etag(&png);
        CachedTile { png, etag }
    }

    /// The memory this tile holds while cached.
    pub fn held_bytes(&self) -> usize {
        self.png.capacity() + self.etag.capacity() + ENTRY_OVERHEAD
    }
}

/// A strong ETag for `bytes`: the xxh3-64 hash, quoted.
pub fn etag(bytes: &[u8]) -> String {
    format!("\"{:016x}\"", xxh3_64(bytes))
}

/// Whether an `If-None-Match` header value matches `etag` (then the server
/// answers 304). Accepts `*`, comma-separated lists and weak `W/` tags.
pub fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

struct Entry {
    tile: Arc<CachedTile>,
    stamp: u64,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<TileKey, Entry>,
    by_stamp: BTreeMap<u64, TileKey>,
    bytes: usize,
    clock: u64,
}

/// Thread-safe LRU over encoded tiles, bounded by total PNG bytes.
pub struct TileCache {
    max_bytes: usize,
    inner: Mutex<Inner>,
}

impl TileCache {
    pub fn new(max_bytes: usize) -> TileCache {
        TileCache {
            max_bytes,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere cannot leave the maps inconsistent mid-update
        // in a way that matters for a cache, so keep serving.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn get(&self, key: &TileKey) -> Option<Arc<CachedTile>> {
        let mut inner = self.lock();
        inner.clock += 1;
        let stamp = inner.clock;
        let entry = inner.entries.get_mut(key)?;
        let old = std::mem::replace(&mut entry.stamp, stamp);
        let tile = Arc::clone(&entry.tile);
        inner.by_stamp.remove(&old);
        inner.by_stamp.insert(stamp, *key);
        Some(tile)
    }

    /// Stores a tile, evicting least recently used ones past the byte bound.
    /// A tile larger than the whole bound is not stored.
    pub fn insert(&self, key: TileKey, tile: Arc<CachedTile>) {
        let size = tile.held_bytes();
        if size > self.max_bytes {
            return;
        }
        let mut inner = self.lock();
        inner.clock += 1;
        let stamp = inner.clock;
        if let Some(old) = inner.entries.insert(key, Entry { tile, stamp }) {
            inner.by_stamp.remove(&old.stamp);
            inner.bytes -= old.tile.held_bytes();
        }
        inner.by_stamp.insert(stamp, key);
        inner.bytes += size;
        while inner.bytes > self.max_bytes {
            let Some((_, oldest)) = inner.by_stamp.pop_first() else {
                break;
            };
            if let Some(gone) = inner.entries.remove(&oldest) {
                inner.bytes -= gone.tile.held_bytes();
            }
        }
    }

    pub fn clear(&self) {
        *self.lock() = Inner::default();
    }

    /// The bound, in bytes.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// A copy of every (key, tile) held, oldest first.
    pub fn entries(&self) -> Vec<(TileKey, Arc<CachedTile>)> {
        let inner = self.lock();
        inner
            .by_stamp
            .values()
            .filter_map(|k| inner.entries.get(k).map(|e| (*k, Arc::clone(&e.tile))))
            .collect()
    }

    /// (entries, bytes) currently held.
    pub fn usage(&self) -> (usize, usize) {
        let inner = self.lock();
        (inner.entries.len(), inner.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(x: u32) -> TileKey {
        TileKey {
            style: 0,
            z: 3,
            x,
            y: 0,
            scale: 1,
        }
    }

    fn tile(n: usize) -> Arc<CachedTile> {
        Arc::new(CachedTile::new(vec![n as u8; n]))
    }

    /// What a tile of `n` PNG bytes is charged.
    fn cost(n: usize) -> usize {
        tile(n).held_bytes()
    }

    #[test]
    fn evicts_least_recently_used_by_bytes() {
        let cache = TileCache::new(3 * cost(100));
        cache.insert(key(1), tile(100));
        cache.insert(key(2), tile(100));
        cache.insert(key(3), tile(100));
        assert!(cache.get(&key(1)).is_some()); // 2 is now the oldest
        cache.insert(key(4), tile(100));
        assert!(cache.get(&key(2)).is_none());
        assert!(cache.get(&key(1)).is_some() && cache.get(&key(4)).is_some());
        assert_eq!(cache.usage(), (3, 3 * cost(100)));
    }

    #[test]
    fn replacing_and_oversized_entries_keep_the_bound() {
        let cache = TileCache::new(cost(100) + cost(200));
        cache.insert(key(1), tile(100));
        cache.insert(key(1), tile(200));
        assert_eq!(cache.usage(), (1, cost(200)));
        cache.insert(key(2), tile(100_000));
        assert_eq!(cache.usage(), (1, cost(200)));
        cache.clear();
        assert_eq!(cache.usage(), (0, 0));
    }

    #[test]
    fn the_charge_is_the_allocation_not_the_length() {
        // An encoder's buffer: 96 KiB reserved, 5 KB used.
        let mut png = Vec::with_capacity(96 * 1024);
        png.extend_from_slice(&[7u8; 5_000]);
        let t = CachedTile::new(png);
        assert_eq!(t.png.len(), 5_000);
        assert!(t.png.capacity() < 6_000, "{}", t.png.capacity());
        assert!(t.held_bytes() >= t.png.capacity() + t.etag.len());
    }

    #[test]
    fn etags() {
        let t = CachedTile::new(b"png".to_vec());
        assert_eq!(t.etag.len(), 18);
        assert_eq!(t.etag, etag(b"png"));
        assert_ne!(t.etag, etag(b"pnh"));
        assert!(etag_matches(&t.etag, &t.etag));
        assert!(etag_matches(&format!("\"x\", W/{}", t.etag), &t.etag));
        assert!(etag_matches("*", &t.etag));
        assert!(!etag_matches("\"0000\"", &t.etag));
    }
}
