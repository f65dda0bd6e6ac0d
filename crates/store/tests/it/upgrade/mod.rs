//! Upgrades: a store of every released schema version (the fixtures, `fixtures.rs`) opens with
//! this build, is migrated and keeps every row, readable by the store's normal reads; a backup
//! of an older version restores and is migrated; a failing migration leaves the store as it
//! was; a store or backup of a newer urbis is refused, naming both versions.

pub mod fixtures;

use jiff::Timestamp;
use serde_json::Value;
use sqlx::{AnyConnection, Connection};
use urbis_store::{Backend, ListQuery, Migrations, Store, StoreError};
use urbis_testkit::TestDb;

use fixtures::{Rows, backend_of, connect, fresh, load, rows};

urbis_testkit::on_both_databases!(
    every_released_schema_is_migrated_with_its_data,
    an_older_backup_is_restored_and_migrated,
    a_failing_migration_leaves_the_store_as_it_was,
    a_store_of_a_newer_urbis_is_refused,
    a_backup_of_a_newer_urbis_is_refused,
);

/// The released migrations are as `checksums.txt` lists them: a released migration is never
/// edited (a store that applied it would refuse to start), only new ones are added.
#[test]
fn released_migrations_are_unchanged() {
    let path = fixtures::dir().join("checksums.txt");
    let listed = std::fs::read_to_string(&path).expect("checksums.txt");
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let name = if backend == Backend::Sqlite {
            "sqlite"
        } else {
            "postgres"
        };
        let ours = Migrations::of(backend).checksums();
        for line in listed.lines().filter(|l| l.starts_with(name)) {
            let mut parts = line.splitn(4, ' ');
            let (_, version, sum) = (parts.next(), parts.next(), parts.next());
            let version: i64 = version.and_then(|v| v.parse().ok()).expect("a version");
            let now = ours.iter().find(|(v, _, _)| *v == version);
            let now = now.unwrap_or_else(|| panic!("{name} migration {version} was removed"));
            assert_eq!(
                Some(now.2.as_str()),
                sum,
                "{name} migration {version} ({}) was edited after its release: add a new \
                 migration instead",
                now.1
            );
        }
        let released = listed.lines().filter(|l| l.starts_with(name)).count();
        assert_eq!(
            released,
            ours.len(),
            "{name}: a new migration needs its fixtures and checksum: run the generator (see \
             tests/it/upgrade/fixtures.rs)"
        );
    }
}

/// The rows of the newest fixture: what every older one must become.
async fn newest_rows(db: &TestDb) -> Rows {
    let newest = Migrations::of(backend_of(db)).newest();
    let target = fresh(db).await;
    load(&target, newest).await;
    let store = Store::open(target.url()).await.expect("opens");
    let (version, rows) = rows(&store).await;
    assert_eq!(version, newest);
    store.close().await;
    rows
}

/// `store`, migrated from `version` (whose rows were `at_version`), holds every row of
/// `expected` in the tables that existed at `version` and nothing in the tables added since;
/// its records, accounts and their pieces read back through the store's normal reads.
async fn check_migrated(store: &Store, version: i64, at_version: &Rows, expected: &Rows) {
    let newest = Migrations::of(store.backend()).newest();
    let (now, after) = rows(store).await;
    assert_eq!(now, newest, "version {version} is migrated to the newest");
    for (table, (columns, values)) in &after.tables {
        match at_version.tables.get(table) {
            Some((_, before)) => {
                let (want_columns, want) = &expected.tables[table];
                assert_eq!(columns, want_columns, "{table} after migrating {version}");
                assert_eq!(before.len(), values.len(), "{table} keeps its rows");
                assert_eq!(values, want, "{table} migrated from version {version}");
            }
            None => assert!(values.is_empty(), "{table} is new since {version}"),
        }
    }
    // The store's normal reads: every record parses, the accounts' pieces are found.
    let dataset = store.export().await.expect("every record reads");
    let records: usize = dataset
        .forums
        .iter()
        .map(|f| f.organisations.len() + f.events.len() + f.topics.len())
        .sum();
    assert!(records > 0, "version {version}: records are exported");
    let forums: Vec<urbis_domain::network::Forum> = store
        .list(&ListQuery::everything())
        .await
        .expect("forums list");
    assert_eq!(forums.len(), 2, "version {version}");
    if at_version.tables.contains_key("users") {
        let session = store
            .session(fixtures::SESSION_HASH, Timestamp::now())
            .await;
        let session = session.expect("reads").expect("the session is there");
        let user = store.user(&session.user).await.expect("reads");
        assert_eq!(user.expect("the user").email, "ann@example.org");
        let forum = &forums.iter().find(|f| f.umbrella.is_some()).expect("TF").id;
        let users = store.users_of_forum(forum).await.expect("reads");
        assert_eq!(
            users.len(),
            1,
            "version {version}: the user keeps their role"
        );
    }
    if at_version.tables.contains_key("file_texts") {
        let text = store.file_text(fixtures::FILE_KEY).await.expect("reads");
        assert!(text.is_some(), "version {version}: the file's text is kept");
    }
    if at_version.tables.contains_key("outbox") {
        assert_eq!(store.outbox_len().await.expect("reads"), 1);
    }
}

async fn every_released_schema_is_migrated_with_its_data(db: TestDb) {
    let backend = backend_of(&db);
    let expected = newest_rows(&db).await;
    for version in 1..=Migrations::of(backend).newest() {
        let target = fresh(&db).await;
        load(&target, version).await;
        let old = Migrations::of(backend).up_to(version);
        let store = Store::open_with(target.url(), &old).await.expect("opens");
        let (stored, at_version) = rows(&store).await;
        assert_eq!(stored, version, "the fixture of version {version}");
        store.close().await;
        let store = Store::open(target.url()).await.expect("migrates");
        check_migrated(&store, version, &at_version, &expected).await;
        store.close().await;
    }
}

/// Restores `backup` (rows of `version`) into `store`.
async fn restore(store: &Store, version: i64, backup: &Rows) -> urbis_store::Result<()> {
    let mut restore = store.restore(version).await?;
    for table in restore.tables() {
        let Some((columns, values)) = backup.tables.get(&table) else {
            continue;
        };
        let shape = urbis_store::TableShape {
            name: table.clone(),
            columns: columns.clone(),
        };
        restore.start_table(&shape).await?;
        for row in values {
            restore.row(row.clone()).await?;
        }
    }
    restore.commit().await?;
    Ok(())
}

async fn an_older_backup_is_restored_and_migrated(db: TestDb) {
    let backend = backend_of(&db);
    let expected = newest_rows(&db).await;
    for version in [1, 8, 12] {
        let source = fresh(&db).await;
        load(&source, version).await;
        let old = Migrations::of(backend).up_to(version);
        let store = Store::open_with(source.url(), &old).await.expect("opens");
        let (_, backup) = rows(&store).await;
        store.close().await;

        let target = fresh(&db).await;
        let store = Store::open(target.url()).await.expect("opens");
        // A damaged backup (a row that does not fit, late in the restore) writes nothing.
        let mut damaged = backup.clone();
        let (_, users_or_forums) = damaged
            .tables
            .get_mut(if version >= 2 { "users" } else { "topics" })
            .expect("a table");
        users_or_forums[0][0] = Value::from(42);
        let refused = restore(&store, version, &damaged).await;
        assert!(refused.is_err(), "version {version}: {refused:?}");
        assert!(store.is_empty().await.expect("reads"), "nothing restored");
        assert_eq!(
            rows(&store)
                .await
                .1
                .tables
                .values()
                .map(|t| t.1.len())
                .sum::<usize>(),
            0
        );

        restore(&store, version, &backup).await.expect("restores");
        check_migrated(&store, version, &backup, &expected).await;
        store.close().await;
    }
}

/// The schema of a database: its tables, columns and indexes.
async fn schema(conn: &mut AnyConnection, backend: Backend) -> Vec<String> {
    let sql = match backend {
        Backend::Sqlite => {
            "select type || ' ' || name || ' ' || coalesce(sql, '') from sqlite_master \
             order by type, name"
        }
        Backend::Postgres => {
            "select table_name::text || '.' || column_name::text || ' ' || data_type::text \
             from information_schema.columns where table_schema = current_schema() \
             union all select indexdef::text from pg_indexes \
             where schemaname = current_schema() order by 1"
        }
    };
    sqlx::query_scalar(sql)
        .fetch_all(conn)
        .await
        .expect("schema")
}

/// The schema, version and rows of a database, read directly.
async fn state(db: &TestDb) -> (Vec<String>, Vec<(i64, i64)>) {
    let mut conn = connect(db).await;
    let schema = schema(&mut conn, backend_of(db)).await;
    let versions: Vec<(i64, i64)> = sqlx::query_as(
        "select version, case when success then 1 else 0 end from _sqlx_migrations \
         order by version",
    )
    .fetch_all(&mut conn)
    .await
    .expect("versions");
    conn.close().await.expect("closes");
    (schema, versions)
}

async fn a_failing_migration_leaves_the_store_as_it_was(db: TestDb) {
    let backend = backend_of(&db);
    let version = 12;
    load(&db, version).await;
    let before = state(&db).await;
    let old = Migrations::of(backend).up_to(version);
    let store = Store::open_with(db.url(), &old).await.expect("opens");
    let (_, rows_before) = rows(&store).await;
    store.close().await;

    // This build's migrations 13… and then one that fails half-way through.
    let newest = Migrations::of(backend).newest();
    let broken = Migrations::of(backend).then(
        newest + 1,
        "broken",
        "create table half_done (id text primary key);\n\
         insert into half_done values ('x');\n\
         update events set body = 'broken';\n\
         insert into no_such_table values (1);",
    );
    let error = Store::open_with(db.url(), &broken).await.unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, StoreError::Schema(_)), "{error:?}");
    assert!(
        message.contains(&format!("migration {}", newest + 1))
            && message.contains(&format!("schema version {version}")),
        "{message}"
    );
    assert_eq!(
        state(&db).await,
        before,
        "schema and versions are as they were"
    );
    let store = Store::open_with(db.url(), &old).await.expect("opens");
    assert_eq!(
        rows(&store).await,
        (version, rows_before),
        "rows as they were"
    );
    store.close().await;
    // Without the broken migration the same store upgrades.
    let store = Store::open(db.url()).await.expect("migrates");
    assert_eq!(store.schema_version().await.expect("reads"), newest);
    store.close().await;
}

async fn a_store_of_a_newer_urbis_is_refused(db: TestDb) {
    let backend = backend_of(&db);
    let newest = Migrations::of(backend).newest();
    let future = Migrations::of(backend).then(
        newest + 1,
        "from the future",
        "create table from_the_future (id text primary key);",
    );
    let store = Store::open_with(db.url(), &future).await.expect("opens");
    store.close().await;
    let before = state(&db).await;
    let error = Store::open(db.url()).await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(&format!("schema version {}", newest + 1))
            && message.contains(&format!("up to {newest}"))
            && message.contains("newer urbis"),
        "{message}"
    );
    assert_eq!(state(&db).await, before, "nothing changed");
    let store = Store::open_with(db.url(), &future).await.expect("opens");
    assert_eq!(store.schema_version().await.expect("reads"), newest + 1);
    store.close().await;
}

async fn a_backup_of_a_newer_urbis_is_refused(db: TestDb) {
    let store = Store::open(db.url()).await.expect("opens");
    let newest = Migrations::of(store.backend()).newest();
    let error = store.restore(newest + 1).await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(&format!("schema version {}", newest + 1))
            && message.contains(&format!("up to {newest}")),
        "{message}"
    );
    assert!(store.is_empty().await.expect("reads"));
    store.close().await;
}
