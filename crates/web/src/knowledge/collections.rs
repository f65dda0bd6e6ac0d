//! The list of information collections the visitor may see.

use crate::site::Site;
use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use urbis_app::paging::PageRequest;
use urbis_domain::{Access, Viewer};

use crate::home::{Params, bad_request, page_number};
use crate::pager::Pager;

use crate::error::WebError;
use crate::format::Shown;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// One collection as listed.
pub struct CollectionRow {
    slug: String,
    new_entries: i64,
    title: Shown,
    description: String,
    entries: i64,
}

/// The collections page.
#[derive(Template)]
#[template(path = "knowledge/collections.html")]
pub struct CollectionsPage {
    frame: Frame,
    collections: Vec<CollectionRow>,
    login_hint: bool,
    pager: Pager,
}

/// How many collections one page lists.
pub const PAGE_SIZE: u32 = 50;

/// Lists the collections the viewer may read, each with its number of visible entries, a
/// page at a time (`?page=N`).
pub async fn list(
    state: Site,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let viewer: &Viewer = &visitor.viewer;
    let level = viewer.reads(&state.forum);
    let t = visitor.t();
    let Some(page) = page_number(&Params::parse(raw.as_deref())) else {
        return Ok(bad_request());
    };
    let found = urbis_app::knowledge::collections::list(
        &state.app,
        viewer,
        &state.forum,
        visitor.user.as_ref().map(|u| &u.id),
        PageRequest::new(page, PAGE_SIZE),
    )
    .await?;
    let pager = Pager::new(found.page(), |page| format!("/collections?page={page}"));
    let rows = found
        .rows()
        .map(|(collection, entries, new_entries)| CollectionRow {
            slug: collection.slug.clone(),
            new_entries,
            title: Shown::new(&t, &collection.title),
            description: collection
                .description
                .as_ref()
                .map(|d| crate::markdown::to_html(d.localize(t.lang).text))
                .unwrap_or_default(),
            entries,
        })
        .collect();
    Ok(render(&CollectionsPage {
        frame: visitor.frame(),
        collections: rows,
        login_hint: level == Access::Public,
        pager,
    }))
}
