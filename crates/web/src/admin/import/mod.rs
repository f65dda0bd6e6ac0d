//! `/admin/import`: organisations and people from a CSV or XLSX file. The upload shows what
//! would be created or changed (matched by name or email) with every row's problems; only a
//! file without problems can be confirmed, and then all rows are written in one transaction.

mod confirm;
mod plan;
mod preview;
mod rows;

use crate::site::Site;
use std::collections::HashMap;

use askama::Template;
use axum::body::{Bytes, to_bytes};
use axum::extract::{RawQuery, Request};
use axum::http::StatusCode;
use axum::response::Response;

use crate::admin::export::{Table, csv_response, xlsx_response};
use crate::admin::refuse_non_office;
use crate::error::WebError;
use crate::pages::{Frame, message_page, render};
use crate::visitor::Visitor;

pub use confirm::confirm;
pub use plan::PlannedRow;
pub use preview::preview;

/// The largest file (and confirmation) an import takes.
pub const IMPORT_LIMIT: usize = 4 * 1024 * 1024;

/// The columns of an organisations file.
pub const ORGANISATION_COLUMNS: &[&str] = &[
    "name.de",
    "name.en",
    "short_name",
    "kind",
    "country",
    "city",
    "website",
    "access",
];

/// The columns of a people file.
pub const PERSON_COLUMNS: &[&str] = &[
    "title",
    "given_name",
    "family_name",
    "email",
    "phone",
    "organisation",
    "function.de",
    "function.en",
    "language",
    "access",
];

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// Organisations, matched by name.
    Organisations,
    /// People, matched by email.
    People,
}

impl What {
    fn parse(name: &str) -> Option<Self> {
        match name {
            "organisations" => Some(What::Organisations),
            "people" => Some(What::People),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            What::Organisations => "organisations",
            What::People => "people",
        }
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            What::Organisations => ORGANISATION_COLUMNS,
            What::People => PERSON_COLUMNS,
        }
    }
}

/// The import page: the upload forms, and after an upload the preview.
#[derive(Template)]
#[template(path = "admin/import.html")]
pub struct ImportPage {
    frame: Frame,
    what: String,
    file_error: Option<String>,
    rows: Vec<PlannedRow>,
    has_errors: bool,
    creates: usize,
    updates: usize,
    payload: String,
    done: Option<String>,
}

impl ImportPage {
    fn new(visitor: &Visitor) -> Self {
        Self {
            frame: visitor.frame(),
            what: String::new(),
            file_error: None,
            rows: Vec::new(),
            has_errors: false,
            creates: 0,
            updates: 0,
            payload: String::new(),
            done: None,
        }
    }
}

/// Reads the request body up to the import limit, or answers why not.
async fn body_of(visitor: &Visitor, request: Request) -> Result<Bytes, Response> {
    match to_bytes(request.into_body(), IMPORT_LIMIT).await {
        Ok(bytes) => Ok(bytes),
        Err(_) => Err(message_page(
            visitor,
            StatusCode::PAYLOAD_TOO_LARGE,
            "bo-import-title",
            visitor.t().get("bo-import-too-large"),
        )),
    }
}

/// The import page (office only).
pub async fn show(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    if let Some(response) = refuse_non_office(&state, &visitor, "/admin/import") {
        return Ok(response);
    }
    Ok(render(&ImportPage::new(&visitor)))
}

/// Downloads an empty file with the expected columns (`?kind=people&format=xlsx`).
pub async fn template(
    state: Site,
    visitor: Visitor,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    if let Some(response) = refuse_non_office(&state, &visitor, "/admin/import") {
        return Ok(response);
    }
    let params: HashMap<String, String> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let Some(what) = params.get("kind").and_then(|k| What::parse(k)) else {
        return Ok(message_page(
            &visitor,
            StatusCode::BAD_REQUEST,
            "bo-bad-request",
            format!("kind: {}", visitor.t().get("bo-import-what")),
        ));
    };
    let table = Table {
        header: what.columns().iter().map(|c| (*c).to_owned()).collect(),
        rows: Vec::new(),
    };
    let name = format!("urbis-import-{}", what.name());
    Ok(match params.get("format").map(String::as_str) {
        Some("xlsx") => xlsx_response(&table, &name),
        Some("csv") | None => csv_response(&table, &name),
        Some(other) => message_page(
            &visitor,
            StatusCode::BAD_REQUEST,
            "bo-bad-request",
            format!("format: „{other}“ – {}", visitor.t().get("bo-bad-format")),
        ),
    })
}
