//! The schema's versions: the migrations this build knows, and bringing a database up to them.
//!
//! Every migration a database lacks is applied in **one** transaction (sqlx's own bookkeeping in
//! `_sqlx_migrations`, each migration a savepoint inside it), so an upgrade that fails anywhere
//! leaves the database exactly as it was: same schema, same version, same rows. A database that
//! a newer urbis migrated (a version this build does not know) is refused before anything is
//! touched, as is one whose released migrations were changed.

use std::collections::HashMap;

use sqlx::migrate::{Migrate, Migration, MigrationType, Migrator};
use sqlx::{AnyConnection, AnyPool, AssertSqlSafe, Connection, SqlSafeStr};

use crate::connect::Backend;
use crate::error::{Result, StoreError};

/// The table sqlx keeps the applied migrations in.
const TABLE: &str = "_sqlx_migrations";

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The migrations a database is brought up to: this build's by default; the first few of them
/// for a store of an earlier release (restoring an older backup, the upgrade tests), or with
/// one more appended (the tests of a migration that fails).
#[derive(Debug, Clone)]
pub struct Migrations {
    backend: Backend,
    list: Vec<Migration>,
}

impl Migrations {
    /// This build's migrations for a database system.
    pub fn of(backend: Backend) -> Self {
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let mut list: Vec<Migration> = migrator
            .iter()
            .filter(|m| !m.migration_type.is_down_migration())
            .cloned()
            .collect();
        list.sort_by_key(|m| m.version);
        Self { backend, list }
    }

    /// Only the migrations up to and including `version`: the schema of that release.
    #[must_use]
    pub fn up_to(mut self, version: i64) -> Self {
        self.list.retain(|m| m.version <= version);
        self
    }

    /// These migrations and one more after them.
    #[must_use]
    pub fn then(mut self, version: i64, description: &str, sql: &str) -> Self {
        self.list.push(Migration::new(
            version,
            description.to_owned().into(),
            MigrationType::Simple,
            AssertSqlSafe(sql.to_owned()).into_sql_str(),
            false,
        ));
        self
    }

    /// The database system they are written for.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The newest version among them (0 for none).
    pub fn newest(&self) -> i64 {
        self.list.iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// Each migration as (version, description, SHA-384 of its SQL in hex), oldest first: what
    /// a released migration must keep (sqlx refuses a database whose migrations changed).
    pub fn checksums(&self) -> Vec<(i64, String, String)> {
        self.list
            .iter()
            .map(|m| {
                let hex: String = m.checksum.iter().map(|b| format!("{b:02x}")).collect();
                (m.version, m.description.to_string(), hex)
            })
            .collect()
    }
}

/// The newest migration this build knows for a backend.
pub(crate) fn newest_migration(backend: Backend) -> i64 {
    Migrations::of(backend).newest()
}

fn schema_error(error: impl std::fmt::Display) -> StoreError {
    StoreError::Schema(format!("cannot migrate the database: {error}"))
}

/// Brings the database up to `migrations` in one transaction, or leaves it as it was.
pub(crate) async fn upgrade(pool: &AnyPool, migrations: &Migrations) -> Result<()> {
    let mut conn = pool.acquire().await?;
    // PostgreSQL: an advisory lock, so that nodes starting together migrate one after the
    // other (the second finds nothing left to do). SQLite: `begin immediate` below.
    conn.lock().await.map_err(schema_error)?;
    let result = upgrade_locked(&mut conn, migrations).await;
    let unlocked = conn.unlock().await.map_err(schema_error);
    result.and(unlocked)
}

async fn upgrade_locked(conn: &mut AnyConnection, migrations: &Migrations) -> Result<()> {
    let mut tx = match migrations.backend {
        Backend::Sqlite => conn.begin_with("begin immediate").await?,
        Backend::Postgres => conn.begin().await?,
    };
    tx.ensure_migrations_table(TABLE)
        .await
        .map_err(schema_error)?;
    if let Some(version) = tx.dirty_version(TABLE).await.map_err(schema_error)? {
        return Err(StoreError::Schema(format!(
            "migration {version} of the database failed part-way earlier (marked unsuccessful \
             in {TABLE}): restore a backup into an empty database"
        )));
    }
    let applied = tx
        .list_applied_migrations(TABLE)
        .await
        .map_err(schema_error)?;
    let stored = applied.iter().map(|m| m.version).max().unwrap_or(0);
    let known = migrations.newest();
    if stored > known {
        return Err(StoreError::Schema(format!(
            "the database has schema version {stored}, newer than this urbis ({}) knows \
             (up to {known}): a newer urbis has migrated it; run that version or a newer one \
             (nothing was changed)",
            env!("CARGO_PKG_VERSION")
        )));
    }
    let ours: HashMap<i64, &Migration> = migrations.list.iter().map(|m| (m.version, m)).collect();
    for done in &applied {
        match ours.get(&done.version) {
            Some(migration) if migration.checksum == done.checksum => {}
            Some(migration) => {
                return Err(StoreError::Schema(format!(
                    "migration {} ({}) was changed after the database applied it: a released \
                     migration must never be edited",
                    migration.version, migration.description
                )));
            }
            None => {
                return Err(StoreError::Schema(format!(
                    "the database has migration {} applied, which this urbis does not know",
                    done.version
                )));
            }
        }
    }
    let mut applied_now = 0;
    for migration in &migrations.list {
        if applied.iter().any(|m| m.version == migration.version) {
            continue;
        }
        // sqlx runs each migration in a transaction of its own; inside ours it is a savepoint,
        // so a later failure takes the earlier ones back too.
        if let Err(error) = tx.apply(TABLE, migration).await {
            drop(tx);
            return Err(StoreError::Schema(format!(
                "migration {} ({}) failed: {error}; the database was left as it was, at schema \
                 version {stored}",
                migration.version, migration.description
            )));
        }
        applied_now += 1;
    }
    tx.commit().await?;
    if applied_now > 0 {
        tracing::info!(from = stored, to = known, "migrated the database");
    }
    Ok(())
}
