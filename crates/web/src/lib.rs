//! The web layer of urbis: pages and forms over the app services and the store.

mod accounts;
mod admin;
mod advocacy;
mod api;
mod assets;
mod brand;
mod context;
mod error;
mod events;
mod format;
mod health;
mod home;
mod i18n;
mod knowledge;
pub mod markdown;
mod metrics;
mod network;
mod page_cache;
mod pager;
mod pages;
mod portal;
mod projects;
mod proxy;
mod report;
mod router;
mod search;
mod sharing;
mod site;
mod state;
mod topics;
mod visitor;

pub use admin::sheet;
pub use error::WebError;
pub use router::{ROUTES, metrics_router, router};
pub use state::{AppState, Security};

use std::net::SocketAddr;

/// Serves the platform on `addr` until the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(address = %listener.local_addr()?, "urbis is serving");
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

/// Serves `/metrics` alone, without a token, on `listener` (an address operators keep
/// internal), until the task is ended.
pub async fn serve_metrics(
    state: AppState,
    listener: tokio::net::TcpListener,
) -> std::io::Result<()> {
    axum::serve(listener, metrics_router(state)).await
}

/// Resolves when the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
