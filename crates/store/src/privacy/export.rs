//! What is stored about a person, found for the export and for the erasure's plan: who
//! refers to a record, registrations, accounts, audit entries, mail and mentions.

use sqlx::{AssertSqlSafe, Row};
use urbis_domain::accounts::{User, normalise_email};
use urbis_domain::audit::AuditEntry;
use urbis_domain::events::Registration;
use urbis_domain::{Id, Kind};

use crate::error::Result;
use crate::mail::QueuedMail;
use crate::records::{ListQuery, list_rows};
use crate::store::Store;
use crate::table::Value;

use super::corrupt;
use super::scrub::entry_from_row;

fn user_from_body(body: &str, id: &str) -> Result<User> {
    serde_json::from_str(body).map_err(|e| corrupt(Kind::Person, id, format!("user: {e}")))
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
}
