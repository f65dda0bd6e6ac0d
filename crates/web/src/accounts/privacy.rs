//! Personal data in the browser (GDPR): everyone downloads their own; the office exports and
//! erases a person's, and applies the retention rule to guest registrations.

use crate::site::Site;
use askama::Template;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use urbis_app::privacy;
use urbis_domain::Id;
use urbis_domain::network::Person;

use crate::error::WebError;
use crate::pages::{Frame, MessagePage, render};
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
pub async fn own_data(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    let Some(user) = &visitor.user else {
        return Ok(Redirect::to("/login?next=/account").into_response());
    };
    let data = privacy::personal_data_for_user(&state.app, &user.id).await?;
    Ok(json_download(&data, "urbis-my-data.json"))
}

/// The person of this forum the office asks about, or why not.
async fn office_person(
    state: &Site,
    visitor: &Visitor,
    id: String,
) -> Result<Result<Person, Response>, WebError> {
    if visitor.user.is_none() {
        return Ok(Err(Redirect::to("/login").into_response()));
    }
    if !privacy::may_handle_personal_data(&visitor.viewer, &state.forum) {
        return Err(WebError::Forbidden);
    }
    let person: Person =
        urbis_app::visible::own(&state.app, &state.forum, &Id::from_text(id)).await?;
    Ok(Ok(person))
}

/// Downloads everything stored about a person (office only).
pub async fn person_data(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let person = match office_person(&state, &visitor, id).await? {
        Ok(person) => person,
        Err(response) => return Ok(response),
    };
    let data = privacy::personal_data(&state.app, &person.id).await?;
    Ok(json_download(
        &data,
        &format!("urbis-person-{}.json", person.id),
    ))
}

/// Shows what erasing a person would do and asks to confirm (office only).
pub async fn confirm_erase(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let person = match office_person(&state, &visitor, id).await? {
        Ok(person) => person,
        Err(response) => return Ok(response),
    };
    let preview = privacy::preview_erasure(&state.app, &person.id).await?;
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
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let person = match office_person(&state, &visitor, id).await? {
        Ok(person) => person,
        Err(response) => return Ok(response),
    };
    let actor = visitor.user.as_ref().map(|u| u.id.clone());
    let report = privacy::erase_person(&state.app, &person.id, actor.as_ref()).await?;
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
pub async fn retention(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    if visitor.user.is_none() {
        return Ok(Redirect::to("/login").into_response());
    }
    if !privacy::may_handle_personal_data(&visitor.viewer, &state.forum) {
        return Err(WebError::Forbidden);
    }
    let period = privacy::configured_retention()?;
    let done =
        privacy::apply_retention(&state.app, Some(&state.forum), period, Timestamp::now()).await?;
    let t = visitor.t();
    Ok(render(&MessagePage {
        frame: visitor.frame(),
        title: t.get("retention-title"),
        message: t.count("retention-done", "count", &i64::try_from(done).unwrap_or(0)),
    }))
}

/// The consent page of a person: the history, newest first, and a form to record a new one.
#[derive(Template)]
#[template(path = "accounts/consent.html")]
pub struct ConsentPage {
    frame: Frame,
    id: String,
    name: String,
    history: Vec<(String, String, bool, String)>,
    errors: Vec<(String, String)>,
}

/// What the consent form sends.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ConsentForm {
    purpose: String,
    given: String,
    how: String,
}

fn consent_page(visitor: &Visitor, person: &Person, errors: Vec<(String, String)>) -> ConsentPage {
    let mut history: Vec<(String, String, bool, String)> = person
        .consents
        .iter()
        .map(|c| {
            (
                c.at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
                c.purpose.clone(),
                c.given,
                c.how.clone().unwrap_or_default(),
            )
        })
        .collect();
    history.reverse();
    ConsentPage {
        frame: visitor.frame(),
        id: person.id.to_string(),
        name: person.display_name(),
        history,
        errors,
    }
}

/// Shows a person's consent history with the form to record consent (office only).
pub async fn show_consent(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let person = match office_person(&state, &visitor, id).await? {
        Ok(person) => person,
        Err(response) => return Ok(response),
    };
    Ok(render(&consent_page(&visitor, &person, Vec::new())))
}

/// Records that a person gave or withdrew consent for a purpose (office only); the history
/// is kept, never edited.
pub async fn record_consent(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<ConsentForm>,
) -> Result<Response, WebError> {
    let person = match office_person(&state, &visitor, id).await? {
        Ok(person) => person,
        Err(response) => return Ok(response),
    };
    let given = match form.given.as_str() {
        "given" => Some(true),
        "withdrawn" => Some(false),
        _ => None,
    };
    let Some(given) = given else {
        let errors = vec![("given".to_owned(), visitor.t().get("consent-choose"))];
        let page = consent_page(&visitor, &person, errors);
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    };
    let actor = visitor.user.as_ref().map(|u| u.id.clone());
    let store = state.app.acting_as(actor.as_ref());
    match privacy::record_consent(
        &store,
        &person.id,
        &form.purpose,
        given,
        &form.how,
        Timestamp::now(),
    )
    .await
    {
        Ok(updated) => Ok(render(&consent_page(&visitor, &updated, Vec::new()))),
        Err(urbis_app::AppError::Invalid(problems)) => {
            let errors = problems
                .iter()
                .map(|p| (p.field.clone(), p.message.clone()))
                .collect();
            let page = consent_page(&visitor, &person, errors);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
