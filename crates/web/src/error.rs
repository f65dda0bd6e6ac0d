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
            WebError::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden"),
            WebError::Search(
                urbis_search::SearchError::QueryTooLong { .. }
                | urbis_search::SearchError::Page { .. },
            ) => (StatusCode::BAD_REQUEST, "error-bad-request"),
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
