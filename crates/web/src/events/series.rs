//! The page of a series of events: `/series/{id}`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use urbis_domain::events::{Event, Series};
use urbis_domain::network::Topic;
use urbis_domain::projects::Project;
use urbis_domain::{Id, Record};
use urbis_store::{ListQuery, Value};

use crate::error::WebError;
use crate::events::{EventRow, sort};
use crate::format::{self, Shown};
use crate::home::{Link, index, topic_links, visible};
use crate::pages::{Frame, render};
use crate::state::AppState;
use crate::visitor::Visitor;

/// The series page.
#[derive(Template)]
#[template(path = "events/series.html")]
pub struct SeriesPage {
    frame: Frame,
    title: Shown,
    description: Shown,
    participants: String,
    project: Option<Link>,
    topics: Vec<Link>,
    events: Vec<EventRow>,
}

/// Shows a series the visitor may see with its visible events; 404 for anything else.
pub async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let series: Series = visible(&state, &visitor.viewer, &id).await?;
    let t = visitor.t();
    let level = visitor.viewer.reads(&state.forum);
    let events: Vec<Event> = state
        .store
        .list(&ListQuery::new(&state.forum, level).filter("series_id", Value::id(&series.id)))
        .await?;
    let mut events: Vec<&Event> = events.iter().collect();
    sort(&mut events, true);
    let topics: HashMap<Id, Topic> = index(&state, level).await?;
    let project: Option<Project> = match &series.project {
        Some(id) => visible(&state, &visitor.viewer, id.as_str()).await.ok(),
        None => None,
    };
    Ok(render(&SeriesPage {
        frame: visitor.frame(),
        title: Shown::new(&t, &series.title),
        description: Shown::opt_block(&t, series.description.as_ref()),
        participants: series
            .participants
            .as_ref()
            .map(format::headcount)
            .unwrap_or_default(),
        project: project.map(|p| Link {
            href: format!("/projects/{}", p.id()),
            text: Shown {
                text: p.acronym.clone(),
                ..Shown::default()
            },
        }),
        topics: topic_links(&t, &series.topics, &topics),
        events: events.into_iter().map(|e| EventRow::new(&t, e)).collect(),
    }))
}
