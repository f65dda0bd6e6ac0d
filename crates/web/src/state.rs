//! What every request handler shares.

use std::sync::Arc;

use urbis_app::App;
use urbis_domain::Id;

/// The state of the web layer: cheap to clone, one per server.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

/// The shared parts behind [`AppState`].
#[derive(Debug)]
pub struct Inner {
    /// The application: the one door to the store that pages, the API, feeds and calendars
    /// read and write through.
    pub app: App,
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
    /// Who may read `/metrics` and whose forwarded client addresses are believed.
    pub security: Security,
}

/// What the operator configures about trust: the metrics token and the proxies in front.
#[derive(Debug, Clone, Default)]
pub struct Security {
    /// The bearer token `/metrics` asks for on the public listener; without one, `/metrics`
    /// is not served there at all (only on a separate metrics listener, `metrics_router`).
    pub metrics_token: Option<String>,
    /// The proxies (addresses or networks) whose `X-Forwarded-For` names the client; from
    /// anyone else the header is ignored, and the connection's address is the client's.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl AppState {
    /// Builds the state for the application serving every forum of its store (`forum` at unknown hosts),
    /// reached at `base_url`,
    /// searching in `search`, with the file storage the environment configures (`./data/files`
    /// by default).
    pub fn new(
        app: App,
        forum: Id,
        base_url: &str,
        search: urbis_search::Search,
        security: Security,
    ) -> Self {
        let files = urbis_files::FileConfig::from_env()
            .and_then(|config| urbis_files::Files::open(&config))
            .or_else(|error| {
                tracing::error!(%error, "file storage as configured is unusable; using a temporary directory");
                urbis_files::Files::open(&urbis_files::FileConfig {
                    dir: std::env::temp_dir().join("urbis-files"),
                    ..urbis_files::FileConfig::default()
                })
            });
        let files = files.unwrap_or_else(|error| {
            tracing::error!(%error, "no file storage at all");
            urbis_files::Files::unusable()
        });
        Self::configured(app, forum, base_url, search, files, security)
    }

    /// Builds the state with the given file storage and no trust configured.
    pub fn with_files(
        app: App,
        forum: Id,
        base_url: &str,
        search: urbis_search::Search,
        files: urbis_files::Files,
    ) -> Self {
        Self::configured(app, forum, base_url, search, files, Security::default())
    }

    /// Builds the state with the given file storage and trust.
    pub fn configured(
        app: App,
        forum: Id,
        base_url: &str,
        search: urbis_search::Search,
        files: urbis_files::Files,
        security: Security,
    ) -> Self {
        let origin = base_url.trim_end_matches('/').to_owned();
        let secure_cookies = origin.starts_with("https://");
        Self(Arc::new(Inner {
            app,
            default_forum: forum,
            origin,
            sites: std::sync::RwLock::new(None),
            secure_cookies,
            search,
            metrics: crate::metrics::Metrics::default(),
            files,
            pages: crate::page_cache::PageCache::default(),
            security,
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
