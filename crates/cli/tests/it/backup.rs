//! `urbis backup` and `urbis restore` as an operator uses them: real processes, both
//! databases, files on disk, writes running meanwhile, and damaged archives.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::Value;
use urbis_testkit::TestDb;

use crate::common::FIXTURE;

/// A database and its own file storage.
struct Office {
    db: TestDb,
    files: tempfile::TempDir,
}

impl Office {
    fn files_dir(&self) -> PathBuf {
        self.files.path().join("files")
    }

    fn urbis(&self, args: &[&str], input: Option<&str>) -> Output {
        let mut child = crate::common::urbis()
            .args(args)
            .env("URBIS_DATABASE_URL", self.db.url())
            .env("URBIS_FILES_DIR", self.files_dir())
            .env("URBIS_SEARCH_DIR", self.files.path().join("search"))
            .env_remove("URBIS_FORUM")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("urbis runs");
        let mut stdin = child.stdin.take().expect("stdin");
        if let Some(input) = input {
            stdin.write_all(input.as_bytes()).expect("writes stdin");
        }
        drop(stdin);
        child.wait_with_output().expect("urbis ends")
    }

    fn ok(&self, args: &[&str], input: Option<&str>) -> String {
        let output = self.urbis(args, input);
        assert!(
            output.status.success(),
            "urbis {args:?} fails: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8")
    }

    fn export(&self) -> String {
        self.ok(&["export"], None)
    }

    /// Every file under the storage directory: (relative path, bytes).
    fn file_tree(&self) -> Vec<(String, Vec<u8>)> {
        let mut found = Vec::new();
        walk(&self.files_dir(), &self.files_dir(), &mut found);
        found.sort();
        found
    }
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            walk(root, &path, found);
        } else {
            let name = path
                .strip_prefix(root)
                .expect("inside")
                .display()
                .to_string();
            found.push((name, std::fs::read(&path).expect("reads")));
        }
    }
}

fn office(db: TestDb) -> Office {
    Office {
        db,
        files: tempfile::tempdir().expect("temp dir"),
    }
}

/// A fresh database of the same system as `db`.
async fn same_kind(db: &TestDb) -> TestDb {
    if db.url().starts_with("sqlite") {
        urbis_testkit::sqlite()
    } else {
        urbis_testkit::postgres().await
    }
}

/// An office with every record kind, an administrator and a member with a password, and
/// uploaded files (one of them binary).
fn populated(db: TestDb) -> Office {
    let office = office(db);
    let seed = office.files.path().join("seed.json");
    std::fs::write(&seed, FIXTURE).expect("writes");
    office.ok(&["import", &seed.display().to_string()], None);
    office.ok(
        &[
            "user",
            "add",
            "chef@example.org",
            "--name",
            "Chefin",
            "--forum",
            "TF",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("a long passphrase for the office\n"),
    );
    office.ok(
        &[
            "user",
            "add",
            "m@example.org",
            "--name",
            "Mitglied",
            "--forum",
            "TF",
            "--role",
            "member",
        ],
        None,
    );
    let files = office.files_dir().join("files");
    std::fs::create_dir_all(&files).expect("dir");
    std::fs::write(files.join("0190-report.pdf"), b"%PDF-1.4 a report").expect("writes");
    let binary: Vec<u8> = (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(files.join("0190-binary"), binary).expect("writes");
    office
}

fn archive(office: &Office) -> PathBuf {
    office.files.path().join("backup.zip")
}

fn accounts(office: &Office) -> String {
    office.ok(&["user", "list", "--forum", "TF"], None)
}

async fn backup_restore_export_is_identical(db: TestDb) {
    let source = populated(db);
    let target = office(same_kind(&source.db).await);
    let file = archive(&source);
    source.ok(&["backup", &file.display().to_string()], None);
    target.ok(&["restore", &file.display().to_string()], None);
    assert_eq!(source.export(), target.export(), "the exports differ");
    assert_eq!(source.file_tree(), target.file_tree(), "the files differ");
    assert_eq!(source.file_tree().len(), 2);
    let listed = accounts(&target);
    assert_eq!(accounts(&source), listed);
    assert!(
        listed.contains("chef@example.org") && listed.contains("admin"),
        "{listed}"
    );
    // A backup of the restored office holds the same rows.
    let again = target.files.path().join("again.zip");
    target.ok(&["backup", &again.display().to_string()], None);
    assert_eq!(manifest(&file)["tables"], manifest(&again)["tables"]);
}

fn manifest(file: &Path) -> Value {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).expect("opens")).expect("zip");
    let entry = zip.by_name("manifest.json").expect("manifest");
    serde_json::from_reader(entry).expect("JSON")
}

/// Rewrites an archive, changing the entries `change` returns new bytes for.
fn rewrite(from: &Path, to: &Path, change: &dyn Fn(&str, Vec<u8>) -> Vec<u8>) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).expect("opens")).expect("zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).expect("creates"));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().to_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("reads");
        let bytes = change(&name, bytes);
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("starts");
        out.write_all(&bytes).expect("writes");
    }
    out.finish().expect("finishes");
}

async fn bad_archives_write_nothing(db: TestDb) {
    let source = populated(db);
    let file = archive(&source);
    source.ok(&["backup", &file.display().to_string()], None);
    let bytes = std::fs::read(&file).expect("reads");
    let dir = source.files.path();
    let put = |name: &str, content: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, content).expect("writes");
        path
    };
    let mut flipped = bytes.clone();
    // A byte inside the organisations' compressed rows: their checksum no longer matches.
    let at = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
        let entry = zip.by_name("tables/organisations.jsonl").unwrap();
        usize::try_from(entry.data_start() + entry.compressed_size() / 2).unwrap()
    };
    flipped[at] ^= 0x55;
    let count_changed = dir.join("count.zip");
    rewrite(&file, &count_changed, &|name, bytes| {
        if name == "tables/organisations.jsonl" {
            let text = String::from_utf8(bytes).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            format!("{}\n", lines[..lines.len() - 1].join("\n")).into_bytes()
        } else {
            bytes
        }
    });
    let wrong_format = dir.join("format.zip");
    rewrite(&file, &wrong_format, &|name, bytes| {
        if name == "manifest.json" {
            br#"{"format": "padlet", "version": 1}"#.to_vec()
        } else {
            bytes
        }
    });
    let bad_row = dir.join("row.zip");
    rewrite(&file, &bad_row, &|name, bytes| {
        if name == "tables/events.jsonl" {
            let mut text = String::from_utf8(bytes).unwrap();
            text.push_str("[1, 2\n");
            text.into_bytes()
        } else {
            bytes
        }
    });
    let late_break = dir.join("late.zip");
    // The archive reads well, but a row breaks a constraint after other tables went in:
    // the whole transaction (and the files) must go.
    rewrite(&file, &late_break, &|name, bytes| {
        if name == "tables/users.jsonl" {
            let text = String::from_utf8(bytes).unwrap();
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            lines.push(lines[1].clone());
            let manifest_fix = lines.join("\n") + "\n";
            manifest_fix.into_bytes()
        } else if name == "manifest.json" {
            let mut manifest: Value = serde_json::from_slice(&bytes).unwrap();
            let users = manifest["tables"]["users"].as_u64().unwrap();
            manifest["tables"]["users"] = (users + 1).into();
            serde_json::to_vec(&manifest).unwrap()
        } else {
            bytes
        }
    });
    let cases: Vec<(&str, PathBuf, &str)> = vec![
        ("missing", dir.join("nowhere.zip"), "no such file"),
        (
            "not a zip",
            put("text.zip", b"hello"),
            "not a whole zip archive",
        ),
        (
            "truncated",
            put("truncated.zip", &bytes[..bytes.len() / 2]),
            "not a whole zip archive",
        ),
        (
            "corrupt",
            put("flipped.zip", &flipped),
            "tables/organisations.jsonl",
        ),
        ("row count", count_changed, "tables/organisations.jsonl has"),
        ("format", wrong_format, "not an urbis backup"),
        ("broken row", bad_row, "tables/events.jsonl line"),
        ("constraint", late_break, "do not fit this store"),
    ];
    for (what, path, expected) in cases {
        let target = office(same_kind(&source.db).await);
        let output = target.urbis(&["restore", &path.display().to_string()], None);
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{what}: restore succeeded");
        assert!(message.contains(expected), "{what}: {message}");
        assert_eq!(
            message.trim().lines().count(),
            1,
            "{what}: one line: {message}"
        );
        let export: Value = serde_json::from_str(&target.export()).expect("JSON");
        assert_eq!(export["forums"], Value::Array(Vec::new()), "{what}");
        assert!(target.file_tree().is_empty(), "{what}: files were written");
        // Nothing stayed behind: the good archive restores into the same store at once.
        target.ok(&["restore", &file.display().to_string()], None);
        assert_eq!(target.export(), source.export(), "{what}");
    }
    // A store that is not empty is refused, and stays as it was.
    let before = source.export();
    let output = source.urbis(&["restore", &file.display().to_string()], None);
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        message.contains("restore only into empty file storage"),
        "{message}"
    );
    let target = office(same_kind(&source.db).await);
    target.ok(&["user", "add", "x@example.org", "--name", "X"], None);
    let output = target.urbis(&["restore", &file.display().to_string()], None);
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("it is not empty (it holds 1 users)"),
        "{message}"
    );
    assert!(target.file_tree().is_empty());
    assert_eq!(before, source.export());
}

/// Organisations added by a writer while `urbis backup` runs: every one the backup holds comes
/// with its audit entry (one transaction each), so the snapshot never tears a write in two.
async fn a_backup_while_writing_is_consistent(db: TestDb) {
    use urbis_domain::network::Organisation;
    let source = populated(db);
    let store = urbis_store::Store::open(source.db.url())
        .await
        .expect("opens");
    let forum = store.forum_named("TF").await.expect("forum");
    let all = urbis_store::ListQuery::new(&forum.id, urbis_domain::Access::Staff);
    let template: Organisation = store.list(&all).await.expect("lists").remove(0);
    let before = store.count::<Organisation>(&all).await.expect("counts");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let store = store.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut written = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let mut org = template.clone();
                org.id = urbis_domain::Id::new();
                org.short_name = Some(format!("W{written}"));
                store.insert(&org).await.expect("inserts");
                written += 1;
            }
            written
        })
    };
    while store.count::<Organisation>(&all).await.expect("counts") < before + 5 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let file = archive(&source);
    let args = ["backup".to_owned(), file.display().to_string()];
    let backed_up = {
        let url = source.db.url().to_owned();
        let files = source.files_dir();
        tokio::task::spawn_blocking(move || {
            crate::common::urbis()
                .args(&args)
                .env("URBIS_DATABASE_URL", url)
                .env("URBIS_FILES_DIR", files)
                .output()
                .expect("runs")
        })
        .await
        .expect("joins")
    };
    assert!(
        backed_up.status.success(),
        "{}",
        String::from_utf8_lossy(&backed_up.stderr)
    );
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.expect("writer");
    store.close().await;
    let target = office(same_kind(&source.db).await);
    target.ok(&["restore", &file.display().to_string()], None);
    let export: Value = serde_json::from_str(&target.export()).expect("JSON");
    let tf = &export["forums"][1];
    let orgs = tf["organisations"].as_array().expect("organisations").len();
    let created = tf["audit"]
        .as_array()
        .expect("audit")
        .iter()
        .filter(|e| e["kind"] == "organisation" && e["action"] == "create")
        .count();
    let restored_new = orgs - usize::try_from(before).unwrap();
    assert!(restored_new >= 5, "{restored_new} of {written}");
    assert!(restored_new <= written, "{restored_new} of {written}");
    assert_eq!(
        created, restored_new,
        "every organisation the backup holds has its audit entry, and no other"
    );
}

urbis_testkit::on_both_databases!(
    backup_restore_export_is_identical,
    bad_archives_write_nothing,
    a_backup_while_writing_is_consistent,
);

/// A SQLite office moves to PostgreSQL: the backup restores into the other database and the
/// export is the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_restores_into_postgres() {
    let source = populated(urbis_testkit::sqlite());
    let target = office(urbis_testkit::postgres().await);
    let file = archive(&source);
    source.ok(&["backup", &file.display().to_string()], None);
    target.ok(&["restore", &file.display().to_string()], None);
    assert_eq!(source.export(), target.export());
    assert_eq!(accounts(&source), accounts(&target));
    assert_eq!(source.file_tree(), target.file_tree());
    // And back: the PostgreSQL office's backup restores into SQLite.
    let back = office(urbis_testkit::sqlite());
    let file = archive(&target);
    target.ok(&["backup", &file.display().to_string()], None);
    back.ok(&["restore", &file.display().to_string()], None);
    assert_eq!(source.export(), back.export());
}
