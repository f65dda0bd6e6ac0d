//! The page of one topic: `/topics/{slug}`.

use crate::site::Site;

use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use urbis_app::topics::TopicView;
use urbis_domain::events::Event;
use urbis_domain::projects::Project;

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

/// Shows a topic the visitor may see with everything on it the visitor may see; 404 for an
/// unknown or hidden topic.
pub async fn show(
    state: Site,
    visitor: Visitor,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let t = visitor.t();
    let lang = t.lang;
    let today = state.info.today();
    let view =
        urbis_app::topics::show(&state.app, &visitor.viewer, &state.forum, &slug, today).await?;
    let TopicView {
        topic,
        upcoming,
        past,
        projects,
        publications,
        calls,
        entries,
        collections,
    } = &*view;
    let mut upcoming: Vec<&Event> = upcoming.iter().collect();
    let mut past: Vec<&Event> = past.iter().collect();
    sort(&mut upcoming, true);
    sort(&mut past, false);
    let mut projects: Vec<&Project> = projects.iter().collect();
    crate::projects::sort(&mut projects);
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
