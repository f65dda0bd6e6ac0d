//! Forgotten passwords and invitations: a link by mail, used once, sets a password.

use crate::site::Site;
use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::Deserialize;
use urbis_app::AppError;
use urbis_app::accounts::{mails, users};
use urbis_domain::accounts::TokenPurpose;

use super::ClientAddress;
use crate::error::WebError;
use crate::pages::{Frame, MessagePage, message_page, render};
use crate::visitor::Visitor;

/// The page asking for the email address of a forgotten password.
#[derive(Template)]
#[template(path = "accounts/forgot.html")]
pub struct ForgotPage {
    frame: Frame,
}

/// The page that sets a new password from a link.
#[derive(Template)]
#[template(path = "accounts/password.html")]
pub struct PasswordPage {
    frame: Frame,
    title: String,
    action: String,
    error: Option<String>,
}

/// What the forgot form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

/// What the password form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    password: String,
}

/// Shows the forgot form.
pub async fn show_forgot(visitor: Visitor) -> Response {
    render(&ForgotPage {
        frame: visitor.frame(),
    })
}

/// Sends a reset link when the account exists; answers the same either way.
pub async fn submit_forgot(
    state: Site,
    visitor: Visitor,
    ClientAddress(address): ClientAddress,
    Form(form): Form<ForgotForm>,
) -> Result<Response, WebError> {
    let email = form.email.trim();
    let sent = mails::send_reset(
        &state.app,
        email,
        address.as_deref(),
        &state.base_url,
        Timestamp::now(),
    )
    .await;
    if let Err(AppError::Throttled { seconds }) = sent {
        let message = visitor.t().count("login-throttled", "seconds", &seconds);
        return Ok(message_page(
            &visitor,
            StatusCode::TOO_MANY_REQUESTS,
            "forgot-title",
            message,
        ));
    }
    sent?;
    let t = visitor.t();
    Ok(render(&MessagePage {
        frame: visitor.frame(),
        title: t.get("forgot-title"),
        message: t.get("forgot-sent"),
    }))
}

fn purpose_page(purpose: TokenPurpose) -> (&'static str, &'static str) {
    match purpose {
        TokenPurpose::Invitation => ("invitation-title", "/invitation/"),
        TokenPurpose::PasswordReset => ("password-title", "/password/reset/"),
    }
}

fn show_password(
    visitor: &Visitor,
    purpose: TokenPurpose,
    token: &str,
    error: Option<String>,
) -> Response {
    let (title, path) = purpose_page(purpose);
    render(&PasswordPage {
        frame: visitor.frame(),
        title: visitor.t().get(title),
        action: format!("{path}{token}"),
        error,
    })
}

async fn submit_password(
    state: &Site,
    visitor: &Visitor,
    purpose: TokenPurpose,
    token: &str,
    password: &str,
) -> Result<Response, WebError> {
    let t = visitor.t();
    match users::redeem(&state.app, purpose, token, password, Timestamp::now()).await {
        Ok(_) => Ok(render(&MessagePage {
            frame: visitor.frame(),
            title: t.get("password-title"),
            message: t.get("password-saved"),
        })),
        Err(AppError::Invalid(problems)) => {
            let message = problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                show_password(visitor, purpose, token, Some(message)),
            )
                .into_response())
        }
        Err(AppError::InvalidToken) => Ok(message_page(
            visitor,
            StatusCode::GONE,
            "password-title",
            t.get("password-invalid-link"),
        )),
        Err(other) => Err(other.into()),
    }
}

/// Shows the form of a reset link.
pub async fn show_reset(visitor: Visitor, Path(token): Path<String>) -> Response {
    show_password(&visitor, TokenPurpose::PasswordReset, &token, None)
}

/// Sets the new password of a reset link.
pub async fn submit_reset(
    state: Site,
    visitor: Visitor,
    Path(token): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, WebError> {
    submit_password(
        &state,
        &visitor,
        TokenPurpose::PasswordReset,
        &token,
        &form.password,
    )
    .await
}

/// Shows the form of an invitation link.
pub async fn show_invitation(visitor: Visitor, Path(token): Path<String>) -> Response {
    show_password(&visitor, TokenPurpose::Invitation, &token, None)
}

/// Sets the first password of an invited account.
pub async fn submit_invitation(
    state: Site,
    visitor: Visitor,
    Path(token): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, WebError> {
    submit_password(
        &state,
        &visitor,
        TokenPurpose::Invitation,
        &token,
        &form.password,
    )
    .await
}
