//! A forum moves between installations: exported alone from one, it imports into another that
//! already holds other forums, and exports there exactly as it left.

use urbis_domain::Dataset;
use urbis_store::{Store, StoreError};
use urbis_testkit::TestDb;

use crate::common;

urbis_testkit::on_both_databases!(
    a_forum_moves_to_another_installation_identically,
    a_forum_already_there_or_a_missing_umbrella_writes_nothing
);

async fn another(db: &TestDb) -> TestDb {
    if db.url().starts_with("sqlite") {
        urbis_testkit::sqlite()
    } else {
        urbis_testkit::postgres().await
    }
}

/// The demo network (every forum) in a fresh store.
async fn installation_one(db: &TestDb) -> Store {
    let store = common::open(db).await;
    store
        .import(urbis_demo::dataset().expect("demo"))
        .await
        .expect("the demo imports");
    store
}

/// One forum of a store, as the JSON document an export writes.
async fn export(store: &Store, short_name: &str) -> String {
    let forum = store.forum_named(short_name).await.expect("the forum");
    let dataset = store.export_forum(&forum.id).await.expect("export");
    assert_eq!(dataset.forums.len(), 1, "only {short_name} is exported");
    dataset.to_json()
}

async fn a_forum_moves_to_another_installation_identically(db: TestDb) {
    let one = installation_one(&db).await;
    let defus = export(&one, "DEFUS").await;
    let efus = export(&one, "EFUS").await;
    assert!(
        defus.contains("\"short_name\": \"DEFUS\"") || defus.contains("\"short_name\":\"DEFUS\"")
    );
    assert!(
        !defus.contains("\"short_name\": \"EFUS\"") && !defus.contains("\"short_name\":\"EFUS\"")
    );

    // Installation two already holds the umbrella (another forum), then DEFUS moves in.
    let second_db = another(&db).await;
    let two = common::open(&second_db).await;
    two.import(Dataset::from_json(&efus).expect("reads"))
        .await
        .expect("the umbrella imports");
    let summary = two
        .import(Dataset::from_json(&defus).expect("reads"))
        .await
        .expect("DEFUS imports beside the umbrella");
    assert_eq!(summary.forums, 1);
    assert!(
        summary.records > 100,
        "the whole forum: {}",
        summary.records
    );
    assert_eq!(two.forums().await.expect("forums").len(), 2);
    let moved = export(&two, "DEFUS").await;
    assert!(
        defus == moved,
        "export → import into another installation → export differs"
    );
    assert!(
        efus == export(&two, "EFUS").await,
        "the forum already there is unchanged"
    );
}

async fn a_forum_already_there_or_a_missing_umbrella_writes_nothing(db: TestDb) {
    let one = installation_one(&db).await;
    let defus = export(&one, "DEFUS").await;
    let before = one.export().await.expect("export").to_json();
    let Err(StoreError::Invalid(problems)) =
        one.import(Dataset::from_json(&defus).expect("reads")).await
    else {
        panic!("importing a forum that is already there must fail");
    };
    let text = problems.to_string();
    assert!(
        text.contains("DEFUS") && text.contains("already stored"),
        "{text}"
    );
    assert!(
        before == one.export().await.expect("export").to_json(),
        "nothing was written"
    );

    // Without its umbrella the forum cannot arrive: the problem names the missing forum.
    let empty_db = another(&db).await;
    let empty = common::open(&empty_db).await;
    let Err(StoreError::Invalid(problems)) = empty
        .import(Dataset::from_json(&defus).expect("reads"))
        .await
    else {
        panic!("a forum whose umbrella is missing must not import");
    };
    assert!(
        problems.to_string().contains("there is no forum with id"),
        "{problems}"
    );
    assert!(
        empty.is_empty().await.expect("count"),
        "nothing was written"
    );
}
