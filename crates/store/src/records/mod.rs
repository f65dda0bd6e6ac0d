//! Reading and writing records of any kind: one generic implementation for every table.

mod query;
mod read;
mod sql;
mod write;

use sqlx::Any;
use urbis_domain::{Access, Id, Kind};

use crate::table::Value;

pub(crate) use read::{RECORD_COLUMNS, count_grouped_rows, count_rows, from_row, list_rows};
pub(crate) use write::{check_refs, delete_row, insert_row, missing, update_row};

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

/// `$from, $from+1, …`: `count` numbered placeholders.
fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
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
