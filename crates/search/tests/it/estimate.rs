//! Searches that find more than can be counted one by one: the total and the facets are
//! estimated from a sample, still only over what the viewer may read.

use urbis_domain::accounts::{ForumRole, User, UserStatus};
use urbis_domain::{Access, Id, Kind, Lang, PartialDate, Shared, Text, Viewer};
use urbis_search::{Doc, Request, Results, Search};

const EACH: usize = 3_000;

fn doc(forum: &Id, access: Access, kind: Kind, year: i16, words: &str) -> Doc {
    Doc {
        kind,
        id: Id::new(),
        forum: forum.clone(),
        access,
        shared: Shared::Forum,
        topics: Vec::new(),
        date: PartialDate::month(year, 3).ok(),
        title: Text::new(Lang::De, format!("Bericht {words}")),
        texts: vec![Text::new(
            Lang::De,
            format!("Ein Text über {words} und mehr"),
        )],
        plain: Vec::new(),
        names: Vec::new(),
        parent: None,
    }
}

struct Fixture {
    search: Search,
    forum: Id,
    anonymous: Viewer,
    member: Viewer,
}

fn fixture() -> Fixture {
    let search = Search::in_ram().unwrap();
    let forum = Id::new();
    let other = Id::new();
    let mut docs = Vec::new();
    // Interleaved, as records come from a rebuild: public entries, members-only events.
    for i in 0..EACH {
        docs.push(doc(
            &forum,
            Access::Public,
            Kind::Entry,
            2020,
            "Gemeinwesen",
        ));
        docs.push(doc(
            &forum,
            Access::Members,
            Kind::Event,
            2021,
            "Gemeinwesen MARKERMEMBERS",
        ));
        docs.push(doc(
            &other,
            Access::Public,
            Kind::Project,
            2022,
            "Gemeinwesen",
        ));
        if i < 10 {
            docs.push(doc(&forum, Access::Public, Kind::Entry, 2019, "Seltenwort"));
        }
    }
    search.add(&docs).unwrap();
    search.commit(1).unwrap();
    let mut user = User::new("m@example.org", "Member", Lang::De);
    user.status = UserStatus::Active;
    user.grant(&forum, ForumRole::Member, None);
    Fixture {
        search,
        forum,
        anonymous: Viewer::anonymous(),
        member: Viewer::user(&user),
    }
}

impl Fixture {
    fn find(&self, viewer: &Viewer, text: &str, page: u64) -> Results {
        let mut request = Request::new(text, Lang::De);
        request.page = page;
        self.search.search(viewer, &self.forum, &request).unwrap()
    }
}

fn near(found: usize, want: usize) -> bool {
    found.abs_diff(want) * 5 <= want
}

#[test]
fn common_words_are_estimated_over_only_what_the_viewer_may_read() {
    let f = fixture();

    let a = f.find(&f.anonymous, "Gemeinwesen", 1);
    assert!(a.estimated, "{} found", a.total);
    assert!(
        near(a.total, EACH),
        "anonymous: about {EACH}, got {}",
        a.total
    );
    assert_eq!(
        a.facets.kinds.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        vec![Kind::Entry],
        "no members-only kind, no other forum"
    );
    assert_eq!(
        a.facets.years.iter().map(|(y, _)| *y).collect::<Vec<_>>(),
        vec![2020]
    );
    assert_eq!(a.hits.len(), 20);
    assert!(a.pages > 1);
    let shown = format!("{:?}", a.hits);
    assert!(!shown.contains("MARKERMEMBERS"), "{shown}");
    let second = f.find(&f.anonymous, "Gemeinwesen", 2);
    assert_eq!(second.hits.len(), 20);
    assert!(
        second.hits.iter().all(|h| !a.hits.contains(h)),
        "page 2 differs"
    );

    let m = f.find(&f.member, "Gemeinwesen", 1);
    assert!(m.estimated);
    assert!(
        near(m.total, 2 * EACH),
        "member: about {}, got {}",
        2 * EACH,
        m.total
    );
    let kinds: Vec<Kind> = m.facets.kinds.iter().map(|(k, _)| *k).collect();
    assert!(
        kinds.contains(&Kind::Entry) && kinds.contains(&Kind::Event),
        "{kinds:?}"
    );
    assert!(
        !kinds.contains(&Kind::Project),
        "another forum's records: {kinds:?}"
    );
    let mut request = Request::new("Gemeinwesen", Lang::De);
    request.kind = Some(Kind::Event);
    let events = f.search.search(&f.member, &f.forum, &request).unwrap();
    assert_eq!(events.hits.len(), 20);
    assert!(events.hits.iter().all(|h| h.kind == Kind::Event));
    assert_eq!(events.facets.kinds.len(), 1, "{:?}", events.facets.kinds);
    request.year = Some(2020);
    let none = f.search.search(&f.member, &f.forum, &request).unwrap();
    assert_eq!(
        (none.total, none.hits.len()),
        (0, 0),
        "the events are of 2021"
    );
    let facet_total: u64 = m.facets.kinds.iter().map(|(_, n)| n).sum();
    assert!(
        near(facet_total as usize, m.total),
        "{facet_total} vs {}",
        m.total
    );
}

#[test]
fn few_matches_are_counted_exactly_and_hidden_ones_not_at_all() {
    let f = fixture();
    let rare = f.find(&f.anonymous, "Seltenwort", 1);
    assert!(!rare.estimated);
    assert_eq!(rare.total, 10);
    assert_eq!(rare.facets.kinds, vec![(Kind::Entry, 10)]);
    assert_eq!(rare.pages, 1);

    // A rare year narrows by its own list: the common word finds just its records.
    let mut request = Request::new("über", Lang::De);
    request.year = Some(2019);
    let year = f.search.search(&f.anonymous, &f.forum, &request).unwrap();
    assert_eq!((year.total, year.estimated), (10, false));
    assert_eq!(year.facets.years, vec![(2019, 10)]);
    request.text = "MARKERMEMBERS".into();
    assert_eq!(
        f.search
            .search(&f.member, &f.forum, &request)
            .unwrap()
            .total,
        0
    );

    let hidden = f.find(&f.anonymous, "MARKERMEMBERS", 1);
    assert!(!hidden.estimated);
    assert_eq!(hidden.total, 0);
    assert!(hidden.facets.kinds.is_empty() && hidden.hits.is_empty());
    let seen = f.find(&f.member, "MARKERMEMBERS", 1);
    assert!(seen.estimated, "{} members-only events", seen.total);
    assert!(near(seen.total, EACH));
}

#[test]
fn two_word_phrases_find_the_words_side_by_side_in_order() {
    let f = fixture();
    // Every public entry's title is "Bericht Gemeinwesen"; stems apply as in the words.
    let side_by_side = f.find(&f.anonymous, "\"Berichte Gemeinwesen\"", 1);
    assert!(side_by_side.estimated);
    assert!(near(side_by_side.total, EACH), "{}", side_by_side.total);
    assert!(
        side_by_side
            .hits
            .iter()
            .all(|h| h.snippet.contains("<mark>")),
        "the words are marked: {:?}",
        side_by_side.hits.first()
    );
    assert_eq!(f.find(&f.anonymous, "\"Gemeinwesen Bericht\"", 1).total, 0);
    assert_eq!(f.find(&f.anonymous, "\"Bericht über\"", 1).total, 0);
    let rare = f.find(&f.anonymous, "\"über Seltenwort\"", 1);
    assert_eq!((rare.total, rare.estimated), (10, false));
    // Members-only words in a phrase stay hidden.
    assert_eq!(
        f.find(&f.anonymous, "\"Gemeinwesen MARKERMEMBERS\"", 1)
            .total,
        0
    );
    assert!(f.find(&f.member, "\"Gemeinwesen MARKERMEMBERS\"", 1).total > 0);
    // Longer phrases and phrase syntax go through the parser as before.
    assert!(
        !f.find(&f.anonymous, "\"Text über Seltenwort\"", 1)
            .estimated
    );
    assert_eq!(
        f.find(&f.anonymous, "\"Text über Seltenwort\"", 1).total,
        10
    );
    assert_eq!(f.find(&f.anonymous, "\"über Seltenwort\"~1", 1).total, 10);
}

/// A year held by one record in twenty: counted from its posting list, ranked with the year
/// checked per candidate; both see only that year, and the best of it come first.
#[test]
fn a_chosen_year_is_counted_and_ranked_over_that_year_only() {
    let search = Search::in_ram().unwrap();
    let forum = Id::new();
    let mut docs = Vec::new();
    for i in 0..42_000 {
        let year = if i % 20 == 0 {
            2019
        } else {
            2020 + (i % 5) as i16
        };
        let mut d = doc(
            &forum,
            Access::Public,
            Kind::Entry,
            year,
            "Gemeinwesen Nachbarn",
        );
        if i % 1_000 == 0 {
            // A few with the words in the title twice more: the best matches.
            d.title = Text::new(Lang::De, "Gemeinwesen Nachbarn Gemeinwesen Nachbarn");
        }
        docs.push(d);
    }
    search.add(&docs).unwrap();
    search.commit(1).unwrap();
    let mut request = Request::new("Gemeinwesen Nachbarn", Lang::De);
    request.year = Some(2019);
    let found = search
        .search(&Viewer::anonymous(), &forum, &request)
        .unwrap();
    assert!(found.estimated);
    assert!(near(found.total, 2_100), "{}", found.total);
    assert_eq!(found.facets.years, [(2019, found.total as u64)]);
    assert_eq!(found.hits.len(), 20);
    assert!(
        found
            .hits
            .iter()
            .all(|h| h.date.is_some_and(|d| d.year_number() == 2019)),
        "{:?}",
        found.hits
    );
    // The 42 records of 2019 with the words in their title twice more (i % 1000 == 0) first:
    // pages 1 and 2 hold 40 of them, page 3 the last two and then others.
    let best = |hits: &[urbis_search::Hit]| {
        hits.iter()
            .take_while(|h| h.title.starts_with("Gemeinwesen Nachbarn Gemeinwesen"))
            .count()
    };
    assert_eq!(best(&found.hits), 20);
    request.page = 3;
    let third = search
        .search(&Viewer::anonymous(), &forum, &request)
        .unwrap();
    assert_eq!(
        (third.hits.len(), best(&third.hits)),
        (20, 2),
        "{:?}",
        third.hits
    );
    assert!(
        third
            .hits
            .iter()
            .all(|h| h.date.is_some_and(|d| d.year_number() == 2019))
    );
}
