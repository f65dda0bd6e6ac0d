//! Guest registrations that wait for the guest to confirm their email address: stored without a
//! seat, with a single-use confirmation link (only its hash) that expires; confirming decides
//! the seat or the waiting list in one write transaction, exactly as a direct registration.

use jiff::Timestamp;
use sqlx::Row;
use urbis_domain::events::{Registration, RegistrationStatus};
use urbis_domain::{Id, Kind, Record};

use crate::accounts::stamp;
use crate::audit;
use crate::error::{Result, StoreError};
use crate::mail::{OutgoingMail, insert_mail};
use crate::privacy::scrub_audit;
use crate::records::{check_refs, delete_row, insert_row};
use crate::registrations::{
    DecidedMails, event_of, full, json_of, lock_event, registration_in, seats_taken,
};
use crate::store::Store;

/// The hashes of the two personal links of a registration waiting for confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingLinks<'a> {
    /// The hash of the confirmation token.
    pub confirm_hash: &'a str,
    /// When the confirmation link stops working.
    pub expires_at: Timestamp,
    /// The hash of the cancel token (the guest may withdraw before confirming).
    pub cancel_hash: &'a str,
}

impl Store {
    /// Stores a guest registration as [`RegistrationStatus::Unconfirmed`] (no seat, no place
    /// on the waiting list) with its confirmation and cancel token hashes, and queues `mail`
    /// (the one with the confirmation link), all in one write transaction.
    /// An event that is full and has no waiting list refuses at once (`Conflict` on `event`),
    /// so nobody is asked to confirm a seat that cannot be had; a second active registration
    /// of the same guest email is a `Conflict` on `guest.email`.
    pub async fn register_unconfirmed_with_mail(
        &self,
        registration: &Registration,
        waiting_list: bool,
        links: PendingLinks<'_>,
        mail: Option<&OutgoingMail>,
    ) -> Result<Registration> {
        let mut record = registration.clone();
        record.status = RegistrationStatus::Unconfirmed;
        record.cancelled_at = None;
        record.check()?;
        let mut tx = self.begin_write().await?;
        let capacity = lock_event(&mut tx, self.pools.backend, &record.event).await?;
        let taken = seats_taken(&mut tx, &record.event).await?;
        if capacity.is_some_and(|seats| taken >= seats) && !waiting_list {
            return Err(full());
        }
        check_refs(&mut tx, &record).await?;
        insert_row(&mut tx, &record).await?;
        sqlx::query(
            "insert into registration_tokens (registration_id, token_hash) values ($1, $2)",
        )
        .bind(record.id.as_str())
        .bind(links.cancel_hash)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "insert into registration_confirmations (registration_id, token_hash, expires_at) \
             values ($1, $2, $3)",
        )
        .bind(record.id.as_str())
        .bind(links.confirm_hash)
        .bind(stamp(links.expires_at))
        .execute(&mut *tx)
        .await?;
        let new = json_of(&record)?;
        audit::record_change(&mut tx, self.actor.as_ref(), &record, None, Some(&new)).await?;
        if let Some(mail) = mail {
            insert_mail(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(record)
    }

    /// The registration a confirmation token's hash belongs to and when the link expires, if
    /// it is still stored (used links are deleted, expired ones removed after a while).
    pub async fn confirmation_of_token(&self, token_hash: &str) -> Result<Option<(Id, Timestamp)>> {
        let row = sqlx::query(
            "select registration_id, expires_at from registration_confirmations \
             where token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pools.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let id: String = row.try_get(0)?;
        let expires: String = row.try_get(1)?;
        let expires = expires
            .parse()
            .map_err(|e: jiff::Error| StoreError::Corrupt {
                kind: Kind::Registration,
                id: id.clone(),
                message: format!("confirmation expiry: {e}"),
            })?;
        Ok(Some((Id::from_text(id), expires)))
    }

    /// Confirms a waiting guest registration by its confirmation token's hash, in one write
    /// transaction (PostgreSQL locks the event row): the link is used up, the registration
    /// takes a seat while one is free (the event's capacity as it stands now), else the
    /// waiting list when `waiting_list`, else it is refused (`Conflict` on `event`, nothing
    /// changes, the link still works); the cancel token becomes `cancel_hash` and the one of
    /// `mails` that fits the decision is queued. An unknown, used or expired
    /// link (or one of another registration) is `NotFound`; a registration that waits no more
    /// (the office moved it) is a `Conflict` on `status`.
    pub async fn confirm_registration_with_mail(
        &self,
        id: &Id,
        confirm_hash: &str,
        waiting_list: bool,
        cancel_hash: &str,
        now: Timestamp,
        mails: &DecidedMails,
    ) -> Result<Registration> {
        let mut tx = self.begin_write().await?;
        let event = event_of(&mut tx, id).await?;
        let capacity = lock_event(&mut tx, self.pools.backend, &event).await?;
        let used = sqlx::query(
            "delete from registration_confirmations \
             where registration_id = $1 and token_hash = $2 and expires_at > $3",
        )
        .bind(id.as_str())
        .bind(confirm_hash)
        .bind(stamp(now))
        .execute(&mut *tx)
        .await?;
        if used.rows_affected() != 1 {
            return Err(StoreError::NotFound {
                kind: Kind::Registration,
                id: id.clone(),
            });
        }
        let mut record = registration_in(&mut tx, id).await?;
        if record.status != RegistrationStatus::Unconfirmed {
            return Err(StoreError::Conflict {
                field: "status".to_owned(),
                message: "the registration waits for no confirmation".to_owned(),
            });
        }
        let taken = seats_taken(&mut tx, &event).await?;
        let old = json_of(&record)?;
        record.status = match capacity {
            Some(seats) if taken >= seats => {
                if waiting_list {
                    RegistrationStatus::Waitlisted
                } else {
                    return Err(full());
                }
            }
            _ => RegistrationStatus::Confirmed,
        };
        record.updated = now;
        self.write_change(&mut tx, &record, &old).await?;
        sqlx::query("delete from registration_tokens where registration_id = $1")
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "insert into registration_tokens (registration_id, token_hash) values ($1, $2)",
        )
        .bind(id.as_str())
        .bind(cancel_hash)
        .execute(&mut *tx)
        .await?;
        if let Some(mail) = mails.for_status(record.status) {
            insert_mail(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(record)
    }

    /// Removes the guest registrations that were never confirmed: those whose confirmation link
    /// expired by `now`, and those without a link (brought in by an import) created before
    /// `created_before`; each leaves a deletion in the audit log, and the guest's data is
    /// scrubbed from the registration's audit entries, in one write transaction. Expired links
    /// of registrations the office moved meanwhile go too. Returns how many registrations went.
    pub async fn remove_unconfirmed(
        &self,
        now: Timestamp,
        created_before: Timestamp,
    ) -> Result<usize> {
        let mut tx = self.begin_write().await?;
        let expired = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select r.id from registrations r join registration_confirmations c \
             on c.registration_id = r.id where r.status = '{}' and c.expires_at <= $1",
            RegistrationStatus::Unconfirmed
        )))
        .bind(stamp(now))
        .fetch_all(&mut *tx)
        .await?;
        let unlinked = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select id, created_at from registrations where status = '{}' \
             and not exists (select 1 from registration_confirmations c \
             where c.registration_id = registrations.id)",
            RegistrationStatus::Unconfirmed
        )))
        .fetch_all(&mut *tx)
        .await?;
        let mut ids: Vec<Id> = Vec::new();
        for row in &expired {
            ids.push(Id::from_text(row.try_get::<String, _>(0)?));
        }
        for row in &unlinked {
            let created: String = row.try_get(1)?;
            if created
                .parse::<Timestamp>()
                .is_ok_and(|created| created < created_before)
            {
                ids.push(Id::from_text(row.try_get::<String, _>(0)?));
            }
        }
        for id in &ids {
            let record = registration_in(&mut tx, id).await?;
            let old = json_of(&record)?;
            for sql in [
                "delete from registration_tokens where registration_id = $1",
                "delete from registration_confirmations where registration_id = $1",
            ] {
                sqlx::query(sql).bind(id.as_str()).execute(&mut *tx).await?;
            }
            delete_row::<Registration>(&mut tx, id).await?;
            audit::record_change(&mut tx, self.actor.as_ref(), &record, Some(&old), None).await?;
        }
        scrub_audit(&mut tx, &ids, &[]).await?;
        sqlx::query("delete from registration_confirmations where expires_at <= $1")
            .bind(stamp(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if !ids.is_empty() {
            self.notify_change();
        }
        Ok(ids.len())
    }
}
