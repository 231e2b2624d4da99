//! Atomic output: an archive is written to a temporary file beside its
//! target and renamed over it only once complete and synced to disk. On any
//! error (a full disk, a write refused) the temporary file is removed, so a
//! reader never sees a partial archive and a failed export leaves nothing
//! behind — an existing archive at the target stays as it was.

use std::fs::File;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::ExportError;

/// A file being written for `target`.
#[derive(Debug)]
pub struct AtomicFile {
    temp: NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    /// A new, empty temporary file in `target`'s directory.
    pub fn create(target: &Path) -> Result<AtomicFile, ExportError> {
        if target.is_dir() {
            return Err(ExportError::io(
                target,
                std::io::Error::other("it is a directory"),
            ));
        }
        let temp = tempfile::Builder::new()
            .prefix(&temp_prefix(target)?)
            .suffix(".part")
            .tempfile_in(parent(target))
            .map_err(|e| ExportError::io(target, e))?;
        Ok(AtomicFile {
            temp,
            target: target.to_path_buf(),
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// Where the bytes go until [`AtomicFile::commit`].
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Syncs the file and renames it over the target; returns its size.
    pub fn commit(self) -> Result<u64, ExportError> {
        let target = self.target;
        let file = self.temp.as_file();
        // Temporary files are private (0600); an archive is for publishing.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(|e| ExportError::io(&target, e))?;
        }
        file.sync_all().map_err(|e| ExportError::io(&target, e))?;
        let size = file
            .metadata()
            .map_err(|e| ExportError::io(&target, e))?
            .len();
        self.temp
            .persist(&target)
            .map_err(|e| ExportError::io(&target, e.error))?;
        Ok(size)
    }
}

/// The prefix of a temporary name beside `target`: hidden, so leftovers
/// are recognisable (`.NAME.XXXXXX.part`), and in the same directory, so
/// the final rename never crosses file systems.
pub fn temp_prefix(target: &Path) -> Result<String, ExportError> {
    let name = target
        .file_name()
        .ok_or_else(|| ExportError::io(target, std::io::Error::other("no file name")))?;
    Ok(format!(".{}.", name.to_string_lossy()))
}

/// The directory `target` is in (`.` for a bare name).
pub fn parent(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;

    #[test]
    fn nothing_appears_until_commit_and_a_drop_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pmtiles");
        let mut f = AtomicFile::create(&target).unwrap();
        f.file().write_all(b"tiles").unwrap();
        assert!(!target.exists());
        assert_eq!(f.commit().unwrap(), 5);
        assert_eq!(std::fs::read(&target).unwrap(), b"tiles");

        let mut g = AtomicFile::create(&target).unwrap();
        g.file().write_all(b"half").unwrap();
        drop(g);
        assert_eq!(std::fs::read(&target).unwrap(), b"tiles");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only the committed archive is left");
    }

    #[test]
    fn unwritable_targets_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such/dir/a.mbtiles");
        let err = AtomicFile::create(&missing).unwrap_err().to_string();
        assert!(err.contains("no/such/dir/a.mbtiles"), "{err}");
        let err = AtomicFile::create(dir.path()).unwrap_err().to_string();
        assert!(err.contains("directory"), "{err}");
    }
}
