//! The office manages accounts in the browser: invitations by mail, roles, no self-lockout.

use reqwest::StatusCode;
use urbis_domain::accounts::{ForumRole, UserStatus};

use crate::common::{Role, csrf_of, start};

#[tokio::test]
async fn an_admin_invites_changes_roles_and_cannot_lock_themselves_out() {
    let site = start(urbis_testkit::sqlite()).await;
    let admin = site.client(Role::Admin).await;
    let page = admin
        .get(site.url("/admin/users"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("member@example.org") && page.contains("staff@example.org"),
        "{page}"
    );
    let token = csrf_of(&page);
    let outbox = site.store.outbox_len().await.unwrap();

    let bad = admin
        .post(site.url("/admin/users/invite"))
        .form(&[
            ("email", "not an email"),
            ("name", ""),
            ("role", "king"),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = bad.text().await.unwrap();
    assert!(
        body.contains("email:") && body.contains("name:") && body.contains("role:"),
        "{body}"
    );
    assert!(
        body.contains("value=\"not an email\""),
        "the form comes back filled in"
    );
    assert_eq!(
        site.store.outbox_len().await.unwrap(),
        outbox,
        "nothing sent for a bad form"
    );

    let ok = admin
        .post(site.url("/admin/users/invite"))
        .form(&[
            ("email", "Kutz@Example.org"),
            ("name", "Kristina Kutz"),
            ("role", "staff"),
            ("language", "de"),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let invited = site
        .store
        .user_by_email("kutz@example.org")
        .await
        .unwrap()
        .expect("the account exists");
    assert_eq!(invited.status, UserStatus::Invited);
    assert_eq!(invited.role_in(&site.forum), Some(ForumRole::Staff));
    assert_eq!(
        site.store.outbox_len().await.unwrap(),
        outbox + 1,
        "the invitation mail is queued"
    );
    let again = admin
        .post(site.url("/admin/users/invite"))
        .form(&[
            ("email", "kutz@example.org"),
            ("name", "K"),
            ("role", "staff"),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("already uses this email")
    );

    let demote = admin
        .post(site.url(&format!("/admin/users/{}/role", invited.id)))
        .form(&[("role", "member"), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(demote.status(), StatusCode::SEE_OTHER);
    let user = site.store.user(&invited.id).await.unwrap().unwrap();
    assert_eq!(user.role_in(&site.forum), Some(ForumRole::Member));

    let me = site
        .store
        .user_by_email("admin@example.org")
        .await
        .unwrap()
        .unwrap();
    let lockout = admin
        .post(site.url(&format!("/admin/users/{}/role", me.id)))
        .form(&[("role", "staff"), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(lockout.status(), StatusCode::CONFLICT);
    assert_eq!(
        site.store
            .user(&me.id)
            .await
            .unwrap()
            .unwrap()
            .role_in(&site.forum),
        Some(ForumRole::Admin)
    );
}

#[tokio::test]
async fn the_office_reads_who_changed_what() {
    let site = start(urbis_testkit::sqlite()).await;
    let staff_user = site
        .store
        .user_by_email("staff@example.org")
        .await
        .unwrap()
        .unwrap();
    let mut org: urbis_domain::network::Organisation = serde_json::from_value(serde_json::json!({
        "name": "Stadt Gladbeck", "kind": "city", "country": "DE"
    }))
    .unwrap();
    urbis_domain::Record::set_forum(&mut org, site.forum.clone());
    let office = site.store.acting_as(Some(&staff_user.id));
    office.insert(&org).await.unwrap();
    org.city = Some("Gladbeck".into());
    office.update(&mut org).await.unwrap();

    let staff = site.client(Role::Staff).await;
    let page = staff
        .get(site.url(&format!("/admin/audit/{}", org.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let body = page.text().await.unwrap();
    assert!(
        body.contains("Staff user") && body.contains("angelegt") && body.contains("geändert"),
        "{body}"
    );
    assert!(body.contains("&#34;Gladbeck&#34;"), "{body}");
    let member = site.client(Role::Member).await;
    let refused = member
        .get(site.url(&format!("/admin/audit/{}", org.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(!refused.text().await.unwrap().contains("Gladbeck"));
}

#[tokio::test]
async fn personal_data_is_downloaded_and_erased_in_the_browser() {
    let site = start(urbis_testkit::sqlite()).await;
    let member = site.client(Role::Member).await;
    let own = member.get(site.url("/account/data")).send().await.unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    assert!(
        own.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let own = own.text().await.unwrap();
    assert!(own.contains("member@example.org"), "{own}");
    assert!(
        !own.contains("$argon2") && !own.contains("password_hash"),
        "no secrets in the download"
    );

    let mut person: urbis_domain::network::Person = serde_json::from_value(serde_json::json!({
        "given_name": "Erika", "family_name": "Mustermann", "email": "erika@example.org"
    }))
    .unwrap();
    urbis_domain::Record::set_forum(&mut person, site.forum.clone());
    site.store.insert(&person).await.unwrap();

    let staff = site.client(Role::Staff).await;
    let data = staff
        .get(site.url(&format!("/admin/people/{}/data", person.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(data.status(), StatusCode::OK);
    assert!(data.text().await.unwrap().contains("Mustermann"));
    let refused = member
        .get(site.url(&format!("/admin/people/{}/data", person.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(!refused.text().await.unwrap().contains("Mustermann"));

    let consent_url = site.url(&format!("/admin/people/{}/consent", person.id));
    let page = staff
        .get(&consent_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_of(&page);
    let bad = staff
        .post(&consent_url)
        .form(&[
            ("purpose", "newsletter"),
            ("how", "form"),
            ("csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        bad.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "given or withdrawn is required"
    );
    for (given, how) in [
        ("given", "registration form"),
        ("withdrawn", "email of 3 May"),
    ] {
        let response = staff
            .post(&consent_url)
            .form(&[
                ("purpose", "newsletter"),
                ("given", given),
                ("how", how),
                ("csrf", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let stored: urbis_domain::network::Person = site.store.get(&person.id).await.unwrap();
    let history: Vec<(bool, Option<String>)> = stored
        .consents
        .iter()
        .map(|c| (c.given, c.how.clone()))
        .collect();
    assert_eq!(
        history,
        [
            (true, Some("registration form".to_owned())),
            (false, Some("email of 3 May".to_owned()))
        ],
        "the history is kept in order"
    );
    let member_token = csrf_of(
        &member
            .get(site.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let member_refused = member
        .post(&consent_url)
        .form(&[
            ("purpose", "x"),
            ("given", "given"),
            ("how", "y"),
            ("csrf", member_token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        matches!(member_refused.status().as_u16(), 403),
        "members do not record consent"
    );

    let confirm = staff
        .get(site.url(&format!("/admin/people/{}/erase", person.id)))
        .send()
        .await
        .unwrap();
    let page = confirm.text().await.unwrap();
    assert!(page.contains("Erika Mustermann"));
    let token = csrf_of(&page);
    let erased = staff
        .post(site.url(&format!("/admin/people/{}/erase", person.id)))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(erased.status(), StatusCode::OK);
    let export = site.store.export().await.unwrap().to_json();
    assert!(
        !export.contains("Mustermann") && !export.contains("erika@example.org"),
        "erased everywhere"
    );
}

#[tokio::test]
async fn the_office_previews_and_downloads_the_annual_report() {
    let site = start(urbis_testkit::sqlite()).await;
    let staff = site.client(Role::Staff).await;
    let form = staff.get(site.url("/admin/report")).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let preview = staff
        .get(site.url("/admin/report?year=2022&language=en&audience=public&format=html"))
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), StatusCode::OK);
    let html = preview.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"en\">") && html.contains("Test forum"),
        "{html}"
    );
    assert!(
        !html.contains("MARKER-MEMBERS") && !html.contains("MARKER-STAFF"),
        "the public edition names nothing internal"
    );
    let pdf = staff
        .get(site.url("/admin/report?year=2022&language=de&format=pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(
        pdf.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("tf-2022-de.pdf")
    );
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    let french = staff
        .get(site.url("/admin/report?year=2022&language=fr&format=html"))
        .send()
        .await
        .unwrap();
    assert_eq!(french.status(), StatusCode::OK);
    let html = french.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"fr\">") && html.contains("Rapport annuel 2022"),
        "{html}"
    );
    for bad in [
        "year=99999",
        "year=zwei",
        "year=2022&format=docx",
        "year=2022&audience=everyone",
        "year=2022&language=es",
    ] {
        let response = staff
            .get(site.url(&format!("/admin/report?{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let member = site.client(Role::Member).await;
    let refused = member
        .get(site.url("/admin/report?year=2022"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
