//! An uploaded file read and planned: the preview of what importing it would do.

use crate::site::Site;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use urbis_domain::network::{Organisation, Person};

use crate::admin::export::{Table, csv_bytes};
use crate::admin::refuse_non_office;
use crate::admin::sheet::{self, Sheet};
use crate::error::WebError;
use crate::pages::render;
use crate::visitor::Visitor;

use super::plan::{plan_organisations, plan_people};
use super::rows::check_header;
use super::{ImportPage, What, body_of};

/// Plans an import of `sheet` and fills the page with the preview.
pub(super) async fn preview_page(
    state: &Site,
    visitor: &Visitor,
    what: What,
    sheet: &Sheet,
) -> Result<(ImportPage, Option<Planned>), WebError> {
    let t = visitor.t();
    let mut page = ImportPage::new(visitor);
    page.what = what.name().to_owned();
    if let Err(problem) = check_header(sheet, what, &t) {
        page.file_error = Some(problem);
        return Ok((page, None));
    }
    let (rows, planned) = match what {
        What::Organisations => {
            let plan = plan_organisations(state, &visitor.viewer, sheet, &t).await?;
            let ok = !plan.has_errors();
            (
                plan.rows,
                ok.then_some(Planned::Organisations(plan.new, plan.changed)),
            )
        }
        What::People => {
            let plan = plan_people(state, &visitor.viewer, sheet, &t).await?;
            let ok = !plan.has_errors();
            (
                plan.rows,
                ok.then_some(Planned::People(plan.new, plan.changed)),
            )
        }
    };
    page.has_errors = rows.iter().any(|r| !r.errors.is_empty());
    page.creates = rows.iter().filter(|r| !r.update).count();
    page.updates = rows.iter().filter(|r| r.update).count();
    page.rows = rows;
    if rows_empty(&page) {
        page.file_error = Some(t.get("bo-import-no-rows"));
        return Ok((page, None));
    }
    let table = Table {
        header: sheet.header.clone(),
        rows: sheet.rows.clone(),
    };
    page.payload = csv_bytes(&table)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    Ok((page, planned))
}

fn rows_empty(page: &ImportPage) -> bool {
    page.rows.is_empty()
}

/// The records an import without problems writes.
pub(super) enum Planned {
    Organisations(Vec<Organisation>, Vec<Organisation>),
    People(Vec<Person>, Vec<Person>),
}

/// Reads an uploaded file and shows what importing it would do (office only).
pub async fn preview(
    state: Site,
    visitor: Visitor,
    request: Request,
) -> Result<Response, WebError> {
    if let Some(response) = refuse_non_office(&state, &visitor, "/admin/import") {
        return Ok(response);
    }
    let t = visitor.t();
    let content_type = request.headers().get(header::CONTENT_TYPE).cloned();
    let bytes = match body_of(&visitor, request).await {
        Ok(read) => read,
        Err(response) => return Ok(response),
    };
    let mut rebuilt = Request::new(Body::from(bytes));
    if let Some(content_type) = content_type {
        rebuilt
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
    }
    let mut page = ImportPage::new(&visitor);
    let Ok(mut multipart) = Multipart::from_request(rebuilt, &state).await else {
        page.file_error = Some(t.get("bo-import-no-file"));
        return Ok((StatusCode::BAD_REQUEST, render(&page)).into_response());
    };
    let mut what = None;
    let mut file: Option<Bytes> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("kind") => what = field.text().await.ok().and_then(|k| What::parse(&k)),
                Some("file") => file = field.bytes().await.ok(),
                _ => {}
            },
            Ok(None) => break,
            Err(_) => {
                page.file_error = Some(t.get("bo-import-no-file"));
                return Ok((StatusCode::BAD_REQUEST, render(&page)).into_response());
            }
        }
    }
    let Some(what) = what else {
        page.file_error = Some(t.get("bo-import-what"));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    };
    page.what = what.name().to_owned();
    let file = match file {
        Some(file) if !file.is_empty() => file,
        _ => {
            page.file_error = Some(t.get("bo-import-no-file"));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
        }
    };
    let sheet = match sheet::read(&file) {
        Ok(sheet) => sheet,
        Err(error) => {
            page.file_error = Some(error.to_string());
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
        }
    };
    let (page, planned) = preview_page(&state, &visitor, what, &sheet).await?;
    let status = if planned.is_some() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(&page)).into_response())
}
