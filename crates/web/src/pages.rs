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
}

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

/// Renders a page template, or the plain server error when rendering fails.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            tracing::error!(%error, "a page could not be rendered");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side.",
            )
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
        },
        title: t.get("error-title"),
        message: t.get(message_id),
    };
    (status, render(&page)).into_response()
}
