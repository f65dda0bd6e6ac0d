//! Mails around an event beyond the confirmation, on real stores: the reminder before the start
//! (delivered through a real SMTP server with a valid `.ics`), the mails when an event is moved
//! or called off (SEQUENCE up, METHOD:CANCEL), the meeting link only for confirmed
//! participants; each queued once however often the scheduler runs.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicI64, Ordering};

use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use urbis_app::events::{self, Registrant};
use urbis_domain::accounts::{ForumRole, Grant, User, UserStatus};
use urbis_domain::events::{Event, EventStatus, RegistrationStatus};
use urbis_domain::policy::Viewer;
use urbis_domain::{Id, Lang, PartialDate};
use urbis_mail::{MailConfig, Mailer, RetryPolicy, send_due};
use urbis_store::{OutgoingMail, Store};
use urbis_testkit::{TestDb, TestSmtp, on_both_databases};

use crate::common::{SITE, at, forum};

on_both_databases!(
    reminders_go_out_once_through_smtp_with_a_valid_ics,
    moving_and_calling_off_mail_every_registrant_once,
    the_meeting_link_reaches_confirmed_participants_only,
);

/// An online seminar on 10 December 2026 at 14:00 in Berlin (13:00 UTC), two seats and a
/// waiting list.
async fn event(store: &Store, forum: &Id) -> Event {
    let mut event: Event = serde_json::from_value(json!({
        "kind": "seminar",
        "title": {"de": "Seminar Sicherheit", "en": "Seminar on safety"},
        "start": "2026-12-10T14:00",
        "end": "2026-12-10T17:30",
        "format": "hybrid",
        "venue": "Rathaus",
        "city": "Essen",
        "online_link": "https://meet.example.org/geheim-123",
        "status": "planned",
        "capacity": 2,
        "registration": {"waiting_list": true},
    }))
    .unwrap();
    event.forum = forum.clone();
    store.insert(&event).await.unwrap();
    event
}

async fn register(store: &Store, event: &Event, name: &str, when: Timestamp) -> RegistrationStatus {
    let who = Registrant::Guest {
        name: name.into(),
        email: format!("{}@example.org", name.to_lowercase()),
        organisation: None,
        consent: true,
    };
    events::register(
        &urbis_app::App::new(store.clone()),
        &Viewer::anonymous(),
        &event.id,
        who,
        Lang::En,
        when,
        &SITE,
    )
    .await
    .unwrap()
    .registration
    .status
}

/// Every mail of the outbox not seen before (claimed far ahead, one day later each call).
async fn new_mails(store: &Store) -> Vec<OutgoingMail> {
    static CALLS: AtomicI64 = AtomicI64::new(0);
    let day = CALLS.fetch_add(1, Ordering::SeqCst);
    let claimed = store
        .claim_due_mail(
            at("2100-01-01T00:00:00Z") + SignedDuration::from_hours(24 * day),
            10_000,
        )
        .await
        .unwrap();
    for mail in &claimed {
        store
            .mark_sent(&mail.mail.id, Timestamp::now())
            .await
            .unwrap();
    }
    claimed.into_iter().map(|q| q.mail).collect()
}

fn ics_of(mail: &OutgoingMail) -> Option<String> {
    mail.attachments
        .iter()
        .find(|a| a.name == "event.ics")
        .map(|a| String::from_utf8(a.content.clone()).unwrap())
}

/// Python's `icalendar` (what `./test.sh` installs) reads a calendar or a whole mail (its
/// `text/calendar` part), checks that every TZID has its VTIMEZONE and that times carry a
/// zone, and prints METHOD and the event's UID, SEQUENCE, STATUS and start in UTC.
const PYTHON_CHECK: &str = r#"
import datetime, email, json, sys
from icalendar import Calendar
raw = sys.stdin.buffer.read()
if not raw.startswith(b'BEGIN:VCALENDAR'):
    message = email.message_from_bytes(raw)
    parts = [p for p in message.walk() if p.get_content_type() == 'text/calendar']
    assert len(parts) == 1, [p.get_content_type() for p in message.walk()]
    raw = parts[0].get_payload(decode=True)
cal = Calendar.from_ical(raw)
assert not cal.errors, cal.errors
assert str(cal['VERSION']) == '2.0' and cal.get('PRODID')
zones = {str(tz['TZID']) for tz in cal.walk('VTIMEZONE')}
for tz in cal.walk('VTIMEZONE'):
    assert tz.walk('STANDARD') or tz.walk('DAYLIGHT'), tz
events = cal.walk('VEVENT')
assert len(events) == 1, len(events)
ev = events[0]
for key in ('UID', 'DTSTAMP', 'DTSTART', 'SEQUENCE', 'SUMMARY', 'STATUS'):
    assert key in ev, key
tzid = ev['DTSTART'].params.get('TZID')
assert tzid is None or tzid in zones, (tzid, zones)
start = ev.decoded('DTSTART')
assert start.utcoffset() is not None, start
print(json.dumps([str(cal.get('METHOD')), str(ev['UID']), int(ev.decoded('SEQUENCE')),
    str(ev['STATUS']), start.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ'),
    str(ev.get('DESCRIPTION', ''))]))
"#;

/// METHOD, UID, SEQUENCE, STATUS, start (UTC) and description of a calendar or mail.
fn python_check(data: &[u8]) -> (String, String, i64, String, String, String) {
    let python = ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .args(["-c", "import icalendar"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("a python3 with the icalendar package (apt-get install python3-icalendar)");
    let mut child = Command::new(python)
        .args(["-c", PYTHON_CHECK])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(data).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "Python's icalendar rejects it:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(data)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

async fn reminders_go_out_once_through_smtp_with_a_valid_ics(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(&store, &forum).await;
    let early = at("2026-11-20T10:00:00Z");
    assert_eq!(
        register(&store, &event, "Anna", early).await,
        RegistrationStatus::Confirmed
    );
    assert_eq!(
        register(&store, &event, "Ben", early).await,
        RegistrationStatus::Confirmed
    );
    assert_eq!(
        register(&store, &event, "Cleo", early).await,
        RegistrationStatus::Waitlisted
    );
    new_mails(&store).await; // the confirmations
    let lead = SignedDuration::from_hours(24);

    // Two days before: nothing is due yet.
    let before = at("2026-12-08T13:00:00Z");
    assert_eq!(
        events::send_reminders(&urbis_app::App::new(store.clone()), before, lead, &SITE)
            .await
            .unwrap(),
        0
    );
    // 20 hours before: one reminder per confirmed registration, none for the waiting list;
    // the scheduler running again (a restart, a second node) queues nothing more.
    let due = at("2026-12-09T17:00:00Z");
    assert_eq!(
        events::send_reminders(&urbis_app::App::new(store.clone()), due, lead, &SITE)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        events::send_reminders(&urbis_app::App::new(store.clone()), due, lead, &SITE)
            .await
            .unwrap(),
        0
    );
    let later = at("2026-12-10T12:59:00Z");
    assert_eq!(
        events::send_reminders(&urbis_app::App::new(store.clone()), later, lead, &SITE)
            .await
            .unwrap(),
        0
    );
    // After the start: no reminder any more, not even for someone new.
    let after = at("2026-12-10T13:01:00Z");
    assert_eq!(
        events::send_reminders(&urbis_app::App::new(store.clone()), after, lead, &SITE)
            .await
            .unwrap(),
        0
    );

    // Delivered through a real SMTP exchange, with the event as a valid .ics.
    let smtp = TestSmtp::start();
    let url = format!("smtp://127.0.0.1:{}?security=none", smtp.port());
    let mailer = Mailer::new(&MailConfig::from_values(Some(&url), None, None).unwrap()).unwrap();
    send_due(&store, &mailer, Timestamp::now(), &RetryPolicy::default())
        .await
        .unwrap();
    let received = smtp.messages();
    let mut recipients: Vec<String> = received.iter().map(|m| m.rcpt_to.join(",")).collect();
    recipients.sort();
    assert_eq!(recipients, ["anna@example.org", "ben@example.org"]);
    for message in &received {
        let text = message.text();
        assert!(text.contains("Reminder: Seminar on safety"), "{text}");
        let (method, uid, sequence, status, start, description) = python_check(&message.data);
        assert_eq!(method, "PUBLISH");
        assert_eq!(uid, format!("{}@urbis", event.id));
        assert_eq!(sequence, 0);
        assert_eq!(status, "CONFIRMED");
        assert_eq!(start, "2026-12-10T13:00Z", "14:00 in Berlin");
        assert!(
            description.contains("https://meet.example.org/geheim-123"),
            "the confirmed get the link: {description}"
        );
    }
    // Nothing is sent twice.
    send_due(&store, &mailer, Timestamp::now(), &RetryPolicy::default())
        .await
        .unwrap();
    assert_eq!(smtp.messages().len(), 2);
}

async fn moving_and_calling_off_mail_every_registrant_once(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let old = event(&store, &forum).await;
    let now = at("2026-11-20T10:00:00Z");
    for name in ["Anna", "Ben", "Cleo"] {
        register(&store, &old, name, now).await;
    }
    new_mails(&store).await;

    // A change of the description is nothing registrants must hear of.
    let mut edited = old.clone();
    edited.description = Some(urbis_domain::Text::new(Lang::De, "Mehr Text"));
    store.update(&mut edited).await.unwrap();
    assert_eq!(
        events::after_update(
            &urbis_app::App::new(store.clone()),
            &old,
            &edited,
            now,
            &SITE
        )
        .await
        .unwrap(),
        0
    );

    // Moved by a day: everyone registered hears of it; the confirmed get the new .ics.
    let mut moved = edited.clone();
    moved.start = PartialDate::parse("2026-12-11T14:00").unwrap();
    moved.end = Some(PartialDate::parse("2026-12-11T17:30").unwrap());
    store.update(&mut moved).await.unwrap();
    assert_eq!(
        events::after_update(
            &urbis_app::App::new(store.clone()),
            &edited,
            &moved,
            now,
            &SITE
        )
        .await
        .unwrap(),
        3
    );
    assert_eq!(
        events::after_update(
            &urbis_app::App::new(store.clone()),
            &edited,
            &moved,
            now,
            &SITE
        )
        .await
        .unwrap(),
        0,
        "asked twice, mailed once"
    );
    let mails = new_mails(&store).await;
    assert_eq!(mails.len(), 3);
    let with_file: Vec<&OutgoingMail> = mails.iter().filter(|m| ics_of(m).is_some()).collect();
    assert_eq!(
        with_file.len(),
        2,
        "the waiting list gets no calendar entry"
    );
    for mail in &with_file {
        assert!(mail.subject.starts_with("Changed:"), "{}", mail.subject);
        let (method, _, sequence, status, start, _) =
            python_check(ics_of(mail).unwrap().as_bytes());
        assert_eq!(
            (method.as_str(), sequence, status.as_str()),
            ("PUBLISH", 2, "CONFIRMED")
        );
        assert_eq!(start, "2026-12-11T13:00Z");
    }
    let waiting = mails.iter().find(|m| ics_of(m).is_none()).unwrap();
    assert_eq!(waiting.recipient, "cleo@example.org");
    assert!(
        !waiting.text_body.contains("geheim-123"),
        "no link for the waiting list"
    );

    // Called off: METHOD:CANCEL, STATUS:CANCELLED, a higher SEQUENCE.
    let mut called_off = moved.clone();
    called_off.status = EventStatus::Cancelled;
    store.update(&mut called_off).await.unwrap();
    assert_eq!(
        events::after_update(
            &urbis_app::App::new(store.clone()),
            &moved,
            &called_off,
            now,
            &SITE
        )
        .await
        .unwrap(),
        3
    );
    let mails = new_mails(&store).await;
    assert_eq!(mails.len(), 3);
    for mail in mails.iter().filter(|m| ics_of(m).is_some()) {
        assert!(mail.subject.starts_with("Called off:"), "{}", mail.subject);
        let (method, _, sequence, status, _, _) = python_check(ics_of(mail).unwrap().as_bytes());
        assert_eq!(
            (method.as_str(), sequence, status.as_str()),
            ("CANCEL", 3, "CANCELLED")
        );
    }
    // A called-off event reminds no one.
    let due = at("2026-12-10T17:00:00Z");
    let lead = SignedDuration::from_hours(24);
    assert_eq!(
        events::send_reminders(&urbis_app::App::new(store.clone()), due, lead, &SITE)
            .await
            .unwrap(),
        0
    );
}

async fn the_meeting_link_reaches_confirmed_participants_only(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(&store, &forum).await;
    let now = at("2026-11-20T10:00:00Z");
    for name in ["Anna", "Ben", "Cleo"] {
        register(&store, &event, name, now).await;
    }
    let mails = new_mails(&store).await;
    for mail in &mails {
        let confirmed = mail.recipient != "cleo@example.org";
        assert_eq!(
            mail.text_body
                .contains("https://meet.example.org/geheim-123"),
            confirmed,
            "{}: {}",
            mail.recipient,
            mail.text_body
        );
        assert_eq!(
            ics_of(mail).is_some_and(|ics| ics.contains("geheim-123")),
            confirmed
        );
    }
    // Cleo moves up when the office cancels Anna: now she gets the link.
    let registrations = store.registrations_of_event(&event.id).await.unwrap();
    let id_of = |name: &str| {
        registrations
            .iter()
            .find(|r| r.guest.as_ref().unwrap().name == name)
            .unwrap()
            .id
            .clone()
    };
    let mut user = User::new("office@example.org", "Office", Lang::De);
    user.status = UserStatus::Active;
    user.grants.push(Grant {
        forum: forum.clone(),
        role: ForumRole::Staff,
        organisation: None,
    });
    let office = Viewer::user(&user);
    let (_, promoted) = events::staff_set_status(
        &urbis_app::App::new(store.clone()),
        &office,
        &id_of("Anna"),
        RegistrationStatus::Cancelled,
        now,
        &SITE,
    )
    .await
    .unwrap();
    assert_eq!(promoted.unwrap().id, id_of("Cleo"));
    let mails = new_mails(&store).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].recipient, "cleo@example.org");
    assert!(
        mails[0]
            .text_body
            .contains("https://meet.example.org/geheim-123")
    );
    assert!(ics_of(&mails[0]).unwrap().contains("geheim-123"));
}
