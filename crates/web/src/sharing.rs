//! Records other forums share into this one (see `urbis_domain::sharing`): whether the
//! visitor may read one here, and the mark that names the forum it comes from.

use std::collections::HashMap;

use urbis_domain::network::Forum;
use urbis_domain::{Id, Record, Viewer};

use crate::error::WebError;
use crate::site::Site;

/// The short names ("EFUS") of the other forums among the owning `forums` of listed records,
/// by forum id: one query, and none when every record is this forum's own.
pub async fn owners<'a>(
    state: &Site,
    forums: impl IntoIterator<Item = &'a Id>,
) -> Result<HashMap<Id, String>, WebError> {
    let mut ids: Vec<Id> = forums
        .into_iter()
        .filter(|f| *f != &state.forum)
        .cloned()
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    ids.sort();
    ids.dedup();
    Ok(state
        .store
        .get_many::<Forum>(&ids)
        .await?
        .into_iter()
        .map(|f| (f.id, f.short_name))
        .collect())
}

/// Of records read by id, those the viewer may see on this site: this forum's own ones by
/// the policy, and those other forums share into it by the viewer's role here (one query for
/// the forums, and only when there are such records).
pub async fn readable<R: Record>(
    state: &Site,
    viewer: &Viewer,
    records: Vec<R>,
) -> Result<Vec<R>, WebError> {
    let foreign = |r: &R| r.forum() != &state.forum && !r.shared().is_forum();
    if !records.iter().any(foreign) {
        return Ok(records
            .into_iter()
            .filter(|r| r.forum() == &state.forum && viewer.may_read(r))
            .collect());
    }
    let mut ids: Vec<Id> = records.iter().map(|r| r.forum().clone()).collect();
    ids.push(state.forum.clone());
    ids.sort();
    ids.dedup();
    let forums: HashMap<Id, Forum> = state
        .store
        .get_many::<Forum>(&ids)
        .await?
        .into_iter()
        .map(|f| (f.id.clone(), f))
        .collect();
    let Some(here) = forums.get(&state.forum) else {
        return Ok(Vec::new());
    };
    Ok(records
        .into_iter()
        .filter(|r| {
            forums
                .get(r.forum())
                .is_some_and(|owner| viewer.may_read_in(r, owner, here))
        })
        .collect())
}
