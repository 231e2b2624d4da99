//! `mapwire serve`: options from flags, environment and a TOML file, then
//! the HTTP server until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use serde::Deserialize;

use super::pg_args::PgArgs;

mod config;
mod shutdown;

use config::{
    connection_limits, pg_file_config, prewarm_config, server_config, tile_specs, tokens,
};
pub use shutdown::{run, signal};

use mapwire::layers::postgis::PgLayers;
use mapwire::server::{DEFAULT_MAX_BODY, WriteSettings};

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
