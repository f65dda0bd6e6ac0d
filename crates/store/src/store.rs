//! The store handle every other layer holds.

use sqlx::AssertSqlSafe;
use urbis_domain::Id;

use crate::audit;
use crate::connect::{Backend, DatabaseUrl, Pools};
use crate::error::{Result, StoreError};
use crate::records::{
    ListQuery, RECORD_COLUMNS, check_refs, count_grouped_rows, count_rows, delete_row, from_row,
    insert_row, list_rows, update_row,
};
use crate::schema::Migrations;
use crate::table::Stored;
use crate::write::WriteTx;

/// The relational store, the one truth of urbis: cheap to clone, safe to share.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pools: Pools,
    /// The account on whose behalf changes are made, for the audit log.
    pub(crate) actor: Option<Id>,
    /// Woken after each committed write (see [`Store::change_signal`]).
    pub(crate) changed: std::sync::Arc<tokio::sync::Notify>,
    /// Write transactions ended so far (see [`Store::write_generation`]).
    pub(crate) writes: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// The forum tree shared lists need, kept between writes.
    pub(crate) forum_tree: std::sync::Arc<crate::sharing::KeptTree>,
    /// Which reference targets few records carry, kept between writes.
    pub(crate) carriers: std::sync::Arc<crate::resolve::KeptCarriers>,
}

impl Store {
    /// Opens the database a URL names, creating a SQLite file and its directory when missing,
    /// and brings its schema up to date.
    /// A database another urbis migrated further is refused, and so is one whose upgrade
    /// fails; either is left as it was.
    pub async fn open(url: &str) -> Result<Self> {
        let parsed = DatabaseUrl::parse(url)?;
        Self::open_with(url, &Migrations::of(parsed.backend())).await
    }

    /// Opens the database like [`Store::open`], bringing its schema up to `migrations` instead
    /// of this build's (a store of an earlier release; a restore of an older backup; tests).
    pub async fn open_with(url: &str, migrations: &Migrations) -> Result<Self> {
        let url = DatabaseUrl::parse(url)?;
        Ok(Self {
            pools: Pools::open(&url, migrations).await?,
            actor: None,
            changed: std::sync::Arc::default(),
            writes: std::sync::Arc::default(),
            forum_tree: std::sync::Arc::default(),
            carriers: std::sync::Arc::default(),
        })
    }

    /// Which database system the store runs on.
    pub fn backend(&self) -> Backend {
        self.pools.backend
    }

    /// The connection pools as (name, open connections, idle connections), for metrics.
    pub fn pool_status(&self) -> Vec<(&'static str, u32, usize)> {
        match self.pools.backend {
            Backend::Sqlite => vec![
                ("read", self.pools.read.size(), self.pools.read.num_idle()),
                (
                    "write",
                    self.pools.write.size(),
                    self.pools.write.num_idle(),
                ),
            ],
            Backend::Postgres => vec![("all", self.pools.read.size(), self.pools.read.num_idle())],
        }
    }

    /// Closes every connection (waits for running queries).
    pub async fn close(&self) {
        self.pools.read.close().await;
        self.pools.write.close().await;
    }

    /// After a bulk load (an import, a restore), gathers PostgreSQL's table statistics at
    /// once instead of leaving it to autovacuum a minute later: until then the planner knows
    /// nothing of the rows and the first pages after a large load could scan whole tables.
    /// SQLite plans by its indexes alone and needs nothing.
    pub(crate) async fn refresh_statistics(&self) -> Result<()> {
        if self.pools.backend == Backend::Postgres {
            sqlx::query("analyze").execute(&self.pools.write).await?;
        }
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`begin
    /// immediate`), so a transaction never fails half-way because another writer came first.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx> {
        let tx = match self.pools.backend {
            Backend::Sqlite => self.pools.write.begin_with("begin immediate").await?,
            Backend::Postgres => self.pools.write.begin().await?,
        };
        Ok(WriteTx::new(tx, self.writes.clone()))
    }

    /// Stores a new record after checking its rules and its references.
    pub async fn insert<R: Stored>(&self, record: &R) -> Result<()> {
        record.check()?;
        let mut tx = self.begin_write().await?;
        check_refs(&mut tx, record).await?;
        insert_row(&mut tx, record).await?;
        let new = json_of(record)?;
        audit::record_change(&mut tx, self.actor.as_ref(), record, None, Some(&new)).await?;
        tx.commit().await?;
        self.notify_change();
        Ok(())
    }

    /// Replaces a stored record, marking it as changed now.
    pub async fn update<R: Stored>(&self, record: &mut R) -> Result<()> {
        record.touch();
        record.check()?;
        let mut tx = self.begin_write().await?;
        check_refs(&mut tx, record).await?;
        let old = audit::stored_body::<R>(&mut tx, record.id()).await?;
        update_row(&mut tx, record).await?;
        let new = json_of(record)?;
        audit::record_change(
            &mut tx,
            self.actor.as_ref(),
            record,
            old.as_ref(),
            Some(&new),
        )
        .await?;
        tx.commit().await?;
        self.notify_change();
        Ok(())
    }

    /// Deletes a record that nothing refers to any more.
    pub async fn delete<R: Stored>(&self, id: &Id) -> Result<()> {
        let record: R = self.get(id).await?;
        let mut tx = self.begin_write().await?;
        let old = audit::stored_body::<R>(&mut tx, id).await?;
        delete_row::<R>(&mut tx, id).await?;
        audit::record_change(&mut tx, self.actor.as_ref(), &record, old.as_ref(), None).await?;
        tx.commit().await?;
        self.notify_change();
        Ok(())
    }

    /// Reads one record by id, whatever its access level: callers apply the access policy.
    pub async fn get<R: Stored>(&self, id: &Id) -> Result<R> {
        let sql = format!(
            "select {RECORD_COLUMNS} from {} where id = $1",
            R::KIND.plural()
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id.as_str())
            .fetch_optional(&self.pools.read)
            .await?;
        match row {
            Some(row) => from_row(&row),
            None => Err(StoreError::NotFound {
                kind: R::KIND,
                id: id.clone(),
            }),
        }
    }

    /// Reads the records with these ids (those that exist), in one query; callers apply the
    /// access policy.
    pub async fn get_many<R: Stored>(&self, ids: &[Id]) -> Result<Vec<R>> {
        let mut records = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "select {RECORD_COLUMNS} from {} where id in ({})",
                R::KIND.plural(),
                placeholders.join(", ")
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(&self.pools.read).await? {
                records.push(from_row(&row)?);
            }
        }
        Ok(records)
    }

    /// Lists the records a query selects, with the access filter inside the query.
    pub async fn list<R: Stored>(&self, query: &ListQuery) -> Result<Vec<R>> {
        let query = self.resolved::<R>(query).await?;
        list_rows(&self.pools.read, &query).await
    }

    /// Counts the records a query selects.
    pub async fn count<R: Stored>(&self, query: &ListQuery) -> Result<i64> {
        let query = self.resolved::<R>(query).await?;
        count_rows::<R, _>(&self.pools.read, &query).await
    }

    /// Counts the records a query selects per value of `column` (entries per collection …)
    /// in one query, so a page never counts row by row.
    pub async fn count_by<R: Stored>(
        &self,
        query: &ListQuery,
        column: &'static str,
    ) -> Result<std::collections::HashMap<String, i64>> {
        let query = self.resolved::<R>(query).await?;
        count_grouped_rows::<R, _>(&self.pools.read, &query, column).await
    }

    /// The forum with this short name (any case), or an error that names the known ones.
    pub async fn forum_named(&self, short_name: &str) -> Result<urbis_domain::network::Forum> {
        let forums = self.forums().await?;
        if let Some(forum) = forums
            .iter()
            .find(|f| f.short_name.eq_ignore_ascii_case(short_name))
        {
            return Ok(forum.clone());
        }
        let known: Vec<&str> = forums.iter().map(|f| f.short_name.as_str()).collect();
        Err(StoreError::UnknownForum {
            name: short_name.to_owned(),
            known: known.join(", "),
        })
    }

    /// The forum an installation presents when none is named: the one with the most active
    /// members (a national forum rather than its umbrella); none when no forum is stored.
    pub async fn main_forum(&self) -> Result<Option<urbis_domain::network::Forum>> {
        let mut best: Option<(i64, urbis_domain::network::Forum)> = None;
        for forum in self.forums().await? {
            let query = ListQuery::new(&forum.id, urbis_domain::Access::Staff).filter(
                "status",
                crate::table::Value::name(&urbis_domain::network::MembershipStatus::Active),
            );
            let members = self
                .count::<urbis_domain::network::Membership>(&query)
                .await?;
            if best.as_ref().is_none_or(|(n, _)| members > *n) {
                best = Some((members, forum));
            }
        }
        Ok(best.map(|(_, forum)| forum))
    }

    /// Lists the forums of the installation, an umbrella before its forums.
    pub async fn forums(&self) -> Result<Vec<urbis_domain::network::Forum>> {
        let forums = self.list(&ListQuery::everything()).await?;
        let mut dataset = urbis_domain::Dataset::new();
        dataset.forums = forums
            .into_iter()
            .map(|forum| urbis_domain::ForumData {
                forum: Some(forum),
                ..Default::default()
            })
            .collect();
        dataset.sort_forums();
        Ok(dataset.forums.into_iter().filter_map(|d| d.forum).collect())
    }
}

/// A record's JSON form, as the audit log compares it.
pub(crate) fn json_of<R: Stored>(record: &R) -> Result<serde_json::Value> {
    serde_json::to_value(record).map_err(|e| StoreError::Corrupt {
        kind: R::KIND,
        id: record.id().to_string(),
        message: e.to_string(),
    })
}
