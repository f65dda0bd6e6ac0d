//! Restoring a backup into an empty store: one write transaction, referenced tables first,
//! rows inserted in batches, self references set last, counters moved on.

use std::collections::HashMap;

use serde_json::Value;
use sqlx::{Any, AssertSqlSafe};

use crate::connect::Backend;
use crate::error::{Result, StoreError};
use crate::store::Store;

use super::catalog::{ColumnType, Table, referenced_first, tables};
use super::upgrade::Scratch;
use super::{TableShape, quoted};

impl Store {
    /// Starts a restore into this store, which must be empty (no row in any table). A backup
    /// of this schema version is written straight into it; one of an earlier version is first
    /// restored into a scratch store of that version, migrated there and then copied in; one of
    /// a newer version is refused. Nothing is visible until [`Restore::commit`]; dropping the
    /// restore writes nothing.
    pub async fn restore(&self, schema_version: i64) -> Result<Restore> {
        let ours = self.schema_version().await?;
        if schema_version > ours {
            return Err(problem(
                "backup",
                format!(
                    "it has schema version {schema_version}, newer than this urbis ({}) knows \
                     (up to {ours}): restore it with the urbis that made it or a newer one",
                    env!("CARGO_PKG_VERSION")
                ),
            ));
        }
        if schema_version < 1 {
            return Err(bad_backup(format!(
                "its schema version {schema_version} is not one urbis ever had"
            )));
        }
        let into = self.loader().await?;
        let scratch = if schema_version < ours {
            Some(Scratch::open(schema_version).await?)
        } else {
            None
        };
        Ok(Restore { into, scratch })
    }

    /// A loader into this store: one write transaction, the store checked to be empty in it.
    pub(super) async fn loader(&self) -> Result<Loader> {
        let mut tx = self.begin_write().await?;
        let tables = referenced_first(tables(&mut tx, self.pools.backend).await?)?;
        let mut filled = Vec::new();
        for table in &tables {
            let sql = format!("select count(*) from {}", quoted(&table.name));
            let rows: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
                .fetch_one(&mut *tx)
                .await?;
            if rows > 0 {
                filled.push(format!("{rows} {}", table.name));
            }
        }
        if !filled.is_empty() {
            let more = if filled.len() > 3 { ", …" } else { "" };
            filled.truncate(3);
            return Err(problem(
                "store",
                format!(
                    "it is not empty (it holds {}{more}): restore only into an empty store",
                    filled.join(", ")
                ),
            ));
        }
        Ok(Loader {
            tx,
            backend: self.pools.backend,
            tables,
            current: None,
            store: self.clone(),
        })
    }
}

/// A restore under way: one write transaction that takes the backup's tables in the order
/// [`Restore::tables`] names (referenced tables first). A backup of an earlier schema version
/// goes into a scratch store of that version first (see [`Store::restore`]).
pub struct Restore {
    into: Loader,
    scratch: Option<Scratch>,
}

impl std::fmt::Debug for Restore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Restore")
            .field("backend", &self.into.backend)
            .field("upgrading", &self.scratch.is_some())
            .finish_non_exhaustive()
    }
}

impl Restore {
    /// Where the backup's rows go now: the scratch store of an older backup, else the store.
    fn loading(&mut self) -> &mut Loader {
        match self.scratch.as_mut() {
            Some(scratch) => &mut scratch.loader,
            None => &mut self.into,
        }
    }

    /// The tables of the backup's schema version in the order a restore takes them.
    pub fn tables(&self) -> Vec<String> {
        let loader = self.scratch.as_ref().map_or(&self.into, |s| &s.loader);
        loader.tables.iter().map(|t| t.name.clone()).collect()
    }

    /// Starts a table of the backup with the columns its rows list.
    pub async fn start_table(&mut self, shape: &TableShape) -> Result<()> {
        self.loading().start_table(shape).await
    }

    /// Adds one row of the current table (a value per column named in
    /// [`Restore::start_table`]).
    pub async fn row(&mut self, values: Vec<Value>) -> Result<()> {
        self.loading().row(values).await
    }

    /// Makes the restore visible: an older backup is migrated in its scratch store and copied
    /// in; counters continue after the restored rows; then the transaction commits. Returns
    /// the rows now in each table.
    pub async fn commit(self) -> Result<HashMap<String, u64>> {
        let mut into = self.into;
        if let Some(scratch) = self.scratch {
            scratch.migrate_into(&mut into).await?;
        }
        into.commit().await
    }
}

/// Writes a backup's rows into one store in one write transaction.
pub(super) struct Loader {
    tx: crate::write::WriteTx,
    backend: Backend,
    tables: Vec<Table>,
    current: Option<Current>,
    store: Store,
}

/// The table being restored: which backup column goes where, and the self references to set
/// once all its rows are in.
struct Current {
    table: Table,
    /// For each backup column: its place among the table's columns, or none for a self
    /// reference (set afterwards).
    targets: Vec<(usize, Option<ColumnType>)>,
    insert_columns: Vec<usize>,
    self_ref_columns: Vec<(usize, usize)>,
    id_column: Option<usize>,
    pending: Vec<(String, Vec<Value>)>,
    batch: Vec<Vec<Value>>,
}

/// Rows per insert statement (bounded by both databases' limits on parameters).
const BIND_BUDGET: usize = 4_000;

impl Loader {
    /// The store's tables in the order they are taken.
    pub(super) fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// Starts a table of the backup with the columns its rows list.
    pub(super) async fn start_table(&mut self, shape: &TableShape) -> Result<()> {
        self.finish_table().await?;
        let Some(table) = self.tables.iter().find(|t| t.name == shape.name).cloned() else {
            return Err(bad_backup(format!(
                "it holds a table `{}` this urbis does not have",
                shape.name
            )));
        };
        let mut targets = Vec::with_capacity(shape.columns.len());
        let mut insert_columns = Vec::new();
        let mut self_ref_columns = Vec::new();
        for (i, column) in shape.columns.iter().enumerate() {
            let Some(place) = table.columns.iter().position(|(c, _)| c == column) else {
                return Err(bad_backup(format!(
                    "its table `{}` has a column `{column}` this urbis does not have",
                    shape.name
                )));
            };
            targets.push((place, Some(table.columns[place].1)));
            if table.self_refs.contains(column) {
                self_ref_columns.push((i, place));
            } else {
                insert_columns.push(i);
            }
        }
        let id_column = shape.columns.iter().position(|c| c == "id");
        if !self_ref_columns.is_empty() && id_column.is_none() {
            return Err(bad_backup(format!(
                "its table `{}` refers to itself without an id column",
                shape.name
            )));
        }
        self.current = Some(Current {
            table,
            targets,
            insert_columns,
            self_ref_columns,
            id_column,
            pending: Vec::new(),
            batch: Vec::new(),
        });
        Ok(())
    }

    /// Adds one row of the current table.
    pub(super) async fn row(&mut self, values: Vec<Value>) -> Result<()> {
        let Some(current) = self.current.as_mut() else {
            return Err(bad_backup("it holds a row before any table".to_owned()));
        };
        if values.len() != current.targets.len() {
            return Err(bad_backup(format!(
                "a row of `{}` has {} values for {} columns",
                current.table.name,
                values.len(),
                current.targets.len()
            )));
        }
        current.batch.push(values);
        let per_row = current.insert_columns.len().max(1);
        if current.batch.len() * per_row >= BIND_BUDGET {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<()> {
        let Some(current) = self.current.as_mut() else {
            return Ok(());
        };
        if current.batch.is_empty() {
            return Ok(());
        }
        let table = &current.table;
        let names: Vec<String> = current
            .insert_columns
            .iter()
            .map(|&i| quoted(&table.columns[current.targets[i].0].0))
            .collect();
        let mut placeholders = Vec::with_capacity(current.batch.len());
        let mut n = 0;
        for _ in &current.batch {
            let row: Vec<String> = current
                .insert_columns
                .iter()
                .map(|_| {
                    n += 1;
                    format!("${n}")
                })
                .collect();
            placeholders.push(format!("({})", row.join(", ")));
        }
        let sql = format!(
            "insert into {} ({}) values {}",
            quoted(&table.name),
            names.join(", "),
            placeholders.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        let batch = std::mem::take(&mut current.batch);
        for values in &batch {
            for &i in &current.insert_columns {
                let (place, kind) = current.targets[i];
                let column = &table.columns[place].0;
                query = bind(query, &table.name, column, kind, &values[i])?;
            }
            if let Some(id) = current.id_column
                && !current.self_ref_columns.is_empty()
            {
                let refs: Vec<Value> = current
                    .self_ref_columns
                    .iter()
                    .map(|&(i, _)| values[i].clone())
                    .collect();
                if refs.iter().any(|v| !v.is_null()) {
                    let id = values[id].as_str().unwrap_or_default().to_owned();
                    current.pending.push((id, refs));
                }
            }
        }
        query
            .execute(&mut *self.tx)
            .await
            .map_err(|e| restore_error(&table.name, e))?;
        Ok(())
    }

    /// Writes what is left of the current table and its self references.
    async fn finish_table(&mut self) -> Result<()> {
        self.flush().await?;
        let Some(current) = self.current.take() else {
            return Ok(());
        };
        for (id, refs) in &current.pending {
            let sets: Vec<String> = current
                .self_ref_columns
                .iter()
                .enumerate()
                .map(|(n, &(_, place))| {
                    format!("{} = ${}", quoted(&current.table.columns[place].0), n + 1)
                })
                .collect();
            let sql = format!(
                "update {} set {} where id = ${}",
                quoted(&current.table.name),
                sets.join(", "),
                refs.len() + 1
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (value, &(_, place)) in refs.iter().zip(&current.self_ref_columns) {
                let (column, kind) = &current.table.columns[place];
                query = bind(query, &current.table.name, column, Some(*kind), value)?;
            }
            query
                .bind(id.clone())
                .execute(&mut *self.tx)
                .await
                .map_err(|e| restore_error(&current.table.name, e))?;
        }
        Ok(())
    }

    /// Makes the rows visible: counters continue after the restored rows, then the
    /// transaction commits. Returns the rows now in each table.
    pub(super) async fn commit(mut self) -> Result<HashMap<String, u64>> {
        self.finish_table().await?;
        if self.backend == Backend::Postgres {
            let serials: Vec<(String, String)> = sqlx::query_as(
                "select table_name::text, column_name::text from information_schema.columns \
                 where table_schema = current_schema() and column_default like 'nextval(%'",
            )
            .fetch_all(&mut *self.tx)
            .await?;
            for (table, column) in serials {
                let sql = format!(
                    "select setval(pg_get_serial_sequence($1, $2), \
                     coalesce((select max({}) from {}), 0) + 1, false)",
                    quoted(&column),
                    quoted(&table)
                );
                sqlx::query(AssertSqlSafe(sql))
                    .bind(&table)
                    .bind(&column)
                    .execute(&mut *self.tx)
                    .await?;
            }
        }
        let mut counts = HashMap::new();
        for table in &self.tables {
            let sql = format!("select count(*) from {}", quoted(&table.name));
            let rows: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
                .fetch_one(&mut *self.tx)
                .await?;
            counts.insert(table.name.clone(), u64::try_from(rows).unwrap_or(0));
        }
        self.tx.commit().await?;
        self.store.notify_change();
        self.store.refresh_statistics().await?;
        Ok(counts)
    }
}

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

/// Binds a backup value as the type its column has here.
fn bind<'q>(
    query: AnyQuery<'q>,
    table: &str,
    column: &str,
    kind: Option<ColumnType>,
    value: &Value,
) -> Result<AnyQuery<'q>> {
    let wrong = |what: &str| {
        bad_backup(format!(
            "{table}.{column} holds `{value}` where {what} belongs"
        ))
    };
    Ok(match (kind.unwrap_or(ColumnType::Text), value) {
        (ColumnType::Integer, Value::Null) => query.bind(None::<i64>),
        (ColumnType::Integer, Value::Number(n)) => {
            query.bind(n.as_i64().ok_or_else(|| wrong("a whole number"))?)
        }
        (ColumnType::Integer, Value::Bool(b)) => query.bind(i64::from(*b)),
        (ColumnType::Real, Value::Null) => query.bind(None::<f64>),
        (ColumnType::Real, Value::Number(n)) => {
            query.bind(n.as_f64().ok_or_else(|| wrong("a number"))?)
        }
        (ColumnType::Boolean, Value::Null) => query.bind(None::<bool>),
        (ColumnType::Boolean, Value::Bool(b)) => query.bind(*b),
        (ColumnType::Boolean, Value::Number(n)) => query.bind(n.as_i64().unwrap_or(0) != 0),
        (ColumnType::Text, Value::Null) => query.bind(None::<String>),
        (ColumnType::Text, Value::String(s)) => query.bind(s.clone()),
        (ColumnType::Integer, _) => return Err(wrong("a whole number")),
        (ColumnType::Real, _) => return Err(wrong("a number")),
        (ColumnType::Boolean, _) => return Err(wrong("true or false")),
        (ColumnType::Text, _) => return Err(wrong("text")),
    })
}

pub(super) fn problem(field: &str, message: String) -> StoreError {
    let mut problems = urbis_domain::Problems::new();
    problems.push(field, message);
    StoreError::Invalid(problems)
}

pub(super) fn bad_backup(message: String) -> StoreError {
    problem("backup", message)
}

fn restore_error(table: &str, error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::Database(db) => bad_backup(format!(
            "its rows of `{table}` do not fit this store: {}",
            db.message()
        )),
        other => StoreError::Database(other),
    }
}
