//! The data directory: which files of it are layers, and loading one.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::Layer;
use super::build::LayerBuilder;
use super::check::locate_feature;
use super::parse::{LoadError, read_features};

/// Loads every `*.geojson` file of `dir` (sorted by name). A file that fails
/// is reported in the second list and the others still load. Hidden files,
/// anything but a regular file (a FIFO would block the start-up for ever)
/// and symbolic links that lead outside `dir` are skipped with a log line.
pub fn load_dir(dir: &Path) -> (Vec<Layer>, Vec<LoadError>) {
    let paths = match layer_paths(dir, true) {
        Ok(paths) => paths,
        Err(source) => {
            return (
                Vec::new(),
                vec![LoadError::Io {
                    file: dir.to_path_buf(),
                    source,
                }],
            );
        }
    };
    let mut layers = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match load_file(&path) {
            Ok(layer) => layers.push(layer),
            Err(e) => errors.push(e),
        }
    }
    (layers, errors)
}

/// The `*.geojson` files of `dir` that are layers, sorted by name: the
/// same rule for the first load and for every reload of a watched
/// directory (`log` says whether skipped files are logged).
pub fn layer_paths(dir: &Path, log: bool) -> std::io::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)?;
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("geojson"))
        })
        .filter(|p| match skip_reason(p, &root) {
            Some(reason) => {
                if log {
                    tracing::warn!(file = %p.display(), "skipped: {reason}");
                }
                false
            }
            None => true,
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// Why a file of the data directory is not loaded, if it is not.
fn skip_reason(path: &Path, root: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    if name.starts_with('.') {
        return Some("a hidden file".into());
    }
    let link = std::fs::symlink_metadata(path).ok()?;
    if link.file_type().is_symlink() {
        match std::fs::canonicalize(path) {
            Ok(target) if !target.starts_with(root) => {
                return Some(format!(
                    "a symbolic link to {}, outside the data directory",
                    target.display()
                ));
            }
            Ok(_) => {}
            Err(e) => return Some(format!("a symbolic link that leads nowhere ({e})")),
        }
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => None,
        Ok(m) if m.is_dir() => Some("a directory".into()),
        Ok(_) => Some("not a regular file (a FIFO, socket or device)".into()),
        Err(e) => Some(format!("cannot read its metadata ({e})")),
    }
}

/// Loads one GeoJSON file; the layer id is the file stem, made URL-safe.
/// The file is read in chunks, never whole.
pub fn load_file(path: &Path) -> Result<Layer, LoadError> {
    let started = std::time::Instant::now();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = layer_id(&stem);
    let refuse = |reason: &str| LoadError::Refused {
        file: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if id.is_empty() {
        return Err(refuse("the file name gives no layer id"));
    }
    let io = |source| LoadError::Io {
        file: path.to_path_buf(),
        source,
    };
    // Opening a FIFO blocks until a writer comes: look before opening.
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(refuse("not a regular file"));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let builder = read_features(path, &id, file)?;
    let parsed = started.elapsed();
    let layer = finish(builder, path, || std::fs::File::open(path).ok())?;
    tracing::debug!(layer = %layer.id, ?parsed, total = ?started.elapsed(), "loaded");
    Ok(layer)
}

/// Indexes a layer; a duplicate id is reported at the second feature's
/// place in the file (`reopen` reads it again to find it).
pub(crate) fn finish<R: Read>(
    builder: LayerBuilder,
    file: &Path,
    reopen: impl FnOnce() -> Option<R>,
) -> Result<Layer, LoadError> {
    builder.finish().map_err(|dup| {
        let at = reopen().and_then(|r| locate_feature(r, dup.second));
        let (line, column) = at.map_or((0, 0), |p| (p.line, p.column));
        LoadError::Invalid {
            file: file.to_path_buf(),
            line,
            column,
            reason: dup.to_string(),
        }
    })
}

/// A URL-safe layer id: letters, digits, `-`, `_` and `.` are kept, anything
/// else becomes `_`.
pub(crate) fn layer_id(stem: &str) -> String {
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim_matches('.')
        .to_string()
}
