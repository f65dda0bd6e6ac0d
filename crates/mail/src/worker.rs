//! The worker: sends due mail from the outbox, retries with exponential backoff, gives up after
//! a number of attempts, and never panics. Any number of workers (one per server node) can run
//! on one store: each mail is claimed by one of them.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Waker};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use urbis_store::{QueuedMail, Store};

use crate::error::{MailError, Result};
use crate::transport::{DEFAULT_POLL_INTERVAL, MailConfig, Mailer};

/// The most mails one pass sends, so a pass ends even when mail is queued as fast as it is sent.
const MAX_PER_PASS: usize = 1000;

/// How long the worker tries to mark a sent mail as sent while the store does not answer
/// (well below the store's mail lease, after which the mail would be claimed again).
const MARK_PATIENCE: Duration = Duration::from_secs(120);

/// The longest the worker waits between passes while the transport is unavailable.
const MAX_OUTAGE_PAUSE: Duration = Duration::from_secs(60);

/// When a failed mail is tried again, and when it is given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failed attempt; it doubles with every further one.
    pub first_delay: SignedDuration,
    /// The longest wait between two attempts.
    pub max_delay: SignedDuration,
    /// After this many failed attempts the mail is given up (status failed).
    pub max_attempts: i64,
}

impl Default for RetryPolicy {
    /// 30 s, 1 min, 2 min, … up to 6 h between attempts; 12 attempts (about 14 hours) in all.
    fn default() -> Self {
        RetryPolicy {
            first_delay: SignedDuration::from_secs(30),
            max_delay: SignedDuration::from_hours(6),
            max_attempts: 12,
        }
    }
}

impl RetryPolicy {
    /// The wait after the `attempts`-th failed attempt: `first_delay × 2^(attempts − 1)`, at
    /// most `max_delay`.
    pub fn delay(&self, attempts: i64) -> SignedDuration {
        let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 62)).unwrap_or(62);
        let factor = 1_i64.checked_shl(doublings).unwrap_or(i64::MAX);
        let secs = self.first_delay.as_secs().saturating_mul(factor);
        SignedDuration::from_secs(secs.min(self.max_delay.as_secs()))
    }
}

/// The settings of [`run`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerOptions {
    /// How often the worker looks for due mail.
    pub poll_interval: Duration,
    /// When failed mail is tried again.
    pub retry: RetryPolicy,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            poll_interval: DEFAULT_POLL_INTERVAL,
            retry: RetryPolicy::default(),
        }
    }
}

impl MailConfig {
    /// The worker settings this configuration implies (its poll interval, the default retries).
    pub fn worker_options(&self) -> WorkerOptions {
        WorkerOptions {
            poll_interval: self.poll_interval,
            ..WorkerOptions::default()
        }
    }
}

/// What one pass over the outbox did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendReport {
    /// Mails delivered to the transport.
    pub sent: usize,
    /// Mails that failed and are queued again for later.
    pub deferred: usize,
    /// Mails given up (refused for good, or failed too often).
    pub failed: usize,
    /// Set when the pass stopped early because the transport is unavailable; the reason.
    pub unavailable: Option<String>,
}

/// What became of one claimed mail.
enum Outcome {
    Sent,
    Deferred,
    Failed,
    /// Deferred, and the transport as a whole is down.
    Unavailable(String),
}

/// Sends every mail that is due at `now`, one after the other, until none is left, the
/// transport turns out to be unavailable, or a pass limit is reached. Failed mails are queued
/// again according to `retry` or given up.
pub async fn send_due(
    store: &Store,
    mailer: &Mailer,
    now: Timestamp,
    retry: &RetryPolicy,
) -> Result<SendReport> {
    let mut report = SendReport::default();
    for _ in 0..MAX_PER_PASS {
        let Some(outcome) = send_one(store, mailer, now, retry).await? else {
            break;
        };
        match outcome {
            Outcome::Sent => report.sent += 1,
            Outcome::Deferred => report.deferred += 1,
            Outcome::Failed => report.failed += 1,
            Outcome::Unavailable(reason) => {
                report.deferred += 1;
                report.unavailable = Some(reason);
                break;
            }
        }
    }
    Ok(report)
}

/// Claims and sends the next due mail, if there is one.
async fn send_one(
    store: &Store,
    mailer: &Mailer,
    now: Timestamp,
    retry: &RetryPolicy,
) -> Result<Option<Outcome>> {
    let Some(mail) = store.claim_due_mail(now, 1).await?.into_iter().next() else {
        return Ok(None);
    };
    let id = &mail.mail.id;
    if mail.attempts > retry.max_attempts {
        // Only a sender that died during the last allowed attempt leaves a mail like this.
        let reason = format!(
            "given up after {} attempts (the sender stopped during the last)",
            mail.attempts - 1
        );
        tracing::error!(mail = %id, attempts = mail.attempts - 1, "mail given up: {reason}");
        store.mark_failed(id, &reason, None).await?;
        return Ok(Some(Outcome::Failed));
    }
    match mailer.send(&mail).await {
        Ok(()) => {
            mark_sent(store, id, now).await?;
            tracing::info!(mail = %id, attempts = mail.attempts, "mail sent");
            Ok(Some(Outcome::Sent))
        }
        Err(error) => failed(store, &mail, &error, now, retry).await.map(Some),
    }
}

/// Marks a mail the server accepted as sent. The store may be away for a moment (a database
/// restart): the mark is tried again for up to [`MARK_PATIENCE`], since a mail left leased is
/// sent a second time when its lease ends.
async fn mark_sent(store: &Store, id: &urbis_domain::Id, now: Timestamp) -> Result<()> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(250);
    loop {
        match store.mark_sent(id, now).await {
            Ok(_) => return Ok(()),
            Err(error) if started.elapsed() < MARK_PATIENCE => {
                tracing::warn!(mail = %id, "mail sent, but not yet marked so: {error}; trying again");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(5));
            }
            Err(error) => {
                tracing::error!(
                    mail = %id,
                    "mail sent, but it could not be marked so: it goes out again when its lease \
                     ends: {error}"
                );
                return Err(error.into());
            }
        }
    }
}

async fn failed(
    store: &Store,
    mail: &QueuedMail,
    error: &MailError,
    now: Timestamp,
    retry: &RetryPolicy,
) -> Result<Outcome> {
    let id = &mail.mail.id;
    let reason = error.to_string();
    if error.is_permanent() || mail.attempts >= retry.max_attempts {
        tracing::error!(mail = %id, attempts = mail.attempts, "mail given up: {reason}");
        store.mark_failed(id, &reason, None).await?;
        return Ok(Outcome::Failed);
    }
    let next = now
        .saturating_add(retry.delay(mail.attempts))
        .unwrap_or(now);
    tracing::warn!(
        mail = %id,
        attempts = mail.attempts,
        next_attempt = %next,
        "mail not sent, will try again: {reason}"
    );
    store.mark_failed(id, &reason, Some(next)).await?;
    Ok(if error.is_unavailable() {
        Outcome::Unavailable(reason)
    } else {
        Outcome::Deferred
    })
}

/// Whether `future` has finished, without waiting for it.
fn finished<F: Future<Output = ()>>(future: std::pin::Pin<&mut F>) -> bool {
    future
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_ready()
}

/// Sends due mail until `shutdown` completes: a pass every poll interval (less often while
/// the transport is unavailable, up to once a minute). Shutting down lets the mail being sent
/// finish first. Errors are logged, never fatal: the next pass tries again.
pub async fn run(
    store: &Store,
    mailer: &Mailer,
    options: &WorkerOptions,
    shutdown: impl Future<Output = ()>,
) {
    let mut shutdown = pin!(shutdown);
    let mut pause = options.poll_interval;
    tracing::info!(transport = mailer.describe(), "mail worker started");
    'passes: loop {
        let mut outage = None;
        for _ in 0..MAX_PER_PASS {
            if finished(shutdown.as_mut()) {
                break 'passes;
            }
            match send_one(store, mailer, Timestamp::now(), &options.retry).await {
                Ok(None) => break,
                Ok(Some(Outcome::Unavailable(reason))) => {
                    outage = Some(reason);
                    break;
                }
                Ok(Some(_)) => {}
                Err(error) => {
                    tracing::error!("mail worker: {error}");
                    outage = Some(error.to_string());
                    break;
                }
            }
        }
        pause = if outage.is_some() {
            (pause * 2).min(MAX_OUTAGE_PAUSE.max(options.poll_interval))
        } else {
            options.poll_interval
        };
        tokio::select! {
            () = shutdown.as_mut() => break,
            () = tokio::time::sleep(pause) => {}
        }
    }
    tracing::info!("mail worker stopped");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_limit() {
        let policy = RetryPolicy::default();
        let secs: Vec<i64> = (1..=12).map(|a| policy.delay(a).as_secs()).collect();
        assert_eq!(
            secs,
            [
                30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600
            ]
        );
        assert_eq!(policy.delay(0).as_secs(), 30);
        assert_eq!(policy.delay(i64::MAX).as_secs(), 21600);
    }
}
