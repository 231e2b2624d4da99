//! `--data DIR` while the server runs: `*.geojson` files that change,
//! appear or disappear are reloaded (on a file-system event or SIGHUP). A
//! file that becomes invalid keeps its last good version served, and the
//! problem is logged with the file, line and reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::pg::{DataLayers, Part};
use super::{Rescan, Wake};
use crate::layers::{Layer, load_file};

/// Keeps a live catalog's `--data` layers in step with the folder.
pub struct DataWatch {
    pub data: DataDir,
    /// Where the layers go (beside any `--pg-layers` tables).
    pub sink: Arc<DataLayers>,
}

impl Rescan for DataWatch {
    async fn rescan(&mut self, wake: Wake) {
        if wake == Wake::Hangup {
            tracing::info!(
                "SIGHUP: reloading every layer of {}",
                self.data.dir.display()
            );
            self.data.forget();
        }
        let (changed, problems) = self.data.rescan();
        for p in problems {
            tracing::error!("not reloaded: {p}");
        }
        if changed {
            self.sink.set(Part::Files, self.data.layers());
        }
    }
}

/// Size and modification time: a file whose stamp is unchanged is not
/// read again.
type Stamp = (u64, Option<SystemTime>);

/// The layers of a data directory and the state of their files.
#[derive(Debug, Default)]
pub struct DataDir {
    dir: PathBuf,
    files: BTreeMap<PathBuf, (Stamp, Option<Arc<Layer>>)>,
}

impl DataDir {
    /// Loads every `*.geojson` of `dir`; returns the problems met.
    pub fn load(dir: &Path) -> (DataDir, Vec<String>) {
        let mut data = DataDir {
            dir: dir.to_path_buf(),
            files: BTreeMap::new(),
        };
        // The first scan logs the files it skips; reloads stay quiet.
        let problems = data.scan(true).1;
        (data, problems)
    }

    /// The layers served (the last good version of each file).
    pub fn layers(&self) -> Vec<Arc<Layer>> {
        self.files.values().filter_map(|(_, l)| l.clone()).collect()
    }

    /// Forgets the files' stamps: the next rescan reads every file (SIGHUP).
    pub fn forget(&mut self) {
        for (stamp, _) in self.files.values_mut() {
            *stamp = (u64::MAX, None);
        }
    }

    /// Re-reads what changed; whether any layer changed, and the problems.
    pub fn rescan(&mut self) -> (bool, Vec<String>) {
        self.scan(false)
    }

    fn scan(&mut self, log: bool) -> (bool, Vec<String>) {
        let mut problems = Vec::new();
        let paths = match crate::layers::layer_paths(&self.dir, log) {
            Ok(paths) => paths,
            Err(e) => {
                problems.push(format!(
                    "{}: cannot list: {e}; serving its layers as they were",
                    self.dir.display()
                ));
                return (false, problems);
            }
        };
        let mut changed = false;
        let before = self.files.len();
        self.files.retain(|p, _| paths.contains(p));
        if self.files.len() != before {
            changed = true;
        }
        for path in paths {
            let stamp = stamp(&path);
            if self.files.get(&path).is_some_and(|(s, _)| *s == stamp) {
                continue;
            }
            let last_good = self.files.get(&path).and_then(|(_, l)| l.clone());
            match load_file(&path) {
                Ok(layer) => {
                    tracing::info!(layer = %layer.id, features = layer.len(), "loaded {}", path.display());
                    self.files.insert(path, (stamp, Some(Arc::new(layer))));
                    changed = true;
                }
                Err(e) => {
                    let kept = if last_good.is_some() {
                        "; its last good version stays served"
                    } else {
                        ""
                    };
                    problems.push(format!("{e}{kept}"));
                    self.files.insert(path, (stamp, last_good));
                }
            }
        }
        (changed, problems)
    }
}

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path)
        .map(|m| (m.len(), m.modified().ok()))
        .unwrap_or((0, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POINT: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[-82.38,23.13]},"properties":{"name":"Havana"}}]}"#;

    #[test]
    fn a_broken_file_keeps_its_last_good_version() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ports.geojson");
        std::fs::write(&file, POINT).unwrap();
        let (mut data, problems) = DataDir::load(dir.path());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(data.layers().len(), 1);
        std::fs::write(&file, "{\"type\": \"FeatureCollection\", \"features\": [").unwrap();
        let (changed, problems) = data.rescan();
        assert!(!changed);
        assert!(problems[0].contains("ports.geojson"), "{problems:?}");
        assert!(problems[0].contains("last good"), "{problems:?}");
        assert_eq!(data.layers()[0].len(), 1);
        std::fs::remove_file(&file).unwrap();
        assert_eq!(data.rescan(), (true, vec![]));
        assert!(data.layers().is_empty());
    }
}
