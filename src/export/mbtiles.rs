//! Writes an MBTiles 1.3 archive: SQLite with the spec's fixed schema
//! (`metadata (name, value)` and `tiles (zoom_level, tile_column, tile_row,
//! tile_data)` with its unique index), rows in TMS order (`tile_row` counts
//! from the bottom), vector tiles gzip-compressed as the spec asks.
//!
//! The database is written to a temporary file without a journal (a
//! failed export is thrown away whole, so a rollback journal would only
//! cost time) and renamed over the target when complete.

use std::path::Path;

use rusqlite::{Connection, params};

use super::atomic::AtomicFile;
use super::{ArchiveMeta, ExportError, TileFormat, TileSink};
use crate::tiles::TileId;

/// Rows per transaction: large enough to be fast, small enough that a
/// transaction's dirty pages stay in SQLite's page cache.
const BATCH: usize = 4096;

const SCHEMA: &str = "
    CREATE TABLE metadata (name TEXT NOT NULL, value TEXT);
    CREATE UNIQUE INDEX name ON metadata (name);
    CREATE TABLE tiles (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL,
                        tile_row INTEGER NOT NULL, tile_data BLOB);
    CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
";

/// An MBTiles archive being written.
pub struct MbtilesSink {
    // Closed before the file is committed.
    db: Option<Connection>,
    file: AtomicFile,
    pending: usize,
}

fn sql(path: &Path, e: rusqlite::Error) -> ExportError {
    ExportError::Archive {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

impl MbtilesSink {
    pub fn create(target: &Path) -> Result<MbtilesSink, ExportError> {
        let file = AtomicFile::create(target)?;
        let db = Connection::open(file.temp_path()).map_err(|e| sql(target, e))?;
        db.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;",
        )
        .map_err(|e| sql(target, e))?;
        db.execute_batch(SCHEMA).map_err(|e| sql(target, e))?;
        db.execute_batch("BEGIN").map_err(|e| sql(target, e))?;
        Ok(MbtilesSink {
            db: Some(db),
            file,
            pending: 0,
        })
    }

    fn db(&self) -> Result<&Connection, ExportError> {
        self.db.as_ref().ok_or_else(|| ExportError::Archive {
            path: self.file.target().to_path_buf(),
            reason: "the archive is already closed".into(),
        })
    }
}

/// The metadata rows of the MBTiles 1.3 spec.
fn metadata_rows(meta: &ArchiveMeta) -> Vec<(&'static str, String)> {
    let text = |key: &str| {
        meta.tilejson
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let [w, s, e, n] = meta.bounds;
    let [lon, lat, z] = meta.center;
    let mut rows = vec![
        ("name", text("name")),
        ("description", text("description")),
        ("version", text("version")),
        ("attribution", text("attribution")),
        ("bounds", format!("{w},{s},{e},{n}")),
        ("center", format!("{lon},{lat},{z}")),
        ("minzoom", meta.minzoom.to_string()),
        ("maxzoom", meta.maxzoom.to_string()),
    ];
    match meta.format {
        TileFormat::Mvt => {
            rows.push(("format", "pbf".into()));
            rows.push(("type", "overlay".into()));
            // Vector archives carry their layers in `json` (MBTiles 1.3).
            let json = serde_json::json!({ "vector_layers": meta.tilejson["vector_layers"] });
            rows.push(("json", json.to_string()));
        }
        TileFormat::Png => {
            rows.push(("format", "png".into()));
            rows.push(("type", "baselayer".into()));
        }
    }
    rows.retain(|(_, v)| !v.is_empty());
    rows
}

impl TileSink for MbtilesSink {
    fn add(&mut self, tile: TileId, bytes: &[u8]) -> Result<(), ExportError> {
        let target = self.file.target().to_path_buf();
        // TMS rows count from the bottom.
        let row = (1u32 << tile.z) - 1 - tile.y;
        self.db()?
            .prepare_cached("INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)")
            .and_then(|mut s| s.execute(params![tile.z, tile.x, row, bytes]))
            .map_err(|e| sql(&target, e))?;
        self.pending += 1;
        if self.pending >= BATCH {
            self.db()?
                .execute_batch("COMMIT; BEGIN")
                .map_err(|e| sql(&target, e))?;
            self.pending = 0;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, meta: &ArchiveMeta) -> Result<u64, ExportError> {
        let target = self.file.target().to_path_buf();
        {
            let db = self.db()?;
            for (name, value) in metadata_rows(meta) {
                db.execute("INSERT INTO metadata VALUES (?1, ?2)", params![name, value])
                    .map_err(|e| sql(&target, e))?;
            }
            db.execute_batch("COMMIT").map_err(|e| sql(&target, e))?;
        }
        if let Some(db) = self.db.take() {
            db.close().map_err(|(_, e)| sql(&target, e))?;
        }
        self.file.commit()
    }
}
