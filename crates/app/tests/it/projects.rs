//! Deadline reminders for funding applications, on real stores: the office is mailed once per
//! application and deadline, only while the application is being written.

use jiff::civil::date;
use serde_json::json;
use urbis_app::projects::{due_applications, remind_deadlines};
use urbis_domain::accounts::{ForumRole, User, UserStatus};
use urbis_domain::network::Forum;
use urbis_domain::portal::FundingCall;
use urbis_domain::projects::FundingApplication;
use urbis_domain::{Id, Lang};
use urbis_store::Store;
use urbis_testkit::{TestDb, on_both_databases};

use crate::common::from_json;

on_both_databases!(the_office_is_reminded_once_before_a_deadline_of_an_application_in_preparation);

async fn user(store: &Store, forum: &Id, email: &str, role: ForumRole) {
    let mut user = User::new(email, "Someone", Lang::De);
    user.status = UserStatus::Active;
    user.grant(forum, role, None);
    store.insert_user(&user).await.unwrap();
}

async fn the_office_is_reminded_once_before_a_deadline_of_an_application_in_preparation(
    db: TestDb,
) {
    let store = Store::open(db.url()).await.unwrap();
    let forum: Forum = from_json(json!({"name": "Forum", "short_name": "F", "languages": ["de"]}));
    store.insert(&forum).await.unwrap();
    user(&store, &forum.id, "office@example.org", ForumRole::Staff).await;
    user(&store, &forum.id, "boss@example.org", ForumRole::Admin).await;
    user(&store, &forum.id, "member@example.org", ForumRole::Member).await;

    let mut call: FundingCall = from_json(json!({
        "title": {"de": "Sicherheitsforschung", "en": "Security research"},
        "deadlines": [
            {"date": "2026-11-20"},
            {"date": "2026-12-05", "label": {"de": "Vollantrag"}},
            {"date": "2027-03-01"},
        ],
        "access": "public",
    }));
    call.forum = forum.id.clone();
    store.insert(&call).await.unwrap();
    let application = |acronym: &str, status: &str| {
        let mut a: FundingApplication = from_json(json!({
            "acronym": acronym,
            "title": {"de": format!("Antrag {acronym}")},
            "call": call.id.to_string(),
            "status": status,
            "access": "staff",
        }));
        a.forum = forum.id.clone();
        a
    };
    let writing = application("WRITING", "in_preparation");
    store.insert(&writing).await.unwrap();
    store
        .insert(&application("SENT", "submitted"))
        .await
        .unwrap();

    let today = date(2026, 11, 25);
    let due = due_applications(&urbis_app::App::new(store.clone()), &forum.id, today, 14)
        .await
        .unwrap();
    assert_eq!(due.len(), 1, "only the application in preparation");
    assert_eq!(due[0].application.acronym, "WRITING");
    assert_eq!(
        due[0].deadline,
        date(2026, 12, 5),
        "the next deadline, not a past one"
    );
    assert!(
        due_applications(&urbis_app::App::new(store.clone()), &forum.id, today, 5)
            .await
            .unwrap()
            .is_empty(),
        "a deadline beyond the window is not due yet"
    );

    let before = store.outbox_len().await.unwrap();
    let queued = remind_deadlines(
        &urbis_app::App::new(store.clone()),
        &forum.id,
        today,
        14,
        "https://urbis.example.org",
    )
    .await
    .unwrap();
    assert_eq!(queued, 2, "staff and admin, not the member");
    assert_eq!(store.outbox_len().await.unwrap(), before + 2);
    let again = remind_deadlines(
        &urbis_app::App::new(store.clone()),
        &forum.id,
        date(2026, 11, 26),
        14,
        "https://urbis.example.org",
    )
    .await
    .unwrap();
    assert_eq!(again, 0, "a second run the next day sends nothing again");
    assert_eq!(store.outbox_len().await.unwrap(), before + 2);

    let mail = store
        .claim_due_mail("2100-01-01T00:00:00Z".parse().unwrap(), 10)
        .await
        .unwrap();
    let texts: Vec<String> = mail.iter().map(|m| m.mail.text_body.clone()).collect();
    assert!(
        texts
            .iter()
            .all(|t| t.contains("WRITING") && t.contains("Sicherheitsforschung"))
    );
    assert!(
        texts
            .iter()
            .all(|t| t.contains("https://urbis.example.org/admin/applications"))
    );
}
