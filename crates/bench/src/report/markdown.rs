//! The report as Markdown: the servers, every run, the targets, and the summary that goes
//! into the README between its markers.

use super::Report;

impl Report {
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
