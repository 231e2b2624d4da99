//! Where the database is: a `postgres://` URL, completed from the libpq
//! environment variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
//! `PGDATABASE`) for what the URL leaves out, and shown with the password
//! left out wherever it is logged or named in a message.

use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::config::{Config, Host};

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

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            pool: 8,
            statement_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// The parsed URL, completed from the environment, with the limits set.
/// Unsupported TLS modes are refused here rather than silently ignored.
pub fn parse(url: &str, limits: Limits) -> Result<Config, String> {
    let mut config = Config::from_str(url).map_err(|e| {
        // tokio-postgres' message never repeats the URL (so no password).
        format!("not a PostgreSQL URL: {e}")
    })?;
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if config.get_hosts().is_empty() {
        config.host(env("PGHOST").as_deref().unwrap_or("localhost"));
    }
    if config.get_ports().is_empty()
        && let Some(port) = env("PGPORT")
    {
        let port = port
            .parse::<u16>()
            .map_err(|_| format!("PGPORT is not a port number: {port:?}"))?;
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
    if config.get_ssl_mode() == tokio_postgres::config::SslMode::Require {
        return Err(
            "sslmode=require is not supported by this build: use a local socket, an SSH \
             tunnel or a TLS-terminating proxy (sslmode=disable or prefer)"
                .into(),
        );
    }
    let ms = limits.statement_timeout.as_millis();
    config
        .options(format!("-c statement_timeout={ms}"))
        .connect_timeout(limits.connect_timeout)
        // A peer gone without a word (a dead host, a dropped route) is
        // noticed in about a minute, not after the kernel's two hours:
        // the change feed must reconnect and reload.
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30))
        .application_name("mapwire");
    Ok(config)
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

    #[test]
    fn the_password_is_never_shown() {
        let c = parse(
            "postgres://ana:s3cret@db.example:6543/news",
            Limits::default(),
        )
        .unwrap();
        let shown = describe(&c);
        assert_eq!(shown, "postgres://ana@db.example:6543/news");
        assert!(!shown.contains("s3cret"));
        let e = parse("postgres://ana:s3cret@db:notaport/x", Limits::default()).unwrap_err();
        assert!(!e.contains("s3cret"), "{e}");
    }

    #[test]
    fn urls_and_files_are_told_apart() {
        assert!(is_url("postgres://x/y"));
        assert!(is_url("postgresql://x/y"));
        assert!(!is_url("mapwire.gpkg"));
        assert!(!is_url("./postgres://odd-file"));
    }

    #[test]
    fn tls_that_cannot_be_given_is_refused() {
        let e = parse("postgres://h/db?sslmode=require", Limits::default()).unwrap_err();
        assert!(e.contains("sslmode=require"), "{e}");
    }
}
