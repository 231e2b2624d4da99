//! The in-memory tile cache: bounded in bytes, keyed by the generations of
//! the source layers (so a changed layer's old tiles are never served and
//! simply age out), and single-flight: concurrent requests for one missing
//! tile wait for the first one's result instead of building it again.

use std::io::Write;
use std::sync::Arc;

use axum::body::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;

use super::TileError;
use super::grid::TileId;
use super::render::Dropped;

/// A finished tile, as served.
#[derive(Debug, Default)]
pub struct TileData {
    /// The MVT bytes (empty: no feature, answered with `204`).
    pub raw: Bytes,
    /// The same, gzip-compressed (empty when `raw` is).
    pub gzip: Bytes,
    /// xxh3 of `raw`, for the ETag.
    pub hash: u64,
    pub features: usize,
    pub dropped: Dropped,
    /// The tile of one layer that one polygon covers whole (see `cover.rs`):
    /// tiles below it hold the same.
    pub covers: bool,
}

impl TileData {
    pub fn new(mut raw: Vec<u8>, features: usize, dropped: Dropped) -> Result<TileData, TileError> {
        // The cache weighs a tile by its length: let its buffers hold no
        // more than that (encoders and `Vec` growth leave up to half unused).
        raw.shrink_to_fit();
        let mut gzip = if raw.is_empty() {
            Vec::new()
        } else {
            let mut enc = flate2::write::GzEncoder::new(
                Vec::with_capacity(raw.len() / 2),
                flate2::Compression::fast(),
            );
            enc.write_all(&raw)
                .map_err(|e| TileError::Encode(e.to_string()))?;
            enc.finish().map_err(|e| TileError::Encode(e.to_string()))?
        };
        gzip.shrink_to_fit();
        Ok(TileData {
            hash: xxhash_rust::xxh3::xxh3_64(&raw),
            raw: Bytes::from(raw),
            gzip: Bytes::from(gzip),
            features,
            dropped,
            covers: false,
        })
    }
}

/// (generation of each source layer, tile, cluster mode).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TileKey {
    pub generations: Box<[u64]>,
    pub tile: TileId,
    pub cluster: bool,
}

/// Weighs an entry by its bytes (plus a little for the key and bookkeeping).
#[derive(Debug, Clone, Copy)]
struct ByBytes;

impl Weighter<TileKey, Arc<TileData>> for ByBytes {
    fn weight(&self, key: &TileKey, tile: &Arc<TileData>) -> u64 {
        (tile.raw.len() + tile.gzip.len() + key.generations.len() * 8 + 160) as u64
    }
}

/// The cache itself.
pub struct TileCache {
    inner: Cache<TileKey, Arc<TileData>, ByBytes>,
}

impl std::fmt::Debug for TileCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TileCache")
            .field("entries", &self.inner.len())
            .field("bytes", &self.inner.weight())
            .finish()
    }
}

impl TileCache {
    /// A cache holding at most `bytes` of tiles.
    pub fn new(bytes: u64) -> TileCache {
        // The item estimate only sizes the hash tables: assume 4 KiB tiles.
        let items = usize::try_from(bytes / 4096).unwrap_or(1 << 20).max(16);
        TileCache {
            inner: Cache::with_weighter(items, bytes.max(1), ByBytes),
        }
    }

    /// The cached tile, or the result of `build` (run once however many
    /// requests ask at the same time; a failure is not cached).
    pub async fn get_or_build<F>(&self, key: &TileKey, build: F) -> Result<Arc<TileData>, TileError>
    where
        F: Future<Output = Result<Arc<TileData>, TileError>>,
    {
        self.inner.get_or_insert_async(key, build).await
    }

    /// The cached tile, if any (no build).
    pub fn get(&self, key: &TileKey) -> Option<Arc<TileData>> {
        self.inner.get(key)
    }

    pub fn weight(&self) -> u64 {
        self.inner.weight()
    }

    /// A copy of every (key, tile) held: the live layers carry the tiles a
    /// write does not reach over to the layer's new generation.
    pub fn entries(&self) -> Vec<(TileKey, Arc<TileData>)> {
        self.inner.iter().collect()
    }

    pub fn insert(&self, key: TileKey, tile: Arc<TileData>) {
        self.inner.insert(key, tile);
    }

    pub fn remove(&self, key: &TileKey) {
        self.inner.remove(key);
    }

    pub fn len(&self) -> usize {
        self.inner.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}
