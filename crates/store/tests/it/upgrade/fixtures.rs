//! The upgrade fixtures in `tests/fixtures/upgrade`: a store of every released schema version
//! on both databases (`sqlite/NNNN.sql.gz` made by `sqlite3 .dump`, `postgres/NNNN.sql.gz` by
//! `pg_dump --inserts`, comments left out), backups of a few (`backups/BACKEND-NNNN.zip`, the layout of `urbis
//! backup`), and the checksums of the released migrations (`checksums.txt`).
//!
//! Every released migration is immutable, so a store of version N is made with the current
//! migration files 1..N and filled by the generator: one reference store at the newest version
//! (the storage tests' document with a record of every kind, plus an account, its grant,
//! session, tokens, mail, visits, follows, a file's text, a subscription, limits, a notice),
//! whose rows are copied into every table (and column) that version has. After a new migration,
//! run (needs `sqlite3` and PostgreSQL's `pg_dump`, like the test cluster's binaries):
//!
//! ```text
//! cargo test -p urbis-store --test it upgrade::fixtures::generate -- --ignored
//! ```
//!
//! and commit the new files; the older ones stay as they are (released versions).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use sqlx::{AnyConnection, AssertSqlSafe, Connection, Executor};
use urbis_domain::Lang;
use urbis_domain::accounts::{ForumRole, Grant, User, UserStatus};
use urbis_domain::network::Topic;
use urbis_store::{Backend, BackupSink, ListQuery, Migrations, Store, TableShape};
use urbis_testkit::TestDb;

use crate::common;

/// The versions (and databases) kept as backups too.
pub const BACKUPS: &[(Backend, i64)] = &[
    (Backend::Sqlite, 1),
    (Backend::Sqlite, 4),
    (Backend::Sqlite, 8),
    (Backend::Postgres, 10),
    (Backend::Sqlite, 12),
    (Backend::Sqlite, 16),
];

/// The file key whose text the fixtures hold (and whose bytes the backups carry).
pub const FILE_KEY: &str = "files/upgrade-fixture.txt";
/// The token hash of the fixture's session.
pub const SESSION_HASH: &str = "fixture-session-hash";

/// The fixtures' directory.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade")
}

/// Which database a test database is.
pub fn backend_of(db: &TestDb) -> Backend {
    if db.url().starts_with("sqlite") {
        Backend::Sqlite
    } else {
        Backend::Postgres
    }
}

fn name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// The dump of the store of `version` on `backend` (gzip-compressed SQL).
pub fn dump(backend: Backend, version: i64) -> PathBuf {
    dir()
        .join(name(backend))
        .join(format!("{version:04}.sql.gz"))
}

/// The backup of the store of `version` made on `backend`.
pub fn backup(backend: Backend, version: i64) -> PathBuf {
    dir()
        .join("backups")
        .join(format!("{}-{version:04}.zip", name(backend)))
}

/// A fresh database of the same system as `db`.
pub async fn fresh(db: &TestDb) -> TestDb {
    match backend_of(db) {
        Backend::Sqlite => urbis_testkit::sqlite(),
        Backend::Postgres => urbis_testkit::postgres().await,
    }
}

/// A direct connection to a test database (SQLite: created if missing).
pub async fn connect(db: &TestDb) -> AnyConnection {
    sqlx::any::install_default_drivers();
    let url = match backend_of(db) {
        Backend::Sqlite => format!("{}?mode=rwc", db.url()),
        Backend::Postgres => db.url().to_owned(),
    };
    AnyConnection::connect(&url).await.expect("connects")
}

/// Loads the fixture store of `version` into the empty database `db`, as it was (not migrated).
pub async fn load(db: &TestDb, version: i64) {
    let path = dump(backend_of(db), version);
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (see upgrade/fixtures.rs)", path.display()));
    let mut sql = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut sql)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut conn = connect(db).await;
    conn.execute(sqlx::raw_sql(AssertSqlSafe(sql)))
        .await
        .unwrap_or_else(|e| panic!("{} loads: {e}", path.display()));
    conn.close().await.expect("closes");
}

/// A backup held in memory: each table's columns and rows, by table name.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rows {
    /// Columns and rows per table.
    pub tables: BTreeMap<String, (Vec<String>, Vec<Vec<Value>>)>,
    current: Option<String>,
}

impl BackupSink for Rows {
    fn table(&mut self, shape: &TableShape) -> std::io::Result<()> {
        self.tables
            .insert(shape.name.clone(), (shape.columns.clone(), Vec::new()));
        self.current = Some(shape.name.clone());
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> std::io::Result<()> {
        let table = self.current.as_ref().expect("a table first");
        if let Some((_, rows)) = self.tables.get_mut(table) {
            rows.push(values.to_vec());
        }
        Ok(())
    }
}

/// Every row of a store, read as a backup reads it, and its schema version.
pub async fn rows(store: &Store) -> (i64, Rows) {
    let mut rows = Rows::default();
    let counts = store.backup(&mut rows).await.expect("backs up");
    rows.current = None;
    (counts.schema_version, rows)
}

/// The reference store: every table of the newest schema holds rows.
async fn reference() -> (TestDb, Store) {
    let db = urbis_testkit::sqlite();
    let store = common::open(&db).await;
    store.import(common::full()).await.expect("imports");
    let mut conn = connect(&db).await;
    let forum: String = sqlx::query_scalar("select forum_id from registrations limit 1")
        .fetch_one(&mut conn)
        .await
        .expect("a registration");
    let mut user = User::new("ann@example.org", "Ann Example", Lang::De);
    user.status = UserStatus::Active;
    user.grants = vec![Grant {
        forum: urbis_domain::Id::from_text(forum),
        role: ForumRole::Admin,
        organisation: None,
    }];
    store.insert_user(&user).await.expect("user inserts");
    // One change by the user: an audit entry and a numbered change.
    let mut topics: Vec<Topic> = store.list(&ListQuery::everything()).await.expect("lists");
    let topic = topics.first_mut().expect("a topic");
    topic.access = urbis_domain::Access::Members;
    let acting = store.acting_as(Some(&user.id));
    acting.update(topic).await.expect("updates");
    let at = "'2026-01-05T10:00:00.000000Z'";
    let until = "'2099-01-01T00:00:00.000000Z'";
    let statements = [
        "update users set password_hash = '$argon2id$v=19$fixture', recovery_codes = '[\"h1\"]'"
            .to_owned(),
        format!(
            "insert into sessions select '{SESSION_HASH}', id, {at}, {until}, {at}, 1, \
             '192.0.2.1', 'fixture' from users"
        ),
        format!(
            "insert into tokens select 'fixture-token-hash', id, 'password_reset', {at}, \
             {until}, null from users"
        ),
        format!("insert into login_throttle values ('fixture-throttle', 2, {at})"),
        format!(
            "insert into outbox (id, forum_id, recipient, language, subject, text_body, \
             html_body, attachments, dedupe_key, status, attempts, next_attempt_at, last_error, \
             created_at, sent_at) select '0190f1c0-0000-7000-8000-000000000001', forum_id, \
             'ann@example.org', 'de', 'Betreff', 'Text', '<p>Text</p>', '[]', 'fixture-mail', \
             'queued', 0, {at}, null, {at}, null from registrations limit 1"
        ),
        "insert into registration_tokens select id, 'fixture-registration-hash' \
         from registrations limit 1"
            .to_owned(),
        format!("insert into calendar_tokens select id, 'fixture-calendar-hash', {at} from users"),
        format!(
            "insert into collection_visits select u.id, c.id, {at} from users u, collections c"
        ),
        format!(
            "insert into collection_follows select u.id, c.id, {at} from users u, collections c"
        ),
        format!(
            "insert into file_texts values ('{FILE_KEY}', 'the text of an uploaded file', {at})"
        ),
        format!(
            "insert into deadline_subscriptions select '0190f1c0-0000-7000-8000-000000000002', \
             forum_id, id, 'ann@example.org', 'de', 'fixture-deadline-token', {at}, {at} \
             from funding_calls limit 1"
        ),
        format!(
            "insert into api_tokens select '0190f1c0-0000-7000-8000-000000000003', id, \
             'fixture', 'read', 'fixture-api-hash', {at} from users"
        ),
        "insert into rate_limits values ('fixture-limit', 1767600000, 1767603600, 3)".to_owned(),
        format!(
            "insert into registration_confirmations select id, 'fixture-confirmation-hash', \
             {until} from registrations limit 1"
        ),
        format!(
            "insert into notices select '0190f1c0-0000-7000-8000-000000000004', \
             'registration_promoted', id, {at} from registrations limit 1"
        ),
    ];
    for sql in statements {
        conn.execute(AssertSqlSafe(sql.clone()))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    conn.close().await.expect("closes");
    (db, store)
}

/// The columns a table of the database has.
async fn columns(conn: &mut AnyConnection, backend: Backend, table: &str) -> Vec<String> {
    let sql = match backend {
        Backend::Sqlite => "select name from pragma_table_info($1)",
        Backend::Postgres => {
            "select column_name::text from information_schema.columns \
             where table_schema = current_schema() and table_name = $1"
        }
    };
    sqlx::query_scalar(sql)
        .bind(table)
        .fetch_all(conn)
        .await
        .expect("columns")
}

/// A store of `version` on a fresh database like `db`, holding the reference rows its tables
/// and columns have room for.
async fn store_of(db: &TestDb, version: i64, reference: &Rows) -> Store {
    let migrations = Migrations::of(backend_of(db)).up_to(version);
    let store = Store::open_with(db.url(), &migrations)
        .await
        .expect("opens");
    let mut conn = connect(db).await;
    let mut restore = store.restore(version).await.expect("restores");
    for table in restore.tables() {
        let (all, rows) = &reference.tables[&table];
        let here = columns(&mut conn, backend_of(db), &table).await;
        let keep: Vec<usize> = (0..all.len()).filter(|&i| here.contains(&all[i])).collect();
        let shape = TableShape {
            name: table.clone(),
            columns: keep.iter().map(|&i| all[i].clone()).collect(),
        };
        restore.start_table(&shape).await.expect("table");
        for row in rows {
            let values = keep.iter().map(|&i| row[i].clone()).collect();
            restore.row(values).await.expect("row");
        }
    }
    restore.commit().await.expect("commits");
    conn.close().await.expect("closes");
    store
}

/// The text of a dump of `db` as the database's own tool writes it.
fn dump_text(db: &TestDb) -> String {
    let output = match backend_of(db) {
        Backend::Sqlite => Command::new("sqlite3")
            .arg(db.url().trim_start_matches("sqlite://"))
            .arg(".dump")
            .output(),
        Backend::Postgres => Command::new(pg_dump())
            .args(["--inserts", "--no-owner", "--no-privileges", "--dbname"])
            .arg(db.url())
            .output(),
    }
    .expect("the dump tool runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    // psql's meta-commands (`\restrict`) are not SQL, and comments only take room; the rest
    // runs through any client.
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('\\') && !l.starts_with("--") && !l.is_empty())
        .collect();
    lines.join("\n") + "\n"
}

fn pg_dump() -> PathBuf {
    if let Some(dir) = std::env::var_os("URBIS_PG_BIN") {
        return Path::new(&dir).join("pg_dump");
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin/pg_dump"))
        .filter(|p| p.exists())
        .collect();
    found.sort();
    found.pop().unwrap_or_else(|| PathBuf::from("pg_dump"))
}

/// Writes a backup of `store` in the layout of `urbis backup`, with the fixture's file.
async fn write_backup(store: &Store, backend: Backend, path: &Path) {
    let (version, rows) = rows(store).await;
    let file = std::fs::File::create(path).expect("creates");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    let mut counts = BTreeMap::new();
    for (table, (columns, values)) in &rows.tables {
        zip.start_file(format!("tables/{table}.jsonl"), options)
            .expect("starts");
        writeln!(zip, "{}", serde_json::to_string(columns).expect("JSON")).expect("writes");
        for row in values {
            writeln!(zip, "{}", serde_json::to_string(row).expect("JSON")).expect("writes");
        }
        counts.insert(table.clone(), values.len());
    }
    zip.start_file(format!("objects/{FILE_KEY}"), options)
        .expect("starts");
    zip.write_all(b"an uploaded file").expect("writes");
    let manifest = json!({
        "format": "urbis-backup",
        "version": 1,
        "urbis": env!("CARGO_PKG_VERSION"),
        "backend": name(backend),
        "created": "2026-01-05T10:00:00Z",
        "schema_version": version,
        "tables": counts,
        "files": 1,
    });
    zip.start_file("manifest.json", options).expect("starts");
    zip.write_all(&serde_json::to_vec_pretty(&manifest).expect("JSON"))
        .expect("writes");
    zip.finish().expect("finishes");
}

/// Writes every fixture anew (see the module's documentation).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes the upgrade fixtures; run after adding a migration"]
async fn generate() {
    let (_reference_db, reference) = reference().await;
    let (_, all) = rows(&reference).await;
    for (table, (_, values)) in &all.tables {
        assert!(!values.is_empty(), "the reference leaves {table} empty");
    }
    let mut checksums = String::new();
    for (version, description, sum) in Migrations::of(Backend::Sqlite).checksums() {
        checksums.push_str(&format!("sqlite {version:04} {sum} {description}\n"));
    }
    for (version, description, sum) in Migrations::of(Backend::Postgres).checksums() {
        checksums.push_str(&format!("postgres {version:04} {sum} {description}\n"));
    }
    std::fs::create_dir_all(dir().join("backups")).expect("dir");
    std::fs::write(dir().join("checksums.txt"), checksums).expect("writes");
    for backend in [Backend::Sqlite, Backend::Postgres] {
        std::fs::create_dir_all(dir().join(name(backend))).expect("dir");
        for version in 1..=Migrations::of(backend).newest() {
            let db = match backend {
                Backend::Sqlite => urbis_testkit::sqlite(),
                Backend::Postgres => urbis_testkit::postgres().await,
            };
            let store = store_of(&db, version, &all).await;
            if BACKUPS.contains(&(backend, version)) {
                write_backup(&store, backend, &backup(backend, version)).await;
            }
            store.close().await;
            let file = std::fs::File::create(dump(backend, version)).expect("creates");
            let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
            gz.write_all(dump_text(&db).as_bytes()).expect("writes");
            gz.finish().expect("finishes");
        }
    }
}
