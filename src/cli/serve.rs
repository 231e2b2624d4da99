//! `mapwire serve`: options from flags, environment and a TOML file, then
//! the HTTP server until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use serde::Deserialize;

use mapwire::archive::{ArchiveSet, parse_spec};
use mapwire::documents::DocumentStore;
use mapwire::export::prewarm::Prewarm;
use mapwire::layers::load_catalog;
use mapwire::server::{AppState, ServerConfig, app};

/// Server options. Each comes from its flag, else its environment variable,
/// else the TOML config file, else the default.
#[derive(Args, Default)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]; port 0 picks a free port.
    #[arg(long, env = "MAPWIRE_BIND")]
    bind: Option<SocketAddr>,
    /// Directory whose *.geojson files are served as collections.
    #[arg(long, env = "MAPWIRE_DATA")]
    data: Option<PathBuf>,
    /// Serve only the data directory, not the layers of the built-in corpus.
    #[arg(long, env = "MAPWIRE_NO_BUILTIN")]
    no_builtin: bool,
    /// TOML file with any of: bind, data, default_limit, max_limit,
    /// max_nearest, cache_seconds, base_url, title, tile_cache_mb,
    /// prewarm_mb, prewarm_zoom, tiles.
    #[arg(long, env = "MAPWIRE_CONFIG")]
    config: Option<PathBuf>,
    /// Items per page when a request gives no limit [default: 100].
    #[arg(long, env = "MAPWIRE_DEFAULT_LIMIT")]
    default_limit: Option<usize>,
    /// Largest items page; larger limits are clamped [default: 10000].
    #[arg(long, env = "MAPWIRE_MAX_LIMIT")]
    max_limit: Option<usize>,
    /// Largest k of a nearest search [default: 1000].
    #[arg(long, env = "MAPWIRE_MAX_NEAREST")]
    max_nearest: Option<usize>,
    /// Cache-Control max-age of successful responses, seconds [default: 60].
    #[arg(long, env = "MAPWIRE_CACHE_SECONDS")]
    cache_seconds: Option<u32>,
    /// Memory for finished vector tiles, MiB [default: 256].
    #[arg(long, env = "MAPWIRE_TILE_CACHE_MB")]
    tile_cache_mb: Option<u64>,
    /// Memory for layer tiles pre-built after a load or a change, MiB
    /// (besides the tile cache); 0 turns pre-building off [default: 256].
    #[arg(long, env = "MAPWIRE_PREWARM_MB")]
    prewarm_mb: Option<u64>,
    /// Deepest zoom pre-built [default: 14].
    #[arg(long, env = "MAPWIRE_PREWARM_ZOOM")]
    prewarm_zoom: Option<u8>,
    /// Public base URL for links (default: from the request's Host header).
    #[arg(long, env = "MAPWIRE_BASE_URL")]
    base_url: Option<String>,
    /// A PMTiles or MBTiles archive to serve at /tiles/NAME/{z}/{x}/{y}
    /// with TileJSON at /tiles/NAME.json; NAME=FILE, or FILE named after
    /// its stem. Repeat for more archives.
    #[arg(
        long = "tiles",
        value_name = "[NAME=]FILE",
        env = "MAPWIRE_TILES",
        value_delimiter = ','
    )]
    tiles: Vec<String>,
}

/// The optional TOML config file.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<SocketAddr>,
    data: Option<PathBuf>,
    default_limit: Option<usize>,
    max_limit: Option<usize>,
    max_nearest: Option<usize>,
    cache_seconds: Option<u32>,
    base_url: Option<String>,
    title: Option<String>,
    tile_cache_mb: Option<u64>,
    prewarm_mb: Option<u64>,
    prewarm_zoom: Option<u8>,
    #[serde(default)]
    tiles: Vec<String>,
}

fn read_config(path: Option<&Path>) -> Result<FileConfig> {
    let Some(path) = path else {
        return Ok(FileConfig::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid config {}", path.display()))
}

/// Default memory of pre-built tiles: all of z0-z14 of the 235,000-city
/// benchmark layer takes about 200 MiB.
const DEFAULT_PREWARM_MB: u64 = 256;

pub fn serve(args: ServeArgs) -> Result<()> {
    let file = read_config(args.config.as_deref())?;
    let defaults = ServerConfig::default();
    let config = ServerConfig {
        default_limit: args
            .default_limit
            .or(file.default_limit)
            .unwrap_or(defaults.default_limit),
        max_limit: args
            .max_limit
            .or(file.max_limit)
            .unwrap_or(defaults.max_limit),
        max_nearest: args
            .max_nearest
            .or(file.max_nearest)
            .unwrap_or(defaults.max_nearest),
        cache_seconds: args
            .cache_seconds
            .or(file.cache_seconds)
            .unwrap_or(defaults.cache_seconds),
        base_url: args.base_url.or(file.base_url),
        title: file.title.unwrap_or(defaults.title),
        tile_cache_bytes: args
            .tile_cache_mb
            .or(file.tile_cache_mb)
            .map_or(defaults.tile_cache_bytes, |mb| {
                mb.saturating_mul(1024 * 1024)
            }),
    };
    anyhow::ensure!(
        config.default_limit >= 1 && config.max_limit >= 1,
        "limits must be at least 1"
    );
    let config = ServerConfig {
        default_limit: config.default_limit.min(config.max_limit),
        ..config
    };
    let bind = args
        .bind
        .or(file.bind)
        .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080)));
    let data = args.data.or(file.data);
    let started = std::time::Instant::now();
    let (layers, problems) = load_catalog(data.as_deref(), !args.no_builtin);
    for problem in &problems {
        tracing::error!("not served: {problem}");
    }
    for layer in layers.iter() {
        tracing::info!(layer = %layer.id, features = layer.len(), "collection ready");
    }
    tracing::info!(
        collections = layers.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "layers loaded"
    );
    // The document pages show the corpus the built-in layers come from.
    let documents = if args.no_builtin {
        DocumentStore::default()
    } else {
        DocumentStore::builtin()
    };
    tracing::info!(documents = documents.len(), "documents ready");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let specs: Vec<(String, PathBuf)> = if args.tiles.is_empty() {
        file.tiles.iter().map(|s| parse_spec(s)).collect()
    } else {
        args.tiles.iter().map(|s| parse_spec(s)).collect()
    };
    let archives = runtime.block_on(ArchiveSet::open(&specs))?;
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
    let prewarm = Prewarm {
        max_zoom: args
            .prewarm_zoom
            .or(file.prewarm_zoom)
            .unwrap_or(mapwire::tiles::DETAIL_ZOOM),
        max_bytes: args
            .prewarm_mb
            .or(file.prewarm_mb)
            .unwrap_or(DEFAULT_PREWARM_MB)
            .saturating_mul(1024 * 1024),
        poll: std::time::Duration::from_secs(2),
    };
    let state = AppState::new(layers, config)
        .with_documents(documents)
        .with_archives(archives)?;
    runtime.block_on(run(bind, state, prewarm))
}

async fn run(bind: SocketAddr, state: AppState, prewarm: Prewarm) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    let addr = listener.local_addr()?;
    tracing::info!("mapwire listening on http://{addr}/");
    mapwire::export::prewarm::spawn(state.tiles.clone(), state.prebuilt.clone(), prewarm);
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGINT or SIGTERM; in-flight requests then finish.
async fn shutdown() {
    signal().await;
    tracing::info!("shutting down");
}

/// Resolves on the first SIGINT or SIGTERM.
pub async fn signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
