//! The crash test: a write load (guest registrations through the public form, cancellations
//! by the link of their mail, collection entries and their changes through the JSON API) against the real `urbis serve`, which is
//! killed with SIGKILL at random moments and restarted on the same store and search index.
//! Every write the server acknowledged must be in the store afterwards, no event overbooked,
//! every reference, audit entry, change-log row and confirmation mail in place, and the search
//! index caught up (before the last restart a file of the index is removed: it is rebuilt
//! from the store). Runs on SQLite and on PostgreSQL; prints the seed and the figures
//! (`URBIS_CRASH_SEED` repeats a run, `URBIS_CRASH_KILLS` kills more often).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;
use urbis_domain::accounts::ForumRole;
use urbis_domain::events::RegistrationStatus;
use urbis_domain::{Id, Lang};
use urbis_store::{ApiScope, Store};
use urbis_testkit::TestDb;

/// The forum the server presents (the demo network's largest).
const FORUM: &str = "DEFUS";
/// Concurrent writers.
const WRITERS: u64 = 4;
/// Events to register for, and the seats of each (a waiting list takes the rest).
const EVENTS: usize = 3;
const SEATS: u32 = 7;
/// A CSRF token of the right shape, sent as cookie and form field (double submit).
const CSRF: &str = "durabilitydurabilitydurabilitydurabilityxyz";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_keeps_every_acknowledged_write_through_sigkills() {
    crash_test("sqlite", urbis_testkit::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_keeps_every_acknowledged_write_through_sigkills() {
    crash_test("postgres", urbis_testkit::postgres().await).await;
}

/// A small seeded random number generator (splitmix64): the same seed, the same kill moments
/// and operations (as far as the scheduler allows).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn seed() -> u64 {
    std::env::var("URBIS_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
}

/// What the test keeps beside the database: the search index, the mail files, the server log.
struct Place {
    db: TestDb,
    dir: tempfile::TempDir,
}

impl Place {
    fn search(&self) -> PathBuf {
        self.dir.path().join("search")
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("serve.log")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_urbis"));
        command
            .args(args)
            .env("URBIS_DATABASE_URL", self.db.url())
            .env("URBIS_SEARCH_DIR", self.search())
            .env(
                "URBIS_MAIL_URL",
                format!("file://{}", self.dir.path().join("mail").display()),
            )
            .env("URBIS_MAIL_POLL_SECONDS", "0.5")
            .env("URBIS_FORUM", FORUM)
            // The load comes from one address; the guest limits would refuse most of it.
            .env("URBIS_GUEST_REGISTRATIONS_PER_ADDRESS", "1000000")
            .env_remove("URBIS_LOG_FORMAT");
        command
    }
}

/// A running `urbis serve`.
struct Server {
    child: Child,
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the server on a free port and waits until it answers `/readyz`.
async fn start(place: &Place, http: &Client) -> Server {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(place.log())
        .unwrap();
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let child = place
        .command(&["serve", "--addr", &addr])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("urbis serve starts");
    let mut server = Server {
        child,
        base: format!("http://{addr}"),
    };
    let started = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            panic!(
                "urbis serve ended with {status} while starting:\n{}",
                tail(&place.log())
            );
        }
        if let Ok(answer) = http.get(format!("{}/readyz", server.base)).send().await
            && answer.status() == StatusCode::OK
        {
            return server;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "urbis serve is not ready after 90 s:\n{}",
            tail(&place.log())
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

impl Server {
    /// SIGKILL: no shutdown, no flushing, no goodbye.
    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("the killed server is reaped");
    }
}

fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

/// A guest registration the server acknowledged.
struct Registered {
    event: usize,
    email: String,
    waitlisted: bool,
    cancel: Cancel,
}

/// Whether the registrant cancelled by their personal link.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cancel {
    No,
    /// Sent, no answer: it may have been cancelled or not.
    Tried,
    /// Acknowledged.
    Done,
}

/// An entry the server acknowledged, with the titles it may have now: the last acknowledged
/// one and those sent after it without an answer (the server may have written them or not).
struct Written {
    id: String,
    titles: Vec<String>,
}

/// What the writers saw.
#[derive(Default)]
struct Ledger {
    registrations: Vec<Registered>,
    entries: Vec<Written>,
    updates: u64,
    cancellations: u64,
    unanswered: u64,
    /// Answers that are neither an acknowledgement nor an expected refusal.
    wrong: Vec<String>,
}

struct Load {
    base: RwLock<String>,
    stop: AtomicBool,
    ledger: Mutex<Ledger>,
    token: String,
    collection: String,
    events: Vec<String>,
    tag: String,
    attempts: AtomicU64,
    /// The store, to read the cancel link from the outbox (as the registrant's mailbox would).
    pool: sqlx::AnyPool,
}

impl Load {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base.read().unwrap())
    }
}

async fn crash_test(name: &str, db: TestDb) {
    let started = Instant::now();
    let seed = seed();
    let kills: u64 = std::env::var("URBIS_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(6);
    println!("{name}: seed {seed} (URBIS_CRASH_SEED={seed} repeats it)");
    let mut rng = Rng(seed);
    let place = Place {
        db,
        dir: tempfile::tempdir().unwrap(),
    };
    let demo = place.command(&["demo"]).output().unwrap();
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let token = office_token(place.db.url()).await;
    let http = Client::builder()
        .timeout(Duration::from_secs(20))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let mut server = start(&place, &http).await;
    let (collection, events) = fixtures(&http, &server.base, &token, seed).await;
    let load = Arc::new(Load {
        base: RwLock::new(server.base.clone()),
        stop: AtomicBool::new(false),
        ledger: Mutex::new(Ledger::default()),
        token,
        collection,
        events,
        tag: format!("dauertest{}", seed % 1_000_000),
        attempts: AtomicU64::new(0),
        pool: pool(place.db.url()).await,
    });
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let load = load.clone();
            let http = http.clone();
            let rng = Rng(seed ^ (w + 1).wrapping_mul(0x5851_f42d_4c95_7f2d));
            tokio::spawn(write_load(load, http, w, rng))
        })
        .collect();

    for kill in 1..=kills {
        tokio::time::sleep(Duration::from_millis(300 + rng.below(1200))).await;
        if kill == kills {
            // On a slow machine the index may not have committed a segment yet: the last
            // kill waits for one, so that there is a segment to break.
            wait_for_segment(&place.search()).await;
        }
        server.kill();
        if kill == kills {
            // The worst a crash (or a disk) can leave: a segment of the index gone. The server
            // must start anyway and rebuild the index from the store.
            break_index(&place.search());
        }
        server = start(&place, &http).await;
        *load.base.write().unwrap() = server.base.clone();
    }
    let log = std::fs::read_to_string(place.log()).unwrap();
    assert!(
        log.contains("it is rebuilt from the store"),
        "the server did not notice the damaged index:\n{}",
        tail(&place.log())
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    load.stop.store(true, Ordering::SeqCst);
    for writer in writers {
        writer.await.unwrap();
    }

    let ledger = std::mem::take(&mut *load.ledger.lock().unwrap());
    assert!(
        ledger.wrong.is_empty(),
        "answers that are neither acknowledgement nor refusal:\n{}",
        ledger.wrong.join("\n")
    );
    assert!(
        !ledger.registrations.is_empty() && !ledger.entries.is_empty(),
        "the load wrote nothing"
    );
    let (titles, lost_entries) = check_entries(&http, &load, &ledger).await;
    let lost = lost_entries + check_registrations(place.db.url(), &load, &ledger).await;
    check_consistency(place.db.url(), &load).await;
    check_search(&http, &load, &titles).await;
    server.kill();

    println!(
        "{name}: {} writes acknowledged ({} registrations, {} cancellations, {} entries, \
         {} updates) of {} tried, {} unanswered; {kills} kills survived; {lost} lost writes; \
         {:.1} s",
        ledger.registrations.len()
            + ledger.entries.len()
            + (ledger.updates + ledger.cancellations) as usize,
        ledger.registrations.len(),
        ledger.cancellations,
        ledger.entries.len(),
        ledger.updates,
        load.attempts.load(Ordering::Relaxed),
        ledger.unanswered,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(lost, 0, "acknowledged writes were lost (seed {seed})");
}

/// The id of the first segment the index's meta.json names, if it names one yet.
fn live_segment(dir: &Path) -> Option<String> {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).ok()?).ok()?;
    Some(meta["segments"][0]["segment_id"].as_str()?.replace('-', ""))
}

/// Waits (up to a minute) until the running server's index has committed a segment.
async fn wait_for_segment(dir: &Path) {
    for _ in 0..600 {
        if live_segment(dir).is_some() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the search index committed no segment within a minute");
}

/// Removes one file of a segment of the search index.
fn break_index(dir: &Path) {
    // A segment the index's meta.json names: a file of an old segment that merging left
    // behind (deleted later) would not be missed.
    let live = live_segment(dir).expect("the search index has a segment");
    let segment = dir.join(format!("{live}.store"));
    assert!(segment.exists(), "{} is there", segment.display());
    std::fs::remove_file(segment).unwrap();
}

/// A staff account of the presented forum with a write token, made through the use cases.
async fn office_token(url: &str) -> String {
    let store = Store::open(url).await.unwrap();
    let forum = store
        .forums()
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.short_name == FORUM)
        .expect("the demo network has the forum");
    let mut user = urbis_app::accounts::users::add_user(
        &urbis_app::App::new(store.clone()),
        "office-durability@example.org",
        "Büro",
        Lang::De,
    )
    .await
    .unwrap();
    urbis_app::accounts::users::set_role(
        &urbis_app::App::new(store.clone()),
        &mut user,
        &forum.id,
        Some(ForumRole::Staff),
        None,
    )
    .await
    .unwrap();
    urbis_app::accounts::users::set_password(
        &urbis_app::App::new(store.clone()),
        &mut user,
        "ein langes Passwort für Tests",
    )
    .await
    .unwrap();
    let token = urbis_app::accounts::api_tokens::create(
        &urbis_app::App::new(store.clone()),
        &user,
        "crash",
        ApiScope::Write,
    )
    .await
    .unwrap()
    .secret;
    store.close().await;
    token
}

/// A public collection and public events with few seats and a waiting list.
async fn fixtures(http: &Client, base: &str, token: &str, seed: u64) -> (String, Vec<String>) {
    let create = |kind: &str, body: Value| {
        http.post(format!("{base}/api/v1/{kind}"))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    let answer = create(
        "collections",
        json!({"slug": format!("dauertest-{seed}"), "title": "Dauertest", "access": "public"}),
    )
    .await
    .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let collection: Value = serde_json::from_str(&answer.text().await.unwrap()).unwrap();
    let mut events = Vec::new();
    for n in 0..EVENTS {
        let answer = create(
            "events",
            json!({
                "kind": "webinar", "title": format!("Dauertest-Webinar {n}"),
                "start": "2099-03-02T10:00", "end": "2099-03-02T12:00", "format": "online",
                "status": "planned", "capacity": SEATS, "access": "public",
                "registration": {"waiting_list": true}
            }),
        )
        .await
        .unwrap();
        let status = answer.status();
        let text = answer.text().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{text}");
        let event: Value = serde_json::from_str(&text).unwrap();
        events.push(event["id"].as_str().unwrap().to_owned());
    }
    (collection["id"].as_str().unwrap().to_owned(), events)
}

/// One writer: registrations, new entries and changed titles of its own entries, in a seeded
/// random mix, until told to stop. A write counts only when the server acknowledged it.
async fn write_load(load: Arc<Load>, http: Client, writer: u64, mut rng: Rng) {
    let mut own: Vec<Written> = Vec::new();
    let mut mine: Vec<Registered> = Vec::new();
    let mut n = 0u64;
    while !load.stop.load(Ordering::SeqCst) {
        n += 1;
        load.attempts.fetch_add(1, Ordering::Relaxed);
        let pick = rng.below(100);
        let open: Vec<usize> = (0..mine.len())
            .filter(|&i| mine[i].cancel == Cancel::No)
            .collect();
        let outcome = if pick < 10 && !open.is_empty() {
            let at = open[rng.below(open.len() as u64) as usize];
            cancel(&load, &http, &mut mine[at]).await
        } else if pick < 50 {
            register(&load, &http, writer, n, &mut rng, &mut mine).await
        } else if pick < 82 || own.is_empty() {
            add_entry(&load, &http, writer, n, &mut own).await
        } else {
            let at = rng.below(own.len() as u64) as usize;
            change_entry(&load, &http, writer, n, &mut own[at]).await
        };
        if let Err(()) = outcome {
            load.ledger.lock().unwrap().unanswered += 1;
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }
    let mut ledger = load.ledger.lock().unwrap();
    ledger.entries.extend(own);
    ledger.registrations.extend(mine);
}

fn wrong(load: &Load, what: String) {
    load.ledger.lock().unwrap().wrong.push(what);
}

async fn register(
    load: &Load,
    http: &Client,
    writer: u64,
    n: u64,
    rng: &mut Rng,
    mine: &mut Vec<Registered>,
) -> Result<(), ()> {
    let event = rng.below(load.events.len() as u64) as usize;
    let email = format!("gast-{}-{writer}-{n}@example.org", load.tag);
    let answer = http
        .post(load.url(&format!("/events/{}/register", load.events[event])))
        .header("cookie", format!("urbis_csrf={CSRF}"))
        .header("accept-language", "de")
        .form(&[
            ("name", format!("Gast {writer}-{n}")),
            ("email", email.clone()),
            ("consent", "yes".into()),
            ("csrf", CSRF.into()),
        ])
        .send()
        .await
        .map_err(|_| ())?;
    let status = answer.status();
    let text = answer.text().await.map_err(|_| ())?;
    if status == StatusCode::OK {
        mine.push(Registered {
            event,
            email,
            waitlisted: text.contains("Warteliste"),
            cancel: Cancel::No,
        });
    } else {
        wrong(load, format!("registration {email}: {status}"));
    }
    Ok(())
}

/// Cancels by the personal link of the registration's mail.
async fn cancel(load: &Load, http: &Client, registration: &mut Registered) -> Result<(), ()> {
    let text: String = sqlx::query(
        "select text_body from outbox where recipient = $1 and dedupe_key like 'registration-%' \
         order by created_at limit 1",
    )
    .bind(&registration.email)
    .fetch_one(&load.pool)
    .await
    .unwrap()
    .get(0);
    let at = text
        .find("/registrations/")
        .expect("the mail has the cancel link");
    let path = text[at..].split_whitespace().next().unwrap().to_owned();
    registration.cancel = Cancel::Tried;
    let answer = http
        .post(load.url(&path))
        .header("cookie", format!("urbis_csrf={CSRF}"))
        .form(&[("csrf", CSRF)])
        .send()
        .await
        .map_err(|_| ())?;
    let status = answer.status();
    let _ = answer.text().await.map_err(|_| ())?;
    if status == StatusCode::OK {
        registration.cancel = Cancel::Done;
        load.ledger.lock().unwrap().cancellations += 1;
    } else {
        wrong(load, format!("cancel {}: {status}", registration.email));
    }
    Ok(())
}

async fn add_entry(
    load: &Load,
    http: &Client,
    writer: u64,
    n: u64,
    own: &mut Vec<Written>,
) -> Result<(), ()> {
    let title = format!("{}w{writer}n{n} Bericht", load.tag);
    let answer = http
        .post(load.url("/api/v1/entries"))
        .bearer_auth(&load.token)
        .header("content-type", "application/json")
        .body(
            json!({
                "collection": load.collection, "kind": "note", "title": title,
                "body": "Ein Eintrag des Dauertests.", "access": "public"
            })
            .to_string(),
        )
        .send()
        .await
        .map_err(|_| ())?;
    let status = answer.status();
    let text = answer.text().await.map_err(|_| ())?;
    if status == StatusCode::CREATED {
        let entry: Value = serde_json::from_str(&text).unwrap();
        own.push(Written {
            id: entry["id"].as_str().unwrap().to_owned(),
            titles: vec![title],
        });
    } else {
        wrong(load, format!("new entry: {status} {text}"));
    }
    Ok(())
}

async fn change_entry(
    load: &Load,
    http: &Client,
    writer: u64,
    n: u64,
    entry: &mut Written,
) -> Result<(), ()> {
    let title = format!("{}w{writer}n{n} Neufassung", load.tag);
    entry.titles.push(title.clone());
    let answer = http
        .patch(load.url(&format!("/api/v1/entries/{}", entry.id)))
        .bearer_auth(&load.token)
        .header("content-type", "application/merge-patch+json")
        .body(json!({ "title": title }).to_string())
        .send()
        .await
        .map_err(|_| ())?;
    let status = answer.status();
    let text = answer.text().await.map_err(|_| ())?;
    if status == StatusCode::OK {
        entry.titles = vec![title];
        load.ledger.lock().unwrap().updates += 1;
    } else {
        wrong(load, format!("changed entry {}: {status} {text}", entry.id));
    }
    Ok(())
}

/// Reads every acknowledged entry back through the API; returns the stored titles and how
/// many are missing or older than acknowledged.
async fn check_entries(http: &Client, load: &Load, ledger: &Ledger) -> (Vec<String>, usize) {
    let mut lost = 0;
    let mut titles = Vec::new();
    for entry in &ledger.entries {
        let answer = http
            .get(load.url(&format!("/api/v1/entries/{}", entry.id)))
            .bearer_auth(&load.token)
            .send()
            .await
            .unwrap();
        let status = answer.status();
        let text = answer.text().await.unwrap();
        if status != StatusCode::OK {
            println!("LOST: entry {} answers {status}", entry.id);
            lost += 1;
            continue;
        }
        let stored: Value = serde_json::from_str(&text).unwrap();
        let title = stored["title"]["de"].as_str().unwrap_or_default();
        if !entry.titles.iter().any(|t| t == title) {
            println!(
                "LOST: entry {} has the title {title:?}, acknowledged {:?}",
                entry.id, entry.titles
            );
            lost += 1;
        }
        titles.push(title.to_owned());
    }
    (titles, lost)
}

/// Reads every acknowledged registration from the store: there, with the status the page
/// said, its confirmation mail queued; and no event holds more confirmed seats than it has.
async fn check_registrations(url: &str, load: &Load, ledger: &Ledger) -> usize {
    let store = Store::open(url).await.unwrap();
    let pool = pool(url).await;
    let mut lost = 0;
    let mut stored = HashMap::new();
    for (n, event) in load.events.iter().enumerate() {
        let registrations = store
            .registrations_of_event(&Id::from_text(event.clone()))
            .await
            .unwrap();
        let confirmed = registrations
            .iter()
            .filter(|r| r.status == RegistrationStatus::Confirmed)
            .count();
        assert!(
            confirmed <= SEATS as usize,
            "event {n} is overbooked: {confirmed} confirmed for {SEATS} seats"
        );
        let waiting = registrations
            .iter()
            .filter(|r| r.status == RegistrationStatus::Waitlisted)
            .count();
        assert!(
            confirmed == SEATS as usize || waiting == 0,
            "event {n}: {waiting} wait while {} seats are free",
            SEATS as usize - confirmed
        );
        for registration in registrations {
            let email = registration.guest.as_ref().unwrap().email.clone();
            stored.insert((n, email), registration);
        }
    }
    for acknowledged in &ledger.registrations {
        let Some(registration) = stored.get(&(acknowledged.event, acknowledged.email.clone()))
        else {
            println!("LOST: registration of {}", acknowledged.email);
            lost += 1;
            continue;
        };
        let expected: &[RegistrationStatus] = match acknowledged.cancel {
            Cancel::Done => &[RegistrationStatus::Cancelled],
            Cancel::Tried => &[
                RegistrationStatus::Cancelled,
                RegistrationStatus::Confirmed,
                RegistrationStatus::Waitlisted,
            ],
            Cancel::No if acknowledged.waitlisted => &[
                RegistrationStatus::Waitlisted,
                RegistrationStatus::Confirmed,
            ],
            Cancel::No => &[RegistrationStatus::Confirmed],
        };
        assert!(
            expected.contains(&registration.status),
            "{}: {:?}",
            acknowledged.email,
            registration.status
        );
        if acknowledged.waitlisted && registration.status == RegistrationStatus::Confirmed {
            let key = format!("registration-{}-promoted", registration.id);
            let mails: i64 = sqlx::query("select count(*) from outbox where dedupe_key = $1")
                .bind(&key)
                .fetch_one(&pool)
                .await
                .unwrap()
                .get(0);
            if mails != 1 {
                println!("LOST: {} moved up without a mail", acknowledged.email);
                lost += 1;
            }
        }
        let key = format!(
            "registration-{}-{}",
            registration.id,
            if acknowledged.waitlisted {
                "waitlisted"
            } else {
                "confirmed"
            }
        );
        let mails: i64 = sqlx::query("select count(*) from outbox where dedupe_key = $1")
            .bind(&key)
            .fetch_one(&pool)
            .await
            .unwrap()
            .get(0);
        if mails != 1 {
            println!(
                "LOST: the mail to {} ({key}) is not queued",
                acknowledged.email
            );
            lost += 1;
        }
    }
    store.close().await;
    pool.close().await;
    lost
}

async fn pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .unwrap()
}

async fn count(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

/// The store after the crashes: SQLite's own checks, and on both databases every record of
/// the load with its audit entry and change-log row, every reference with its record.
async fn check_consistency(url: &str, load: &Load) {
    let pool = pool(url).await;
    let events = load
        .events
        .iter()
        .map(|e| format!("'{e}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let of_load = [
        (
            "entries",
            "entry",
            format!("r.collection_id = '{}'", load.collection),
        ),
        (
            "registrations",
            "registration",
            format!("r.event_id in ({events})"),
        ),
    ];
    if url.starts_with("sqlite:") {
        let integrity: String = sqlx::query("pragma integrity_check")
            .fetch_one(&pool)
            .await
            .unwrap()
            .get(0);
        assert_eq!(integrity, "ok");
        let broken = sqlx::query("pragma foreign_key_check")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert!(broken.is_empty(), "{} broken foreign keys", broken.len());
    }
    for (table, kind, mine) in of_load {
        let checks = [
            format!(
                "select count(*) from {table} r where {mine} and not exists \
                 (select 1 from audit_log a where a.record_id = r.id and a.action = 'create')"
            ),
            // The change log feeds the search, which has entries but no registrations.
            if kind == "entry" {
                format!(
                    "select count(*) from {table} r where {mine} and not exists \
                     (select 1 from changes c where c.record_id = r.id)"
                )
            } else {
                "select 0".to_owned()
            },
            format!(
                "select count(*) from refs f where f.from_kind = '{kind}' and not exists \
                 (select 1 from {table} r where r.id = f.from_id)"
            ),
        ];
        for sql in checks {
            assert_eq!(count(&pool, &sql).await, 0, "{sql}");
        }
    }
    for sql in [
        "select count(*) from registrations r where not exists \
         (select 1 from events e where e.id = r.event_id)",
        "select count(*) from entries r where not exists \
         (select 1 from collections c where c.id = r.collection_id)",
        "select count(*) from registration_tokens t where not exists \
         (select 1 from registrations r where r.id = t.registration_id)",
        "select count(*) from (select event_id, guest_email_key from registrations \
         where status <> 'cancelled' group by event_id, guest_email_key having count(*) > 1) d",
    ] {
        assert_eq!(count(&pool, sql).await, 0, "{sql}");
    }
    pool.close().await;
}

/// After the last restart the search finds the acknowledged entries by their stored titles
/// within a few seconds (the index caught up with the change log, or was rebuilt).
async fn check_search(http: &Client, load: &Load, titles: &[String]) {
    let deadline = Instant::now() + Duration::from_secs(15);
    for title in titles {
        let word = title.split(' ').next().unwrap();
        loop {
            let page = http
                .get(load.url("/search"))
                .query(&[("q", word)])
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if page.contains(title.as_str()) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the search does not find the acknowledged entry {title:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}
