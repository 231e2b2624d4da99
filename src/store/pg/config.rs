//! Where the database is: a `postgres://` URL, completed from the libpq
//! environment variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
//! `PGDATABASE`, `PGSSLMODE`, `PGSSLROOTCERT`) for what the URL leaves
//! out, and shown with the password left out wherever it is logged or
//! named in a message.
//!
//! tokio-postgres reads the URL but knows neither `verify-ca`/`verify-full`
//! nor `sslrootcert`: those two query parameters are taken out here and
//! become the [`TlsSettings`] (see `tls.rs`).

use std::borrow::Cow;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::config::{Config, Host};

use super::tls::{Roots, TlsMode, TlsSettings};

/// Whether `text` names a PostgreSQL database rather than a file.
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// Settings of the connections (the pool's and the listener's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections the pool keeps at most.
    pub pool: usize,
    /// A statement running longer is cancelled by the server.
    pub statement_timeout: Duration,
    /// Time to open a connection, and to wait for a free one.
    pub connect_timeout: Duration,
}

impl Limits {
    /// The largest pool accepted: PostgreSQL's default `max_connections`
    /// is 100, and every replica brings its own pool.
    pub const MAX_POOL: usize = 1000;
    /// The shortest statement timeout accepted (0 would mean "none").
    pub const MIN_STATEMENT_TIMEOUT: Duration = Duration::from_millis(10);
    /// The longest statement timeout accepted: a day.
    pub const MAX_STATEMENT_TIMEOUT: Duration = Duration::from_secs(86_400);
}

impl Limits {
    /// `n` as the pool's size, if between 1 and [`Limits::MAX_POOL`].
    pub fn check_pool(n: usize) -> Result<usize, ConfigError> {
        if (1..=Limits::MAX_POOL).contains(&n) {
            Ok(n)
        } else {
            Err(ConfigError::Pool(n))
        }
    }

    /// `seconds` as the statement timeout, if between
    /// [`Limits::MIN_STATEMENT_TIMEOUT`] and [`Limits::MAX_STATEMENT_TIMEOUT`].
    pub fn check_statement_timeout(seconds: f64) -> Result<Duration, ConfigError> {
        let (min, max) = (
            Limits::MIN_STATEMENT_TIMEOUT.as_secs_f64(),
            Limits::MAX_STATEMENT_TIMEOUT.as_secs_f64(),
        );
        if seconds.is_finite() && (min..=max).contains(&seconds) {
            Ok(Duration::from_secs_f64(seconds))
        } else {
            Err(ConfigError::StatementTimeout(seconds))
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            pool: 8,
            statement_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// Why a store URL or its settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// tokio-postgres' message never repeats the URL (so no password).
    #[error("not a PostgreSQL URL: {0}")]
    Url(String),
    #[error("PGPORT is not a port number: {0:?}")]
    Port(String),
    #[error(
        "{given_by}: unknown sslmode {value:?} (disable, prefer, require, verify-ca or verify-full)"
    )]
    SslMode {
        given_by: &'static str,
        value: String,
    },
    #[error("the pool size must be between 1 and {max} connections, not {0}", max = Limits::MAX_POOL)]
    Pool(usize),
    #[error(
        "the statement timeout must be between {min} and {max} seconds, not {0} (0 would mean no limit)",
        min = Limits::MIN_STATEMENT_TIMEOUT.as_secs_f64(),
        max = Limits::MAX_STATEMENT_TIMEOUT.as_secs()
    )]
    StatementTimeout(f64),
    #[error("the query parameter {0} is not percent-encoded UTF-8")]
    Encoding(String),
}

/// A database to connect to: the connection settings and the TLS ones.
#[derive(Debug, Clone)]
pub struct Target {
    pub config: Config,
    pub tls: TlsSettings,
}

/// The parsed URL, completed from the environment, with the limits set.
pub fn parse(url: &str, limits: Limits) -> Result<Target, ConfigError> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let (rest, tls_params) = take_tls_params(url)?;
    let mut config = Config::from_str(&rest).map_err(|e| ConfigError::Url(e.to_string()))?;
    if config.get_hosts().is_empty() {
        config.host(env("PGHOST").as_deref().unwrap_or("localhost"));
    }
    if config.get_ports().is_empty()
        && let Some(port) = env("PGPORT")
    {
        let port = port.parse::<u16>().map_err(|_| ConfigError::Port(port))?;
        config.port(port);
    }
    if config.get_user().is_none() {
        config.user(env("PGUSER").as_deref().unwrap_or("postgres"));
    }
    if config.get_password().is_none()
        && let Some(password) = env("PGPASSWORD")
    {
        config.password(password);
    }
    if config.get_dbname().is_none()
        && let Some(db) = env("PGDATABASE")
    {
        config.dbname(db);
    }
    let (mode, given_by) = match (tls_params.mode, env("PGSSLMODE")) {
        (Some(m), _) => (m, "sslmode"),
        (None, Some(m)) => (m, "PGSSLMODE"),
        (None, None) => ("prefer".to_string(), "sslmode"),
    };
    let mode = TlsMode::parse(&mode).ok_or(ConfigError::SslMode {
        given_by,
        value: mode,
    })?;
    let roots = tls_params
        .root_cert
        .or_else(|| env("PGSSLROOTCERT"))
        .map(|r| match r.as_str() {
            "system" => Roots::System,
            _ => Roots::File(PathBuf::from(r)),
        });
    let ms = limits.statement_timeout.as_millis();
    config
        .ssl_mode(mode.negotiation())
        .options(format!("-c statement_timeout={ms}"))
        .connect_timeout(limits.connect_timeout)
        // A peer gone without a word (a dead host, a dropped route) is
        // noticed in about a minute, not after the kernel's two hours:
        // the change feed must reconnect and reload.
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30))
        .application_name("mapwire");
    Ok(Target {
        config,
        tls: TlsSettings { mode, roots },
    })
}

/// `sslmode` and `sslrootcert` of the URL's query, if any.
#[derive(Debug, Default)]
struct TlsParams {
    mode: Option<String>,
    root_cert: Option<String>,
}

/// The URL without `sslmode` and `sslrootcert`, and their values.
fn take_tls_params(url: &str) -> Result<(String, TlsParams), ConfigError> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_string(), TlsParams::default()));
    };
    let mut params = TlsParams::default();
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = || -> Result<String, ConfigError> {
            percent_encoding::percent_decode_str(value)
                .decode_utf8()
                .map(Cow::into_owned)
                .map_err(|_| ConfigError::Encoding(key.to_string()))
        };
        match key {
            "sslmode" => params.mode = Some(decode()?),
            "sslrootcert" => params.root_cert = Some(decode()?),
            _ => kept.push(pair),
        }
    }
    let rest = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((rest, params))
}

/// `postgres://user@host:port/db`: the address without the password.
pub fn describe(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "postgres://{}@{host}:{port}/{}",
        config.get_user().unwrap_or("postgres"),
        config.get_dbname().unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use tokio_postgres::config::SslMode;

    #[test]
    fn the_password_is_never_shown() {
        let c = parse(
            "postgres://ana:s3cret@db.example:6543/news",
            Limits::default(),
        )
        .unwrap();
        let shown = describe(&c.config);
        assert_eq!(shown, "postgres://ana@db.example:6543/news");
        assert!(!shown.contains("s3cret"));
        let e = parse("postgres://ana:s3cret@db:notaport/x", Limits::default()).unwrap_err();
        assert!(!e.to_string().contains("s3cret"), "{e}");
    }

    #[test]
    fn urls_and_files_are_told_apart() {
        assert!(is_url("postgres://x/y"));
        assert!(is_url("postgresql://x/y"));
        assert!(!is_url("mapwire.gpkg"));
        assert!(!is_url("./postgres://odd-file"));
    }

    #[test]
    fn tls_parameters_are_read_and_taken_out_of_the_url() {
        let t = parse(
            "postgres://h/db?application_name=x&sslmode=verify-full&sslrootcert=%2Fetc%2Fca%20b.pem",
            Limits::default(),
        )
        .unwrap();
        assert_eq!(t.tls.mode, TlsMode::VerifyFull);
        assert_eq!(t.tls.roots, Some(Roots::File("/etc/ca b.pem".into())));
        assert_eq!(t.config.get_ssl_mode(), SslMode::Require);
        let t = parse("postgres://h/db?sslrootcert=system", Limits::default()).unwrap();
        assert_eq!(t.tls.roots, Some(Roots::System));
        let t = parse("postgres://h/db?sslmode=disable", Limits::default()).unwrap();
        assert_eq!(t.config.get_ssl_mode(), SslMode::Disable);
    }

    #[test]
    fn an_unknown_sslmode_is_refused_by_name() {
        let e = parse("postgres://h/db?sslmode=verify", Limits::default()).unwrap_err();
        let e = e.to_string();
        assert!(e.contains("sslmode") && e.contains("\"verify\""), "{e}");
    }

    #[test]
    fn limits_out_of_range_are_refused_with_the_range() {
        assert_eq!(Limits::check_pool(1).unwrap(), 1);
        assert_eq!(
            Limits::check_pool(Limits::MAX_POOL).unwrap(),
            Limits::MAX_POOL
        );
        let e = Limits::check_pool(0).unwrap_err().to_string();
        assert!(
            e.contains("between 1 and 1000") && e.contains("not 0"),
            "{e}"
        );
        assert!(Limits::check_pool(Limits::MAX_POOL + 1).is_err());
        assert_eq!(
            Limits::check_statement_timeout(0.25).unwrap(),
            Duration::from_millis(250)
        );
        for bad in [0.0, -1.0, 0.001, 86_401.0, f64::NAN, f64::INFINITY] {
            let e = Limits::check_statement_timeout(bad)
                .unwrap_err()
                .to_string();
            assert!(e.contains("between 0.01 and 86400 seconds"), "{e}");
        }
    }

    #[test]
    fn the_statement_timeout_reaches_the_server_options() {
        let limits = Limits {
            statement_timeout: Duration::from_millis(250),
            ..Limits::default()
        };
        let t = parse("postgres://h/db", limits).unwrap();
        assert_eq!(t.config.get_options(), Some("-c statement_timeout=250"));
    }
}
