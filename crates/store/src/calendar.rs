//! Calendar feeds: the secret token of each member's personal iCal address (hash only), and
//! how often each event was changed (the iCal `SEQUENCE`).

use std::collections::HashMap;

use jiff::Timestamp;
use sqlx::Row;
use urbis_domain::audit::AuditAction;
use urbis_domain::{Id, Kind};

use crate::accounts::stamp;
use crate::error::Result;
use crate::store::Store;

impl Store {
    /// Sets the hash of a user's calendar token, creating it or replacing an earlier one: the
    /// earlier token stops working at once.
    pub async fn set_calendar_token(&self, user: &Id, token_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from calendar_tokens where user_id = $1")
            .bind(user.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "insert into calendar_tokens (user_id, token_hash, created_at) values ($1, $2, $3)",
        )
        .bind(user.as_str())
        .bind(token_hash)
        .bind(stamp(Timestamp::now()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a user's calendar token; true when there was one.
    pub async fn remove_calendar_token(&self, user: &Id) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("delete from calendar_tokens where user_id = $1")
            .bind(user.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// The user a calendar token hash belongs to, if any.
    pub async fn calendar_token_user(&self, token_hash: &str) -> Result<Option<Id>> {
        let row = sqlx::query("select user_id from calendar_tokens where token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pools.read)
            .await?;
        row.map(|r| r.try_get::<String, _>(0).map(Id::from_text))
            .transpose()
            .map_err(Into::into)
    }

    /// How many times each record of a kind in a forum was changed after its creation (the
    /// `update` entries of the audit log), by record id, in one query. Records never changed
    /// are missing (count 0).
    pub async fn update_counts(&self, forum: &Id, kind: Kind) -> Result<HashMap<String, i64>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select record_id, count(*) from audit_log \
             where forum_id = $1 and record_kind = $2 and action = '{}' group by record_id",
            AuditAction::Update
        )))
        .bind(forum.as_str())
        .bind(kind.name())
        .fetch_all(&self.pools.read)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?)))
            .collect()
    }

    /// How many times each of these records was changed after its creation (their iCal
    /// `SEQUENCE`), by record id; records never changed are left out. One query per 500 ids.
    pub async fn update_counts_of(&self, ids: &[Id]) -> Result<HashMap<String, i64>> {
        let mut counts = HashMap::new();
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "select record_id, count(*) from audit_log \
                 where record_id in ({}) and action = '{}' group by record_id",
                placeholders.join(", "),
                AuditAction::Update
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(&self.pools.read).await? {
                counts.insert(row.try_get::<String, _>(0)?, row.try_get::<i64, _>(1)?);
            }
        }
        Ok(counts)
    }

    /// How many times one record was changed after its creation (its iCal `SEQUENCE`).
    pub async fn update_count(&self, record: &Id) -> Result<i64> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select count(*) from audit_log where record_id = $1 and action = '{}'",
            AuditAction::Update
        )))
        .bind(record.as_str())
        .fetch_one(&self.pools.read)
        .await?;
        Ok(row.try_get::<i64, _>(0)?)
    }
}
