//! Reading records back: one from its row, a list query's page, and its counts.

use sqlx::any::AnyRow;
use sqlx::{Any, AssertSqlSafe, Row};
use urbis_domain::{Id, Record};

use crate::error::{Result, StoreError};
use crate::table::{COMMON_COLUMNS, Stored};

use super::sql::unknown_column;
use super::{ListQuery, bind};

/// The columns [`from_row`] reads.
pub(crate) const RECORD_COLUMNS: &str = "forum_id, body, id";

/// Reads a record from a row of [`RECORD_COLUMNS`].
pub(crate) fn from_row<R: Record>(row: &AnyRow) -> Result<R> {
    let forum: String = row.try_get(0)?;
    let body: String = row.try_get(1)?;
    let mut record: R = serde_json::from_str(&body).map_err(|e| StoreError::Corrupt {
        kind: R::KIND,
        id: row.try_get(2).unwrap_or_default(),
        message: e.to_string(),
    })?;
    record.set_forum(Id::from_text(forum));
    Ok(record)
}

/// Runs a list query on a connection or pool.
pub(crate) async fn list_rows<'e, R, E>(executor: E, query: &ListQuery) -> Result<Vec<R>>
where
    R: Stored,
    E: sqlx::Executor<'e, Database = Any>,
{
    let (sql, values) = query.sql::<R>(RECORD_COLUMNS, true)?;
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for value in values {
        q = bind(q, value);
    }
    q.fetch_all(executor).await?.iter().map(from_row).collect()
}

/// Counts the records a list query selects per value of one column, in one query.
pub(crate) async fn count_grouped_rows<'e, R, E>(
    executor: E,
    query: &ListQuery,
    column: &'static str,
) -> Result<std::collections::HashMap<String, i64>>
where
    R: Stored,
    E: sqlx::Executor<'e, Database = Any>,
{
    if !(COMMON_COLUMNS.contains(&column) || R::COLUMNS.contains(&column)) {
        return Err(unknown_column::<R>(column));
    }
    let (sql, values) = query.sql::<R>(&format!("{column}, count(*)"), false)?;
    let sql = format!("{sql} group by {column}");
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for value in values {
        q = bind(q, value);
    }
    let mut counts = std::collections::HashMap::new();
    for row in q.fetch_all(executor).await? {
        let key: Option<String> = row.try_get(0)?;
        counts.insert(key.unwrap_or_default(), row.try_get::<i64, _>(1)?);
    }
    Ok(counts)
}

/// Counts the records a list query would return, without a page.
pub(crate) async fn count_rows<'e, R, E>(executor: E, query: &ListQuery) -> Result<i64>
where
    R: Stored,
    E: sqlx::Executor<'e, Database = Any>,
{
    let (sql, values) = query.sql::<R>("count(*)", false)?;
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for value in values {
        q = bind(q, value);
    }
    Ok(q.fetch_one(executor).await?.try_get::<i64, _>(0)?)
}
