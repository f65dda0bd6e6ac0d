//! The outbox of outgoing mail on a SQLite file and on PostgreSQL: queuing, dedupe, claims with
//! leases, retries, and claims by two store handles (two server nodes) at once.

use std::collections::BTreeSet;

use jiff::{SignedDuration, Timestamp};
use urbis_domain::{Id, Lang};
use urbis_store::{Attachment, MAIL_LEASE, MailStatus, OutgoingMail, Store};
use urbis_testkit::TestDb;

use crate::common;

urbis_testkit::on_both_databases!(
    mail_is_queued_read_back_and_deduplicated,
    claims_lease_mail_and_count_attempts,
    failures_requeue_or_give_up,
    mail_held_back_is_not_due_before_its_time,
    two_nodes_never_claim_the_same_mail,
);

fn mail(subject: &str) -> OutgoingMail {
    OutgoingMail {
        id: Id::new(),
        forum: None,
        recipient: "ann@example.org".into(),
        language: Lang::En,
        subject: subject.into(),
        text_body: format!("{subject} (text)"),
        html_body: format!("<p>{subject}</p>"),
        attachments: Vec::new(),
        dedupe_key: None,
        not_before: None,
    }
}

fn later(time: Timestamp, secs: i64) -> Timestamp {
    time.checked_add(SignedDuration::from_secs(secs)).unwrap()
}

/// The time now, to the microsecond (the precision the outbox keeps).
fn now() -> Timestamp {
    Timestamp::from_microsecond(Timestamp::now().as_microsecond()).unwrap()
}

async fn mail_is_queued_read_back_and_deduplicated(db: TestDb) {
    let store = common::open(&db).await;
    let mut first = mail("Invitation");
    first.language = Lang::De;
    first.forum = Some(Id::new());
    first.dedupe_key = Some("invitation:registration-1".into());
    first.attachments = vec![Attachment {
        name: "event.ics".into(),
        media_type: "text/calendar; method=REQUEST".into(),
        content: b"BEGIN:VCALENDAR\r\n\x00\xff".to_vec(),
    }];
    let before = now();
    assert!(store.enqueue_mail(&first).await.unwrap());
    let stored = store.outbox_mail(&first.id).await.unwrap().unwrap();
    assert_eq!(stored.mail, first);
    assert_eq!(stored.status, MailStatus::Queued);
    assert_eq!(stored.attempts, 0);
    assert_eq!(stored.last_error, None);
    assert_eq!(stored.sent_at, None);
    assert!(stored.created_at >= before && stored.created_at <= Timestamp::now());
    assert_eq!(store.outbox_len().await.unwrap(), 1);

    // The same key again: nothing is queued, whatever the rest of the mail says.
    let mut again = mail("Invitation, again");
    again.dedupe_key = first.dedupe_key.clone();
    assert!(!store.enqueue_mail(&again).await.unwrap());
    assert!(store.outbox_mail(&again.id).await.unwrap().is_none());
    // Mails without a key never clash with each other.
    assert!(store.enqueue_mail(&mail("One")).await.unwrap());
    assert!(store.enqueue_mail(&mail("Two")).await.unwrap());
    assert_eq!(store.outbox_len().await.unwrap(), 3);
    // The same id twice is a conflict, not a silent drop.
    let same_id = OutgoingMail {
        dedupe_key: None,
        ..first.clone()
    };
    let err = store.enqueue_mail(&same_id).await.unwrap_err();
    assert!(err.to_string().contains("already queued"), "{err}");

    // Still deduplicated after the first one was sent.
    let now = later(now(), 1);
    for claimed in store.claim_due_mail(now, 10).await.unwrap() {
        assert!(store.mark_sent(&claimed.mail.id, now).await.unwrap());
    }
    assert_eq!(store.outbox_len().await.unwrap(), 0);
    assert!(!store.enqueue_mail(&again).await.unwrap());
    let sent = store.outbox_mail(&first.id).await.unwrap().unwrap();
    assert_eq!(sent.status, MailStatus::Sent);
    assert_eq!(sent.sent_at, Some(now));
}

async fn claims_lease_mail_and_count_attempts(db: TestDb) {
    let store = common::open(&db).await;
    let a = mail("A");
    store.enqueue_mail(&a).await.unwrap();
    let b = mail("B");
    store.enqueue_mail(&b).await.unwrap();
    let now = later(now(), 1);

    let first = store.claim_due_mail(now, 1).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].mail.id, a.id, "oldest first");
    assert_eq!(first[0].status, MailStatus::Sending);
    assert_eq!(first[0].attempts, 1);
    let stored = store.outbox_mail(&a.id).await.unwrap().unwrap();
    assert_eq!(stored.status, MailStatus::Sending);
    assert_eq!(stored.attempts, 1);
    assert_eq!(stored.next_attempt_at, later(now, MAIL_LEASE.as_secs()));

    // A leased mail is not claimed again while its lease runs …
    let second = store.claim_due_mail(now, 10).await.unwrap();
    assert_eq!(
        second.iter().map(|m| &m.mail.id).collect::<Vec<_>>(),
        [&b.id]
    );
    assert!(
        store
            .claim_due_mail(later(now, 60), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.outbox_len().await.unwrap(),
        2,
        "sending mail still counts"
    );

    // … but is when the sender died and its lease ended.
    let after_lease = later(now, MAIL_LEASE.as_secs() + 1);
    let reclaimed = store.claim_due_mail(after_lease, 10).await.unwrap();
    assert_eq!(reclaimed.len(), 2);
    assert!(reclaimed.iter().all(|m| m.attempts == 2));
    assert!(
        store
            .claim_due_mail(after_lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn failures_requeue_or_give_up(db: TestDb) {
    let store = common::open(&db).await;
    let m = mail("Retry me");
    store.enqueue_mail(&m).await.unwrap();
    let now = later(now(), 1);
    store.claim_due_mail(now, 1).await.unwrap();

    let retry_at = later(now, 30);
    assert!(
        store
            .mark_failed(&m.id, "connection refused", Some(retry_at))
            .await
            .unwrap()
    );
    let stored = store.outbox_mail(&m.id).await.unwrap().unwrap();
    assert_eq!(stored.status, MailStatus::Queued);
    assert_eq!(stored.attempts, 1);
    assert_eq!(stored.next_attempt_at, retry_at);
    assert_eq!(stored.last_error.as_deref(), Some("connection refused"));
    // Only a mail being sent can fail.
    assert!(!store.mark_failed(&m.id, "again", None).await.unwrap());

    assert!(
        store
            .claim_due_mail(later(now, 29), 1)
            .await
            .unwrap()
            .is_empty()
    );
    let claimed = store.claim_due_mail(retry_at, 1).await.unwrap();
    assert_eq!(claimed[0].attempts, 2);
    assert!(
        store
            .mark_failed(&m.id, "550 no such user", None)
            .await
            .unwrap()
    );
    let stored = store.outbox_mail(&m.id).await.unwrap().unwrap();
    assert_eq!(stored.status, MailStatus::Failed);
    assert_eq!(stored.last_error.as_deref(), Some("550 no such user"));
    assert_eq!(store.outbox_len().await.unwrap(), 0);
    assert!(
        store
            .claim_due_mail(later(now, 86_400), 1)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !store.mark_sent(&Id::new(), now).await.unwrap(),
        "no such mail"
    );
}

async fn mail_held_back_is_not_due_before_its_time(db: TestDb) {
    let store = common::open(&db).await;
    let start = now();
    let mut reminder = mail("Reminder");
    reminder.not_before = Some(later(start, 3600));
    store.enqueue_mail(&reminder).await.unwrap();
    assert!(
        store
            .claim_due_mail(later(start, 3599), 1)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .claim_due_mail(later(start, 3600), 1)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn two_nodes_never_claim_the_same_mail(db: TestDb) {
    let node_a = common::open(&db).await;
    let node_b = common::open(&db).await;
    let mut all = BTreeSet::new();
    for i in 0..60 {
        let m = mail(&format!("Mail {i}"));
        all.insert(m.id.to_string());
        node_a.enqueue_mail(&m).await.unwrap();
    }
    let now = later(now(), 1);
    let claim_all = |store: Store| async move {
        let mut mine = Vec::new();
        loop {
            let batch = store.claim_due_mail(now, 3).await.unwrap();
            if batch.is_empty() {
                // Another node may hold rows locked for a moment: look once more.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                if store.claim_due_mail(now, 3).await.unwrap().is_empty() {
                    return mine;
                }
                continue;
            }
            mine.extend(batch.into_iter().map(|m| m.mail.id.to_string()));
        }
    };
    let (a, b) = tokio::join!(
        tokio::spawn(claim_all(node_a.clone())),
        tokio::spawn(claim_all(node_b.clone()))
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let claimed_a: BTreeSet<_> = a.iter().cloned().collect();
    let claimed_b: BTreeSet<_> = b.iter().cloned().collect();
    assert_eq!(claimed_a.len(), a.len(), "node A claimed a mail twice");
    assert_eq!(claimed_b.len(), b.len(), "node B claimed a mail twice");
    assert!(
        claimed_a.is_disjoint(&claimed_b),
        "both nodes claimed the same mail"
    );
    let union: BTreeSet<_> = claimed_a.union(&claimed_b).cloned().collect();
    assert_eq!(union, all, "every mail was claimed");
}
