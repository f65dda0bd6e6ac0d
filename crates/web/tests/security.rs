//! The security baseline over real HTTP: CSRF, headers, cookies, body limits, throttling,
//! no account enumeration, forged sessions.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

mod common;

use common::{PASSWORD, Role, Site, browser, csrf_of, start};
use reqwest::StatusCode;

async fn site() -> Site {
    start(urbis_testkit::sqlite()).await
}

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token() {
    let site = site().await;
    let fresh = browser();
    let no_cookie = fresh
        .post(site.url("/login"))
        .form(&[("email", "member@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_cookie.status(), StatusCode::FORBIDDEN);
    assert!(
        no_cookie
            .text()
            .await
            .unwrap()
            .contains("Das Formular ist abgelaufen")
    );

    let client = browser();
    let token = csrf_of(
        &client
            .get(site.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let wrong = client
        .post(site.url("/login"))
        .form(&[
            ("email", "member@example.org"),
            ("password", PASSWORD),
            ("csrf", "x".repeat(43).as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let missing = client
        .post(site.url("/login"))
        .form(&[("email", "member@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    let json = client
        .post(site.url("/login"))
        .header("content-type", "application/json")
        .body(r#"{"email":"member@example.org"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::FORBIDDEN);
    let by_header = client
        .post(site.url("/login"))
        .header("x-csrf-token", &token)
        .form(&[("email", "member@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        by_header.status(),
        StatusCode::SEE_OTHER,
        "the token in a header works too"
    );
}

#[tokio::test]
async fn every_response_has_the_security_headers_and_cookies_are_strict() {
    let site = site().await;
    let client = browser();
    for path in ["/", "/login", "/nothing-here"] {
        let response = client.get(site.url(path)).send().await.unwrap();
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "same-origin");
        assert!(
            headers.get("strict-transport-security").is_none(),
            "no HSTS over plain http"
        );
    }
    let response = browser().get(site.url("/login")).send().await.unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("urbis_csrf=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let page = response.text().await.unwrap();
    let login = browser();
    let token = csrf_of(
        &login
            .get(site.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let logged_in = login
        .post(site.url("/login"))
        .form(&[
            ("email", "member@example.org"),
            ("password", PASSWORD),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    let session = logged_in.headers()["set-cookie"].to_str().unwrap();
    assert!(
        session.starts_with("urbis_session=")
            && session.contains("HttpOnly")
            && session.contains("SameSite=Lax"),
        "{session}"
    );
    let account = login.get(site.url("/account")).send().await.unwrap();
    assert_eq!(
        account.headers()["cache-control"],
        "no-store",
        "private pages are not cached"
    );
    assert!(page.contains("<html lang=\"de\">"));
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let site = site().await;
    let client = browser();
    let token = csrf_of(
        &client
            .get(site.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let huge = "a".repeat(300 * 1024);
    let response = client
        .post(site.url("/login"))
        .form(&[("email", huge.as_str()), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn login_failures_look_alike_and_floods_are_slowed() {
    let site = site().await;
    let client = browser();
    let token = csrf_of(
        &client
            .get(site.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let attempt = |email: &'static str| {
        let client = client.clone();
        let url = site.url("/login");
        let token = token.clone();
        async move {
            let response = client
                .post(url)
                .form(&[
                    ("email", email),
                    ("password", "wrong password!"),
                    ("csrf", &token),
                ])
                .send()
                .await
                .unwrap();
            let status = response.status();
            let retry = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            let body = response.text().await.unwrap();
            let alert = body
                .split("role=\"alert\"")
                .nth(1)
                .unwrap_or_default()
                .split("</p>")
                .next()
                .unwrap_or_default()
                .to_owned();
            (status, retry, alert)
        }
    };
    let known = attempt("member@example.org").await;
    let unknown = attempt("nobody@example.org").await;
    assert_eq!(known.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        (known.0, &known.2),
        (unknown.0, &unknown.2),
        "no one learns which accounts exist"
    );
    for _ in 0..4 {
        attempt("member@example.org").await;
        attempt("nobody@example.org").await;
    }
    let (status, retry, alert) = attempt("member@example.org").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry.is_some() && alert.contains("Sekunden"), "{alert}");
    let (status_unknown, _, _) = attempt("nobody@example.org").await;
    assert_eq!(
        status_unknown,
        StatusCode::TOO_MANY_REQUESTS,
        "unknown accounts are throttled alike"
    );
}

#[tokio::test]
async fn forged_and_ended_sessions_are_anonymous() {
    let site = site().await;
    let client = browser();
    let forged = client
        .get(site.url("/account"))
        .header("cookie", format!("urbis_session={}", "A".repeat(43)))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::SEE_OTHER);
    let member = site.client(Role::Member).await;
    assert_eq!(
        member
            .get(site.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let token = csrf_of(
        &member
            .get(site.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let out = member
        .post(site.url("/logout"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        member
            .get(site.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_office_cannot_skip_the_second_factor() {
    let site = site().await;
    let client = browser();
    let token = csrf_of(
        &client
            .get(site.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let response = client
        .post(site.url("/login"))
        .form(&[
            ("email", "staff@example.org"),
            ("password", PASSWORD),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/login/code");
    let collections = client
        .get(site.url("/collections"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !collections.contains("MARKER-STAFF-COLLECTION"),
        "without the code the office sees nothing more"
    );
    assert!(!collections.contains("MARKER-MEMBERS-COLLECTION"));
    assert_eq!(
        client
            .get(site.url("/account"))
            .send()
            .await
            .unwrap()
            .headers()["location"],
        "/login/code"
    );
}

#[tokio::test]
async fn a_reset_mail_is_queued_only_for_real_accounts() {
    let site = site().await;
    let client = browser();
    let token = csrf_of(
        &client
            .get(site.url("/password/forgot"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let before = site.store.outbox_len().await.unwrap();
    let mut answers = Vec::new();
    for email in ["member@example.org", "nobody@example.org"] {
        let response = client
            .post(site.url("/password/forgot"))
            .form(&[("email", email), ("csrf", &token)])
            .send()
            .await
            .unwrap();
        answers.push((response.status(), response.text().await.unwrap()));
    }
    assert_eq!(
        answers[0], answers[1],
        "the answer does not tell whether the account exists"
    );
    assert_eq!(site.store.outbox_len().await.unwrap(), before + 1);
}

#[tokio::test]
async fn hostile_query_strings_are_harmless() {
    let site = site().await;
    let client = browser();
    for query in [
        "?lang=<script>alert(1)</script>",
        "?lang=",
        "?lang=xx&lang=en",
        "?next=//evil.example",
    ] {
        let response = client
            .get(site.url(&format!("/login{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("<script>"), "{query}");
    }
}
