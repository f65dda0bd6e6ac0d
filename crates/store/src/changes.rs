//! The change log: every record write leaves a numbered row in its own transaction, so that
//! projections of the store (the search index of every server node) can follow it.

use sqlx::{AnyConnection, Row};
use urbis_domain::record::now;
use urbis_domain::{Id, Kind};

use crate::accounts::stamp;
use crate::error::{Result, StoreError};
use crate::store::Store;

/// The key of the PostgreSQL advisory lock that puts change numbers in commit order.
const CHANGE_LOCK: i64 = 0x7572_6269_7308; // "urbis" and the migration number

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Created or changed: read it again.
    Upsert,
    /// Deleted.
    Delete,
    /// A whole forum was imported (the change names the forum): read all of it.
    Import,
}

impl Operation {
    fn as_str(self) -> &'static str {
        match self {
            Operation::Upsert => "upsert",
            Operation::Delete => "delete",
            Operation::Import => "import",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Operation::Upsert, Operation::Delete, Operation::Import]
            .into_iter()
            .find(|o| o.as_str() == text)
    }
}

/// One row of the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its number: numbers grow in commit order.
    pub seq: i64,
    /// The kind of the record.
    pub kind: Kind,
    /// The record (for an import: the forum).
    pub id: Id,
    /// The forum of the record.
    pub forum: Id,
    /// What happened.
    pub operation: Operation,
}

/// Registrations are personal data written often and projected nowhere: they stay out of the log.
fn logged(kind: Kind) -> bool {
    kind != Kind::Registration
}

/// Adds a row to the change log inside the caller's write transaction.
pub(crate) async fn log(
    conn: &mut AnyConnection,
    kind: Kind,
    id: &Id,
    forum: &Id,
    operation: Operation,
) -> Result<()> {
    if !logged(kind) {
        return Ok(());
    }
    if conn.backend_name() == "PostgreSQL" {
        // Held until commit: whoever numbers a row after us commits after us.
        sqlx::query("select pg_advisory_xact_lock($1)")
            .bind(CHANGE_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "insert into changes (record_kind, record_id, forum_id, operation, at) values ($1, $2, $3, $4, $5)",
    )
    .bind(kind.name())
    .bind(id.as_str())
    .bind(forum.as_str())
    .bind(operation.as_str())
    .bind(stamp(now()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn change_from_row(row: &sqlx::any::AnyRow) -> Result<Change> {
    let seq: i64 = row.try_get(0)?;
    let kind: String = row.try_get(1)?;
    let operation: String = row.try_get(4)?;
    let corrupt = |message: String| StoreError::Corrupt {
        kind: Kind::Forum,
        id: format!("change {seq}"),
        message,
    };
    Ok(Change {
        seq,
        kind: Kind::parse(&kind).ok_or_else(|| corrupt(format!("unknown kind `{kind}`")))?,
        id: Id::from_text(row.try_get::<String, _>(2)?),
        forum: Id::from_text(row.try_get::<String, _>(3)?),
        operation: Operation::parse(&operation)
            .ok_or_else(|| corrupt(format!("unknown operation `{operation}`")))?,
    })
}

impl Store {
    /// The changes numbered after `seq`, oldest first, at most `limit`.
    pub async fn changes_after(&self, seq: i64, limit: i64) -> Result<Vec<Change>> {
        let rows = sqlx::query(
            "select seq, record_kind, record_id, forum_id, operation from changes \
             where seq > $1 order by seq limit $2",
        )
        .bind(seq)
        .bind(limit.max(1))
        .fetch_all(&self.pools.read)
        .await?;
        rows.iter().map(change_from_row).collect()
    }

    /// The number of the newest change (0 when there is none).
    pub async fn last_change(&self) -> Result<i64> {
        let row = sqlx::query("select coalesce(max(seq), 0) from changes")
            .fetch_one(&self.pools.read)
            .await?;
        Ok(row.try_get::<i64, _>(0)?)
    }

    /// Woken after every write made through this process's store (any clone of it), so a
    /// follower of the change log need not wait for its next poll.
    pub fn change_signal(&self) -> std::sync::Arc<tokio::sync::Notify> {
        self.changed.clone()
    }

    /// Tells the followers in this process that a write was committed.
    pub(crate) fn notify_change(&self) {
        self.changed.notify_one();
    }
}
