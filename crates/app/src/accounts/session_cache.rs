//! Live sessions kept in memory between writes: without it every logged-in page would begin
//! with three lookups (the session, its user, the second factor). A kept session serves only
//! while nothing was written through this process since it was read (a logout, a blocked
//! account, a changed role all are writes), for at most a second (another node's writes, as
//! the page cache), and never past the session's expiry.

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use lru::LruCache;
use urbis_domain::accounts::User;

use super::login::Stage;

/// How many sessions are kept at most (the least recently used go first).
const KEPT_SESSIONS: usize = 4096;

/// How long a kept session serves when nothing was written here meanwhile.
const KEPT_FOR: Duration = Duration::from_secs(1);

/// A session as it was read, with when and at which write generation.
#[derive(Debug, Clone)]
struct Kept {
    generation: u64,
    read_at: Instant,
    expires_at: Timestamp,
    user: User,
    stage: Stage,
}

/// The sessions kept, by token hash.
#[derive(Debug)]
pub(crate) struct SessionCache(Mutex<LruCache<String, Kept>>);

impl Default for SessionCache {
    fn default() -> Self {
        let size = NonZeroUsize::new(KEPT_SESSIONS).unwrap_or(NonZeroUsize::MIN);
        Self(Mutex::new(LruCache::new(size)))
    }
}

impl SessionCache {
    /// The kept user and stage of the session with this token hash, if still good at `now`
    /// and write generation `generation`.
    pub(crate) fn get(
        &self,
        token_hash: &str,
        generation: u64,
        now: Timestamp,
    ) -> Option<(User, Stage)> {
        let mut kept = self.0.lock().ok()?;
        let entry = kept.get(token_hash)?;
        if entry.generation == generation
            && entry.read_at.elapsed() < KEPT_FOR
            && now < entry.expires_at
        {
            return Some((entry.user.clone(), entry.stage));
        }
        kept.pop(token_hash);
        None
    }

    /// Keeps a session read at write generation `generation` (taken before the reads).
    pub(crate) fn put(
        &self,
        token_hash: String,
        generation: u64,
        expires_at: Timestamp,
        user: &User,
        stage: Stage,
    ) {
        if let Ok(mut kept) = self.0.lock() {
            kept.put(
                token_hash,
                Kept {
                    generation,
                    read_at: Instant::now(),
                    expires_at,
                    user: user.clone(),
                    stage,
                },
            );
        }
    }
}
