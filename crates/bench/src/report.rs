//! Figures from the measurements, and the report: a Markdown table and JSON.

use serde::Serialize;

use crate::load::Measured;

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

/// True for a page a person opens (not the search, not the API, not the report download).
fn is_page(path: &str) -> bool {
    !path.starts_with("/search") && !path.starts_with("/api/") && !path.contains("format=")
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
    /// Each target of the performance issues, per store and scale: met or missed, with the
    /// deciding figure.
    pub fn judge(&self) -> Vec<Target> {
        let mut targets = Vec::new();
        for server in &self.servers {
            let (store, scale) = (server.store.as_str(), server.scale);
            let ours = || {
                self.rows
                    .iter()
                    .filter(move |r| r.target == store && r.scale == scale)
            };
            let public_pages =
                || ours().filter(|r| r.viewer == "anonymous" && !r.page.starts_with("/search"));
            let member_pages = || ours().filter(|r| r.viewer == "member" && is_page(&r.page));
            let mut push = |what: &str, measured: String, met: bool| {
                targets.push(Target {
                    store: store.to_owned(),
                    scale,
                    what: what.to_owned(),
                    measured,
                    met,
                });
            };
            let lowest_share = |rows: Vec<&Row>| {
                worst(rows.into_iter(), |r| r.of_ceiling.unwrap_or(0.0), false).map(|row| {
                    let share = row.of_ceiling.unwrap_or(0.0);
                    (format!("{:.1} % on `{}`", share * 100.0, row.page), share)
                })
            };
            let highest_p99 = |rows: Vec<&Row>| {
                worst(rows.into_iter(), |r| r.p99_ms, true).map(|row| {
                    (
                        format!("{:.2} ms on `{}`", row.p99_ms, row.page),
                        row.p99_ms,
                    )
                })
            };
            if let Some((measured, share)) =
                lowest_share(public_pages().filter(|r| r.clients == 64).collect())
            {
                push(
                    "public pages ≥ 25 % of the ceiling at 64 clients (the lowest)",
                    measured,
                    share >= 0.25,
                );
            }
            if let Some((measured, p99)) =
                highest_p99(public_pages().filter(|r| r.clients == 8).collect())
            {
                push(
                    "public pages p99 ≤ 10 ms at 8 clients (the highest)",
                    measured,
                    p99 <= 10.0,
                );
            }
            if let Some((measured, share)) =
                lowest_share(member_pages().filter(|r| r.clients == 64).collect())
            {
                push(
                    "member pages ≥ 10 % of the ceiling at 64 clients (the lowest)",
                    measured,
                    share >= 0.10,
                );
            }
            if let Some((measured, p99)) =
                highest_p99(member_pages().filter(|r| r.clients == 8).collect())
            {
                push(
                    "member pages p99 ≤ 15 ms at 8 clients (the highest)",
                    measured,
                    p99 <= 15.0,
                );
            }
            if let Some(smaller) = self.scale_before(scale) {
                let kept = member_pages()
                    .filter(|r| r.clients == 64)
                    .filter_map(|row| {
                        let before = self.rows.iter().find(|b| {
                            b.target == store
                                && b.scale == smaller
                                && b.viewer == row.viewer
                                && b.page == row.page
                                && b.clients == row.clients
                        })?;
                        (before.throughput > 0.0)
                            .then(|| (row.page.clone(), row.throughput / before.throughput))
                    })
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((page, kept)) = kept {
                    push(
                        &format!(
                            "each member page at ×{scale} ≥ 50 % of its own throughput at ×{smaller}, 64 clients (the lowest)"
                        ),
                        format!("{:.0} % on `{page}`", kept * 100.0),
                        kept >= 0.5,
                    );
                }
            }
            if let Some((measured, share)) = lowest_share(
                ours()
                    .filter(|r| r.viewer == UNCACHED && r.clients == 64)
                    .collect(),
            ) {
                push(
                    "anonymous pages without the page cache ≥ 10 % of the ceiling at 64 clients (the lowest)",
                    measured,
                    share >= 0.10,
                );
            }
            if let Some((measured, p99)) = highest_p99(
                ours()
                    .filter(|r| r.viewer == "staff" && is_page(&r.page) && r.clients == 8)
                    .collect(),
            ) {
                push(
                    "back-office lists p99 ≤ 50 ms at 8 clients (the highest)",
                    measured,
                    p99 <= 50.0,
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
                    "report PDF ≤ 0.5 s (p99)",
                    format!("{:.0} ms ({} made)", row.p99_ms, row.requests),
                    row.requests > 0 && row.p99_ms <= 500.0,
                );
            }
            push(
                "RSS ≤ 150 MB after the load",
                format!("{:.1} MiB", server.rss_end_mib),
                server.rss_end_mib * 1.048_576 <= 150.0,
            );
            push(
                "cold start < 1 s",
                format!("{:.0} ms", server.cold_start_ms),
                server.cold_start_ms < 1000.0,
            );
        }
        targets
    }

    /// The scale measured just before `scale` in the sweep (the next smaller one).
    fn scale_before(&self, scale: u32) -> Option<u32> {
        self.scales
            .iter()
            .map(|s| s.scale)
            .filter(|&s| s < scale)
            .max()
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
        let mut out = String::from("# urbis load benchmark\n\n");
        out.push_str(&self.servers_table());
        out.push_str(
            "\n| target | scale | viewer | page | clients | requests | errors | req/s | p50 ms | p99 ms | of ceiling |\n\
             | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
        );
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | {} | {} | `{}` | {} | {} | {} | {:.0} | {:.2} | {:.2} | {} |\n",
                r.target,
                r.scale,
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
        out.push_str(&self.targets_table());
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

impl Report {
    /// What was measured on: the machine, the scales, and each server's load, start and memory.
    fn servers_table(&self) -> String {
        let scales: Vec<String> = self
            .scales
            .iter()
            .map(|s| format!("×{} ({} records)", s.scale, s.records))
            .collect();
        let mut out = format!(
            "{} cores shared by the load generator, the ceiling server and urbis; demo network {} \
             (seed {}); {} s per run; load average {:.2} before, {:.2} after.\n\n",
            self.cores,
            scales.join(", "),
            self.seed,
            self.seconds,
            self.load_average.0,
            self.load_average.1
        );
        out.push_str(
            "| store | scale | load `urbis demo` | cold start | RSS after start | RSS after load | RSS peak |\n\
             | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
        );
        for s in &self.servers {
            out.push_str(&format!(
                "| {} | ×{} | {:.1} s | {:.0} ms | {:.1} MiB | {:.1} MiB | {:.1} MiB |\n",
                s.store,
                s.scale,
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
                    "\nSkipped on {} ×{}: {}\n",
                    s.store,
                    s.scale,
                    s.skipped.join("; ")
                ));
            }
        }
        out
    }

    /// Each target, met or missed, per store and scale.
    fn targets_table(&self) -> String {
        let mut out = String::from(
            "\n| store | scale | target | measured | met |\n| --- | ---: | --- | --- | --- |\n",
        );
        for t in &self.targets {
            out.push_str(&format!(
                "| {} | ×{} | {} | {} | {} |\n",
                t.store,
                t.scale,
                t.what,
                t.measured,
                if t.met { "yes" } else { "**no**" }
            ));
        }
        out
    }

    /// Each page across the scales, per store: requests per second at 64 clients, with its
    /// share of the ceiling, and p99 at 8 clients; then the servers and the targets. What the
    /// README shows.
    pub fn summary(&self) -> String {
        let mut out = self.servers_table();
        let ceiling = |clients: usize| {
            self.rows
                .iter()
                .find(|r| r.target == "ceiling" && r.clients == clients)
                .map_or_else(|| "—".to_owned(), |r| format!("{:.0}", r.throughput))
        };
        out.push_str(&format!(
            "\nThe ceiling (a fixed page from a minimal axum server) served {} requests/s at 64 clients.\n",
            ceiling(64)
        ));
        let mut stores: Vec<&str> = Vec::new();
        for server in &self.servers {
            if !stores.contains(&server.store.as_str()) {
                stores.push(&server.store);
            }
        }
        for store in stores {
            let mut lines: Vec<(&str, &str)> = Vec::new();
            for row in self.rows.iter().filter(|r| r.target == store) {
                if !lines.contains(&(row.viewer.as_str(), row.page.as_str())) {
                    lines.push((&row.viewer, &row.page));
                }
            }
            out.push_str(&format!(
                "\n{store}: requests/s at 64 clients (share of the ceiling) · p99 at 8 clients\n\n| viewer | page |"
            ));
            for scale in &self.scales {
                out.push_str(&format!(" ×{} |", scale.scale));
            }
            out.push_str("\n| --- | --- |");
            for _ in &self.scales {
                out.push_str(" ---: |");
            }
            out.push('\n');
            for (viewer, page) in lines {
                out.push_str(&format!("| {viewer} | `{page}` |"));
                for scale in &self.scales {
                    let at = |clients: usize| {
                        self.rows.iter().find(|r| {
                            r.target == store
                                && r.scale == scale.scale
                                && r.viewer == viewer
                                && r.page == page
                                && r.clients == clients
                        })
                    };
                    let busy = at(64).map(|r| match r.of_ceiling {
                        Some(share) => format!("{:.0}/s ({:.1} %)", r.throughput, share * 100.0),
                        None => format!("{:.0}/s", r.throughput),
                    });
                    let calm = at(8).map(|r| format!("{:.1} ms", r.p99_ms));
                    let cell = match (busy, calm) {
                        (Some(busy), Some(calm)) => format!("{busy} · {calm}"),
                        (Some(one), None) | (None, Some(one)) => one,
                        (None, None) => at(1).map_or_else(
                            || "—".to_owned(),
                            |r| {
                                format!("{:.0}/s · p99 {:.0} ms (1 client)", r.throughput, r.p99_ms)
                            },
                        ),
                    };
                    out.push_str(&format!(" {cell} |"));
                }
                out.push('\n');
            }
        }
        out.push_str(&self.targets_table());
        out
    }
}

/// The start and end markers of the benchmark's part of a Markdown file.
const MARKERS: (&str, &str) = ("<!-- bench:start -->", "<!-- bench:end -->");

/// `text` with what stands between its benchmark markers replaced by `summary`; an error that
/// says what is missing when the markers are not there, once each, in order.
pub fn replace_between_markers(text: &str, summary: &str) -> Result<String, String> {
    let (start, end) = MARKERS;
    let missing =
        || format!("--readme: the file needs a line `{start}` and, after it, a line `{end}`");
    if text.matches(start).count() != 1 || text.matches(end).count() != 1 {
        return Err(missing());
    }
    let (before, rest) = text.split_once(start).ok_or_else(missing)?;
    let (_, after) = rest.split_once(end).ok_or_else(missing)?;
    Ok(format!(
        "{before}{start}\n{}\n{end}{after}",
        summary.trim_end()
    ))
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

    /// A row of the store `target` at `scale`.
    fn row(target: &str, scale: u32, viewer: &str, page: &str, clients: usize) -> Row {
        Row {
            target: target.to_owned(),
            scale,
            viewer: viewer.to_owned(),
            page: page.to_owned(),
            clients,
            requests: 10,
            errors: 0,
            throughput: 1000.0,
            p50_ms: 1.0,
            p99_ms: 1.0,
            of_ceiling: None,
            first_error: None,
        }
    }

    fn server(scale: u32, rss_end_mib: f64) -> Server {
        Server {
            store: "sqlite".to_owned(),
            scale,
            load_seconds: 1.0,
            cold_start_ms: 300.0,
            rss_start_mib: 20.0,
            rss_end_mib,
            rss_peak_mib: 120.0,
            skipped: Vec::new(),
            overbooking: Some(Overbooking {
                events: 2,
                registrations: 50,
                overbooked_events: 0,
            }),
        }
    }

    fn report(scales: &[u32], servers: Vec<Server>, rows: Vec<Row>) -> Report {
        Report {
            cores: 2,
            scales: scales
                .iter()
                .map(|&scale| Scale {
                    scale,
                    records: 100 * scale as usize,
                })
                .collect(),
            seed: 1,
            seconds: 1,
            load_average: (0.0, 0.0),
            servers,
            rows,
            targets: Vec::new(),
        }
    }

    #[test]
    fn urbis_rows_are_related_to_the_ceiling_at_the_same_clients() {
        let with = |mut row: Row, throughput| {
            row.throughput = throughput;
            row
        };
        let mut report = report(
            &[1],
            Vec::new(),
            vec![
                with(row("ceiling", 0, "anonymous", "/", 1), 1000.0),
                with(row("ceiling", 0, "anonymous", "/", 16), 4000.0),
                with(row("sqlite", 1, "anonymous", "/", 16), 1000.0),
                with(row("sqlite", 1, "anonymous", "/", 64), 1000.0),
            ],
        );
        report.relate_to_ceiling();
        assert_eq!(report.rows[2].of_ceiling, Some(0.25));
        assert_eq!(report.rows[3].of_ceiling, None);
        assert!(report.markdown().contains("25.0 %"));
    }

    #[test]
    fn targets_are_judged_by_the_worst_row_per_store_and_scale() {
        let figures = |mut row: Row, throughput, p99_ms, of_ceiling| {
            row.throughput = throughput;
            row.p99_ms = p99_ms;
            row.of_ceiling = of_ceiling;
            row
        };
        let at = |scale, viewer, page, clients, throughput, p99_ms, of_ceiling| {
            figures(
                row("sqlite", scale, viewer, page, clients),
                throughput,
                p99_ms,
                of_ceiling,
            )
        };
        let rows = vec![
            at(10, "member", "/events", 64, 4_000.0, 9.0, Some(0.3)),
            at(10, "member", "/members", 64, 2_000.0, 9.0, Some(0.2)),
            at(100, "anonymous", "/", 64, 20_000.0, 9.0, Some(0.40)),
            at(100, "anonymous", "/events", 64, 9_000.0, 9.0, Some(0.20)),
            at(100, "anonymous", "/", 8, 9_000.0, 4.0, None),
            at(100, "anonymous", "/events", 8, 9_000.0, 12.5, None),
            at(100, "member", "/events", 64, 3_000.0, 9.0, Some(0.15)),
            at(100, "member", "/members", 64, 800.0, 9.0, Some(0.05)),
            at(100, "member", "/members", 8, 800.0, 50.0, None),
            // Not pages: the search and the API do not decide the member pages' targets.
            at(100, "member", "/search?q=x", 64, 10.0, 900.0, Some(0.001)),
            at(
                100,
                "member",
                "/api/v1/events?limit=50",
                8,
                10.0,
                900.0,
                None,
            ),
            at(100, UNCACHED, "/events", 64, 2_000.0, 9.0, Some(0.12)),
            at(100, "staff", "/admin/people", 8, 100.0, 60.0, None),
            at(100, "guest", "POST", 1, 300.0, 3.0, None),
            at(100, "guest", "POST", 16, 700.0, 30.0, None),
            at(
                100,
                "staff",
                "/admin/report?format=pdf",
                1,
                2.0,
                400.0,
                None,
            ),
        ];
        let report = report(&[10, 100], vec![server(10, 90.0), server(100, 160.0)], rows);
        let targets = report.judge();
        let verdict = |scale: u32, start: &str| {
            let target = targets
                .iter()
                .find(|t| t.scale == scale && t.what.starts_with(start));
            target.map(|t| (t.measured.clone(), t.met))
        };
        let at_100 = |start: &str| verdict(100, start);
        assert_eq!(
            at_100("public pages ≥ 25"),
            Some(("20.0 % on `/events`".to_owned(), false))
        );
        // Members' pages are not public: the 50 ms of /members does not decide.
        assert_eq!(
            at_100("public pages p99"),
            Some(("12.50 ms on `/events`".to_owned(), false))
        );
        assert_eq!(
            at_100("member pages ≥ 10"),
            Some(("5.0 % on `/members`".to_owned(), false))
        );
        assert_eq!(
            at_100("member pages p99"),
            Some(("50.00 ms on `/members`".to_owned(), false))
        );
        // /members kept 800 of its 2000 requests/s: 40 %; /events 75 %.
        assert_eq!(
            at_100("each member page at ×100"),
            Some(("40 % on `/members`".to_owned(), false))
        );
        assert_eq!(verdict(10, "each member page"), None, "nothing smaller");
        assert_eq!(
            at_100("anonymous pages without"),
            Some(("12.0 % on `/events`".to_owned(), true))
        );
        assert_eq!(
            at_100("back-office lists"),
            Some(("60.00 ms on `/admin/people`".to_owned(), false))
        );
        assert_eq!(
            at_100("registrations"),
            Some(("700/s with 16 clients".to_owned(), true))
        );
        assert_eq!(at_100("no overbooking").map(|v| v.1), Some(true));
        assert_eq!(at_100("report PDF").map(|v| v.1), Some(true));
        assert_eq!(at_100("RSS").map(|v| v.1), Some(false));
        assert_eq!(verdict(10, "RSS").map(|v| v.1), Some(true));
        assert_eq!(at_100("cold start").map(|v| v.1), Some(true));
        assert_eq!(
            at_100("search"),
            None,
            "no search row at 8 clients, no verdict"
        );
        let summary = report.summary();
        assert!(
            summary.contains("| member | `/members` | 2000/s (20.0 %) | 800/s (5.0 %) · 50.0 ms |"),
            "{summary}"
        );
    }

    #[test]
    fn the_summary_goes_between_the_markers_and_nowhere_else() {
        let text = "# Title\n\n<!-- bench:start -->\nold\n<!-- bench:end -->\n\nAfter.\n";
        let done = replace_between_markers(text, "new table\n").unwrap();
        assert_eq!(
            done,
            "# Title\n\n<!-- bench:start -->\nnew table\n<!-- bench:end -->\n\nAfter.\n"
        );
        for wrong in [
            "no markers",
            "<!-- bench:end --> <!-- bench:start -->",
            "<!-- bench:start --> <!-- bench:start --> <!-- bench:end -->",
        ] {
            assert!(replace_between_markers(wrong, "x").is_err(), "{wrong}");
        }
    }
}
