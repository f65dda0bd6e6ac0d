//! `/members/{id}/edit`: an organisation's editor keeps its public profile current (name,
//! short name, city, website, description, topics); the office may too, everyone else not.

use crate::site::Site;
use std::collections::BTreeSet;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Map, Value};
use urbis_domain::network::Organisation;
use urbis_domain::{Id, Kind};

use crate::admin::data::{self, WriteError};
use crate::admin::fields::network::ORGANISATION_PROFILE;
use crate::admin::form::{self, FieldProblem, FormData, SummaryLine, Widget};
use crate::admin::labels::{load_options, referenced_kinds, text_in};
use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// The profile form.
#[derive(Template)]
#[template(path = "network/profile.html")]
pub struct ProfilePage {
    frame: Frame,
    id: String,
    name: String,
    widgets: Vec<Widget>,
    summary: Vec<SummaryLine>,
    notice: Option<String>,
}

/// The organisation, when the visitor may edit its profile; else the answer.
async fn editable(
    state: &Site,
    visitor: &Visitor,
    id: &str,
) -> Result<Result<Organisation, Response>, WebError> {
    if visitor.user.is_none() {
        let next: String =
            form_urlencoded::byte_serialize(format!("/members/{id}/edit").as_bytes()).collect();
        return Ok(Err(
            Redirect::to(&format!("/login?next={next}")).into_response()
        ));
    }
    let organisation: Organisation =
        urbis_app::visible::own(&state.app, &state.forum, &Id::from_text(id)).await?;
    if !visitor.viewer.may_edit(&organisation) {
        return Err(WebError::Forbidden);
    }
    Ok(Ok(organisation))
}

async fn page(
    state: &Site,
    visitor: &Visitor,
    id: &str,
    record: &Map<String, Value>,
    problems: &[FieldProblem],
    notice: Option<String>,
) -> Result<ProfilePage, WebError> {
    let t = visitor.t();
    let mut kinds = BTreeSet::new();
    referenced_kinds(ORGANISATION_PROFILE, &mut kinds);
    let options = load_options(&state.app, &visitor.viewer, &state.forum, &kinds, &t).await?;
    let mut widgets = form::widgets(ORGANISATION_PROFILE, record, &options, &t);
    let summary = form::place_problems(&mut widgets, problems);
    Ok(ProfilePage {
        frame: visitor.frame(),
        id: id.to_owned(),
        name: record
            .get("name")
            .map(|n| text_in(n, t.lang))
            .unwrap_or_default(),
        widgets,
        summary,
        notice,
    })
}

/// The profile form of an organisation (its editors and the office).
pub async fn edit(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if let Err(response) = editable(&state, &visitor, &id).await? {
        return Ok(response);
    }
    let record = data::get(
        &state.app,
        &visitor.viewer,
        &state.forum,
        Kind::Organisation,
        &Id::from_text(&id),
    )
    .await?;
    let notice = query
        .as_deref()
        .is_some_and(|q| q.contains("saved=1"))
        .then(|| visitor.t().get("bo-saved"));
    Ok(render(
        &page(&state, &visitor, &id, &record, &[], notice).await?,
    ))
}

/// Saves the profile, or shows the form again with each problem beside its field.
pub async fn save(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    if let Err(response) = editable(&state, &visitor, &id).await? {
        return Ok(response);
    }
    let stored = data::get(
        &state.app,
        &visitor.viewer,
        &state.forum,
        Kind::Organisation,
        &Id::from_text(&id),
    )
    .await?;
    let t = visitor.t();
    let (record, problems) = form::read(ORGANISATION_PROFILE, &FormData::parse(&body), stored, &t);
    let problems = if problems.is_empty() {
        let store = state.app.acting_as(visitor.user.as_ref().map(|u| &u.id));
        let stored_id = Id::from_text(&id);
        let site = crate::events::register::site(&state);
        let saved = data::save(
            &store,
            &visitor.viewer,
            &state.forum,
            Kind::Organisation,
            record.clone(),
            Some(&stored_id),
            &site,
        );
        match saved.await {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/members/{id}/edit?saved=1")).into_response());
            }
            Err(WriteError::Problems(problems)) => problems,
            Err(WriteError::Web(error)) => return Err(error),
        }
    } else {
        problems
    };
    let page = page(&state, &visitor, &id, &record, &problems, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}
