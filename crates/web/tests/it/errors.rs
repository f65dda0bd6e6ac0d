//! One error path: every failing API request is answered with RFC 9457 problem details
//! (`application/problem+json` with type, title, status, detail, and the problems per field
//! where there are some), every failing page with the error page in the visitor's language —
//! whoever refused it (a handler, an extractor, the router, the CSRF guard, the body limit).

use reqwest::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::Value;
use urbis_app::i18n::Tr;
use urbis_domain::Lang;
use urbis_testkit::store::ApiScope;

use crate::api::{call, token};
use crate::common::{Role, browser, csrf_of, start};

/// The problem of an answer, checked for the fields every problem has.
async fn problem(response: Response, status: StatusCode, slug: &str) -> Value {
    assert_eq!(response.status(), status, "{}", response.url());
    let headers = response.headers().clone();
    assert_eq!(headers[CONTENT_TYPE], "application/problem+json");
    assert_eq!(headers[CACHE_CONTROL], "no-store");
    let text = response.text().await.unwrap();
    let problem: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        problem["type"],
        format!("urn:urbis:problem:{slug}"),
        "{text}"
    );
    assert_eq!(
        problem["title"],
        status.canonical_reason().unwrap(),
        "{text}"
    );
    assert_eq!(problem["status"], status.as_u16(), "{text}");
    assert!(
        problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{text}"
    );
    if status == StatusCode::UNAUTHORIZED {
        assert!(headers.contains_key(WWW_AUTHENTICATE), "{text}");
    }
    problem
}

/// The fields the problem names, each with its JSON pointer and message.
fn fields(problem: &Value) -> Vec<String> {
    let errors = problem["errors"].as_array().expect("per-field problems");
    errors
        .iter()
        .map(|e| {
            assert!(e["pointer"].is_string() && e["message"].is_string(), "{e}");
            e["field"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn every_api_error_is_a_problem_with_type_title_status_and_detail() {
    let site = start(urbis_testkit::sqlite()).await;
    let write = token(&site, Role::Staff, ApiScope::Write).await;
    let read = token(&site, Role::Member, ApiScope::Read).await;
    let (w, r) = (Some(write.as_str()), Some(read.as_str()));
    let send = |method: Method, path: &str, token: Option<&str>| call(&site, method, path, token);
    let json = |body: &str| body.to_owned();

    let unknown = "/api/v1/organisations/0190a000-0000-7000-8000-0000000000aa";
    let answer = send(Method::GET, unknown, w).send().await.unwrap();
    problem(answer, StatusCode::NOT_FOUND, "not-found").await;
    let answer = send(Method::GET, "/api/v1/nothing", w)
        .send()
        .await
        .unwrap();
    problem(answer, StatusCode::NOT_FOUND, "not-found").await;

    let answer = send(Method::GET, "/api/v1/events?limit=abc", w)
        .send()
        .await
        .unwrap();
    let bad = problem(answer, StatusCode::BAD_REQUEST, "bad-request").await;
    assert_eq!(fields(&bad), ["limit"]);

    let post = |body: String, content_type: &str, token: Option<&str>| {
        send(Method::POST, "/api/v1/topics", token)
            .header(CONTENT_TYPE, content_type.to_owned())
            .body(body)
    };
    let answer = post(json(r#"{"slug": "#), "application/json", w)
        .send()
        .await
        .unwrap();
    let unreadable = problem(answer, StatusCode::BAD_REQUEST, "bad-request").await;
    assert_eq!(fields(&unreadable), [""]);
    let answer = post(json(r#"{"slug": 7, "name": "T"}"#), "application/json", w)
        .send()
        .await
        .unwrap();
    let invalid = problem(answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(fields(&invalid), ["slug"]);

    let body = json(r#"{"slug": "a", "name": "b"}"#);
    let answer = post(body.clone(), "application/json", None)
        .send()
        .await
        .unwrap();
    problem(answer, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let answer = post(body.clone(), "application/json", r)
        .send()
        .await
        .unwrap();
    problem(answer, StatusCode::FORBIDDEN, "forbidden").await;
    let answer = post(body.clone(), "text/plain", w).send().await.unwrap();
    problem(
        answer,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
    )
    .await;
    let huge = format!(r#"{{"slug": "big", "name": "{}"}}"#, "x".repeat(300 * 1024));
    let answer = post(huge, "application/json", w).send().await.unwrap();
    problem(answer, StatusCode::PAYLOAD_TOO_LARGE, "too-large").await;

    let answer = send(Method::DELETE, "/api/v1/topics", w)
        .send()
        .await
        .unwrap();
    assert!(
        answer.headers().contains_key(ALLOW),
        "405 names the methods"
    );
    problem(answer, StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed").await;

    // A session that owes its second factor reaches nothing, and is told where to give it.
    let halfway = site.client(Role::CodeOwed).await;
    let answer = halfway
        .get(site.url("/api/v1/topics"))
        .send()
        .await
        .unwrap();
    let owed = problem(answer, StatusCode::UNAUTHORIZED, "second-factor-owed").await;
    assert!(owed["detail"].as_str().unwrap().contains("/login/code"));
}

/// Checks that an answer is the error page in `lang` with the message `message_id`.
async fn error_page(response: Response, status: StatusCode, lang: Lang, message_id: &str) {
    let url = response.url().clone();
    assert_eq!(response.status(), status, "{url}");
    let content_type = response.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("text/html"),
        "{url}: {content_type}"
    );
    let html = response.text().await.unwrap();
    let t = Tr::new(lang);
    assert!(
        html.contains(&format!("<html lang=\"{}\"", lang.code())),
        "{url}: {html}"
    );
    let message = urbis_domain::html::escape(&t.get(message_id));
    assert!(html.contains(&message), "{url}: {message} in {html}");
    assert!(html.contains(&t.get("error-title")), "{url}");
}

#[tokio::test]
async fn every_failing_page_is_the_error_page_in_the_visitors_language() {
    let site = start(urbis_testkit::sqlite()).await;
    let anonymous = browser();
    for lang in [Lang::De, Lang::En, Lang::Fr] {
        let code = lang.code();
        let get = |path: &str| anonymous.get(site.url(&format!("{path}lang={code}")));

        let answer = get("/nothing-here?").send().await.unwrap();
        error_page(answer, StatusCode::NOT_FOUND, lang, "error-not-found").await;
        let answer = get("/projects?page=abc&").send().await.unwrap();
        error_page(answer, StatusCode::BAD_REQUEST, lang, "error-bad-request").await;

        // Refused by the CSRF guard, by the body limit, by the router and by an extractor.
        let login = site.url(&format!("/login?lang={code}"));
        let answer = anonymous
            .post(&login)
            .form(&[("email", "a")])
            .send()
            .await
            .unwrap();
        error_page(answer, StatusCode::FORBIDDEN, lang, "error-csrf").await;
        let page = anonymous
            .get(&login)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = csrf_of(&page);
        let huge = "x".repeat(300 * 1024);
        let answer = anonymous
            .post(&login)
            .form(&[("email", huge.as_str()), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        error_page(
            answer,
            StatusCode::PAYLOAD_TOO_LARGE,
            lang,
            "error-too-large",
        )
        .await;
        let answer = anonymous
            .put(site.url(&format!("/?lang={code}")))
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap();
        assert!(
            answer.headers().contains_key(ALLOW),
            "405 names the methods"
        );
        error_page(
            answer,
            StatusCode::METHOD_NOT_ALLOWED,
            lang,
            "error-method-not-allowed",
        )
        .await;
        let answer = anonymous
            .post(&login)
            .header("x-csrf-token", &csrf)
            .header(CONTENT_TYPE, "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        error_page(
            answer,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            lang,
            "api-error-media-type",
        )
        .await;
    }
    let member: Client = site.client(Role::Member).await;
    let answer = member
        .get(site.url("/admin/users?lang=en"))
        .send()
        .await
        .unwrap();
    error_page(answer, StatusCode::FORBIDDEN, Lang::En, "error-forbidden").await;
}
