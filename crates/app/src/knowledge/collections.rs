//! The list of information collections: a page of the collections a viewer may read, each
//! with its number of entries and of entries new since the viewer's last visit, counted in
//! the database for the collections of the page only.

use std::collections::HashMap;
use std::sync::Arc;

use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::{Access, Id, Viewer};
use urbis_store::{ListQuery, Value};

use crate::paging::{Page, PageRequest};
use crate::{App, AppError};

/// One page of the collections a viewer may read, as the list shows it: what everyone with
/// the viewer's roles sees, and the viewer's own counts of what is new, both kept, never copied.
#[derive(Debug, Clone)]
pub struct CollectionList {
    page: Arc<Page<(Collection, i64)>>,
    news: Arc<HashMap<String, i64>>,
}

impl CollectionList {
    /// The page's collections, each with its entries the viewer may read (not archived) and,
    /// of those, the ones added since the viewer last opened it (0 for visitors).
    pub fn rows(&self) -> impl Iterator<Item = (&Collection, i64, i64)> {
        self.page.rows.iter().map(|(collection, entries)| {
            let new = self.news.get(collection.id.as_str()).copied().unwrap_or(0);
            (collection, *entries, new)
        })
    }

    /// The page itself (number, size, total), for the pager.
    pub fn page(&self) -> &Page<(Collection, i64)> {
        &self.page
    }
}

/// One page of the collections of `forum` the viewer (`user`, when logged in) may read, by
/// slug: a count, a page query and two grouped counts over the page's collections.
pub async fn list(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    user: Option<&Id>,
    page: PageRequest,
) -> Result<CollectionList, AppError> {
    let level = viewer.reads(forum);
    let found = app
        .kept("collections", forum, viewer, format!("{page:?}"), || {
            read(app, forum, level, page)
        })
        .await?;
    // A user's own counts change only with a write (a visit is one), so they are kept like
    // the list, under the user's id.
    let news = match user {
        Some(user) => {
            app.kept(
                "collection-news",
                forum,
                viewer,
                user.to_string(),
                || async { Ok(app.store().new_entry_counts(forum, user, level).await?) },
            )
            .await?
        }
        None => Arc::default(),
    };
    Ok(CollectionList { page: found, news })
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
