//! A write and read load through nginx while nodes are killed or restarted: every write the
//! cluster acknowledged must be in the store afterwards, and what failed must have failed while
//! a part was away.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use super::{Cluster, count, event, register};

/// Concurrent clients of the load.
const CLIENTS: usize = 4;

/// What the clients saw.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Guests whose registration was acknowledged.
    pub registrations: Vec<String>,
    /// Entries whose creation was acknowledged (their ids).
    pub entries: Vec<String>,
    /// Pages read.
    pub reads: u64,
    /// Requests that got no acknowledgement: when they were sent, when answered, and what came
    /// back.
    pub failures: Vec<Failure>,
    /// Requests answered, acknowledged or not.
    pub answered: u64,
}

/// A request without acknowledgement.
#[derive(Debug)]
pub struct Failure {
    /// When it was sent.
    pub sent: Instant,
    /// When its answer (or error) came.
    pub answered: Instant,
    /// What came back.
    pub what: String,
}

/// A running load.
pub struct Load {
    stop: Arc<AtomicBool>,
    ledger: Arc<Mutex<Ledger>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    /// The event the guests register for.
    pub event: String,
}

impl Load {
    /// Starts the clients against nginx: guest registrations, entries through the API, pages.
    pub async fn start(cluster: &Cluster, name: &str) -> Load {
        let event = event(cluster, &format!("{name}{}", cluster.tag), 100_000).await;
        let stop = Arc::new(AtomicBool::new(false));
        let ledger = Arc::new(Mutex::new(Ledger::default()));
        // A connection per request: nginx closes idle kept-alive connections when it reloads,
        // and a request sent on one at that instant fails in the client, not in the cluster.
        let http = Client::builder()
            .timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        let tasks = (0..CLIENTS)
            .map(|client| {
                let stop = stop.clone();
                let ledger = ledger.clone();
                let http = http.clone();
                let base = cluster.nginx.url("");
                let token = cluster.token.clone();
                let collection = cluster.collection.0.clone();
                let event = event.clone();
                let tag = format!("{name}-{}-{client}", cluster.tag);
                tokio::spawn(async move {
                    let mut n = 0u64;
                    while !stop.load(Ordering::SeqCst) {
                        n += 1;
                        let sent = Instant::now();
                        let outcome = match n % 3 {
                            0 => {
                                let email = format!("{tag}-{n}@example.org");
                                match register(&http, &base, &event, &email).await {
                                    Ok((StatusCode::OK, _)) => Ok(Done::Registered(email)),
                                    Ok((status, _)) => Err(format!("register: {status}")),
                                    Err(e) => Err(format!("register: {e}")),
                                }
                            }
                            1 => add_entry(&http, &base, &token, &collection, &tag, n).await,
                            _ => read(&http, &base).await,
                        };
                        {
                            let mut ledger = ledger.lock().unwrap();
                            match outcome {
                                Ok(Done::Registered(email)) => ledger.registrations.push(email),
                                Ok(Done::Entry(id)) => ledger.entries.push(id),
                                Ok(Done::Read) => ledger.reads += 1,
                                Err(what) => ledger.failures.push(Failure {
                                    sent,
                                    answered: Instant::now(),
                                    what,
                                }),
                            }
                            ledger.answered += 1;
                        }
                        tokio::time::sleep(Duration::from_millis(40)).await;
                    }
                })
            })
            .collect();
        Load {
            stop,
            ledger,
            tasks,
            event,
        }
    }

    /// How many requests were answered so far.
    pub fn answered(&self) -> u64 {
        self.ledger.lock().unwrap().answered
    }

    /// Stops the clients; what they saw.
    pub async fn stop(self) -> Ledger {
        self.stop.store(true, Ordering::SeqCst);
        for task in self.tasks {
            task.await.unwrap();
        }
        std::mem::take(&mut *self.ledger.lock().unwrap())
    }
}

enum Done {
    Registered(String),
    Entry(String),
    Read,
}

async fn add_entry(
    http: &Client,
    base: &str,
    token: &str,
    collection: &str,
    tag: &str,
    n: u64,
) -> Result<Done, String> {
    let answer = http
        .post(format!("{base}/api/v1/entries"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(
            json!({
                "collection": collection, "kind": "note", "title": format!("{tag}n{n} Notiz"),
                "body": "Unter Last geschrieben.", "access": "public"
            })
            .to_string(),
        )
        .send()
        .await
        .map_err(|e| format!("entry: {e}"))?;
    let status = answer.status();
    let text = answer.text().await.map_err(|e| format!("entry: {e}"))?;
    if status != StatusCode::CREATED {
        return Err(format!(
            "entry: {status} {}",
            text.chars().take(200).collect::<String>()
        ));
    }
    let entry: Value = serde_json::from_str(&text).map_err(|e| format!("entry: {e}"))?;
    Ok(Done::Entry(
        entry["id"].as_str().unwrap_or_default().to_owned(),
    ))
}

async fn read(http: &Client, base: &str) -> Result<Done, String> {
    let answer = http
        .get(format!("{base}/events"))
        .send()
        .await
        .map_err(|e| format!("read: {e}"))?;
    let status = answer.status();
    answer.bytes().await.map_err(|e| format!("read: {e}"))?;
    if status == StatusCode::OK {
        Ok(Done::Read)
    } else {
        Err(format!("read: {status}"))
    }
}

/// Every acknowledged registration and entry is in the store; the number missing.
pub async fn lost(cluster: &Cluster, load_event: &str, ledger: &Ledger) -> usize {
    let mut lost = 0;
    for email in &ledger.registrations {
        let sql = format!(
            "select count(*) from registrations where event_id = '{load_event}' and body like $1"
        );
        if count(&cluster.pool, &sql, &format!("%{email}%")).await != 1 {
            println!("LOST: the registration of {email}");
            lost += 1;
        }
    }
    for id in &ledger.entries {
        if count(
            &cluster.pool,
            "select count(*) from entries where id = $1",
            id,
        )
        .await
            != 1
        {
            println!("LOST: entry {id}");
            lost += 1;
        }
    }
    lost
}

fn summary(name: &str, ledger: &Ledger) {
    println!(
        "cluster: {name}: {} registrations, {} entries, {} pages acknowledged; {} not: {:?}",
        ledger.registrations.len(),
        ledger.entries.len(),
        ledger.reads,
        ledger.failures.len(),
        ledger
            .failures
            .iter()
            .map(|f| f.what.as_str())
            .take(8)
            .collect::<Vec<_>>()
    );
}

/// Waits until the load has had `more` more answers (at most 20 s).
async fn go_on(load: &Load, more: u64) {
    let until = load.answered() + more;
    let started = Instant::now();
    while load.answered() < until && started.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(load.answered() >= until, "the load stalled");
}

/// Node b is killed with SIGKILL under load: the others keep serving (every request from a
/// moment after the kill is answered), nothing acknowledged is lost, and b comes back.
pub async fn sigkill(cluster: &mut Cluster) {
    let load = Load::start(cluster, "Abbruch").await;
    go_on(&load, 60).await;
    cluster.nodes[1].kill();
    cluster.kills += 1;
    let killed = Instant::now();
    go_on(&load, 120).await;
    let event = load.event.clone();
    let ledger = load.stop().await;
    summary("SIGKILL", &ledger);
    let late: Vec<_> = ledger
        .failures
        .iter()
        .filter(|f| f.sent > killed + Duration::from_millis(500))
        .collect();
    assert!(
        late.is_empty(),
        "requests failed well after the kill: {late:?}"
    );
    assert!(
        ledger.failures.len() <= CLIENTS,
        "more failures than requests in flight at the kill"
    );
    assert_eq!(
        lost(cluster, &event, &ledger).await,
        0,
        "acknowledged writes were lost"
    );
    cluster.nodes[1].start().await;
}

/// The node's log without the lines of single requests: what it did besides answering.
fn quiet_log(node: &urbis_testkit::cluster::Node) -> String {
    let log = std::fs::read_to_string(node.log_path()).unwrap_or_default();
    let lines: Vec<&str> = log.lines().filter(|l| !l.contains("tower_http")).collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

/// Each node in turn is stopped with SIGTERM and started again under load: no request fails.
pub async fn rolling_restart(cluster: &mut Cluster) {
    let load = Load::start(cluster, "Neustart").await;
    go_on(&load, 30).await;
    for n in 0..cluster.nodes.len() {
        // As in the runbook: out of the load balancer first, so that no request meets the
        // instant the node's listener closes (a connection the kernel accepted but the node
        // did not is reset, and nginx may not retry a POST that was sent).
        cluster.nginx.set_down(&[cluster.nodes[n].addr()]).await;
        let stopped = cluster.nodes[n].stop(Duration::from_secs(20)).await;
        // A node that does not end within 20 s of SIGTERM is killed; no request is lost by
        // that (it is out of the load balancer), so it is reported, not failed.
        match stopped {
            Some(status) => assert!(
                status.success(),
                "node {} ended with {status}",
                cluster.nodes[n].name()
            ),
            None => {
                cluster.kills += 1;
                println!(
                    "WARNING: node {} did not end within 20 s of SIGTERM and was killed:\n{}",
                    cluster.nodes[n].name(),
                    quiet_log(&cluster.nodes[n])
                );
            }
        }
        go_on(&load, 20).await;
        cluster.nodes[n].start().await;
        cluster.nginx.set_down(&[]).await;
        go_on(&load, 20).await;
    }
    let event = load.event.clone();
    let ledger = load.stop().await;
    summary("rolling restart", &ledger);
    assert!(
        ledger.failures.is_empty(),
        "requests failed during the rolling restart; nginx:\n{}",
        cluster.nginx.error_log_tail()
    );
    assert_eq!(
        lost(cluster, &event, &ledger).await,
        0,
        "acknowledged writes were lost"
    );
}
