//! Shared pieces of the mail tests: stores on real databases, a mailer for the test SMTP
//! server, and a parser for what it received.

#![allow(dead_code)]

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use urbis_mail::{MailConfig, Mailer};
use urbis_store::Store;
use urbis_testkit::TestDb;
use urbis_testkit::smtp::TestSmtp;

/// The sender of every test mail.
pub const FROM: &str = "Forum Office <office@forum.example>";

/// Opens a store on a test database.
pub async fn open(db: &TestDb) -> Store {
    Store::open(db.url())
        .await
        .expect("the test database opens")
}

/// A mailer that sends to the test SMTP server (plain SMTP on loopback, short timeout).
pub fn mailer(smtp: &TestSmtp) -> Mailer {
    mailer_for(&format!(
        "smtp://127.0.0.1:{}?security=none&timeout=5",
        smtp.port()
    ))
}

/// A mailer for a transport URL.
pub fn mailer_for(url: &str) -> Mailer {
    let config = MailConfig::from_values(Some(url), Some(FROM), None).expect("the URL is valid");
    Mailer::new(&config).expect("the mailer builds")
}

/// `time` plus some seconds.
pub fn later(time: Timestamp, secs: i64) -> Timestamp {
    time.checked_add(SignedDuration::from_secs(secs))
        .expect("in range")
}

/// How long tests wait for mail that should arrive.
pub const WAIT: Duration = Duration::from_secs(20);
