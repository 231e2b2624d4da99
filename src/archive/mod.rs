//! Tile archives served as they are: `mapwire serve --tiles FILE` serves a
//! PMTiles or MBTiles file (made by `mapwire export`, `martin-cp`,
//! tippecanoe, GDAL…) as a tile source with TileJSON.
//!
//! - [`pmtiles`]: PMTiles v3 through the `pmtiles` crate, memory-mapped,
//!   with a byte-bounded directory cache.
//! - [`mbtiles`]: MBTiles through SQLite, read-only connections.
//!
//! An archive is opened and checked at start (a wrong file is an error
//! naming it, not a source that fails on every request); tiles are served
//! as stored, so a gzip vector tile goes out gzip to clients that accept
//! it and is inflated once for those that do not.

pub mod mbtiles;
pub mod pmtiles;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use serde_json::{Value, json};

use crate::tiles::TileId;

/// What can go wrong opening or reading an archive.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot open the tile archive {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("{path} is not a tile archive: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("tile archive name {name:?} {reason}")]
    Name { name: String, reason: String },
    #[error("cannot read tile {tile} of the archive {name}: {reason}")]
    Read {
        name: String,
        tile: String,
        reason: String,
    },
}

/// What the tiles of an archive are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Mvt,
    Png,
    Jpeg,
    Webp,
}

impl Kind {
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Mvt => crate::tiles::meta::MVT,
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Webp => "image/webp",
        }
    }

    /// The file extension of tile URLs.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Mvt => "mvt",
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
            Kind::Webp => "webp",
        }
    }

    /// Whether `ext` names this kind's tiles (`.pbf` is an alias of `.mvt`,
    /// `.jpeg` of `.jpg`).
    pub fn accepts(self, ext: &str) -> bool {
        ext == self.extension() || matches!((self, ext), (Kind::Mvt, "pbf") | (Kind::Jpeg, "jpeg"))
    }
}

/// The facts of an archive that its TileJSON tells.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    pub kind: Kind,
    pub minzoom: u8,
    pub maxzoom: u8,
    pub bounds: [f64; 4],
    pub center: [f64; 3],
    /// The archive's own metadata (name, description, attribution,
    /// `vector_layers`…), as stored.
    pub metadata: serde_json::Map<String, Value>,
}

/// An open archive of either format.
pub enum Archive {
    // Boxed: the reader holds its header and root directory inline.
    Pmtiles(Box<pmtiles::PmtilesArchive>),
    Mbtiles(mbtiles::MbtilesArchive),
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("info", self.info())
            .finish_non_exhaustive()
    }
}

impl Archive {
    /// Opens `path`, telling the format by its first bytes.
    pub async fn open(path: &Path) -> Result<Archive, ArchiveError> {
        let mut magic = [0u8; 16];
        let read = std::fs::File::open(path).and_then(|mut f| {
            use std::io::Read;
            f.read(&mut magic)
        });
        let n = read.map_err(|e| ArchiveError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let magic = &magic[..n];
        if magic.starts_with(b"PMTiles") {
            Ok(Archive::Pmtiles(Box::new(
                pmtiles::PmtilesArchive::open(path).await?,
            )))
        } else if magic.starts_with(b"SQLite format 3\0") {
            Ok(Archive::Mbtiles(mbtiles::MbtilesArchive::open(path)?))
        } else {
            Err(ArchiveError::Invalid {
                path: path.to_path_buf(),
                reason: "neither PMTiles (no PMTiles magic) nor MBTiles (not an SQLite database)"
                    .into(),
            })
        }
    }

    pub fn info(&self) -> &Info {
        match self {
            Archive::Pmtiles(a) => &a.info,
            Archive::Mbtiles(a) => &a.info,
        }
    }

    /// The stored bytes of a tile (gzip for most vector archives), or
    /// `None` when the archive has no such tile.
    pub async fn tile(&self, tile: TileId) -> Result<Option<Bytes>, ArchiveError> {
        match self {
            Archive::Pmtiles(a) => a.tile(tile).await,
            Archive::Mbtiles(a) => a.tile(tile),
        }
    }

    /// TileJSON 3.0.0 with this server's tile URL for the archive `name`.
    pub fn tilejson(&self, base: &str, name: &str) -> Value {
        let info = self.info();
        let mut doc = Value::Object(info.metadata.clone());
        let url = format!(
            "{base}/tiles/{name}/{{z}}/{{x}}/{{y}}.{}",
            info.kind.extension()
        );
        for (key, value) in [
            ("tilejson", json!("3.0.0")),
            ("tiles", json!([url])),
            ("scheme", json!("xyz")),
            ("minzoom", json!(info.minzoom)),
            ("maxzoom", json!(info.maxzoom)),
            ("bounds", json!(info.bounds)),
            ("center", json!(info.center)),
        ] {
            doc[key] = value;
        }
        if doc.get("name").and_then(Value::as_str).is_none() {
            doc["name"] = json!(name);
        }
        if info.kind != Kind::Mvt {
            doc["format"] = json!(info.kind.extension());
        }
        doc
    }
}

/// The archives a server serves, by name.
#[derive(Debug, Default)]
pub struct ArchiveSet {
    archives: BTreeMap<String, Arc<Archive>>,
}

impl ArchiveSet {
    /// Opens every `(name, path)`; names must be URL-safe and unique.
    pub async fn open(specs: &[(String, PathBuf)]) -> Result<ArchiveSet, ArchiveError> {
        let mut set = ArchiveSet::default();
        for (name, path) in specs {
            check_name(name)?;
            if set.archives.contains_key(name) {
                return Err(ArchiveError::Name {
                    name: name.clone(),
                    reason: "is given twice (name one with NAME=FILE)".into(),
                });
            }
            let archive = Archive::open(path).await?;
            set.archives.insert(name.clone(), Arc::new(archive));
        }
        Ok(set)
    }

    pub fn get(&self, name: &str) -> Option<&Arc<Archive>> {
        self.archives.get(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Arc<Archive>)> {
        self.archives.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.archives.is_empty()
    }

    pub fn len(&self) -> usize {
        self.archives.len()
    }
}

/// `NAME=FILE`, or `FILE` named after its stem (`cities.pmtiles` → `cities`).
pub fn parse_spec(spec: &str) -> (String, PathBuf) {
    if let Some((name, path)) = spec.split_once('=')
        && !name.is_empty()
        && !name.contains('/')
    {
        return (name.to_string(), PathBuf::from(path));
    }
    let path = PathBuf::from(spec);
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    (name, path)
}

/// A name usable in `/tiles/{name}/…` that no built-in route takes.
fn check_name(name: &str) -> Result<(), ArchiveError> {
    let bad = |reason: &str| ArchiveError::Name {
        name: name.to_string(),
        reason: reason.to_string(),
    };
    if name.is_empty() || name.len() > 100 {
        return Err(bad("must have 1 to 100 characters"));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(bad(
            "may only use letters, digits, '-' and '_' (rename it with NAME=FILE)",
        ));
    }
    if name == "basemap" {
        return Err(bad(
            "is taken by the built-in raster basemap (rename it with NAME=FILE)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_and_names() {
        assert_eq!(
            parse_spec("/data/cities.pmtiles"),
            ("cities".into(), PathBuf::from("/data/cities.pmtiles"))
        );
        assert_eq!(
            parse_spec("towns=/data/cities.mbtiles"),
            ("towns".into(), PathBuf::from("/data/cities.mbtiles"))
        );
        assert!(check_name("cities-2026_v1").is_ok());
        assert!(check_name("basemap").is_err());
        assert!(check_name("a b").is_err());
        assert!(check_name("").is_err());
        assert!(Kind::Mvt.accepts("pbf") && Kind::Mvt.accepts("mvt"));
        assert!(!Kind::Png.accepts("mvt"));
    }
}
