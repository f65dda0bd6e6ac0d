//! Data protection end to end on real stores with the demo network: consent history, the copy
//! of everything stored about a person, erasure that leaves no trace but keeps the figures,
//! the retention rule for guests, and bad input that changes nothing.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use urbis_app::AppError;
use urbis_app::accounts::{login, users};
use urbis_app::privacy::{self, ERASED};
use urbis_domain::advocacy::AdvocacyAction;
use urbis_domain::events::{Event, Registration, RegistrationStatus};
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::{Appointment, Organisation, Person};
use urbis_domain::portal::FundingCall;
use urbis_domain::{Access, Id, Lang, Record};
use urbis_store::{ListQuery, OutgoingMail, Store, StoreError};
use urbis_testkit::TestDb;

use crate::common::{PASSWORD, from_json};

const GIVEN: &str = "Wilhelmine";
const FAMILY: &str = "Zwanzigerstraße";
const EMAIL: &str = "w.zwanziger@example.org";
const PHONE: &str = "+49 201 8855 4471";

urbis_testkit::on_both_databases!(
    consent_history_is_kept,
    personal_data_holds_everything_but_secrets,
    erasure_leaves_no_trace_and_keeps_the_figures,
    erasure_names_prose_it_cannot_rewrite,
    retention_anonymises_old_guests_only,
    bad_input_changes_nothing,
    an_unconfirmed_guest_registration_is_exported_and_erased,
);

/// The demo network, and the id of DEFUS.
async fn demo(db: &TestDb) -> (Store, Id) {
    let store = Store::open(db.url()).await.unwrap();
    store.import(urbis_demo::dataset().unwrap()).await.unwrap();
    let forum = store
        .forums()
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.short_name == "DEFUS")
        .unwrap()
        .id;
    (store, forum)
}

async fn events(store: &Store, forum: &Id) -> Vec<Event> {
    store
        .list(&ListQuery::new(forum, Access::Staff).order_by("start_date", false))
        .await
        .unwrap()
}

fn guest(event: &Event, name: &str, email: &str) -> Registration {
    let mut registration: Registration = from_json(json!({
        "event": event.id,
        "guest": {"name": name, "email": email, "organisation": "Stadt Musterhausen"},
        "status": "confirmed",
        "consent": true,
        "language": "de",
    }));
    registration.forum = event.forum.clone();
    registration
}

/// The registrations of every event of the installation, with their statuses.
async fn figures(store: &Store) -> BTreeMap<Id, Vec<RegistrationStatus>> {
    let mut figures: BTreeMap<Id, Vec<RegistrationStatus>> = BTreeMap::new();
    for registration in store
        .list::<Registration>(&ListQuery::everything())
        .await
        .unwrap()
    {
        figures
            .entry(registration.event.clone())
            .or_default()
            .push(registration.status);
    }
    for statuses in figures.values_mut() {
        statuses.sort_by_key(|s| format!("{s:?}"));
    }
    figures
}

async fn export(store: &Store) -> String {
    store.export().await.unwrap().to_json()
}

/// A person of DEFUS with everything that can be stored about someone.
struct Someone {
    person: Id,
    user: Id,
    token: String,
    appointment: Id,
    entry: Id,
    speaker_event: Id,
    advocacy: Id,
}

async fn someone(store: &Store, forum: &Id) -> Someone {
    let essen = store
        .list::<Organisation>(&ListQuery::new(forum, Access::Staff))
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name.original_text() == "Stadt Essen")
        .unwrap();
    let mut person: Person = from_json(json!({
        "title": "Dr.",
        "given_name": GIVEN,
        "family_name": FAMILY,
        "organisation": essen.id,
        "function": {"de": "Leiterin der Kommunalen Kriminalprävention"},
        "email": EMAIL,
        "language": "de",
    }));
    person.forum = forum.clone();
    store.insert(&person).await.unwrap();
    person.phone = Some(PHONE.into());
    store.update(&mut person).await.unwrap();
    privacy::record_consent(
        &urbis_app::App::new(store.clone()),
        &person.id,
        "newsletter",
        true,
        "registration form",
        Timestamp::now(),
    )
    .await
    .unwrap();

    let mut appointment: Appointment = from_json(json!({
        "person": person.id, "role": "board_member", "start": "2022-06", "position": 9
    }));
    appointment.forum = forum.clone();
    store.insert(&appointment).await.unwrap();

    let events = events(store, forum).await;
    for (i, event) in events.iter().take(3).enumerate() {
        let mut registration: Registration = from_json(json!({
            "event": event.id, "person": person.id, "status": if i == 2 { "cancelled" } else { "attended" },
            "consent": true, "language": "de",
        }));
        if i == 2 {
            registration.cancelled_at = Some(Timestamp::now());
        }
        registration.forum = forum.clone();
        store.insert(&registration).await.unwrap();
    }
    // Once she registered as a guest, with her address and name.
    store
        .insert(&guest(&events[3], &format!("{GIVEN} {FAMILY}"), EMAIL))
        .await
        .unwrap();

    let mut speaker_event = events[4].clone();
    speaker_event.speakers.push(from_json(json!({
        "person": person.id,
        "name": format!("Dr. {GIVEN} {FAMILY}"),
        "function": {"de": "Stadt Essen"},
    })));
    store.update(&mut speaker_event).await.unwrap();

    let mut advocacy = store
        .list::<AdvocacyAction>(&ListQuery::new(forum, Access::Staff))
        .await
        .unwrap()
        .remove(0);
    advocacy
        .authors
        .push(from_json(json!({"person": person.id})));
    store.update(&mut advocacy).await.unwrap();

    let collection = store
        .list::<Collection>(&ListQuery::new(forum, Access::Staff))
        .await
        .unwrap()
        .remove(0);
    let mut entry: Entry = from_json(json!({
        "collection": collection.id, "kind": "note",
        "title": {"de": "Erfahrungen aus Essen"}, "body": {"de": "Unsere Sicherheitsaudits 2022."},
        "author": person.id,
    }));
    entry.forum = forum.clone();
    store.insert(&entry).await.unwrap();

    let mut user = users::add_user(
        &urbis_app::App::new(store.clone()),
        EMAIL,
        &format!("{GIVEN} {FAMILY}"),
        Lang::De,
    )
    .await
    .unwrap();
    user.person = Some(person.id.clone());
    store.update_user(&mut user).await.unwrap();
    users::set_password(&urbis_app::App::new(store.clone()), &mut user, PASSWORD)
        .await
        .unwrap();
    // She follows a collection and, under her address in capitals, a funding call's deadlines.
    store
        .set_following(&user.id, &collection.id, true, Timestamp::now())
        .await
        .unwrap();
    let call = store
        .list::<FundingCall>(&ListQuery::new(forum, Access::Public))
        .await
        .unwrap()
        .remove(0);
    store
        .subscribe_deadlines(
            forum,
            &call.id,
            &EMAIL.to_uppercase(),
            Lang::De,
            "a-deadline-token",
            Timestamp::now(),
        )
        .await
        .unwrap();
    let token = login::login(
        &urbis_app::App::new(store.clone()),
        EMAIL,
        PASSWORD,
        None,
        None,
        Timestamp::now(),
    )
    .await
    .unwrap()
    .token;
    store
        .enqueue_mail(&OutgoingMail {
            id: Id::new(),
            forum: Some(forum.clone()),
            recipient: EMAIL.into(),
            language: Lang::De,
            subject: "Ihre Anmeldung".into(),
            text_body: format!("Guten Tag {GIVEN} {FAMILY}"),
            html_body: format!("<p>Guten Tag {GIVEN} {FAMILY}</p>"),
            attachments: Vec::new(),
            dedupe_key: None,
            not_before: None,
        })
        .await
        .unwrap();
    Someone {
        person: person.id,
        user: user.id,
        token,
        appointment: appointment.id,
        entry: entry.id,
        speaker_event: speaker_event.id,
        advocacy: advocacy.id,
    }
}

/// True when the text holds any trace of the person: names, address, phone.
fn traces(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    [GIVEN, FAMILY, EMAIL, PHONE, "zwanziger"]
        .into_iter()
        .filter(|t| lower.contains(&t.to_lowercase()))
        .collect()
}

async fn consent_history_is_kept(db: TestDb) {
    let (store, forum) = demo(&db).await;
    let mut person: Person = from_json(json!({"given_name": "Jana", "family_name": "Koch"}));
    person.forum = forum.clone();
    store.insert(&person).await.unwrap();
    let may: Timestamp = "2026-05-03T09:00:00Z".parse().unwrap();
    let june: Timestamp = "2026-06-01T12:30:00Z".parse().unwrap();
    let first = privacy::record_consent(
        &urbis_app::App::new(store.clone()),
        &person.id,
        " photos ",
        true,
        "registration form",
        may,
    )
    .await
    .unwrap();
    assert_eq!(first.consents.len(), 1);
    assert_eq!(first.consents[0].purpose, "photos", "trimmed");
    privacy::record_consent(
        &urbis_app::App::new(store.clone()),
        &person.id,
        "Photos",
        false,
        "email of 1 June",
        june,
    )
    .await
    .unwrap();
    privacy::record_consent(
        &urbis_app::App::new(store.clone()),
        &person.id,
        "newsletter",
        true,
        "web form",
        june,
    )
    .await
    .unwrap();
    let stored: Person = store.get(&person.id).await.unwrap();
    assert_eq!(stored.consents.len(), 3, "history is kept");
    assert_eq!(
        stored.consents[0], first.consents[0],
        "old records are never changed"
    );
    assert!(stored.consents[0].given && !stored.consents[1].given);
    assert_eq!(stored.consents[1].how.as_deref(), Some("email of 1 June"));
    assert_eq!(stored.consents[1].at, june);
    let current = privacy::current_consents(&stored);
    assert!(!current["photos"].given, "the withdrawal counts");
    assert!(current["newsletter"].given);
    let audit = store.audit_of(&person.id).await.unwrap();
    assert_eq!(audit.len(), 4, "each consent is a change in the audit log");
}

async fn personal_data_holds_everything_but_secrets(db: TestDb) {
    let (store, forum) = demo(&db).await;
    let it = someone(&store, &forum).await;
    let secret = urbis_app::accounts::second_factor::new_secret();
    store
        .set_totp_secret(&it.user, Some(&secret))
        .await
        .unwrap();
    let data = privacy::personal_data(&urbis_app::App::new(store.clone()), &it.person)
        .await
        .unwrap();
    let text = data.to_string();
    assert_eq!(data["format"], "urbis-personal-data");
    assert_eq!(data["person"]["family_name"], FAMILY);
    assert_eq!(data["person"]["phone"], PHONE);
    assert_eq!(data["organisation"]["name"]["de"], "Stadt Essen");
    assert_eq!(data["forum"]["short_name"], "DEFUS");
    assert_eq!(data["consents"][0]["purpose"], "newsletter");
    assert_eq!(data["appointments"][0]["id"], it.appointment.as_str());
    assert_eq!(data["appointments"][0]["role"], "board_member");
    let registrations = data["registrations"].as_array().unwrap();
    assert_eq!(registrations.len(), 3);
    assert!(
        registrations
            .iter()
            .all(|r| r["event"]["title"]["de"].is_string()),
        "{registrations:?}"
    );
    assert_eq!(data["guest_registrations"][0]["guest"]["email"], EMAIL);
    assert_eq!(data["authored_entries"][0]["id"], it.entry.as_str());
    let named: Vec<(&str, &str)> = data["named_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["kind"].as_str().unwrap(), n["id"].as_str().unwrap()))
        .collect();
    assert!(
        named.contains(&("event", it.speaker_event.as_str())),
        "{named:?}"
    );
    assert!(
        named.contains(&("advocacy_action", it.advocacy.as_str())),
        "{named:?}"
    );
    let account = &data["accounts"][0];
    assert_eq!(account["email"], EMAIL);
    assert_eq!(account["password_set"], true);
    assert_eq!(account["second_factor"], true);
    assert_eq!(data["mail"][0]["subject"], "Ihre Anmeldung");
    assert_eq!(data["deadline_subscriptions"].as_array().unwrap().len(), 1);
    assert_eq!(
        data["deadline_subscriptions"][0]["confirmed"],
        serde_json::Value::Null
    );
    assert!(
        !text.contains("a-deadline-token"),
        "the secret link stays out"
    );
    assert_eq!(account["followed_collections"].as_array().unwrap().len(), 1);
    assert!(
        data["audit"].as_array().unwrap().len() >= 5,
        "the person's and their registrations' changes"
    );
    let hash = store
        .secrets(&it.user)
        .await
        .unwrap()
        .password_hash
        .unwrap();
    for secret in [
        hash.as_str(),
        secret.as_str(),
        "$argon2",
        "password_hash",
        "totp_secret",
    ] {
        assert!(
            !text.contains(secret),
            "the export holds a secret: {secret}"
        );
    }
    let again = privacy::personal_data(&urbis_app::App::new(store.clone()), &it.person)
        .await
        .unwrap();
    assert_eq!(
        again.to_string(),
        text,
        "the same data gives the same document"
    );

    // A user without a person record gets their account and guest registrations.
    let mut guest_user = users::add_user(
        &urbis_app::App::new(store.clone()),
        "gast@example.org",
        "Gerd Gast",
        Lang::De,
    )
    .await
    .unwrap();
    users::set_password(
        &urbis_app::App::new(store.clone()),
        &mut guest_user,
        PASSWORD,
    )
    .await
    .unwrap();
    let event = &events(&store, &forum).await[5];
    store
        .insert(&guest(event, "Gerd Gast", "Gast@Example.org"))
        .await
        .unwrap();
    let data = privacy::personal_data_for_user(&urbis_app::App::new(store.clone()), &guest_user.id)
        .await
        .unwrap();
    assert_eq!(data["person"], serde_json::Value::Null);
    assert_eq!(data["accounts"][0]["email"], "gast@example.org");
    assert_eq!(data["guest_registrations"].as_array().unwrap().len(), 1);
    assert_eq!(
        data["guest_registrations"][0]["event"]["id"],
        event.id.as_str()
    );
    assert!(!data.to_string().contains("$argon2"));
    let linked = privacy::personal_data_for_user(&urbis_app::App::new(store.clone()), &it.user)
        .await
        .unwrap();
    assert_eq!(
        linked["person"]["id"],
        it.person.as_str(),
        "a user with a person record gets it all"
    );
}

async fn erasure_leaves_no_trace_and_keeps_the_figures(db: TestDb) {
    let (store, forum) = demo(&db).await;
    let it = someone(&store, &forum).await;
    let before = figures(&store).await;
    assert!(
        !traces(&export(&store).await).is_empty(),
        "the fixture leaves traces to erase"
    );

    let preview = privacy::preview_erasure(&urbis_app::App::new(store.clone()), &it.person)
        .await
        .unwrap();
    assert_eq!(preview.registrations, 3);
    assert_eq!(preview.guest_registrations, 1);
    assert_eq!(preview.accounts, 1);
    assert_eq!(preview.mails, 1);
    assert_eq!(preview.deadline_subscriptions, 1);
    assert!(preview.audit_entries >= 5, "{preview:?}");
    assert!(
        !traces(&export(&store).await).is_empty(),
        "a preview changes nothing"
    );

    let office = Id::new();
    let report = privacy::erase_person(
        &urbis_app::App::new(store.clone()),
        &it.person,
        Some(&office),
    )
    .await
    .unwrap();
    assert!(!report.already_erased);
    assert_eq!((report.registrations, report.guest_registrations), (3, 1));
    assert_eq!(
        report.references_kept, 4,
        "appointment, entry, event, advocacy action"
    );
    assert_eq!(
        report.contributors, 1,
        "the speaker's name beside the reference"
    );
    assert_eq!(report.sessions, 1);
    assert_eq!(report.mails, 1);
    assert_eq!(report.deadline_subscriptions, 1);
    assert!(report.mentions.is_empty(), "{:?}", report.mentions);
    assert!(
        store
            .deadline_subscriptions_of(EMAIL)
            .await
            .unwrap()
            .is_empty(),
        "no reminder reaches the erased address"
    );
    assert!(
        store
            .followed_collections(&it.user)
            .await
            .unwrap()
            .is_empty(),
        "the account follows nothing any more"
    );

    let after = export(&store).await;
    assert_eq!(
        traces(&after),
        Vec::<&str>::new(),
        "the export keeps traces"
    );
    assert_eq!(
        figures(&store).await,
        before,
        "every event keeps its registrations and statuses"
    );

    let person: Person = store.get(&it.person).await.unwrap();
    assert_eq!(
        (person.given_name.as_str(), person.family_name.as_str()),
        (ERASED, ERASED)
    );
    assert_eq!(
        (
            person.email.as_ref(),
            person.phone.as_ref(),
            person.title.as_ref()
        ),
        (None, None, None)
    );
    assert!(person.function.is_none());
    assert_eq!(person.consents.len(), 1);
    assert_eq!(person.consents[0].purpose, privacy::ERASURE_PURPOSE);
    assert!(
        person.consents[0]
            .how
            .as_deref()
            .unwrap()
            .contains(office.as_str())
    );
    assert!(privacy::is_erased(&person));

    // The references stay, pointing to the anonymous record.
    let appointment: Appointment = store.get(&it.appointment).await.unwrap();
    assert_eq!(appointment.person, it.person);
    let event: Event = store.get(&it.speaker_event).await.unwrap();
    let speaker = event
        .speakers
        .iter()
        .find(|s| s.person.as_ref() == Some(&it.person))
        .unwrap();
    assert!(speaker.name.is_none());
    let entry: Entry = store.get(&it.entry).await.unwrap();
    assert_eq!(entry.author.as_ref(), Some(&it.person));
    assert!(
        store
            .registrations_of_person(&it.person)
            .await
            .unwrap()
            .is_empty()
    );

    // Registrations are anonymous and valid.
    let anonymous: Vec<Registration> = store
        .list::<Registration>(&ListQuery::everything())
        .await
        .unwrap();
    assert_eq!(anonymous.len(), 4);
    for registration in &anonymous {
        let guest = registration.guest.as_ref().unwrap();
        assert_eq!(guest.name, ERASED);
        assert!(urbis_store::is_anonymous_guest(guest), "{guest:?}");
        assert!(registration.check().is_ok());
    }

    // The audit log holds the erasure, by the office, and no personal value.
    let audit = store.audit_of(&it.person).await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.actor.as_ref(), Some(&office));
    assert!(serde_json::to_string(&audit).unwrap().contains(ERASED));
    for entry in audit {
        assert!(
            traces(&serde_json::to_string(&entry).unwrap()).is_empty(),
            "{entry:?}"
        );
    }

    // The account is gone for good.
    let error = login::login(
        &urbis_app::App::new(store.clone()),
        EMAIL,
        PASSWORD,
        None,
        None,
        Timestamp::now(),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, AppError::WrongCredentials), "{error:?}");
    assert!(
        login::session_user(
            &urbis_app::App::new(store.clone()),
            &it.token,
            Timestamp::now()
        )
        .await
        .unwrap()
        .is_none()
    );
    assert!(store.user_by_email(EMAIL).await.unwrap().is_none());
    let user = store.user(&it.user).await.unwrap().unwrap();
    assert_eq!(user.email, urbis_store::erased_email(&it.user));
    assert_eq!(user.status, urbis_domain::accounts::UserStatus::Disabled);
    assert!(
        store
            .secrets(&it.user)
            .await
            .unwrap()
            .password_hash
            .is_none()
    );
    assert_eq!(store.outbox_len().await.unwrap(), 0);

    let data = privacy::personal_data(&urbis_app::App::new(store.clone()), &it.person)
        .await
        .unwrap();
    assert!(traces(&data.to_string()).is_empty());

    // Erasing again is harmless and changes nothing.
    let again = privacy::erase_person(&urbis_app::App::new(store.clone()), &it.person, None)
        .await
        .unwrap();
    assert!(again.already_erased);
    assert_eq!(
        (
            again.registrations,
            again.guest_registrations,
            again.accounts
        ),
        (0, 0, 0)
    );
    assert_eq!(export(&store).await, after);
}

async fn erasure_names_prose_it_cannot_rewrite(db: TestDb) {
    let (store, forum) = demo(&db).await;
    let it = someone(&store, &forum).await;
    let mut event = events(&store, &forum).await.remove(6);
    event.description = Some(urbis_domain::Text::new(
        Lang::De,
        format!("Mit einem Vortrag von {GIVEN} {FAMILY}."),
    ));
    store.update(&mut event).await.unwrap();
    let preview = privacy::preview_erasure(&urbis_app::App::new(store.clone()), &it.person)
        .await
        .unwrap();
    assert_eq!(
        preview.mentions,
        vec![(urbis_domain::Kind::Event, event.id.clone())]
    );
    let data = privacy::personal_data(&urbis_app::App::new(store.clone()), &it.person)
        .await
        .unwrap();
    let mentioned: Vec<&str> = data["mentioned_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(mentioned.contains(&event.id.as_str()), "{mentioned:?}");
    assert!(
        mentioned.contains(&it.speaker_event.as_str()),
        "the speaker's name is text too"
    );
    let report = privacy::erase_person(&urbis_app::App::new(store.clone()), &it.person, None)
        .await
        .unwrap();
    assert_eq!(
        report.mentions, preview.mentions,
        "the office is told where to look"
    );
    let kept: Event = store.get(&event.id).await.unwrap();
    assert_eq!(
        kept.description, event.description,
        "prose is not rewritten behind anyone's back"
    );
}

async fn retention_anonymises_old_guests_only(db: TestDb) {
    let (store, forum) = demo(&db).await;
    let now: Timestamp = "2026-03-20T12:00:00Z".parse().unwrap();
    let older_than = privacy::retention_period(30).unwrap();
    // The cut-off is 2026-02-18 12:00 UTC (13:00 in Berlin).
    let mut old_guests = Vec::new();
    let mut kept_guests = Vec::new();
    let demo_event = events(&store, &forum).await.remove(0);
    for (start, end, over) in [
        ("2026-02", None, false), // known only to the month: over at the end of February
        ("2026-02-01", None, true),
        ("2026-02-18T10:00", None, true),  // 09:00 UTC
        ("2026-02-18T14:00", None, false), // 13:00 UTC, after the cut-off
        ("2026-02-10", Some("2026-02-20"), false),
        ("2026-01", Some("2026-02-17"), true),
        ("2026-03-19", None, false),
    ] {
        let mut event: Event = from_json(json!({
            "kind": "seminar", "title": {"de": format!("Seminar {start}")}, "start": start,
            "end": end, "status": "held",
        }));
        event.forum = forum.clone();
        store.insert(&event).await.unwrap();
        let registration = guest(&event, "Gustav Gast", "gustav@example.org");
        store.insert(&registration).await.unwrap();
        if over {
            old_guests.push(registration.id);
        } else {
            kept_guests.push(registration.id);
        }
    }
    let member: Person = store
        .list(&ListQuery::new(&forum, Access::Staff))
        .await
        .unwrap()
        .remove(0);
    let mut registered: Registration = from_json(json!({
        "event": demo_event.id, "person": member.id, "status": "attended"
    }));
    registered.forum = forum.clone();
    store.insert(&registered).await.unwrap();
    let old_demo_guest = guest(&demo_event, "Greta Gast", "greta@example.org");
    store.insert(&old_demo_guest).await.unwrap();
    old_guests.push(old_demo_guest.id.clone());
    let before = figures(&store).await;

    let done = privacy::apply_retention(
        &urbis_app::App::new(store.clone()),
        Some(&forum),
        older_than,
        now,
    )
    .await
    .unwrap();
    assert_eq!(done, old_guests.len());
    for id in &old_guests {
        let registration: Registration = store.get(id).await.unwrap();
        let guest = registration.guest.unwrap();
        assert!(urbis_store::is_anonymous_guest(&guest), "{guest:?}");
        assert_eq!(registration.status, RegistrationStatus::Confirmed);
        let audit = serde_json::to_string(&store.audit_of(id).await.unwrap()).unwrap();
        assert!(
            !audit.contains("example.org") && !audit.contains("Gast"),
            "{audit}"
        );
    }
    for id in &kept_guests {
        let registration: Registration = store.get(id).await.unwrap();
        assert_eq!(registration.guest.unwrap().email, "gustav@example.org");
        assert!(
            store.audit_of(id).await.unwrap()[0]
                .changes
                .iter()
                .any(|c| c.new.to_string().contains("gustav"))
        );
    }
    let person_registration: Registration = store.get(&registered.id).await.unwrap();
    assert_eq!(
        person_registration.person.as_ref(),
        Some(&member.id),
        "people are not guests"
    );
    assert_eq!(figures(&store).await, before, "counts stay right");
    assert!(!export(&store).await.contains("greta@example.org"));
    assert_eq!(
        privacy::apply_retention(
            &urbis_app::App::new(store.clone()),
            Some(&forum),
            older_than,
            now
        )
        .await
        .unwrap(),
        0,
        "running again finds nothing"
    );
    let other_forum = store
        .forums()
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.id != forum)
        .unwrap();
    let later = "2027-12-01T00:00:00Z".parse().unwrap();
    assert_eq!(
        privacy::apply_retention(
            &urbis_app::App::new(store.clone()),
            Some(&other_forum.id),
            older_than,
            later
        )
        .await
        .unwrap(),
        0,
        "another forum's guests are not this forum's"
    );
    assert_eq!(
        privacy::apply_retention(&urbis_app::App::new(store.clone()), None, older_than, later)
            .await
            .unwrap(),
        kept_guests.len(),
        "in time every guest's data goes"
    );
    assert_eq!(figures(&store).await, before);
}

async fn bad_input_changes_nothing(db: TestDb) {
    let (store, forum) = demo(&db).await;
    let it = someone(&store, &forum).await;
    let before = export(&store).await;
    let nobody = Id::new();

    let error = privacy::record_consent(
        &urbis_app::App::new(store.clone()),
        &nobody,
        "newsletter",
        true,
        "form",
        Timestamp::now(),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, AppError::NotFound { .. }), "{error:?}");
    assert_eq!(error.to_string(), format!("no person with id {nobody}"));
    for (purpose, how, expected) in [
        ("  ", "form", "purpose: must not be empty"),
        ("erasure", "form", "purpose: `erasure` is kept"),
        ("news\nletter", "form", "purpose: must be one line"),
        ("newsletter", " ", "how: must say how"),
    ] {
        let error = privacy::record_consent(
            &urbis_app::App::new(store.clone()),
            &it.person,
            purpose,
            true,
            how,
            Timestamp::now(),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, AppError::Invalid(_)), "{error:?}");
        assert!(error.to_string().contains(expected), "{purpose:?}: {error}");
    }
    let future = Timestamp::now()
        .checked_add(SignedDuration::from_hours(48))
        .unwrap();
    let error = privacy::record_consent(
        &urbis_app::App::new(store.clone()),
        &it.person,
        "photos",
        true,
        "form",
        future,
    )
    .await
    .unwrap_err();
    assert!(
        error.to_string().contains("at: must not be in the future"),
        "{error}"
    );

    let error = privacy::erase_person(&urbis_app::App::new(store.clone()), &nobody, None)
        .await
        .unwrap_err();
    assert_eq!(error.to_string(), format!("no person with id {nobody}"));
    let error = privacy::personal_data(&urbis_app::App::new(store.clone()), &nobody)
        .await
        .unwrap_err();
    assert_eq!(error.to_string(), format!("no person with id {nobody}"));
    let error = privacy::personal_data_for_user(&urbis_app::App::new(store.clone()), &nobody)
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("there is no account with id {nobody}")
    );
    for days in [-1, 36_501] {
        assert!(privacy::retention_period(days).is_err());
    }
    let error = privacy::apply_retention(
        &urbis_app::App::new(store.clone()),
        None,
        SignedDuration::from_hours(-1),
        Timestamp::now(),
    )
    .await
    .unwrap_err();
    assert!(
        error.to_string().contains("must not be negative"),
        "{error}"
    );
    assert_eq!(export(&store).await, before, "nothing changed");

    // An erasure is all or nothing: a write that fails half-way undoes the ones before it, and
    // a registration added after the plan was made stops it before anything is written.
    let mut person: Person = store.get(&it.person).await.unwrap();
    person.given_name = ERASED.into();
    person.family_name = ERASED.into();
    let mut ghost = store.registrations_of_person(&it.person).await.unwrap();
    let mut missing = ghost[0].clone();
    missing.id = Id::new();
    ghost.push(missing);
    let half = urbis_store::Anonymisation {
        people: vec![person.clone()],
        registrations: ghost,
        audit_records: vec![it.person.clone()],
        needles: vec![EMAIL.into()],
        ..Default::default()
    };
    let error = store.anonymise(&half).await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound { .. }), "{error:?}");
    let stale = urbis_store::Anonymisation {
        person: Some(it.person.clone()),
        people: vec![person],
        ..Default::default()
    };
    let error = store.anonymise(&stale).await.unwrap_err();
    assert!(error.to_string().contains("added meanwhile"), "{error}");
    assert_eq!(export(&store).await, before, "nothing changed");

    // An erased person takes no more consent.
    privacy::erase_person(&urbis_app::App::new(store.clone()), &it.person, None)
        .await
        .unwrap();
    let erased = export(&store).await;
    let error = privacy::record_consent(
        &urbis_app::App::new(store.clone()),
        &it.person,
        "photos",
        true,
        "form",
        Timestamp::now(),
    )
    .await
    .unwrap_err();
    assert!(error.to_string().contains("was erased"), "{error}");
    assert_eq!(export(&store).await, erased);
}

async fn an_unconfirmed_guest_registration_is_exported_and_erased(db: TestDb) {
    use urbis_app::events::{self, Registrant, Site};
    let (store, forum) = demo(&db).await;
    let mut person: Person = from_json(json!({
        "given_name": GIVEN, "family_name": FAMILY, "email": EMAIL, "language": "de",
    }));
    person.forum = forum.clone();
    store.insert(&person).await.unwrap();
    let mut event: Event = from_json(json!({
        "kind": "webinar", "title": "Offenes Webinar", "start": "2099-03-02", "status": "planned",
        "access": "public", "capacity": 10, "registration": {"confirm_guests": true},
    }));
    event.forum = forum.clone();
    store.insert(&event).await.unwrap();
    let site = Site {
        base_url: "https://urbis.example.org",
        calendar_host: None,
    };
    let who = Registrant::Guest {
        name: format!("{GIVEN} {FAMILY}"),
        email: EMAIL.to_uppercase(),
        organisation: None,
        consent: true,
    };
    let now = Timestamp::now();
    let viewer = urbis_domain::policy::Viewer::anonymous();
    let registered = events::register(
        &urbis_app::App::new(store.clone()),
        &viewer,
        &event.id,
        who,
        Lang::De,
        now,
        &site,
    )
    .await
    .unwrap();
    assert_eq!(
        registered.registration.status,
        RegistrationStatus::Unconfirmed
    );

    let data = privacy::personal_data(&urbis_app::App::new(store.clone()), &person.id)
        .await
        .unwrap();
    let guests = data["guest_registrations"].as_array().unwrap();
    assert_eq!(guests.len(), 1, "{data:#}");
    assert_eq!(guests[0]["status"], "unconfirmed");

    let report = privacy::erase_person(&urbis_app::App::new(store.clone()), &person.id, None)
        .await
        .unwrap();
    assert_eq!(report.guest_registrations, 1);
    let erased: Registration = store.get(&registered.registration.id).await.unwrap();
    assert!(urbis_store::is_anonymous_guest(
        erased.guest.as_ref().unwrap()
    ));
    // The link of an erased guest seats nobody.
    let token = registered.confirm_token.unwrap();
    let confirmed = events::confirm(
        &urbis_app::App::new(store.clone()),
        &erased.id,
        &token,
        now,
        &site,
    )
    .await;
    assert!(
        matches!(confirmed, Err(AppError::InvalidToken)),
        "{confirmed:?}"
    );
    assert!(
        !export(&store).await.contains(GIVEN),
        "nothing of her is left in the export"
    );
}
