//! The back office in the browser: every record kind created, changed and deleted through its
//! form; forms that come back filled in with each message beside its field; lists with
//! filters, sorting, pages and CSV/XLSX downloads; refusals for everyone but the office.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Reader, Xlsx};
use reqwest::{Client, StatusCode};
use urbis_testkit::on_both_databases;

use crate::common;
use crate::common::{PUBLIC_EVENT, PUBLIC_ORG, Role, Site, csrf_of, get};

/// The kinds in writing order (referenced kinds first), as the back office names them.
const KINDS: [&str; 19] = [
    "topics",
    "topic_plans",
    "organisations",
    "memberships",
    "people",
    "appointments",
    "funding_calls",
    "projects",
    "funding_applications",
    "series",
    "events",
    "registrations",
    "collections",
    "entries",
    "publications",
    "advocacy_actions",
    "cooperations",
    "outreach",
    "report_texts",
];

/// A minimal valid form for a kind; `made` holds the ids of the records made before.
fn minimal(kind: &str, made: &HashMap<&str, String>) -> Vec<(String, String)> {
    let person = made.get("people").cloned().unwrap_or_default();
    let collection = made.get("collections").cloned().unwrap_or_default();
    let pairs: Vec<(&str, &str)> = match kind {
        "topics" => vec![("slug", "neues-thema"), ("name.de", "Neues Thema")],
        "topic_plans" => vec![("year", "2031")],
        "organisations" => vec![
            ("name.de", "Stadt Neustadt"),
            ("kind", "city"),
            ("country", "DE"),
        ],
        "memberships" => vec![("organisation", PUBLIC_ORG), ("status", "applied")],
        "people" => vec![("given_name", "Erika"), ("family_name", "Neu")],
        "appointments" => vec![("person", person.as_str()), ("role", "researcher")],
        "funding_calls" => vec![("title.de", "Neuer Aufruf")],
        "projects" => vec![
            ("kind", "own"),
            ("acronym", "NEU"),
            ("title.de", "Neues Projekt"),
            ("status", "planned"),
        ],
        "funding_applications" => vec![
            ("acronym", "ANTRAG"),
            ("title.de", "Neuer Antrag"),
            ("status", "in_preparation"),
        ],
        "series" => vec![("title.de", "Neue Reihe")],
        "events" => vec![
            ("kind", "webinar"),
            ("title.de", "Neues Webinar"),
            ("start", "2031-03-04T10:00"),
            ("status", "planned"),
        ],
        "registrations" => vec![
            ("event", PUBLIC_EVENT),
            ("person", person.as_str()),
            ("status", "confirmed"),
        ],
        "collections" => vec![("slug", "neue-sammlung"), ("title.de", "Neue Sammlung")],
        "entries" => vec![
            ("collection", collection.as_str()),
            ("kind", "note"),
            ("title.de", "Neue Notiz"),
            ("body.de", "Text"),
        ],
        "publications" => vec![("kind", "study"), ("title.de", "Neue Studie")],
        "advocacy_actions" => vec![("kind", "letter"), ("title.de", "Neuer Brief")],
        "cooperations" => vec![
            ("kind", "cooperation"),
            ("partner", PUBLIC_ORG),
            ("title.de", "Neue Kooperation"),
        ],
        "outreach" => vec![("kind", "exchange"), ("title.de", "Neuer Austausch")],
        "report_texts" => vec![
            ("year", "2031"),
            ("section", "introduction"),
            ("placement", "opening"),
            ("body.de", "Einleitung"),
        ],
        other => panic!("no minimal form for {other}"),
    };
    let mut form: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    form.push(("access".into(), "public".into()));
    form
}

async fn post(
    client: &Client,
    site: &Site,
    path: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    let (_, page) = get(client, site, "/login").await;
    let mut form = form.to_vec();
    form.push(("csrf".into(), csrf_of(&page)));
    client
        .post(site.url(path))
        .form(&form)
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

fn with(form: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = form.iter().filter(|(k, _)| k != key).cloned().collect();
    form.push((key.to_owned(), value.to_owned()));
    form
}

async fn every_kind_is_created_changed_and_deleted(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    let staff = site.client(Role::Staff).await;
    let (status, start) = get(&staff, &site, "/admin").await;
    assert_eq!(status, StatusCode::OK);
    for kind in KINDS {
        assert!(
            start.contains(&format!("href=\"/admin/{kind}\"")),
            "{kind} on the start page"
        );
    }
    let mut made: HashMap<&str, String> = HashMap::new();
    for kind in KINDS {
        let (status, page) = get(&staff, &site, &format!("/admin/{kind}/new")).await;
        assert_eq!(status, StatusCode::OK, "{kind}: new form\n{page}");
        let form = minimal(kind, &made);
        let response = post(&staff, &site, &format!("/admin/{kind}/new"), &form).await;
        let status = response.status();
        let to = if status == StatusCode::SEE_OTHER {
            location(&response)
        } else {
            panic!(
                "{kind}: create answered {status}\n{}",
                response.text().await.unwrap()
            );
        };
        let prefix = format!("/admin/{kind}/");
        assert!(
            to.starts_with(&prefix) && to.ends_with("?saved=1"),
            "{kind}: {to}"
        );
        let id = to[prefix.len()..to.len() - 8].to_owned();
        let (status, page) = get(&staff, &site, &to).await;
        assert_eq!(status, StatusCode::OK, "{kind}: edit form");
        assert!(page.contains("role=\"status\""), "{kind}: says saved");

        // A change: the record becomes staff-only, and only the staff filter lists it.
        let changed = with(&form, "access", "staff");
        let response = post(&staff, &site, &format!("/admin/{kind}/{id}"), &changed).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{kind}: update");
        let (_, list) = get(
            &staff,
            &site,
            &format!("/admin/{kind}?access=staff&per=500"),
        )
        .await;
        assert!(list.contains(&id), "{kind}: listed as staff-only");
        let (_, list) = get(
            &staff,
            &site,
            &format!("/admin/{kind}?access=public&per=500"),
        )
        .await;
        assert!(!list.contains(&id), "{kind}: not listed as public");
        let audit = site
            .store
            .audit_of(&urbis_domain::Id::from_text(&id))
            .await
            .unwrap();
        assert_eq!(
            audit.len(),
            2,
            "{kind}: created and changed are in the audit log"
        );
        made.insert(kind, id);
    }
    for kind in KINDS.iter().rev() {
        let id = &made[kind];
        let (status, page) = get(&staff, &site, &format!("/admin/{kind}/{id}/delete")).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{kind}: delete confirmation\n{page}"
        );
        let response = post(&staff, &site, &format!("/admin/{kind}/{id}/delete"), &[]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{kind}: deleted");
        let (status, _) = get(&staff, &site, &format!("/admin/{kind}/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{kind}: gone");
    }
}

async fn a_form_with_problems_comes_back_filled_in(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    let staff = site.client(Role::Staff).await;
    let before = site.store.export().await.unwrap();
    let form: Vec<(String, String)> = [
        ("access", "public"),
        ("kind", "webinar"),
        ("title.de", ""),
        ("title.en", "Only English <b>here</b>"),
        ("start", "2022-13"),
        ("end", "2022-05"),
        ("status", "planned"),
        ("capacity", "-5"),
        ("speakers[0].function.de", "Referentin"),
        ("speakers[0].name", ""),
        ("speakers[1].name", ""),
        ("registration.waiting_list", "on"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let response = post(&staff, &site, "/admin/events/new", &form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("id=\"error-summary\""), "{page}");
    assert!(
        page.contains("href=\"#f-start\""),
        "the summary links to the field"
    );
    assert!(
        page.contains("value=\"2022-13\""),
        "the wrong date comes back as written"
    );
    assert!(
        page.contains("value=\"Only English &#60;b&#62;here&#60;/b&#62;\"")
            || page.contains("value=\"Only English &lt;b&gt;here&lt;/b&gt;\""),
        "the text comes back, escaped"
    );
    let start_error = page
        .find("id=\"f-start-error\"")
        .expect("a message beside `start`");
    assert!(page[start_error..].contains("not a date"));
    assert!(page.contains("id=\"f-capacity-error\""), "capacity");
    assert!(
        page.contains("value=\"Referentin\""),
        "the speaker comes back"
    );
    assert_eq!(before, site.store.export().await.unwrap(), "nothing stored");

    // Fixed dates: now the domain's rules speak, each beside its field.
    let form = with(&with(&form, "start", "2022-06"), "capacity", "");
    let response = post(&staff, &site, "/admin/events/new", &form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("id=\"f-end-error\""),
        "end before start\n{page}"
    );
    assert!(
        page.contains("id=\"f-speakers-0-error\""),
        "a speaker needs a name"
    );
    assert!(
        page.contains("id=\"f-registration-waiting_list-error\""),
        "a waiting list needs a capacity"
    );
    assert_eq!(before, site.store.export().await.unwrap(), "nothing stored");

    // Hostile input is kept as text and shown escaped; a title as long as allowed is kept whole.
    let long = "x".repeat(urbis_domain::limits::NAME);
    let form: Vec<(String, String)> = [
        ("access", "public"),
        ("kind", "webinar"),
        ("title.de", "<script>alert(1)</script>"),
        ("title.en", long.as_str()),
        ("start", "2031-01-01"),
        ("status", "planned"),
        ("speakers[0].name", "Max <img src=x>"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let response = post(&staff, &site, "/admin/events/new", &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    let (_, page) = get(&staff, &site, &to).await;
    assert!(!page.contains("<script>alert(1)</script>"), "escaped");
    assert!(page.contains("&#60;script&#62;") || page.contains("&lt;script&gt;"));
    assert!(page.contains(&long), "the long title is kept whole");
    let (_, list) = get(&staff, &site, "/admin/events?q=script").await;
    assert!(
        !list.contains("<script>") && list.contains("alert(1)"),
        "{list}"
    );
}

async fn lists_filter_sort_page_and_download(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    let staff = site.client(Role::Staff).await;
    let (status, page) = get(&staff, &site, "/admin/events?q=offenes").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Offenes Webinar") && !page.contains("MARKER-STAFF-EVENT"));
    let (_, page) = get(&staff, &site, "/admin/events?year=2022").await;
    assert!(page.contains("MARKER-STAFF-EVENT") && !page.contains("Offenes Webinar"));
    let (_, page) = get(
        &staff,
        &site,
        "/admin/events?sort=start&dir=desc&per=1&page=2",
    )
    .await;
    // July 2030, 12 June 2030, May 2022: the second is on page 2.
    assert!(
        page.contains("Offenes Webinar"),
        "second newest on page 2\n{page}"
    );
    assert!(!page.contains("MARKER-MEMBERS-EVENT") && !page.contains("MARKER-STAFF-EVENT"));
    // Paged in the database: latest first unless a column is picked, a page past the end is
    // the last page, the topic filter is a query of the references.
    let (status, page) = get(&staff, &site, "/admin/events?per=1&page=999").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("MARKER-STAFF-EVENT") && page.contains("3 / 3"),
        "the oldest event on the last page\n{page}"
    );
    let (_, page) = get(&staff, &site, "/admin/events?per=1").await;
    assert!(
        page.contains("MARKER-MEMBERS-EVENT"),
        "July 2030 first\n{page}"
    );
    let topic = site
        .store
        .list::<urbis_domain::network::Topic>(&urbis_testkit::store::ListQuery::everything())
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.slug == common::PUBLIC_TOPIC)
        .unwrap();
    let (_, page) = get(&staff, &site, &format!("/admin/events?topic={}", topic.id)).await;
    assert!(
        [
            "Offenes Webinar",
            "MARKER-MEMBERS-EVENT",
            "MARKER-STAFF-EVENT"
        ]
        .iter()
        .all(|title| page.contains(title)),
        "every event of the topic\n{page}"
    );
    let (_, page) = get(&staff, &site, "/admin/events?topic=no-such-topic").await;
    assert!(
        !page.contains("Offenes Webinar") && page.contains("1 / 1"),
        "no event of an unknown topic\n{page}"
    );
    for bad in [
        "page=-1",
        "page=0",
        "page=1000000000000",
        "page=abc",
        "per=0",
        "per=-1",
        "per=1000000000000",
        "per=abc",
        "sort=body",
        "sort=online_link",
        "dir=up",
        "access=secret",
        "year=99999",
        "format=pdf",
    ] {
        let (status, body) = get(&staff, &site, &format!("/admin/events?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        let name = bad.split('=').next().unwrap();
        assert!(
            body.contains(&format!("{name}: ")),
            "{bad}: names the parameter\n{body}"
        );
    }
    let (status, _) = get(&staff, &site, "/admin/dragons").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&staff, &site, "/admin/events/no-such-id").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Forums are no kind of the generic lists: their page is for the installation's admins.
    let (status, _) = get(&staff, &site, "/admin/forums").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // CSV: a header row with the fields, one row per event of the filter (all pages).
    let response = staff
        .get(site.url("/admin/events?format=csv&per=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = response.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_ref());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    for column in [
        "id", "access", "kind", "title.de", "title.en", "start", "host", "topics",
    ] {
        assert!(
            header.iter().any(|h| h == column),
            "csv column {column}: {header:?}"
        );
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "every event, not one page");
    let title = header.iter().position(|h| h == "title.en").unwrap();
    let host = header.iter().position(|h| h == "host").unwrap();
    let open = rows
        .iter()
        .find(|r| &r[title] == "Open webinar")
        .expect("the open webinar");
    assert_eq!(&open[host], "Stadt Essen", "references by name");

    // XLSX: the same columns, opened with calamine.
    let response = staff
        .get(site.url("/admin/events?format=xlsx&q=webinar"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.bytes().await.unwrap().to_vec();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(body)).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let mut rows = sheet.rows();
    let head: Vec<String> = rows
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(head, header, "the same columns as the CSV");
    let data: Vec<Vec<String>> = rows
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(data.len(), 1, "only the filtered event");
    assert_eq!(data[0][title], "Open webinar");
}

async fn deleting_a_record_in_use_is_refused_with_the_reason(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    let staff = site.client(Role::Staff).await;
    let before = site.store.export().await.unwrap();
    let response = post(
        &staff,
        &site,
        &format!("/admin/organisations/{PUBLIC_ORG}/delete"),
        &[],
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("id=\"delete-error\"") && page.contains("event"),
        "{page}"
    );
    assert_eq!(
        before,
        site.store.export().await.unwrap(),
        "nothing deleted"
    );
}

async fn only_the_office_reaches_the_back_office(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    for role in [Role::Anonymous, Role::Member, Role::Editor] {
        let client = site.client(role).await;
        let (_, page) = get(&client, &site, "/").await;
        assert!(
            !page.contains("href=\"/admin\""),
            "{role:?} has no back office link"
        );
        let mut paths = vec!["/admin".to_owned()];
        for kind in KINDS {
            paths.push(format!("/admin/{kind}"));
            paths.push(format!("/admin/{kind}?format=csv"));
            paths.push(format!("/admin/{kind}/new"));
            paths.push(format!("/admin/{kind}/{PUBLIC_ORG}"));
            paths.push(format!("/admin/{kind}/{PUBLIC_ORG}/delete"));
        }
        for path in paths {
            let (status, body) = get(&client, &site, &path).await;
            let expected = if role == Role::Anonymous { 303 } else { 403 };
            assert_eq!(status.as_u16(), expected, "{role:?} {path}");
            assert!(!body.contains("Stadt Essen"), "{role:?} {path}");
        }
        if role != Role::Anonymous {
            let (_, page) = get(&client, &site, "/account").await;
            let token = csrf_of(&page);
            let response = client
                .post(site.url(&format!("/admin/organisations/{PUBLIC_ORG}/delete")))
                .form(&[("csrf", token.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
        }
    }
    let staff = site.client(Role::Staff).await;
    let (_, page) = get(&staff, &site, "/").await;
    assert!(page.contains("href=\"/admin\""), "the office has the link");
}

on_both_databases!(
    every_kind_is_created_changed_and_deleted,
    a_form_with_problems_comes_back_filled_in,
    lists_filter_sort_page_and_download,
    deleting_a_record_in_use_is_refused_with_the_reason,
    only_the_office_reaches_the_back_office,
    organisations_and_people_are_imported_all_or_nothing,
    an_editor_keeps_their_own_organisation_current,
    a_text_longer_than_its_limit_comes_back_with_the_message_beside_it,
);

async fn a_text_longer_than_its_limit_comes_back_with_the_message_beside_it(
    db: urbis_testkit::TestDb,
) {
    let site = common::start(db).await;
    let staff = site.client(Role::Staff).await;
    let before = site.store.export().await.unwrap();
    let form = minimal("topics", &HashMap::new());
    let long = "x".repeat(100_000);
    let response = post(
        &staff,
        &site,
        "/admin/topics/new",
        &with(&form, "name.de", &long),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("href=\"#f-name-de\""),
        "the summary links to the field"
    );
    let beside = page
        .find("id=\"f-name-de-error\"")
        .expect("a message beside the German name");
    assert!(
        page[beside..].contains("must be at most 300 characters (has 100000)"),
        "{}",
        &page[beside..beside + 200]
    );
    assert!(
        page.contains("value=\"neues-thema\""),
        "the form comes back filled in"
    );
    assert_eq!(before, site.store.export().await.unwrap(), "nothing stored");

    let name = "ß".repeat(urbis_domain::limits::NAME);
    let response = post(
        &staff,
        &site,
        "/admin/topics/new",
        &with(&form, "name.de", &name),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "exactly the limit is accepted"
    );
    let (_, page) = get(&staff, &site, &location(&response)).await;
    assert!(page.contains(&name), "and kept whole");
}

/// A multipart upload as a browser sends it, with the CSRF token in the address.
async fn upload(
    client: &Client,
    site: &Site,
    kind: &str,
    name: &str,
    file: &[u8],
) -> reqwest::Response {
    let (_, page) = get(client, site, "/admin/import").await;
    let token = csrf_of(&page);
    let boundary = "----urbis-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    client
        .post(site.url(&format!("/admin/import?csrf={token}")))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

fn unescape(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&lt;", "<")
        .replace("&#62;", ">")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The value of a hidden input of a page.
fn hidden(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in\n{page}"));
    let rest = &page[at + name.len() + 15..];
    unescape(&rest[..rest.find('"').unwrap()])
}

fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet
                .write_string(u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), *cell)
                .unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

async fn organisations_and_people_are_imported_all_or_nothing(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    let staff = site.client(Role::Staff).await;
    let _ = get(&staff, &site, "/?lang=en").await;

    // Templates with the expected columns.
    let response = staff
        .get(site.url("/admin/import/template?kind=people&format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(
        text.starts_with("title,given_name,family_name,email"),
        "{text}"
    );
    let response = staff
        .get(site.url("/admin/import/template?kind=organisations&format=xlsx"))
        .send()
        .await
        .unwrap();
    let body = response.bytes().await.unwrap().to_vec();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(body)).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let head: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        head[..5],
        ["name.de", "name.en", "short_name", "kind", "country"]
    );

    // Broken, foreign, empty and oversized files change nothing.
    let before = site.store.export().await.unwrap();
    for (name, file) in [
        ("broken.xlsx", b"PK\x03\x04this is no workbook".to_vec()),
        (
            "picture.xlsx",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe".to_vec(),
        ),
        ("empty.csv", Vec::new()),
        ("wrong.csv", b"name.de,colour\nStadt Bonn,blue\n".to_vec()),
        ("nothing.csv", b"family_name\n\n".to_vec()),
    ] {
        let response = upload(&staff, &site, "organisations", name, &file).await;
        let status = response.status();
        let page = response.text().await.unwrap();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}\n{page}");
        assert!(page.contains("id=\"import-error\""), "{name}: says why");
        assert!(
            !page.contains("/admin/import/confirm"),
            "{name}: cannot be confirmed"
        );
    }
    let big = vec![b'a'; 5 * 1024 * 1024];
    let response = upload(&staff, &site, "people", "big.csv", &big).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        before,
        site.store.export().await.unwrap(),
        "nothing changed"
    );

    // Row errors: each named by row and column; nothing can be confirmed.
    let people = "given_name,family_name,email,organisation,function.de\n\
                  Anna,Berg,anna@example.org,Stadt Essen,Referentin\n\
                  Bert,Kurz,not-an-email,,\n\
                  Cem,Lang,cem@example.org,Atlantis,\n\
                  Dora,,dora@example.org,,\n";
    let response = upload(&staff, &site, "people", "people.csv", people.as_bytes()).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = unescape(&response.text().await.unwrap());
    assert!(page.contains("row 3, column email:"), "{page}");
    assert!(
        page.contains("row 4, column organisation: „Atlantis“"),
        "{page}"
    );
    assert!(page.contains("row 5, column family_name:"), "{page}");
    assert!(!page.contains("row 2,"), "the good row has no problem");
    assert!(!page.contains("/admin/import/confirm"));
    assert_eq!(
        before,
        site.store.export().await.unwrap(),
        "nothing changed"
    );

    // A good workbook: a preview first (nothing written), then everything at once.
    let file = xlsx(&[
        &["name.de", "name.en", "kind", "country", "city", "website"],
        &["Stadt Essen", "", "", "", "Essen-Mitte", ""],
        &[
            "Stadt Bonn",
            "City of Bonn",
            "city",
            "DE",
            "Bonn",
            "https://bonn.de",
        ],
        &["Landespräventionsrat", "", "state_body", "DE", "", ""],
    ]);
    let response = upload(&staff, &site, "organisations", "orgs.xlsx", &file).await;
    let status = response.status();
    let page = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Stadt Bonn") && page.contains("Landespräventionsrat"));
    assert_eq!(
        before,
        site.store.export().await.unwrap(),
        "a preview writes nothing"
    );
    let payload = hidden(&page, "payload");
    let token = csrf_of(&page);
    let confirm = |payload: String| {
        let staff = staff.clone();
        let url = site.url(&format!("/admin/import/confirm?csrf={token}"));
        async move {
            staff
                .post(url)
                .form(&[("kind", "organisations"), ("payload", payload.as_str())])
                .send()
                .await
                .unwrap()
        }
    };
    // A confirmation changed on the way is checked again: a bad row, nothing written.
    let tampered = format!("{payload}Stadt Nirgendwo,,town,Deutschland,,\n");
    let response = confirm(tampered).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        before,
        site.store.export().await.unwrap(),
        "nothing changed"
    );
    let response = confirm(payload).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert!(page.contains("id=\"import-done\""), "{page}");
    let orgs: Vec<urbis_domain::network::Organisation> = site
        .store
        .list(&urbis_testkit::store::ListQuery::new(
            &site.forum,
            urbis_domain::Access::Staff,
        ))
        .await
        .unwrap();
    let essen = orgs.iter().find(|o| o.id.as_str() == PUBLIC_ORG).unwrap();
    assert_eq!(
        essen.city.as_deref(),
        Some("Essen-Mitte"),
        "matched by name and changed"
    );
    assert_eq!(essen.country, "DE", "empty cells change nothing");
    let bonn = orgs
        .iter()
        .find(|o| o.name.original_text() == "Stadt Bonn")
        .unwrap();
    assert_eq!(bonn.name.get(urbis_domain::Lang::En), Some("City of Bonn"));
    assert_eq!(orgs.len(), 5);
    let audit = site.store.audit_of(&bonn.id).await.unwrap();
    assert_eq!(audit.len(), 1, "the import leaves an audit entry");

    // People now find Bonn by name; the good rows alone import.
    let people = "given_name;family_name;email;organisation;function.de\n\
                  Anna;Berg;anna@example.org;Stadt Bonn;Referentin\n";
    let response = upload(&staff, &site, "people", "people.csv", people.as_bytes()).await;
    let page = response.text().await.unwrap();
    let response = staff
        .post(site.url(&format!("/admin/import/confirm?csrf={}", csrf_of(&page))))
        .form(&[
            ("kind", "people"),
            ("payload", hidden(&page, "payload").as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let people: Vec<urbis_domain::network::Person> = site
        .store
        .list(&urbis_testkit::store::ListQuery::new(
            &site.forum,
            urbis_domain::Access::Staff,
        ))
        .await
        .unwrap();
    let anna = people.iter().find(|p| p.family_name == "Berg").unwrap();
    assert_eq!(anna.organisation.as_ref(), Some(&bonn.id));
}

async fn an_editor_keeps_their_own_organisation_current(db: urbis_testkit::TestDb) {
    let site = common::start(db).await;
    let editor = site.client(Role::Editor).await;
    let own = format!("/members/{PUBLIC_ORG}/edit");
    let (_, account) = get(&editor, &site, "/account").await;
    assert!(
        account.contains(&format!("href=\"{own}\"")),
        "linked from the account"
    );
    let (_, profile) = get(&editor, &site, &format!("/members/{PUBLIC_ORG}")).await;
    assert!(
        profile.contains(&format!("href=\"{own}\"")),
        "linked from the organisation page"
    );
    let (status, page) = get(&editor, &site, &own).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("value=\"Stadt Essen\""), "{page}");
    assert!(
        !page.contains("name=\"access\"") && !page.contains("name=\"kind\""),
        "profile fields only"
    );

    let form: Vec<(String, String)> = [
        ("name.de", "Stadt Essen (Ruhr)"),
        ("name.en", "City of Essen"),
        ("website", "not a website"),
        ("access", "staff"),
        ("kind", "company"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let response = post(&editor, &site, &own, &form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("id=\"f-website-error\"") && page.contains("value=\"City of Essen\""));
    let response = post(
        &editor,
        &site,
        &own,
        &with(&form, "website", "https://www.essen.de"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let essen: urbis_domain::network::Organisation = site
        .store
        .get(&urbis_domain::Id::from_text(PUBLIC_ORG))
        .await
        .unwrap();
    assert_eq!(essen.name.original_text(), "Stadt Essen (Ruhr)");
    assert_eq!(essen.website.as_deref(), Some("https://www.essen.de"));
    assert_eq!(
        essen.access,
        urbis_domain::Access::Public,
        "not a profile field"
    );
    assert_eq!(essen.kind, urbis_domain::network::OrganisationKind::City);
    let audit = site.store.audit_of(&essen.id).await.unwrap();
    assert!(
        audit.last().unwrap().actor.is_some(),
        "the change names its author"
    );

    // Another organisation is not theirs; a member may not edit even their own.
    let orgs: Vec<urbis_domain::network::Organisation> = site
        .store
        .list(&urbis_testkit::store::ListQuery::new(
            &site.forum,
            urbis_domain::Access::Staff,
        ))
        .await
        .unwrap();
    let other = orgs.iter().find(|o| o.id.as_str() != PUBLIC_ORG).unwrap();
    let theirs = format!("/members/{}/edit", other.id);
    let (status, _) = get(&editor, &site, &theirs).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let response = post(&editor, &site, &theirs, &form).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let (status, _) = get(&editor, &site, "/members/no-such-org/edit").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let member = site.client(Role::Member).await;
    let (status, _) = get(&member, &site, &own).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, page) = get(&member, &site, &format!("/members/{PUBLIC_ORG}")).await;
    assert!(!page.contains(&own), "no edit link for members");
    let unchanged: urbis_domain::network::Organisation = site.store.get(&other.id).await.unwrap();
    assert_eq!(&unchanged, other);
}
