//! The server over a live catalog: each request is answered by the router
//! of the catalog current when it arrives, so a request never sees half of
//! a change. A new catalog gets a new router (cheap: routes and shared
//! state), swapped in atomically (`arc-swap`) before the change is
//! announced; the tile service, metrics and settings are shared by all.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use arc_swap::ArcSwap;
use axum::extract::Request;
use axum::response::Response;
use tower::Service;

use super::hot_tiles::{Answer, HotTiles};
use super::{AppState, Metrics, ServerConfig, StateParts, WriteSettings, app};
use crate::archive::ArchiveSet;
use crate::export::prebuilt::PrebuiltTiles;
use crate::live::{Catalog, Live};

/// The app of the current catalog. As a service it hands each request to
/// the app current when it arrives: one atomic load, no router in between.
#[derive(Clone)]
pub struct LiveApp {
    current: Arc<ArcSwap<HotTiles>>,
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

    /// The app of the current catalog (tests drive it without a socket).
    pub fn current(&self) -> HotTiles {
        (*self.current.load_full()).clone()
    }
}

impl Service<Request> for LiveApp {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request) -> Answer {
        self.current.load().respond(req)
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
    fn router(&self, live: Arc<Live>, catalog: &Arc<Catalog>) -> HotTiles {
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
