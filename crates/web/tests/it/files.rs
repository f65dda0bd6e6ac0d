//! Uploaded files through the real server: office documents are accepted by their content and
//! their text is kept for search, images are kept as they are, and every download asks the
//! access policy about the record that holds the file.

use std::io::Write;

use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use urbis_domain::knowledge::{Entry, StoredFile};
use urbis_domain::portal::Publication;
use urbis_domain::{Access, Id};
use urbis_testkit::store::ListQuery;

use crate::common::{Role, Site, csrf_of, start};

fn zipped(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, content) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

fn docx(text: &str) -> Vec<u8> {
    zipped(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "word/document.xml",
            &format!(
                r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
            ),
        ),
    ])
}

fn xlsx(text: &str) -> Vec<u8> {
    zipped(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        ("xl/workbook.xml", "<workbook/>"),
        (
            "xl/sharedStrings.xml",
            &format!("<sst><si><t>{text}</t></si><si><t>Essen</t></si></sst>"),
        ),
    ])
}

fn odt(text: &str) -> Vec<u8> {
    zipped(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        (
            "content.xml",
            &format!(
                "<office:document-content><office:body><office:text><text:p>{text}</text:p></office:text></office:body></office:document-content>"
            ),
        ),
    ])
}

/// The smallest PNG: its signature and a header chunk are what the type check reads.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89".to_vec();
    bytes.extend_from_slice(b"\x00\x00\x00\x00IEND\xaeB`\x82");
    bytes
}

async fn upload(
    client: &Client,
    site: &Site,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, String, String) {
    let board = client
        .get(site.url("/collections/members"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&board);
    let form = Form::new()
        .text("csrf", csrf.clone())
        .text("kind", "file")
        .part("file", Part::bytes(bytes).file_name(name.to_owned()));
    let response = client
        .post(site.url(&format!("/collections/members/entries?csrf={csrf}")))
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

async fn stored(site: &Site, location: &str) -> Entry {
    let id = location.rsplit("#entry-").next().unwrap();
    site.store.get(&Id::from_text(id)).await.unwrap()
}

#[tokio::test]
async fn office_documents_are_read_for_search_and_images_kept_as_they_are() {
    let site = start(urbis_testkit::sqlite()).await;
    let member = site.client(Role::Member).await;
    for (name, bytes, text, media) in [
        (
            "Konzept.docx",
            docx("Sicherheitskonzept Hauptbahnhof"),
            Some("Sicherheitskonzept Hauptbahnhof"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "Zahlen.xlsx",
            xlsx("Befragung 2022"),
            Some("Befragung 2022\nEssen"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "Protokoll.odt",
            odt("Runder Tisch Hannover"),
            Some("Runder Tisch Hannover"),
            "application/vnd.oasis.opendocument.text",
        ),
        ("Karte.png", png(), None, "image/png"),
    ] {
        let (status, location, body) = upload(&member, &site, name, bytes.clone()).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{name}: {body}");
        let entry = stored(&site, &location).await;
        let file = entry.file.clone().unwrap();
        assert_eq!(file.media_type, media, "{name}");
        assert_eq!(
            entry.title.original_text(),
            name,
            "the file name is the title when none is given"
        );
        assert_eq!(
            site.store.file_text(&file.key).await.unwrap().as_deref(),
            text,
            "{name}"
        );
        let download = member
            .get(site.url(&format!("/files/entries/{}", entry.id)))
            .send()
            .await
            .unwrap();
        assert_eq!(download.status(), StatusCode::OK);
        assert_eq!(download.headers()["content-type"], media);
        assert_eq!(
            download.bytes().await.unwrap().as_ref(),
            bytes.as_slice(),
            "{name}"
        );
    }
    // A picture named as a Word file, and a damaged Word file: refused, nothing stored.
    let count = site
        .store
        .count::<Entry>(&ListQuery::new(&site.forum, Access::Staff))
        .await
        .unwrap();
    let (status, _, body) = upload(&member, &site, "Bild.docx", png()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("keine Word-Datei"), "{body}");
    let broken = zipped(&[("word/other.xml", "<x/>")]);
    let (status, _, body) = upload(&member, &site, "Leer.docx", broken).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("beschädigt"), "{body}");
    assert_eq!(
        site.store
            .count::<Entry>(&ListQuery::new(&site.forum, Access::Staff))
            .await
            .unwrap(),
        count
    );
}

#[tokio::test]
async fn a_publication_file_follows_the_publication() {
    let site = start(urbis_testkit::sqlite()).await;
    let mut publication: Publication = site
        .store
        .list(&ListQuery::new(&site.forum, Access::Staff))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(publication.access, Access::Members);
    let bytes = b"%PDF-1.4 MARKER-MEMBERS-FILE".to_vec();
    let key = site.files.put(bytes.clone()).await.unwrap();
    publication.file = Some(StoredFile {
        name: "bericht.pdf".into(),
        media_type: "application/pdf".into(),
        size: bytes.len() as u64,
        key: key.clone(),
    });
    site.store.update(&mut publication).await.unwrap();
    let path = format!("/files/publications/{}", publication.id);
    for role in [Role::Anonymous, Role::Member, Role::Staff] {
        let client = site.client(role).await;
        let response = client.get(site.url(&path)).send().await.unwrap();
        let status = response.status();
        let body = response.bytes().await.unwrap();
        if role.reads_members() {
            assert_eq!(status, StatusCode::OK, "{role:?}");
            assert_eq!(body.as_ref(), bytes.as_slice());
        } else {
            assert_eq!(status, StatusCode::NOT_FOUND, "{role:?}");
            assert!(
                !String::from_utf8_lossy(&body).contains("MARKER"),
                "not one byte leaks"
            );
        }
        // The store's own key is no address on the site.
        for guess in [
            format!("/{key}"),
            format!("/data/{key}"),
            format!("/files/{key}"),
        ] {
            assert_eq!(
                client.get(site.url(&guess)).send().await.unwrap().status(),
                StatusCode::NOT_FOUND,
                "{guess}"
            );
        }
    }
    let member = site.client(Role::Member).await;
    let page = member
        .get(site.url(&format!("/portal/publications/{}", publication.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&path), "the publication page offers the file");
}
