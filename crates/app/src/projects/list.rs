//! The project list (of one kind or all, by kind and acronym, a page at a time) and the office's
//! board of funding applications with what its cards name.

use std::collections::HashMap;

use urbis_domain::network::Organisation;
use urbis_domain::portal::FundingCall;
use urbis_domain::projects::{FundingApplication, Project, ProjectKind};
use urbis_domain::{Access, Id, Viewer};
use urbis_store::{ListQuery, Value};

use crate::paging::{Page, PageRequest};
use crate::{App, AppError};

/// How many applications the board holds at most (the latest submitted).
pub const BOARD_APPLICATIONS: i64 = 500;

/// One page of the projects of `forum` the viewer may see (of one kind, if given), by kind and
/// acronym: one count and one page query.
pub async fn list(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    kind: Option<&ProjectKind>,
    page: PageRequest,
) -> Result<Page<Project>, AppError> {
    let mut query = ListQuery::new(forum, viewer.reads(forum));
    if let Some(kind) = kind {
        query = query.filter("kind", Value::name(kind));
    }
    let query = query.order_by("kind", false).order_by("acronym_key", false);
    crate::paging::read(app, &query, page).await
}

/// The records of the applications board.
#[derive(Debug, Clone)]
pub struct ApplicationBoard {
    /// The applications, the latest submitted first.
    pub applications: Vec<FundingApplication>,
    /// The calls they answer, by id.
    pub calls: HashMap<Id, FundingCall>,
    /// The organisations they name (funder, lead, partners), by id.
    pub organisations: HashMap<Id, Organisation>,
    /// Their projects, by id.
    pub projects: HashMap<Id, Project>,
}

/// The office's board of `forum`'s funding applications (every access level: only the office
/// sees it); one query per kind.
pub async fn board(app: &App, forum: &Id) -> Result<ApplicationBoard, AppError> {
    let store = app.store();
    let query = ListQuery::new(forum, Access::Staff)
        .order_by("submitted", true)
        .page(BOARD_APPLICATIONS, 0);
    let applications: Vec<FundingApplication> = store.list(&query).await?;
    let call_ids: Vec<Id> = applications.iter().filter_map(|a| a.call.clone()).collect();
    let org_ids: Vec<Id> = applications
        .iter()
        .flat_map(|a| {
            a.funder
                .iter()
                .chain(a.lead.iter())
                .chain(a.partners.iter().map(|p| &p.organisation))
                .cloned()
        })
        .collect();
    let project_ids: Vec<Id> = applications
        .iter()
        .filter_map(|a| a.project.clone())
        .collect();
    let calls = by_id(store.get_many::<FundingCall>(&dedup(call_ids)).await?);
    let organisations = by_id(store.get_many::<Organisation>(&dedup(org_ids)).await?);
    let projects = by_id(store.get_many::<Project>(&dedup(project_ids)).await?);
    Ok(ApplicationBoard {
        applications,
        calls,
        organisations,
        projects,
    })
}

fn dedup(mut ids: Vec<Id>) -> Vec<Id> {
    ids.sort();
    ids.dedup();
    ids
}

fn by_id<R: urbis_domain::Record>(records: Vec<R>) -> HashMap<Id, R> {
    records.into_iter().map(|r| (r.id().clone(), r)).collect()
}
