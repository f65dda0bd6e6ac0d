//! The second factor's gate: a session that has been given the password but still owes its
//! code reaches nothing but the code page (and one that must set up its first second factor
//! nothing but the setup page). Every other route answers with a redirect there (a problem in
//! the API), whatever its handler would check, so no page, form or API call can be used with
//! the password alone.

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use urbis_app::accounts::login::Stage;

use crate::context::RequestContext;
use crate::error::WebError;
use crate::state::AppState;
use crate::visitor::{SESSION_COOKIE, SessionLookup, lookup};

/// Where a session that owes its code is sent.
pub const CODE_PAGE: &str = "/login/code";
/// Where a session that must set up a second factor is sent.
pub const SETUP_PAGE: &str = "/account/second-factor";

/// The routes a session owing `stage` may reach: its own page, the way out, and the files
/// that page is drawn with.
fn allowed(stage: Stage, method: &Method, route: &str) -> bool {
    match route {
        CODE_PAGE => stage == Stage::CodeOwed,
        SETUP_PAGE => stage == Stage::SetupOwed,
        "/logout" => method == Method::POST,
        "/assets/{file}" | "/brand/{file}" => method == Method::GET || method == Method::HEAD,
        _ => false,
    }
}

/// Looks the session up once (the `Visitor` of the handler reuses it) and turns a session
/// that owes its second factor away from every route but its own page.
pub async fn second_factor(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let has_session = request
        .extensions()
        .get::<RequestContext>()
        .is_some_and(|c| c.has_session);
    if !has_session {
        return next.run(request).await;
    }
    let jar = CookieJar::from_headers(request.headers());
    let token = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
    let found = match lookup(&state, token.as_deref()).await {
        Ok(found) => found,
        Err(error) => return error.into_response(),
    };
    let stage = found.as_ref().map(|(_, stage)| *stage);
    request.extensions_mut().insert(SessionLookup(found));
    let Some(stage @ (Stage::CodeOwed | Stage::SetupOwed)) = stage else {
        return next.run(request).await;
    };
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    if allowed(stage, request.method(), &route) {
        return next.run(request).await;
    }
    let page = if stage == Stage::CodeOwed {
        CODE_PAGE
    } else {
        SETUP_PAGE
    };
    if crate::api::is_api(request.uri().path()) {
        return crate::api::problem::ApiError(WebError::SecondFactorOwed(page)).into_response();
    }
    Redirect::to(page).into_response()
}
