//! `/healthz` and `/readyz` of a real `urbis serve`: ready only while the store answers and its
//! schema is the one this build migrates to.

use std::io::{Read, Write};
use std::net::TcpStream;

use sqlx::Connection;
use urbis_testkit::TestDb;

use crate::common::Server;

fn serve(db: &TestDb) -> Server {
    serve_with(db, &[])
}

/// `urbis serve` on the demo network with the extra environment `env`.
fn serve_with(db: &TestDb, env: &[(&str, &str)]) -> Server {
    let demo = crate::common::urbis()
        .arg("demo")
        .env("URBIS_DATABASE_URL", db.url())
        .output()
        .expect("demo runs");
    assert!(demo.status.success());
    let name = db.url().rsplit('/').next().unwrap_or("db").to_owned();
    Server::start(
        crate::common::urbis()
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
    let (status, body) = get(&server, "/readyz");
    assert_eq!(status, 200, "{body}");
    let body = json(&body);
    assert_eq!(body["status"], "up", "{body}");
    for part in ["database", "files", "search"] {
        assert_eq!(body["parts"][part]["status"], "up", "{body}");
    }
    let mut conn = connect(db.url()).await;
    sqlx::query(
        "insert into _sqlx_migrations (version, description, success, checksum, execution_time) \
         values (99999, 'a newer node', true, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .expect("inserts");
    conn.close().await.expect("closes");
    let (status, body) = get(&server, "/readyz");
    assert_eq!(status, 503);
    assert_eq!(
        json(&body)["parts"]["database"],
        serde_json::json!({"status": "down", "reason": "schema_not_migrated"})
    );
    assert_eq!(get(&server, "/healthz").0, 200, "the process still lives");
}

/// The body of an answer as JSON (chunked or not: from the first `{` to the last `}`).
fn json(body: &str) -> serde_json::Value {
    let start = body.find('{').unwrap_or(0);
    let end = body.rfind('}').map_or(body.len(), |i| i + 1);
    serde_json::from_str(&body[start..end]).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// PostgreSQL's database dropped under a running node: `/readyz` says the database is down
/// (503), while `/healthz` — liveness: restarting the node would not bring the database
/// back — still answers 200.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_fails_naming_the_database_when_it_is_gone() {
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
    let (status, body) = get(&server, "/readyz");
    assert_eq!(status, 503, "{body}");
    let body = json(&body);
    assert_eq!(body["parts"]["database"]["status"], "down", "{body}");
    assert_eq!(body["parts"]["files"]["status"], "up", "{body}");
    assert_eq!(get(&server, "/healthz").0, 200);
}

/// A SQLite store whose directory is removed under the running node: `/readyz` names the
/// database as down (503) and the process lives on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_fails_naming_the_database_when_the_sqlite_directory_is_gone() {
    let dir = tempfile::tempdir().expect("a directory");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("creates");
    let url = format!("sqlite://{}?mode=rwc", data.join("urbis.db").display());
    let demo = crate::common::urbis()
        .arg("demo")
        .env("URBIS_DATABASE_URL", &url)
        .output()
        .expect("demo runs");
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let server = Server::start(
        crate::common::urbis()
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("URBIS_DATABASE_URL", &url)
            .env("URBIS_SEARCH_DIR", dir.path().join("search"))
            .env("URBIS_FILES_DIR", dir.path().join("files"))
            .env(
                "URBIS_MAIL_URL",
                format!("file://{}", dir.path().join("mail").display()),
            )
            .env("URBIS_LOG", "info")
            .env_remove("URBIS_LOG_FORMAT")
            .env_remove("URBIS_FORUM")
            .env_remove("URBIS_METRICS_TOKEN")
            .env_remove("URBIS_METRICS_ADDR"),
    );
    assert_eq!(get(&server, "/readyz").0, 200);
    std::fs::remove_dir_all(&data).expect("removes the database's directory");
    let (status, body) = get(&server, "/readyz");
    assert_eq!(status, 503, "{body}");
    assert_eq!(json(&body)["parts"]["database"]["status"], "down", "{body}");
    assert_eq!(get(&server, "/healthz").0, 200);
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
    let output = crate::common::urbis()
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
