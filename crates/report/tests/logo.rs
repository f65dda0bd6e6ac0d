//! The forum's logo on the title page of the annual report's PDF: an SVG or a PNG stored with
//! the forum is embedded as an image; without one the report is typeset as before; a logo that
//! is no image or too large is refused when stored.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use urbis_domain::network::{LOGO_MAX_BYTES, LogoFormat, decode_logo};
use urbis_domain::{Access, Lang};
use urbis_report::{Format, Options, compose, find_forum, render};
use urbis_store::Store;

/// A 1×1 PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><rect width="40" height="20" fill="#2a5d8f"/><circle cx="20" cy="10" r="6" fill="#ffffff"/></svg>"##;

/// The PDF of the demo network's (empty) 1999 report, with the forum's logo set to `logo`.
async fn pdf_with(logo: Option<&str>) -> Vec<u8> {
    let db = urbis_testkit::sqlite();
    let store = Store::open(db.url()).await.unwrap();
    let mut dataset = urbis_demo::dataset().unwrap();
    for forum in &mut dataset.forums {
        if let Some(forum) = &mut forum.forum {
            forum.logo = logo.map(str::to_owned);
        }
    }
    store.import(dataset).await.unwrap();
    let forum = find_forum(&store, Some("DEFUS")).await.unwrap();
    assert_eq!(
        forum.logo.as_deref(),
        logo,
        "the logo is stored with the forum"
    );
    let mut options = Options::new(1999, Lang::En);
    options.audience = Access::Public;
    let report = compose(&store, &forum, &options).await.unwrap();
    let pdf = render(&report, Format::Pdf).unwrap();
    store.close().await;
    assert!(pdf.starts_with(b"%PDF"));
    pdf
}

fn has(pdf: &[u8], needle: &[u8]) -> bool {
    pdf.windows(needle.len()).any(|w| w == needle)
}

/// True when the PDF holds a bitmap image (`/Subtype /Image`, written with or without space).
fn has_image(pdf: &[u8]) -> bool {
    has(pdf, b"/Subtype/Image") || has(pdf, b"/Subtype /Image")
}

/// True when the first page, rasterised by `pdftoppm` (poppler-utils), has a pixel of the
/// test logo's blue (#2a5d8f).
fn blue_on_title_page(pdf: &[u8]) -> bool {
    let dir = std::env::temp_dir().join(format!("urbis-logo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{}.pdf", pdf.len()));
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftoppm")
        .args(["-f", "1", "-l", "1", "-r", "40", "-singlefile"])
        .arg(&file)
        .output()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(out.status.success());
    std::fs::remove_file(&file).unwrap();
    // P6 header: magic, width, height, maximum, each followed by one white space.
    let ppm = out.stdout;
    let mut fields = 0;
    let mut start = 0;
    for (i, b) in ppm.iter().enumerate() {
        if b.is_ascii_whitespace() {
            fields += 1;
            if fields == 4 {
                start = i + 1;
                break;
            }
        }
    }
    ppm[start..]
        .chunks_exact(3)
        .any(|p| p[0].abs_diff(0x2a) < 12 && p[1].abs_diff(0x5d) < 12 && p[2].abs_diff(0x8f) < 12)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_logo_is_an_image_on_the_title_page() {
    let without = pdf_with(None).await;
    assert!(!has(&without, b"/XObject"), "no image without a logo");
    assert!(!has_image(&without), "no image without a logo");
    let png = pdf_with(Some(PNG)).await;
    assert!(has_image(&png), "the PNG is embedded as an image");
    let data_url = format!("data:image/png;base64,{PNG}");
    let png = pdf_with(Some(&data_url)).await;
    assert!(has_image(&png), "a data address works too");
    let svg = pdf_with(Some(SVG)).await;
    // typst draws an SVG as vector paths: the title page shows the logo's blue.
    assert!(
        blue_on_title_page(&svg),
        "the SVG is drawn on the title page"
    );
    assert!(!blue_on_title_page(&without), "no blue without a logo");
}

#[test]
fn a_logo_must_be_a_small_svg_or_png() {
    assert_eq!(decode_logo(SVG).unwrap().0, LogoFormat::Svg);
    assert_eq!(decode_logo(PNG).unwrap().0, LogoFormat::Png);
    // Base64 that is not a PNG (a GIF header), text that is not base64, markup that is no SVG.
    assert!(decode_logo("R0lGODlhAQABAAAAACw=").is_err());
    assert!(decode_logo("not an image").is_err());
    assert!(decode_logo("<html></html>").is_err());
    let huge = format!("<svg>{}</svg>", " ".repeat(LOGO_MAX_BYTES));
    assert_eq!(decode_logo(&huge), Err("is larger than 200 KB"));
    // And the forum refuses to be stored with it.
    let mut forum: urbis_domain::network::Forum = serde_json::from_value(serde_json::json!({
        "name": "Testforum", "short_name": "TF", "languages": ["de"], "logo": "not an image"
    }))
    .unwrap();
    let mut problems = urbis_domain::Problems::default();
    urbis_domain::Record::validate(&forum, &mut problems);
    assert!(format!("{problems:?}").contains("logo"), "{problems:?}");
    forum.logo = Some(SVG.to_owned());
    let mut problems = urbis_domain::Problems::default();
    urbis_domain::Record::validate(&forum, &mut problems);
    assert!(!format!("{problems:?}").contains("logo"), "{problems:?}");
}
