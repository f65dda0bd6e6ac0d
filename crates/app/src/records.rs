//! Any record kind by its name: read, list, create, change and delete records whose kind is
//! only known at run time (the back office's forms, the JSON API), with the access policy and
//! the domain's rules applied exactly as for the typed use cases.
//!
//! Records travel as JSON in their serde shape — the same shape as in the export format, where
//! the forum is implied: it is the caller's (`create`) or the stored record's (`update`).

use serde_json::{Map, Value as Json};
use urbis_domain::dataset::strip_position;
use urbis_domain::{Id, Kind, Problems, Record, Viewer, record};
use urbis_store::{ListQuery, Store, StoreError, Stored};

use crate::AppError;

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

/// One record, if the viewer may see it; a record the viewer may not see does not exist for
/// them.
pub async fn get(store: &Store, viewer: &Viewer, kind: Kind, id: &Id) -> Result<Json, AppError> {
    with_type!(kind, T => {
        let record: T = visible(store, viewer, id).await?;
        to_json(&record)
    })
}

/// The records a list query selects; the query's access level must come from
/// `viewer.reads(forum)` (see [`ListQuery::new`]).
pub async fn list(store: &Store, kind: Kind, query: &ListQuery) -> Result<Vec<Json>, AppError> {
    with_type!(kind, T => {
        let records: Vec<T> = store.list(query).await?;
        records.iter().map(to_json).collect::<Result<Vec<_>, _>>()
    })
}

/// How many records a list query selects (all pages).
pub async fn count(store: &Store, kind: Kind, query: &ListQuery) -> Result<i64, AppError> {
    with_type!(kind, T => Ok(store.count::<T>(query).await?))
}

/// Stores a new record of `forum` from its JSON. The id, forum and timestamps are set here;
/// an `id` in the body is refused, so a client never believes it chose one.
pub async fn create(
    store: &Store,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
    body: Json,
) -> Result<Json, AppError> {
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
/// of the stored record; a different `id` in the body is refused.
pub async fn update(
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
pub async fn delete(store: &Store, viewer: &Viewer, kind: Kind, id: &Id) -> Result<(), AppError> {
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
