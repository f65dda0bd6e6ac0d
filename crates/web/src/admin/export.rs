//! Lists as files: every field of the records as columns with a header row, as CSV (UTF-8)
//! or as an Excel workbook.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use urbis_domain::Lang;

use super::fields::{Input, Spec};
use super::form::Options;
use super::list::cell;
use crate::i18n::Tr;

/// A table to download: the header row and the rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names: the records' field names (`title.de` for each language of a text).
    pub header: Vec<String>,
    /// One row per record.
    pub rows: Vec<Vec<String>>,
}

/// The languages any record's text fields use, German and English always.
fn languages(spec: &Spec, records: &[Map<String, Value>]) -> Vec<Lang> {
    Lang::ALL
        .iter()
        .copied()
        .filter(|lang| {
            matches!(lang, Lang::De | Lang::En)
                || records.iter().any(|r| {
                    spec.fields.iter().any(|f| {
                        matches!(f.input, Input::Text | Input::LongText)
                            && r.get(f.name).and_then(|v| v.get(lang.code())).is_some()
                    })
                })
        })
        .collect()
}

/// The records as a table: `id`, every field of the kind, `created`, `updated`. Texts get a
/// column per language, references the names of the records they point to, nested lists a
/// compact JSON.
pub fn table(spec: &Spec, records: &[Map<String, Value>], options: &Options, t: &Tr) -> Table {
    let langs = languages(spec, records);
    let mut header = vec!["id".to_owned()];
    for field in spec.fields {
        match field.input {
            Input::Text | Input::LongText => {
                header.extend(langs.iter().map(|l| format!("{}.{}", field.name, l.code())));
            }
            _ => header.push(field.name.to_owned()),
        }
    }
    header.extend(["created".to_owned(), "updated".to_owned()]);
    let rows = records
        .iter()
        .map(|record| {
            let get = |name: &str| record.get(name).unwrap_or(&Value::Null);
            let mut row = vec![get("id").as_str().unwrap_or_default().to_owned()];
            for field in spec.fields {
                let value = get(field.name);
                match field.input {
                    Input::Text | Input::LongText => row.extend(langs.iter().map(|l| {
                        match value {
                            Value::String(s) if *l == Lang::De => s.clone(),
                            _ => value
                                .get(l.code())
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned(),
                        }
                    })),
                    Input::Group(_) | Input::List(_) => row.push(match value {
                        Value::Null => String::new(),
                        other => other.to_string(),
                    }),
                    Input::Choice(_) => row.push(value.as_str().unwrap_or_default().to_owned()),
                    _ => row.push(cell(spec, field.name, value, options, t)),
                }
            }
            row.push(get("created").as_str().unwrap_or_default().to_owned());
            row.push(get("updated").as_str().unwrap_or_default().to_owned());
            row
        })
        .collect();
    Table { header, rows }
}

fn attachment(name: &str, extension: &str, media_type: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, media_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{extension}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

fn failed(error: &dyn std::fmt::Display) -> Response {
    crate::error::WebError::Internal(format!("an export could not be written: {error}"))
        .into_response()
}

/// A cell a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`) gets a leading `'`,
/// which spreadsheets read as "text" and the import takes off again.
pub fn guard_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The table as CSV bytes.
pub fn csv_bytes(table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&table.header)?;
    for row in &table.rows {
        writer.write_record(row.iter().map(|c| guard_formula(c).into_owned()))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// A table as a CSV download.
pub fn csv_response(table: &Table, name: &str) -> Response {
    match csv_bytes(table) {
        Ok(body) => attachment(name, "csv", "text/csv; charset=utf-8", body),
        Err(error) => failed(&error),
    }
}

/// Cells a spreadsheet would take for a formula are written as text all the same.
pub fn xlsx_bytes(table: &Table) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, name) in table.header.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, c, name, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, value) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            // Excel cells hold at most 32 767 characters.
            let value: String = value.chars().take(32_767).collect();
            sheet.write_string(r, c, value)?;
        }
    }
    workbook.save_to_buffer()
}

/// A table as an Excel download.
pub fn xlsx_response(table: &Table, name: &str) -> Response {
    match xlsx_bytes(table) {
        Ok(body) => attachment(
            name,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            body,
        ),
        Err(error) => failed(&error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_run_as_formulas_and_read_back_as_written() {
        let table = Table {
            header: vec!["title.de".into(), "phone".into()],
            rows: vec![vec!["=HYPERLINK(\"x\")".into(), "+49 201 88".into()]],
        };
        let bytes = csv_bytes(&table).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.contains("\"'=HYPERLINK(\"\"x\"\")\",'+49 201 88"),
            "{text}"
        );
        let sheet = super::super::sheet::read(&bytes).unwrap();
        assert_eq!(sheet.rows, table.rows);
    }
}
