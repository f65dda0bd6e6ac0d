//! The list of information collections: a page of the collections a viewer may read, each
//! with its number of entries and of entries new since the viewer's last visit, counted in
//! the database for the collections of the page only.

use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::{Access, Id, Viewer};
use urbis_store::{ListQuery, Value};

use crate::paging::{Page, PageRequest};
use crate::{App, AppError};

/// A collection as the list shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CollectionSummary {
    /// The collection.
    pub collection: Collection,
    /// Its entries the viewer may read, not archived.
    pub entries: i64,
    /// Of those, the ones added since the viewer last opened it (0 for visitors).
    pub new_entries: i64,
}

/// One page of the collections of `forum` the viewer (`user`, when logged in) may read, by
/// slug: a count, a page query and two grouped counts over the page's collections.
pub async fn list(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    user: Option<&Id>,
    page: PageRequest,
) -> Result<Page<CollectionSummary>, AppError> {
    let level = viewer.reads(forum);
    let found = app
        .kept("collections", forum, viewer, format!("{page:?}"), || {
            read(app, forum, level, page)
        })
        .await?;
    let new_counts = match user {
        Some(user) => app.store().new_entry_counts(forum, user, level).await?,
        None => Default::default(),
    };
    Ok(Page {
        rows: (found.rows.iter())
            .map(|(collection, entries)| CollectionSummary {
                new_entries: new_counts.get(collection.id.as_str()).copied().unwrap_or(0),
                entries: *entries,
                collection: collection.clone(),
            })
            .collect(),
        total: found.total,
        number: found.number,
        size: found.size,
    })
}

/// One page of the collections a viewer reading up to `level` may read, each with its number
/// of entries: what every viewer of that level sees alike.
async fn read(
    app: &App,
    forum: &Id,
    level: Access,
    page: PageRequest,
) -> Result<Page<(Collection, i64)>, AppError> {
    let query = ListQuery::new(forum, level).order_by("slug", false);
    let found: Page<Collection> = crate::paging::read(app, &query, page).await?;
    let ids: Vec<Value> = found.rows.iter().map(|c| Value::id(&c.id)).collect();
    let counts = app
        .store()
        .count_by::<Entry>(
            &ListQuery::new(forum, level)
                .filter_any("collection_id", ids)
                .filter("archived", Value::flag(false)),
            "collection_id",
        )
        .await?;
    Ok(found.map(|collection| {
        let entries = counts.get(collection.id.as_str()).copied().unwrap_or(0);
        (collection, entries)
    }))
}
