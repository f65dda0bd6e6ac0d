//! Rich text written in Markdown (entry notes, descriptions, summaries), rendered to HTML and
//! sanitised before any page shows it: whatever a member types, no script, no event handler and
//! no `javascript:` address reaches a reader's browser. The same text renders to the same
//! HTML, so what was rendered lately is kept (up to [`KEPT_BYTES`]) instead of parsed and
//! sanitised again for every page that shows it.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock, Mutex};

use pulldown_cmark::{Options, Parser, html};
use urbis_app::byte_lru::ByteLru;

/// The most bytes of Markdown and its HTML kept rendered.
pub const KEPT_BYTES: usize = 2 * 1024 * 1024;

/// Texts rendered lately, each costing the bytes of its Markdown and its HTML.
static RENDERED: LazyLock<Mutex<ByteLru<String, Arc<str>>>> =
    LazyLock::new(|| Mutex::new(ByteLru::new(KEPT_BYTES)));

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
    if let Some(html) = RENDERED
        .lock()
        .ok()
        .and_then(|mut kept| kept.get(markdown).cloned())
    {
        return html.to_string();
    }
    let html = render(markdown);
    let cost = markdown.len() + html.len();
    if cost <= KEPT_BYTES / 16
        && let Ok(mut kept) = RENDERED.lock()
    {
        kept.put(markdown.to_owned(), Arc::from(html.as_str()), cost);
    }
    html
}

fn render(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    CLEANER.clean(&raw).to_string()
}

#[cfg(test)]
mod tests {
    use super::{KEPT_BYTES, RENDERED, to_html};

    #[test]
    fn a_kept_rendering_is_the_same_and_the_kept_ones_stay_in_budget() {
        let text = "Ein **behaltener** Text <script>alert(1)</script>";
        let first = to_html(text);
        assert_eq!(to_html(text), first);
        assert!(!first.contains("<script"), "{first}");
        for n in 0..2000 {
            to_html(&format!("{n} {}", "x".repeat(4000)));
        }
        let kept = RENDERED.lock().map_or(usize::MAX, |k| k.bytes());
        assert!(kept <= KEPT_BYTES, "{kept} bytes kept");
    }

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
