//! State written on every request from every core, split by thread.
//!
//! One atomic counter or one mutex shared by all worker threads is one
//! cache line that moves between cores on every request; on the fastest
//! routes (a pre-built tile is a lookup) that showed in profiles. Each
//! thread takes a shard of its own instead, and readers (`/metrics`, rare)
//! add the shards up.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Shards (more than the cores a server usually has; threads past that
/// share, which is correct, only slower).
pub const SHARDS: usize = 8;

/// The shard of the calling thread, picked once per thread.
pub fn my_shard() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static MINE: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS;
    }
    MINE.with(|m| *m)
}

/// A value alone on its cache lines (128 bytes: adjacent-line prefetch
/// pairs 64-byte lines).
#[derive(Debug, Default)]
#[repr(align(128))]
pub struct Padded<T>(pub T);

/// A counter that every thread adds to without sharing a cache line.
#[derive(Debug, Default)]
pub struct Counter {
    shards: [Padded<AtomicU64>; SHARDS],
}

impl Counter {
    pub fn add(&self, n: u64) {
        self.shards[my_shard()].0.fetch_add(n, Ordering::Relaxed);
    }

    /// The sum of every shard.
    pub fn get(&self) -> u64 {
        self.shards
            .iter()
            .map(|s| s.0.load(Ordering::Relaxed))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn adds_from_many_threads_are_all_counted() {
        let counter = Arc::new(Counter::default());
        let threads: Vec<_> = (0..11)
            .map(|_| {
                let c = counter.clone();
                std::thread::spawn(move || {
                    for _ in 0..1000 {
                        c.add(1);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(counter.get(), 11_000);
    }

    #[test]
    fn shards_do_not_share_cache_lines() {
        assert_eq!(std::mem::align_of::<Padded<AtomicU64>>(), 128);
        assert!(std::mem::size_of::<Padded<AtomicU64>>() >= 128);
    }
}
