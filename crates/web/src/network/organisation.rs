//! The page of one organisation: `/members/{id}` — its profile, its projects, the events it
//! took part in and the events it hosted.

use crate::site::Site;

use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use urbis_app::network::organisation::OrganisationView;
use urbis_domain::Id;
use urbis_domain::events::Event;
use urbis_domain::projects::Project;

use crate::error::WebError;
use crate::events::{EventRow, sort};
use crate::format::{self, Shown};
use crate::home::{Link, topic_links};
use crate::pages::{Frame, render};
use crate::projects::ProjectRow;
use crate::visitor::Visitor;

/// The organisation page.
#[derive(Template)]
#[template(path = "network/organisation.html")]
pub struct OrganisationPage {
    frame: Frame,
    name: Shown,
    short_name: Option<String>,
    kind: String,
    city: Option<String>,
    country: String,
    website: Option<String>,
    description: Shown,
    member_since: Option<String>,
    member: bool,
    topics: Vec<Link>,
    projects: Vec<ProjectRow>,
    participations: Vec<EventRow>,
    hosted: Vec<EventRow>,
    edit_link: Option<String>,
}

/// The organisation's part in a project, as a label; none when it has none.
fn role_in(t: &crate::i18n::Tr, project: &Project, id: &Id) -> Option<String> {
    if let Some(partner) = project.partners.iter().find(|p| &p.organisation == id) {
        return Some(format::label(t, "partner-role", &partner.role));
    }
    if project.coordinator.as_ref() == Some(id) {
        return Some(format::label(
            t,
            "partner-role",
            &urbis_domain::projects::PartnerRole::Coordinator,
        ));
    }
    if project.funder.as_ref() == Some(id) {
        return Some(t.get("project-funder"));
    }
    project
        .members_involved
        .contains(id)
        .then(|| t.get("project-member-involved"))
}

/// Shows an organisation the visitor may see; 404 for anything else.
pub async fn show(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let view =
        urbis_app::network::organisation::show(&state.app, &visitor.viewer, &state.forum, &id)
            .await?;
    let OrganisationView {
        organisation,
        membership,
        projects,
        events,
        people,
        topics,
    } = view;
    let t = visitor.t();
    let own = &organisation.id;
    let mut with_role: Vec<(&Project, String)> = projects
        .iter()
        .filter_map(|p| role_in(&t, p, own).map(|role| (p, role)))
        .collect();
    with_role.sort_by_cached_key(|(p, _)| p.acronym.to_lowercase());
    let speaks = |e: &Event| {
        e.speakers.iter().any(|s| {
            s.organisation.as_ref() == Some(own)
                || s.person
                    .as_ref()
                    .and_then(|p| people.get(p))
                    .is_some_and(|p| p.organisation.as_ref() == Some(own))
        })
    };
    let mut hosted: Vec<&Event> = events
        .iter()
        .filter(|e| e.host.as_ref() == Some(own))
        .collect();
    let mut participations: Vec<&Event> = events
        .iter()
        .filter(|e| e.host.as_ref() != Some(own) && (e.co_organisers.contains(own) || speaks(e)))
        .collect();
    sort(&mut hosted, false);
    sort(&mut participations, false);
    let edit_link = visitor
        .viewer
        .may_edit(&organisation)
        .then(|| format!("/members/{}/edit", organisation.id));
    Ok(render(&OrganisationPage {
        edit_link,
        frame: visitor.frame(),
        name: Shown::new(&t, &organisation.name),
        short_name: organisation.short_name.clone(),
        kind: format::label(&t, "organisation-kind", &organisation.kind),
        city: organisation.city.clone(),
        country: organisation.country.clone(),
        website: organisation.website.clone(),
        description: Shown::opt_block(&t, organisation.description.as_ref()),
        member: membership.is_some(),
        member_since: membership
            .and_then(|m| m.since)
            .map(|d| format::date(t.lang, &d)),
        topics: topic_links(&t, &organisation.topics, &topics),
        projects: with_role
            .into_iter()
            .map(|(p, role)| {
                let mut row = ProjectRow::new(&t, p);
                row.role = Shown {
                    text: role,
                    ..Shown::default()
                };
                row
            })
            .collect(),
        participations: participations
            .into_iter()
            .map(|e| EventRow::new(&t, e))
            .collect(),
        hosted: hosted.into_iter().map(|e| EventRow::new(&t, e)).collect(),
    }))
}
