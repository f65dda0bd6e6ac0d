//! What an operator sees: Prometheus metrics per route and a request id on every answer,
//! readiness per part.

use crate::common;
use crate::common::{browser, start};

#[tokio::test]
async fn metrics_count_requests_per_route_and_every_answer_has_a_request_id() {
    let site = start(urbis_testkit::sqlite()).await;
    let client = browser();
    for _ in 0..3 {
        let response = client.get(site.url("/login")).send().await.unwrap();
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(id.len(), 36, "a UUID request id: {id}");
    }
    client.get(site.url("/nothing-here")).send().await.unwrap();
    let metrics = client
        .get(site.url("/metrics"))
        .bearer_auth(common::METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert!(
        metrics.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("openmetrics")
    );
    let text = metrics.text().await.unwrap();
    assert!(
        text.contains(r#"urbis_http_requests_total{method="GET",route="/login",status="2xx"} 3"#),
        "{text}"
    );
    assert!(
        text.contains(
            r#"urbis_http_request_duration_seconds_count{method="GET",route="/login",status="2xx"} 3"#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"urbis_db_connections{pool="write"}"#),
        "{text}"
    );
    assert!(text.contains("urbis_outbox_queued 0"), "{text}");
    assert!(
        !text.contains("nothing-here"),
        "unmatched paths do not become labels"
    );
}

/// One sample of the text format: metric name, labels, value.
type Sample = (String, Vec<(String, String)>, f64);

/// Parses the Prometheus/OpenMetrics text format strictly enough to catch a malformed line:
/// comments are `# HELP|TYPE|UNIT name …` or `# EOF`; every other line is
/// `name{label="value",…} number`.
fn parse_exposition(text: &str) -> Vec<Sample> {
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
            && !n.starts_with(|c: char| c.is_ascii_digit())
    };
    let mut samples = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        if let Some(comment) = line.strip_prefix("# ") {
            let mut words = comment.split(' ');
            let kind = words.next().unwrap_or_default();
            assert!(
                kind == "EOF"
                    || (["HELP", "TYPE", "UNIT"].contains(&kind)
                        && words.next().is_some_and(name_ok)),
                "a bad comment line: {line}"
            );
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            v => v.parse().unwrap_or_else(|_| panic!("a bad value: {line}")),
        };
        let (name, labels) = match series.split_once('{') {
            Some((name, rest)) => {
                let inner = rest
                    .strip_suffix('}')
                    .unwrap_or_else(|| panic!("unclosed labels: {line}"));
                let mut labels = Vec::new();
                let mut rest = inner;
                while !rest.is_empty() {
                    let (key, after) = rest
                        .split_once("=\"")
                        .unwrap_or_else(|| panic!("a bad label: {line}"));
                    assert!(name_ok(key), "a bad label name: {line}");
                    let end = after
                        .find('"')
                        .unwrap_or_else(|| panic!("an unclosed label value: {line}"));
                    labels.push((key.to_owned(), after[..end].to_owned()));
                    rest = after[end + 1..].trim_start_matches(',');
                }
                (name, labels)
            }
            None => (series, Vec::new()),
        };
        assert!(name_ok(name), "a bad metric name: {line}");
        samples.push((name.to_owned(), labels, value));
    }
    samples
}

/// Every family an operator's alerts and dashboard use is there, and the whole exposition
/// parses: requests and latency per route and status, pools, outbox, search, caches,
/// readiness, disks, the version.
#[tokio::test]
async fn every_metric_family_is_present_and_parseable() {
    let site = start(urbis_testkit::sqlite()).await;
    let client = browser();
    client.get(site.url("/events")).send().await.unwrap();
    client.get(site.url("/events")).send().await.unwrap();
    let text = client
        .get(site.url("/metrics"))
        .bearer_auth(common::METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.trim_end().ends_with("# EOF"), "{text}");
    let samples = parse_exposition(&text);
    let value = |name: &str, labels: &[(&str, &str)]| {
        samples
            .iter()
            .find(|(n, l, _)| {
                n == name
                    && labels
                        .iter()
                        .all(|(k, v)| l.iter().any(|(lk, lv)| lk == k && lv == v))
            })
            .map_or_else(|| panic!("no {name} {labels:?} in {text}"), |(_, _, v)| *v)
    };
    assert_eq!(
        value(
            "urbis_http_requests_total",
            &[("route", "/events"), ("status", "2xx")]
        ),
        2.0
    );
    assert_eq!(
        value(
            "urbis_http_request_duration_seconds_count",
            &[("route", "/events"), ("status", "2xx")]
        ),
        2.0
    );
    value(
        "urbis_http_request_duration_seconds_bucket",
        &[("route", "/events"), ("le", "+Inf")],
    );
    value(
        "urbis_http_request_duration_seconds_sum",
        &[("route", "/events")],
    );
    value("urbis_db_connections", &[("pool", "read")]);
    value("urbis_db_connections_idle", &[("pool", "write")]);
    assert_eq!(value("urbis_outbox_queued", &[]), 0.0);
    for status in ["queued", "due", "sending", "failed"] {
        value("urbis_outbox_mails", &[("status", status)]);
    }
    assert_eq!(value("urbis_outbox_oldest_due_age_seconds", &[]), 0.0);
    assert!(value("urbis_search_index_documents", &[]) > 0.0);
    value("urbis_search_index_lag", &[]);
    assert_eq!(
        value("urbis_page_cache_misses_total", &[]),
        1.0,
        "the first /events"
    );
    assert_eq!(
        value("urbis_page_cache_hits_total", &[]),
        1.0,
        "the second /events"
    );
    assert!(value("urbis_page_cache_bytes", &[]) > 0.0);
    assert_eq!(value("urbis_page_cache_entries", &[]), 1.0);
    value("urbis_read_cache_entries", &[]);
    assert_eq!(
        value("urbis_report_pdfs_kept_bytes", &[]),
        0.0,
        "no report made yet"
    );
    for part in ["database", "files", "search"] {
        assert_eq!(value("urbis_ready", &[("part", part)]), 1.0, "{part}");
    }
    assert!(value("urbis_disk_free_bytes", &[("place", "files")]) > 0.0);
    assert!(value("urbis_disk_size_bytes", &[("place", "files")]) > 0.0);
    value(
        "urbis_build_info",
        &[("version", env!("CARGO_PKG_VERSION"))],
    );
    assert!(
        !samples
            .iter()
            .any(|(n, _, _)| n == "urbis_backup_last_success_timestamp_seconds"),
        "no backup figure without a backup directory"
    );

    // A due mail waiting shows in the figures.
    let mut mail = urbis_testkit::store::OutgoingMail {
        id: urbis_domain::Id::new(),
        forum: None,
        recipient: "someone@example.org".into(),
        language: urbis_domain::Lang::De,
        subject: "Hallo".into(),
        text_body: "Text".into(),
        html_body: "<p>Text</p>".into(),
        attachments: Vec::new(),
        dedupe_key: None,
        not_before: None,
    };
    site.store.enqueue_mail(&mail).await.unwrap();
    mail.id = urbis_domain::Id::new();
    mail.not_before = Some(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48));
    site.store.enqueue_mail(&mail).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let text = client
        .get(site.url("/metrics"))
        .bearer_auth(common::METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let samples = parse_exposition(&text);
    let figure = |status: &str| {
        samples
            .iter()
            .find(|(n, l, _)| n == "urbis_outbox_mails" && l.iter().any(|(_, v)| v == status))
            .map(|(_, _, v)| *v)
    };
    assert_eq!(
        (figure("queued"), figure("due")),
        (Some(2.0), Some(1.0)),
        "{text}"
    );
    let waited = samples
        .iter()
        .find(|(n, _, _)| n == "urbis_outbox_oldest_due_age_seconds")
        .map(|(_, _, v)| *v)
        .unwrap_or_default();
    assert!(waited >= 1.0, "{text}");
}

/// `/readyz` names each part: all up normally (200); the file storage's directory replaced
/// by a plain file (nothing can be written there, not even as root) makes it 503 naming
/// `files`, while `/healthz` still answers.
#[tokio::test]
async fn readyz_names_each_part_and_fails_when_files_cannot_be_written() {
    let site = start(urbis_testkit::sqlite()).await;
    let client = browser();
    let ready = client.get(site.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = serde_json::from_str(&ready.text().await.unwrap()).unwrap();
    assert_eq!(body["status"], "up", "{body}");
    for part in ["database", "files", "search"] {
        assert_eq!(body["parts"][part]["status"], "up", "{body}");
    }
    let dir = site.files_dir.path().to_owned();
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(&dir, b"not a directory").unwrap();
    let ready = client.get(site.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    let body: serde_json::Value = serde_json::from_str(&ready.text().await.unwrap()).unwrap();
    assert_eq!(body["status"], "down", "{body}");
    assert_eq!(body["parts"]["files"]["status"], "down", "{body}");
    assert_eq!(body["parts"]["database"]["status"], "up", "{body}");
    let live = client.get(site.url("/healthz")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    std::fs::remove_file(&dir).unwrap();
    std::fs::create_dir(&dir).unwrap();
    assert_eq!(
        client
            .get(site.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}
