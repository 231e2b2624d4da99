//! `mapwire serve`: options from flags, environment and a TOML file, then
//! the HTTP server until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use serde::Deserialize;

use super::pg_args::PgArgs;

use mapwire::archive::parse_spec;
use mapwire::export::prewarm::Prewarm;
use mapwire::layers::postgis::PgLayers;
use mapwire::server::{
    ConnectionLimits, DEFAULT_MAX_BODY, ServerConfig, Tokens, WriteSettings, listen,
};
use mapwire::store::pg::Limits;

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
    /// A PostGIS database whose tables are served as collections:
    /// `postgres://USER@HOST:PORT/DB` (PGPASSWORD and the other PG*
    /// variables fill what the URL leaves out). Every table or view with a
    /// geometry column, or those of --pg-table; read at start and on SIGHUP.
    #[arg(long, env = "MAPWIRE_PG_LAYERS", value_name = "URL")]
    pg_layers: Option<String>,
    /// A table (or view) of --pg-layers to serve, `NAME` or `SCHEMA.NAME`;
    /// repeat or separate with commas [default: every table with a
    /// geometry column].
    #[arg(long = "pg-table", env = "MAPWIRE_PG_TABLES", value_delimiter = ',')]
    pg_tables: Vec<String>,
    /// Leave out the built-in corpus and countries; without --store this
    /// also means no store: only the data directory is served.
    #[arg(long, env = "MAPWIRE_NO_BUILTIN")]
    no_builtin: bool,
    /// The store: a GeoPackage file, created with the built-in corpus when
    /// missing [default: ./mapwire.gpkg]; or a PostGIS database shared by
    /// any number of replicas, `postgres://USER@HOST:PORT/DB` (PGPASSWORD
    /// and the other PG* variables fill what the URL leaves out).
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
    /// TOML file with any of: bind, data, pg_layers, pg_tables, store,
    /// watch, token_file,
    /// max_document_mb, default_limit, max_limit,
    /// max_nearest, cache_seconds, base_url, title, tile_cache_mb,
    /// basemap_cache_mb, max_response_mb, prewarm_mb, prewarm_zoom, tiles,
    /// pg_pool_size, pg_statement_timeout,
    /// and a [connections] table with
    /// max_connections, header_read_timeout, keep_alive_timeout,
    /// send_timeout, request_timeout, shutdown_grace.
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
    /// Memory for rendered basemap tiles, MiB [default: 64].
    #[arg(long, env = "MAPWIRE_BASEMAP_CACHE_MB")]
    basemap_cache_mb: Option<u64>,
    /// Largest response built in memory, MiB; larger ones are refused with
    /// advice to page [default: 64].
    #[arg(long, env = "MAPWIRE_MAX_RESPONSE_MB")]
    max_response_mb: Option<u64>,
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
    #[command(flatten)]
    net: NetArgs,
    #[command(flatten)]
    pg: PgArgs,
}

/// Connection limits and timeouts (seconds).
#[derive(Args, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetArgs {
    /// Connections open at once; at the cap the longest-idle one is closed
    /// to make room [default: 4096, lowered to fit the open-file limit].
    #[arg(long, env = "MAPWIRE_MAX_CONNECTIONS")]
    max_connections: Option<usize>,
    /// Seconds a client has to send a complete request head [default: 10].
    #[arg(long, env = "MAPWIRE_HEADER_READ_TIMEOUT")]
    header_read_timeout: Option<f64>,
    /// Seconds an idle connection is kept open [default: 5].
    #[arg(long, env = "MAPWIRE_KEEP_ALIVE_TIMEOUT")]
    keep_alive_timeout: Option<f64>,
    /// Seconds a response may wait for a client that does not read it
    /// [default: 30].
    #[arg(long, env = "MAPWIRE_SEND_TIMEOUT")]
    send_timeout: Option<f64>,
    /// Seconds a request may take to produce its response [default: 30].
    #[arg(long, env = "MAPWIRE_REQUEST_TIMEOUT")]
    request_timeout: Option<f64>,
    /// Seconds requests in flight get to finish after SIGINT/SIGTERM
    /// [default: 10].
    #[arg(long, env = "MAPWIRE_SHUTDOWN_GRACE")]
    shutdown_grace: Option<f64>,
}

/// The optional TOML config file.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<SocketAddr>,
    data: Option<PathBuf>,
    pg_layers: Option<String>,
    #[serde(default)]
    pg_tables: Vec<String>,
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
    basemap_cache_mb: Option<u64>,
    max_response_mb: Option<u64>,
    prewarm_mb: Option<u64>,
    prewarm_zoom: Option<u8>,
    #[serde(default)]
    tiles: Vec<String>,
    pg_pool_size: Option<usize>,
    pg_statement_timeout: Option<f64>,
    /// The `[connections]` table: the connection options.
    connections: Option<NetArgs>,
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
    let config = server_config(&args, &file)?;
    let limits = connection_limits(
        &args.net,
        file.connections.as_ref().unwrap_or(&NetArgs::default()),
    )?;
    let pg = args.pg.limits(pg_file_config(&file)?);
    let tiles = tile_specs(&args, &file);
    let prewarm = prewarm_config(&args, &file);
    let bind = args
        .bind
        .or(file.bind)
        .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080)));
    let data = args.data.or(file.data);
    let pg_tables = if args.pg_tables.is_empty() {
        file.pg_tables
    } else {
        args.pg_tables
    };
    let pg_layers = args
        .pg_layers
        .or(file.pg_layers)
        .map(|url| PgLayers::new(&url, pg_tables))
        .transpose()?;
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
        pg_layers,
        watch,
        builtin: !args.no_builtin,
        config,
        writes,
        bind,
        limits,
        tiles,
        prewarm,
        pg,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let result = runtime.block_on(super::start::run(plan));
    // Tiles or pages still being built on blocking threads are not waited
    // for beyond a moment: the grace period is over.
    runtime.shutdown_timeout(Duration::from_secs(1));
    tracing::info!("stopped");
    result
}

/// Default memory of pre-built tiles: all of z0-z14 of the 235,000-city
/// benchmark layer takes about 200 MiB.
const DEFAULT_PREWARM_MB: u64 = 256;

fn prewarm_config(args: &ServeArgs, file: &FileConfig) -> Prewarm {
    Prewarm {
        max_zoom: args
            .prewarm_zoom
            .or(file.prewarm_zoom)
            .unwrap_or(mapwire::tiles::DETAIL_ZOOM),
        max_bytes: args
            .prewarm_mb
            .or(file.prewarm_mb)
            .unwrap_or(DEFAULT_PREWARM_MB)
            .saturating_mul(1024 * 1024),
        poll: Duration::from_secs(2),
    }
}

/// The PostGIS options of the config file, checked as the flags are.
fn pg_file_config(file: &FileConfig) -> Result<PgArgs> {
    let context = |key: &str| format!("config file: {key}");
    Ok(PgArgs {
        pg_pool_size: file
            .pg_pool_size
            .map(Limits::check_pool)
            .transpose()
            .with_context(|| context("pg_pool_size"))?,
        pg_statement_timeout: file
            .pg_statement_timeout
            .map(Limits::check_statement_timeout)
            .transpose()
            .with_context(|| context("pg_statement_timeout"))?,
    })
}

/// The `--tiles` archives (flags over the config file) as (name, file).
fn tile_specs(args: &ServeArgs, file: &FileConfig) -> Vec<(String, PathBuf)> {
    let given = if args.tiles.is_empty() {
        &file.tiles
    } else {
        &args.tiles
    };
    given.iter().map(|s| parse_spec(s)).collect()
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

fn server_config(args: &ServeArgs, file: &FileConfig) -> Result<ServerConfig> {
    let defaults = ServerConfig::default();
    let mib = |mb: u64| mb.saturating_mul(1024 * 1024);
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
        base_url: args.base_url.clone().or(file.base_url.clone()),
        title: file.title.clone().unwrap_or(defaults.title),
        tile_cache_bytes: args
            .tile_cache_mb
            .or(file.tile_cache_mb)
            .map_or(defaults.tile_cache_bytes, mib),
        basemap_cache_bytes: args
            .basemap_cache_mb
            .or(file.basemap_cache_mb)
            .map_or(defaults.basemap_cache_bytes, mib),
        max_response_bytes: args
            .max_response_mb
            .or(file.max_response_mb)
            .map_or(defaults.max_response_bytes, mib),
        request_timeout: seconds(
            "request_timeout",
            args.net
                .request_timeout
                .or(file.connections.as_ref().and_then(|c| c.request_timeout)),
        )?
        .unwrap_or(defaults.request_timeout),
    };
    anyhow::ensure!(
        config.default_limit >= 1 && config.max_limit >= 1,
        "limits must be at least 1"
    );
    if let Some(url) = &config.base_url {
        mapwire::server::check_base_url(url).map_err(anyhow::Error::msg)?;
    }
    Ok(ServerConfig {
        default_limit: config.default_limit.min(config.max_limit),
        ..config
    })
}

/// The connection limits: flags over the config file over the defaults;
/// the cap is lowered to what the open-file limit allows.
fn connection_limits(args: &NetArgs, file: &NetArgs) -> Result<ConnectionLimits> {
    let d = ConnectionLimits::default();
    let pick = |name, a: Option<f64>, f: Option<f64>, default| {
        seconds(name, a.or(f)).map(|s| s.unwrap_or(default))
    };
    let wanted = args
        .max_connections
        .or(file.max_connections)
        .unwrap_or(d.max_connections);
    anyhow::ensure!(wanted >= 1, "max_connections must be at least 1");
    Ok(ConnectionLimits {
        max_connections: listen::fit_to_open_files(wanted),
        header_read_timeout: pick(
            "header_read_timeout",
            args.header_read_timeout,
            file.header_read_timeout,
            d.header_read_timeout,
        )?,
        keep_alive_timeout: pick(
            "keep_alive_timeout",
            args.keep_alive_timeout,
            file.keep_alive_timeout,
            d.keep_alive_timeout,
        )?,
        send_timeout: pick(
            "send_timeout",
            args.send_timeout,
            file.send_timeout,
            d.send_timeout,
        )?,
        shutdown_grace: pick(
            "shutdown_grace",
            args.shutdown_grace,
            file.shutdown_grace,
            d.shutdown_grace,
        )?,
    })
}

/// A duration option in seconds: finite, positive, at most a day.
fn seconds(name: &str, value: Option<f64>) -> Result<Option<Duration>> {
    match value {
        None => Ok(None),
        Some(s) if s.is_finite() && s > 0.0 && s <= 86_400.0 => {
            Ok(Some(Duration::from_secs_f64(s)))
        }
        Some(s) => {
            anyhow::bail!("{name} must be a number of seconds above 0 and at most 86400, not {s}")
        }
    }
}

/// Serves `app` on `listener` until SIGINT or SIGTERM, with the
/// connection limits.
pub async fn run(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    request_timeout: Duration,
    limits: ConnectionLimits,
) -> Result<()> {
    let addr = listener.local_addr()?;
    tracing::info!(
        max_connections = limits.max_connections,
        header_read_timeout_s = limits.header_read_timeout.as_secs_f64(),
        keep_alive_timeout_s = limits.keep_alive_timeout.as_secs_f64(),
        send_timeout_s = limits.send_timeout.as_secs_f64(),
        request_timeout_s = request_timeout.as_secs_f64(),
        "connection limits"
    );
    // The handlers are in place before the address is announced: a client
    // that signals as soon as it reads the address must not kill the server.
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    #[cfg(not(unix))]
    let terminate = None::<()>;
    tracing::info!("mapwire listening on http://{addr}/");
    listen::serve(listener, app, limits, shutdown(terminate)).await;
    Ok(())
}

/// Resolves on SIGINT or SIGTERM; in-flight requests then finish.
async fn shutdown(terminate: Option<Terminate>) {
    interrupted(terminate).await;
    tracing::info!("shutting down");
}

/// Resolves on the first SIGINT or SIGTERM (an export stops on it).
pub async fn signal() {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    #[cfg(not(unix))]
    let terminate = None::<()>;
    interrupted(terminate).await;
}

#[cfg(unix)]
type Terminate = tokio::signal::unix::Signal;
#[cfg(not(unix))]
type Terminate = ();

async fn interrupted(terminate: Option<Terminate>) {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        #[cfg(unix)]
        if let Some(mut s) = terminate {
            s.recv().await;
            return;
        }
        #[cfg(not(unix))]
        drop(terminate);
        std::future::pending::<()>().await
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
