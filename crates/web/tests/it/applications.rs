//! The office's board of funding applications: every application in its stage's column with
//! the next deadline of its call, and moving an application on.

use reqwest::StatusCode;
use serde_json::json;
use urbis_domain::portal::FundingCall;
use urbis_domain::projects::{ApplicationStatus, FundingApplication};

use crate::common::{Role, csrf_of, start};

#[tokio::test]
async fn the_board_shows_each_application_in_its_stage_and_moves_it_on() {
    let site = start(urbis_testkit::sqlite()).await;
    let mut call: FundingCall = serde_json::from_value(json!({
        "title": {"de": "Sicherheitsforschung CALL-MARK", "en": "Security research CALL-MARK"},
        "deadlines": [{"date": "2099-12-05"}],
        "access": "public",
    }))
    .unwrap();
    call.forum = site.forum.clone();
    site.store.insert(&call).await.unwrap();
    let mut application: FundingApplication = serde_json::from_value(json!({
        "acronym": "BOARD-APP",
        "title": {"de": "Ein Antrag", "en": "An application"},
        "call": call.id.to_string(),
        "status": "in_preparation",
        "access": "staff",
    }))
    .unwrap();
    application.forum = site.forum.clone();
    site.store.insert(&application).await.unwrap();

    let staff = site.client(Role::Staff).await;
    let page = staff
        .get(site.url("/admin/applications?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let preparing = page.find("id=\"stage-in_preparation\"").unwrap();
    let submitted = page.find("id=\"stage-submitted\"").unwrap();
    let card = page.find("BOARD-APP").unwrap();
    assert!(preparing < card && card < submitted, "{page}");
    assert!(
        page.contains("CALL-MARK") && page.contains("2099"),
        "{page}"
    );

    let token = csrf_of(&page);
    let url = site.url(&format!("/admin/applications/{}/status", application.id));
    let bad = staff
        .post(&url)
        .form(&[("csrf", token.as_str()), ("status", "granted-by-magic")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let moved = staff
        .post(&url)
        .form(&[("csrf", token.as_str()), ("status", "submitted")])
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    let stored: FundingApplication = site.store.get(&application.id).await.unwrap();
    assert_eq!(stored.status, ApplicationStatus::Submitted);
    let page = staff
        .get(site.url("/admin/applications"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let submitted = page.find("id=\"stage-submitted\"").unwrap();
    let approved = page.find("id=\"stage-approved\"").unwrap();
    let card = page.find("BOARD-APP").unwrap();
    assert!(submitted < card && card < approved);

    let member = site.client(Role::Member).await;
    let refused = member
        .get(site.url("/admin/applications"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(!refused.text().await.unwrap().contains("BOARD-APP"));
}
