//! Reading records by id for a viewer on one forum's site: its own records by the access
//! policy, and those other forums share into it by the viewer's role here (see
//! `urbis_domain::sharing`). Anything else is "not found", so no one learns a hidden record
//! exists.

use std::collections::HashMap;

use urbis_domain::network::Forum;
use urbis_domain::{Id, Record, Viewer};
use urbis_store::Stored;

use crate::{App, AppError};

/// A kind of record the use cases read and write: every kind the store keeps.
pub trait Readable: Stored {}

impl<R: Stored> Readable for R {}

/// The record with id `id` (as written in an address) that the viewer may see on `forum`'s
/// site; [`AppError::NotFound`] for an unknown, another forum's or a hidden one: one query.
pub async fn one<R: Readable>(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    id: &str,
) -> Result<R, AppError> {
    let id = Id::from_text(id);
    let not_found = || AppError::NotFound {
        kind: R::KIND,
        id: id.clone(),
    };
    if !id.is_uuid() {
        // Stored records always have UUIDs; anything else (also bytes a database refuses to
        // compare, such as NUL) is not found without asking the store.
        return Err(not_found());
    }
    let record: R = app.store().get(&id).await?;
    readable(app, viewer, forum, vec![record])
        .await?
        .pop()
        .ok_or_else(not_found)
}

/// Of the records with these ids, those the viewer may see on `forum`'s site, in one query
/// (none for no ids).
pub async fn many<R: Readable>(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    ids: &[Id],
) -> Result<Vec<R>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let found = app.store().get_many::<R>(&ids).await?;
    readable(app, viewer, forum, found).await
}

/// [`many`] keyed by id, for pages that link what their records refer to.
pub async fn by_id<R: Readable>(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    ids: &[Id],
) -> Result<HashMap<Id, R>, AppError> {
    Ok(many::<R>(app, viewer, forum, ids)
        .await?
        .into_iter()
        .map(|r| (r.id().clone(), r))
        .collect())
}

/// The short names ("EFUS") of the other forums among the owning `forums` of listed records,
/// by forum id: one query, and none when every record is `here`'s own.
pub async fn owners<'a>(
    app: &App,
    here: &Id,
    forums: impl IntoIterator<Item = &'a Id>,
) -> Result<HashMap<Id, String>, AppError> {
    let mut ids: Vec<Id> = forums.into_iter().filter(|f| *f != here).cloned().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    ids.sort();
    ids.dedup();
    // Forums' short names are public: kept for every viewer alike.
    let params = ids.iter().map(Id::as_str).collect::<Vec<_>>().join(" ");
    let names = app
        .kept("owners", here, &Viewer::anonymous(), params, || async {
            Ok(app
                .store()
                .get_many::<Forum>(&ids)
                .await?
                .into_iter()
                .map(|f| (f.id, f.short_name))
                .collect::<HashMap<Id, String>>())
        })
        .await?;
    Ok((*names).clone())
}

/// Of records read by id, those the viewer may see on `here`'s site: its own ones by the
/// policy, and those other forums share into it by the viewer's role here (one query for the
/// forums, and only when there are such records).
pub async fn readable<R: Record>(
    app: &App,
    viewer: &Viewer,
    here: &Id,
    records: Vec<R>,
) -> Result<Vec<R>, AppError> {
    let foreign = |r: &R| r.forum() != here && !r.shared().is_forum();
    if !records.iter().any(foreign) {
        return Ok(records
            .into_iter()
            .filter(|r| r.forum() == here && viewer.may_read(r))
            .collect());
    }
    let mut ids: Vec<Id> = records.iter().map(|r| r.forum().clone()).collect();
    ids.push(here.clone());
    ids.sort();
    ids.dedup();
    let forums: HashMap<Id, Forum> = app
        .store()
        .get_many::<Forum>(&ids)
        .await?
        .into_iter()
        .map(|f| (f.id.clone(), f))
        .collect();
    let Some(site) = forums.get(here) else {
        return Ok(Vec::new());
    };
    Ok(records
        .into_iter()
        .filter(|r| {
            forums
                .get(r.forum())
                .is_some_and(|owner| viewer.may_read_in(r, owner, site))
        })
        .collect())
}

/// The record of `forum` with this id whatever its access level, for a caller that asks the
/// policy itself (may the viewer edit it?); not found for another forum's or an unknown one.
pub async fn own<R: Readable>(app: &App, forum: &Id, id: &Id) -> Result<R, AppError> {
    let not_found = || AppError::NotFound {
        kind: R::KIND,
        id: id.clone(),
    };
    if !id.is_uuid() {
        return Err(not_found());
    }
    let record: R = app.store().get(id).await?;
    if record.forum() == forum {
        Ok(record)
    } else {
        Err(not_found())
    }
}
