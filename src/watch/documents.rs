//! `serve --watch DIR`: the `*.txt` documents of a folder, kept in the store
//! as the files are added, changed, renamed into place or removed.
//!
//! Each rescan lists the folder, reads only the files whose size or
//! modification time changed, and leaves for the next round a file changed
//! in the last half second (one still being written). Files that are not
//! UTF-8 text are logged once (per version of the file) and skipped. A
//! document is this folder's when the store has it with origin
//! `watch:DIR/NAME.txt`; only those are removed when their file goes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::{Rescan, Wake};
use crate::documents::{Document, decode_text, list_dir};
use crate::live::Live;
use crate::store::{DocumentRecord, Origin, WriteOp, Written, content_hash, valid_id};

/// A file modified more recently than this is probably still being written.
const SETTLE: Duration = Duration::from_millis(500);

type Stamp = (u64, Option<SystemTime>);

/// Keeps the store in step with a folder of documents.
pub struct DocumentWatch {
    dir: PathBuf,
    live: Arc<Live>,
    /// Files handled, with the stamp they had.
    seen: BTreeMap<PathBuf, Stamp>,
}

impl DocumentWatch {
    /// `dir` is made absolute, so origins name the file wherever the
    /// server was started.
    pub fn new(dir: &Path, live: Arc<Live>) -> DocumentWatch {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        DocumentWatch {
            dir,
            live,
            seen: BTreeMap::new(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn origin(path: &Path) -> Origin {
        Origin::Watch(path.display().to_string())
    }

    /// One pass: the operations that bring the store in step.
    async fn pass(&mut self) -> Result<(), crate::store::StoreError> {
        let Some(store) = self.live.store().cloned() else {
            return Ok(());
        };
        let paths = match list_dir(&self.dir) {
            Ok(paths) => paths,
            Err(e) => {
                tracing::warn!("{}: cannot list: {e}", self.dir.display());
                return Ok(());
            }
        };
        let index = store.index().await?;
        let stored: HashMap<String, (String, Origin)> = index
            .into_iter()
            .map(|e| (e.id, (e.content_hash, e.origin)))
            .collect();
        let mut docs: Vec<(Document, Origin)> = Vec::new();
        let now = SystemTime::now();
        for path in &paths {
            let stamp = stamp(path);
            if self.seen.get(path) == Some(&stamp) {
                continue;
            }
            let recent = stamp
                .1
                .and_then(|m| now.duration_since(m).ok())
                .is_none_or(|age| age < SETTLE);
            if recent {
                continue;
            }
            self.seen.insert(path.clone(), stamp);
            let Some(doc) = read(path) else { continue };
            let origin = Self::origin(path);
            match stored.get(&doc.id) {
                Some((_, other)) if *other != origin => {
                    tracing::warn!(
                        "{}: skipped: the store already has a document {:?} from {}",
                        path.display(),
                        doc.id,
                        other.to_text()
                    );
                }
                Some((hash, _)) if *hash == content_hash(&doc.text) => {}
                _ => docs.push((doc, origin)),
            }
        }
        self.seen.retain(|p, _| paths.contains(p));
        let mut ops: Vec<WriteOp> = Vec::new();
        // Documents of this folder whose file is gone.
        for (id, (_, origin)) in &stored {
            if let Origin::Watch(file) = origin {
                let file = Path::new(file);
                if file.parent() == Some(self.dir.as_path()) && !paths.iter().any(|p| p == file) {
                    ops.push(WriteOp::Delete(id.clone()));
                }
            }
        }
        let extractor = self.live.extractor().clone();
        let records = tokio::task::spawn_blocking(move || {
            let extractor = extractor.get();
            docs.into_iter()
                .map(|(d, o)| DocumentRecord::extract(d, o, &extractor))
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        ops.extend(records.into_iter().map(|r| WriteOp::Upsert(Box::new(r))));
        if ops.is_empty() {
            return Ok(());
        }
        for written in store.write(ops).await? {
            match written {
                Written::Created { id, .. } => tracing::info!(id = %id, "watched document added"),
                Written::Replaced { id, .. } => {
                    tracing::info!(id = %id, "watched document updated")
                }
                Written::Deleted { id, .. } => {
                    tracing::info!(id = %id, "watched document removed (its file is gone)")
                }
                Written::Unchanged { id } => {
                    tracing::info!("a watched file repeats document {id:?}; not stored twice")
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl Rescan for DocumentWatch {
    async fn rescan(&mut self, wake: Wake) {
        if wake == Wake::Hangup {
            self.seen.clear();
        }
        if let Err(e) = self.pass().await {
            tracing::error!("{}: not ingested: {e}", self.dir.display());
        }
    }
}

/// A document file, or `None` (logged) when it cannot be one.
fn read(path: &Path) -> Option<Document> {
    let id = path.file_stem()?.to_string_lossy().into_owned();
    if let Some(reason) = valid_id(&id) {
        tracing::warn!("{}: skipped: {reason}", path.display());
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!("{}: skipped: cannot read: {e}", path.display());
            return None;
        }
    };
    match decode_text(&bytes) {
        Ok(text) if text.trim().is_empty() => {
            tracing::warn!("{}: skipped: empty", path.display());
            None
        }
        Ok(text) => Some(Document::parse(id, text)),
        Err(problem) => {
            tracing::warn!("skipped: {}", problem.at(&path.display().to_string()));
            None
        }
    }
}

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path)
        .map(|m| (m.len(), m.modified().ok()))
        .unwrap_or((0, None))
}
