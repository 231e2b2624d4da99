//! Turning flags, environment and the TOML file into the server's
//! settings: each option from its flag, else its variable, else the file,
//! else its default, checked here so that a bad value stops the start with
//! a message naming it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

use super::super::pg_args::PgArgs;
use super::{FileConfig, NetArgs, ServeArgs};

use mapwire::archive::parse_spec;
use mapwire::export::prewarm::Prewarm;
use mapwire::server::{ConnectionLimits, ServerConfig, Tokens, listen};
use mapwire::store::pg::Limits;

/// Default memory of pre-built tiles: all of z0-z14 of the 235,000-city
/// benchmark layer takes about 200 MiB.
const DEFAULT_PREWARM_MB: u64 = 256;

pub(super) fn prewarm_config(args: &ServeArgs, file: &FileConfig) -> Prewarm {
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
pub(super) fn pg_file_config(file: &FileConfig) -> Result<PgArgs> {
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
pub(super) fn tile_specs(args: &ServeArgs, file: &FileConfig) -> Vec<(String, PathBuf)> {
    let given = if args.tiles.is_empty() {
        &file.tiles
    } else {
        &args.tiles
    };
    given.iter().map(|s| parse_spec(s)).collect()
}

/// The write tokens of `--token-file` and `MAPWIRE_TOKEN`.
pub(super) fn tokens(file: Option<&Path>) -> Result<Tokens> {
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

pub(super) fn server_config(args: &ServeArgs, file: &FileConfig) -> Result<ServerConfig> {
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
pub(super) fn connection_limits(args: &NetArgs, file: &NetArgs) -> Result<ConnectionLimits> {
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
pub(super) fn seconds(name: &str, value: Option<f64>) -> Result<Option<Duration>> {
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
