//! The annual report of a forum, written from its records: `compose` turns a year of records
//! into a [`Report`] in one language for one audience, and the renderers print it as PDF
//! (typeset with the typst crates and embedded fonts), accessible HTML or Markdown.
//!
//! Every fixed word comes from the one catalogue (`urbis-i18n`; see [`words`]), so the report
//! reads in German, English and French as the pages and mails do.
//!
//! typst lives only in this crate, because it is slow to build.

pub mod compare;
pub mod compose;
pub mod error;
pub mod html;
pub mod inline;
pub mod job;
mod load;
pub mod markdown;
pub mod model;
pub mod pdf;
pub mod words;

pub use compose::{Options, compose, find_forum};
pub use error::{ReportError, Result};
pub use job::PdfJob;
pub use model::{Editorial, Item, Part, Report, Section, Table};

/// The output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A PDF with title page, table of contents and page numbers.
    Pdf,
    /// One accessible HTML page.
    Html,
    /// Markdown for further editing.
    Markdown,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Markdown => "md",
        }
    }
}

/// Renders a composed report in a format.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Pdf => pdf::render(report)?,
        Format::Html => html::render(report).into_bytes(),
        Format::Markdown => markdown::render(report).into_bytes(),
    })
}
