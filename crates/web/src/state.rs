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
    /// The forum presented at every host no forum names.
    pub default_forum: Id,
    /// The address the server is reached at, without a final `/`: the address of forums
    /// without host names, and the scheme and port of those with.
    pub origin: String,
    /// The forums by host, kept between requests (see `site`).
    pub sites: std::sync::RwLock<Option<Arc<crate::site::Sites>>>,
    /// Cookies only over TLS, and HSTS: true when the site is served over https.
    pub secure_cookies: bool,
    /// The search index (kept current by a follower of the store's change log).
    pub search: urbis_search::Search,
    /// Request counts and latencies for `/metrics`.
    pub metrics: crate::metrics::Metrics,
    /// Uploaded files (a local directory or an S3-compatible bucket).
    pub files: urbis_files::Files,
    /// Public pages kept for anonymous visitors (see `page_cache`).
    pub pages: crate::page_cache::PageCache,
}

impl AppState {
    /// Builds the state for a store serving every forum of it (`forum` at unknown hosts),
    /// reached at `base_url`,
    /// searching in `search`, with the file storage the environment configures (`./data/files`
    /// by default).
    pub fn new(store: Store, forum: Id, base_url: &str, search: urbis_search::Search) -> Self {
        let files = urbis_files::FileConfig::from_env()
            .and_then(|config| urbis_files::Files::open(&config))
            .or_else(|error| {
                tracing::error!(%error, "file storage as configured is unusable; using a temporary directory");
                urbis_files::Files::open(&urbis_files::FileConfig {
                    dir: std::env::temp_dir().join("urbis-files"),
                    ..urbis_files::FileConfig::default()
                })
            });
        match files {
            Ok(files) => Self::with_files(store, forum, base_url, search, files),
            Err(error) => {
                tracing::error!(%error, "no file storage at all");
                Self::with_files(
                    store,
                    forum,
                    base_url,
                    search,
                    urbis_files::Files::unusable(),
                )
            }
        }
    }

    /// Builds the state with the given file storage.
    pub fn with_files(
        store: Store,
        forum: Id,
        base_url: &str,
        search: urbis_search::Search,
        files: urbis_files::Files,
    ) -> Self {
        let origin = base_url.trim_end_matches('/').to_owned();
        let secure_cookies = origin.starts_with("https://");
        Self(Arc::new(Inner {
            store,
            default_forum: forum,
            origin,
            sites: std::sync::RwLock::new(None),
            secure_cookies,
            search,
            metrics: crate::metrics::Metrics::default(),
            files,
            pages: crate::page_cache::PageCache::default(),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
