//! Starting the server from checked options: open (or create) the store,
//! build the live catalog, start the watchers, serve until a signal.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use tokio::sync::broadcast;

use mapwire::archive::ArchiveSet;
use mapwire::export::prebuilt::PrebuiltTiles;
use mapwire::export::prewarm::{self, Prewarm};
use mapwire::ingest::{Extractor, SharedExtractor};
use mapwire::layers::builtin_countries;
use mapwire::layers::postgis::PgLayers;
use mapwire::live::Live;
use mapwire::server::{ConnectionLimits, LiveApp, ServerConfig, WriteSettings};
use mapwire::store::gpkg::GpkgStore;
use mapwire::store::pg::{self, PgStore};
use mapwire::store::{DocumentRecord, Origin, Store};
use mapwire::watch::data::{DataDir, DataWatch};
use mapwire::watch::documents::DocumentWatch;
use mapwire::watch::pg::DataLayers;

/// Everything `serve` decided.
pub struct Plan {
    pub store: Option<PathBuf>,
    pub data: Option<PathBuf>,
    /// `--pg-layers`: PostGIS tables served as layers.
    pub pg_layers: Option<PgLayers>,
    pub watch: Option<PathBuf>,
    pub builtin: bool,
    pub config: ServerConfig,
    pub writes: WriteSettings,
    pub bind: SocketAddr,
    pub limits: ConnectionLimits,
    /// `--tiles` archives as (name, file).
    pub tiles: Vec<(String, PathBuf)>,
    /// Pre-building of layer tiles after a load or a write.
    pub prewarm: Prewarm,
    /// The pool and statement timeout of a PostGIS store.
    pub pg: pg::Limits,
}

pub async fn run(plan: Plan) -> Result<()> {
    let started = std::time::Instant::now();
    // The geoparser's gazetteer takes a moment to load and only writes need
    // it: it loads on a thread of its own while the server starts.
    let extractor = Arc::new(SharedExtractor::default());
    extractor.warm();
    let store: Option<Arc<dyn Store>> = match &plan.store {
        Some(path) => Some(open_store(path, plan.builtin, plan.pg).await?),
        None => None,
    };
    let builtin = if plan.builtin {
        vec![builtin_countries().map_err(anyhow::Error::msg)?]
    } else {
        Vec::new()
    };
    let (data_dir, problems) = match &plan.data {
        Some(dir) => {
            let (d, p) = DataDir::load(dir);
            (Some(d), p)
        }
        None => (None, Vec::new()),
    };
    for p in &problems {
        tracing::error!("not served: {p}");
    }
    let file_layers = data_dir.as_ref().map(DataDir::layers).unwrap_or_default();
    let table_layers = match &plan.pg_layers {
        Some(source) => source.load().await?.into_iter().map(Arc::new).collect(),
        None => Vec::new(),
    };
    let (live, problems) = Live::start(
        store.clone(),
        builtin,
        file_layers.iter().chain(&table_layers).cloned().collect(),
        extractor,
        plan.config.tile_cache_bytes,
        plan.config.basemap_cache_bytes,
    )
    .await
    .context("cannot read the store")?;
    for p in &problems {
        tracing::error!("not served: {p}");
    }
    let catalog = live.catalog();
    let archives = open_archives(&plan.tiles).await?;
    if let Some((name, _)) = archives
        .iter()
        .find(|(n, _)| catalog.layers.get(n).is_some())
    {
        anyhow::bail!("--tiles {name}: is also a layer's name (rename the archive with NAME=FILE)");
    }
    for layer in catalog.layers.iter() {
        tracing::info!(layer = %layer.id, features = layer.len(), "collection ready");
    }
    tracing::info!(
        collections = catalog.layers.len(),
        documents = catalog.documents.len(),
        revision = catalog.revision,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "layers loaded"
    );
    let (hangup, _) = broadcast::channel(4);
    let data_layers = DataLayers::new(live.clone(), file_layers, table_layers);
    if let (Some(dir), Some(data)) = (&plan.data, data_dir) {
        let watch = DataWatch {
            data,
            sink: data_layers.clone(),
        };
        tokio::spawn(mapwire::watch::run(dir.clone(), watch, hangup.subscribe()));
    }
    if let Some(source) = plan.pg_layers {
        tokio::spawn(mapwire::watch::pg::run(
            source,
            data_layers,
            hangup.subscribe(),
        ));
    }
    if let Some(dir) = &plan.watch {
        let watch = DocumentWatch::new(dir, live.clone());
        tracing::info!("watching {} for *.txt documents", watch.dir().display());
        let dir = watch.dir().to_path_buf();
        tokio::spawn(mapwire::watch::run(dir, watch, hangup.subscribe()));
    }
    tokio::spawn(forward_hangups(hangup));
    let request_timeout = plan.config.request_timeout;
    // Pre-built tiles are keyed by a layer's generation: a write makes a
    // new one, so the old tiles are never served again and the layer is
    // walked anew once the writes settle.
    let prebuilt = Arc::new(PrebuiltTiles::default());
    prewarm::spawn(live.tiles().clone(), prebuilt.clone(), plan.prewarm);
    let app = LiveApp::with_tiles(&live, plan.config, plan.writes, archives, prebuilt);
    let listener = tokio::net::TcpListener::bind(plan.bind)
        .await
        .with_context(|| format!("cannot listen on {}", plan.bind))?;
    super::serve::run(listener, app, request_timeout, plan.limits).await
}

/// Opens the store, or creates it (with the built-in corpus unless
/// `builtin` is off). A file that cannot be a store stops the start with
/// its name and the reason; it is never replaced.
async fn open_store(path: &Path, builtin: bool, limits: pg::Limits) -> Result<Arc<dyn Store>> {
    if let Some(url) = path.to_str().filter(|p| pg::is_url(p)) {
        return open_postgres(url, builtin, limits).await;
    }
    let started = std::time::Instant::now();
    let shown = path.display().to_string();
    let opened = tokio::task::spawn_blocking({
        let path = path.to_path_buf();
        move || {
            GpkgStore::open_or_create(&path, || {
                if builtin {
                    builtin_records()
                } else {
                    Vec::new()
                }
            })
        }
    })
    .await
    .context("the store task failed")?;
    let (store, created) = opened.map_err(|e| {
        anyhow::anyhow!("cannot use the store: {e}\n(mapwire never overwrites a file it cannot read; move it away or choose another with --store)")
    })?;
    if created {
        tracing::info!(
            "created the store {shown} (a GeoPackage: GDAL and QGIS open it) in {} ms",
            started.elapsed().as_millis()
        );
    } else {
        tracing::info!("opened the store {shown}");
    }
    Ok(Arc::new(store))
}

/// The `--tiles` archives, opened and checked.
async fn open_archives(specs: &[(String, PathBuf)]) -> Result<ArchiveSet> {
    let archives = ArchiveSet::open(specs).await?;
    for (name, archive) in archives.iter() {
        let info = archive.info();
        tracing::info!(
            archive = %name,
            kind = info.kind.extension(),
            minzoom = info.minzoom,
            maxzoom = info.maxzoom,
            "tile archive ready"
        );
    }
    Ok(archives)
}

/// The built-in corpus as records (extracting takes a moment).
fn builtin_records() -> Vec<DocumentRecord> {
    let extractor = Extractor::builtin();
    mapwire::documents::builtin()
        .into_iter()
        .map(|d| DocumentRecord::extract(d, Origin::Builtin, &extractor))
        .collect()
}

/// Connects to a PostGIS store, creating its tables (with the built-in
/// corpus unless `builtin` is off) in an empty database.
async fn open_postgres(url: &str, builtin: bool, limits: pg::Limits) -> Result<Arc<dyn Store>> {
    let started = std::time::Instant::now();
    let seed = move || {
        if builtin {
            tokio::task::block_in_place(builtin_records)
        } else {
            Vec::new()
        }
    };
    let (store, created) = PgStore::open(url, limits, seed)
        .await
        .map_err(|e| anyhow::anyhow!("cannot use the store: {e}"))?;
    let verb = if created {
        "created the tables of"
    } else {
        "opened"
    };
    tracing::info!(
        pool = limits.pool,
        statement_timeout_s = limits.statement_timeout.as_secs_f64(),
        "{verb} the store {} in {} ms",
        store.describe(),
        started.elapsed().as_millis()
    );
    Ok(Arc::new(store))
}

/// Passes SIGHUP on to the watchers (reload everything).
async fn forward_hangups(tx: broadcast::Sender<()>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hup) = signal(SignalKind::hangup()) else {
            return;
        };
        while hup.recv().await.is_some() {
            tracing::info!("SIGHUP: reloading");
            let _ = tx.send(());
        }
    }
    #[cfg(not(unix))]
    drop(tx);
}
