//! What the iCal feeds hold: the events of a forum (and those shared into it), of one topic or
//! of one series, as a viewer may read them, within an optional window of dates and at most
//! [`FEED_EVENTS`] of them (the latest); with what each entry needs (topics, the sharing
//! forum's name, how often the event changed, and the events the feed's owner has a seat at).
//! Every read is bounded.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use urbis_domain::accounts::{User, UserStatus};
use urbis_domain::events::{Event, RegistrationStatus};
use urbis_domain::network::Topic;
use urbis_domain::{Id, Kind, Viewer};
use urbis_store::{ListQuery, Value};

use crate::accounts::secrets::token_hash;
use crate::visible;
use crate::{App, AppError};

/// How many events one feed holds at most: the latest by start within its window.
pub const FEED_EVENTS: i64 = 2000;

/// The days a feed covers (`?from=&to=`, both included); open on a side without a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// Events that end on this day or later.
    pub from: Option<Date>,
    /// Events that start on this day or earlier.
    pub to: Option<Date>,
}

/// What a feed holds beyond the viewer's access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every event of the forum, and those shared into it.
    Forum,
    /// The events of one topic.
    Topic(Id),
    /// The events of one series.
    Series(Id),
}

/// The events of a feed and what their entries need.
#[derive(Debug, Clone, Default)]
pub struct Feed {
    /// The events, by start.
    pub events: Vec<Event>,
    /// Their topics, by id.
    pub topics: HashMap<Id, Topic>,
    /// The short names of the other forums whose events are shared in, by forum id.
    pub owners: HashMap<Id, String>,
    /// How often each event changed after its creation (its `SEQUENCE`), by id.
    pub sequences: HashMap<String, i64>,
    /// The events the feed's owner has a confirmed seat at (only those carry the meeting link).
    pub confirmed: HashSet<Id>,
}

/// The feed of `forum` for the viewer (and the feed's `owner`, for a personal feed): the
/// events of `selection` in `window`, at most [`FEED_EVENTS`] (the latest), by start.
pub async fn feed(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    selection: &Selection,
    window: Window,
    owner: Option<&User>,
) -> Result<Feed, AppError> {
    let store = app.store();
    let mut query = ListQuery::new(forum, viewer.reads(forum)).with_shared();
    if let Some(from) = window.from {
        query = query.at_least("last_day", Value::day(from));
    }
    if let Some(after) = window.to.and_then(|to| to.tomorrow().ok()) {
        query = query.below("start_date", Value::day(after));
    }
    match selection {
        Selection::Forum => {}
        Selection::Series(id) => query = query.filter("series_id", Value::id(id)),
        Selection::Topic(id) => {
            let carrying = store
                .referrers_of_kind(std::slice::from_ref(id), Kind::Event, FEED_EVENTS)
                .await?;
            query = query.filter_any("id", carrying.iter().map(Value::id).collect());
        }
    }
    let query = query.order_by("start_date", true).page(FEED_EVENTS, 0);
    let mut events: Vec<Event> = store.list(&query).await?;
    events.sort_by_key(|e| e.start);
    let wanted: Vec<Id> = events
        .iter()
        .flat_map(|e| e.topics.iter().cloned())
        .collect();
    let topics = visible::by_id::<Topic>(app, viewer, forum, &wanted).await?;
    let owners = visible::owners(app, forum, events.iter().map(|e| &e.forum)).await?;
    let ids: Vec<Id> = events.iter().map(|e| e.id.clone()).collect();
    let sequences = store.update_counts_of(&ids).await?;
    let mut confirmed = HashSet::new();
    if let Some(person) = owner.and_then(|u| u.person.as_ref()) {
        confirmed.extend(
            store
                .registrations_of_person(person)
                .await?
                .into_iter()
                .filter(|r| r.status == RegistrationStatus::Confirmed)
                .map(|r| r.event),
        );
    }
    Ok(Feed {
        events,
        topics,
        owners,
        sequences,
        confirmed,
    })
}

/// The active account a personal feed's secret token belongs to; none for an unknown or reset
/// token or an account that is not active (its feed stops).
pub async fn token_user(app: &App, token: &str) -> Result<Option<User>, AppError> {
    let store = app.store();
    let user = match store.calendar_token_user(&token_hash(token)).await? {
        Some(id) => store.user(&id).await?,
        None => None,
    };
    Ok(user.filter(|u| u.status == UserStatus::Active))
}

/// Creates a user's personal feed token, or replaces it (the old address stops at once);
/// the token is returned once and only its hash is kept.
pub async fn reset_token(app: &App, user: &User) -> Result<String, AppError> {
    let token = crate::accounts::secrets::new_token()?;
    app.store()
        .set_calendar_token(&user.id, &token_hash(&token))
        .await?;
    Ok(token)
}
