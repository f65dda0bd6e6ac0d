//! The report as a document of sections, parts and items, already in the reader's language and
//! already cut to the audience: every renderer prints exactly this, so PDF, HTML and Markdown
//! always tell the same.

use urbis_domain::network::LogoFormat;
use urbis_domain::report::ReportSection;
use urbis_domain::{Access, Lang};

/// A year's report of one forum.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The language it is written in.
    pub lang: Lang,
    /// The report year.
    pub year: i16,
    /// Who the report is for; records above this level appear only as counts.
    pub audience: Access,
    /// The forum's short name ("DEFUS").
    pub forum_short: String,
    /// The forum's full name in the report's language.
    pub forum_name: String,
    /// The title ("DEFUS-Jahresbericht 2022").
    pub title: String,
    /// A line for editions that are not for the public.
    pub edition: Option<String>,
    /// The heading of the table of contents.
    pub contents_label: String,
    /// The word before page numbers.
    pub page_label: String,
    /// The sections, in the order of the reference report.
    pub sections: Vec<Section>,
    /// The forum's logo for the title page, when one is stored (and valid).
    pub logo: Option<(LogoFormat, Vec<u8>)>,
}

/// A numbered section (I. Exchange …) or the introduction.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Which section.
    pub kind: ReportSection,
    /// The title as printed ("I. Austausch").
    pub title: String,
    /// Editorial texts before the generated part.
    pub opening: Vec<Editorial>,
    /// The part composed from the records.
    pub parts: Vec<Part>,
    /// Editorial texts after the generated part.
    pub closing: Vec<Editorial>,
}

impl Section {
    /// A stable anchor for links and the table of contents.
    pub fn anchor(&self) -> &'static str {
        anchor(self.kind)
    }
}

/// The stable anchor of a section, for links and the table of contents: the section's name.
pub fn anchor(section: ReportSection) -> &'static str {
    section.as_str()
}

/// An editorial text (a `ReportText` record), Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Editorial {
    /// Its own heading, when it is a subsection of its own.
    pub heading: Option<String>,
    /// The text, Markdown.
    pub body: String,
}

/// A part of a section composed from records.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    /// Its title.
    pub title: String,
    /// Paragraphs before the items (Markdown: a series' description, a count).
    pub text: Vec<String>,
    /// The records listed by title.
    pub items: Vec<Item>,
    /// Lines for records that are only counted ("4 internal web exchanges for members").
    pub notes: Vec<String>,
    /// A table of figures.
    pub table: Option<Table>,
    /// Parts below this one (a series within the thematic exchange).
    pub parts: Vec<Part>,
}

impl Part {
    /// A part with a title and nothing in it yet.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// True when there is nothing to print below the title.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
            && self.items.is_empty()
            && self.notes.is_empty()
            && self.table.is_none()
            && self.parts.iter().all(Part::is_empty)
    }
}

/// One record as listed: a title, the facts beside it, and its description.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// The title ("PanReflex – Strengthening Urban Resilience …").
    pub title: String,
    /// Short facts ("June 2022", "Berlin", "70 participants", "Status: rejected").
    pub facts: Vec<String>,
    /// The description, Markdown.
    pub text: Option<String>,
}

/// A table of figures with a header row; the first cell of each row names the row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// What the table shows.
    pub caption: String,
    /// The column headers.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<String>>,
}
