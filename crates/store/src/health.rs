//! What readiness asks the store beyond "does a query answer": whether a SQLite database is
//! still where it was opened (a connection keeps answering from a file whose directory was
//! removed, writing into nothing another process will ever see).

use sqlx::Row;

use crate::connect::Backend;
use crate::error::Result;
use crate::store::Store;

impl Store {
    /// The SQLite database file this store has open when it is no longer on disk at its path;
    /// `None` while it is there, for an in-memory database and on PostgreSQL.
    pub async fn missing_file(&self) -> Result<Option<String>> {
        if self.pools.backend != Backend::Sqlite {
            return Ok(None);
        }
        let rows = sqlx::query("pragma database_list")
            .fetch_all(&self.pools.read)
            .await?;
        for row in rows {
            let name: String = row.try_get(1)?;
            let file: String = row.try_get(2)?;
            if name == "main" && !file.is_empty() && !std::path::Path::new(&file).exists() {
                return Ok(Some(file));
            }
        }
        Ok(None)
    }
}
