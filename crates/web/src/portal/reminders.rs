//! Deadline reminders from the web: subscribing on a call's page, then the links of the mails
//! (confirm, unsubscribe), each asking for a press of a button first, since a mail scanner
//! that opens a link must not decide anything.

use crate::site::Site;
use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use serde::Deserialize;
use urbis_app::AppError;
use urbis_domain::Access;
use urbis_domain::portal::FundingCall;

use crate::error::WebError;
use crate::home::visible;
use crate::pages::{Frame, message_page, render};
use crate::visitor::Visitor;

/// What the subscription form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemindForm {
    email: String,
}

/// A page of the reminders, with its status.
fn answer(visitor: &Visitor, status: StatusCode, message: String) -> Response {
    message_page(visitor, status, "portal-remind-title", message)
}

/// Subscribes an address to a public call's deadline reminders (POST): a confirmation link is
/// mailed; the answer is the same whether the address was subscribed before or not.
pub async fn subscribe(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    Form(form): Form<RemindForm>,
) -> Result<Response, WebError> {
    let call: FundingCall = visible(&state, &visitor.viewer, &id).await?;
    if call.access != Access::Public {
        return Err(WebError::NotFound);
    }
    let t = visitor.t();
    match urbis_app::portal::subscribe(
        &state.app,
        &call,
        &form.email,
        visitor.lang(),
        &state.base_url,
        Timestamp::now(),
    )
    .await
    {
        Ok(_) => Ok(answer(
            &visitor,
            StatusCode::OK,
            t.get("portal-remind-check-mail"),
        )),
        Err(AppError::Invalid(problems)) => Ok(answer(
            &visitor,
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        )),
        Err(AppError::Forbidden) => Err(WebError::NotFound),
        Err(other) => Err(other.into()),
    }
}

/// The page that asks to press the button of a mailed link.
#[derive(Template)]
#[template(path = "portal/confirm.html")]
pub struct ConfirmPage {
    frame: Frame,
    question: String,
    button: String,
    action: String,
}

fn valid_token(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn ask(
    state: &Site,
    visitor: &Visitor,
    token: &str,
    question: &str,
    button: &str,
    action: &str,
) -> Result<Response, WebError> {
    if !valid_token(token) || !urbis_app::portal::subscription_exists(&state.app, token).await? {
        return Ok(answer(
            visitor,
            StatusCode::GONE,
            visitor.t().get("portal-remind-invalid"),
        ));
    }
    let t = visitor.t();
    Ok(render(&ConfirmPage {
        frame: visitor.frame(),
        question: t.get(question),
        button: t.get(button),
        action: format!("/portal/reminders/{token}/{action}"),
    }))
}

/// Asks to confirm a subscription (GET of the mailed link).
pub async fn confirm_page(
    state: Site,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    ask(
        &state,
        &visitor,
        &token,
        "portal-remind-confirm-question",
        "portal-remind-confirm-button",
        "confirm",
    )
    .await
}

/// Confirms a subscription (POST): reminders are sent from now on.
pub async fn confirm(
    state: Site,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let t = visitor.t();
    if valid_token(&token)
        && urbis_app::portal::confirm_subscription(&state.app, &token, Timestamp::now()).await?
    {
        Ok(answer(
            &visitor,
            StatusCode::OK,
            t.get("portal-remind-confirmed"),
        ))
    } else {
        Ok(answer(
            &visitor,
            StatusCode::GONE,
            t.get("portal-remind-invalid"),
        ))
    }
}

/// Asks to end a subscription (GET of the link in every mail).
pub async fn unsubscribe_page(
    state: Site,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    ask(
        &state,
        &visitor,
        &token,
        "portal-remind-unsubscribe-question",
        "portal-remind-unsubscribe-button",
        "unsubscribe",
    )
    .await
}

/// Ends a subscription (POST): no more reminders, the address is forgotten.
pub async fn unsubscribe(
    state: Site,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let t = visitor.t();
    if valid_token(&token) && urbis_app::portal::unsubscribe(&state.app, &token).await? {
        Ok(answer(
            &visitor,
            StatusCode::OK,
            t.get("portal-remind-unsubscribed"),
        ))
    } else {
        Ok(answer(
            &visitor,
            StatusCode::GONE,
            t.get("portal-remind-invalid"),
        ))
    }
}
