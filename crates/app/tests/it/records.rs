//! Records of any kind by name, on real stores: the back office's and the API's one way to
//! read and write, with the access policy and the domain's rules.

use serde_json::{Value, json};
use urbis_app::AppError;
use urbis_app::events::Registrant;
use urbis_app::records::{self, KINDS, RecordQuery};
use urbis_domain::accounts::ForumRole;
use urbis_domain::policy::Viewer;
use urbis_domain::{Id, Kind, Lang};
use urbis_store::Store;
use urbis_testkit::{TestDb, on_both_databases};

use crate::common::{SITE, forum, viewer};

on_both_databases!(
    staff_create_read_change_and_delete_a_record,
    members_and_anonymous_neither_see_nor_write_what_is_not_theirs,
    bad_bodies_are_refused_with_their_field_and_change_nothing,
    lists_and_counts_follow_the_viewer,
    moving_an_event_tells_its_registrants,
);

fn topic(slug: &str, access: &str) -> Value {
    json!({"slug": slug, "name": {"de": "Thema", "en": "Topic"}, "access": access})
}

fn id_of(record: &Value) -> Id {
    Id::from_text(record["id"].as_str().unwrap())
}

async fn staff_create_read_change_and_delete_a_record(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let staff = viewer(&forum, ForumRole::Staff);
    let kind = records::kind_named("topics").unwrap();
    assert_eq!(records::kind_named("topic"), Some(kind));

    let created = records::create(
        &urbis_app::App::new(store.clone()),
        &staff,
        &forum,
        kind,
        topic("safety", "public"),
    )
    .await
    .unwrap();
    let id = id_of(&created);
    let read = records::get(
        &urbis_app::App::new(store.clone()),
        &Viewer::anonymous(),
        kind,
        &id,
    )
    .await
    .unwrap();
    assert_eq!(read, created);

    let mut changed = created.clone();
    changed["name"]["en"] = json!("Urban safety");
    let updated = records::update(
        &urbis_app::App::new(store.clone()),
        &staff,
        kind,
        &id,
        changed,
        &SITE,
    )
    .await
    .unwrap();
    assert_eq!(updated["name"]["en"], "Urban safety");
    assert_eq!(updated["created"], created["created"]);
    assert_eq!(
        records::get(&urbis_app::App::new(store.clone()), &staff, kind, &id)
            .await
            .unwrap()["name"]["en"],
        "Urban safety"
    );

    records::delete(&urbis_app::App::new(store.clone()), &staff, kind, &id)
        .await
        .unwrap();
    assert!(matches!(
        records::get(&urbis_app::App::new(store.clone()), &staff, kind, &id).await,
        Err(AppError::NotFound { .. })
    ));
}

async fn members_and_anonymous_neither_see_nor_write_what_is_not_theirs(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let staff = viewer(&forum, ForumRole::Staff);
    let member = viewer(&forum, ForumRole::Member);
    let kind = Kind::Topic;
    let internal = records::create(
        &urbis_app::App::new(store.clone()),
        &staff,
        &forum,
        kind,
        topic("office", "staff"),
    )
    .await
    .unwrap();
    let id = id_of(&internal);

    for who in [&member, &Viewer::anonymous()] {
        assert!(matches!(
            records::get(&urbis_app::App::new(store.clone()), who, kind, &id).await,
            Err(AppError::NotFound { .. })
        ));
        assert!(
            records::update(
                &urbis_app::App::new(store.clone()),
                who,
                kind,
                &id,
                internal.clone(),
                &SITE
            )
            .await
            .is_err()
        );
        assert!(
            records::delete(&urbis_app::App::new(store.clone()), who, kind, &id)
                .await
                .is_err()
        );
        assert!(matches!(
            records::create(
                &urbis_app::App::new(store.clone()),
                who,
                &forum,
                kind,
                topic("mine", "public")
            )
            .await,
            Err(AppError::Forbidden)
        ));
    }
    // Still there, unchanged.
    assert_eq!(
        records::get(&urbis_app::App::new(store.clone()), &staff, kind, &id)
            .await
            .unwrap(),
        internal
    );
}

async fn bad_bodies_are_refused_with_their_field_and_change_nothing(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let staff = viewer(&forum, ForumRole::Staff);
    let kind = Kind::Topic;
    let problem = |result: Result<Value, AppError>| match result {
        Err(AppError::Invalid(problems)) => {
            let first = problems.iter().next().unwrap();
            (first.field.clone(), first.message.clone())
        }
        other => panic!("expected problems, got {other:?}"),
    };

    let (field, message) = problem(
        records::create(
            &urbis_app::App::new(store.clone()),
            &staff,
            &forum,
            kind,
            json!({"slug": 7}),
        )
        .await,
    );
    assert_eq!(field, "slug", "{message}");
    let (field, _) = problem(
        records::create(
            &urbis_app::App::new(store.clone()),
            &staff,
            &forum,
            kind,
            json!({"slug": "a", "name": {"de": "A"}, "access": "public", "colour": "red"}),
        )
        .await,
    );
    assert_eq!(field, "colour");
    let (field, _) = problem(
        records::create(
            &urbis_app::App::new(store.clone()),
            &staff,
            &forum,
            kind,
            json!(["not", "an object"]),
        )
        .await,
    );
    assert_eq!(field, "");
    let (field, _) = problem(
        records::create(
            &urbis_app::App::new(store.clone()),
            &staff,
            &forum,
            kind,
            json!({"id": Id::new().to_string(), "slug": "b", "name": {"de": "B"}, "access": "public"}),
        )
        .await,
    );
    assert_eq!(field, "id");

    let first = records::create(
        &urbis_app::App::new(store.clone()),
        &staff,
        &forum,
        kind,
        topic("same", "public"),
    )
    .await
    .unwrap();
    let clash = records::create(
        &urbis_app::App::new(store.clone()),
        &staff,
        &forum,
        kind,
        topic("same", "public"),
    )
    .await;
    assert!(
        matches!(&clash, Err(AppError::Conflict { field, .. }) if field == "slug"),
        "{clash:?}"
    );
    let mut wrong = first.clone();
    wrong["id"] = json!(Id::new().to_string());
    let (field, _) = problem(
        records::update(
            &urbis_app::App::new(store.clone()),
            &staff,
            kind,
            &id_of(&first),
            wrong,
            &SITE,
        )
        .await,
    );
    assert_eq!(field, "id");

    let all = RecordQuery::default();
    let app = urbis_app::App::new(store.clone());
    assert_eq!(
        records::count(&app, &staff, &forum, kind, &all)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        records::get(
            &urbis_app::App::new(store.clone()),
            &staff,
            kind,
            &id_of(&first)
        )
        .await
        .unwrap(),
        first
    );
}

async fn lists_and_counts_follow_the_viewer(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let staff = viewer(&forum, ForumRole::Staff);
    for (slug, access) in [("a", "public"), ("b", "members"), ("c", "staff")] {
        records::create(
            &urbis_app::App::new(store.clone()),
            &staff,
            &forum,
            Kind::Topic,
            topic(slug, access),
        )
        .await
        .unwrap();
    }
    for (who, expected) in [
        (Viewer::anonymous(), 1),
        (viewer(&forum, ForumRole::Member), 2),
        (staff.clone(), 3),
    ] {
        let app = urbis_app::App::new(store.clone());
        let all = RecordQuery::default();
        let listed = records::list(&app, &who, &forum, Kind::Topic, &all)
            .await
            .unwrap();
        assert_eq!(listed.len(), expected);
        assert_eq!(
            records::count(&app, &who, &forum, Kind::Topic, &all)
                .await
                .unwrap(),
            expected as i64
        );
        let first = RecordQuery {
            sort: Some(("slug", true)),
            limit: Some(1),
            ..RecordQuery::default()
        };
        let page = records::list(&app, &who, &forum, Kind::Topic, &first)
            .await
            .unwrap();
        assert_eq!(page.len(), 1, "one page of one");
        let last = ["a", "b", "c"][expected - 1];
        assert_eq!(page[0]["slug"], json!(last), "sorted by slug, descending");
        assert_eq!(
            records::count(&app, &who, &forum, Kind::Topic, &first)
                .await
                .unwrap(),
            expected as i64,
            "the count is of all pages"
        );
    }
    assert_eq!(KINDS.len(), 19);
    assert!(records::columns(Kind::Topic).contains(&"slug"));
    assert!(records::kind_named("forums").is_none());
}

async fn moving_an_event_tells_its_registrants(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let staff = viewer(&forum, ForumRole::Staff);
    let event = records::create(
        &urbis_app::App::new(store.clone()),
        &staff,
        &forum,
        Kind::Event,
        json!({
            "kind": "seminar",
            "title": {"de": "Seminar"},
            "start": "2099-12-10T14:00",
            "end": "2099-12-10T17:30",
            "status": "planned",
            "access": "public",
            "capacity": 10,
            "registration": {"opens": "2020-01-01"},
        }),
    )
    .await
    .unwrap();
    let id = id_of(&event);
    urbis_app::events::register(
        &urbis_app::App::new(store.clone()),
        &Viewer::anonymous(),
        &id,
        Registrant::Guest {
            name: "Gast".into(),
            email: "gast@example.org".into(),
            organisation: None,
            consent: true,
        },
        Lang::De,
        jiff::Timestamp::now(),
        &SITE,
    )
    .await
    .unwrap();
    let before = store.outbox_len().await.unwrap();

    let mut renamed = event.clone();
    renamed["title"] = json!({"de": "Seminar, neuer Titel"});
    let renamed = records::update(
        &urbis_app::App::new(store.clone()),
        &staff,
        Kind::Event,
        &id,
        renamed,
        &SITE,
    )
    .await
    .unwrap();
    assert_eq!(
        store.outbox_len().await.unwrap(),
        before,
        "a new title is no news for registrants"
    );
    let mut moved = renamed.clone();
    moved["start"] = json!("2099-12-11T14:00");
    moved["end"] = json!("2099-12-11T17:30");
    records::update(
        &urbis_app::App::new(store.clone()),
        &staff,
        Kind::Event,
        &id,
        moved,
        &SITE,
    )
    .await
    .unwrap();
    assert_eq!(
        store.outbox_len().await.unwrap(),
        before + 1,
        "the registrant hears of the move"
    );
}
