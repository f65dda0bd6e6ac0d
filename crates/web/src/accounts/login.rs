//! Logging in and out.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::Deserialize;
use urbis_app::AppError;
use urbis_app::accounts::login::{self, SecondFactor};

use super::{ClientAddress, local_path, user_agent};
use crate::context::{add_cookie, cookie};
use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::state::AppState;
use crate::visitor::{SESSION_COOKIE, Visitor};

/// The login page.
#[derive(Template)]
#[template(path = "accounts/login.html")]
pub struct LoginPage {
    frame: Frame,
    email: String,
    next: String,
    error: Option<String>,
}

/// What the login form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

/// Where to go after login (`?next=/collections`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

/// Shows the login form.
pub async fn show(
    visitor: Visitor,
    axum::extract::Query(query): axum::extract::Query<NextQuery>,
) -> Response {
    render(&LoginPage {
        frame: visitor.frame(),
        email: String::new(),
        next: query.next,
        error: None,
    })
}

/// Checks the credentials and starts a session; the form comes back filled in on failure.
pub async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let t = visitor.t();
    let outcome = login::login(
        &state.app,
        &form.email,
        &form.password,
        address.as_deref(),
        user_agent(&headers).as_deref(),
        Timestamp::now(),
    )
    .await;
    let again = |status: StatusCode, error: String| {
        let page = LoginPage {
            frame: visitor.frame(),
            email: form.email.clone(),
            next: form.next.clone(),
            error: Some(error),
        };
        (status, render(&page)).into_response()
    };
    let logged_in = match outcome {
        Ok(logged_in) => logged_in,
        Err(AppError::WrongCredentials) => {
            return Ok(again(StatusCode::UNAUTHORIZED, t.get("login-wrong")));
        }
        Err(AppError::Throttled { seconds }) => {
            let mut response = again(
                StatusCode::TOO_MANY_REQUESTS,
                t.count("login-throttled", "seconds", &seconds),
            );
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return Ok(response);
        }
        Err(other) => return Err(other.into()),
    };
    let target = match logged_in.second_factor {
        SecondFactor::NotNeeded => local_path(Some(&form.next)),
        SecondFactor::Required => "/login/code".to_owned(),
        SecondFactor::SetupRequired => "/account/second-factor".to_owned(),
    };
    let mut response = Redirect::to(&target).into_response();
    add_cookie(
        &mut response,
        cookie(SESSION_COOKIE, logged_in.token, state.secure_cookies, None),
    );
    Ok(response)
}

/// Ends the current session.
pub async fn logout(State(state): State<AppState>, visitor: Visitor) -> Result<Response, WebError> {
    if let Some(token) = &visitor.token {
        login::logout(&state.app, token).await?;
    }
    let mut response = Redirect::to("/").into_response();
    let mut gone = cookie(SESSION_COOKIE, String::new(), state.secure_cookies, Some(0));
    gone.make_removal();
    add_cookie(&mut response, gone);
    Ok(response)
}
