//! Backup and restore of the whole store, table by table: every row of every table (records,
//! accounts, grants, sessions, tokens, the outbox, the audit and change logs …) read from one
//! snapshot, so a restored office loses nothing. Values are JSON numbers, strings and nulls,
//! which makes a backup of one backend restorable into the other.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use futures_util::TryStreamExt;
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, AssertSqlSafe, Row};

use crate::connect::Backend;
use crate::error::{Result, StoreError};
use crate::store::Store;

/// The table sqlx keeps its migrations in: the restored store has its own.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// A table as a backup holds it: its name and its columns in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableShape {
    /// The table's name.
    pub name: String,
    /// Its columns, in the order each row lists its values.
    pub columns: Vec<String>,
}

/// Receives a backup as it is read: each table, then each of its rows.
pub trait BackupSink {
    /// A new table starts; its rows follow.
    fn table(&mut self, shape: &TableShape) -> std::io::Result<()>;
    /// One row of the current table, a value per column.
    fn row(&mut self, values: &[Value]) -> std::io::Result<()>;
}

/// The kind of value a column holds, as both backends declare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnType {
    Integer,
    Real,
    Boolean,
    Text,
}

impl ColumnType {
    fn of(declared: &str) -> Self {
        let declared = declared.to_ascii_lowercase();
        if declared.contains("int") || declared.contains("serial") {
            Self::Integer
        } else if declared.contains("bool") {
            Self::Boolean
        } else if declared.contains("real")
            || declared.contains("double")
            || declared.contains("float")
            || declared.contains("numeric")
        {
            Self::Real
        } else {
            Self::Text
        }
    }
}

#[derive(Debug, Clone)]
struct Table {
    name: String,
    columns: Vec<(String, ColumnType)>,
    /// Tables this one refers to (other than itself).
    refers_to: BTreeSet<String>,
    /// Columns referring to this same table (an umbrella forum): written after all rows.
    self_refs: Vec<String>,
}

/// Two names read from the catalog (a column and its type, a referenced table and a column).
type Pair = (String, String);

/// The tables of the open database with their columns and references, sorted by name.
async fn tables(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<Table>> {
    let names: Vec<String> = match backend {
        Backend::Sqlite => {
            sqlx::query_scalar(
                "select name from sqlite_master where type = 'table' \
                 and name not like 'sqlite_%' and name <> $1 order by name",
            )
            .bind(MIGRATIONS_TABLE)
            .fetch_all(&mut *conn)
            .await?
        }
        Backend::Postgres => {
            sqlx::query_scalar(
                "select table_name::text from information_schema.tables \
                 where table_schema = current_schema() and table_type = 'BASE TABLE' \
                 and table_name <> $1 order by table_name",
            )
            .bind(MIGRATIONS_TABLE)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        let (columns, references): (Vec<Pair>, Vec<Pair>) = match backend {
            Backend::Sqlite => {
                let columns =
                    sqlx::query_as("select name, type from pragma_table_info($1) order by cid")
                        .bind(&name)
                        .fetch_all(&mut *conn)
                        .await?;
                let references =
                    sqlx::query_as("select \"table\", \"from\" from pragma_foreign_key_list($1)")
                        .bind(&name)
                        .fetch_all(&mut *conn)
                        .await?;
                (columns, references)
            }
            Backend::Postgres => {
                let columns = sqlx::query_as(
                    "select column_name::text, data_type::text from information_schema.columns \
                     where table_schema = current_schema() and table_name = $1 \
                     order by ordinal_position",
                )
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
                let references = sqlx::query_as(
                    "select target.relname::text, a.attname::text \
                     from pg_constraint c \
                     join pg_class source on source.oid = c.conrelid \
                     join pg_class target on target.oid = c.confrelid \
                     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1] \
                     where c.contype = 'f' and source.relname = $1 \
                     and source.relnamespace = current_schema()::regnamespace",
                )
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
                (columns, references)
            }
        };
        let mut table = Table {
            name: name.clone(),
            columns: columns
                .into_iter()
                .map(|(column, declared)| (column, ColumnType::of(&declared)))
                .collect(),
            refers_to: BTreeSet::new(),
            self_refs: Vec::new(),
        };
        for (target, column) in references {
            if target == name {
                table.self_refs.push(column);
            } else {
                table.refers_to.insert(target);
            }
        }
        tables.push(table);
    }
    Ok(tables)
}

/// Orders tables so that every table comes after the tables it refers to.
fn referenced_first(tables: Vec<Table>) -> Result<Vec<Table>> {
    let mut left: BTreeMap<String, Table> =
        tables.into_iter().map(|t| (t.name.clone(), t)).collect();
    let mut ordered = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready: Vec<String> = left
            .values()
            .filter(|t| t.refers_to.iter().all(|r| !left.contains_key(r)))
            .map(|t| t.name.clone())
            .collect();
        if ready.is_empty() {
            let names: Vec<&str> = left.keys().map(String::as_str).collect();
            return Err(StoreError::Connect(format!(
                "the tables {} refer to each other in a circle; they cannot be restored",
                names.join(", ")
            )));
        }
        for name in ready {
            if let Some(table) = left.remove(&name) {
                ordered.push(table);
            }
        }
    }
    Ok(ordered)
}

/// One column's value of a row as JSON.
fn value(row: &AnyRow, index: usize) -> Result<Value> {
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

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn sink_error(error: &std::io::Error) -> StoreError {
    StoreError::Connect(format!("cannot write the backup: {error}"))
}

/// What a backup holds: the schema it was taken with and the rows per table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupCounts {
    /// The newest migration of the store the backup was taken from.
    pub schema_version: i64,
    /// Rows per table.
    pub rows: BTreeMap<String, u64>,
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
        let known = crate::connect::newest_migration(self.pools.backend);
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

    /// Starts a restore into this store, which must be empty (no row in any table) and of
    /// the schema version the backup was taken with. Nothing is visible until
    /// [`Restore::commit`]; dropping the restore writes nothing.
    pub async fn restore(&self, schema_version: i64) -> Result<Restore> {
        let ours = self.schema_version().await?;
        if ours != schema_version {
            return Err(problem(
                "backup",
                format!(
                    "it has schema version {schema_version}, this urbis has {ours}: \
                     restore it with the urbis version that made it"
                ),
            ));
        }
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
        Ok(Restore {
            tx,
            backend: self.pools.backend,
            tables,
            current: None,
            store: self.clone(),
        })
    }
}

/// A restore under way: one write transaction that takes the backup's tables in the order
/// [`Restore::tables`] names (referenced tables first).
pub struct Restore {
    tx: crate::write::WriteTx,
    backend: Backend,
    tables: Vec<Table>,
    current: Option<Current>,
    store: Store,
}

impl std::fmt::Debug for Restore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Restore")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
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

impl Restore {
    /// The store's tables in the order a restore takes them.
    pub fn tables(&self) -> Vec<String> {
        self.tables.iter().map(|t| t.name.clone()).collect()
    }

    /// Starts a table of the backup with the columns its rows list.
    pub async fn start_table(&mut self, shape: &TableShape) -> Result<()> {
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

    /// Adds one row of the current table (a value per column named in
    /// [`Restore::start_table`]).
    pub async fn row(&mut self, values: Vec<Value>) -> Result<()> {
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

    /// Makes the restore visible: counters continue after the restored rows, then the
    /// transaction commits. Returns the rows now in each table.
    pub async fn commit(mut self) -> Result<HashMap<String, u64>> {
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

fn problem(field: &str, message: String) -> StoreError {
    let mut problems = urbis_domain::Problems::new();
    problems.push(field, message);
    StoreError::Invalid(problems)
}

fn bad_backup(message: String) -> StoreError {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, refers_to: &[&str]) -> Table {
        Table {
            name: name.into(),
            columns: Vec::new(),
            refers_to: refers_to.iter().map(|s| (*s).to_owned()).collect(),
            self_refs: Vec::new(),
        }
    }

    #[test]
    fn referenced_tables_come_first() {
        let ordered = referenced_first(vec![
            table("a_grants", &["users", "forums"]),
            table("forums", &[]),
            table("users", &[]),
            table("sessions", &["users"]),
        ])
        .unwrap();
        let names: Vec<&str> = ordered.iter().map(|t| t.name.as_str()).collect();
        let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
        assert!(at("users") < at("a_grants"));
        assert!(at("forums") < at("a_grants"));
        assert!(at("users") < at("sessions"));
        assert!(referenced_first(vec![table("x", &["y"]), table("y", &["x"])]).is_err());
    }

    #[test]
    fn declared_types_map_to_kinds() {
        assert_eq!(ColumnType::of("bigint"), ColumnType::Integer);
        assert_eq!(ColumnType::of("INTEGER"), ColumnType::Integer);
        assert_eq!(ColumnType::of("text"), ColumnType::Text);
        assert_eq!(ColumnType::of("boolean"), ColumnType::Boolean);
        assert_eq!(ColumnType::of("double precision"), ColumnType::Real);
    }
}
