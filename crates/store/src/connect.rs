//! Opening the store: which database a URL names, its pools, and its migrations.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, ConnectOptions, Connection, Executor};

use crate::error::{Result, StoreError};
use crate::schema::Migrations;

/// The default database of `urbis` without configuration.
pub const DEFAULT_URL: &str = "sqlite://data/urbis.db";

/// The two database systems urbis runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (the default).
    Sqlite,
    /// A PostgreSQL server (for scale-out).
    Postgres,
}

/// A database URL, checked and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    url: String,
    file: Option<PathBuf>,
}

impl DatabaseUrl {
    /// Parses `sqlite://relative/path`, `sqlite:///absolute/path` or `postgres://…`.
    pub fn parse(text: &str) -> Result<Self> {
        if let Some(rest) = text.strip_prefix("sqlite://") {
            let path = rest.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(StoreError::Connect(format!(
                    "database URL `{text}` names no file (write sqlite://data/urbis.db or sqlite:///abs/path.db)"
                )));
            }
            let file = PathBuf::from(path);
            Ok(Self {
                backend: Backend::Sqlite,
                url: format!("sqlite://{}?mode=rwc", file.display()),
                file: Some(file),
            })
        } else if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Ok(Self {
                backend: Backend::Postgres,
                url: text.to_owned(),
                file: None,
            })
        } else {
            Err(StoreError::Connect(format!(
                "database URL `{}` is not supported: it must start with sqlite:// or postgres://",
                redact(text)
            )))
        }
    }

    /// Which database system.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The SQLite file, for SQLite.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user_info = &url[scheme + 3..at];
            match user_info.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// The pools of an open store: on SQLite one writer connection (writes queue in the process
/// instead of failing with "database is locked") and several readers; on PostgreSQL one pool.
#[derive(Debug, Clone)]
pub(crate) struct Pools {
    pub(crate) backend: Backend,
    pub(crate) read: AnyPool,
    pub(crate) write: AnyPool,
}

/// SQLite settings for every connection: WAL for concurrent readers, foreign keys, a generous
/// busy timeout for writers in other processes.
const SQLITE_PRAGMAS: &str = "pragma journal_mode = wal; pragma synchronous = normal; \
     pragma foreign_keys = on; pragma busy_timeout = 30000;";

impl Pools {
    pub(crate) async fn open(url: &DatabaseUrl, migrations: &Migrations) -> Result<Self> {
        if migrations.backend() != url.backend {
            return Err(StoreError::Connect(format!(
                "the migrations given are for another database system than {}",
                describe(url)
            )));
        }
        install_default_drivers();
        if let Some(dir) = url.file().and_then(Path::parent)
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Connect(format!(
                    "cannot create the directory {}: {e}",
                    dir.display()
                ))
            })?;
        }
        let options = AnyConnectOptions::from_str(&url.url).map_err(|e| connect_error(url, &e))?;
        // One direct attempt first: a pool would retry until its timeout and then report only
        // that it timed out, hiding the cause (refused, wrong password, no such database).
        let probe = tokio::time::timeout(Duration::from_secs(15), options.connect()).await;
        match probe {
            Ok(Ok(conn)) => conn.close().await.map_err(|e| connect_error(url, &e))?,
            Ok(Err(e)) => return Err(connect_error(url, &e)),
            Err(_) => {
                return Err(StoreError::Connect(format!(
                    "cannot open {}: no answer within 15 seconds",
                    describe(url)
                )));
            }
        }
        let pools = match url.backend {
            Backend::Sqlite => {
                let read = sqlite_pool(4).connect_with(options.clone()).await;
                let read = read.map_err(|e| connect_error(url, &e))?;
                let write = sqlite_pool(1).connect_with(options).await;
                let write = write.map_err(|e| connect_error(url, &e))?;
                Pools {
                    backend: Backend::Sqlite,
                    read,
                    write,
                }
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(options)
                    .await
                    .map_err(|e| connect_error(url, &e))?;
                Pools {
                    backend: Backend::Postgres,
                    read: pool.clone(),
                    write: pool,
                }
            }
        };
        if let Err(error) = crate::schema::upgrade(&pools.write, migrations).await {
            pools.read.close().await;
            pools.write.close().await;
            return Err(error);
        }
        Ok(pools)
    }
}

fn sqlite_pool(connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(60))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(SQLITE_PRAGMAS).await?;
                Ok(())
            })
        })
}

fn describe(url: &DatabaseUrl) -> String {
    match &url.file {
        Some(file) => format!("the SQLite file {}", file.display()),
        None => format!("the PostgreSQL database {}", redact(&url.url)),
    }
}

fn connect_error(url: &DatabaseUrl, error: &sqlx::Error) -> StoreError {
    StoreError::Connect(format!("cannot open {}: {error}", describe(url)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_supported_urls() {
        let relative = DatabaseUrl::parse("sqlite://data/urbis.db").unwrap();
        assert_eq!(relative.file(), Some(Path::new("data/urbis.db")));
        let absolute = DatabaseUrl::parse("sqlite:///tmp/x/urbis.db").unwrap();
        assert_eq!(absolute.file(), Some(Path::new("/tmp/x/urbis.db")));
        let pg = DatabaseUrl::parse("postgres://u:secret@localhost/urbis").unwrap();
        assert_eq!(pg.backend(), Backend::Postgres);
    }

    #[test]
    fn rejects_other_urls_without_showing_passwords() {
        let err = DatabaseUrl::parse("mysql://root:hunter2@db/urbis").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("sqlite:// or postgres://"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }
}
