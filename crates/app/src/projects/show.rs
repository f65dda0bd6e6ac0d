//! What the page of one project shows: the project, the organisations and topics it names, and
//! its series, events and publications, as far as the viewer may see them; each list bounded.

use std::collections::HashMap;

use urbis_domain::events::{Event, Series};
use urbis_domain::network::{Organisation, Topic};
use urbis_domain::portal::Publication;
use urbis_domain::projects::Project;
use urbis_domain::{Id, Viewer};
use urbis_store::{ListQuery, Value};

use crate::visible;
use crate::{App, AppError};

/// How many series, events and publications of one project the page lists at most (each).
pub const ITEMS: u32 = 100;

/// The records of a project's page.
#[derive(Debug, Clone)]
pub struct ProjectView {
    /// The project.
    pub project: Project,
    /// The organisations it names (funder, coordinator, partners, members involved), by id.
    pub organisations: HashMap<Id, Organisation>,
    /// Its topics, by id.
    pub topics: HashMap<Id, Topic>,
    /// Its events, latest first.
    pub events: Vec<Event>,
    /// Its series.
    pub series: Vec<Series>,
    /// Its publications, newest first.
    pub publications: Vec<Publication>,
}

/// Reads the project `id` (as written in the address) the viewer may see on `forum`'s site,
/// with what its page shows; not found for an unknown or hidden project.
pub async fn show(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    id: &str,
) -> Result<ProjectView, AppError> {
    let project: Project = visible::one(app, viewer, forum, id).await?;
    let level = viewer.reads(forum);
    let of_project = |order: &'static str| {
        ListQuery::new(forum, level)
            .filter("project_id", Value::id(&project.id))
            .order_by(order, true)
            .page(i64::from(ITEMS), 0)
    };
    let store = app.store();
    let events: Vec<Event> = store.list(&of_project("start_date")).await?;
    let series: Vec<Series> = store.list(&of_project("id")).await?;
    let publications: Vec<Publication> = store.list(&of_project("published")).await?;
    let named: Vec<Id> = (project.funder.iter())
        .chain(&project.coordinator)
        .chain(project.partners.iter().map(|p| &p.organisation))
        .chain(&project.members_involved)
        .cloned()
        .collect();
    let organisations = visible::by_id::<Organisation>(app, viewer, forum, &named).await?;
    let topics = visible::by_id::<Topic>(app, viewer, forum, &project.topics).await?;
    Ok(ProjectView {
        project,
        organisations,
        topics,
        events,
        series,
        publications,
    })
}
