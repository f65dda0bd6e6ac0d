//! Data protection (GDPR) in the store: who refers to a record, a person's registrations and
//! mail, guest data past its retention period, and the one transaction that anonymises —
//! records, the account, and every trace in the audit log — all at once or not at all.

use std::collections::BTreeSet;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use urbis_domain::accounts::{User, normalise_email};
use urbis_domain::advocacy::AdvocacyAction;
use urbis_domain::audit::{AuditEntry, FieldChange};
use urbis_domain::events::{Event, Guest, Registration};
use urbis_domain::network::Person;
use urbis_domain::{Id, Kind, Record};

use crate::audit;
use crate::error::{Result, StoreError};
use crate::mail::QueuedMail;
use crate::records::{ListQuery, from_row, list_rows, update_row};
use crate::store::Store;
use crate::table::{Stored, Value};

/// The marker that takes the place of erased personal data, in records and in the audit log.
/// Deliberately not translated: it is data, not interface text.
pub const ERASED: &str = "[erased]";

/// The address that takes the place of an erased email: unique per record (so unique indexes
/// still hold), valid in form, and never deliverable (`.invalid` is reserved, RFC 2606).
pub fn erased_email(id: &Id) -> String {
    format!("erased-{id}@erased.invalid")
}

/// True for an address made by [`erased_email`].
pub fn is_erased_email(email: &str) -> bool {
    email.starts_with("erased-") && email.ends_with("@erased.invalid")
}

/// True for a guest whose personal data is already gone.
pub fn is_anonymous_guest(guest: &Guest) -> bool {
    guest.name == ERASED && is_erased_email(&guest.email) && guest.organisation.is_none()
}

/// Fields whose values in the audit entries of an erased record are personal through and
/// through, whatever they hold.
const PERSONAL_FIELDS: &[&str] = &[
    "title",
    "given_name",
    "family_name",
    "function",
    "email",
    "phone",
    "language",
    "consents",
    "guest",
    "person",
    "name",
];

/// Everything one erasure or retention run writes, applied by [`Store::anonymise`] in one
/// transaction. The records are the anonymised versions, ready to be stored.
#[derive(Debug, Clone, Default)]
pub struct Anonymisation {
    /// When a person is erased: the person, so that a registration added since the plan was
    /// made is noticed and the whole erasure refused rather than left incomplete.
    pub person: Option<Id>,
    /// People to store.
    pub people: Vec<Person>,
    /// Registrations to store.
    pub registrations: Vec<Registration>,
    /// Events to store (speakers that named the person).
    pub events: Vec<Event>,
    /// Advocacy actions to store (authors that named the person).
    pub advocacy_actions: Vec<AdvocacyAction>,
    /// Accounts to store as given; their secrets, roles, sessions and links are removed.
    pub users: Vec<User>,
    /// Records whose audit entries lose every personal field ([`PERSONAL_FIELDS`]).
    pub audit_records: Vec<Id>,
    /// Texts (names, addresses) that no audit entry may keep: any value containing one
    /// becomes [`ERASED`].
    pub needles: Vec<String>,
    /// Addresses whose mail in the outbox and whose login throttling are deleted.
    pub emails: Vec<String>,
    /// The account that erases, for the audit log; none for the command line.
    pub actor: Option<Id>,
}

/// What [`Store::anonymise`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnonymisationCounts {
    /// Records written.
    pub records: usize,
    /// Accounts disabled.
    pub accounts: usize,
    /// Sessions ended.
    pub sessions: u64,
    /// Audit entries scrubbed.
    pub audit_entries: usize,
    /// Mails deleted from the outbox.
    pub mails: usize,
    /// Deadline reminder subscriptions of the addresses ended.
    pub deadline_subscriptions: u64,
}

fn corrupt(kind: Kind, id: &str, message: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        kind,
        id: id.to_owned(),
        message: message.to_string(),
    }
}

fn user_from_body(body: &str, id: &str) -> Result<User> {
    serde_json::from_str(body).map_err(|e| corrupt(Kind::Person, id, format!("user: {e}")))
}

fn entry_from_row(row: &AnyRow) -> Result<AuditEntry> {
    let id: String = row.try_get(0)?;
    let at: String = row.try_get(1)?;
    let kind: String = row.try_get(3)?;
    let action: String = row.try_get(5)?;
    let changes: String = row.try_get(6)?;
    let bad = |message: String| corrupt(Kind::Forum, &format!("audit entry {id}"), message);
    Ok(AuditEntry {
        at: at.parse().map_err(|e: jiff::Error| bad(e.to_string()))?,
        actor: row.try_get::<Option<String>, _>(2)?.map(Id::from_text),
        kind: Kind::parse(&kind).ok_or_else(|| bad(format!("unknown kind {kind}")))?,
        record: Id::from_text(row.try_get::<String, _>(4)?),
        action: serde_json::from_value(serde_json::Value::String(action))
            .map_err(|e| bad(e.to_string()))?,
        changes: serde_json::from_str::<Vec<FieldChange>>(&changes)
            .map_err(|e| bad(e.to_string()))?,
        id: Id::from_text(id.clone()),
    })
}

/// Replaces every string in `value` that contains one of the (lowercased) needles.
fn scrub_value(value: &mut serde_json::Value, needles: &[String]) -> bool {
    match value {
        serde_json::Value::String(text) => {
            let lower = text.to_lowercase();
            if text != ERASED && needles.iter().any(|n| lower.contains(n.as_str())) {
                *text = ERASED.to_owned();
                true
            } else {
                false
            }
        }
        serde_json::Value::Array(items) => {
            let mut changed = false;
            for item in items {
                changed |= scrub_value(item, needles);
            }
            changed
        }
        serde_json::Value::Object(map) => {
            let mut changed = false;
            for item in map.values_mut() {
                changed |= scrub_value(item, needles);
            }
            changed
        }
        _ => false,
    }
}

/// Scrubs the changes of one audit entry: with `whole`, every personal field's values become
/// [`ERASED`]; any value containing a needle does too. True when something changed.
pub(crate) fn scrub_changes(changes: &mut [FieldChange], whole: bool, needles: &[String]) -> bool {
    let mut changed = false;
    for change in changes {
        for value in [&mut change.old, &mut change.new] {
            if whole && PERSONAL_FIELDS.contains(&change.field.as_str()) {
                if !value.is_null() && value.as_str() != Some(ERASED) {
                    *value = serde_json::Value::String(ERASED.to_owned());
                    changed = true;
                }
            } else {
                changed |= scrub_value(value, needles);
            }
        }
    }
    changed
}

/// The needles as compared: trimmed, lowercased, long enough not to hit unrelated text.
fn prepare_needles(needles: &[String]) -> Vec<String> {
    let mut prepared: Vec<String> = needles
        .iter()
        .map(|n| n.trim().to_lowercase())
        .filter(|n| n.chars().count() >= 4 && n.as_str() != ERASED)
        .collect();
    prepared.sort();
    prepared.dedup();
    prepared
}

/// Scrubs the personal data out of the audit entries of `records` (and any entry naming one of
/// the `needles`) inside a write transaction; returns how many entries changed.
pub(crate) async fn scrub_audit(
    conn: &mut AnyConnection,
    records: &[Id],
    needles: &[String],
) -> Result<usize> {
    let scrubs = audit_scrubs(conn, records, needles).await?;
    for (id, changes) in &scrubs {
        let text =
            serde_json::to_string(changes).map_err(|e| corrupt(Kind::Forum, id.as_str(), e))?;
        sqlx::query("update audit_log set changes = $2 where id = $1")
            .bind(id.as_str())
            .bind(text)
            .execute(&mut *conn)
            .await?;
    }
    Ok(scrubs.len())
}

/// The audit entries an anonymisation scrubs, with their new changes: the entries of the given
/// records, and every entry whose text holds a needle.
async fn audit_scrubs(
    conn: &mut AnyConnection,
    records: &[Id],
    needles: &[String],
) -> Result<Vec<(Id, Vec<FieldChange>)>> {
    const COLUMNS: &str = "id, at, actor_id, record_kind, record_id, action, changes";
    let originals: Vec<&str> = needles
        .iter()
        .map(|n| n.trim())
        .filter(|n| n.chars().count() >= 4 && *n != ERASED)
        .collect();
    let needles = prepare_needles(needles);
    let records: BTreeSet<&str> = records.iter().map(Id::as_str).collect();
    let mut rows = Vec::new();
    for record in &records {
        let sql = format!("select {COLUMNS} from audit_log where record_id = $1");
        rows.extend(
            sqlx::query(AssertSqlSafe(sql))
                .bind(*record)
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    for needle in originals {
        // A superset, checked below: PostgreSQL's `lower` knows every letter, SQLite's only
        // ASCII, whose `like` in turn ignores ASCII case; so both the lowercased and the
        // original spelling are looked for.
        let sql = format!(
            "select {COLUMNS} from audit_log where lower(changes) like $1 or changes like $2"
        );
        rows.extend(
            sqlx::query(AssertSqlSafe(sql))
                .bind(format!("%{}%", needle.to_lowercase()))
                .bind(format!("%{needle}%"))
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    let mut seen = BTreeSet::new();
    let mut scrubs = Vec::new();
    for row in &rows {
        let mut entry = entry_from_row(row)?;
        if !seen.insert(entry.id.clone()) {
            continue;
        }
        let whole = records.contains(entry.record.as_str());
        if scrub_changes(&mut entry.changes, whole, &needles) {
            scrubs.push((entry.id, entry.changes));
        }
    }
    scrubs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(scrubs)
}

/// Stores one anonymised record with its audit entry (old and new form); the entry is
/// scrubbed later in the same transaction like every other.
async fn store_record<R: Stored>(
    conn: &mut AnyConnection,
    actor: Option<&Id>,
    record: &R,
) -> Result<()> {
    record.check()?;
    let old = audit::stored_body::<R>(conn, record.id()).await?;
    update_row(conn, record).await?;
    let new =
        serde_json::to_value(record).map_err(|e| corrupt(R::KIND, record.id().as_str(), e))?;
    audit::record_change(conn, actor, record, old.as_ref(), Some(&new)).await
}

impl Store {
    /// Every record that refers to `id`, as (kind, record, field), in a stable order: what
    /// names a person (appointments, registrations, speakers, authors …).
    pub async fn referrers(&self, id: &Id) -> Result<Vec<(Kind, Id, String)>> {
        let rows = sqlx::query(
            "select from_kind, from_id, field from refs where to_id = $1 and from_id <> $1 \
             order by from_kind, from_id, field",
        )
        .bind(id.as_str())
        .fetch_all(&self.pools.read)
        .await?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let kind: String = row.try_get(0)?;
            let from: String = row.try_get(1)?;
            let kind = Kind::parse(&kind).ok_or_else(|| {
                corrupt(
                    Kind::Forum,
                    &from,
                    format!("reference from unknown kind {kind}"),
                )
            })?;
            found.push((kind, Id::from_text(from), row.try_get(2)?));
        }
        Ok(found)
    }

    /// The records of `kind` that refer to any of `ids` (through any field), as ids, in a
    /// stable order, at most `limit`: what names an organisation or its people, say.
    pub async fn referrers_of_kind(&self, ids: &[Id], kind: Kind, limit: i64) -> Result<Vec<Id>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let sql = format!(
                "select distinct from_id from refs where from_kind = $1 and to_id in ({}) \
                 order by from_id limit {limit}",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(AssertSqlSafe(sql)).bind(kind.name());
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(&self.pools.read).await? {
                found.push(Id::from_text(row.try_get::<String, _>(0)?));
            }
        }
        found.sort();
        found.dedup();
        found.truncate(usize::try_from(limit).unwrap_or(0));
        Ok(found)
    }

    /// One record of any kind as its stored JSON (with its forum), whatever its access level.
    pub async fn record_json(&self, kind: Kind, id: &Id) -> Result<Option<serde_json::Value>> {
        let sql = format!("select forum_id, body from {} where id = $1", kind.plural());
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id.as_str())
            .fetch_optional(&self.pools.read)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let forum: String = row.try_get(0)?;
        let body: String = row.try_get(1)?;
        let mut value: serde_json::Value =
            serde_json::from_str(&body).map_err(|e| corrupt(kind, id.as_str(), e))?;
        if let Some(map) = value.as_object_mut()
            && kind != Kind::Forum
        {
            map.insert("forum".into(), serde_json::Value::String(forum));
        }
        Ok(Some(value))
    }

    /// The registrations of a person record, oldest first.
    pub async fn registrations_of_person(&self, person: &Id) -> Result<Vec<Registration>> {
        let query = ListQuery::everything()
            .filter("person_id", Value::id(person))
            .order_by("created_at", false);
        list_rows(&self.pools.read, &query).await
    }

    /// The guest registrations made with an email address (any case), oldest first.
    pub async fn guest_registrations_by_email(&self, email: &str) -> Result<Vec<Registration>> {
        let query = ListQuery::everything()
            .filter("guest_email_key", Value::text(email.trim().to_lowercase()))
            .order_by("created_at", false);
        list_rows(&self.pools.read, &query).await
    }

    /// Guest registrations that still hold guest data, with their events, of events that start
    /// before `started_before` (a date as written, `2023-05-01`), in one forum or all. A
    /// superset of what a retention rule removes: the caller decides by each event's end.
    pub async fn guest_registrations_started_before(
        &self,
        forum: Option<&Id>,
        started_before: &str,
    ) -> Result<Vec<(Event, Registration)>> {
        let mut sql = String::from(
            "select e.forum_id, e.body, e.id, r.forum_id, r.body, r.id from registrations r \
             join events e on e.id = r.event_id \
             where r.guest_email_key is not null \
             and r.guest_email_key not like 'erased-%@erased.invalid' and e.start_date < $1",
        );
        if forum.is_some() {
            sql.push_str(" and r.forum_id = $2");
        }
        sql.push_str(" order by e.start_date, e.id, r.id");
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(started_before.to_owned());
        if let Some(forum) = forum {
            query = query.bind(forum.as_str());
        }
        let rows = query.fetch_all(&self.pools.read).await?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let event: Event = from_row(row)?;
            let forum: String = row.try_get(3)?;
            let body: String = row.try_get(4)?;
            let id: String = row.try_get(5)?;
            let mut registration: Registration =
                serde_json::from_str(&body).map_err(|e| corrupt(Kind::Registration, &id, e))?;
            registration.set_forum(Id::from_text(forum));
            found.push((event, registration));
        }
        Ok(found)
    }

    /// The audit entries made by an account, oldest first.
    pub async fn audit_by_actor(&self, actor: &Id) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "select id, at, actor_id, record_kind, record_id, action, changes from audit_log \
             where actor_id = $1 order by at, id",
        )
        .bind(actor.as_str())
        .fetch_all(&self.pools.read)
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The accounts tied to a person record.
    pub async fn users_of_person(&self, person: &Id) -> Result<Vec<User>> {
        // The person is not a column of `users`; narrow by the id in the body, then check.
        let rows = sqlx::query("select body, id from users where body like $1 order by id")
            .bind(format!("%{}%", person.as_str()))
            .fetch_all(&self.pools.read)
            .await?;
        let mut users = Vec::new();
        for row in &rows {
            let user =
                user_from_body(&row.try_get::<String, _>(0)?, &row.try_get::<String, _>(1)?)?;
            if user.person.as_ref() == Some(person) {
                users.push(user);
            }
        }
        Ok(users)
    }

    /// The mail of the outbox addressed to an email address (any case), oldest first.
    pub async fn mail_to(&self, email: &str) -> Result<Vec<QueuedMail>> {
        let email = normalise_email(email);
        let rows = sqlx::query("select id, recipient from outbox where lower(recipient) like $1 order by created_at, id")
            .bind(format!("%{email}%"))
            .fetch_all(&self.pools.read)
            .await?;
        let mut mails = Vec::new();
        for row in &rows {
            let recipient: String = row.try_get(1)?;
            if !recipient.to_lowercase().contains(&email) {
                continue;
            }
            if let Some(mail) = self
                .outbox_mail(&Id::from_text(row.try_get::<String, _>(0)?))
                .await?
            {
                mails.push(mail);
            }
        }
        Ok(mails)
    }

    /// Records of any kind whose stored text contains `text` (a name in a description, say),
    /// as (kind, id), in a stable order.
    pub async fn mentions(&self, text: &str) -> Result<Vec<(Kind, Id)>> {
        let original = text.trim();
        let needle = original.to_lowercase();
        if needle.chars().count() < 4 {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        for kind in Kind::ALL {
            let sql = format!(
                "select id, body from {} where lower(body) like $1 or body like $2 order by id",
                kind.plural()
            );
            let rows = sqlx::query(AssertSqlSafe(sql))
                .bind(format!("%{needle}%"))
                .bind(format!("%{original}%"))
                .fetch_all(&self.pools.read)
                .await?;
            for row in &rows {
                let body: String = row.try_get(1)?;
                if body.to_lowercase().contains(&needle) {
                    found.push((*kind, Id::from_text(row.try_get::<String, _>(0)?)));
                }
            }
        }
        Ok(found)
    }

    /// How many audit entries an anonymisation would scrub (for saying what it would do).
    pub async fn audit_entries_to_scrub(&self, work: &Anonymisation) -> Result<usize> {
        let mut conn = self.pools.read.acquire().await?;
        Ok(audit_scrubs(&mut conn, &work.audit_records, &work.needles)
            .await?
            .len())
    }

    /// Writes an anonymisation in one transaction: the records (each with its audit entry; an
    /// anonymised registration's confirmation link stops working), the
    /// accounts (disabled, without secrets, roles, sessions, links or followed collections), the
    /// outbox, deadline reminder subscriptions and login throttling of the addresses, and
    /// finally every audit entry that still holds personal data. Any error leaves everything as
    /// it was.
    pub async fn anonymise(&self, work: &Anonymisation) -> Result<AnonymisationCounts> {
        let actor = work.actor.as_ref().or(self.actor.as_ref());
        let mut counts = AnonymisationCounts::default();
        let mut tx = self.begin_write().await?;
        if let Some(person) = &work.person {
            let planned: BTreeSet<&str> =
                work.registrations.iter().map(|r| r.id.as_str()).collect();
            let rows = sqlx::query("select id from registrations where person_id = $1")
                .bind(person.as_str())
                .fetch_all(&mut *tx)
                .await?;
            for row in &rows {
                let id: String = row.try_get(0)?;
                if !planned.contains(id.as_str()) {
                    return Err(StoreError::Conflict {
                        field: String::new(),
                        message: format!(
                            "registration {id} of the person was added meanwhile; nothing was erased, run the erasure again"
                        ),
                    });
                }
            }
        }
        for person in &work.people {
            store_record(&mut tx, actor, person).await?;
        }
        for registration in &work.registrations {
            store_record(&mut tx, actor, registration).await?;
            // An anonymised registration that waited for its guest's confirmation cannot be
            // confirmed any more: the link would seat someone whose data is gone.
            sqlx::query("delete from registration_confirmations where registration_id = $1")
                .bind(registration.id.as_str())
                .execute(&mut *tx)
                .await?;
        }
        for event in &work.events {
            store_record(&mut tx, actor, event).await?;
        }
        for action in &work.advocacy_actions {
            store_record(&mut tx, actor, action).await?;
        }
        counts.records = work.people.len()
            + work.registrations.len()
            + work.events.len()
            + work.advocacy_actions.len();
        for user in &work.users {
            let body = serde_json::to_string(user)
                .map_err(|e| corrupt(Kind::Person, user.id.as_str(), e))?;
            let status = match Value::name(&user.status) {
                Value::Text(Some(name)) => name,
                _ => String::new(),
            };
            let done = sqlx::query(
                "update users set email_key = $2, status = $3, updated_at = $4, body = $5, \
                 password_hash = null, totp_secret = null, recovery_codes = '[]' where id = $1",
            )
            .bind(user.id.as_str())
            .bind(normalise_email(&user.email))
            .bind(status)
            .bind(user.updated.to_string())
            .bind(body)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound {
                    kind: Kind::Person,
                    id: user.id.clone(),
                });
            }
            for sql in [
                "delete from user_grants where user_id = $1",
                "delete from tokens where user_id = $1",
                "delete from calendar_tokens where user_id = $1",
                "delete from api_tokens where user_id = $1",
                "delete from collection_follows where user_id = $1",
                "delete from collection_visits where user_id = $1",
            ] {
                sqlx::query(sql)
                    .bind(user.id.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
            counts.sessions += sqlx::query("delete from sessions where user_id = $1")
                .bind(user.id.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            counts.accounts += 1;
        }
        for email in &work.emails {
            let email = normalise_email(email);
            if email.is_empty() {
                continue;
            }
            sqlx::query("delete from login_throttle where throttle_key = $1")
                .bind(format!("account:{email}"))
                .execute(&mut *tx)
                .await?;
            counts.deadline_subscriptions +=
                sqlx::query("delete from deadline_subscriptions where lower(email) = $1")
                    .bind(&email)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            let rows =
                sqlx::query("select id, recipient from outbox where lower(recipient) like $1")
                    .bind(format!("%{email}%"))
                    .fetch_all(&mut *tx)
                    .await?;
            for row in &rows {
                let recipient: String = row.try_get(1)?;
                if recipient.to_lowercase().contains(&email) {
                    sqlx::query("delete from outbox where id = $1")
                        .bind(row.try_get::<String, _>(0)?)
                        .execute(&mut *tx)
                        .await?;
                    counts.mails += 1;
                }
            }
        }
        counts.audit_entries = scrub_audit(&mut tx, &work.audit_records, &work.needles).await?;
        tx.commit().await?;
        self.notify_change();
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(field: &str, old: serde_json::Value, new: serde_json::Value) -> FieldChange {
        FieldChange {
            field: field.into(),
            old,
            new,
        }
    }

    #[test]
    fn personal_fields_go_whole_and_needles_anywhere() {
        let needles = prepare_needles(&[
            "Wilma Zorn".into(),
            "w.zorn@example.org".into(),
            "Zo".into(),
        ]);
        assert_eq!(
            needles,
            ["w.zorn@example.org", "wilma zorn"],
            "short needles are dropped"
        );
        let mut own = vec![
            change("given_name", json!("Wilma"), json!("Wilhelmina")),
            change("phone", json!(null), json!("0201 1234")),
            change("topics", json!(["t1"]), json!(["t1", "t2"])),
        ];
        assert!(scrub_changes(&mut own, true, &needles));
        assert_eq!(own[0].old, json!(ERASED));
        assert_eq!(own[0].new, json!(ERASED));
        assert_eq!(own[1].old, json!(null), "absent stays absent");
        assert_eq!(own[1].new, json!(ERASED));
        assert_eq!(own[2].new, json!(["t1", "t2"]), "not personal");
        let mut other = vec![change(
            "speakers",
            json!([{"name": "Dr. WILMA ZORN", "function": {"de": "Amtsleiterin"}}]),
            json!([{"person": "p1"}]),
        )];
        assert!(scrub_changes(&mut other, false, &needles));
        assert_eq!(
            other[0].old,
            json!([{"name": ERASED, "function": {"de": "Amtsleiterin"}}])
        );
        assert!(
            !scrub_changes(&mut other, false, &needles),
            "scrubbing twice changes nothing"
        );
    }

    #[test]
    fn erased_addresses_are_valid_unique_and_recognised() {
        let id = Id::new();
        let email = erased_email(&id);
        assert!(urbis_domain::validation::is_email(&email), "{email}");
        assert!(is_erased_email(&email));
        assert_ne!(email, erased_email(&Id::new()));
        assert!(!is_erased_email("erased@example.org"));
    }
}
