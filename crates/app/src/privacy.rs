//! Data protection (GDPR): consent records per person and purpose, a copy of everything stored
//! about a person, erasure that anonymises a person everywhere while the figures (registrations
//! per event) stay right, and the retention rule for the data of guests.
//!
//! The functions trust their caller: the command line runs as the operator, and the web asks
//! [`may_handle_personal_data`] first.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};
use serde_json::{Value as Json, json};
use urbis_domain::accounts::{ForumRole, User, UserStatus, normalise_email};
use urbis_domain::advocacy::AdvocacyAction;
use urbis_domain::date::Precision;
use urbis_domain::events::{Event, Guest, Registration};
use urbis_domain::knowledge::Entry;
use urbis_domain::network::{Appointment, Consent, Forum, Organisation, Person};
use urbis_domain::parts::Contributor;
use urbis_domain::record::now;
use urbis_domain::{Id, Kind, Problems, Record, Viewer};
use urbis_store::{
    Anonymisation, Store, StoreError, erased_email, is_anonymous_guest, is_erased_email,
};

pub use urbis_store::ERASED;

use crate::App;
use crate::AppError;

/// The environment variable that sets how long guest data is kept after an event, in days.
pub const RETENTION_ENV: &str = "URBIS_GUEST_RETENTION_DAYS";
/// How long guest data is kept after an event when nothing else is configured: a year, long
/// enough for the annual report and for questions about the event.
pub const DEFAULT_RETENTION_DAYS: i64 = 365;
/// The longest retention period accepted (a hundred years): anything longer is a typing error.
pub const MAX_RETENTION_DAYS: i64 = 36_500;
/// The purpose of the one consent record an erasure leaves: when the data was erased.
pub const ERASURE_PURPOSE: &str = "erasure";
/// The format name of a personal data export.
pub const EXPORT_FORMAT: &str = "urbis-personal-data";

/// May this viewer see, export and erase the personal data of people in a forum? The office
/// only: members never handle other people's data.
pub fn may_handle_personal_data(viewer: &Viewer, forum: &Id) -> bool {
    matches!(
        viewer.role(forum),
        Some(ForumRole::Staff | ForumRole::Admin)
    )
}

/// True once a person's data has been erased.
pub fn is_erased(person: &Person) -> bool {
    person.given_name == ERASED && person.family_name == ERASED
}

// ---------------------------------------------------------------------------------------------
// Consent

/// Checks a consent's purpose and the note on how it was given.
fn check_consent(purpose: &str, how: &str, at: Timestamp, problems: &mut Problems) {
    problems.require_text("purpose", purpose);
    problems.max_len("purpose", purpose, urbis_domain::limits::SHORT);
    if purpose.chars().any(char::is_control) {
        problems.push("purpose", "must be one line of text");
    }
    if purpose.eq_ignore_ascii_case(ERASURE_PURPOSE) {
        problems.push(
            "purpose",
            "`erasure` is kept for the record an erasure leaves; name what the consent is for",
        );
    }
    if how.trim().is_empty() {
        problems.push(
            "how",
            "must say how the consent was given or withdrawn (e.g. \"registration form\")",
        );
    }
    problems.max_len("how", how, urbis_domain::limits::CONSENT_HOW);
    let soon = Timestamp::now()
        .checked_add(SignedDuration::from_mins(5))
        .unwrap_or_else(|_| Timestamp::now());
    if at > soon {
        problems.push("at", "must not be in the future");
    }
}

/// Records that a person gave (`given`) or withdrew consent for a purpose, how and when. The
/// history is kept: earlier records are never changed, the newest per purpose counts.
pub async fn record_consent(
    app: &App,
    person_id: &Id,
    purpose: &str,
    given: bool,
    how: &str,
    at: Timestamp,
) -> Result<Person, AppError> {
    let store = app.store();
    let purpose = purpose.trim();
    let how = how.trim();
    let mut problems = Problems::new();
    check_consent(purpose, how, at, &mut problems);
    problems.into_result()?;
    let mut person: Person = store.get(person_id).await?;
    if is_erased(&person) {
        let mut problems = Problems::new();
        problems.push(
            "person",
            "this person's data was erased; there is no one to record consent for",
        );
        return Err(problems.into());
    }
    person.consents.push(Consent {
        purpose: purpose.to_owned(),
        given,
        at: Timestamp::from_microsecond(at.as_microsecond()).unwrap_or(at),
        how: Some(how.to_owned()),
    });
    store.update(&mut person).await?;
    Ok(person)
}

/// The consent that counts for each purpose: the newest record (by time, then by order of
/// recording), the purposes compared without case.
pub fn current_consents(person: &Person) -> BTreeMap<String, &Consent> {
    let mut current: BTreeMap<String, &Consent> = BTreeMap::new();
    for consent in &person.consents {
        let key = consent.purpose.trim().to_lowercase();
        match current.get(&key) {
            Some(newer) if newer.at > consent.at => {}
            _ => {
                current.insert(key, consent);
            }
        }
    }
    current
}

// ---------------------------------------------------------------------------------------------
// The copy of everything stored about a person

fn to_json<T: serde::Serialize>(value: &T) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

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

async fn guest_registrations(
    store: &Store,
    emails: &[String],
) -> Result<Vec<Registration>, AppError> {
    let mut found: Vec<Registration> = Vec::new();
    for email in emails {
        for registration in store.guest_registrations_by_email(email).await? {
            if !found.iter().any(|r| r.id == registration.id) {
                found.push(registration);
            }
        }
    }
    found.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    Ok(found)
}

/// The accounts of a person: tied to the record, or using the person's email address.
async fn accounts_of(store: &Store, person: &Person) -> Result<Vec<User>, AppError> {
    let mut users = store.users_of_person(&person.id).await?;
    if let Some(email) = &person.email
        && let Some(user) = store.user_by_email(email).await?
        && user.person.as_ref().is_none_or(|p| p == &person.id)
        && !users.iter().any(|u| u.id == user.id)
    {
        users.push(user);
    }
    users.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(users)
}

/// The addresses of a person and their accounts, normalised, without erased ones.
fn addresses(person: &Person, users: &[User]) -> Vec<String> {
    let mut emails: Vec<String> = person
        .email
        .iter()
        .chain(users.iter().map(|u| &u.email))
        .map(|e| normalise_email(e))
        .filter(|e| !e.is_empty() && !is_erased_email(e))
        .collect();
    emails.sort();
    emails.dedup();
    emails
}

/// The name by which free text may mention a person ("Anna Rau").
fn full_name(person: &Person) -> String {
    format!("{} {}", person.given_name.trim(), person.family_name.trim())
        .trim()
        .to_owned()
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
                appointments.push(record_json(&store.get::<Appointment>(&id).await?))
            }
            Kind::Registration => {}
            Kind::Entry if field == "author" => {
                authored.push(record_json(&store.get::<Entry>(&id).await?))
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

// ---------------------------------------------------------------------------------------------
// Erasure

/// What an erasure did, or (from [`preview_erasure`]) would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErasureReport {
    /// The person.
    pub person: Id,
    /// The person had been erased before; only what was added since is anonymised now.
    pub already_erased: bool,
    /// The person's registrations that become anonymous (and still count).
    pub registrations: usize,
    /// Guest registrations made with the person's addresses that become anonymous.
    pub guest_registrations: usize,
    /// Records that keep referring to the now anonymous person (appointments, speakers,
    /// authors, entries).
    pub references_kept: usize,
    /// Records whose speakers or authors also gave the person's name, which goes.
    pub contributors: usize,
    /// Accounts that are disabled and lose their address.
    pub accounts: usize,
    /// Sessions ended (known only once done).
    pub sessions: u64,
    /// Audit log entries scrubbed of personal data.
    pub audit_entries: usize,
    /// Mails to the person's addresses removed from the outbox.
    pub mails: usize,
    /// Deadline reminder subscriptions of the person's addresses that end.
    pub deadline_subscriptions: usize,
    /// Records whose free text mentions the person's name: the erasure does not rewrite
    /// prose, so the office must look at these by hand.
    pub mentions: Vec<(Kind, Id)>,
}

/// Removes the person's name from speakers and authors that also name the person record.
fn drop_contributor_names(contributors: &mut [Contributor], person: &Id) -> bool {
    let mut changed = false;
    for contributor in contributors {
        if contributor.person.as_ref() == Some(person) && contributor.name.is_some() {
            contributor.name = None;
            changed = true;
        }
    }
    changed
}

fn anonymise_guest(registration: &mut Registration) {
    registration.guest = Some(Guest {
        name: ERASED.to_owned(),
        email: erased_email(&registration.id),
        organisation: None,
    });
    registration.person = None;
    registration.language = None;
    // The consent was given when the guest registered (a guest cannot register without);
    // the anonymous registration keeps it so that it stays a valid record.
    registration.consent = true;
}

async fn plan_erasure(
    store: &Store,
    person_id: &Id,
    actor: Option<&Id>,
) -> Result<(Anonymisation, ErasureReport), AppError> {
    let original: Person = store.get(person_id).await?;
    let already_erased = is_erased(&original);
    let users = accounts_of(store, &original).await?;
    let emails = addresses(&original, &users);
    let mut report = ErasureReport {
        person: person_id.clone(),
        already_erased,
        ..ErasureReport::default()
    };
    let mut work = Anonymisation {
        person: Some(person_id.clone()),
        actor: actor.cloned(),
        emails: emails.clone(),
        ..Anonymisation::default()
    };

    // Texts no audit entry may keep.
    if !already_erased {
        work.needles.push(full_name(&original));
        work.needles.push(original.display_name());
    }
    work.needles.extend(emails.iter().cloned());
    work.needles.extend(original.phone.iter().cloned());
    for user in &users {
        if user.name != ERASED && user.name.split_whitespace().count() >= 2 {
            work.needles.push(user.name.clone());
        }
    }

    // The person record.
    let mut person = original.clone();
    let erasure = original
        .consents
        .iter()
        .find(|c| c.purpose == ERASURE_PURPOSE)
        .cloned()
        .unwrap_or_else(|| Consent {
            purpose: ERASURE_PURPOSE.to_owned(),
            given: false,
            at: now(),
            how: Some(match actor {
                Some(actor) => format!("personal data erased by account {actor}"),
                None => "personal data erased from the command line".to_owned(),
            }),
        });
    person.title = None;
    person.given_name = ERASED.to_owned();
    person.family_name = ERASED.to_owned();
    person.function = None;
    person.email = None;
    person.phone = None;
    person.language = None;
    person.consents = vec![erasure];
    if person != original {
        person.touch();
        work.people.push(person);
    }

    // Registrations: detached from the person and from any guest data, still counting.
    for mut registration in store.registrations_of_person(person_id).await? {
        anonymise_guest(&mut registration);
        registration.touch();
        work.registrations.push(registration);
    }
    report.registrations = work.registrations.len();
    for mut registration in guest_registrations(store, &emails).await? {
        if registration.guest.as_ref().is_some_and(is_anonymous_guest) {
            continue;
        }
        anonymise_guest(&mut registration);
        registration.touch();
        work.registrations.push(registration);
        report.guest_registrations += 1;
    }
    work.audit_records.push(person_id.clone());
    work.audit_records
        .extend(work.registrations.iter().map(|r| r.id.clone()));

    // Records that name the person keep the reference; a name given beside it goes.
    let mut kept = BTreeSet::new();
    for (kind, id, _) in store.referrers(person_id).await? {
        if kind == Kind::Registration || !kept.insert((kind, id.clone())) {
            continue;
        }
        match kind {
            Kind::Event => {
                let mut event: Event = store.get(&id).await?;
                if drop_contributor_names(&mut event.speakers, person_id) {
                    event.touch();
                    work.events.push(event);
                }
            }
            Kind::AdvocacyAction => {
                let mut action: AdvocacyAction = store.get(&id).await?;
                if drop_contributor_names(&mut action.authors, person_id) {
                    action.touch();
                    work.advocacy_actions.push(action);
                }
            }
            _ => {}
        }
    }
    report.references_kept = kept.len();
    report.contributors = work.events.len() + work.advocacy_actions.len();

    // Accounts: disabled, without address, name, roles or secrets.
    for mut user in users {
        if user.status == UserStatus::Disabled
            && is_erased_email(&user.email)
            && user.name == ERASED
        {
            continue;
        }
        user.email = erased_email(&user.id);
        user.name = ERASED.to_owned();
        user.status = UserStatus::Disabled;
        user.grants.clear();
        user.updated = now();
        work.users.push(user);
    }
    report.accounts = work.users.len();

    // Prose that mentions the name is not rewritten; the office is told where it is.
    if !already_erased {
        let name = full_name(&original).to_lowercase();
        for (kind, id) in store.mentions(&full_name(&original)).await? {
            let rewritten =
                match kind {
                    Kind::Person => id == *person_id,
                    Kind::Event => work.events.iter().any(|e| {
                        e.id == id && !to_json(e).to_string().to_lowercase().contains(&name)
                    }),
                    Kind::AdvocacyAction => work.advocacy_actions.iter().any(|a| {
                        a.id == id && !to_json(a).to_string().to_lowercase().contains(&name)
                    }),
                    Kind::Registration => work.registrations.iter().any(|r| r.id == id),
                    _ => false,
                };
            if !rewritten {
                report.mentions.push((kind, id));
            }
        }
    }
    Ok((work, report))
}

/// What [`erase_person`] would do, without doing it.
pub async fn preview_erasure(app: &App, person_id: &Id) -> Result<ErasureReport, AppError> {
    let store = app.store();
    let (work, mut report) = plan_erasure(store, person_id, None).await?;
    report.audit_entries = store.audit_entries_to_scrub(&work).await?;
    for email in &work.emails {
        report.mails += store.mail_to(email).await?.len();
        report.deadline_subscriptions += store.deadline_subscriptions_of(email).await?.len();
    }
    Ok(report)
}

/// Erases a person (GDPR art. 17) in one transaction: the person record keeps only `[erased]`
/// for its names and a record of when it was erased; their registrations become anonymous
/// registrations that still count, so participant figures stay right; guest registrations
/// made with their addresses lose the guest's data; records that name them keep the reference
/// to the now anonymous record; their accounts are disabled, lose address, roles, secrets and
/// sessions; mail to them leaves the outbox; the audit log keeps no personal value. Erasing
/// again is harmless and catches what was added since. `actor` is the account that erases
/// (none for the command line).
pub async fn erase_person(
    app: &App,
    person_id: &Id,
    actor: Option<&Id>,
) -> Result<ErasureReport, AppError> {
    let store = app.store();
    let (work, mut report) = plan_erasure(store, person_id, actor).await?;
    let counts = store.anonymise(&work).await?;
    report.sessions = counts.sessions;
    report.audit_entries = counts.audit_entries;
    report.mails = counts.mails;
    report.deadline_subscriptions =
        usize::try_from(counts.deadline_subscriptions).unwrap_or(usize::MAX);
    tracing::info!(person = %person_id, records = counts.records, "personal data erased");
    Ok(report)
}

// ---------------------------------------------------------------------------------------------
// Retention

/// A retention period of `days` days, checked.
pub fn retention_period(days: i64) -> Result<SignedDuration, AppError> {
    if !(0..=MAX_RETENTION_DAYS).contains(&days) {
        let mut problems = Problems::new();
        problems.push(
            "days",
            format!("must be between 0 and {MAX_RETENTION_DAYS} (days after the event)"),
        );
        return Err(problems.into());
    }
    Ok(SignedDuration::from_hours(days * 24))
}

/// The retention period configured by [`RETENTION_ENV`], else [`DEFAULT_RETENTION_DAYS`].
pub fn configured_retention() -> Result<SignedDuration, AppError> {
    match std::env::var(RETENTION_ENV) {
        Ok(text) if !text.trim().is_empty() => {
            let days = text.trim().parse::<i64>().map_err(|_| {
                let mut problems = Problems::new();
                problems.push(
                    RETENTION_ENV,
                    format!("`{text}` is not a whole number of days"),
                );
                AppError::Invalid(problems)
            })?;
            retention_period(days)
        }
        _ => retention_period(DEFAULT_RETENTION_DAYS),
    }
}

/// The moment an event is over: its end, else its start (plus its length in days when that is
/// known for a start known to the day), each to its precision, in the event's time zone.
pub fn event_over_at(event: &Event) -> Option<Timestamp> {
    let zone = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    if let Some(end) = &event.end {
        return end.end_in(&zone);
    }
    match (event.days, event.start.precision()) {
        (Some(days), Precision::Day | Precision::Minute) if days > 1 => {
            let first = event.start.calendar_day()?;
            let after = first.checked_add(Span::new().days(i64::from(days))).ok()?;
            zone.to_timestamp(after.to_datetime(Time::midnight())).ok()
        }
        _ => event.start.end_in(&zone),
    }
}

/// Anonymises the guest data (name, email, organisation) of registrations for events that were
/// over more than `older_than` before `now`, in one forum or (with `None`) all, in one
/// transaction. The registrations stay, with their status, so participant figures stay right.
/// Returns how many registrations were anonymised.
pub async fn apply_retention(
    app: &App,
    forum: Option<&Id>,
    older_than: SignedDuration,
    now: Timestamp,
) -> Result<usize, AppError> {
    let store = app.store();
    if older_than.is_negative() {
        let mut problems = Problems::new();
        problems.push("days", "the retention period must not be negative");
        return Err(problems.into());
    }
    let cutoff = now.checked_sub(older_than).map_err(|_| {
        let mut problems = Problems::new();
        problems.push("days", "the retention period reaches before any event");
        AppError::Invalid(problems)
    })?;
    // Events that start on or after this local date cannot be over before the cut-off in any
    // time zone; the store narrows by it, the exact end decides below.
    let bound = cutoff
        .to_zoned_datetime(TimeZone::UTC)
        .date()
        .checked_add(Span::new().days(2))
        .map(|d| d.to_string())
        .unwrap_or_else(|_| "9999".to_owned());
    let mut work = Anonymisation::default();
    for (event, mut registration) in store
        .guest_registrations_started_before(forum, &bound)
        .await?
    {
        let Some(guest) = &registration.guest else {
            continue;
        };
        if is_anonymous_guest(guest) || event_over_at(&event).is_none_or(|over| over >= cutoff) {
            continue;
        }
        anonymise_guest(&mut registration);
        registration.touch();
        work.audit_records.push(registration.id.clone());
        work.registrations.push(registration);
    }
    if work.registrations.is_empty() {
        return Ok(0);
    }
    // Only the audit entries of these registrations are scrubbed: the same guest may have
    // registered again for a later event, whose data and mail are still needed.
    let counts = store.anonymise(&work).await?;
    tracing::info!(
        registrations = counts.records,
        "guest data past its retention anonymised"
    );
    Ok(work.registrations.len())
}
