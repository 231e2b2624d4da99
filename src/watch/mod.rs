//! Folders watched while the server runs.
//!
//! - [`documents`]: `serve --watch DIR`, `*.txt` documents ingested,
//!   updated and removed as their files are.
//! - [`data`]: `serve --data DIR`, `*.geojson` layers reloaded.
//!
//! Both use the same loop ([`run`]): a `notify` watcher on the folder wakes
//! it at once, a poll every second catches what events miss (a folder
//! deleted and made again, network file systems), SIGHUP forces a full
//! reload; each wake-up rescans the folder, reading only files whose size
//! or modification time changed. A folder that disappears is logged and
//! waited for, never fatal.

pub mod data;
pub mod documents;
pub mod pg;

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::{broadcast, mpsc};

/// Quiet time after an event before rescanning: a burst of events (a file
/// copied in pieces, many files at once) becomes one rescan.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// Longest time between rescans without events.
const POLL: Duration = Duration::from_secs(1);

/// Why the loop woke up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A file-system event or the poll: rescan what changed.
    Changed,
    /// SIGHUP: reload everything.
    Hangup,
}

/// Something that rescans a folder when woken.
pub trait Rescan: Send {
    fn rescan(&mut self, wake: Wake) -> impl Future<Output = ()> + Send;
}

/// Watches `dir` and calls `target.rescan` after each change, SIGHUP (from
/// `hangups`) or poll, until the process ends.
pub async fn run(dir: PathBuf, mut target: impl Rescan, mut hangups: broadcast::Receiver<()>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let mut watcher: Option<RecommendedWatcher> = None;
    let mut missing_logged = false;
    loop {
        let present = dir.is_dir();
        match (present, watcher.is_some()) {
            (true, false) => {
                watcher = arm(&dir, tx.clone());
                if missing_logged {
                    tracing::info!("{} is back; watching it again", dir.display());
                    missing_logged = false;
                }
            }
            (false, true) | (false, false) => {
                watcher = None;
                if !missing_logged {
                    tracing::warn!(
                        "{} does not exist (any more): its documents and layers stay as they \
                         were; waiting for it to come back",
                        dir.display()
                    );
                    missing_logged = true;
                }
            }
            (true, true) => {}
        }
        let wake = tokio::select! {
            event = rx.recv() => {
                if event.is_none() {
                    return;
                }
                tokio::time::sleep(DEBOUNCE).await;
                while rx.try_recv().is_ok() {}
                Wake::Changed
            }
            _ = tokio::time::sleep(POLL) => Wake::Changed,
            hup = hangups.recv() => match hup {
                Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => Wake::Hangup,
                Err(broadcast::error::RecvError::Closed) => Wake::Changed,
            },
        };
        if dir.is_dir() {
            target.rescan(wake).await;
        }
    }
}

/// A `notify` watcher on `dir` that pokes `tx` on every event.
fn arm(dir: &Path, tx: mpsc::UnboundedSender<()>) -> Option<RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |_: notify::Result<notify::Event>| {
        let _ = tx.send(());
    })
    .map_err(|e| tracing::warn!("cannot watch {}: {e}; polling it instead", dir.display()))
    .ok()?;
    watcher
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(|e| tracing::warn!("cannot watch {}: {e}; polling it instead", dir.display()))
        .ok()?;
    Some(watcher)
}
