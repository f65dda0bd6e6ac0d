//! The open information portal through the real server: publication and funding call pages,
//! "closing soon", deadline reminders with double opt-in through real SMTP, and RSS/Atom feeds
//! that parse and never carry a members-only record.

use jiff::{Timestamp, ToSpan};
use reqwest::StatusCode;
use urbis_domain::Dataset;
use urbis_mail::{MailConfig, Mailer, RetryPolicy, send_due};
use urbis_testkit::TestSmtp;

use crate::common::{Role, Site, browser, csrf_of, get, start_with};

const STUDY: &str = "0190b000-0000-7000-8000-000000000001";
const HIDDEN_PUBLICATION: &str = "0190b000-0000-7000-8000-000000000002";
const NEWS: &str = "0190b000-0000-7000-8000-000000000003";
const SOON_CALL: &str = "0190b000-0000-7000-8000-000000000011";
const LATER_CALL: &str = "0190b000-0000-7000-8000-000000000012";
const HIDDEN_CALL: &str = "0190b000-0000-7000-8000-000000000013";

fn today() -> jiff::civil::Date {
    let zone = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
    zone.to_datetime(Timestamp::now()).date()
}

fn dataset() -> Dataset {
    let soon = today().checked_add(10.days()).unwrap();
    let later = today().checked_add(120.days()).unwrap();
    let json = format!(
        r#"{{
  "format": "urbis", "version": 1,
  "forums": [{{
    "forum": {{"id": "pf", "name": {{"de": "Portalforum", "en": "Portal forum"}}, "short_name": "PF", "languages": ["de", "en"]}},
    "topics": [
      {{"id": "t-safe", "slug": "sicherheit", "name": {{"de": "Sicherheit", "en": "Safety"}}}},
      {{"id": "t-other", "slug": "anderes", "name": "Anderes"}}
    ],
    "organisations": [
      {{"id": "o-city", "name": "Stadt Essen", "kind": "city", "country": "DE"}},
      {{"id": "o-funder", "name": "Bundesministerium für Forschung", "kind": "ministry", "country": "DE"}}
    ],
    "memberships": [{{"organisation": "o-city", "status": "active"}}],
    "publications": [
      {{"id": "{STUDY}", "kind": "study", "title": {{"de": "Öffentliche Studie", "en": "Public study"}}, "summary": "Eine **Studie** <script>alert(1)</script>", "authors": ["Erika Muster", "Max Beispiel"], "publisher": "Institut X", "published": "2022-06", "url": "https://example.org/studie", "topics": ["t-safe"]}},
      {{"id": "{HIDDEN_PUBLICATION}", "kind": "report", "access": "members", "title": "MARKER-MEMBERS-PUBLICATION", "summary": "MARKER-MEMBERS-DESCRIPTION", "topics": ["t-safe"]}},
      {{"id": "{NEWS}", "kind": "news", "title": "Neuigkeit aus dem Netzwerk", "published": "2022-07", "topics": ["t-other"]}}
    ],
    "funding_calls": [
      {{"id": "{SOON_CALL}", "title": "Aufruf Prävention", "funder": "o-funder", "programme": "Forschung für die zivile Sicherheit", "summary": "Fördert *Projekte*", "eligibility": "Kommunen und Hochschulen", "deadlines": [{{"date": "{soon}", "label": "Skizze"}}, {{"date": "{later}", "label": "Vollantrag"}}], "url": "https://example.org/aufruf", "topics": ["t-safe"]}},
      {{"id": "{LATER_CALL}", "title": "Aufruf Später", "deadlines": [{{"date": "{later}"}}], "topics": ["t-other"]}},
      {{"id": "{HIDDEN_CALL}", "access": "members", "title": "MARKER-MEMBERS-CALL", "deadlines": [{{"date": "{soon}"}}], "topics": ["t-safe"]}}
    ],
    "events": [
      {{"kind": "webinar", "title": "Offenes Portal-Webinar", "start": "2030-03-04", "status": "planned", "portal": true, "topics": ["t-safe"]}},
      {{"kind": "web_exchange", "access": "members", "title": "MARKER-MEMBERS-EVENT", "start": "2030-03-05", "status": "planned", "portal": true, "topics": ["t-safe"]}}
    ]
  }}]
}}"#
    );
    Dataset::from_json(&json).expect("the portal fixture reads")
}

async fn site() -> Site {
    start_with(urbis_testkit::sqlite(), dataset(), "PF").await
}

#[tokio::test]
async fn publication_and_call_pages_show_what_the_portal_promises() {
    let site = site().await;
    let anonymous = browser();
    let (status, page) = get(&anonymous, &site, &format!("/portal/publications/{STUDY}")).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Öffentliche Studie",
        "Erika Muster, Max Beispiel",
        "Institut X",
        "2022",
        "https://example.org/studie",
        "<strong>Studie</strong>",
        "/topics/sicherheit",
    ] {
        assert!(page.contains(text), "the publication page shows {text}");
    }
    assert!(!page.contains("<script>alert"), "summaries are sanitised");
    assert_eq!(
        get(
            &anonymous,
            &site,
            &format!("/portal/publications/{HIDDEN_PUBLICATION}")
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let member = site.client(Role::Member).await;
    assert_eq!(
        get(
            &member,
            &site,
            &format!("/portal/publications/{HIDDEN_PUBLICATION}")
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        get(&anonymous, &site, "/portal/publications/not-an-id")
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    let (status, page) = get(&anonymous, &site, &format!("/portal/calls/{SOON_CALL}")).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Aufruf Prävention",
        "Bundesministerium für Forschung",
        "Forschung für die zivile Sicherheit",
        "Skizze",
        "Vollantrag",
        "Kommunen und Hochschulen",
        "https://example.org/aufruf",
        "Frist endet bald",
        "name=\"email\"",
    ] {
        assert!(page.contains(text), "the call page shows {text}");
    }
    let (_, later) = get(&anonymous, &site, &format!("/portal/calls/{LATER_CALL}")).await;
    assert!(
        !later.contains("Frist endet bald"),
        "a deadline four months ahead is not closing soon"
    );
    assert_eq!(
        get(&anonymous, &site, &format!("/portal/calls/{HIDDEN_CALL}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = get(&anonymous, &site, "/portal").await;
    assert!(
        list.contains(&format!("/portal/calls/{SOON_CALL}")) && list.contains("Frist endet bald")
    );
    assert!(list.contains(&format!("/portal/publications/{STUDY}")));
    assert!(!list.contains("MARKER"));
}

/// Sends what is due through a real SMTP server; returns the texts of the mails delivered.
async fn deliver(site: &Site, smtp: &TestSmtp) -> Vec<String> {
    let url = format!("smtp://127.0.0.1:{}?security=none", smtp.port());
    let mailer = Mailer::new(
        &MailConfig::from_values(Some(&url), Some("office@example.org"), None).unwrap(),
    )
    .unwrap();
    send_due(
        &site.store,
        &mailer,
        Timestamp::now(),
        &RetryPolicy::default(),
    )
    .await
    .unwrap();
    smtp.messages()
        .iter()
        .map(|m| m.text().replace("=\r\n", "").replace("=3D", "="))
        .collect()
}

fn link(text: &str, path: &str) -> String {
    let at = text.find(path).expect("the mail has the link");
    let start = text[..at].rfind("http").unwrap();
    let end = text[at..]
        .find(|c: char| c.is_whitespace() || c == '<' || c == '"')
        .unwrap_or(text.len() - at);
    text[start..at + end]
        .trim_start_matches("http://localhost")
        .to_owned()
}

#[tokio::test]
async fn deadline_reminders_need_confirmation_and_can_be_ended() {
    let site = site().await;
    let smtp = TestSmtp::start();
    let visitor = browser();
    let (_, page) = get(&visitor, &site, &format!("/portal/calls/{SOON_CALL}")).await;
    let csrf = csrf_of(&page);
    let remind = |email: &'static str| {
        visitor
            .post(site.url(&format!("/portal/calls/{SOON_CALL}/remind")))
            .form(&[("email", email), ("csrf", csrf.as_str())])
            .send()
    };
    let bad = remind("not an address").await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("gültige E-Mail-Adresse"));
    let hidden = visitor
        .post(site.url(&format!("/portal/calls/{HIDDEN_CALL}/remind")))
        .form(&[("email", "reader@example.org"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        hidden.status(),
        StatusCode::NOT_FOUND,
        "no reminders for hidden calls"
    );
    assert_eq!(
        remind("reader@example.org").await.unwrap().status(),
        StatusCode::OK
    );

    // Before confirmation: nothing is reminded.
    let today = today();
    assert_eq!(
        urbis_app::portal::queue_reminders(
            &site.app,
            &urbis_app::forums::Addresses::single("http://localhost"),
            today,
            14
        )
        .await
        .unwrap(),
        0
    );
    let mails = deliver(&site, &smtp).await;
    assert_eq!(mails.len(), 1, "the confirmation mail");
    let confirm = link(&mails[0], "/confirm");
    let unsubscribe = link(&mails[0], "/unsubscribe");
    let (status, page) = get(&visitor, &site, &confirm).await;
    assert_eq!(status, StatusCode::OK, "opening the link only asks");
    assert_eq!(
        urbis_app::portal::queue_reminders(
            &site.app,
            &urbis_app::forums::Addresses::single("http://localhost"),
            today,
            14
        )
        .await
        .unwrap(),
        0
    );
    let confirmed = visitor
        .post(site.url(&confirm))
        .form(&[("csrf", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), StatusCode::OK);

    // The deadline ten days ahead is reminded once; the one four months ahead not yet.
    assert_eq!(
        urbis_app::portal::queue_reminders(
            &site.app,
            &urbis_app::forums::Addresses::single("http://localhost"),
            today,
            7
        )
        .await
        .unwrap(),
        0,
        "ten days is more than seven"
    );
    assert_eq!(
        urbis_app::portal::queue_reminders(
            &site.app,
            &urbis_app::forums::Addresses::single("http://localhost"),
            today,
            14
        )
        .await
        .unwrap(),
        1
    );
    assert_eq!(
        urbis_app::portal::queue_reminders(
            &site.app,
            &urbis_app::forums::Addresses::single("http://localhost"),
            today,
            14
        )
        .await
        .unwrap(),
        0,
        "never twice"
    );
    let mails = deliver(&site, &smtp).await;
    assert_eq!(mails.len(), 2);
    let reminder = &mails[1];
    assert!(
        reminder.contains("Aufruf Pr") && reminder.contains(&format!("/portal/calls/{SOON_CALL}")),
        "{reminder}"
    );
    assert!(
        reminder.contains(&unsubscribe),
        "every mail carries the unsubscribe link"
    );
    let later = today.checked_add(115.days()).unwrap();
    assert_eq!(
        urbis_app::portal::queue_reminders(
            &site.app,
            &urbis_app::forums::Addresses::single("http://localhost"),
            later,
            7
        )
        .await
        .unwrap(),
        1,
        "the second deadline in its time"
    );

    // Unsubscribing ends it; the link then is gone.
    let (status, page) = get(&visitor, &site, &unsubscribe).await;
    assert_eq!(status, StatusCode::OK);
    let done = visitor
        .post(site.url(&unsubscribe))
        .form(&[("csrf", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let again = visitor
        .post(site.url(&unsubscribe))
        .form(&[("csrf", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::GONE);
    assert!(
        site.store
            .confirmed_deadline_subscriptions()
            .await
            .unwrap()
            .is_empty()
    );
}

fn check_rss(path: &str, body: &[u8]) -> Vec<String> {
    let channel = rss::Channel::read_from(body).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(
        !channel.title().is_empty() && channel.link().starts_with("http"),
        "{path}"
    );
    assert!(!channel.description().is_empty(), "{path}");
    let mut titles = Vec::new();
    for item in channel.items() {
        let title = item.title().expect("title");
        assert!(
            item.link().unwrap().starts_with("http://localhost/"),
            "{path}: {title}"
        );
        let guid = item.guid().expect("guid");
        assert!(
            guid.value().starts_with("urn:uuid:") && !guid.is_permalink(),
            "{path}"
        );
        let date = item.pub_date().expect("date");
        jiff::fmt::rfc2822::parse(date).unwrap_or_else(|e| panic!("{path}: {date}: {e}"));
        titles.push(title.to_owned());
    }
    titles
}

fn check_atom(path: &str, body: &[u8]) -> Vec<String> {
    let feed = atom_syndication::Feed::read_from(body).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(
        !feed.title().is_empty() && feed.id().starts_with("http"),
        "{path}"
    );
    assert!(!feed.authors().is_empty(), "{path}: atom needs an author");
    assert!(feed.links().iter().any(|l| l.rel() == "self"), "{path}");
    let mut titles = Vec::new();
    for entry in feed.entries() {
        assert!(entry.id().starts_with("urn:uuid:"), "{path}");
        assert!(
            entry
                .links()
                .iter()
                .any(|l| l.href().starts_with("http://localhost/")),
            "{path}"
        );
        assert!(entry.published().is_some(), "{path}");
        assert!(entry.updated().timestamp() > 0, "{path}");
        titles.push(entry.title().as_str().to_owned());
    }
    titles
}

#[tokio::test]
async fn feeds_parse_and_carry_public_records_only() {
    let site = site().await;
    let member = site.client(Role::Member).await;
    for client in [browser(), member] {
        for (name, has, lacks) in [
            (
                "portal",
                vec![
                    "Öffentliche Studie",
                    "Aufruf Prävention",
                    "Offenes Portal-Webinar",
                    "Neuigkeit",
                ],
                vec![],
            ),
            (
                "publications",
                vec!["Öffentliche Studie"],
                vec!["Neuigkeit", "Aufruf"],
            ),
            ("news", vec!["Neuigkeit"], vec!["Öffentliche Studie"]),
            (
                "funding-calls",
                vec!["Aufruf Prävention", "Aufruf Später"],
                vec!["Studie"],
            ),
            ("events", vec!["Offenes Portal-Webinar"], vec!["Studie"]),
            (
                "topics/sicherheit",
                vec![
                    "Öffentliche Studie",
                    "Aufruf Prävention",
                    "Offenes Portal-Webinar",
                ],
                vec!["Neuigkeit", "Aufruf Später"],
            ),
        ] {
            for format in ["rss", "atom"] {
                let path = format!("/feeds/{name}.{format}");
                let response = client.get(site.url(&path)).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::OK, "{path}");
                let media = response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                assert!(
                    media.starts_with(&format!("application/{format}+xml")),
                    "{path}: {media}"
                );
                let body = response.bytes().await.unwrap();
                let text = String::from_utf8(body.to_vec()).unwrap();
                assert!(
                    !text.contains("MARKER"),
                    "{path} carries a members-only record"
                );
                let titles = if format == "rss" {
                    check_rss(&path, &body)
                } else {
                    check_atom(&path, &body)
                };
                for wanted in &has {
                    assert!(
                        titles.iter().any(|t| t.contains(wanted)),
                        "{path} has {wanted}: {titles:?}"
                    );
                }
                for unwanted in &lacks {
                    assert!(
                        !titles.iter().any(|t| t.contains(unwanted)),
                        "{path} lacks {unwanted}: {titles:?}"
                    );
                }
            }
        }
    }
    let anonymous = browser();
    for path in [
        "/feeds/nothing.rss",
        "/feeds/portal.xml",
        "/feeds/topics/unbekannt.atom",
        "/feeds/topics/sicherheit",
    ] {
        assert_eq!(
            get(&anonymous, &site, path).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
