//! `/admin/{kind}/new`, `/admin/{kind}/{id}` and `/admin/{kind}/{id}/delete`: one form for
//! every record kind, made from its field description; on a problem the form comes back
//! filled in with each message beside its field and a summary on top (status 422).

use crate::site::Site;
use std::collections::BTreeSet;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Map, Value};
use urbis_domain::{Access, Id, Kind};

use super::data::{self, WriteError};
use super::fields::{Spec, spec_named};
use super::form::{self, FieldProblem, FormData, SummaryLine, Widget};
use super::labels::{load_options, record_label, referenced_kinds};
use super::refuse_non_office;
use super::start::kind_label;
use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// The form page of a record.
#[derive(Template)]
#[template(path = "admin/form.html")]
pub struct FormPage {
    frame: Frame,
    plural: &'static str,
    kind_title: String,
    title: String,
    action: String,
    id: Option<String>,
    widgets: Vec<Widget>,
    summary: Vec<SummaryLine>,
    notice: Option<String>,
}

/// The confirmation page of a deletion.
#[derive(Template)]
#[template(path = "admin/delete.html")]
pub struct DeletePage {
    frame: Frame,
    plural: &'static str,
    id: String,
    label: String,
    error: Option<String>,
    used_by: Vec<(String, String)>,
}

/// The records that refer to a record (at most 20), as links with their names and fields.
async fn used_by(
    state: &Site,
    visitor: &Visitor,
    id: &Id,
) -> Result<Vec<(String, String)>, WebError> {
    let t = visitor.t();
    let options = Default::default();
    let mut found = Vec::new();
    for (kind, from, field) in urbis_app::records::referrers(&state.app, id, 20).await? {
        let Ok(record) = data::get(&state.app, &visitor.viewer, &state.forum, kind, &from).await
        else {
            continue;
        };
        found.push((
            format!("/admin/{}/{from}", kind.plural()),
            format!(
                "{}: {} ({})",
                kind_label(&t, kind),
                record_label(kind, &record, &options, &t),
                form::field_label(&t, field.split(['.', '[']).next().unwrap_or_default())
            ),
        ));
    }
    Ok(found)
}

/// The access level a new record of a kind starts with, as the record format defaults it.
fn default_access(kind: Kind) -> &'static str {
    match kind {
        Kind::Person | Kind::Collection | Kind::Entry => Access::Members,
        Kind::Registration => Access::Staff,
        _ => Access::Public,
    }
    .as_str()
}

async fn form_page(
    state: &Site,
    visitor: &Visitor,
    spec: &Spec,
    id: Option<&str>,
    record: &Map<String, Value>,
    problems: &[FieldProblem],
    notice: Option<String>,
) -> Result<FormPage, WebError> {
    let t = visitor.t();
    let mut kinds = BTreeSet::new();
    referenced_kinds(spec.fields, &mut kinds);
    let options = load_options(&state.app, &visitor.viewer, &state.forum, &kinds, &t).await?;
    let mut widgets = form::widgets(spec.fields, record, &options, &t);
    let summary = form::place_problems(&mut widgets, problems);
    let plural = spec.kind.plural();
    let title = match id {
        Some(_) => record_label(spec.kind, record, &options, &t),
        None => t.get("bo-new"),
    };
    Ok(FormPage {
        frame: visitor.frame(),
        plural,
        kind_title: kind_label(&t, spec.kind),
        title,
        action: match id {
            Some(id) => format!("/admin/{plural}/{id}"),
            None => format!("/admin/{plural}/new"),
        },
        id: id.map(str::to_owned),
        widgets,
        summary,
        notice,
    })
}

fn office_spec(
    state: &Site,
    visitor: &Visitor,
    plural: &str,
    path: &str,
) -> Result<Result<Spec, Response>, WebError> {
    if let Some(response) = refuse_non_office(state, visitor, path) {
        return Ok(Err(response));
    }
    spec_named(plural).map(Ok).ok_or(WebError::NotFound)
}

/// The empty form for a new record (office only).
pub async fn new(
    state: Site,
    visitor: Visitor,
    Path(plural): Path<String>,
) -> Result<Response, WebError> {
    let spec = match office_spec(&state, &visitor, &plural, &format!("/admin/{plural}/new"))? {
        Ok(spec) => spec,
        Err(response) => return Ok(response),
    };
    let mut record = Map::new();
    record.insert("access".into(), Value::from(default_access(spec.kind)));
    let page = form_page(&state, &visitor, &spec, None, &record, &[], None).await?;
    Ok(render(&page))
}

/// Creates a record from the form, or shows the form again with the problems.
pub async fn create(
    state: Site,
    visitor: Visitor,
    Path(plural): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let spec = match office_spec(&state, &visitor, &plural, &format!("/admin/{plural}/new"))? {
        Ok(spec) => spec,
        Err(response) => return Ok(response),
    };
    save(&state, &visitor, &spec, None, Map::new(), &body).await
}

/// The form of a stored record (office only).
pub async fn edit(
    state: Site,
    visitor: Visitor,
    Path((plural, id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let spec = match office_spec(&state, &visitor, &plural, &format!("/admin/{plural}/{id}"))? {
        Ok(spec) => spec,
        Err(response) => return Ok(response),
    };
    let record = data::get(
        &state.app,
        &visitor.viewer,
        &state.forum,
        spec.kind,
        &Id::from_text(&id),
    )
    .await?;
    let notice = query
        .as_deref()
        .is_some_and(|q| q.contains("saved=1"))
        .then(|| visitor.t().get("bo-saved"));
    let page = form_page(&state, &visitor, &spec, Some(&id), &record, &[], notice).await?;
    Ok(render(&page))
}

/// Changes a stored record from the form, or shows the form again with the problems.
pub async fn update(
    state: Site,
    visitor: Visitor,
    Path((plural, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let spec = match office_spec(&state, &visitor, &plural, &format!("/admin/{plural}/{id}"))? {
        Ok(spec) => spec,
        Err(response) => return Ok(response),
    };
    let stored = data::get(
        &state.app,
        &visitor.viewer,
        &state.forum,
        spec.kind,
        &Id::from_text(&id),
    )
    .await?;
    save(&state, &visitor, &spec, Some(&id), stored, &body).await
}

async fn save(
    state: &Site,
    visitor: &Visitor,
    spec: &Spec,
    id: Option<&str>,
    base: Map<String, Value>,
    body: &[u8],
) -> Result<Response, WebError> {
    let t = visitor.t();
    let form = FormData::parse(body);
    let (record, problems) = form::read(spec.fields, &form, base, &t);
    let problems = if problems.is_empty() {
        let store = state.app.acting_as(visitor.user.as_ref().map(|u| &u.id));
        let id = id.map(Id::from_text);
        let site = crate::events::register::site(state);
        let saved = data::save(
            &store,
            &visitor.viewer,
            &state.forum,
            spec.kind,
            record.clone(),
            id.as_ref(),
            &site,
        );
        match saved.await {
            Ok(saved) => {
                let to = format!("/admin/{}/{saved}?saved=1", spec.kind.plural());
                return Ok(Redirect::to(&to).into_response());
            }
            Err(WriteError::Problems(problems)) => problems,
            Err(WriteError::Web(error)) => return Err(error),
        }
    } else {
        problems
    };
    let page = form_page(state, visitor, spec, id, &record, &problems, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

async fn delete_page(
    state: &Site,
    visitor: &Visitor,
    spec: &Spec,
    id: &str,
    error: Option<String>,
) -> Result<DeletePage, WebError> {
    let t = visitor.t();
    let record = data::get(
        &state.app,
        &visitor.viewer,
        &state.forum,
        spec.kind,
        &Id::from_text(id),
    )
    .await?;
    let mut kinds = BTreeSet::new();
    match spec.kind {
        Kind::Membership => {
            kinds.insert(Kind::Organisation);
        }
        Kind::Appointment | Kind::Registration => {
            kinds.insert(Kind::Person);
            kinds.insert(Kind::Event);
        }
        _ => {}
    }
    let options = load_options(&state.app, &visitor.viewer, &state.forum, &kinds, &t).await?;
    Ok(DeletePage {
        frame: visitor.frame(),
        plural: spec.kind.plural(),
        id: id.to_owned(),
        label: record_label(spec.kind, &record, &options, &t),
        error,
        used_by: used_by(state, visitor, &Id::from_text(id)).await?,
    })
}

/// Asks to confirm a deletion (office only).
pub async fn confirm_delete(
    state: Site,
    visitor: Visitor,
    Path((plural, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let path = format!("/admin/{plural}/{id}/delete");
    let spec = match office_spec(&state, &visitor, &plural, &path)? {
        Ok(spec) => spec,
        Err(response) => return Ok(response),
    };
    Ok(render(
        &delete_page(&state, &visitor, &spec, &id, None).await?,
    ))
}

/// Deletes a record; refused with the reason while other records refer to it.
pub async fn delete(
    state: Site,
    visitor: Visitor,
    Path((plural, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let path = format!("/admin/{plural}/{id}/delete");
    let spec = match office_spec(&state, &visitor, &plural, &path)? {
        Ok(spec) => spec,
        Err(response) => return Ok(response),
    };
    let store = state.app.acting_as(visitor.user.as_ref().map(|u| &u.id));
    match data::delete(&store, &visitor.viewer, spec.kind, &Id::from_text(&id)).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/{plural}?deleted=1")).into_response()),
        Err(WriteError::Web(error)) => Err(error),
        Err(WriteError::Problems(problems)) => {
            let reason = problems
                .into_iter()
                .map(|p| p.message)
                .collect::<Vec<_>>()
                .join("; ");
            let message = format!("{} {reason}", visitor.t().get("bo-delete-refused"));
            let page = delete_page(&state, &visitor, &spec, &id, Some(message)).await?;
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
    }
}
