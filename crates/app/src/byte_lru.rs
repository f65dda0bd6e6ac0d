//! A least-recently-used map held to a byte budget: what the caches of rendered text and made
//! PDFs share. Each value is kept with what it costs; putting one in forgets the least recently
//! used until the whole fits the budget again, and a value costing more than the budget is not
//! kept at all.

use std::borrow::Borrow;
use std::hash::Hash;

use lru::LruCache;

/// Values by key, the least recently used going first when the budget is spent.
#[derive(Debug)]
pub struct ByteLru<K: Hash + Eq, V> {
    entries: LruCache<K, (V, usize)>,
    bytes: usize,
    budget: usize,
}

impl<K: Hash + Eq, V> ByteLru<K, V> {
    /// An empty map that keeps at most `budget` bytes.
    pub fn new(budget: usize) -> Self {
        Self {
            entries: LruCache::unbounded(),
            bytes: 0,
            budget,
        }
    }

    /// The value under `key`, now the most recently used.
    pub fn get<Q: Hash + Eq + ?Sized>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.entries.get(key).map(|(value, _)| value)
    }

    /// Keeps `value` under `key` at `cost` bytes (replacing what was there), forgetting the
    /// least recently used until the budget holds; false when it costs more than the budget.
    pub fn put(&mut self, key: K, value: V, cost: usize) -> bool {
        if cost > self.budget {
            return false;
        }
        if let Some((_, old)) = self.entries.put(key, (value, cost)) {
            self.bytes -= old;
        }
        self.bytes += cost;
        while self.bytes > self.budget {
            let Some((_, (_, old))) = self.entries.pop_lru() else {
                break;
            };
            self.bytes -= old;
        }
        true
    }

    /// The bytes kept now.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::ByteLru;

    #[test]
    fn the_least_recently_used_go_first_and_the_budget_holds() {
        let mut kept = ByteLru::new(10);
        assert!(kept.put(1, "a", 4));
        assert!(kept.put(2, "b", 4));
        assert_eq!(kept.get(&1), Some(&"a"), "1 is now the most recent");
        assert!(kept.put(3, "c", 4));
        assert_eq!(kept.bytes(), 8);
        assert_eq!(kept.get(&2), None, "2 was the least recently used");
        assert!(!kept.put(4, "d", 11), "larger than the budget");
        assert_eq!(kept.get(&4), None);
        assert!(kept.put(3, "c", 2));
        assert_eq!(kept.bytes(), 6, "a value kept again replaces the old one");
    }
}
