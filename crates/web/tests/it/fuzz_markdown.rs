//! Fuzz target: the Markdown renderer and its sanitiser. Whatever a member types — arbitrary
//! text or a grammar of hostile HTML and Markdown — the output, parsed by a real HTML parser,
//! holds no script element, no event handler, no style and no address a browser would run.
//! Longer run: `PROPTEST_CASES=100000 cargo test --release -p urbis-web --test it fuzz_markdown::`.

use proptest::prelude::*;
use scraper::Html;
use urbis_web::markdown::to_html;

/// Elements that run code, load other documents or change the page around the text.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "base",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "meta",
    "link",
    "template",
    "noscript",
    "img",
    "video",
    "audio",
    "source",
    "track",
    "portal",
    "xmp",
    "plaintext",
];

/// Attributes that hold an address.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
    "background",
    "cite",
    "data",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
    "manifest",
    "codebase",
];

/// Why `html` (the sanitiser's output) could run something in a browser, if it could.
fn danger(html: &str) -> Option<String> {
    let document = Html::parse_fragment(html);
    let base = url::Url::parse("https://urbis.example/page").expect("base");
    for node in document.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name().to_ascii_lowercase();
        if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
            return Some(format!("a <{name}> element"));
        }
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                return Some(format!("the event handler {attribute}={value:?}"));
            }
            if attribute == "style" {
                return Some(format!("a style attribute {value:?}"));
            }
            if attribute == "srcdoc" || attribute == "http-equiv" {
                return Some(format!("the attribute {attribute}"));
            }
            if URL_ATTRIBUTES.contains(&attribute.as_str()) {
                // Resolved as a browser resolves it: tabs and newlines dropped, leading
                // spaces and controls trimmed, schemes case-insensitive.
                if let Ok(resolved) = base.join(value)
                    && !matches!(resolved.scheme(), "http" | "https" | "mailto")
                {
                    return Some(format!(
                        "{attribute}={value:?}, an address with the scheme {}",
                        resolved.scheme()
                    ));
                }
            }
        }
    }
    None
}

/// Pieces of hostile input: tags, attributes, addresses in many spellings, Markdown syntax.
fn piece() -> impl Strategy<Value = String> {
    let tags = prop::sample::select(vec![
        "script",
        "SCRIPT",
        "ScRiPt",
        "img",
        "svg",
        "math",
        "iframe",
        "a",
        "style",
        "object",
        "embed",
        "base",
        "form",
        "meta",
        "link",
        "details",
        "xmp",
        "noscript",
        "template",
        "textarea",
        "title",
        "plaintext",
        "div",
        "p",
        "table",
        "td",
        "annotation-xml",
        "mglyph",
        "foreignObject",
        "animate",
        "set",
        "use",
        "video",
        "audio",
        "source",
        "button",
        "select",
        "option",
        "marquee",
        "body",
        "html",
        "frameset",
        "isindex",
        "keygen",
    ]);
    let attributes = prop::sample::select(vec![
        "onclick",
        "onerror",
        "ONLOAD",
        "onmouseover",
        "onfocus",
        "href",
        "src",
        "xlink:href",
        "action",
        "formaction",
        "srcdoc",
        "style",
        "background",
        "data",
        "poster",
        "srcset",
        "autofocus",
        "rel",
        "target",
        "title",
        "class",
        "id",
        "http-equiv",
        "content",
        "attributeName",
        "to",
        "values",
        "from",
    ]);
    let addresses = prop::sample::select(vec![
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\u{0}script:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript&#x3A;alert(1)",
        "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)",
        "javascript&colon;alert(1)",
        "javas&Tab;cript:alert(1)",
        "\u{1}javascript:alert(1)",
        "%6Aavascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "DATA:text/html,<script>alert(1)</script>",
        "livescript:alert(1)",
        "mocha:alert(1)",
        "https://example.org/x?a=1&b=2",
        "mailto:a@example.org",
        "//evil.example/x",
        "/relative",
        "javascript://%0Aalert(1)",
        "x:expression(alert(1))",
        "background:url(javascript:alert(1))",
        "width: expression(alert(1))",
    ]);
    let fixed = prop::sample::select(vec![
        "<",
        ">",
        "</",
        "/>",
        "\"",
        "'",
        "`",
        "=",
        " ",
        "\n",
        "\n\n",
        "&",
        "&lt;",
        "&#60;",
        "&#x3C;",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<?",
        "?>",
        "<!DOCTYPE html>",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "\\",
        "*",
        "_",
        "~~",
        "#",
        "> ",
        "- ",
        "1. ",
        "    ",
        "```",
        "|",
        "|---|",
        "[ref]: ",
        "\u{0}",
        "\u{feff}",
        "\u{2028}",
        "\r",
        "\t",
    ]);
    prop_oneof![
        3 => (tags.clone(), attributes.clone(), addresses.clone()).prop_map(|(t, a, u)| format!("<{t} {a}=\"{u}\">")),
        2 => (tags.clone(), attributes.clone(), addresses.clone()).prop_map(|(t, a, u)| format!("<{t} {a}={u}>")),
        2 => (tags.clone(), attributes.clone(), addresses.clone()).prop_map(|(t, a, u)| format!("<{t}/{a}='{u}'/>")),
        2 => tags.clone().prop_map(|t| format!("</{t}>")),
        2 => tags.prop_map(|t| format!("<{t}>")),
        2 => addresses.clone().prop_map(|u| format!("[click]({u})")),
        2 => addresses.clone().prop_map(|u| format!("![image]({u})")),
        1 => addresses.clone().prop_map(|u| format!("[click]({u} \"title\")")),
        1 => addresses.clone().prop_map(|u| format!("<{u}>")),
        1 => addresses.clone().prop_map(|u| format!("\n[ref]: {u}\n[click][ref]")),
        1 => (attributes, addresses).prop_map(|(a, u)| format!(" {a}=\"{u}\"")),
        4 => fixed.prop_map(str::to_owned),
        2 => "[a-zA-Z0-9 ]{0,12}",
        1 => "\\PC{0,8}",
        2 => prop::sample::select(vec![
            "<svg><script>alert(1)</script></svg>",
            "<math><mi><mglyph><style><img src=x onerror=alert(1)></style></mglyph></mi></math>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
            "<a href=\"javascript&#58;alert(1)\">x</a>",
            "<!--><script>alert(1)</script>-->",
            "<textarea></textarea><script>alert(1)</script>",
            "[x](<javascript:alert(1)>)",
            "[x]( javascript:alert(1) )",
            "<details open ontoggle=alert(1)>",
            "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
            "<svg><a><animate attributeName=href values=javascript:alert(1) /><text>x</text></a>",
            "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
            "<table><td background=\"javascript:alert(1)\">",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Arbitrary text, or hostile pieces put together, nested up to a few levels deep.
fn input() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any::<String>(),
        1 => prop::collection::vec(any::<u8>(), 0..256)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        6 => prop::collection::vec(piece(), 1..40).prop_map(|p| p.concat()),
        1 => (prop::collection::vec(piece(), 1..8), 1usize..200)
            .prop_map(|(p, n)| p.concat().repeat(n)),
    ]
}

/// Markdown rendered without the sanitiser, to count how much of the input was really hostile.
fn unsanitised(markdown: &str) -> String {
    let mut html = String::new();
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, options),
    );
    html
}

#[test]
fn fuzz_markdown_output_never_runs_script() {
    let hostile = std::sync::atomic::AtomicU32::new(0);
    let cases = std::sync::atomic::AtomicU32::new(0);
    urbis_testkit::fuzz::run("markdown", file!(), 1_000, input(), |markdown| {
        cases.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if danger(&unsanitised(&markdown)).is_some() {
            hostile.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let started = std::time::Instant::now();
        let html = to_html(&markdown);
        prop_assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "rendering took {:?}",
            started.elapsed()
        );
        if let Some(danger) = danger(&html) {
            prop_assert!(false, "{danger} in {html:?}");
        }
        Ok(())
    });
    let (hostile, cases) = (hostile.into_inner(), cases.into_inner());
    println!(
        "fuzz markdown: {hostile} of {cases} inputs would run something without the sanitiser"
    );
    assert!(
        hostile * 4 > cases,
        "the grammar must make mostly hostile input: {hostile} of {cases}"
    );
}

#[test]
fn the_checker_sees_what_a_browser_would_run() {
    for (html, found) in [
        ("<script>alert(1)</script>", true),
        ("<p onclick=\"x\">a</p>", true),
        ("<a href=\"java\tscript:alert(1)\">a</a>", true),
        ("<a href=\"  JAVASCRIPT:alert(1)\">a</a>", true),
        ("<a href=\"&#106;avascript:alert(1)\">a</a>", true),
        ("<a href=\"data:text/html,x\">a</a>", true),
        ("<p style=\"width: expression(alert(1))\">a</p>", true),
        (
            "<svg><a xlink:href=\"javascript:alert(1)\">a</a></svg>",
            true,
        ),
        ("<img src=x>", true),
        (
            "<p><a href=\"https://example.org\" rel=\"noopener nofollow\">a</a> <em>b</em></p>",
            false,
        ),
        (
            "<a href=\"/events?x=1\">a</a><a href=\"mailto:a@example.org\">b</a>",
            false,
        ),
        (
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1)</p>",
            false,
        ),
    ] {
        assert_eq!(danger(html).is_some(), found, "{html}: {:?}", danger(html));
    }
}
