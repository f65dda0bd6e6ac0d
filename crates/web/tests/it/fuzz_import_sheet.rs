//! Fuzz target: the back office's CSV/XLSX import of organisations and people. Random bytes,
//! mutated CSV and mutated workbooks (bytes of the zip, and the XML inside it) are read without
//! a panic; through the real server an upload is previewed and confirmed, never answered with a
//! 5xx, and an import that fails leaves the store as it was.
//! Longer run: `PROPTEST_CASES=100000 cargo test --release -p urbis-web --test it fuzz_import_sheet::`.

use std::io::{Cursor, Read, Write};

use proptest::prelude::*;
use reqwest::StatusCode;
use urbis_domain::Access;
use urbis_domain::network::{Organisation, Person};
use urbis_testkit::fuzz::{Mutation, mutate, mutations};
use urbis_web::sheet::{self, MAX_ROWS};

use crate::common;
use crate::common::{Role, Site, csrf_of};

const COLUMNS: &[&str] = &[
    "name.de",
    "name.en",
    "short_name",
    "kind",
    "country",
    "city",
    "website",
    "access",
    "title",
    "given_name",
    "family_name",
    "email",
    "phone",
    "organisation",
    "function.de",
    "function.en",
    "language",
    "colour",
    "",
    "Name.DE",
    "\u{feff}name.de",
];

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "Stadt Essen", "Stadt Bonn", "City of Bonn", "city", "ngo", "state_body", "nonsense",
            "DE", "FR", "ZZ", "de", "en", "xx", "public", "members", "staff", "secret",
            "anna@example.org", "not-an-email", "a@b", "+49 201 88", "'=1+1", "=HYPERLINK(\"x\")",
            "https://bonn.de", "javascript:alert(1)", "Dr.", "Referentin", "", " ", "\"", "x\ny",
            "a,b;c", "<script>alert(1)</script>", "0", "-1", "1e308", "NaN", "true", "null",
            "{\"de\":\"x\"}", "[1,2]", "Ünïcödé ✓", "\u{0}", "\u{202e}",
        ])
        .prop_map(str::to_owned),
        2 => "[A-Za-z0-9 .@-]{0,20}",
        1 => any::<String>(),
        1 => (1usize..20_000).prop_map(|n| "x".repeat(n)),
    ]
}

/// A table: a header of known (and some unknown) columns and rows of cells.
fn table() -> impl Strategy<Value = Vec<Vec<String>>> {
    (
        prop::collection::vec(prop::sample::select(COLUMNS.to_vec()), 1..8),
        prop::collection::vec(prop::collection::vec(cell(), 0..9), 0..12),
    )
        .prop_map(|(header, rows)| {
            let mut table = vec![header.into_iter().map(str::to_owned).collect()];
            table.extend(rows);
            table
        })
}

/// A table an office would really upload (organisations or people, good values), with a few
/// cells replaced by odd ones.
fn likely_table() -> impl Strategy<Value = Vec<Vec<String>>> {
    let organisation = (
        "[A-Z][a-z]{3,10} [A-Z][a-z]{3,8}",
        prop::sample::select(vec!["city", "region", "ministry", "state_body"]),
        prop::sample::select(vec!["DE", "FR", "AT"]),
        "[A-Z][a-z]{2,10}",
    )
        .prop_map(|(name, kind, country, city)| {
            vec![name, kind.to_owned(), country.to_owned(), city]
        });
    let person = (
        "[A-Z][a-z]{2,8}",
        "[A-Z][a-z]{2,10}",
        "[a-z]{3,10}@example\\.org",
        prop::sample::select(vec!["", "Stadt Essen"]),
    )
        .prop_map(|(given, family, email, organisation)| {
            vec![given, family, email, organisation.to_owned()]
        });
    let odd = || prop::collection::vec((any::<usize>(), any::<usize>(), cell()), 0..3);
    prop_oneof![
        (prop::collection::vec(organisation, 1..6), odd()).prop_map(|(rows, odd)| {
            let header = ["name.de", "kind", "country", "city"];
            (header, rows, odd)
        }),
        (prop::collection::vec(person, 1..6), odd()).prop_map(|(rows, odd)| {
            let header = ["given_name", "family_name", "email", "organisation"];
            (header, rows, odd)
        }),
    ]
    .prop_map(|(header, rows, odd)| {
        let mut table = vec![header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
        table.extend(rows);
        for (row, column, cell) in odd {
            let row = 1 + row % (table.len() - 1);
            let column = column % table[row].len();
            table[row][column] = cell;
        }
        table
    })
}

fn csv(table: &[Vec<String>], semicolon: bool) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(if semicolon { b';' } else { b',' })
        .from_writer(Vec::new());
    for row in table {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

fn xlsx(table: &[Vec<String>]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in table.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // The writer refuses what Excel refuses (too long, control characters): leave it out.
            let _ = sheet.write_string(u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), cell);
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// Rewrites the XML parts of a workbook: mutates their bytes and puts in cell addresses and
/// dimensions a hostile workbook may hold.
fn mutate_xml(workbook: &[u8], changes: &[Mutation], address: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(workbook)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name.starts_with("xl/worksheets/") || name == "xl/sharedStrings.xml" {
            let text = String::from_utf8_lossy(&bytes)
                .replacen("r=\"B2\"", &format!("r=\"{address}\""), 1)
                .replacen("ref=\"A1:", &format!("ref=\"{address}:"), 1);
            bytes = mutate(text.as_bytes(), changes);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// What an uploaded file can be.
#[derive(Debug, Clone)]
enum File {
    Bytes(Vec<u8>),
    Csv(Vec<Vec<String>>, bool, Vec<Mutation>),
    Xlsx(Vec<Vec<String>>, Vec<Mutation>),
    XlsxXml(Vec<Vec<String>>, Vec<Mutation>, String),
}

impl File {
    fn bytes(&self) -> Vec<u8> {
        match self {
            File::Bytes(bytes) => bytes.clone(),
            File::Csv(table, semicolon, changes) => mutate(&csv(table, *semicolon), changes),
            File::Xlsx(table, changes) => mutate(&xlsx(table), changes),
            File::XlsxXml(table, changes, address) => mutate_xml(&xlsx(table), changes, address),
        }
    }
}

fn file() -> impl Strategy<Value = File> {
    let address = prop::sample::select(vec![
        "B2",
        "XFD1048576",
        "A1048576",
        "XFD1",
        "ZZZZ99999999",
        "A0",
        "",
        "1A",
        "A-1",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..512).prop_map(File::Bytes),
        1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend(b);
            File::Bytes(bytes)
        }),
        3 => (table(), any::<bool>(), mutations(4)).prop_map(|(t, s, m)| File::Csv(t, s, m)),
        3 => (likely_table(), any::<bool>()).prop_map(|(t, s)| File::Csv(t, s, vec![])),
        2 => likely_table().prop_map(|t| File::Xlsx(t, vec![])),
        1 => (table(), mutations(2)).prop_map(|(t, m)| File::Xlsx(t, m)),
        2 => (table(), mutations(3), address).prop_map(|(t, m, a)| File::XlsxXml(t, m, a)),
    ]
}

#[test]
fn fuzz_sheet_reads_any_file_without_panic() {
    urbis_testkit::fuzz::run("import_sheet_read", file!(), 300, file(), |file| {
        let bytes = file.bytes();
        match sheet::read(&bytes) {
            Ok(sheet) => {
                prop_assert!(sheet.rows.len() <= MAX_ROWS);
                prop_assert!(sheet.header.iter().any(|h| !h.is_empty()));
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
        Ok(())
    });
}

/// A multipart upload as a browser sends it.
async fn upload(
    client: &reqwest::Client,
    site: &Site,
    csrf: &str,
    kind: &str,
    file: &[u8],
) -> (StatusCode, String) {
    let boundary = "----urbis-fuzz-boundary-7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let response = client
        .post(site.url(&format!("/admin/import?csrf={csrf}")))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// The value of the preview's hidden payload.
fn payload(page: &str) -> Option<String> {
    let at = page.find("name=\"payload\" value=\"")?;
    let rest = &page[at + 22..];
    let raw = &rest[..rest.find('"')?];
    Some(
        raw.replace("&#34;", "\"")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#60;", "<")
            .replace("&lt;", "<")
            .replace("&#62;", ">")
            .replace("&gt;", ">")
            .replace("&#38;", "&")
            .replace("&amp;", "&"),
    )
}

/// Every organisation and person, as the office sees them.
async fn records(site: &Site) -> (Vec<Organisation>, Vec<Person>) {
    let query = urbis_testkit::store::ListQuery::new(&site.forum, Access::Staff);
    (
        site.store.list(&query).await.unwrap(),
        site.store.list(&query).await.unwrap(),
    )
}

#[test]
fn fuzz_import_through_the_server_is_all_or_nothing() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let site = runtime.block_on(common::start(urbis_testkit::sqlite()));
    let (staff, csrf) = runtime.block_on(async {
        let staff = site.client(Role::Staff).await;
        let page = staff
            .get(site.url("/admin/import"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = csrf_of(&page);
        (staff, csrf)
    });
    let kind = prop_oneof![
        8 => prop::sample::select(vec!["organisations", "people"]),
        1 => prop::sample::select(vec!["events", ""]),
    ];
    let outcomes = std::sync::Mutex::new(std::collections::BTreeMap::<String, u32>::new());
    let count = |what: String| *outcomes.lock().unwrap().entry(what).or_default() += 1;
    urbis_testkit::fuzz::run(
        "import_sheet_server",
        file!(),
        40,
        (file(), kind),
        |(file, kind)| {
            let bytes = file.bytes();
            runtime.block_on(async {
                let before = records(&site).await;
                let (status, page) = upload(&staff, &site, &csrf, kind, &bytes).await;
                count(format!("preview {status}"));
                prop_assert!(
                    matches!(status.as_u16(), 200 | 400 | 413 | 422),
                    "preview answered {status}: {page}"
                );
                prop_assert!(before == records(&site).await, "a preview wrote something");
                let Some(payload) = payload(&page).filter(|_| status == StatusCode::OK) else {
                    return Ok(());
                };
                let response = staff
                    .post(site.url(&format!("/admin/import/confirm?csrf={csrf}")))
                    .form(&[("kind", kind), ("payload", payload.as_str())])
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let page = response.text().await.unwrap();
                count(format!("confirm {status}"));
                prop_assert!(
                    matches!(status.as_u16(), 200 | 409 | 422),
                    "confirm answered {status}: {page}"
                );
                let after = records(&site).await;
                if status == StatusCode::OK {
                    prop_assert!(
                        after.0.len() + after.1.len() >= before.0.len() + before.1.len(),
                        "an import lost records"
                    );
                } else {
                    prop_assert!(before == after, "a failed import wrote something: {page}");
                }
                Ok(())
            })
        },
    );
    println!(
        "fuzz import_sheet_server: answers {:?}",
        outcomes.lock().unwrap()
    );
}
