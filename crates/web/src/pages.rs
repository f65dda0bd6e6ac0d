//! What every page shares: the frame around the content (language, navigation, the CSRF
//! token for forms) and the error page.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use urbis_domain::Lang;

use crate::i18n::Tr;

/// The parts of the layout every page template needs.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Interface texts in the reader's language.
    pub t: Tr,
    /// The token forms repeat.
    pub csrf: String,
    /// The logged-in user's name, for the navigation.
    pub user_name: Option<String>,
    /// True for the office (staff and administrators), who see the back office in the navigation.
    pub office: bool,
    /// The forum's branding in the header.
    pub brand: Brand,
}

/// What the header shows of the forum a page belongs to.
#[derive(Debug, Clone, Default)]
pub struct Brand {
    /// Its short name ("DEFUS"); empty for a page without a forum.
    pub short_name: String,
    /// Its full name in the reader's language.
    pub name: String,
    /// The address of the stylesheet with its colour, when it has its own.
    pub colours: Option<String>,
    /// The address of its logo, when it has one.
    pub logo: Option<String>,
    /// The interface languages it offers, as (code, name in that language).
    pub langs: Vec<(&'static str, &'static str)>,
}

impl Brand {
    /// The branding of a forum for a reader of `lang`.
    pub fn of(site: &crate::site::ForumSite, lang: Lang) -> Self {
        // The version in the address changes with the colour and logo, so browsers may keep
        // them cached.
        let colours = site
            .colour
            .as_deref()
            .map(|c| format!("/brand/colours.css?v={}", c.trim_start_matches('#')));
        let logo = site
            .logo
            .as_ref()
            .map(|(_, bytes)| format!("/brand/logo?v={:x}", crc(bytes)));
        Self {
            short_name: site.short_name.clone(),
            name: site.name.localize(lang).text.to_owned(),
            colours,
            logo,
            langs: site
                .langs
                .iter()
                .map(|l| (l.code(), language_name(*l)))
                .collect(),
        }
    }
}

/// A short checksum of a logo, to version its address.
fn crc(bytes: &[u8]) -> u32 {
    bytes.iter().fold(2_166_136_261u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(16_777_619)
    })
}

/// A language's name in itself, for the language switch.
fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "Deutsch",
        Lang::En => "English",
        Lang::Fr => "Français",
        Lang::It => "Italiano",
        Lang::Es => "Español",
        Lang::Nl => "Nederlands",
    }
}

#[expect(
    clippy::unused_self,
    reason = "the templates call them on the frame they are given"
)]
impl Frame {
    /// The hashed address of the stylesheet.
    pub fn stylesheet(&self) -> &'static str {
        &crate::assets::STYLESHEET.url
    }

    /// The hashed address of the script.
    pub fn script(&self) -> &'static str {
        &crate::assets::SCRIPT.url
    }
}

/// A page that says one thing: an error or a confirmation.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    /// The frame.
    pub frame: Frame,
    /// The heading's text id.
    pub title: String,
    /// The message.
    pub message: String,
}

/// A page that says one thing to the visitor, in their language and frame, with its status: a
/// refusal with its reason (the event is full, the link has expired, the file is too large) or
/// a confirmation. Errors without a reason of their own are [`crate::error::WebError`]s.
pub fn message_page(
    visitor: &crate::visitor::Visitor,
    status: StatusCode,
    title_id: &str,
    message: String,
) -> Response {
    let page = MessagePage {
        frame: visitor.frame(),
        title: visitor.t().get(title_id),
        message,
    };
    (status, render(&page)).into_response()
}

/// Renders a page template, or the server error (the error page) when rendering fails.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            crate::error::WebError::Internal(format!("a page could not be rendered: {error}"))
                .into_response()
        }
    }
}

/// An error page in the reader's language, without anything user-specific.
pub fn error_page(status: StatusCode, lang: Lang, message_id: &str) -> Response {
    let t = Tr::new(lang);
    let page = MessagePage {
        frame: Frame {
            t,
            csrf: String::new(),
            user_name: None,
            office: false,
            brand: Brand {
                langs: vec![(lang.code(), language_name(lang))],
                ..Brand::default()
            },
        },
        title: t.get("error-title"),
        message: t.get(message_id),
    };
    (status, render(&page)).into_response()
}
