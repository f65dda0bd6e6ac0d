//! Reading and writing records of any kind: one generic implementation for every table.

use std::collections::BTreeMap;

use sqlx::any::AnyRow;
use sqlx::error::ErrorKind;
use sqlx::{Any, AnyConnection, AssertSqlSafe, Row};
use urbis_domain::sharing::NO_UMBRELLA;
use urbis_domain::{Access, Id, Kind, Problems, Record, Shared};

use crate::error::{Result, StoreError};
use crate::table::{COMMON_COLUMNS, Stored, Value};

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

/// Binds every value of a query, in order.
pub(crate) fn bind_all(mut query: AnyQuery<'_>, values: Vec<Value>) -> AnyQuery<'_> {
    for value in values {
        query = bind(query, value);
    }
    query
}

fn bind(query: AnyQuery<'_>, value: Value) -> AnyQuery<'_> {
    match value {
        Value::Text(t) => query.bind(t),
        Value::Int(i) => query.bind(i),
    }
}

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

fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// Which side of a value a range filter keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// The value and everything after it.
    AtLeast,
    /// Everything before the value.
    Below,
    /// The value, everything after it, and no value.
    AtLeastOrUnset,
    /// Everything before the value, and no value.
    BelowOrUnset,
}

/// Which records of a kind to list: the forum, the highest access level the viewer may see,
/// equality filters on the kind's columns, the order and a page.
#[derive(Debug, Clone)]
pub struct ListQuery {
    forum: Option<Id>,
    visible: Access,
    shared: bool,
    /// The forums sharing into `forum`, once the store has looked them up.
    sharing: Option<crate::sharing::Sharing>,
    filters: Vec<(&'static str, Value)>,
    ranges: Vec<(&'static str, Bound, Value)>,
    any_of: Vec<(&'static str, Vec<Value>)>,
    referenced: Vec<Referenced>,
    referring: Vec<Referring>,
    order: Vec<(&'static str, bool)>,
    limit: Option<i64>,
    offset: i64,
}

/// A condition on the listed records: they refer to `target` through a field whose path
/// starts with `field`. With `few` (the store counted at most [`FEW_CARRIERS`] such records of
/// the kind) the list is read from those records; otherwise each row of the list's own order
/// is probed until the page is full.
#[derive(Debug, Clone)]
struct Referring {
    target: Id,
    field: &'static str,
    few: Option<bool>,
}

/// Up to how many records referring to a target a list is read from them (joined) rather
/// than by probing its rows: either way a page reads about this many rows at most, however
/// large the table (a rare topic among many records, or a common one).
pub(crate) const FEW_CARRIERS: i64 = 1000;

/// A condition on records of another kind that point at the listed ones: `id in (select
/// column from table where …)`, its columns checked against that kind's when it is built.
#[derive(Debug, Clone)]
struct Referenced {
    kind: Kind,
    column: &'static str,
    filters: Vec<(&'static str, Value)>,
    unknown: Option<&'static str>,
}

impl ListQuery {
    /// The records of one forum that a viewer cleared for `visible` may see.
    pub fn new(forum: &Id, visible: Access) -> Self {
        Self {
            forum: Some(forum.clone()),
            visible,
            shared: false,
            sharing: None,
            filters: Vec::new(),
            ranges: Vec::new(),
            any_of: Vec::new(),
            referenced: Vec::new(),
            referring: Vec::new(),
            order: Vec::new(),
            limit: None,
            offset: 0,
        }
    }

    /// Every record of every forum, for exports and maintenance.
    pub fn everything() -> Self {
        Self {
            forum: None,
            visible: Access::Staff,
            shared: false,
            sharing: None,
            filters: Vec::new(),
            ranges: Vec::new(),
            any_of: Vec::new(),
            referenced: Vec::new(),
            referring: Vec::new(),
            order: Vec::new(),
            limit: None,
            offset: 0,
        }
    }

    /// Also the records other forums share into this one (the umbrella's shared with all
    /// forums, a sibling's shared with all forums, and — in an umbrella — what its forums
    /// share with it), at the same access level: what the forum's calendar, feeds and portal
    /// show. Kinds that cannot be shared are not affected.
    pub fn with_shared(mut self) -> Self {
        self.shared = true;
        self
    }

    /// The forum whose shared records kind `R` should include, while the forums sharing into
    /// it are not yet known (see [`Self::sharing_from`]).
    pub(crate) fn sharing_wanted<R: Stored>(&self) -> Option<&Id> {
        let wanted = self.shared && self.sharing.is_none() && R::COLUMNS.contains(&"shared");
        self.forum.as_ref().filter(|_| wanted)
    }

    /// The same query with the forums sharing into its forum.
    pub(crate) fn sharing_from(mut self, sharing: crate::sharing::Sharing) -> Self {
        self.sharing = Some(sharing);
        self
    }

    /// Only records whose `column` equals `value`.
    pub fn filter(mut self, column: &'static str, value: Value) -> Self {
        self.filters.push((column, value));
        self
    }

    /// Only records whose `column` is at least `value` (in the column's order: text order for
    /// days and dates written `2026-12-05`).
    pub fn at_least(mut self, column: &'static str, value: Value) -> Self {
        self.ranges.push((column, Bound::AtLeast, value));
        self
    }

    /// Only records whose `column` is below `value`.
    pub fn below(mut self, column: &'static str, value: Value) -> Self {
        self.ranges.push((column, Bound::Below, value));
        self
    }

    /// Only records whose `column` is at least `value` or has none (an open start or end).
    pub fn at_least_or_unset(mut self, column: &'static str, value: Value) -> Self {
        self.ranges.push((column, Bound::AtLeastOrUnset, value));
        self
    }

    /// Only records whose `column` is below `value` or has none.
    pub fn below_or_unset(mut self, column: &'static str, value: Value) -> Self {
        self.ranges.push((column, Bound::BelowOrUnset, value));
        self
    }

    /// Only records whose `column` equals one of `values` (none for an empty list): one query
    /// for the records of many parents instead of one per parent.
    pub fn filter_any(mut self, column: &'static str, values: Vec<Value>) -> Self {
        self.any_of.push((column, values));
        self
    }

    /// Only records that a record of kind `M` points at through its column `column`, among
    /// those of `M` whose columns equal the `filters` (at the same access level): the
    /// organisations with an active membership, say, in one query.
    pub fn referenced_by<M: Stored>(
        mut self,
        column: &'static str,
        filters: Vec<(&'static str, Value)>,
    ) -> Self {
        let known = |c: &str| COMMON_COLUMNS.contains(&c) || M::COLUMNS.contains(&c);
        let unknown = std::iter::once(column)
            .chain(filters.iter().map(|(c, _)| *c))
            .find(|c| !known(c));
        self.referenced.push(Referenced {
            kind: M::KIND,
            column,
            filters,
            unknown,
        });
        self
    }

    /// Only records whose body refers to the record `target` through a field whose path starts
    /// with `field` (`topics[` for the topics a record carries), found through the store's
    /// references in the same query.
    pub fn referring_to(mut self, target: &Id, field: &'static str) -> Self {
        self.referring.push(Referring {
            target: target.clone(),
            field,
            few: None,
        });
        self
    }

    /// The reference (target, field path) whose records of the kind are still to be counted
    /// (see [`Self::carriers_counted`]).
    pub(crate) fn carriers_uncounted(&self) -> Option<(&Id, &'static str)> {
        self.referring
            .first()
            .filter(|r| r.few.is_none())
            .map(|r| (&r.target, r.field))
    }

    /// The same query, told whether few records refer to its first reference's target
    /// (which decides how its SQL finds them); the store counts them itself when not told.
    pub fn carriers_counted(mut self, few: bool) -> Self {
        if let Some(first) = self.referring.first_mut() {
            first.few = Some(few);
        }
        self
    }

    /// Sorts by `column`, ascending or (with `descending`) descending; id breaks ties.
    pub fn order_by(mut self, column: &'static str, descending: bool) -> Self {
        self.order.push((column, descending));
        self
    }

    /// One page: at most `limit` records after skipping `offset`.
    pub fn page(mut self, limit: i64, offset: i64) -> Self {
        self.limit = Some(limit.max(0));
        self.offset = offset.max(0);
        self
    }

    /// Builds `where …` and `order by …` for kind `R`, with the values to bind.
    pub(crate) fn sql<R: Stored>(
        &self,
        select: &str,
        with_order: bool,
    ) -> Result<(String, Vec<Value>)> {
        let known = |c: &str| COMMON_COLUMNS.contains(&c) || R::COLUMNS.contains(&c);
        let mut values = Vec::new();
        // Where the records come from: the forum alone, or (shared) the forum and the forums
        // that share into it, each with the records it shares.
        let mut sources = Vec::new();
        let mut clauses = Vec::new();
        if let Some(forum) = &self.forum {
            values.push(Value::id(forum));
            let own = values.len();
            sources.push(format!("forum_id = ${own}"));
            if self.sharing_wanted::<R>().is_some() {
                let mut problems = Problems::new();
                problems.push("shared", "a shared list needs the forums sharing into it");
                return Err(StoreError::Invalid(problems));
            }
            let sharing = self.sharing.as_ref().filter(|_| self.shared);
            let mut all = vec![format!("${own}")];
            for (forums, shared) in sharing
                .map(|s| {
                    [
                        (&s.umbrella_and_siblings, "shared = 'all_forums'"),
                        (&s.below, "shared in ('umbrella', 'all_forums')"),
                    ]
                })
                .into_iter()
                .flatten()
            {
                if forums.is_empty() {
                    continue;
                }
                let these = bind_in(&mut values, forums.iter().map(Value::id));
                sources.push(format!("{shared} and forum_id in ({these})"));
                all.push(these);
            }
            if sources.len() == 1 {
                clauses.push(sources[0].clone());
            } else {
                // The forums whose records may show come first, as a list the forum index
                // can be searched with; which of their records do is decided after.
                clauses.push(format!(
                    "forum_id in ({}) and ({})",
                    all.join(", "),
                    sources
                        .iter()
                        .map(|source| format!("({source})"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            }
        }
        let levels = || {
            self.visible
                .visible_levels()
                .iter()
                .map(|l| Value::text(l.as_str()))
        };
        let access = format!("access in ({})", bind_in(&mut values, levels()));
        clauses.push(access);
        for (column, value) in &self.filters {
            if !known(column) {
                return Err(unknown_column::<R>(column));
            }
            match value {
                Value::Text(None) | Value::Int(None) => clauses.push(format!("{column} is null")),
                _ => {
                    values.push(value.clone());
                    clauses.push(format!("{column} = ${}", values.len()));
                }
            }
        }
        for (column, bound, value) in &self.ranges {
            if !known(column) {
                return Err(unknown_column::<R>(column));
            }
            values.push(value.clone());
            let n = values.len();
            clauses.push(match bound {
                Bound::AtLeast => format!("{column} >= ${n}"),
                Bound::Below => format!("{column} < ${n}"),
                Bound::AtLeastOrUnset => format!("({column} is null or {column} >= ${n})"),
                Bound::BelowOrUnset => format!("({column} is null or {column} < ${n})"),
            });
        }
        for (column, any) in &self.any_of {
            if !known(column) {
                return Err(unknown_column::<R>(column));
            }
            if any.is_empty() {
                clauses.push("1 = 0".to_owned());
                continue;
            }
            let any = bind_in(&mut values, any.iter().cloned());
            clauses.push(format!("{column} in ({any})"));
        }
        for referenced in &self.referenced {
            if let Some(column) = referenced.unknown {
                return Err(unknown_column_of(referenced.kind, column));
            }
            let access = format!("access in ({})", bind_in(&mut values, levels()));
            let mut inner = vec![access];
            if self.forum.is_some() {
                // The referring records of the same forum ($1): their forum index serves it.
                inner.push("forum_id = $1".to_owned());
            }
            for (column, value) in &referenced.filters {
                values.push(value.clone());
                inner.push(format!("{column} = ${}", values.len()));
            }
            clauses.push(format!(
                "id in (select {} from {} where {})",
                referenced.column,
                referenced.kind.plural(),
                inner.join(" and ")
            ));
        }
        let table = R::KIND.plural();
        let mut from = table.to_owned();
        for (n, referring) in self.referring.iter().enumerate() {
            values.push(Value::id(&referring.target));
            let to = values.len();
            values.push(Value::text(R::KIND.name()));
            let kind = values.len();
            values.push(Value::text(format!("{}%", referring.field)));
            let field = values.len();
            let refers = format!("to_id = ${to} and from_kind = ${kind} and field like ${field}");
            if n == 0 && referring.few == Some(true) {
                // Few records refer to it: read those (the references' index, then each by
                // id) instead of walking the list.
                from = format!(
                    "(select distinct from_id from refs where {refers}) carriers \
                     cross join {table}"
                );
                clauses.push(format!("{table}.id = carriers.from_id"));
            } else {
                // Many do: probe each row of the list's own order, one lookup on the
                // references' (to_id, from_kind, from_id) index, until the page is full.
                clauses.push(format!(
                    "exists (select 1 from refs where {refers} and from_id = {table}.id)"
                ));
            }
        }
        let filtered = clauses.join(" and ");
        if !with_order {
            return Ok((
                format!("select {select} from {from} where {filtered}"),
                values,
            ));
        }
        let mut order = Vec::new();
        let mut order_columns = vec!["id"];
        for (column, descending) in &self.order {
            if !known(column) {
                return Err(unknown_column::<R>(column));
            }
            order.push(format!(
                "{column} {}",
                if *descending { "desc" } else { "asc" }
            ));
            if !order_columns.contains(column) {
                order_columns.push(column);
            }
        }
        order.push("id asc".to_owned());
        let order = order.join(", ");
        let Some(limit) = self.limit else {
            let sql = format!("select {select} from {from} where {filtered} order by {order}");
            return Ok((sql, values));
        };
        let page = format!("order by {order} limit {limit} offset {}", self.offset);
        // A page is chosen by ids and sort keys only, and its records read by id after: the
        // sort never carries the bodies of the rows it passes over.
        let ids = if sources.len() > 1 {
            // Each source reads its first rows in the list's order on its own index, so a
            // page costs the same however many records the forum holds; the page is picked
            // from what they bring.
            let own_clauses = &clauses[1..];
            let enough = limit.saturating_add(self.offset);
            let parts: Vec<String> = sources
                .iter()
                .enumerate()
                .map(|(n, source)| {
                    let conditions = std::iter::once(source.as_str())
                        .chain(own_clauses.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(" and ");
                    format!(
                        "select * from (select {} from {from} where {conditions} \
                         order by {order} limit {enough}) source_{n}",
                        order_columns.join(", ")
                    )
                })
                .collect();
            format!(
                "select id from ({}) sources {page}",
                parts.join(" union all ")
            )
        } else {
            format!("select {table}.id from {from} where {filtered} {page}")
        };
        let sql = format!("select {select} from {table} where id in ({ids}) order by {order}");
        Ok((sql, values))
    }
}

/// Binds `items` after `values` and returns their placeholders (`$3, $4, …`) for an `in (…)`.
fn bind_in(values: &mut Vec<Value>, items: impl IntoIterator<Item = Value>) -> String {
    let from = values.len() + 1;
    values.extend(items);
    placeholders(from, values.len() + 1 - from)
}

fn unknown_column<R: Stored>(column: &str) -> StoreError {
    unknown_column_of(R::KIND, column)
}

fn unknown_column_of(kind: Kind, column: &str) -> StoreError {
    let mut problems = Problems::new();
    problems.push(
        column,
        format!("{kind} records cannot be filtered or sorted by this"),
    );
    StoreError::Invalid(problems)
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
