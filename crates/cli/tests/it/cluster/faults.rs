//! The parts the nodes depend on go away and come back: the bucket (down, slow) and
//! PostgreSQL (every connection cut, new ones refused, as in a restart) — each reported
//! clearly, nothing acknowledged lost, the cluster well again by itself.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use urbis_testkit::cluster::request;

use super::checks::{download, sessions, upload};
use super::load::{Load, lost};
use super::{Cluster, within};

/// The bucket down: an upload is refused with a server error within seconds and leaves no
/// entry; the bucket slow: uploads still work; the bucket back: uploads work and download
/// from another node.
pub async fn bucket(cluster: &Cluster) {
    let member: Client = sessions(cluster).await;
    let nginx = cluster.nginx.url("");
    cluster.bucket.down();
    let title = format!("Ohnebucket{}", cluster.tag);
    let asked = Instant::now();
    let (status, id) = upload(cluster, &member, &nginx, &title, b"Kein Eimer da.").await;
    let took = asked.elapsed();
    println!(
        "cluster: with the bucket down an upload answers {status} after {} ms",
        took.as_millis()
    );
    assert!(
        status.is_server_error(),
        "an upload without a bucket fails: {status}"
    );
    assert!(
        took < Duration::from_secs(30),
        "the failure comes within 30 s"
    );
    assert!(id.is_none(), "an upload that failed left no entry");
    let logged = cluster.nodes.iter().any(|n| {
        std::fs::read_to_string(n.log_path())
            .unwrap_or_default()
            .contains("file storage")
    });
    assert!(logged, "a node's log names the file storage as the cause");

    cluster.bucket.slow(Duration::from_millis(150));
    let title = format!("Langsambucket{}", cluster.tag);
    let asked = Instant::now();
    let (status, id) = upload(cluster, &member, &nginx, &title, b"Ein langsamer Eimer.").await;
    println!(
        "cluster: with the bucket slow an upload answers {status} after {} ms",
        asked.elapsed().as_millis()
    );
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "a slow bucket still takes uploads"
    );
    assert!(id.is_some());

    cluster.bucket.up();
    let title = format!("Wiederbucket{}", cluster.tag);
    let (status, id) = upload(
        cluster,
        &member,
        &cluster.nodes[0].url(""),
        &title,
        b"Wieder da.",
    )
    .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the bucket back, uploads work"
    );
    let (status, bytes) = download(&member, &cluster.nodes[2].url(""), &id.unwrap()).await;
    assert_eq!(
        (status, bytes.as_slice()),
        (StatusCode::OK, b"Wieder da.".as_slice())
    );
}

/// PostgreSQL gone for two seconds under load: every node says it is not ready while it is
/// gone, requests fail with a server error (none hangs), nothing acknowledged is lost, and
/// within ten seconds of its return every node is ready and the load goes through again.
pub async fn database(cluster: &mut Cluster) {
    let load = Load::start(cluster, "Datenbank").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    cluster.database.down();
    let gone = Instant::now();
    for node in &cluster.nodes {
        let unready = within(Duration::from_secs(5), || async {
            request(node.addr(), "GET", "/readyz", Duration::from_secs(5))
                .await
                .is_ok_and(|a| a.status == 503)
        })
        .await;
        assert!(
            unready.is_some(),
            "node {} says it is not ready",
            node.name()
        );
    }
    tokio::time::sleep(Duration::from_secs(2).saturating_sub(gone.elapsed())).await;
    cluster.database.up();
    for node in &cluster.nodes {
        let ready = within(Duration::from_secs(10), || async {
            request(node.addr(), "GET", "/readyz", Duration::from_secs(5))
                .await
                .is_ok_and(|a| a.status == 200)
        })
        .await;
        let took = ready.unwrap_or_else(|| {
            panic!(
                "node {} is not ready 10 s after the store came back:\n{}",
                node.name(),
                node.log_tail()
            )
        });
        println!(
            "cluster: node {} ready {} ms after the store came back",
            node.name(),
            took.as_millis()
        );
    }
    let recovered = Instant::now();
    let answered = load.answered();
    while load.answered() < answered + 60 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(
            recovered.elapsed() < Duration::from_secs(20),
            "the load stalled"
        );
    }
    let event = load.event.clone();
    let ledger = load.stop().await;
    println!(
        "cluster: PostgreSQL gone: {} writes acknowledged, {} requests failed: {:?}",
        ledger.registrations.len() + ledger.entries.len(),
        ledger.failures.len(),
        ledger
            .failures
            .iter()
            .map(|f| f.what.as_str())
            .take(6)
            .collect::<Vec<_>>()
    );
    let late: Vec<_> = ledger
        .failures
        .iter()
        .filter(|f| f.sent > recovered)
        .collect();
    assert!(
        late.is_empty(),
        "requests failed after every node was ready again: {late:?}"
    );
    let early: Vec<_> = ledger
        .failures
        .iter()
        .filter(|f| f.answered < gone)
        .collect();
    assert!(
        early.is_empty(),
        "requests failed before the store went away: {early:?}"
    );
    assert_eq!(
        lost(cluster, &event, &ledger).await,
        0,
        "acknowledged writes were lost"
    );
}
