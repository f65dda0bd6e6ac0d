//! The tables of information collections, files and portal reminders, on both databases:
//! visits and "what's new", follows, file texts written and removed with their record, and
//! deadline subscriptions.

use jiff::Timestamp;
use urbis_domain::accounts::User;
use urbis_domain::knowledge::{Collection, Entry, EntryKind, StoredFile};
use urbis_domain::portal::FundingCall;
use urbis_domain::{Access, Id, Lang, Text};
use urbis_store::{ListQuery, Store, StoreError};
use urbis_testkit::TestDb;

use crate::common;

urbis_testkit::on_both_databases!(
    visits_tell_what_is_new,
    follows_are_kept_once,
    file_texts_live_and_die_with_their_record,
    deadline_subscriptions_are_confirmed_and_ended,
    entries_of_many_collections_come_in_one_list,
);

async fn setup(db: &TestDb) -> (Store, Collection, User) {
    let store = common::open(db).await;
    store.import(common::full()).await.unwrap();
    let collection: Collection = store
        .list(&ListQuery::everything())
        .await
        .unwrap()
        .remove(0);
    let user = User::new("ann@example.org", "Ann Example", Lang::De);
    store.insert_user(&user).await.unwrap();
    (store, collection, user)
}

fn entry(collection: &Collection, title: &str, access: Access) -> Entry {
    let now = Timestamp::now();
    Entry {
        id: Id::new(),
        forum: collection.forum.clone(),
        access,
        created: now,
        updated: now,
        collection: collection.id.clone(),
        section: None,
        kind: EntryKind::Note,
        title: Text::new(Lang::De, title),
        body: Some(Text::new(Lang::De, "Text")),
        url: None,
        file: None,
        reference: None,
        author: None,
        organisation: None,
        date: None,
        pinned: false,
        archived: false,
        topics: Vec::new(),
        example: false,
    }
}

async fn visits_tell_what_is_new(db: TestDb) {
    let (store, collection, user) = setup(&db).await;
    let forum = &collection.forum;
    let first = Timestamp::now();
    assert_eq!(
        store
            .record_visit(&user.id, &collection.id, first)
            .await
            .unwrap(),
        None
    );
    assert!(
        store
            .new_entry_counts(forum, &user.id, Access::Members)
            .await
            .unwrap()
            .is_empty()
    );
    let office = store.acting_as(Some(&user.id));
    office
        .insert(&entry(&collection, "Neu", Access::Members))
        .await
        .unwrap();
    office
        .insert(&entry(&collection, "Nur Büro", Access::Staff))
        .await
        .unwrap();
    let mut archived = entry(&collection, "Archiviert", Access::Members);
    archived.archived = true;
    office.insert(&archived).await.unwrap();
    let counts = store
        .new_entry_counts(forum, &user.id, Access::Members)
        .await
        .unwrap();
    assert_eq!(
        counts.get(collection.id.as_str()),
        Some(&1),
        "archived and staff-only entries are not counted for members"
    );
    let counts = store
        .new_entry_counts(forum, &user.id, Access::Staff)
        .await
        .unwrap();
    assert_eq!(counts.get(collection.id.as_str()), Some(&2));
    let second = Timestamp::now();
    let before = store
        .record_visit(&user.id, &collection.id, second)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        before.as_second(),
        first.as_second(),
        "the visit before is returned"
    );
    assert!(
        store
            .new_entry_counts(forum, &user.id, Access::Staff)
            .await
            .unwrap()
            .is_empty(),
        "seen now"
    );
    let adders = store.entry_adders(&[archived.id.clone()]).await.unwrap();
    assert_eq!(
        adders.get(archived.id.as_str()).map(String::as_str),
        Some("Ann Example")
    );
}

async fn follows_are_kept_once(db: TestDb) {
    let (store, collection, user) = setup(&db).await;
    let now = Timestamp::now();
    store
        .set_following(&user.id, &collection.id, true, now)
        .await
        .unwrap();
    store
        .set_following(&user.id, &collection.id, true, now)
        .await
        .unwrap();
    assert_eq!(
        store.followed_collections(&user.id).await.unwrap(),
        vec![collection.id.clone()]
    );
    assert_eq!(
        store.all_follows().await.unwrap(),
        vec![(user.id.clone(), collection.id.clone())]
    );
    store
        .set_following(&user.id, &collection.id, false, now)
        .await
        .unwrap();
    assert!(store.all_follows().await.unwrap().is_empty());
}

async fn file_texts_live_and_die_with_their_record(db: TestDb) {
    let (store, collection, _) = setup(&db).await;
    let mut with_file = entry(&collection, "Datei", Access::Members);
    with_file.kind = EntryKind::File;
    with_file.file = Some(StoredFile {
        name: "studie.pdf".into(),
        media_type: "application/pdf".into(),
        size: 10,
        key: "files/test-key".into(),
    });
    store
        .insert_with_file_text(&with_file, Some(("files/test-key", "Kommunale Prävention")))
        .await
        .unwrap();
    assert_eq!(
        store.file_text("files/test-key").await.unwrap().as_deref(),
        Some("Kommunale Prävention")
    );
    assert_eq!(store.file_text("files/other").await.unwrap(), None);

    // A record that cannot be stored leaves no text behind.
    let mut broken = with_file.clone();
    broken.id = Id::new();
    broken.collection = Id::new();
    broken.file.as_mut().unwrap().key = "files/broken".into();
    let refused = store
        .insert_with_file_text(&broken, Some(("files/broken", "Text")))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    assert_eq!(store.file_text("files/broken").await.unwrap(), None);

    store
        .delete_with_file_text::<Entry>(&with_file.id, Some("files/test-key"))
        .await
        .unwrap();
    assert_eq!(store.file_text("files/test-key").await.unwrap(), None);
    assert!(matches!(
        store.get::<Entry>(&with_file.id).await,
        Err(StoreError::NotFound { .. })
    ));
}

async fn deadline_subscriptions_are_confirmed_and_ended(db: TestDb) {
    let (store, _, _) = setup(&db).await;
    let call: FundingCall = store
        .list(&ListQuery::everything())
        .await
        .unwrap()
        .remove(0);
    let now = Timestamp::now();
    let first = store
        .subscribe_deadlines(
            &call.forum,
            &call.id,
            "reader@example.org",
            Lang::De,
            "token-one",
            now,
        )
        .await
        .unwrap();
    assert_eq!(first.confirmed, None);
    assert!(
        store
            .confirmed_deadline_subscriptions()
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.confirm_deadlines("token-one", now).await.unwrap());
    assert!(!store.confirm_deadlines("no-such-token", now).await.unwrap());
    // Subscribing again: the same subscription, a new token, still confirmed.
    let again = store
        .subscribe_deadlines(
            &call.forum,
            &call.id,
            "reader@example.org",
            Lang::En,
            "token-two",
            now,
        )
        .await
        .unwrap();
    assert_eq!(again.id, first.id);
    assert!(again.confirmed.is_some());
    assert_eq!(again.language, Lang::En);
    assert!(
        store
            .deadline_subscription("token-one")
            .await
            .unwrap()
            .is_none(),
        "the old link is dead"
    );
    let confirmed = store.confirmed_deadline_subscriptions().await.unwrap();
    assert_eq!(confirmed.len(), 1);
    assert_eq!(confirmed[0].email, "reader@example.org");
    assert!(store.unsubscribe_deadlines("token-two").await.unwrap());
    assert!(!store.unsubscribe_deadlines("token-two").await.unwrap());
    assert!(
        store
            .confirmed_deadline_subscriptions()
            .await
            .unwrap()
            .is_empty()
    );
}

async fn entries_of_many_collections_come_in_one_list(db: TestDb) {
    let (store, collection, _) = setup(&db).await;
    let forum = collection.forum.clone();
    let mut other = collection.clone();
    other.id = Id::new();
    other.slug = "another-board".to_owned();
    store.insert(&other).await.unwrap();
    let one = entry(&collection, "On the first", Access::Public);
    let two = entry(&other, "On the second", Access::Public);
    let hidden = entry(&other, "Members only", Access::Members);
    for e in [&one, &two, &hidden] {
        store.insert(e).await.unwrap();
    }
    let on = |ids: &[&Id]| {
        ListQuery::new(&forum, Access::Public).filter_any(
            "collection_id",
            ids.iter().map(|id| urbis_store::Value::id(id)).collect(),
        )
    };
    let both: Vec<Entry> = store.list(&on(&[&collection.id, &other.id])).await.unwrap();
    let titles: Vec<String> = both
        .iter()
        .map(|e| e.title.original_text().to_owned())
        .collect();
    assert!(titles.contains(&"On the first".to_owned()), "{titles:?}");
    assert!(titles.contains(&"On the second".to_owned()), "{titles:?}");
    assert!(
        !titles.contains(&"Members only".to_owned()),
        "the access filter holds"
    );
    let second: Vec<Entry> = store.list(&on(&[&other.id])).await.unwrap();
    assert_eq!(second.len(), 1);
    let none: Vec<Entry> = store.list(&on(&[])).await.unwrap();
    assert!(none.is_empty(), "an empty list selects nothing");
    let wrong = ListQuery::new(&forum, Access::Public).filter_any("no_such_column", Vec::new());
    assert!(store.list::<Entry>(&wrong).await.is_err());
}
