//! What an operator sees: Prometheus metrics per route and a request id on every answer.

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
            r#"urbis_http_request_duration_seconds_count{method="GET",route="/login"} 3"#
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
