//! Accounts by mail, end to end: the link goes out through a real SMTP exchange on loopback,
//! is followed in the browser, and works once.

use jiff::Timestamp;
use reqwest::StatusCode;
use urbis_mail::{MailConfig, Mailer, RetryPolicy, send_due};
use urbis_testkit::TestSmtp;

use crate::common;
use crate::common::{Role, browser, csrf_of, start};

/// Sends what is due and returns the link with `path` from the last mail delivered. A reset
/// mail is queued by a task off the request path, so this waits (up to five seconds) for the
/// one mail to be queued.
async fn deliver_and_find_link(site: &common::Site, smtp: &TestSmtp, path: &str) -> String {
    let url = format!("smtp://127.0.0.1:{}?security=none", smtp.port());
    let config = MailConfig::from_values(Some(&url), Some("office@example.org"), None).unwrap();
    let mailer = Mailer::new(&config).unwrap();
    let mut report = None;
    for _ in 0..100 {
        let sent = send_due(
            &site.store,
            &mailer,
            Timestamp::now(),
            &RetryPolicy::default(),
        )
        .await
        .unwrap();
        if sent.sent > 0 || sent.failed > 0 || sent.deferred > 0 {
            report = Some(sent);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let report = report.expect("a mail was queued within five seconds");
    assert_eq!(report.sent, 1, "{report:?}");
    let messages = smtp.messages();
    let text = messages
        .last()
        .expect("a mail arrived")
        .text()
        .replace("=\r\n", "")
        .replace("=3D", "=");
    let at = text.find(path).expect("the mail has the link");
    let end = text[at..]
        .find(|c: char| c.is_whitespace() || c == '<' || c == '"')
        .unwrap_or(text.len() - at);
    text[at..at + end].to_owned()
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_mailed_link_once() {
    let site = start(urbis_testkit::sqlite()).await;
    let smtp = TestSmtp::start();
    let client = browser();
    let token = csrf_of(
        &client
            .get(site.url("/password/forgot"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let response = client
        .post(site.url("/password/forgot"))
        .form(&[("email", "member@example.org"), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let link = deliver_and_find_link(&site, &smtp, "/password/reset/").await;
    let mail = smtp.messages().last().unwrap().text();
    assert!(
        mail.contains("Content-Language: de"),
        "the mail is in the user's language"
    );
    assert_eq!(
        smtp.messages().last().unwrap().rcpt_to,
        ["member@example.org"]
    );

    let form = client.get(site.url(&link)).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let short = client
        .post(site.url(&link))
        .form(&[("password", "short"), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short
            .text()
            .await
            .unwrap()
            .contains("at least 12 characters")
    );
    let saved = client
        .post(site.url(&link))
        .form(&[("password", "the brand new password"), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    let again = client
        .post(site.url(&link))
        .form(&[("password", "yet another password"), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::GONE, "the link works once");
    let login = client
        .post(site.url("/login"))
        .form(&[
            ("email", "member@example.org"),
            ("password", "the brand new password"),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_invited_person_sets_a_password_and_logs_in() {
    let site = start(urbis_testkit::sqlite()).await;
    let smtp = TestSmtp::start();
    let admin = site.client(Role::Admin).await;
    let token = csrf_of(
        &admin
            .get(site.url("/admin/users"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let response = admin
        .post(site.url("/admin/users/invite"))
        .form(&[
            ("email", "new@example.org"),
            ("name", "New Member"),
            ("role", "member"),
            ("language", "en"),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let link = deliver_and_find_link(&site, &smtp, "/invitation/").await;
    assert!(
        smtp.messages()
            .last()
            .unwrap()
            .text()
            .contains("Content-Language: en")
    );
    let invited = browser();
    let page = invited
        .get(site.url(&link))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&page);
    let saved = invited
        .post(site.url(&link))
        .form(&[("password", "my own long password"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    let login = invited
        .post(site.url("/login"))
        .form(&[
            ("email", "new@example.org"),
            ("password", "my own long password"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let collections = invited
        .get(site.url("/collections"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        collections.contains("MARKER-MEMBERS-COLLECTION"),
        "the new member reads members-only collections"
    );
}
