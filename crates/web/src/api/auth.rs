//! Who calls the API: a personal token (`Authorization: Bearer …`), or else the browser's
//! session cookie, or no one.
//!
//! A request with an `Authorization` header is judged by that header alone: its cookies are
//! never looked at, so the CSRF check (which the guard skips for such requests) has nothing to
//! protect. A request without one falls back to the session cookie, and then every write must
//! carry the CSRF token like a form does (the guard refuses it otherwise).

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use urbis_app::accounts::api_tokens;
use urbis_domain::Viewer;
use urbis_domain::accounts::ApiScope;
use urbis_domain::accounts::User;

use super::problem::ApiError;
use crate::error::WebError;
use crate::state::AppState;
use crate::visitor::Visitor;

/// How the caller was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Nobody: public records only, no writes.
    Anonymous,
    /// The session cookie of a logged-in browser (writes need the CSRF token).
    Session,
    /// A personal API token with its scope.
    Token(ApiScope),
}

/// The caller of an API request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// What the access policy sees.
    pub viewer: Viewer,
    /// The user, when there is one.
    pub user: Option<User>,
    /// How the caller was recognised.
    pub via: Via,
}

impl Caller {
    /// Refuses callers that may not write at all: nobody (401) and read-only tokens (403).
    /// The access policy still decides about each record.
    pub fn may_write(&self) -> Result<(), ApiError> {
        match self.via {
            Via::Anonymous => Err(ApiError(WebError::Unauthorized)),
            Via::Token(ApiScope::Read) => Err(ApiError(WebError::Forbidden)),
            Via::Session | Via::Token(ApiScope::Write) => Ok(()),
        }
    }
}

/// The token of an `Authorization: Bearer TOKEN` header; none for any other form.
fn bearer(value: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(value).ok()?;
    let (scheme, token) = text.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(header) = parts.headers.get(AUTHORIZATION) {
            let token = bearer(header.as_bytes()).ok_or(ApiError(WebError::Unauthorized))?;
            let (user, scope) = api_tokens::authenticate(&state.app, token)
                .await?
                .ok_or(ApiError(WebError::Unauthorized))?;
            return Ok(Caller {
                viewer: Viewer::user(&user),
                user: Some(user),
                via: Via::Token(scope),
            });
        }
        let visitor = Visitor::from_request_parts(parts, state).await?;
        let via = if visitor.user.is_none() {
            Via::Anonymous
        } else {
            Via::Session
        };
        Ok(Caller {
            viewer: visitor.viewer,
            user: visitor.user.filter(|_| via == Via::Session),
            via,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_bearer_headers() {
        assert_eq!(bearer(b"Bearer abc"), Some("abc"));
        assert_eq!(bearer(b"bearer  abc "), Some("abc"));
        assert_eq!(bearer(b"Basic abc"), None);
        assert_eq!(bearer(b"Bearer "), None);
        assert_eq!(bearer(b"Bearer"), None);
        assert_eq!(bearer(&[0xff, 0x20, 0x41]), None);
    }
}
