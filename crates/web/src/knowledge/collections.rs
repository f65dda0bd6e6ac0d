//! The list of information collections the visitor may see.

use crate::site::Site;
use askama::Template;
use axum::response::Response;
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::{Access, Viewer};
use urbis_store::ListQuery;

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
}

/// Lists the collections the viewer may read, each with its number of visible entries.
pub async fn list(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    let viewer: &Viewer = &visitor.viewer;
    let level = viewer.reads(&state.forum);
    let query = ListQuery::new(&state.forum, level).order_by("slug", false);
    let collections: Vec<Collection> = state.store.list(&query).await?;
    let t = visitor.t();
    let counts = state
        .store
        .count_by::<Entry>(
            &ListQuery::new(&state.forum, level)
                .filter("archived", urbis_store::Value::flag(false)),
            "collection_id",
        )
        .await?;
    let new_counts = match &visitor.user {
        Some(user) => {
            state
                .store
                .new_entry_counts(&state.forum, &user.id, level)
                .await?
        }
        _ => std::collections::HashMap::new(),
    };
    let mut rows = Vec::with_capacity(collections.len());
    for collection in &collections {
        let entries = counts.get(collection.id.as_str()).copied().unwrap_or(0);
        rows.push(CollectionRow {
            slug: collection.slug.clone(),
            new_entries: new_counts.get(collection.id.as_str()).copied().unwrap_or(0),
            title: Shown::new(&t, &collection.title),
            description: collection
                .description
                .as_ref()
                .map(|d| crate::markdown::to_html(d.localize(t.lang).text))
                .unwrap_or_default(),
            entries,
        });
    }
    rows.sort_by_key(|r| r.title.text.to_lowercase());
    Ok(render(&CollectionsPage {
        frame: visitor.frame(),
        collections: rows,
        login_hint: level == Access::Public,
    }))
}
