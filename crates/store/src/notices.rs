//! Notices: what a write transaction leaves for the app to tell someone. The store decides
//! inside one transaction who gets a seat from the waiting list; it writes a notice there and
//! never calls back into the app to write the mail. The app turns each notice into mail in the
//! outbox and deletes it in one transaction ([`Store::settle_notice`]), right after the change
//! and again on its rounds, so a server that stops between the two loses nothing.

use jiff::Timestamp;
use sqlx::{AnyConnection, Row};
use urbis_domain::Id;

use crate::accounts::stamp;
use crate::error::{Result, StoreError};
use crate::mail::{OutgoingMail, insert_mail};
use crate::store::Store;

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// A registration got a seat from the waiting list (a cancellation freed one, or the
    /// office confirmed it): the person is told.
    RegistrationPromoted,
}

impl NoticeKind {
    /// The name stored in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RegistrationPromoted => "registration_promoted",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "registration_promoted" => Some(Self::RegistrationPromoted),
            _ => None,
        }
    }
}

/// A notice waiting to be turned into mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Its id.
    pub id: Id,
    /// What it is about.
    pub kind: NoticeKind,
    /// The record it is about (for a promotion, the registration).
    pub record: Id,
    /// When the change that left it was written.
    pub created: Timestamp,
}

/// Leaves a notice about `record` in the transaction of the change.
pub(crate) async fn insert_notice(
    conn: &mut AnyConnection,
    kind: NoticeKind,
    record: &Id,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("insert into notices (id, kind, record_id, created_at) values ($1, $2, $3, $4)")
        .bind(Id::new().as_str())
        .bind(kind.as_str())
        .bind(record.as_str())
        .bind(stamp(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn damaged(id: &str, message: impl std::fmt::Display) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(
        format!("notice {id}: {message}").into(),
    ))
}

impl Store {
    /// The oldest `limit` notices not yet turned into mail.
    pub async fn pending_notices(&self, limit: u32) -> Result<Vec<Notice>> {
        let rows = sqlx::query(
            "select id, kind, record_id, created_at from notices \
             order by created_at, id limit $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pools.read)
        .await?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get(0)?;
                let kind: String = row.try_get(1)?;
                let created: String = row.try_get(3)?;
                Ok(Notice {
                    kind: NoticeKind::parse(&kind)
                        .ok_or_else(|| damaged(&id, format!("unknown kind {kind}")))?,
                    record: Id::from_text(row.try_get::<String, _>(2)?),
                    created: created.parse().map_err(|e| damaged(&id, e))?,
                    id: Id::from_text(id),
                })
            })
            .collect()
    }

    /// Settles a notice: queues its mail (none when there is nobody to write to) and deletes
    /// the notice, in one transaction. A notice settled already is no error (two nodes may
    /// deliver at once), and a mail with the dedupe key of one queued before is not queued
    /// again. Returns whether this call settled it.
    pub async fn settle_notice(&self, notice: &Id, mail: Option<&OutgoingMail>) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let deleted = sqlx::query("delete from notices where id = $1")
            .bind(notice.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Ok(false);
        }
        if let Some(mail) = mail {
            insert_mail(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
