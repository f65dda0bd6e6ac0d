//! `/admin/import`: organisations and people from a CSV or XLSX file. The upload shows what
//! would be created or changed (matched by name or email) with every row's problems; only a
//! file without problems can be confirmed, and then all rows are written in one transaction.

use crate::site::Site;
use std::collections::HashMap;

use askama::Template;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{FromRequest, Multipart, RawQuery, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use urbis_app::AppError;
use urbis_domain::network::{Organisation, Person};
use urbis_domain::{Id, Kind, Record};

use super::export::{Table, csv_bytes, csv_response, xlsx_response};
use super::fields::network::ORGANISATION_KINDS;
use super::labels::text_in;
use super::sheet::{self, Sheet};
use super::{data, message, refuse_non_office};
use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

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

/// One row of the preview.
#[derive(Debug, Clone)]
pub struct PlannedRow {
    /// The row number in the file (the header is row 1).
    pub line: usize,
    /// True when a stored record is changed, false when one is created.
    pub update: bool,
    /// The record's name.
    pub label: String,
    /// Problems, each as "row 7, column email: …".
    pub errors: Vec<String>,
}

/// What an import would do.
#[derive(Debug)]
pub struct Plan<R> {
    /// The rows as the preview shows them.
    pub rows: Vec<PlannedRow>,
    /// Records to create.
    pub new: Vec<R>,
    /// Stored records to change.
    pub changed: Vec<R>,
}

impl<R> Plan<R> {
    fn new() -> Self {
        Self {
            rows: Vec::new(),
            new: Vec::new(),
            changed: Vec::new(),
        }
    }

    fn has_errors(&self) -> bool {
        self.rows.iter().any(|r| !r.errors.is_empty())
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

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The column a problem's field path belongs to (`name` → `name.de`, `function.en` stays).
fn column_of(path: &str, columns: &[&str]) -> String {
    if columns.contains(&path) {
        return path.to_owned();
    }
    let first = path.split(['.', '[']).next().unwrap_or_default();
    if columns.contains(&first) {
        return first.to_owned();
    }
    let german = format!("{first}.de");
    if columns.contains(&german.as_str()) {
        return german;
    }
    path.to_owned()
}

fn row_error(t: &crate::i18n::Tr, line: usize, column: &str, message: &str) -> String {
    format!(
        "{} {line}, {} {column}: {message}",
        t.get("bo-import-row"),
        t.get("bo-import-column")
    )
}

/// A record from its JSON with the forum set and its rules checked; problems by field path.
fn build<R: Record + DeserializeOwned>(
    object: Map<String, Value>,
    forum: &Id,
) -> Result<R, Vec<(String, String)>> {
    let mut record: R = serde_path_to_error::deserialize(Value::Object(object))
        .map_err(|e| vec![(e.path().to_string(), e.into_inner().to_string())])?;
    record.set_forum(forum.clone());
    record.check().map_err(|problems| {
        problems
            .iter()
            .map(|p| (p.field.clone(), p.message.clone()))
            .collect::<Vec<_>>()
    })?;
    Ok(record)
}

/// Puts a cell into a record's JSON: texts into their language, empty cells change nothing.
fn put(object: &mut Map<String, Value>, column: &str, cell: &str) {
    let cell = cell.trim();
    if cell.is_empty() {
        return;
    }
    match column.split_once('.') {
        Some((field, lang)) => {
            let text = object
                .entry(field.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::String(plain) = text {
                let mut map = Map::new();
                map.insert("de".into(), Value::from(plain.clone()));
                *text = Value::Object(map);
            }
            if let Value::Object(map) = text {
                map.insert(lang.to_owned(), Value::from(cell));
                if !map.contains_key("original") {
                    map.insert("original".into(), Value::from(lang));
                }
            }
        }
        None => {
            object.insert(column.to_owned(), Value::from(cell));
        }
    }
}

/// Checks the header: every column known, and the column records are matched by.
fn check_header(sheet: &Sheet, what: What, t: &crate::i18n::Tr) -> Result<(), String> {
    let columns = what.columns();
    for (i, name) in sheet.header.iter().enumerate() {
        if !name.is_empty() && !columns.contains(&name.as_str()) {
            return Err(format!(
                "{} {}: „{name}“ – {} {}",
                t.get("bo-import-column"),
                i + 1,
                t.get("bo-import-unknown-column"),
                columns.join(", ")
            ));
        }
    }
    let needed: &[&str] = match what {
        What::Organisations => &["name.de", "name.en"],
        What::People => &["family_name"],
    };
    if !needed.iter().any(|n| sheet.header.iter().any(|h| h == n)) {
        return Err(format!(
            "{} {}",
            t.get("bo-import-missing-column"),
            needed.join(" / ")
        ));
    }
    Ok(())
}

fn cells<'a>(sheet: &'a Sheet, row: &'a [String]) -> impl Iterator<Item = (&'a str, &'a str)> {
    sheet
        .header
        .iter()
        .zip(row.iter())
        .filter(|(h, _)| !h.is_empty())
        .map(|(h, c)| (h.as_str(), c.as_str()))
}

fn is_blank(row: &[String]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

async fn plan_organisations(
    state: &Site,
    viewer: &urbis_domain::Viewer,
    sheet: &Sheet,
    t: &crate::i18n::Tr,
) -> Result<Plan<Organisation>, WebError> {
    let stored = data::list(&state.app, viewer, &state.forum, Kind::Organisation).await?;
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, org) in stored.iter().enumerate() {
        if let Some(Value::Object(name)) = org.get("name") {
            for (lang, text) in name {
                if lang != "original"
                    && let Some(text) = text.as_str()
                {
                    by_name.entry(key(text)).or_insert(i);
                }
            }
        } else if let Some(Value::String(name)) = org.get("name") {
            by_name.entry(key(name)).or_insert(i);
        }
    }
    let mut plan = Plan::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, row) in sheet.rows.iter().enumerate() {
        let line = n + 2;
        if is_blank(row) {
            continue;
        }
        let mut errors = Vec::new();
        let names: Vec<String> = cells(sheet, row)
            .filter(|(h, c)| h.starts_with("name.") && !c.trim().is_empty())
            .map(|(_, c)| key(c))
            .collect();
        let found = names.iter().find_map(|n| by_name.get(n).copied());
        for name in &names {
            if let Some(first) = seen.insert(name.clone(), line) {
                errors.push(row_error(
                    t,
                    line,
                    "name.de",
                    &format!("{} {first}", t.get("bo-import-same-as-row")),
                ));
                break;
            }
        }
        let mut object = found.map(|i| stored[i].clone()).unwrap_or_default();
        for (column, cell) in cells(sheet, row) {
            if column == "kind"
                && !cell.trim().is_empty()
                && !ORGANISATION_KINDS.contains(&cell.trim())
            {
                errors.push(row_error(
                    t,
                    line,
                    column,
                    &format!(
                        "„{}“ – {} {}",
                        cell.trim(),
                        t.get("bo-import-one-of"),
                        ORGANISATION_KINDS.join(", ")
                    ),
                ));
            }
            put(&mut object, column, cell);
        }
        let label = object
            .get("name")
            .map(|n| text_in(n, t.lang))
            .unwrap_or_default();
        if names.is_empty() {
            errors.push(row_error(t, line, "name.de", &t.get("bo-required")));
        }
        let record = if errors.is_empty() {
            match build::<Organisation>(object, &state.forum) {
                Ok(record) => Some(record),
                Err(problems) => {
                    errors.extend(problems.iter().map(|(path, message)| {
                        row_error(t, line, &column_of(path, ORGANISATION_COLUMNS), message)
                    }));
                    None
                }
            }
        } else {
            None
        };
        if let Some(record) = record {
            if found.is_some() {
                plan.changed.push(record);
            } else {
                plan.new.push(record);
            }
        }
        plan.rows.push(PlannedRow {
            line,
            update: found.is_some(),
            label,
            errors,
        });
    }
    Ok(plan)
}

async fn plan_people(
    state: &Site,
    viewer: &urbis_domain::Viewer,
    sheet: &Sheet,
    t: &crate::i18n::Tr,
) -> Result<Plan<Person>, WebError> {
    let stored = data::list(&state.app, viewer, &state.forum, Kind::Person).await?;
    let by_email: HashMap<String, usize> = stored
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.get("email").and_then(Value::as_str).map(|e| (key(e), i)))
        .collect();
    let organisations = data::list(&state.app, viewer, &state.forum, Kind::Organisation).await?;
    let mut org_by_name: HashMap<String, String> = HashMap::new();
    for org in &organisations {
        let id = org.get("id").and_then(Value::as_str).unwrap_or_default();
        match org.get("name") {
            Some(Value::Object(name)) => {
                for (lang, text) in name {
                    if lang != "original"
                        && let Some(text) = text.as_str()
                    {
                        org_by_name
                            .entry(key(text))
                            .or_insert_with(|| id.to_owned());
                    }
                }
            }
            Some(Value::String(name)) => {
                org_by_name
                    .entry(key(name))
                    .or_insert_with(|| id.to_owned());
            }
            _ => {}
        }
        if let Some(short) = org.get("short_name").and_then(Value::as_str) {
            org_by_name
                .entry(key(short))
                .or_insert_with(|| id.to_owned());
        }
    }
    let mut plan = Plan::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, row) in sheet.rows.iter().enumerate() {
        let line = n + 2;
        if is_blank(row) {
            continue;
        }
        let mut errors = Vec::new();
        let email = cells(sheet, row)
            .find(|(h, _)| *h == "email")
            .map(|(_, c)| key(c))
            .unwrap_or_default();
        let found = (!email.is_empty())
            .then(|| by_email.get(&email).copied())
            .flatten();
        if !email.is_empty()
            && let Some(first) = seen.insert(email.clone(), line)
        {
            errors.push(row_error(
                t,
                line,
                "email",
                &format!("{} {first}", t.get("bo-import-same-as-row")),
            ));
        }
        let mut object = found.map(|i| stored[i].clone()).unwrap_or_default();
        for (column, cell) in cells(sheet, row) {
            if column == "organisation" {
                let name = cell.trim();
                if name.is_empty() {
                    continue;
                }
                match org_by_name.get(&key(name)) {
                    Some(id) => {
                        object.insert("organisation".into(), Value::from(id.clone()));
                    }
                    None => errors.push(row_error(
                        t,
                        line,
                        column,
                        &format!("„{name}“ – {}", t.get("bo-import-no-organisation")),
                    )),
                }
            } else {
                put(&mut object, column, cell);
            }
        }
        let label = [
            object
                .get("given_name")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            object
                .get("family_name")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        ]
        .join(" ")
        .trim()
        .to_owned();
        if object.get("given_name").is_none() {
            object.insert("given_name".into(), Value::from(""));
        }
        if object.get("family_name").is_none() {
            object.insert("family_name".into(), Value::from(""));
        }
        let record = if errors.is_empty() {
            match build::<Person>(object, &state.forum) {
                Ok(record) => Some(record),
                Err(problems) => {
                    errors.extend(problems.iter().map(|(path, message)| {
                        row_error(t, line, &column_of(path, PERSON_COLUMNS), message)
                    }));
                    None
                }
            }
        } else {
            None
        };
        if let Some(record) = record {
            if found.is_some() {
                plan.changed.push(record);
            } else {
                plan.new.push(record);
            }
        }
        plan.rows.push(PlannedRow {
            line,
            update: found.is_some(),
            label,
            errors,
        });
    }
    Ok(plan)
}

/// Reads the request body up to the import limit, or answers why not.
async fn body_of(visitor: &Visitor, request: Request) -> Result<Bytes, Response> {
    match to_bytes(request.into_body(), IMPORT_LIMIT).await {
        Ok(bytes) => Ok(bytes),
        Err(_) => Err(message(
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
        return Ok(message(
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
        Some(other) => message(
            &visitor,
            StatusCode::BAD_REQUEST,
            "bo-bad-request",
            format!("format: „{other}“ – {}", visitor.t().get("bo-bad-format")),
        ),
    })
}

/// Plans an import of `sheet` and fills the page with the preview.
async fn preview_page(
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
enum Planned {
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
