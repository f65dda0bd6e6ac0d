//! Real databases for the tests of urbis: a fresh SQLite file in a temporary directory, or a fresh
//! PostgreSQL database in a throwaway cluster that is started once per test process from the
//! machine's PostgreSQL server binaries.
//!
//! ```no_run
//! # async fn example() {
//! let db = urbis_testkit::postgres().await;
//! // connect to db.url() with the store under test …
//! let file = urbis_testkit::sqlite();
//! assert!(file.url().starts_with("sqlite:///"));
//! # }
//! ```
//!
//! The cluster lives in a temporary directory and is stopped and removed by a small watchdog
//! process when the test process ends, however it ends. As root (PostgreSQL refuses to run as
//! root) the cluster runs as the unprivileged system user `urbis-pg` (or `URBIS_PG_USER`), which
//! is created if it is missing. The server binaries are taken from `URBIS_PG_BIN` (a directory),
//! else `initdb`/`postgres` on `PATH`, else the newest `/usr/lib/postgresql/*/bin`.

pub mod cluster;
pub mod fuzz;
mod pg;
pub mod smtp;
mod sys;

use std::path::{Path, PathBuf};

pub use smtp::TestSmtp;

/// The store, for the tests of the layers above the application (the web's tests arrange and
/// inspect what is stored with it, where the crate under test may only go through the app).
pub use urbis_store as store;

/// Why a test database could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory of the harness could not be made.
    #[error("{what}: {source}")]
    Io {
        /// What the harness was doing.
        what: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The throwaway PostgreSQL cluster could not be started (the message says why and what to do).
    #[error("the throwaway PostgreSQL cluster for tests could not be started: {0}")]
    Cluster(String),
    /// A server of a cluster test (S3, nginx) could not be started (the message says why).
    #[error("{0}")]
    Service(String),
    /// The cluster runs, but a fresh database could not be created in it.
    #[error(
        "could not create the test database `{name}` in the throwaway PostgreSQL cluster: {source}"
    )]
    CreateDatabase {
        /// The name of the database.
        name: String,
        /// The underlying error.
        #[source]
        source: sqlx::Error,
    },
}

/// A database that belongs to one test.
///
/// Dropping it removes what belongs to it alone: the temporary directory of a SQLite database.
/// A PostgreSQL database is left in the cluster, which goes away with the test process.
#[derive(Debug)]
pub struct TestDb {
    url: String,
    dir: PathBuf,
    /// Removes the SQLite directory on drop.
    _sqlite_dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// The connection URL: `sqlite:///abs/path/urbis.db` or
    /// `postgres://postgres@127.0.0.1:<port>/t_<n>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The directory that holds the database's files: the SQLite database's own temporary
    /// directory, or the base directory of the PostgreSQL cluster (shared by every PostgreSQL
    /// database of this test process; removed by the watchdog after the process ends).
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// A fresh SQLite database: a new temporary directory and the URL `sqlite:///abs/path/urbis.db`
/// of a file in it that does not exist yet (the store creates it).
///
/// # Panics
/// If the temporary directory cannot be made; see [`try_sqlite`] for the fallible form.
#[track_caller]
pub fn sqlite() -> TestDb {
    match try_sqlite() {
        Ok(db) => db,
        Err(e) => panic!("urbis-testkit: {e}"),
    }
}

/// Like [`sqlite`], but returns the error instead of panicking.
pub fn try_sqlite() -> Result<TestDb, Error> {
    let dir = tempfile::Builder::new()
        .prefix("urbis-test-")
        .tempdir()
        .map_err(|source| Error::Io {
            what: "creating a temporary directory for a SQLite test database".into(),
            source,
        })?;
    let path = std::path::absolute(dir.path()).map_err(|source| Error::Io {
        what: format!("making {} absolute", dir.path().display()),
        source,
    })?;
    let file = path.join("urbis.db");
    let Some(file_str) = file.to_str() else {
        return Err(Error::Io {
            what: format!("the temporary path {} is not UTF-8", file.display()),
            source: std::io::Error::from(std::io::ErrorKind::InvalidFilename),
        });
    };
    Ok(TestDb {
        url: format!("sqlite://{file_str}"),
        dir: path,
        _sqlite_dir: Some(dir),
    })
}

/// A fresh, empty PostgreSQL database (`CREATE DATABASE t_<n>`) in the throwaway cluster of this
/// test process, which is started on the first call (a few seconds) and shared by all tests of
/// the process, whichever runtime they run on.
///
/// # Panics
/// If no PostgreSQL server binaries are found (the message says what to install), or the cluster
/// does not start (the message holds the server log); see [`try_postgres`] for the fallible form.
pub async fn postgres() -> TestDb {
    match try_postgres().await {
        Ok(db) => db,
        Err(e) => panic!("urbis-testkit: {e}"),
    }
}

/// Like [`postgres`], but returns the error instead of panicking.
pub async fn try_postgres() -> Result<TestDb, Error> {
    let cluster = pg::cluster().await?;
    let name = cluster.create_database().await?;
    Ok(TestDb {
        url: cluster.url(&name),
        dir: cluster.base().to_path_buf(),
        _sqlite_dir: None,
    })
}

/// Runs each named test function (an `async fn(TestDb)`) twice: on a fresh SQLite file and on a
/// fresh database of the throwaway PostgreSQL cluster — the same suite on both stores.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::sqlite()).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::postgres().await).await
                }
            )*
        }
    };
}
