//! Reading an uploaded table: CSV (UTF-8, comma or semicolon) or an Excel workbook's first
//! sheet, as a header row and rows of text.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

/// The most rows an import reads.
pub const MAX_ROWS: usize = 5_000;

/// A table read from a file: the header and the rows below it, all cells as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// The header row, trimmed.
    pub header: Vec<String>,
    /// The rows below the header.
    pub rows: Vec<Vec<String>>,
}

/// Why a file could not be read as a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Neither an Excel workbook nor UTF-8 text.
    #[error("the file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8")]
    NotATable,
    /// An Excel workbook that cannot be read.
    #[error("the Excel workbook cannot be read: {0}")]
    Workbook(String),
    /// CSV text that cannot be read.
    #[error("CSV line {line}: {message}")]
    Csv {
        /// The line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// No header row.
    #[error("the file is empty: the first row must name the columns")]
    Empty,
    /// Too many rows.
    #[error("the file has more than {MAX_ROWS} rows; please split it")]
    TooLong,
}

/// Reads an uploaded file: an Excel workbook when it is one (by its content), else CSV.
pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let rows = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    let mut rows = rows.into_iter();
    let header: Vec<String> = rows
        .next()
        .ok_or(SheetError::Empty)?
        .into_iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    if header.iter().all(String::is_empty) {
        return Err(SheetError::Empty);
    }
    let rows: Vec<Vec<String>> = rows.collect();
    if rows.len() > MAX_ROWS {
        return Err(SheetError::TooLong);
    }
    Ok(Sheet { header, rows })
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| SheetError::Workbook(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(SheetError::Empty)?
        .map_err(|e| SheetError::Workbook(e.to_string()))?;
    if range.height() > MAX_ROWS + 1 {
        return Err(SheetError::TooLong);
    }
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Whole numbers (a year, a phone number typed as a number) without ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let text = std::str::from_utf8(bytes).map_err(|_| SheetError::NotATable)?;
    if text.contains('\0') {
        return Err(SheetError::NotATable);
    }
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Csv {
            line: e.position().map_or(0, csv::Position::line),
            message: e.to_string(),
        })?;
        rows.push(record.iter().map(unguard_formula).collect());
        if rows.len() > MAX_ROWS + 1 {
            return Err(SheetError::TooLong);
        }
    }
    Ok(rows)
}

/// Takes off the `'` an export put before a cell that looks like a formula.
fn unguard_formula(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_with_commas_or_semicolons_and_refuses_binary() {
        let sheet = read("\u{feff}Name.DE;Country\nEssen;DE\n".as_bytes()).unwrap();
        assert_eq!(sheet.header, ["name.de", "country"]);
        assert_eq!(sheet.rows, [["Essen", "DE"]]);
        let sheet = read(b"a,b\n\"x, y\",2\n").unwrap();
        assert_eq!(sheet.rows, [["x, y", "2"]]);
        let sheet = read(b"phone,note\n'+49 201 88,'=1+1\n").unwrap();
        assert_eq!(
            sheet.rows,
            [["+49 201 88", "=1+1"]],
            "formula guards come off"
        );
        assert_eq!(
            read(b"\x89PNG\r\n\x1a\n\0\0\xff"),
            Err(SheetError::NotATable)
        );
        assert_eq!(read(b""), Err(SheetError::Empty));
        assert!(matches!(
            read(b"PK\x03\x04broken"),
            Err(SheetError::Workbook(_))
        ));
    }
}
