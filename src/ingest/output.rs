//! `ingest --out DIR`: the layer files replaced all together or not
//! at all. They are written (and synced) into a new directory beside `DIR`,
//! which then takes `DIR`'s place in one atomic exchange of the two names
//! (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames). A run that
//! dies at any moment leaves `DIR` as it was; its temporary directory is
//! removed by the next run.

use std::io::Write;
use std::path::{Path, PathBuf};

use geojson::FeatureCollection;

use super::{IngestError, LAYER_FILES};

/// Writes `layers` (in [`LAYER_FILES`] order) as the new content of `out`.
pub fn replace_dir(
    layers: [&FeatureCollection; 4],
    out: &Path,
) -> Result<Vec<PathBuf>, IngestError> {
    let io_err = |path: &Path| {
        let path = path.display().to_string();
        move |source| IngestError::Write { path, source }
    };
    let parent = parent_of(out);
    std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    remove_stale(out);
    let fresh = sibling(out, "new");
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir(&fresh).map_err(io_err(&fresh))?;
    let written = (|| {
        for (name, fc) in LAYER_FILES.iter().zip(layers) {
            let path = fresh.join(name);
            let json = serde_json::to_vec(fc).map_err(|source| IngestError::Serialize {
                path: out.join(name).display().to_string(),
                source,
            })?;
            let mut file = std::fs::File::create(&path).map_err(io_err(&path))?;
            file.write_all(&json).map_err(io_err(&path))?;
            file.write_all(b"\n").map_err(io_err(&path))?;
            file.sync_all().map_err(io_err(&path))?;
        }
        sync(&fresh);
        swap_into_place(&fresh, out).map_err(io_err(out))
    })();
    match written {
        Ok(()) => {
            sync(&parent);
            Ok(LAYER_FILES.iter().map(|n| out.join(n)).collect())
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&fresh);
            Err(e)
        }
    }
}

/// Puts `fresh` at `out`: a plain rename when `out` does not exist, else an
/// exchange of the two names, after which the old content (now at `fresh`)
/// is removed.
fn swap_into_place(fresh: &Path, out: &Path) -> std::io::Result<()> {
    if !out.exists() {
        return std::fs::rename(fresh, out);
    }
    if !out.is_dir() {
        return Err(std::io::Error::other(
            "exists and is not a directory; mapwire will not replace it",
        ));
    }
    match exchange(fresh, out) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {
            let old = sibling(out, "old");
            std::fs::rename(out, &old)?;
            std::fs::rename(fresh, out)?;
            let _ = std::fs::remove_dir_all(&old);
            return Ok(());
        }
        Err(e) => return Err(e),
    }
    let _ = std::fs::remove_dir_all(fresh);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(|e| {
        if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS {
            std::io::Error::from(std::io::ErrorKind::Unsupported)
        } else {
            std::io::Error::from(e)
        }
    })
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.{name}.{what}-{pid}` beside `out`.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    parent_of(out).join(format!(".{name}.{what}-{}", std::process::id()))
}

/// Removes what earlier runs that died left beside `out` (their process is
/// gone): half-written new directories, and old ones — put back first if a
/// run died between its two renames and `out` is missing.
pub fn remove_stale(out: &Path) {
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent_of(out)) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some((what, pid)) = file
            .strip_prefix(&format!(".{name}."))
            .and_then(|rest| rest.split_once('-'))
        else {
            continue;
        };
        let alive = !pid.is_empty()
            && pid != std::process::id().to_string()
            && Path::new("/proc").join(pid).exists();
        if alive || !matches!(what, "new" | "old") {
            continue;
        }
        if what == "old" && !out.exists() {
            let _ = std::fs::rename(entry.path(), out);
            continue;
        }
        tracing::info!("removing {file}, left behind by an ingest run that stopped");
        let _ = std::fs::remove_dir_all(entry.path());
    }
}

fn sync(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
