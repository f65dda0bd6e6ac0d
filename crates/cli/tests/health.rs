//! `/healthz` and `/readyz` of a real `urbis serve`: ready only while the store answers and its
//! schema is the one this build migrates to.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

use common::Server;
use sqlx::Connection;
use urbis_testkit::TestDb;

fn serve(db: &TestDb) -> Server {
    let demo = Command::new(env!("CARGO_BIN_EXE_urbis"))
        .arg("demo")
        .env("URBIS_DATABASE_URL", db.url())
        .output()
        .expect("demo runs");
    assert!(demo.status.success());
    let name = db.url().rsplit('/').next().unwrap_or("db").to_owned();
    Server::start(
        Command::new(env!("CARGO_BIN_EXE_urbis"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("URBIS_DATABASE_URL", db.url())
            .env("URBIS_SEARCH_DIR", db.dir().join("search").join(&name))
            .env("URBIS_FILES_DIR", db.dir().join("files").join(&name))
            .env(
                "URBIS_MAIL_URL",
                format!("file://{}", db.dir().join("mail").display()),
            )
            .env("URBIS_LOG", "info")
            .env_remove("URBIS_LOG_FORMAT")
            .env_remove("URBIS_FORUM"),
    )
}

fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.address).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

async fn connect(url: &str) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(url).await.expect("connects")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_fails_when_another_node_migrated_further() {
    let db = urbis_testkit::sqlite();
    let server = serve(&db);
    assert_eq!(get(&server, "/healthz").0, 200);
    assert_eq!(get(&server, "/readyz"), (200, "ready\n".to_owned()));
    let mut conn = connect(db.url()).await;
    sqlx::query(
        "insert into _sqlx_migrations (version, description, success, checksum, execution_time) \
         values (99999, 'a newer node', true, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .expect("inserts");
    conn.close().await.expect("closes");
    assert_eq!(
        get(&server, "/readyz"),
        (503, "schema not migrated\n".to_owned())
    );
    assert_eq!(get(&server, "/healthz").0, 200, "the process still lives");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_and_readyz_fail_when_the_database_is_gone() {
    let db = urbis_testkit::postgres().await;
    let server = serve(&db);
    assert_eq!(get(&server, "/healthz").0, 200);
    assert_eq!(get(&server, "/readyz").0, 200);
    let (base, name) = db.url().rsplit_once('/').expect("a database name");
    let mut admin = connect(&format!("{base}/postgres")).await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "drop database \"{name}\" with (force)"
    )))
    .execute(&mut admin)
    .await
    .expect("drops");
    assert_eq!(
        get(&server, "/readyz"),
        (503, "store unavailable\n".to_owned())
    );
    assert_eq!(get(&server, "/healthz").0, 503);
}
