//! The member's own registrations: `/account/registrations` lists upcoming and past ones with
//! their status; each upcoming one can be cancelled from there.

use crate::site::Site;
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use urbis_app::AppError;
use urbis_app::events::{self, participants};
use urbis_domain::Id;
use urbis_domain::events::RegistrationStatus;

use crate::error::WebError;
use crate::events::EventRow;
use crate::events::register::site;
use crate::pages::{Frame, message_page, render};
use crate::visitor::Visitor;

/// One of my registrations.
pub struct Mine {
    /// The event.
    pub event: EventRow,
    /// The status, as a label.
    pub status: String,
    /// The cancel form's address, while cancelling is possible.
    pub cancel: Option<String>,
}

/// The page of my registrations.
#[derive(Template)]
#[template(path = "events/mine.html")]
pub struct MinePage {
    frame: Frame,
    upcoming: Vec<Mine>,
    past: Vec<Mine>,
}

/// Lists the logged-in user's registrations, upcoming (soonest first) and past (latest first).
pub async fn show(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    let Some(user) = visitor.user.as_ref() else {
        return Ok(Redirect::to("/login?next=/account/registrations").into_response());
    };
    let t = visitor.t();
    let today = state.info.today();
    let (mut upcoming, mut past) = (Vec::new(), Vec::new());
    for (registration, event) in events::own_registrations(&state.app, user).await? {
        let ahead = event.is_ahead(today);
        let active = !matches!(
            registration.status,
            RegistrationStatus::Cancelled | RegistrationStatus::Attended
        );
        let mine = Mine {
            event: EventRow::new(&t, &event),
            status: participants::status_label(&t, registration.status),
            cancel: (ahead && active)
                .then(|| format!("/account/registrations/{}/cancel", registration.id)),
        };
        if ahead {
            upcoming.push(mine);
        } else {
            past.push(mine);
        }
    }
    past.reverse();
    let mut response = render(&MinePage {
        frame: visitor.frame(),
        upcoming,
        past,
    });
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// Cancels one of the user's own registrations.
pub async fn cancel(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Some(user) = visitor.user.as_ref() else {
        return Ok(Redirect::to("/login?next=/account/registrations").into_response());
    };
    let t = visitor.t();
    let id = Id::from_text(id);
    let done = if id.is_uuid() {
        events::cancel_own(&state.app, user, &id, Timestamp::now(), &site(&state)).await
    } else {
        Err(AppError::InvalidToken)
    };
    match done {
        Ok(_) => Ok(Redirect::to("/account/registrations").into_response()),
        Err(AppError::InvalidToken) => Ok(message_page(
            &visitor,
            StatusCode::NOT_FOUND,
            "cancel-title",
            t.get("events-mine-not-yours"),
        )),
        Err(other) => Err(other.into()),
    }
}
