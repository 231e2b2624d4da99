//! MBTiles archives through SQLite: a few read-only connections (one per
//! core, each with its prepared statement and page cache), tiles looked up
//! by the `tiles` table or view — so the flat schema, `mapwire export`'s,
//! and the normalized one of `martin-cp` and tippecanoe both serve.
//!
//! A lookup is one indexed read of a small row from pages the OS already
//! caches (a few microseconds), so it runs on the request's thread rather
//! than paying for a hand-off to the blocking pool.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Bytes;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde_json::Value;

use super::{ArchiveError, Info, Kind};
use crate::tiles::TileId;
use crate::tiles::grid::MAX_LAT;

/// Page cache of each connection, in KiB (SQLite's negative `cache_size`).
const PAGE_CACHE_KIB: i64 = 8 * 1024;

pub struct MbtilesArchive {
    connections: Vec<Mutex<Connection>>,
    next: AtomicUsize,
    pub info: Info,
    name: String,
}

const QUERY: &str =
    "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3";

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    db.execute_batch(&format!(
        "PRAGMA cache_size = -{PAGE_CACHE_KIB}; PRAGMA query_only = 1;"
    ))?;
    Ok(db)
}

impl MbtilesArchive {
    pub fn open(path: &Path) -> Result<MbtilesArchive, ArchiveError> {
        let invalid = |reason: String| ArchiveError::Invalid {
            path: path.to_path_buf(),
            reason,
        };
        let db = connect(path).map_err(|e| ArchiveError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        // Both tables must be there (the query is checked by preparing it).
        db.prepare(QUERY)
            .map_err(|e| invalid(format!("not an MBTiles file ({e})")))?;
        let rows = read_metadata(&db).map_err(|e| invalid(format!("not an MBTiles file ({e})")))?;
        let info = info_of(&rows).map_err(invalid)?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mut connections = vec![Mutex::new(db)];
        for _ in 1..cores {
            let db = connect(path).map_err(|e| ArchiveError::Open {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
            connections.push(Mutex::new(db));
        }
        Ok(MbtilesArchive {
            connections,
            next: AtomicUsize::new(0),
            info,
            name: path.display().to_string(),
        })
    }

    pub fn tile(&self, tile: TileId) -> Result<Option<Bytes>, ArchiveError> {
        let read = |reason: String| ArchiveError::Read {
            name: self.name.clone(),
            tile: format!("{}/{}/{}", tile.z, tile.x, tile.y),
            reason,
        };
        // Round robin; a busy connection is skipped for a free one.
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let n = self.connections.len();
        let guard = (0..n)
            .find_map(|i| self.connections[(start + i) % n].try_lock().ok())
            .map_or_else(|| self.connections[start % n].lock(), Ok)
            .map_err(|_| read("a connection was poisoned".into()))?;
        // TMS rows count from the bottom.
        let row = (1i64 << tile.z) - 1 - i64::from(tile.y);
        let blob: Option<Vec<u8>> = guard
            .prepare_cached(QUERY)
            .and_then(|mut s| {
                s.query_row(params![tile.z, tile.x, row], |r| r.get(0))
                    .optional()
            })
            .map_err(|e| read(e.to_string()))?;
        Ok(blob.filter(|b| !b.is_empty()).map(Bytes::from))
    }
}

fn read_metadata(db: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = db.prepare("SELECT name, value FROM metadata")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        ))
    })?;
    rows.collect()
}

fn numbers(text: &str) -> Vec<f64> {
    text.split(',')
        .filter_map(|v| v.trim().parse::<f64>().ok())
        .collect()
}

/// The archive's facts from its metadata rows (MBTiles 1.3).
fn info_of(rows: &[(String, String)]) -> Result<Info, String> {
    let get = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let kind = match get("format").map(str::to_ascii_lowercase).as_deref() {
        Some("pbf" | "mvt") => Kind::Mvt,
        Some("png") => Kind::Png,
        Some("jpg" | "jpeg") => Kind::Jpeg,
        Some("webp") => Kind::Webp,
        Some(other) => return Err(format!("tile format {other:?} is not served")),
        None => return Err("its metadata has no format".into()),
    };
    let zoom = |key: &str, default: u8| {
        get(key)
            .and_then(|v| v.trim().parse::<u8>().ok())
            .unwrap_or(default)
    };
    let bounds = match numbers(get("bounds").unwrap_or_default()).as_slice() {
        [w, s, e, n] => [*w, *s, *e, *n],
        _ => [-180.0, -MAX_LAT, 180.0, MAX_LAT],
    };
    let minzoom = zoom("minzoom", 0);
    let center = match numbers(get("center").unwrap_or_default()).as_slice() {
        [lon, lat, z] => [*lon, *lat, *z],
        _ => [
            (bounds[0] + bounds[2]) / 2.0,
            (bounds[1] + bounds[3]) / 2.0,
            f64::from(minzoom),
        ],
    };
    let mut metadata = serde_json::Map::new();
    for key in ["name", "description", "attribution", "version", "type"] {
        if let Some(v) = get(key) {
            metadata.insert(key.into(), Value::String(v.into()));
        }
    }
    // Vector archives carry `vector_layers` (and more) in `json`.
    if let Some(Ok(Value::Object(extra))) = get("json").map(serde_json::from_str::<Value>) {
        metadata.extend(extra);
    }
    Ok(Info {
        kind,
        minzoom,
        maxzoom: zoom("maxzoom", crate::tiles::DETAIL_ZOOM),
        bounds,
        center,
        metadata,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn metadata_rows_become_info() {
        let info = info_of(&rows(&[
            ("format", "pbf"),
            ("bounds", "-86.3,12.1,37.6,55.8"),
            ("center", "-20,30,3"),
            ("minzoom", "2"),
            ("maxzoom", "9"),
            ("name", "news"),
            ("json", r#"{"vector_layers":[{"id":"events","fields":{}}]}"#),
        ]))
        .unwrap();
        assert_eq!(info.kind, Kind::Mvt);
        assert_eq!((info.minzoom, info.maxzoom), (2, 9));
        assert_eq!(info.bounds, [-86.3, 12.1, 37.6, 55.8]);
        assert_eq!(info.center, [-20.0, 30.0, 3.0]);
        assert_eq!(info.metadata["vector_layers"][0]["id"], "events");
        assert_eq!(info.metadata["name"], "news");
        assert!(info_of(&rows(&[("format", "tiff")])).is_err());
        assert!(info_of(&rows(&[("name", "x")])).is_err());
    }
}
