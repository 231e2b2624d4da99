//! The embedded store: one GeoPackage file (SQLite, bundled with the
//! binary). GDAL and QGIS open it as it is and see the `places`, `events`
//! and `flows` layers; `documents` and `mentions` are attribute tables.
//!
//! - `schema.rs`: the GeoPackage tables, the checks on open, migrations.
//! - `blob.rs`: geometry blobs and the `ST_*` functions of the R-tree triggers.
//! - `columns.rs`: one column per feature property.
//! - `ops.rs`: one write operation.
//! - `write.rs`: the writer thread and its group commit.
//! - `read.rs`: documents and features back out.
//!
//! Durability: WAL with `synchronous=FULL`, so a commit is on disk when the
//! writer answers. A new store is built in a temporary file beside the
//! target and renamed into place, so a crash during the first start leaves
//! no half-made store behind.

mod blob;
mod columns;
mod ops;
mod read;
mod schema;
mod write;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{broadcast, oneshot};

pub use blob::{BlobError, decode as decode_blob, encode as encode_blob};
pub use schema::SCHEMA_VERSION;

use super::{
    Change, DocumentRecord, IndexEntry, Result, Revision, Snapshot, Store, StoreError, WriteOp,
    Written,
};
use crate::ingest::EXTRACTOR_VERSION;

/// Changes buffered for a slow subscriber before it must reload.
const CHANGE_BUFFER: usize = 4096;

/// A GeoPackage store.
pub struct GpkgStore {
    path: PathBuf,
    label: String,
    /// `None` once closed.
    writer: Mutex<Option<mpsc::Sender<write::Request>>>,
    writer_thread: Mutex<Option<std::thread::JoinHandle<()>>>,
    reader: Arc<Mutex<Connection>>,
    changes: broadcast::Sender<Change>,
}

impl std::fmt::Debug for GpkgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GpkgStore")
            .field("path", &self.path)
            .finish()
    }
}

impl GpkgStore {
    /// Opens an existing store. A file that is not a GeoPackage, not a
    /// mapwire store, of a newer schema or corrupt is refused with the
    /// reason, and left as it is.
    pub fn open(path: &Path) -> Result<GpkgStore> {
        let label = path.display().to_string();
        let unusable = |reason: String| StoreError::Unusable {
            store: label.clone(),
            reason,
        };
        sniff(path).map_err(&unusable)?;
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| unusable(format!("cannot open: {e}")))?;
        let version = schema::check(&conn).map_err(&unusable)?;
        configure(&conn).map_err(|e| unusable(format!("cannot configure: {e}")))?;
        schema::migrate(&mut conn, version)
            .map_err(|e| unusable(format!("cannot migrate schema {version}: {e}")))?;
        GpkgStore::start(path, conn)
    }

    /// Creates a new store at `path` holding `seed` (it must not exist).
    pub fn create(path: &Path, seed: Vec<DocumentRecord>) -> Result<GpkgStore> {
        let label = path.display().to_string();
        let io = |source| StoreError::Io {
            store: label.clone(),
            source,
        };
        let sqlite = |source| StoreError::Sqlite {
            store: label.clone(),
            source,
        };
        remove_stale_temporaries(path);
        let temp = temporary_path(path);
        let _ = std::fs::remove_file(&temp);
        let built = (|| -> Result<()> {
            let conn = Connection::open(&temp).map_err(sqlite)?;
            blob::register_functions(&conn).map_err(sqlite)?;
            conn.pragma_update(None, "journal_mode", "DELETE")
                .map_err(sqlite)?;
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(sqlite)?;
            schema::create(&conn, EXTRACTOR_VERSION).map_err(sqlite)?;
            drop(conn);
            if !seed.is_empty() {
                let store = GpkgStore::open(&temp)?;
                let ops = seed
                    .into_iter()
                    .map(|r| WriteOp::Upsert(Box::new(r)))
                    .collect();
                store.write_blocking(ops)?;
                // Dropping closes both connections: the WAL is checkpointed.
            }
            Ok(())
        })();
        if let Err(e) = built {
            let _ = std::fs::remove_file(&temp);
            remove_sidecars(&temp);
            return Err(e);
        }
        // The temporary store is closed (its WAL checkpointed); only now
        // does the target appear, complete. A target made meanwhile by
        // someone else is not replaced.
        remove_sidecars(&temp);
        if path.exists() {
            let _ = std::fs::remove_file(&temp);
            return GpkgStore::open(path);
        }
        std::fs::rename(&temp, path).map_err(io)?;
        sync_dir(path);
        GpkgStore::open(path)
    }

    /// Opens the store at `path`, creating it with `seed()` when there is
    /// no file. Returns whether it was created.
    pub fn open_or_create(
        path: &Path,
        seed: impl FnOnce() -> Vec<DocumentRecord>,
    ) -> Result<(GpkgStore, bool)> {
        if path.exists() {
            Ok((GpkgStore::open(path)?, false))
        } else {
            Ok((GpkgStore::create(path, seed())?, true))
        }
    }

    fn start(path: &Path, writer_conn: Connection) -> Result<GpkgStore> {
        let label = path.display().to_string();
        let sqlite = |source| StoreError::Sqlite {
            store: label.clone(),
            source,
        };
        blob::register_functions(&writer_conn).map_err(sqlite)?;
        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite)?;
        configure(&reader).map_err(sqlite)?;
        let (changes, _) = broadcast::channel(CHANGE_BUFFER);
        let (writer, thread) =
            write::spawn(writer_conn, label.clone(), changes.clone()).map_err(|e| {
                StoreError::Io {
                    store: label.clone(),
                    source: e,
                }
            })?;
        Ok(GpkgStore {
            path: path.to_path_buf(),
            label,
            writer: Mutex::new(Some(writer)),
            writer_thread: Mutex::new(Some(thread)),
            reader: Arc::new(Mutex::new(reader)),
            changes,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn closed(&self, reason: &str) -> StoreError {
        StoreError::Closed {
            store: self.label.clone(),
            reason: reason.to_string(),
        }
    }

    fn send(&self, request: write::Request) -> Result<()> {
        let writer = self
            .writer
            .lock()
            .map_err(|_| self.closed("the writer lock is poisoned"))?;
        writer
            .as_ref()
            .ok_or_else(|| self.closed("the store is closed"))?
            .send(request)
            .map_err(|_| self.closed("the writer thread has stopped"))
    }

    /// Stops the writer after the writes already sent, and waits for it to
    /// close its connection (the WAL is checkpointed by the last close).
    pub fn close(&self) {
        if let Ok(mut writer) = self.writer.lock() {
            writer.take();
        }
        let thread = self.writer_thread.lock().ok().and_then(|mut t| t.take());
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }

    /// [`Store::write`] for callers without an async runtime.
    pub fn write_blocking(&self, ops: Vec<WriteOp>) -> Result<Vec<Written>> {
        let (reply, answer) = oneshot::channel();
        self.send(write::Request::Write { ops, reply })?;
        answer
            .blocking_recv()
            .map_err(|_| self.closed("the writer dropped the request"))?
    }

    /// Runs `f` on the read connection on a blocking thread.
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> std::result::Result<T, read::ReadError> + Send + 'static,
    ) -> Result<T> {
        let reader = self.reader.clone();
        let label = self.label.clone();
        let task = tokio::task::spawn_blocking(move || {
            let mut conn = reader.lock().map_err(|_| StoreError::Closed {
                store: label.clone(),
                reason: "the reader lock is poisoned".into(),
            })?;
            f(&mut conn).map_err(|e| read_error(&label, e))
        });
        task.await.map_err(|e| self.closed(&e.to_string()))?
    }

    /// Every document with its extraction, without an async runtime.
    pub fn load_all_blocking(&self) -> Result<Snapshot> {
        let mut conn = self
            .reader
            .lock()
            .map_err(|_| self.closed("the reader lock is poisoned"))?;
        read::snapshot(&mut conn).map_err(|e| read_error(&self.label, e))
    }
}

impl Drop for GpkgStore {
    fn drop(&mut self) {
        self.close();
    }
}

fn read_error(label: &str, e: read::ReadError) -> StoreError {
    match e {
        read::ReadError::Sqlite(source) => StoreError::Sqlite {
            store: label.to_string(),
            source,
        },
        other => StoreError::Corrupt {
            store: label.to_string(),
            reason: other.to_string(),
        },
    }
}

#[async_trait]
impl Store for GpkgStore {
    fn describe(&self) -> String {
        format!("GeoPackage {}", self.label)
    }

    async fn write(&self, ops: Vec<WriteOp>) -> Result<Vec<Written>> {
        let (reply, answer) = oneshot::channel();
        self.send(write::Request::Write { ops, reply })?;
        answer
            .await
            .map_err(|_| self.closed("the writer dropped the request"))?
    }

    async fn load_all(&self) -> Result<Snapshot> {
        self.read(read::snapshot).await
    }

    async fn load(&self, ids: &[String]) -> Result<Vec<DocumentRecord>> {
        let ids = ids.to_vec();
        self.read(move |conn| read::records(conn, Some(&ids))).await
    }

    async fn index(&self) -> Result<Vec<IndexEntry>> {
        self.read(|conn| read::index(conn)).await
    }

    async fn revision(&self) -> Result<Revision> {
        self.read(|conn| read::revision(conn)).await
    }

    async fn set_extractor_version(&self, version: &str) -> Result<Revision> {
        let (reply, answer) = oneshot::channel();
        self.send(write::Request::SetExtractorVersion {
            version: version.to_string(),
            reply,
        })?;
        answer
            .await
            .map_err(|_| self.closed("the writer dropped the request"))?
    }

    fn changes(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }
}

/// WAL (readers never wait for the writer, GDAL can read while the server
/// writes), `synchronous=FULL` (a commit is on disk before it is
/// acknowledged), a busy timeout for the moments another process holds a
/// lock.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// Refuses what is plainly not an SQLite database before SQLite opens it.
fn sniff(path: &Path) -> std::result::Result<(), String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut head = [0u8; 16];
    let n = file
        .read(&mut head)
        .map_err(|e| format!("cannot read: {e}"))?;
    if n == 0 {
        return Err("the file is empty: not a GeoPackage (remove it to start a new store)".into());
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err("not a GeoPackage: the file is not an SQLite database".into());
    }
    Ok(())
}

/// `.{name}.creating-{pid}` beside the target.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "store".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.creating-{}", std::process::id()))
}

/// Removes temporary stores left by runs that died while creating one
/// (their process is gone).
fn remove_stale_temporaries(path: &Path) {
    let Some(dir) = path.parent().map(|d| {
        if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        }
    }) else {
        return;
    };
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.creating-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or("");
        let alive = !pid.is_empty() && Path::new("/proc").join(pid).exists();
        if !alive || pid == std::process::id().to_string() {
            tracing::info!("removing a store left half-made by an earlier run: {file}");
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn remove_sidecars(path: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Makes a rename durable (best effort: not every file system allows it).
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

#[cfg(test)]
mod tests;
