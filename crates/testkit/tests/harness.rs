//! Tests of the test harness itself, against a real PostgreSQL cluster and real SQLite files.
#![allow(clippy::unwrap_used)] // test helpers outside `#[test]` functions, too

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection, SqliteConnection, sqlite::SqliteConnectOptions};

/// Runs `SELECT 1`, a `CREATE TABLE` and a round trip through it.
async fn exercise_postgres(url: &str) -> String {
    let mut conn = PgConnection::connect(url).await.unwrap();
    let one: i32 = sqlx::query_scalar("SELECT 1")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(one, 1);
    sqlx::raw_sql("CREATE TABLE things (id integer PRIMARY KEY, name text NOT NULL)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("INSERT INTO things (id, name) VALUES ($1, $2)")
        .bind(1_i32)
        .bind("Stadt")
        .execute(&mut conn)
        .await
        .unwrap();
    let name: String = sqlx::query_scalar("SELECT name FROM things WHERE id = 1")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(name, "Stadt");
    let db: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    db
}

#[tokio::test]
async fn postgres_gives_two_different_working_databases() {
    let a = urbis_testkit::postgres().await;
    let b = urbis_testkit::postgres().await;
    assert_ne!(a.url(), b.url());
    for db in [&a, &b] {
        assert!(
            db.url().starts_with("postgres://postgres@127.0.0.1:"),
            "{}",
            db.url()
        );
    }
    let name_a = exercise_postgres(a.url()).await;
    // The same table again in the other database: they are really separate.
    let name_b = exercise_postgres(b.url()).await;
    assert_ne!(name_a, name_b);
    assert!(a.url().ends_with(&format!("/{name_a}")));
    assert!(name_a.starts_with("t_"));
    assert_eq!(a.dir(), b.dir(), "one cluster per process");
}

/// Each `#[tokio::test]` has its own runtime: the shared cluster must serve them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_serves_tests_on_other_runtimes_and_in_parallel() {
    let dbs = many_postgres(8).await;
    let mut urls: Vec<&str> = dbs.iter().map(urbis_testkit::TestDb::url).collect();
    urls.sort_unstable();
    urls.dedup();
    assert_eq!(urls.len(), 8);
    for db in &dbs {
        exercise_postgres(db.url()).await;
    }
}

async fn many_postgres(n: usize) -> Vec<urbis_testkit::TestDb> {
    let tasks: Vec<_> = (0..n)
        .map(|_| tokio::spawn(urbis_testkit::postgres()))
        .collect();
    let mut dbs = Vec::new();
    for t in tasks {
        dbs.push(t.await.unwrap());
    }
    dbs
}

/// The processes whose command line contains all of `needles`.
fn processes_with(needles: &[&str]) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            needles.iter().all(|n| cmdline.contains(n)).then_some(pid)
        })
        .collect()
}

#[tokio::test]
async fn the_watchdog_of_the_cluster_runs() {
    let db = urbis_testkit::postgres().await;
    let dir = db.dir().to_str().unwrap();
    let me = std::process::id().to_string();
    let watchdogs = processes_with(&["urbis-pg-watchdog", &me, dir]);
    assert_eq!(watchdogs.len(), 1, "one watchdog for {dir}");
    assert!(Path::new(dir).join("data/postmaster.pid").exists());
}

#[test]
fn sqlite_gives_different_fresh_files() {
    let a = urbis_testkit::sqlite();
    let b = urbis_testkit::sqlite();
    assert_ne!(a.url(), b.url());
    for db in [&a, &b] {
        let path = db.url().strip_prefix("sqlite://").unwrap();
        assert!(path.starts_with('/'), "absolute: {}", db.url());
        assert!(path.ends_with("/urbis.db"));
        assert!(!Path::new(path).exists(), "the file is not there yet");
        assert!(db.dir().is_dir());
        assert_eq!(Path::new(path).parent(), Some(db.dir()));
    }
    let dir = a.dir().to_path_buf();
    drop(a);
    assert!(!dir.exists(), "dropping removes the directory");
}

#[tokio::test]
async fn sqlite_url_opens_with_sqlx() {
    let db = urbis_testkit::sqlite();
    let options = SqliteConnectOptions::from_str(db.url())
        .unwrap()
        .create_if_missing(true);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    sqlx::raw_sql("CREATE TABLE t (x integer)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    assert!(db.dir().join("urbis.db").is_file());
}

const CHILD_ENV: &str = "URBIS_TESTKIT_CHILD_OUT";

/// Run by `cluster_is_removed_after_the_test_process_is_killed` in a child process: starts a
/// cluster, tells where it is, and waits to be killed.
#[tokio::test]
#[ignore = "a helper that cluster_is_removed_after_the_test_process_is_killed runs in a child process"]
async fn child_holds_a_cluster() {
    let Some(out) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let db = urbis_testkit::postgres().await;
    let out = PathBuf::from(out);
    let tmp = out.with_extension("tmp");
    std::fs::write(&tmp, db.dir().to_str().unwrap()).unwrap();
    std::fs::rename(&tmp, &out).unwrap();
    tokio::time::sleep(Duration::from_secs(120)).await;
}

/// The cluster goes away when its test process dies without running any destructor.
#[test]
fn cluster_is_removed_after_the_test_process_is_killed() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("cluster-dir");
    let log = std::fs::File::create(scratch.path().join("child.log")).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "child_holds_a_cluster",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_ENV, &out)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !out.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the child test exited ({status}) without a cluster:\n{}",
                std::fs::read_to_string(scratch.path().join("child.log")).unwrap()
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no cluster in the child after 60 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let dir = PathBuf::from(std::fs::read_to_string(&out).unwrap());
    assert!(dir.join("data").is_dir());
    child.kill().unwrap(); // SIGKILL: no destructor, no atexit.
    child.wait().unwrap();
    let killed = Instant::now();
    while dir.exists() {
        assert!(
            killed.elapsed() < Duration::from_secs(20),
            "{} still there 20 s after the test process died",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let dir = dir.to_str().unwrap();
    assert!(
        processes_with(&["postgres", "-D", dir]).is_empty(),
        "no server left"
    );
    // The watchdog removes the directory as its last step and exits right after: give it the
    // moment between the two.
    let removed = Instant::now();
    while !processes_with(&["urbis-pg-watchdog", dir]).is_empty() {
        assert!(
            removed.elapsed() < Duration::from_secs(5),
            "the watchdog still runs 5 s after it removed the cluster"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
