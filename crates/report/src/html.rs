//! The report as one accessible HTML page: the document language, one `h1`, a heading for
//! every section and part in order, a table of contents in a `nav`, lists and tables with
//! headers, and the generated and editorial parts of a section told apart by their class.

use std::fmt::Write as _;

use crate::inline::{self, Span};
use crate::model::{Editorial, Item, Part, Report, Section, Table};
use urbis_domain::html::escape;
use urbis_domain::report::Placement;
use urbis_i18n::Tr;

/// True for addresses a report may link to: the web and mail, never scripts.
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

fn spans(paragraph: &str) -> String {
    inline::spans(paragraph)
        .into_iter()
        .map(|span| match span {
            Span::Text(t) => escape(&t),
            Span::Strong(t) => format!("<strong>{}</strong>", escape(&t)),
            Span::Emph(t) => format!("<em>{}</em>", escape(&t)),
            Span::Link { text, url } if safe_url(&url) => {
                format!("<a href=\"{}\">{}</a>", escape(&url), escape(&text))
            }
            Span::Link { text, .. } => escape(&text),
        })
        .collect()
}

fn markdown(out: &mut String, text: &str) {
    for paragraph in inline::paragraphs(text) {
        let _ = writeln!(out, "<p>{}</p>", spans(&paragraph));
    }
}

/// The report page's own stylesheet, inline so that a saved file stands alone (the web's CSP
/// allows exactly this block by its hash).
pub const STYLE: &str = "body{font-family:Georgia,'Libertinus Serif',serif;line-height:1.5;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}\
h1,h2,h3,h4{line-height:1.2}h2{margin-top:2.5rem;border-bottom:1px solid #888}\
.facts{color:#444;font-size:.95em;margin:.1rem 0}.not-listed{font-style:italic}\
.editorial{border-left:3px solid #5a6b8c;padding-left:1rem}\
table{border-collapse:collapse}th,td{border:1px solid #888;padding:.25rem .5rem}td{text-align:right}\
a{color:#1d4e89}";

/// Renders the report as a complete HTML document.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let lang = report.lang.code();
    let _ = writeln!(out, "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>");
    let _ = writeln!(out, "<meta charset=\"utf-8\">");
    let _ = writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&report.title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(&report.title));
    let _ = writeln!(out, "<p>{}</p>", escape(&report.forum_name));
    if let Some(edition) = &report.edition {
        let _ = writeln!(out, "<p><em>{}</em></p>", escape(edition));
    }
    let _ = writeln!(out, "</header>");
    let _ = writeln!(
        out,
        "<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">{}</h2>\n<ol>",
        escape(&report.contents_label)
    );
    for section in &report.sections {
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{}</a>",
            section.anchor(),
            escape(&section.title)
        );
        if !section.parts.is_empty() {
            out.push_str("<ol>");
            for (i, part) in section.parts.iter().enumerate() {
                let _ = write!(
                    out,
                    "<li><a href=\"#{}-{}\">{}</a></li>",
                    section.anchor(),
                    i + 1,
                    escape(&part.title)
                );
            }
            out.push_str("</ol>");
        }
        out.push_str("</li>\n");
    }
    let _ = writeln!(out, "</ol>\n</nav>\n<main>");
    for section in &report.sections {
        render_section(&mut out, report, section);
    }
    let _ = writeln!(out, "</main>\n</body>\n</html>");
    out
}

fn render_section(out: &mut String, report: &Report, section: &Section) {
    let anchor = section.anchor();
    let _ = writeln!(
        out,
        "<section id=\"{anchor}\" aria-labelledby=\"{anchor}-title\">\n<h2 id=\"{anchor}-title\">{}</h2>",
        escape(&section.title)
    );
    editorials(out, &section.opening, Placement::Opening);
    if !section.parts.is_empty() {
        let _ = writeln!(out, "<div class=\"records\">");
        out.push_str(&generated(section, 3));
        let _ = writeln!(out, "</div>");
    } else if section.opening.is_empty() && section.closing.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"records\">{}</p>",
            escape(&Tr::new(report.lang).get("report-nothing"))
        );
    }
    editorials(out, &section.closing, Placement::Closing);
    let _ = writeln!(out, "</section>");
}

/// The part of a section composed from the records, as HTML with headings from `level`
/// down: the report prints it between the editorial texts, and the back office's editor shows
/// it apart from them.
pub fn generated(section: &Section, level: usize) -> String {
    let mut out = String::new();
    for (i, part) in section.parts.iter().enumerate() {
        render_part(
            &mut out,
            part,
            level,
            &format!("{}-{}", section.anchor(), i + 1),
        );
    }
    out
}

fn editorials(out: &mut String, texts: &[Editorial], placement: Placement) {
    for text in texts {
        let _ = writeln!(out, "<div class=\"editorial {placement}\">");
        if let Some(heading) = &text.heading {
            let _ = writeln!(out, "<h3>{}</h3>", escape(heading));
        }
        markdown(out, &text.body);
        let _ = writeln!(out, "</div>");
    }
}

fn render_part(out: &mut String, part: &Part, level: usize, id: &str) {
    let level = level.min(6);
    let _ = writeln!(
        out,
        "<section id=\"{id}\" aria-labelledby=\"{id}-title\">\n<h{level} id=\"{id}-title\">{}</h{level}>",
        escape(&part.title)
    );
    for paragraph in &part.text {
        markdown(out, paragraph);
    }
    if !part.items.is_empty() {
        let _ = writeln!(out, "<ul class=\"items\">");
        for item in &part.items {
            render_item(out, item);
        }
        let _ = writeln!(out, "</ul>");
    }
    if let Some(table) = &part.table {
        render_table(out, table);
    }
    for note in &part.notes {
        let _ = writeln!(out, "<p class=\"not-listed\">{}</p>", escape(note));
    }
    for (i, sub) in part.parts.iter().enumerate() {
        render_part(out, sub, level + 1, &format!("{id}-{}", i + 1));
    }
    let _ = writeln!(out, "</section>");
}

fn render_item(out: &mut String, item: &Item) {
    let _ = write!(out, "<li><strong>{}</strong>", escape(&item.title));
    if !item.facts.is_empty() {
        let facts: Vec<String> = item.facts.iter().map(|f| escape(f)).collect();
        let _ = write!(out, "<p class=\"facts\">{}</p>", facts.join(" · "));
    }
    if let Some(text) = &item.text {
        markdown(out, text);
    }
    let _ = writeln!(out, "</li>");
}

fn render_table(out: &mut String, table: &Table) {
    let _ = writeln!(
        out,
        "<table>\n<caption>{}</caption>\n<thead><tr>",
        escape(&table.caption)
    );
    for cell in &table.header {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(cell));
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{}</th>", escape(cell));
            } else {
                let _ = write!(out, "<td>{}</td>", escape(cell));
            }
        }
        out.push_str("</tr>\n");
    }
    let _ = writeln!(out, "</tbody>\n</table>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_refuses_script_links() {
        assert_eq!(escape("<b>&\"'"), "&#60;b&#62;&#38;&#34;&#39;");
        assert!(!spans("[x](javascript:alert(1))").contains("href"));
        assert_eq!(
            spans("see [site](https://a.de?x=1&y=2)"),
            "see <a href=\"https://a.de?x=1&#38;y=2\">site</a>"
        );
    }
}
