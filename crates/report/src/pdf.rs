//! The report as PDF: typst markup generated from the report, typeset by the typst crates with
//! the fonts embedded in the binary (typst-assets). Nothing is read from disk or the network.
//!
//! Every text from a record is escaped character by character, so no title can turn into typst
//! markup or code.

use std::fmt::Write as _;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::error::{ReportError, Result};
use crate::html::safe_url;
use crate::inline::{self, Span};
use crate::model::{Editorial, Item, Part, Report, Table};
use urbis_domain::network::LogoFormat;
use urbis_i18n::Tr;

/// Escapes text for typst markup: every ASCII punctuation character that typst could read as
/// markup gets a backslash, line breaks become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\\' | '#' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '[' | ']' | '~' | '-' | '+'
            | '=' | '/' | '.' | '{' | '}' | ':' | ';' | '%' | '&' | '|' | '^' | '!' | '?' | ','
            | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for a typst string literal.
fn string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn spans(paragraph: &str) -> String {
    inline::spans(paragraph)
        .into_iter()
        .map(|span| match span {
            Span::Text(t) => escape(&t),
            Span::Strong(t) => format!("#strong[{}]", escape(&t)),
            Span::Emph(t) => format!("#emph[{}]", escape(&t)),
            Span::Link { text, url } if safe_url(&url) => {
                format!("#link({})[{}]", string(&url), escape(&text))
            }
            Span::Link { text, .. } => escape(&text),
        })
        .collect()
}

/// Paragraphs of Markdown as typst paragraphs, each line indented by `indent` spaces.
fn markdown(out: &mut String, text: &str, indent: usize) {
    let pad = " ".repeat(indent);
    for paragraph in inline::paragraphs(text) {
        let _ = writeln!(out, "{pad}{}\n", spans(&paragraph));
    }
}

/// The typst source of the report.
pub fn source(report: &Report) -> String {
    let mut out = String::new();
    let title = escape(&report.title);
    let _ = writeln!(
        out,
        "#set document(title: {}, author: {})",
        string(&report.title),
        string(&report.forum_name)
    );
    let _ = writeln!(
        out,
        "#set text(font: \"Libertinus Serif\", size: 10.5pt, lang: {}, hyphenate: false)",
        string(report.lang.code())
    );
    out.push_str(
        "#set par(justify: true)\n\
         #set heading(numbering: none)\n\
         #show heading.where(level: 1): it => { pagebreak(weak: true); set text(size: 17pt); it; v(0.4em) }\n\
         #show heading.where(level: 2): set text(size: 13pt)\n\
         #show heading.where(level: 3): set text(size: 11pt)\n\
         #set list(spacing: 0.9em)\n\
         #set page(paper: \"a4\", margin: (x: 2.3cm, top: 2.4cm, bottom: 2.6cm))\n",
    );
    // Title page, without footer; the logo above the title when there is one.
    let logo = match &report.logo {
        Some((format, _)) => format!(
            "#image(\"{}\", height: 3cm)\n\n    #v(2em)\n    ",
            logo_file(*format)
        ),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "#page(footer: none)[\n  #v(1fr)\n  #align(center)[\n    {logo}#text(size: 28pt, weight: \"bold\")[{title}]\n\n    #v(1em)\n    #text(size: 15pt)[{}]",
        escape(&report.forum_name)
    );
    if let Some(edition) = &report.edition {
        let _ = writeln!(
            out,
            "\n    #v(1em)\n    #text(size: 12pt)[#emph[{}]]",
            escape(edition)
        );
    }
    out.push_str("  ]\n  #v(2fr)\n]\n");
    // Every other page has the title and its number in the footer.
    let _ = writeln!(
        out,
        "#set page(footer: context [#set text(size: 9pt); {title} #h(1fr) {} #counter(page).display(\"1\")])",
        escape(&report.page_label)
    );
    let _ = writeln!(
        out,
        "#outline(title: [{}], depth: 2)\n",
        escape(&report.contents_label)
    );
    for section in &report.sections {
        let _ = writeln!(out, "= {}\n", escape(&section.title));
        editorials(&mut out, &section.opening);
        for part in &section.parts {
            render_part(&mut out, part, 2);
        }
        if section.parts.is_empty() && section.opening.is_empty() && section.closing.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                escape(&Tr::new(report.lang).get("report-nothing"))
            );
        }
        editorials(&mut out, &section.closing);
    }
    out
}

fn editorials(out: &mut String, texts: &[Editorial]) {
    for text in texts {
        if let Some(heading) = &text.heading {
            let _ = writeln!(out, "== {}\n", escape(heading));
        }
        markdown(out, &text.body, 0);
    }
}

fn render_part(out: &mut String, part: &Part, level: usize) {
    let _ = writeln!(
        out,
        "{} {}\n",
        "=".repeat(level.min(6)),
        escape(&part.title)
    );
    for paragraph in &part.text {
        markdown(out, paragraph, 0);
    }
    for item in &part.items {
        render_item(out, item);
    }
    if let Some(table) = &part.table {
        render_table(out, table);
    }
    for note in &part.notes {
        let _ = writeln!(out, "#emph[{}]\n", escape(note));
    }
    for sub in &part.parts {
        render_part(out, sub, level + 1);
    }
}

fn render_item(out: &mut String, item: &Item) {
    let _ = write!(out, "- #strong[{}]", escape(&item.title));
    if !item.facts.is_empty() {
        let facts: Vec<String> = item.facts.iter().map(|f| escape(f)).collect();
        let _ = write!(
            out,
            " \\\n  #text(size: 9pt, fill: rgb(\"#444444\"))[{}]",
            facts.join(" · ")
        );
    }
    out.push_str("\n\n");
    if let Some(text) = &item.text {
        markdown(out, text, 2);
    }
}

fn render_table(out: &mut String, table: &Table) {
    let columns = table.header.len().max(1);
    let _ = write!(
        out,
        "#table(columns: {columns}, align: (x, y) => if x == 0 {{ left }} else {{ right }},\n  table.header("
    );
    let header: Vec<String> = table
        .header
        .iter()
        .map(|h| format!("[#strong[{}]]", escape(h)))
        .collect();
    let _ = writeln!(out, "{}),", header.join(", "));
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| format!("[{}]", escape(c))).collect();
        let _ = writeln!(out, "  {},", cells.join(", "));
    }
    out.push_str(")\n\n");
}

/// The fonts that come with the binary, parsed once.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// The standard library, built once.
static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// The file name the title page reads the logo from.
fn logo_file(format: LogoFormat) -> &'static str {
    match format {
        LogoFormat::Svg => "logo.svg",
        LogoFormat::Png => "logo.png",
    }
}

/// The world of one report: its source, the forum's logo as the only other file, and the
/// embedded fonts.
struct ReportWorld {
    main: Source,
    logo: Option<(FileId, Bytes)>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        match &self.logo {
            Some((logo, bytes)) if *logo == id => Ok(bytes.clone()),
            _ => Err(FileError::AccessDenied),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        let today = jiff::tz::TimeZone::UTC
            .to_datetime(jiff::Timestamp::now())
            .date();
        Datetime::from_ymd(
            i32::from(today.year()),
            u8::try_from(today.month()).ok()?,
            u8::try_from(today.day()).ok()?,
        )
    }
}

/// Typesets typst markup into a PDF.
pub fn typeset(markup: String) -> Result<Vec<u8>> {
    typeset_with(markup, None)
}

/// Typesets typst markup into a PDF that may show the forum's logo.
pub(crate) fn typeset_with(markup: String, logo: Option<(LogoFormat, Bytes)>) -> Result<Vec<u8>> {
    let path = VirtualPath::new("main.typ")
        .map_err(|e| ReportError::Typeset(format!("the source path: {e:?}")))?;
    let id = RootedPath::new(VirtualRoot::Project, path).intern();
    let logo = match logo {
        Some((format, bytes)) => {
            let path = VirtualPath::new(logo_file(format))
                .map_err(|e| ReportError::Typeset(format!("the logo path: {e:?}")))?;
            Some((RootedPath::new(VirtualRoot::Project, path).intern(), bytes))
        }
        None => None,
    };
    let world = ReportWorld {
        main: Source::new(id, markup),
        logo,
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| {
            ReportError::Typeset(
                errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
    let pdf = typst_pdf::pdf(&document, &PdfOptions::default()).map_err(|errors| {
        ReportError::Typeset(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    });
    // typst memoises its work in a process-wide cache that a server would otherwise keep
    // (tens of MB per report); a report is made now and then, so nothing of it is kept.
    comemo::evict(0);
    pdf
}

/// Renders the report as PDF: title page, table of contents, numbered pages.
pub fn render(report: &Report) -> Result<Vec<u8>> {
    crate::job::PdfJob::of(report).typeset()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_typesets_as_written() {
        let nasty = "#set page(width: 1cm) *bold* _x_ $a$ <l> @r [b] // c /* d */ - = + 1. ~ \\";
        let markup = format!("{}\n", escape(nasty));
        let pdf = typeset(markup).unwrap_or_else(|e| panic!("{e}"));
        assert!(pdf.starts_with(b"%PDF"));
    }
}
