//! Connections are served on "lanes": one single-threaded tokio runtime per
//! core, each on its own thread, that the accept loop hands connections to.
//!
//! Why not the multi-threaded runtime the rest of the server runs on: its
//! workers share one run queue by stealing from each other, and a worker
//! that finds work wakes a sleeping one to help. For a server whose typical
//! request is a lookup answered in microseconds (a pre-built tile) that
//! bookkeeping — waking, searching, migrating tasks — is a large part of
//! the cost of a request. On a lane a connection's task stays on one
//! thread for its whole life. Measured on warm pre-built tiles (2 cores,
//! wrk on the same cores): the server's CPU a request fell from 11.5 to
//! 9.8 µs with one worker instead of two; see docs/tiles.md.
//!
//! Slow work does not run on a lane: tiles, pages and exports are built on
//! blocking threads behind the state's build permits, as before, so a lane
//! only ever waits on I/O.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::net::TcpStream;
use tokio::sync::mpsc;

/// Makes a connection's task from its socket, on the lane that serves it.
pub type Serve = Box<dyn FnOnce(TcpStream) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

struct Job {
    stream: std::net::TcpStream,
    serve: Serve,
}

struct Lane {
    jobs: mpsc::UnboundedSender<Job>,
    /// Connections this lane serves now.
    open: Arc<AtomicUsize>,
}

/// The lanes of one server.
pub struct Lanes {
    lanes: Vec<Lane>,
    next: AtomicUsize,
}

/// Decrements a lane's count of open connections when its task ends,
/// however it ends.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Lanes {
    /// Starts `count` lanes (at least one).
    pub fn start(count: usize) -> std::io::Result<Lanes> {
        let mut lanes = Vec::with_capacity(count.max(1));
        for i in 0..count.max(1) {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let (jobs, mut queue) = mpsc::unbounded_channel::<Job>();
            std::thread::Builder::new()
                .name(format!("mapwire-lane-{i}"))
                .spawn(move || {
                    runtime.block_on(async move {
                        while let Some(job) = queue.recv().await {
                            match TcpStream::from_std(job.stream) {
                                Ok(stream) => {
                                    tokio::spawn((job.serve)(stream));
                                }
                                Err(e) => tracing::warn!("cannot take a connection: {e}"),
                            }
                        }
                    });
                    // The server has drained its connections before closing
                    // the queue; what is left is cut off, as the main
                    // runtime's shutdown does.
                    runtime.shutdown_timeout(Duration::from_secs(1));
                })?;
            lanes.push(Lane {
                jobs,
                open: Arc::new(AtomicUsize::new(0)),
            });
        }
        Ok(Lanes {
            lanes,
            next: AtomicUsize::new(0),
        })
    }

    /// The number of lanes.
    pub fn len(&self) -> usize {
        self.lanes.len()
    }

    /// Hands `stream` to the lane with the fewest open connections (ties
    /// taken in turn), where `serve` makes its task.
    pub fn hand(&self, stream: TcpStream, serve: Serve) -> std::io::Result<()> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let n = self.lanes.len();
        let lane = (0..n)
            .map(|k| &self.lanes[(start + k) % n])
            .min_by_key(|lane| lane.open.load(Ordering::Relaxed))
            .unwrap_or(&self.lanes[0]);
        let stream = stream.into_std()?;
        lane.open.fetch_add(1, Ordering::Relaxed);
        let open = Open(lane.open.clone());
        let serve: Serve = Box::new(move |stream| {
            let task = serve(stream);
            Box::pin(async move {
                let _open = open;
                task.await;
            })
        });
        lane.jobs
            .send(Job { stream, serve })
            .map_err(|_| std::io::Error::other("the lane has stopped"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Every connection is served, on the lane threads, spread over them,
    /// and a lane's count falls back when its connection ends.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn connections_are_spread_over_lanes_and_served_there() {
        let lanes = Lanes::start(2).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut clients = Vec::new();
        for _ in 0..4 {
            clients.push(TcpStream::connect(addr).await.unwrap());
            let (stream, _) = listener.accept().await.unwrap();
            lanes
                .hand(
                    stream,
                    Box::new(|mut s| {
                        Box::pin(async move {
                            let name = std::thread::current().name().unwrap_or("").to_string();
                            let mut byte = [0u8; 1];
                            s.read_exact(&mut byte).await.unwrap();
                            s.write_all(name.as_bytes()).await.unwrap();
                        })
                    }),
                )
                .unwrap();
        }
        let mut names = Vec::new();
        for mut c in clients {
            c.write_all(b"x").await.unwrap();
            let mut name = String::new();
            c.read_to_string(&mut name).await.unwrap();
            names.push(name);
        }
        names.sort();
        assert_eq!(
            names,
            [
                "mapwire-lane-0",
                "mapwire-lane-0",
                "mapwire-lane-1",
                "mapwire-lane-1"
            ]
        );
        // The tasks have ended; their counts are released.
        for _ in 0..100 {
            if lanes
                .lanes
                .iter()
                .all(|l| l.open.load(Ordering::Relaxed) == 0)
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("open counts were not released");
    }
}
