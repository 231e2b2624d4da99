//! How many connections may be open and how long each may stay silent.

use std::time::Duration;

/// Connection limits and timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Connections open at once; at the cap, the connection idle the
    /// longest is closed to make room (or, if every connection is busy, the
    /// new one is).
    pub max_connections: usize,
    /// Time allowed for a request head to arrive complete, counted from
    /// when the server starts waiting for it.
    pub header_read_timeout: Duration,
    /// A connection with no request in flight and no bytes received for
    /// this long is closed.
    pub keep_alive_timeout: Duration,
    /// A response the client does not read for this long is abandoned and
    /// its connection closed.
    pub send_timeout: Duration,
    /// After SIGINT/SIGTERM, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 4096,
            header_read_timeout: Duration::from_secs(10),
            keep_alive_timeout: Duration::from_secs(5),
            send_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Raises the soft limit on open files as far as the hard limit allows, and
/// returns the connection cap that fits under it: a connection is a file
/// descriptor, and a server out of them stops answering everyone.
pub fn fit_to_open_files(wanted: usize) -> usize {
    // For the listener, data files, logs and the runtime's own.
    const MARGIN: u64 = 64;
    let limit = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(e) => {
            tracing::warn!("cannot raise the open-file limit: {e}");
            rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1024, |(soft, _)| soft)
        }
    };
    let fit = usize::try_from(limit.saturating_sub(MARGIN).max(16)).unwrap_or(usize::MAX);
    if wanted > fit {
        tracing::warn!(
            open_file_limit = limit,
            "max_connections {wanted} lowered to {fit} to fit the open-file limit"
        );
    }
    tracing::info!(open_file_limit = limit, "open-file limit");
    wanted.min(fit)
}
