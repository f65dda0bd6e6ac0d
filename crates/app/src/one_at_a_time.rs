//! One piece of work per key at a time: when many requests need the same page or read model the
//! moment it changed, the first does the work and the others wait for its turn to end (and then
//! find the result kept) instead of all doing it at once.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use tokio::sync::{Mutex as TurnLock, OwnedMutexGuard};

/// The keys whose work is under way, each with the lock its workers queue on.
#[derive(Debug)]
pub struct OneAtATime<K> {
    running: Mutex<HashMap<K, Arc<TurnLock<()>>>>,
}

impl<K> Default for OneAtATime<K> {
    fn default() -> Self {
        Self {
            running: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq + Clone> OneAtATime<K> {
    /// Waits until no one else works on `key`; the turn lasts until the answer is dropped.
    /// `None` only when the map's lock is poisoned: then the caller works without a turn.
    pub async fn turn(&self, key: &K) -> Option<Turn<'_, K>> {
        let lock = {
            let mut running = self.running.lock().ok()?;
            running.entry(key.clone()).or_default().clone()
        };
        let guard = lock.clone().lock_owned().await;
        Some(Turn {
            of: self,
            key: key.clone(),
            lock,
            guard: Some(guard),
        })
    }

    /// How many keys have work under way or queued (for tests).
    pub fn len(&self) -> usize {
        self.running.lock().map_or(0, |r| r.len())
    }

    /// True when no work is under way.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The turn of one worker on one key; ends when dropped, and the key is forgotten once nobody
/// waits for it any more.
#[derive(Debug)]
pub struct Turn<'a, K: Hash + Eq + Clone> {
    of: &'a OneAtATime<K>,
    key: K,
    lock: Arc<TurnLock<()>>,
    guard: Option<OwnedMutexGuard<()>>,
}

impl<K: Hash + Eq + Clone> Drop for Turn<'_, K> {
    fn drop(&mut self) {
        drop(self.guard.take());
        if let Ok(mut running) = self.of.running.lock() {
            // The map's own reference and ours: nobody else waits.
            if Arc::strong_count(&self.lock) <= 2 {
                running.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_worker_per_key_and_the_key_is_forgotten_after() {
        let turns = Arc::new(OneAtATime::<u32>::default());
        let inside = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut workers = Vec::new();
        for _ in 0..8 {
            let (turns, inside, most) = (turns.clone(), inside.clone(), most.clone());
            workers.push(tokio::spawn(async move {
                let _turn = turns.turn(&1).await;
                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                inside.fetch_sub(1, Ordering::SeqCst);
            }));
        }
        for worker in workers {
            worker.await.unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(most.load(Ordering::SeqCst), 1, "never two at once");
        assert!(turns.is_empty(), "the key is forgotten");
        let (a, b) = (turns.turn(&1).await, turns.turn(&2).await);
        assert!(a.is_some() && b.is_some(), "other keys do not wait");
        drop((a, b));
        assert!(turns.is_empty());
    }
}
