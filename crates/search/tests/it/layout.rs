//! An index of an older layout (titles and texts searched in their own fields, before the
//! searched words of each language went into one field) is replaced on opening, to be rebuilt.

use tantivy::schema::{STORED, Schema, TEXT};
use tantivy::{Index, TantivyDocument};
use urbis_domain::{Access, Id, Kind, Lang, Shared, Text, Viewer};
use urbis_search::{Doc, Request, Search};

#[test]
fn an_index_of_the_old_layout_is_replaced_and_works() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title_de", TEXT | STORED);
        schema.add_text_field("body_de", TEXT | STORED);
        let index = Index::create_in_dir(dir.path(), schema.build()).unwrap();
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut doc = TantivyDocument::default();
        doc.add_text(title, "Altes Verzeichnis");
        writer.add_document(doc).unwrap();
        writer.commit().unwrap();
    }
    let search = Search::open(dir.path()).unwrap();
    assert!(search.is_empty(), "the old index is emptied");
    assert_eq!(search.applied(), None, "and must be built anew");
    let forum = Id::new();
    search
        .add(&[Doc {
            kind: Kind::Entry,
            id: Id::new(),
            forum: forum.clone(),
            access: Access::Public,
            shared: Shared::Forum,
            topics: Vec::new(),
            date: None,
            title: Text::new(Lang::De, "Neues Verzeichnis"),
            texts: vec![Text::new(Lang::De, "Beleuchtung der Plätze")],
            plain: Vec::new(),
            names: Vec::new(),
            parent: None,
        }])
        .unwrap();
    search.commit(1).unwrap();
    let found = search
        .search(
            &Viewer::anonymous(),
            &forum,
            &Request::new("Verzeichnis Beleuchtung", Lang::De),
        )
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.hits[0].title, "Neues Verzeichnis");
    assert_eq!(found.hits[0].snippet, "<mark>Beleuchtung</mark> der Plätze");
}
