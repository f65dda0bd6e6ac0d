//! What the home page of a forum's site shows: the forum, its next events, the latest portal
//! items and the topics its latest plans put first, as far as the viewer may see them. Each
//! list is a bounded query: the page costs the same on a small network and a large one.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;
use urbis_domain::events::Event;
use urbis_domain::network::{Forum, Topic, TopicPlan};
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::{Id, Viewer};
use urbis_store::{ListQuery, Value};

use crate::events::list::{EventFilter, When};
use crate::{App, AppError};

/// How many events, and how many items of each portal kind, the home page reads.
pub const HOME_ITEMS: u32 = 5;

/// How many topic plans (years) the home page looks through for focus and outlook topics.
const PLANS: i64 = 4;

/// The records of the home page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Home {
    /// The forum.
    pub forum: Forum,
    /// Its next events, soonest first.
    pub upcoming: Vec<Event>,
    /// The latest publications.
    pub publications: Vec<Publication>,
    /// The funding calls with the latest deadlines.
    pub calls: Vec<FundingCall>,
    /// The latest events shown on the portal.
    pub portal_events: Vec<Event>,
    /// The latest topic plans, newest first.
    pub plans: Vec<TopicPlan>,
    /// The topics those plans name that the viewer may see, by id.
    pub topics: HashMap<Id, Topic>,
    /// The short names of other forums that share listed records, by forum id.
    pub owners: HashMap<Id, String>,
}

/// The home page of `forum` for the viewer on `today`: kept for everyone with the viewer's
/// roles while nothing changed, else a fixed number of bounded queries.
pub async fn home(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    today: Date,
) -> Result<Arc<Home>, AppError> {
    app.kept("home", forum, viewer, today.to_string(), || {
        read(app, viewer, forum, today)
    })
    .await
}

async fn read(app: &App, viewer: &Viewer, forum: &Id, today: Date) -> Result<Home, AppError> {
    let store = app.store();
    let level = viewer.reads(forum);
    let latest = |column: &'static str| {
        ListQuery::new(forum, level)
            .with_shared()
            .order_by(column, true)
            .page(i64::from(HOME_ITEMS), 0)
    };
    let ahead = EventFilter {
        when: When::Ahead,
        kind: None,
        series: None,
    };
    let upcoming =
        crate::events::list::first(app, viewer, forum, &ahead, today, HOME_ITEMS).await?;
    let publications: Vec<Publication> = store.list(&latest("published")).await?;
    let calls: Vec<FundingCall> = store.list(&latest("next_deadline")).await?;
    let portal_events: Vec<Event> = store
        .list(&latest("start_date").filter("portal", Value::flag(true)))
        .await?;
    let plans: Vec<TopicPlan> = store
        .list(
            &ListQuery::new(forum, level)
                .order_by("year", true)
                .page(PLANS, 0),
        )
        .await?;
    let wanted: Vec<Id> = plans
        .iter()
        .flat_map(|p| p.focus.iter().chain(&p.outlook).cloned())
        .collect();
    let topics = crate::visible::by_id::<Topic>(app, viewer, forum, &wanted).await?;
    let owning = (upcoming.iter().map(|e| &e.forum))
        .chain(publications.iter().map(|p| &p.forum))
        .chain(calls.iter().map(|c| &c.forum))
        .chain(portal_events.iter().map(|e| &e.forum));
    let owners = crate::visible::owners(app, forum, owning).await?;
    Ok(Home {
        forum: store.get(forum).await?,
        upcoming,
        publications,
        calls,
        portal_events,
        plans,
        topics,
        owners,
    })
}
