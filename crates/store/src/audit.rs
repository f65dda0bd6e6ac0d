//! Writing and reading the audit log: every change made through the store's single-record
//! writes leaves an entry in the same transaction (and a row in the change log).

use sqlx::{AnyConnection, AssertSqlSafe, Row};
use urbis_domain::audit::{AuditAction, AuditEntry, FieldChange, field_changes};
use urbis_domain::record::now;
use urbis_domain::{Id, Kind};

use crate::accounts::stamp;
use crate::changes::{self, Operation};
use crate::error::{Result, StoreError};
use crate::store::Store;
use crate::table::Stored;

fn corrupt(id: &str, message: String) -> StoreError {
    StoreError::Corrupt {
        kind: Kind::Forum,
        id: format!("audit entry {id}"),
        message,
    }
}

/// Stores one audit entry.
pub(crate) async fn write_entry(
    conn: &mut AnyConnection,
    forum: &Id,
    entry: &AuditEntry,
) -> Result<()> {
    let changes = serde_json::to_string(&entry.changes)
        .map_err(|e| corrupt(entry.id.as_str(), e.to_string()))?;
    sqlx::query(
        "insert into audit_log (id, at, forum_id, actor_id, record_kind, record_id, action, changes) \
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.id.as_str())
    .bind(stamp(entry.at))
    .bind(forum.as_str())
    .bind(entry.actor.as_ref().map(|a| a.as_str().to_owned()))
    .bind(entry.kind.name())
    .bind(entry.record.as_str())
    .bind(entry.action.as_str())
    .bind(changes)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Reads a record's stored JSON inside a transaction (for the "old" side of a change).
pub(crate) async fn stored_body<R: Stored>(
    conn: &mut AnyConnection,
    id: &Id,
) -> Result<Option<serde_json::Value>> {
    let sql = format!("select body from {} where id = $1", R::KIND.plural());
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row
        .map(|r| r.try_get::<String, _>(0))
        .transpose()?
        .and_then(|body| serde_json::from_str(&body).ok()))
}

/// Records a change of `record` by `actor`: `old` and `new` are its JSON forms, either absent
/// for a creation or a deletion.
pub(crate) async fn record_change<R: Stored>(
    conn: &mut AnyConnection,
    actor: Option<&Id>,
    record: &R,
    old: Option<&serde_json::Value>,
    new: Option<&serde_json::Value>,
) -> Result<()> {
    let null = serde_json::Value::Null;
    let (action, changes): (AuditAction, Vec<FieldChange>) = match (old, new) {
        (None, Some(new)) => (AuditAction::Create, field_changes(&null, new)),
        (Some(old), Some(new)) => (AuditAction::Update, field_changes(old, new)),
        (Some(old), None) => (AuditAction::Delete, field_changes(old, &null)),
        (None, None) => return Ok(()),
    };
    let entry = AuditEntry {
        id: Id::new(),
        at: now(),
        actor: actor.cloned(),
        kind: R::KIND,
        record: record.id().clone(),
        action,
        changes,
    };
    write_entry(conn, record.forum(), &entry).await?;
    let operation = if new.is_some() {
        Operation::Upsert
    } else {
        Operation::Delete
    };
    changes::log(conn, R::KIND, record.id(), record.forum(), operation).await
}

fn entry_from_row(row: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    let id: String = row.try_get(0)?;
    let at: String = row.try_get(1)?;
    let kind: String = row.try_get(3)?;
    let action: String = row.try_get(5)?;
    let changes: String = row.try_get(6)?;
    Ok(AuditEntry {
        at: at
            .parse()
            .map_err(|e: jiff::Error| corrupt(&id, e.to_string()))?,
        actor: row.try_get::<Option<String>, _>(2)?.map(Id::from_text),
        kind: Kind::parse(&kind).ok_or_else(|| corrupt(&id, format!("unknown kind {kind}")))?,
        record: Id::from_text(row.try_get::<String, _>(4)?),
        action: action
            .parse::<AuditAction>()
            .map_err(|e| corrupt(&id, e.to_string()))?,
        changes: serde_json::from_str(&changes).map_err(|e| corrupt(&id, e.to_string()))?,
        id: Id::from_text(id),
    })
}

const ENTRY_COLUMNS: &str = "id, at, actor_id, record_kind, record_id, action, changes";

/// The audit log of a forum, oldest first.
pub(crate) async fn forum_entries(conn: &mut AnyConnection, forum: &Id) -> Result<Vec<AuditEntry>> {
    let sql = format!("select {ENTRY_COLUMNS} from audit_log where forum_id = $1 order by at, id");
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(forum.as_str())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(entry_from_row).collect()
}

impl Store {
    /// The same store, writing `actor` into the audit log of every change made through it.
    pub fn acting_as(&self, actor: Option<&Id>) -> Store {
        let mut store = self.clone();
        store.actor = actor.cloned();
        store
    }

    /// The changes of one record of a forum, oldest first: what the office of that forum may read.
    pub async fn audit_of_forum_record(&self, forum: &Id, record: &Id) -> Result<Vec<AuditEntry>> {
        let sql = format!(
            "select {ENTRY_COLUMNS} from audit_log where forum_id = $1 and record_id = $2 order by at, id"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(forum.as_str())
            .bind(record.as_str())
            .fetch_all(&self.pools.read)
            .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The changes of one record, oldest first (for the office).
    pub async fn audit_of(&self, record: &Id) -> Result<Vec<AuditEntry>> {
        let sql =
            format!("select {ENTRY_COLUMNS} from audit_log where record_id = $1 order by at, id");
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(record.as_str())
            .fetch_all(&self.pools.read)
            .await?;
        rows.iter().map(entry_from_row).collect()
    }
}
