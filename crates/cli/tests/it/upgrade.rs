//! Upgrades through the command: `urbis restore` takes a backup of an older schema version
//! (the store tests' fixtures, `crates/store/tests/fixtures/upgrade/backups`) and migrates it,
//! refuses a newer one naming both versions, and restores nothing from a damaged older one;
//! `urbis serve` refuses a database that a newer urbis migrated.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use urbis_store::{Migrations, Store};
use urbis_testkit::TestDb;

use crate::common::stderr;

urbis_testkit::on_both_databases!(
    older_backups_are_restored_and_migrated,
    a_backup_of_a_newer_urbis_is_refused,
    a_damaged_older_backup_restores_nothing,
    serve_refuses_a_database_of_a_newer_urbis,
);

/// The backups of older versions the store's fixture generator made.
fn old_backups() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/tests/fixtures/upgrade/backups");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the backup fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .collect();
    found.sort();
    assert!(found.len() >= 3, "{found:?}");
    found
}

/// Runs `urbis` on a database with its own file storage.
fn urbis(db: &TestDb, files: &Path, args: &[&str]) -> Output {
    crate::common::urbis()
        .args(args)
        .env("URBIS_DATABASE_URL", db.url())
        .env("URBIS_FILES_DIR", files)
        .env("URBIS_SEARCH_DIR", files.join("search"))
        .env_remove("URBIS_FORUM")
        .stdin(Stdio::null())
        .output()
        .expect("urbis runs")
}

async fn fresh(db: &TestDb) -> TestDb {
    if db.url().starts_with("sqlite") {
        urbis_testkit::sqlite()
    } else {
        urbis_testkit::postgres().await
    }
}

/// Whether the store holds nothing, at this build's schema.
async fn empty_and_current(db: &TestDb) -> bool {
    let store = Store::open(db.url()).await.expect("opens");
    let newest = Migrations::of(store.backend()).newest();
    let current = store.schema_version().await.expect("reads") == newest;
    let empty = store.backup(&mut Counter(0)).await.expect("reads");
    store.close().await;
    current && empty.rows.values().all(|n| *n == 0)
}

/// Counts nothing; a backup's counts say what it read.
struct Counter(u64);

impl urbis_store::BackupSink for Counter {
    fn table(&mut self, _: &urbis_store::TableShape) -> std::io::Result<()> {
        Ok(())
    }
    fn row(&mut self, _: &[serde_json::Value]) -> std::io::Result<()> {
        self.0 += 1;
        Ok(())
    }
}

/// Copies an archive, changing the entries `change` returns new bytes for.
fn rewrite(from: &Path, to: &Path, change: &dyn Fn(&str, Vec<u8>) -> Vec<u8>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).expect("opens")).expect("zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).expect("creates"));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().to_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("reads");
        out.start_file(name.clone(), zip::write::SimpleFileOptions::default())
            .expect("starts");
        out.write_all(&change(&name, bytes)).expect("writes");
    }
    out.finish().expect("finishes");
}

async fn older_backups_are_restored_and_migrated(db: TestDb) {
    for backup in old_backups() {
        let target = fresh(&db).await;
        let files = tempfile::tempdir().expect("temp dir");
        let out = urbis(
            &target,
            files.path(),
            &["restore", &backup.display().to_string()],
        );
        let said = stderr(&out);
        assert!(out.status.success(), "{}: {said}", backup.display());
        assert!(said.contains("migrated from schema version"), "{said}");
        let store = Store::open(target.url()).await.expect("opens");
        let newest = Migrations::of(store.backend()).newest();
        assert_eq!(store.schema_version().await.expect("reads"), newest);
        store.close().await;
        let export = urbis(&target, files.path(), &["export"]);
        assert!(export.status.success(), "{}", stderr(&export));
        let export = String::from_utf8_lossy(&export.stdout);
        assert!(export.contains("\"short_name\":\"TF\"") || export.contains("\"TF\""));
        let file = files.path().join("files/upgrade-fixture.txt");
        assert_eq!(std::fs::read(&file).expect("the file"), b"an uploaded file");
        let name = backup.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !name.ends_with("-0001.zip") {
            let users = urbis(&target, files.path(), &["user", "list", "--forum", "TF"]);
            let listed = String::from_utf8_lossy(&users.stdout);
            assert!(listed.contains("ann@example.org"), "{name}: {listed}");
        }
    }
}

async fn a_backup_of_a_newer_urbis_is_refused(db: TestDb) {
    let newest = Migrations::of(urbis_testkit::store::Backend::Sqlite).newest();
    let files = tempfile::tempdir().expect("temp dir");
    let work = tempfile::tempdir().expect("temp dir");
    let newer = work.path().join("newer.zip");
    let future = newest + 1;
    rewrite(&old_backups()[0], &newer, &|name, bytes| {
        if name != "manifest.json" {
            return bytes;
        }
        let mut manifest: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        manifest["schema_version"] = future.into();
        serde_json::to_vec(&manifest).expect("JSON")
    });
    let out = urbis(
        &db,
        files.path(),
        &["restore", &newer.display().to_string()],
    );
    let said = stderr(&out);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains(&format!("schema version {future}"))
            && said.contains(&format!("up to {newest}"))
            && said.contains("nothing was written"),
        "{said}"
    );
    assert!(empty_and_current(&db).await, "nothing was restored");
    assert!(!files.path().join("files").exists(), "no file was restored");
}

async fn a_damaged_older_backup_restores_nothing(db: TestDb) {
    let old = old_backups()
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with("sqlite-0008.zip"))
        .expect("the backup of version 8");
    let files = tempfile::tempdir().expect("temp dir");
    let work = tempfile::tempdir().expect("temp dir");
    // A row broken late in the restore (users come after the records).
    let damaged = work.path().join("damaged.zip");
    rewrite(&old, &damaged, &|name, bytes| {
        if name != "tables/users.jsonl" {
            return bytes;
        }
        let text = String::from_utf8(bytes).expect("UTF-8");
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines[1] = lines[1][..lines[1].len() / 2].to_owned();
        (lines.join("\n") + "\n").into_bytes()
    });
    // An archive cut short.
    let cut = work.path().join("cut.zip");
    let bytes = std::fs::read(&old).expect("reads");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("writes");
    for (archive, expect) in [
        (&damaged, "tables/users.jsonl line 2"),
        (&cut, "not a whole zip archive"),
    ] {
        let out = urbis(
            &db,
            files.path(),
            &["restore", &archive.display().to_string()],
        );
        let said = stderr(&out);
        assert!(!out.status.success(), "{said}");
        assert!(
            said.contains(expect) && said.contains("nothing was restored"),
            "{said}"
        );
        assert!(empty_and_current(&db).await, "nothing was restored");
        assert!(!files.path().join("files").exists(), "no file was restored");
    }
}

async fn serve_refuses_a_database_of_a_newer_urbis(db: TestDb) {
    let backend = if db.url().starts_with("sqlite") {
        urbis_testkit::store::Backend::Sqlite
    } else {
        urbis_testkit::store::Backend::Postgres
    };
    let newest = Migrations::of(backend).newest();
    let future = Migrations::of(backend).then(
        newest + 1,
        "from a newer urbis",
        "create table from_a_newer_urbis (id text primary key);",
    );
    Store::open_with(db.url(), &future)
        .await
        .expect("opens")
        .close()
        .await;
    let files = tempfile::tempdir().expect("temp dir");
    let mut child = crate::common::urbis()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("URBIS_DATABASE_URL", db.url())
        .env("URBIS_FILES_DIR", files.path().join("files"))
        .env("URBIS_SEARCH_DIR", files.path().join("search"))
        .env(
            "URBIS_MAIL_URL",
            format!("file://{}", files.path().join("mail").display()),
        )
        .env_remove("URBIS_FORUM")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("urbis serve starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("urbis serve runs on a database of a newer urbis");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut said = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut said)
        .expect("reads");
    assert!(!status.success(), "{said}");
    assert!(
        said.contains(&format!("schema version {}", newest + 1))
            && said.contains(&format!("up to {newest}"))
            && said.contains("newer urbis"),
        "{said}"
    );
    let store = Store::open_with(db.url(), &future).await.expect("opens");
    assert_eq!(store.schema_version().await.expect("reads"), newest + 1);
    store.close().await;
}
