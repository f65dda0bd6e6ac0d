//! A guest confirms their email address by the mailed link: opening it only asks (a link in a
//! mail must not act by merely being opened), the button confirms and takes the seat.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use urbis_app::AppError;
use urbis_app::events;
use urbis_domain::Id;

use crate::error::WebError;
use crate::events::register::{refusal, registered_message, site};
use crate::format::Shown;
use crate::pages::{Frame, message_page, render};
use crate::visitor::Visitor;

/// The page that asks to confirm a registration.
#[derive(Template)]
#[template(path = "events/confirm.html")]
pub struct ConfirmPage {
    frame: Frame,
    /// The event's title.
    title: Shown,
    /// The event page.
    href: String,
    /// Where the button posts to.
    action: String,
}

/// The answer to a link that does not work: unknown, used or forged (404), or expired (410).
fn bad_link(visitor: &Visitor, error: AppError) -> Result<Response, WebError> {
    let t = visitor.t();
    match error {
        AppError::InvalidToken => Ok(message_page(
            visitor,
            StatusCode::NOT_FOUND,
            "confirm-title",
            t.get("confirm-invalid"),
        )),
        AppError::LinkExpired => Ok(message_page(
            visitor,
            StatusCode::GONE,
            "confirm-title",
            t.get("confirm-expired"),
        )),
        other => Err(other.into()),
    }
}

/// Shows what the link confirms, with the button; changes nothing.
pub async fn show(
    state: crate::site::Site,
    visitor: Visitor,
    Path((id, token)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id = Id::from_text(id);
    if !id.is_uuid() {
        return bad_link(&visitor, AppError::InvalidToken);
    }
    match events::confirmation_link(&state.app, &id, &token, Timestamp::now()).await {
        Ok((_, event)) => {
            let t = visitor.t();
            Ok(render(&ConfirmPage {
                frame: visitor.frame(),
                title: Shown::new(&t, &event.title),
                href: format!("/events/{}", event.id),
                action: format!("/registrations/{id}/confirm/{token}"),
            }))
        }
        Err(error) => bad_link(&visitor, error),
    }
}

/// Confirms the registration: a seat while one is free, else the waiting list.
pub async fn confirm(
    state: crate::site::Site,
    visitor: Visitor,
    Path((id, token)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id = Id::from_text(id);
    if !id.is_uuid() {
        return bad_link(&visitor, AppError::InvalidToken);
    }
    let t = visitor.t();
    match events::confirm(&state.app, &id, &token, Timestamp::now(), &site(&state)).await {
        Ok(registered) => Ok(message_page(
            &visitor,
            StatusCode::OK,
            "confirm-title",
            registered_message(&t, registered.registration.status),
        )),
        Err(error @ (AppError::InvalidToken | AppError::LinkExpired)) => bad_link(&visitor, error),
        Err(error) => {
            let (status, message) = refusal(&t, error)?;
            Ok(message_page(&visitor, status, "confirm-title", message))
        }
    }
}
