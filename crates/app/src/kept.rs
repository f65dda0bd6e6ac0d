//! Read models kept between writes. Every member of a forum sees the same events, members,
//! collections and topics: what the access policy lets a viewer read depends on their roles
//! only (their [`Audience`]), so a page's records are read once for everyone with the same
//! roles instead of once per request. A kept read serves only while no write transaction of
//! this process has ended since it was read (`Store::write_generation`), for at most
//! [`FRESH_FOR`] (writes of other nodes, and "today"), and the whole keeps to a byte budget
//! (the least recently used go first). What is personal (what is new since a viewer's last
//! visit) is kept only under the viewer's own id in its parameters.

use std::any::Any;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lru::LruCache;
use serde::Serialize;
use urbis_domain::{Audience, Id, Viewer};

use crate::one_at_a_time::OneAtATime;
use crate::{App, AppError};

/// How long a kept read serves at most.
pub const FRESH_FOR: Duration = Duration::from_secs(1);
/// The most bytes of read models kept by default.
pub const BUDGET: usize = 16 * 1024 * 1024;
/// What a kept read costs beyond its records (its key, bookkeeping), for the budget.
const OVERHEAD: usize = 256;
/// Records in memory take about this many times their JSON size (string and vector headers,
/// maps), for the budget.
const IN_MEMORY: usize = 2;

/// Which read, for whom: the read model, the forum, the roles of the viewer and the read's
/// own parameters (a page number, a filter, the day).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ReadKey {
    what: &'static str,
    forum: Id,
    audience: Audience,
    params: String,
}

/// A read model as it was read.
struct Entry {
    generation: u64,
    made: Instant,
    cost: usize,
    value: Arc<dyn Any + Send + Sync>,
}

struct Kept {
    entries: LruCache<ReadKey, Entry>,
    bytes: usize,
}

/// The read models kept by one process.
pub(crate) struct KeptReads {
    kept: Mutex<Kept>,
    budget: AtomicUsize,
    /// The reads running now: whoever needs one of them meanwhile waits for it instead of
    /// reading the same rows too (when many members open a page the moment it changed, it is
    /// read once).
    reading: OneAtATime<ReadKey>,
}

impl std::fmt::Debug for KeptReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptReads")
            .field("budget", &self.budget())
            .field("len", &self.len())
            .finish()
    }
}

impl Default for KeptReads {
    fn default() -> Self {
        Self {
            kept: Mutex::new(Kept {
                entries: LruCache::unbounded(),
                bytes: 0,
            }),
            budget: AtomicUsize::new(BUDGET),
            reading: OneAtATime::default(),
        }
    }
}

impl KeptReads {
    fn budget(&self) -> usize {
        self.budget.load(Ordering::Relaxed)
    }

    /// Sets the most bytes kept; 0 keeps nothing (every request reads the store).
    pub(crate) fn set_budget(&self, bytes: usize) {
        self.budget.store(bytes, Ordering::Relaxed);
        self.shrink();
    }

    /// How many reads are kept now.
    pub(crate) fn len(&self) -> usize {
        self.kept.lock().map_or(0, |k| k.entries.len())
    }

    fn get<T: Send + Sync + 'static>(&self, key: &ReadKey, generation: u64) -> Option<Arc<T>> {
        let mut kept = self.kept.lock().ok()?;
        let entry = kept.entries.get(key)?;
        if entry.generation != generation || entry.made.elapsed() >= FRESH_FOR {
            return None;
        }
        entry.value.clone().downcast::<T>().ok()
    }

    fn put(&self, key: ReadKey, entry: Entry) {
        if entry.cost > self.budget() {
            return;
        }
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        let cost = entry.cost;
        let old = kept.entries.put(key, entry).map_or(0, |old| old.cost);
        kept.bytes = (kept.bytes + cost).saturating_sub(old);
        drop(kept);
        self.shrink();
    }

    /// Drops the least recently used reads until the kept ones fit the budget.
    fn shrink(&self) {
        let budget = self.budget();
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        let Kept { entries, bytes } = &mut *kept;
        while *bytes > budget {
            let Some((_, old)) = entries.pop_lru() else {
                break;
            };
            *bytes = bytes.saturating_sub(old.cost);
        }
    }
}

/// Counts the bytes written to it: what a read model weighs as JSON, without the JSON.
#[derive(Default)]
struct Weigher(usize);

impl std::io::Write for Weigher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// About how many bytes `value` holds in memory.
fn weigh<T: Serialize>(value: &T) -> usize {
    let mut weigher = Weigher::default();
    match serde_json::to_writer(&mut weigher, value) {
        Ok(()) => weigher.0 * IN_MEMORY + OVERHEAD,
        // What cannot be weighed is never kept.
        Err(_) => usize::MAX,
    }
}

impl App {
    /// The read model `what` of `forum` with `params` as the viewer's audience sees it: kept
    /// from an earlier read while nothing can have changed it, else read by `read` (once, however
    /// many ask at the same time) and kept. `read` must depend on nothing of the viewer but
    /// their roles, and `params` must name everything else it depends on.
    pub(crate) async fn kept<T, F, Fut>(
        &self,
        what: &'static str,
        forum: &Id,
        viewer: &Viewer,
        params: String,
        read: F,
    ) -> Result<Arc<T>, AppError>
    where
        T: Serialize + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let reads = self.reads();
        if reads.budget() == 0 {
            return read().await.map(Arc::new);
        }
        let key = ReadKey {
            what,
            forum: forum.clone(),
            audience: viewer.audience(),
            params,
        };
        if let Some(value) = reads.get(&key, self.write_generation()) {
            return Ok(value);
        }
        let Some(turn) = reads.reading.turn(&key).await else {
            return read().await.map(Arc::new);
        };
        // Taken before reading: a write that ends during the read makes the result stale.
        let generation = self.write_generation();
        let found = match reads.get(&key, generation) {
            Some(value) => Ok(value),
            None => read().await.map(|value| {
                let value = Arc::new(value);
                let entry = Entry {
                    generation,
                    made: Instant::now(),
                    cost: weigh(&*value)
                        .saturating_add(key.params.len())
                        .saturating_add(what.len()),
                    value: value.clone(),
                };
                reads.put(key.clone(), entry);
                value
            }),
        };
        drop(turn);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(params: &str) -> ReadKey {
        ReadKey {
            what: "test",
            forum: Id::from_text("f"),
            audience: Viewer::anonymous().audience(),
            params: params.to_owned(),
        }
    }

    fn entry(generation: u64, cost: usize, value: u32) -> Entry {
        Entry {
            generation,
            made: Instant::now(),
            cost,
            value: Arc::new(value),
        }
    }

    #[test]
    fn a_read_serves_only_in_its_generation_and_as_its_type() {
        let reads = KeptReads::default();
        reads.put(key("a"), entry(3, 10, 7));
        assert_eq!(reads.get::<u32>(&key("a"), 3).as_deref(), Some(&7));
        assert!(reads.get::<u32>(&key("a"), 4).is_none());
        assert!(reads.get::<u32>(&key("b"), 3).is_none());
        assert!(reads.get::<String>(&key("a"), 3).is_none());
    }

    #[test]
    fn the_budget_holds_and_none_keeps_nothing() {
        let reads = KeptReads::default();
        reads.set_budget(1000);
        for n in 0..10 {
            reads.put(key(&n.to_string()), entry(1, 300, n));
        }
        assert_eq!(reads.len(), 3);
        assert!(reads.get::<u32>(&key("9"), 1).is_some());
        assert!(reads.get::<u32>(&key("0"), 1).is_none());
        reads.put(key("huge"), entry(1, 5000, 1));
        assert!(reads.get::<u32>(&key("huge"), 1).is_none());
        reads.set_budget(0);
        assert_eq!(reads.len(), 0);
        reads.put(key("x"), entry(1, 1, 1));
        assert_eq!(reads.len(), 0);
    }

    #[test]
    fn weighing_counts_the_json() {
        assert_eq!(weigh(&"abc"), 5 * IN_MEMORY + OVERHEAD);
        assert!(weigh(&vec!["x".repeat(1000); 10]) > 20_000);
    }
}
