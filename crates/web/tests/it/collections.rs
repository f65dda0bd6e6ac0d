//! Information collections through the real server: members add every kind of entry, bad
//! input is refused with a message beside its field and nothing stored, the office curates,
//! "what's new" marks and counts, followers get one weekly digest through real SMTP.

use jiff::{SignedDuration, Timestamp};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use urbis_domain::Access;
use urbis_domain::knowledge::{Collection, Entry};
use urbis_mail::{MailConfig, Mailer, RetryPolicy, send_due};
use urbis_testkit::TestSmtp;
use urbis_testkit::store::{ListQuery, Value};

use crate::common;
use crate::common::{PUBLIC_EVENT, Role, STAFF_EVENT, Site, csrf_of, start};

/// A small, valid PDF whose page shows `text`.
pub fn tiny_pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 18 Tf 72 700 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// The content of a Windows program (its magic bytes and some padding).
pub fn windows_program() -> Vec<u8> {
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    exe.resize(4096, 0);
    exe
}

/// A bad input: the fields, the file, the field its message stands beside, part of the message.
type BadInput<'a> = (
    Vec<(&'a str, &'a str)>,
    Option<(&'a str, Vec<u8>)>,
    &'a str,
    &'a str,
);

async fn page(client: &Client, site: &Site, path: &str) -> (StatusCode, String) {
    let response = client.get(site.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

/// Sends the add-entry form as multipart (as the browser does) with the CSRF token in the
/// address; returns status, location and body.
async fn add(
    client: &Client,
    site: &Site,
    slug: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> (StatusCode, String, String) {
    let (_, mut board) = page(client, site, &format!("/collections/{slug}")).await;
    if !board.contains("name=\"csrf\"") {
        board = page(client, site, "/login").await.1;
    }
    let csrf = csrf_of(&board);
    let mut form = Form::new().text("csrf", csrf.clone());
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    if let Some((name, bytes)) = file {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_owned()));
    }
    let response = client
        .post(site.url(&format!("/collections/{slug}/entries?csrf={csrf}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

async fn curate(
    client: &Client,
    site: &Site,
    entry: &str,
    action: &str,
    section: &str,
) -> StatusCode {
    let (_, board) = page(client, site, "/collections/members").await;
    let csrf = csrf_of(&board);
    client
        .post(site.url(&format!("/collections/members/entries/{entry}")))
        .form(&[("action", action), ("section", section), ("csrf", &csrf)])
        .send()
        .await
        .unwrap()
        .status()
}

async fn entries(site: &Site) -> Vec<Entry> {
    site.store
        .list(&ListQuery::new(&site.forum, Access::Staff))
        .await
        .unwrap()
}

fn stored_files(site: &Site) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .flatten()
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() { count(&path) } else { 1 }
                })
                .sum()
        })
    }
    count(site.files_dir.path())
}

fn entry_id(location: &str) -> String {
    location.rsplit("#entry-").next().unwrap().to_owned()
}

/// Gives the marked site's members collection two sections.
async fn with_sections(site: &Site) {
    let mut collection: Collection = site
        .store
        .list(&ListQuery::new(&site.forum, Access::Staff).filter("slug", Value::text("members")))
        .await
        .unwrap()
        .remove(0);
    collection.sections = vec![
        urbis_domain::knowledge::Section {
            key: "studien".into(),
            title: urbis_domain::Text::new(urbis_domain::Lang::De, "Studien"),
        },
        urbis_domain::knowledge::Section {
            key: "praxis".into(),
            title: urbis_domain::Text::new(urbis_domain::Lang::De, "Praxis"),
        },
    ];
    site.store.update(&mut collection).await.unwrap();
}

#[tokio::test]
async fn members_add_every_kind_of_entry_and_bad_input_stores_nothing() {
    let site = start(urbis_testkit::sqlite()).await;
    with_sections(&site).await;
    let member = site.client(Role::Member).await;
    let before = entries(&site).await.len();

    // A note in Markdown, with script that must not survive.
    let (status, location, _) = add(
        &member,
        &site,
        "members",
        &[
            ("kind", "note"),
            ("section", "praxis"),
            ("title", "Notiz aus Essen"),
            ("body", "Hallo **fett** <script>alert('x')</script> [klick](javascript:alert(1)) <img src=x onerror=alert(1)>"),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(
        location.starts_with("/collections/members#entry-"),
        "{location}"
    );
    // A link.
    let (status, link_at, _) = add(
        &member,
        &site,
        "members",
        &[
            ("kind", "link"),
            ("section", "studien"),
            ("title", "Studie Sicherheit"),
            ("url", "https://example.org/studie"),
            ("body", "Die *neue* Studie"),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // A reference to a public event.
    let (status, _, _) = add(
        &member,
        &site,
        "members",
        &[
            ("kind", "reference"),
            (
                "reference",
                &format!("http://localhost/events/{PUBLIC_EVENT}"),
            ),
        ],
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the title comes from the event"
    );
    // A PDF file: stored, its text extracted.
    let pdf = tiny_pdf("Kommunale Kriminalpraevention Essen");
    let (status, file_at, body) = add(
        &member,
        &site,
        "members",
        &[("kind", "file"), ("title", "Bericht als PDF")],
        Some(("Bericht 2022.pdf", pdf.clone())),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(entries(&site).await.len(), before + 4);

    let (status, board) = page(&member, &site, "/collections/members").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Notiz aus Essen",
        "<strong>fett</strong>",
        "Studie Sicherheit",
        "https://example.org/studie",
        "Offenes Webinar",
        "Bericht 2022.pdf",
        "Member user",
    ] {
        assert!(board.contains(text), "the board shows {text}");
    }
    assert!(board.contains(&format!("href=\"/events/{PUBLIC_EVENT}\"")));
    for bad in ["<script>alert", "javascript:", "onerror"] {
        assert!(!board.contains(bad), "the board does not carry {bad}");
    }

    // The file: only through the policy, as an attachment, never sniffed.
    let file_id = entry_id(&file_at);
    let entry: Entry = site
        .store
        .get(&urbis_domain::Id::from_text(file_id.clone()))
        .await
        .unwrap();
    let key = entry.file.as_ref().unwrap().key.clone();
    let text = site
        .store
        .file_text(&key)
        .await
        .unwrap()
        .expect("the PDF's text is kept");
    assert!(
        text.contains("Kommunale Kriminalpraevention Essen"),
        "{text}"
    );
    // The file's text is found by search, by members only, and leads to the entry's board.
    let mut found = String::new();
    for _ in 0..50 {
        found = member
            .get(site.url("/search?q=Kriminalpraevention"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if found.contains("Bericht als PDF") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found.contains("Bericht als PDF"), "{found}");
    assert!(found.contains(&format!("#entry-{file_id}")), "{found}");
    let outside = common::browser()
        .get(site.url("/search?q=Kriminalpraevention"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!outside.contains("Bericht als PDF"));
    let download = member
        .get(site.url(&format!("/files/entries/{file_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    let disposition = download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("Bericht%202022.pdf"),
        "{disposition}"
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), pdf.as_slice());
    let anonymous = common::browser();
    let refused = anonymous
        .get(site.url(&format!("/files/entries/{file_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let body = refused.bytes().await.unwrap();
    assert!(
        !body.windows(5).any(|w| w == b"%PDF-"),
        "not one byte of the file leaks"
    );
    assert!(
        !key.is_empty() && !key.contains("Bericht"),
        "the key is not guessable from the name"
    );

    // Bad inputs: each with its message beside the field, nothing stored.
    let count = entries(&site).await.len();
    let files = stored_files(&site);
    let staff_event = format!("/events/{STAFF_EVENT}");
    let cases: Vec<BadInput> = vec![
        (
            vec![
                ("kind", "link"),
                ("title", "Kaputt"),
                ("url", "ftp://example.org/x"),
            ],
            None,
            "url-error",
            "keine Webadresse",
        ),
        (
            vec![
                ("kind", "note"),
                ("title", "Abschnitt"),
                ("body", "x"),
                ("section", "gibt-es-nicht"),
            ],
            None,
            "section-error",
            "gibt-es-nicht",
        ),
        (
            vec![("kind", "reference"), ("reference", staff_event.as_str())],
            None,
            "reference-error",
            "sehen dürfen",
        ),
        (
            vec![("kind", "reference"), ("reference", "/members/irgendwas")],
            None,
            "reference-error",
            "Adresse einer Veranstaltung",
        ),
        (
            vec![("kind", "file"), ("title", "Tarnung")],
            Some(("bericht.pdf", windows_program())),
            "file-error",
            "keine PDF-Datei",
        ),
        (
            vec![("kind", "file"), ("title", "Kaputt")],
            Some((
                "kaputt.pdf",
                b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage".to_vec(),
            )),
            "file-error",
            "beschädigt",
        ),
        (
            vec![("kind", "file"), ("title", "Programm")],
            Some(("tool.exe", windows_program())),
            "file-error",
            "nicht angenommen",
        ),
        (
            vec![("kind", "file"), ("title", "Nichts")],
            None,
            "file-error",
            "Datei aus",
        ),
        (
            vec![("kind", "other"), ("title", "x")],
            None,
            "kind-error",
            "Wählen Sie",
        ),
        (
            vec![("kind", "note"), ("body", "")],
            None,
            "body-error",
            "Notiz",
        ),
    ];
    for (fields, file, field, message) in cases {
        let (status, _, body) = add(&member, &site, "members", &fields, file).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}: {body}"
        );
        let at = body
            .find(&format!("id=\"{field}\""))
            .unwrap_or_else(|| panic!("{fields:?}: no {field} in {body}"));
        assert!(
            body[at..].contains(message),
            "{fields:?}: {message} beside {field}"
        );
        assert_eq!(
            entries(&site).await.len(),
            count,
            "{fields:?} stored nothing"
        );
        assert_eq!(stored_files(&site), files, "{fields:?} left no file behind");
    }
    // The form comes back filled in.
    let (_, _, body) = add(
        &member,
        &site,
        "members",
        &[("kind", "link"), ("title", "Mein Titel"), ("url", "nope")],
        None,
    )
    .await;
    assert!(body.contains("value=\"Mein Titel\""), "the title is kept");

    // An anonymous visitor cannot add.
    let (status, location, _) = add(
        &anonymous,
        &site,
        "members",
        &[("kind", "note"), ("title", "x"), ("body", "y")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/login"), "{location}");
    assert_eq!(entries(&site).await.len(), count);
    let _ = link_at;
}

#[tokio::test]
async fn an_oversized_file_is_refused_with_its_limit() {
    let site = common::start_limited(urbis_testkit::sqlite(), 1024 * 1024).await;
    let member = site.client(Role::Member).await;
    let count = entries(&site).await.len();
    let mut big = tiny_pdf("gross");
    big.resize(1536 * 1024, b' ');
    let (status, _, body) = add(
        &member,
        &site,
        "members",
        &[("kind", "file"), ("title", "Zu groß")],
        Some(("gross.pdf", big)),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        body.contains("id=\"file-error\"") && body.contains("höchstens 1 MB"),
        "{body}"
    );
    assert_eq!(entries(&site).await.len(), count);
    assert_eq!(stored_files(&site), 0);
    // Just under the limit is fine.
    let (status, _, body) = add(
        &member,
        &site,
        "members",
        &[("kind", "file"), ("title", "Klein genug")],
        Some(("klein.pdf", tiny_pdf("klein"))),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(stored_files(&site), 1);
}

#[tokio::test]
async fn members_only_collections_stay_hidden() {
    let site = start(urbis_testkit::sqlite()).await;
    let anonymous = common::browser();
    for path in [
        "/collections/members",
        "/collections/staff",
        "/collections/no-such-thing",
    ] {
        let response = anonymous.get(site.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(
            response.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/login?next=")
        );
        let body = response.text().await.unwrap();
        assert!(!body.contains("MARKER"), "{path}");
    }
    let member = site.client(Role::Member).await;
    assert_eq!(
        page(&member, &site, "/collections/staff").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&member, &site, "/collections/no-such-thing").await.0,
        StatusCode::NOT_FOUND
    );
    let (status, board) = page(&member, &site, "/collections/members").await;
    assert_eq!(status, StatusCode::OK);
    assert!(board.contains("MARKER-MEMBERS-ENTRY") && !board.contains("MARKER-STAFF"));
    let staff = site.client(Role::Staff).await;
    let (status, board) = page(&staff, &site, "/collections/staff").await;
    assert_eq!(status, StatusCode::OK);
    assert!(board.contains("MARKER-STAFF-COLLECTION"));
}

#[tokio::test]
async fn the_office_moves_pins_archives_and_deletes() {
    let site = start(urbis_testkit::sqlite()).await;
    with_sections(&site).await;
    let member = site.client(Role::Member).await;
    let staff = site.client(Role::Staff).await;
    let (_, first, _) = add(
        &member,
        &site,
        "members",
        &[("kind", "note"), ("title", "Erste Notiz"), ("body", "eins")],
        None,
    )
    .await;
    let (_, second, _) = add(
        &member,
        &site,
        "members",
        &[("kind", "file"), ("title", "Zweite")],
        Some(("zwei.pdf", tiny_pdf("zwei"))),
    )
    .await;
    let (first, second) = (entry_id(&first), entry_id(&second));

    assert_eq!(
        curate(&member, &site, &first, "pin", "").await,
        StatusCode::FORBIDDEN,
        "members do not curate"
    );
    assert_eq!(
        curate(&staff, &site, &first, "pin", "").await,
        StatusCode::SEE_OTHER
    );
    let (_, board) = page(&member, &site, "/collections/members").await;
    let pinned = board.find(&format!("entry-{first}")).unwrap();
    assert!(
        board[pinned..].find("</article>").unwrap()
            > board[pinned..].find("class=\"pinned\"").unwrap()
    );
    assert!(
        pinned < board.find("MARKER-MEMBERS-ENTRY").unwrap(),
        "pinned comes first"
    );

    assert_eq!(
        curate(&staff, &site, &first, "move", "studien").await,
        StatusCode::SEE_OTHER
    );
    let moved: Entry = site
        .store
        .get(&urbis_domain::Id::from_text(first.clone()))
        .await
        .unwrap();
    assert_eq!(moved.section.as_deref(), Some("studien"));
    assert_eq!(
        curate(&staff, &site, &first, "move", "nirgendwo").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        curate(&staff, &site, &first, "fly", "").await,
        StatusCode::BAD_REQUEST
    );

    assert_eq!(
        curate(&staff, &site, &first, "archive", "").await,
        StatusCode::SEE_OTHER
    );
    assert!(
        !page(&member, &site, "/collections/members")
            .await
            .1
            .contains("Erste Notiz"),
        "archived entries are hidden"
    );
    assert!(
        page(&staff, &site, "/collections/members?archived=1")
            .await
            .1
            .contains("Erste Notiz"),
        "unless asked"
    );
    assert_eq!(
        curate(&staff, &site, &first, "unarchive", "").await,
        StatusCode::SEE_OTHER
    );
    assert!(
        page(&member, &site, "/collections/members")
            .await
            .1
            .contains("Erste Notiz")
    );

    let entry: Entry = site
        .store
        .get(&urbis_domain::Id::from_text(second.clone()))
        .await
        .unwrap();
    let key = entry.file.unwrap().key;
    assert!(site.files.exists(&key).await.unwrap());
    assert_eq!(
        curate(&staff, &site, &second, "delete", "").await,
        StatusCode::SEE_OTHER
    );
    assert!(
        !site.files.exists(&key).await.unwrap(),
        "deleting the entry deletes its file"
    );
    assert_eq!(site.store.file_text(&key).await.unwrap(), None);
    assert_eq!(
        member
            .get(site.url(&format!("/files/entries/{second}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn whats_new_is_marked_and_followers_get_one_digest_a_week() {
    let site = start(urbis_testkit::sqlite()).await;
    let member = site.client(Role::Member).await;
    let staff = site.client(Role::Staff).await;
    // The member looks at the board: from now on, new entries are new to them.
    assert_eq!(
        page(&member, &site, "/collections/members").await.0,
        StatusCode::OK
    );
    assert!(
        !page(&member, &site, "/collections").await.1.contains("neu"),
        "nothing new yet"
    );
    let (status, _, _) = add(
        &staff,
        &site,
        "members",
        &[
            ("kind", "note"),
            ("title", "Frisch vom Büro"),
            ("body", "Neu!"),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, list) = page(&member, &site, "/collections").await;
    assert!(
        list.contains("ein neuer Eintrag seit Ihrem letzten Besuch"),
        "{list}"
    );
    let (_, board) = page(&member, &site, "/collections/members").await;
    assert!(board.contains("class=\"new\""), "the new entry is marked");
    let (_, list) = page(&member, &site, "/collections").await;
    assert!(!list.contains("seit Ihrem letzten Besuch"), "seen now");

    // Follow, and the digest goes out once for the week.
    let csrf = csrf_of(&board);
    let followed = member
        .post(site.url("/collections/members/follow"))
        .form(&[("follow", "yes"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(followed.status(), StatusCode::SEE_OTHER);
    assert!(
        page(&member, &site, "/collections/members")
            .await
            .1
            .contains("value=\"no\"")
    );
    let next_week = Timestamp::now() + SignedDuration::from_hours(7 * 24);
    let queued = urbis_app::knowledge::queue_digests(
        &site.app,
        &urbis_app::forums::Addresses::single("http://localhost"),
        next_week,
    )
    .await
    .unwrap();
    assert_eq!(queued, 1, "one follower, one collection");
    let again = urbis_app::knowledge::queue_digests(
        &site.app,
        &urbis_app::forums::Addresses::single("http://localhost"),
        next_week + SignedDuration::from_hours(30),
    )
    .await
    .unwrap();
    assert_eq!(again, 0, "never twice in a week");
    let smtp = TestSmtp::start();
    let url = format!("smtp://127.0.0.1:{}?security=none", smtp.port());
    let mailer = Mailer::new(
        &MailConfig::from_values(Some(&url), Some("office@example.org"), None).unwrap(),
    )
    .unwrap();
    let report = send_due(
        &site.store,
        &mailer,
        Timestamp::now(),
        &RetryPolicy::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.sent, 1);
    let mail = smtp.messages();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].rcpt_to, ["member@example.org"]);
    let text = mail[0].text();
    assert!(text.contains("Frisch vom B"), "{text}");
    assert!(!text.contains("MARKER-STAFF"), "{text}");
    // A week without new entries: no digest.
    let later = next_week + SignedDuration::from_hours(7 * 24);
    assert_eq!(
        urbis_app::knowledge::queue_digests(
            &site.app,
            &urbis_app::forums::Addresses::single("http://localhost"),
            later
        )
        .await
        .unwrap(),
        0
    );
    // Unfollowed: no digest, even with new entries.
    let csrf = csrf_of(&page(&member, &site, "/collections/members").await.1);
    member
        .post(site.url("/collections/members/follow"))
        .form(&[("follow", "no"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert!(
        site.store
            .followed_collections(
                &site
                    .store
                    .user_by_email("member@example.org")
                    .await
                    .unwrap()
                    .unwrap()
                    .id
            )
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_demo_has_eleven_boards_with_sections_and_entries() {
    let site = common::start_with(
        urbis_testkit::sqlite(),
        urbis_demo::dataset().expect("the demo data set loads"),
        "DEFUS",
    )
    .await;
    let member = site.client(Role::Member).await;
    let anonymous = common::browser();
    let (_, list) = page(&member, &site, "/collections").await;
    let slugs: Vec<String> = list
        .match_indices("href=\"/collections/")
        .map(|(at, _)| {
            let rest = &list[at + 19..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect();
    assert_eq!(slugs.len(), 11, "{slugs:?}");
    for slug in &slugs {
        let (status, board) = page(&member, &site, &format!("/collections/{slug}")).await;
        assert_eq!(status, StatusCode::OK, "{slug}");
        assert!(
            board.contains("Praxisbeispiele") && board.contains("<article id=\"entry-"),
            "{slug}"
        );
        assert!(
            !board.contains("Verweist auf einen Datensatz, den Sie nicht sehen"),
            "{slug}: every reference resolves for members"
        );
        // The boards' names are public, what members put on them is not.
        let (status, public) = page(&anonymous, &site, &format!("/collections/{slug}")).await;
        assert_eq!(status, StatusCode::OK, "{slug}");
        assert!(
            !public.contains("<article id=\"entry-"),
            "{slug}: entries are for members"
        );
    }
}
