//! Pages of accounts: logging in and out, the second factor, the own account, passwords.

pub mod account;
pub mod admin;
pub mod api_tokens;
pub mod audit;
pub mod login;
pub mod password;
pub mod privacy;
pub mod second_factor;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

/// The client's network address, for login throttling, when the server knows it.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_string()),
        ))
    }
}

/// The browser's user agent, for the session list.
pub fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A local path to return to after login; anything else (another site) goes home.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/account".to_owned(),
    }
}
