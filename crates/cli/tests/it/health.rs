//! `/healthz` and `/readyz` of a real `urbis serve`: ready only while the store answers and its
//! schema is the one this build migrates to.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

use sqlx::Connection;
use urbis_testkit::TestDb;

use crate::common::Server;

fn serve(db: &TestDb) -> Server {
    serve_with(db, &[])
}

/// `urbis serve` on the demo network with the extra environment `env`.
fn serve_with(db: &TestDb, env: &[(&str, &str)]) -> Server {
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
            .env_remove("URBIS_FORUM")
            .env_remove("URBIS_METRICS_TOKEN")
            .env_remove("URBIS_METRICS_ADDR")
            .envs(env.iter().copied()),
    )
}

fn get(server: &Server, path: &str) -> (u16, String) {
    get_at(&server.address, path, "")
}

/// A GET of `path` at `address` with the extra header lines `headers`.
fn get_at(address: &str, path: &str, headers: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\n{headers}Connection: close\r\n\r\n"
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

/// `/metrics` is the operator's: not on the public address without a token, only with the
/// token when one is set, and without one on the separate metrics address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_served_to_the_operator_only() {
    let db = urbis_testkit::sqlite();
    let plain = serve(&db);
    assert_eq!(get(&plain, "/metrics").0, 404);
    drop(plain);

    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let metrics_addr = free.local_addr().expect("address").to_string();
    drop(free);
    let token = "the operator's metrics token";
    let db = urbis_testkit::sqlite();
    let server = serve_with(
        &db,
        &[
            ("URBIS_METRICS_TOKEN", token),
            ("URBIS_METRICS_ADDR", &metrics_addr),
        ],
    );
    assert_eq!(get(&server, "/metrics").0, 401);
    let (status, body) = get_at(
        &server.address,
        "/metrics",
        &format!("Authorization: Bearer {token}\r\n"),
    );
    assert_eq!(status, 200);
    assert!(body.contains("urbis_http_requests"), "{body}");
    let (status, body) = get_at(&metrics_addr, "/metrics", "");
    assert_eq!(status, 200);
    assert!(body.contains("urbis_outbox"), "{body}");
    assert_eq!(
        get_at(&metrics_addr, "/", "").0,
        404,
        "only the metrics there"
    );
}

/// A trusted proxy that is no address is refused with a message naming it.
#[test]
fn a_wrong_trusted_proxy_is_a_usage_error() {
    let db = urbis_testkit::sqlite();
    let output = Command::new(env!("CARGO_BIN_EXE_urbis"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--trusted-proxies",
            "10.0.0.1,nginx",
        ])
        .env("URBIS_DATABASE_URL", db.url())
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`nginx` is neither an address nor a network"),
        "{stderr}"
    );
}
