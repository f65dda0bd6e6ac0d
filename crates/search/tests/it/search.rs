//! The search over a real store: what each viewer finds, stemming, typos, bad input, and
//! freshness through the change log — on SQLite and PostgreSQL.

use std::time::{Duration, Instant};

use urbis_domain::accounts::{ForumRole, User, UserStatus};
use urbis_domain::events::Event;
use urbis_domain::network::Organisation;
use urbis_domain::{Access, Dataset, Id, Kind, Lang, Viewer};
use urbis_search::{Request, Results, Search, SearchError};
use urbis_store::Store;
use urbis_testkit::TestDb;

urbis_testkit::on_both_databases!(
    each_viewer_finds_only_what_they_may_read,
    stems_german_and_english_and_forgives_typos_in_names,
    bad_search_texts_never_fail,
    writes_are_found_within_a_second,
    a_collection_made_public_does_not_expose_its_members_entries,
);

const SITE: &str = r#"{
  "format": "urbis", "version": 1,
  "forums": [{
    "forum": {"id": "tf", "name": "Testforum", "short_name": "TF", "languages": ["de", "en"]},
    "topics": [
      {"id": "t-open", "slug": "offen", "name": {"de": "Offenes Thema", "en": "Open topic"}},
      {"id": "t-secret", "slug": "geheim", "name": "MARKER-MEMBERS-TOPIC", "access": "members"}
    ],
    "organisations": [
      {"id": "o-essen", "name": "Landespräventionsrat Niedersachsen", "kind": "state_body", "country": "DE", "city": "Hannover"},
      {"id": "o-members", "name": "MARKER-MEMBERS-ORG Gemeinde", "kind": "city", "country": "DE", "access": "members"}
    ],
    "collections": [
      {"id": "c-members", "slug": "members", "title": "Sammlung MARKER-MEMBERS-COLLECTION", "description": "Sicherheit im Quartier"},
      {"id": "c-public", "slug": "public", "title": "Offene Sammlung", "access": "public"}
    ],
    "entries": [
      {"collection": "c-members", "kind": "note", "title": "Sicherheit Notiz", "body": "Sicherheit im Bahnhofsviertel MARKER-MEMBERS-ENTRY", "topics": ["t-secret"], "date": "2021-03"},
      {"collection": "c-public", "kind": "note", "title": "Öffentliche Notiz", "body": "Sicherheit für alle", "access": "public", "topics": ["t-open"], "date": "2022-01"}
    ],
    "events": [
      {"id": "e-public", "kind": "webinar", "title": {"de": "Veranstaltung zur Sicherheit", "en": "Web exchange on safety"}, "description": {"de": "Wir sprechen über Sicherheit.", "en": "An exchange about safety in cities."}, "start": "2022-06-12", "status": "held", "topics": ["t-open"]},
      {"id": "e-members", "access": "members", "kind": "web_exchange", "title": "Sicherheit MARKER-MEMBERS-EVENT", "description": "Sicherheit <b>intern</b>", "start": "2023-07", "status": "planned", "topics": ["t-secret"]},
      {"id": "e-staff", "access": "staff", "kind": "meeting", "title": "Sicherheit MARKER-STAFF-EVENT", "start": "2024-05", "status": "held"}
    ]
  }]
}"#;

struct Fixture {
    store: Store,
    search: Search,
    forum: Id,
    _db: TestDb,
}

async fn fixture(db: TestDb) -> Fixture {
    let store = Store::open(db.url()).await.unwrap();
    store
        .import(Dataset::from_json(SITE).unwrap())
        .await
        .unwrap();
    let forum = store.forum_named("TF").await.unwrap().id;
    let search = Search::in_ram().unwrap();
    urbis_search::catch_up(&store, &search).await.unwrap();
    Fixture {
        store,
        search,
        forum,
        _db: db,
    }
}

fn viewer(forum: &Id, role: Option<ForumRole>) -> Viewer {
    let Some(role) = role else {
        return Viewer::anonymous();
    };
    let mut user = User::new("a@example.org", "A", Lang::De);
    user.status = UserStatus::Active;
    user.grant(forum, role, None);
    Viewer::user(&user)
}

impl Fixture {
    fn find(&self, viewer: &Viewer, text: &str) -> Results {
        self.search
            .search(viewer, &self.forum, &Request::new(text, Lang::De))
            .unwrap()
    }
}

/// Everything a result page shows, as one text: titles, snippets, ids, facet keys and counts.
fn shown(results: &Results) -> String {
    let mut text = format!("total {} ", results.total);
    for hit in &results.hits {
        text.push_str(&format!(
            "{} {} {} {:?}\n",
            hit.id, hit.title, hit.snippet, hit.parent
        ));
    }
    text.push_str(&format!("{:?}", results.facets));
    text
}

async fn each_viewer_finds_only_what_they_may_read(db: TestDb) {
    let f = fixture(db).await;
    let anonymous = viewer(&f.forum, None);
    let member = viewer(&f.forum, Some(ForumRole::Member));
    let staff = viewer(&f.forum, Some(ForumRole::Staff));
    let secret_topic = f
        .store
        .list::<urbis_domain::network::Topic>(&urbis_store::ListQuery::new(
            &f.forum,
            Access::Members,
        ))
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.slug == "geheim")
        .unwrap()
        .id;

    for text in ["Sicherheit", "MARKER", "*", "marker-members-event"] {
        let a = f.find(&anonymous, text);
        let all = shown(&a);
        assert!(!all.contains("MARKER"), "anonymous, `{text}`: {all}");
        assert!(
            !all.contains(secret_topic.as_str()),
            "anonymous facets, `{text}`: {all}"
        );
        let m = f.find(&member, text);
        let s = f.find(&staff, text);
        assert!(
            !shown(&m).contains("MARKER-STAFF"),
            "member, `{text}`: {}",
            shown(&m)
        );
        assert!(
            a.total <= m.total && m.total <= s.total,
            "`{text}`: {} {} {}",
            a.total,
            m.total,
            s.total
        );
        let facet_total: u64 = a.facets.kinds.iter().map(|(_, n)| n).sum();
        assert_eq!(
            facet_total, a.total as u64,
            "facets count what is found, `{text}`"
        );
    }
    // "Sicherheit": public event + public entry + public collection? The public note and the
    // public event; members add their event, note, collection; staff add the meeting.
    let a = f.find(&anonymous, "Sicherheit");
    assert_eq!(a.total, 2, "{}", shown(&a));
    assert!(
        a.facets.years.iter().all(|(y, _)| *y == 2022),
        "{:?}",
        a.facets.years
    );
    let m = f.find(&member, "Sicherheit");
    assert_eq!(m.total, 5, "{}", shown(&m));
    assert!(shown(&m).contains("MARKER-MEMBERS-EVENT"));
    assert!(
        shown(&m).contains(secret_topic.as_str()),
        "members see the members' topic facet"
    );
    let s = f.find(&staff, "Sicherheit");
    assert_eq!(s.total, 6, "{}", shown(&s));
    assert!(shown(&s).contains("MARKER-STAFF-EVENT"));
    // Snippets mark the words found and escape the record's text.
    let event = m
        .hits
        .iter()
        .find(|h| h.title.contains("MARKER-MEMBERS-EVENT"))
        .unwrap();
    assert!(
        event.snippet.contains("<mark>Sicherheit</mark>"),
        "{}",
        event.snippet
    );
    assert!(
        event.snippet.contains("&#60;b&#62;intern"),
        "{}",
        event.snippet
    );
    assert!(!event.snippet.contains("<b>"), "{}", event.snippet);
    // A filter on the members' topic finds nothing for the public.
    let mut request = Request::new("", Lang::De);
    request.topic = Some(secret_topic.clone());
    let none = f.search.search(&anonymous, &f.forum, &request).unwrap();
    assert_eq!(none.total, 0, "{}", shown(&none));
    assert_eq!(
        f.search.search(&member, &f.forum, &request).unwrap().total,
        3
    );
    // Query syntax cannot widen the filter.
    let widened = f.find(&anonymous, "access:members OR access:staff OR MARKER");
    assert_eq!(widened.total, 0, "{}", shown(&widened));
    // Another forum's viewer sees only the public part.
    let elsewhere = viewer(&Id::new(), Some(ForumRole::Admin));
    assert_eq!(f.find(&elsewhere, "Sicherheit").total, 2);
}

async fn stems_german_and_english_and_forgives_typos_in_names(db: TestDb) {
    let f = fixture(db).await;
    let anonymous = viewer(&f.forum, None);
    let ids = |r: &Results| r.hits.iter().map(|h| h.title.clone()).collect::<Vec<_>>();
    let de = f.find(&anonymous, "Veranstaltungen");
    assert_eq!(ids(&de), ["Veranstaltung zur Sicherheit"], "German stems");
    let en = f
        .search
        .search(&anonymous, &f.forum, &Request::new("exchanges", Lang::En))
        .unwrap();
    assert_eq!(
        ids(&en),
        ["Web exchange on safety"],
        "English stems, English title"
    );
    let typo = f.find(&anonymous, "Landespräventionsrad");
    assert_eq!(
        ids(&typo),
        ["Landespräventionsrat Niedersachsen"],
        "one typo in a name"
    );
    let typo = f.find(&anonymous, "Landesprafentionsrat Niedersachen");
    assert_eq!(
        ids(&typo),
        ["Landespräventionsrat Niedersachsen"],
        "typos and a missing accent"
    );
    let folded = f.find(&anonymous, "Landespraventionsrat");
    assert_eq!(folded.total, 1, "accents folded");
    assert_eq!(
        f.find(&anonymous, "Xylophon").total,
        0,
        "no match is no result"
    );
    // Typos never reach what the viewer may not read.
    assert_eq!(f.find(&anonymous, "Gemainde").total, 0);
    let member = viewer(&f.forum, Some(ForumRole::Member));
    assert_eq!(f.find(&member, "Gemainde").total, 1);
}

async fn bad_search_texts_never_fail(db: TestDb) {
    let f = fixture(db).await;
    let anonymous = viewer(&f.forum, None);
    let long = "Sicherheit ".repeat(1000);
    match f
        .search
        .search(&anonymous, &f.forum, &Request::new(long, Lang::De))
    {
        Err(SearchError::QueryTooLong { length, max }) => assert_eq!((length, max), (11_000, 500)),
        other => panic!("a long text is refused: {other:?}"),
    }
    for text in [
        "title:(",
        "\"unclosed",
        "*",
        "(((",
        "AND OR NOT",
        "+-",
        "title_de:[a TO",
        "forum:x",
        ":",
        "\\",
        "Sicher*",
        "ä~2",
        "🙂",
    ] {
        let results = f.find(&anonymous, text);
        assert!(!shown(&results).contains("MARKER"), "`{text}`");
    }
    assert_eq!(
        f.find(&anonymous, "\"Sicherheit").total,
        2,
        "an unclosed quote still searches"
    );
    assert!(urbis_search::parse_page("-1").is_err());
    assert!(urbis_search::parse_page("1000000000000").is_err());
    assert!(urbis_search::parse_page("x").is_err());
    assert_eq!(urbis_search::parse_page("3").unwrap(), 3);
    let mut request = Request::new("Sicherheit", Lang::De);
    request.page = 500;
    assert!(
        f.search
            .search(&anonymous, &f.forum, &request)
            .unwrap()
            .hits
            .is_empty()
    );
    request.page = 501;
    assert!(matches!(
        f.search.search(&anonymous, &f.forum, &request),
        Err(SearchError::Page { .. })
    ));
}

async fn writes_are_found_within_a_second(db: TestDb) {
    let f = fixture(db).await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let follower = urbis_search::spawn(f.store.clone(), f.search.clone(), async move {
        let _ = stopped.await;
    });
    let anonymous = viewer(&f.forum, None);
    let wait_for = |text: &'static str, want: usize| {
        let f = &f;
        let anonymous = &anonymous;
        async move {
            let started = Instant::now();
            while f.find(anonymous, text).total != want {
                assert!(
                    started.elapsed() < Duration::from_secs(1),
                    "`{text}` is found {want} times within a second"
                );
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            started.elapsed()
        }
    };
    let mut event: Event = serde_json::from_value(serde_json::json!({
        "kind": "seminar", "title": "Quartiersstreife", "start": "2025-02-01", "status": "planned"
    }))
    .unwrap();
    event.forum = f.forum.clone();
    f.store.insert(&event).await.unwrap();
    let took = wait_for("Quartiersstreife", 1).await;
    eprintln!("a new event was found after {took:?}");
    event.title = urbis_domain::Text::new(Lang::De, "Nachtstreife");
    f.store.update(&mut event).await.unwrap();
    wait_for("Nachtstreife", 1).await;
    wait_for("Quartiersstreife", 0).await;
    event.access = Access::Members;
    f.store.update(&mut event).await.unwrap();
    wait_for("Nachtstreife", 0).await;
    f.store.delete::<Event>(&event.id).await.unwrap();
    let member = viewer(&f.forum, Some(ForumRole::Member));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(f.find(&member, "Nachtstreife").total, 0, "deleted");
    // A new organisation in another process's store (no signal here): found by polling.
    let other = Store::open(f._db.url()).await.unwrap();
    let mut org: Organisation = serde_json::from_value(serde_json::json!({
        "name": "Kommunale Kriminalprävention Zwickau", "kind": "city", "country": "DE"
    }))
    .unwrap();
    org.forum = f.forum.clone();
    other.insert(&org).await.unwrap();
    wait_for("Zwickau", 1).await;
    assert_eq!(f.search.lag(), 0);
    assert_eq!(
        f.search.applied(),
        Some(f.store.last_change().await.unwrap())
    );
    stop.send(()).unwrap();
    follower.await.unwrap();
    // A rebuild gives the same answers.
    let fresh = Search::in_ram().unwrap();
    let indexed = urbis_search::rebuild(&f.store, &fresh).await.unwrap();
    assert_eq!(indexed, fresh.len());
    assert_eq!(fresh.len(), f.search.len());
    let _ = Kind::Event;
}

async fn a_collection_made_public_does_not_expose_its_members_entries(db: TestDb) {
    let f = fixture(db).await;
    let anonymous = viewer(&f.forum, None);
    let mut collections: Vec<urbis_domain::knowledge::Collection> = f
        .store
        .list(&urbis_store::ListQuery::new(&f.forum, Access::Staff))
        .await
        .unwrap();
    let mut members = collections.remove(
        collections
            .iter()
            .position(|c| c.slug == "members")
            .unwrap(),
    );
    members.access = Access::Public;
    f.store.update(&mut members).await.unwrap();
    let changes = f
        .store
        .changes_after(f.search.applied().unwrap(), 100)
        .await
        .unwrap();
    assert_eq!(changes.len(), 1);
    urbis_search::apply(&f.store, &f.search, &changes)
        .await
        .unwrap();
    let found = f.find(&anonymous, "Sammlung");
    assert_eq!(found.total, 2, "the collection itself is public now");
    assert!(shown(&found).contains("MARKER-MEMBERS-COLLECTION"));
    assert!(!shown(&f.find(&anonymous, "Bahnhofsviertel")).contains("MARKER-MEMBERS-ENTRY"));
    // And an entry of a members' collection stays members-only even when marked public.
    members.access = Access::Members;
    f.store.update(&mut members).await.unwrap();
    let mut entries: Vec<urbis_domain::knowledge::Entry> = f
        .store
        .list(&urbis_store::ListQuery::new(&f.forum, Access::Staff))
        .await
        .unwrap();
    let mut entry = entries.remove(
        entries
            .iter()
            .position(|e| e.title.original_text() == "Sicherheit Notiz")
            .unwrap(),
    );
    entry.access = Access::Public;
    f.store.update(&mut entry).await.unwrap();
    urbis_search::catch_up(&f.store, &f.search).await.unwrap();
    assert_eq!(f.find(&anonymous, "Bahnhofsviertel").total, 0);
    assert_eq!(
        f.find(
            &viewer(&f.forum, Some(ForumRole::Member)),
            "Bahnhofsviertel"
        )
        .total,
        1
    );
}
