//! The writer: one thread owns the write connection. Requests that arrive
//! while it commits are taken together into the next transaction (group
//! commit), each in its own savepoint, so one fsync acknowledges many
//! writes and a failing request leaves the others alone. A request is
//! answered only after its transaction has committed (WAL with
//! `synchronous=FULL`: the commit is on disk).

use std::sync::mpsc;

use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::{broadcast, oneshot};

use super::columns::Columns;
use super::ops::{self, Touched};
use super::schema;
use crate::store::{Change, Revision, StoreError, WriteOp, Written};

/// Most requests one transaction takes.
const MAX_BATCH: usize = 256;
const FEATURE_TABLES: [&str; 4] = ["places", "events", "claims", "flows"];

/// What the writer thread is asked to do.
pub enum Request {
    Write {
        ops: Vec<WriteOp>,
        reply: oneshot::Sender<Result<Vec<Written>, StoreError>>,
    },
    SetExtractorVersion {
        version: String,
        reply: oneshot::Sender<Result<Revision, StoreError>>,
    },
}

/// Starts the writer thread over `conn`; it runs until every sender is
/// dropped.
pub fn spawn(
    conn: Connection,
    label: String,
    changes: broadcast::Sender<Change>,
) -> std::io::Result<(mpsc::Sender<Request>, std::thread::JoinHandle<()>)> {
    let (tx, rx) = mpsc::channel::<Request>();
    let handle = std::thread::Builder::new()
        .name("mapwire-store-writer".into())
        .spawn(move || {
            let mut writer = Writer {
                conn,
                label,
                changes,
                columns: None,
            };
            while let Ok(first) = rx.recv() {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(next) => batch.push(next),
                        Err(_) => break,
                    }
                }
                writer.run(batch);
            }
        })?;
    Ok((tx, handle))
}

struct Writer {
    conn: Connection,
    label: String,
    changes: broadcast::Sender<Change>,
    /// Known property columns; `None` after a rollback (re-read then).
    columns: Option<Columns>,
}

/// A request's answer, held until the commit.
enum Pending {
    Write(
        oneshot::Sender<Result<Vec<Written>, StoreError>>,
        Result<Vec<Written>, StoreError>,
    ),
    Version(oneshot::Sender<Result<Revision, StoreError>>),
}

impl Writer {
    fn error(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            store: self.label.clone(),
            source,
        }
    }

    fn run(&mut self, batch: Vec<Request>) {
        match self.transaction(batch) {
            Ok(()) => {}
            Err((e, pending)) => {
                // Nothing of this batch is on disk: every request fails.
                self.columns = None;
                tracing::error!("store write failed: {e}");
                for p in pending {
                    match p {
                        Pending::Write(reply, _) => {
                            let _ = reply.send(Err(self.error(clone_error(&e))));
                        }
                        Pending::Version(reply) => {
                            let _ = reply.send(Err(self.error(clone_error(&e))));
                        }
                    }
                }
            }
        }
    }

    /// Runs the batch in one transaction and answers every request.
    fn transaction(&mut self, batch: Vec<Request>) -> Result<(), (rusqlite::Error, Vec<Pending>)> {
        let mut pending = Vec::with_capacity(batch.len());
        let mut touched = Touched::default();
        let mut reload = false;
        let columns = match self.columns.take() {
            Some(c) => c,
            None => match Columns::load(&self.conn, &FEATURE_TABLES) {
                Ok(c) => c,
                Err(e) => return Err((e, into_pending(batch))),
            },
        };
        let mut columns = columns;
        let tx = match self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
        {
            Ok(tx) => tx,
            Err(e) => return Err((e, into_pending(batch))),
        };
        let revision = match schema::meta(&tx, "revision") {
            Ok(r) => r.and_then(|r| r.parse::<Revision>().ok()).unwrap_or(0) + 1,
            Err(e) => return Err((e, into_pending(batch))),
        };
        let mut changed = false;
        for request in batch {
            match request {
                Request::Write { ops, reply } => {
                    let result = run_ops(&tx, &mut columns, &ops, revision, &mut touched);
                    if let Ok(list) = &result {
                        changed |= list.iter().any(|w| w.revision().is_some());
                    } else {
                        // The savepoint was rolled back, DDL included.
                        match Columns::load(&tx, &FEATURE_TABLES) {
                            Ok(c) => columns = c,
                            Err(e) => return Err((e, pending)),
                        }
                    }
                    pending.push(Pending::Write(
                        reply,
                        result.map_err(|e| self_error(&self.label, e)),
                    ));
                }
                Request::SetExtractorVersion { version, reply } => {
                    if let Err(e) = schema::set_meta(&tx, "extractor_version", &version) {
                        pending.push(Pending::Version(reply));
                        return Err((e, pending));
                    }
                    changed = true;
                    reload = true;
                    pending.push(Pending::Version(reply));
                }
            }
        }
        if changed {
            if !touched.places.is_empty() {
                touched.tables.insert("places");
            }
            let mut finish = || -> rusqlite::Result<()> {
                ops::refresh_places(&tx, &mut columns, &touched.places)?;
                schema::set_meta(&tx, "revision", &revision.to_string())?;
                for table in &touched.tables {
                    schema::touch_contents(&tx, table)?;
                }
                Ok(())
            };
            if let Err(e) = finish() {
                return Err((e, pending));
            }
        }
        if let Err(e) = tx.commit() {
            return Err((e, pending));
        }
        self.columns = Some(columns);
        for p in pending {
            match p {
                Pending::Write(reply, result) => {
                    let _ = reply.send(result);
                }
                Pending::Version(reply) => {
                    let _ = reply.send(Ok(revision));
                }
            }
        }
        if changed {
            // No subscriber is fine: a store without a server (ingest).
            let _ = self.changes.send(Change {
                revision,
                documents: touched.documents,
                reload,
            });
        }
        Ok(())
    }
}

/// One request's operations in a savepoint: all of them or none.
fn run_ops(
    conn: &Connection,
    columns: &mut Columns,
    ops: &[WriteOp],
    revision: Revision,
    touched: &mut Touched,
) -> rusqlite::Result<Vec<Written>> {
    conn.execute_batch("SAVEPOINT request")?;
    let mut mine = Touched::default();
    let result: rusqlite::Result<Vec<Written>> = ops
        .iter()
        .map(|op| ops::apply(conn, columns, op, revision, &mut mine))
        .collect();
    match result {
        Ok(list) => {
            conn.execute_batch("RELEASE request")?;
            touched.documents.extend(mine.documents);
            touched.tables.extend(mine.tables);
            touched.places.extend(mine.places);
            Ok(list)
        }
        Err(e) => {
            conn.execute_batch("ROLLBACK TO request; RELEASE request")?;
            Err(e)
        }
    }
}

fn into_pending(batch: Vec<Request>) -> Vec<Pending> {
    batch
        .into_iter()
        .map(|r| match r {
            Request::Write { reply, .. } => Pending::Write(reply, Ok(Vec::new())),
            Request::SetExtractorVersion { reply, .. } => Pending::Version(reply),
        })
        .collect()
}

fn self_error(label: &str, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        store: label.to_string(),
        source,
    }
}

/// rusqlite errors are not `Clone`; every request of a failed batch gets
/// the same message.
fn clone_error(e: &rusqlite::Error) -> rusqlite::Error {
    match e {
        rusqlite::Error::SqliteFailure(code, message) => {
            rusqlite::Error::SqliteFailure(*code, message.clone())
        }
        other => rusqlite::Error::UserFunctionError(other.to_string().into()),
    }
}
