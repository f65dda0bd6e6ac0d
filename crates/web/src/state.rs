//! What every request handler shares.

use std::sync::Arc;

use urbis_domain::Id;
use urbis_store::Store;

/// The state of the web layer: cheap to clone, one per server.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

/// The shared parts behind [`AppState`].
#[derive(Debug)]
pub struct Inner {
    /// The store.
    pub store: Store,
    /// The forum this server presents.
    pub forum: Id,
    /// The address people reach the site at (for links in mails), without a final `/`.
    pub base_url: String,
    /// Cookies only over TLS, and HSTS: true when the site is served over https.
    pub secure_cookies: bool,
    /// The search index (kept current by a follower of the store's change log).
    pub search: urbis_search::Search,
    /// Request counts and latencies for `/metrics`.
    pub metrics: crate::metrics::Metrics,
}

impl AppState {
    /// Builds the state for a store and the forum the server presents, reached at `base_url`,
    /// searching in `search`.
    pub fn new(store: Store, forum: Id, base_url: &str, search: urbis_search::Search) -> Self {
        let base_url = base_url.trim_end_matches('/').to_owned();
        let secure_cookies = base_url.starts_with("https://");
        Self(Arc::new(Inner {
            store,
            forum,
            base_url,
            secure_cookies,
            search,
            metrics: crate::metrics::Metrics::default(),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
