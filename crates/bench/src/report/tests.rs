//! Unit tests of the figures, the targets and the summary.

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
            FIRST_REPORT,
            "/admin/report?format=pdf",
            1,
            0.8,
            1300.0,
            None,
        ),
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
    // The first download typesets the year; the one after it is served as made.
    assert_eq!(
        at_100("report PDF ≤ 0.5 s, first"),
        Some(("1300 ms".to_owned(), false))
    );
    assert_eq!(at_100("report PDF ≤ 0.5 s (p99)").map(|v| v.1), Some(true));
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
