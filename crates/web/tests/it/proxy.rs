//! What the proxies in front may tell urbis: from a trusted proxy, `X-Forwarded-For` names the
//! client that throttles and the request log count, `X-Forwarded-Host` the forum addressed and
//! `X-Request-Id` the request; from anyone else these headers change nothing, and nonsense in
//! them is ignored, never a server error.

use reqwest::{Client, StatusCode};
use serde_json::json;
use urbis_domain::Record;
use urbis_domain::events::Event;

use crate::common::{Site, browser, csrf_of, default_security, start, start_trusting};

/// A site that believes the proxy on 127.0.0.1 (where the tests connect from).
async fn behind_proxy() -> Site {
    let mut security = default_security();
    security.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    start_trusting(urbis_testkit::sqlite(), security).await
}

/// An upcoming public event that takes guests.
async fn guest_event(site: &Site) -> Event {
    let mut event: Event = serde_json::from_value(json!({
        "kind": "webinar", "title": {"de": "Offenes Webinar", "en": "Open webinar"},
        "start": "2099-03-02T10:00", "end": "2099-03-02T12:00", "format": "online",
        "status": "planned", "access": "public", "registration": {},
    }))
    .unwrap();
    event.set_forum(site.forum.clone());
    site.store.insert(&event).await.unwrap();
    event
}

/// Registers a guest to `event` as the client `forwarded` names.
async fn register(
    site: &Site,
    client: &Client,
    csrf: &str,
    event: &Event,
    i: usize,
    forwarded: &str,
) -> StatusCode {
    client
        .post(site.url(&format!("/events/{}/register", event.id)))
        .header("x-forwarded-for", forwarded)
        .form(&[
            ("name", "Gerd Gast"),
            ("email", &format!("guest{i}@example.org")),
            ("consent", "yes"),
            ("csrf", csrf),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

async fn csrf_for(site: &Site, client: &Client, event: &Event) -> String {
    let page = client
        .get(site.url(&format!("/events/{}", event.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    csrf_of(&page)
}

/// Guest registrations are limited per client address (10 an hour): behind a trusted proxy
/// per forwarded address, so another client behind it is not locked out; from an untrusted
/// peer a changing `X-Forwarded-For` does not dodge the limit.
#[tokio::test]
async fn guest_limits_count_the_forwarded_client_only_behind_trusted_proxies() {
    let site = behind_proxy().await;
    let event = guest_event(&site).await;
    let client = browser();
    let csrf = csrf_for(&site, &client, &event).await;
    let mut statuses = Vec::new();
    for i in 0..11 {
        statuses.push(register(&site, &client, &csrf, &event, i, "203.0.113.5").await);
    }
    assert!(
        statuses[..10].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    let other = register(&site, &client, &csrf, &event, 99, "198.51.100.7").await;
    assert_eq!(other, StatusCode::OK, "another client behind the proxy");

    let site = start(urbis_testkit::sqlite()).await;
    let event = guest_event(&site).await;
    let client = browser();
    let csrf = csrf_for(&site, &client, &event).await;
    let mut statuses = Vec::new();
    for i in 0..11 {
        let forged = format!("192.0.2.{i}");
        statuses.push(register(&site, &client, &csrf, &event, i, &forged).await);
    }
    assert_eq!(
        statuses[10],
        StatusCode::TOO_MANY_REQUESTS,
        "a forged X-Forwarded-For does not dodge the limit: {statuses:?}"
    );
}

/// Nonsense in the forwarding headers, from a trusted proxy or not, is ignored: pages and forms
/// answer as usual, never with a server error.
#[tokio::test]
async fn malformed_forwarding_headers_are_ignored() {
    for site in [behind_proxy().await, start(urbis_testkit::sqlite()).await] {
        let client = browser();
        let csrf = csrf_of(
            &client
                .get(site.url("/login"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        for (i, (name, value)) in [
            ("x-forwarded-for", "not an address, ::zz, 999.1.1.1"),
            ("x-forwarded-for", ""),
            ("x-forwarded-host", "evil/host?x"),
            ("x-forwarded-host", ""),
            ("x-forwarded-proto", "gopher"),
            ("x-request-id", "with spaces and ünïcode"),
        ]
        .into_iter()
        .enumerate()
        {
            let page = client
                .get(site.url("/events"))
                .header(name, value)
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), StatusCode::OK, "{name}: {value}");
            let login = client
                .post(site.url("/login"))
                .header(name, value)
                .form(&[
                    ("email", format!("nobody{i}@example.org").as_str()),
                    ("password", "wrong password!"),
                    ("csrf", csrf.as_str()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(login.status(), StatusCode::UNAUTHORIZED, "{name}: {value}");
            let id = login.headers()["x-request-id"].to_str().unwrap();
            assert_eq!(id.len(), 36, "a fresh id instead of an unusable one: {id}");
        }
    }
}

/// A trusted proxy's `X-Forwarded-Host` picks the forum, whose own address the feed's links
/// use; from an untrusted peer it (and `X-Forwarded-Proto`) changes no link.
#[tokio::test]
async fn forwarded_host_and_proto_shape_links_only_from_trusted_proxies() {
    let feed = |site: &Site, host: &'static str| {
        let url = site.url("/feeds/events.rss");
        async move {
            browser()
                .get(url)
                .header("x-forwarded-host", host)
                .header("x-forwarded-proto", "https")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let trusted = behind_proxy().await;
    let text = feed(&trusted, crate::common::OTHER_HOST).await;
    assert!(text.contains("http://of.localhost"), "{text}");
    assert!(
        !text.contains("https://"),
        "links keep the configured scheme: {text}"
    );

    let untrusted = start(urbis_testkit::sqlite()).await;
    let text = feed(&untrusted, crate::common::OTHER_HOST).await;
    assert!(!text.contains("of.localhost"), "{text}");
    assert!(text.contains("http://localhost"), "{text}");
    let text = feed(&untrusted, "evil.example").await;
    assert!(!text.contains("evil.example"), "{text}");
}

/// Every answer carries a request id: a trusted proxy's, else a new one. (That the request's
/// log line names it is checked on the real binary: `urbis` tests, `operations`.)
#[tokio::test]
async fn request_ids_come_from_trusted_proxies_only() {
    let site = behind_proxy().await;
    let answer = browser()
        .get(site.url("/about"))
        .header("x-request-id", "proxy-id-42")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["x-request-id"], "proxy-id-42");
    let fresh = browser().get(site.url("/about")).send().await.unwrap();
    assert_eq!(fresh.headers()["x-request-id"].len(), 36);

    let untrusted = start(urbis_testkit::sqlite()).await;
    let answer = browser()
        .get(untrusted.url("/about"))
        .header("x-request-id", "forged-id")
        .send()
        .await
        .unwrap();
    let id = answer.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(id, "forged-id");
    assert_eq!(id.len(), 36);
}
