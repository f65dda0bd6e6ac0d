//! Registrations end to end on real stores: seats, the waiting list, concurrent registrations,
//! double registrations, the cancel link, the office's moves and the mails.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use urbis_app::AppError;
use urbis_app::events::{self, Registered, Registrant, Site};
use urbis_domain::accounts::ForumRole;
use urbis_domain::events::{Event, Registration, RegistrationStatus};
use urbis_domain::network::Person;
use urbis_domain::policy::Viewer;
use urbis_domain::{Id, Lang};
use urbis_store::{DecidedMails, OutgoingMail, Store};
use urbis_testkit::TestDb;

use crate::common::{at, forum, from_json, viewer};

macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 8)]
            async fn $name() { super::$name(urbis_testkit::sqlite()).await }
        )* }
        mod postgres { $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 8)]
            async fn $name() { super::$name(urbis_testkit::postgres().await).await }
        )* }
    };
}

on_both_databases!(
    concurrent_registrations_fill_the_seats_and_the_waiting_list,
    concurrent_registrations_without_waiting_list_are_refused_when_full,
    nobody_registers_twice_but_may_again_after_cancelling,
    cancelling_promotes_the_oldest_waitlisted_and_mails_them,
    registration_opens_and_closes_in_the_event_time_zone,
    members_only_events_refuse_anonymous_viewers,
    bad_guest_details_are_refused_with_their_field,
    forged_cancel_tokens_change_nothing,
    the_confirmation_mail_carries_the_event_as_ics,
    the_office_moves_registrations_within_the_seats,
    a_registration_and_its_mail_are_one_write,
    members_never_confirm_and_waiting_guests_survive_export_and_import,
);

const SITE: Site<'static> = Site {
    base_url: "https://urbis.example.org/",
    calendar_host: Some("urbis.example.org"),
};

/// A time within the registration period of [`event`]'s default rules.
fn now() -> Timestamp {
    at("2026-11-20T10:00:00Z")
}

/// A public seminar on 10 December 2026, registration from 1 November to 5 December; `extra`
/// overrides fields.
async fn event(store: &Store, forum: &Id, extra: serde_json::Value) -> Event {
    let mut value = json!({
        "kind": "seminar",
        "title": {"de": "Seminar Sicherheit", "en": "Seminar on safety"},
        "start": "2026-12-10T14:00",
        "end": "2026-12-10T17:30",
        "venue": "Rathaus",
        "city": "Essen",
        "status": "planned",
        "access": "public",
        "capacity": 50,
        "registration": {"opens": "2026-11-01", "closes": "2026-12-05", "waiting_list": true},
    });
    for (key, v) in extra.as_object().unwrap() {
        value[key] = v.clone();
    }
    let mut event: Event = from_json(value);
    event.forum = forum.clone();
    store.insert(&event).await.unwrap();
    event
}

fn guest(name: &str, email: &str) -> Registrant {
    Registrant::Guest {
        name: name.into(),
        email: email.into(),
        organisation: Some("Stadt Essen".into()),
        consent: true,
    }
}

async fn person(store: &Store, forum: &Id, email: &str) -> Person {
    let mut person: Person = from_json(json!({
        "given_name": "Anna", "family_name": "Rau", "email": email, "language": "en",
    }));
    person.forum = forum.clone();
    store.insert(&person).await.unwrap();
    person
}

async fn register(store: &Store, event: &Event, who: Registrant) -> Result<Registered, AppError> {
    events::register(
        &urbis_app::App::new(store.clone()),
        &Viewer::anonymous(),
        &event.id,
        who,
        Lang::De,
        now(),
        &SITE,
    )
    .await
}

/// Every mail of the outbox (claimed far in the future, each call a day after the last, so
/// that every one is due again).
async fn mails(store: &Store) -> Vec<OutgoingMail> {
    static CALLS: AtomicI64 = AtomicI64::new(0);
    let day = CALLS.fetch_add(1, Ordering::SeqCst);
    store
        .claim_due_mail(
            at("2100-01-01T00:00:00Z") + SignedDuration::from_hours(24 * day),
            10_000,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.mail)
        .collect()
}

fn statuses(registrations: &[Registration]) -> (usize, usize, usize) {
    let count = |s| registrations.iter().filter(|r| r.status == s).count();
    (
        count(RegistrationStatus::Confirmed),
        count(RegistrationStatus::Waitlisted),
        count(RegistrationStatus::Cancelled),
    )
}

/// Runs 200 registrations for one event at once, spread over several store handles.
async fn two_hundred_at_once(db: &TestDb, event: &Event) -> Vec<Result<Registered, AppError>> {
    let mut handles = Vec::new();
    for _ in 0..4 {
        handles.push(Store::open(db.url()).await.unwrap());
    }
    let started = Instant::now();
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let store = handles[i % handles.len()].clone();
            let event = event.clone();
            tokio::spawn(async move {
                register(
                    &store,
                    &event,
                    guest(&format!("Guest {i}"), &format!("guest{i}@example.org")),
                )
                .await
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    println!(
        "200 concurrent registrations on {}: {:?}",
        db.url().split(':').next().unwrap_or_default(),
        started.elapsed()
    );
    results
}

async fn concurrent_registrations_fill_the_seats_and_the_waiting_list(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(&store, &forum, json!({})).await;
    let results = two_hundred_at_once(&db, &event).await;
    let answered: Vec<RegistrationStatus> = results
        .into_iter()
        .map(|r| r.unwrap().registration.status)
        .collect();
    let confirmed = answered
        .iter()
        .filter(|s| **s == RegistrationStatus::Confirmed)
        .count();
    assert_eq!(confirmed, 50);
    assert_eq!(answered.len() - confirmed, 150);
    let stored = store.registrations_of_event(&event.id).await.unwrap();
    assert_eq!(stored.len(), 200);
    assert_eq!(statuses(&stored), (50, 150, 0));
    // every registrant got a mail: a confirmation or a waiting-list notice
    assert_eq!(mails(&store).await.len(), 200);
}

async fn concurrent_registrations_without_waiting_list_are_refused_when_full(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(
        &store,
        &forum,
        json!({"registration": {"closes": "2026-12-05"}}),
    )
    .await;
    let results = two_hundred_at_once(&db, &event).await;
    let mut confirmed = 0;
    let mut full = 0;
    for result in results {
        match result {
            Ok(r) if r.registration.status == RegistrationStatus::Confirmed => confirmed += 1,
            Err(AppError::EventFull) => full += 1,
            other => panic!("unexpected answer: {other:?}"),
        }
    }
    assert_eq!((confirmed, full), (50, 150));
    let stored = store.registrations_of_event(&event.id).await.unwrap();
    assert_eq!(statuses(&stored), (50, 0, 0));
    assert_eq!(stored.len(), 50);
    assert_eq!(mails(&store).await.len(), 50);
    // one more, after the rush: still full, nothing written
    let late = register(&store, &event, guest("Late", "late@example.org")).await;
    assert!(matches!(late, Err(AppError::EventFull)), "{late:?}");
    assert_eq!(
        store.registrations_of_event(&event.id).await.unwrap().len(),
        50
    );
}

async fn nobody_registers_twice_but_may_again_after_cancelling(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(&store, &forum, json!({})).await;
    let first = register(&store, &event, guest("Gerd Gast", "gerd@example.org"))
        .await
        .unwrap();
    let again = register(&store, &event, guest("Gerd G.", " Gerd@Example.ORG ")).await;
    assert!(
        matches!(again, Err(AppError::AlreadyRegistered)),
        "{again:?}"
    );

    let member = viewer(&forum, ForumRole::Member);
    let anna = person(&store, &forum, "anna@example.org").await;
    let by_member = |who| {
        let store = store.clone();
        let member = member.clone();
        let event = event.id.clone();
        async move {
            events::register(
                &urbis_app::App::new(store.clone()),
                &member,
                &event,
                who,
                Lang::De,
                now(),
                &SITE,
            )
            .await
        }
    };
    let registered = by_member(Registrant::Person(anna.id.clone()))
        .await
        .unwrap();
    assert_eq!(registered.registration.language, Some(Lang::En));
    let twice = by_member(Registrant::Person(anna.id.clone())).await;
    assert!(
        matches!(twice, Err(AppError::AlreadyRegistered)),
        "{twice:?}"
    );
    // an anonymous viewer cannot register a person of the records
    let anonymous = register(&store, &event, Registrant::Person(anna.id.clone())).await;
    assert!(
        matches!(anonymous, Err(AppError::MembersOnly)),
        "{anonymous:?}"
    );
    assert_eq!(
        store.registrations_of_event(&event.id).await.unwrap().len(),
        2
    );

    // cancelling frees the person and the address for a new registration
    events::cancel(
        &urbis_app::App::new(store.clone()),
        &registered.registration.id,
        &registered.cancel_token,
        now(),
        &SITE,
    )
    .await
    .unwrap();
    events::cancel(
        &urbis_app::App::new(store.clone()),
        &first.registration.id,
        &first.cancel_token,
        now(),
        &SITE,
    )
    .await
    .unwrap();
    by_member(Registrant::Person(anna.id.clone()))
        .await
        .unwrap();
    let back = register(&store, &event, guest("Gerd Gast", "GERD@example.org"))
        .await
        .unwrap();
    assert_eq!(back.registration.status, RegistrationStatus::Confirmed);
    let stored = store.registrations_of_event(&event.id).await.unwrap();
    assert_eq!(statuses(&stored), (2, 0, 2));
}

async fn cancelling_promotes_the_oldest_waitlisted_and_mails_them(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(&store, &forum, json!({"capacity": 2})).await;
    let mut registered = Vec::new();
    for (i, name) in ["a", "b", "c", "d"].iter().enumerate() {
        let when = now() + SignedDuration::from_secs(i as i64);
        let r = events::register(
            &urbis_app::App::new(store.clone()),
            &Viewer::anonymous(),
            &event.id,
            guest(name, &format!("{name}@example.org")),
            Lang::En,
            when,
            &SITE,
        )
        .await
        .unwrap();
        registered.push(r);
    }
    let status: Vec<_> = registered.iter().map(|r| r.registration.status).collect();
    use RegistrationStatus::{Confirmed, Waitlisted};
    assert_eq!(status, [Confirmed, Confirmed, Waitlisted, Waitlisted]);
    let before = mails(&store).await;
    let waitlisted_mail = before
        .iter()
        .find(|m| m.recipient == "c@example.org")
        .unwrap();
    assert_eq!(waitlisted_mail.subject, "You are on the waiting list");
    assert!(waitlisted_mail.attachments.is_empty());

    let a = &registered[0];
    let promoted = events::cancel(
        &urbis_app::App::new(store.clone()),
        &a.registration.id,
        &a.cancel_token,
        now(),
        &SITE,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(promoted.id, registered[2].registration.id);
    assert_eq!(promoted.status, Confirmed);
    let stored = store.registrations_of_event(&event.id).await.unwrap();
    assert_eq!(statuses(&stored), (2, 1, 1));
    let cancelled: Registration = store.get(&a.registration.id).await.unwrap();
    assert_eq!(cancelled.cancelled_at, Some(now()));
    let after = mails(&store).await;
    assert_eq!(after.len(), before.len() + 1);
    let promotion = after
        .iter()
        .find(|m| m.recipient == "c@example.org" && m.subject.contains("seat has become free"))
        .unwrap();
    assert!(promotion.text_body.contains("Seminar on safety"));
    assert_eq!(promotion.attachments.len(), 1);

    // the link works once
    let again = events::cancel(
        &urbis_app::App::new(store.clone()),
        &a.registration.id,
        &a.cancel_token,
        now(),
        &SITE,
    )
    .await;
    assert!(matches!(again, Err(AppError::InvalidToken)), "{again:?}");
    // a waitlisted registration that cancels frees no seat: nobody is promoted
    let d = &registered[3];
    let none = events::cancel(
        &urbis_app::App::new(store.clone()),
        &d.registration.id,
        &d.cancel_token,
        now(),
        &SITE,
    )
    .await
    .unwrap();
    assert!(none.is_none());
    assert_eq!(
        statuses(&store.registrations_of_event(&event.id).await.unwrap()),
        (2, 0, 2)
    );
}

async fn registration_opens_and_closes_in_the_event_time_zone(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(&store, &forum, json!({})).await;
    let attempt = |when: &str, email: &str| {
        let store = store.clone();
        let event = event.id.clone();
        let when = at(when);
        let who = guest("G", email);
        async move {
            events::register(
                &urbis_app::App::new(store.clone()),
                &Viewer::anonymous(),
                &event,
                who,
                Lang::De,
                when,
                &SITE,
            )
            .await
        }
    };
    // opens 1 November, Berlin time (UTC+1)
    let early = attempt("2026-10-31T22:59:59Z", "early@example.org").await;
    assert!(
        matches!(early, Err(AppError::RegistrationNotOpen)),
        "{early:?}"
    );
    attempt("2026-10-31T23:00:00Z", "first@example.org")
        .await
        .unwrap();
    // closes at the end of 5 December in Berlin
    attempt("2026-12-05T22:59:59Z", "last@example.org")
        .await
        .unwrap();
    let late = attempt("2026-12-05T23:00:00Z", "late@example.org").await;
    assert!(
        matches!(late, Err(AppError::RegistrationClosed)),
        "{late:?}"
    );
    assert_eq!(
        store.registrations_of_event(&event.id).await.unwrap().len(),
        2
    );

    // a closing time known to the minute closes at that minute; no rules: no registration
    let timed = self::event(
        &store,
        &forum,
        json!({"registration": {"closes": "2026-12-01T12:00"}}),
    )
    .await;
    let answer = events::register(
        &urbis_app::App::new(store.clone()),
        &Viewer::anonymous(),
        &timed.id,
        guest("G", "g@example.org"),
        Lang::De,
        at("2026-12-01T11:00:00Z"),
        &SITE,
    )
    .await;
    assert!(
        matches!(answer, Err(AppError::RegistrationClosed)),
        "{answer:?}"
    );
    let closed = self::event(&store, &forum, json!({"registration": null})).await;
    let none = register(&store, &closed, guest("G", "g@example.org")).await;
    assert!(matches!(none, Err(AppError::NoRegistration)), "{none:?}");
    // a held or called-off event takes no more registrations
    let off = self::event(&store, &forum, json!({"status": "cancelled"})).await;
    let answer = register(&store, &off, guest("G", "g@example.org")).await;
    assert!(
        matches!(answer, Err(AppError::RegistrationClosed)),
        "{answer:?}"
    );
    // a staff-only event is unknown to the public
    let internal = self::event(&store, &forum, json!({"access": "staff"})).await;
    let unknown = register(&store, &internal, guest("G", "g@example.org")).await;
    assert!(
        matches!(unknown, Err(AppError::UnknownEvent)),
        "{unknown:?}"
    );
    let missing = events::register(
        &urbis_app::App::new(store.clone()),
        &Viewer::anonymous(),
        &Id::new(),
        guest("G", "g@example.org"),
        Lang::De,
        now(),
        &SITE,
    )
    .await;
    assert!(
        matches!(missing, Err(AppError::UnknownEvent)),
        "{missing:?}"
    );
}

async fn members_only_events_refuse_anonymous_viewers(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(
        &store,
        &forum,
        json!({"registration": {"members_only": true}}),
    )
    .await;
    let anonymous = register(&store, &event, guest("G", "g@example.org")).await;
    assert!(
        matches!(anonymous, Err(AppError::MembersOnly)),
        "{anonymous:?}"
    );
    // a member of another forum is no member here
    let other = viewer(&Id::new(), ForumRole::Admin);
    let stranger = events::register(
        &urbis_app::App::new(store.clone()),
        &other,
        &event.id,
        guest("G", "g@example.org"),
        Lang::De,
        now(),
        &SITE,
    )
    .await;
    assert!(
        matches!(stranger, Err(AppError::MembersOnly)),
        "{stranger:?}"
    );
    assert!(
        store
            .registrations_of_event(&event.id)
            .await
            .unwrap()
            .is_empty()
    );
    let member = viewer(&forum, ForumRole::Member);
    let anna = person(&store, &forum, "anna@example.org").await;
    let ok = events::register(
        &urbis_app::App::new(store.clone()),
        &member,
        &event.id,
        Registrant::Person(anna.id),
        Lang::De,
        now(),
        &SITE,
    )
    .await
    .unwrap();
    assert_eq!(ok.registration.status, RegistrationStatus::Confirmed);
}

async fn bad_guest_details_are_refused_with_their_field(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(&store, &forum, json!({})).await;
    let cases = [
        (guest("G", "not an address"), "guest.email"),
        (guest("G", "a@b@example.org"), "guest.email"),
        (guest("  ", "g@example.org"), "guest.name"),
        (
            Registrant::Guest {
                name: "G".into(),
                email: "g@example.org".into(),
                organisation: None,
                consent: false,
            },
            "consent",
        ),
    ];
    for (who, field) in cases {
        match register(&store, &event, who.clone()).await {
            Err(AppError::Invalid(problems)) => assert!(
                problems.iter().any(|p| p.field == field),
                "{who:?}: {problems}"
            ),
            other => panic!("{who:?} was not refused: {other:?}"),
        }
    }
    let member = viewer(&forum, ForumRole::Member);
    let nobody = events::register(
        &urbis_app::App::new(store.clone()),
        &member,
        &event.id,
        Registrant::Person(Id::new()),
        Lang::De,
        now(),
        &SITE,
    )
    .await;
    assert!(matches!(nobody, Err(AppError::Invalid(_))), "{nobody:?}");
    assert!(
        store
            .registrations_of_event(&event.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(mails(&store).await.is_empty());
}

async fn forged_cancel_tokens_change_nothing(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(&store, &forum, json!({"capacity": 1})).await;
    let a = register(&store, &event, guest("A", "a@example.org"))
        .await
        .unwrap();
    let b = register(&store, &event, guest("B", "b@example.org"))
        .await
        .unwrap();
    assert_eq!(b.registration.status, RegistrationStatus::Waitlisted);
    let forged = urbis_app::accounts::secrets::new_token().unwrap();
    for (id, token) in [
        (&a.registration.id, forged.as_str()),
        (&a.registration.id, ""),
        (&a.registration.id, b.cancel_token.as_str()), // another registration's token
        (&Id::new(), a.cancel_token.as_str()),
    ] {
        let answer =
            events::cancel(&urbis_app::App::new(store.clone()), id, token, now(), &SITE).await;
        assert!(matches!(answer, Err(AppError::InvalidToken)), "{answer:?}");
    }
    let stored = store.registrations_of_event(&event.id).await.unwrap();
    assert_eq!(statuses(&stored), (1, 1, 0));
    assert_eq!(store.audit_of(&a.registration.id).await.unwrap().len(), 1);
    // the link of the mail holds the real token
    assert!(a.cancel_link.starts_with(&format!(
        "https://urbis.example.org/registrations/{}/cancel/",
        a.registration.id
    )));
    assert!(a.cancel_link.ends_with(&a.cancel_token));
}

fn ics_of(mail: &OutgoingMail) -> String {
    let attachment = mail
        .attachments
        .iter()
        .find(|a| a.name == "event.ics")
        .unwrap();
    assert!(attachment.media_type.starts_with("text/calendar"));
    String::from_utf8(attachment.content.clone()).unwrap()
}

async fn the_confirmation_mail_carries_the_event_as_ics(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let timed = event(&store, &forum, json!({})).await;
    let r = register(&store, &timed, guest("Gerd", "gerd@example.org"))
        .await
        .unwrap();
    let mail = mails(&store).await.pop().unwrap();
    assert_eq!(mail.recipient, "gerd@example.org");
    assert_eq!(mail.subject, "Ihre Anmeldung ist bestätigt");
    assert!(mail.text_body.contains("Seminar Sicherheit"));
    assert!(mail.text_body.contains(&r.cancel_link));
    let text = ics_of(&mail);
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let component = calendar
        .components
        .iter()
        .find(|c| c.name == "VEVENT")
        .unwrap();
    let property = |name: &str| {
        component
            .properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no {name} in {text}"))
    };
    assert_eq!(
        property("UID").val.as_ref(),
        format!("{}@urbis.example.org", timed.id)
    );
    assert_eq!(property("DTSTAMP").val.as_ref(), "20261120T100000Z");
    assert_eq!(property("DTSTART").val.as_ref(), "20261210T140000");
    assert_eq!(property("DTEND").val.as_ref(), "20261210T173000");
    assert!(
        text.contains("DTSTART;TZID=Europe/Berlin:20261210T140000"),
        "{text}"
    );
    assert_eq!(property("SUMMARY").val.as_ref(), "Seminar Sicherheit");

    // known to the day: a DATE; known to the month: no file at all
    let day = event(
        &store,
        &forum,
        json!({"start": "2026-12-11", "end": "2026-12-12"}),
    )
    .await;
    register(&store, &day, guest("Gerd", "gerd@example.org"))
        .await
        .unwrap();
    let month = event(&store, &forum, json!({"start": "2026-12", "end": null})).await;
    register(&store, &month, guest("Gerd", "gerd@example.org"))
        .await
        .unwrap();
    let all = mails(&store).await;
    assert_eq!(all.len(), 3);
    let day_mail = all
        .iter()
        .find(|m| m.text_body.contains("2026-12-11"))
        .unwrap();
    let text = ics_of(day_mail);
    assert!(text.contains("DTSTART;VALUE=DATE:20261211"), "{text}");
    assert!(text.contains("DTEND;VALUE=DATE:20261213"), "{text}");
    assert!(text.contains("BEGIN:VCALENDAR"));
    let month_mail = all
        .iter()
        .find(|m| m.text_body.contains("2026-12 "))
        .unwrap();
    assert!(month_mail.attachments.is_empty());
}

async fn the_office_moves_registrations_within_the_seats(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(&store, &forum, json!({"capacity": 1})).await;
    let office = viewer(&forum, ForumRole::Staff);
    let member = viewer(&forum, ForumRole::Member);
    let a = register(&store, &event, guest("A", "a@example.org"))
        .await
        .unwrap();
    let b = register(&store, &event, guest("B", "b@example.org"))
        .await
        .unwrap();
    let (a_id, b_id) = (a.registration.id.clone(), b.registration.id.clone());
    use RegistrationStatus::{Attended, Cancelled, Confirmed, Waitlisted};
    let denied = events::staff_set_status(
        &urbis_app::App::new(store.clone()),
        &member,
        &a_id,
        Attended,
        now(),
        &SITE,
    )
    .await;
    assert!(matches!(denied, Err(AppError::Forbidden)), "{denied:?}");
    let full = events::staff_set_status(
        &urbis_app::App::new(store.clone()),
        &office,
        &b_id,
        Confirmed,
        now(),
        &SITE,
    )
    .await;
    assert!(matches!(full, Err(AppError::EventFull)), "{full:?}");
    assert_eq!(
        store.get::<Registration>(&b_id).await.unwrap().status,
        Waitlisted
    );
    let (attended, _) = events::staff_set_status(
        &urbis_app::App::new(store.clone()),
        &office,
        &a_id,
        Attended,
        now(),
        &SITE,
    )
    .await
    .unwrap();
    assert_eq!(attended.status, Attended);
    // the office adds someone outside the period: onto the waiting list, the event being full
    let added = events::staff_add(
        &urbis_app::App::new(store.clone()),
        &office,
        &event.id,
        guest("C", "c@example.org"),
        Lang::De,
        at("2027-01-01T00:00:00Z"),
        &SITE,
    )
    .await
    .unwrap();
    assert_eq!(added.registration.status, Waitlisted);
    let not_office = events::staff_add(
        &urbis_app::App::new(store.clone()),
        &member,
        &event.id,
        guest("D", "d@example.org"),
        Lang::De,
        now(),
        &SITE,
    )
    .await;
    assert!(
        matches!(not_office, Err(AppError::Forbidden)),
        "{not_office:?}"
    );
    // cancelling through the office promotes the oldest waitlisted
    let (cancelled, promoted) = events::staff_set_status(
        &urbis_app::App::new(store.clone()),
        &office,
        &a_id,
        Cancelled,
        now(),
        &SITE,
    )
    .await
    .unwrap();
    assert_eq!(cancelled.status, Cancelled);
    assert_eq!(promoted.unwrap().id, b_id);
    assert_eq!(
        statuses(&store.registrations_of_event(&event.id).await.unwrap()),
        (1, 1, 1)
    );
    // every move is in the audit log
    assert_eq!(store.audit_of(&a_id).await.unwrap().len(), 3);
}

/// The mail with the cancel link is queued in the registration's own transaction: when it
/// cannot be queued, the registration is not stored either (a crash between the two can leave
/// neither half behind).
async fn a_registration_and_its_mail_are_one_write(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(&store, &forum, json!({})).await;
    let mail = |id: Id| OutgoingMail {
        id,
        forum: Some(forum.clone()),
        recipient: "gast@example.org".into(),
        language: Lang::De,
        subject: "Angemeldet".into(),
        text_body: "Sie sind angemeldet.".into(),
        html_body: "<p>Sie sind angemeldet.</p>".into(),
        attachments: Vec::new(),
        dedupe_key: None,
        not_before: None,
    };
    let taken = Id::new();
    assert!(store.enqueue_mail(&mail(taken.clone())).await.unwrap());
    let mut registration: Registration = from_json(json!({
        "event": event.id, "guest": {"name": "Gast", "email": "gast@example.org"},
        "status": "confirmed", "consent": true
    }));
    registration.forum = forum.clone();

    let refused = store
        .register_with_mail(
            &registration,
            true,
            Some("hash-1"),
            &DecidedMails {
                seat: Some(mail(taken.clone())),
                waiting_list: None,
            },
        )
        .await;
    assert!(
        refused.is_err(),
        "a mail that cannot be queued: {refused:?}"
    );
    assert!(
        store
            .registrations_of_event(&event.id)
            .await
            .unwrap()
            .is_empty(),
        "the registration was stored without its mail"
    );
    assert_eq!(mails(&store).await.len(), 1);

    let (fresh, unused) = (Id::new(), Id::new());
    let stored = store
        .register_with_mail(
            &registration,
            true,
            Some("hash-2"),
            &DecidedMails {
                seat: Some(mail(fresh.clone())),
                waiting_list: Some(mail(unused.clone())),
            },
        )
        .await
        .unwrap();
    assert_eq!(stored.id, registration.id);
    assert_eq!(stored.status, RegistrationStatus::Confirmed);
    let queued = mails(&store).await;
    assert_eq!(queued.len(), 2, "only the mail of the seat is queued");
    assert!(queued.iter().any(|m| m.id == fresh));
    assert!(!queued.iter().any(|m| m.id == unused));

    // Through the use case: one registration, one mail that carries its cancel link.
    let done = register(&store, &event, guest("Ben", "ben@example.org"))
        .await
        .unwrap();
    let to_ben: Vec<_> = mails(&store)
        .await
        .into_iter()
        .filter(|m| m.recipient == "ben@example.org")
        .collect();
    assert_eq!(to_ben.len(), 1);
    assert!(to_ben[0].text_body.contains(&done.cancel_link));

    // Moving up from the waiting list and its mail are one write as well.
    let small = self::event(&store, &forum, json!({"capacity": 1})).await;
    let first = register(&store, &small, guest("Cora", "cora@example.org"))
        .await
        .unwrap();
    let second = register(&store, &small, guest("Dirk", "dirk@example.org"))
        .await
        .unwrap();
    assert_eq!(second.registration.status, RegistrationStatus::Waitlisted);
    // The store decides who moves up and leaves the notice in the same transaction; the
    // app writes the mail for it and settles it in one more.
    let promoted = store
        .cancel_registration(&first.registration.id, now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(promoted.id, second.registration.id);
    let key = format!("registration-{}-promoted", promoted.id);
    let told = |mails: &[OutgoingMail]| {
        mails
            .iter()
            .filter(|m| {
                m.dedupe_key.as_deref() == Some(key.as_str()) && m.recipient == "dirk@example.org"
            })
            .count()
    };
    assert_eq!(
        told(&mails(&store).await),
        0,
        "the store wrote no mail itself"
    );
    let pending = store.pending_notices(10).await.unwrap();
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(
        pending[0].kind,
        urbis_store::NoticeKind::RegistrationPromoted
    );
    assert_eq!(pending[0].record, promoted.id);
    let app = urbis_app::App::new(store.clone());
    assert_eq!(
        urbis_app::notices::deliver(&app, &SITE, now())
            .await
            .unwrap(),
        1
    );
    assert_eq!(told(&mails(&store).await), 1);
    assert!(store.pending_notices(10).await.unwrap().is_empty());
    // A second round (another node) finds nothing; settling a settled notice changes nothing.
    assert_eq!(
        urbis_app::notices::deliver(&app, &SITE, now())
            .await
            .unwrap(),
        0
    );
    assert!(!store.settle_notice(&pending[0].id, None).await.unwrap());
    assert_eq!(told(&mails(&store).await), 1);

    // Through the use case the mail is written right after the change.
    let third = register(&store, &small, guest("Emil", "emil@example.org"))
        .await
        .unwrap();
    assert_eq!(third.registration.status, RegistrationStatus::Waitlisted);
    let moved_up = events::cancel(
        &app,
        &second.registration.id,
        &second.cancel_token,
        now(),
        &SITE,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(moved_up.id, third.registration.id);
    let key = format!("registration-{}-promoted", moved_up.id);
    assert!(mails(&store).await.iter().any(
        |m| m.dedupe_key.as_deref() == Some(key.as_str()) && m.recipient == "emil@example.org"
    ));
    assert!(store.pending_notices(10).await.unwrap().is_empty());
}

async fn members_never_confirm_and_waiting_guests_survive_export_and_import(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let event = event(
        &store,
        &forum,
        json!({"registration": {"waiting_list": true, "confirm_guests": true}}),
    )
    .await;
    let anna = person(&store, &forum, "anna@example.org").await;
    let member = viewer(&forum, ForumRole::Member);
    let herself = events::register(
        &urbis_app::App::new(store.clone()),
        &member,
        &event.id,
        Registrant::Person(anna.id.clone()),
        Lang::De,
        now(),
        &SITE,
    )
    .await
    .unwrap();
    assert_eq!(herself.registration.status, RegistrationStatus::Confirmed);
    assert_eq!(
        herself.confirm_link, None,
        "a member is never asked to confirm"
    );
    let office = viewer(&forum, ForumRole::Staff);
    let added = events::staff_add(
        &urbis_app::App::new(store.clone()),
        &office,
        &event.id,
        guest("Olga", "olga@example.org"),
        Lang::De,
        now(),
        &SITE,
    )
    .await
    .unwrap();
    assert_eq!(
        added.registration.status,
        RegistrationStatus::Confirmed,
        "the office decides"
    );
    let gerd = register(&store, &event, guest("Gerd", "gerd@example.org"))
        .await
        .unwrap();
    assert_eq!(gerd.registration.status, RegistrationStatus::Unconfirmed);
    let link = gerd.confirm_link.clone().unwrap();
    assert!(
        link.starts_with("https://urbis.example.org/registrations/"),
        "{link}"
    );
    assert!(gerd.cancel_link.contains("/cancel/"));

    // Export → import → export is lossless with the flag and the status.
    let first = store.export().await.unwrap().to_json();
    assert!(
        first.contains("\"confirm_guests\": true") || first.contains("\"confirm_guests\":true")
    );
    assert!(first.contains("unconfirmed"));
    let copy_db = urbis_testkit::sqlite();
    let copy = Store::open(copy_db.url()).await.unwrap();
    copy.import(urbis_domain::Dataset::from_json(&first).unwrap())
        .await
        .unwrap();
    assert_eq!(copy.export().await.unwrap().to_json(), first);

    // The guest may withdraw before confirming; the link then seats nobody.
    events::cancel(
        &urbis_app::App::new(store.clone()),
        &gerd.registration.id,
        &gerd.cancel_token,
        now(),
        &SITE,
    )
    .await
    .unwrap();
    let token = gerd.confirm_token.unwrap();
    let late = events::confirm(
        &urbis_app::App::new(store.clone()),
        &gerd.registration.id,
        &token,
        now(),
        &SITE,
    )
    .await;
    assert!(matches!(late, Err(AppError::InvalidToken)), "{late:?}");
}
