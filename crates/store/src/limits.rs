//! Rate limits: fixed-window counters per key (a client address, an email …), counted in one
//! write transaction so that concurrent requests can never both take the last hit of a window.

use jiff::Timestamp;
use sqlx::Row;

use crate::error::Result;
use crate::store::Store;

/// One limit a request counts against: at most `max` hits per window of `window_seconds`
/// for `key`. Windows are fixed (they start at multiples of their length since 1970).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// What is counted (`guest-address:…`); the caller keeps personal data out of it.
    pub key: String,
    /// How many hits a window allows.
    pub max: i64,
    /// The window's length in seconds (at least one).
    pub window_seconds: i64,
}

impl Store {
    /// Counts one hit against every limit at `now`, all or none: when any limit is used up,
    /// nothing is counted and the answer is the seconds until the latest of the refusing
    /// windows ends; else `None`, and every hit is counted. One write transaction (`begin
    /// immediate` on SQLite; on PostgreSQL `insert … on conflict … do update … returning`
    /// holds each counter's row until the end), keys taken in one order so two requests never
    /// wait for each other in a circle. A key's expired windows are deleted on the way.
    pub async fn hit_limits(&self, limits: &[Limit], now: Timestamp) -> Result<Option<i64>> {
        let mut limits: Vec<&Limit> = limits.iter().collect();
        limits.sort_by(|a, b| a.key.cmp(&b.key));
        let second = now.as_second();
        let mut refused: Option<i64> = None;
        let mut tx = self.begin_write().await?;
        for limit in limits {
            let length = limit.window_seconds.max(1);
            let start = second - second.rem_euclid(length);
            let end = start + length;
            sqlx::query("delete from rate_limits where limit_key = $1 and expires_at <= $2")
                .bind(limit.key.as_str())
                .bind(second)
                .execute(&mut *tx)
                .await?;
            let row = sqlx::query(
                "insert into rate_limits (limit_key, window_start, expires_at, hits) \
                 values ($1, $2, $3, 1) on conflict (limit_key, window_start) \
                 do update set hits = rate_limits.hits + 1 returning hits",
            )
            .bind(limit.key.as_str())
            .bind(start)
            .bind(end)
            .fetch_one(&mut *tx)
            .await?;
            let hits: i64 = row.try_get(0)?;
            if hits > limit.max {
                let wait = (end - second).max(1);
                refused = Some(refused.map_or(wait, |w| w.max(wait)));
            }
        }
        if refused.is_some() {
            // Dropping the transaction rolls it back: a refused request counts nowhere.
            drop(tx);
            return Ok(refused);
        }
        tx.commit().await?;
        Ok(None)
    }

    /// Deletes every counter whose window is over at `now`; returns how many went.
    pub async fn delete_expired_limits(&self, now: Timestamp) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("delete from rate_limits where expires_at <= $1")
            .bind(now.as_second())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}
