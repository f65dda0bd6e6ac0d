//! The cluster test: on loopback, one PostgreSQL, a real S3-compatible server (moto), three
//! `urbis serve` nodes sharing both (each with its own search index fed from the change log)
//! and nginx in front as the load balancer. It is started once and proves in sequence:
//! sessions work on every node, an upload on one node downloads from another, search and the
//! page cache of every node follow a write on another, a registration race across all three
//! never oversells, the outbox sends each mail once with three nodes competing, a node killed
//! with SIGKILL under load loses nothing acknowledged while the others serve, a rolling restart
//! drops no request; and the faults: the bucket down or slow, PostgreSQL gone and back under
//! load (a [`FaultProxy`] between the nodes and each of them cuts every connection and refuses
//! new ones, which is what a restart looks like to the nodes) are reported clearly, lose
//! nothing acknowledged, and the cluster recovers by itself.
//!
//! Needs nginx and moto's server: `./test.sh --install-only` installs both (`URBIS_NGINX`,
//! `URBIS_MOTO_SERVER` name others).

mod checks;
mod faults;
mod load;

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;
use urbis_domain::Lang;
use urbis_domain::accounts::ForumRole;
use urbis_store::{ApiScope, Store};
use urbis_testkit::cluster::{FaultProxy, Nginx, Node, S3Server};
use urbis_testkit::{TestDb, TestSmtp};

/// The forum every node presents.
const FORUM: &str = "DEFUS";
/// A CSRF token of the right shape, sent as cookie and form field (double submit).
const CSRF: &str = "clusterclusterclusterclusterclusterclusterx";
/// The member who logs in (made by the test).
const MEMBER: &str = "mitglied-cluster@example.org";
const PASSWORD: &str = "ein langes Passwort für den Cluster";

/// Everything the test started; dropped at its end (every process with it).
pub struct Cluster {
    /// The database, reached directly by the test (the nodes go through `database`).
    pub _db: TestDb,
    /// The test's own connection to the store, for what only the store can tell.
    pub pool: sqlx::AnyPool,
    /// The S3-compatible server (the nodes go through `bucket`).
    pub s3: S3Server,
    /// Between the nodes and PostgreSQL.
    pub database: FaultProxy,
    /// Between the nodes and the bucket.
    pub bucket: FaultProxy,
    /// The mail server every node sends to.
    pub smtp: TestSmtp,
    /// The three nodes.
    pub nodes: Vec<Node>,
    /// The load balancer.
    pub nginx: Nginx,
    /// A client without cookies that follows no redirect.
    pub http: Client,
    /// An API token of an office account (write scope).
    pub token: String,
    /// A public collection members add entries to.
    pub collection: (String, String),
    /// A tag that makes this run's words unique.
    pub tag: String,
    /// How often a node was killed (each may leave the mail it was sending leased).
    pub kills: i64,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_nodes_behind_nginx_share_the_store_the_bucket_and_the_work() {
    let started = Instant::now();
    let mut cluster = Cluster::start().await;
    let up = started.elapsed();
    println!("cluster: up in {:.1} s", up.as_secs_f64());
    let mut timings = vec![("start".to_owned(), up)];
    let mut step = |name: &str, at: &mut Instant| {
        timings.push((name.to_owned(), at.elapsed()));
        println!("cluster: {name} in {:.1} s", at.elapsed().as_secs_f64());
        *at = Instant::now();
    };
    let mut at = Instant::now();
    let member = checks::sessions(&cluster).await;
    step("sessions", &mut at);
    checks::upload_and_search(&cluster, &member).await;
    step("upload, download and search", &mut at);
    checks::logout_everywhere(&cluster, &member).await;
    step("logout", &mut at);
    checks::page_cache(&cluster).await;
    step("page cache", &mut at);
    let raced = checks::registration_race(&cluster).await;
    step("registration race", &mut at);
    checks::mail_once(&cluster, &raced, 0).await;
    step("mail once", &mut at);
    load::sigkill(&mut cluster).await;
    step("SIGKILL under load", &mut at);
    load::rolling_restart(&mut cluster).await;
    step("rolling restart", &mut at);
    faults::bucket(&cluster).await;
    step("bucket down and slow", &mut at);
    faults::database(&mut cluster).await;
    step("PostgreSQL gone and back", &mut at);
    checks::mail_once(&cluster, &[], cluster.kills).await;
    step("mail once, at the end", &mut at);
    println!("cluster: {:.1} s in all", started.elapsed().as_secs_f64());
}

impl Cluster {
    /// Loads the demo network into a fresh database, makes the accounts and fixtures, starts the
    /// servers and the three nodes and waits until each is ready.
    async fn start() -> Cluster {
        let db = urbis_testkit::postgres().await;
        let demo = std::process::Command::new(env!("CARGO_BIN_EXE_urbis"))
            .arg("demo")
            .env("URBIS_DATABASE_URL", db.url())
            .output()
            .unwrap();
        assert!(
            demo.status.success(),
            "{}",
            String::from_utf8_lossy(&demo.stderr)
        );
        let token = accounts(db.url()).await;
        let s3 = S3Server::start().await;
        let bucket = FaultProxy::start(s3.addr());
        let pg_port: u16 = db
            .url()
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .expect("the test database is on 127.0.0.1");
        let database = FaultProxy::start(([127, 0, 0, 1], pg_port).into());
        let smtp = TestSmtp::start();
        let node_url = db.url().replace(
            &format!("127.0.0.1:{pg_port}"),
            &database.addr().to_string(),
        );
        let mut env: Vec<(String, String)> = vec![
            ("URBIS_DATABASE_URL".into(), node_url),
            (
                "URBIS_MAIL_URL".into(),
                format!("smtp://127.0.0.1:{}?security=none&timeout=10", smtp.port()),
            ),
            ("URBIS_MAIL_POLL_SECONDS".into(), "0.5".into()),
            ("URBIS_FORUM".into(), FORUM.into()),
            ("URBIS_TRUSTED_PROXIES".into(), "127.0.0.1".into()),
            // The load comes from one address; the guest limits would refuse most of it.
            (
                "URBIS_GUEST_REGISTRATIONS_PER_ADDRESS".into(),
                "1000000".into(),
            ),
            ("URBIS_LOG".into(), "info".into()),
        ];
        env.extend(s3.env_via(bucket.addr()));
        let program = std::path::Path::new(env!("CARGO_BIN_EXE_urbis"));
        let mut nodes: Vec<Node> = ["a", "b", "c"]
            .iter()
            .map(|name| Node::new(program, name, &env))
            .collect();
        let nginx = Nginx::start(&nodes.iter().map(Node::addr).collect::<Vec<_>>());
        // The links in mails point at the load balancer.
        for node in &mut nodes {
            node.set_env("URBIS_BASE_URL", &nginx.url(""));
            // Each node's metrics on a port of its own (the page cache's hits are counted).
            let metrics = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let metrics = metrics.local_addr().unwrap().to_string();
            node.set_env("URBIS_METRICS_ADDR", &metrics);
        }
        let [a, b, c] = &mut nodes[..] else {
            unreachable!("three nodes")
        };
        tokio::join!(a.start(), b.start(), c.start());
        let http = Client::builder()
            .timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let tag = format!("c{}", std::process::id());
        let collection = api_create(
            &http,
            &nodes[0].url(""),
            &token,
            "collections",
            json!({"slug": format!("cluster-{tag}"), "title": "Clustertest", "access": "public"}),
        )
        .await;
        let pool = pool(db.url()).await;
        Cluster {
            _db: db,
            pool,
            s3,
            database,
            bucket,
            smtp,
            nodes,
            nginx,
            http,
            token,
            collection: (
                collection["id"].as_str().unwrap().to_owned(),
                collection["slug"].as_str().unwrap().to_owned(),
            ),
            tag,
            kills: 0,
        }
    }
}

/// An office account with an API token (returned) and the member who logs in, made through the
/// use cases.
async fn accounts(url: &str) -> String {
    let store = Store::open(url).await.unwrap();
    let app = urbis_app::App::new(store.clone());
    let forum = store
        .forums()
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.short_name == FORUM)
        .expect("the demo network has the forum");
    let mut office =
        urbis_app::accounts::users::add_user(&app, "office-cluster@example.org", "Büro", Lang::De)
            .await
            .unwrap();
    urbis_app::accounts::users::set_role(
        &app,
        &mut office,
        &forum.id,
        Some(ForumRole::Staff),
        None,
    )
    .await
    .unwrap();
    urbis_app::accounts::users::set_password(&app, &mut office, PASSWORD)
        .await
        .unwrap();
    let token = urbis_app::accounts::api_tokens::create(&app, &office, "cluster", ApiScope::Write)
        .await
        .unwrap()
        .secret;
    let mut member = urbis_app::accounts::users::add_user(&app, MEMBER, "Mitglied", Lang::De)
        .await
        .unwrap();
    urbis_app::accounts::users::set_role(
        &app,
        &mut member,
        &forum.id,
        Some(ForumRole::Member),
        None,
    )
    .await
    .unwrap();
    urbis_app::accounts::users::set_password(&app, &mut member, PASSWORD)
        .await
        .unwrap();
    store.close().await;
    token
}

/// A pool of one connection to the store, straight to PostgreSQL.
async fn pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(2)
        .connect(url)
        .await
        .unwrap()
}

/// The one number `sql` counts.
async fn count(pool: &sqlx::AnyPool, sql: &str, bind: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(bind.to_owned())
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

/// Creates a record through the API at `base`; the created record.
async fn api_create(http: &Client, base: &str, token: &str, kind: &str, body: Value) -> Value {
    let answer = http
        .post(format!("{base}/api/v1/{kind}"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = answer.status();
    let text = answer.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{kind}: {text}");
    serde_json::from_str(&text).unwrap()
}

/// A public webinar with `seats` seats and a waiting list; its id.
async fn event(cluster: &Cluster, title: &str, seats: u32) -> String {
    let event = api_create(
        &cluster.http,
        &cluster.nginx.url(""),
        &cluster.token,
        "events",
        json!({
            "kind": "webinar", "title": title,
            "start": "2099-03-02T10:00", "end": "2099-03-02T12:00", "format": "online",
            "status": "planned", "capacity": seats, "access": "public",
            "registration": {"waiting_list": true}
        }),
    )
    .await;
    event["id"].as_str().unwrap().to_owned()
}

/// A guest registration through the public form at `base`: the status and the page, or the
/// transport error.
async fn register(
    http: &Client,
    base: &str,
    event: &str,
    email: &str,
) -> Result<(StatusCode, String), reqwest::Error> {
    let answer = http
        .post(format!("{base}/events/{event}/register"))
        .header("cookie", format!("urbis_csrf={CSRF}"))
        .header("accept-language", "de")
        .form(&[
            ("name", "Gast im Cluster"),
            ("email", email),
            ("consent", "yes"),
            ("csrf", CSRF),
        ])
        .send()
        .await?;
    let status = answer.status();
    Ok((status, answer.text().await?))
}

/// Polls `check` every 50 ms until it holds or `bound` has passed; how long it took, or
/// `None`.
async fn within<F, Fut>(bound: Duration, mut check: F) -> Option<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    loop {
        if check().await {
            return Some(started.elapsed());
        }
        if started.elapsed() > bound {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
