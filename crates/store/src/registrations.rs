//! Registrations for events: seats, the waiting list and the personal cancel links, each
//! decided in one write transaction so that concurrent registrations never overbook.

use jiff::Timestamp;
use sqlx::{AnyConnection, Row};
use urbis_domain::events::{EventStatus, Registration, RegistrationStatus};
use urbis_domain::{Id, Kind, Record};

use crate::audit;
use crate::connect::Backend;
use crate::error::{Result, StoreError};
use crate::mail::{OutgoingMail, insert_mail};
use crate::notices::{NoticeKind, insert_notice};
use crate::records::{RECORD_COLUMNS, check_refs, from_row, insert_row, update_row};
use crate::store::Store;

/// A registration's JSON form, as the audit log compares it.
pub(crate) fn json_of(record: &Registration) -> Result<serde_json::Value> {
    serde_json::to_value(record).map_err(|e| StoreError::Corrupt {
        kind: Kind::Registration,
        id: record.id.to_string(),
        message: e.to_string(),
    })
}

/// On PostgreSQL, locks the event's row until the transaction ends, so registrations for one
/// event are decided one after the other (SQLite has one writer anyway). Returns the event's
/// capacity; `NotFound` when there is no such event.
pub(crate) async fn lock_event(
    conn: &mut AnyConnection,
    backend: Backend,
    event: &Id,
) -> Result<Option<u32>> {
    let sql = match backend {
        Backend::Postgres => "select capacity from events where id = $1 for update",
        Backend::Sqlite => "select capacity from events where id = $1",
    };
    let row = sqlx::query(sql)
        .bind(event.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else {
        return Err(StoreError::NotFound {
            kind: Kind::Event,
            id: event.clone(),
        });
    };
    let capacity: Option<i64> = row.try_get(0)?;
    Ok(capacity.and_then(|c| u32::try_from(c).ok()))
}

/// How many seats of an event are taken (confirmed or attended registrations).
pub(crate) async fn seats_taken(conn: &mut AnyConnection, event: &Id) -> Result<u32> {
    let sql = format!(
        "select count(*) from registrations where event_id = $1 \
         and status in ('{}', '{}')",
        RegistrationStatus::Confirmed,
        RegistrationStatus::Attended
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(event.as_str())
        .fetch_one(&mut *conn)
        .await?;
    let taken: i64 = row.try_get(0)?;
    Ok(u32::try_from(taken).unwrap_or(u32::MAX))
}

/// Reads one registration inside a transaction.
pub(crate) async fn registration_in(conn: &mut AnyConnection, id: &Id) -> Result<Registration> {
    let sql = format!("select {RECORD_COLUMNS} from registrations where id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => from_row(&row),
        None => Err(StoreError::NotFound {
            kind: Kind::Registration,
            id: id.clone(),
        }),
    }
}

/// The event a registration is for, read before the transaction locks the event.
pub(crate) async fn event_of(conn: &mut AnyConnection, id: &Id) -> Result<Id> {
    let row = sqlx::query("select event_id from registrations where id = $1")
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(Id::from_text(row.try_get::<String, _>(0)?)),
        None => Err(StoreError::NotFound {
            kind: Kind::Registration,
            id: id.clone(),
        }),
    }
}

/// The refusal of a registration for a full event without a waiting list.
pub(crate) fn full() -> StoreError {
    StoreError::Conflict {
        field: "event".to_owned(),
        message: "the event is full".to_owned(),
    }
}

/// The mails a registration's transaction may queue, one for each way the store can decide
/// it: the caller writes both beforehand (no code of a higher layer runs inside the
/// transaction), the store queues the one that fits the seat it could give.
#[derive(Debug, Clone, Default)]
pub struct DecidedMails {
    /// The mail when the registration gets a seat.
    pub seat: Option<OutgoingMail>,
    /// The mail when it goes on the waiting list.
    pub waiting_list: Option<OutgoingMail>,
}

impl DecidedMails {
    /// The mail for a registration decided as `status`, if one was written.
    pub fn for_status(&self, status: RegistrationStatus) -> Option<&OutgoingMail> {
        match status {
            RegistrationStatus::Confirmed => self.seat.as_ref(),
            RegistrationStatus::Waitlisted => self.waiting_list.as_ref(),
            _ => None,
        }
    }
}

impl Store {
    /// Registers a person or guest for an event, by the capacity stored on the event as it is
    /// locked in the transaction (none: unlimited): the registration is confirmed while seats
    /// are free, waitlisted when the event is full and has
    /// a waiting list, and refused (`Conflict` on `event`) when it has none. A second active
    /// registration of the same person or guest email is a `Conflict` on `person` or
    /// `guest.email`. Returns the registration as stored, with its final status.
    pub async fn register(
        &self,
        registration: &Registration,
        waiting_list: bool,
    ) -> Result<Registration> {
        self.register_with_token(registration, waiting_list, None)
            .await
    }

    /// Like [`Store::register`], and stores the hash of the registration's personal cancel
    /// token in the same transaction.
    pub async fn register_with_token(
        &self,
        registration: &Registration,
        waiting_list: bool,
        token_hash: Option<&str>,
    ) -> Result<Registration> {
        self.register_with_mail(
            registration,
            waiting_list,
            token_hash,
            &DecidedMails::default(),
        )
        .await
    }

    /// Like [`Store::register_with_token`], and queues the one of `mails` that fits the
    /// registration as decided (a seat or the waiting list) in the same transaction: a
    /// registration is never stored without the mail that carries its cancel link, whenever
    /// the server stops.
    pub async fn register_with_mail(
        &self,
        registration: &Registration,
        waiting_list: bool,
        token_hash: Option<&str>,
        mails: &DecidedMails,
    ) -> Result<Registration> {
        let mut record = registration.clone();
        record.status = RegistrationStatus::Confirmed;
        record.cancelled_at = None;
        record.check()?;
        let mut tx = self.begin_write().await?;
        // The capacity checked is the one locked: a change of the event's seats between the
        // caller's read and this transaction is seen.
        let capacity = lock_event(&mut tx, self.pools.backend, &record.event).await?;
        let taken = seats_taken(&mut tx, &record.event).await?;
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
        check_refs(&mut tx, &record).await?;
        insert_row(&mut tx, &record).await?;
        if let Some(hash) = token_hash {
            sqlx::query(
                "insert into registration_tokens (registration_id, token_hash) values ($1, $2)",
            )
            .bind(record.id.as_str())
            .bind(hash)
            .execute(&mut *tx)
            .await?;
        }
        let new = json_of(&record)?;
        audit::record_change(&mut tx, self.actor.as_ref(), &record, None, Some(&new)).await?;
        if let Some(mail) = mails.for_status(record.status) {
            insert_mail(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(record)
    }

    /// The registration a cancel token's hash belongs to, if any.
    pub async fn registration_of_token(&self, token_hash: &str) -> Result<Option<Id>> {
        let row =
            sqlx::query("select registration_id from registration_tokens where token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.pools.read)
                .await?;
        Ok(row
            .map(|r| r.try_get::<String, _>(0))
            .transpose()?
            .map(Id::from_text))
    }

    /// Cancels a registration (a `Conflict` on `status` when it is cancelled already) and, when
    /// that frees a seat, promotes the oldest waitlisted registration of the event (by creation,
    /// then id), all in one transaction that also leaves the notice to tell the promoted
    /// person ([`Store::pending_notices`]); the cancel token (and a guest's confirmation link)
    /// of the registration stops working.
    /// Returns the promoted registration, if any.
    pub async fn cancel_registration(
        &self,
        id: &Id,
        now: Timestamp,
    ) -> Result<Option<Registration>> {
        let mut tx = self.begin_write().await?;
        let event = event_of(&mut tx, id).await?;
        let capacity = lock_event(&mut tx, self.pools.backend, &event).await?;
        let promoted = self.cancel_in(&mut tx, id, capacity, now).await?;
        tx.commit().await?;
        Ok(promoted)
    }

    async fn cancel_in(
        &self,
        conn: &mut AnyConnection,
        id: &Id,
        capacity: Option<u32>,
        now: Timestamp,
    ) -> Result<Option<Registration>> {
        let mut record = registration_in(conn, id).await?;
        if record.status == RegistrationStatus::Cancelled {
            return Err(StoreError::Conflict {
                field: "status".to_owned(),
                message: "the registration is cancelled already".to_owned(),
            });
        }
        let old = json_of(&record)?;
        record.status = RegistrationStatus::Cancelled;
        record.cancelled_at = Some(now);
        record.updated = now;
        self.write_change(conn, &record, &old).await?;
        for sql in [
            "delete from registration_tokens where registration_id = $1",
            "delete from registration_confirmations where registration_id = $1",
        ] {
            sqlx::query(sql)
                .bind(id.as_str())
                .execute(&mut *conn)
                .await?;
        }
        let taken = seats_taken(conn, &record.event).await?;
        if capacity.is_some_and(|seats| taken >= seats) {
            return Ok(None);
        }
        let sql = format!(
            "select {RECORD_COLUMNS} from registrations where event_id = $1 \
             and status = '{}' order by created_at, id limit 1",
            RegistrationStatus::Waitlisted
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(record.event.as_str())
            .fetch_optional(&mut *conn)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut next: Registration = from_row(&row)?;
        let old = json_of(&next)?;
        next.status = RegistrationStatus::Confirmed;
        next.updated = now;
        self.write_change(conn, &next, &old).await?;
        insert_notice(conn, NoticeKind::RegistrationPromoted, &next.id, now).await?;
        Ok(Some(next))
    }

    /// Writes a changed registration and its audit entry.
    pub(crate) async fn write_change(
        &self,
        conn: &mut AnyConnection,
        record: &Registration,
        old: &serde_json::Value,
    ) -> Result<()> {
        record.check()?;
        update_row(conn, record).await?;
        let new = json_of(record)?;
        audit::record_change(conn, self.actor.as_ref(), record, Some(old), Some(&new)).await
    }

    /// The office moves a registration: to attended, confirmed (only while a seat is free,
    /// else a `Conflict` on `event`), waitlisted, or cancelled (which promotes like
    /// [`Store::cancel_registration`]). Returns the registration as stored and the promoted
    /// one, if any.
    pub async fn set_registration_status(
        &self,
        id: &Id,
        status: RegistrationStatus,
        now: Timestamp,
    ) -> Result<(Registration, Option<Registration>)> {
        self.move_registration(id, status, false, now).await
    }

    /// Like [`Store::set_registration_status`]; with `beyond_capacity` the office gives a seat
    /// even when every seat is taken (an explicit decision, e.g. for a speaker). Whoever gets
    /// a seat from the waiting list (the promoted one, or the moved one itself) gets a notice
    /// in the same transaction.
    pub async fn move_registration(
        &self,
        id: &Id,
        status: RegistrationStatus,
        beyond_capacity: bool,
        now: Timestamp,
    ) -> Result<(Registration, Option<Registration>)> {
        let mut tx = self.begin_write().await?;
        let event = event_of(&mut tx, id).await?;
        let capacity = lock_event(&mut tx, self.pools.backend, &event).await?;
        if status == RegistrationStatus::Cancelled {
            let promoted = self.cancel_in(&mut tx, id, capacity, now).await?;
            let record = registration_in(&mut tx, id).await?;
            tx.commit().await?;
            return Ok((record, promoted));
        }
        let mut record = registration_in(&mut tx, id).await?;
        if record.status == status {
            return Ok((record, None));
        }
        let has_seat = matches!(
            record.status,
            RegistrationStatus::Confirmed | RegistrationStatus::Attended
        );
        let needs_seat = matches!(
            status,
            RegistrationStatus::Confirmed | RegistrationStatus::Attended
        );
        if needs_seat && !has_seat && !beyond_capacity {
            let taken = seats_taken(&mut tx, &event).await?;
            if capacity.is_some_and(|seats| taken >= seats) {
                return Err(full());
            }
        }
        let old = json_of(&record)?;
        let from_waiting_list = record.status == RegistrationStatus::Waitlisted
            && status == RegistrationStatus::Confirmed;
        record.status = status;
        record.cancelled_at = None;
        record.updated = now;
        self.write_change(&mut tx, &record, &old).await?;
        if from_waiting_list {
            insert_notice(&mut tx, NoticeKind::RegistrationPromoted, &record.id, now).await?;
        }
        tx.commit().await?;
        Ok((record, None))
    }

    /// The registration for `event` that a person (or, as a guest, an email address in any
    /// case) holds and has not cancelled, the oldest if there are two: one lookup on the
    /// registrations' person and guest-address indexes, however many registrations exist.
    pub async fn own_registration(
        &self,
        event: &Id,
        person: Option<&Id>,
        email: &str,
    ) -> Result<Option<Registration>> {
        let sql = format!(
            "select {RECORD_COLUMNS} from registrations where event_id = $1 \
             and status <> '{}' and (person_id = $2 or guest_email_key = $3) \
             order by created_at, id limit 1",
            RegistrationStatus::Cancelled
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(event.as_str())
            .bind(person.map(Id::as_str))
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pools.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The registrations of an event, oldest first, whatever their status.
    pub async fn registrations_of_event(&self, event: &Id) -> Result<Vec<Registration>> {
        let sql = format!(
            "select {RECORD_COLUMNS} from registrations where event_id = $1 order by created_at, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(event.as_str())
            .fetch_all(&self.pools.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The planned events of every forum whose start (as stored: `2026-12-10T14:00` or
    /// `2026-12-10`) lies between `from` and `to` (text order is date order), with their
    /// confirmed registrations, in two queries.
    pub async fn planned_events_starting(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<(urbis_domain::events::Event, Vec<Registration>)>> {
        let sql = format!(
            "select {RECORD_COLUMNS} from events where status = '{}' \
             and start_date >= $1 and start_date <= $2 order by start_date, id",
            EventStatus::Planned
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from)
            .bind(to)
            .fetch_all(&self.pools.read)
            .await?;
        let events: Vec<urbis_domain::events::Event> =
            rows.iter().map(from_row).collect::<Result<_>>()?;
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "select {RECORD_COLUMNS} from registrations where status = '{}' and event_id in \
             (select id from events where status = '{}' and start_date >= $1 and start_date <= $2) \
             order by created_at, id",
            RegistrationStatus::Confirmed,
            EventStatus::Planned
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from)
            .bind(to)
            .fetch_all(&self.pools.read)
            .await?;
        let mut registrations: Vec<Registration> =
            rows.iter().map(from_row).collect::<Result<_>>()?;
        Ok(events
            .into_iter()
            .map(|event| {
                let (mine, rest): (Vec<Registration>, Vec<Registration>) =
                    registrations.drain(..).partition(|r| r.event == event.id);
                registrations = rest;
                (event, mine)
            })
            .collect())
    }
}
