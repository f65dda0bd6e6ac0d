//! A list query turned into SQL: `where …` and `order by …` for one kind, with the values to
//! bind.

use urbis_domain::{Kind, Problems, Shared};

use crate::error::{Result, StoreError};
use crate::table::{COMMON_COLUMNS, Stored, Value};

use super::{Bound, ListQuery, placeholders};

impl ListQuery {
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
                        (
                            &s.umbrella_and_siblings,
                            format!("shared = '{}'", Shared::AllForums),
                        ),
                        (
                            &s.below,
                            format!(
                                "shared in ('{}', '{}')",
                                Shared::Umbrella,
                                Shared::AllForums
                            ),
                        ),
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

/// The error for a column kind `R` does not have: a mistake in the calling code.
pub(super) fn unknown_column<R: Stored>(column: &str) -> StoreError {
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
