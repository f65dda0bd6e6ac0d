//! The public site over the demo network: home, events, members, projects, about, topics and
//! the portal, in German and English, as the public and as a member sees them.

use reqwest::{Client, StatusCode};
use urbis_domain::events::{Event, EventKind, Series};
use urbis_domain::network::Organisation;
use urbis_domain::{Access, Lang};
use urbis_testkit::store::ListQuery;

use crate::common;
use crate::common::{Role, Site, page, pick};

async fn demo_site() -> Site {
    common::start_with(
        urbis_testkit::sqlite(),
        urbis_demo::dataset().expect("the demo data set loads"),
        "DEFUS",
    )
    .await
}

/// The demo network with its internal web exchanges (and their series) kept for members, as a
/// forum may choose: the demo itself names them publicly, as its annual report does.
async fn demo_site_with_internal_web_exchanges() -> Site {
    let mut dataset = urbis_demo::dataset().expect("the demo data set loads");
    for forum in &mut dataset.forums {
        for event in &mut forum.events {
            if event.kind == EventKind::WebExchange {
                event.access = Access::Members;
            }
        }
        for series in &mut forum.series {
            if series
                .title
                .get(Lang::De)
                .is_some_and(|t| t.contains("Web-Exchanges"))
            {
                series.access = Access::Members;
            }
        }
    }
    common::start_with(urbis_testkit::sqlite(), dataset, "DEFUS").await
}

/// The page at `path` in `lang`, which must answer 200.
async fn ok(site: &Site, client: &Client, path: &str, lang: Lang) -> String {
    let (status, body) = page(site, client, path, lang).await;
    assert_eq!(status, StatusCode::OK, "{path} ({lang}):\n{body}");
    body
}

async fn event_id(site: &Site, title_de: &str) -> String {
    let events: Vec<Event> = site
        .store
        .list(&ListQuery::new(&site.forum, Access::Staff))
        .await
        .unwrap();
    events
        .iter()
        .find(|e| e.title.get(Lang::De) == Some(title_de))
        .unwrap_or_else(|| panic!("the demo has the event {title_de}"))
        .id
        .to_string()
}

async fn organisation_id(site: &Site, name_de: &str) -> String {
    let organisations: Vec<Organisation> = site
        .store
        .list(&ListQuery::new(&site.forum, Access::Staff))
        .await
        .unwrap();
    organisations
        .iter()
        .find(|o| o.name.get(Lang::De) == Some(name_de))
        .unwrap_or_else(|| panic!("the demo has {name_de}"))
        .id
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_site_shows_the_demo_network_in_both_languages() {
    let site = demo_site().await;
    let public = common::browser();
    let panel = event_id(
        &site,
        "Podiumsdiskussion: Brauchen wir neue Strategien für urbane Sicherheit?",
    )
    .await;
    let essen = organisation_id(&site, "Stadt Essen").await;
    for lang in [Lang::De, Lang::En] {
        let home = ok(&site, &public, "/", lang).await;
        assert!(home.contains(&format!("<html lang=\"{}\"", lang.code())));
        assert!(home.contains(pick(lang, "Nächste Veranstaltungen", "Next events")));
        // The next events are chosen by date: the demo's events dated from the day it was
        // loaded, soonest first; the 2023 outlook of the reference year is past by now.
        let next = [
            pick(
                lang,
                "Web-Exchange: Sicherheit im Bahnhofsviertel – ein Jahr danach",
                "Web exchange: security in station districts – one year on",
            ),
            pick(
                lang,
                "Webinar 1: Beteiligung von Anwohnenden bei der Platzgestaltung",
                "Webinar 1: involving residents in the design of squares",
            ),
        ];
        let at = |title: &str| {
            home.find(title)
                .unwrap_or_else(|| panic!("{title}: {home}"))
        };
        assert!(at(next[0]) < at(next[1]), "soonest first");
        assert!(
            !home.contains(pick(
                lang,
                "Secu4All-Field-Visits zu KI und urbaner Sicherheit",
                "Secu4All Field Visits on AI and Urban Security"
            )),
            "an event of January 2023 is not ahead"
        );
        assert!(home.contains(pick(lang, "Schwerpunktthemen 2022", "Focus topics 2022")));
        assert!(home.contains(pick(lang, "Sicherheit von Frauen", "Safety of women")));
        assert!(home.contains("/topics/sicherheit-von-frauen"));

        let past = ok(&site, &public, "/events?when=past", lang).await;
        assert!(
            past.contains(pick(
                lang,
                "Symposium: Brauchen wir neue Strategien für Sicherheit im öffentlichen Raum?",
                "Symposium: Do we need new strategies for security in public space?"
            )),
            "{past}"
        );
        assert!(past.contains(pick(lang, "Teilnehmende: 70", "Participants: 70")));
        assert!(past.contains(pick(lang, "November 2022", "November 2022")));

        let webinars = ok(&site, &public, "/events?when=past&kind=webinar", lang).await;
        assert!(webinars.contains(pick(
            lang,
            "Angebote für Suchtkranke in Bahnhofsvierteln",
            "Offers for addicts in station districts"
        )));
        assert!(!webinars.contains("Symposium:"));

        let event = ok(&site, &public, &format!("/events/{panel}"), lang).await;
        assert!(event.contains(pick(lang, "Mitwirkende", "Speakers")));
        for speaker in [
            "Christian Specht",
            "Prof. Dr. Rita Haverkamp",
            "Daniela Dorn",
        ] {
            assert!(event.contains(speaker), "{speaker} on the event page");
        }

        let members = ok(&site, &public, "/members", lang).await;
        assert!(members.contains(pick(lang, "Mitglieder (18)", "Members (18)")));
        let organisation = ok(&site, &public, &format!("/members/{essen}"), lang).await;
        assert!(organisation.contains(pick(lang, "Stadt Essen", "City of Essen")));
        assert!(organisation.contains("Secu4All"), "{organisation}");

        let projects = ok(&site, &public, "/projects", lang).await;
        for acronym in ["PanReflex", "Secu4All", "LegiNot"] {
            assert!(projects.contains(acronym), "{acronym} in the projects");
        }

        let about = ok(&site, &public, "/about", lang).await;
        for name in ["Christian Kromberg", "Christian Specht", "Anna Rau"] {
            assert!(about.contains(name), "{name} on the about page");
        }
        let molkenbur = &about[about.find("Margo Molkenbur").expect("Molkenbur")..];
        let molkenbur = &molkenbur[..molkenbur.find("</li>").unwrap_or(molkenbur.len())];
        assert!(
            molkenbur.contains(pick(lang, "seit April 2022", "since April 2022")),
            "{molkenbur}"
        );
        assert!(about.contains("Efus"));
        assert!(about.contains("FBPSU"));

        let topic = ok(&site, &public, "/topics/bahnhofsviertel", lang).await;
        assert!(topic.contains(pick(
            lang,
            "Angebote für Suchtkranke in Bahnhofsvierteln",
            "Offers for addicts in station districts"
        )));
        assert!(topic.contains("SiBa"));

        let portal = ok(&site, &public, "/portal", lang).await;
        assert!(portal.contains(pick(
            lang,
            "Förderrichtlinie SifoLIFE",
            "SifoLIFE funding guideline"
        )));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_only_web_exchanges_are_for_members_only() {
    let site = demo_site_with_internal_web_exchanges().await;
    let internal = event_id(&site, "Web-Exchange: Gewalt gegen Frauen").await;
    let all_series: Vec<Series> = site
        .store
        .list(&ListQuery::new(&site.forum, Access::Staff))
        .await
        .unwrap();
    let internal_series = all_series
        .iter()
        .find(|s| s.access == Access::Members)
        .expect("the internal series")
        .id
        .to_string();
    let paths = [
        "/",
        "/events",
        "/events?when=past",
        "/events?when=past&kind=web_exchange",
        "/portal",
        "/topics/sicherheit-von-frauen",
    ];
    let public = common::browser();
    for lang in [Lang::De, Lang::En] {
        let title = pick(
            lang,
            "Web-Exchange: Gewalt gegen Frauen",
            "Web exchange: violence against women",
        );
        for path in paths {
            let (status, body) = page(&site, &public, path, lang).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(!body.contains(title), "{path} shows {title} to the public");
            assert!(
                !body.contains("Web-Exchange: Messergewalt"),
                "{path} shows an internal web exchange"
            );
        }
        for path in [
            format!("/events/{internal}"),
            format!("/series/{internal_series}"),
            format!("/events?when=past&series={internal_series}"),
        ] {
            let (status, body) = page(&site, &public, &path, lang).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(!body.contains(title), "{path}");
        }
    }
    let member = site.client(Role::Member).await;
    for lang in [Lang::De, Lang::En] {
        let title = pick(
            lang,
            "Web-Exchange: Gewalt gegen Frauen",
            "Web exchange: violence against women",
        );
        for path in [
            format!("/events?when=past&series={internal_series}"),
            "/topics/sicherheit-von-frauen".to_owned(),
        ] {
            let body = ok(&site, &member, &path, lang).await;
            assert!(body.contains(title), "{path} hides {title} from a member");
        }
        let body = ok(&site, &member, &format!("/events/{internal}"), lang).await;
        assert!(body.contains(title));
        let body = ok(&site, &member, &format!("/series/{internal_series}"), lang).await;
        assert!(body.contains(title));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topic_pages_show_collection_entries_to_members_only() {
    let site = demo_site().await;
    let public = common::browser();
    let member = site.client(Role::Member).await;
    for lang in [Lang::De, Lang::En] {
        let note = pick(
            lang,
            "Beispielnotiz: Schutzkonzepte für Beschäftigte mit Publikumsverkehr",
            "Example note: protection concepts for staff in contact with the public",
        );
        let body = ok(&site, &public, "/topics/mitarbeitersicherheit", lang).await;
        assert!(!body.contains(note), "the public sees a members-only entry");
        let body = ok(&site, &member, "/topics/mitarbeitersicherheit", lang).await;
        assert!(body.contains(note), "a member misses an entry");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_query_values_never_give_a_server_error() {
    let site = demo_site().await;
    let efus = site.store.forums().await.unwrap()[0].id.to_string();
    let client = common::browser();
    let cases: &[(&str, u16)] = &[
        ("/events?kind=xyz", 400),
        ("/events?page=-1", 400),
        ("/events?page=0", 400),
        ("/events?page=1000000000000", 400),
        ("/events?page=abc", 400),
        ("/events?when=tomorrow", 400),
        ("/events?page=99", 200),
        ("/events?series=nope", 404),
        ("/events?kind=", 200),
        ("/events/nope", 404),
        ("/events/%27%3B%20drop%20table%20events", 404),
        ("/series/nope", 404),
        ("/projects?kind=xyz", 400),
        ("/projects?kind=eu", 200),
        ("/projects/nope", 404),
        ("/portal?kind=xyz", 400),
        ("/portal?kind=funding_calls", 200),
        ("/topics/nope", 404),
        ("/members/nope", 404),
        ("/members/%00", 404),
        ("/events/0190a000-0000-7000-8000-%0000000000d1", 404),
        ("/topics/%00", 404),
        ("/topics/%C3%A4%00", 404),
        ("/events?series=%00", 404),
    ];
    for lang in [Lang::De, Lang::En] {
        for (path, expected) in cases {
            let (status, body) = page(&site, &client, path, lang).await;
            assert_eq!(status.as_u16(), *expected, "{path} ({lang}):\n{body}");
            assert!(body.contains("<html"), "{path} answers with a page");
        }
        // A record of another kind or forum is not found either.
        let (status, _) = page(&site, &client, &format!("/members/{efus}"), lang).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (_, body) = page(&site, &client, "/events?kind=xyz", Lang::En).await;
    assert!(body.contains("not valid"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn untranslated_texts_fall_back_with_a_marker_and_their_language() {
    let site = common::start(urbis_testkit::sqlite()).await;
    let client = common::browser();
    let path = format!("/members/{}", common::PUBLIC_ORG);
    let english = ok(&site, &client, &path, Lang::En).await;
    assert!(
        english.contains("<span lang=\"de\">Stadt Essen</span> <small class=\"fallback\">(original language)</small>"),
        "{english}"
    );
    let german = ok(&site, &client, &path, Lang::De).await;
    assert!(german.contains("<h1>Stadt Essen"), "{german}");
    assert!(!german.contains("(Originalsprache)"));
    let event = ok(
        &site,
        &client,
        &format!("/events/{}", common::PUBLIC_EVENT),
        Lang::En,
    )
    .await;
    assert!(event.contains("Open webinar"));
    assert!(event.contains("June 12–13, 2030"));
    assert!(event.contains("Erika Muster, Speaker"));
}
