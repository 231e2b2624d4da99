//! Export for static hosting: every non-empty vector tile of chosen layers,
//! or the raster basemap, into PMTiles and/or MBTiles archives.
//!
//! - [`enumerate`]: the zoom range and box, and which tiles to visit.
//! - [`walk`]: builds the tiles on every core and hands them over in order.
//! - [`pmtiles`], [`mbtiles`]: the two archive writers ([`TileSink`]s).
//! - [`atomic`]: temporary file + rename, so a failed export leaves nothing.
//! - [`metadata`]: the archive's TileJSON (layers, fields, zooms, bounds).
//! - [`site`]: the map page as a static site over PMTiles basemaps.
//! - [`prewarm`], [`prebuilt`]: the same descent run by the server after a
//!   load or a change, into a packed in-memory store of pre-built tiles, so
//!   that first requests are answered without a build.
//!
//! The tiles are built by the server's own [`TileService::build`] (vector)
//! and [`Basemap::render`] (raster), so an archive holds the bytes the
//! server serves: a vector tile is stored as the server's gzip response
//! body, a basemap tile as its PNG.

pub mod atomic;
pub mod enumerate;
pub mod huge;
pub mod mbtiles;
pub mod metadata;
pub mod pmtiles;
pub mod prebuilt;
pub mod prewarm;
pub mod site;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::basemap::{Basemap, BasemapError};
use crate::tiles::{TileError, TileId, TileService, TileSource};

pub use enumerate::Range;
pub use walk::{Limits, Made, Step, TileMaker, WalkStats};

/// What can go wrong in an export; every message names the file or option.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the archive {path}: {reason}")]
    Archive { path: PathBuf, reason: String },
    #[error("{0}")]
    Range(String),
    #[error(transparent)]
    Tile(#[from] TileError),
    #[error("basemap: {0}")]
    Basemap(#[from] BasemapError),
    #[error("nothing to export: {0}")]
    Nothing(String),
    #[error(
        "zoom {zoom} would bring the export to {tiles} tiles, over the limit of {max}: \
         lower --maxzoom, narrow --bbox or choose fewer layers (or raise --max-tiles)"
    )]
    TooManyTiles { zoom: u8, tiles: u64, max: u64 },
    #[error("the export was interrupted; no archive was written")]
    Cancelled,
}

impl ExportError {
    pub fn io(path: &Path, source: std::io::Error) -> ExportError {
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// What the tiles of an archive are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TileFormat {
    /// Mapbox Vector Tiles, stored gzip-compressed.
    Mvt,
    /// PNG images.
    Png,
}

/// The archive-wide facts both writers record.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveMeta {
    pub format: TileFormat,
    pub minzoom: u8,
    pub maxzoom: u8,
    /// `[west, south, east, north]`.
    pub bounds: [f64; 4],
    /// `[lon, lat, zoom]`.
    pub center: [f64; 3],
    /// TileJSON without `tiles` (a file has no URL): name, description,
    /// attribution, `vector_layers`…
    pub tilejson: serde_json::Value,
}

/// An archive being written.
pub trait TileSink {
    /// Stores one tile (called in PMTiles order).
    fn add(&mut self, tile: TileId, bytes: &[u8]) -> Result<(), ExportError>;
    /// Writes the metadata, closes the archive and renames it into place;
    /// returns its size in bytes.
    fn finish(self: Box<Self>, meta: &ArchiveMeta) -> Result<u64, ExportError>;
}

/// Which archives to write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    pub pmtiles: Option<PathBuf>,
    pub mbtiles: Option<PathBuf>,
}

impl Targets {
    fn open(&self, meta: &ArchiveMeta) -> Result<Vec<Box<dyn TileSink>>, ExportError> {
        let mut sinks: Vec<Box<dyn TileSink>> = Vec::new();
        if let Some(p) = &self.pmtiles {
            sinks.push(Box::new(pmtiles::PmtilesSink::create(p, meta)?));
        }
        if let Some(p) = &self.mbtiles {
            sinks.push(Box::new(mbtiles::MbtilesSink::create(p)?));
        }
        if sinks.is_empty() {
            return Err(ExportError::Nothing(
                "name an archive to write (--pmtiles FILE and/or --mbtiles FILE)".into(),
            ));
        }
        Ok(sinks)
    }
}

/// A finished export.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub stats: WalkStats,
    /// Size of each archive written, in the order pmtiles, mbtiles.
    pub files: Vec<(PathBuf, u64)>,
    pub meta: ArchiveMeta,
}

/// Builds the vector tiles of `sources` (one MVT layer each) as the server
/// does.
pub struct VectorMaker<'a> {
    pub service: &'a TileService,
    pub sources: Vec<Arc<TileSource>>,
    pub cluster: bool,
}

impl TileMaker for VectorMaker<'_> {
    fn make(&self, tile: TileId) -> Result<Made, ExportError> {
        let data = self.service.build(&self.sources, tile, self.cluster)?;
        let reached = data.features > 0 || data.dropped.thinned > 0 || data.dropped.too_small > 0;
        Ok(Made {
            bytes: data.gzip.to_vec(),
            reached,
        })
    }
}

/// Renders basemap tiles in one style and scale.
pub struct RasterMaker<'a> {
    pub basemap: &'a Basemap,
    pub style: String,
    pub scale: u32,
}

impl TileMaker for RasterMaker<'_> {
    fn make(&self, t: TileId) -> Result<Made, ExportError> {
        let png = self
            .basemap
            .render(u32::from(t.z), t.x, t.y, self.scale, &self.style)?;
        Ok(Made {
            bytes: png,
            reached: true,
        })
    }

    fn prunes(&self) -> bool {
        false
    }
}

/// Walks `range` with `maker` into every archive of `targets`.
pub fn export(
    maker: &dyn TileMaker,
    range: &Range,
    meta: ArchiveMeta,
    targets: &Targets,
    limits: Limits,
    progress: &(dyn Fn(Step) + Sync),
) -> Result<Summary, ExportError> {
    let mut sinks = targets.open(&meta)?;
    let stats = walk::walk(
        maker,
        range,
        limits,
        &mut |tile, bytes| {
            for sink in sinks.iter_mut() {
                sink.add(tile, bytes)?;
            }
            Ok(())
        },
        progress,
    )?;
    let paths = [&targets.pmtiles, &targets.mbtiles];
    let mut files = Vec::new();
    for (sink, path) in sinks.into_iter().zip(paths.into_iter().flatten()) {
        let size = sink.finish(&meta)?;
        files.push((path.clone(), size));
    }
    Ok(Summary { stats, files, meta })
}
