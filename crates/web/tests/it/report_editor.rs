//! The office writes the annual report's editorial texts in the back office, beside the
//! generated parts, and the report prints them.

use reqwest::{Client, StatusCode};
use urbis_domain::Access;
use urbis_domain::report::ReportText;
use urbis_testkit::store::ListQuery;

use crate::common::{Role, csrf_of, start};

async fn get(client: &Client, url: String) -> (StatusCode, String) {
    let response = client.get(url).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_office_adds_changes_and_deletes_an_editorial_text_beside_the_generated_part() {
    let site = start(urbis_testkit::sqlite()).await;
    let staff = site.client(Role::Staff).await;
    let texts = || async {
        let query = ListQuery::new(&site.forum, Access::Staff);
        site.store.list::<ReportText>(&query).await.unwrap()
    };
    let before = texts().await.len();

    let (status, page) = get(&staff, site.url("/admin/report/editor?year=2022&lang=en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Generated from the records"), "{page}");
    assert!(page.contains("class=\"generated\""), "{page}");
    let token = csrf_of(&page);

    // A text without any body: the form comes back with the message, nothing stored.
    let bad = staff
        .post(site.url("/admin/report/texts?lang=en"))
        .form(&[
            ("csrf", token.as_str()),
            ("year", "2022"),
            ("section", "exchange"),
            ("placement", "closing"),
            ("position", "x1"),
            ("access", "public"),
            ("heading_en", "Kept heading"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = bad.text().await.unwrap();
    assert!(body.contains("position: must be a whole number"), "{body}");
    assert!(
        body.contains("value=\"Kept heading\""),
        "the form comes back filled in"
    );
    let bad = staff
        .post(site.url("/admin/report/texts?lang=en"))
        .form(&[
            ("csrf", token.as_str()),
            ("year", "2022"),
            ("section", "exchange"),
            ("placement", "closing"),
            ("position", "1"),
            ("access", "public"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("body:"));
    assert_eq!(texts().await.len(), before, "nothing stored for a bad form");

    let added = staff
        .post(site.url("/admin/report/texts?lang=en"))
        .form(&[
            ("csrf", token.as_str()),
            ("year", "2022"),
            ("section", "exchange"),
            ("placement", "closing"),
            ("position", "1"),
            ("access", "public"),
            ("body_en", "Closing words EDITORIAL-ONE."),
            ("body_de", "Schlusswort EDITORIAL-EINS."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let stored = texts().await;
    assert_eq!(stored.len(), before + 1);
    let id = stored
        .iter()
        .find(|t| t.body.get(urbis_domain::Lang::En) == Some("Closing words EDITORIAL-ONE."))
        .unwrap()
        .id
        .to_string();

    let (_, page) = get(&staff, site.url("/admin/report/editor?year=2022&lang=en")).await;
    let text_at = page.find("EDITORIAL-ONE").unwrap();
    let exchange = page.find("id=\"exchange\"").unwrap();
    let generated = page[exchange..].find("class=\"generated\"").unwrap() + exchange;
    assert!(
        text_at > generated,
        "a closing text stands after the section's generated part"
    );
    let (_, report) = get(
        &staff,
        site.url("/admin/report?year=2022&language=en&format=html"),
    )
    .await;
    assert!(report.contains("EDITORIAL-ONE"), "{report}");

    let changed = staff
        .post(site.url(&format!("/admin/report/texts/{id}?lang=en")))
        .form(&[
            ("csrf", token.as_str()),
            ("year", "2022"),
            ("section", "exchange"),
            ("placement", "closing"),
            ("position", "1"),
            ("access", "public"),
            ("body_en", "Closing words EDITORIAL-TWO."),
            ("body_de", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    let (_, report) = get(
        &staff,
        site.url("/admin/report?year=2022&language=en&format=html"),
    )
    .await;
    assert!(report.contains("EDITORIAL-TWO") && !report.contains("EDITORIAL-ONE"));
    let (_, german) = get(
        &staff,
        site.url("/admin/report?year=2022&language=de&format=html"),
    )
    .await;
    assert!(
        german.contains("EDITORIAL-TWO") && !german.contains("EDITORIAL-EINS"),
        "the emptied German text is gone; the report falls back to English"
    );

    let member = site.client(Role::Member).await;
    let (status, _) = get(&member, site.url("/admin/report/editor?year=2022")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let deleted = staff
        .post(site.url(&format!("/admin/report/texts/{id}/delete?lang=en")))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    assert_eq!(texts().await.len(), before);
}

#[tokio::test]
async fn a_wrong_year_is_a_clear_answer() {
    let site = start(urbis_testkit::sqlite()).await;
    let staff = site.client(Role::Staff).await;
    for year in ["abc", "-1", "1000000000000", "99999"] {
        let (status, page) = get(
            &staff,
            site.url(&format!("/admin/report/editor?year={year}")),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{year}");
        assert!(page.contains("1900"), "{page}");
    }
}

#[tokio::test]
async fn an_event_created_in_the_back_office_appears_in_its_years_report() {
    let site = start(urbis_testkit::sqlite()).await;
    let staff = site.client(Role::Staff).await;
    let (_, before) = get(
        &staff,
        site.url("/admin/report?year=2031&language=de&format=html"),
    )
    .await;
    assert!(!before.contains("BACKOFFICE-EVENT-2031"));
    let (_, form) = get(&staff, site.url("/admin/events/new")).await;
    let token = csrf_of(&form);
    let created = staff
        .post(site.url("/admin/events/new"))
        .form(&[
            ("csrf", token.as_str()),
            ("access", "public"),
            ("kind", "symposium"),
            ("title.de", "Symposium BACKOFFICE-EVENT-2031"),
            ("start", "2031-05-12"),
            ("status", "held"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let (status, report) = get(
        &staff,
        site.url("/admin/report?year=2031&language=de&format=html"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(report.contains("BACKOFFICE-EVENT-2031"), "{report}");
    let (_, other_year) = get(
        &staff,
        site.url("/admin/report?year=2029&language=de&format=html"),
    )
    .await;
    assert!(
        !other_year.contains("BACKOFFICE-EVENT-2031"),
        "not in a report of another year (2030's outlook may name it)"
    );
}
