//! Re-extraction in the background: when the store's rows come from another
//! extractor version than the binary's, every such document is extracted
//! again while the stored layers are served. The new rows are written
//! quietly (`WriteOp::Reextract` is not announced document by document);
//! the final `set_extractor_version` announces one reload, so the layers
//! switch from the old extraction to the new one at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Live;
use crate::ingest::EXTRACTOR_VERSION;
use crate::store::{DocumentRecord, WriteOp, Written};

/// Documents per write: keeps each transaction short so API writes in
/// between wait little.
const BATCH: usize = 200;
/// How often progress is logged.
const PROGRESS_EVERY: Duration = Duration::from_secs(2);

pub fn spawn(live: Arc<Live>, stale: usize) {
    tokio::spawn(async move {
        if let Err(e) = run(&live, stale).await {
            tracing::error!("re-extraction stopped: {e}; the stored layers stay served");
        }
    });
}

async fn run(live: &Live, stale: usize) -> Result<(), crate::store::StoreError> {
    let Some(store) = live.store() else {
        return Ok(());
    };
    let started = Instant::now();
    tracing::info!(
        documents = stale,
        version = EXTRACTOR_VERSION,
        "re-extracting documents stored by another extractor version, in the background"
    );
    let snapshot = store.load_all().await?;
    let todo: Vec<DocumentRecord> = snapshot
        .records
        .into_iter()
        .filter(|r| r.extractor_version != EXTRACTOR_VERSION)
        .collect();
    let total = todo.len();
    let (mut done, mut skipped) = (0, 0);
    let mut last_report = Instant::now();
    let mut todo = todo.into_iter().peekable();
    while todo.peek().is_some() {
        let chunk: Vec<DocumentRecord> = todo.by_ref().take(BATCH).collect();
        let extractor = live.extractor().clone();
        let ops = tokio::task::spawn_blocking(move || {
            let extractor = extractor.get();
            chunk
                .into_iter()
                .map(|old| {
                    let mut fresh = DocumentRecord::extract(old.document, old.origin, &extractor);
                    fresh.added = old.added;
                    fresh.updated = old.updated;
                    WriteOp::Reextract(Box::new(fresh))
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| crate::store::StoreError::Closed {
            store: store.describe(),
            reason: e.to_string(),
        })?;
        let n = ops.len();
        for w in store.write(ops).await? {
            if matches!(w, Written::Stale { .. }) {
                skipped += 1;
            }
        }
        done += n;
        if last_report.elapsed() >= PROGRESS_EVERY {
            tracing::info!("re-extracted {done}/{total} documents");
            last_report = Instant::now();
        }
    }
    store.set_extractor_version(EXTRACTOR_VERSION).await?;
    tracing::info!(
        documents = total,
        changed_meanwhile = skipped,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "re-extraction done; serving the new layers"
    );
    Ok(())
}
