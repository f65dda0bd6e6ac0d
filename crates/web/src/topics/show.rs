//! The page of one topic: `/topics/{slug}`.

use crate::site::Site;
use std::collections::HashMap;

use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use urbis_domain::events::Event;
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::Topic;
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::Project;
use urbis_domain::{Id, Kind};
use urbis_store::{ListQuery, Value};

use crate::error::WebError;
use crate::events::{EventRow, sort};
use crate::format::{self, Shown};
use crate::pages::{Frame, render};
use crate::projects::ProjectRow;
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

/// The records the visitor may read, by the one access policy (the list query has already
/// asked for the visitor's level; single records may say more).
fn readable<R: urbis_domain::Record>(visitor: &Visitor, records: Vec<R>) -> Vec<R> {
    records
        .into_iter()
        .filter(|r| visitor.viewer.may_read(r))
        .collect()
}

/// Shows a topic the visitor may see with everything on it the visitor may see; 404 for an
/// unknown or hidden topic.
pub async fn show(
    state: Site,
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
    let ids = |kind: Kind| -> Vec<Value> {
        carriers
            .iter()
            .filter(|(k, _, field)| *k == kind && field.starts_with("topics["))
            .map(|(_, id, _)| Value::id(id))
            .collect()
    };
    // One statement per kind, however many records carry the topic (none included): the
    // page costs the same on a small network and a large one.
    let carrying = |kind: Kind| query().filter_any("id", ids(kind));
    let events: Vec<Event> = readable(&visitor, store.list(&carrying(Kind::Event)).await?);
    let today = urbis_app::forums::today(jiff::Timestamp::now());
    let (mut upcoming, mut past): (Vec<&Event>, Vec<&Event>) =
        events.iter().partition(|e| e.is_ahead(today));
    sort(&mut upcoming, true);
    sort(&mut past, false);
    let projects: Vec<Project> = readable(&visitor, store.list(&carrying(Kind::Project)).await?);
    let mut projects: Vec<&Project> = projects.iter().collect();
    crate::projects::sort(&mut projects);
    let mut publications: Vec<Publication> =
        readable(&visitor, store.list(&carrying(Kind::Publication)).await?);
    publications.sort_by_key(|p| std::cmp::Reverse(p.published));
    let calls: Vec<FundingCall> =
        readable(&visitor, store.list(&carrying(Kind::FundingCall)).await?);
    // Entries carry the topic themselves or sit on a collection that does.
    let topic_collections: Vec<Collection> =
        readable(&visitor, store.list(&carrying(Kind::Collection)).await?);
    let mut entries: Vec<Entry> = readable(&visitor, store.list(&carrying(Kind::Entry)).await?);
    let on_them = topic_collections.iter().map(|c| Value::id(&c.id)).collect();
    entries.extend(readable(
        &visitor,
        store
            .list::<Entry>(
                &query()
                    .filter_any("collection_id", on_them)
                    .filter("archived", Value::flag(false)),
            )
            .await?,
    ));
    entries.retain(|e| !e.archived);
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    entries.dedup_by(|a, b| a.id == b.id);
    let wanted: Vec<Value> = entries.iter().map(|e| Value::id(&e.collection)).collect();
    let collections: HashMap<Id, Collection> = readable::<Collection>(
        &visitor,
        store.list(&query().filter_any("id", wanted)).await?,
    )
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
