//! The security baseline over real HTTP: CSRF, headers, cookies, body limits, throttling,
//! no account enumeration, forged sessions.

use reqwest::{Client, StatusCode};
use urbis_app::accounts::second_factor::{code_at, new_secret};

use crate::common;
use crate::common::{PASSWORD, Role, Site, browser, csrf_of, start};

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
    // The link is queued off the request path, after the answer.
    let mut queued = site.store.outbox_len().await.unwrap();
    for _ in 0..100 {
        if queued > before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        queued = site.store.outbox_len().await.unwrap();
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
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

/// The CSRF token of a page the client may open.
async fn token_of(site: &Site, client: &Client, path: &str) -> String {
    csrf_of(
        &client
            .get(site.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
}

/// The attack of the probe: after the password, the half-logged-in session posts a new
/// secret with a right code of it. It must neither replace the owner's second factor nor
/// reach anything else; the owner's authenticator still works afterwards.
#[tokio::test]
async fn a_password_alone_cannot_replace_the_second_factor_or_reach_anything() {
    let site = site().await;
    let client = site.client(Role::CodeOwed).await;
    let email = Role::CodeOwed.email().unwrap();
    let user = site.store.user_by_email(email).await.unwrap().unwrap();
    let owners = site.store.secrets(&user.id).await.unwrap();
    let token = token_of(&site, &client, "/login/code").await;

    let intruder = new_secret();
    let seconds = u64::try_from(jiff::Timestamp::now().as_second()).unwrap();
    let code = code_at(&intruder, email, seconds).unwrap();
    let replaced = client
        .post(site.url("/account/second-factor"))
        .form(&[
            ("secret", intruder.as_str()),
            ("code", code.as_str()),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(replaced.status(), StatusCode::SEE_OTHER);
    assert_eq!(replaced.headers()["location"], "/login/code");
    let after = site.store.secrets(&user.id).await.unwrap();
    assert_eq!(
        after.totp_secret, owners.totp_secret,
        "the owner's key stays"
    );
    assert_eq!(after.recovery_codes, owners.recovery_codes);

    for path in [
        "/account/second-factor",
        "/account",
        "/account/data",
        "/account/registrations",
        "/admin",
        "/admin/users",
        "/admin/events",
        "/collections/staff",
        "/",
        "/events",
        "/login",
    ] {
        let response = client.get(site.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(response.headers()["location"], "/login/code", "{path}");
        assert!(response.text().await.unwrap().is_empty(), "{path}");
    }
    let api = client.get(site.url("/api/v1/events")).send().await.unwrap();
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    assert!(api.text().await.unwrap().contains("second-factor-owed"));
    let new_token = client
        .post(site.url("/account/api-tokens"))
        .form(&[("name", "mine"), ("scope", "write"), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(new_token.headers()["location"], "/login/code");
    assert!(site.store.api_tokens_of(&user.id).await.unwrap().is_empty());

    // The code page works, and the owner's own authenticator still opens the office.
    assert_eq!(
        client
            .get(site.url("/login/code"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let owner_code = code_at(owners.totp_secret.as_deref().unwrap(), email, seconds).unwrap();
    let given = client
        .post(site.url("/login/code"))
        .form(&[("code", owner_code.as_str()), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(given.headers()["location"], "/account");
    let admin = client.get(site.url("/admin")).send().await.unwrap();
    assert_eq!(admin.status(), StatusCode::OK);
}

/// An office account without a second factor yet: after the password it may set one up, and
/// reach nothing else before.
#[tokio::test]
async fn a_session_that_must_set_up_a_second_factor_reaches_only_the_setup() {
    let site = site().await;
    let email = "newstaff@example.org";
    let mut user =
        urbis_app::accounts::users::add_user(&site.app, email, "New staff", urbis_domain::Lang::En)
            .await
            .unwrap();
    urbis_app::accounts::users::set_password(&site.app, &mut user, PASSWORD)
        .await
        .unwrap();
    urbis_app::accounts::users::set_role(
        &site.app,
        &mut user,
        &site.forum,
        Some(urbis_domain::accounts::ForumRole::Staff),
        None,
    )
    .await
    .unwrap();
    let client = browser();
    let token = token_of(&site, &client, "/login").await;
    let login = client
        .post(site.url("/login"))
        .form(&[("email", email), ("password", PASSWORD), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.headers()["location"], "/account/second-factor");
    for path in ["/admin", "/account", "/login/code"] {
        let response = client.get(site.url(path)).send().await.unwrap();
        assert_eq!(
            response.headers()["location"],
            "/account/second-factor",
            "{path}"
        );
    }
    let page = client
        .get(site.url("/account/second-factor"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let secret = page
        .split("name=\"secret\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let seconds = u64::try_from(jiff::Timestamp::now().as_second()).unwrap();
    let code = code_at(&secret, email, seconds).unwrap();
    let done = client
        .post(site.url("/account/second-factor"))
        .form(&[
            ("secret", secret.as_str()),
            ("code", code.as_str()),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    assert!(done.text().await.unwrap().contains("recovery-codes"));
    assert_eq!(
        client
            .get(site.url("/admin"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

/// `next` after the login leads only to a plain path of this site: tabs, line breaks,
/// backslashes and `//` (which browsers turn into another site) go to the account page, and
/// a line break is never a server error.
#[tokio::test]
async fn the_address_after_login_never_leads_elsewhere() {
    let site = site().await;
    for next in [
        "/\t/evil.example",
        "/\n/x",
        "/\r\n/x",
        "//evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "https://evil.example",
        "/ /evil.example",
    ] {
        let client = browser();
        let shown = client
            .get(site.url("/login"))
            .query(&[("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(shown.status(), StatusCode::OK, "{next:?}");
        let token = csrf_of(&shown.text().await.unwrap());
        let response = client
            .post(site.url("/login"))
            .form(&[
                ("email", "member@example.org"),
                ("password", PASSWORD),
                ("next", next),
                ("csrf", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(response.headers()["location"], "/account", "{next:?}");
    }
    let client = browser();
    let token = token_of(&site, &client, "/login").await;
    let response = client
        .post(site.url("/login"))
        .form(&[
            ("email", "member@example.org"),
            ("password", PASSWORD),
            ("next", "/collections/members?x=1"),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/collections/members?x=1");
}

/// The most guesses the throttle lets through for one account within `elapsed` seconds:
/// five free ones, then one each time the doubling wait (1 s, 2 s, 4 s, …) is over.
fn allowed_guesses(elapsed: f64) -> usize {
    let mut allowed = 5;
    let mut waited = 0.0;
    let mut wait = 1.0;
    while waited + wait <= elapsed + 1.0 {
        waited += wait;
        wait *= 2.0;
        allowed += 1;
    }
    allowed
}

/// The probe's flood: many wrong passwords for one account at the same moment. Each is
/// counted before it is checked, so no more are checked than the throttle allows.
#[tokio::test]
async fn parallel_wrong_passwords_get_no_more_guesses_than_allowed() {
    for db in [urbis_testkit::sqlite(), urbis_testkit::postgres().await] {
        let site = start(db).await;
        let client = browser();
        let token = token_of(&site, &client, "/login").await;
        let started = std::time::Instant::now();
        let guesses = (0..200).map(|i| {
            let client = client.clone();
            let url = site.url("/login");
            let token = token.clone();
            async move {
                client
                    .post(url)
                    .form(&[
                        ("email", "member@example.org"),
                        ("password", format!("wrong password {i}").as_str()),
                        ("csrf", &token),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        });
        let answers = futures_util::future::join_all(guesses).await;
        let elapsed = started.elapsed().as_secs_f64();
        let checked = answers
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count();
        let refused = answers
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count();
        assert_eq!(checked + refused, 200, "{answers:?}");
        assert!(checked >= 5, "the free guesses are checked: {checked}");
        assert!(
            checked <= allowed_guesses(elapsed),
            "{checked} guesses checked in {elapsed:.1} s (at most {} allowed)",
            allowed_guesses(elapsed)
        );
        // The right password is refused too while the account waits. How long the flood
        // took decides how much of the wait is left, so first make sure at least two
        // seconds of it are: a wrong guess answered 429 says what is still owed.
        loop {
            let probe = client
                .post(site.url("/login"))
                .form(&[
                    ("email", "member@example.org"),
                    ("password", "one more wrong password"),
                    ("csrf", &token),
                ])
                .send()
                .await
                .unwrap();
            if probe.status() == StatusCode::TOO_MANY_REQUESTS {
                let owed: u64 = probe.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                if owed >= 2 {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_secs(owed)).await;
            } else {
                // The wait was over: this guess was checked and the next wait is longer.
                assert_eq!(probe.status(), StatusCode::UNAUTHORIZED);
            }
        }
        let right = client
            .post(site.url("/login"))
            .form(&[
                ("email", "member@example.org"),
                ("password", PASSWORD),
                ("csrf", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

/// Behind the proxies named as trusted, each client is throttled by its own address (from
/// `X-Forwarded-For`): one attacker's failures lock out that attacker, not everyone behind
/// the proxy. From anyone else, the header is ignored and cannot dodge the throttle.
#[tokio::test]
async fn address_limits_key_on_the_client_behind_trusted_proxies_only() {
    let mut security = common::default_security();
    security.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    let site = common::start_trusting(urbis_testkit::sqlite(), security).await;
    let client = browser();
    let token = token_of(&site, &client, "/login").await;
    let login = |email: String, password: &'static str, forwarded: &'static str| {
        let client = client.clone();
        let url = site.url("/login");
        let token = token.clone();
        async move {
            client
                .post(url)
                .header("x-forwarded-for", forwarded)
                .form(&[
                    ("email", email.as_str()),
                    ("password", password),
                    ("csrf", &token),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // 25 wrong passwords for 25 accounts from one client: its address waits after 20.
    let mut statuses = Vec::new();
    for i in 0..25 {
        statuses.push(
            login(
                format!("x{i}@example.org"),
                "wrong password!",
                "203.0.113.5",
            )
            .await,
        );
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count(),
        20,
        "{statuses:?}"
    );
    assert_eq!(statuses[24], StatusCode::TOO_MANY_REQUESTS);
    // Someone else behind the same proxy logs in.
    let other = login("member@example.org".into(), PASSWORD, "198.51.100.7").await;
    assert_eq!(other, StatusCode::SEE_OTHER);

    // Without trusted proxies, a forged header changes nothing: the connection is the client.
    let site = start(urbis_testkit::sqlite()).await;
    let client = browser();
    let token = token_of(&site, &client, "/login").await;
    let mut checked = 0;
    for i in 0..25 {
        let status = client
            .post(site.url("/login"))
            .header("x-forwarded-for", format!("192.0.2.{i}"))
            .form(&[
                ("email", format!("y{i}@example.org").as_str()),
                ("password", "wrong password!"),
                ("csrf", &token),
            ])
            .send()
            .await
            .unwrap()
            .status();
        if status == StatusCode::UNAUTHORIZED {
            checked += 1;
        }
    }
    assert_eq!(
        checked, 20,
        "a forged X-Forwarded-For does not dodge the limit"
    );
}

/// `/metrics` is for the operator: only with the token on the public listener, and not there
/// at all without a token configured.
#[tokio::test]
async fn metrics_are_not_public() {
    let site = site().await;
    let client = browser();
    let plain = client.get(site.url("/metrics")).send().await.unwrap();
    assert_eq!(plain.status(), StatusCode::UNAUTHORIZED);
    assert!(
        plain.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    assert!(!plain.text().await.unwrap().contains("urbis_"));
    let wrong = client
        .get(site.url("/metrics"))
        .bearer_auth("a metrics token for the test")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let member = site.client(Role::Member).await;
    assert_eq!(
        member
            .get(site.url("/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED,
        "a session is no metrics token"
    );
    let right = client
        .get(site.url("/metrics"))
        .bearer_auth(common::METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::OK);
    assert!(right.text().await.unwrap().contains("urbis_http_requests"));

    let without =
        common::start_trusting(urbis_testkit::sqlite(), urbis_web::Security::default()).await;
    let response = client.get(without.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = client
        .get(without.url("/metrics"))
        .bearer_auth(common::METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
