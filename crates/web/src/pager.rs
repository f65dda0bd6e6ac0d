//! The links between the pages of a list (`templates/pager.html`).

use urbis_app::paging::Page;

/// Where a list page lies and the addresses of its neighbours.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    /// The number of this page (from 1).
    pub page: u32,
    /// The previous page's address, when there is one.
    pub previous: Option<String>,
    /// The next page's address, when there is one.
    pub next: Option<String>,
}

impl Pager {
    /// The pager of `page`, its neighbours' addresses made by `link` from their numbers.
    pub fn new<T>(page: &Page<T>, link: impl Fn(u32) -> String) -> Self {
        Self {
            page: page.number,
            previous: page.has_previous().then(|| link(page.number - 1)),
            next: page.has_next().then(|| link(page.number + 1)),
        }
    }
}
