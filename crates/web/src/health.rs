//! Liveness and readiness for load balancers, orchestrators and monitoring.
//!
//! `/healthz` says only that the process answers: restarting a node does not bring back a
//! database that is down, so liveness asks nothing else. `/readyz` asks every part a request
//! may need — the database, the file storage, the search index — each within a bound, and
//! names each part with its state in a JSON body; 503 as soon as one is down. The reasons are
//! codes for programs and operators; the error itself goes to the log only.

use std::future::Future;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use urbis_app::Readiness;

use crate::state::AppState;

/// The longest a readiness check of one part may take before the part counts as down.
const CHECK_BOUND: Duration = Duration::from_secs(3);

/// `{"status": "up"}` while the process answers.
pub async fn healthz() -> (StatusCode, Json<Value>) {
    (StatusCode::OK, Json(json!({ "status": "up" })))
}

/// One part's state: `Ok(())` when up, else the reason code.
pub(crate) type PartState = Result<(), &'static str>;

/// `check`, bounded in time: a part that does not answer in time is down (`timeout`).
async fn bounded(check: impl Future<Output = PartState>) -> PartState {
    tokio::time::timeout(CHECK_BOUND, check)
        .await
        .unwrap_or(Err("timeout"))
}

async fn database(state: &AppState) -> PartState {
    match state.app.readiness().await {
        Ok(Readiness::Ready) => Ok(()),
        Ok(Readiness::SchemaMismatch(mismatch)) => {
            tracing::error!(%mismatch, "readiness: the schema is not this version's");
            Err("schema_not_migrated")
        }
        Ok(Readiness::NoForum) => Err("no_forum"),
        Ok(Readiness::DatabaseGone(file)) => {
            tracing::error!(%file, "readiness: the database file is gone");
            Err("gone")
        }
        Err(error) => {
            tracing::error!(%error, "readiness: the database does not answer");
            Err("unreachable")
        }
    }
}

async fn files(state: &AppState) -> PartState {
    state.files.check().await.map_err(|error| {
        tracing::error!(%error, "readiness: the file storage cannot be used");
        "unusable"
    })
}

async fn search(state: &AppState) -> PartState {
    state.search.check().map_err(|error| {
        tracing::error!(%error, "readiness: the search index cannot be used");
        "unusable"
    })
}

/// Every part a request may need with its state, each checked within [`CHECK_BOUND`], all at
/// once: what `/readyz` answers and `/metrics` counts (`urbis_ready`).
pub(crate) async fn parts(state: &AppState) -> [(&'static str, PartState); 3] {
    let (database, files, search) = tokio::join!(
        bounded(database(state)),
        bounded(files(state)),
        bounded(search(state)),
    );
    [("database", database), ("files", files), ("search", search)]
}

/// `{"status": "up", "parts": {"database": {"status": "up"}, "files": …, "search": …}}` when
/// the node may take traffic (200); the same with `"down"` and a `reason` for each part that
/// is down, and 503, when it may not.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let parts = parts(&state).await;
    let ready = parts.iter().all(|(_, part)| part.is_ok());
    let parts: serde_json::Map<String, Value> = parts
        .into_iter()
        .map(|(name, part)| {
            let value = match part {
                Ok(()) => json!({ "status": "up" }),
                Err(reason) => json!({ "status": "down", "reason": reason }),
            };
            (name.to_owned(), value)
        })
        .collect();
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({ "status": if ready { "up" } else { "down" }, "parts": parts });
    (status, Json(body))
}
