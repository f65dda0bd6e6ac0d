//! Every route of the web layer, in one place.

use axum::Router;
use axum::routing::get;
use tower_http::compression::CompressionLayer;

use crate::state::AppState;
use crate::{health, network};

/// The application's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(network::members::show))
        .route("/healthz", get(health::healthz))
        .layer(CompressionLayer::new())
        .with_state(state)
}
