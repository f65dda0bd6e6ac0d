//! The one HTML escaper of urbis: the template engine's (askama's `Html` escaper), for the few
//! places that write HTML without a template (the report's HTML, mails, search snippets, texts
//! the pages print with `|safe`). It lives here, the lowest crate every one of them depends
//! on; askama does no I/O. Other formats (iCal, Markdown, typst) have escapers of their own.

use std::fmt;

use askama::filters::{Escaper, Html};

/// Writes `text` escaped for HTML element content and quoted attribute values.
pub fn write_escaped(out: &mut impl fmt::Write, text: &str) -> fmt::Result {
    Html.write_escaped_str(out, text)
}

/// `text` escaped for HTML element content and quoted attribute values (`<` → `&#60;`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Writing into a String never fails.
    let _ = write_escaped(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_nothing_else() {
        assert_eq!(escape("<b>&\"'"), "&#60;b&#62;&#38;&#34;&#39;");
        assert_eq!(escape("Städte – ok"), "Städte – ok");
        let mut out = String::new();
        write_escaped(&mut out, "a<b").unwrap();
        assert_eq!(out, "a&#60;b");
    }
}
