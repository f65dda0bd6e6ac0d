//! No N+1 queries, measured: the SQL statements the server runs for the busy list pages are
//! counted once on the demo network and once on the demo network made ten times larger; the
//! counts must be equal, whatever the number of rows a page shows.
//!
//! sqlx reports every statement it runs as a `tracing` event with the target `sqlx::query`; a
//! counting layer installed for this test process adds up those that run inside the server's
//! `request` span. Background work (the search follower polling the change log) runs outside
//! any request and is not counted. One request runs at a time, so the difference of the counter
//! before and after a request is what that request cost.
//!
//! A test binary of its own, apart from `tests/it`: the counter is the process's global
//! `tracing` subscriber and counts the statements of every request in the process, so any other
//! test running beside it (the test harness runs them on parallel threads) would add its own.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

// The main test binary's site; this binary uses only a few of its helpers.
#[allow(dead_code)]
#[path = "it/common/mod.rs"]
mod common;

use std::sync::atomic::{AtomicU64, Ordering};

use common::{Role, Site, start_with};
use reqwest::{Client, StatusCode};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Layer, Registry};

/// Statements run since the process started.
static STATEMENTS: AtomicU64 = AtomicU64::new(0);

/// Counts sqlx's statement events run on behalf of a request.
struct CountStatements;

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        let in_request = ctx
            .event_scope(event)
            .is_some_and(|mut scope| scope.any(|span| span.name() == "request"));
        if event.metadata().target() == "sqlx::query" && in_request {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The pages measured, as (what, path).
const PAGES: &[(&str, &str)] = &[
    ("event list", "/events"),
    ("past events", "/events?when=past"),
    ("member list", "/members"),
    ("topic page", "/topics/nachtleben"),
    ("topic page", "/topics/bahnhofsviertel"),
];

/// The back office's lists, measured for the office: a page of 50 whatever the size (so the
/// page need not grow with the data).
const OFFICE_PAGES: &[(&str, &str)] = &[
    ("office events", "/admin/events"),
    ("office people", "/admin/people"),
    ("office organisations", "/admin/organisations"),
    (
        "office events of a topic",
        "/admin/events?topic=TOPIC&sort=start",
    ),
];

/// The demo network `factor` times larger, served as the scaled forum, with no records kept
/// between requests (every request reads what it shows, so its statements are counted).
async fn site(factor: u32) -> Site {
    let dataset = urbis_demo::scale::scaled(factor, 7).expect("the demo scales");
    let site = start_with(urbis_testkit::sqlite(), dataset, "DEFUS").await;
    site.app.set_read_budget(0);
    site
}

/// The statements one request costs, and the page it returned. An anonymous request carries
/// a session cookie that names no session: it is served as anonymous, but rendered every time
/// instead of from the kept pages (`page_cache`), so the statements of rendering are counted.
async fn cost(client: &Client, site: &Site, path: &str, role: Role) -> (u64, String) {
    let before = STATEMENTS.load(Ordering::SeqCst);
    let mut request = client.get(site.url(path));
    if role == Role::Anonymous {
        request = request.header("cookie", "urbis_session=none");
    }
    let response = request.send().await.expect("a response");
    let status = response.status();
    let page = response.text().await.expect("the page");
    let after = STATEMENTS.load(Ordering::SeqCst);
    assert_eq!(status, StatusCode::OK, "{path}");
    (after - before, page)
}

/// The statements each page costs for `role` on a site `factor` times the demo, with the size of
/// each page (to show the larger site really shows more).
async fn costs(factor: u32, role: Role, pages: &[(&str, &str)]) -> Vec<(u64, usize)> {
    let site = site(factor).await;
    let client = site.client(role).await;
    let topic = site
        .store
        .list::<urbis_domain::network::Topic>(&urbis_testkit::store::ListQuery::everything())
        .await
        .expect("the topics")
        .into_iter()
        .find(|t| t.slug == "nachtleben")
        .expect("the demo's topic");
    let mut costs = Vec::new();
    for (_, path) in pages {
        let path = &path.replace("TOPIC", topic.id.as_str());
        // The first request warms what is cached for a while (the forum, the topics); of three
        // more the least is the page's own cost, without a cache's occasional refresh.
        cost(&client, &site, path, role).await;
        let mut least = u64::MAX;
        let mut size = 0;
        for _ in 0..3 {
            let (statements, page) = cost(&client, &site, path, role).await;
            least = least.min(statements);
            size = page.len();
        }
        costs.push((least, size));
    }
    costs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_pages_run_as_many_statements_for_ten_times_the_data() {
    tracing::subscriber::set_global_default(
        Registry::default().with(
            CountStatements.with_filter(
                tracing_subscriber::filter::Targets::new()
                    .with_target("sqlx::query", tracing::Level::TRACE)
                    // The server's `request` span, which statements must run inside to count.
                    .with_target("urbis_web::proxy", tracing::Level::INFO),
            ),
        ),
    )
    .expect("the counter is the only subscriber");

    // The counter sees statements at all.
    let probe = site(1).await;
    let (statements, _) = cost(&common::browser(), &probe, "/events", Role::Anonymous).await;
    assert!(statements > 0, "sqlx's statement events are counted");
    drop(probe);

    let mut growing = Vec::new();
    let measured = [
        (Role::Anonymous, PAGES),
        (Role::Member, PAGES),
        (Role::Staff, PAGES),
        (Role::Staff, OFFICE_PAGES),
    ];
    for (role, pages) in measured {
        let small = costs(1, role, pages).await;
        let large = costs(10, role, pages).await;
        for (((what, path), (one, one_size)), (ten, ten_size)) in
            pages.iter().zip(&small).zip(&large)
        {
            eprintln!(
                "{role:?} {what} {path}: {one} statements for the demo ({one_size} bytes), \
                 {ten} for ten times the demo ({ten_size} bytes)"
            );
            if pages == PAGES {
                assert!(ten_size > one_size, "{path} shows more on the larger site");
            }
            if ten > one {
                growing.push(format!("{role:?} {path}: {one} → {ten}"));
            }
        }
    }
    assert!(
        growing.is_empty(),
        "statements grow with the data (N+1):\n{}",
        growing.join("\n")
    );

    reset_requests_cost_the_same_whether_the_account_exists().await;
}

/// Asking for a reset link does the same work on the request path whether the account exists
/// or not (the lookup, the token and the mail happen after the answer), so its timing does
/// not tell which addresses have accounts. The mail still goes out for the real account.
async fn reset_requests_cost_the_same_whether_the_account_exists() {
    let site = site(1).await;
    let client = common::browser();
    let page = client
        .get(site.url("/password/forgot"))
        .send()
        .await
        .expect("the form")
        .text()
        .await
        .expect("the page");
    let token = common::csrf_of(&page);
    let outbox = site.store.outbox_len().await.expect("the outbox");
    let mut costs = Vec::new();
    for email in [
        "member@example.org",
        "nobody@example.org",
        "staff@example.org",
        "nobody.else@example.org",
    ] {
        let before = STATEMENTS.load(Ordering::SeqCst);
        let response = client
            .post(site.url("/password/forgot"))
            .form(&[("email", email), ("csrf", &token)])
            .send()
            .await
            .expect("an answer");
        assert_eq!(response.status(), StatusCode::OK);
        response.text().await.expect("the page");
        costs.push(STATEMENTS.load(Ordering::SeqCst) - before);
    }
    eprintln!("reset requests (account, none, account, none): {costs:?} statements");
    assert!(costs[0] > 0, "the request is counted");
    assert!(
        costs.iter().all(|c| *c == costs[0]),
        "a reset request costs the same for an account and for none: {costs:?}"
    );
    let mut queued = 0;
    for _ in 0..200 {
        queued = site.store.outbox_len().await.expect("the outbox") - outbox;
        if queued >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        queued, 2,
        "a link for each real account, none for the others"
    );
}
