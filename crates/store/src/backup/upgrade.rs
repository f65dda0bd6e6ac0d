//! Restoring a backup of an earlier schema version: its rows go into a scratch SQLite store of
//! that version (in a temporary directory), which is then migrated like any store of that
//! release and copied, table by table, into the store being restored. The store itself sees a
//! single write transaction; a damaged backup or a failing migration leaves it untouched.

use futures_util::TryStreamExt;
use sqlx::AssertSqlSafe;

use crate::connect::Backend;
use crate::error::{Result, StoreError};
use crate::schema::Migrations;
use crate::store::Store;

use super::catalog::{referenced_first, tables};
use super::read::value;
use super::restore::{Loader, bad_backup};
use super::{TableShape, quoted};

/// The scratch store an older backup is restored into, and the restore into it.
pub(super) struct Scratch {
    /// The restore into the scratch store.
    pub(super) loader: Loader,
    url: String,
    version: i64,
    /// Removed with the scratch store when the restore ends, however it ends.
    _dir: tempfile::TempDir,
}

fn scratch_error(error: impl std::fmt::Display) -> StoreError {
    StoreError::Connect(format!(
        "cannot make a scratch store to migrate the backup in: {error}"
    ))
}

impl Scratch {
    /// An empty scratch store of schema `version`, ready to take a backup of that version.
    pub(super) async fn open(version: i64) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("urbis-restore-")
            .tempdir()
            .map_err(scratch_error)?;
        let file = dir.path().join("scratch.db");
        let Some(file) = file.to_str() else {
            return Err(scratch_error("the temporary directory's path is not UTF-8"));
        };
        let url = format!("sqlite://{file}");
        let migrations = Migrations::of(Backend::Sqlite).up_to(version);
        if !migrations
            .checksums()
            .iter()
            .any(|(known, _, _)| *known == version)
        {
            return Err(bad_backup(format!(
                "its schema version {version} is not one urbis ever had"
            )));
        }
        let store = Store::open_with(&url, &migrations).await?;
        let loader = store.loader().await?;
        Ok(Self {
            loader,
            url,
            version,
            _dir: dir,
        })
    }

    /// Commits the backup into the scratch store, brings that up to this build's schema and
    /// copies every row into `into` (not committed: the caller commits).
    pub(super) async fn migrate_into(self, into: &mut Loader) -> Result<()> {
        let Self {
            loader,
            url,
            version,
            _dir,
        } = self;
        loader.commit().await?;
        // The scratch store's own handle closes with its loader; this one migrates it.
        let store = Store::open(&url).await.map_err(|error| {
            StoreError::Schema(format!(
                "the backup (schema version {version}) cannot be migrated: {error}"
            ))
        })?;
        let copied = copy(&store, into).await;
        store.close().await;
        copied
    }
}

/// Copies every row of `from` into `into`, referenced tables first.
async fn copy(from: &Store, into: &mut Loader) -> Result<()> {
    let mut conn = from.pools.read.acquire().await?;
    let ours: Vec<String> = into.tables().iter().map(|t| t.name.clone()).collect();
    for table in referenced_first(tables(&mut conn, Backend::Sqlite).await?)? {
        if !ours.contains(&table.name) {
            return Err(StoreError::Schema(format!(
                "the migrated backup has a table `{}` this store lacks",
                table.name
            )));
        }
        let columns: Vec<String> = table.columns.iter().map(|(c, _)| c.clone()).collect();
        into.start_table(&TableShape {
            name: table.name.clone(),
            columns: columns.clone(),
        })
        .await?;
        let list: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        let sql = format!(
            "select {} from {} order by 1",
            list.join(", "),
            quoted(&table.name)
        );
        let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&mut *conn);
        while let Some(row) = rows.try_next().await? {
            let values = (0..columns.len())
                .map(|i| value(&row, i))
                .collect::<Result<Vec<_>>>()?;
            into.row(values).await?;
        }
    }
    Ok(())
}
