//! Live layers: the catalog a server serves, changed while it runs.
//!
//! The store's change feed (its own writes, or another replica's) names the
//! documents that changed; the updater reads them back, applies them to the
//! in-memory [`corpus::Corpus`], rebuilds only the layers they touch, keeps
//! the cached vector and basemap tiles the change does not reach, and swaps
//! in a new [`Catalog`] at once: a reader holds one catalog for a whole
//! request, old or new, never a mix. The map page hears of each swap as an
//! [`Update`] (Server-Sent Events, `GET /updates`).
//!
//! - `corpus.rs`: documents and the layers made from them.
//! - `reextract.rs`: re-extraction in the background when the store's rows
//!   come from another extractor version.

pub mod corpus;
mod reextract;

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use arc_swap::ArcSwap;
use serde::Serialize;
use tokio::sync::{Mutex, broadcast, mpsc, watch};

use crate::basemap::Basemap;
use crate::documents::DocumentStore;
use crate::ingest::SharedExtractor;
use crate::layers::{Layer, LayerSet};
use crate::store::{Change, Revision, Store, StoreError};
use crate::tiles::{LayerChange, TileService};
use corpus::{Corpus, Dirty};

/// Titles and descriptions of the three layers made from the documents.
const LAYER_TEXT: [(&str, &str, &str); 4] = [
    (
        "events",
        "Events",
        "Dated, sourced events extracted from the stored documents: deployments, port calls, \
         port-call agreements, arms transfers, agreements, exercises and visits.",
    ),
    (
        "claims",
        "Claims",
        "Events the stored documents report as planned, denied or alleged: kept apart from the \
         events, so no map takes them for facts.",
    ),
    (
        "flows",
        "Flows",
        "Great-circle lines from origin to destination for deployments, port calls and arms \
         transfers.",
    ),
    (
        "places",
        "Places",
        "Every place the stored documents name, with mention counts.",
    ),
];

/// What a server serves at one moment.
#[derive(Debug)]
pub struct Catalog {
    /// The store revision the catalog includes.
    pub revision: Revision,
    pub layers: Arc<LayerSet>,
    pub documents: Arc<DocumentStore>,
    pub basemap: Option<Arc<Basemap>>,
}

/// A change of the catalog, as the map page hears of it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Update {
    pub revision: Revision,
    /// Documents added, changed or removed.
    pub documents: Vec<String>,
    /// Layers whose features changed.
    pub layers: Vec<String>,
    /// Everything may have changed: reload all.
    pub reload: bool,
}

/// A called-back observer of catalog swaps (the server rebuilds its router).
type SwapHook = Box<dyn Fn(&Arc<Catalog>) + Send + Sync>;

/// What the catalog is made from.
#[derive(Debug, Default)]
struct Inner {
    corpus: Corpus,
    /// Built into the binary (the countries).
    builtin: Vec<Arc<Layer>>,
    /// The `--data` files.
    data: Vec<Arc<Layer>>,
}

/// The live catalog and what changes it.
pub struct Live {
    store: Option<Arc<dyn Store>>,
    extractor: Arc<SharedExtractor>,
    tiles: Arc<TileService>,
    current: ArcSwap<Catalog>,
    inner: Mutex<Inner>,
    installed: watch::Sender<Revision>,
    updates: broadcast::Sender<Update>,
    hooks: RwLock<Vec<SwapHook>>,
    data: mpsc::UnboundedSender<Vec<Arc<Layer>>>,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("store", &self.store)
            .field("revision", &self.current.load().revision)
            .finish_non_exhaustive()
    }
}

impl Live {
    /// Reads the store (if any), builds the first catalog with the
    /// `builtin` and `data` layers beside the document layers, and starts
    /// the updater. Returns the problems met (layers not served, and why).
    pub async fn start(
        store: Option<Arc<dyn Store>>,
        builtin: Vec<Layer>,
        data: Vec<Arc<Layer>>,
        extractor: Arc<SharedExtractor>,
        tile_cache_bytes: u64,
        basemap_cache_bytes: u64,
    ) -> Result<(Arc<Live>, Vec<String>), StoreError> {
        // Subscribe first: a write between the snapshot and the subscription
        // would otherwise be missed.
        let changes = store.as_ref().map(|s| s.changes());
        let snapshot = match &store {
            Some(s) => s.load_all().await?,
            None => Default::default(),
        };
        let stale = snapshot
            .records
            .iter()
            .filter(|r| r.extractor_version != crate::ingest::EXTRACTOR_VERSION)
            .count();
        let inner = Inner {
            corpus: Corpus::from_records(snapshot.records),
            builtin: builtin.into_iter().map(Arc::new).collect(),
            data,
        };
        let (layers, problems) = assemble(&inner, store.is_some(), None);
        let tiles = Arc::new(TileService::new(&layers, tile_cache_bytes));
        let catalog = Catalog {
            revision: snapshot.revision,
            basemap: crate::server::basemap_for(&layers, basemap_cache_bytes),
            documents: Arc::new(inner.corpus.documents()),
            layers: Arc::new(layers),
        };
        let (data, data_rx) = mpsc::unbounded_channel();
        let live = Arc::new(Live {
            store,
            extractor,
            tiles,
            current: ArcSwap::from_pointee(catalog),
            inner: Mutex::new(inner),
            installed: watch::Sender::new(snapshot.revision),
            updates: broadcast::channel(256).0,
            hooks: RwLock::new(Vec::new()),
            data,
        });
        tokio::spawn(updater(Arc::downgrade(&live), changes, data_rx));
        if stale > 0 {
            reextract::spawn(live.clone(), stale);
        }
        Ok((live, problems))
    }

    /// The catalog being served.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.current.load_full()
    }

    pub fn store(&self) -> Option<&Arc<dyn Store>> {
        self.store.as_ref()
    }

    /// The extractor writes use (made on first use: call `get` off the
    /// async threads).
    pub fn extractor(&self) -> &Arc<SharedExtractor> {
        &self.extractor
    }

    pub fn tiles(&self) -> &Arc<TileService> {
        &self.tiles
    }

    /// Catalog changes from now on.
    pub fn updates(&self) -> broadcast::Receiver<Update> {
        self.updates.subscribe()
    }

    /// Calls `hook` with every new catalog, before it is announced.
    pub fn on_swap(&self, hook: impl Fn(&Arc<Catalog>) + Send + Sync + 'static) {
        if let Ok(mut hooks) = self.hooks.write() {
            hooks.push(Box::new(hook));
        }
    }

    /// Waits until the catalog includes `revision` (at most `limit`);
    /// whether it does.
    pub async fn wait_for(&self, revision: Revision, limit: Duration) -> bool {
        let mut rx = self.installed.subscribe();
        tokio::time::timeout(limit, rx.wait_for(|r| *r >= revision))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    /// Serves these `--data` layers in place of the previous ones (a layer
    /// that is the same `Arc` as before keeps its cached tiles).
    pub fn set_data_layers(&self, layers: Vec<Arc<Layer>>) {
        let _ = self.data.send(layers);
    }

    /// Applies committed store changes.
    async fn apply(&self, changes: Vec<Change>) -> Result<(), StoreError> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        let revision = changes.iter().map(|c| c.revision).max().unwrap_or(0);
        if changes.iter().any(|c| c.reload) {
            return self.reload().await;
        }
        let ids: Vec<String> = changes
            .into_iter()
            .flat_map(|c| c.documents)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if ids.is_empty() {
            self.installed.send_if_modified(|r| bump(r, revision));
            return Ok(());
        }
        let mut records = store.load(&ids).await?;
        let mut inner = self.inner.lock().await;
        let applied = ids
            .iter()
            .map(|id| {
                let found = records.iter().position(|r| r.document.id == *id);
                (id.clone(), found.map(|i| records.swap_remove(i)))
            })
            .collect();
        let dirty = inner.corpus.apply(applied);
        self.swap(&inner, dirty, revision, ids, Vec::new(), false);
        Ok(())
    }

    /// Reads everything again (after a re-extraction, or when the change
    /// feed ran ahead of the updater).
    async fn reload(&self) -> Result<(), StoreError> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        let snapshot = store.load_all().await?;
        let mut inner = self.inner.lock().await;
        inner.corpus = Corpus::from_records(snapshot.records);
        let everything = Dirty {
            events: Some(vec![world()]),
            claims: Some(vec![world()]),
            flows: Some(vec![world()]),
            places: Some(vec![world()]),
        };
        self.swap(
            &inner,
            everything,
            snapshot.revision,
            Vec::new(),
            Vec::new(),
            true,
        );
        Ok(())
    }

    async fn replace_data(&self, fresh: Vec<Arc<Layer>>) {
        let mut inner = self.inner.lock().await;
        let mut names = BTreeSet::new();
        for layer in &fresh {
            if !inner.data.iter().any(|old| Arc::ptr_eq(old, layer)) {
                self.tiles.replace(layer.clone());
                names.insert(layer.id.clone());
            }
        }
        for old in &inner.data {
            if !fresh.iter().any(|l| l.id == old.id) {
                self.tiles.remove(&old.id);
                names.insert(old.id.clone());
            }
        }
        if names.is_empty() {
            return;
        }
        inner.data = fresh;
        let revision = self.current.load().revision;
        let names = names.into_iter().collect();
        self.swap(&inner, Dirty::default(), revision, Vec::new(), names, false);
    }

    /// Builds and installs the catalog after a change, and announces it
    /// when it changed layers (`also` names changed layers not made from
    /// documents) or documents.
    fn swap(
        &self,
        inner: &Inner,
        dirty: Dirty,
        revision: Revision,
        documents: Vec<String>,
        also: Vec<String>,
        reload: bool,
    ) {
        let started = std::time::Instant::now();
        let old = self.current.load_full();
        let (layers, problems, changes) = rebuild(inner, self.store.is_some(), &old.layers, dirty);
        let built = started.elapsed();
        for p in problems {
            tracing::error!("not served: {p}");
        }
        let carried = self.tiles.update(&changes);
        let tiled = started.elapsed();
        let events_changed = changes.iter().any(|c| c.layer.id == "events");
        let basemap = match (&old.basemap, events_changed) {
            (Some(b), true) => {
                let (countries, places) = crate::basemap::event_marks(&layers);
                // Most writes add events in countries and places already
                // marked: the basemap, its cache and its ETags stay.
                if b.has_marks(&countries, &places) {
                    Some(b.clone())
                } else {
                    match b.with_marks(&countries, places) {
                        Ok(b) => Some(Arc::new(b)),
                        Err(e) => {
                            tracing::error!("basemap not updated: {e}");
                            old.basemap.clone()
                        }
                    }
                }
            }
            _ => old.basemap.clone(),
        };
        let mapped = started.elapsed();
        let mut changed: Vec<String> = changes.iter().map(|c| c.layer.id.clone()).collect();
        changed.extend(also);
        tracing::info!(
            revision,
            documents = documents.len(),
            layers = ?changed,
            tiles_kept = carried.kept,
            tiles_dropped = carried.dropped,
            build_ms = built.as_millis() as u64,
            tiles_ms = (tiled - built).as_millis() as u64,
            basemap_ms = (mapped - tiled).as_millis() as u64,
            "layers updated"
        );
        let catalog = Arc::new(Catalog {
            revision: revision.max(old.revision),
            layers: Arc::new(layers),
            documents: Arc::new(inner.corpus.documents()),
            basemap,
        });
        if let Ok(hooks) = self.hooks.read() {
            for hook in hooks.iter() {
                hook(&catalog);
            }
        }
        self.current.store(catalog);
        self.installed.send_if_modified(|r| bump(r, revision));
        let update = Update {
            revision,
            documents,
            layers: changed,
            reload,
        };
        if !update.layers.is_empty() || !update.documents.is_empty() || reload {
            let _ = self.updates.send(update);
        }
    }
}

fn bump(installed: &mut Revision, revision: Revision) -> bool {
    if revision > *installed {
        *installed = revision;
        true
    } else {
        false
    }
}

/// The document layer `id`, built from the corpus.
fn layer_of(inner: &Inner, id: &str, title: &str, description: &str) -> Layer {
    match id {
        "events" => inner.corpus.events_layer(title, description),
        "claims" => inner.corpus.claims_layer(title, description),
        "flows" => inner.corpus.flows_layer(title, description),
        _ => inner.corpus.places_layer(title, description),
    }
}

/// The geometries a change touched in one layer.
type Geometries = Vec<geo::Geometry<f64>>;

/// A geometry that meets every tile.
fn world() -> geo::Geometry<f64> {
    geo::Geometry::Rect(geo::Rect::new((-180.0, -90.0), (180.0, 90.0)))
}

/// The layer set of `inner`: the document layers (when there is a store),
/// then the extra layers; layers named twice are reported, not served.
fn assemble(inner: &Inner, documents: bool, reuse: Option<&LayerSet>) -> (LayerSet, Vec<String>) {
    let mut all: Vec<Arc<Layer>> = Vec::new();
    if documents {
        for (id, title, description) in LAYER_TEXT {
            let layer = match reuse.and_then(|set| set.get(id)) {
                Some(layer) => layer.clone(),
                None => Arc::new(layer_of(inner, id, title, description)),
            };
            all.push(layer);
        }
    }
    all.extend(inner.builtin.iter().cloned());
    all.extend(inner.data.iter().cloned());
    let (set, duplicates) = LayerSet::from_shared(all);
    let problems = duplicates
        .into_iter()
        .map(|id| format!("layer id {id:?} is taken: the second one is not served"))
        .collect();
    (set, problems)
}

/// The new layer set after `dirty`: changed document layers rebuilt, the
/// rest shared with `old`.
fn rebuild(
    inner: &Inner,
    documents: bool,
    old: &LayerSet,
    dirty: Dirty,
) -> (LayerSet, Vec<String>, Vec<LayerChange>) {
    let mut changes = Vec::new();
    let mut kept: Vec<Arc<Layer>> = Vec::new();
    let Dirty {
        events,
        claims,
        flows,
        places,
    } = dirty;
    let wanted: Vec<(&str, &str, &str, Option<Geometries>)> = LAYER_TEXT
        .iter()
        .zip([events, claims, flows, places])
        .map(|((id, title, description), list)| (*id, *title, *description, list))
        .filter(|_| documents)
        .collect();
    // The changed layers are built at once, one thread each: a write to a
    // big store waits for the largest, not for the sum.
    let built: Vec<(Arc<Layer>, Option<Geometries>)> = std::thread::scope(|scope| {
        let jobs: Vec<_> = wanted
            .into_iter()
            .map(|(id, title, description, list)| match (list, old.get(id)) {
                (None, Some(layer)) => Err(layer.clone()),
                (list, _) => Ok(scope.spawn(move || {
                    let layer = layer_of(inner, id, title, description);
                    (Arc::new(layer), Some(list.unwrap_or_else(|| vec![world()])))
                })),
            })
            .collect();
        jobs.into_iter()
            .filter_map(|job| match job {
                Err(layer) => Some((layer, None)),
                Ok(handle) => handle.join().ok(),
            })
            .collect()
    });
    for (layer, dirty) in built {
        if let Some(dirty) = dirty {
            changes.push(LayerChange {
                layer: layer.clone(),
                dirty,
            });
        }
        kept.push(layer);
    }
    let reuse = LayerSet::from_shared(kept).0;
    let (set, problems) = assemble(inner, documents, Some(&reuse));
    (set, problems, changes)
}

/// Applies store changes and `--data` layer sets as they come, one at a
/// time, until the live state is dropped.
async fn updater(
    live: std::sync::Weak<Live>,
    mut changes: Option<broadcast::Receiver<Change>>,
    mut data: mpsc::UnboundedReceiver<Vec<Arc<Layer>>>,
) {
    loop {
        let next = async {
            match changes.as_mut() {
                Some(rx) => Some(rx.recv().await),
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            received = next => {
                let Some(live) = live.upgrade() else { return };
                let result = match received {
                    Some(Ok(first)) => {
                        let mut batch = vec![first];
                        while let Some(Ok(c)) = changes.as_mut().map(|rx| rx.try_recv()) {
                            batch.push(c);
                        }
                        live.apply(batch).await
                    }
                    Some(Err(broadcast::error::RecvError::Lagged(n))) => {
                        tracing::warn!("{n} store changes arrived faster than applied: reloading");
                        live.reload().await
                    }
                    Some(Err(broadcast::error::RecvError::Closed)) | None => {
                        changes = None;
                        Ok(())
                    }
                };
                if let Err(e) = result {
                    // A change not applied would be missed for good: read
                    // everything again until the store answers.
                    tracing::error!("layers not updated: {e}; reloading until the store answers");
                    let mut wait = Duration::from_millis(250);
                    while let Err(e) = live.reload().await {
                        tracing::debug!("reload failed: {e}");
                        tokio::time::sleep(wait).await;
                        wait = (wait * 2).min(Duration::from_secs(5));
                    }
                }
            }
            layers = data.recv() => {
                let Some(layers) = layers else { return };
                let Some(live) = live.upgrade() else { return };
                live.replace_data(layers).await;
            }
        }
    }
}
