//! The socket side of the server: connections accepted under a cap, the
//! timeouts that close silent, slow and stalled connections, and a shutdown
//! with a bounded grace period.
//!
//! hyper-util's connection builder speaks HTTP/1.1 and HTTP/2 and closes a
//! connection whose request head does not arrive in time
//! (`header_read_timeout`, which hyper also runs while a kept-alive
//! connection waits for its next request). Around each connection this
//! module keeps a little state — requests in flight, the last time bytes
//! arrived, whether a write is blocked — so that it can
//!
//! - close a connection idle for longer than the keep-alive timeout,
//! - close a connection whose client stopped reading a response,
//! - make room when the cap is reached by closing the connection idle the
//!   longest (a silent or slowloris client never locks others out: only a
//!   connection with a request in flight is safe from this),
//! - on shutdown, close idle connections at once and let requests in
//!   flight finish within the grace period.

mod limits;
mod registry;
mod watched;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::{Service, ServiceExt};

use super::lanes::{Lanes, Serve};

pub use limits::{ConnectionLimits, fit_to_open_files};
use registry::{ConnState, Registry};
use watched::{Busy, Guarded, Watched};

/// Hands memory that threads have freed back to the system every few
/// seconds. glibc keeps freed blocks in per-thread arenas; under a crawl of
/// distinct tiles rendered on many blocking threads that retained memory
/// grew to 500 MiB beyond the caches (docs/benchmarks.md). `malloc_trim`
/// returns the free pages of every arena.
fn trim_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    tokio::spawn(async {
        let mut every = tokio::time::interval(Duration::from_secs(2));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            // SAFETY: malloc_trim only releases memory the allocator holds
            // free; it touches no live allocation.
            let _ = tokio::task::spawn_blocking(|| unsafe { libc::malloc_trim(0) }).await;
        }
    });
}

/// One lane a core: a lane's thread is busy only while it has bytes to
/// move, and more lanes than cores would only take turns on them.
fn lane_count() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests
/// in flight finish for at most the grace period. Fails only if the lanes
/// cannot be started (no thread could be made).
pub async fn serve<S: App>(
    listener: TcpListener,
    app: S,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let registry = Arc::new(Registry::new());
    trim_freed_memory();
    let lanes = Lanes::start(lane_count())?;
    tracing::info!(lanes = lanes.len(), "connections served on lanes");
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // Request heads are small; this bounds what a client can make each
        // connection buffer.
        .max_buf_size(64 * 1024)
        // One `write` of head and body copied together, not a `writev` of
        // the two: most answers are tiles of a few KiB, where the copy
        // costs less than the kernel's walk of an iovec array. Measured on
        // warm pre-built tiles, one noisy comparison: 3–6 % less server CPU
        // a request.
        .writev(false);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(64);
    let builder = Arc::new(builder);
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    accept_error(&e).await;
                    continue;
                }
            },
        };
        if registry.len() >= limits.max_connections {
            let made_room = registry.evict_idlest();
            registry.note_cap(made_room, limits.max_connections);
            if !made_room {
                drop(stream);
                continue;
            }
        }
        let _ = stream.set_nodelay(true);
        let (id, conn) = registry.add();
        let task: Serve = {
            let (builder, app, registry, stop) = (
                builder.clone(),
                app.clone(),
                registry.clone(),
                stop_rx.clone(),
            );
            Box::new(move |stream| {
                Box::pin(connection(
                    stream,
                    builder,
                    app,
                    (id, conn),
                    registry,
                    stop,
                    limits,
                ))
            })
        };
        let handed = lanes.hand(stream, task);
        if let Err(e) = handed {
            tracing::warn!("cannot hand a connection to a lane: {e}");
            registry.remove(id);
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drain(&registry, limits.shutdown_grace).await;
    Ok(())
}

/// What [`serve`] answers requests with: the server's app (a
/// [`LiveApp`](super::LiveApp)), or in tests any router.
pub trait App:
    Service<Request, Response = Response, Error = std::convert::Infallible, Future: Send + 'static>
    + Clone
    + Send
    + 'static
{
}

impl<S> App for S where
    S: Service<
            Request,
            Response = Response,
            Error = std::convert::Infallible,
            Future: Send + 'static,
        > + Clone
        + Send
        + 'static
{
}

/// Waits until every connection has ended, or the grace period is over.
async fn drain(registry: &Registry, grace: Duration) {
    let open = registry.len();
    if open > 0 {
        tracing::info!(
            connections = open,
            grace_s = grace.as_secs_f64(),
            "waiting for requests in flight"
        );
    }
    let deadline = tokio::time::Instant::now() + grace;
    loop {
        let ended = registry.ended.notified();
        if registry.len() == 0 {
            return;
        }
        if tokio::time::timeout_at(deadline, ended).await.is_err() {
            tracing::warn!(
                connections = registry.len(),
                "grace period over: closing the connections still open"
            );
            return;
        }
    }
}

/// Errors of `accept` concern one connection (reset before it was taken)
/// or the process (out of file descriptors): for the latter, back off a
/// little instead of spinning.
async fn accept_error(e: &io::Error) {
    use io::ErrorKind as K;
    if matches!(
        e.kind(),
        K::ConnectionAborted | K::ConnectionReset | K::ConnectionRefused | K::Interrupted
    ) {
        return;
    }
    tracing::error!("accept failed: {e}");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

async fn connection<S: App>(
    stream: TcpStream,
    builder: Arc<auto::Builder<TokioExecutor>>,
    app: S,
    (id, conn): (u64, Arc<ConnState>),
    registry: Arc<Registry>,
    mut stop: watch::Receiver<bool>,
    limits: ConnectionLimits,
) {
    let io = TokioIo::new(Watched {
        inner: stream,
        conn: conn.clone(),
        registry: registry.clone(),
    });
    let service = {
        let (conn, registry) = (conn.clone(), registry.clone());
        hyper::service::service_fn(move |req: Request<Incoming>| {
            let guard = Busy::enter(conn.clone(), registry.clone());
            let response = app.clone().oneshot(req.map(Body::new));
            async move {
                let response = response.await?;
                Ok::<_, std::convert::Infallible>(response.map(|body| Guarded {
                    body,
                    _guard: guard,
                }))
            }
        })
    };
    let served = builder.serve_connection(io, service);
    tokio::pin!(served);
    let mut stopping = *stop.borrow();
    if stopping {
        served.as_mut().graceful_shutdown();
    }
    loop {
        let now = registry.now();
        let Some(due) = conn.deadline(now, &limits) else {
            break;
        };
        let wait = Duration::from_millis(due - now);
        tokio::select! {
            result = served.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!("connection ended: {e}");
                }
                break;
            }
            () = conn.close.notified() => break,
            changed = stop.changed(), if !stopping => {
                stopping = true;
                if changed.is_err() || conn.idle() {
                    break;
                }
                served.as_mut().graceful_shutdown();
            }
            () = tokio::time::sleep(wait) => {}
        }
    }
    registry.remove(id);
}
