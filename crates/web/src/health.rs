//! Liveness for load balancers and monitoring.

use axum::extract::State;
use axum::http::StatusCode;

use crate::state::AppState;

/// `ok` while the process runs and the store answers.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.is_empty().await {
        Ok(_) => (StatusCode::OK, "ok\n"),
        Err(error) => {
            tracing::error!(%error, "health check: the store does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n")
        }
    }
}
