//! The PostGIS store's connection options, shared by `serve` and `ingest`
//! (a GeoPackage store has no use for them).

use std::time::Duration;

use clap::Args;

use mapwire::store::pg::Limits;

/// PostGIS connection options. Each comes from its flag, else its
/// environment variable (else, for `serve`, the config file), else the
/// default.
#[derive(Args, Default, Clone, Copy)]
pub struct PgArgs {
    /// Connections a PostGIS store's pool keeps at most, 1-1000 (the
    /// change feed takes one more) [default: 8].
    #[arg(long, env = "MAPWIRE_PG_POOL_SIZE", value_name = "N", value_parser = pool_size)]
    pub pg_pool_size: Option<usize>,
    /// Seconds a statement may run on PostGIS before the server cancels
    /// it, 0.01-86400 [default: 30].
    #[arg(
        long,
        env = "MAPWIRE_PG_STATEMENT_TIMEOUT",
        value_name = "SECONDS",
        value_parser = statement_timeout
    )]
    pub pg_statement_timeout: Option<Duration>,
}

impl PgArgs {
    /// The limits, the flags (or variables) over `fallback`.
    pub fn limits(&self, fallback: PgArgs) -> Limits {
        let d = Limits::default();
        Limits {
            pool: self
                .pg_pool_size
                .or(fallback.pg_pool_size)
                .unwrap_or(d.pool),
            statement_timeout: self
                .pg_statement_timeout
                .or(fallback.pg_statement_timeout)
                .unwrap_or(d.statement_timeout),
            ..d
        }
    }
}

fn pool_size(text: &str) -> Result<usize, String> {
    let n = text
        .trim()
        .parse::<usize>()
        .map_err(|_| format!("not a number of connections: {text:?}"))?;
    Limits::check_pool(n).map_err(|e| e.to_string())
}

fn statement_timeout(text: &str) -> Result<Duration, String> {
    let s = text
        .trim()
        .parse::<f64>()
        .map_err(|_| format!("not a number of seconds: {text:?}"))?;
    Limits::check_statement_timeout(s).map_err(|e| e.to_string())
}
