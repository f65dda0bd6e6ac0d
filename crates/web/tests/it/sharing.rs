//! Records the umbrella shares with all its forums, seen from a national forum's site: they
//! are in its calendar, event pages, iCal and RSS/Atom feeds, portal and home page, each
//! marked as the umbrella's; members-only ones only for the forum's members; what the
//! umbrella or a sibling forum keeps to itself never; and nothing shared is writable here.

use reqwest::{Client, StatusCode};
use urbis_domain::Dataset;

use crate::common;
use crate::common::{Role, Site};

/// The umbrella's public event shared with all forums.
const SHARED_EVENT: &str = "0190a000-0000-7000-8000-0000000005e1";
/// The umbrella's members-only event shared with all forums.
const SHARED_MEMBERS_EVENT: &str = "0190a000-0000-7000-8000-0000000005e2";
/// The umbrella's public event it keeps to itself.
const UNSHARED_EVENT: &str = "0190a000-0000-7000-8000-0000000005e3";
/// A sibling forum's public event it keeps to itself.
const SIBLING_EVENT: &str = "0190a000-0000-7000-8000-0000000005e4";

const NETWORK: &str = r#"{
  "format": "urbis", "version": 1,
  "forums": [
    {
      "forum": {"id": "efus", "name": "European Forum for Urban Security", "short_name": "Efus", "languages": ["en"]},
      "organisations": [
        {"name": "City of Paris", "kind": "city", "country": "FR"}
      ],
      "events": [
        {"id": "0190a000-0000-7000-8000-0000000005e1", "kind": "conference", "title": "SHARED-CONFERENCE of the umbrella", "start": "2030-03-04", "status": "planned", "portal": true, "shared": "all_forums"},
        {"id": "0190a000-0000-7000-8000-0000000005e2", "kind": "umbrella_committee", "access": "members", "title": "MARKER-MEMBERS-SHARED committee", "start": "2030-03-06", "status": "planned", "shared": "all_forums"},
        {"id": "0190a000-0000-7000-8000-0000000005e3", "kind": "meeting", "title": "UNSHARED-UMBRELLA meeting", "start": "2030-03-07", "status": "planned"}
      ],
      "publications": [
        {"kind": "report", "title": "SHARED-PUBLICATION of the umbrella", "published": "2029-12", "shared": "all_forums"},
        {"kind": "report", "title": "UNSHARED-PUBLICATION of the umbrella", "published": "2029-11"}
      ]
    },
    {
      "forum": {"id": "nat", "name": "Nationales Forum", "short_name": "NAT", "languages": ["de", "en"], "umbrella": "efus"},
      "organisations": [
        {"name": "Stadt Essen", "kind": "city", "country": "DE"}
      ],
      "events": [
        {"kind": "seminar", "title": "OWN-SEMINAR", "start": "2030-04-01", "status": "planned"}
      ]
    },
    {
      "forum": {"id": "sib", "name": "Forum voisin", "short_name": "SIB", "languages": ["fr"], "umbrella": "efus"},
      "events": [
        {"id": "0190a000-0000-7000-8000-0000000005e4", "kind": "seminar", "title": "SIBLING-PRIVATE seminar", "start": "2030-04-02", "status": "planned"}
      ]
    }
  ]
}"#;

/// Texts that must never reach anyone on the national forum's site.
const NEVER: &[&str] = &[
    "UNSHARED-UMBRELLA",
    "UNSHARED-PUBLICATION",
    "SIBLING-PRIVATE",
];

async fn get(client: &Client, site: &Site, path: &str) -> (StatusCode, String) {
    let response = client.get(site.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

fn never(page: &str, path: &str) {
    for text in NEVER {
        assert!(!page.contains(text), "{path} shows {text}:\n{page}");
    }
}

urbis_testkit::on_both_databases!(
    the_umbrellas_shared_records_appear_marked_in_the_national_forum,
    members_only_shared_records_only_reach_the_forums_members,
    search_finds_shared_records_and_the_umbrella_office_searches_its_forums,
);

async fn the_umbrellas_shared_records_appear_marked_in_the_national_forum(
    db: urbis_testkit::TestDb,
) {
    let site = common::start_with(db, Dataset::from_json(NETWORK).unwrap(), "NAT").await;
    let client = common::browser();
    let badge = r#"<span class="badge shared">Geteilt von Efus</span>"#;
    for path in ["/events", "/", "/portal"] {
        let (status, page) = get(&client, &site, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(page.contains("SHARED-CONFERENCE"), "{path}:\n{page}");
        assert!(
            page.contains(badge),
            "{path} marks the umbrella's event:\n{page}"
        );
        assert!(!page.contains("MARKER-MEMBERS"), "{path}:\n{page}");
        never(&page, path);
    }
    let (_, events) = get(&client, &site, "/events").await;
    assert!(events.contains("OWN-SEMINAR"));
    assert_eq!(
        events.matches(badge).count(),
        1,
        "the forum's own events are not marked"
    );
    let (_, portal) = get(&client, &site, "/portal").await;
    assert!(portal.contains("SHARED-PUBLICATION"), "{portal}");
    let (_, english) = get(&common::browser(), &site, "/events?lang=en").await;
    assert!(english.contains(r#"<span class="badge shared">Shared by Efus</span>"#));

    // The event page: shown and marked; what is not shared is not found.
    let (status, page) = get(&client, &site, &format!("/events/{SHARED_EVENT}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(badge) && page.contains("SHARED-CONFERENCE"),
        "{page}"
    );
    for id in [UNSHARED_EVENT, SIBLING_EVENT] {
        let (status, _) = get(&client, &site, &format!("/events/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{id}");
    }

    // iCal: in the forum's feed, marked in the summary and as a category, with a page here.
    let (status, ics) = get(&client, &site, "/calendar/events.ics").await;
    assert_eq!(status, StatusCode::OK);
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:[Efus] SHARED-CONFERENCE of the umbrella\r\n"),
        "{ics}"
    );
    assert!(unfolded.contains("CATEGORIES:Efus\r\n"), "{ics}");
    assert!(
        unfolded.contains(&format!("/events/{SHARED_EVENT}")),
        "{ics}"
    );
    assert!(unfolded.contains("SUMMARY:OWN-SEMINAR\r\n"), "{ics}");
    assert!(!ics.contains("MARKER-MEMBERS"), "{ics}");
    never(&ics, "/calendar/events.ics");

    // RSS and Atom: marked in the title and as a category.
    for path in [
        "/feeds/portal.rss",
        "/feeds/portal.atom",
        "/feeds/events.rss",
    ] {
        let (status, feed) = get(&client, &site, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(feed.contains("[Efus] SHARED-CONFERENCE"), "{path}:\n{feed}");
        assert!(
            feed.contains("Efus</category>") || feed.contains(r#"term="Efus""#),
            "{path}:\n{feed}"
        );
        never(&feed, path);
    }
    let (_, rss) = get(&client, &site, "/feeds/portal.rss").await;
    assert!(rss.contains("[Efus] SHARED-PUBLICATION"), "{rss}");

    // Never writable from the receiving forum: its office cannot open or change it.
    let staff = site.client(Role::Admin).await;
    let (status, _) = get(&staff, &site, &format!("/admin/events/{SHARED_EVENT}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&staff, &site, &format!("/api/v1/events/{SHARED_EVENT}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = get(&staff, &site, "/admin/events").await;
    assert!(
        !list.contains("SHARED-CONFERENCE"),
        "the back office lists the forum's own"
    );
}

async fn members_only_shared_records_only_reach_the_forums_members(db: urbis_testkit::TestDb) {
    let site = common::start_with(db, Dataset::from_json(NETWORK).unwrap(), "NAT").await;
    let path = format!("/events/{SHARED_MEMBERS_EVENT}");
    let (status, _) = get(&common::browser(), &site, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "anonymous never");
    let member = site.client(Role::Member).await;
    let (status, page) = get(&member, &site, &path).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a member of the national forum reads it"
    );
    assert!(page.contains("MARKER-MEMBERS-SHARED"));
    let (_, list) = get(&member, &site, "/events").await;
    assert!(list.contains("MARKER-MEMBERS-SHARED") && list.contains("SHARED-CONFERENCE"));
    never(&list, "/events");
    let (_, home) = get(&member, &site, "/").await;
    assert!(home.contains("MARKER-MEMBERS-SHARED"), "{home}");
    // The public feeds stay public whoever asks.
    let (_, ics) = get(&member, &site, "/calendar/events.ics").await;
    assert!(!ics.contains("MARKER-MEMBERS"), "{ics}");
}

/// The search page for `q`, without the marks around words found; waits (at most twenty
/// seconds) until the index shows `ready`, as the index is refreshed in the background.
async fn search(client: &Client, site: &Site, q: &str, ready: &str) -> String {
    let started = std::time::Instant::now();
    loop {
        let (status, page) = get(client, site, &format!("/search?q={q}")).await;
        assert_eq!(status, StatusCode::OK);
        let page = page.replace("<mark>", "").replace("</mark>", "");
        if page.contains(ready) || started.elapsed() > std::time::Duration::from_secs(20) {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn search_finds_shared_records_and_the_umbrella_office_searches_its_forums(
    db: urbis_testkit::TestDb,
) {
    let site = common::start_with(db, Dataset::from_json(NETWORK).unwrap(), "NAT").await;
    let anonymous = common::browser();
    let page = search(&anonymous, &site, "umbrella", "SHARED-CONFERENCE").await;
    assert!(
        page.contains("SHARED-CONFERENCE") && page.contains("SHARED-PUBLICATION"),
        "{page}"
    );
    never(&page, "/search?q=umbrella");
    let page = search(&anonymous, &site, "committee", "").await;
    assert!(!page.contains("MARKER-MEMBERS"), "{page}");
    let member = site.client(Role::Member).await;
    let page = search(&member, &site, "committee", "MARKER-MEMBERS-SHARED").await;
    assert!(
        page.contains("MARKER-MEMBERS-SHARED"),
        "a member finds it: {page}"
    );
    // The national office searches its own forum and what is shared into it, not a sibling.
    let office = site.client(Role::Admin).await;
    let page = search(&office, &site, "seminar", "OWN-SEMINAR").await;
    assert!(page.contains("OWN-SEMINAR"), "{page}");
    assert!(!page.contains("SIBLING-PRIVATE"), "{page}");

    // On the umbrella's site its office finds the forums' records too; anonymous visitors
    // find only the umbrella's own.
    let umbrella = common::start_with(
        urbis_testkit::sqlite(),
        Dataset::from_json(NETWORK).unwrap(),
        "Efus",
    )
    .await;
    let office = umbrella.client(Role::Admin).await;
    let page = search(&office, &umbrella, "seminar", "SIBLING-PRIVATE").await;
    assert!(
        page.contains("SIBLING-PRIVATE") && page.contains("OWN-SEMINAR"),
        "{page}"
    );
    let page = search(&common::browser(), &umbrella, "seminar", "").await;
    assert!(
        !page.contains("SIBLING-PRIVATE") && !page.contains("OWN-SEMINAR"),
        "{page}"
    );
}
