//! `/metrics` in the Prometheus text format: requests and their latency per route, the
//! database pools, the outbox queue — what an operator watches.

use std::time::Instant;

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
use prometheus_client::registry::Registry;

use crate::context::same;
use crate::error::WebError;
use crate::state::AppState;

/// A request as counted: method, route pattern and status class.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

/// A route as timed.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    method: String,
    route: String,
}

/// A pool of database connections.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabels {
    pool: String,
}

fn latency_histogram() -> Histogram {
    // 0.25 ms … about 4 s.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
}

/// The metrics of one server.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    connections: Family<PoolLabels, Gauge>,
    idle: Family<PoolLabels, Gauge>,
    outbox: Gauge,
    search_lag: Gauge,
    reads_kept: Gauge,
    pages_kept_served: Counter,
    pages_rendered: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("urbis");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let connections = Family::<PoolLabels, Gauge>::default();
        let idle = Family::<PoolLabels, Gauge>::default();
        let outbox = Gauge::default();
        let search_lag = Gauge::default();
        let reads_kept = Gauge::default();
        let pages_kept_served = Counter::default();
        let pages_rendered = Counter::default();
        registry.register(
            "page_cache_hits",
            "Anonymous page requests answered with a kept page",
            pages_kept_served.clone(),
        );
        registry.register(
            "page_cache_misses",
            "Anonymous page requests whose page was rendered (and kept)",
            pages_rendered.clone(),
        );
        registry.register(
            "read_cache_entries",
            "Read models kept for the pages of everyone with the same roles",
            reads_kept.clone(),
        );
        registry.register(
            "search_index_lag",
            "Changes of the store the search index has not applied yet",
            search_lag.clone(),
        );
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        registry.register(
            "db_connections",
            "Open database connections",
            connections.clone(),
        );
        registry.register(
            "db_connections_idle",
            "Idle database connections",
            idle.clone(),
        );
        registry.register(
            "outbox_queued",
            "Mails waiting in the outbox",
            outbox.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            connections,
            idle,
            outbox,
            search_lag,
            reads_kept,
            pages_kept_served,
            pages_rendered,
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
    let status = format!("{}xx", response.status().as_u16() / 100);
    let metrics = &state.metrics;
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method: method.clone(),
            route: route.clone(),
            status,
        })
        .inc();
    metrics
        .latency
        .get_or_create(&RouteLabels { method, route })
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

/// The metrics without a token: only for a listener of its own that operators keep internal
/// (`urbis serve --metrics-addr`, [`crate::metrics_router`]).
pub async fn exposition(State(state): State<AppState>) -> Response {
    let metrics = &state.metrics;
    for (pool, size, idle) in state.app.pool_status() {
        let labels = PoolLabels {
            pool: pool.to_owned(),
        };
        metrics
            .connections
            .get_or_create(&labels)
            .set(i64::from(size));
        metrics
            .idle
            .get_or_create(&labels)
            .set(i64::try_from(idle).unwrap_or(i64::MAX));
    }
    match state.app.outbox_len().await {
        Ok(queued) => {
            metrics.outbox.set(queued);
        }
        Err(error) => tracing::warn!(%error, "metrics: cannot count the outbox"),
    }
    metrics.search_lag.set(state.search.lag());
    metrics
        .reads_kept
        .set(i64::try_from(state.app.kept_reads()).unwrap_or(i64::MAX));
    let mut text = String::new();
    if let Err(error) = encode(&mut text, &metrics.registry) {
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
