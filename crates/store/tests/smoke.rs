//! A first end-to-end pass over the store on SQLite.

use urbis_domain::Dataset;
use urbis_store::Store;

const SMALL: &str = r#"{
  "format": "urbis", "version": 1,
  "forums": [
    {"forum": {"id": "umbrella", "name": {"en": "Umbrella"}, "short_name": "U", "languages": ["en"]}},
    {"forum": {"id": "f", "name": {"de": "Forum", "en": "Forum"}, "short_name": "F", "country": "DE", "languages": ["de", "en"], "umbrella": "umbrella"},
     "topics": [{"id": "t-women", "slug": "women", "name": {"de": "Frauen", "en": "Women"}}],
     "organisations": [{"id": "o-essen", "name": "Stadt Essen", "kind": "city", "country": "DE", "city": "Essen"}],
     "memberships": [{"organisation": "o-essen", "status": "active"}],
     "events": [{"kind": "symposium", "title": {"de": "Symposium", "en": "Symposium"}, "start": "2022-11", "format": "in_person", "host": "o-essen", "participants": 70, "status": "held", "topics": ["t-women"]}]
    }
  ]
}"#;

#[tokio::test]
async fn round_trip_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/sub/urbis.db", dir.path().display());
    let store = Store::open(&url).await.unwrap();
    store.import(Dataset::from_json(SMALL).unwrap()).await.unwrap();
    let first = store.export().await.unwrap().to_json();
    assert!(first.contains("Stadt Essen"));

    let url2 = format!("sqlite://{}/second.db", dir.path().display());
    let second = Store::open(&url2).await.unwrap();
    second.import(Dataset::from_json(&first).unwrap()).await.unwrap();
    assert_eq!(second.export().await.unwrap().to_json(), first);
}
