//! The report as Markdown, for further editing: the same headings, lists and tables as the PDF.
//! Record titles and facts are escaped; descriptions and editorial texts are Markdown already
//! and are kept as written.

use std::fmt::Write as _;

use crate::model::{Editorial, Item, Part, Report, Table};
use urbis_i18n::Tr;

/// Escapes plain text so that Markdown shows it as written, also at the start of a line.
pub fn escape(text: &str) -> String {
    let mut out = escape_inline(text);
    if out.starts_with('#') || out.starts_with('-') || out.starts_with('+') {
        out.insert(0, '\\');
    }
    out
}

/// Escapes plain text that never starts a line (table cells, text after a list marker).
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Indents every line after the first by `by` spaces (a list item's continuation).
fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|line| {
            if line.trim().is_empty() {
                String::new()
            } else {
                format!("{pad}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders the report as Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&report.title));
    let _ = writeln!(out, "{}\n", escape(&report.forum_name));
    if let Some(edition) = &report.edition {
        let _ = writeln!(out, "*{}*\n", escape(edition));
    }
    let _ = writeln!(out, "## {}\n", escape(&report.contents_label));
    for section in &report.sections {
        let _ = writeln!(out, "- {}", escape(&section.title));
        for part in &section.parts {
            let _ = writeln!(out, "  - {}", escape(&part.title));
        }
    }
    out.push('\n');
    for section in &report.sections {
        let _ = writeln!(out, "## {}\n", escape(&section.title));
        editorials(&mut out, &section.opening);
        for part in &section.parts {
            render_part(&mut out, part, 3);
        }
        if section.parts.is_empty() && section.opening.is_empty() && section.closing.is_empty() {
            let _ = writeln!(out, "{}\n", Tr::new(report.lang).get("report-nothing"));
        }
        editorials(&mut out, &section.closing);
    }
    out
}

fn editorials(out: &mut String, texts: &[Editorial]) {
    for text in texts {
        if let Some(heading) = &text.heading {
            let _ = writeln!(out, "### {}\n", escape(heading));
        }
        let _ = writeln!(out, "{}\n", text.body.trim());
    }
}

fn render_part(out: &mut String, part: &Part, level: usize) {
    let _ = writeln!(out, "{} {}\n", "#".repeat(level), escape(&part.title));
    for paragraph in &part.text {
        let _ = writeln!(out, "{}\n", paragraph.trim());
    }
    if !part.items.is_empty() {
        for item in &part.items {
            render_item(out, item);
        }
        out.push('\n');
    }
    if let Some(table) = &part.table {
        render_table(out, table);
    }
    for note in &part.notes {
        let _ = writeln!(out, "*{}*\n", escape_inline(note));
    }
    for sub in &part.parts {
        render_part(out, sub, (level + 1).min(6));
    }
}

fn render_item(out: &mut String, item: &Item) {
    let _ = write!(out, "- **{}**", escape_inline(&item.title));
    if !item.facts.is_empty() {
        let facts: Vec<String> = item.facts.iter().map(|f| escape_inline(f)).collect();
        let _ = write!(out, " — {}", facts.join(" · "));
    }
    out.push('\n');
    if let Some(text) = &item.text {
        let _ = writeln!(out, "\n{}\n", indent(text.trim(), 2));
    }
}

fn render_table(out: &mut String, table: &Table) {
    let cells = |row: &[String]| {
        row.iter()
            .map(|c| escape_inline(c).replace('|', "\\|"))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let _ = writeln!(out, "| {} |", cells(&table.header));
    let rule: Vec<&str> = table
        .header
        .iter()
        .enumerate()
        .map(|(i, _)| if i == 0 { "---" } else { "---:" })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in &table.rows {
        let _ = writeln!(out, "| {} |", cells(row));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_but_keeps_names() {
        assert_eq!(escape("Plan#B"), "Plan#B");
        assert_eq!(escape("a *b* [c]"), "a \\*b\\* \\[c\\]");
        assert_eq!(escape("# heading"), "\\# heading");
    }
}
