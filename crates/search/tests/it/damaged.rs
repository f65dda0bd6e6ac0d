//! A damaged index directory (a crash, a disk fault, a copy cut short) never keeps the server
//! from starting: the index is emptied and rebuilt from the store. An index another process
//! writes to is left alone.

use std::path::{Path, PathBuf};

use urbis_domain::{Dataset, Id, Lang, Viewer};
use urbis_search::{Request, Search, SearchError};
use urbis_store::Store;

const SITE: &str = r#"{
  "format": "urbis", "version": 1,
  "forums": [{
    "forum": {"id": "tf", "name": "Testforum", "short_name": "TF", "languages": ["de", "en"]},
    "collections": [{"id": "c-public", "slug": "public", "title": "Offene Sammlung", "access": "public"}],
    "entries": [
      {"collection": "c-public", "kind": "note", "title": "Kranichzug im Herbst", "body": "Notiz", "access": "public"},
      {"collection": "c-public", "kind": "note", "title": "Quartiersarbeit", "body": "Notiz", "access": "public"}
    ],
    "events": [
      {"kind": "webinar", "title": "Webinar zur Nachbarschaft", "start": "2022-06-12", "status": "held"}
    ]
  }]
}"#;

/// A way to break the files of an index, and its name.
type Damage = (&'static str, fn(&Path));

/// Every way the files of an index can be broken.
fn damages() -> Vec<Damage> {
    vec![
        ("meta.json is not JSON", |dir| {
            std::fs::write(dir.join("meta.json"), "{\"segments\": [").unwrap();
        }),
        ("meta.json is empty", |dir| {
            std::fs::write(dir.join("meta.json"), "").unwrap();
        }),
        ("a segment file is missing", |dir| {
            std::fs::remove_file(segment_file(dir, "store")).unwrap();
        }),
        ("a segment file is cut short", |dir| {
            let file = segment_file(dir, "idx");
            let bytes = std::fs::read(&file).unwrap();
            std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("a segment file has flipped bytes", |dir| {
            let file = segment_file(dir, "term");
            let mut bytes = std::fs::read(&file).unwrap();
            for byte in bytes.iter_mut().take(32) {
                *byte ^= 0xff;
            }
            std::fs::write(&file, bytes).unwrap();
        }),
    ]
}

fn segment_file(dir: &Path, extension: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == extension))
        .unwrap_or_else(|| panic!("the index has no .{extension} file"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

fn finds(search: &Search, forum: &Id, text: &str) -> usize {
    let viewer = Viewer::anonymous();
    let request = Request::new(text, Lang::De);
    search.search(&viewer, forum, &request).unwrap().hits.len()
}

#[tokio::test]
async fn a_damaged_index_is_rebuilt_from_the_store() {
    let db = urbis_testkit::sqlite();
    let store = Store::open(db.url()).await.unwrap();
    store
        .import(Dataset::from_json(SITE).unwrap())
        .await
        .unwrap();
    let forum = store.forum_named("TF").await.unwrap().id;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good");
    let built = {
        let search = Search::open(&good).unwrap();
        urbis_search::catch_up(&store, &search).await.unwrap();
        assert_eq!(finds(&search, &forum, "Kranichzug"), 1);
        search.len()
    };
    assert!(built >= 3, "{built} documents");

    for (n, (what, damage)) in damages().into_iter().enumerate() {
        let broken = dir.path().join(format!("broken-{n}"));
        copy_dir(&good, &broken);
        damage(&broken);
        let search = Search::open(&broken)
            .unwrap_or_else(|e| panic!("{what}: the index does not open: {e}"));
        assert_eq!(search.applied(), None, "{what}: the damaged index is kept");
        urbis_search::catch_up(&store, &search).await.unwrap();
        assert_eq!(search.len(), built, "{what}");
        assert_eq!(finds(&search, &forum, "Kranichzug"), 1, "{what}");
        drop(search);
        // Once rebuilt, it opens as it is.
        let again = Search::open(&broken).unwrap();
        assert!(again.applied().is_some(), "{what}: rebuilt twice");
        assert_eq!(finds(&again, &forum, "Quartiersarbeit"), 1, "{what}");
    }
}

#[tokio::test]
async fn an_index_in_use_is_never_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let held = Search::open(dir.path()).unwrap();
    std::fs::write(dir.path().join("meta.json"), "kaputt").unwrap();
    let error = Search::open(dir.path()).unwrap_err();
    assert!(
        matches!(&error, SearchError::Directory { message, .. } if message.contains("in use")),
        "{error}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("meta.json")).unwrap(),
        "kaputt",
        "the files of the index in use were touched"
    );
    drop(held);
}
