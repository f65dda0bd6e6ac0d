//! Rich text written in Markdown (entry notes, descriptions, summaries), rendered to HTML and
//! sanitised before any page shows it: whatever a member types, no script, no event handler and
//! no `javascript:` address reaches a reader's browser.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

/// The one sanitiser: the tags of ordinary text, links only to web and mail addresses, every
/// link marked `rel="noopener nofollow"`.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener nofollow"))
        .rm_tags(["img"]);
    builder
});

/// Markdown → sanitised HTML, safe to put into a page as it is.
pub fn to_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    CLEANER.clean(&raw).to_string()
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn ordinary_markdown_renders() {
        let html = to_html(
            "# Titel\n\nEin **fetter** Text mit [Link](https://example.org).\n\n- eins\n- zwei",
        );
        assert!(html.contains("<h1>Titel</h1>"), "{html}");
        assert!(html.contains("<strong>fetter</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org" rel="noopener nofollow">Link</a>"#),
            "{html}"
        );
        assert!(html.contains("<li>zwei</li>"), "{html}");
    }

    #[test]
    fn hostile_input_is_made_harmless() {
        let hostile = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<p onclick=\"alert(1)\">x</p>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
            "<style>body{display:none}</style>",
            "<form action=\"https://evil.example\"><input name=x></form>",
            "[x](vbscript:msgbox)",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
        ];
        for input in hostile {
            let html = to_html(input).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onclick",
                "onload",
                "javascript:",
                "vbscript:",
                "<iframe",
                "<svg",
                "data:text",
                "<style",
                "<form",
                "<input",
                "style=",
            ] {
                assert!(!html.contains(bad), "{input:?} gave {html:?}");
            }
        }
    }

    #[test]
    fn raw_links_get_the_rel_attribute_too() {
        let html =
            to_html("<a href=\"https://example.org\" rel=\"opener\" target=\"_blank\">x</a>");
        assert!(html.contains("rel=\"noopener nofollow\""), "{html}");
        assert!(!html.contains("rel=\"opener\""), "{html}");
    }
}
