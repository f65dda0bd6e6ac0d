//! The copy of everything stored about a person (the right of access, GDPR art. 15).

use std::collections::BTreeSet;

use serde_json::{Value as Json, json};
use urbis_domain::accounts::{User, normalise_email};
use urbis_domain::events::{Event, Registration};
use urbis_domain::knowledge::Entry;
use urbis_domain::network::{Appointment, Forum, Organisation, Person};
use urbis_domain::{Id, Kind, Record};
use urbis_store::{Store, StoreError, is_erased_email};

use crate::App;
use crate::AppError;

use super::is_erased;
use super::traces::{accounts_of, addresses, full_name, guest_registrations, to_json};

/// The format name of a personal data export.
pub const EXPORT_FORMAT: &str = "urbis-personal-data";

/// A record's JSON with its forum, which the record's own form leaves to the enclosing file.
fn record_json<R: Record>(record: &R) -> Json {
    let mut value = to_json(record);
    if let Some(map) = value.as_object_mut() {
        map.insert("forum".into(), Json::String(record.forum().to_string()));
    }
    value
}

/// The title or name of a record in its JSON form, for lists of records.
fn label(record: &Json) -> Json {
    for key in ["title", "name", "acronym", "slug"] {
        if let Some(value) = record.get(key) {
            return value.clone();
        }
    }
    Json::Null
}

async fn registration_json(store: &Store, registration: &Registration) -> Result<Json, AppError> {
    let mut value = record_json(registration);
    let event = match store.get::<Event>(&registration.event).await {
        Ok(event) => json!({
            "id": event.id,
            "title": event.title,
            "start": event.start,
            "end": event.end,
        }),
        Err(StoreError::NotFound { .. }) => Json::Null,
        Err(error) => return Err(error.into()),
    };
    if let Some(map) = value.as_object_mut() {
        map.insert("event".into(), event);
    }
    Ok(value)
}

async fn registrations_json(
    store: &Store,
    registrations: &[Registration],
) -> Result<Json, AppError> {
    let mut list = Vec::with_capacity(registrations.len());
    for registration in registrations {
        list.push(registration_json(store, registration).await?);
    }
    Ok(Json::Array(list))
}

/// An account as the person may see it: everything but its secrets, and whether they are set.
async fn account_json(store: &Store, user: &User) -> Result<Json, AppError> {
    let secrets = store.secrets(&user.id).await?;
    let mut value = to_json(user);
    if let Some(map) = value.as_object_mut() {
        map.insert(
            "password_set".into(),
            secrets.password_hash.is_some().into(),
        );
        map.insert("second_factor".into(), secrets.totp_secret.is_some().into());
        map.insert(
            "changes_made".into(),
            to_json(&store.audit_by_actor(&user.id).await?),
        );
        map.insert(
            "followed_collections".into(),
            to_json(&store.followed_collections(&user.id).await?),
        );
    }
    Ok(value)
}

async fn mail_json(store: &Store, emails: &[String]) -> Result<Json, AppError> {
    let mut list = Vec::new();
    let mut seen = BTreeSet::new();
    for email in emails {
        for queued in store.mail_to(email).await? {
            if seen.insert(queued.mail.id.clone()) {
                list.push(json!({
                    "id": queued.mail.id,
                    "recipient": queued.mail.recipient,
                    "subject": queued.mail.subject,
                    "text": queued.mail.text_body,
                    "status": queued.status.as_str(),
                    "queued": queued.created_at,
                    "sent": queued.sent_at,
                }));
            }
        }
    }
    Ok(Json::Array(list))
}

/// The deadline reminder subscriptions made with the addresses (without their secret links).
async fn deadline_subscriptions_json(store: &Store, emails: &[String]) -> Result<Json, AppError> {
    let mut list = Vec::new();
    for email in emails {
        for subscription in store.deadline_subscriptions_of(email).await? {
            list.push(json!({
                "funding_call": subscription.call,
                "forum": subscription.forum,
                "email": subscription.email,
                "language": subscription.language.code(),
                "confirmed": subscription.confirmed,
            }));
        }
    }
    Ok(Json::Array(list))
}

async fn mentions_json(store: &Store, person: &Person) -> Result<Json, AppError> {
    if is_erased(person) {
        return Ok(Json::Array(Vec::new()));
    }
    let mut list = Vec::new();
    for (kind, id) in store.mentions(&full_name(person)).await? {
        if kind == Kind::Person && id == person.id {
            continue;
        }
        let title = store
            .record_json(kind, &id)
            .await?
            .map_or(Json::Null, |r| label(&r));
        list.push(json!({"kind": kind, "id": id, "title": title}));
    }
    Ok(Json::Array(list))
}

fn audit_json(mut entries: Vec<urbis_domain::audit::AuditEntry>) -> Json {
    entries.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    entries.dedup_by(|a, b| a.id == b.id);
    to_json(&entries)
}

/// The parts every personal data export has, in a stable order of keys.
fn export_document(parts: Vec<(&str, Json)>) -> Json {
    let mut document = serde_json::Map::new();
    document.insert("format".into(), EXPORT_FORMAT.into());
    document.insert("version".into(), 1.into());
    for key in [
        "person",
        "forum",
        "organisation",
        "consents",
        "appointments",
        "registrations",
        "guest_registrations",
        "authored_entries",
        "named_in",
        "mentioned_in",
        "accounts",
        "mail",
        "deadline_subscriptions",
        "audit",
    ] {
        let empty = match key {
            "person" | "forum" | "organisation" => Json::Null,
            _ => Json::Array(Vec::new()),
        };
        document.insert(key.into(), empty);
    }
    for (key, value) in parts {
        document.insert(key.into(), value);
    }
    Json::Object(document)
}

/// Everything stored about a person, as one JSON document (the right of access, GDPR art. 15):
/// the person record, their organisation, consents, appointments, registrations (with their
/// events), guest registrations made with their addresses, entries they wrote, records that
/// name them, records whose text mentions their name, their accounts (without secrets, with
/// the collections they follow), the mail sent to them, their deadline reminder subscriptions
/// and the audit log of their records. Keys are in a stable order.
pub async fn personal_data(app: &App, person_id: &Id) -> Result<Json, AppError> {
    let store = app.store();
    let person: Person = store.get(person_id).await?;
    let forum: Forum = store.get(&person.forum).await?;
    let organisation = match &person.organisation {
        Some(id) => match store.get::<Organisation>(id).await {
            Ok(org) => json!({"id": org.id, "name": org.name, "short_name": org.short_name}),
            Err(StoreError::NotFound { .. }) => Json::Null,
            Err(error) => return Err(error.into()),
        },
        None => Json::Null,
    };
    let mut appointments = Vec::new();
    let mut authored = Vec::new();
    let mut named = Vec::new();
    for (kind, id, field) in store.referrers(person_id).await? {
        match kind {
            Kind::Appointment => {
                appointments.push(record_json(&store.get::<Appointment>(&id).await?));
            }
            Kind::Registration => {}
            Kind::Entry if field == "author" => {
                authored.push(record_json(&store.get::<Entry>(&id).await?));
            }
            _ => {
                let title = store
                    .record_json(kind, &id)
                    .await?
                    .map_or(Json::Null, |r| label(&r));
                named.push(json!({"kind": kind, "id": id, "field": field, "title": title}));
            }
        }
    }
    let registrations = store.registrations_of_person(person_id).await?;
    let users = accounts_of(store, &person).await?;
    let emails = addresses(&person, &users);
    let guests = guest_registrations(store, &emails).await?;
    let mut accounts = Vec::new();
    for user in &users {
        accounts.push(account_json(store, user).await?);
    }
    let mut audit = store.audit_of(person_id).await?;
    for registration in registrations.iter().chain(&guests) {
        audit.extend(store.audit_of(&registration.id).await?);
    }
    let mut consents = person.consents.clone();
    consents.sort_by_key(|c| c.at);
    let mut record = record_json(&person);
    if let Some(map) = record.as_object_mut() {
        map.remove("consents");
    }
    Ok(export_document(vec![
        ("person", record),
        (
            "forum",
            json!({"id": forum.id, "short_name": forum.short_name, "name": forum.name}),
        ),
        ("organisation", organisation),
        ("consents", to_json(&consents)),
        ("appointments", Json::Array(appointments)),
        (
            "registrations",
            registrations_json(store, &registrations).await?,
        ),
        (
            "guest_registrations",
            registrations_json(store, &guests).await?,
        ),
        ("authored_entries", Json::Array(authored)),
        ("named_in", Json::Array(named)),
        ("mentioned_in", mentions_json(store, &person).await?),
        ("accounts", Json::Array(accounts)),
        ("mail", mail_json(store, &emails).await?),
        (
            "deadline_subscriptions",
            deadline_subscriptions_json(store, &emails).await?,
        ),
        ("audit", audit_json(audit)),
    ]))
}

/// Everything stored about a logged-in user: their person record's export when they have one,
/// else their account, the guest registrations made with its address, and their mail.
pub async fn personal_data_for_user(app: &App, user_id: &Id) -> Result<Json, AppError> {
    let store = app.store();
    let user = store
        .user(user_id)
        .await?
        .ok_or_else(|| AppError::UnknownUser {
            id: user_id.clone(),
        })?;
    if let Some(person) = &user.person {
        match personal_data(app, person).await {
            Err(AppError::NotFound { .. }) => {}
            other => return other,
        }
    }
    let emails: Vec<String> = [normalise_email(&user.email)]
        .into_iter()
        .filter(|e| !is_erased_email(e))
        .collect();
    let guests = guest_registrations(store, &emails).await?;
    let mut audit = Vec::new();
    for registration in &guests {
        audit.extend(store.audit_of(&registration.id).await?);
    }
    Ok(export_document(vec![
        (
            "guest_registrations",
            registrations_json(store, &guests).await?,
        ),
        (
            "accounts",
            Json::Array(vec![account_json(store, &user).await?]),
        ),
        ("mail", mail_json(store, &emails).await?),
        (
            "deadline_subscriptions",
            deadline_subscriptions_json(store, &emails).await?,
        ),
        ("audit", audit_json(audit)),
    ]))
}
