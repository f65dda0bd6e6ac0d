//! The member list: the organisations of a forum with an active membership, by name, a page
//! at a time, counted and paged in the database.

use std::sync::Arc;

use urbis_domain::network::{Forum, Membership, MembershipStatus, Organisation};
use urbis_domain::{Id, Viewer};
use urbis_store::{ListQuery, Value};

use crate::paging::{Page, PageRequest};
use crate::{App, AppError};

/// The member list of a forum: the forum and one page of its members.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Members {
    /// The forum.
    pub forum: Forum,
    /// The members on this page, by name.
    pub members: Page<Organisation>,
}

/// One page of the organisations of `forum` the viewer may see with an active membership the
/// viewer may see, sorted by name: kept for the viewer's roles, else one count and one page
/// query.
pub async fn members(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    page: PageRequest,
) -> Result<Arc<Members>, AppError> {
    app.kept("members", forum, viewer, format!("{page:?}"), || {
        read(app, viewer, forum, page)
    })
    .await
}

async fn read(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    page: PageRequest,
) -> Result<Members, AppError> {
    let query = ListQuery::new(forum, viewer.reads(forum)).referenced_by::<Membership>(
        "organisation_id",
        vec![("status", Value::name(&MembershipStatus::Active))],
    );
    let members = crate::paging::read(app, &query.order_by("sort_name", false), page).await?;
    Ok(Members {
        forum: app.store().get(forum).await?,
        members,
    })
}
