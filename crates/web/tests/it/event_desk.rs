//! The event pages beyond the public site, on a real server: the office's registration desk
//! (moves, attendance, exports, sign-in sheet, moving and calling off with mails), a member's
//! own registrations, the meeting link only for those with a seat, registering for a whole
//! series, and every bad input of a registration answered clearly with nothing changed.

use jiff::{SignedDuration, Timestamp};
use reqwest::{Client, StatusCode};
use serde_json::json;
use urbis_domain::events::{Event, EventStatus, Registration, RegistrationStatus, Series};
use urbis_domain::{Id, Record};

use crate::common;
use crate::common::{Role, Site, browser, csrf_of, registrations};

const LINK: &str = "https://meet.example.org/geheim-42";

async fn event(site: &Site, extra: serde_json::Value) -> Event {
    let mut value = json!({
        "kind": "webinar", "title": "Webinar Bahnhofsviertel", "start": "2099-03-02T10:00",
        "end": "2099-03-02T12:00", "format": "online", "online_link": LINK, "status": "planned",
        "capacity": 1, "registration": {"waiting_list": true}
    });
    for (key, v) in extra.as_object().unwrap() {
        value[key] = v.clone();
    }
    let mut event: Event = serde_json::from_value(value).unwrap();
    event.set_forum(site.forum.clone());
    site.store.insert(&event).await.unwrap();
    event
}

async fn page(client: &Client, site: &Site, path: &str) -> (StatusCode, String) {
    let response = client.get(site.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn post(
    client: &Client,
    site: &Site,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let (_, login) = page(client, site, "/login").await;
    let csrf = csrf_of(&login);
    let mut form: Vec<(&str, &str)> = form.to_vec();
    form.push(("csrf", &csrf));
    let response = client
        .post(site.url(path))
        .form(&form)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn guest(client: &Client, site: &Site, event: &Event, name: &str, email: &str) -> StatusCode {
    let path = format!("/events/{}/register", event.id);
    let form = [("name", name), ("email", email), ("consent", "yes")];
    post(client, site, &path, &form).await.0
}

fn status_of(list: &[Registration], email: &str) -> Option<RegistrationStatus> {
    list.iter()
        .find(|r| r.guest.as_ref().is_some_and(|g| g.email == email))
        .map(|r| r.status)
}

async fn outbox(site: &Site) -> usize {
    usize::try_from(site.store.outbox_len().await.unwrap()).unwrap()
}

#[tokio::test]
async fn the_office_runs_the_registration_desk() {
    let site = common::start(urbis_testkit::sqlite()).await;
    let event = event(&site, json!({})).await;
    let anonymous = browser();
    assert_eq!(
        guest(&anonymous, &site, &event, "Anna Gast", "anna@example.org").await,
        StatusCode::OK
    );
    assert_eq!(
        guest(&anonymous, &site, &event, "Ben Gast", "ben@example.org").await,
        StatusCode::OK
    );
    let desk = format!("/admin/events/{}/registrations", event.id);
    let member = site.client(Role::Member).await;
    assert_eq!(page(&member, &site, &desk).await.0, StatusCode::FORBIDDEN);
    let office = site.client(Role::Staff).await;
    let (status, html) = page(&office, &site, &desk).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Anna Gast") && html.contains("ben@example.org"),
        "{html}"
    );
    let ben = registrations(&site, &event)
        .await
        .into_iter()
        .find(|r| r.guest.as_ref().unwrap().name == "Ben Gast")
        .unwrap();
    let move_path = format!("/admin/registrations/{}/status", ben.id);

    // Full: confirming needs the explicit decision; a made-up status is refused.
    let (status, html) = post(&office, &site, &move_path, &[("status", "confirmed")]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{html}");
    let (status, _) = post(&office, &site, &move_path, &[("status", "vip")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        status_of(&registrations(&site, &event).await, "ben@example.org"),
        Some(RegistrationStatus::Waitlisted)
    );
    let mails_before = outbox(&site).await;
    let (status, _) = post(
        &office,
        &site,
        &move_path,
        &[("status", "confirmed"), ("beyond_capacity", "yes")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&registrations(&site, &event).await, "ben@example.org"),
        Some(RegistrationStatus::Confirmed)
    );
    assert_eq!(outbox(&site).await, mails_before + 1, "Ben is told");
    let (status, _) = post(&office, &site, &move_path, &[("status", "attended")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // The office adds a guest; a malformed email is named and nothing is stored.
    let (status, html) = post(
        &office,
        &site,
        &desk,
        &[("name", "Cleo"), ("email", "cleo(at)example.org")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("guest.email"), "{html}");
    assert_eq!(registrations(&site, &event).await.len(), 2);
    let (status, _) = post(
        &office,
        &site,
        &desk,
        &[("name", "Cleo Gast"), ("email", "cleo@example.org")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&registrations(&site, &event).await, "cleo@example.org"),
        Some(RegistrationStatus::Waitlisted)
    );

    // Exports and the sign-in sheet.
    let csv = office
        .get(site.url(&format!("{desk}/export?format=csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(
        lines[0].starts_with("Name,E-Mail,Organisation,Status"),
        "{csv}"
    );
    assert!(
        csv.contains("Ben Gast,ben@example.org,,teilgenommen"),
        "{csv}"
    );
    assert!(
        csv.contains("Cleo Gast,cleo@example.org,,auf der Warteliste"),
        "{csv}"
    );
    let xlsx = office
        .get(site.url(&format!("{desk}/export?format=xlsx")))
        .send()
        .await
        .unwrap();
    assert!(
        xlsx.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "a zip file");
    let (status, _) = page(&office, &site, &format!("{desk}/export?format=pdf")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, sheet) = page(
        &office,
        &site,
        &format!("/admin/events/{}/participants", event.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        sheet.contains("Anna Gast") && sheet.contains("Ben Gast"),
        "{sheet}"
    );
    assert!(
        sheet.contains("Unterschrift") && !sheet.contains("Cleo Gast"),
        "{sheet}"
    );

    // Moving the event: a bad date changes nothing; a good one mails every registrant.
    let schedule = format!("/admin/events/{}/schedule", event.id);
    let (status, html) = post(&office, &site, &schedule, &[("start", "bald")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("start"), "{html}");
    let unchanged: Event = site.store.get(&event.id).await.unwrap();
    assert_eq!(unchanged.start, event.start);
    let before = outbox(&site).await;
    let (status, html) = post(
        &office,
        &site,
        &schedule,
        &[
            ("start", "2099-03-03T10:00"),
            ("end", "2099-03-03T12:00"),
            ("online_link", LINK),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    // Anna (confirmed) and Cleo (waiting) hear of it; Ben's attendance is past news.
    assert_eq!(outbox(&site).await, before + 2, "{html}");
    let (status, _) = post(
        &office,
        &site,
        &schedule,
        &[("start", "2099-03-03T10:00"), ("cancelled", "yes")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let called_off: Event = site.store.get(&event.id).await.unwrap();
    assert_eq!(called_off.status, EventStatus::Cancelled);
    assert_eq!(outbox(&site).await, before + 4);
}

#[tokio::test]
async fn members_see_their_registrations_and_the_link_only_with_a_seat() {
    let site = common::start(urbis_testkit::sqlite()).await;
    let event = event(&site, json!({})).await;
    let member = site.client(Role::Member).await;
    let editor = site.client(Role::Editor).await;
    let anonymous = browser();
    let show = format!("/events/{}", event.id);
    for client in [&member, &editor, &anonymous] {
        assert!(!page(client, &site, &show).await.1.contains(LINK));
    }
    // The editor takes the one seat; the member waits (both as guests with their account's
    // address, their accounts having no person record).
    assert_eq!(
        guest(&editor, &site, &event, "Eda", "editor@example.org").await,
        StatusCode::OK
    );
    assert_eq!(
        guest(&member, &site, &event, "Mia", "member@example.org").await,
        StatusCode::OK
    );
    assert!(page(&editor, &site, &show).await.1.contains(LINK));
    let (_, html) = page(&member, &site, &show).await;
    assert!(
        !html.contains(LINK) && html.contains("auf der Warteliste"),
        "{html}"
    );
    assert!(!page(&anonymous, &site, &show).await.1.contains(LINK));

    let (status, mine) = page(&member, &site, "/account/registrations").await;
    assert_eq!(status, StatusCode::OK);
    assert!(mine.contains("Webinar Bahnhofsviertel") && mine.contains("auf der Warteliste"));
    assert!(
        !page(&anonymous, &site, "/account/registrations")
            .await
            .1
            .contains("Webinar")
    );
    // Nobody cancels someone else's registration.
    let eda = registrations(&site, &event)
        .await
        .into_iter()
        .find(|r| r.guest.as_ref().unwrap().name == "Eda")
        .unwrap();
    let theirs = format!("/account/registrations/{}/cancel", eda.id);
    assert_eq!(
        post(&member, &site, &theirs, &[]).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status_of(&registrations(&site, &event).await, "editor@example.org"),
        Some(RegistrationStatus::Confirmed)
    );
    // The editor cancels their own: the member moves up and sees the link.
    assert_eq!(
        post(&editor, &site, &theirs, &[]).await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        status_of(&registrations(&site, &event).await, "member@example.org"),
        Some(RegistrationStatus::Confirmed)
    );
    assert!(page(&member, &site, &show).await.1.contains(LINK));
    let (_, mine) = page(&editor, &site, "/account/registrations").await;
    assert!(mine.contains("storniert"), "{mine}");
}

#[tokio::test]
async fn a_whole_series_is_one_registration_with_an_answer_per_session() {
    let site = common::start(urbis_testkit::sqlite()).await;
    let mut series: Series = serde_json::from_value(json!({"title": "Secu4All-Training"})).unwrap();
    series.set_forum(site.forum.clone());
    site.store.insert(&series).await.unwrap();
    let mut sessions = Vec::new();
    for (i, extra) in [
        json!({"format": "online"}),
        json!({"format": "online"}),
        json!({"format": "online", "registration": {"waiting_list": false}}),
        json!({"format": "online"}),
        json!({"format": "in_person", "online_link": null, "city": "Essen", "capacity": 30}),
    ]
    .into_iter()
    .enumerate()
    {
        let mut extra = extra;
        extra["series"] = json!(series.id.to_string());
        extra["title"] = json!(format!("Sitzung {}", i + 1));
        extra["start"] = json!(format!("2099-0{}-02T10:00", i + 1));
        extra["end"] = json!(format!("2099-0{}-02T12:00", i + 1));
        sessions.push(event(&site, extra).await);
    }
    // Someone takes the only seat of session 3, which has no waiting list.
    let first = browser();
    guest(&first, &site, &sessions[2], "Erste", "erste@example.org").await;
    let client = browser();
    let path = format!("/series/{}", series.id);
    let (_, html) = page(&client, &site, &path).await;
    assert!(
        html.contains(&format!("action=\"{path}/register\"")),
        "{html}"
    );
    for i in 1..=5 {
        assert!(html.contains(&format!("Sitzung {i}")));
    }
    // A malformed email is answered once, and nothing is written.
    let register = format!("{path}/register");
    let (status, _) = post(
        &client,
        &site,
        &register,
        &[("name", "Gabi"), ("email", "gabi"), ("consent", "yes")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for s in &sessions {
        assert_eq!(status_of(&registrations(&site, s).await, "gabi"), None);
    }
    let (status, html) = post(
        &client,
        &site,
        &register,
        &[
            ("name", "Gabi"),
            ("email", "gabi@example.org"),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for i in 1..=5 {
        assert!(
            html.contains(&format!("Sitzung {i}")),
            "one line per session: {html}"
        );
    }
    let expected = [
        Some(RegistrationStatus::Confirmed),
        Some(RegistrationStatus::Confirmed),
        None,
        Some(RegistrationStatus::Confirmed),
        Some(RegistrationStatus::Confirmed),
    ];
    for (s, want) in sessions.iter().zip(expected) {
        assert_eq!(
            status_of(&registrations(&site, s).await, "gabi@example.org"),
            want,
            "{}",
            s.title.original_text()
        );
    }
    assert!(
        html.contains("ausgebucht"),
        "session 3 says it is full: {html}"
    );
    // Again: every session says so, and nothing doubles.
    let (_, again) = post(
        &client,
        &site,
        &register,
        &[
            ("name", "Gabi"),
            ("email", "gabi@example.org"),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(again.matches("schon angemeldet").count(), 4, "{again}");
    assert_eq!(registrations(&site, &sessions[0]).await.len(), 1);
}

#[tokio::test]
async fn every_bad_registration_gets_a_clear_answer_and_changes_nothing() {
    let site = common::start(urbis_testkit::sqlite()).await;
    let yesterday = (Timestamp::now() - SignedDuration::from_hours(48))
        .strftime("%Y-%m-%d")
        .to_string();
    let closed = event(&site, json!({"registration": {"closes": yesterday}})).await;
    let no_list = event(&site, json!({"registration": {"waiting_list": false}})).await;
    let members = event(&site, json!({"registration": {"members_only": true}})).await;
    let open = event(&site, json!({"capacity": 10})).await;
    let client = browser();
    // The page offers the form only where the rules let the visitor register, and says why not.
    let form_of = |event: &Event| format!("action=\"/events/{}/register\"", event.id);
    for (event, note) in [
        (&closed, "keine Anmeldung möglich"),
        (&members, "Mitgliedern vorbehalten"),
    ] {
        let (_, html) = page(&client, &site, &format!("/events/{}", event.id)).await;
        assert!(!html.contains(&form_of(event)), "{html}");
        assert!(html.contains(note), "{html}");
    }
    let (_, html) = page(&client, &site, &format!("/events/{}", members.id)).await;
    assert!(
        html.contains(&format!("href=\"/login?next=/events/{}\"", members.id)),
        "{html}"
    );
    let member = site.client(Role::Member).await;
    let (_, html) = page(&member, &site, &format!("/events/{}", members.id)).await;
    assert!(html.contains(&form_of(&members)), "{html}");
    assert_eq!(
        guest(&client, &site, &no_list, "Erste", "erste@example.org").await,
        StatusCode::OK
    );
    assert_eq!(
        guest(&client, &site, &open, "Erste", "erste@example.org").await,
        StatusCode::OK
    );
    let cases: [(&Event, &str, StatusCode, &str); 5] = [
        (
            &closed,
            "a@example.org",
            StatusCode::CONFLICT,
            "keine Anmeldung möglich",
        ),
        (
            &no_list,
            "b@example.org",
            StatusCode::CONFLICT,
            "ausgebucht",
        ),
        (
            &open,
            "c(at)example.org",
            StatusCode::UNPROCESSABLE_ENTITY,
            "guest.email",
        ),
        (
            &open,
            "ERSTE@example.org",
            StatusCode::CONFLICT,
            "schon angemeldet",
        ),
        (
            &members,
            "d@example.org",
            StatusCode::FORBIDDEN,
            "Mitglieder",
        ),
    ];
    for (event, email, want, words) in cases {
        let before = registrations(&site, event).await;
        let path = format!("/events/{}/register", event.id);
        let form = [("name", "Gast"), ("email", email), ("consent", "yes")];
        let (status, html) = post(&client, &site, &path, &form).await;
        assert_eq!(status, want, "{email}: {html}");
        assert!(html.contains(words), "{email}: {html}");
        assert_eq!(registrations(&site, event).await, before, "{email}");
    }
    // A forged cancel token: 410, the registration stays.
    let erste = registrations(&site, &open).await.remove(0);
    let forged = format!("/registrations/{}/cancel/{}", erste.id, "A".repeat(43));
    let (status, html) = post(&client, &site, &forged, &[]).await;
    assert_eq!(status, StatusCode::GONE, "{html}");
    assert_eq!(
        site.store
            .get::<Registration>(&erste.id)
            .await
            .unwrap()
            .status,
        RegistrationStatus::Confirmed
    );
    let unknown = Id::new();
    let (status, _) = post(&client, &site, &format!("/series/{unknown}/register"), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn after_the_event_its_page_reports_participants_report_and_media() {
    let site = common::start(urbis_testkit::sqlite()).await;
    let held = event(
        &site,
        json!({
            "start": "2022-11-03", "end": "2022-11-04", "status": "held", "format": "in_person",
            "online_link": null, "participants": "30-55",
            "report": {"url": "https://example.org/tagungsbericht", "title": "Tagungsbericht"},
            "media": [{"url": "https://example.org/video", "title": "Mitschnitt"}]
        }),
    )
    .await;
    let (status, html) = page(&browser(), &site, &format!("/events/{}", held.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("30–55"), "{html}");
    assert!(
        html.contains("href=\"https://example.org/tagungsbericht\">Tagungsbericht"),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://example.org/video\">Mitschnitt"),
        "{html}"
    );
    assert!(
        !html.contains("/register\""),
        "no registration after the event: {html}"
    );
    assert!(
        !html.contains("/admin/events/"),
        "the desk link is the office's"
    );
    let office = site.client(Role::Staff).await;
    let (_, html) = page(&office, &site, &format!("/events/{}", held.id)).await;
    assert!(html.contains(&format!("/admin/events/{}/registrations", held.id)));
}
