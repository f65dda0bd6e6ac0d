//! The small part of Markdown that records and editorial texts use: paragraphs, `**strong**`,
//! `*emphasis*` and `[links](url)`. Each renderer prints these pieces with its own escaping, so
//! no text from a record is ever taken as markup of the output format.

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Plain text.
    Text(String),
    /// Strong text.
    Strong(String),
    /// Emphasised text.
    Emph(String),
    /// A link with its text.
    Link {
        /// The text shown.
        text: String,
        /// The address.
        url: String,
    },
}

/// Splits Markdown into paragraphs at blank lines; lines within a paragraph are joined.
pub fn paragraphs(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in markdown.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// Reads the inline markup of one paragraph.
pub fn spans(paragraph: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = paragraph;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("**")
            && let Some(end) = after.find("**")
            && end > 0
        {
            flush(&mut text, &mut out);
            out.push(Span::Strong(after[..end].to_owned()));
            rest = &after[end + 2..];
            continue;
        }
        if c == '*'
            && let Some(after) = rest.strip_prefix('*')
            && !after.starts_with(' ')
            && let Some(end) = after.find('*')
            && end > 0
        {
            flush(&mut text, &mut out);
            out.push(Span::Emph(after[..end].to_owned()));
            rest = &after[end + 1..];
            continue;
        }
        if c == '['
            && let Some(close) = rest.find("](")
            && let Some(end) = rest[close + 2..].find(')')
        {
            let label = &rest[1..close];
            let url = &rest[close + 2..close + 2 + end];
            if !label.contains('[') && !url.contains(' ') {
                flush(&mut text, &mut out);
                out.push(Span::Link {
                    text: label.to_owned(),
                    url: url.to_owned(),
                });
                rest = &rest[close + 3 + end..];
                continue;
            }
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut text, &mut out);
    out
}

fn flush(text: &mut String, out: &mut Vec<Span>) {
    if !text.is_empty() {
        out.push(Span::Text(std::mem::take(text)));
    }
}

/// The text of a paragraph without its markup, for plain renderings.
pub fn plain(paragraph: &str) -> String {
    spans(paragraph)
        .into_iter()
        .map(|span| match span {
            Span::Text(t) | Span::Strong(t) | Span::Emph(t) => t,
            Span::Link { text, .. } => text,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_strong_emphasis_and_links() {
        let spans = spans("A **bold** and *soft* [link](https://x.de) end * star");
        assert_eq!(
            spans,
            vec![
                Span::Text("A ".into()),
                Span::Strong("bold".into()),
                Span::Text(" and ".into()),
                Span::Emph("soft".into()),
                Span::Text(" ".into()),
                Span::Link {
                    text: "link".into(),
                    url: "https://x.de".into()
                },
                Span::Text(" end * star".into()),
            ]
        );
    }

    #[test]
    fn splits_paragraphs_at_blank_lines() {
        assert_eq!(paragraphs("a\nb\n\n\nc\n"), vec!["a b", "c"]);
    }
}
