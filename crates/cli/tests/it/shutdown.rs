//! `urbis serve` stops gracefully on SIGTERM: new connections are refused at once, the request
//! in flight gets its answer, the mail being sent is sent and marked so, nothing stays leased,
//! and the next start sends what is due exactly once. Real binary, real SMTP on loopback, real
//! signal.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use urbis_store::{MailStatus, OutgoingMail, Store};
use urbis_testkit::{TestDb, TestSmtp};

use crate::common::Server;

fn serve(db: &TestDb, smtp: &TestSmtp) -> Server {
    Server::start(
        Command::new(env!("CARGO_BIN_EXE_urbis"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("URBIS_DATABASE_URL", db.url())
            .env("URBIS_SEARCH_DIR", db.dir().join("search"))
            .env("URBIS_FILES_DIR", db.dir().join("files"))
            .env(
                "URBIS_MAIL_URL",
                format!("smtp://127.0.0.1:{}?security=none&timeout=30", smtp.port()),
            )
            .env("URBIS_LOG", "info")
            .env_remove("URBIS_LOG_FORMAT")
            .env_remove("URBIS_FORUM"),
    )
}

fn terminate(server: &Server) {
    let status = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", server.child.id())])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Waits for the process to end, at most `bound`; its exit code.
fn exit_within(server: &mut Server, bound: Duration) -> Option<i32> {
    let start = Instant::now();
    while start.elapsed() < bound {
        if let Some(status) = server.child.try_wait().expect("waits") {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("urbis serve did not stop within {bound:?} of SIGTERM");
}

fn mail(to: &str) -> OutgoingMail {
    OutgoingMail {
        id: urbis_domain::Id::new(),
        forum: None,
        recipient: to.to_owned(),
        language: urbis_domain::Lang::De,
        subject: format!("Hallo {to}"),
        text_body: "Text".into(),
        html_body: "<p>Text</p>".into(),
        attachments: Vec::new(),
        dedupe_key: None,
        not_before: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_request_and_the_mail_then_exits_0() {
    let db = urbis_testkit::sqlite();
    let demo = Command::new(env!("CARGO_BIN_EXE_urbis"))
        .arg("demo")
        .env("URBIS_DATABASE_URL", db.url())
        .output()
        .expect("demo runs");
    assert!(demo.status.success());
    let store = Store::open(db.url()).await.expect("opens");
    let first = mail("erste@example.org");
    store.enqueue_mail(&first).await.expect("queues");

    // The SMTP server takes two seconds to accept each message: SIGTERM arrives mid-send.
    let smtp = TestSmtp::start();
    smtp.set_delay(Duration::from_secs(2));
    let mut server = serve(&db, &smtp);
    let started = Instant::now();
    while smtp.sessions() == 0 {
        assert!(started.elapsed() < Duration::from_secs(30), "no mail sent");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A request in flight: its body arrives in two parts, the second after SIGTERM.
    let token = "t".repeat(43);
    let body = format!("csrf={token}&email=mitglied%40example.org");
    let mut stream = TcpStream::connect(&server.address).expect("connects");
    write!(
        stream,
        "POST /password/forgot HTTP/1.1\r\nHost: localhost\r\nCookie: urbis_csrf={token}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{}",
        body.len(),
        &body[..10]
    )
    .expect("sends");
    stream.flush().expect("flushes");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let signalled = Instant::now();
    terminate(&server);
    tokio::time::sleep(Duration::from_millis(700)).await;
    // Draining: the listener is closed, so a load balancer's new connection is refused (and
    // goes to another node) while the request in flight still gets its answer.
    assert!(
        TcpStream::connect(&server.address).is_err(),
        "a new connection is refused after SIGTERM"
    );
    stream
        .write_all(&body.as_bytes()[10..])
        .expect("sends the rest");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let status: u16 = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    assert!(
        (200..400).contains(&status),
        "the request in flight got an answer: {}",
        response.lines().next().unwrap_or_default()
    );

    let code = exit_within(&mut server, Duration::from_secs(20));
    assert_eq!(code, Some(0), "urbis serve exits 0 after SIGTERM");
    assert!(signalled.elapsed() < Duration::from_secs(20));
    // The mail under way was delivered and marked sent: nothing stays leased.
    let sent = store
        .outbox_mail(&first.id)
        .await
        .expect("reads")
        .expect("there");
    assert_eq!(sent.status, MailStatus::Sent);
    assert_eq!(smtp.messages().len(), 1);

    // Queued while the server is down, plus the reset mail of the request: the next start sends
    // every due mail exactly once, the first one not again.
    let second = mail("zweite@example.org");
    store.enqueue_mail(&second).await.expect("queues");
    smtp.set_delay(Duration::ZERO);
    let mut server = serve(&db, &smtp);
    let started = Instant::now();
    while store.outbox_len().await.expect("counts") > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "mail left in the outbox after a restart (a lease not given back?)"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut recipients: Vec<String> = smtp
        .messages()
        .into_iter()
        .flat_map(|m| m.rcpt_to)
        .collect();
    recipients.sort();
    assert_eq!(
        recipients,
        [
            "erste@example.org",
            "mitglied@example.org",
            "zweite@example.org"
        ],
        "each mail once"
    );
    terminate(&server);
    assert_eq!(exit_within(&mut server, Duration::from_secs(20)), Some(0));
    store.close().await;
}
