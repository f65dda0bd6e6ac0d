//! The second factor: giving the code after login, and setting it up.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::Deserialize;
use urbis_app::AppError;
use urbis_app::accounts::login::{self, Stage};
use urbis_app::accounts::second_factor::{new_secret, set_up, setup_url};
use urbis_domain::accounts::User;

use super::ClientAddress;
use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::state::AppState;
use crate::visitor::Visitor;

/// The page asking for the code after login.
#[derive(Template)]
#[template(path = "accounts/code.html")]
pub struct CodePage {
    frame: Frame,
    error: Option<String>,
}

/// The page that sets up the second factor.
#[derive(Template)]
#[template(path = "accounts/setup.html")]
pub struct SetupPage {
    frame: Frame,
    required: bool,
    secret: String,
    url: String,
    error: Option<String>,
    recovery_codes: Vec<String>,
}

/// What the code forms send.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CodeForm {
    code: String,
    secret: String,
}

/// Asks for the code of a session that owes it; a complete session has nothing to give.
pub async fn show_code(visitor: Visitor) -> Response {
    match &visitor.pending {
        Some(pending) if pending.stage == Stage::CodeOwed => render(&CodePage {
            frame: visitor.frame(),
            error: None,
        }),
        _ if visitor.user.is_some() => Redirect::to("/account").into_response(),
        _ => Redirect::to("/login").into_response(),
    }
}

/// Checks the code (or a recovery code) and completes the session.
pub async fn submit_code(
    State(state): State<AppState>,
    visitor: Visitor,
    ClientAddress(address): ClientAddress,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    let (Some(pending), Some(token)) = (&visitor.pending, &visitor.token) else {
        return Ok(Redirect::to("/login").into_response());
    };
    let given = login::give_second_factor(
        &state.app,
        token,
        &pending.user,
        &form.code,
        address.as_deref(),
        Timestamp::now(),
    )
    .await;
    match given {
        Ok(()) => Ok(Redirect::to("/account").into_response()),
        Err(AppError::WrongCode) => Ok((
            StatusCode::UNAUTHORIZED,
            render(&CodePage {
                frame: visitor.frame(),
                error: Some(visitor.t().get("code-wrong")),
            }),
        )
            .into_response()),
        Err(AppError::Throttled { seconds }) => Ok((
            StatusCode::TOO_MANY_REQUESTS,
            render(&CodePage {
                frame: visitor.frame(),
                error: Some(visitor.t().count("login-throttled", "seconds", &seconds)),
            }),
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}

/// The account whose second factor may be set up now: a logged-in user's, or — on the way
/// in — that of a session that must set one up before it counts. A session that owes its
/// code may not (the gate turns it away before; this holds even without it).
fn who_sets_up(visitor: &Visitor) -> Option<(&User, bool)> {
    match (&visitor.user, &visitor.pending) {
        (Some(user), _) => Some((user, false)),
        (None, Some(pending)) if pending.stage == Stage::SetupOwed => Some((&pending.user, true)),
        _ => None,
    }
}

/// Shows a fresh key to add to an authenticator app.
pub async fn show_setup(visitor: Visitor) -> Response {
    let Some((user, required)) = who_sets_up(&visitor) else {
        return Redirect::to("/login").into_response();
    };
    let secret = new_secret();
    render(&SetupPage {
        frame: visitor.frame(),
        required,
        url: setup_url(&secret, &user.email).unwrap_or_default(),
        secret,
        error: None,
        recovery_codes: Vec::new(),
    })
}

/// Stores the key once a code from it is right, and shows the recovery codes once.
pub async fn submit_setup(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    let (Some((user, required)), Some(token)) = (who_sets_up(&visitor), &visitor.token) else {
        return Ok(Redirect::to("/login").into_response());
    };
    let secret = form.secret.trim().to_owned();
    let codes = match set_up(&state.app, token, &secret, &form.code, Timestamp::now()).await {
        Ok(codes) => codes,
        Err(AppError::WrongCode) => {
            let page = SetupPage {
                frame: visitor.frame(),
                required,
                url: setup_url(&secret, &user.email).unwrap_or_default(),
                secret,
                error: Some(visitor.t().get("code-wrong")),
                recovery_codes: Vec::new(),
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
        }
        Err(other) => return Err(other.into()),
    };
    Ok(render(&SetupPage {
        frame: visitor.frame(),
        required: false,
        secret: String::new(),
        url: String::new(),
        error: None,
        recovery_codes: codes,
    }))
}
