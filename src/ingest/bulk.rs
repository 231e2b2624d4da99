//! Bulk ingest into a store (`mapwire ingest DIR --store FILE`): documents
//! extracted on every core, written in batches of one transaction each,
//! idempotent by content hash (a document whose text and extractor version
//! are already stored is neither extracted nor written again).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::documents::Document;
use crate::store::{DocumentRecord, Origin, Store, StoreError, WriteOp, Written, content_hash};

use super::{EXTRACTOR_VERSION, Extractor};

/// Documents per transaction: large enough that the fsync per commit is
/// noise, small enough to bound the memory of one batch.
const BATCH: usize = 500;

/// What a bulk run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkStats {
    pub documents: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub events: usize,
    pub flows: usize,
    pub mentions: usize,
}

/// Writes `docs` (each with its origin) into `store`, calling `progress`
/// with the number of documents done so far.
pub async fn into_store(
    store: &dyn Store,
    docs: Vec<(Document, Origin)>,
    extractor: &Extractor,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<BulkStats, StoreError> {
    let stored: HashMap<String, (String, String)> = store
        .index()
        .await?
        .into_iter()
        .map(|e| (e.id, (e.content_hash, e.extractor_version)))
        .collect();
    let mut stats = BulkStats {
        documents: docs.len(),
        ..BulkStats::default()
    };
    let mut done = 0;
    let mut docs = docs.into_iter().peekable();
    while docs.peek().is_some() {
        let chunk: Vec<(Document, Origin)> = docs.by_ref().take(BATCH).collect();
        let n = chunk.len();
        let todo: Vec<(Document, Origin)> = chunk
            .into_iter()
            .filter(|(d, _)| {
                let fresh = stored.get(&d.id).is_some_and(|(hash, version)| {
                    version == EXTRACTOR_VERSION && *hash == content_hash(&d.text)
                });
                if fresh {
                    stats.unchanged += 1;
                }
                !fresh
            })
            .collect();
        let records = extract_all(todo, extractor);
        for r in &records {
            stats.events += r.extraction.events.len();
            stats.flows += r.extraction.flows.len();
            stats.mentions += r.extraction.mentions.len();
        }
        let ops = records
            .into_iter()
            .map(|r| WriteOp::Upsert(Box::new(r)))
            .collect();
        for written in store.write(ops).await? {
            match written {
                Written::Created { .. } => stats.added += 1,
                Written::Replaced { .. } => stats.replaced += 1,
                _ => stats.unchanged += 1,
            }
        }
        done += n;
        progress(done);
    }
    Ok(stats)
}

/// Extracts every document, on as many threads as there are cores.
fn extract_all(docs: Vec<(Document, Origin)>, extractor: &Extractor) -> Vec<DocumentRecord> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(docs.len().max(1));
    let next = AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<DocumentRecord>>> =
        docs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((doc, origin)) = docs.get(i) else {
                        break;
                    };
                    let record = DocumentRecord::extract(doc.clone(), origin.clone(), extractor);
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(record);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .filter_map(|s| s.into_inner().ok().flatten())
        .collect()
}
