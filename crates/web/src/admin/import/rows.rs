//! The rows of a sheet read into records: the header checked, cells put into the record's
//! JSON, problems named by row and column.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use urbis_domain::{Id, Record};

use crate::admin::sheet::Sheet;

use super::What;

/// A name or email as rows and stored records are matched by: trimmed, lower case.
pub(super) fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The column a problem's field path belongs to (`name` → `name.de`, `function.en` stays).
pub(super) fn column_of(path: &str, columns: &[&str]) -> String {
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

/// A problem as the preview shows it: "row 7, column email: …".
pub(super) fn row_error(t: &crate::i18n::Tr, line: usize, column: &str, message: &str) -> String {
    format!(
        "{} {line}, {} {column}: {message}",
        t.get("bo-import-row"),
        t.get("bo-import-column")
    )
}

/// A record from its JSON with the forum set and its rules checked; problems by field path.
pub(super) fn build<R: Record + DeserializeOwned>(
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
pub(super) fn put(object: &mut Map<String, Value>, column: &str, cell: &str) {
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
pub(super) fn check_header(sheet: &Sheet, what: What, t: &crate::i18n::Tr) -> Result<(), String> {
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

/// The cells of a row with their column names, in header order.
pub(super) fn cells<'a>(
    sheet: &'a Sheet,
    row: &'a [String],
) -> impl Iterator<Item = (&'a str, &'a str)> {
    sheet
        .header
        .iter()
        .zip(row.iter())
        .filter(|(h, _)| !h.is_empty())
        .map(|(h, c)| (h.as_str(), c.as_str()))
}

/// True for a row without any text (skipped, as spreadsheets leave them).
pub(super) fn is_blank(row: &[String]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}
