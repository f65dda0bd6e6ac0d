//! One page of a list, read from the database with `LIMIT`/`OFFSET` after a `COUNT`: a request
//! never holds more than a page of rows, and a page number past the end shows the last page.

use urbis_store::ListQuery;

use crate::visible::Readable;
use crate::{App, AppError};

/// How many rows a list page holds at most, whatever a caller asks for.
pub const MAX_PAGE_SIZE: u32 = 200;

/// Which page of a list a reader asks for: its number (from 1) and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    number: u32,
    size: u32,
}

impl PageRequest {
    /// Page `number` (0 counts as 1) of `size` rows (between 1 and [`MAX_PAGE_SIZE`]).
    pub fn new(number: u32, size: u32) -> Self {
        Self {
            number: number.max(1),
            size: size.clamp(1, MAX_PAGE_SIZE),
        }
    }

    /// The page number asked for.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The rows a page holds.
    pub fn size(&self) -> u32 {
        self.size
    }

    /// The page actually shown for a list of `total` rows: the one asked for, or the last one
    /// when it lies past the end; with the offset of its first row.
    pub(crate) fn placed(&self, total: u64) -> (u32, i64) {
        let size = u64::from(self.size);
        let last = total.div_ceil(size).max(1);
        let number = u64::from(self.number).min(last);
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        let offset = i64::from(number - 1) * i64::from(self.size);
        (number, offset)
    }
}

/// One page of the records `query` selects (a page past the end is the last page): one count
/// and one page query.
pub(crate) async fn read<R: Readable>(
    app: &App,
    query: &ListQuery,
    page: PageRequest,
) -> Result<Page<R>, AppError> {
    let total = app.store().count::<R>(query).await?;
    let total = u64::try_from(total).unwrap_or_default();
    let (number, offset) = page.placed(total);
    let rows = app
        .store()
        .list(&query.clone().page(i64::from(page.size()), offset))
        .await?;
    Ok(Page {
        rows,
        total,
        number,
        size: page.size(),
    })
}

/// One page of rows and where it lies in the whole list.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page<T> {
    /// The rows of this page, in list order.
    pub rows: Vec<T>,
    /// How many rows the whole list has (counted in the database).
    pub total: u64,
    /// The number of this page (from 1).
    pub number: u32,
    /// The rows a page holds.
    pub size: u32,
}

impl<T> Page<T> {
    /// A list with nothing on it.
    pub fn empty() -> Self {
        Self {
            rows: Vec::new(),
            total: 0,
            number: 1,
            size: 1,
        }
    }

    /// Whether a page comes before this one.
    pub fn has_previous(&self) -> bool {
        self.number > 1
    }

    /// Whether a page comes after this one.
    pub fn has_next(&self) -> bool {
        u64::from(self.number) * u64::from(self.size) < self.total
    }

    /// The same page with every row turned into something else.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            rows: self.rows.into_iter().map(f).collect(),
            total: self.total,
            number: self.number,
            size: self.size,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_end_is_the_last_page() {
        let request = PageRequest::new(9, 20);
        assert_eq!(request.placed(45), (3, 40));
        assert_eq!(request.placed(0), (1, 0));
        assert_eq!(PageRequest::new(0, 20).placed(45), (1, 0));
        assert_eq!(PageRequest::new(u32::MAX, 20).placed(45), (3, 40));
    }

    #[test]
    fn sizes_are_bounded() {
        assert_eq!(PageRequest::new(1, 0).size(), 1);
        assert_eq!(PageRequest::new(1, 100_000).size(), MAX_PAGE_SIZE);
    }

    #[test]
    fn knows_its_neighbours() {
        let page = Page {
            rows: vec![1],
            total: 41,
            number: 2,
            size: 20,
        };
        assert!(page.has_previous() && page.has_next());
        let last = Page { number: 3, ..page };
        assert!(!last.has_next());
    }
}
