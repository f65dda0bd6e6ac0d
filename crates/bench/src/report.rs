//! Figures from the measurements, and the report: a Markdown table and JSON.

use serde::Serialize;

use crate::load::Measured;

/// One load run as reported.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `ceiling` or the store urbis ran on (`sqlite`, `postgres`).
    pub target: String,
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
        viewer: &str,
        page: &str,
        clients: usize,
        measured: &Measured,
    ) -> Self {
        let requests = measured.latencies.len() as u64;
        let seconds = measured.elapsed.as_secs_f64();
        Self {
            target: target.to_owned(),
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

/// One target of the performance issue, as this run measured it.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// The store.
    pub store: String,
    /// What is measured, with the goal.
    pub what: String,
    /// The figure measured.
    pub measured: String,
    /// True when the goal is met.
    pub met: bool,
}

/// The run whose figure decides a target: the worst of the rows that match.
fn worst<'a>(
    rows: impl Iterator<Item = &'a Row>,
    key: impl Fn(&Row) -> f64,
    higher_is_worse: bool,
) -> Option<&'a Row> {
    rows.max_by(|a, b| {
        let (a, b) = (key(a), key(b));
        let order = a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal);
        if higher_is_worse {
            order
        } else {
            order.reverse()
        }
    })
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Logical cores the machine has (the load generator, the ceiling and urbis share them).
    pub cores: usize,
    /// The scale factor of the demo network.
    pub scale: u32,
    /// The seed.
    pub seed: u64,
    /// Records in the data set.
    pub records: usize,
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
    /// Each target of the performance issue, per store: met or missed, with the deciding figure.
    pub fn judge(&self) -> Vec<Target> {
        let mut targets = Vec::new();
        for server in &self.servers {
            let store = server.store.as_str();
            let ours = || self.rows.iter().filter(move |r| r.target == store);
            let public_pages =
                || ours().filter(|r| r.viewer == "anonymous" && !r.page.starts_with("/search"));
            let mut push = |what: &str, measured: String, met: bool| {
                targets.push(Target {
                    store: store.to_owned(),
                    what: what.to_owned(),
                    measured,
                    met,
                });
            };
            if let Some(row) = worst(
                public_pages().filter(|r| r.clients == 64),
                |r| r.of_ceiling.unwrap_or(0.0),
                false,
            ) {
                let share = row.of_ceiling.unwrap_or(0.0);
                push(
                    "public pages ≥ 25 % of the ceiling at 64 clients (the lowest)",
                    format!("{:.1} % on `{}`", share * 100.0, row.page),
                    share >= 0.25,
                );
            }
            if let Some(row) = worst(
                public_pages().filter(|r| r.clients == 8),
                |r| r.p99_ms,
                true,
            ) {
                push(
                    "public pages p99 ≤ 10 ms at 8 clients (the highest)",
                    format!("{:.2} ms on `{}`", row.p99_ms, row.page),
                    row.p99_ms <= 10.0,
                );
            }
            if let Some(row) = worst(
                ours().filter(|r| r.page.starts_with("/search") && r.clients == 8),
                |r| r.p99_ms,
                true,
            ) {
                push(
                    "search p99 ≤ 15 ms at 8 clients (this data set; 1 million entries: urbis-bench-search)",
                    format!("{:.2} ms ({})", row.p99_ms, row.viewer),
                    row.p99_ms <= 15.0,
                );
            }
            if let Some(row) = ours()
                .filter(|r| r.viewer == "guest")
                .max_by(|a, b| a.throughput.total_cmp(&b.throughput))
            {
                push(
                    "registrations ≥ 500 per second (the best client count)",
                    format!("{:.0}/s with {} clients", row.throughput, row.clients),
                    row.throughput >= 500.0,
                );
            }
            if let Some(counted) = &server.overbooking {
                push(
                    "no overbooking",
                    format!(
                        "{} of {} events overbooked ({} registrations)",
                        counted.overbooked_events, counted.events, counted.registrations
                    ),
                    counted.overbooked_events == 0,
                );
            }
            if let Some(row) = ours().find(|r| r.page.contains("format=pdf")) {
                push(
                    "report PDF < 2 s (p99)",
                    format!("{:.0} ms ({} made)", row.p99_ms, row.requests),
                    row.requests > 0 && row.p99_ms < 2000.0,
                );
            }
            push(
                "RSS < 100 MB (peak, on this data set)",
                format!("{:.1} MiB", server.rss_peak_mib),
                server.rss_peak_mib * 1.048_576 < 100.0,
            );
            push(
                "cold start < 1 s",
                format!("{:.0} ms", server.cold_start_ms),
                server.cold_start_ms < 1000.0,
            );
        }
        targets
    }

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

    /// The report as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "# urbis load benchmark\n\n{} cores shared by the load generator, the ceiling server and urbis; \
             demo network ×{} (seed {}, {} records); {} s per run; load average {:.2} before, {:.2} after.\n\n",
            self.cores,
            self.scale,
            self.seed,
            self.records,
            self.seconds,
            self.load_average.0,
            self.load_average.1
        ));
        out.push_str(
            "| store | load `urbis demo` | cold start | RSS after start | RSS after load | RSS peak |\n\
             | --- | ---: | ---: | ---: | ---: | ---: |\n",
        );
        for s in &self.servers {
            out.push_str(&format!(
                "| {} | {:.1} s | {:.0} ms | {:.1} MiB | {:.1} MiB | {:.1} MiB |\n",
                s.store,
                s.load_seconds,
                s.cold_start_ms,
                s.rss_start_mib,
                s.rss_end_mib,
                s.rss_peak_mib
            ));
        }
        for s in &self.servers {
            if !s.skipped.is_empty() {
                out.push_str(&format!(
                    "\nSkipped on {}: {}\n",
                    s.store,
                    s.skipped.join("; ")
                ));
            }
        }
        out.push_str(
            "\n| target | viewer | page | clients | requests | errors | req/s | p50 ms | p99 ms | of ceiling |\n\
             | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
        );
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | {} | `{}` | {} | {} | {} | {:.0} | {:.2} | {:.2} | {} |\n",
                r.target,
                r.viewer,
                r.page,
                r.clients,
                r.requests,
                r.errors,
                r.throughput,
                r.p50_ms,
                r.p99_ms,
                r.of_ceiling
                    .map_or_else(|| "—".to_owned(), |f| format!("{:.1} %", f * 100.0))
            ));
        }
        out.push_str("\n| store | target | measured | met |\n| --- | --- | --- | --- |\n");
        for t in &self.targets {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                t.store,
                t.what,
                t.measured,
                if t.met { "yes" } else { "**no**" }
            ));
        }
        let errors: Vec<String> = self
            .rows
            .iter()
            .filter_map(|r| {
                r.first_error
                    .as_ref()
                    .map(|e| format!("{} {} {} ×{}: {e}", r.target, r.viewer, r.page, r.clients))
            })
            .collect();
        if !errors.is_empty() {
            out.push_str("\nFirst error of each run with errors:\n");
            for e in errors {
                out.push_str(&format!("- {e}\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&values, 50.0), 50.0);
        assert_eq!(percentile(&values, 99.0), 99.0);
        assert_eq!(percentile(&[7], 99.0), 7.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    #[test]
    fn urbis_rows_are_related_to_the_ceiling_at_the_same_clients() {
        let row = |target: &str, clients, throughput| Row {
            target: target.to_owned(),
            viewer: "anonymous".to_owned(),
            page: "/".to_owned(),
            clients,
            requests: 1,
            errors: 0,
            throughput,
            p50_ms: 0.0,
            p99_ms: 0.0,
            of_ceiling: None,
            first_error: None,
        };
        let mut report = Report {
            cores: 2,
            scale: 1,
            seed: 1,
            records: 0,
            seconds: 1,
            load_average: (0.0, 0.0),
            servers: Vec::new(),
            targets: Vec::new(),
            rows: vec![
                row("ceiling", 1, 1000.0),
                row("ceiling", 16, 4000.0),
                row("sqlite", 16, 1000.0),
                row("sqlite", 64, 1000.0),
            ],
        };
        report.relate_to_ceiling();
        assert_eq!(report.rows[2].of_ceiling, Some(0.25));
        assert_eq!(report.rows[3].of_ceiling, None);
        assert!(report.markdown().contains("25.0 %"));
    }

    #[test]
    fn targets_are_judged_by_the_worst_row_per_store() {
        let row = |viewer: &str, page: &str, clients, throughput, p99_ms, of_ceiling| Row {
            target: "sqlite".to_owned(),
            viewer: viewer.to_owned(),
            page: page.to_owned(),
            clients,
            requests: 10,
            errors: 0,
            throughput,
            p50_ms: 1.0,
            p99_ms,
            of_ceiling,
            first_error: None,
        };
        let report = Report {
            cores: 2,
            scale: 1,
            seed: 1,
            records: 0,
            seconds: 1,
            load_average: (0.0, 0.0),
            servers: vec![Server {
                store: "sqlite".to_owned(),
                load_seconds: 1.0,
                cold_start_ms: 300.0,
                rss_start_mib: 20.0,
                rss_end_mib: 40.0,
                rss_peak_mib: 120.0,
                skipped: Vec::new(),
                overbooking: Some(Overbooking {
                    events: 2,
                    registrations: 50,
                    overbooked_events: 0,
                }),
            }],
            rows: vec![
                row("anonymous", "/", 64, 20_000.0, 9.0, Some(0.40)),
                row("anonymous", "/events", 64, 9_000.0, 9.0, Some(0.20)),
                row("anonymous", "/", 8, 9_000.0, 4.0, None),
                row("anonymous", "/events", 8, 9_000.0, 12.5, None),
                row("member", "/members", 8, 9_000.0, 50.0, None),
                row("guest", "POST", 1, 300.0, 3.0, None),
                row("guest", "POST", 16, 700.0, 30.0, None),
                row("staff", "/admin/report?format=pdf", 1, 2.0, 900.0, None),
            ],
            targets: Vec::new(),
        };
        let targets = report.judge();
        let verdict = |start: &str| {
            let target = targets.iter().find(|t| t.what.starts_with(start));
            target.map(|t| (t.measured.clone(), t.met))
        };
        assert_eq!(
            verdict("public pages ≥ 25"),
            Some(("20.0 % on `/events`".to_owned(), false))
        );
        // Members' pages are not public: the 50 ms of /members does not decide.
        assert_eq!(
            verdict("public pages p99"),
            Some(("12.50 ms on `/events`".to_owned(), false))
        );
        assert_eq!(
            verdict("registrations"),
            Some(("700/s with 16 clients".to_owned(), true))
        );
        assert_eq!(verdict("no overbooking").map(|v| v.1), Some(true));
        assert_eq!(verdict("report PDF").map(|v| v.1), Some(true));
        assert_eq!(verdict("RSS").map(|v| v.1), Some(false));
        assert_eq!(verdict("cold start").map(|v| v.1), Some(true));
        assert_eq!(verdict("search"), None, "no search rows, no verdict");
    }
}
