//! Keeping the index current: each server node tails the store's change log.

use std::future::Future;
use std::time::Duration;

use urbis_store::Store;

use crate::error::Result;
use crate::index::Search;
use crate::indexer;

/// How often the change log is read when nothing in this process signals a write.
pub const POLL: Duration = Duration::from_millis(200);
/// Changes applied in one commit.
const BATCH: i64 = 1_000;

/// Brings the index up to date: builds it when it was never built (or belongs to another
/// store), else applies the changes it missed. Returns the number of the last change applied.
pub async fn catch_up(store: &Store, search: &Search) -> Result<i64> {
    let newest = store.last_change().await?;
    match search.applied() {
        Some(applied) if applied <= newest => {
            let mut applied = applied;
            loop {
                let changes = store.changes_after(applied, BATCH).await?;
                let Some(last) = changes.last().map(|c| c.seq) else {
                    search.set_lag(0);
                    return Ok(applied);
                };
                indexer::apply(store, search, &changes).await?;
                applied = last;
                search.set_lag(newest - applied);
            }
        }
        _ => {
            let indexed = indexer::rebuild(store, search).await?;
            tracing::info!(records = indexed, "built the search index");
            search.set_lag(0);
            Ok(search.applied().unwrap_or(newest))
        }
    }
}

/// Follows the change log until `stop` resolves: after every write in this process at once,
/// and every [`POLL`] for writes of other nodes. Applied changes advance the store's write
/// generation, so the read models and pages this node keeps are read anew after a write on
/// another node. Errors are logged and retried.
pub async fn follow(store: Store, search: Search, stop: impl Future<Output = ()>) {
    let signal = store.change_signal();
    tokio::pin!(stop);
    let mut ready = false;
    loop {
        let step = if ready {
            step(&store, &search).await
        } else {
            catch_up(&store, &search).await.map(|_| false)
        };
        let wait = match step {
            Ok(more) => {
                ready = true;
                if more {
                    continue;
                }
                POLL
            }
            Err(error) => {
                tracing::error!(%error, "search index: cannot apply the store's changes; trying again");
                Duration::from_secs(2)
            }
        };
        tokio::select! {
            () = &mut stop => return,
            () = signal.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// Applies the next batch of changes; true when there may be more right away.
async fn step(store: &Store, search: &Search) -> Result<bool> {
    let applied = search.applied().unwrap_or(0);
    let changes = store.changes_after(applied, BATCH).await?;
    let Some(last) = changes.last().map(|c| c.seq) else {
        search.set_lag(0);
        return Ok(false);
    };
    indexer::apply(store, search, &changes).await?;
    // Other nodes' writes are among them: what this node keeps of the store is stale.
    store.note_changes_elsewhere();
    let full = changes.len() as i64 >= BATCH;
    search.set_lag(if full {
        store.last_change().await? - last
    } else {
        0
    });
    Ok(full)
}

/// Starts [`follow`] on the runtime and returns its handle.
pub fn spawn(
    store: Store,
    search: Search,
    stop: impl Future<Output = ()> + Send + 'static,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(follow(store, search, stop))
}
