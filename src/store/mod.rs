//! The store: where documents and everything extracted from them are kept
//! between runs, behind one trait so the server does not know which backend
//! it has.
//!
//! - [`Store`]: the trait. Async, object-safe (`Arc<dyn Store>`), with a
//!   change feed ([`Store::changes`]) that tells a server of every committed
//!   write — its own, or (for a shared backend) another replica's.
//! - [`gpkg`]: the embedded backend, one GeoPackage file that GDAL and QGIS
//!   open as it is.
//! - [`record`]: what is stored per document.
//!
//! `docs/store.md` describes the trait's contract for the next backend.

pub mod gpkg;
pub mod pg;
pub mod record;

use std::fmt::Debug;
use std::path::PathBuf;

use async_trait::async_trait;
use tokio::sync::broadcast;

pub use record::{DocumentRecord, IndexEntry, Origin, content_hash, valid_id};

/// A committed state of the store: every write transaction raises it by one.
pub type Revision = u64;

/// What can go wrong with a store. Every variant names the store (its file
/// or address) so a message is useful on its own.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{store}: {reason}")]
    Unusable { store: String, reason: String },
    #[error("{store}: {source}")]
    Sqlite {
        store: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{store}: {source}")]
    Io {
        store: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{store}: stored data cannot be read: {reason}")]
    Corrupt { store: String, reason: String },
    #[error("{store}: the store has stopped: {reason}")]
    Closed { store: String, reason: String },
    /// The database failed one call (unreachable, a statement refused or
    /// timed out). The store itself goes on: a later call may succeed, for
    /// instance once the database is back.
    #[error("{store}: {reason}")]
    Database { store: String, reason: String },
}

impl StoreError {
    /// The file or address of the store the error is about.
    pub fn store(&self) -> &str {
        match self {
            StoreError::Unusable { store, .. }
            | StoreError::Sqlite { store, .. }
            | StoreError::Io { store, .. }
            | StoreError::Corrupt { store, .. }
            | StoreError::Closed { store, .. }
            | StoreError::Database { store, .. } => store,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One change to make. Each operation of a [`Store::write`] call succeeds
/// or fails on its own (a failed one changes nothing); all that succeed are
/// committed together.
#[derive(Debug, Clone)]
pub enum WriteOp {
    /// Adds a new document. A document with the same content already stored
    /// (under any id) is not added again: the answer names it.
    Create(Box<DocumentRecord>),
    /// Replaces the document with this id; refused when there is none.
    Replace(Box<DocumentRecord>),
    /// Adds the document or replaces the one with its id (bulk ingest and
    /// the watched folder); unchanged content is left alone.
    Upsert(Box<DocumentRecord>),
    /// Writes a re-extraction, but only if the stored document still has
    /// this record's content (a concurrent edit wins).
    Reextract(Box<DocumentRecord>),
    /// Removes the document and everything extracted from it.
    Delete(String),
}

impl WriteOp {
    /// The id of the document this operation is about.
    pub fn id(&self) -> &str {
        match self {
            WriteOp::Create(r)
            | WriteOp::Replace(r)
            | WriteOp::Upsert(r)
            | WriteOp::Reextract(r) => &r.document.id,
            WriteOp::Delete(id) => id,
        }
    }
}

/// How an operation ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Created {
        id: String,
        revision: Revision,
    },
    Replaced {
        id: String,
        revision: Revision,
    },
    Deleted {
        id: String,
        revision: Revision,
    },
    /// Nothing to do: the same content is stored under `id`.
    Unchanged {
        id: String,
    },
    /// `Replace`/`Delete` of an id the store does not have.
    NotFound {
        id: String,
    },
    /// `Create` of an id taken by other content.
    IdTaken {
        id: String,
    },
    /// `Reextract` of a document edited (or removed) since.
    Stale {
        id: String,
    },
}

impl Written {
    /// The revision the operation committed, if it changed anything.
    pub fn revision(&self) -> Option<Revision> {
        match self {
            Written::Created { revision, .. }
            | Written::Replaced { revision, .. }
            | Written::Deleted { revision, .. } => Some(*revision),
            _ => None,
        }
    }
}

/// A committed change, as the change feed announces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub revision: Revision,
    /// The documents added, replaced or removed.
    pub documents: Vec<String>,
    /// Too much changed to list (a re-extraction): reload everything.
    pub reload: bool,
}

/// Everything a server needs to start: every document with its extraction,
/// in store order, and the state they were read at.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub revision: Revision,
    /// The extractor version that produced the stored rows (the oldest one,
    /// when a re-extraction was cut short).
    pub extractor_version: Option<String>,
    pub records: Vec<DocumentRecord>,
}

/// A store of documents and their extraction.
///
/// Contract (what the server relies on, whatever the backend):
/// - [`Store::write`] returns only after its transaction is durable; each
///   operation's outcome is in the returned list, in order.
/// - Every committed write is announced on [`Store::changes`] with a
///   revision larger than any before it, after it is visible to
///   [`Store::load`].
/// - Reads see committed data only.
#[async_trait]
pub trait Store: Send + Sync + Debug {
    /// Where the store is, for logs and messages (a path or an address).
    fn describe(&self) -> String;

    /// Applies the operations in one transaction (each in its own savepoint).
    async fn write(&self, ops: Vec<WriteOp>) -> Result<Vec<Written>>;

    /// Every document with its extraction.
    async fn load_all(&self) -> Result<Snapshot>;

    /// The documents with these ids (missing ones are left out).
    async fn load(&self, ids: &[String]) -> Result<Vec<DocumentRecord>>;

    /// Id, content hash and origin of every document (cheap: no text).
    async fn index(&self) -> Result<Vec<IndexEntry>>;

    /// The latest committed revision.
    async fn revision(&self) -> Result<Revision>;

    /// Records that every stored row now comes from `version`, and
    /// announces a reload.
    async fn set_extractor_version(&self, version: &str) -> Result<Revision>;

    /// Committed changes from now on. A receiver that falls behind gets
    /// `Lagged` and should reload everything.
    fn changes(&self) -> broadcast::Receiver<Change>;
}

/// Where a server keeps its store, as chosen on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A GeoPackage file.
    File(PathBuf),
}
