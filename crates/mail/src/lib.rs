//! Outgoing mail of urbis. The application composes a [`Mail`] in the recipient's language and
//! queues it in the outbox of the store ([`Mail::enqueue`]); the [`worker`] sends what is due
//! through the configured [`Transport`] (SMTP, or by default `.eml` files under `./data/mail`),
//! retrying with backoff, so that neither a restart nor an SMTP outage loses a mail and no two
//! server nodes send the same one.
//!
//! Configuration ([`MailConfig::from_env`]): `URBIS_MAIL_URL` (`file://data/mail`,
//! `smtp://user:password@host:587?security=starttls`, `smtps://host`, …), `URBIS_MAIL_FROM`
//! (`urbis@localhost`) and `URBIS_MAIL_POLL_SECONDS` (1).

mod error;
mod message;
mod transport;
pub mod worker;

pub use error::{MailError, Result};
pub use message::Mail;
pub use transport::{
    Credentials, DEFAULT_FROM, DEFAULT_POLL_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_URL, MailConfig,
    Mailer, Security, Transport,
};
pub use urbis_store::{Attachment, MailStatus, QueuedMail};
pub use worker::{RetryPolicy, SendReport, WorkerOptions, run, send_due};
