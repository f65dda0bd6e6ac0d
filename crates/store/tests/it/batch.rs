//! Writing many records of a kind together: every one, or — on any problem, even one found
//! only while writing — none, on both databases.

use urbis_domain::network::{Forum, Organisation, OrganisationKind, Person};
use urbis_domain::{Access, Id, Lang, Text};
use urbis_store::{ListQuery, Store, StoreError};
use urbis_testkit::TestDb;

urbis_testkit::on_both_databases!(a_batch_is_written_whole_or_not_at_all);

fn person(forum: &Id, family: &str, organisation: Option<Id>) -> Person {
    serde_json::from_value::<Person>(serde_json::json!({
        "given_name": "Erika",
        "family_name": family,
        "organisation": organisation,
    }))
    .map(|mut p| {
        p.forum = forum.clone();
        p
    })
    .unwrap()
}

async fn a_batch_is_written_whole_or_not_at_all(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum: Forum = serde_json::from_value(serde_json::json!({
        "name": "Testforum", "short_name": "TF", "languages": ["de"]
    }))
    .unwrap();
    store.insert(&forum).await.unwrap();
    let mut essen: Organisation = serde_json::from_value(serde_json::json!({
        "name": "Stadt Essen", "kind": "city", "country": "DE"
    }))
    .unwrap();
    essen.forum = forum.id.clone();
    store.insert(&essen).await.unwrap();
    let everyone = || ListQuery::new(&forum.id, Access::Staff);
    let before = store.export().await.unwrap();

    // A rule broken by the third record: refused before anything is written, named by place.
    let new = [
        person(&forum.id, "Eins", None),
        person(&forum.id, "Zwei", Some(essen.id.clone())),
        person(&forum.id, "", None),
    ];
    match store.save_all(&new, &mut []).await {
        Err(StoreError::Invalid(problems)) => {
            assert_eq!(problems.iter().next().unwrap().field, "[2].family_name");
        }
        other => panic!("{other:?}"),
    }
    // A reference to nothing, found only while writing: the first two are undone too.
    let new = [
        person(&forum.id, "Eins", None),
        person(&forum.id, "Zwei", Some(essen.id.clone())),
        person(&forum.id, "Drei", Some(Id::new())),
    ];
    assert!(store.save_all(&new, &mut []).await.is_err());
    assert_eq!(before, store.export().await.unwrap(), "nothing written");

    // A good batch: new people and a changed organisation, each with its audit entry.
    essen.name = Text::new(Lang::De, "Stadt Essen (Ruhr)");
    essen.kind = OrganisationKind::City;
    let new = [person(&forum.id, "Eins", Some(essen.id.clone()))];
    store.save_all(&new, &mut []).await.unwrap();
    store
        .save_all::<Organisation>(&[], &mut [essen.clone()])
        .await
        .unwrap();
    let people: Vec<Person> = store.list(&everyone()).await.unwrap();
    assert_eq!(people.len(), 1);
    let stored: Organisation = store.get(&essen.id).await.unwrap();
    assert_eq!(stored.name.original_text(), "Stadt Essen (Ruhr)");
    assert_eq!(store.audit_of(&essen.id).await.unwrap().len(), 2);
    assert_eq!(store.audit_of(&people[0].id).await.unwrap().len(), 1);
}
