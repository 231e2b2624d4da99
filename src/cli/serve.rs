//! `mapwire serve`: options from flags, environment and a TOML file, then
//! the HTTP server until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use serde::Deserialize;

use mapwire::server::{DEFAULT_MAX_BODY, ServerConfig, Tokens, WriteSettings};

/// The store `mapwire serve` keeps when given no `--store`.
const DEFAULT_STORE: &str = "mapwire.gpkg";

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
    /// Leave out the built-in corpus and countries; without --store this
    /// also means no store: only the data directory is served.
    #[arg(long, env = "MAPWIRE_NO_BUILTIN")]
    no_builtin: bool,
    /// The store (a GeoPackage file), created with the built-in corpus when
    /// missing [default: ./mapwire.gpkg].
    #[arg(long, env = "MAPWIRE_STORE")]
    store: Option<PathBuf>,
    /// A folder whose *.txt documents are ingested, updated and removed as
    /// their files are.
    #[arg(long, env = "MAPWIRE_WATCH")]
    watch: Option<PathBuf>,
    /// File of bearer tokens allowed to write (one a line, optionally
    /// `NAME TOKEN`); MAPWIRE_TOKEN adds one more. Without any, writes
    /// answer 403.
    #[arg(long, env = "MAPWIRE_TOKEN_FILE")]
    token_file: Option<PathBuf>,
    /// Largest document accepted by POST/PUT, MiB [default: 10].
    #[arg(long, env = "MAPWIRE_MAX_DOCUMENT_MB")]
    max_document_mb: Option<u64>,
    /// TOML file with any of: bind, data, store, watch, token_file,
    /// max_document_mb, default_limit, max_limit, max_nearest,
    /// cache_seconds, base_url, title, tile_cache_mb.
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
    /// Public base URL for links (default: from the request's Host header).
    #[arg(long, env = "MAPWIRE_BASE_URL")]
    base_url: Option<String>,
}

/// The optional TOML config file.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<SocketAddr>,
    data: Option<PathBuf>,
    store: Option<PathBuf>,
    watch: Option<PathBuf>,
    token_file: Option<PathBuf>,
    max_document_mb: Option<u64>,
    default_limit: Option<usize>,
    max_limit: Option<usize>,
    max_nearest: Option<usize>,
    cache_seconds: Option<u32>,
    base_url: Option<String>,
    title: Option<String>,
    tile_cache_mb: Option<u64>,
}

fn read_config(path: Option<&Path>) -> Result<FileConfig> {
    let Some(path) = path else {
        return Ok(FileConfig::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid config {}", path.display()))
}

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
    let store = args.store.or(file.store).or_else(|| {
        // Without the built-in corpus and without a store named, there is
        // nothing to keep: serve the data directory only, as before.
        (!args.no_builtin).then(|| PathBuf::from(DEFAULT_STORE))
    });
    let watch = args.watch.or(file.watch);
    anyhow::ensure!(
        watch.is_none() || store.is_some(),
        "--watch needs a store: add --store FILE"
    );
    let writes = WriteSettings {
        tokens: tokens(args.token_file.or(file.token_file).as_deref())?,
        max_body: args
            .max_document_mb
            .or(file.max_document_mb)
            .map_or(DEFAULT_MAX_BODY, |mb| {
                usize::try_from(mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
            }),
    };
    let plan = super::start::Plan {
        store,
        data,
        watch,
        builtin: !args.no_builtin,
        config,
        writes,
        bind,
    };
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?
        .block_on(super::start::run(plan))
}

/// The write tokens of `--token-file` and `MAPWIRE_TOKEN`.
fn tokens(file: Option<&Path>) -> Result<Tokens> {
    let mut tokens = Tokens::default();
    if let Some(file) = file {
        tokens.read_file(file).map_err(anyhow::Error::msg)?;
    }
    if let Ok(token) = std::env::var("MAPWIRE_TOKEN")
        && !token.is_empty()
    {
        tokens
            .add("MAPWIRE_TOKEN", token.trim())
            .map_err(|e| anyhow::anyhow!("MAPWIRE_TOKEN: {e}"))?;
    }
    if tokens.is_empty() {
        tracing::info!(
            "writes are off (no --token-file, no MAPWIRE_TOKEN): POST, PUT and DELETE answer 403"
        );
    } else {
        tracing::info!(
            tokens = tokens.len(),
            "writes need one of the configured bearer tokens"
        );
    }
    Ok(tokens)
}

/// Resolves on SIGINT or SIGTERM; in-flight requests then finish.
pub async fn shutdown() {
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
    tracing::info!("shutting down");
}
