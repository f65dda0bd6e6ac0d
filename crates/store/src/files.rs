//! The text extracted from uploaded files, kept beside the record that holds the file, so that
//! search can index it; written and removed in the same transaction as that record.

use jiff::Timestamp;
use sqlx::{AnyConnection, Row};
use urbis_domain::Id;

use crate::accounts::stamp;
use crate::audit;
use crate::error::{Result, StoreError};
use crate::records::{check_refs, delete_row, insert_row};
use crate::store::Store;
use crate::table::Stored;

fn body_of<R: Stored>(record: &R) -> Result<serde_json::Value> {
    serde_json::to_value(record).map_err(|e| StoreError::Corrupt {
        kind: R::KIND,
        id: record.id().to_string(),
        message: e.to_string(),
    })
}

async fn put_text(conn: &mut AnyConnection, key: &str, text: &str) -> Result<()> {
    sqlx::query(
        "insert into file_texts (file_key, text, created_at) values ($1, $2, $3) \
         on conflict (file_key) do update set text = excluded.text",
    )
    .bind(key)
    .bind(text)
    .bind(stamp(Timestamp::now()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// The text extracted from the file stored under `key`, if any was found in it.
    pub async fn file_text(&self, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("select text from file_texts where file_key = $1")
            .bind(key)
            .fetch_optional(&self.pools.read)
            .await?;
        Ok(row.map(|r| r.try_get::<String, _>(0)).transpose()?)
    }

    /// Stores a new record that holds a file together with the file's text (none when the
    /// file has no text to search): both or neither.
    pub async fn insert_with_file_text<R: Stored>(
        &self,
        record: &R,
        file: Option<(&str, &str)>,
    ) -> Result<()> {
        record.check()?;
        let mut tx = self.begin_write().await?;
        check_refs(&mut tx, record).await?;
        insert_row(&mut tx, record).await?;
        if let Some((key, text)) = file {
            put_text(&mut tx, key, text).await?;
        }
        let new = body_of(record)?;
        audit::record_change(&mut tx, self.actor.as_ref(), record, None, Some(&new)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a record and the text of its file (`file_key`), in one transaction.
    pub async fn delete_with_file_text<R: Stored>(
        &self,
        id: &Id,
        file_key: Option<&str>,
    ) -> Result<()> {
        let record: R = self.get(id).await?;
        let mut tx = self.begin_write().await?;
        let old = audit::stored_body::<R>(&mut tx, id).await?;
        delete_row::<R>(&mut tx, id).await?;
        if let Some(key) = file_key {
            sqlx::query("delete from file_texts where file_key = $1")
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        audit::record_change(&mut tx, self.actor.as_ref(), &record, old.as_ref(), None).await?;
        tx.commit().await?;
        Ok(())
    }
}
