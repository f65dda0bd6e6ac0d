//! The one error type of the web layer, mapped once to a response.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use urbis_app::AppError;
use urbis_store::StoreError;

/// What a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A use case failed.
    #[error(transparent)]
    App(#[from] AppError),
    /// The search failed.
    #[error(transparent)]
    Search(#[from] urbis_search::SearchError),
    /// The annual report could not be written.
    #[error("cannot write the report: {0}")]
    Report(String),
    /// Nothing here (also for records the viewer may not see: no one learns they exist).
    #[error("not found")]
    NotFound,
    /// The viewer may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The request itself is wrong (a year of "abc"); the message id says how.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The page needs a login (or the second factor) first; then back to this address.
    #[error("log in first")]
    LoginFirst(String),
}

/// Marks an error response so that the page guard renders it in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct ErrorMessage(pub &'static str);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            WebError::NotFound
            | WebError::Store(StoreError::NotFound { .. })
            | WebError::App(AppError::Store(StoreError::NotFound { .. })) => {
                (StatusCode::NOT_FOUND, "error-not-found")
            }
            WebError::Search(
                urbis_search::SearchError::QueryTooLong { .. }
                | urbis_search::SearchError::Page { .. },
            ) => (StatusCode::BAD_REQUEST, "error-bad-request"),
            WebError::BadRequest(message) => (StatusCode::BAD_REQUEST, *message),
            WebError::Forbidden | WebError::App(AppError::Forbidden) => {
                (StatusCode::FORBIDDEN, "error-forbidden")
            }
            WebError::App(AppError::Invalid(_)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "error-invalid")
            }
            WebError::Store(StoreError::Conflict { .. })
            | WebError::App(AppError::Store(StoreError::Conflict { .. })) => {
                (StatusCode::CONFLICT, "error-conflict")
            }
            WebError::LoginFirst(next) => {
                let target = format!("/login?next={}", urlencoding(next));
                return axum::response::Redirect::to(&target).into_response();
            }
            _ => {
                tracing::error!(error = %self, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-server")
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorMessage(message));
        response
    }
}

/// The address as a query value (`/admin/report?year=1` → `%2Fadmin%2Freport%3Fyear%3D1`).
fn urlencoding(address: &str) -> String {
    form_urlencoded::byte_serialize(address.as_bytes()).collect()
}
