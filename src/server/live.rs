//! The server over a live catalog: each request is answered by the router
//! of the catalog current when it arrives, so a request never sees half of
//! a change. A new catalog gets a new router (cheap: routes and shared
//! state), swapped in atomically (`arc-swap`) before the change is
//! announced; the tile service, metrics and settings are shared by all.

use std::sync::Arc;

use arc_swap::ArcSwap;
use axum::Router;
use axum::extract::Request;
use tower::ServiceExt;

use super::{AppState, Metrics, ServerConfig, StateParts, WriteSettings, app};
use crate::archive::ArchiveSet;
use crate::export::prebuilt::PrebuiltTiles;
use crate::live::{Catalog, Live};

/// The router of the current catalog.
#[derive(Clone)]
pub struct LiveApp {
    current: Arc<ArcSwap<Router>>,
}

impl LiveApp {
    /// Serves `live`'s catalogs with `config` and `writes`.
    pub fn new(live: &Arc<Live>, config: ServerConfig, writes: WriteSettings) -> LiveApp {
        Self::with_tiles(live, config, writes, ArchiveSet::default(), Arc::default())
    }

    /// Serves `live`'s catalogs with tile `archives` beside the layers and
    /// the `prebuilt` layer tiles (filled by `export::prewarm`).
    pub fn with_tiles(
        live: &Arc<Live>,
        config: ServerConfig,
        writes: WriteSettings,
        archives: ArchiveSet,
        prebuilt: Arc<PrebuiltTiles>,
    ) -> LiveApp {
        let shared = Shared {
            archives: Arc::new(archives),
            prebuilt,
            live: Arc::downgrade(live),
            config: Arc::new(config),
            writes: Arc::new(writes),
            metrics: Arc::new(Metrics::default()),
            builders: Arc::new(tokio::sync::Semaphore::new(
                2 * std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
        };
        let first = shared.router(live.clone(), &live.catalog());
        let current = Arc::new(ArcSwap::from_pointee(first));
        let swap = current.clone();
        live.on_swap(move |catalog| {
            if let Some(live) = shared.live.upgrade() {
                swap.store(Arc::new(shared.router(live, catalog)));
            }
        });
        LiveApp { current }
    }

    /// One router that hands every request to the current one.
    pub fn router(&self) -> Router {
        let current = self.current.clone();
        Router::new().fallback(move |req: Request| {
            let router = current.load_full();
            async move {
                match (*router).clone().oneshot(req).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                }
            }
        })
    }

    /// The router of the current catalog (tests drive it without a socket).
    pub fn current(&self) -> Router {
        (*self.current.load_full()).clone()
    }
}

/// What every catalog's state shares.
struct Shared {
    live: std::sync::Weak<Live>,
    config: Arc<ServerConfig>,
    writes: Arc<WriteSettings>,
    metrics: Arc<Metrics>,
    archives: Arc<ArchiveSet>,
    prebuilt: Arc<PrebuiltTiles>,
    /// Shared by every catalog's state: the bound is the server's.
    builders: Arc<tokio::sync::Semaphore>,
}

impl Shared {
    fn router(&self, live: Arc<Live>, catalog: &Arc<Catalog>) -> Router {
        let state = AppState::from(StateParts {
            layers: catalog.layers.clone(),
            config: self.config.clone(),
            metrics: self.metrics.clone(),
            basemap: catalog.basemap.clone(),
            tiles: live.tiles().clone(),
            documents: catalog.documents.clone(),
            archives: self.archives.clone(),
            prebuilt: self.prebuilt.clone(),
            live: Some(live),
            writes: self.writes.clone(),
            builders: self.builders.clone(),
        });
        app(state)
    }
}

impl std::fmt::Debug for LiveApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LiveApp")
    }
}
