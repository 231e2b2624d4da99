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

use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tower::{Service, ServiceExt};

use super::lanes::{Lanes, Serve};

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

/// What is known of one open connection; times are milliseconds since the
/// registry was made.
#[derive(Debug, Default)]
struct ConnState {
    /// Requests whose response has not been sent in full.
    busy: AtomicUsize,
    /// The last time bytes arrived or a response was finished.
    last_activity: AtomicU64,
    /// Since when a write has been blocked (0: none is).
    blocked_since: AtomicU64,
    close: Notify,
}

/// The open connections.
struct Registry {
    epoch: Instant,
    next_id: AtomicU64,
    open: Mutex<HashMap<u64, Arc<ConnState>>>,
    /// Wakes the shutdown wait when a connection ends.
    ended: Notify,
    /// Connections closed to make room, refused at the cap, and when the
    /// last log line about it was written.
    evicted: AtomicU64,
    refused: AtomicU64,
    last_cap_log: AtomicU64,
}

impl Registry {
    fn new() -> Registry {
        Registry {
            epoch: Instant::now(),
            next_id: AtomicU64::new(1),
            open: Mutex::new(HashMap::new()),
            ended: Notify::new(),
            evicted: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            last_cap_log: AtomicU64::new(0),
        }
    }

    fn now(&self) -> u64 {
        // At least 1, so that 0 can mean "never" in `blocked_since`.
        (self.epoch.elapsed().as_millis() as u64).max(1)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<ConnState>>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    fn add(&self) -> (u64, Arc<ConnState>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let state = Arc::new(ConnState::default());
        state.last_activity.store(self.now(), Ordering::Relaxed);
        self.lock().insert(id, state.clone());
        (id, state)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
        self.ended.notify_waiters();
    }

    /// Closes the connection idle the longest; false if every connection
    /// has a request in flight.
    fn evict_idlest(&self) -> bool {
        let mut open = self.lock();
        let idlest = open
            .iter()
            .filter(|(_, c)| c.busy.load(Ordering::Relaxed) == 0)
            .min_by_key(|(_, c)| c.last_activity.load(Ordering::Relaxed))
            .map(|(id, _)| *id);
        match idlest.and_then(|id| open.remove(&id)) {
            Some(conn) => {
                // `notify_one` keeps the wake-up even if the task is not
                // waiting at this moment.
                conn.close.notify_one();
                true
            }
            None => false,
        }
    }

    /// One log line per ten seconds at most while the cap is being hit.
    fn note_cap(&self, evicted: bool, cap: usize) {
        if evicted {
            self.evicted.fetch_add(1, Ordering::Relaxed);
        } else {
            self.refused.fetch_add(1, Ordering::Relaxed);
        }
        let now = self.now();
        let last = self.last_cap_log.load(Ordering::Relaxed);
        if (last == 0 || now.saturating_sub(last) >= 10_000)
            && self
                .last_cap_log
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::warn!(
                max_connections = cap,
                idle_closed = self.evicted.swap(0, Ordering::Relaxed),
                refused = self.refused.swap(0, Ordering::Relaxed),
                "connection cap reached: idle connections closed to make room \
                 (new ones refused when every connection is busy)"
            );
        }
    }
}

impl ConnState {
    fn idle(&self) -> bool {
        self.busy.load(Ordering::Relaxed) == 0
    }

    /// When this connection should next be looked at (registry time), or
    /// `None` if it is to be closed now.
    fn deadline(&self, now: u64, limits: &ConnectionLimits) -> Option<u64> {
        let ms = |d: Duration| d.as_millis() as u64;
        if self.idle() {
            let due = self.last_activity.load(Ordering::Relaxed) + ms(limits.keep_alive_timeout);
            return (due > now).then_some(due);
        }
        match self.blocked_since.load(Ordering::Relaxed) {
            0 => Some(now + ms(limits.send_timeout)),
            since => {
                let due = since + ms(limits.send_timeout);
                (due > now).then_some(due)
            }
        }
    }
}

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

/// Counts a request as in flight until its response body is dropped (sent
/// in full, or abandoned).
struct Busy {
    conn: Arc<ConnState>,
    registry: Arc<Registry>,
}

impl Busy {
    fn enter(conn: Arc<ConnState>, registry: Arc<Registry>) -> Busy {
        conn.busy.fetch_add(1, Ordering::Relaxed);
        Busy { conn, registry }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.conn
            .last_activity
            .store(self.registry.now(), Ordering::Relaxed);
        self.conn.busy.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A response body that holds its request's [`Busy`] guard.
struct Guarded {
    body: Body,
    _guard: Busy,
}

impl http_body::Body for Guarded {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The socket, noting when bytes arrive and when a write blocks.
struct Watched {
    inner: TcpStream,
    conn: Arc<ConnState>,
    registry: Arc<Registry>,
}

impl Watched {
    fn wrote<T>(&self, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        let blocked = &self.conn.blocked_since;
        if poll.is_pending() {
            if blocked.load(Ordering::Relaxed) == 0 {
                blocked.store(self.registry.now(), Ordering::Relaxed);
            }
        } else {
            blocked.store(0, Ordering::Relaxed);
        }
        poll
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let poll = Pin::new(&mut this.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.conn
                .last_activity
                .store(this.registry.now(), Ordering::Relaxed);
        }
        poll
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.wrote(poll)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.wrote(poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_flush(cx);
        this.wrote(poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eviction_takes_the_longest_idle_and_spares_busy_connections() {
        let registry = Registry::new();
        let (_, a) = registry.add();
        let (_, b) = registry.add();
        let (_, c) = registry.add();
        a.last_activity.store(50, Ordering::Relaxed);
        b.last_activity.store(10, Ordering::Relaxed);
        c.last_activity.store(5, Ordering::Relaxed);
        c.busy.store(1, Ordering::Relaxed);
        assert!(registry.evict_idlest());
        let open = registry.lock();
        assert_eq!(open.len(), 2);
        assert!(
            !open.values().any(|s| Arc::ptr_eq(s, &b)),
            "b was idle longest"
        );
        drop(open);
        assert!(registry.evict_idlest());
        assert!(!registry.evict_idlest(), "only a busy connection is left");
    }

    #[test]
    fn deadlines_follow_idleness_and_blocked_writes() {
        let limits = ConnectionLimits::default();
        let conn = ConnState::default();
        conn.last_activity.store(1_000, Ordering::Relaxed);
        assert_eq!(conn.deadline(2_000, &limits), Some(6_000));
        assert_eq!(conn.deadline(6_000, &limits), None);
        conn.busy.store(1, Ordering::Relaxed);
        assert_eq!(conn.deadline(6_000, &limits), Some(36_000));
        conn.blocked_since.store(7_000, Ordering::Relaxed);
        assert_eq!(conn.deadline(20_000, &limits), Some(37_000));
        assert_eq!(conn.deadline(37_000, &limits), None);
    }
}
