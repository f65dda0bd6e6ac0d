//! The storage suite: the same tests on a SQLite file and on PostgreSQL.

use std::collections::BTreeSet;

use urbis_domain::advocacy::{AdvocacyAction, Cooperation, Outreach};
use urbis_domain::events::{Event, Registration, Series};
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::{
    Appointment, Forum, Membership, Organisation, Person, Topic, TopicPlan,
};
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::{FundingApplication, Project};
use urbis_domain::report::ReportText;
use urbis_domain::{Access, Dataset, ForumData, Id, Record, Text, for_each_record_type};
use urbis_store::{DecidedMails, Limit, ListQuery, PendingLinks, Store, StoreError, Value};
use urbis_testkit::TestDb;

use crate::common;

urbis_testkit::on_both_databases!(
    every_kind_is_created_read_updated_and_deleted,
    lists_filter_by_access_level_inside_the_query,
    lists_filter_sort_and_page,
    unique_values_are_conflicts_on_their_field,
    references_must_exist_and_referenced_records_stay,
    invalid_records_are_refused_with_every_problem,
    demo_network_round_trip_is_byte_identical,
    a_failing_import_changes_nothing,
    concurrent_writers_all_succeed,
    changes_are_audited_and_survive_the_round_trip,
    rate_limits_count_each_window_once_and_atomically,
    unconfirmed_registrations_take_a_seat_only_by_their_link,
    a_viewer_finds_only_their_own_live_registration,
    open_ended_bounds_keep_records_without_a_date,
);

/// The forum of the fixture that holds the records (not the umbrella).
fn forum_data(dataset: &Dataset) -> &ForumData {
    &dataset.forums[1]
}

async fn insert_forums(store: &Store, dataset: &Dataset) {
    for data in &dataset.forums {
        let forum = data
            .forum
            .as_ref()
            .expect("fixture forums have their forum");
        store.insert(forum).await.expect("forum inserts");
    }
    for data in &dataset.forums {
        for org in &data.organisations {
            if data.forum.as_ref().is_some_and(|f| f.short_name == "UMB") {
                store
                    .insert(org)
                    .await
                    .expect("umbrella organisation inserts");
            }
        }
    }
}

macro_rules! crud_each_kind {
    ($($ty:ident $field:ident,)*) => {
        /// Inserts every record of the fixture one by one, in writing order, and reads it back.
        async fn insert_and_read_all(store: &Store, data: &ForumData) -> usize {
            let mut count = 0;
            $(
                for record in &data.$field {
                    store.insert(record).await.unwrap_or_else(|e| panic!("insert {}: {e}", stringify!($ty)));
                    let back: $ty = store.get(record.id()).await.unwrap_or_else(|e| panic!("get {}: {e}", stringify!($ty)));
                    assert_eq!(&back, record, "{} reads back as written", stringify!($ty));
                    count += 1;
                }
            )*
            count
        }

        /// Updates every record (new access level), reads it back changed, then deletes every
        /// record in reverse order, so that nothing is deleted while still referred to.
        async fn update_and_delete_all(store: &Store, data: &ForumData) {
            $(
                for record in &data.$field {
                    let mut changed = record.clone();
                    set_staff(&mut changed);
                    store.update(&mut changed).await.unwrap_or_else(|e| panic!("update {}: {e}", stringify!($ty)));
                    let back: $ty = store.get(record.id()).await.expect("read after update");
                    assert_eq!(back.access(), Access::Staff);
                    assert!(back.updated() >= record.updated());
                    assert_eq!(back, changed);
                }
            )*
            let mut deletions: Vec<(&'static str, Id)> = Vec::new();
            $( deletions.extend(data.$field.iter().map(|r| (stringify!($ty), r.id().clone()))); )*
            for (kind, id) in deletions.into_iter().rev() {
                delete_kind(store, kind, &id).await;
            }
        }

        async fn delete_kind(store: &Store, kind: &str, id: &Id) {
            match kind {
                $(
                    stringify!($ty) => {
                        store.delete::<$ty>(id).await.unwrap_or_else(|e| panic!("delete {kind}: {e}"));
                        assert!(matches!(store.get::<$ty>(id).await, Err(StoreError::NotFound { .. })));
                    }
                )*
                _ => unreachable!(),
            }
        }

        /// The number of record kinds below the forum.
        const KINDS: usize = [$(stringify!($ty)),*].len();

        fn kinds_present(data: &ForumData) -> usize {
            [$(!data.$field.is_empty()),*].iter().filter(|p| **p).count()
        }
    };
}
for_each_record_type!(crud_each_kind);

/// Changes a record's access level through its JSON form, the same for every kind.
fn set_staff<R: Record>(record: &mut R) {
    let forum = record.forum().clone();
    let mut json = serde_json::to_value(&*record).expect("serialises");
    json["access"] = "staff".into();
    *record = serde_json::from_value(json).expect("deserialises");
    record.set_forum(forum);
}

async fn every_kind_is_created_read_updated_and_deleted(db: TestDb) {
    let store = common::open(&db).await;
    let dataset = common::full();
    let data = forum_data(&dataset);
    assert_eq!(
        kinds_present(data),
        KINDS,
        "the fixture has a record of every kind"
    );
    insert_forums(&store, &dataset).await;
    let inserted = insert_and_read_all(&store, data).await;
    assert!(inserted >= KINDS);
    update_and_delete_all(&store, data).await;
    let mut forum = data.forum.clone().expect("forum");
    forum.name = Text::new(urbis_domain::Lang::De, "Umbenannt");
    store.update(&mut forum).await.expect("forum updates");
    assert_eq!(
        store.get::<Forum>(&forum.id).await.expect("forum").name,
        forum.name
    );
}

async fn lists_filter_by_access_level_inside_the_query(db: TestDb) {
    let store = common::open(&db).await;
    let dataset = common::full();
    insert_forums(&store, &dataset).await;
    let forum = forum_data(&dataset)
        .forum
        .as_ref()
        .expect("forum")
        .id
        .clone();
    for (i, access) in [
        Access::Public,
        Access::Members,
        Access::Staff,
        Access::Members,
    ]
    .into_iter()
    .enumerate()
    {
        let topic: Topic = serde_json::from_value(serde_json::json!({
            "slug": format!("t{i}"), "name": format!("{access:?} topic {i}"), "access": access
        }))
        .expect("topic");
        let mut topic = topic;
        topic.set_forum(forum.clone());
        store.insert(&topic).await.expect("insert");
    }
    let names = |topics: Vec<Topic>| -> BTreeSet<String> {
        topics
            .iter()
            .map(|t| t.name.original_text().to_owned())
            .collect()
    };
    let public = store
        .list::<Topic>(&ListQuery::new(&forum, Access::Public))
        .await
        .expect("list");
    assert_eq!(names(public), BTreeSet::from(["Public topic 0".to_owned()]));
    let members = store
        .list::<Topic>(&ListQuery::new(&forum, Access::Members))
        .await
        .expect("list");
    assert_eq!(members.len(), 3);
    assert!(members.iter().all(|t| t.access != Access::Staff));
    let staff = store
        .count::<Topic>(&ListQuery::new(&forum, Access::Staff))
        .await
        .expect("count");
    assert_eq!(staff, 4);
    assert_eq!(
        store
            .count::<Topic>(&ListQuery::new(&forum, Access::Members))
            .await
            .expect("count"),
        3
    );
    let other_forum = dataset.forums[0]
        .forum
        .as_ref()
        .expect("umbrella")
        .id
        .clone();
    assert_eq!(
        store
            .count::<Topic>(&ListQuery::new(&other_forum, Access::Staff))
            .await
            .expect("count"),
        0
    );
}

async fn lists_filter_sort_and_page(db: TestDb) {
    let store = common::open(&db).await;
    let dataset = common::full();
    insert_forums(&store, &dataset).await;
    let forum = forum_data(&dataset)
        .forum
        .as_ref()
        .expect("forum")
        .id
        .clone();
    for (month, kind) in [
        ("2022-03", "webinar"),
        ("2022-11", "symposium"),
        ("2022-06", "webinar"),
    ] {
        let mut event: Event = serde_json::from_value(serde_json::json!({
            "kind": kind, "title": format!("{kind} {month}"), "start": month,
            "format": "online", "status": "held"
        }))
        .expect("event");
        event.set_forum(forum.clone());
        store.insert(&event).await.expect("insert");
    }
    let webinars = ListQuery::new(&forum, Access::Public)
        .filter("kind", Value::text("webinar"))
        .order_by("start_date", true);
    let found: Vec<Event> = store.list(&webinars).await.expect("list");
    let starts: Vec<String> = found.iter().map(|e| e.start.to_string()).collect();
    assert_eq!(starts, ["2022-06", "2022-03"]);
    let page: Vec<Event> = store
        .list(
            &ListQuery::new(&forum, Access::Public)
                .order_by("start_date", false)
                .page(1, 1),
        )
        .await
        .expect("page");
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].start.to_string(), "2022-06");
    let bad = store
        .list::<Event>(
            &ListQuery::new(&forum, Access::Public).order_by("body; drop table events", false),
        )
        .await;
    assert!(matches!(bad, Err(StoreError::Invalid(_))), "{bad:?}");
    let mut portal: Event = serde_json::from_value(serde_json::json!({
        "kind": "conference", "title": "Portal conference", "start": "2023-05",
        "format": "in_person", "status": "planned", "portal": true
    }))
    .expect("event");
    portal.set_forum(forum.clone());
    store.insert(&portal).await.expect("insert");
    let listed: Vec<Event> = store
        .list(&ListQuery::new(&forum, Access::Public).filter("portal", Value::flag(true)))
        .await
        .expect("portal events");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, portal.id);
    store.delete::<Event>(&portal.id).await.expect("delete");
    let by_kind = store
        .count_by::<Event>(&ListQuery::new(&forum, Access::Public), "kind")
        .await
        .expect("grouped count");
    assert_eq!(by_kind.get("webinar"), Some(&2));
    assert_eq!(by_kind.get("symposium"), Some(&1));
    let injected = store
        .count_by::<Event>(
            &ListQuery::new(&forum, Access::Public),
            "kind; drop table events",
        )
        .await;
    assert!(matches!(injected, Err(StoreError::Invalid(_))));
    assert_eq!(
        store
            .count::<Event>(&ListQuery::new(&forum, Access::Public))
            .await
            .expect("count"),
        3
    );
}

fn expect_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>, field: &str) {
    match result {
        Err(StoreError::Conflict { field: f, .. }) if f == field => {}
        other => panic!("expected a conflict on `{field}`, got {other:?}"),
    }
}

async fn unique_values_are_conflicts_on_their_field(db: TestDb) {
    let store = common::open(&db).await;
    let dataset = common::full();
    insert_forums(&store, &dataset).await;
    let data = forum_data(&dataset);
    insert_and_read_all(&store, data).await;

    let mut same_slug = data.topics[0].clone();
    same_slug.id = Id::new();
    expect_conflict(store.insert(&same_slug).await, "slug");
    let mut other_forum = same_slug.clone();
    other_forum.forum = dataset.forums[0]
        .forum
        .as_ref()
        .expect("umbrella")
        .id
        .clone();
    store
        .insert(&other_forum)
        .await
        .expect("the same slug in another forum is fine");

    let mut acronym = data.projects[0].clone();
    acronym.id = Id::new();
    acronym.acronym = acronym.acronym.to_uppercase();
    expect_conflict(store.insert(&acronym).await, "acronym");

    let mut email = data.people[0].clone();
    email.id = Id::new();
    email.email = email.email.map(|e| e.to_uppercase());
    expect_conflict(store.insert(&email).await, "email");

    expect_conflict(store.insert(&data.organisations[0]).await, "id");

    let mut short_name = data.forum.clone().expect("forum");
    short_name.id = Id::new();
    short_name.short_name = "tf".into();
    expect_conflict(store.insert(&short_name).await, "short_name");

    let mut twice = data.registrations[0].clone();
    twice.id = Id::new();
    expect_conflict(store.insert(&twice).await, "guest.email");
}

async fn references_must_exist_and_referenced_records_stay(db: TestDb) {
    let store = common::open(&db).await;
    let dataset = common::full();
    insert_forums(&store, &dataset).await;
    let data = forum_data(&dataset);
    insert_and_read_all(&store, data).await;

    let mut dangling = data.memberships[0].clone();
    dangling.id = Id::new();
    dangling.organisation = Id::new();
    match store.insert(&dangling).await {
        Err(StoreError::Invalid(problems)) => {
            assert_eq!(
                problems.iter().next().map(|p| p.field.as_str()),
                Some("organisation")
            );
        }
        other => panic!("expected a missing reference, got {other:?}"),
    }
    let mut wrong_kind = data.events[0].clone();
    wrong_kind.id = Id::new();
    wrong_kind.host = Some(data.people[0].id.clone());
    assert!(matches!(
        store.insert(&wrong_kind).await,
        Err(StoreError::Invalid(_))
    ));

    let difu = &data.organisations[1].id;
    match store.delete::<Organisation>(difu).await {
        Err(StoreError::Conflict { message, .. }) => {
            assert!(message.contains("referred to"), "{message}");
        }
        other => panic!("expected the delete to be refused, got {other:?}"),
    }
    assert!(store.get::<Organisation>(difu).await.is_ok());
    let event = &data.events[0].id;
    assert!(matches!(
        store.delete::<Event>(event).await,
        Err(StoreError::Conflict { .. })
    ));
    store
        .delete::<Registration>(&data.registrations[0].id)
        .await
        .expect("registration deletes");
    store
        .delete::<Publication>(&data.publications[0].id)
        .await
        .expect("publication deletes");
    store
        .delete::<Entry>(&data.entries[0].id)
        .await
        .expect("entry deletes");
    store
        .delete::<Event>(event)
        .await
        .expect("nothing refers to the event any more");
    assert!(matches!(
        store.delete::<Event>(event).await,
        Err(StoreError::NotFound { .. })
    ));
}

async fn invalid_records_are_refused_with_every_problem(db: TestDb) {
    let store = common::open(&db).await;
    let dataset = common::full();
    insert_forums(&store, &dataset).await;
    let data = forum_data(&dataset);
    let mut event = data.events[0].clone();
    event.end = Some("2021-01".parse().expect("date"));
    event.capacity = Some(0);
    event.time_zone = "Mars/Olympus".into();
    event.online_link = Some("not a link".into());
    match store.insert(&event).await {
        Err(StoreError::Invalid(problems)) => {
            let fields: BTreeSet<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(
                fields,
                BTreeSet::from(["end", "capacity", "time_zone", "online_link"]),
                "{problems}"
            );
        }
        other => panic!("expected invalid, got {other:?}"),
    }
    let forum = data.forum.as_ref().expect("forum").id.clone();
    assert_eq!(
        store
            .count::<Event>(&ListQuery::new(&forum, Access::Staff))
            .await
            .expect("count"),
        0
    );
}

async fn demo_network_round_trip_is_byte_identical(db: TestDb) {
    let store = common::open(&db).await;
    store
        .import(urbis_demo::dataset().expect("demo"))
        .await
        .expect("the demo imports");
    let first = store.export().await.expect("export").to_json();
    let again = store.export().await.expect("export").to_json();
    assert_eq!(first, again, "the export is stable");

    let second_db = if db.url().starts_with("sqlite") {
        urbis_testkit::sqlite()
    } else {
        urbis_testkit::postgres().await
    };
    let second = common::open(&second_db).await;
    second
        .import(Dataset::from_json(&first).expect("the export reads back"))
        .await
        .expect("the export imports into an empty store");
    let round_trip = second.export().await.expect("export").to_json();
    assert!(first == round_trip, "export → import → export differs");
}

async fn a_failing_import_changes_nothing(db: TestDb) {
    let store = common::open(&db).await;
    store
        .import(common::full())
        .await
        .expect("the fixture imports");
    let before = store.export().await.expect("export").to_json();

    // The same forums again: refused before writing.
    let again = store
        .import(Dataset::from_json(&before).expect("reads"))
        .await;
    assert!(matches!(again, Err(StoreError::Invalid(_))), "{again:?}");

    // A new forum whose second person clashes with the first only in the database (the
    // unique email): found half-way through writing, and everything is rolled back.
    let mut clash = Dataset::from_json(common::FULL).expect("reads");
    for data in &mut clash.forums {
        if let Some(forum) = &mut data.forum {
            forum.short_name.push('2');
        }
    }
    let mut twin = clash.forums[1].people[0].clone();
    twin.id = Id::from_text("p-twin");
    clash.forums[1].people.push(twin);
    match store.import(clash).await {
        Err(StoreError::Invalid(problems)) => {
            let text = problems.to_string();
            assert!(text.contains("forums[1].people[1].email"), "{text}");
        }
        other => panic!("expected the clash to fail the import, got {other:?}"),
    }

    // A new forum with texts and lists longer than their limits: refused before writing,
    // every one named by its path.
    let mut long = Dataset::from_json(common::FULL).expect("reads");
    for data in &mut long.forums {
        if let Some(forum) = &mut data.forum {
            forum.short_name.push('3');
        }
    }
    long.forums[1].topics[0].name = Text::new(urbis_domain::Lang::En, "x".repeat(100_000));
    let topic = long.forums[1].topics[0].id.clone();
    long.forums[1].events[0].topics = vec![topic; 301];
    match store.import(long).await {
        Err(StoreError::Invalid(problems)) => {
            let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
            assert!(
                found.contains(
                    &"forums[1].topics[0].name.en: must be at most 300 characters (has 100000)"
                        .to_owned()
                ),
                "{found:?}"
            );
            assert!(
                found.contains(
                    &"forums[1].events[0].topics: must have at most 300 entries (has 301)"
                        .to_owned()
                ),
                "{found:?}"
            );
        }
        other => panic!("expected the long texts to fail the import, got {other:?}"),
    }
    let after = store.export().await.expect("export").to_json();
    assert!(before == after, "a failed import changed the store");
}

async fn concurrent_writers_all_succeed(db: TestDb) {
    let store = common::open(&db).await;
    let dataset = common::full();
    insert_forums(&store, &dataset).await;
    let forum = forum_data(&dataset)
        .forum
        .as_ref()
        .expect("forum")
        .id
        .clone();
    let mut tasks = Vec::new();
    for writer in 0..8 {
        // Every writer has its own handle on the same database, as separate processes would.
        let store = Store::open(db.url()).await.expect("opens");
        let forum = forum.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                let mut org: Organisation = serde_json::from_value(serde_json::json!({
                    "name": format!("Writer {writer} organisation {i}"), "kind": "city", "country": "DE"
                }))
                .expect("organisation");
                org.set_forum(forum.clone());
                store.insert(&org).await?;
                org.city = Some("Essen".into());
                store.update(&mut org).await?;
            }
            Ok::<(), StoreError>(())
        }));
    }
    for task in tasks {
        task.await
            .expect("the writer runs")
            .expect("no write fails (no 'database is locked')");
    }
    let count = store
        .count::<Organisation>(&ListQuery::new(&forum, Access::Staff))
        .await
        .expect("count");
    assert_eq!(count, 8 * 25);
}

async fn changes_are_audited_and_survive_the_round_trip(db: TestDb) {
    let store = common::open(&db).await;
    let dataset = common::full();
    store
        .import(dataset.clone())
        .await
        .expect("the fixture imports");
    let data = forum_data(&dataset);
    assert!(
        store
            .export()
            .await
            .expect("export")
            .forums
            .iter()
            .all(|f| f.audit.is_empty()),
        "imports leave no audit entries of their own"
    );

    let actor = Id::new();
    let office = store.acting_as(Some(&actor));
    let mut org: Organisation = serde_json::from_value(serde_json::json!({
        "name": "Stadt Gladbeck", "kind": "city", "country": "DE"
    }))
    .expect("organisation");
    org.set_forum(data.forum.as_ref().expect("forum").id.clone());
    office.insert(&org).await.expect("insert");
    org.city = Some("Gladbeck".into());
    org.name = Text::new(urbis_domain::Lang::De, "Stadt Gladbeck (Westf.)");
    office.update(&mut org).await.expect("update");
    store.delete::<Organisation>(&org.id).await.expect("delete");

    let entries = store.audit_of(&org.id).await.expect("audit");
    let actions: Vec<String> = entries.iter().map(|e| format!("{:?}", e.action)).collect();
    assert_eq!(actions, ["Create", "Update", "Delete"]);
    assert_eq!(entries[0].actor.as_ref(), Some(&actor));
    assert_eq!(entries[2].actor, None, "the plain store acts for no one");
    let update: Vec<(&str, String, String)> = entries[1]
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.old.to_string(), c.new.to_string()))
        .collect();
    assert_eq!(
        update,
        [
            ("city", "null".to_owned(), "\"Gladbeck\"".to_owned()),
            (
                "name",
                r#"{"de":"Stadt Gladbeck","original":"de"}"#.to_owned(),
                r#"{"de":"Stadt Gladbeck (Westf.)","original":"de"}"#.to_owned()
            ),
        ]
    );
    assert!(
        entries[2]
            .changes
            .iter()
            .any(|c| c.field == "name" && c.new.is_null())
    );

    let first = store.export().await.expect("export").to_json();
    assert!(first.contains("\"audit\"") && first.contains("Stadt Gladbeck (Westf.)"));
    let second_db = if db.url().starts_with("sqlite") {
        urbis_testkit::sqlite()
    } else {
        urbis_testkit::postgres().await
    };
    let second = common::open(&second_db).await;
    second
        .import(Dataset::from_json(&first).expect("reads"))
        .await
        .expect("imports");
    assert!(
        second.export().await.expect("export").to_json() == first,
        "the audit log survives the round trip"
    );
}

fn limit(key: &str, max: i64) -> Limit {
    Limit {
        key: key.to_owned(),
        max,
        window_seconds: 3600,
    }
}

async fn rate_limits_count_each_window_once_and_atomically(db: TestDb) {
    let store = common::open(&db).await;
    let start: jiff::Timestamp = "2026-05-04T10:00:00Z".parse().unwrap();
    let later = start + jiff::SignedDuration::from_secs(600);
    let a = limit("address:a", 3);
    let e = limit("email:e", 2);
    for _ in 0..2 {
        assert_eq!(
            store
                .hit_limits(&[a.clone(), e.clone()], start)
                .await
                .unwrap(),
            None
        );
    }
    // The email is used up: refused with the rest of the window, and the address is not
    // counted for the refused request.
    assert_eq!(
        store
            .hit_limits(&[a.clone(), e.clone()], later)
            .await
            .unwrap(),
        Some(3000)
    );
    assert_eq!(
        store
            .hit_limits(std::slice::from_ref(&a), later)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .hit_limits(std::slice::from_ref(&a), later)
            .await
            .unwrap(),
        Some(3000),
        "three hits of the address were counted, not four"
    );
    // The next window starts afresh; the ended one is deleted on the way and by the sweep.
    let next = start + jiff::SignedDuration::from_secs(3600);
    assert_eq!(
        store
            .hit_limits(&[a.clone(), e.clone()], next)
            .await
            .unwrap(),
        None
    );
    let other = limit("address:b", 5);
    store
        .hit_limits(std::slice::from_ref(&other), start)
        .await
        .unwrap();
    assert_eq!(
        store.delete_expired_limits(next).await.unwrap(),
        1,
        "only b's old window"
    );
    assert_eq!(store.delete_expired_limits(next).await.unwrap(), 0);

    // Concurrent requests, each through its own handle as separate nodes would: exactly the
    // limit passes.
    let burst = start + jiff::SignedDuration::from_secs(7200);
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let store = Store::open(db.url()).await.expect("opens");
        tasks.push(tokio::spawn(async move {
            store.hit_limits(&[limit("address:c", 7)], burst).await
        }));
    }
    let mut passed = 0;
    for task in tasks {
        if task.await.expect("runs").expect("no error").is_none() {
            passed += 1;
        }
    }
    assert_eq!(passed, 7);
}

/// A forum of its own, stored, for a test that needs no fixture.
async fn a_forum(store: &Store) -> Forum {
    let forum: Forum = serde_json::from_value(serde_json::json!({
        "name": "Forum", "short_name": "F", "languages": ["de"]
    }))
    .unwrap();
    store.insert(&forum).await.unwrap();
    forum
}

async fn unconfirmed_registrations_take_a_seat_only_by_their_link(db: TestDb) {
    use urbis_domain::events::{Guest, RegistrationStatus};
    let store = common::open(&db).await;
    let forum = a_forum(&store).await;
    let mut event: Event = serde_json::from_value(serde_json::json!({
        "kind": "seminar", "title": "Seminar", "start": "2030-05-04", "status": "planned",
        "capacity": 1, "registration": {"waiting_list": true, "confirm_guests": true}
    }))
    .unwrap();
    event.set_forum(forum.id.clone());
    store.insert(&event).await.unwrap();
    let now: jiff::Timestamp = "2026-05-04T10:00:00Z".parse().unwrap();
    let expires = now + jiff::SignedDuration::from_hours(48);
    let guest = |name: &str| Registration {
        id: Id::new(),
        forum: forum.id.clone(),
        access: Access::Staff,
        created: now,
        updated: now,
        event: event.id.clone(),
        person: None,
        guest: Some(Guest {
            name: name.to_owned(),
            email: format!("{name}@example.org"),
            organisation: None,
        }),
        status: RegistrationStatus::Confirmed,
        consent: true,
        language: None,
        cancelled_at: None,
    };
    let mut waiting = Vec::new();
    for name in ["anna", "ben", "cleo"] {
        let links = PendingLinks {
            confirm_hash: &format!("confirm-{name}"),
            expires_at: expires,
            cancel_hash: &format!("cancel-{name}"),
        };
        let stored = store
            .register_unconfirmed_with_mail(&guest(name), true, links, None)
            .await
            .unwrap();
        assert_eq!(stored.status, RegistrationStatus::Unconfirmed);
        waiting.push(stored);
    }
    let seated = |list: &[Registration]| {
        list.iter()
            .filter(|r| r.status == RegistrationStatus::Confirmed)
            .count()
    };
    let all = store.registrations_of_event(&event.id).await.unwrap();
    assert_eq!(seated(&all), 0, "waiting guests hold no seat");
    assert_eq!(
        store.confirmation_of_token("confirm-anna").await.unwrap(),
        Some((waiting[0].id.clone(), expires))
    );

    // Anna and Ben confirm at the same moment through their own handles: one seat, one place
    // on the waiting list.
    let mut tasks = Vec::new();
    for (i, name) in ["anna", "ben"].into_iter().enumerate() {
        let store = Store::open(db.url()).await.expect("opens");
        let id = waiting[i].id.clone();
        tasks.push(tokio::spawn(async move {
            store
                .confirm_registration_with_mail(
                    &id,
                    &format!("confirm-{name}"),
                    true,
                    &format!("new-cancel-{name}"),
                    now,
                    &DecidedMails::default(),
                )
                .await
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("runs").expect("confirms").status);
    }
    statuses.sort_by_key(|s| format!("{s:?}"));
    assert_eq!(
        statuses,
        [
            RegistrationStatus::Confirmed,
            RegistrationStatus::Waitlisted
        ]
    );
    // A used link works no more; the new cancel token does, the old one not.
    let again = store
        .confirm_registration_with_mail(
            &waiting[0].id,
            "confirm-anna",
            true,
            "x",
            now,
            &DecidedMails::default(),
        )
        .await;
    assert!(
        matches!(again, Err(StoreError::NotFound { .. })),
        "{again:?}"
    );
    assert_eq!(
        store.registration_of_token("cancel-anna").await.unwrap(),
        None
    );
    assert_eq!(
        store
            .registration_of_token("new-cancel-anna")
            .await
            .unwrap(),
        Some(waiting[0].id.clone())
    );
    // Past its time, Cleo's link is refused and her registration removed.
    let late = expires + jiff::SignedDuration::from_secs(1);
    let expired = store
        .confirm_registration_with_mail(
            &waiting[2].id,
            "confirm-cleo",
            true,
            "y",
            late,
            &DecidedMails::default(),
        )
        .await;
    assert!(
        matches!(expired, Err(StoreError::NotFound { .. })),
        "{expired:?}"
    );
    assert_eq!(store.remove_unconfirmed(expires, now).await.unwrap(), 1);
    assert_eq!(store.remove_unconfirmed(late, now).await.unwrap(), 0);
    let left = store.registrations_of_event(&event.id).await.unwrap();
    assert_eq!(left.len(), 2);
    assert!(left.iter().all(|r| r.id != waiting[2].id));
    assert_eq!(
        store.confirmation_of_token("confirm-cleo").await.unwrap(),
        None
    );
}

/// The event page asks for the viewer's own registration: by person or by guest address (any
/// case), never someone else's, never a cancelled one, never one for another event.
async fn a_viewer_finds_only_their_own_live_registration(db: TestDb) {
    use urbis_domain::events::{Guest, RegistrationStatus};
    let store = common::open(&db).await;
    let forum = a_forum(&store).await;
    let event = |title: &str| {
        let mut event: Event = serde_json::from_value(serde_json::json!({
            "kind": "seminar", "title": title, "start": "2030-05-04", "status": "planned"
        }))
        .unwrap();
        event.set_forum(forum.id.clone());
        event
    };
    let (seminar, other) = (event("Seminar"), event("Other"));
    store.insert(&seminar).await.unwrap();
    store.insert(&other).await.unwrap();
    let mut person: Person = serde_json::from_value(serde_json::json!({
        "given_name": "Erika", "family_name": "Muster"
    }))
    .unwrap();
    person.forum = forum.id.clone();
    store.insert(&person).await.unwrap();
    let now: jiff::Timestamp = "2026-05-04T10:00:00Z".parse().unwrap();
    let registration = |event: &Event, person: Option<&Id>, guest: Option<&str>| Registration {
        id: Id::new(),
        forum: forum.id.clone(),
        access: Access::Staff,
        created: now,
        updated: now,
        event: event.id.clone(),
        person: person.cloned(),
        guest: guest.map(|email| Guest {
            name: "Gast".to_owned(),
            email: email.to_owned(),
            organisation: None,
        }),
        status: RegistrationStatus::Confirmed,
        consent: true,
        language: None,
        cancelled_at: None,
    };
    let own = |person: Option<&Id>, email: &str| {
        let store = store.clone();
        let (event, person, email) = (seminar.id.clone(), person.cloned(), email.to_owned());
        async move {
            store
                .own_registration(&event, person.as_ref(), &email)
                .await
                .unwrap()
                .map(|r| r.id)
        }
    };
    assert_eq!(own(Some(&person.id), "erika@example.org").await, None);
    let theirs = store
        .register(&registration(&other, Some(&person.id), None), false)
        .await
        .unwrap();
    assert_eq!(own(Some(&person.id), "erika@example.org").await, None);
    let by_person = store
        .register(&registration(&seminar, Some(&person.id), None), false)
        .await
        .unwrap();
    let by_guest = store
        .register(
            &registration(&seminar, None, Some("Gast@Example.org")),
            false,
        )
        .await
        .unwrap();
    assert_eq!(
        own(Some(&person.id), "nobody@example.org").await,
        Some(by_person.id.clone())
    );
    assert_eq!(
        own(None, " gast@example.ORG ").await,
        Some(by_guest.id.clone())
    );
    assert_eq!(own(None, "erika@example.org").await, None);
    store.cancel_registration(&by_person.id, now).await.unwrap();
    assert_eq!(own(Some(&person.id), "nobody@example.org").await, None);
    assert_eq!(
        own(Some(&person.id), "gast@example.org").await,
        Some(by_guest.id)
    );
    assert_ne!(theirs.event, seminar.id);
}

/// A year's report asks for the projects running in it: begun before its end or with no start,
/// not ended before it or with no end. Dates are compared as written (`2022`, `2022-05`).
async fn open_ended_bounds_keep_records_without_a_date(db: TestDb) {
    let store = common::open(&db).await;
    let forum = a_forum(&store).await;
    for (acronym, start, end) in [
        ("OPEN", None, None),
        ("EARLIER", Some("2019"), Some("2021-12-31")),
        ("RUNNING", Some("2020-03"), None),
        ("STARTS", Some("2022-11-05"), Some("2024")),
        ("ENDS", None, Some("2022-01")),
        ("LATER", Some("2023-01-01"), None),
    ] {
        let mut project: Project = serde_json::from_value(serde_json::json!({
            "kind": "own", "acronym": acronym, "title": {"de": acronym}, "status": "running",
            "start": start, "end": end,
        }))
        .unwrap();
        project.forum = forum.id.clone();
        store.insert(&project).await.unwrap();
    }
    let running: Vec<Project> = store
        .list(
            &ListQuery::new(&forum.id, Access::Staff)
                .below_or_unset("start_date", Value::text("2023"))
                .at_least_or_unset("end_date", Value::text("2022"))
                .order_by("acronym_key", false),
        )
        .await
        .unwrap();
    let acronyms: Vec<&str> = running.iter().map(|p| p.acronym.as_str()).collect();
    assert_eq!(acronyms, ["ENDS", "OPEN", "RUNNING", "STARTS"]);
    let begun: Vec<Project> = store
        .list(&ListQuery::new(&forum.id, Access::Staff).at_least("start_date", Value::text("2022")))
        .await
        .unwrap();
    assert_eq!(
        begun.len(),
        2,
        "a plain bound leaves out records without a date"
    );
}
