//! Public pages kept for anonymous visitors: served again only while current, with each
//! visitor's own CSRF token, in the visitor's language, and never to anyone logged in.

use std::time::Duration;

use reqwest::{Client, StatusCode};
use urbis_domain::events::Event;
use urbis_domain::{Id, Record, Text};

use crate::common;
use crate::common::{Role, browser, csrf_of, start};

const OPEN_EVENT: &str = "0190a000-0000-7000-8000-0000000000d1";

async fn page(client: &Client, url: &str) -> String {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    response.text().await.unwrap()
}

/// The value of a counter of `/metrics`.
async fn counter(client: &Client, url: &str, name: &str) -> u64 {
    let text = client
        .get(url)
        .bearer_auth(common::METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} in {text}"))
}

#[tokio::test]
async fn a_kept_page_is_served_until_a_write_and_each_visitor_gets_their_own_token() {
    let site = start(urbis_testkit::sqlite()).await;
    let metrics = site.url("/metrics");
    let events = site.url("/events");
    let anonymous = browser();
    let first = page(&anonymous, &events).await;
    assert!(first.contains("Offenes Webinar"), "{first}");
    let hits = counter(&anonymous, &metrics, "urbis_page_cache_hits_total").await;
    let again = page(&anonymous, &events).await;
    assert_eq!(first, again, "the same visitor gets the same page");
    assert_eq!(
        counter(&anonymous, &metrics, "urbis_page_cache_hits_total").await,
        hits + 1,
        "the second request was answered with the kept page"
    );

    // A write through the server's store: the very next request renders anew.
    let id = Id::from_text(OPEN_EVENT);
    let mut event: Event = site.store.get(&id).await.unwrap();
    event.title = Text::new(urbis_domain::Lang::De, "Umbenanntes Webinar");
    site.store.update(&mut event).await.unwrap();
    let after = page(&anonymous, &events).await;
    assert!(after.contains("Umbenanntes Webinar"), "{after}");
    assert!(!after.contains("Offenes Webinar"));

    // Two visitors of the same kept event page each get the token of their own cookie, and
    // each can register with it.
    let mut open: Event = serde_json::from_value(serde_json::json!({
        "kind": "webinar", "title": "Webinar mit Anmeldung", "start": "2099-03-02T10:00",
        "format": "online", "status": "planned", "capacity": 10, "registration": {}
    }))
    .unwrap();
    open.set_forum(site.forum.clone());
    site.store.insert(&open).await.unwrap();
    let url = site.url(&format!("/events/{}", open.id));
    let register = site.url(&format!("/events/{}/register", open.id));
    let one = browser();
    let two = browser();
    let page_one = page(&one, &url).await;
    let page_two = page(&two, &url).await;
    let (token_one, token_two) = (csrf_of(&page_one), csrf_of(&page_two));
    assert_ne!(token_one, token_two);
    assert_eq!(
        page_one.replace(&token_one, ""),
        page_two.replace(&token_two, "")
    );
    for (client, token, email) in [
        (&one, &token_one, "eins@example.org"),
        (&two, &token_two, "zwei@example.org"),
    ] {
        let answer = client
            .post(&register)
            .form(&[
                ("name", "Gast"),
                ("email", email),
                ("consent", "yes"),
                ("csrf", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "{email}");
    }
    // A token from someone else's page is refused.
    let forged = one
        .post(&register)
        .form(&[
            ("name", "Gast"),
            ("email", "drei@example.org"),
            ("consent", "yes"),
            ("csrf", token_two.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn kept_pages_follow_the_language_and_never_reach_members() {
    let site = start(urbis_testkit::sqlite()).await;
    let events = site.url("/events");
    let anonymous = browser();
    let german = page(&anonymous, &format!("{events}?lang=de")).await;
    assert!(german.contains("lang=\"de\""));
    let english = browser()
        .get(&events)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("lang=\"en\""), "{english}");
    assert!(page(&browser(), &events).await.contains("lang=\"de\""));

    // The anonymous page is kept now; a member asking right after sees the members' page.
    assert!(!page(&anonymous, &events).await.contains("MARKER-MEMBERS"));
    let member = site.client(Role::Member).await;
    let theirs = page(&member, &events).await;
    assert!(theirs.contains("MARKER-MEMBERS-EVENT"), "{theirs}");
    // … and the members' page is never handed to the next anonymous visitor.
    assert!(!page(&browser(), &events).await.contains("MARKER-MEMBERS"));
}

#[tokio::test]
async fn a_write_by_another_process_shows_within_a_second_or_two() {
    let site = start(urbis_testkit::sqlite()).await;
    let events = site.url("/events");
    let anonymous = browser();
    assert!(page(&anonymous, &events).await.contains("Offenes Webinar"));
    // A second store on the same database, as `urbis import` or another node would write: the
    // server's own write counter does not see it.
    let other = urbis_testkit::store::Store::open(site.db_url())
        .await
        .unwrap();
    let id = Id::from_text(OPEN_EVENT);
    let mut event: Event = other.get(&id).await.unwrap();
    event.title = Text::new(urbis_domain::Lang::De, "Anderswo umbenannt");
    other.update(&mut event).await.unwrap();
    let mut seen = false;
    for _ in 0..40 {
        if page(&anonymous, &events)
            .await
            .contains("Anderswo umbenannt")
        {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen, "the other process's write shows within 4 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_visitors_at_once_have_a_page_rendered_once() {
    let site = start(urbis_testkit::sqlite()).await;
    let metrics = site.url("/metrics");
    let watcher = browser();
    let mut fewest = u64::MAX;
    for attempt in 0..5 {
        let before = counter(&watcher, &metrics, "urbis_page_cache_misses_total").await;
        let url = site.url(&format!("/events?when=past&attempt={attempt}"));
        let mut visits = Vec::new();
        for _ in 0..16 {
            let url = url.clone();
            visits.push(tokio::spawn(async move {
                let page = page(&browser(), &url).await;
                assert!(page.contains("MARKER") || page.contains("</html>"));
            }));
        }
        for visit in visits {
            visit.await.unwrap();
        }
        let after = counter(&watcher, &metrics, "urbis_page_cache_misses_total").await;
        // The two requests for /metrics are not kept pages; every other miss is a rendering.
        fewest = fewest.min(after - before);
    }
    // Once the search index stops applying changes (its version is part of a kept page's),
    // sixteen visitors at once cost one rendering.
    assert_eq!(
        fewest, 1,
        "renderings of a page sixteen visitors asked for at once"
    );
}

/// The records of a logged-in viewer's pages are kept for everyone with the same roles (the
/// app's kept reads): never handed to another audience, and read anew after the next write.
#[tokio::test]
async fn kept_records_serve_the_same_roles_only_and_a_write_renews_them() {
    let site = start(urbis_testkit::sqlite()).await;
    let upcoming = site.url("/events");
    let past = site.url("/events?when=past");
    // A cookie that names no session: served as anonymous, but past the kept pages.
    let nobody = |url: &str| {
        let request = browser().get(url).header("cookie", "urbis_session=none");
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let member = site.client(Role::Member).await;
    let staff = site.client(Role::Staff).await;

    assert!(
        page(&member, &upcoming)
            .await
            .contains("MARKER-MEMBERS-EVENT")
    );
    assert!(site.app.kept_reads() > 0, "the member's records are kept");
    let metrics = site.url("/metrics");
    assert!(counter(&browser(), &metrics, "urbis_read_cache_entries").await > 0);
    for _ in 0..2 {
        let theirs = nobody(&upcoming).await;
        assert!(theirs.contains("Offenes Webinar"), "{theirs}");
        assert!(!theirs.contains("MARKER-MEMBERS"), "{theirs}");
        assert!(
            page(&member, &upcoming)
                .await
                .contains("MARKER-MEMBERS-EVENT")
        );
        assert!(!page(&member, &past).await.contains("MARKER-STAFF"));
        assert!(page(&staff, &past).await.contains("MARKER-STAFF-EVENT"));
        assert!(!nobody(&past).await.contains("MARKER-STAFF"));
    }

    // A write through the server's store: the very next member page shows it.
    let id = Id::from_text(common::MEMBERS_EVENT);
    let mut event: Event = site.store.get(&id).await.unwrap();
    event.title = Text::new(urbis_domain::Lang::De, "Umbenannt für Mitglieder");
    site.store.update(&mut event).await.unwrap();
    let after = page(&member, &upcoming).await;
    assert!(after.contains("Umbenannt für Mitglieder"), "{after}");
    assert!(!nobody(&upcoming).await.contains("Umbenannt"));

    // Without a budget nothing is kept, and the pages are the same.
    site.app.set_read_budget(0);
    assert_eq!(site.app.kept_reads(), 0);
    assert!(
        page(&member, &upcoming)
            .await
            .contains("Umbenannt für Mitglieder")
    );
    assert_eq!(site.app.kept_reads(), 0);
}
