//! The query string of a list: filters on the kind's columns, the order, the page size and an
//! opaque cursor. Every parameter is checked; a wrong one is a 400 that names it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use urbis_app::records::{Filter, RecordQuery};
use urbis_domain::{Access, Problems};

use super::kinds::{Column, KindSpec, ParamType};
use super::openapi::{DEFAULT_LIMIT, MAX_LIMIT};

/// A list request, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ListParams {
    /// Equality filters: (column, value).
    pub filters: Vec<(&'static str, Filter)>,
    /// The order: (column, descending).
    pub sort: Option<(&'static str, bool)>,
    /// Events only: the first and the last day of the window asked for (`from`, `to`).
    pub days: (Option<jiff::civil::Date>, Option<jiff::civil::Date>),
    /// The page size.
    pub limit: i64,
    /// How many records come before this page.
    pub offset: i64,
    /// What the query is, so that a cursor is only taken by the query it came from.
    fingerprint: String,
}

/// What a cursor holds (base64url JSON, opaque to clients): where the next page starts and
/// which query it belongs to.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cursor {
    /// Records before the page.
    o: i64,
    /// The query's fingerprint.
    q: String,
}

impl ListParams {
    /// Reads and checks a query string for a kind.
    pub fn parse(spec: &KindSpec, query: Option<&str>) -> Result<Self, Problems> {
        let mut problems = Problems::new();
        let mut seen = std::collections::HashSet::new();
        let mut filters = Vec::new();
        let mut sort = None;
        let mut limit = DEFAULT_LIMIT;
        let mut cursor = None;
        let mut days = (None, None);
        let mut canonical = vec![spec.kind.plural().to_owned()];
        for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            if !seen.insert(name.to_string()) {
                problems.push(name.as_ref(), "is given more than once");
                continue;
            }
            match name.as_ref() {
                "lang" => {}
                "limit" => match value.parse::<i64>() {
                    Ok(n) if (1..=MAX_LIMIT).contains(&n) => limit = n,
                    _ => problems.push(
                        "limit",
                        format!("`{value}` is not a page size: give a whole number from 1 to {MAX_LIMIT}"),
                    ),
                },
                "cursor" => cursor = Some(value.into_owned()),
                "from" | "to" if spec.kind == urbis_domain::Kind::Event => {
                    match value.parse::<jiff::civil::Date>() {
                        Ok(day) if name == "from" => days.0 = Some(day),
                        Ok(day) => days.1 = Some(day),
                        Err(_) => problems.push(
                            name.as_ref(),
                            format!("`{value}` is not a day: give it as 2026-12-07"),
                        ),
                    }
                    canonical.push(format!("{name}={value}"));
                }
                "sort" => {
                    let (key, descending) = match value.strip_prefix('-') {
                        Some(key) => (key, true),
                        None => (value.as_ref(), false),
                    };
                    match spec.column(key) {
                        Some(column) => {
                            sort = Some((column.column, descending));
                            canonical.push(format!("sort={value}"));
                        }
                        None => problems.push(
                            "sort",
                            format!(
                                "{} cannot be sorted by `{key}` (known: {})",
                                spec.kind.plural(),
                                names(spec)
                            ),
                        ),
                    }
                }
                other => match spec.column(other).filter(|c| !matches!(c.name, "created" | "updated")) {
                    Some(column) => match filter_value(column, &value) {
                        Ok(v) => {
                            filters.push((column.column, v));
                            canonical.push(format!("{other}={value}"));
                        }
                        Err(message) => problems.push(other, message),
                    },
                    None => problems.push(
                        other,
                        format!(
                            "is not a parameter of this list (known: limit, cursor, sort, {})",
                            names(spec)
                        ),
                    ),
                },
            }
        }
        if let (Some(from), Some(to)) = days
            && from > to
        {
            problems.push("to", format!("`{to}` is before `from` ({from})"));
        }
        canonical.sort();
        let fingerprint = fingerprint(&canonical.join("&"));
        let mut offset = 0;
        if let Some(text) = cursor {
            match read_cursor(&text) {
                Some(c) if c.q == fingerprint && c.o >= 0 => offset = c.o,
                Some(_) => problems.push(
                    "cursor",
                    "belongs to another query: keep the filters and the sort of the page it came from",
                ),
                None => problems.push("cursor", "is not a cursor this server gave"),
            }
        }
        problems.into_result()?;
        Ok(Self {
            filters,
            sort,
            days,
            limit,
            offset,
            fingerprint,
        })
    }

    /// The query of the page, one more than its size (to know whether a next page exists).
    pub fn query(&self) -> RecordQuery {
        RecordQuery {
            filters: self.filters.clone(),
            sort: self.sort,
            days: self.days,
            limit: Some(self.limit.saturating_add(1)),
            offset: self.offset,
            ..RecordQuery::default()
        }
    }

    /// The cursor of the page after this one.
    pub fn next_cursor(&self) -> String {
        let cursor = Cursor {
            o: self.offset.saturating_add(self.limit),
            q: self.fingerprint.clone(),
        };
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&cursor).unwrap_or_default())
    }
}

fn names(spec: &KindSpec) -> String {
    spec.columns
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn fingerprint(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(text.as_bytes())[..12])
}

fn read_cursor(text: &str) -> Option<Cursor> {
    if text.len() > 200 {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The value of a filter, read by its column's type.
fn filter_value(column: &Column, value: &str) -> Result<Filter, String> {
    if value.contains('\0') {
        return Err("must not contain the NUL character".to_owned());
    }
    Ok(match column.ty {
        ParamType::Text => Filter::Text(value.to_owned()),
        ParamType::Lower => Filter::Text(value.to_lowercase()),
        ParamType::Int => Filter::Int(
            value
                .parse::<i64>()
                .map_err(|_| format!("`{value}` is not a whole number"))?,
        ),
        ParamType::Bool => match value {
            "true" => Filter::Flag(true),
            "false" => Filter::Flag(false),
            _ => return Err(format!("`{value}` is neither true nor false")),
        },
        ParamType::Access => match Access::parse(value) {
            Some(access) => Filter::Text(access.as_str().to_owned()),
            None => return Err(format!("`{value}` is not public, members or staff")),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::kinds::{all, named};

    #[test]
    fn reads_filters_sort_limit_and_its_own_cursors_only() {
        let specs = all();
        let events = named(&specs, "events").unwrap();
        let params =
            ListParams::parse(events, Some("status=held&sort=-start_date&limit=2")).unwrap();
        assert_eq!(
            params.filters,
            vec![("status", Filter::Text("held".to_owned()))]
        );
        assert_eq!(params.sort, Some(("start_date", true)));
        assert_eq!((params.limit, params.offset), (2, 0));
        let next = params.next_cursor();
        let again = ListParams::parse(
            events,
            Some(&format!(
                "limit=2&sort=-start_date&status=held&cursor={next}"
            )),
        )
        .unwrap();
        assert_eq!(again.offset, 2);
        let other = ListParams::parse(events, Some(&format!("status=planned&cursor={next}")));
        assert!(other.is_err(), "a cursor of another query is refused");
        for bad in [
            "limit=-1",
            "limit=1000000000000",
            "limit=0",
            "limit=x",
            "sort=nope",
            "nope=1",
            "portal=yes",
            "start_year=x",
            "access=secret",
            "cursor=garbage",
            "limit=1&limit=2",
            "status=%00",
        ] {
            let problems = ListParams::parse(events, Some(bad)).unwrap_err();
            assert_eq!(problems.len(), 1, "{bad}");
        }
    }
}
