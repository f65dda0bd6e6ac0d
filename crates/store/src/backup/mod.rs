//! Backup and restore of the whole store, table by table: every row of every table (records,
//! accounts, grants, sessions, tokens, the outbox, the audit and change logs …) read from one
//! snapshot, so a restored office loses nothing. Values are JSON numbers, strings and nulls,
//! which makes a backup of one backend restorable into the other.

mod catalog;
mod read;
mod restore;
mod upgrade;

use std::collections::BTreeMap;

use serde_json::Value;

pub use restore::Restore;

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

/// What a backup holds: the schema it was taken with and the rows per table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupCounts {
    /// The newest migration of the store the backup was taken from.
    pub schema_version: i64,
    /// Rows per table.
    pub rows: BTreeMap<String, u64>,
}

/// A table or column name quoted for SQL (names come from the catalog, not from users).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
