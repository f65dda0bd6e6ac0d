//! Stored files, handed out only through the access policy: the record that holds a file must
//! be visible to the visitor, else the answer is "not found" and not one byte of the file.

use crate::site::Site;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use urbis_domain::knowledge::{Collection, Entry, StoredFile};
use urbis_domain::portal::Publication;

use crate::error::WebError;
use crate::home::visible;
use crate::visitor::Visitor;

/// A file download: the type the upload check found, always as an attachment, never sniffed,
/// never cached by anyone but the reader.
async fn serve(state: &Site, file: &StoredFile) -> Result<Response, WebError> {
    let bytes = match state.files.get(&file.key).await {
        Ok(bytes) => bytes,
        Err(urbis_files::FileError::NotFound(key)) => {
            tracing::error!(key, "a record names a file that is not stored");
            return Err(WebError::NotFound);
        }
        Err(error) => return Err(WebError::Files(error.to_string())),
    };
    let ascii: String = file
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = percent_encode(&file.name);
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&file.media_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The file of a collection entry (GET `/files/entries/{id}`): the entry and its collection
/// must both be visible.
pub async fn entry_file(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let entry: Entry = visible(&state, &visitor.viewer, &id).await?;
    let _collection: Collection =
        visible(&state, &visitor.viewer, entry.collection.as_str()).await?;
    let file = entry.file.as_ref().ok_or(WebError::NotFound)?;
    serve(&state, file).await
}

/// The file of a publication (GET `/files/publications/{id}`), when the publication is visible.
pub async fn publication_file(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let publication: Publication = visible(&state, &visitor.viewer, &id).await?;
    let file = publication.file.as_ref().ok_or(WebError::NotFound)?;
    serve(&state, file).await
}
