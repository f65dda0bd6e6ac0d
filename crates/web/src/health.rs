//! Liveness and readiness for load balancers and monitoring.

use axum::extract::State;
use axum::http::StatusCode;
use urbis_app::Readiness;

use crate::state::AppState;

/// `ok` while the process runs and the store answers.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.app.answers().await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(error) => {
            tracing::error!(%error, "health check: the store does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n")
        }
    }
}

/// `ready` when the store answers, its schema is migrated and it holds a forum: a node may take
/// traffic.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.app.readiness().await {
        Ok(Readiness::Ready) => (StatusCode::OK, "ready\n"),
        Ok(Readiness::SchemaMismatch(mismatch)) => {
            tracing::error!(%mismatch, "readiness: the schema is not this version's");
            (StatusCode::SERVICE_UNAVAILABLE, "schema not migrated\n")
        }
        Ok(Readiness::NoForum) => (StatusCode::SERVICE_UNAVAILABLE, "no forum stored yet\n"),
        Err(error) => {
            tracing::error!(%error, "readiness: the store does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n")
        }
    }
}
