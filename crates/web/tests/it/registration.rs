//! Registering for an event in the browser, the waiting list, and cancelling by the mailed link.

use jiff::Timestamp;
use reqwest::StatusCode;
use urbis_domain::events::{Event, RegistrationStatus};
use urbis_domain::{Id, Record};
use urbis_mail::{MailConfig, Mailer, RetryPolicy, send_due};
use urbis_testkit::TestSmtp;

use crate::common::{browser, csrf_of, start};

#[tokio::test]
async fn guests_register_wait_and_move_up_when_someone_cancels() {
    let site = start(urbis_testkit::sqlite()).await;
    let mut event: Event = serde_json::from_value(serde_json::json!({
        "kind": "webinar", "title": "Offenes Webinar", "start": "2099-03-02T10:00",
        "end": "2099-03-02T12:00", "format": "online", "status": "planned", "capacity": 1,
        "registration": {"waiting_list": true}
    }))
    .unwrap();
    event.set_forum(site.forum.clone());
    site.store.insert(&event).await.unwrap();
    let page_url = site.url(&format!("/events/{}", event.id));
    let register_url = site.url(&format!("/events/{}/register", event.id));

    let first = browser();
    let page = first
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("action=\"/events/{}/register\"", event.id)),
        "{page}"
    );
    let token = csrf_of(&page);
    let register = |client: &reqwest::Client, name: &str, email: &str, consent: bool| {
        let mut form = vec![
            ("name", name.to_owned()),
            ("email", email.to_owned()),
            ("csrf", token.clone()),
        ];
        if consent {
            form.push(("consent", "yes".to_owned()));
        }
        client.post(&register_url).form(&form).send()
    };
    let confirmed = register(&first, "Anna Gast", "anna@example.org", true)
        .await
        .unwrap();
    assert_eq!(confirmed.status(), StatusCode::OK);
    assert!(
        confirmed
            .text()
            .await
            .unwrap()
            .contains("Sie sind angemeldet")
    );

    let second = browser();
    let token2 = csrf_of(
        &second
            .get(&page_url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let waiting = second
        .post(&register_url)
        .form(&[
            ("name", "Ben Gast"),
            ("email", "ben@example.org"),
            ("consent", "yes"),
            ("csrf", token2.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(waiting.status(), StatusCode::OK);
    assert!(waiting.text().await.unwrap().contains("Warteliste"));

    let twice = register(&first, "Anna Gast", "ANNA@example.org", true)
        .await
        .unwrap();
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    let no_consent = register(&first, "Cora", "cora@example.org", false)
        .await
        .unwrap();
    assert_eq!(no_consent.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_consent.text().await.unwrap().contains("consent"));
    let bad_email = register(&first, "Dora", "dora(at)example.org", true)
        .await
        .unwrap();
    assert_eq!(bad_email.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The confirmation mail carries the personal cancel link.
    let smtp = TestSmtp::start();
    let url = format!("smtp://127.0.0.1:{}?security=none", smtp.port());
    let mailer = Mailer::new(&MailConfig::from_values(Some(&url), None, None).unwrap()).unwrap();
    send_due(
        &site.store,
        &mailer,
        Timestamp::now(),
        &RetryPolicy::default(),
    )
    .await
    .unwrap();
    let to_anna = smtp
        .messages()
        .into_iter()
        .find(|m| m.rcpt_to == ["anna@example.org"])
        .expect("Anna got her confirmation")
        .text()
        .replace("=\r\n", "")
        .replace("=3D", "=");
    let at = to_anna.find("/registrations/").expect("a cancel link");
    let end = to_anna[at..]
        .find(|c: char| c.is_whitespace() || c == '<' || c == '"')
        .unwrap();
    let link = to_anna[at..at + end].to_owned();

    let forged = format!("{link}x");
    let refused = first
        .post(site.url(&forged))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::GONE);
    let confirm = first.get(site.url(&link)).send().await.unwrap();
    assert_eq!(
        confirm.status(),
        StatusCode::OK,
        "opening the link only asks"
    );
    let cancelled = first
        .post(site.url(&link))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), StatusCode::OK);
    let again = first
        .post(site.url(&link))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::GONE, "the link works once");

    let registrations = site.store.registrations_of_event(&event.id).await.unwrap();
    let status_of = |email: &str| {
        registrations
            .iter()
            .find(|r| r.guest.as_ref().is_some_and(|g| g.email == email))
            .map(|r| r.status)
    };
    assert_eq!(
        status_of("anna@example.org"),
        Some(RegistrationStatus::Cancelled)
    );
    assert_eq!(
        status_of("ben@example.org"),
        Some(RegistrationStatus::Confirmed),
        "Ben moved up"
    );
    let unknown = first
        .post(site.url(&format!("/events/{}/register", Id::new())))
        .form(&[
            ("name", "X"),
            ("email", "x@example.org"),
            ("consent", "yes"),
            ("csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}
