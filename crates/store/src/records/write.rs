//! Writing one record on an open connection: insert, update and delete with its references,
//! every reference checked, database errors turned into conflicts on their field.

use std::collections::BTreeMap;

use sqlx::error::ErrorKind;
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use urbis_domain::sharing::NO_UMBRELLA;
use urbis_domain::{Id, Kind, Problems, Shared};

use crate::error::{Result, StoreError};
use crate::table::{COMMON_COLUMNS, Stored, Value};

use super::{bind, placeholders};

/// The values of the common columns of a record, in [`COMMON_COLUMNS`] order.
fn common_values<R: Stored>(record: &R) -> Result<Vec<Value>> {
    let body = serde_json::to_string(record).map_err(|e| StoreError::Corrupt {
        kind: R::KIND,
        id: record.id().to_string(),
        message: e.to_string(),
    })?;
    Ok(vec![
        Value::id(record.id()),
        Value::id(record.forum()),
        Value::text(record.access().as_str()),
        Value::text(record.created().to_string()),
        Value::text(record.updated().to_string()),
        Value::text(body),
    ])
}

/// Inserts one record and its references on an open connection (inside the caller's
/// transaction).
pub(crate) async fn insert_row<R: Stored>(conn: &mut AnyConnection, record: &R) -> Result<()> {
    let columns: Vec<&str> = COMMON_COLUMNS.iter().chain(R::COLUMNS).copied().collect();
    let sql = format!(
        "insert into {} ({}) values ({})",
        R::KIND.plural(),
        columns.join(", "),
        placeholders(1, columns.len())
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for value in common_values(record)?.into_iter().chain(record.values()) {
        query = bind(query, value);
    }
    query
        .execute(&mut *conn)
        .await
        .map_err(|e| write_error::<R>(e))?;
    insert_refs(conn, record).await
}

/// Replaces one stored record (same id, same forum) on an open connection.
pub(crate) async fn update_row<R: Stored>(conn: &mut AnyConnection, record: &R) -> Result<()> {
    let sets: Vec<String> = COMMON_COLUMNS[2..]
        .iter()
        .chain(R::COLUMNS)
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 3))
        .collect();
    let sql = format!(
        "update {} set {} where id = $1 and forum_id = $2",
        R::KIND.plural(),
        sets.join(", ")
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for value in common_values(record)?.into_iter().chain(record.values()) {
        query = bind(query, value);
    }
    let done = query
        .execute(&mut *conn)
        .await
        .map_err(|e| write_error::<R>(e))?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            kind: R::KIND,
            id: record.id().clone(),
        });
    }
    sqlx::query("delete from refs where from_id = $1")
        .bind(record.id().as_str())
        .execute(&mut *conn)
        .await?;
    insert_refs(conn, record).await
}

async fn insert_refs<R: Stored>(conn: &mut AnyConnection, record: &R) -> Result<()> {
    let refs = record.references();
    for chunk in refs.chunks(100) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", placeholders(i * 5 + 1, 5)))
            .collect();
        let sql = format!(
            "insert into refs (from_id, from_kind, field, to_id, to_kind) values {}",
            rows.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (field, kind, id) in chunk {
            query = query
                .bind(record.id().as_str())
                .bind(R::KIND.name())
                .bind(field.as_str())
                .bind(id.as_str())
                .bind(kind.name());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Checks that every reference of `record` points to a stored record of the right kind.
pub(crate) async fn check_refs<R: Stored>(conn: &mut AnyConnection, record: &R) -> Result<()> {
    let refs: Vec<(String, Kind, Id)> = record.references();
    let mut problems = Problems::new();
    if record.shared() == Shared::Umbrella {
        let umbrella: Option<Option<String>> =
            sqlx::query_scalar("select umbrella_id from forums where id = $1")
                .bind(record.forum().as_str())
                .fetch_optional(&mut *conn)
                .await?;
        if umbrella.flatten().is_none() {
            problems.push("shared", NO_UMBRELLA);
        }
    }
    for (path, kind, id) in missing(conn, refs.iter().map(|(f, k, i)| (f.as_str(), *k, i))).await? {
        problems.push(path, format!("there is no {kind} with id `{id}`"));
    }
    problems.into_result().map_err(StoreError::Invalid)
}

/// Of the given references (path, kind, id), those whose record is not stored.
pub(crate) async fn missing<'a>(
    conn: &mut AnyConnection,
    refs: impl Iterator<Item = (&'a str, Kind, &'a Id)>,
) -> Result<Vec<(String, Kind, Id)>> {
    let mut by_kind: BTreeMap<Kind, Vec<(&str, &Id)>> = BTreeMap::new();
    for (path, kind, id) in refs {
        by_kind.entry(kind).or_default().push((path, id));
    }
    let mut absent = Vec::new();
    for (kind, wanted) in by_kind {
        for chunk in wanted.chunks(500) {
            let sql = format!(
                "select id from {} where id in ({})",
                kind.plural(),
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (_, id) in chunk {
                query = query.bind(id.as_str());
            }
            let found: Vec<String> = query
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|row| row.try_get::<String, _>(0))
                .collect::<Result<_, _>>()?;
            for (path, id) in chunk {
                if !found.iter().any(|f| f == id.as_str()) {
                    absent.push((path.to_string(), kind, (*id).clone()));
                }
            }
        }
    }
    Ok(absent)
}

/// Deletes one record unless another record still refers to it.
pub(crate) async fn delete_row<R: Stored>(conn: &mut AnyConnection, id: &Id) -> Result<()> {
    let users = sqlx::query(
        "select from_kind, from_id, field from refs where to_id = $1 and from_id <> $1 \
         order by from_kind, from_id limit 3",
    )
    .bind(id.as_str())
    .fetch_all(&mut *conn)
    .await?;
    if !users.is_empty() {
        let list: Vec<String> = users
            .iter()
            .map(|row| {
                let kind: String = row.try_get(0).unwrap_or_default();
                let from: String = row.try_get(1).unwrap_or_default();
                let field: String = row.try_get(2).unwrap_or_default();
                format!("{kind} {from} ({field})")
            })
            .collect();
        return Err(StoreError::Conflict {
            field: String::new(),
            message: format!(
                "this {} is still referred to by {}",
                R::KIND,
                list.join(", ")
            ),
        });
    }
    let sql = format!("delete from {} where id = $1", R::KIND.plural());
    let done = sqlx::query(AssertSqlSafe(sql))
        .bind(id.as_str())
        .execute(&mut *conn)
        .await
        .map_err(|e| write_error::<R>(e))?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            kind: R::KIND,
            id: id.clone(),
        });
    }
    sqlx::query("delete from refs where from_id = $1")
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Turns a database error of a write into a conflict on the field it concerns.
pub(crate) fn write_error<R: Stored>(error: sqlx::Error) -> StoreError {
    let Some(db) = error.as_database_error() else {
        return StoreError::Database(error);
    };
    let text = format!("{} {}", db.message(), db.constraint().unwrap_or_default());
    match db.kind() {
        ErrorKind::UniqueViolation => {
            if let Some((_, field)) = R::UNIQUE.iter().find(|(column, _)| text.contains(column)) {
                StoreError::Conflict {
                    field: (*field).to_owned(),
                    message: format!("is already used by another {} in this forum", R::KIND),
                }
            } else {
                StoreError::Conflict {
                    field: "id".to_owned(),
                    message: format!("a {} with this id already exists", R::KIND),
                }
            }
        }
        ErrorKind::ForeignKeyViolation => StoreError::Conflict {
            field: String::new(),
            message: format!(
                "this {} refers to a record that does not exist, or is still referred to",
                R::KIND
            ),
        },
        _ => StoreError::Database(error),
    }
}
