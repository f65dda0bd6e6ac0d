//! Searching: the viewer's access filter inside the query, so results, counts, facets and
//! snippets only ever see what the viewer may read.

mod search;
mod snippets;
mod text;

use urbis_domain::{Id, Kind, Lang, PartialDate};

use crate::error::{Result, SearchError};

/// The longest search text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Results per page.
pub const PAGE_SIZE: usize = 20;
/// The last page that can be asked for (deeper pages cost memory and nobody reads them).
pub const MAX_PAGE: u64 = 500;

/// What a person searches for.
#[derive(Debug, Clone)]
pub struct Request {
    /// The search text (query syntax allowed; errors in it never fail the search).
    pub text: String,
    /// Only this kind of record.
    pub kind: Option<Kind>,
    /// Only records with this topic.
    pub topic: Option<Id>,
    /// Only records of this year.
    pub year: Option<i16>,
    /// The page, from 1.
    pub page: u64,
    /// The reader's language: titles and snippets in it where the record has it.
    pub lang: Lang,
}

impl Request {
    /// A search for `text` in `lang`: first page, no filters.
    pub fn new(text: impl Into<String>, lang: Lang) -> Self {
        Self {
            text: text.into(),
            kind: None,
            topic: None,
            year: None,
            page: 1,
            lang,
        }
    }

    /// True when there is nothing to search for: no text and no filter.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.kind.is_none()
            && self.topic.is_none()
            && self.year.is_none()
    }

    /// Refuses a search text longer than [`MAX_QUERY_CHARS`].
    pub fn check(&self) -> Result<()> {
        let length = self.text.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(SearchError::QueryTooLong {
                length,
                max: MAX_QUERY_CHARS,
            });
        }
        if self.page == 0 || self.page > MAX_PAGE {
            return Err(SearchError::Page {
                page: self.page.to_string(),
                max: MAX_PAGE,
            });
        }
        Ok(())
    }
}

/// Reads a page number as people and links write it: 1 to [`MAX_PAGE`].
pub fn parse_page(text: &str) -> Result<u64> {
    match text.trim().parse::<u64>() {
        Ok(page) if (1..=MAX_PAGE).contains(&page) => Ok(page),
        _ => Err(SearchError::Page {
            page: text.chars().take(20).collect(),
            max: MAX_PAGE,
        }),
    }
}

/// One record found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Its kind.
    pub kind: Kind,
    /// Its id.
    pub id: Id,
    /// Its title in the reader's language (or another).
    pub title: String,
    /// A piece of its text with the words found marked: HTML, escaped except `<mark>`.
    pub snippet: String,
    /// Its date.
    pub date: Option<PartialDate>,
    /// What a link needs beyond the id (a topic's slug, an entry's collection).
    pub parent: Option<String>,
}

/// How many records found fall into each kind, topic and year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    /// Per kind, most first.
    pub kinds: Vec<(Kind, u64)>,
    /// Per topic id, most first.
    pub topics: Vec<(Id, u64)>,
    /// Per year, newest first.
    pub years: Vec<(i16, u64)>,
}

/// The answer to a search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    /// How many records were found in all (rounded when `estimated`).
    pub total: usize,
    /// True when so many were found that `total` and the facet counts are estimates from a
    /// sample (searching stays fast however common the words are).
    pub estimated: bool,
    /// This page of them, best first.
    pub hits: Vec<Hit>,
    /// The counts per kind, topic and year of all records found.
    pub facets: Facets,
    /// The number of pages (at most [`MAX_PAGE`]).
    pub pages: u64,
}
