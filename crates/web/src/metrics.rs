//! `/metrics` in the Prometheus (OpenMetrics) text format: requests and their latency per
//! route and status, the database pools, the outbox, the search index, the page cache,
//! readiness per part, free disk space and the last backup — what an operator watches.
//! `ops/prometheus/alerts.yml` and `ops/grafana/urbis.json` use exactly these names.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::AtomicU64;
use std::time::{Instant, SystemTime};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::Registry;

use crate::context::same;
use crate::error::WebError;
use crate::state::AppState;

/// A request as counted and timed: method, route pattern and status class.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

/// A pool of database connections.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabels {
    pool: String,
}

/// A part of readiness (`database`, `files`, `search`).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PartLabels {
    part: String,
}

/// A place on disk urbis writes to (`search`, `files`).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PlaceLabels {
    place: String,
}

/// A state of outbox mails (`queued`, `due`, `sending`, `failed`).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabels {
    status: String,
}

fn latency_histogram() -> Histogram {
    // 0.25 ms … about 4 s.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
}

type FloatGauge = Gauge<f64, AtomicU64>;

/// The metrics of one server.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram, fn() -> Histogram>,
    connections: Family<PoolLabels, Gauge>,
    idle: Family<PoolLabels, Gauge>,
    outbox: Gauge,
    outbox_mails: Family<StatusLabels, Gauge>,
    outbox_oldest_due: FloatGauge,
    search_lag: Gauge,
    search_documents: Gauge,
    reads_kept: Gauge,
    report_pdfs_kept_bytes: Gauge,
    pages_kept_served: Counter,
    pages_rendered: Counter,
    pages_kept: Gauge,
    pages_kept_bytes: Gauge,
    ready: Family<PartLabels, Gauge>,
    disk_free: Family<PlaceLabels, Gauge>,
    disk_size: Family<PlaceLabels, Gauge>,
    /// Without a sample until a backup directory is watched (an alert on its age then has
    /// nothing to judge on a node that cannot see the backups).
    last_backup: Family<Vec<(String, String)>, FloatGauge>,
    /// Where `urbis backup` leaves its archives, when the operator names it.
    backup_dir: OnceLock<PathBuf>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("urbis");
        let metrics = Self {
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            connections: Family::default(),
            idle: Family::default(),
            outbox: Gauge::default(),
            outbox_mails: Family::default(),
            outbox_oldest_due: FloatGauge::default(),
            search_lag: Gauge::default(),
            search_documents: Gauge::default(),
            reads_kept: Gauge::default(),
            report_pdfs_kept_bytes: Gauge::default(),
            pages_kept_served: Counter::default(),
            pages_rendered: Counter::default(),
            pages_kept: Gauge::default(),
            pages_kept_bytes: Gauge::default(),
            ready: Family::default(),
            disk_free: Family::default(),
            disk_size: Family::default(),
            last_backup: Family::default(),
            backup_dir: OnceLock::new(),
            registry: Registry::default(),
        };
        registry.register(
            "build",
            "The version of urbis this node runs",
            Info::new(vec![("version", env!("CARGO_PKG_VERSION"))]),
        );
        let m = &metrics;
        let r = &mut registry;
        r.register(
            "http_requests",
            "HTTP requests answered",
            m.requests.clone(),
        );
        r.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            m.latency.clone(),
        );
        r.register(
            "db_connections",
            "Open database connections",
            m.connections.clone(),
        );
        r.register(
            "db_connections_idle",
            "Idle database connections",
            m.idle.clone(),
        );
        r.register(
            "outbox_queued",
            "Mails waiting in the outbox or being sent",
            m.outbox.clone(),
        );
        r.register(
            "outbox_mails",
            "Outbox mails by state: queued, due (queued and due now), sending, failed",
            m.outbox_mails.clone(),
        );
        r.register(
            "outbox_oldest_due_age_seconds",
            "How long the longest-waiting due mail has waited (0: none waits)",
            m.outbox_oldest_due.clone(),
        );
        r.register(
            "search_index_lag",
            "Changes of the store the search index has not applied yet",
            m.search_lag.clone(),
        );
        r.register(
            "search_index_documents",
            "Documents a search can find",
            m.search_documents.clone(),
        );
        r.register(
            "read_cache_entries",
            "Read models kept for the pages of everyone with the same roles",
            m.reads_kept.clone(),
        );
        r.register(
            "page_cache_hits",
            "Anonymous page requests answered with a kept page",
            m.pages_kept_served.clone(),
        );
        r.register(
            "page_cache_misses",
            "Anonymous page requests whose page was rendered (and kept)",
            m.pages_rendered.clone(),
        );
        r.register(
            "page_cache_entries",
            "Pages kept for anonymous visitors",
            m.pages_kept.clone(),
        );
        r.register(
            "page_cache_bytes",
            "Bytes the kept pages weigh",
            m.pages_kept_bytes.clone(),
        );
        r.register(
            "report_pdfs_kept_bytes",
            "Bytes of annual report PDFs kept, typeset once per markup",
            m.report_pdfs_kept_bytes.clone(),
        );
        r.register(
            "ready",
            "1 when a part a request may need (database, files, search) is usable, else 0",
            m.ready.clone(),
        );
        r.register(
            "disk_free_bytes",
            "Free bytes on the disk of a place urbis writes to",
            m.disk_free.clone(),
        );
        r.register(
            "disk_size_bytes",
            "Size in bytes of the disk of a place urbis writes to",
            m.disk_size.clone(),
        );
        r.register(
            "backup_last_success_timestamp_seconds",
            "When the newest archive in the backup directory was written (Unix time; 0: none \
             there; no sample without --backup-dir)",
            m.last_backup.clone(),
        );
        Self {
            registry,
            ..metrics
        }
    }
}

impl Metrics {
    /// Counts an anonymous page request: answered with a kept page (`true`) or rendered.
    pub fn page_kept(&self, hit: bool) {
        if hit {
            self.pages_kept_served.inc();
        } else {
            self.pages_rendered.inc();
        }
    }

    /// Watches the directory `urbis backup` writes its archives to (`--backup-dir`), so that
    /// `urbis_backup_last_success_timestamp_seconds` says when the newest was written. Only
    /// the first call counts.
    pub fn watch_backups(&self, dir: PathBuf) {
        let _ = self.backup_dir.set(dir);
    }
}

/// Counts and times every request of a route.
pub async fn track(
    State(state): State<AppState>,
    path: MatchedPath,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_owned();
    let route = path.as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let labels = RequestLabels {
        method,
        route,
        status: format!("{}xx", response.status().as_u16() / 100),
    };
    let metrics = &state.metrics;
    metrics.requests.get_or_create(&labels).inc();
    metrics
        .latency
        .get_or_create(&labels)
        .observe(started.elapsed().as_secs_f64());
    response
}

/// The metrics in the Prometheus text format on the public listener: only for a caller with
/// the configured metrics token; without one configured, there is no `/metrics` here (404).
pub async fn show(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = &state.security.metrics_token else {
        return WebError::NotFound.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|given| same(given.trim(), token)) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")],
            "/metrics needs the metrics token (Authorization: Bearer …)\n",
        )
            .into_response();
    }
    exposition(State(state)).await
}

fn gauge_of(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

/// When the newest `*.zip` in `dir` was last written, in seconds since the Unix epoch.
fn newest_archive(dir: &Path) -> Option<f64> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "zip"))
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .max()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| d.as_secs_f64())
}

/// Reads what the figures stand for now: pools, outbox, search, caches, readiness, disks,
/// backups.
async fn refresh(state: &AppState) {
    let metrics = &state.metrics;
    for (pool, size, idle) in state.app.pool_status() {
        let labels = PoolLabels {
            pool: pool.to_owned(),
        };
        metrics
            .connections
            .get_or_create(&labels)
            .set(i64::from(size));
        metrics.idle.get_or_create(&labels).set(gauge_of(idle));
    }
    match state.app.outbox_figures().await {
        Ok(figures) => {
            metrics.outbox.set(figures.queued + figures.sending);
            for (status, n) in [
                ("queued", figures.queued),
                ("due", figures.due),
                ("sending", figures.sending),
                ("failed", figures.failed),
            ] {
                let labels = StatusLabels {
                    status: status.to_owned(),
                };
                metrics.outbox_mails.get_or_create(&labels).set(n);
            }
            let waited = figures.oldest_due.map_or(0.0, |due| {
                jiff::Timestamp::now()
                    .duration_since(due)
                    .as_secs_f64()
                    .max(0.0)
            });
            metrics.outbox_oldest_due.set(waited);
        }
        Err(error) => tracing::warn!(%error, "metrics: cannot count the outbox"),
    }
    metrics.search_lag.set(state.search.lag());
    metrics.search_documents.set(gauge_of(state.search.len()));
    metrics.reads_kept.set(gauge_of(state.app.kept_reads()));
    metrics
        .report_pdfs_kept_bytes
        .set(gauge_of(state.app.kept_pdf_bytes()));
    metrics.pages_kept.set(gauge_of(state.pages.len()));
    metrics.pages_kept_bytes.set(gauge_of(state.pages.bytes()));
    for (part, up) in crate::health::parts(state).await {
        let labels = PartLabels {
            part: part.to_owned(),
        };
        metrics
            .ready
            .get_or_create(&labels)
            .set(i64::from(up.is_ok()));
    }
    let places = [
        ("search", state.search.dir()),
        ("files", state.files.local_dir()),
    ];
    for (place, dir) in places {
        let Some(stats) = dir.and_then(|dir| fs4::statvfs(dir).ok()) else {
            continue;
        };
        let labels = PlaceLabels {
            place: place.to_owned(),
        };
        metrics
            .disk_free
            .get_or_create(&labels)
            .set(gauge_of(stats.available_space()));
        metrics
            .disk_size
            .get_or_create(&labels)
            .set(gauge_of(stats.total_space()));
    }
    if let Some(dir) = metrics.backup_dir.get() {
        metrics
            .last_backup
            .get_or_create(&Vec::new())
            .set(newest_archive(dir).unwrap_or_default());
    }
}

/// The metrics without a token: only for a listener of its own that operators keep internal
/// (`urbis serve --metrics-addr`, [`crate::metrics_router`]).
pub async fn exposition(State(state): State<AppState>) -> Response {
    refresh(&state).await;
    let mut text = String::new();
    if let Err(error) = encode(&mut text, &state.metrics.registry) {
        tracing::error!(%error, "metrics: cannot encode");
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
