//! Write transactions that count themselves: every write transaction of this process, once it
//! has ended (committed or not), advances [`Store::write_generation`], so caches of what was
//! read before (rendered pages) can tell that they may be stale.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{Any, AnyConnection, Transaction};

use crate::error::Result;
use crate::store::Store;

/// A write transaction of the store: used like sqlx's transaction (`&mut *tx` is the
/// connection), ended with [`WriteTx::commit`] or by dropping it (rolled back).
pub(crate) struct WriteTx {
    tx: Option<Transaction<'static, Any>>,
    generation: Arc<AtomicU64>,
}

impl WriteTx {
    pub(crate) fn new(tx: Transaction<'static, Any>, generation: Arc<AtomicU64>) -> Self {
        Self {
            tx: Some(tx),
            generation,
        }
    }

    /// Commits; the generation advances after the commit (when `self` is dropped).
    pub(crate) async fn commit(mut self) -> Result<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        Ok(())
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        self.generation.fetch_add(1, Ordering::Release);
    }
}

impl std::ops::Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match &self.tx {
            Some(tx) => tx,
            // Only `commit` takes the transaction, and it consumes `self`.
            None => unreachable!("a write transaction used after its commit"),
        }
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.tx {
            Some(tx) => tx,
            None => unreachable!("a write transaction used after its commit"),
        }
    }
}

impl Store {
    /// How many write transactions of this process (through any clone of this store) have
    /// ended: a value read before reading the store differs from one read after any write
    /// that read could have missed.
    pub fn write_generation(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    /// Advances [`Store::write_generation`] for writes this process did not make: the search
    /// index's follower calls it after applying changes from the change log (other nodes'
    /// writes among them), so that what this process keeps of the store is read anew at once
    /// rather than when it grows too old.
    pub fn note_changes_elsewhere(&self) {
        self.writes.fetch_add(1, Ordering::Release);
    }
}
