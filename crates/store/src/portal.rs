//! Tables of the information portal: publications and funding calls.

use urbis_domain::portal::{FundingCall, Publication};

use crate::table::{Stored, Value};

impl Stored for Publication {
    const COLUMNS: &'static [&'static str] =
        &["kind", "published", "project_id", "event_id", "shared"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::name(&self.kind),
            Value::date(self.published.as_ref()),
            Value::opt_id(self.project.as_ref()),
            Value::opt_id(self.event.as_ref()),
            Value::text(self.shared.as_str()),
        ]
    }
}

impl Stored for FundingCall {
    const COLUMNS: &'static [&'static str] = &["funder_id", "next_deadline", "shared"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::opt_id(self.funder.as_ref()),
            Value::date(self.deadlines.last().map(|d| &d.date)),
            Value::text(self.shared.as_str()),
        ]
    }
}

/// Deadline reminders of the portal: a visitor's subscription to a funding call's deadlines.
mod reminders {
    use jiff::Timestamp;
    use sqlx::Row;
    use sqlx::any::AnyRow;
    use urbis_domain::{Id, Lang};

    use crate::accounts::stamp;
    use crate::error::{Result, StoreError};
    use crate::store::Store;

    /// A subscription to the deadline reminders of one funding call.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeadlineSubscription {
        /// Its id.
        pub id: Id,
        /// The forum.
        pub forum: Id,
        /// The funding call.
        pub call: Id,
        /// Where reminders go.
        pub email: String,
        /// The language of the mails.
        pub language: Lang,
        /// The secret of the confirm and unsubscribe links.
        pub token: String,
        /// When the subscriber confirmed through the mailed link (no reminders before).
        pub confirmed: Option<Timestamp>,
    }

    const COLUMNS: &str = "id, forum_id, call_id, email, language, token, confirmed_at";

    fn read(row: &AnyRow) -> Result<DeadlineSubscription> {
        let language: String = row.try_get(4)?;
        let confirmed: Option<String> = row.try_get(6)?;
        Ok(DeadlineSubscription {
            id: Id::from_text(row.try_get::<String, _>(0)?),
            forum: Id::from_text(row.try_get::<String, _>(1)?),
            call: Id::from_text(row.try_get::<String, _>(2)?),
            email: row.try_get(3)?,
            language: Lang::parse(&language).unwrap_or(Lang::En),
            token: row.try_get(5)?,
            confirmed: confirmed
                .map(|c| c.parse())
                .transpose()
                .map_err(|e: jiff::Error| {
                    StoreError::Database(sqlx::Error::Decode(e.to_string().into()))
                })?,
        })
    }

    impl Store {
        /// Subscribes an address to a call's deadline reminders, unconfirmed until the mailed
        /// link is used; subscribing again gives the subscription a fresh token (the earlier
        /// links stop working) and keeps its confirmation.
        pub async fn subscribe_deadlines(
            &self,
            forum: &Id,
            call: &Id,
            email: &str,
            language: Lang,
            token: &str,
            now: Timestamp,
        ) -> Result<DeadlineSubscription> {
            let mut tx = self.begin_write().await?;
            sqlx::query(
                "insert into deadline_subscriptions \
                 (id, forum_id, call_id, email, language, token, created_at) \
                 values ($1, $2, $3, $4, $5, $6, $7) on conflict (call_id, email) \
                 do update set token = excluded.token, language = excluded.language",
            )
            .bind(Id::new().as_str())
            .bind(forum.as_str())
            .bind(call.as_str())
            .bind(email)
            .bind(language.code())
            .bind(token)
            .bind(stamp(now))
            .execute(&mut *tx)
            .await?;
            let sql = format!("select {COLUMNS} from deadline_subscriptions where token = $1");
            let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(token)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            read(&row)
        }

        /// The subscription a link's token names.
        pub async fn deadline_subscription(
            &self,
            token: &str,
        ) -> Result<Option<DeadlineSubscription>> {
            let sql = format!("select {COLUMNS} from deadline_subscriptions where token = $1");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(token)
                .fetch_optional(&self.pools.read)
                .await?
                .as_ref()
                .map(read)
                .transpose()
        }

        /// Confirms the subscription a token names; false when there is none.
        pub async fn confirm_deadlines(&self, token: &str, now: Timestamp) -> Result<bool> {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query(
                "update deadline_subscriptions set confirmed_at = coalesce(confirmed_at, $2) \
                 where token = $1",
            )
            .bind(token)
            .bind(stamp(now))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(done.rows_affected() > 0)
        }

        /// Ends the subscription a token names; false when there is none.
        pub async fn unsubscribe_deadlines(&self, token: &str) -> Result<bool> {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query("delete from deadline_subscriptions where token = $1")
                .bind(token)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(done.rows_affected() > 0)
        }

        /// The subscriptions made with an address (compared without case), for the person's
        /// copy of their data.
        pub async fn deadline_subscriptions_of(
            &self,
            email: &str,
        ) -> Result<Vec<DeadlineSubscription>> {
            let sql = format!(
                "select {COLUMNS} from deadline_subscriptions where lower(email) = $1 \
                 order by created_at, id"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(email.trim().to_lowercase())
                .fetch_all(&self.pools.read)
                .await?
                .iter()
                .map(read)
                .collect()
        }

        /// Every confirmed subscription, for the reminder job.
        pub async fn confirmed_deadline_subscriptions(&self) -> Result<Vec<DeadlineSubscription>> {
            let sql = format!(
                "select {COLUMNS} from deadline_subscriptions where confirmed_at is not null \
                 order by call_id, id"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&self.pools.read)
                .await?
                .iter()
                .map(read)
                .collect()
        }
    }
}

pub use reminders::DeadlineSubscription;
