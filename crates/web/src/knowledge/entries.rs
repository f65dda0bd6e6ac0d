//! Adding an entry to a collection (a form with an optional file, sent as multipart) and the
//! office's curation of entries.

use crate::site::Site;
use std::collections::HashMap;

use axum::body::to_bytes;
use axum::extract::{Path, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::StreamExt;
use urbis_app::AppError;
use urbis_app::knowledge::{self, Curation, NewEntry, Upload};
use urbis_domain::knowledge::Entry;

use super::board::{self, EntryForm};
use crate::context::FORM_LIMIT;
use crate::error::WebError;
use crate::home::visible;
use crate::pages::message_page;
use crate::visitor::Visitor;

/// What a form sent: its text fields and at most one file.
#[derive(Debug, Default)]
struct Sent {
    fields: HashMap<String, String>,
    upload: Option<Upload>,
    /// The file was larger than the limit (its bytes were dropped).
    too_large: bool,
}

impl Sent {
    fn get(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

/// Why a body could not be read.
enum Unreadable {
    /// Larger than even the upload route takes.
    TooLarge,
    /// Not a form at all.
    Malformed,
}

/// Reads a form: multipart (with a file, counted against `max_file` while it streams in; a
/// larger file is read to its end and dropped, so the browser gets the answer) or urlencoded.
async fn read_form(request: Request, max_file: u64) -> Result<Sent, Unreadable> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = request.into_body();
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let bytes = to_bytes(body, FORM_LIMIT)
            .await
            .map_err(|_| Unreadable::TooLarge)?;
        let fields = form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        return Ok(Sent {
            fields,
            ..Sent::default()
        });
    }
    let boundary = multer::parse_boundary(&content_type).map_err(|_| Unreadable::Malformed)?;
    // The whole body may be twice the file limit (a file over the limit is still read to its
    // end, so that the browser hears why); beyond that the connection is cut.
    let hard_limit = max_file.saturating_mul(2).saturating_add(FORM_LIMIT as u64);
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(hard_limit)
            .per_field(hard_limit),
    );
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let mut sent = Sent::default();
    let fail = |e: multer::Error| match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            Unreadable::TooLarge
        }
        _ => Unreadable::Malformed,
    };
    while let Some(mut field) = multipart.next_field().await.map_err(fail)? {
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(file_name) = field.file_name().map(str::to_owned) {
            if name != "file" || sent.upload.is_some() {
                while field.chunk().await.map_err(fail)?.is_some() {}
                continue;
            }
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(fail)? {
                if sent.too_large || (bytes.len() + chunk.len()) as u64 > max_file {
                    sent.too_large = true;
                    bytes = Vec::new();
                    continue;
                }
                bytes.extend_from_slice(&chunk);
            }
            let nothing_chosen = file_name.is_empty() && bytes.is_empty();
            if !(sent.too_large || nothing_chosen) {
                sent.upload = Some(Upload {
                    name: file_name,
                    bytes,
                });
            }
        } else {
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(fail)? {
                if text.len() + chunk.len() > FORM_LIMIT {
                    return Err(Unreadable::TooLarge);
                }
                text.extend_from_slice(&chunk);
            }
            sent.fields
                .insert(name, String::from_utf8_lossy(&text).into_owned());
        }
    }
    Ok(sent)
}

/// Adds an entry (POST, multipart or urlencoded): on success back to the board at the new
/// entry; on a problem the board again with the form filled in and each message beside its
/// field, and nothing stored.
pub async fn add(
    state: Site,
    visitor: Visitor,
    Path(slug): Path<String>,
    request: Request,
) -> Result<Response, WebError> {
    let collection = match board::find(&state, &visitor, &slug).await? {
        Ok(c) => c,
        Err(redirect) => {
            drain(request).await;
            return Ok(redirect);
        }
    };
    let t = visitor.t();
    let max = state.files.max_size();
    let sent = match read_form(request, max).await {
        Ok(sent) => sent,
        Err(Unreadable::TooLarge) => {
            return Ok(message_page(
                &visitor,
                StatusCode::PAYLOAD_TOO_LARGE,
                "knowledge-add-title",
                t.args(
                    "knowledge-file-too-large",
                    &[("limit", &(max / (1024 * 1024)).to_string())],
                ),
            ));
        }
        Err(Unreadable::Malformed) => {
            return Ok(message_page(
                &visitor,
                StatusCode::BAD_REQUEST,
                "knowledge-add-title",
                t.get("knowledge-error-form"),
            ));
        }
    };
    let values = NewEntry {
        kind: sent.get("kind"),
        section: sent.get("section"),
        title: sent.get("title"),
        body: sent.get("body"),
        url: sent.get("url"),
        reference: sent.get("reference"),
    };
    if sent.too_large {
        let mut form = EntryForm {
            values,
            errors: HashMap::new(),
        };
        form.errors.insert(
            "file".into(),
            t.args(
                "knowledge-file-too-large",
                &[("limit", &(max / (1024 * 1024)).to_string())],
            ),
        );
        return board::with_problems(
            &state,
            &visitor,
            collection,
            form,
            StatusCode::PAYLOAD_TOO_LARGE,
        )
        .await;
    }
    let author = visitor.user.as_ref().and_then(|u| u.person.clone());
    let done = knowledge::add_entry(
        &state.app,
        &state.files,
        &visitor.viewer,
        author.as_ref(),
        &collection,
        &values,
        sent.upload,
        visitor.lang(),
    )
    .await;
    match done {
        Ok(entry) => Ok(Redirect::to(&format!(
            "/collections/{}#entry-{}",
            collection.slug, entry.id
        ))
        .into_response()),
        Err(AppError::Invalid(problems)) => {
            let mut form = EntryForm {
                values,
                errors: HashMap::new(),
            };
            for p in problems {
                form.errors
                    .entry(form_field(&p.field))
                    .and_modify(|m| {
                        m.push_str("; ");
                        m.push_str(&p.message);
                    })
                    .or_insert(p.message);
            }
            board::with_problems(
                &state,
                &visitor,
                collection,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Forbidden) => Err(WebError::Forbidden),
        Err(other) => Err(other.into()),
    }
}

/// Reads a body to its end (bounded), so that the browser hears the answer.
async fn drain(request: Request) {
    let mut stream = request.into_body().into_data_stream();
    let mut read = 0usize;
    while let Some(Ok(chunk)) = stream.next().await {
        read += chunk.len();
        if read > 64 * 1024 * 1024 {
            break;
        }
    }
}

/// What the curation form sends.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CurateForm {
    action: String,
    section: String,
}

/// Curates an entry (POST, the office only): move, pin, unpin, archive, unarchive, delete.
pub async fn curate(
    state: Site,
    visitor: Visitor,
    Path((slug, id)): Path<(String, String)>,
    axum::Form(form): axum::Form<CurateForm>,
) -> Result<Response, WebError> {
    let collection = match board::find(&state, &visitor, &slug).await? {
        Ok(c) => c,
        Err(redirect) => return Ok(redirect),
    };
    if !visitor.viewer.may_edit(&collection) {
        return Err(WebError::Forbidden);
    }
    let entry: Entry = visible(&state, &visitor.viewer, &id).await?;
    if entry.collection != collection.id {
        return Err(WebError::NotFound);
    }
    let t = visitor.t();
    let action = match form.action.as_str() {
        "move" => Curation::Move(form.section.clone()),
        "pin" => Curation::Pin,
        "unpin" => Curation::Unpin,
        "archive" => Curation::Archive,
        "unarchive" => Curation::Unarchive,
        "delete" => Curation::Delete,
        _ => {
            return Ok(message_page(
                &visitor,
                StatusCode::BAD_REQUEST,
                "knowledge-curate-title",
                t.get("knowledge-error-action"),
            ));
        }
    };
    let back = if matches!(action, Curation::Unarchive) {
        format!("/collections/{}?archived=1", collection.slug)
    } else {
        format!("/collections/{}#entry-{}", collection.slug, entry.id)
    };
    match knowledge::curate(
        &state.app,
        &state.files,
        &visitor.viewer,
        &collection,
        entry,
        action,
        visitor.lang(),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&back).into_response()),
        Err(AppError::Invalid(problems)) => Ok(message_page(
            &visitor,
            StatusCode::UNPROCESSABLE_ENTITY,
            "knowledge-curate-title",
            problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        )),
        Err(AppError::Forbidden) => Err(WebError::Forbidden),
        Err(other) => Err(other.into()),
    }
}

/// What the follow form sends.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct FollowForm {
    follow: String,
}

/// Follows or stops following a collection (POST): the weekly digest goes to followers.
pub async fn follow(
    state: Site,
    visitor: Visitor,
    Path(slug): Path<String>,
    axum::Form(form): axum::Form<FollowForm>,
) -> Result<Response, WebError> {
    let collection = match board::find(&state, &visitor, &slug).await? {
        Ok(c) => c,
        Err(redirect) => return Ok(redirect),
    };
    let Some(user) = visitor.user.as_ref() else {
        return Ok(board::login(&slug));
    };
    urbis_app::knowledge::board::set_following(
        &state.app,
        &user.id,
        &collection.id,
        form.follow == "yes",
        jiff::Timestamp::now(),
    )
    .await?;
    Ok(Redirect::to(&format!("/collections/{}", collection.slug)).into_response())
}

/// The inputs of the add-entry form that show their own message.
const FORM_FIELDS: [&str; 7] = [
    "title",
    "body",
    "url",
    "file",
    "kind",
    "reference",
    "section",
];

/// Where the board shows a problem: beside the input its path starts with (one input per text
/// or file, so `title.de` and `file.name` are `title` and `file`), or above the form when no
/// input matches, so that no message is lost.
fn form_field(path: &str) -> String {
    let field = path.split(['.', '[']).next().unwrap_or_default();
    if FORM_FIELDS.contains(&field) {
        field.to_owned()
    } else {
        "form".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::form_field;

    #[test]
    fn problems_land_beside_their_input_or_above_the_form() {
        assert_eq!(form_field("title.de"), "title");
        assert_eq!(form_field("body.en"), "body");
        assert_eq!(form_field("url"), "url");
        assert_eq!(form_field("file.name"), "file");
        assert_eq!(form_field("topics"), "form");
        assert_eq!(form_field(""), "form");
    }
}
