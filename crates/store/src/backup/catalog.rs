//! The tables of the open database as its catalog describes them: columns, their types, and
//! references, ordered so that referenced tables come first.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::AnyConnection;

use crate::connect::Backend;
use crate::error::{Result, StoreError};

/// The table sqlx keeps its migrations in: the restored store has its own.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// The kind of value a column holds, as both backends declare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ColumnType {
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

/// A table of the open database: its columns and what it refers to.
#[derive(Debug, Clone)]
pub(super) struct Table {
    /// The table's name.
    pub(super) name: String,
    /// Its columns with their types, in the catalog's order.
    pub(super) columns: Vec<(String, ColumnType)>,
    /// Tables this one refers to (other than itself).
    pub(super) refers_to: BTreeSet<String>,
    /// Columns referring to this same table (an umbrella forum): written after all rows.
    pub(super) self_refs: Vec<String>,
}

/// Two names read from the catalog (a column and its type, a referenced table and a column).
type Pair = (String, String);

/// The tables of the open database with their columns and references, sorted by name.
pub(super) async fn tables(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<Table>> {
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
pub(super) fn referenced_first(tables: Vec<Table>) -> Result<Vec<Table>> {
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
