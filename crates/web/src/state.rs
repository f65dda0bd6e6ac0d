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
}

impl AppState {
    /// Builds the state for a store and the forum the server presents.
    pub fn new(store: Store, forum: Id) -> Self {
        Self(Arc::new(Inner { store, forum }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
