//! Writes a PMTiles v3 archive with the `pmtiles` crate: tiles in the
//! order the walk gives (PMTiles order, so the archive is "clustered"),
//! identical tiles stored once (open sea, the inside of a country), the
//! TileJSON metadata and the header's zooms, bounds and centre.
//!
//! Vector tiles are stored as the server's gzip representation (the
//! writer is told they are already compressed), PNG tiles as they are.

use std::path::Path;

use pmtiles::{Compression, PmTilesStreamWriter, PmTilesWriter, TileCoord, TileType};

use super::atomic::AtomicFile;
use super::{ArchiveMeta, ExportError, TileFormat, TileSink};
use crate::tiles::TileId;

/// A PMTiles archive being written.
pub struct PmtilesSink {
    // Declared before `file`: the writer borrows the file's handle and must
    // go first.
    writer: Option<PmTilesStreamWriter<std::fs::File>>,
    file: AtomicFile,
}

impl PmtilesSink {
    pub fn create(target: &Path, meta: &ArchiveMeta) -> Result<PmtilesSink, ExportError> {
        let mut file = AtomicFile::create(target)?;
        let handle = file
            .file()
            .try_clone()
            .map_err(|e| ExportError::io(target, e))?;
        let builder = match meta.format {
            TileFormat::Mvt => PmTilesWriter::new(TileType::Mvt).precompressed(Compression::Gzip),
            TileFormat::Png => PmTilesWriter::new(TileType::Png).precompressed(Compression::None),
        };
        let [w, s, e, n] = meta.bounds;
        let writer = builder
            .min_zoom(meta.minzoom)
            .max_zoom(meta.maxzoom)
            .bounds(w, s, e, n)
            .center(meta.center[0], meta.center[1])
            .center_zoom(meta.center[2] as u8)
            .create(handle)
            .map_err(|e| pmt(target, e))?;
        Ok(PmtilesSink {
            writer: Some(writer),
            file,
        })
    }
}

fn pmt(path: &Path, e: pmtiles::PmtError) -> ExportError {
    // Write failures come through as I/O errors: name the reason plainly.
    match e {
        pmtiles::PmtError::Reading(io) => ExportError::io(path, io),
        other => ExportError::Archive {
            path: path.to_path_buf(),
            reason: other.to_string(),
        },
    }
}

impl TileSink for PmtilesSink {
    fn add(&mut self, tile: TileId, bytes: &[u8]) -> Result<(), ExportError> {
        let target = self.file.target().to_path_buf();
        let coord = TileCoord::new(tile.z, tile.x, tile.y).map_err(|e| pmt(&target, e))?;
        match self.writer.as_mut() {
            Some(w) => w.add_tile(coord, bytes).map_err(|e| pmt(&target, e)),
            None => Ok(()),
        }
    }

    fn finish(mut self: Box<Self>, meta: &ArchiveMeta) -> Result<u64, ExportError> {
        let target = self.file.target().to_path_buf();
        if let Some(mut writer) = self.writer.take() {
            writer.set_metadata(meta.tilejson.to_string());
            writer.finalize().map_err(|e| pmt(&target, e))?;
        }
        self.file.commit()
    }
}
