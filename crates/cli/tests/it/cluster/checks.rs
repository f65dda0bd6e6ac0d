//! What three healthy nodes must agree on: sessions, files, search, kept pages, seats, mail.

use std::collections::HashMap;
use std::time::Duration;

use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::json;

use super::{Cluster, MEMBER, PASSWORD, count, event, register, within};

/// Logs the member in on node a and finds the session on every node and through nginx; the
/// member's client (its cookies hold the session).
pub async fn sessions(cluster: &Cluster) -> Client {
    let member = Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let a = &cluster.nodes[0];
    let login = member.get(a.url("/login")).send().await.unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let page = login.text().await.unwrap();
    let csrf = csrf_of(&page);
    let answer = member
        .post(a.url("/login"))
        .form(&[("email", MEMBER), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::SEE_OTHER,
        "the member logs in on node a"
    );
    let mut places: Vec<String> = cluster.nodes.iter().map(|n| n.url("/account")).collect();
    places.extend((0..3).map(|_| cluster.nginx.url("/account")));
    for place in places {
        let answer = member.get(&place).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "{place} knows the session");
        assert!(answer.text().await.unwrap().contains(MEMBER), "{place}");
    }
    member
}

/// The CSRF token of the first form of a page.
pub fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("the page has a form with a CSRF token");
    let rest = &html[at + 19..];
    rest[..rest.find('"').unwrap_or(0)].to_owned()
}

/// Adds a file entry through `base` as the member; the status and the entry's id if stored.
pub async fn upload(
    cluster: &Cluster,
    member: &Client,
    base: &str,
    title: &str,
    content: &[u8],
) -> (StatusCode, Option<String>) {
    let slug = &cluster.collection.1;
    let board = member
        .get(format!("{base}/collections/{slug}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&board);
    let form = Form::new()
        .text("csrf", csrf.clone())
        .text("kind", "file")
        .text("title", title.to_owned())
        .part(
            "file",
            Part::bytes(content.to_vec()).file_name(format!("{title}.txt")),
        );
    let answer = member
        .post(format!("{base}/collections/{slug}/entries?csrf={csrf}"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = answer.status();
    let id = sqlx::query("select id from entries where body like $1")
        .bind(format!("%{title}%"))
        .fetch_optional(&cluster.pool)
        .await
        .unwrap()
        .map(|row| sqlx::Row::get::<String, _>(&row, 0));
    (status, id)
}

/// The file of an entry as `member` downloads it from `base`.
pub async fn download(member: &Client, base: &str, id: &str) -> (StatusCode, Vec<u8>) {
    let answer = member
        .get(format!("{base}/files/entries/{id}"))
        .send()
        .await
        .unwrap();
    let status = answer.status();
    (status, answer.bytes().await.unwrap().to_vec())
}

/// An upload on node a downloads from nodes b and c (the bytes in the bucket), and the search of
/// every node finds it by a word of its title and of its text, each within five seconds.
pub async fn upload_and_search(cluster: &Cluster, member: &Client) {
    let title = format!("Clusterbericht{}", cluster.tag);
    let content = format!(
        "Der Bericht des Clusters erwähnt Quellwort{} im Text.",
        cluster.tag
    );
    let (status, id) = upload(
        cluster,
        member,
        &cluster.nodes[0].url(""),
        &title,
        content.as_bytes(),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the upload on node a is stored"
    );
    let id = id.expect("the entry is stored");
    assert!(
        !cluster.s3.keys().await.unwrap().is_empty(),
        "the file is in the bucket"
    );
    for node in &cluster.nodes[1..] {
        let (status, bytes) = download(member, &node.url(""), &id).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "node {} serves the file",
            node.name()
        );
        assert_eq!(
            bytes,
            content.as_bytes(),
            "node {} serves the same bytes",
            node.name()
        );
    }
    for word in [title.clone(), format!("Quellwort{}", cluster.tag)] {
        for node in &cluster.nodes {
            let url = node.url(&format!("/search?q={word}"));
            let took = within(Duration::from_secs(5), || async {
                let page = member.get(&url).send().await.unwrap().text().await.unwrap();
                page.contains(&title)
            })
            .await;
            let took = took.unwrap_or_else(|| {
                panic!(
                    "node {} does not find {word} within 5 s:\n{}",
                    node.name(),
                    node.log_tail()
                )
            });
            println!(
                "cluster: node {} finds {word} after {} ms",
                node.name(),
                took.as_millis()
            );
        }
    }
}

/// Logging out on node c ends the session on every node.
pub async fn logout_everywhere(cluster: &Cluster, member: &Client) {
    let c = &cluster.nodes[2];
    let page = member
        .get(c.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&page);
    let answer = member
        .post(c.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::SEE_OTHER,
        "the member logs out on node c"
    );
    for node in &cluster.nodes {
        let answer = member.get(node.url("/account")).send().await.unwrap();
        assert_eq!(
            answer.status(),
            StatusCode::SEE_OTHER,
            "node {} forgot the session",
            node.name()
        );
    }
}

/// Every node keeps an event's page for anonymous visitors; a change written through node b
/// shows on every node within two seconds.
pub async fn page_cache(cluster: &Cluster) {
    let id = event(cluster, &format!("Kachel{} alt", cluster.tag), 30).await;
    let path = format!("/events/{id}");
    for node in &cluster.nodes {
        // Until an answer comes from the kept page (a change the node applies meanwhile, such
        // as this event's own creation, makes it render the page anew).
        let url = node.url(&path);
        let kept = within(Duration::from_secs(5), || async {
            let before = hits(cluster, node).await;
            let page = cluster.http.get(&url).send().await.unwrap();
            assert_eq!(page.status(), StatusCode::OK);
            assert!(page.text().await.unwrap().contains("alt"));
            hits(cluster, node).await > before
        })
        .await;
        assert!(kept.is_some(), "node {} keeps the page", node.name());
    }
    let renamed = format!("Kachel{} neu", cluster.tag);
    let answer = cluster
        .http
        .patch(cluster.nodes[1].url(&format!("/api/v1/events/{id}")))
        .bearer_auth(&cluster.token)
        .header("content-type", "application/merge-patch+json")
        .body(json!({ "title": renamed }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::OK,
        "{}",
        answer.text().await.unwrap()
    );
    for node in &cluster.nodes {
        let url = node.url(&path);
        let took = within(Duration::from_secs(2), || async {
            let page = cluster
                .http
                .get(&url)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            page.contains(&renamed)
        })
        .await
        .unwrap_or_else(|| panic!("node {} still shows the old page after 2 s", node.name()));
        println!(
            "cluster: node {} shows the change after {} ms",
            node.name(),
            took.as_millis()
        );
    }
}

/// How many anonymous pages `node` answered from its page cache (its own metrics address).
async fn hits(cluster: &Cluster, node: &urbis_testkit::cluster::Node) -> f64 {
    let addr = node
        .env("URBIS_METRICS_ADDR")
        .expect("the node serves its metrics");
    let text = cluster
        .http
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("urbis_page_cache_hits_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

/// 36 guests register at once for 5 seats, 12 at each node: 5 get a seat, 31 wait, none more;
/// the emails of those who registered.
pub async fn registration_race(cluster: &Cluster) -> Vec<String> {
    const SEATS: usize = 5;
    const GUESTS: usize = 36;
    let id = event(cluster, &format!("Wettlauf{}", cluster.tag), SEATS as u32).await;
    let tasks: Vec<_> = (0..GUESTS)
        .map(|n| {
            let http = cluster.http.clone();
            let base = cluster.nodes[n % 3].url("");
            let id = id.clone();
            let email = format!("wettlauf-{n}-{}@example.org", cluster.tag);
            tokio::spawn(async move {
                let answer = register(&http, &base, &id, &email).await.unwrap();
                (email, answer)
            })
        })
        .collect();
    let mut emails = Vec::new();
    let mut waiting = 0;
    for task in tasks {
        let (email, (status, page)) = task.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{email}: {page}");
        if page.contains("Warteliste") {
            waiting += 1;
        }
        emails.push(email);
    }
    let of = |status: &str| {
        let sql = format!(
            "select count(*) from registrations where event_id = $1 and status = '{status}'"
        );
        let pool = cluster.pool.clone();
        let id = id.clone();
        async move { count(&pool, &sql, &id).await }
    };
    assert_eq!(
        of("confirmed").await,
        SEATS as i64,
        "exactly the seats are taken"
    );
    assert_eq!(
        of("waitlisted").await,
        (GUESTS - SEATS) as i64,
        "the rest wait"
    );
    assert_eq!(waiting, GUESTS - SEATS, "the pages said who waits");
    emails
}

/// The outbox empties and every mail reached the SMTP server exactly once (one message per
/// Message-ID, which is the outbox row's), while all three nodes' workers compete; each of
/// `guests` got exactly one mail. `killed` nodes were killed with SIGKILL: each may have held
/// the one mail it was sending, which stays leased until its lease ends (then it goes out,
/// perhaps a second time: no one can know whether the server took it before the kill).
pub async fn mail_once(cluster: &Cluster, guests: &[String], killed: i64) {
    let unsent = || {
        count(
            &cluster.pool,
            "select count(*) from outbox where status <> $1",
            "sent",
        )
    };
    let unleased = || {
        count(
            &cluster.pool,
            "select count(*) from outbox where status not in ('sent', $1)",
            "sending",
        )
    };
    let drained = within(Duration::from_secs(60), || async {
        unsent().await <= killed && unleased().await == 0
    })
    .await;
    if drained.is_none() {
        let rows = sqlx::query(
            "select status || ' attempts ' || attempts || ' next ' || next_attempt_at || ' error ' \
             || coalesce(last_error, '-') from outbox where status <> 'sent'",
        )
        .fetch_all(&cluster.pool)
        .await
        .unwrap();
        let rows: Vec<String> = rows.iter().map(|r| sqlx::Row::get(r, 0)).collect();
        panic!("the outbox still holds unsent mails after 60 s: {rows:#?}");
    }
    let sent = sqlx::query("select id from outbox where status = 'sent'")
        .fetch_all(&cluster.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| sqlx::Row::get::<String, _>(r, 0))
        .collect::<Vec<_>>();
    let messages = cluster.smtp.messages();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut to: HashMap<String, usize> = HashMap::new();
    for message in &messages {
        let text = message.text();
        let id = text
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
            .and_then(|l| l.split('<').nth(1))
            .and_then(|l| l.split('@').next())
            .unwrap_or_default()
            .to_owned();
        *ids.entry(id).or_default() += 1;
        for rcpt in &message.rcpt_to {
            *to.entry(rcpt.clone()).or_default() += 1;
        }
    }
    let twice: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "mails sent more than once: {twice:?}");
    let missing: Vec<_> = sent.iter().filter(|id| !ids.contains_key(*id)).collect();
    assert!(
        missing.is_empty(),
        "marked sent, never received: {missing:?}"
    );
    let stuck = unsent().await;
    assert!(
        messages.len() >= sent.len() && messages.len() <= sent.len() + stuck as usize,
        "{} messages received for {} mails marked sent",
        messages.len(),
        sent.len()
    );
    for guest in guests {
        assert_eq!(
            to.get(guest).copied().unwrap_or(0),
            1,
            "{guest} got one mail"
        );
    }
    println!(
        "cluster: {} mails sent, each once; {stuck} held by the lease of a killed node",
        sent.len()
    );
}
