//! A previewed file written: planned again against what is stored now, all rows in one
//! transaction.

use crate::site::Site;
use std::collections::HashMap;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use urbis_app::AppError;

use crate::admin::{refuse_non_office, sheet};
use crate::error::WebError;
use crate::pages::render;
use crate::visitor::Visitor;

use super::preview::{Planned, preview_page};
use super::{ImportPage, What, body_of};

/// Writes a previewed file: checks it again against what is stored now and writes every row
/// in one transaction, or nothing.
pub async fn confirm(
    state: Site,
    visitor: Visitor,
    request: Request,
) -> Result<Response, WebError> {
    if let Some(response) = refuse_non_office(&state, &visitor, "/admin/import") {
        return Ok(response);
    }
    let t = visitor.t();
    let bytes = match body_of(&visitor, request).await {
        Ok(read) => read,
        Err(response) => return Ok(response),
    };
    let form: HashMap<String, String> = form_urlencoded::parse(&bytes).into_owned().collect();
    let Some(what) = form.get("kind").and_then(|k| What::parse(k)) else {
        let mut page = ImportPage::new(&visitor);
        page.file_error = Some(t.get("bo-import-what"));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    };
    let payload = form.get("payload").map(String::as_str).unwrap_or_default();
    let sheet = match sheet::read(payload.as_bytes()) {
        Ok(sheet) => sheet,
        Err(error) => {
            let mut page = ImportPage::new(&visitor);
            page.file_error = Some(error.to_string());
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
        }
    };
    let (mut page, planned) = preview_page(&state, &visitor, what, &sheet).await?;
    let Some(planned) = planned else {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    };
    let app = state.app.acting_as(visitor.user.as_ref().map(|u| &u.id));
    let written = match planned {
        Planned::Organisations(new, mut changed) => {
            urbis_app::records::save_all(&app, &new, &mut changed).await
        }
        Planned::People(new, mut changed) => {
            urbis_app::records::save_all(&app, &new, &mut changed).await
        }
    };
    match written {
        Ok(()) => {
            page.done = Some(format!(
                "{} {} · {} {}",
                t.get("bo-import-created"),
                page.creates,
                t.get("bo-import-updated"),
                page.updates
            ));
            page.payload.clear();
            Ok(render(&page))
        }
        Err(AppError::Invalid(problems)) => {
            page.file_error = Some(
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field, p.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            page.payload.clear();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(AppError::Conflict { field, message }) => {
            page.file_error = Some(format!("{field}: {message}"));
            page.payload.clear();
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
