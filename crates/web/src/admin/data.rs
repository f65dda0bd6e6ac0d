//! The records of any kind as JSON, for the generic back office: list, read, create, change,
//! delete, each write as the acting user (the store leaves the audit entry).

use serde_json::{Map, Value};
use urbis_domain::advocacy::{AdvocacyAction, Cooperation, Outreach};
use urbis_domain::events::{Event, Registration, Series};
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::{Appointment, Membership, Organisation, Person, Topic, TopicPlan};
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::{FundingApplication, Project};
use urbis_domain::report::ReportText;
use urbis_domain::{Access, Id, Kind, Record};
use urbis_store::{ListQuery, Store, StoreError, Stored};

use super::form::FieldProblem;
use crate::error::WebError;

/// Why a write was not done.
#[derive(Debug)]
pub enum WriteError {
    /// The input is wrong: each problem with its field.
    Problems(Vec<FieldProblem>),
    /// Anything else.
    Web(WebError),
}

impl From<StoreError> for WriteError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Invalid(problems) => WriteError::Problems(
                problems
                    .iter()
                    .map(|p| FieldProblem {
                        path: p.field.clone(),
                        message: p.message.clone(),
                    })
                    .collect(),
            ),
            StoreError::Conflict { field, message } => WriteError::Problems(vec![FieldProblem {
                path: field,
                message,
            }]),
            other => WriteError::Web(other.into()),
        }
    }
}

fn to_object<R: Record>(record: &R) -> Result<Map<String, Value>, WebError> {
    match serde_json::to_value(record) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(WebError::NotFound),
    }
}

fn from_object<R: Record>(object: Map<String, Value>) -> Result<R, WriteError> {
    let value = Value::Object(object);
    serde_path_to_error::deserialize::<_, R>(value).map_err(|e| {
        let path = e.path().to_string();
        WriteError::Problems(vec![FieldProblem {
            path: if path == "." { String::new() } else { path },
            message: e.into_inner().to_string(),
        }])
    })
}

async fn list_of<R: Stored>(
    store: &Store,
    forum: &Id,
) -> Result<Vec<Map<String, Value>>, WebError> {
    let records: Vec<R> = store.list(&ListQuery::new(forum, Access::Staff)).await?;
    records.iter().map(to_object).collect()
}

async fn get_of<R: Stored>(
    store: &Store,
    forum: &Id,
    id: &Id,
) -> Result<Map<String, Value>, WebError> {
    let record: R = store.get(id).await?;
    if record.forum() != forum {
        return Err(WebError::NotFound);
    }
    to_object(&record)
}

async fn save_of<R: Stored>(
    store: &Store,
    forum: &Id,
    object: Map<String, Value>,
    new: bool,
) -> Result<Id, WriteError> {
    let mut record: R = from_object(object)?;
    record.set_forum(forum.clone());
    if new {
        store.insert(&record).await?;
    } else {
        let stored: R = store.get(record.id()).await?;
        if stored.forum() != forum {
            return Err(WriteError::Web(WebError::NotFound));
        }
        store.update(&mut record).await?;
    }
    Ok(record.id().clone())
}

macro_rules! dispatch {
    ($($ty:ident $field:ident,)*) => {
        /// Every record of a kind in the forum (the office sees all access levels).
        pub async fn list(store: &Store, forum: &Id, kind: Kind) -> Result<Vec<Map<String, Value>>, WebError> {
            match kind {
                $(Kind::$ty => list_of::<$ty>(store, forum).await,)*
                Kind::Forum => Err(WebError::NotFound),
            }
        }

        /// How many records of a kind the forum has.
        pub async fn count(store: &Store, forum: &Id, kind: Kind) -> Result<i64, WebError> {
            let query = ListQuery::new(forum, Access::Staff);
            Ok(match kind {
                $(Kind::$ty => store.count::<$ty>(&query).await?,)*
                Kind::Forum => 0,
            })
        }

        /// One record of the forum as JSON; not found for other forums' records.
        pub async fn get(store: &Store, forum: &Id, kind: Kind, id: &Id) -> Result<Map<String, Value>, WebError> {
            match kind {
                $(Kind::$ty => get_of::<$ty>(store, forum, id).await,)*
                Kind::Forum => Err(WebError::NotFound),
            }
        }

        /// Stores a record given as JSON: new, or a change of the stored one with its id.
        pub async fn save(store: &Store, forum: &Id, kind: Kind, object: Map<String, Value>, new: bool) -> Result<Id, WriteError> {
            match kind {
                $(Kind::$ty => save_of::<$ty>(store, forum, object, new).await,)*
                Kind::Forum => Err(WriteError::Web(WebError::NotFound)),
            }
        }

        /// Deletes a record of the forum; refused while others refer to it.
        pub async fn delete(store: &Store, forum: &Id, kind: Kind, id: &Id) -> Result<(), WriteError> {
            get(store, forum, kind, id).await.map_err(WriteError::Web)?;
            match kind {
                $(Kind::$ty => store.delete::<$ty>(id).await?,)*
                Kind::Forum => return Err(WriteError::Web(WebError::NotFound)),
            }
            Ok(())
        }
    };
}
urbis_domain::for_each_record_type!(dispatch);
