//! The stylesheet and script: linked from every page under content-hashed names, cached for a
//! year, allowed by the page's CSP, nothing else under /assets; and answers are compressed.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, SET_COOKIE};

use crate::common::{Role, start};

/// The `href`/`src` of the first `attr="/assets/…"` in a page.
fn asset_link(html: &str, attr: &str) -> String {
    let marker = format!("{attr}=\"/assets/");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let rest = &html[at + marker.len() - "/assets/".len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn pages_link_hashed_assets_that_are_cached_for_a_year() {
    let site = start(urbis_testkit::sqlite()).await;
    let client = reqwest::Client::new();
    let home = client.get(site.url("/")).send().await.unwrap();
    let csp = home.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("style-src 'self'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let html = home.text().await.unwrap();
    assert!(
        !html.contains("<style") && !html.contains(" style="),
        "no inline style"
    );
    assert!(!html.contains("<script>"), "no inline script");
    let css = asset_link(&html, "href");
    let js = asset_link(&html, "src");
    for (url, kind, needle) in [
        (&css, "text/css", ".site-header"),
        (&js, "text/javascript", "aria-current"),
    ] {
        let name = url.trim_start_matches("/assets/");
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{name}: name.hash.ext");
        assert_eq!(parts[1].len(), 8);
        assert!(parts[1].chars().all(|c| c.is_ascii_hexdigit()), "{name}");
        // The same for a logged-in member: cacheable, and no cookie set on it.
        let member = site.client(Role::Member).await;
        for asker in [&client, &member] {
            let response = asker.get(site.url(url)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{url}");
            assert!(
                response.headers()[CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with(kind),
                "{url}"
            );
            assert_eq!(
                response.headers()[CACHE_CONTROL],
                "public, max-age=31536000, immutable"
            );
            assert!(response.headers().get(SET_COOKIE).is_none());
            assert!(response.text().await.unwrap().contains(needle));
        }
        // Every page links the same name: it is the hash of what is served.
        let login = client
            .get(site.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(login.contains(url.as_str()));
    }
    for unknown in [
        "/assets/site.css",
        "/assets/site.00000000.css",
        "/assets/../Cargo.toml",
        "/assets/",
        "/assets/%2e%2e%2fsite.css",
    ] {
        let response = client.get(site.url(unknown)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{unknown}");
    }
}

#[tokio::test]
async fn the_report_preview_keeps_its_own_style_under_the_csp() {
    use base64::Engine;
    use sha2::Digest;
    let site = start(urbis_testkit::sqlite()).await;
    let staff = site.client(Role::Staff).await;
    let response = staff
        .get(site.url("/admin/report?year=2022&format=html"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();
    let style = &html[html.find("<style>").unwrap() + 7..html.find("</style>").unwrap()];
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style));
    assert!(
        csp.contains(&format!("style-src 'self' 'sha256-{hash}'")),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}

#[tokio::test]
async fn pages_and_the_stylesheet_are_sent_compressed() {
    let site = start(urbis_testkit::sqlite()).await;
    let client = reqwest::Client::new();
    let html = client
        .get(site.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let css = asset_link(&html, "href");
    for path in ["/", "/events", "/members", css.as_str()] {
        for (accept, expected) in [
            ("br", Some("br")),
            ("gzip", Some("gzip")),
            ("br, gzip", Some("br")),
            ("identity", None),
        ] {
            let response = client
                .get(site.url(path))
                .header(ACCEPT_ENCODING, accept)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let encoding = response
                .headers()
                .get(CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(
                encoding.as_deref(),
                expected,
                "{path} with Accept-Encoding: {accept}"
            );
            let body = response.bytes().await.unwrap();
            if expected.is_none() {
                assert!(
                    body.starts_with(b"<!doctype html>") || body.starts_with(b"/*"),
                    "{path}"
                );
            } else {
                assert!(
                    !body.starts_with(b"<!doctype") && !body.starts_with(b"/*"),
                    "{path} is encoded"
                );
            }
        }
    }
    // The compressed stylesheet is much smaller than the plain one.
    let plain = client
        .get(site.url(&css))
        .header(ACCEPT_ENCODING, "identity")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let brotli = client
        .get(site.url(&css))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(
        brotli.len() * 2 < plain.len(),
        "{} of {}",
        brotli.len(),
        plain.len()
    );
}
