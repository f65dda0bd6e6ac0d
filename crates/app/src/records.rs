//! Any record kind by its name: read, list, create, change and delete records whose kind is
//! only known at run time (the back office's forms, the JSON API), with the access policy and
//! the domain's rules applied exactly as for the typed use cases.
//!
//! Records travel as JSON in their serde shape — the same shape as in the export format, where
//! the forum is implied: it is the caller's (`create`) or the stored record's (`update`).

use serde_json::{Map, Value as Json};
use urbis_domain::dataset::strip_position;
use urbis_domain::{Id, Kind, Problems, Record, Viewer, record};
use urbis_store::{ListQuery, Store, StoreError, Stored, Value};

use crate::App;
use crate::AppError;
use crate::events::Site;
use urbis_domain::events::Event;

/// Calls `$m! { [args] Variant Type, … }` with every kind this module serves.
macro_rules! each_kind {
    ($m:ident $(, $($args:tt)*)?) => {
        $m! {
            [$($($args)*)?]
            Topic urbis_domain::network::Topic,
            TopicPlan urbis_domain::network::TopicPlan,
            Organisation urbis_domain::network::Organisation,
            Membership urbis_domain::network::Membership,
            Person urbis_domain::network::Person,
            Appointment urbis_domain::network::Appointment,
            FundingCall urbis_domain::portal::FundingCall,
            Project urbis_domain::projects::Project,
            FundingApplication urbis_domain::projects::FundingApplication,
            Series urbis_domain::events::Series,
            Event urbis_domain::events::Event,
            Registration urbis_domain::events::Registration,
            Collection urbis_domain::knowledge::Collection,
            Entry urbis_domain::knowledge::Entry,
            Publication urbis_domain::portal::Publication,
            AdvocacyAction urbis_domain::advocacy::AdvocacyAction,
            Cooperation urbis_domain::advocacy::Cooperation,
            Outreach urbis_domain::advocacy::Outreach,
            ReportText urbis_domain::report::ReportText,
        }
    };
}

macro_rules! kinds_list {
    ([] $($variant:ident $ty:path,)*) => {
        /// Every kind that can be read and written by name, in the export's order (referenced
        /// kinds first). Forums are not among them: they are administered on their own.
        pub const KINDS: &[Kind] = &[$(Kind::$variant),*];
    };
}
each_kind!(kinds_list);

/// Runs `$body` with `$t` bound to the record type of `$kind` (a kind outside [`KINDS`] is
/// refused as unknown).
macro_rules! dispatch {
    ([$kind:expr, $t:ident => $body:expr] $($variant:ident $ty:path,)*) => {
        match $kind {
            $(Kind::$variant => {
                type $t = $ty;
                $body
            })*
            other => Err(AppError::Invalid(unknown_kind(other.plural()))),
        }
    };
}

macro_rules! with_type {
    ($kind:expr, $t:ident => $body:expr) => {
        each_kind!(dispatch, $kind, $t => $body)
    };
}

fn unknown_kind(name: &str) -> Problems {
    let mut problems = Problems::new();
    let known: Vec<&str> = KINDS.iter().map(|k| k.plural()).collect();
    problems.push(
        "kind",
        format!(
            "there is no record kind `{name}` (known: {})",
            known.join(", ")
        ),
    );
    problems
}

/// The kind a URL names, by its plural (`events`) or singular (`event`) name.
pub fn kind_named(name: &str) -> Option<Kind> {
    KINDS
        .iter()
        .copied()
        .find(|k| k.plural() == name || k.name() == name)
}

/// The columns of a kind that lists may filter and sort by (besides the common `id`,
/// `access`, `created_at`, `updated_at`), as the store names them.
pub fn columns(kind: Kind) -> &'static [&'static str] {
    fn of<R: Stored>() -> &'static [&'static str] {
        R::COLUMNS
    }
    macro_rules! arms {
        ([] $($variant:ident $ty:path,)*) => {
            match kind {
                $(Kind::$variant => of::<$ty>(),)*
                _ => &[],
            }
        };
    }
    each_kind!(arms)
}

/// The store column that orders the records of `kind` as their field `field` (a name of their
/// serde shape) reads, never empty: a list sorted by it can be sorted and paged in the
/// database. None for fields the store keeps only inside the record (titles, references).
pub fn sort_column(kind: Kind, field: &str) -> Option<&'static str> {
    let column = match (kind, field) {
        (Kind::Topic | Kind::Collection, "slug") => "slug",
        (Kind::TopicPlan | Kind::ReportText, "year") => "year",
        (Kind::Organisation, "name") | (Kind::Person, "family_name") => "sort_name",
        (Kind::Project | Kind::FundingApplication, "acronym") => "acronym_key",
        (Kind::Event, "start") => "start_date",
        _ => return None,
    };
    Some(column)
}

/// One record, if the viewer may see it; a record the viewer may not see does not exist for
/// them.
pub async fn get(app: &App, viewer: &Viewer, kind: Kind, id: &Id) -> Result<Json, AppError> {
    let store = app.store();
    with_type!(kind, T => {
        let record: T = visible(store, viewer, id).await?;
        to_json(&record)
    })
}

/// A value a list is narrowed to: what a query string or a form can say of a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Text equal to this.
    Text(String),
    /// A whole number equal to this.
    Int(i64),
    /// True or false.
    Flag(bool),
}

impl Filter {
    fn value(&self) -> Value {
        match self {
            Filter::Text(text) => Value::text(text.clone()),
            Filter::Int(n) => Value::int(*n),
            Filter::Flag(b) => Value::flag(*b),
        }
    }
}

/// Which records of a kind a list shows: equality filters on the kind's columns (see
/// [`columns`]), an order, and a page of at most `limit` after `offset` (`limit` none: all,
/// for the back office's lists and exports).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordQuery {
    /// (column, value) pairs a record must match.
    pub filters: Vec<(&'static str, Filter)>,
    /// (column, values): a record's column must equal one of the values (none for an empty
    /// list), e.g. the records a page of a list names, read by id in one query.
    pub any_of: Vec<(&'static str, Vec<Filter>)>,
    /// Only records that carry this topic.
    pub topic: Option<Id>,
    /// The order: (column, descending); the id breaks ties.
    pub sort: Option<(&'static str, bool)>,
    /// Only events that cover a day of this window (the days from the first to the second,
    /// both included; either end open): for calendars and scripts that ask for a period.
    pub days: (Option<jiff::civil::Date>, Option<jiff::civil::Date>),
    /// The page size.
    pub limit: Option<i64>,
    /// How many records come before the page.
    pub offset: i64,
}

impl RecordQuery {
    fn list_query(&self, base: ListQuery) -> ListQuery {
        let mut query = base;
        for (column, value) in &self.filters {
            query = query.filter(column, value.value());
        }
        for (column, values) in &self.any_of {
            query = query.filter_any(column, values.iter().map(Filter::value).collect());
        }
        if let Some(topic) = &self.topic {
            query = query.referring_to(topic, crate::topics::TOPICS);
        }
        let (from, to) = self.days;
        if let Some(from) = from {
            query = query.at_least("last_day", Value::day(from));
        }
        if let Some(after) = to.and_then(|to| to.tomorrow().ok()) {
            // A start at a time of the last day (`2026-12-07T10:00`) sorts after the day itself.
            query = query.below("start_date", Value::day(after));
        }
        if let Some((column, descending)) = self.sort {
            query = query.order_by(column, descending);
        }
        match self.limit {
            Some(limit) => query.page(limit, self.offset),
            None => query,
        }
    }
}

/// The records of `kind` in `forum` the viewer may see that `query` selects, filtered, sorted
/// and paged in the database. For forums: only `forum` itself, when the viewer may see it.
pub async fn list(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
    query: &RecordQuery,
) -> Result<Vec<Json>, AppError> {
    let store = app.store();
    if kind == Kind::Forum {
        let list = query.list_query(ListQuery::everything().filter("id", Value::id(forum)));
        let forums: Vec<urbis_domain::network::Forum> = store.list(&list).await?;
        return forums
            .iter()
            .filter(|f| viewer.may_read(*f))
            .map(to_json)
            .collect();
    }
    let list = query.list_query(ListQuery::new(forum, viewer.reads(forum)));
    with_type!(kind, T => {
        let records: Vec<T> = store.list(&list).await?;
        records.iter().map(to_json).collect::<Result<Vec<_>, _>>()
    })
}

/// The record of `kind` with this id in `forum`, if the viewer may see it (the access level
/// inside the one query); the forum itself for [`Kind::Forum`].
pub async fn find(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
    id: &Id,
) -> Result<Option<Json>, AppError> {
    if kind == Kind::Forum && id != forum {
        return Ok(None);
    }
    let query = RecordQuery {
        filters: vec![("id", Filter::Text(id.to_string()))],
        limit: Some(1),
        ..RecordQuery::default()
    };
    Ok(list(app, viewer, forum, kind, &query).await?.pop())
}

/// How many records of `kind` in `forum` the viewer may see that `query` selects (all pages).
pub async fn count(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
    query: &RecordQuery,
) -> Result<i64, AppError> {
    let store = app.store();
    let all = RecordQuery {
        limit: None,
        ..query.clone()
    };
    let list = all.list_query(ListQuery::new(forum, viewer.reads(forum)));
    with_type!(kind, T => Ok(store.count::<T>(&list).await?))
}

/// Stores a new record of `forum` from its JSON. The id, forum and timestamps are set here;
/// an `id` in the body is refused, so a client never believes it chose one.
pub async fn create(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
    body: Json,
) -> Result<Json, AppError> {
    let store = app.store();
    let mut fields = object(body)?;
    if fields.get("id").is_some_and(|id| !id.is_null()) {
        let mut problems = Problems::new();
        problems.push(
            "id",
            "is given by urbis: leave it out when creating a record",
        );
        return Err(AppError::Invalid(problems));
    }
    let now = Json::String(record::now().to_string());
    fields.insert("id".into(), Json::String(Id::new().to_string()));
    fields.insert("created".into(), now.clone());
    fields.insert("updated".into(), now);
    with_type!(kind, T => {
        let mut record: T = from_json(fields)?;
        record.set_forum(forum.clone());
        if !viewer.may_edit(&record) {
            return Err(AppError::Forbidden);
        }
        store.insert(&record).await?;
        to_json(&record)
    })
}

/// Replaces a stored record with the body's fields. Id, forum and creation time stay those
/// of the stored record; a different `id` in the body is refused. Whoever a change concerns
/// hears of it: the registrants of an event that moves or is called off get a mail with links
/// to `site`.
pub async fn update(
    app: &App,
    viewer: &Viewer,
    kind: Kind,
    id: &Id,
    body: Json,
    site: &Site<'_>,
) -> Result<Json, AppError> {
    let store = app.store();
    if kind == Kind::Event {
        let old: Event = visible(store, viewer, id).await?;
        let changed = replace(store, viewer, kind, id, body).await?;
        let new: Event = store.get(id).await?;
        crate::events::after_update(app, &old, &new, jiff::Timestamp::now(), site).await?;
        return Ok(changed);
    }
    replace(store, viewer, kind, id, body).await
}

async fn replace(
    store: &Store,
    viewer: &Viewer,
    kind: Kind,
    id: &Id,
    body: Json,
) -> Result<Json, AppError> {
    let mut fields = object(body)?;
    if fields
        .get("id")
        .is_some_and(|given| !given.is_null() && given.as_str() != Some(id.as_str()))
    {
        let mut problems = Problems::new();
        problems.push("id", "does not match the record being changed");
        return Err(AppError::Invalid(problems));
    }
    with_type!(kind, T => {
        let stored: T = visible(store, viewer, id).await?;
        if !viewer.may_edit(&stored) {
            return Err(AppError::Forbidden);
        }
        fields.insert("id".into(), Json::String(id.to_string()));
        fields.insert("created".into(), Json::String(stored.created().to_string()));
        fields.insert("updated".into(), Json::String(stored.updated().to_string()));
        let mut record: T = from_json(fields)?;
        record.set_forum(stored.forum().clone());
        if !viewer.may_edit(&record) {
            return Err(AppError::Forbidden);
        }
        store.update(&mut record).await?;
        to_json(&record)
    })
}

/// Deletes a record; the store refuses while other records refer to it.
pub async fn delete(app: &App, viewer: &Viewer, kind: Kind, id: &Id) -> Result<(), AppError> {
    let store = app.store();
    with_type!(kind, T => {
        let stored: T = visible(store, viewer, id).await?;
        if !viewer.may_edit(&stored) {
            return Err(AppError::Forbidden);
        }
        store.delete::<T>(id).await?;
        Ok(())
    })
}

/// The record, or `NotFound` when it does not exist or the viewer may not see it.
async fn visible<R: Stored>(store: &Store, viewer: &Viewer, id: &Id) -> Result<R, AppError> {
    let record: R = store.get(id).await?;
    if viewer.may_read(&record) {
        Ok(record)
    } else {
        Err(StoreError::NotFound {
            kind: R::KIND,
            id: id.clone(),
        }
        .into())
    }
}

fn object(body: Json) -> Result<Map<String, Json>, AppError> {
    match body {
        Json::Object(fields) => Ok(fields),
        _ => {
            let mut problems = Problems::new();
            problems.push("", "must be a JSON object with the record's fields");
            Err(AppError::Invalid(problems))
        }
    }
}

/// Reads a record from JSON; a wrong field is reported with its path.
fn from_json<R: Record>(fields: Map<String, Json>) -> Result<R, AppError> {
    serde_path_to_error::deserialize(Json::Object(fields)).map_err(|e| {
        let mut problems = Problems::new();
        let path = e.path().to_string();
        let field = if path == "." { String::new() } else { path };
        problems.push(field, strip_position(&e.inner().to_string()));
        AppError::Invalid(problems)
    })
}

fn to_json<R: Record>(record: &R) -> Result<Json, AppError> {
    serde_json::to_value(record).map_err(|e| {
        AppError::Store(StoreError::Corrupt {
            kind: R::KIND,
            id: record.id().to_string(),
            message: e.to_string(),
        })
    })
}

/// The records that refer to the record `id` (at most `limit`), as (kind, id, field), in a
/// stable order: what still uses it.
pub async fn referrers(
    app: &App,
    id: &Id,
    limit: usize,
) -> Result<Vec<(Kind, Id, String)>, AppError> {
    let mut found = app.store().referrers(id).await?;
    found.truncate(limit);
    Ok(found)
}

/// Writes new records and changes of stored ones of one kind in one transaction (an import's
/// plan): all of them or, on any problem, none.
pub async fn save_all<R: crate::visible::Readable>(
    app: &App,
    new: &[R],
    changed: &mut [R],
) -> Result<(), AppError> {
    Ok(app.store().save_all(new, changed).await?)
}
