//! Reading an uploaded table: CSV (UTF-8, comma or semicolon) or an Excel workbook's first
//! sheet, as a header row and rows of text.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

/// The most rows an import reads.
pub const MAX_ROWS: usize = 5_000;
/// The most columns a workbook's table may span (an import file has about ten).
pub const MAX_COLUMNS: usize = 200;

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
    /// Too many columns.
    #[error("the table spans more than {MAX_COLUMNS} columns")]
    TooWide,
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
    // calamine believes a workbook's own numbers (its dimension, each cell's address): a
    // crafted file of a few bytes can make it panic or ask for a grid of 17 billion cells.
    // Read cell by cell within our limits, and take a panic inside it as a damaged file.
    std::panic::catch_unwind(|| read_cells(bytes)).unwrap_or_else(|_| {
        Err(SheetError::Workbook(
            "its worksheet is damaged (a cell address or the dimension is impossible)".into(),
        ))
    })
}

fn read_cells(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let fail = |e: calamine::XlsxError| SheetError::Workbook(e.to_string());
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(fail)?;
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(SheetError::Empty)?;
    let mut reader = workbook.worksheet_cells_reader(&name).map_err(fail)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(fail)? {
        let (row, column) = cell.get_position();
        let value = Data::from(cell.get_value().clone());
        if value != Data::Empty {
            cells.push((row as usize, column as usize, cell_text(&value)));
        }
        if cells.len() > (MAX_ROWS + 1) * MAX_COLUMNS {
            return Err(SheetError::TooLong);
        }
    }
    // The table starts at its first used row and column, as the sheet shows it.
    let top = cells.iter().map(|c| c.0).min().unwrap_or_default();
    let left = cells.iter().map(|c| c.1).min().unwrap_or_default();
    let height = cells
        .iter()
        .map(|c| c.0 - top + 1)
        .max()
        .unwrap_or_default();
    let width = cells
        .iter()
        .map(|c| c.1 - left + 1)
        .max()
        .unwrap_or_default();
    if width > MAX_COLUMNS {
        return Err(SheetError::TooWide);
    }
    if height > MAX_ROWS + 1 {
        return Err(SheetError::TooLong);
    }
    let mut rows = vec![vec![String::new(); width]; height];
    for (row, column, text) in cells {
        rows[row - top][column - left] = text;
    }
    Ok(rows)
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

    /// A workbook with `name.de` in A1 and `x` in B2 whose sheet XML is then rewritten.
    fn crafted(rewrite: impl Fn(String) -> String) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "name.de").unwrap();
        sheet.write_string(1, 1, "x").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().to_owned();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            if name.starts_with("xl/worksheets/") {
                text = rewrite(text);
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn crafted_workbooks_are_refused_without_panic_or_huge_grids() {
        // Found by the fuzz target: a dimension that ends before it starts made calamine
        // subtract with overflow (a panic in the request).
        let reversed = crafted(|x| x.replace("ref=\"A1:B2\"", "ref=\"XFD1048576:B2\""));
        let outcome = read(&reversed);
        assert!(
            matches!(outcome, Err(SheetError::Workbook(_))) || outcome.is_ok(),
            "{outcome:?}"
        );
        // A cell at the sheet's last column and row: calamine's range would be a grid of
        // 16384 × 1048576 cells; the reader refuses it instead.
        let far = crafted(|x| x.replace("r=\"B2\"", "r=\"XFD1048576\""));
        assert_eq!(read(&far), Err(SheetError::TooWide));
        let deep = crafted(|x| x.replace("r=\"B2\"", "r=\"B1048576\""));
        assert_eq!(read(&deep), Err(SheetError::TooLong));
        // The untouched workbook reads as before.
        let plain = read(&crafted(|x| x)).unwrap();
        assert_eq!(plain.header, ["name.de", ""]);
        assert_eq!(plain.rows, [["", "x"]]);
    }
}
