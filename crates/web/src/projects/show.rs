//! The page of one project: `/projects/{id}`.

use crate::site::Site;

use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use urbis_app::projects::show::ProjectView;
use urbis_domain::events::Event;

use crate::error::WebError;
use crate::events::{EventRow, sort};
use crate::format::{self, Shown};
use crate::home::{Link, organisation_link, topic_links};
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// A partner and its role.
pub struct PartnerRow {
    /// The organisation.
    pub organisation: Link,
    /// Its role, as a label.
    pub role: String,
    /// What it does.
    pub note: Shown,
}

/// The project page.
#[derive(Template)]
#[template(path = "projects/show.html")]
pub struct ProjectPage {
    frame: Frame,
    acronym: String,
    title: Shown,
    kind: String,
    status: String,
    period: String,
    description: Shown,
    funder: Option<Link>,
    programme: Option<String>,
    coordinator: Option<Link>,
    network_role: Shown,
    partners: Vec<PartnerRow>,
    members: Vec<Link>,
    website: Option<String>,
    topics: Vec<Link>,
    series: Vec<Link>,
    events: Vec<EventRow>,
    publications: Vec<(Option<String>, Shown)>,
}

/// Shows a project the visitor may see, with its partners, series, events and publications;
/// 404 for anything else.
pub async fn show(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let view =
        urbis_app::projects::show::show(&state.app, &visitor.viewer, &state.forum, &id).await?;
    let ProjectView {
        project,
        organisations,
        topics,
        events,
        series,
        publications,
    } = view;
    let t = visitor.t();
    let mut events: Vec<&Event> = events.iter().collect();
    sort(&mut events, false);
    let row = crate::projects::ProjectRow::new(&t, &project);
    Ok(render(&ProjectPage {
        frame: visitor.frame(),
        acronym: project.acronym.clone(),
        title: Shown::new(&t, &project.title),
        kind: format::label(&t, "project-kind", &project.kind),
        status: row.status,
        period: row.period,
        description: Shown::opt_block(&t, project.description.as_ref()),
        funder: organisation_link(&t, project.funder.as_ref(), &organisations),
        programme: project.programme.clone(),
        coordinator: organisation_link(&t, project.coordinator.as_ref(), &organisations),
        network_role: Shown::opt(&t, project.network_role.as_ref()),
        partners: project
            .partners
            .iter()
            .filter_map(|p| {
                Some(PartnerRow {
                    organisation: organisation_link(&t, Some(&p.organisation), &organisations)?,
                    role: format::label(&t, "partner-role", &p.role),
                    note: Shown::opt(&t, p.note.as_ref()),
                })
            })
            .collect(),
        members: project
            .members_involved
            .iter()
            .filter_map(|id| organisation_link(&t, Some(id), &organisations))
            .collect(),
        website: project.website.clone(),
        topics: topic_links(&t, &project.topics, &topics),
        series: series
            .iter()
            .map(|s| Link {
                href: format!("/series/{}", s.id),
                text: Shown::new(&t, &s.title),
            })
            .collect(),
        events: events.into_iter().map(|e| EventRow::new(&t, e)).collect(),
        publications: publications
            .iter()
            .map(|p| (p.url.clone(), Shown::new(&t, &p.title)))
            .collect(),
    }))
}
