//! The outbox: outgoing mail kept in the store until it is sent, so that neither a restart nor
//! an SMTP outage loses any. Senders claim due mail with a lease; two server nodes never send
//! the same mail, and the mail of a sender that died is claimed again when its lease ends.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use sqlx::error::ErrorKind;
use sqlx::{AssertSqlSafe, Row};
use urbis_domain::{Id, Lang};

use crate::connect::Backend;
use crate::error::{Result, StoreError};
use crate::store::Store;

/// How long a claimed mail belongs to its sender. It must be longer than one delivery can take
/// (the SMTP timeout); after it, a sender that died is assumed gone and the mail is claimed again.
pub const MAIL_LEASE: SignedDuration = SignedDuration::from_mins(15);

/// A file sent along with a mail (an `.ics` invitation, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name the recipient sees.
    pub name: String,
    /// The media type, e.g. `text/calendar; method=REQUEST`.
    pub media_type: String,
    /// The content.
    pub content: Vec<u8>,
}

/// A mail to queue: everything needed to send it later, in the recipient's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// Its id (a UUIDv7), also the base of its Message-ID, so a retry is recognisably the same mail.
    pub id: Id,
    /// The forum the mail is sent for, if any.
    pub forum: Option<Id>,
    /// The recipient's address.
    pub recipient: String,
    /// The language the mail is written in (the recipient's).
    pub language: Lang,
    /// The subject line.
    pub subject: String,
    /// The plain-text part.
    pub text_body: String,
    /// The HTML part.
    pub html_body: String,
    /// Files sent along.
    pub attachments: Vec<Attachment>,
    /// Names the mail so that it is never queued twice ("reminder for registration X").
    pub dedupe_key: Option<String>,
    /// The mail is not sent before this time (None: at once).
    pub not_before: Option<Timestamp>,
}

/// Where a mail of the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailStatus {
    /// Waiting to be sent (first time or again after a failure).
    Queued,
    /// Claimed by a sender, until its lease ends.
    Sending,
    /// Delivered to the transport.
    Sent,
    /// Given up: failed permanently or too often.
    Failed,
}

impl MailStatus {
    /// The name stored in the `status` column.
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Sending => "sending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::Queued, Self::Sending, Self::Sent, Self::Failed]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A mail as the outbox holds it: the mail and its delivery state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    /// The mail.
    pub mail: OutgoingMail,
    /// Where it stands.
    pub status: MailStatus,
    /// How many times a sender has claimed it (each claim is one delivery attempt).
    pub attempts: i64,
    /// When it is due; while it is being sent, when the sender's lease ends.
    pub next_attempt_at: Timestamp,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: Timestamp,
    /// When it was sent.
    pub sent_at: Option<Timestamp>,
}

/// The columns [`read_row`] reads, in order.
const COLUMNS: &str = "id, forum_id, recipient, language, subject, text_body, html_body, \
     attachments, dedupe_key, status, attempts, next_attempt_at, last_error, created_at, sent_at";

/// An attachment in the `attachments` column.
#[derive(Serialize, Deserialize)]
struct StoredAttachment {
    name: String,
    media_type: String,
    /// Base64.
    content: String,
}

/// The outbox in figures, for monitoring.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxFigures {
    /// Mails waiting to be sent (due or not yet).
    pub queued: i64,
    /// Queued mails whose time has come.
    pub due: i64,
    /// Mails a sender holds now.
    pub sending: i64,
    /// Mails given up on after their attempts.
    pub failed: i64,
    /// Since when the longest-waiting due mail is due.
    pub oldest_due: Option<Timestamp>,
}

/// Writes a time in the one fixed format of the outbox, so that text order is time order.
fn stamp(time: Timestamp) -> String {
    time.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn decode_error(id: &str, column: &str, message: impl std::fmt::Display) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(
        format!("outbox mail {id}: column {column}: {message}").into(),
    ))
}

fn read_time(id: &str, column: &str, text: &str) -> Result<Timestamp> {
    text.parse()
        .map_err(|e: jiff::Error| decode_error(id, column, e))
}

fn read_row(row: &AnyRow) -> Result<QueuedMail> {
    let id: String = row.try_get(0)?;
    let language: String = row.try_get(3)?;
    let attachments: String = row.try_get(7)?;
    let status: String = row.try_get(9)?;
    let next_attempt_at: String = row.try_get(11)?;
    let created_at: String = row.try_get(13)?;
    let sent_at: Option<String> = row.try_get(14)?;
    let attachments: Vec<StoredAttachment> =
        serde_json::from_str(&attachments).map_err(|e| decode_error(&id, "attachments", e))?;
    let attachments = attachments
        .into_iter()
        .map(|a| {
            Ok(Attachment {
                content: BASE64
                    .decode(&a.content)
                    .map_err(|e| decode_error(&id, "attachments", e))?,
                name: a.name,
                media_type: a.media_type,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mail = OutgoingMail {
        forum: row.try_get::<Option<String>, _>(1)?.map(Id::from_text),
        recipient: row.try_get(2)?,
        language: Lang::parse(&language)
            .ok_or_else(|| decode_error(&id, "language", format!("unknown `{language}`")))?,
        subject: row.try_get(4)?,
        text_body: row.try_get(5)?,
        html_body: row.try_get(6)?,
        attachments,
        dedupe_key: row.try_get(8)?,
        not_before: None,
        id: Id::from_text(id.clone()),
    };
    Ok(QueuedMail {
        status: MailStatus::parse(&status)
            .ok_or_else(|| decode_error(&id, "status", format!("unknown `{status}`")))?,
        attempts: row.try_get(10)?,
        next_attempt_at: read_time(&id, "next_attempt_at", &next_attempt_at)?,
        last_error: row.try_get(12)?,
        created_at: read_time(&id, "created_at", &created_at)?,
        sent_at: sent_at.map(|t| read_time(&id, "sent_at", &t)).transpose()?,
        mail,
    })
}

impl Store {
    /// Queues a mail for sending. Returns false, and queues nothing, when a mail with the same
    /// dedupe key was queued before (whatever became of it).
    pub async fn enqueue_mail(&self, mail: &OutgoingMail) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let done = insert_mail(&mut tx, mail).await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Claims up to `limit` mails that are due at `now` (queued ones, and ones whose sender's
    /// lease has ended), oldest first, for the caller to send: each is marked as being sent
    /// until `now` + [`MAIL_LEASE`] and counts one more attempt. A mail is claimed by one
    /// sender only, however many nodes ask at once.
    pub async fn claim_due_mail(&self, now: Timestamp, limit: i64) -> Result<Vec<QueuedMail>> {
        let lease_end = now
            .checked_add(MAIL_LEASE)
            .map_err(|e| decode_error("-", "next_attempt_at", e))?;
        // PostgreSQL: rows another node is claiming right now are skipped, rows it claimed a
        // moment ago no longer match when they are locked. SQLite: the write lock is held.
        let lock = match self.backend() {
            Backend::Postgres => " for update skip locked",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "select {COLUMNS} from outbox where status in ('queued', 'sending') \
             and next_attempt_at <= $1 order by next_attempt_at, id limit $2{lock}"
        );
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(stamp(now))
            .bind(limit.max(0))
            .fetch_all(&mut *tx)
            .await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut mail = read_row(row)?;
            let done = sqlx::query(
                "update outbox set status = 'sending', attempts = attempts + 1, \
                 next_attempt_at = $2 where id = $1 and status = $3 and next_attempt_at = $4",
            )
            .bind(mail.mail.id.as_str())
            .bind(stamp(lease_end))
            .bind(mail.status.as_str())
            .bind(stamp(mail.next_attempt_at))
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                mail.status = MailStatus::Sending;
                mail.attempts += 1;
                mail.next_attempt_at = lease_end;
                claimed.push(mail);
            }
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// Records that a mail was handed to the transport at `now`. Returns false when there is
    /// no such mail or it was already marked sent.
    pub async fn mark_sent(&self, id: &Id, now: Timestamp) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "update outbox set status = 'sent', sent_at = $2, last_error = null \
             where id = $1 and status <> 'sent'",
        )
        .bind(id.as_str())
        .bind(stamp(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records that sending a claimed mail failed: it is queued again for `next_attempt_at`,
    /// or, with None, given up (status failed). Returns false when the mail is not being sent
    /// (any more), and then changes nothing.
    pub async fn mark_failed(
        &self,
        id: &Id,
        error: &str,
        next_attempt_at: Option<Timestamp>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let query = match next_attempt_at {
            Some(next) => sqlx::query(
                "update outbox set status = 'queued', last_error = $2, next_attempt_at = $3 \
                 where id = $1 and status = 'sending'",
            )
            .bind(id.as_str())
            .bind(error)
            .bind(stamp(next)),
            None => sqlx::query(
                "update outbox set status = 'failed', last_error = $2 \
                 where id = $1 and status = 'sending'",
            )
            .bind(id.as_str())
            .bind(error),
        };
        let done = query.execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// How many mails wait to be sent or are being sent (for monitoring).
    pub async fn outbox_len(&self) -> Result<i64> {
        let row = sqlx::query("select count(*) from outbox where status in ('queued', 'sending')")
            .fetch_one(&self.pools.read)
            .await?;
        Ok(row.try_get(0)?)
    }

    /// The outbox as an operator watches it: how many mails are queued, due, being sent and
    /// failed, and since when the longest-waiting due mail is due (one query).
    pub async fn outbox_figures(&self) -> Result<OutboxFigures> {
        let now = stamp(Timestamp::now());
        let row = sqlx::query(
            "select \
               coalesce(sum(case when status = 'queued' then 1 else 0 end), 0), \
               coalesce(sum(case when status = 'queued' and next_attempt_at <= $1 then 1 else 0 end), 0), \
               coalesce(sum(case when status = 'sending' then 1 else 0 end), 0), \
               coalesce(sum(case when status = 'failed' then 1 else 0 end), 0), \
               min(case when status = 'queued' and next_attempt_at <= $1 then next_attempt_at end) \
             from outbox where status <> 'sent'",
        )
        .bind(now)
        .fetch_one(&self.pools.read)
        .await?;
        let oldest_due: Option<String> = row.try_get(4)?;
        Ok(OutboxFigures {
            queued: row.try_get(0)?,
            due: row.try_get(1)?,
            sending: row.try_get(2)?,
            failed: row.try_get(3)?,
            oldest_due: oldest_due
                .map(|t| read_time("-", "next_attempt_at", &t))
                .transpose()?,
        })
    }

    /// One mail of the outbox with its delivery state, if there is one with this id.
    pub async fn outbox_mail(&self, id: &Id) -> Result<Option<QueuedMail>> {
        let sql = format!("select {COLUMNS} from outbox where id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id.as_str())
            .fetch_optional(&self.pools.read)
            .await?;
        row.as_ref().map(read_row).transpose()
    }
}

/// Queues a mail inside the caller's write transaction (the mail about a write is queued with
/// it or not at all). False when a mail with the same dedupe key was queued before.
pub(crate) async fn insert_mail(conn: &mut AnyConnection, mail: &OutgoingMail) -> Result<bool> {
    let now = Timestamp::now();
    let attachments: Vec<StoredAttachment> = mail
        .attachments
        .iter()
        .map(|a| StoredAttachment {
            name: a.name.clone(),
            media_type: a.media_type.clone(),
            content: BASE64.encode(&a.content),
        })
        .collect();
    let attachments = serde_json::to_string(&attachments)
        .map_err(|e| decode_error(mail.id.as_str(), "attachments", e))?;
    let done = sqlx::query(
        "insert into outbox (id, forum_id, recipient, language, subject, text_body, \
             html_body, attachments, dedupe_key, status, attempts, next_attempt_at, created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', 0, $10, $11) \
             on conflict (dedupe_key) do nothing",
    )
    .bind(mail.id.as_str())
    .bind(mail.forum.as_ref().map(|f| f.as_str().to_owned()))
    .bind(mail.recipient.as_str())
    .bind(mail.language.code())
    .bind(mail.subject.as_str())
    .bind(mail.text_body.as_str())
    .bind(mail.html_body.as_str())
    .bind(attachments)
    .bind(mail.dedupe_key.clone())
    .bind(stamp(mail.not_before.unwrap_or(now)))
    .bind(stamp(now))
    .execute(&mut *conn)
    .await
    .map_err(
        |e| match e.as_database_error().map(sqlx::error::DatabaseError::kind) {
            Some(ErrorKind::UniqueViolation) => StoreError::Conflict {
                field: "id".to_owned(),
                message: format!("a mail with the id {} is already queued", mail.id),
            },
            _ => StoreError::Database(e),
        },
    )?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_sort_as_text_like_the_times_they_stand_for() {
        let a: Timestamp = "2026-03-01T09:00:00Z".parse().unwrap();
        let b: Timestamp = "2026-03-01T09:00:00.5Z".parse().unwrap();
        let c: Timestamp = "2026-03-01T10:00:00Z".parse().unwrap();
        assert_eq!(stamp(a), "2026-03-01T09:00:00.000000Z");
        assert!(stamp(a) < stamp(b) && stamp(b) < stamp(c));
        assert_eq!(stamp(b).parse::<Timestamp>().unwrap(), b);
    }
}
