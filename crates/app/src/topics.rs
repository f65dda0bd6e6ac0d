//! What a topic page shows: everything on one theme the viewer may see — events ahead and
//! past, projects, publications, funding calls and collection entries — each list found
//! through the store's references and bounded in the query, however large the network.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;
use urbis_domain::events::Event;
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::Topic;
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::Project;
use urbis_domain::{Id, Record, Viewer};
use urbis_store::{ListQuery, Value};

use crate::{App, AppError};

/// How many records of each kind a topic page lists at most.
pub const ITEMS: i64 = 20;

/// The field path of the topics a record carries.
pub(crate) const TOPICS: &str = "topics[";

/// The records of a topic's page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TopicView {
    /// The topic.
    pub topic: Topic,
    /// Its events not yet over, soonest first.
    pub upcoming: Vec<Event>,
    /// Its events over, latest first.
    pub past: Vec<Event>,
    /// Its projects.
    pub projects: Vec<Project>,
    /// Its publications, newest first.
    pub publications: Vec<Publication>,
    /// Its funding calls, latest deadline first.
    pub calls: Vec<FundingCall>,
    /// The entries that carry it or sit on a collection that does, not archived.
    pub entries: Vec<Entry>,
    /// The collections of those entries, by id.
    pub collections: HashMap<Id, Collection>,
}

/// Whether `slug` could name a topic (lower-case letters, digits and dashes, at most 80).
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 80
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The topic of `forum` with this slug that the viewer may see; not found otherwise.
pub async fn by_slug(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    slug: &str,
) -> Result<Topic, AppError> {
    let not_found = || AppError::NotFound {
        kind: urbis_domain::Kind::Topic,
        id: Id::from_text(slug),
    };
    if !is_slug(slug) {
        return Err(not_found());
    }
    app.store()
        .list::<Topic>(
            &ListQuery::new(forum, viewer.reads(forum))
                .filter("slug", Value::text(slug))
                .page(1, 0),
        )
        .await?
        .into_iter()
        .find(|t| viewer.may_read(t))
        .ok_or_else(not_found)
}

/// The page of the topic `slug` of `forum` for the viewer on `today` (kept for the viewer's
/// roles); not found for an unknown or hidden topic.
pub async fn show(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    slug: &str,
    today: Date,
) -> Result<Arc<TopicView>, AppError> {
    app.kept("topic", forum, viewer, format!("{slug} {today}"), || {
        read(app, viewer, forum, slug, today)
    })
    .await
}

async fn read(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    slug: &str,
    today: Date,
) -> Result<TopicView, AppError> {
    let topic = by_slug(app, viewer, forum, slug).await?;
    let store = app.store();
    let level = viewer.reads(forum);
    let carrying = || {
        ListQuery::new(forum, level)
            .referring_to(&topic.id, TOPICS)
            .page(ITEMS, 0)
    };
    let upcoming: Vec<Event> = keep(
        viewer,
        store
            .list(&crate::events::list::ahead(carrying(), today))
            .await?,
    );
    let past: Vec<Event> = keep(
        viewer,
        store
            .list(&crate::events::list::past(carrying(), today))
            .await?,
    );
    let projects: Vec<Project> = keep(viewer, store.list(&carrying()).await?);
    let publications: Vec<Publication> = keep(
        viewer,
        store.list(&carrying().order_by("published", true)).await?,
    );
    let calls: Vec<FundingCall> = keep(
        viewer,
        store
            .list(&carrying().order_by("next_deadline", true))
            .await?,
    );
    // Entries carry the topic themselves or sit on a collection that does.
    let on_topic: Vec<Collection> = keep(viewer, store.list(&carrying()).await?);
    let not_archived = || carrying().filter("archived", Value::flag(false));
    let mut entries: Vec<Entry> = keep(viewer, store.list(&not_archived()).await?);
    let on_them: Vec<Value> = on_topic.iter().map(|c| Value::id(&c.id)).collect();
    entries.extend(keep(
        viewer,
        store
            .list::<Entry>(
                &ListQuery::new(forum, level)
                    .filter_any("collection_id", on_them)
                    .filter("archived", Value::flag(false))
                    .page(ITEMS, 0),
            )
            .await?,
    ));
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    entries.dedup_by(|a, b| a.id == b.id);
    // One statement whether or not entries were found: the page's cost does not depend on
    // what the data holds.
    let wanted: Vec<Value> = entries.iter().map(|e| Value::id(&e.collection)).collect();
    let collections: HashMap<Id, Collection> = keep(
        viewer,
        store
            .list::<Collection>(&ListQuery::new(forum, level).filter_any("id", wanted))
            .await?,
    )
    .into_iter()
    .map(|c| (c.id.clone(), c))
    .collect();
    entries.retain(|e| collections.contains_key(&e.collection));
    Ok(TopicView {
        topic,
        upcoming,
        past,
        projects,
        publications,
        calls,
        entries,
        collections,
    })
}

/// The records the viewer may read by the one access policy (the list query has already
/// asked for the viewer's level; single records may say more).
fn keep<R: Record>(viewer: &Viewer, records: Vec<R>) -> Vec<R> {
    records.into_iter().filter(|r| viewer.may_read(r)).collect()
}
