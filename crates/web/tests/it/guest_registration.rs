//! Guest registrations over real HTTP: the limits per client address and per email (429 with
//! `Retry-After`, nothing written, no mail), also under concurrency; and events that ask
//! guests to confirm their address by a mailed link before they take a seat.

use jiff::{SignedDuration, Timestamp};
use reqwest::{Client, Response, StatusCode, header};
use serde_json::json;
use urbis_app::events::{self as app_events, Registrant};
use urbis_domain::events::{Event, Registration, RegistrationStatus};
use urbis_domain::policy::Viewer;
use urbis_domain::{Id, Lang, Record};
use urbis_testkit::store::OutgoingMail;

use crate::common::{Role, Site, browser, csrf_of, registrations, start};

/// An upcoming public webinar that takes guests; `rules` are its registration rules.
async fn event(site: &Site, capacity: Option<u32>, rules: serde_json::Value) -> Event {
    let mut event: Event = serde_json::from_value(json!({
        "kind": "webinar", "title": {"de": "Offenes Webinar", "en": "Open webinar"},
        "start": "2099-03-02T10:00", "end": "2099-03-02T12:00", "format": "online",
        "status": "planned", "access": "public", "capacity": capacity, "registration": rules,
    }))
    .unwrap();
    event.set_forum(site.forum.clone());
    site.store.insert(&event).await.unwrap();
    event
}

/// A client with the CSRF token of its cookie, read from an event's registration form.
async fn visitor(site: &Site, event: &Event) -> (Client, String) {
    let client = browser();
    let page = client
        .get(site.url(&format!("/events/{}", event.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_of(&page);
    (client, token)
}

async fn register(
    site: &Site,
    (client, csrf): &(Client, String),
    event: &Id,
    email: &str,
    lang: &str,
) -> Response {
    client
        .post(site.url(&format!("/events/{event}/register")))
        .header(header::ACCEPT_LANGUAGE, lang)
        .form(&[
            ("name", "Gerd Gast"),
            ("email", email),
            ("consent", "yes"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap()
}

async fn outbox(site: &Site) -> i64 {
    site.store.outbox_len().await.unwrap()
}

/// Every mail of the outbox (claimed far ahead, once per test).
async fn mails(site: &Site, day: i64) -> Vec<OutgoingMail> {
    let at: Timestamp = "2100-01-01T00:00:00Z".parse().unwrap();
    site.store
        .claim_due_mail(at + SignedDuration::from_hours(24 * day), 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.mail)
        .collect()
}

/// The retry time of a refusal over the limit, checked to lie within the window.
fn retry_after(response: &Response) -> i64 {
    let seconds: i64 = response
        .headers()
        .get(header::RETRY_AFTER)
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&seconds), "{seconds}");
    seconds
}

#[tokio::test]
async fn thirty_guest_registrations_from_one_address_get_only_the_limit() {
    let site = start(urbis_testkit::sqlite()).await;
    let event = event(&site, None, json!({})).await;
    let client = visitor(&site, &event).await;
    let before = outbox(&site).await;
    let (mut accepted, mut refused) = (0, 0);
    for i in 0..30 {
        let lang = ["de", "en", "fr"][i % 3];
        let answer = register(
            &site,
            &client,
            &event.id,
            &format!("g{i}@example.org"),
            lang,
        )
        .await;
        match answer.status() {
            StatusCode::OK => accepted += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                refused += 1;
                retry_after(&answer);
                let page = answer.text().await.unwrap();
                let message = match lang {
                    "de" => "Zu viele Anmeldungen",
                    "en" => "Too many registrations",
                    _ => "inscriptions depuis cette connexion",
                };
                assert!(page.contains(message), "{lang}: {page}");
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((accepted, refused), (10, 20));
    assert_eq!(registrations(&site, &event).await.len(), 10);
    assert_eq!(
        outbox(&site).await - before,
        10,
        "a mail for each accepted one only"
    );
}

#[tokio::test]
async fn one_email_gets_at_most_three_registrations_across_events() {
    let site = start(urbis_testkit::sqlite()).await;
    let mut events = Vec::new();
    for _ in 0..4 {
        events.push(event(&site, None, json!({})).await);
    }
    let client = visitor(&site, &events[0]).await;
    let before = outbox(&site).await;
    for (i, spelling) in ["anna@example.org", "Anna@Example.org", " ANNA@example.org"]
        .into_iter()
        .enumerate()
    {
        let answer = register(&site, &client, &events[i].id, spelling, "de").await;
        assert_eq!(answer.status(), StatusCode::OK, "event {i}");
    }
    let fourth = register(&site, &client, &events[3].id, "anna@example.org", "en").await;
    assert_eq!(fourth.status(), StatusCode::TOO_MANY_REQUESTS);
    retry_after(&fourth);
    assert!(registrations(&site, &events[3]).await.is_empty());
    assert_eq!(outbox(&site).await - before, 3);
    // The address itself may still register someone else.
    let other = register(&site, &client, &events[3].id, "ben@example.org", "de").await;
    assert_eq!(other.status(), StatusCode::OK);
}

#[tokio::test]
async fn twenty_concurrent_guest_registrations_stay_within_the_limit() {
    let site = start(urbis_testkit::sqlite()).await;
    let event = event(&site, None, json!({})).await;
    let (client, csrf) = visitor(&site, &event).await;
    let before = outbox(&site).await;
    let url = site.url(&format!("/events/{}/register", event.id));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let (client, csrf, url) = (client.clone(), csrf.clone(), url.clone());
        tasks.spawn(async move {
            let email = format!("p{i}@example.org");
            client
                .post(&url)
                .form(&[
                    ("name", "Gast"),
                    ("email", email.as_str()),
                    ("consent", "yes"),
                    ("csrf", csrf.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = tasks.join_next().await {
        statuses.push(status.unwrap());
    }
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((ok, limited), (10, 10), "{statuses:?}");
    assert_eq!(registrations(&site, &event).await.len(), 10);
    assert_eq!(outbox(&site).await - before, 10);
}

/// The confirmation link in the mail to `to`.
fn confirm_link(mails: &[OutgoingMail], to: &str) -> String {
    let mail = mails
        .iter()
        .find(|m| m.recipient == to && m.text_body.contains("/confirm/"))
        .unwrap_or_else(|| panic!("a confirmation mail to {to}"));
    let at = mail.text_body.find("/registrations/").unwrap();
    let end = mail.text_body[at..]
        .find(char::is_whitespace)
        .unwrap_or(mail.text_body.len() - at);
    mail.text_body[at..at + end].to_owned()
}

fn status_of(list: &[Registration], email: &str) -> RegistrationStatus {
    list.iter()
        .find(|r| r.guest.as_ref().is_some_and(|g| g.email == email))
        .unwrap()
        .status
}

#[tokio::test]
async fn guests_confirm_by_the_link_before_they_take_a_seat() {
    let site = start(urbis_testkit::sqlite()).await;
    let rules = json!({"waiting_list": true, "confirm_guests": true});
    let event = event(&site, Some(1), rules).await;
    let client = visitor(&site, &event).await;
    let (http, csrf) = &client;
    let before = outbox(&site).await;
    for email in ["anna@example.org", "ben@example.org", "cleo@example.org"] {
        let answer = register(&site, &client, &event.id, email, "en").await;
        assert_eq!(answer.status(), StatusCode::OK);
        assert!(answer.text().await.unwrap().contains("confirmation link"));
    }
    let list = registrations(&site, &event).await;
    assert!(
        list.iter()
            .all(|r| r.status == RegistrationStatus::Unconfirmed),
        "nobody holds a seat before confirming"
    );
    assert_eq!(
        outbox(&site).await - before,
        3,
        "one mail each, with the link"
    );
    let sent = mails(&site, 0).await;
    let anna = confirm_link(&sent, "anna@example.org");
    let ben = confirm_link(&sent, "ben@example.org");
    assert!(!sent.iter().any(|m| m.text_body.contains("/cancel/")));

    // Opening the link only asks.
    let page = http.get(site.url(&anna)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains(&format!("action=\"{anna}\"")), "{page}");
    assert_eq!(
        status_of(&registrations(&site, &event).await, "anna@example.org"),
        RegistrationStatus::Unconfirmed
    );
    let outbox_before = outbox(&site).await;

    // Ben confirms first and takes the one seat; Anna, confirming after, waits.
    let post = |link: String| {
        http.post(site.url(&link))
            .header(header::ACCEPT_LANGUAGE, "en")
            .form(&[("csrf", csrf.as_str())])
            .send()
    };
    let seated = post(ben.clone()).await.unwrap();
    assert_eq!(seated.status(), StatusCode::OK);
    assert!(seated.text().await.unwrap().contains("You are registered"));
    let waiting = post(anna.clone()).await.unwrap();
    assert_eq!(waiting.status(), StatusCode::OK);
    assert!(waiting.text().await.unwrap().contains("waiting list"));
    let list = registrations(&site, &event).await;
    assert_eq!(
        status_of(&list, "ben@example.org"),
        RegistrationStatus::Confirmed
    );
    assert_eq!(
        status_of(&list, "anna@example.org"),
        RegistrationStatus::Waitlisted
    );
    assert_eq!(
        status_of(&list, "cleo@example.org"),
        RegistrationStatus::Unconfirmed
    );
    assert_eq!(outbox(&site).await - outbox_before, 2);
    let decided = mails(&site, 1).await;
    for to in ["anna@example.org", "ben@example.org"] {
        assert!(
            decided
                .iter()
                .any(|m| m.recipient == to && m.text_body.contains("/cancel/")),
            "{to} gets the cancel link"
        );
    }

    // A used link is refused with a clear message and changes nothing.
    let again = post(ben).await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    assert!(again.text().await.unwrap().contains("was used already"));
    assert_eq!(
        status_of(&registrations(&site, &event).await, "ben@example.org"),
        RegistrationStatus::Confirmed
    );

    // The office sees Cleo waiting for her confirmation, on the desk and in the export.
    let office = site.client(Role::Staff).await;
    let desk = office
        .get(site.url(&format!("/admin/events/{}/registrations", event.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(desk.contains("cleo@example.org") && desk.contains("wartet auf Bestätigung"));
    let csv = office
        .get(site.url(&format!(
            "/admin/events/{}/registrations/export?format=csv",
            event.id
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let cleo = csv
        .lines()
        .find(|l| l.contains("cleo@example.org"))
        .unwrap();
    assert!(cleo.contains("wartet auf Bestätigung"), "{cleo}");
}

#[tokio::test]
async fn confirming_a_full_event_without_waiting_list_is_refused_and_expired_links_say_so() {
    let site = start(urbis_testkit::sqlite()).await;
    let event = event(&site, Some(1), json!({"confirm_guests": true})).await;
    let client = visitor(&site, &event).await;
    let (http, csrf) = &client;
    let mail_site = app_events::Site {
        base_url: "",
        calendar_host: None,
    };
    let guest = |email: &str| Registrant::Guest {
        name: "Gast".into(),
        email: email.into(),
        organisation: None,
        consent: true,
    };
    let now = Timestamp::now();
    let registered = |email: &'static str, at: Timestamp| {
        let store = site.store.clone();
        let event = event.id.clone();
        let who = guest(email);
        async move {
            let viewer = Viewer::anonymous();
            app_events::register(
                &urbis_app::App::new(store.clone()),
                &viewer,
                &event,
                who,
                Lang::De,
                at,
                &mail_site,
            )
            .await
            .unwrap()
        }
    };
    let dora = registered("dora@example.org", now).await;
    let emil = registered("emil@example.org", now).await;
    // Made 49 hours ago: its link has expired.
    let fritz = registered("fritz@example.org", now - SignedDuration::from_hours(49)).await;
    let post = |link: String| {
        http.post(site.url(&link))
            .form(&[("csrf", csrf.as_str())])
            .send()
    };
    let ok = post(dora.confirm_link.clone().unwrap()).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let full = post(emil.confirm_link.clone().unwrap()).await.unwrap();
    assert_eq!(full.status(), StatusCode::CONFLICT);
    assert!(full.text().await.unwrap().contains("ausgebucht"));
    assert_eq!(
        status_of(&registrations(&site, &event).await, "emil@example.org"),
        RegistrationStatus::Unconfirmed,
        "a refused confirmation changes nothing"
    );

    let expired_link = fritz.confirm_link.unwrap();
    for answer in [
        http.get(site.url(&expired_link)).send().await.unwrap(),
        post(expired_link.clone()).await.unwrap(),
    ] {
        assert_eq!(answer.status(), StatusCode::GONE);
        assert!(answer.text().await.unwrap().contains("abgelaufen"));
    }
    assert_eq!(
        status_of(&registrations(&site, &event).await, "fritz@example.org"),
        RegistrationStatus::Unconfirmed
    );
    // The periodic job removes it; then the link is unknown.
    assert_eq!(app_events::remove_expired(&site.app, now).await.unwrap(), 1);
    assert_eq!(registrations(&site, &event).await.len(), 2);
    let gone = http.get(site.url(&expired_link)).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_confirmation_links_are_not_found() {
    let site = start(urbis_testkit::sqlite()).await;
    let event = event(&site, None, json!({"confirm_guests": true})).await;
    let client = visitor(&site, &event).await;
    register(&site, &client, &event.id, "gerd@example.org", "de").await;
    let (http, csrf) = &client;
    let real = &registrations(&site, &event).await[0];
    for path in [
        "/registrations/not-an-id/confirm/token".to_owned(),
        format!("/registrations/{}/confirm/forged", real.id),
        format!("/registrations/{}/confirm/forged", Id::new()),
        format!("/registrations/{}/confirm/{}", real.id, "x".repeat(5000)),
    ] {
        let get = http.get(site.url(&path)).send().await.unwrap();
        assert_eq!(get.status(), StatusCode::NOT_FOUND, "GET {path}");
        let post = http
            .post(site.url(&path))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(post.status(), StatusCode::NOT_FOUND, "POST {path}");
    }
    assert_eq!(
        registrations(&site, &event).await[0].status,
        RegistrationStatus::Unconfirmed
    );
    let not_an_event = register(
        &site,
        &client,
        &Id::from_text("nope"),
        "h@example.org",
        "de",
    )
    .await;
    assert_eq!(not_an_event.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_series_registration_counts_once_against_the_guest_limits() {
    let site = start(urbis_testkit::sqlite()).await;
    let mut series: urbis_domain::events::Series =
        serde_json::from_value(json!({"title": "Reihe", "access": "public"})).unwrap();
    series.set_forum(site.forum.clone());
    site.store.insert(&series).await.unwrap();
    let mut sessions = Vec::new();
    for _ in 0..2 {
        let mut session = event(&site, None, json!({})).await;
        session.series = Some(series.id.clone());
        site.store.update(&mut session).await.unwrap();
        sessions.push(session);
    }
    let (client, csrf) = visitor(&site, &sessions[0]).await;
    let before = outbox(&site).await;
    let url = site.url(&format!("/series/{}/register", series.id));
    let mut statuses = Vec::new();
    for i in 0..11 {
        let email = format!("s{i}@example.org");
        let answer = client
            .post(&url)
            .form(&[
                ("name", "Gast"),
                ("email", email.as_str()),
                ("consent", "yes"),
                ("csrf", csrf.as_str()),
            ])
            .send()
            .await
            .unwrap();
        if answer.status() == StatusCode::TOO_MANY_REQUESTS {
            retry_after(&answer);
        }
        statuses.push(answer.status());
    }
    assert!(
        statuses[..10].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    for session in &sessions {
        assert_eq!(registrations(&site, session).await.len(), 10);
    }
    assert_eq!(
        outbox(&site).await - before,
        20,
        "a mail per session and guest"
    );
}
