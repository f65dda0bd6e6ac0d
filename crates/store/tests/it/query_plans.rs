//! The queries the pages run have an index to serve them, on both databases: the plan of each
//! hot list query (the shapes of `urbis_app`'s read models: events ahead and past, a topic's
//! events, the member list, a board, the portal, the back office's lists) is read with
//! `EXPLAIN QUERY PLAN` (SQLite) or `EXPLAIN` with sequential scans discouraged (PostgreSQL),
//! and a full scan of any table but the few forums fails the test, naming the query.

use urbis_domain::advocacy::AdvocacyAction;
use urbis_domain::events::{Event, Series};
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::{
    Appointment, Membership, MembershipStatus, Organisation, Person, Topic,
};
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::{FundingApplication, Project};
use urbis_domain::{Access, Id};
use urbis_store::{Backend, ListQuery, Store, Stored, Value};
use urbis_testkit::TestDb;

use crate::common;

urbis_testkit::on_both_databases!(hot_queries_use_an_index);

/// The lines of a plan that read a whole table (other than `forums`, a handful of rows).
fn full_scans(backend: Backend, plan: &[String]) -> Vec<String> {
    plan.iter()
        .filter(|line| match backend {
            Backend::Sqlite => {
                let line = line.trim();
                line.starts_with("SCAN ")
                    && !line.contains(" USING ")
                    && !line.starts_with("SCAN forums")
                    // The few rows each source of a shared list brings (records.rs).
                    && !line.starts_with("SCAN source")
                    // The records referring to a topic, when few do (at most FEW_CARRIERS).
                    && !line.starts_with("SCAN carriers")
                    && !line.starts_with("SCAN CONSTANT")
            }
            Backend::Postgres => {
                line.contains("Seq Scan on") && !line.contains("Seq Scan on forums")
            }
        })
        .cloned()
        .collect()
}

async fn check<R: Stored>(store: &Store, name: &str, query: ListQuery, failures: &mut Vec<String>) {
    let plan = store.query_plan::<R>(&query).await.unwrap();
    assert!(!plan.is_empty(), "{name}: no plan");
    let scans = full_scans(store.backend(), &plan);
    if !scans.is_empty() {
        failures.push(format!("{name}: {scans:?}\n  plan: {plan:#?}"));
    }
}

async fn hot_queries_use_an_index(db: TestDb) {
    let store = common::open(&db).await;
    store.import(common::full()).await.unwrap();
    let forum = Id::new();
    let (some, today) = (Id::new(), jiff::civil::date(2026, 12, 7));
    let level = Access::Members;
    let q = || ListQuery::new(&forum, level);
    let mut failures = Vec::new();
    let day = || Value::day(today);

    // Events: the list ahead and past, the home page, the portal, a series, a topic, the feed.
    let events = [
        (
            "events ahead",
            q().with_shared()
                .at_least("last_day", day())
                .order_by("start_date", false),
        ),
        (
            "events past",
            q().with_shared()
                .below("last_day", day())
                .below("start_date", day())
                .order_by("start_date", true),
        ),
        (
            "portal events",
            q().with_shared()
                .filter("portal", Value::flag(true))
                .order_by("start_date", true),
        ),
        (
            "a series' events",
            q().filter("series_id", Value::id(&some))
                .order_by("start_date", false),
        ),
        (
            "a topic's events",
            q().referring_to(&some, "topics[")
                .at_least("last_day", day())
                .order_by("start_date", false),
        ),
        (
            "a topic's past events",
            q().referring_to(&some, "topics[")
                .below("last_day", day())
                .below("start_date", day())
                .order_by("start_date", true),
        ),
        (
            "a common topic's events",
            q().referring_to(&some, "topics[")
                .carriers_counted(false)
                .at_least("last_day", day())
                .order_by("start_date", false),
        ),
        (
            "a common topic's past events",
            q().referring_to(&some, "topics[")
                .carriers_counted(false)
                .below("last_day", day())
                .below("start_date", day())
                .order_by("start_date", true),
        ),
        (
            "the calendar feed",
            q().with_shared().order_by("start_date", true),
        ),
    ];
    for (name, query) in events {
        check::<Event>(&store, name, query.page(20, 0), &mut failures).await;
    }
    check::<Series>(
        &store,
        "series choices",
        q().with_shared().order_by("updated_at", true).page(200, 0),
        &mut failures,
    )
    .await;

    // The network.
    let members = q()
        .referenced_by::<Membership>(
            "organisation_id",
            vec![("status", Value::name(&MembershipStatus::Active))],
        )
        .order_by("sort_name", false);
    check::<Organisation>(
        &store,
        "the member list",
        members.page(60, 0),
        &mut failures,
    )
    .await;
    check::<Person>(
        &store,
        "people by name",
        q().order_by("sort_name", false).page(200, 0),
        &mut failures,
    )
    .await;
    check::<Appointment>(
        &store,
        "the board and office",
        q().order_by("position", false).page(200, 0),
        &mut failures,
    )
    .await;
    check::<Topic>(
        &store,
        "a topic by slug",
        q().filter("slug", Value::text("x")).page(1, 0),
        &mut failures,
    )
    .await;

    // Collections and boards.
    check::<Collection>(
        &store,
        "collections",
        q().order_by("slug", false).page(50, 0),
        &mut failures,
    )
    .await;
    let board = q()
        .filter("collection_id", Value::id(&some))
        .filter("archived", Value::flag(false))
        .order_by("pinned", true)
        .order_by("created_at", true);
    check::<Entry>(&store, "a board", board.page(100, 0), &mut failures).await;

    // The portal, projects, advocacy.
    check::<Publication>(
        &store,
        "latest publications",
        q().with_shared().order_by("published", true).page(20, 0),
        &mut failures,
    )
    .await;
    check::<FundingCall>(
        &store,
        "latest calls",
        q().with_shared()
            .order_by("next_deadline", true)
            .page(20, 0),
        &mut failures,
    )
    .await;
    check::<Project>(
        &store,
        "projects",
        q().order_by("kind", false)
            .order_by("acronym_key", false)
            .page(100, 0),
        &mut failures,
    )
    .await;
    check::<FundingApplication>(
        &store,
        "the applications board",
        ListQuery::new(&forum, Access::Staff)
            .order_by("submitted", true)
            .page(500, 0),
        &mut failures,
    )
    .await;
    check::<AdvocacyAction>(
        &store,
        "advocacy actions",
        q().order_by("action_date", true).page(300, 0),
        &mut failures,
    )
    .await;

    assert!(
        failures.is_empty(),
        "full table scans:\n{}",
        failures.join("\n")
    );
}
