//! What the search page needs around the index: where the viewer may search (the one policy
//! over the forums), the topics the facets name and the boards of found entries.

use std::collections::HashMap;

use urbis_domain::knowledge::Collection;
use urbis_domain::network::{Forum, Topic};
use urbis_domain::policy::SearchScope;
use urbis_domain::{Id, Viewer};

use crate::visible;
use crate::{App, AppError};

/// Where the viewer may find records on `forum`'s site: its records, those shared into it,
/// and for an umbrella's office its forums' (one query for the forums).
pub async fn scopes(app: &App, viewer: &Viewer, forum: &Id) -> Result<Vec<SearchScope>, AppError> {
    let forums: Vec<Forum> = crate::forums::all(app).await?;
    Ok(match forums.iter().find(|f| &f.id == forum) {
        Some(here) => viewer.search_scopes(here, &forums),
        None => Vec::new(),
    })
}

/// The topics of these ids the viewer may see, by id (the facets name only those).
pub async fn topics(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    ids: &[Id],
) -> Result<HashMap<Id, Topic>, AppError> {
    visible::by_id::<Topic>(app, viewer, forum, ids).await
}

/// The slugs of the collections of these ids, by id (where a found entry's board is).
pub async fn boards(app: &App, ids: &[Id]) -> Result<HashMap<Id, String>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(app
        .store()
        .get_many::<Collection>(ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c.slug))
        .collect())
}
