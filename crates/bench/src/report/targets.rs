//! The targets of the performance issues judged against the run: met or missed, by the worst
//! row that decides each.

use super::{FIRST_REPORT, Report, Row, Target, UNCACHED};

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
            let report =
                |viewer: &str| ours().find(|r| r.viewer == viewer && r.page.contains("format=pdf"));
            if let Some(row) = report(FIRST_REPORT) {
                push(
                    "report PDF ≤ 0.5 s, first download (typesets the year)",
                    format!("{:.0} ms", row.p99_ms),
                    row.requests > 0 && row.p99_ms <= 500.0,
                );
            }
            if let Some(row) = report("staff") {
                push(
                    "report PDF ≤ 0.5 s (p99), downloaded again",
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
}
