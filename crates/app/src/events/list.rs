//! The list of events a visitor sees: ahead or past by the date (the last day an event covers,
//! in the network's time zone), of one kind or series, a page at a time, filtered, sorted,
//! counted and paged in the database.

use std::sync::Arc;

use jiff::civil::Date;
use urbis_domain::events::{Event, EventKind};
use urbis_domain::{Id, Viewer};
use urbis_store::{ListQuery, Value};

use crate::paging::{Page, PageRequest};
use crate::{App, AppError};

/// Which events of the forum's calendar a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Those not yet over (the day they end included), soonest first.
    Ahead,
    /// Those over, latest first.
    Past,
}

/// What a list of events is narrowed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFilter {
    /// Ahead or past.
    pub when: When,
    /// Only events of this kind.
    pub kind: Option<EventKind>,
    /// Only the sessions of this series.
    pub series: Option<Id>,
}

/// The query for the events of `forum` the viewer may see (with those shared into it) that
/// match `filter` on `today`, in list order.
fn query(viewer: &Viewer, forum: &Id, filter: &EventFilter, today: Date) -> ListQuery {
    let mut query = ListQuery::new(forum, viewer.reads(forum)).with_shared();
    if let Some(kind) = &filter.kind {
        query = query.filter("kind", Value::name(kind));
    }
    if let Some(series) = &filter.series {
        query = query.filter("series_id", Value::id(series));
    }
    match filter.when {
        When::Ahead => ahead(query, today),
        When::Past => past(query, today),
    }
}

/// The events of `query` not yet over on `today`, soonest first.
pub(crate) fn ahead(query: ListQuery, today: Date) -> ListQuery {
    query
        .at_least("last_day", Value::day(today))
        .order_by("start_date", false)
}

/// The events of `query` over before `today`, latest first. What is over began before today
/// too: saying so lets the (forum, start) index serve the order, so a page of the past reads
/// no more than its own rows however long the past is.
pub(crate) fn past(query: ListQuery, today: Date) -> ListQuery {
    query
        .below("last_day", Value::day(today))
        .below("start_date", Value::day(today))
        .order_by("start_date", true)
}

/// One page of the events of `forum` the viewer may see that match `filter` on `today` (a
/// page past the end is the last page): kept for the viewer's roles, else one count and one
/// page query.
pub async fn list(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    filter: &EventFilter,
    today: Date,
    page: PageRequest,
) -> Result<Arc<Page<Event>>, AppError> {
    let params = format!("{filter:?} {today} {page:?}");
    app.kept("events", forum, viewer, params, || async move {
        crate::paging::read(app, &query(viewer, forum, filter, today), page).await
    })
    .await
}

/// The first `limit` events of `forum` the viewer may see that match `filter` on `today`,
/// without counting the rest (the home page's next events): one query.
pub async fn first(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    filter: &EventFilter,
    today: Date,
    limit: u32,
) -> Result<Vec<Event>, AppError> {
    let query = query(viewer, forum, filter, today).page(i64::from(limit), 0);
    Ok(app.store().list(&query).await?)
}

/// How many series the list's filter offers at most (the latest changed).
pub const SERIES_CHOICES: i64 = 200;

/// The series of `forum` the viewer may see (with those shared into it) that the list can be
/// narrowed to.
pub async fn series_choices(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
) -> Result<Arc<Vec<urbis_domain::events::Series>>, AppError> {
    app.kept("series choices", forum, viewer, String::new(), || async {
        let query = ListQuery::new(forum, viewer.reads(forum))
            .with_shared()
            .order_by("updated_at", true)
            .page(SERIES_CHOICES, 0);
        Ok(app.store().list(&query).await?)
    })
    .await
}
