//! The stylesheet and script, embedded in the binary and served under names that carry a hash
//! of their bytes: a browser may keep them for a year, and a new release changes the name.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::WebError;

/// The path every asset is served under.
pub const PREFIX: &str = "/assets/";

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// The address templates link to: `/assets/site.3f2a9c1b.css`.
    pub url: String,
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// The bytes.
    pub bytes: &'static [u8],
}

impl Asset {
    fn new(name: &str, content_type: &'static str, bytes: &'static [u8]) -> Self {
        let digest = Sha256::digest(bytes);
        let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        Self {
            url: format!("{PREFIX}{stem}.{hash}.{ext}"),
            content_type,
            bytes,
        }
    }
}

/// The stylesheet every page links.
pub static STYLESHEET: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "site.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/site.css"),
    )
});

/// The small script that enhances pages (every page works without it).
pub static SCRIPT: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "site.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/site.js"),
    )
});

/// Finds an asset by its hashed file name.
pub fn find(file: &str) -> Option<&'static Asset> {
    [&*STYLESHEET, &*SCRIPT]
        .into_iter()
        .find(|asset| asset.url.strip_prefix(PREFIX) == Some(file))
}

/// Serves an asset with a year-long, immutable cache lifetime; any other name is not found.
pub async fn serve(Path(file): Path<String>) -> Result<Response, WebError> {
    let asset = find(&file).ok_or(WebError::NotFound)?;
    let mut response = asset.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_hash_of_the_bytes() {
        let css = &*STYLESHEET;
        assert!(css.url.starts_with("/assets/site."), "{}", css.url);
        assert!(
            std::path::Path::new(&css.url)
                .extension()
                .is_some_and(|e| e == "css")
        );
        assert_eq!(css.url.len(), "/assets/site.12345678.css".len());
        assert!(find(css.url.trim_start_matches(PREFIX)).is_some());
        assert!(find("site.css").is_none());
        assert!(find("site.00000000.css").is_none());
        assert_ne!(STYLESHEET.url, SCRIPT.url);
    }
}
