//! PMTiles v3 archives through the `pmtiles` crate (as Martin reads them):
//! the file is memory-mapped, tiles are slices of the mapping (no copy),
//! and leaf directories are kept in a `moka` cache bounded in bytes.
//!
//! A mapped file must not be truncated or rewritten in place while served;
//! replace it by renaming a new file over it (as `mapwire export` does):
//! the server keeps reading the old one until restarted.

use std::path::Path;

use axum::body::Bytes;
use pmtiles::{AsyncPmTilesReader, MmapBackend, MokaCache, TileCoord, TileType};
use serde_json::Value;

use super::{ArchiveError, Info, Kind};
use crate::tiles::TileId;

/// Bytes of leaf directories kept per archive: a directory covers up to
/// a few thousand tiles in ~10-100 KB.
pub const DIRECTORY_CACHE_BYTES: u64 = 16 << 20;

pub struct PmtilesArchive {
    reader: AsyncPmTilesReader<MmapBackend, MokaCache>,
    pub info: Info,
    name: String,
}

impl PmtilesArchive {
    pub async fn open(path: &Path) -> Result<PmtilesArchive, ArchiveError> {
        let invalid = |reason: String| ArchiveError::Invalid {
            path: path.to_path_buf(),
            reason,
        };
        let cache = MokaCache::with_max_bytes(DIRECTORY_CACHE_BYTES);
        let reader = AsyncPmTilesReader::new_with_cached_path(cache, path)
            .await
            .map_err(|e| invalid(format!("a broken PMTiles file ({e})")))?;
        let header = reader.get_header();
        let kind = match header.tile_type {
            TileType::Mvt => Kind::Mvt,
            TileType::Png => Kind::Png,
            TileType::Jpeg => Kind::Jpeg,
            TileType::Webp => Kind::Webp,
            other => {
                return Err(invalid(format!(
                    "tiles of type {other:?} are not served (only MVT, PNG, JPEG, WebP)"
                )));
            }
        };
        let compressed = !matches!(
            header.tile_compression,
            pmtiles::Compression::None | pmtiles::Compression::Gzip
        );
        if compressed && kind == Kind::Mvt {
            return Err(invalid(format!(
                "tiles compressed with {:?}; mapwire serves gzip or uncompressed vector tiles",
                header.tile_compression
            )));
        }
        let info = Info {
            kind,
            minzoom: header.min_zoom,
            maxzoom: header.max_zoom,
            bounds: [
                header.min_longitude,
                header.min_latitude,
                header.max_longitude,
                header.max_latitude,
            ],
            center: [
                header.center_longitude,
                header.center_latitude,
                f64::from(header.center_zoom),
            ],
            metadata: serde_json::Map::new(),
        };
        // Metadata is optional in PMTiles; when present it must be an object.
        let metadata = match reader.get_metadata().await {
            Ok(text) => match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(map)) => map,
                _ => return Err(invalid("its metadata is not a JSON object".into())),
            },
            Err(_) => serde_json::Map::new(),
        };
        Ok(PmtilesArchive {
            reader,
            info: Info { metadata, ..info },
            name: path.display().to_string(),
        })
    }

    pub async fn tile(&self, tile: TileId) -> Result<Option<Bytes>, ArchiveError> {
        let read = |reason: String| ArchiveError::Read {
            name: self.name.clone(),
            tile: format!("{}/{}/{}", tile.z, tile.x, tile.y),
            reason,
        };
        // PMTiles addresses zooms 0-31; deeper tiles simply are not there.
        let Ok(coord) = TileCoord::new(tile.z, tile.x, tile.y) else {
            return Ok(None);
        };
        self.reader
            .get_tile(coord)
            .await
            .map_err(|e| read(e.to_string()))
    }
}
