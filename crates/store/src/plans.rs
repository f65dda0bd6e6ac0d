//! How the database would run a list query: its plan, for the test that fails on a full scan
//! of a large table (no index serves the query).

use sqlx::Row;

use crate::connect::Backend;
use crate::error::Result;
use crate::records::{ListQuery, RECORD_COLUMNS, bind_all};
use crate::store::Store;
use crate::table::Stored;

impl Store {
    /// The plan of the query that lists `query` for kind `R`, a line per step: SQLite's
    /// `EXPLAIN QUERY PLAN`; PostgreSQL's `EXPLAIN` with sequential scans discouraged, so that a
    /// `Seq Scan` in it means that no index can serve the query, whatever the table's size.
    pub async fn query_plan<R: Stored>(&self, query: &ListQuery) -> Result<Vec<String>> {
        let query = self.resolved::<R>(query).await?;
        let (sql, values) = query.sql::<R>(RECORD_COLUMNS, true)?;
        let mut conn = self.pools.read.acquire().await?;
        let explain = match self.backend() {
            Backend::Sqlite => format!("explain query plan {sql}"),
            Backend::Postgres => {
                sqlx::query("set enable_seqscan = off")
                    .execute(&mut *conn)
                    .await?;
                format!("explain {sql}")
            }
        };
        let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(explain)), values)
            .fetch_all(&mut *conn)
            .await;
        if self.backend() == Backend::Postgres {
            sqlx::query("reset enable_seqscan")
                .execute(&mut *conn)
                .await?;
        }
        let column = match self.backend() {
            Backend::Sqlite => 3,
            Backend::Postgres => 0,
        };
        rows?
            .iter()
            .map(|row| Ok(row.try_get::<String, _>(column)?))
            .collect()
    }
}
