//! The one error type of the web layer, mapped once to a response.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use urbis_store::StoreError;

/// What a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A page could not be rendered.
    #[error("cannot render the page: {0}")]
    Render(#[from] askama::Error),
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = match &self {
            WebError::Store(StoreError::NotFound { .. }) => StatusCode::NOT_FOUND,
            WebError::Store(StoreError::Invalid(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Store(StoreError::Conflict { .. }) => StatusCode::CONFLICT,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let message = if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            "Something went wrong on our side; it has been logged.".to_owned()
        } else {
            self.to_string()
        };
        (status, message).into_response()
    }
}
