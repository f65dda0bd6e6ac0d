//! Fuzz target: query strings, path segments and bodies. The real router, in process, gets
//! every route with arbitrary (and almost right) parameters — search `q`, `page`, facets, the
//! back office's and the API's `status`, `sort`, `limit`, `cursor`, JSON and form bodies — as
//! a visitor, a member and the office; no answer is ever a server error.
//! Longer run: `PROPTEST_CASES=100000 cargo test --release -p urbis-web --test it fuzz_query::`.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Method, Request, header};
use proptest::prelude::*;
use serde_json::Value;
use tower::ServiceExt;

use crate::common;
use crate::common::{
    MEMBERS_EVENT, PASSWORD, PUBLIC_EVENT, PUBLIC_ORG, PUBLIC_PROJECT, Role, Site,
};

/// A session as a browser holds it: the cookies and the CSRF token.
#[derive(Debug, Clone, Default)]
struct Session {
    cookies: HashMap<String, String>,
    csrf: String,
}

impl Session {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn take_cookies(&mut self, response: &axum::response::Response) {
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies
                    .insert(name.trim().to_owned(), value.to_owned());
            }
        }
    }
}

async fn call(
    router: &axum::Router,
    session: &mut Session,
    method: Method,
    uri: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, String) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, session.cookie_header())
        .header(header::CONTENT_TYPE, content_type)
        .header("x-csrf-token", session.csrf.clone())
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    session.take_cookies(&response);
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Logs in through the real forms, in process.
async fn login(site: &Site, router: &axum::Router, role: Role) -> Session {
    let mut session = Session::default();
    let (_, page) = call(
        router,
        &mut session,
        Method::GET,
        "/login",
        "text/plain",
        vec![],
    )
    .await;
    session.csrf = common::csrf_of(&page);
    let Some(email) = role.email() else {
        return session;
    };
    let form = |pairs: &[(&str, &str)]| {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
            .into_bytes()
    };
    let csrf = session.csrf.clone();
    let body = form(&[("email", email), ("password", PASSWORD), ("csrf", &csrf)]);
    let form_type = "application/x-www-form-urlencoded";
    let (status, _) = call(
        router,
        &mut session,
        Method::POST,
        "/login",
        form_type,
        body,
    )
    .await;
    assert_eq!(status, 303, "{role:?} logs in");
    if let Some((_, secret)) = site.secrets.iter().find(|(r, _)| *r == role) {
        let code = site.second_factor(role, email, secret);
        let body = form(&[("code", &code), ("csrf", &csrf)]);
        let (status, _) = call(
            router,
            &mut session,
            Method::POST,
            "/login/code",
            form_type,
            body,
        )
        .await;
        assert_eq!(status, 303, "{role:?} gives the second factor");
    }
    session
}

/// A value for a path segment: ids of stored records, kinds, slugs, file names, or junk.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            PUBLIC_EVENT, MEMBERS_EVENT, PUBLIC_ORG, PUBLIC_PROJECT,
            "0190a000-0000-7000-8000-0000000000b1", "0190a000-0000-7000-8000-0000000000c3",
            "00000000-0000-0000-0000-000000000000", "events", "organisations", "people",
            "projects", "series", "registrations", "collections", "entries", "publications",
            "funding_calls", "funding-calls", "advocacy_actions", "report_texts", "forums",
            "topics", "memberships", "appointments", "offen", "members", "staff",
            "events.rss", "events.atom", "portal.rss", "news.atom", "offen.ics", "offen.rss",
            "x.ics", "site.css", "site.0123456789.css", "x",
        ])
        .prop_map(str::to_owned),
        1 => "[a-zA-Z0-9._~-]{0,40}",
        1 => prop::sample::select(vec![
            "%00", "%FF%FE", "%", "%2", "..", "%2E%2E%2F", "%20", "a%2Fb", "%C3%28", "~", ".",
            "0", "-1", "99999999999999999999", "null", "%F0%9F%98%80",
        ])
        .prop_map(str::to_owned),
        1 => (1usize..4000).prop_map(|n| "a".repeat(n)),
    ]
}

/// A query value: plausible ones, numbers at the edges, broken encodings, junk.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "", "0", "1", "2", "-1", "200", "201", "1000000", "18446744073709551616",
            "9223372036854775807", "-9223372036854775808", "1e3", "1.5", "NaN", "true",
            "held", "planned", "cancelled", "running", "public", "members", "staff", "de",
            "en", "fr", "start_date", "-start_date", "title", "-title", "name", "--x",
            "2022", "2022-13-45", "2030-06-12", "csv", "xlsx", "json", "pdf", "webinar", "city",
            "offen", PUBLIC_EVENT, PUBLIC_ORG, "abc", "AAAA", "eyJ4IjoxfQ", "%FF", "%",
            "%E2%82", "%00", "a%20b", "+", "%2B", "*", "\u{0}", "'; drop table events; --",
            "<script>alert(1)</script>", "\"", "ä", "%C3%A4",
        ])
        .prop_map(str::to_owned),
        1 => "[ -~]{0,30}",
        1 => any::<String>(),
        1 => (1usize..10_000).prop_map(|n| "9".repeat(n)),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => prop::sample::select(vec![
            "q", "page", "kind", "topic", "year", "facet", "status", "sort", "limit", "cursor",
            "lang", "format", "from", "to", "series", "project", "host", "organisation",
            "access", "audience", "compare", "filter", "order", "dir", "per_page", "before",
            "after", "next", "csrf", "language", "country", "email", "type", "tab", "id",
            "sort[]", "limit[0]", "q[]",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z_\\[\\]]{0,10}",
    ]
}

/// `text` as a hand-made link holds it: `%` and what a URI may hold stay as they are (broken
/// escapes too), only what no client can send is escaped.
fn raw(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_graphic() && !"\"#<>\\^`{|}".contains(c) {
            out.push(c);
        } else {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// A query string, encoded properly or raw (as a hand-made link may be).
fn query() -> impl Strategy<Value = String> {
    let pairs = || prop::collection::vec((key(), value()), 0..6);
    prop_oneof![
        2 => pairs().prop_map(|pairs| {
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish()
        }),
        2 => pairs().prop_map(|pairs| {
            pairs
                .iter()
                .map(|(k, v)| format!("{}={}", raw(k), raw(v)))
                .collect::<Vec<_>>()
                .join("&")
        }),
        1 => "[ -~]{0,60}".prop_map(|q| raw(&q)),
    ]
}

/// Arbitrary JSON, nested a few levels.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        value().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A request body with its content type.
fn body() -> impl Strategy<Value = (String, Vec<u8>)> {
    let form_type = "application/x-www-form-urlencoded".to_owned();
    prop_oneof![
        2 => Just((String::new(), Vec::new())),
        2 => (prop::collection::vec((key(), value()), 0..8)).prop_map(move |pairs| {
            let body = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish();
            (form_type.clone(), body.into_bytes())
        }),
        3 => json().prop_map(|v| ("application/json".to_owned(), v.to_string().into_bytes())),
        1 => json().prop_map(|v| {
            ("application/merge-patch+json".to_owned(), v.to_string().into_bytes())
        }),
        1 => (1usize..60).prop_map(|depth| {
            let body = format!("{}1{}", "[".repeat(depth * 10), "]".repeat(depth * 10));
            ("application/json".to_owned(), body.into_bytes())
        }),
        1 => prop::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| ("application/json".to_owned(), b)),
        1 => prop::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| ("multipart/form-data; boundary=x".to_owned(), b)),
    ]
}

/// A route of the router with its `{parameters}` filled in.
fn target() -> impl Strategy<Value = (Method, String)> {
    let routes: Vec<(&str, &str)> = urbis_web::ROUTES
        .iter()
        .copied()
        // Logging out would end the sessions the other cases use.
        .filter(|(_, path)| !path.contains("logout"))
        .collect();
    (
        prop::sample::select(routes),
        prop::collection::vec(segment(), 3),
    )
        .prop_map(|((method, path), segments)| {
            let mut filled = String::new();
            let mut n = 0;
            for part in path.split('/').skip(1) {
                filled.push('/');
                if part.starts_with('{') {
                    filled.push_str(&raw(&segments[n % segments.len()]));
                    n += 1;
                } else {
                    filled.push_str(part);
                }
            }
            let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
            (method, filled)
        })
}

/// The fixture site, a router over it in process, and sessions of a visitor, a member and the
/// office.
fn setup() -> (tokio::runtime::Runtime, Site, axum::Router, Vec<Session>) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let site = runtime.block_on(common::start(urbis_testkit::sqlite()));
    let router = urbis_web::router(urbis_web::AppState::with_files(
        urbis_app::App::new(site.store.clone()),
        site.forum.clone(),
        "http://localhost",
        runtime.block_on(async {
            let search = urbis_search::Search::in_ram().unwrap();
            urbis_search::catch_up(&site.store, &search).await.unwrap();
            search
        }),
        site.files.clone(),
    ));
    let sessions: Vec<Session> = runtime.block_on(async {
        let mut sessions = Vec::new();
        for role in [Role::Anonymous, Role::Member, Role::Staff] {
            sessions.push(login(&site, &router, role).await);
        }
        sessions
    });
    (runtime, site, router, sessions)
}

#[test]
fn fuzz_query_strings_and_bodies_never_give_a_server_error() {
    let (runtime, _site, router, sessions) = setup();
    let strategy = (0..sessions.len(), target(), query(), body(), any::<bool>());
    let statuses = std::sync::Mutex::new(std::collections::BTreeMap::<u16, u32>::new());
    urbis_testkit::fuzz::run(
        "query",
        file!(),
        1_000,
        strategy,
        |(who, (method, path), query, (content_type, body), with_csrf)| {
            let mut session = sessions[who].clone();
            if !with_csrf {
                session.csrf.clear();
            }
            let uri = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            // What no HTTP client can send never reaches the router.
            if axum::http::Uri::try_from(uri.as_str()).is_err() {
                *statuses.lock().unwrap().entry(0).or_default() += 1;
                return Ok(());
            }
            let (status, page) = runtime.block_on(call(
                &router,
                &mut session,
                method.clone(),
                &uri,
                &content_type,
                body,
            ));
            *statuses.lock().unwrap().entry(status).or_default() += 1;
            prop_assert!(
                status < 500,
                "{method} {uri} ({content_type}) answered {status}: {}",
                page.chars().take(2_000).collect::<String>()
            );
            Ok(())
        },
    );
    println!("fuzz query: answers by status (0: not a valid URI) {statuses:?}");
}

/// A change to a record's JSON: a field set to another value, removed, or added.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, Value),
    Remove(usize),
    Add(String, Value),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        4 => (any::<usize>(), json()).prop_map(|(n, v)| Edit::Set(n, v)),
        2 => any::<usize>().prop_map(Edit::Remove),
        1 => (key(), json()).prop_map(|(k, v)| Edit::Add(k, v)),
    ];
    prop::collection::vec(edit, 0..4)
}

/// Every (object, key) place in a JSON value, in document order.
fn places(value: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                at.push(Value::from(key.as_str()));
                out.push(at.clone());
                places(item, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(Value::from(i));
                out.push(at.clone());
                places(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn edit(record: &mut Value, edit: &Edit) {
    let mut all = Vec::new();
    places(record, &mut Vec::new(), &mut all);
    match edit {
        Edit::Set(n, value) if !all.is_empty() => {
            let path = &all[n % all.len()];
            if let Some(node) = walk(record, path) {
                *node = value.clone();
            }
        }
        Edit::Remove(n) if !all.is_empty() => {
            let path = &all[n % all.len()];
            let (last, parent) = path.split_last().unwrap();
            match (walk(record, parent), last) {
                (Some(Value::Object(map)), Value::String(k)) => {
                    map.remove(k);
                }
                (Some(Value::Array(items)), Value::Number(i)) => {
                    let i = usize::try_from(i.as_u64().unwrap()).unwrap();
                    items.remove(i);
                }
                _ => {}
            }
        }
        Edit::Add(key, value) => {
            if let Value::Object(map) = record {
                map.insert(key.clone(), value.clone());
            }
        }
        _ => {}
    }
}

fn walk<'a>(mut node: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    for part in path {
        node = match part {
            Value::String(k) => node.get_mut(k.as_str())?,
            _ => node.get_mut(usize::try_from(part.as_u64()?).ok()?)?,
        };
    }
    Some(node)
}

#[test]
fn fuzz_api_writes_of_changed_records_never_give_a_server_error() {
    let (runtime, _site, router, sessions) = setup();
    let staff = sessions[2].clone();
    // Real records of every kind, as the API gives them to the office.
    let seeds: Vec<(String, Value)> = runtime.block_on(async {
        let mut seeds = Vec::new();
        let mut session = staff.clone();
        for kind in urbis_app::records::KINDS {
            let uri = format!("/api/v1/{}?limit=3", kind.plural());
            let (status, page) = call(
                &router,
                &mut session,
                Method::GET,
                &uri,
                "text/plain",
                vec![],
            )
            .await;
            assert_eq!(status, 200, "{uri}: {page}");
            let list: Value = serde_json::from_str(&page).unwrap();
            for item in list["items"].as_array().unwrap() {
                seeds.push((kind.plural().to_owned(), item.clone()));
            }
        }
        seeds
    });
    assert!(seeds.len() > 10, "the fixture has records of many kinds");
    let ids: Vec<String> = seeds
        .iter()
        .filter_map(|(_, r)| r["id"].as_str().map(str::to_owned))
        .collect();
    let method = prop::sample::select(vec![Method::POST, Method::PUT, Method::PATCH]);
    let shape = prop::sample::select(vec!["json", "merge", "bytes", "huge", "deep", "text"]);
    let statuses = std::sync::Mutex::new(std::collections::BTreeMap::<u16, u32>::new());
    urbis_testkit::fuzz::run(
        "api_writes",
        file!(),
        400,
        (
            0..seeds.len(),
            0..ids.len(),
            edits(),
            method,
            shape,
            mutations_of_bytes(),
        ),
        |(seed, other, edits, method, shape, bytes)| {
            let (kind, record) = &seeds[seed];
            let mut record = record.clone();
            for change in &edits {
                edit(&mut record, change);
            }
            // Sometimes the id of a record of another kind, as a caller may mix them up.
            let id = if other % 4 == 0 {
                &ids[other]
            } else {
                record["id"].as_str().unwrap_or(&ids[other])
            };
            let uri = if method == Method::POST {
                format!("/api/v1/{kind}")
            } else {
                format!("/api/v1/{kind}/{}", raw(id))
            };
            let text = record.to_string();
            let (content_type, body) = match shape {
                "merge" => ("application/merge-patch+json", text.into_bytes()),
                "bytes" => (
                    "application/json",
                    urbis_testkit::fuzz::mutate(text.as_bytes(), &bytes),
                ),
                "huge" => (
                    "application/json",
                    format!("{{\"x\": \"{}\"}}", "a".repeat(3_000_000)).into_bytes(),
                ),
                "deep" => (
                    "application/json",
                    format!("{}{}", "{\"a\":".repeat(5_000), "}".repeat(5_000)).into_bytes(),
                ),
                "text" => ("text/plain", text.into_bytes()),
                _ => ("application/json", text.into_bytes()),
            };
            let mut session = staff.clone();
            let (status, page) = runtime.block_on(call(
                &router,
                &mut session,
                method.clone(),
                &uri,
                content_type,
                body,
            ));
            *statuses.lock().unwrap().entry(status).or_default() += 1;
            prop_assert!(
                status < 500,
                "{method} {uri} ({shape}) answered {status}: {}",
                page.chars().take(2_000).collect::<String>()
            );
            if status >= 400 {
                let problem: Result<Value, _> = serde_json::from_str(&page);
                prop_assert!(
                    problem.as_ref().is_ok_and(|p| p["status"] == status),
                    "{method} {uri} ({shape}): a {status} that is not a problem document: {}",
                    page.chars().take(500).collect::<String>()
                );
            }
            Ok(())
        },
    );
    println!("fuzz api_writes: answers by status {statuses:?}");
}

fn mutations_of_bytes() -> impl Strategy<Value = Vec<urbis_testkit::fuzz::Mutation>> {
    urbis_testkit::fuzz::mutations(3)
}
