//! Tables of the information collections and their entries.

use urbis_domain::knowledge::{Collection, Entry};

use crate::table::{Stored, Value};

impl Stored for Collection {
    const COLUMNS: &'static [&'static str] = &["slug"];
    const UNIQUE: &'static [(&'static str, &'static str)] = &[("slug", "slug")];

    fn values(&self) -> Vec<Value> {
        vec![Value::text(&self.slug)]
    }
}

impl Stored for Entry {
    const COLUMNS: &'static [&'static str] =
        &["collection_id", "kind", "author_id", "pinned", "archived"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::id(&self.collection),
            Value::name(&self.kind),
            Value::opt_id(self.author.as_ref()),
            Value::flag(self.pinned),
            Value::flag(self.archived),
        ]
    }
}

/// What each member last saw and follows: the tables behind "what's new" and the digest.
mod visits {
    use std::collections::HashMap;

    use jiff::Timestamp;
    use sqlx::{AssertSqlSafe, Row};
    use urbis_domain::audit::AuditAction;
    use urbis_domain::{Access, Id, Kind};

    use crate::accounts::stamp;
    use crate::error::{Result, StoreError};
    use crate::store::Store;

    fn read_time(text: &str) -> Result<Timestamp> {
        text.parse().map_err(|e: jiff::Error| {
            StoreError::Database(sqlx::Error::Decode(
                format!("collection visit time {text}: {e}").into(),
            ))
        })
    }

    impl Store {
        /// Notes that a user looks at a collection now; returns the visit before, if any.
        pub async fn record_visit(
            &self,
            user: &Id,
            collection: &Id,
            now: Timestamp,
        ) -> Result<Option<Timestamp>> {
            let mut tx = self.begin_write().await?;
            let before: Option<String> = sqlx::query(
                "select visited_at from collection_visits where user_id = $1 and collection_id = $2",
            )
            .bind(user.as_str())
            .bind(collection.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.try_get(0))
            .transpose()?;
            sqlx::query(
                "insert into collection_visits (user_id, collection_id, visited_at) \
                 values ($1, $2, $3) on conflict (user_id, collection_id) \
                 do update set visited_at = excluded.visited_at",
            )
            .bind(user.as_str())
            .bind(collection.as_str())
            .bind(stamp(now))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            before.as_deref().map(read_time).transpose()
        }

        /// Per collection the user has visited, how many entries they may see (`visible`) were
        /// added since, archived ones left out: one query for the whole list.
        pub async fn new_entry_counts(
            &self,
            forum: &Id,
            user: &Id,
            visible: Access,
        ) -> Result<HashMap<String, i64>> {
            let levels = visible.visible_levels();
            let placeholders: Vec<String> =
                (0..levels.len()).map(|i| format!("${}", i + 3)).collect();
            let sql = format!(
                "select e.collection_id, count(*) from entries e \
                 join collection_visits v on v.collection_id = e.collection_id and v.user_id = $2 \
                 where e.forum_id = $1 and e.archived = 0 and e.created_at > v.visited_at \
                 and e.access in ({}) group by e.collection_id",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(AssertSqlSafe(sql))
                .bind(forum.as_str())
                .bind(user.as_str());
            for level in levels {
                query = query.bind(level.as_str());
            }
            let mut counts = HashMap::new();
            for row in query.fetch_all(&self.pools.read).await? {
                counts.insert(row.try_get::<String, _>(0)?, row.try_get::<i64, _>(1)?);
            }
            Ok(counts)
        }

        /// Follows (true) or stops following (false) a collection; following twice is once.
        pub async fn set_following(
            &self,
            user: &Id,
            collection: &Id,
            follow: bool,
            now: Timestamp,
        ) -> Result<()> {
            let mut tx = self.begin_write().await?;
            if follow {
                sqlx::query(
                    "insert into collection_follows (user_id, collection_id, created_at) \
                     values ($1, $2, $3) on conflict (user_id, collection_id) do nothing",
                )
                .bind(user.as_str())
                .bind(collection.as_str())
                .bind(stamp(now))
                .execute(&mut *tx)
                .await?;
            } else {
                sqlx::query(
                    "delete from collection_follows where user_id = $1 and collection_id = $2",
                )
                .bind(user.as_str())
                .bind(collection.as_str())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        }

        /// The collections a user follows.
        pub async fn followed_collections(&self, user: &Id) -> Result<Vec<Id>> {
            let rows = sqlx::query(
                "select collection_id from collection_follows where user_id = $1 \
                 order by collection_id",
            )
            .bind(user.as_str())
            .fetch_all(&self.pools.read)
            .await?;
            rows.iter()
                .map(|r| Ok(Id::from_text(r.try_get::<String, _>(0)?)))
                .collect()
        }

        /// Every (user, collection) follow of the installation, for the weekly digest.
        pub async fn all_follows(&self) -> Result<Vec<(Id, Id)>> {
            let rows = sqlx::query(
                "select user_id, collection_id from collection_follows \
                 order by collection_id, user_id",
            )
            .fetch_all(&self.pools.read)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        Id::from_text(r.try_get::<String, _>(0)?),
                        Id::from_text(r.try_get::<String, _>(1)?),
                    ))
                })
                .collect()
        }

        /// The names of the accounts that added these entries (from the audit log), by entry
        /// id, in one query: who wrote an entry when they have no person record.
        pub async fn entry_adders(&self, entries: &[Id]) -> Result<HashMap<String, String>> {
            let mut names = HashMap::new();
            for chunk in entries.chunks(500) {
                let placeholders: Vec<String> =
                    (1..=chunk.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "select a.record_id, u.body from audit_log a join users u on u.id = a.actor_id \
                     where a.action = '{}' and a.record_kind = '{}' and a.record_id in ({})",
                    AuditAction::Create,
                    Kind::Entry,
                    placeholders.join(", ")
                );
                let mut query = sqlx::query(AssertSqlSafe(sql));
                for id in chunk {
                    query = query.bind(id.as_str());
                }
                for row in query.fetch_all(&self.pools.read).await? {
                    let body: String = row.try_get(1)?;
                    if let Ok(user) = serde_json::from_str::<urbis_domain::accounts::User>(&body) {
                        names.insert(row.try_get::<String, _>(0)?, user.name);
                    }
                }
            }
            Ok(names)
        }
    }
}
