//! How a record kind maps onto its table: the columns beyond the common ones.

use urbis_domain::{Id, PartialDate, Record, Vocabulary};

/// A value for one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text, or NULL.
    Text(Option<String>),
    /// A whole number, or NULL.
    Int(Option<i64>),
}

impl Value {
    /// A text column from an id.
    pub fn id(id: &Id) -> Self {
        Value::Text(Some(id.as_str().to_owned()))
    }

    /// A nullable text column from an optional id.
    pub fn opt_id(id: Option<&Id>) -> Self {
        Value::Text(id.map(|id| id.as_str().to_owned()))
    }

    /// A text column.
    pub fn text(text: impl Into<String>) -> Self {
        Value::Text(Some(text.into()))
    }

    /// A nullable text column from an optional date, written so that text order is date order.
    pub fn date(date: Option<&PartialDate>) -> Self {
        Value::Text(date.map(ToString::to_string))
    }

    /// A text column from a calendar day (`2026-12-05`): text order is day order.
    pub fn day(day: jiff::civil::Date) -> Self {
        Value::Text(Some(day.to_string()))
    }

    /// A text column from an enum of the domain's vocabulary, as its name (`in_person`).
    pub fn name<T: Vocabulary>(value: &T) -> Self {
        Value::Text(Some(value.as_str().to_owned()))
    }

    /// A number column.
    pub fn int(n: impl Into<i64>) -> Self {
        Value::Int(Some(n.into()))
    }

    /// A flag, stored as 0 or 1 on both databases.
    pub fn flag(b: bool) -> Self {
        Value::Int(Some(i64::from(b)))
    }
}

/// A record kind the store can keep: its own columns and how a record fills them.
pub trait Stored: Record {
    /// The columns beyond `id, forum_id, access, created_at, updated_at, body`, in order.
    const COLUMNS: &'static [&'static str];

    /// Unique columns, each with the record field a clash is reported on.
    const UNIQUE: &'static [(&'static str, &'static str)] = &[];

    /// The values of [`Stored::COLUMNS`], in the same order.
    fn values(&self) -> Vec<Value>;
}

/// The columns every table has, in order.
pub const COMMON_COLUMNS: [&str; 6] = [
    "id",
    "forum_id",
    "access",
    "created_at",
    "updated_at",
    "body",
];
