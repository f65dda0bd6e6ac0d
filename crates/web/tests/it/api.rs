//! The JSON API over real HTTP: records of several kinds written and read with personal
//! tokens, the access matrix (anonymous, member, office) over lists, reads and cursors, every
//! kind of bad input answered with a problem and a 4xx, tokens made and revoked on the account
//! page, and session cookies that still need the CSRF token to write.

use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use urbis_app::accounts::api_tokens;
use urbis_domain::Dataset;
use urbis_testkit::TestDb;
use urbis_testkit::store::ApiScope;

use crate::common;
use crate::common::{
    MEMBERS_EVENT, MEMBERS_MARKERS, PUBLIC_ORG, Role, STAFF_EVENT, STAFF_MARKERS, Site,
};

urbis_testkit::on_both_databases!(
    records_of_several_kinds_are_created_read_changed_and_deleted_with_a_token,
    each_role_lists_and_reads_exactly_what_it_may_and_cursors_leak_nothing,
    bad_input_is_a_problem_with_a_4xx_and_changes_nothing,
    tokens_are_made_shown_once_and_revoked_on_the_account_page,
    session_cookies_write_only_with_the_csrf_token,
    every_filter_and_sort_the_document_offers_answers,
    events_are_chosen_by_the_days_they_cover,
    a_text_longer_than_its_limit_is_refused_naming_the_field_and_nothing_is_stored,
);

/// JSON bodies for requests (reqwest is built without its `json` feature).
trait JsonBody {
    fn json_body(self, value: &Value) -> Self;
}

impl JsonBody for RequestBuilder {
    fn json_body(self, value: &Value) -> Self {
        self.header("content-type", "application/json")
            .body(value.to_string())
    }
}

fn email(role: Role) -> &'static str {
    role.email().expect("anonymous has no token")
}

/// A token of a test account, made through the use case (the page is tested on its own).
pub(crate) async fn token(site: &Site, role: Role, scope: ApiScope) -> String {
    let user = site
        .store
        .user_by_email(email(role))
        .await
        .unwrap()
        .unwrap();
    api_tokens::create(&site.app, &user, "test", scope)
        .await
        .unwrap()
        .secret
}

/// A request to the API with an optional token.
pub(crate) fn call(site: &Site, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
    let request = Client::new().request(method, site.url(path));
    match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    }
}

/// Status and JSON body of an answer; error answers must be problem details.
async fn answer(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = response.text().await.unwrap();
    assert!(status.as_u16() < 500, "a server error ({status}): {text}");
    if status.is_client_error() {
        assert_eq!(content_type, "application/problem+json", "{status}: {text}");
        let problem: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(problem["status"], status.as_u16(), "{text}");
        assert!(
            problem["type"]
                .as_str()
                .unwrap()
                .starts_with("urn:urbis:problem:")
        );
        assert!(problem["title"].is_string());
        return (status, problem);
    }
    if text.is_empty() {
        return (status, Value::Null);
    }
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    (status, serde_json::from_str(&text).unwrap())
}

async fn send(request: RequestBuilder) -> (StatusCode, Value) {
    answer(request.send().await.unwrap()).await
}

/// Every record of a list, following the cursors with pages of `limit`.
async fn all_pages(site: &Site, path: &str, token: Option<&str>, limit: u32) -> Vec<Value> {
    let mut items = Vec::new();
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut url = format!("{path}{separator}limit={limit}");
    for _ in 0..100 {
        let (status, page) = send(call(site, Method::GET, &url, token)).await;
        assert_eq!(status, StatusCode::OK, "{url}: {page}");
        let page_items = page["items"].as_array().unwrap();
        assert!(page_items.len() <= limit as usize);
        items.extend(page_items.iter().cloned());
        // The next page is where `next` (the address) says, with the cursor `next_cursor`.
        match (page["next_cursor"].as_str(), page["next"].as_str()) {
            (Some(cursor), Some(next)) => {
                assert!(next.ends_with(&format!("cursor={cursor}")), "{next}");
                assert!(next.starts_with("/api/v1/"), "{next}");
                url = next.to_owned();
            }
            (None, None) => return items,
            other => panic!("{url}: next_cursor and next disagree: {other:?}"),
        }
    }
    panic!("{path} never ends");
}

fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|e| e["field"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn records_of_several_kinds_are_created_read_changed_and_deleted_with_a_token(db: TestDb) {
    let site = common::start(db).await;
    let staff = token(&site, Role::Staff, ApiScope::Write).await;
    let t = Some(staff.as_str());

    // A topic, an organisation and an event that refers to both.
    let (status, topic) = send(
        call(&site, Method::POST, "/api/v1/topics", t).json_body(&json!({
            "slug": "api-thema", "name": {"de": "API-Thema", "en": "API topic"}
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{topic}");
    let topic_id = topic["id"].as_str().unwrap().to_owned();
    let (status, org) = send(
        call(&site, Method::POST, "/api/v1/organisations", t).json_body(&json!({
            "name": "Stadt Bonn", "kind": "city", "country": "DE", "access": "members"
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{org}");
    let org_id = org["id"].as_str().unwrap().to_owned();
    let response = call(&site, Method::POST, "/api/v1/events", t)
        .json_body(&json!({
            "kind": "webinar", "title": "API-Webinar", "start": "2031-03-04T10:00",
            "status": "planned", "host": org_id, "topics": [topic_id]
        }))
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let (status, event) = answer(response).await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let event_id = event["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/events/{event_id}"));
    assert_eq!(event["title"]["de"], "API-Webinar");

    // Read back, by id and in a filtered list.
    let (status, read) = send(call(&site, Method::GET, &location, t)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read, event);
    let (_, hosted) = send(call(
        &site,
        Method::GET,
        &format!("/api/v1/events?host={org_id}"),
        t,
    ))
    .await;
    let ids: Vec<&str> = hosted["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![event_id.as_str()]);

    // Change: a merge patch, then a full replacement.
    let (status, patched) = send(
        call(&site, Method::PATCH, &location, t)
            .header("content-type", "application/merge-patch+json")
            .body(r#"{"capacity": 40, "topics": null}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["capacity"], 40);
    assert!(patched.get("topics").is_none());
    assert_eq!(patched["created"], event["created"]);
    assert_ne!(patched["updated"], event["updated"]);
    let (status, replaced) = send(
        call(
            &site,
            Method::PUT,
            &format!("/api/v1/organisations/{org_id}"),
            t,
        )
        .json_body(&json!({
            "name": "Bundesstadt Bonn", "kind": "city", "country": "DE", "city": "Bonn"
        })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{replaced}");
    assert_eq!(replaced["city"], "Bonn");
    assert_eq!(replaced["access"], "public");
    let (_, stored) = send(call(
        &site,
        Method::GET,
        &format!("/api/v1/organisations/{org_id}"),
        None,
    ))
    .await;
    assert_eq!(
        stored["name"]["de"], "Bundesstadt Bonn",
        "anonymous reads it now"
    );

    // Sorting and paging: every topic exactly once, in order, across pages of one.
    let (_, sorted) = send(call(&site, Method::GET, "/api/v1/topics?sort=-slug", t)).await;
    let slugs: Vec<&str> = sorted["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, vec!["offen", "api-thema"]);
    let paged = all_pages(&site, "/api/v1/topics?sort=-slug", t, 1).await;
    assert_eq!(paged, sorted["items"].as_array().unwrap().clone());

    // Delete: refused while referred to (409), then in order; gone afterwards.
    let (status, problem) = send(call(
        &site,
        Method::DELETE,
        &format!("/api/v1/organisations/{org_id}"),
        t,
    ))
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    let (status, _) = send(call(&site, Method::DELETE, &location, t)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(call(&site, Method::GET, &location, t)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for path in [
        format!("/api/v1/organisations/{org_id}"),
        format!("/api/v1/topics/{topic_id}"),
    ] {
        let (status, _) = send(call(&site, Method::DELETE, &path, t)).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{path}");
    }

    // Forums are there to read, not to write.
    let (status, forums) = send(call(&site, Method::GET, "/api/v1/forums", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(forums["items"][0]["short_name"], "TF");
    let (status, _) =
        send(call(&site, Method::POST, "/api/v1/forums", t).json_body(&json!({}))).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let forum_path = format!("/api/v1/forums/{}", site.forum);
    let (status, _) = send(call(&site, Method::DELETE, &forum_path, t)).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let (status, _) = send(call(&site, Method::GET, &forum_path, None)).await;
    assert_eq!(status, StatusCode::OK);

    // Every write left an audit entry naming the token's user.
    let staff_user = site
        .store
        .user_by_email("staff@example.org")
        .await
        .unwrap()
        .unwrap();
    let audit = site
        .store
        .audit_of_forum_record(&site.forum, &urbis_domain::Id::from_text(event_id))
        .await
        .unwrap();
    assert_eq!(audit.len(), 3, "create, patch, delete");
    assert!(
        audit
            .iter()
            .all(|e| e.actor.as_ref() == Some(&staff_user.id))
    );
}

fn shows(items: &[Value], marker: &str) -> bool {
    items.iter().any(|i| i.to_string().contains(marker))
}

async fn each_role_lists_and_reads_exactly_what_it_may_and_cursors_leak_nothing(db: TestDb) {
    let site = common::start(db).await;
    let member = token(&site, Role::Member, ApiScope::Write).await;
    let staff = token(&site, Role::Staff, ApiScope::Write).await;
    let staff_read = token(&site, Role::Staff, ApiScope::Read).await;
    let callers = [
        (Role::Anonymous, None),
        (Role::Member, Some(member.as_str())),
        (Role::Staff, Some(staff.as_str())),
    ];
    let kinds = [
        "organisations",
        "memberships",
        "collections",
        "entries",
        "projects",
        "series",
        "events",
        "publications",
        "advocacy_actions",
    ];
    let mut staff_cursors = Vec::new();
    for (role, t) in callers {
        let mut seen = Vec::new();
        for kind in kinds {
            // Pages of one record: every cursor step asks the policy again.
            seen.extend(all_pages(&site, &format!("/api/v1/{kind}"), t, 1).await);
        }
        for marker in MEMBERS_MARKERS {
            assert_eq!(
                shows(&seen, marker),
                role.reads_members(),
                "{marker} for {role:?}"
            );
        }
        for marker in STAFF_MARKERS {
            assert_eq!(
                shows(&seen, marker),
                role.reads_staff(),
                "{marker} for {role:?}"
            );
        }
        for (id, visible) in [
            (MEMBERS_EVENT, role.reads_members()),
            (STAFF_EVENT, role.reads_staff()),
            (common::PUBLIC_EVENT, true),
        ] {
            let (status, body) =
                send(call(&site, Method::GET, &format!("/api/v1/events/{id}"), t)).await;
            let expected = if visible {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(status, expected, "{id} for {role:?}: {body}");
        }
        // Filters cannot be used to probe for hidden records either.
        let (_, staff_only) =
            send(call(&site, Method::GET, "/api/v1/events?access=staff", t)).await;
        assert_eq!(
            !staff_only["items"].as_array().unwrap().is_empty(),
            role.reads_staff(),
            "{role:?}"
        );
        if role == Role::Staff {
            let (_, page) =
                send(call(&site, Method::GET, "/api/v1/organisations?limit=1", t)).await;
            staff_cursors.push(page["next_cursor"].as_str().unwrap().to_owned());
        }
    }
    // A cursor the office was given shows an anonymous caller only public records.
    for cursor in staff_cursors {
        let (status, page) = send(call(
            &site,
            Method::GET,
            &format!("/api/v1/organisations?limit=1&cursor={cursor}"),
            None,
        ))
        .await;
        assert_eq!(status, StatusCode::OK);
        for marker in MEMBERS_MARKERS.iter().chain(STAFF_MARKERS) {
            assert!(!page.to_string().contains(marker), "{marker}");
        }
    }

    // Writes: anonymous 401, a member 403, a read-only token 403, the office 201.
    let topic = json!({"slug": "neu", "name": "Neu"});
    for (t, expected) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some(member.as_str()), StatusCode::FORBIDDEN),
        (Some(staff_read.as_str()), StatusCode::FORBIDDEN),
        (Some(staff.as_str()), StatusCode::CREATED),
    ] {
        let (status, body) =
            send(call(&site, Method::POST, "/api/v1/topics", t).json_body(&topic)).await;
        assert_eq!(status, expected, "{body}");
    }
    for (method, t, expected) in [
        (Method::PUT, Some(member.as_str()), StatusCode::FORBIDDEN),
        (
            Method::PATCH,
            Some(staff_read.as_str()),
            StatusCode::FORBIDDEN,
        ),
        (Method::DELETE, None, StatusCode::UNAUTHORIZED),
        (Method::DELETE, Some(member.as_str()), StatusCode::FORBIDDEN),
    ] {
        let (status, body) = send(
            call(
                &site,
                method.clone(),
                &format!("/api/v1/organisations/{PUBLIC_ORG}"),
                t,
            )
            .json_body(&json!({"name": "X", "kind": "city", "country": "DE"})),
        )
        .await;
        assert_eq!(status, expected, "{method} {body}");
    }
    // A member may not even learn that a staff record exists by writing to it.
    let (status, _) = send(call(
        &site,
        Method::DELETE,
        &format!("/api/v1/events/{STAFF_EVENT}"),
        Some(&member),
    ))
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, org) = send(call(
        &site,
        Method::GET,
        &format!("/api/v1/organisations/{PUBLIC_ORG}"),
        None,
    ))
    .await;
    assert_eq!(
        (status, org["name"]["de"].as_str()),
        (StatusCode::OK, Some("Stadt Essen"))
    );
}

/// A second forum with a public organisation, to prove that ids of another forum name
/// nothing here.
async fn other_forum_org(site: &Site) -> String {
    let dataset = Dataset::from_json(
        r#"{"format": "urbis", "version": 1, "forums": [{
            "forum": {"id": "xf", "name": "Third forum", "short_name": "XF", "languages": ["de"]},
            "organisations": [{"id": "0190a000-0000-7000-8000-0000000000ff", "name": "Anderswo", "kind": "city", "country": "AT"}]
        }]}"#,
    )
    .unwrap();
    site.store.import(dataset).await.unwrap();
    "0190a000-0000-7000-8000-0000000000ff".to_owned()
}

async fn topic_count(site: &Site, t: Option<&str>) -> usize {
    all_pages(site, "/api/v1/topics", t, 200).await.len()
}

async fn bad_input_is_a_problem_with_a_4xx_and_changes_nothing(db: TestDb) {
    let site = common::start(db).await;
    let staff = token(&site, Role::Staff, ApiScope::Write).await;
    let t = Some(staff.as_str());
    let before = topic_count(&site, t).await;
    let post = |body: Vec<u8>, content_type: &str| {
        call(&site, Method::POST, "/api/v1/topics", t)
            .header("content-type", content_type.to_owned())
            .body(body)
    };
    let json_type = "application/json";

    // Wrong types, unknown fields, rules broken: 422 with every field named.
    let (status, problem) =
        send(post(br#"{"slug": 7, "name": "Thema"}"#.to_vec(), json_type)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(error_fields(&problem), vec!["slug"]);
    assert_eq!(problem["errors"][0]["pointer"], "/slug");
    let (status, problem) = send(post(
        br#"{"slug": "a", "name": "Thema", "colour": "red"}"#.to_vec(),
        json_type,
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("colour")
    );
    let (status, problem) = send(post(
        br#"{"slug": "Not A Slug", "name": " "}"#.to_vec(),
        json_type,
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(fields, vec!["name", "slug"], "{problem}");
    let (status, problem) = send(call(&site, Method::POST, "/api/v1/events", t).json_body(
        &json!({
            "kind": "webinar", "title": "T", "start": "2031-02-30", "status": "planned",
            "speakers": [{"name": 5}]
        }),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(!error_fields(&problem).is_empty());
    let (status, problem) = send(post(
        br#"{"slug": "x\u0000y", "name": "N"}"#.to_vec(),
        json_type,
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(error_fields(&problem), vec!["slug"]);
    for body in [&b"[]"[..], b"null", b"\"text\"", b"42"] {
        let (status, problem) = send(post(body.to_vec(), json_type)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    }
    // A reference to a record that does not exist, or to one of another forum.
    let other = other_forum_org(&site).await;
    let (status, problem) = send(
        call(&site, Method::POST, "/api/v1/memberships", t).json_body(
            &json!({"organisation": "0190a000-0000-7000-8000-0000000000aa", "status": "active"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(error_fields(&problem), vec!["organisation"]);

    // Bodies that cannot be read: 400, 413, 415.
    let (status, problem) = send(post(b"{\"slug\": ".to_vec(), json_type)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 1")
    );
    let (status, problem) = send(post(b"{\"slug\": \"\xff\xfe\"}".to_vec(), json_type)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert!(problem.to_string().contains("UTF-8"));
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (status, problem) = send(post(deep.into_bytes(), json_type)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert!(problem.to_string().contains("nested too deeply"));
    let huge = format!(r#"{{"slug": "big", "name": "{}"}}"#, "x".repeat(300 * 1024));
    let (status, _) = send(post(huge.clone().into_bytes(), json_type)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let status = chunked_post(&site, "/api/v1/topics", &staff, huge.into_bytes()).await;
    assert_eq!(status, 413, "without a declared length too");
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin1",
    ] {
        let (status, problem) = send(post(
            br#"{"slug": "a", "name": "b"}"#.to_vec(),
            content_type,
        ))
        .await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}: {problem}"
        );
    }
    let (status, _) =
        send(call(&site, Method::POST, "/api/v1/topics", t).body(r#"{"slug": "a", "name": "b"}"#))
            .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Ids: malformed, unknown, or of another forum: 404 for reads and writes alike.
    let unknown = "0190a000-0000-7000-8000-0000000000aa".to_owned();
    for id in ["nope", "%00", "x%27%20or%201=1", &unknown, &other] {
        for method in [Method::GET, Method::PUT, Method::PATCH, Method::DELETE] {
            let (status, problem) = send(
                call(
                    &site,
                    method.clone(),
                    &format!("/api/v1/organisations/{id}"),
                    t,
                )
                .json_body(&json!({"name": "X", "kind": "city", "country": "DE"})),
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {id}: {problem}");
        }
    }
    let everything = all_pages(&site, "/api/v1/organisations", t, 200).await;
    assert!(
        !shows(&everything, "Anderswo"),
        "another forum's records are not listed"
    );
    let (status, _) = send(call(&site, Method::GET, "/api/v1/nothing", t)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(call(&site, Method::GET, "/api/v2/topics", t)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Parameters: limit out of range, unknown filters and sorts, forged cursors: 400 naming them.
    for (query, field) in [
        ("limit=-1", "limit"),
        ("limit=1000000000000", "limit"),
        ("limit=abc", "limit"),
        ("sort=colour", "sort"),
        ("colour=red", "colour"),
        ("cursor=AAAA", "cursor"),
        ("portal=maybe", "portal"),
        ("status=%00", "status"),
    ] {
        let (status, problem) = send(call(
            &site,
            Method::GET,
            &format!("/api/v1/events?{query}"),
            t,
        ))
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {problem}");
        assert_eq!(error_fields(&problem), vec![field], "{query}");
    }

    // Unknown, malformed and revoked tokens: 401, never the anonymous view.
    let long = format!("Bearer urbis_{}", "x".repeat(300));
    for header in [
        "Bearer urbis_unknown",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "bearer",
        &long,
    ] {
        let (status, problem) = send(
            Client::new()
                .get(site.url("/api/v1/topics"))
                .header("authorization", header),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{header}: {problem}");
    }

    assert_eq!(topic_count(&site, t).await, before, "nothing was stored");
}

/// Sends a JSON body without a declared length (chunked transfer) over a plain TCP
/// connection; the status of the answer.
async fn chunked_post(site: &Site, path: &str, token: &str, body: Vec<u8>) -> u16 {
    use std::io::{Read, Write};
    let address = site.base.trim_start_matches("http://").to_owned();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        for chunk in body.chunks(8192) {
            // The server may answer and close before the whole body is sent.
            if write!(stream, "{:x}\r\n", chunk.len()).is_err()
                || stream.write_all(chunk).is_err()
                || stream.write_all(b"\r\n").is_err()
            {
                break;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n");
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let text = String::from_utf8_lossy(&answer);
        text.split(' ')
            .nth(1)
            .unwrap_or_default()
            .parse()
            .unwrap_or(0)
    })
    .await
    .unwrap()
}

/// The secret the token page shows.
fn shown_token(html: &str) -> String {
    let at = html
        .find("<code id=\"api-token\">")
        .expect("the token is shown")
        + 21;
    html[at..at + html[at..].find('<').unwrap()].to_owned()
}

async fn tokens_are_made_shown_once_and_revoked_on_the_account_page(db: TestDb) {
    let site = common::start(db).await;
    let browser = site.client(Role::Member).await;
    let account = browser
        .get(site.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        account.contains("api-tokens"),
        "the account page has the section"
    );
    let csrf = common::csrf_of(&account);
    let page = browser
        .post(site.url("/account/api-tokens"))
        .form(&[("name", "Website"), ("scope", "read"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let secret = shown_token(&page.text().await.unwrap());
    assert!(secret.starts_with("urbis_") && secret.len() > 40);

    let account = browser
        .get(site.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(account.contains("Website"));
    assert!(!account.contains(&secret), "the secret is shown only once");
    let member = site
        .store
        .user_by_email("member@example.org")
        .await
        .unwrap()
        .unwrap();
    let tokens = site.store.api_tokens_of(&member.id).await.unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].scope, ApiScope::Read);
    assert!(
        site.store
            .api_token_by_hash(&urbis_app::accounts::secrets::token_hash(&secret))
            .await
            .unwrap()
            .is_some(),
        "the store knows the token by its hash"
    );
    assert!(
        site.store
            .api_token_by_hash(&secret)
            .await
            .unwrap()
            .is_none()
    );

    // The token reads what its member may read, and may not write.
    let (status, orgs) = send(call(
        &site,
        Method::GET,
        "/api/v1/organisations",
        Some(&secret),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(orgs.to_string().contains("MARKER-MEMBERS-ORG"));
    let (status, _) = send(
        call(&site, Method::POST, "/api/v1/topics", Some(&secret))
            .json_body(&json!({"slug": "x", "name": "X"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Bad forms are refused with a message; nothing is made.
    for (name, scope) in [("", "read"), ("Name", "admin"), (&*"n".repeat(81), "write")] {
        let response = browser
            .post(site.url("/account/api-tokens"))
            .form(&[("name", name), ("scope", scope), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name} {scope}"
        );
    }
    assert_eq!(site.store.api_tokens_of(&member.id).await.unwrap().len(), 1);

    // Another user cannot revoke it; its owner can, and it stops working at once.
    let other = site.client(Role::Editor).await;
    let other_csrf = common::csrf_of(
        &other
            .get(site.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let revoke = format!("/account/api-tokens/{}/revoke", tokens[0].id);
    let response = other
        .post(site.url(&revoke))
        .form(&[("csrf", &other_csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let (status, _) = send(call(&site, Method::GET, "/api/v1/topics", Some(&secret))).await;
    assert_eq!(status, StatusCode::OK);
    let response = browser
        .post(site.url(&revoke))
        .form(&[("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = call(&site, Method::GET, "/api/v1/topics", Some(&secret))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["www-authenticate"],
        "Bearer realm=\"urbis\""
    );
    let (status, problem) = answer(response).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["type"], "urn:urbis:problem:unauthorized");

    // Without a login there is no token to make.
    let anonymous = common::browser();
    let page = anonymous
        .get(site.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = anonymous
        .post(site.url("/account/api-tokens"))
        .form(&[
            ("name", "x"),
            ("scope", "write"),
            ("csrf", &common::csrf_of(&page)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn session_cookies_write_only_with_the_csrf_token(db: TestDb) {
    let site = common::start(db).await;
    let browser = site.client(Role::Staff).await;
    let csrf = common::csrf_of(
        &browser
            .get(site.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    // Reads with the session cookie see what the office sees.
    let (status, events) = answer(
        browser
            .get(site.url("/api/v1/events"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(events.to_string().contains("MARKER-STAFF-EVENT"));
    // A write with the cookie alone is what a forged cross-site request looks like: refused.
    let topic = json!({"slug": "per-cookie", "name": "Per Cookie"});
    let (status, problem) = answer(
        browser
            .post(site.url("/api/v1/topics"))
            .json_body(&topic)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(problem["type"], "urn:urbis:problem:csrf");
    let (status, _) = answer(
        browser
            .post(site.url("/api/v1/topics"))
            .header(
                "x-csrf-token",
                "forged-forged-forged-forged-forged-forged-x",
            )
            .json_body(&topic)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A form post (what a cross-site form can send) with the right token still is no JSON.
    let (status, _) = answer(
        browser
            .post(site.url("/api/v1/topics"))
            .form(&[("csrf", csrf.as_str()), ("slug", "x")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // With the CSRF header, the session writes like the pages do.
    let (status, created) = answer(
        browser
            .post(site.url("/api/v1/topics"))
            .header("x-csrf-token", &csrf)
            .json_body(&topic)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    // An Authorization header makes the cookie count for nothing: a wrong token is 401.
    let (status, _) = answer(
        browser
            .post(site.url("/api/v1/topics"))
            .header("authorization", "Bearer urbis_forged")
            .json_body(&json!({"slug": "forged", "name": "F"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = answer(
        browser
            .get(site.url(&format!("/api/v1/events/{STAFF_EVENT}")))
            .header("authorization", "Bearer urbis_forged")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// Every list parameter the OpenAPI document offers, for every kind, answers without a server
/// error on both databases (a filter compares with its column's type).
async fn every_filter_and_sort_the_document_offers_answers(db: TestDb) {
    let site = common::start(db).await;
    let staff = token(&site, Role::Staff, ApiScope::Read).await;
    let (status, doc) = send(call(&site, Method::GET, "/api/openapi.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    let mut tried = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/") || path.ends_with("{id}") {
            continue;
        }
        for param in item["get"]["parameters"].as_array().unwrap() {
            let name = param["name"].as_str().unwrap();
            let schema = &param["schema"];
            let values: Vec<String> = if let Some(list) = schema["enum"].as_array() {
                list.iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect()
            } else if name == "cursor" {
                continue;
            } else {
                match schema["type"].as_str() {
                    _ if schema["format"] == "date" => vec!["2022-05-01".to_owned()],
                    Some("integer") => vec!["1".to_owned()],
                    Some("boolean") => vec!["true".to_owned(), "false".to_owned()],
                    _ => vec!["x".to_owned()],
                }
            };
            for value in values {
                let url = format!("{path}?{name}={value}");
                let (status, body) = send(call(&site, Method::GET, &url, Some(&staff))).await;
                assert_eq!(status, StatusCode::OK, "{url}: {body}");
                tried += 1;
            }
        }
    }
    assert!(tried > 200, "{tried} parameters tried");
}

/// The last day an event covers, as the test reads it from its JSON: its end's, else its
/// start's; a year or a month covers to its last day.
fn last_day(event: &Value) -> jiff::civil::Date {
    let when = event["end"].as_str().or(event["start"].as_str()).unwrap();
    match when.len() {
        4 => format!("{when}-12-31").parse().unwrap(),
        7 => format!("{when}-01")
            .parse::<jiff::civil::Date>()
            .unwrap()
            .last_of_month(),
        _ => when[..10].parse().unwrap(),
    }
}

/// The first day an event covers.
fn first_day(event: &Value) -> jiff::civil::Date {
    let when = event["start"].as_str().unwrap();
    match when.len() {
        4 => format!("{when}-01-01").parse().unwrap(),
        7 => format!("{when}-01").parse().unwrap(),
        _ => when[..10].parse().unwrap(),
    }
}

async fn events_are_chosen_by_the_days_they_cover(db: TestDb) {
    let site = common::start(db).await;
    let staff = token(&site, Role::Staff, ApiScope::Write).await;
    // Events of a time, of days, of a month and of a year, around March 2031.
    for (start, end) in [
        ("2031-03-04T10:00", None),
        ("2031-03-02", Some("2031-03-06")),
        ("2031-03", None),
        ("2031", None),
        ("2031-04-01", None),
    ] {
        let mut body = json!({
            "kind": "webinar", "title": format!("Window {start}"), "start": start,
            "status": "planned"
        });
        if let Some(end) = end {
            body["end"] = json!(end);
        }
        let (status, event) =
            send(call(&site, Method::POST, "/api/v1/events", Some(&staff)).json_body(&body)).await;
        assert_eq!(status, StatusCode::CREATED, "{event}");
    }
    let all = all_pages(&site, "/api/v1/events", Some(&staff), 100).await;
    let ids = |items: &[Value]| {
        let mut ids: Vec<String> = items
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let day = |text: &str| text.parse::<jiff::civil::Date>().unwrap();
    for (from, to, ours) in [
        // The day of the timed event: the days around it, the month and the year cover it.
        (Some(day("2031-03-04")), Some(day("2031-03-04")), 4),
        // After the days of the multi-day event, in March: the month and the year.
        (Some(day("2031-03-07")), Some(day("2031-03-31")), 2),
        (Some(day("2031-04-01")), None, 2),
        (None, Some(day("2031-03-01")), 2),
    ] {
        let mut path = "/api/v1/events?sort=start_date".to_owned();
        if let Some(from) = from {
            path.push_str(&format!("&from={from}"));
        }
        if let Some(to) = to {
            path.push_str(&format!("&to={to}"));
        }
        let chosen = all_pages(&site, &path, Some(&staff), 7).await;
        let expected: Vec<Value> = all
            .iter()
            .filter(|e| from.is_none_or(|from| last_day(e) >= from))
            .filter(|e| to.is_none_or(|to| first_day(e) <= to))
            .cloned()
            .collect();
        let windowed = |items: &[Value]| {
            items
                .iter()
                .filter(|e| {
                    e["title"]["de"]
                        .as_str()
                        .unwrap_or_default()
                        .starts_with("Window ")
                })
                .count()
        };
        assert_eq!(windowed(&expected), ours, "{path}");
        assert_eq!(ids(&chosen), ids(&expected), "{path}");
    }
    // Wrong days and windows are a 400 naming the parameter, and only events have them.
    for (path, field) in [
        ("/api/v1/events?from=2022-13-01", "from"),
        ("/api/v1/events?to=yesterday", "to"),
        ("/api/v1/events?from=2022-05-02&to=2022-05-01", "to"),
        ("/api/v1/publications?from=2022-05-01", "from"),
    ] {
        let (status, problem) = send(call(&site, Method::GET, path, Some(&staff))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {problem}");
        assert_eq!(error_fields(&problem), vec![field.to_owned()], "{path}");
    }
}

async fn a_text_longer_than_its_limit_is_refused_naming_the_field_and_nothing_is_stored(
    db: TestDb,
) {
    let site = common::start(db).await;
    let staff = token(&site, Role::Staff, ApiScope::Write).await;
    let t = Some(staff.as_str());
    let before = topic_count(&site, t).await;
    let post = |body: Value| call(&site, Method::POST, "/api/v1/topics", t).json_body(&body);

    let (status, problem) = send(post(json!({"slug": "lang", "name": "x".repeat(100_000)}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(error_fields(&problem), vec!["name.de"], "{problem}");
    assert_eq!(problem["errors"][0]["pointer"], "/name/de");
    assert_eq!(
        problem["errors"][0]["message"],
        "must be at most 300 characters (has 100000)"
    );
    assert!(
        problem.to_string().len() < 2_000,
        "the answer does not repeat the text"
    );
    // Every language and every field at once; multi-byte characters count once each.
    let (status, problem) = send(post(json!({
        "slug": "l".repeat(81),
        "name": {"de": "Thema", "en": "ü".repeat(301)},
        "description": {"de": "d".repeat(100_001)},
    })))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(
        fields,
        vec!["description.de", "name.en", "slug"],
        "{problem}"
    );
    assert_eq!(topic_count(&site, t).await, before, "nothing was stored");

    // Exactly the limit is accepted, and stored whole.
    let name = "ü".repeat(urbis_domain::limits::NAME);
    let (status, topic) = send(post(json!({"slug": "genau-richtig", "name": name}))).await;
    assert_eq!(status, StatusCode::CREATED, "{topic}");
    let id = topic["id"].as_str().unwrap();
    let (status, read) = send(call(&site, Method::GET, &format!("/api/v1/topics/{id}"), t)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["name"]["de"], name.as_str());
    assert_eq!(topic_count(&site, t).await, before + 1);
}
