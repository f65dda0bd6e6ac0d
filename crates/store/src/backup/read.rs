//! Taking a backup: every row of every table read from one snapshot into a sink.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::connect::Backend;
use crate::error::{Result, StoreError};
use crate::store::Store;

use super::catalog::tables;
use super::{BackupCounts, BackupSink, TableShape, quoted};

/// One column's value of a row as JSON.
pub(super) fn value(row: &AnyRow, index: usize) -> Result<Value> {
    if let Ok(v) = row.try_get::<Option<i64>, _>(index) {
        return Ok(v.map_or(Value::Null, Value::from));
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(index) {
        return Ok(v.map_or(Value::Null, Value::from));
    }
    if let Ok(v) = row.try_get::<Option<bool>, _>(index) {
        return Ok(v.map_or(Value::Null, Value::from));
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(index) {
        return Ok(v.map_or(Value::Null, Value::from));
    }
    Err(StoreError::Connect(format!(
        "column {index} holds a type a backup cannot carry"
    )))
}

fn sink_error(error: &std::io::Error) -> StoreError {
    StoreError::Connect(format!("cannot write the backup: {error}"))
}

impl Store {
    /// The newest migration applied to this store: a backup restores only into the same schema.
    pub async fn schema_version(&self) -> Result<i64> {
        let version: Option<i64> =
            sqlx::query_scalar("select max(version) from _sqlx_migrations where success")
                .fetch_one(&self.pools.read)
                .await?;
        Ok(version.unwrap_or(0))
    }

    /// Whether the database's schema is the one this build migrates to: `None` when it is,
    /// else what differs (another node migrated further, or a migration failed).
    pub async fn schema_mismatch(&self) -> Result<Option<String>> {
        let stored = self.schema_version().await?;
        let known = crate::schema::newest_migration(self.pools.backend);
        Ok((stored != known).then(|| {
            format!("the database has schema version {stored}, this urbis expects {known}")
        }))
    }

    /// Reads every row of every table from one snapshot (writes may go on meanwhile) into
    /// `sink`, tables by name and rows in primary-key order.
    pub async fn backup(&self, sink: &mut dyn BackupSink) -> Result<BackupCounts> {
        let mut conn = self.pools.read.acquire().await?;
        let begin = match self.pools.backend {
            Backend::Sqlite => "begin",
            Backend::Postgres => "begin isolation level repeatable read read only",
        };
        sqlx::query(begin).execute(&mut *conn).await?;
        let result = self.backup_in(&mut conn, sink).await;
        sqlx::query("rollback").execute(&mut *conn).await?;
        result
    }

    async fn backup_in(
        &self,
        conn: &mut AnyConnection,
        sink: &mut dyn BackupSink,
    ) -> Result<BackupCounts> {
        let schema_version: Option<i64> =
            sqlx::query_scalar("select max(version) from _sqlx_migrations where success")
                .fetch_one(&mut *conn)
                .await?;
        let mut counts = BackupCounts {
            schema_version: schema_version.unwrap_or(0),
            rows: BTreeMap::new(),
        };
        for table in tables(conn, self.pools.backend).await? {
            let columns: Vec<String> = table.columns.iter().map(|(c, _)| c.clone()).collect();
            sink.table(&TableShape {
                name: table.name.clone(),
                columns: columns.clone(),
            })
            .map_err(|e| sink_error(&e))?;
            let list: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
            let list = list.join(", ");
            let sql = format!("select {list} from {} order by 1", quoted(&table.name));
            let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&mut *conn);
            let mut count = 0;
            let mut values = Vec::with_capacity(columns.len());
            while let Some(row) = rows.try_next().await? {
                values.clear();
                for (i, column) in columns.iter().enumerate() {
                    values.push(value(&row, i).map_err(|_| {
                        StoreError::Connect(format!(
                            "{}.{column} holds a type a backup cannot carry",
                            table.name
                        ))
                    })?);
                }
                sink.row(&values).map_err(|e| sink_error(&e))?;
                count += 1;
            }
            counts.rows.insert(table.name, count);
        }
        Ok(counts)
    }
}
