//! `/admin`: the back office's start page, every record kind with its count.

use crate::site::Site;
use askama::Template;
use axum::response::Response;

use super::fields::KINDS;
use super::{data, refuse_non_office};
use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// One kind on the start page.
pub struct KindRow {
    /// The address part (`events`).
    pub plural: &'static str,
    /// The kind's name in the reader's language.
    pub label: String,
    /// How many records of the kind the forum has.
    pub count: i64,
}

/// The start page.
#[derive(Template)]
#[template(path = "admin/start.html")]
pub struct StartPage {
    frame: Frame,
    kinds: Vec<KindRow>,
    /// The visitor may create forums: the page links to the forums of the installation.
    installation_admin: bool,
}

/// Lists every record kind with its count (office only).
pub async fn show(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    if let Some(response) = refuse_non_office(&state, &visitor, "/admin") {
        return Ok(response);
    }
    let t = visitor.t();
    let mut kinds = Vec::with_capacity(KINDS.len());
    for &kind in KINDS {
        kinds.push(KindRow {
            plural: kind.plural(),
            label: kind_label(&t, kind),
            count: data::count(&state.app, &visitor.viewer, &state.forum, kind).await?,
        });
    }
    let installation_admin = match &visitor.user {
        Some(user) if visitor.viewer.may_administer(&state.forum) => {
            urbis_app::forums::is_installation_admin(
                user,
                &urbis_app::forums::all(&state.app).await?,
            )
        }
        _ => false,
    };
    Ok(render(&StartPage {
        frame: visitor.frame(),
        kinds,
        installation_admin,
    }))
}

/// The name of a kind in the reader's language (`bo-kind-events`).
pub fn kind_label(t: &crate::i18n::Tr, kind: urbis_domain::Kind) -> String {
    t.try_get(&format!("bo-kind-{}", kind.plural()))
        .unwrap_or_else(|| kind.plural().replace('_', " "))
}
