//! Liveness and readiness for load balancers and monitoring.

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

/// `ready` when the store answers and its schema is migrated: a node may take traffic.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.schema_mismatch().await {
        Ok(None) => {}
        Ok(Some(mismatch)) => {
            tracing::error!(%mismatch, "readiness: the schema is not this version's");
            return (StatusCode::SERVICE_UNAVAILABLE, "schema not migrated\n");
        }
        Err(error) => {
            tracing::error!(%error, "readiness: the store does not answer");
            return (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n");
        }
    }
    match state.store.forums().await {
        Ok(forums) if !forums.is_empty() => (StatusCode::OK, "ready\n"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "no forum stored yet\n"),
        Err(error) => {
            tracing::error!(%error, "readiness: the store does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n")
        }
    }
}
