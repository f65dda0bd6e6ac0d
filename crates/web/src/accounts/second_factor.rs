//! The second factor: giving the code after login, and setting it up.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::Deserialize;
use urbis_app::AppError;
use urbis_app::accounts::login;
use urbis_app::accounts::second_factor::{check_code, new_recovery_codes, new_secret, setup_url};

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

/// Asks for the code of a session that owes it.
pub async fn show_code(visitor: Visitor) -> Response {
    if visitor.user.is_none() {
        return Redirect::to("/login").into_response();
    }
    render(&CodePage {
        frame: visitor.frame(),
        error: None,
    })
}

/// Checks the code (or a recovery code) and completes the session.
pub async fn submit_code(
    State(state): State<AppState>,
    visitor: Visitor,
    ClientAddress(address): ClientAddress,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    let (Some(user), Some(token)) = (&visitor.user, &visitor.token) else {
        return Ok(Redirect::to("/login").into_response());
    };
    let given = login::give_second_factor(
        &state.store,
        token,
        user,
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

/// Shows a fresh key to add to an authenticator app.
pub async fn show_setup(visitor: Visitor) -> Response {
    let Some(user) = &visitor.user else {
        return Redirect::to("/login").into_response();
    };
    let secret = new_secret();
    render(&SetupPage {
        frame: visitor.frame(),
        required: visitor.second_factor_pending,
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
    let (Some(user), Some(token)) = (&visitor.user, &visitor.token) else {
        return Ok(Redirect::to("/login").into_response());
    };
    let now = u64::try_from(Timestamp::now().as_second()).unwrap_or(0);
    let secret = form.secret.trim().to_owned();
    let step = check_code(&secret, &user.email, &form.code, now);
    let Some(step) = step else {
        let page = SetupPage {
            frame: visitor.frame(),
            required: visitor.second_factor_pending,
            url: setup_url(&secret, &user.email).unwrap_or_default(),
            secret,
            error: Some(visitor.t().get("code-wrong")),
            recovery_codes: Vec::new(),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    };
    let store = &state.store;
    store.set_totp_secret(&user.id, Some(&secret)).await?;
    store.accept_totp_step(&user.id, step).await?;
    let (codes, hashes) = new_recovery_codes()?;
    store.set_recovery_codes(&user.id, &hashes).await?;
    store
        .confirm_second_factor(&urbis_app::accounts::secrets::token_hash(token))
        .await?;
    Ok(render(&SetupPage {
        frame: visitor.frame(),
        required: false,
        secret: String::new(),
        url: String::new(),
        error: None,
        recovery_codes: codes,
    }))
}
