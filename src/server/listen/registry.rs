//! The open connections: what is known of each (requests in flight, the
//! last bytes received, a blocked write), and the choice of which to close.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::ConnectionLimits;

/// What is known of one open connection; times are milliseconds since the
/// registry was made.
#[derive(Debug, Default)]
pub(super) struct ConnState {
    /// Requests whose response has not been sent in full.
    pub(super) busy: AtomicUsize,
    /// The last time bytes arrived or a response was finished.
    pub(super) last_activity: AtomicU64,
    /// Since when a write has been blocked (0: none is).
    pub(super) blocked_since: AtomicU64,
    pub(super) close: Notify,
}

/// The open connections.
pub(super) struct Registry {
    epoch: Instant,
    next_id: AtomicU64,
    open: Mutex<HashMap<u64, Arc<ConnState>>>,
    /// Wakes the shutdown wait when a connection ends.
    pub(super) ended: Notify,
    /// Connections closed to make room, refused at the cap, and when the
    /// last log line about it was written.
    evicted: AtomicU64,
    refused: AtomicU64,
    last_cap_log: AtomicU64,
}

impl Registry {
    pub(super) fn new() -> Registry {
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

    pub(super) fn now(&self) -> u64 {
        // At least 1, so that 0 can mean "never" in `blocked_since`.
        (self.epoch.elapsed().as_millis() as u64).max(1)
    }

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<ConnState>>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn len(&self) -> usize {
        self.lock().len()
    }

    pub(super) fn add(&self) -> (u64, Arc<ConnState>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let state = Arc::new(ConnState::default());
        state.last_activity.store(self.now(), Ordering::Relaxed);
        self.lock().insert(id, state.clone());
        (id, state)
    }

    pub(super) fn remove(&self, id: u64) {
        self.lock().remove(&id);
        self.ended.notify_waiters();
    }

    /// Closes the connection idle the longest; false if every connection
    /// has a request in flight.
    pub(super) fn evict_idlest(&self) -> bool {
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
    pub(super) fn note_cap(&self, evicted: bool, cap: usize) {
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
    pub(super) fn idle(&self) -> bool {
        self.busy.load(Ordering::Relaxed) == 0
    }

    /// When this connection should next be looked at (registry time), or
    /// `None` if it is to be closed now.
    pub(super) fn deadline(&self, now: u64, limits: &ConnectionLimits) -> Option<u64> {
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
