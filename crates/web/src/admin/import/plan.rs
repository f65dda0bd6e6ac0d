//! What an import would do: each row matched with a stored organisation (by name) or person
//! (by email), to be created or changed, with its problems.

use crate::site::Site;
use std::collections::HashMap;

use serde_json::Value;
use urbis_domain::Kind;
use urbis_domain::network::{Organisation, OrganisationKind, Person};

use crate::admin::data;
use crate::admin::labels::text_in;
use crate::admin::sheet::Sheet;
use crate::error::WebError;

use super::rows::{build, cells, column_of, is_blank, key, put, row_error};
use super::{ORGANISATION_COLUMNS, PERSON_COLUMNS};

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

    /// True when any row has a problem: then nothing may be written.
    pub(super) fn has_errors(&self) -> bool {
        self.rows.iter().any(|r| !r.errors.is_empty())
    }
}

/// Plans an organisations file: each row matched with a stored organisation by any of its names.
pub(super) async fn plan_organisations(
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
                && OrganisationKind::parse(cell.trim()).is_none()
            {
                errors.push(row_error(
                    t,
                    line,
                    column,
                    &format!(
                        "„{}“ – {} {}",
                        cell.trim(),
                        t.get("bo-import-one-of"),
                        OrganisationKind::NAMES.join(", ")
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

/// Plans a people file: each row matched by its email address.
pub(super) async fn plan_people(
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
