//! The change log: every record write leaves a numbered row in its own transaction, in commit
//! order, so search indexes on every node can follow the store.

use std::time::Duration;

use urbis_domain::network::Organisation;
use urbis_domain::{Kind, Record};
use urbis_store::{Operation, Store};
use urbis_testkit::TestDb;

use crate::common;

urbis_testkit::on_both_databases!(
    writes_and_imports_are_logged_in_order,
    concurrent_writers_number_changes_in_commit_order,
);

fn organisation(store_forum: &urbis_domain::Id, name: &str) -> Organisation {
    let mut org: Organisation = serde_json::from_value(serde_json::json!({
        "name": name, "kind": "city", "country": "DE"
    }))
    .unwrap();
    org.forum = store_forum.clone();
    org
}

async fn writes_and_imports_are_logged_in_order(db: TestDb) {
    let store = common::open(&db).await;
    assert_eq!(store.last_change().await.unwrap(), 0);
    let signal = store.change_signal();
    store.import(common::full()).await.unwrap();
    tokio::time::timeout(Duration::from_secs(1), signal.notified())
        .await
        .expect("an import wakes the followers");
    let imported = store.changes_after(0, 100).await.unwrap();
    let forums = store.forums().await.unwrap();
    assert_eq!(imported.len(), forums.len(), "one row per imported forum");
    assert!(
        imported
            .iter()
            .all(|c| c.operation == Operation::Import && c.kind == Kind::Forum)
    );
    let forum = forums.last().unwrap().id.clone();
    let after_import = store.last_change().await.unwrap();

    let mut org = organisation(&forum, "Stadt Kiel");
    store.insert(&org).await.unwrap();
    org.city = Some("Kiel".into());
    store.update(&mut org).await.unwrap();
    store.delete::<Organisation>(org.id()).await.unwrap();
    // A refused write leaves no change.
    let mut bad = organisation(&forum, "");
    bad.country = String::new();
    assert!(store.insert(&bad).await.is_err());
    let changes = store.changes_after(after_import, 100).await.unwrap();
    let ops: Vec<Operation> = changes.iter().map(|c| c.operation).collect();
    assert_eq!(
        ops,
        [Operation::Upsert, Operation::Upsert, Operation::Delete]
    );
    assert!(
        changes
            .iter()
            .all(|c| c.id == org.id && c.forum == forum && c.kind == Kind::Organisation)
    );
    assert!(changes.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(store.last_change().await.unwrap(), changes[2].seq);
    assert_eq!(
        store.changes_after(changes[0].seq, 1).await.unwrap(),
        changes[1..2]
    );
}

async fn concurrent_writers_number_changes_in_commit_order(db: TestDb) {
    let store = common::open(&db).await;
    store.import(common::full()).await.unwrap();
    let forum = store.forums().await.unwrap().last().unwrap().id.clone();
    let start = store.last_change().await.unwrap();
    // A follower reading while others write never sees a number before a smaller one arrives.
    let reader: Store = store.clone();
    let watch = tokio::spawn(async move {
        let mut seen = start;
        let mut rows = 0;
        while rows < 40 {
            let changes = reader.changes_after(seen, 1000).await.unwrap();
            for change in changes {
                assert!(change.seq > seen);
                seen = change.seq;
                rows += 1;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        seen
    });
    let mut writers = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        let forum = forum.clone();
        writers.push(tokio::spawn(async move {
            for j in 0..5 {
                store
                    .insert(&organisation(&forum, &format!("Stadt {i}-{j}")))
                    .await
                    .unwrap();
            }
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let last = tokio::time::timeout(Duration::from_secs(20), watch)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last, store.last_change().await.unwrap());
    let all = store.changes_after(start, 1000).await.unwrap();
    assert_eq!(all.len(), 40, "every write was read once, none skipped");
}
