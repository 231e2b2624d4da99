//! Running the server until SIGINT or SIGTERM, and the signals themselves
//! (an export stops on them too).

use std::time::Duration;

use anyhow::{Context, Result};

use mapwire::server::{ConnectionLimits, LiveApp, listen};

/// Serves `app` on `listener` until SIGINT or SIGTERM, with the
/// connection limits.
pub async fn run(
    listener: tokio::net::TcpListener,
    app: LiveApp,
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
    listen::serve(listener, app, limits, shutdown(terminate))
        .await
        .context("cannot start the threads that serve connections")
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
