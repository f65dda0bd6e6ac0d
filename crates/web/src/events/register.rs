//! Registering for an event from its page, and cancelling through the personal link.

use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use serde::Deserialize;
use urbis_app::AppError;
use urbis_app::events::{self, Registrant, Site as MailSite};
use urbis_domain::Id;
use urbis_domain::events::RegistrationStatus;

use crate::accounts::ClientAddress;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::pages::{Frame, message_page, render};
use crate::visitor::Visitor;

/// What the registration form sends (guests fill in the fields; a member with a person
/// record only presses the button).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    name: String,
    email: String,
    organisation: String,
    consent: String,
}

/// The page that confirms a cancellation.
#[derive(Template)]
#[template(path = "events/cancel.html")]
pub struct CancelPage {
    frame: Frame,
    action: String,
}

/// Where the mails about registrations point to.
pub fn site(state: &crate::site::Site) -> MailSite<'_> {
    MailSite {
        base_url: &state.base_url,
        calendar_host: None,
    }
}

/// Who registers: the visitor's person record when logged in with one, else a guest with the
/// form's details.
pub fn registrant(visitor: &Visitor, form: RegisterForm) -> Registrant {
    match visitor.user.as_ref().and_then(|u| u.person.clone()) {
        Some(person) => Registrant::Person(person),
        _ => Registrant::Guest {
            name: form.name.trim().to_owned(),
            email: form.email.trim().to_owned(),
            organisation: Some(form.organisation.trim().to_owned()).filter(|o| !o.is_empty()),
            consent: form.consent == "yes",
        },
    }
}

/// The status and message of a refused registration, from the one error mapping
/// ([`WebError::answer`]); errors that are no refusal pass on.
pub fn refusal(t: &Tr, error: AppError) -> Result<(StatusCode, String), WebError> {
    match error {
        AppError::Invalid(problems) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )),
        refused @ (AppError::UnknownEvent
        | AppError::NoRegistration
        | AppError::RegistrationClosed
        | AppError::RegistrationNotOpen
        | AppError::EventFull
        | AppError::AlreadyRegistered
        | AppError::MembersOnly) => {
            let refused = WebError::App(refused);
            let answer = refused.answer();
            Ok((answer.status, t.get(answer.message)))
        }
        other => Err(other.into()),
    }
}

/// The message to a visitor whose registration went through, by its status.
pub fn registered_message(t: &Tr, status: RegistrationStatus) -> String {
    t.get(match status {
        RegistrationStatus::Waitlisted => "register-waitlisted",
        RegistrationStatus::Unconfirmed => "register-unconfirmed",
        _ => "register-confirmed",
    })
}

/// Registers the visitor (their person record when logged in with one, else as a guest, who
/// counts against the guest limits of their client address).
pub async fn register(
    state: crate::site::Site,
    visitor: Visitor,
    ClientAddress(client): ClientAddress,
    Path(id): Path<String>,
    Form(form): Form<RegisterForm>,
) -> Result<Response, WebError> {
    let id = Id::from_text(id);
    if !id.is_uuid() {
        return Err(WebError::NotFound);
    }
    let who = registrant(&visitor, form);
    let t = visitor.t();
    let done = events::register_from(
        &state.app,
        &visitor.viewer,
        &id,
        who,
        client.as_deref(),
        visitor.lang(),
        Timestamp::now(),
        &site(&state),
    )
    .await;
    let (status, message) = match done {
        Ok(registered) => (
            StatusCode::OK,
            registered_message(&t, registered.registration.status),
        ),
        Err(AppError::UnknownEvent | AppError::NoRegistration) => return Err(WebError::NotFound),
        Err(error) => refusal(&t, error)?,
    };
    Ok(message_page(&visitor, status, "register-title", message))
}

/// Asks to confirm a cancellation (a link in a mail must not cancel by merely being opened).
pub async fn confirm_cancel(
    visitor: Visitor,
    Path((id, token)): Path<(String, String)>,
) -> Response {
    render(&CancelPage {
        frame: visitor.frame(),
        action: format!("/registrations/{id}/cancel/{token}"),
    })
}

/// Cancels a registration through its personal link; the oldest waitlisted person moves up.
pub async fn cancel(
    state: crate::site::Site,
    visitor: Visitor,
    Path((id, token)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let t = visitor.t();
    let id = Id::from_text(id);
    if !id.is_uuid() {
        return Ok(message_page(
            &visitor,
            StatusCode::GONE,
            "cancel-title",
            t.get("cancel-invalid"),
        ));
    }
    match events::cancel(&state.app, &id, &token, Timestamp::now(), &site(&state)).await {
        Ok(_) => Ok(message_page(
            &visitor,
            StatusCode::OK,
            "cancel-title",
            t.get("cancel-done"),
        )),
        Err(AppError::InvalidToken) => Ok(message_page(
            &visitor,
            StatusCode::GONE,
            "cancel-title",
            t.get("cancel-invalid"),
        )),
        Err(other) => Err(other.into()),
    }
}
