//! What the page of one event shows: the event, what it belongs to, who speaks and hosts, its
//! publications and topics, as far as the viewer may see them. Only the records the event
//! names are read, one query per kind, however large the network.

use std::collections::HashMap;
use std::sync::Arc;

use urbis_domain::events::{Event, Series};
use urbis_domain::network::{Organisation, Person, Topic};
use urbis_domain::portal::Publication;
use urbis_domain::projects::Project;
use urbis_domain::{Id, Viewer};
use urbis_store::{ListQuery, Value};

use crate::visible;
use crate::{App, AppError};

/// How many publications of one event the page lists at most.
pub const PUBLICATIONS: u32 = 50;

/// The records of an event's page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventView {
    /// The event.
    pub event: Event,
    /// The short name of the forum that shares it into this one, if it is another's.
    pub shared_by: Option<String>,
    /// Its series, when the viewer may see it.
    pub series: Option<Series>,
    /// Its project, when the viewer may see it.
    pub project: Option<Project>,
    /// The publications about it, newest first.
    pub publications: Vec<Publication>,
    /// Its speakers' person records, by id.
    pub people: HashMap<Id, Person>,
    /// The organisations it names (host, co-organisers, speakers'), by id.
    pub organisations: HashMap<Id, Organisation>,
    /// Its topics, by id.
    pub topics: HashMap<Id, Topic>,
}

/// The event `id` (as written in the address) the viewer may see on `forum`'s site, with what
/// its page shows (kept for the viewer's roles); not found for an unknown or hidden event.
pub async fn show(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    id: &str,
) -> Result<Arc<EventView>, AppError> {
    app.kept("event", forum, viewer, id.to_owned(), || {
        read(app, viewer, forum, id)
    })
    .await
}

async fn read(app: &App, viewer: &Viewer, forum: &Id, id: &str) -> Result<EventView, AppError> {
    let event: Event = visible::one(app, viewer, forum, id).await?;
    let level = viewer.reads(forum);
    let series = match &event.series {
        Some(id) => visible::many::<Series>(app, viewer, forum, std::slice::from_ref(id))
            .await?
            .pop(),
        None => None,
    };
    let project = match &event.project {
        Some(id) => visible::many::<Project>(app, viewer, forum, std::slice::from_ref(id))
            .await?
            .pop(),
        None => None,
    };
    let publications: Vec<Publication> = app
        .store()
        .list(
            &ListQuery::new(forum, level)
                .filter("event_id", Value::id(&event.id))
                .order_by("published", true)
                .page(i64::from(PUBLICATIONS), 0),
        )
        .await?;
    let speakers: Vec<Id> = event
        .speakers
        .iter()
        .filter_map(|s| s.person.clone())
        .collect();
    let people = visible::by_id::<Person>(app, viewer, forum, &speakers).await?;
    let named: Vec<Id> = (event.host.iter())
        .chain(&event.co_organisers)
        .chain(
            event
                .speakers
                .iter()
                .filter_map(|s| s.organisation.as_ref()),
        )
        .chain(people.values().filter_map(|p| p.organisation.as_ref()))
        .cloned()
        .collect();
    let organisations = visible::by_id::<Organisation>(app, viewer, forum, &named).await?;
    let topics = visible::by_id::<Topic>(app, viewer, forum, &event.topics).await?;
    let shared_by = visible::owners(app, forum, [&event.forum])
        .await?
        .remove(&event.forum);
    Ok(EventView {
        event,
        shared_by,
        series,
        project,
        publications,
        people,
        organisations,
        topics,
    })
}

/// How many sessions of one series its page lists at most.
pub const SESSIONS: u32 = 200;

/// The records of a series' page.
#[derive(Debug, Clone)]
pub struct SeriesView {
    /// The series.
    pub series: Series,
    /// Its sessions the viewer may see, soonest first.
    pub events: Vec<Event>,
    /// Its project, when the viewer may see it.
    pub project: Option<Project>,
    /// Its topics, by id.
    pub topics: HashMap<Id, Topic>,
}

/// Reads the series `id` (as written in the address) the viewer may see on `forum`'s site,
/// with its sessions; not found for an unknown or hidden series.
pub async fn series(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    id: &str,
) -> Result<SeriesView, AppError> {
    let series: Series = visible::one(app, viewer, forum, id).await?;
    let events: Vec<Event> = app
        .store()
        .list(
            &ListQuery::new(forum, viewer.reads(forum))
                .filter("series_id", Value::id(&series.id))
                .order_by("start_date", false)
                .page(i64::from(SESSIONS), 0),
        )
        .await?;
    let project = match &series.project {
        Some(id) => visible::many::<Project>(app, viewer, forum, std::slice::from_ref(id))
            .await?
            .pop(),
        None => None,
    };
    let topics = visible::by_id::<Topic>(app, viewer, forum, &series.topics).await?;
    Ok(SeriesView {
        series,
        events,
        project,
        topics,
    })
}
