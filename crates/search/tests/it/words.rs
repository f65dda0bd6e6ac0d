//! Plain words looked up term by term in the searched words of each language slot: what they
//! find, how titles rank, and what the snippets mark.

use urbis_domain::{Access, Id, Kind, Lang, Shared, Text, Viewer};
use urbis_search::{Doc, Request, Results, Search};

fn doc(forum: &Id, title: Text, text: Text) -> Doc {
    Doc {
        kind: Kind::Entry,
        id: Id::new(),
        forum: forum.clone(),
        access: Access::Public,
        shared: Shared::Forum,
        topics: Vec::new(),
        date: None,
        title,
        texts: vec![text],
        plain: Vec::new(),
        names: Vec::new(),
        parent: None,
    }
}

struct Fixture {
    search: Search,
    forum: Id,
}

impl Fixture {
    fn new(docs: &[Doc], forum: Id) -> Self {
        let search = Search::in_ram().unwrap();
        search.add(docs).unwrap();
        search.commit(1).unwrap();
        Self { search, forum }
    }

    fn find(&self, text: &str, lang: Lang) -> Results {
        self.search
            .search(&Viewer::anonymous(), &self.forum, &Request::new(text, lang))
            .unwrap()
    }
}

fn titles(results: &Results) -> Vec<&str> {
    results.hits.iter().map(|h| h.title.as_str()).collect()
}

fn de(text: &str) -> Text {
    Text::new(Lang::De, text)
}

fn en(text: &str) -> Text {
    Text::new(Lang::En, text)
}

#[test]
fn a_word_is_found_in_the_slots_that_hold_it_and_all_words_must_be_found() {
    let forum = Id::new();
    let f = Fixture::new(
        &[
            doc(&forum, de("Nachtleben"), de("Beleuchtung der Plätze")),
            doc(&forum, en("Nightlife"), en("Lighting of the squares")),
            doc(
                &forum,
                Text::new(Lang::Fr, "Vie nocturne"),
                Text::new(Lang::Fr, "Éclairage des places"),
            ),
        ],
        forum.clone(),
    );
    // Only in the German slot, only in the English slot, only in the other slot.
    assert_eq!(titles(&f.find("Beleuchtung", Lang::De)), ["Nachtleben"]);
    assert_eq!(titles(&f.find("squares", Lang::En)), ["Nightlife"]);
    assert_eq!(titles(&f.find("eclairage", Lang::De)), ["Vie nocturne"]);
    assert_eq!(
        titles(&f.find("Éclairage places", Lang::De)),
        ["Vie nocturne"]
    );
    // Two words of one record, whatever the case.
    assert_eq!(titles(&f.find("lighting SQUARES", Lang::En)), ["Nightlife"]);
    // A word found nowhere finds nothing, even beside a word found everywhere.
    assert_eq!(f.find("Beleuchtung Zebrastreifen", Lang::De).total, 0);
    assert_eq!(f.find("Zebrastreifen", Lang::De).total, 0);
    // Two words of different records: all words must be found.
    assert_eq!(f.find("Beleuchtung squares", Lang::De).total, 0);
    // Query syntax still works over the same words.
    assert_eq!(f.find("Beleuchtung OR squares", Lang::De).total, 2);
    assert_eq!(f.find("Beleuchtung -Plätze", Lang::De).total, 0);
}

#[test]
fn a_word_finds_german_and_english_records_by_their_own_stems() {
    let forum = Id::new();
    let f = Fixture::new(
        &[
            doc(&forum, de("Projekte"), de("Die Kommune fördert Projekte")),
            doc(&forum, en("Projects"), en("The city funds projects")),
            doc(&forum, de("Anderes"), de("Nichts davon")),
        ],
        forum.clone(),
    );
    // "Projekt": German stem "projekt", English stem "projekt" (no English record has it);
    // "projects": English stem "project", German stem "projects" (none has it).
    assert_eq!(titles(&f.find("Projekt", Lang::De)), ["Projekte"]);
    assert_eq!(titles(&f.find("project", Lang::En)), ["Projects"]);
    // "Funding": English stem "fund" finds "funds"; German "Kommunen" finds "Kommune".
    assert_eq!(titles(&f.find("funding", Lang::En)), ["Projects"]);
    assert_eq!(titles(&f.find("Kommunen", Lang::De)), ["Projekte"]);
    // A word both languages hold (German stem "integration", English stem "integr").
    let g = Fixture::new(
        &[
            doc(&forum, de("Integration vor Ort"), de("Ein Bericht")),
            doc(&forum, en("Integration at home"), en("A report")),
        ],
        forum.clone(),
    );
    assert_eq!(g.find("Integration", Lang::De).total, 2);
    assert_eq!(g.find("Integration Bericht", Lang::De).total, 1);
    assert_eq!(g.find("integration report", Lang::En).total, 1);
}

#[test]
fn a_title_hit_ranks_above_a_text_hit_and_snippets_mark_the_words() {
    let forum = Id::new();
    let f = Fixture::new(
        &[
            doc(
                &forum,
                de("Ein Bericht aus dem Quartier"),
                de("Es geht um Beleuchtung und Nachbarschaft im Bahnhofsviertel"),
            ),
            doc(
                &forum,
                de("Beleuchtung im Quartier"),
                de("Es geht um Laternen und Nachbarschaft im Bahnhofsviertel"),
            ),
        ],
        forum.clone(),
    );
    let found = f.find("Beleuchtung", Lang::De);
    assert_eq!(
        titles(&found),
        ["Beleuchtung im Quartier", "Ein Bericht aus dem Quartier"]
    );
    // The text is marked where it holds the word; else the title.
    assert_eq!(
        found.hits[1].snippet,
        "Es geht um <mark>Beleuchtung</mark> und Nachbarschaft im Bahnhofsviertel"
    );
    assert_eq!(
        found.hits[0].snippet,
        "<mark>Beleuchtung</mark> im Quartier"
    );
    // Two words, each marked (stems: "Nachbarschaften" marks "Nachbarschaft").
    let both = f.find("Nachbarschaften Bahnhofsviertel", Lang::De);
    assert_eq!(both.total, 2);
    assert!(
        both.hits.iter().all(|h| h
            .snippet
            .contains("<mark>Nachbarschaft</mark> im <mark>Bahnhofsviertel</mark>")),
        "{:?}",
        both.hits
    );
    // An English reader gets the German text marked too.
    let english = f.find("Laternen", Lang::En);
    assert!(
        english.hits[0].snippet.contains("<mark>Laternen</mark>"),
        "{:?}",
        english.hits
    );
}
