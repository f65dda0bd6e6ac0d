//! Figures from the measurements, and the report: a Markdown table and JSON.

mod markdown;
mod targets;

use serde::Serialize;

use crate::load::Measured;

pub use markdown::replace_between_markers;

/// One load run as reported.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `ceiling` or the store urbis ran on (`sqlite`, `postgres`).
    pub target: String,
    /// The scale of the demo network (0 for the ceiling).
    pub scale: u32,
    /// `anonymous` or `member`.
    pub viewer: String,
    /// The page.
    pub page: String,
    /// Concurrent clients.
    pub clients: usize,
    /// Successful requests.
    pub requests: u64,
    /// Failed requests and answers other than 200.
    pub errors: u64,
    /// Successful requests per second.
    pub throughput: f64,
    /// Median latency in milliseconds.
    pub p50_ms: f64,
    /// 99th percentile latency in milliseconds.
    pub p99_ms: f64,
    /// Throughput as a fraction of the ceiling's at the same number of clients.
    pub of_ceiling: Option<f64>,
    /// The first error, if any.
    pub first_error: Option<String>,
}

impl Row {
    /// Figures of one run.
    pub fn new(
        target: &str,
        scale: u32,
        viewer: &str,
        page: &str,
        clients: usize,
        measured: &Measured,
    ) -> Self {
        let requests = measured.latencies.len() as u64;
        let seconds = measured.elapsed.as_secs_f64();
        Self {
            target: target.to_owned(),
            scale,
            viewer: viewer.to_owned(),
            page: page.to_owned(),
            clients,
            requests,
            errors: measured.errors,
            throughput: if seconds > 0.0 {
                requests as f64 / seconds
            } else {
                0.0
            },
            p50_ms: percentile(&measured.latencies, 50.0) / 1000.0,
            p99_ms: percentile(&measured.latencies, 99.0) / 1000.0,
            of_ceiling: None,
            first_error: measured.first_error.clone(),
        }
    }
}

/// The nearest-rank percentile of sorted values (0 for none).
pub fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    f64::from(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// Facts about one urbis server of the run.
#[derive(Debug, Clone, Serialize)]
pub struct Server {
    /// The store (`sqlite`, `postgres`).
    pub store: String,
    /// The scale of the demo network it served.
    pub scale: u32,
    /// Seconds `urbis demo --scale N` took (generate, check, import).
    pub load_seconds: f64,
    /// Milliseconds from spawning `urbis serve` to the first 200 on `/healthz`.
    pub cold_start_ms: f64,
    /// Resident memory after start, in MiB.
    pub rss_start_mib: f64,
    /// Resident memory after the load, in MiB.
    pub rss_end_mib: f64,
    /// Peak resident memory, in MiB.
    pub rss_peak_mib: f64,
    /// Pages skipped, with the status they answered.
    pub skipped: Vec<String>,
    /// The seats counted in the store after the registration runs (none when not run).
    pub overbooking: Option<Overbooking>,
}

/// What the store holds after the registration runs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overbooking {
    /// Events the guests registered for.
    pub events: usize,
    /// Registrations of those events (seats, waiting list and cancelled).
    pub registrations: usize,
    /// Events with more seats taken than they have: must be 0.
    pub overbooked_events: usize,
}

/// One scale of the sweep.
#[derive(Debug, Clone, Serialize)]
pub struct Scale {
    /// The scale factor of the demo network.
    pub scale: u32,
    /// Records in the data set.
    pub records: usize,
}

/// One target of the performance issues, as this run measured it.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// The store.
    pub store: String,
    /// The scale it was measured at.
    pub scale: u32,
    /// What is measured, with the goal.
    pub what: String,
    /// The figure measured.
    pub measured: String,
    /// True when the goal is met.
    pub met: bool,
}

/// The viewer of the rows measured without the page cache (anonymous visitors).
pub const UNCACHED: &str = "anonymous, no cache";
/// The viewer of the report's first download, which typesets the year (later downloads of the
/// same records are served as made).
pub const FIRST_REPORT: &str = "staff, first download";

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Logical cores the machine has (the load generator, the ceiling and urbis share them).
    pub cores: usize,
    /// The scales of the sweep, with their records.
    pub scales: Vec<Scale>,
    /// The seed.
    pub seed: u64,
    /// Seconds of each load run.
    pub seconds: u64,
    /// The machine's load average (1 minute) before and after the run: other work on the
    /// machine shows here.
    pub load_average: (f64, f64),
    /// The urbis servers measured.
    pub servers: Vec<Server>,
    /// Every run.
    pub rows: Vec<Row>,
    /// The targets, judged (see [`Report::judge`]).
    pub targets: Vec<Target>,
}

impl Report {
    /// Fills in each urbis row's share of the ceiling at the same number of clients.
    pub fn relate_to_ceiling(&mut self) {
        let ceilings: Vec<(usize, f64)> = self
            .rows
            .iter()
            .filter(|r| r.target == "ceiling")
            .map(|r| (r.clients, r.throughput))
            .collect();
        for row in &mut self.rows {
            if row.target == "ceiling" {
                continue;
            }
            row.of_ceiling = ceilings
                .iter()
                .find(|(clients, _)| *clients == row.clients)
                .filter(|(_, ceiling)| *ceiling > 0.0)
                .map(|(_, ceiling)| row.throughput / ceiling);
        }
    }
}

#[cfg(test)]
mod tests;
