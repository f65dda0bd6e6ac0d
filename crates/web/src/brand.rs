//! The forum's own look: its colour as a stylesheet (the content security policy allows no
//! inline style) and its logo, both for the forum the request addresses.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::site::Site;

/// Serves `colours.css` (the forum's primary colour as the `--brand` custom property) or
/// `logo`; a forum without either has none (404).
pub async fn serve(site: Site, Path(file): Path<String>) -> Result<Response, WebError> {
    let (content_type, body): (HeaderValue, Vec<u8>) = match file.as_str() {
        "colours.css" => {
            let colour = site.info.colour.as_deref().ok_or(WebError::NotFound)?;
            (
                HeaderValue::from_static("text/css; charset=utf-8"),
                format!(":root {{ --brand: {colour}; }}\n").into_bytes(),
            )
        }
        "logo" => {
            let (content_type, bytes) = site.info.logo.as_ref().ok_or(WebError::NotFound)?;
            (HeaderValue::from_static(content_type), bytes.clone())
        }
        _ => return Err(WebError::NotFound),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(response)
}
