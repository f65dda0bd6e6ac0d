//! The page of one topic: `/topics/{slug}`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use urbis_domain::events::Event;
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::Topic;
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::Project;
use urbis_domain::{Id, Kind};
use urbis_store::{ListQuery, Value};

use crate::error::WebError;
use crate::events::{EventRow, is_upcoming, sort};
use crate::format::{self, Shown};
use crate::home::visible_many;
use crate::pages::{Frame, render};
use crate::projects::ProjectRow;
use crate::state::AppState;
use crate::visitor::Visitor;

/// A collection entry as the topic page lists it.
pub struct EntryRow {
    /// Title.
    pub title: Shown,
    /// The collection it is on.
    pub collection: Shown,
    /// Its address, for a link entry.
    pub url: Option<String>,
}

/// A titled item with an optional address (a publication, a funding call).
pub struct ItemRow {
    /// Title.
    pub title: Shown,
    /// A date or deadline, printed.
    pub when: String,
    /// Where to read it.
    pub url: Option<String>,
}

/// The topic page.
#[derive(Template)]
#[template(path = "topics/show.html")]
pub struct TopicPage {
    frame: Frame,
    name: Shown,
    description: Shown,
    upcoming: Vec<EventRow>,
    past: Vec<EventRow>,
    projects: Vec<ProjectRow>,
    publications: Vec<ItemRow>,
    calls: Vec<ItemRow>,
    entries: Vec<EntryRow>,
}

/// Shows a topic the visitor may see with everything on it the visitor may see; 404 for an
/// unknown or hidden topic.
pub async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let t = visitor.t();
    let lang = t.lang;
    let level = visitor.viewer.reads(&state.forum);
    let store = &state.store;
    let query = || ListQuery::new(&state.forum, level);
    let is_slug = !slug.is_empty()
        && slug.len() <= 80
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !is_slug {
        return Err(WebError::NotFound);
    }
    let topic: Topic = store
        .list::<Topic>(&query().filter("slug", Value::text(slug)))
        .await?
        .into_iter()
        .next()
        .ok_or(WebError::NotFound)?;
    // What carries the topic is found through the references the store keeps, not by reading
    // every record: one query for the references, one per kind for the records.
    let carriers = store.referrers(&topic.id).await?;
    let ids = |kind: Kind| -> Vec<Id> {
        carriers
            .iter()
            .filter(|(k, _, field)| *k == kind && field.starts_with("topics["))
            .map(|(_, id, _)| id.clone())
            .collect()
    };
    let events: Vec<Event> = visible_many(&state, &visitor.viewer, &ids(Kind::Event)).await?;
    let today = format::today();
    let (mut upcoming, mut past): (Vec<&Event>, Vec<&Event>) =
        events.iter().partition(|e| is_upcoming(e, &today));
    sort(&mut upcoming, true);
    sort(&mut past, false);
    let projects: Vec<Project> = visible_many(&state, &visitor.viewer, &ids(Kind::Project)).await?;
    let mut projects: Vec<&Project> = projects.iter().collect();
    crate::projects::sort(&mut projects);
    let mut publications: Vec<Publication> =
        visible_many(&state, &visitor.viewer, &ids(Kind::Publication)).await?;
    publications.sort_by_key(|p| std::cmp::Reverse(p.published));
    let calls: Vec<FundingCall> =
        visible_many(&state, &visitor.viewer, &ids(Kind::FundingCall)).await?;
    // Entries carry the topic themselves or sit on a collection that does.
    let topic_collections: Vec<Collection> =
        visible_many(&state, &visitor.viewer, &ids(Kind::Collection)).await?;
    let mut entries: Vec<Entry> = visible_many(&state, &visitor.viewer, &ids(Kind::Entry)).await?;
    for collection in &topic_collections {
        entries.extend(
            store
                .list::<Entry>(
                    &query()
                        .filter("collection_id", Value::id(&collection.id))
                        .filter("archived", Value::flag(false)),
                )
                .await?,
        );
    }
    entries.retain(|e| !e.archived);
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    entries.dedup_by(|a, b| a.id == b.id);
    let wanted: Vec<Id> = entries.iter().map(|e| e.collection.clone()).collect();
    let collections: HashMap<Id, Collection> =
        visible_many::<Collection>(&state, &visitor.viewer, &wanted)
            .await?
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
    let entries: Vec<EntryRow> = entries
        .iter()
        .filter_map(|e| {
            let collection = collections.get(&e.collection)?;
            Some(EntryRow {
                title: Shown::new(&t, &e.title),
                collection: Shown::new(&t, &collection.title),
                url: e.url.clone(),
            })
        })
        .collect();
    Ok(render(&TopicPage {
        frame: visitor.frame(),
        name: Shown::new(&t, &topic.name),
        description: Shown::opt_block(&t, topic.description.as_ref()),
        upcoming: upcoming.into_iter().map(|e| EventRow::new(&t, e)).collect(),
        past: past.into_iter().map(|e| EventRow::new(&t, e)).collect(),
        projects: projects
            .into_iter()
            .map(|p| ProjectRow::new(&t, p))
            .collect(),
        publications: publications
            .iter()
            .map(|p| ItemRow {
                title: Shown::new(&t, &p.title),
                when: p
                    .published
                    .map(|d| format::date(lang, &d))
                    .unwrap_or_default(),
                url: p.url.clone(),
            })
            .collect(),
        calls: calls
            .iter()
            .map(|c| ItemRow {
                title: Shown::new(&t, &c.title),
                when: c
                    .deadlines
                    .last()
                    .map(|d| format::date(lang, &d.date))
                    .unwrap_or_default(),
                url: c.url.clone(),
            })
            .collect(),
        entries,
    }))
}
