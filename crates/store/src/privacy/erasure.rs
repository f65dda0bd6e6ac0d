//! The one transaction that anonymises: records, accounts, mail and every trace in the
//! audit log, all at once or not at all.

use std::collections::BTreeSet;

use sqlx::{AnyConnection, Row};
use urbis_domain::accounts::{User, normalise_email};
use urbis_domain::advocacy::AdvocacyAction;
use urbis_domain::events::{Event, Registration};
use urbis_domain::network::Person;
use urbis_domain::{Id, Kind};

use crate::audit;
use crate::error::{Result, StoreError};
use crate::records::update_row;
use crate::store::Store;
use crate::table::{Stored, Value};

use super::corrupt;
use super::scrub::{audit_scrubs, scrub_audit};

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
    /// Records whose audit entries lose every personal field (`PERSONAL_FIELDS` in
    /// `scrub.rs`).
    pub audit_records: Vec<Id>,
    /// Texts (names, addresses) that no audit entry may keep: any value containing one
    /// becomes [`ERASED`](crate::ERASED).
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
