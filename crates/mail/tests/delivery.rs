//! Mail from the outbox to a real SMTP server on loopback (and to `.eml` files), on a SQLite
//! file and on PostgreSQL: delivery, dedupe, an outage and its end, refusals, retries, a sender
//! that stops or dies, and two senders on one database.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{WAIT, later};
use jiff::Timestamp;
use mail_parser::{MessageParser, MimeHeaders};
use urbis_domain::{Id, Lang};
use urbis_mail::{
    Mail, MailError, MailStatus, RetryPolicy, SendReport, WorkerOptions, run, send_due,
};
use urbis_store::{MAIL_LEASE, Store};
use urbis_testkit::TestDb;
use urbis_testkit::smtp::{Received, SmtpOptions, TestSmtp, TlsMode};

urbis_testkit::on_both_databases!(
    a_queued_mail_is_delivered_with_both_parts_its_language_and_attachment,
    the_file_transport_writes_a_parseable_eml,
    the_same_mail_is_queued_once,
    an_smtp_outage_keeps_mail_queued_until_the_server_is_back,
    refusals_give_up_for_good_or_retry_later,
    mail_is_given_up_after_the_last_attempt,
    the_login_of_the_url_is_used,
    a_stopped_worker_finishes_its_mail_and_the_next_one_sends_the_rest,
    a_sender_that_dies_loses_nothing,
    two_senders_never_send_the_same_mail,
);

const ICS: &str =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//urbis//test//EN\r\nEND:VCALENDAR\r\n";

fn policy() -> RetryPolicy {
    RetryPolicy::default()
}

/// A parsed message with the bits the tests look at.
struct Parsed {
    subject: String,
    language: Option<String>,
    message_id: Option<String>,
    has_date: bool,
    to: String,
    text: String,
    html: String,
    attachments: Vec<(String, Vec<u8>)>,
    content_type: String,
}

fn parse(raw: &[u8]) -> Parsed {
    let message = MessageParser::default()
        .parse(raw)
        .expect("the message parses");
    let content_type = message
        .content_type()
        .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()))
        .unwrap_or_default();
    Parsed {
        subject: message.subject().unwrap_or_default().to_owned(),
        language: message
            .header_raw("Content-Language")
            .map(|v| v.trim().to_owned()),
        message_id: message.message_id().map(str::to_owned),
        has_date: message.date().is_some(),
        to: message
            .header_raw("To")
            .unwrap_or_default()
            .trim()
            .to_owned(),
        text: message
            .body_text(0)
            .unwrap_or_default()
            .replace("\r\n", "\n"),
        html: message.body_html(0).unwrap_or_default().into_owned(),
        attachments: message
            .attachments()
            .map(|a| {
                (
                    a.attachment_name().unwrap_or_default().to_owned(),
                    a.contents().to_vec(),
                )
            })
            .collect(),
        content_type,
    }
}

fn subjects(messages: &[Received]) -> Vec<String> {
    messages.iter().map(|m| parse(&m.data).subject).collect()
}

async fn status(store: &Store, id: &Id) -> (MailStatus, i64) {
    let mail = store
        .outbox_mail(id)
        .await
        .unwrap()
        .expect("the mail is in the outbox");
    (mail.status, mail.attempts)
}

async fn a_queued_mail_is_delivered_with_both_parts_its_language_and_attachment(db: TestDb) {
    let store = common::open(&db).await;
    let smtp = TestSmtp::start();
    let german = Mail::new(
        "Anna Beispiel <anna@city.example>",
        Lang::De,
        "Einladung: Werkstatt Bahnhofsviertel",
        "Guten Tag,\n.\nbis bald in Köln",
        "<!DOCTYPE html><html lang=\"de\"><body><p>Guten Tag, <b>bis bald</b> in Köln</p></body></html>",
    )
    .attach("werkstatt.ics", "text/calendar; method=REQUEST", ICS)
    .enqueue(&store)
    .await
    .unwrap()
    .expect("queued");
    let english = Mail::from_text(
        "ben@city.example",
        Lang::En,
        "Your registration",
        "Dear Ben,\n\nsee you there.",
    )
    .enqueue(&store)
    .await
    .unwrap()
    .expect("queued");
    assert_eq!(store.outbox_len().await.unwrap(), 2);

    let now = Timestamp::now();
    let report = send_due(&store, &common::mailer(&smtp), now, &policy())
        .await
        .unwrap();
    assert_eq!(
        report,
        SendReport {
            sent: 2,
            ..SendReport::default()
        }
    );
    let got = smtp.messages();
    assert_eq!(got.len(), 2);

    assert_eq!(got[0].mail_from, "office@forum.example");
    assert_eq!(got[0].rcpt_to, ["anna@city.example"]);
    let de = parse(&got[0].data);
    assert_eq!(de.subject, "Einladung: Werkstatt Bahnhofsviertel");
    assert_eq!(de.language.as_deref(), Some("de"));
    assert_eq!(de.message_id, Some(format!("{german}@forum.example")));
    assert!(de.has_date);
    assert!(de.to.contains("anna@city.example"), "{}", de.to);
    assert_eq!(de.content_type, "multipart/mixed");
    assert_eq!(de.text.trim_end(), "Guten Tag,\n.\nbis bald in Köln");
    assert!(de.html.contains("<b>bis bald</b> in Köln"), "{}", de.html);
    assert_eq!(
        de.attachments,
        [("werkstatt.ics".to_owned(), ICS.as_bytes().to_vec())]
    );
    assert!(got[0].text().contains("text/calendar; method=REQUEST"));

    assert_eq!(got[1].rcpt_to, ["ben@city.example"]);
    let en = parse(&got[1].data);
    assert_eq!(en.language.as_deref(), Some("en"));
    assert_eq!(en.content_type, "multipart/alternative");
    assert_eq!(en.text.trim_end(), "Dear Ben,\n\nsee you there.");
    assert!(en.html.contains("<html lang=\"en\">"), "{}", en.html);
    assert!(en.attachments.is_empty());

    for id in [&german, &english] {
        let mail = store.outbox_mail(id).await.unwrap().unwrap();
        assert_eq!((mail.status, mail.attempts), (MailStatus::Sent, 1));
        assert!(mail.sent_at.is_some());
    }
    assert_eq!(store.outbox_len().await.unwrap(), 0);
    let report = send_due(
        &store,
        &common::mailer(&smtp),
        later(now, 86_400),
        &policy(),
    )
    .await
    .unwrap();
    assert_eq!(report, SendReport::default());
    assert_eq!(smtp.messages().len(), 2, "nothing is sent twice");
}

async fn the_file_transport_writes_a_parseable_eml(db: TestDb) {
    let store = common::open(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let mail_dir = dir.path().join("data").join("mail");
    let mailer = common::mailer_for(&format!("file://{}", mail_dir.display()));
    let id = Mail::from_text(
        "carla@city.example",
        Lang::En,
        "Seminar on station districts",
        "Hello Carla,\n\nthe programme is attached.",
    )
    .attach("seminar.ics", "text/calendar", ICS)
    .enqueue(&store)
    .await
    .unwrap()
    .unwrap();
    let report = send_due(&store, &mailer, Timestamp::now(), &policy())
        .await
        .unwrap();
    assert_eq!(report.sent, 1);

    let files: Vec<_> = std::fs::read_dir(&mail_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, [format!("{id}.eml")], "one file, no leftovers");
    let parsed = parse(&std::fs::read(mail_dir.join(&files[0])).unwrap());
    assert_eq!(parsed.subject, "Seminar on station districts");
    assert_eq!(parsed.language.as_deref(), Some("en"));
    assert!(parsed.to.contains("carla@city.example"));
    assert_eq!(
        parsed.text.trim_end(),
        "Hello Carla,\n\nthe programme is attached."
    );
    assert!(parsed.html.contains("<p>the programme is attached.</p>"));
    assert_eq!(parsed.attachments.len(), 1);
    assert_eq!(status(&store, &id).await, (MailStatus::Sent, 1));

    // A directory that cannot be made is an unavailable transport: the mail waits.
    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, b"").unwrap();
    let broken = common::mailer_for(&format!("file://{}", blocked.join("mail").display()));
    let waiting = Mail::from_text("dan@city.example", Lang::De, "Hallo", "Text")
        .enqueue(&store)
        .await
        .unwrap()
        .unwrap();
    let report = send_due(&store, &broken, Timestamp::now(), &policy())
        .await
        .unwrap();
    assert!(report.unavailable.is_some(), "{report:?}");
    assert_eq!(status(&store, &waiting).await, (MailStatus::Queued, 1));
}

async fn the_same_mail_is_queued_once(db: TestDb) {
    let store = common::open(&db).await;
    let smtp = TestSmtp::start();
    let reminder = Mail::from_text(
        "eva@city.example",
        Lang::De,
        "Erinnerung: Web-Austausch morgen",
        "Bis morgen!",
    )
    .dedupe_key("reminder:registration-42");
    assert!(reminder.enqueue(&store).await.unwrap().is_some());
    assert_eq!(reminder.enqueue(&store).await.unwrap(), None);
    assert_eq!(store.outbox_len().await.unwrap(), 1);
    let now = Timestamp::now();
    send_due(&store, &common::mailer(&smtp), now, &policy())
        .await
        .unwrap();
    assert_eq!(
        reminder.enqueue(&store).await.unwrap(),
        None,
        "also once sent"
    );
    send_due(&store, &common::mailer(&smtp), later(now, 60), &policy())
        .await
        .unwrap();
    assert_eq!(smtp.messages().len(), 1);

    // A mail that cannot be sent is refused before it is queued.
    let err = Mail::from_text("not an address", Lang::De, "Hallo", "Text")
        .enqueue(&store)
        .await
        .unwrap_err();
    assert!(
        matches!(err, MailError::Invalid { ref field, .. } if field == "to"),
        "{err}"
    );
    assert_eq!(store.outbox_len().await.unwrap(), 0);
}

async fn an_smtp_outage_keeps_mail_queued_until_the_server_is_back(db: TestDb) {
    let store = common::open(&db).await;
    let smtp = TestSmtp::start();
    let mailer = common::mailer(&smtp);
    smtp.stop();
    let first = Mail::from_text("fritz@city.example", Lang::De, "Protokoll", "Anbei.")
        .enqueue(&store)
        .await
        .unwrap()
        .unwrap();
    let second = Mail::from_text("gina@city.example", Lang::En, "Minutes", "Attached.")
        .enqueue(&store)
        .await
        .unwrap()
        .unwrap();

    let t0 = Timestamp::now();
    let report = send_due(&store, &mailer, t0, &policy()).await.unwrap();
    assert_eq!((report.sent, report.deferred, report.failed), (0, 1, 0));
    let reason = report.unavailable.expect("the outage is reported");
    assert!(reason.contains("127.0.0.1"), "{reason}");
    // The pass stopped at the first failure instead of trying every mail against it.
    assert_eq!(status(&store, &second).await, (MailStatus::Queued, 0));
    let waiting = store.outbox_mail(&first).await.unwrap().unwrap();
    assert_eq!((waiting.status, waiting.attempts), (MailStatus::Queued, 1));
    assert!(waiting.next_attempt_at > t0, "retried later, not at once");
    assert!(waiting.next_attempt_at <= later(t0, 30));
    assert!(
        waiting
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("unavailable")
    );
    assert_eq!(store.outbox_len().await.unwrap(), 2);

    // The second mail meets the outage too; the first is not due yet.
    let report = send_due(&store, &mailer, later(t0, 1), &policy())
        .await
        .unwrap();
    assert_eq!((report.sent, report.deferred), (0, 1));
    assert_eq!(status(&store, &first).await, (MailStatus::Queued, 1));
    assert_eq!(status(&store, &second).await, (MailStatus::Queued, 1));

    smtp.restart();
    // Back, but before the retry time nothing is sent.
    let report = send_due(&store, &mailer, later(t0, 10), &policy())
        .await
        .unwrap();
    assert_eq!(report, SendReport::default());
    assert!(smtp.messages().is_empty());

    let report = send_due(&store, &mailer, later(t0, 31), &policy())
        .await
        .unwrap();
    assert_eq!(report.sent, 2, "{report:?}");
    let got = smtp.wait_for(2, WAIT).await;
    assert_eq!(subjects(&got), ["Protokoll", "Minutes"]);
    assert_eq!(status(&store, &first).await, (MailStatus::Sent, 2));
    assert_eq!(status(&store, &second).await, (MailStatus::Sent, 2));

    let report = send_due(&store, &mailer, later(t0, 86_400), &policy())
        .await
        .unwrap();
    assert_eq!(report, SendReport::default());
    assert_eq!(smtp.messages().len(), 2, "each delivered exactly once");
}

async fn refusals_give_up_for_good_or_retry_later(db: TestDb) {
    let store = common::open(&db).await;
    let smtp = TestSmtp::start();
    smtp.refuse_recipient("gone@city.example", 550, "5.1.1 no such mailbox here");
    smtp.refuse_recipient("busy@city.example", 450, "4.2.1 mailbox busy, try later");
    let mut ids = Vec::new();
    for to in [
        "gone@city.example",
        "busy@city.example",
        "here@city.example",
    ] {
        let mail = Mail::from_text(to, Lang::En, format!("For {to}"), "Text");
        ids.push(mail.enqueue(&store).await.unwrap().unwrap());
    }
    let t0 = Timestamp::now();
    let report = send_due(&store, &common::mailer(&smtp), t0, &policy())
        .await
        .unwrap();
    assert_eq!(
        report,
        SendReport {
            sent: 1,
            deferred: 1,
            failed: 1,
            unavailable: None
        }
    );
    let gone = store.outbox_mail(&ids[0]).await.unwrap().unwrap();
    assert_eq!((gone.status, gone.attempts), (MailStatus::Failed, 1));
    assert!(gone.last_error.unwrap().contains("no such mailbox here"));
    let busy = store.outbox_mail(&ids[1]).await.unwrap().unwrap();
    assert_eq!((busy.status, busy.attempts), (MailStatus::Queued, 1));
    assert!(busy.next_attempt_at > t0);
    assert!(busy.last_error.unwrap().contains("mailbox busy"));
    assert_eq!(status(&store, &ids[2]).await, (MailStatus::Sent, 1));
    assert_eq!(subjects(&smtp.messages()), ["For here@city.example"]);
    assert_eq!(
        store.outbox_len().await.unwrap(),
        1,
        "only the deferred mail waits"
    );
}

async fn mail_is_given_up_after_the_last_attempt(db: TestDb) {
    let store = common::open(&db).await;
    let smtp = TestSmtp::start();
    let mailer = common::mailer(&smtp);
    smtp.stop();
    let retry = RetryPolicy {
        max_attempts: 3,
        ..RetryPolicy::default()
    };
    let id = Mail::from_text("hans@city.example", Lang::De, "Newsletter", "Text")
        .enqueue(&store)
        .await
        .unwrap()
        .unwrap();
    let mut now = Timestamp::now();
    for attempt in 1..=3 {
        let report = send_due(&store, &mailer, now, &retry).await.unwrap();
        let expected = if attempt < 3 {
            MailStatus::Queued
        } else {
            MailStatus::Failed
        };
        assert_eq!(status(&store, &id).await, (expected, attempt), "{report:?}");
        now = later(now, 86_400);
    }
    assert_eq!(store.outbox_len().await.unwrap(), 0);
    smtp.restart();
    let report = send_due(&store, &mailer, later(now, 86_400), &retry)
        .await
        .unwrap();
    assert_eq!(report, SendReport::default());
    assert!(smtp.messages().is_empty(), "a mail given up stays given up");
}

async fn the_login_of_the_url_is_used(db: TestDb) {
    let store = common::open(&db).await;
    let smtp = TestSmtp::start_with_auth("office@forum.example", "s3cret:/@");
    let url = |password: &str| {
        format!(
            "smtp://office%40forum.example:{password}@127.0.0.1:{}?security=none&timeout=5",
            smtp.port()
        )
    };
    let id = Mail::from_text("ida@city.example", Lang::En, "Login", "Text")
        .enqueue(&store)
        .await
        .unwrap()
        .unwrap();
    let t0 = Timestamp::now();
    // A wrong password is the configuration's fault, not the mail's: it waits.
    let report = send_due(&store, &common::mailer_for(&url("wrong")), t0, &policy())
        .await
        .unwrap();
    assert!(report.unavailable.is_some(), "{report:?}");
    assert_eq!(status(&store, &id).await, (MailStatus::Queued, 1));

    let right = common::mailer_for(&url("s3cret%3A%2F%40"));
    let report = send_due(&store, &right, later(t0, 31), &policy())
        .await
        .unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let got = smtp.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].auth_user.as_deref(), Some("office@forum.example"));
}

/// Queues `count` mails with subjects `Mail 0`, `Mail 1`, … and returns their ids.
async fn queue_many(store: &Store, count: usize) -> Vec<Id> {
    let mut ids = Vec::new();
    for i in 0..count {
        let mail = Mail::from_text(
            format!("member{i}@city.example"),
            Lang::De,
            format!("Mail {i}"),
            "Text",
        );
        ids.push(mail.enqueue(store).await.unwrap().unwrap());
    }
    ids
}

fn worker_options() -> WorkerOptions {
    WorkerOptions {
        poll_interval: Duration::from_millis(50),
        ..WorkerOptions::default()
    }
}

async fn a_stopped_worker_finishes_its_mail_and_the_next_one_sends_the_rest(db: TestDb) {
    let store = common::open(&db).await;
    let smtp = TestSmtp::start();
    smtp.set_delay(Duration::from_millis(150));
    let ids = queue_many(&store, 6).await;

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn({
        let (store, mailer) = (store.clone(), common::mailer(&smtp));
        async move {
            run(&store, &mailer, &worker_options(), async {
                let _ = stopped.await;
            })
            .await;
        }
    });
    smtp.wait_for(2, WAIT).await;
    stop.send(()).unwrap();
    tokio::time::timeout(WAIT, worker).await.unwrap().unwrap();

    let delivered = smtp.messages().len();
    assert!((2..6).contains(&delivered), "stopped mid-way: {delivered}");
    let mut sent = 0;
    for id in &ids {
        let (state, _) = status(&store, id).await;
        assert_ne!(state, MailStatus::Sending, "the worker finished its mail");
        sent += usize::from(state == MailStatus::Sent);
    }
    assert_eq!(sent, delivered, "every delivered mail is marked sent");

    // A new worker on the same store sends the rest, and nothing again.
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn({
        let (store, mailer) = (store.clone(), common::mailer(&smtp));
        async move {
            run(&store, &mailer, &worker_options(), async {
                let _ = stopped.await;
            })
            .await;
        }
    });
    smtp.wait_for(6, WAIT).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.send(()).unwrap();
    tokio::time::timeout(WAIT, worker).await.unwrap().unwrap();
    let mut got = subjects(&smtp.messages());
    got.sort();
    let expected: Vec<String> = (0..6).map(|i| format!("Mail {i}")).collect();
    assert_eq!(got, expected, "each mail exactly once");
    assert_eq!(store.outbox_len().await.unwrap(), 0);
}

async fn a_sender_that_dies_loses_nothing(db: TestDb) {
    let store = common::open(&db).await;
    let smtp = TestSmtp::start();
    smtp.set_delay(Duration::from_millis(150));
    let ids = queue_many(&store, 6).await;

    let worker = tokio::spawn({
        let (store, mailer) = (store.clone(), common::mailer(&smtp));
        async move { run(&store, &mailer, &worker_options(), std::future::pending()).await }
    });
    smtp.wait_for(2, WAIT).await;
    worker.abort(); // the process dies mid-way
    let _ = worker.await;
    tokio::time::sleep(Duration::from_millis(400)).await;

    // At most the one mail it was sending is left leased; a new sender leaves it alone while
    // the lease runs and sends everything else.
    let mut leased = Vec::new();
    for id in &ids {
        if status(&store, id).await.0 == MailStatus::Sending {
            leased.push(id.clone());
        }
    }
    assert!(leased.len() <= 1, "{leased:?}");
    let now = Timestamp::now();
    let mailer = common::mailer(&smtp);
    send_due(&store, &mailer, now, &policy()).await.unwrap();
    for id in &leased {
        assert_eq!(status(&store, id).await.0, MailStatus::Sending);
    }
    // When the lease has ended, the leased mail is sent too.
    send_due(
        &store,
        &mailer,
        later(now, MAIL_LEASE.as_secs() + 1),
        &policy(),
    )
    .await
    .unwrap();
    for id in &ids {
        assert_eq!(status(&store, id).await.0, MailStatus::Sent);
    }
    assert_eq!(store.outbox_len().await.unwrap(), 0);

    // Nothing is lost. Only the mail in flight when the sender died can have arrived twice
    // (SMTP cannot tell whether the server kept it), and then with the same Message-ID.
    let messages = smtp.messages();
    let parsed: Vec<Parsed> = messages.iter().map(|m| parse(&m.data)).collect();
    let distinct: BTreeSet<&str> = parsed.iter().map(|p| p.subject.as_str()).collect();
    assert_eq!(distinct.len(), 6);
    assert!(messages.len() <= 7, "{} messages", messages.len());
    let message_ids: BTreeSet<_> = parsed.iter().map(|p| p.message_id.clone()).collect();
    assert_eq!(
        message_ids.len(),
        6,
        "a mail sent again keeps its Message-ID"
    );
}

async fn two_senders_never_send_the_same_mail(db: TestDb) {
    let node_a = common::open(&db).await;
    let node_b = common::open(&db).await;
    let smtp = TestSmtp::start();
    smtp.set_delay(Duration::from_millis(10));
    queue_many(&node_a, 30).await;
    let now = Timestamp::now();
    let send = |store: Store| {
        let mailer = common::mailer(&smtp);
        tokio::spawn(async move { send_due(&store, &mailer, now, &policy()).await.unwrap() })
    };
    let (a, b) = tokio::join!(send(node_a.clone()), send(node_b.clone()));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 30, "{a:?} {b:?}");
    assert!(a.sent > 0 && b.sent > 0, "both senders worked: {a:?} {b:?}");
    let mut got = subjects(&smtp.messages());
    got.sort();
    got.dedup();
    assert_eq!(got.len(), 30);
    assert_eq!(smtp.messages().len(), 30, "no mail sent twice");
    assert_eq!(node_b.outbox_len().await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starttls_and_implicit_tls_are_used_and_their_certificate_checked() {
    let db = urbis_testkit::sqlite();
    let store = common::open(&db).await;
    for (mode, security) in [(TlsMode::StartTls, "starttls"), (TlsMode::Implicit, "tls")] {
        let smtp = TestSmtp::start_with(SmtpOptions {
            auth: Some(("office".into(), "pw".into())),
            tls: mode,
        });
        let url = format!(
            "smtp://office:pw@127.0.0.1:{}?security={security}&timeout=5",
            smtp.port()
        );
        let id = Mail::from_text(
            "jana@city.example",
            Lang::De,
            format!("Über {security}"),
            "Text",
        )
        .enqueue(&store)
        .await
        .unwrap()
        .unwrap();
        let t0 = Timestamp::now();
        // The server's certificate comes from a CA the client does not know: nothing is sent
        // (least of all the password), and the mail waits.
        let report = send_due(&store, &common::mailer_for(&url), t0, &policy())
            .await
            .unwrap();
        assert!(report.unavailable.is_some(), "{security}: {report:?}");
        assert_eq!(status(&store, &id).await, (MailStatus::Queued, 1));
        assert!(smtp.messages().is_empty());

        let ca = smtp.ca_file().unwrap().display().to_string();
        let trusted = common::mailer_for(&format!("{url}&ca={ca}"));
        let report = send_due(&store, &trusted, later(t0, 31), &policy())
            .await
            .unwrap();
        assert_eq!(report.sent, 1, "{security}: {report:?}");
        let got = smtp.messages();
        assert!(got[0].tls, "{security}: the message came over TLS");
        assert_eq!(got[0].auth_user.as_deref(), Some("office"));
        assert_eq!(parse(&got[0].data).subject, format!("Über {security}"));
    }

    // Plain SMTP to a server that wants STARTTLS first is refused; the mail is kept.
    let smtp = TestSmtp::start_with(SmtpOptions {
        auth: None,
        tls: TlsMode::StartTls,
    });
    let id = Mail::from_text("kai@city.example", Lang::En, "Plain", "Text")
        .enqueue(&store)
        .await
        .unwrap()
        .unwrap();
    let report = send_due(&store, &common::mailer(&smtp), Timestamp::now(), &policy())
        .await
        .unwrap();
    let reason = report
        .unavailable
        .expect("refused as a whole, not this mail");
    assert!(reason.contains("STARTTLS"), "{reason}");
    assert_eq!(status(&store, &id).await, (MailStatus::Queued, 1));
}
