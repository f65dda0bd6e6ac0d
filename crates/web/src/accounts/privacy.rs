//! Personal data in the browser (GDPR): everyone downloads their own; the office exports and
//! erases a person's, and applies the retention rule to guest registrations.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use urbis_app::privacy;
use urbis_domain::Id;
use urbis_domain::network::Person;

use crate::error::WebError;
use crate::pages::{Frame, MessagePage, render};
use crate::state::AppState;
use crate::visitor::Visitor;

/// The confirmation page of an erasure.
#[derive(Template)]
#[template(path = "accounts/erase.html")]
pub struct ErasePage {
    frame: Frame,
    id: String,
    name: String,
    registrations: usize,
    already_erased: bool,
}

fn json_download(value: &serde_json::Value, name: &str) -> Response {
    let body = serde_json::to_string_pretty(value).unwrap_or_default();
    (
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Downloads everything stored about the logged-in user.
pub async fn own_data(
    State(state): State<AppState>,
    visitor: Visitor,
) -> Result<Response, WebError> {
    let Some(user) = &visitor.user else {
        return Ok(Redirect::to("/login?next=/account").into_response());
    };
    if visitor.second_factor_pending {
        return Ok(Redirect::to("/login/code").into_response());
    }
    let data = privacy::personal_data_for_user(&state.store, &user.id).await?;
    Ok(json_download(&data, "urbis-my-data.json"))
}

/// The person of this forum the office asks about, or why not.
async fn office_person(
    state: &AppState,
    visitor: &Visitor,
    id: String,
) -> Result<Result<Person, Response>, WebError> {
    if visitor.user.is_none() || visitor.second_factor_pending {
        return Ok(Err(Redirect::to("/login").into_response()));
    }
    if !privacy::may_handle_personal_data(&visitor.viewer, &state.forum) {
        return Err(WebError::Forbidden);
    }
    let person: Person = state.store.get(&Id::from_text(id)).await?;
    if person.forum != state.forum {
        return Err(WebError::NotFound);
    }
    Ok(Ok(person))
}

/// Downloads everything stored about a person (office only).
pub async fn person_data(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let person = match office_person(&state, &visitor, id).await? {
        Ok(person) => person,
        Err(response) => return Ok(response),
    };
    let data = privacy::personal_data(&state.store, &person.id).await?;
    Ok(json_download(
        &data,
        &format!("urbis-person-{}.json", person.id),
    ))
}

/// Shows what erasing a person would do and asks to confirm (office only).
pub async fn confirm_erase(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let person = match office_person(&state, &visitor, id).await? {
        Ok(person) => person,
        Err(response) => return Ok(response),
    };
    let preview = privacy::preview_erasure(&state.store, &person.id).await?;
    Ok(render(&ErasePage {
        frame: visitor.frame(),
        id: person.id.to_string(),
        name: person.display_name(),
        registrations: preview.registrations,
        already_erased: preview.already_erased,
    }))
}

/// Erases a person everywhere (office only); participant figures stay right.
pub async fn erase(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let person = match office_person(&state, &visitor, id).await? {
        Ok(person) => person,
        Err(response) => return Ok(response),
    };
    let actor = visitor.user.as_ref().map(|u| u.id.clone());
    let report = privacy::erase_person(&state.store, &person.id, actor.as_ref()).await?;
    let t = visitor.t();
    Ok(render(&MessagePage {
        frame: visitor.frame(),
        title: t.get("erase-title"),
        message: t.count(
            "erase-done",
            "count",
            &i64::try_from(report.registrations).unwrap_or(0),
        ),
    }))
}

/// Applies the retention rule to guest registrations of this forum now (office only).
pub async fn retention(
    State(state): State<AppState>,
    visitor: Visitor,
) -> Result<Response, WebError> {
    if visitor.user.is_none() || visitor.second_factor_pending {
        return Ok(Redirect::to("/login").into_response());
    }
    if !privacy::may_handle_personal_data(&visitor.viewer, &state.forum) {
        return Err(WebError::Forbidden);
    }
    let period = privacy::configured_retention()?;
    let done = privacy::apply_retention(&state.store, Some(&state.forum), period, Timestamp::now())
        .await?;
    let t = visitor.t();
    Ok(render(&MessagePage {
        frame: visitor.frame(),
        title: t.get("retention-title"),
        message: t.count("retention-done", "count", &i64::try_from(done).unwrap_or(0)),
    }))
}
