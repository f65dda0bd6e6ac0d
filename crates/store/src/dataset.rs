//! Export and import of whole forums: the store side of the interchange document.

use sqlx::{AnyConnection, AssertSqlSafe, Row};
use urbis_domain::advocacy::{AdvocacyAction, Cooperation, Outreach};
use urbis_domain::events::{Event, Registration, Series};
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::{
    Appointment, Forum, Membership, Organisation, Person, Topic, TopicPlan,
};
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::{FundingApplication, Project};
use urbis_domain::report::ReportText;
use urbis_domain::{Access, Dataset, ForumData, Id, Kind, Problems, for_each_record_type};

use crate::audit;
use crate::changes::{self, Operation};
use crate::connect::Backend;
use crate::error::{Result, StoreError};
use crate::records::{ListQuery, insert_row, list_rows, missing};
use crate::store::Store;

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// Forums written.
    pub forums: usize,
    /// Records written, forums included.
    pub records: usize,
}

macro_rules! per_kind {
    ($($ty:ident $field:ident,)*) => {
        /// Reads every record of one forum, each list ordered by id.
        async fn read_lists(conn: &mut AnyConnection, data: &mut ForumData, forum: &Id) -> Result<()> {
            $(
                data.$field = list_rows::<$ty, _>(&mut *conn, &ListQuery::new(forum, Access::Staff)).await?;
            )*
            Ok(())
        }

        /// Writes every record of one forum; an error names the record's path in the document.
        async fn write_lists(conn: &mut AnyConnection, data: &ForumData, prefix: &str) -> Result<usize> {
            let mut written = 0;
            $(
                for (i, record) in data.$field.iter().enumerate() {
                    insert_row(&mut *conn, record)
                        .await
                        .map_err(|e| at_path(&format!("{prefix}.{}[{i}]", stringify!($field)), e))?;
                    written += 1;
                }
            )*
            Ok(written)
        }
    };
}
for_each_record_type!(per_kind);

/// Places a write error of one record at its path in the document.
fn at_path(path: &str, error: StoreError) -> StoreError {
    let mut problems = Problems::new();
    match error {
        StoreError::Conflict { field, message } => {
            let at = if field.is_empty() {
                path.to_owned()
            } else {
                format!("{path}.{field}")
            };
            problems.push(at, message);
        }
        StoreError::Invalid(inner) => problems.extend_at(path, inner),
        other => return other,
    }
    StoreError::Invalid(problems)
}

impl Store {
    /// Writes every forum of the installation with all its records, from one consistent
    /// snapshot, in a stable order: the same store always gives the same document.
    pub async fn export(&self) -> Result<Dataset> {
        self.export_of(None).await
    }

    /// Writes one forum with all its records, the same way [`Store::export`] writes each: the
    /// document another installation imports to take the forum over.
    pub async fn export_forum(&self, forum: &Id) -> Result<Dataset> {
        self.export_of(Some(forum)).await
    }

    async fn export_of(&self, only: Option<&Id>) -> Result<Dataset> {
        let mut conn = self.pools.read.acquire().await?;
        let begin = match self.pools.backend {
            Backend::Sqlite => "begin",
            Backend::Postgres => "begin isolation level repeatable read read only",
        };
        sqlx::query(begin).execute(&mut *conn).await?;
        let result = self.export_in(&mut conn, only).await;
        sqlx::query("rollback").execute(&mut *conn).await?;
        result
    }

    async fn export_in(&self, conn: &mut AnyConnection, only: Option<&Id>) -> Result<Dataset> {
        let forums: Vec<Forum> = list_rows(&mut *conn, &ListQuery::everything()).await?;
        let mut dataset = Dataset::new();
        for forum in forums
            .into_iter()
            .filter(|f| only.is_none_or(|id| &f.id == id))
        {
            dataset.forums.push(ForumData {
                forum: Some(forum),
                ..Default::default()
            });
        }
        dataset.sort_forums();
        for data in &mut dataset.forums {
            let id = data
                .forum
                .as_ref()
                .map(|f| f.id.clone())
                .unwrap_or_default();
            read_lists(conn, data, &id).await?;
            data.audit = audit::forum_entries(conn, &id).await?;
        }
        Ok(dataset)
    }

    /// Imports a document: checks everything first, then writes it in one transaction. On any
    /// problem nothing is written and every problem found is returned with its path.
    pub async fn import(&self, mut dataset: Dataset) -> Result<ImportSummary> {
        let external = dataset.prepare().map_err(StoreError::Invalid)?;
        dataset.sort_forums();
        let mut tx = self.begin_write().await?;
        let mut problems = Problems::new();
        let absent = missing(
            &mut tx,
            external.iter().map(|r| (r.path.as_str(), r.kind, &r.id)),
        )
        .await?;
        for (path, kind, id) in absent {
            problems.push(path, format!("there is no {kind} with id `{id}`"));
        }
        for (f, data) in dataset.forums.iter().enumerate() {
            let Some(forum) = &data.forum else { continue };
            let clash = sqlx::query(AssertSqlSafe(
                "select id from forums where id = $1 or short_name_key = $2".to_owned(),
            ))
            .bind(forum.id.as_str())
            .bind(forum.short_name.to_lowercase())
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(row) = clash {
                let existing: String = row.try_get(0)?;
                problems.push(
                    format!("forums[{f}].forum"),
                    format!(
                        "a forum with the short name {} or its id is already stored (as {existing}); \
                         nothing was imported (remove or rename that forum first, or import into \
                         another installation)",
                        forum.short_name
                    ),
                );
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let mut records = 0;
        for (f, data) in dataset.forums.iter().enumerate() {
            let prefix = format!("forums[{f}]");
            if let Some(forum) = &data.forum {
                insert_row(&mut tx, forum)
                    .await
                    .map_err(|e| at_path(&format!("{prefix}.forum"), e))?;
                records += 1;
            }
            records += write_lists(&mut tx, data, &prefix).await?;
            if let Some(forum) = &data.forum {
                for entry in &data.audit {
                    audit::write_entry(&mut tx, &forum.id, entry).await?;
                }
                changes::log(
                    &mut tx,
                    Kind::Forum,
                    &forum.id,
                    &forum.id,
                    Operation::Import,
                )
                .await?;
            }
        }
        tx.commit().await?;
        self.notify_change();
        self.refresh_statistics().await?;
        Ok(ImportSummary {
            forums: dataset.forums.len(),
            records,
        })
    }

    /// True when no forum is stored yet.
    pub async fn is_empty(&self) -> Result<bool> {
        let row = sqlx::query("select count(*) from forums")
            .fetch_one(&self.pools.read)
            .await?;
        Ok(row.try_get::<i64, _>(0)? == 0)
    }
}
