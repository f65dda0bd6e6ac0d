//! Records shared across the umbrella: a forum's lists take in what the umbrella and its
//! sibling forums share into it — at the access level the viewer has in the receiving forum —
//! and nothing else, on both databases.

use std::collections::BTreeSet;

use urbis_domain::events::Event;
use urbis_domain::network::Forum;
use urbis_domain::portal::Publication;
use urbis_domain::{Access, Dataset, Id, Shared};
use urbis_store::{ListQuery, Store, StoreError, Value};
use urbis_testkit::TestDb;

urbis_testkit::on_both_databases!(
    a_forum_lists_what_is_shared_into_it_and_nothing_else,
    only_a_forum_with_an_umbrella_shares_with_it
);

const NETWORK: &str = r#"{
  "format": "urbis", "version": 1,
  "forums": [
    {
      "forum": {"id": "efus", "name": "Efus", "short_name": "EFUS", "languages": ["en"]},
      "events": [
        {"kind": "conference", "title": "U-all-public", "start": "2030-01-01", "status": "planned", "shared": "all_forums"},
        {"kind": "umbrella_committee", "access": "members", "title": "U-all-members", "start": "2030-01-02", "status": "planned", "shared": "all_forums"},
        {"kind": "meeting", "access": "staff", "title": "U-all-staff", "start": "2030-01-03", "status": "planned", "shared": "all_forums"},
        {"kind": "meeting", "title": "U-private", "start": "2030-01-04", "status": "planned"}
      ],
      "publications": [
        {"kind": "report", "title": "U-publication", "published": "2022", "shared": "all_forums"}
      ]
    },
    {
      "forum": {"id": "defus", "name": "DEFUS", "short_name": "DEFUS", "languages": ["de"], "umbrella": "efus"},
      "events": [
        {"kind": "seminar", "title": "A-own", "start": "2030-02-01", "status": "planned"},
        {"kind": "seminar", "title": "A-to-umbrella", "start": "2030-02-02", "status": "planned", "shared": "umbrella"},
        {"kind": "seminar", "title": "A-all", "start": "2030-02-03", "status": "planned", "shared": "all_forums"}
      ]
    },
    {
      "forum": {"id": "ffsu", "name": "FFSU", "short_name": "FFSU", "languages": ["fr"], "umbrella": "efus"},
      "events": [
        {"kind": "seminar", "title": "B-private", "start": "2030-03-01", "status": "planned"}
      ]
    },
    {
      "forum": {"id": "other", "name": "Other", "short_name": "OTHER", "languages": ["en"]},
      "events": [
        {"kind": "seminar", "title": "S-all", "start": "2030-04-01", "status": "planned", "shared": "all_forums"}
      ]
    }
  ]
}"#;

async fn forum(store: &Store, short: &str) -> Forum {
    let forums: Vec<Forum> = store.list(&ListQuery::everything()).await.unwrap();
    forums.into_iter().find(|f| f.short_name == short).unwrap()
}

async fn titles(store: &Store, query: &ListQuery) -> BTreeSet<String> {
    let events: Vec<Event> = store.list(query).await.unwrap();
    let count = store.count::<Event>(query).await.unwrap();
    assert_eq!(count, events.len() as i64, "count and list agree");
    events
        .iter()
        .map(|e| e.title.original_text().to_owned())
        .collect()
}

fn set(titles: &[&str]) -> BTreeSet<String> {
    titles.iter().map(|t| (*t).to_owned()).collect()
}

async fn a_forum_lists_what_is_shared_into_it_and_nothing_else(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    store
        .import(Dataset::from_json(NETWORK).unwrap())
        .await
        .unwrap();
    let efus = forum(&store, "EFUS").await;
    let defus = forum(&store, "DEFUS").await;
    let ffsu = forum(&store, "FFSU").await;
    let other = forum(&store, "OTHER").await;
    let shared = |f: &Forum, level| ListQuery::new(&f.id, level).with_shared();

    assert_eq!(
        titles(&store, &shared(&defus, Access::Public)).await,
        set(&["A-own", "A-to-umbrella", "A-all", "U-all-public"])
    );
    assert_eq!(
        titles(&store, &shared(&defus, Access::Members)).await,
        set(&[
            "A-own",
            "A-to-umbrella",
            "A-all",
            "U-all-public",
            "U-all-members"
        ])
    );
    assert_eq!(
        titles(&store, &shared(&defus, Access::Staff)).await,
        set(&[
            "A-own",
            "A-to-umbrella",
            "A-all",
            "U-all-public",
            "U-all-members",
            "U-all-staff"
        ])
    );
    // A sibling gets what the other forum shares with all, never what it keeps or gives the
    // umbrella only.
    assert_eq!(
        titles(&store, &shared(&ffsu, Access::Public)).await,
        set(&["B-private", "A-all", "U-all-public"])
    );
    // The umbrella gets what its forums share with it or with all.
    assert_eq!(
        titles(&store, &shared(&efus, Access::Public)).await,
        set(&["U-all-public", "U-private", "A-to-umbrella", "A-all"])
    );
    // A forum under no umbrella shares with no one and receives nothing.
    assert_eq!(
        titles(&store, &shared(&other, Access::Staff)).await,
        set(&["S-all"])
    );
    // Without asking for shared records, a forum's list is its own (exports, back office).
    assert_eq!(
        titles(&store, &ListQuery::new(&defus.id, Access::Staff)).await,
        set(&["A-own", "A-to-umbrella", "A-all"])
    );
    // Filters and order apply to shared records alike.
    let upcoming = shared(&defus, Access::Public)
        .filter("kind", Value::text("conference"))
        .order_by("start_date", false);
    assert_eq!(titles(&store, &upcoming).await, set(&["U-all-public"]));
    let publications: Vec<Publication> = store
        .list(&ListQuery::new(&ffsu.id, Access::Public).with_shared())
        .await
        .unwrap();
    assert_eq!(publications.len(), 1);
    assert_eq!(
        publications[0].forum, efus.id,
        "the owner stays the umbrella"
    );
    assert_eq!(publications[0].shared, Shared::AllForums);
}

async fn only_a_forum_with_an_umbrella_shares_with_it(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    store
        .import(Dataset::from_json(NETWORK).unwrap())
        .await
        .unwrap();
    let other = forum(&store, "OTHER").await;
    let defus = forum(&store, "DEFUS").await;
    let mut event: Event = serde_json::from_value(serde_json::json!({
        "kind": "seminar", "title": "to nobody", "start": "2030-05-01", "status": "planned",
        "shared": "umbrella"
    }))
    .unwrap();
    event.forum = other.id.clone();
    match store.insert(&event).await {
        Err(StoreError::Invalid(problems)) => {
            assert_eq!(problems.iter().next().unwrap().field, "shared");
        }
        found => panic!("{found:?}"),
    }
    event.forum = defus.id.clone();
    event.id = Id::new();
    store.insert(&event).await.unwrap();
    // An import is checked the same way, naming the place, and writes nothing.
    let bad = NETWORK
        .replace(r#""title": "S-all""#, r#""title": "S-up""#)
        .replace(
            r#""shared": "all_forums"}
      ]
    }
  ]"#,
            r#""shared": "umbrella"}
      ]
    }
  ]"#,
        );
    let fresh = urbis_testkit::sqlite();
    let empty = Store::open(fresh.url()).await.unwrap();
    match empty.import(Dataset::from_json(&bad).unwrap()).await {
        Err(StoreError::Invalid(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(fields, ["forums[3].events[0].shared"]);
        }
        found => panic!("{found:?}"),
    }
}
