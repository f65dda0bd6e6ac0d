//! The back office's access to records of any kind as JSON objects, through
//! `urbis_app::records` (the access policy and the domain's rules apply there); each write as
//! the acting user, so the store leaves the audit entry.

use serde_json::{Map, Value};
use urbis_app::App;
use urbis_app::AppError;
use urbis_app::records;
use urbis_app::records::RecordQuery;
use urbis_domain::{Id, Kind, Viewer};

use super::form::FieldProblem;
use crate::error::WebError;

/// Why a write was not done.
#[derive(Debug)]
pub enum WriteError {
    /// The input is wrong, or clashes with what is stored: each problem with its field.
    Problems(Vec<FieldProblem>),
    /// Anything else (not found, forbidden, the database).
    Web(WebError),
}

impl From<AppError> for WriteError {
    fn from(error: AppError) -> Self {
        let problems = match error {
            AppError::Invalid(problems) => problems,
            AppError::Conflict { field, message } => {
                return WriteError::Problems(vec![FieldProblem {
                    path: field,
                    message,
                }]);
            }
            other => return WriteError::Web(web_error(other)),
        };
        WriteError::Problems(
            problems
                .iter()
                .map(|p| FieldProblem {
                    path: p.field.clone(),
                    message: p.message.clone(),
                })
                .collect(),
        )
    }
}

fn web_error(error: AppError) -> WebError {
    match error {
        AppError::Forbidden => WebError::Forbidden,
        AppError::Invalid(_) => WebError::NotFound,
        other => WebError::App(other),
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn id_of(value: &Value) -> Id {
    Id::from_text(value.get("id").and_then(Value::as_str).unwrap_or_default())
}

/// Every record of a kind in the forum that the viewer may see.
pub async fn list(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
) -> Result<Vec<Map<String, Value>>, WebError> {
    list_where(app, viewer, forum, kind, &RecordQuery::default()).await
}

/// The records of a kind in the forum that the viewer may see and `query` selects (filtered,
/// sorted and paged in the database).
pub async fn list_where(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
    query: &RecordQuery,
) -> Result<Vec<Map<String, Value>>, WebError> {
    let records = records::list(app, viewer, forum, kind, query)
        .await
        .map_err(web_error)?;
    Ok(records.into_iter().map(object).collect())
}

/// How many records of a kind in the forum the viewer may see.
pub async fn count(app: &App, viewer: &Viewer, forum: &Id, kind: Kind) -> Result<i64, WebError> {
    count_where(app, viewer, forum, kind, &RecordQuery::default()).await
}

/// How many records of a kind in the forum the viewer may see that `query` selects.
pub async fn count_where(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
    query: &RecordQuery,
) -> Result<i64, WebError> {
    records::count(app, viewer, forum, kind, query)
        .await
        .map_err(web_error)
}

/// One record of the forum as JSON; not found when it does not exist, belongs to another
/// forum, or the viewer may not see it (the same access filter as every list).
pub async fn get(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
    id: &Id,
) -> Result<Map<String, Value>, WebError> {
    records::find(app, viewer, forum, kind, id)
        .await
        .map_err(web_error)?
        .map(object)
        .ok_or(WebError::NotFound)
}

/// Stores a record given as JSON: a new one of the forum (`id` none), or a change of the
/// stored record `id`. Returns the record's id.
pub async fn save(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kind: Kind,
    mut record: Map<String, Value>,
    id: Option<&Id>,
    site: &urbis_app::events::Site<'_>,
) -> Result<Id, WriteError> {
    let saved = match id {
        None => {
            for set_by_urbis in ["id", "created", "updated"] {
                record.remove(set_by_urbis);
            }
            records::create(app, viewer, forum, kind, Value::Object(record)).await?
        }
        Some(id) => records::update(app, viewer, kind, id, Value::Object(record), site).await?,
    };
    Ok(id_of(&saved))
}

/// Deletes a record; refused (with the reason) while other records refer to it.
pub async fn delete(app: &App, viewer: &Viewer, kind: Kind, id: &Id) -> Result<(), WriteError> {
    records::delete(app, viewer, kind, id).await?;
    Ok(())
}
