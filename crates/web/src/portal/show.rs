//! The pages of one publication and one funding call of the information portal.

use crate::site::Site;
use std::collections::HashMap;

use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use urbis_domain::events::Event;
use urbis_domain::network::{Organisation, Topic};
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::Project;
use urbis_domain::{Access, Id};

use crate::error::WebError;
use crate::format::{self, Shown};
use crate::home::{Link, organisation_link, topic_links, visible, visible_many};
use crate::markdown;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// The publication page.
#[derive(Template)]
#[template(path = "portal/publication.html")]
pub struct PublicationPage {
    frame: Frame,
    title: Shown,
    kind: String,
    authors: String,
    publisher: String,
    published: String,
    summary: String,
    url: Option<String>,
    file: Option<(String, String)>,
    project: Option<Link>,
    event: Option<Link>,
    topics: Vec<Link>,
}

async fn topics(state: &Site, visitor: &Visitor, ids: &[Id]) -> Result<Vec<Link>, WebError> {
    let found: HashMap<Id, Topic> = visible_many::<Topic>(state, &visitor.viewer, ids)
        .await?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    Ok(topic_links(&visitor.t(), ids, &found))
}

/// Shows a publication the visitor may see (GET `/portal/publications/{id}`).
pub async fn publication(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let p: Publication = visible(&state, &visitor.viewer, &id).await?;
    let t = visitor.t();
    let lang = t.lang;
    let project = match &p.project {
        Some(id) => visible_many::<Project>(&state, &visitor.viewer, std::slice::from_ref(id))
            .await?
            .into_iter()
            .next()
            .map(|project| Link {
                href: format!("/projects/{}", project.id),
                text: Shown::new(&t, &project.title),
            }),
        None => None,
    };
    let event = match &p.event {
        Some(id) => visible_many::<Event>(&state, &visitor.viewer, std::slice::from_ref(id))
            .await?
            .into_iter()
            .next()
            .map(|event| Link {
                href: format!("/events/{}", event.id),
                text: Shown::new(&t, &event.title),
            }),
        None => None,
    };
    Ok(render(&PublicationPage {
        frame: visitor.frame(),
        title: Shown::new(&t, &p.title),
        kind: format::label(&t, "publication-kind", &p.kind),
        authors: p.authors.join(", "),
        publisher: p.publisher.clone().unwrap_or_default(),
        published: p
            .published
            .map(|d| format::date(lang, &d))
            .unwrap_or_default(),
        summary: p
            .summary
            .as_ref()
            .map(|s| markdown::to_html(s.localize(lang).text))
            .unwrap_or_default(),
        url: p.url.clone(),
        file: p
            .file
            .as_ref()
            .map(|f| (format!("/files/publications/{}", p.id), f.name.clone())),
        project,
        event,
        topics: topics(&state, &visitor, &p.topics).await?,
    }))
}

/// The funding call page.
#[derive(Template)]
#[template(path = "portal/call.html")]
pub struct CallPage {
    frame: Frame,
    id: String,
    title: Shown,
    funder: Option<Link>,
    programme: String,
    summary: String,
    eligibility: String,
    opens: String,
    deadlines: Vec<(String, Shown)>,
    closing_soon: bool,
    url: Option<String>,
    topics: Vec<Link>,
    reminders: bool,
    reminder_days: i64,
}

/// Shows a funding call the visitor may see (GET `/portal/calls/{id}`), with "closing soon"
/// and, for a public call with deadlines ahead, the form to subscribe to reminders.
pub async fn call(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let c: FundingCall = visible(&state, &visitor.viewer, &id).await?;
    let t = visitor.t();
    let lang = t.lang;
    let organisations: HashMap<Id, Organisation> = match &c.funder {
        Some(id) => visible_many::<Organisation>(&state, &visitor.viewer, std::slice::from_ref(id))
            .await?
            .into_iter()
            .map(|o| (o.id.clone(), o))
            .collect(),
        None => HashMap::new(),
    };
    let today = state.info.today();
    Ok(render(&CallPage {
        frame: visitor.frame(),
        id: c.id.to_string(),
        title: Shown::new(&t, &c.title),
        funder: organisation_link(&t, c.funder.as_ref(), &organisations),
        programme: c.programme.clone().unwrap_or_default(),
        summary: c
            .summary
            .as_ref()
            .map(|s| markdown::to_html(s.localize(lang).text))
            .unwrap_or_default(),
        eligibility: c
            .eligibility
            .as_ref()
            .map(|s| markdown::to_html(s.localize(lang).text))
            .unwrap_or_default(),
        opens: c.opens.map(|d| format::date(lang, &d)).unwrap_or_default(),
        deadlines: c
            .deadlines
            .iter()
            .map(|d| {
                (
                    format::date(lang, &d.date),
                    Shown::opt(&t, d.label.as_ref()),
                )
            })
            .collect(),
        closing_soon: urbis_app::portal::closing_soon(&c, today),
        url: c.url.clone(),
        topics: topics(&state, &visitor, &c.topics).await?,
        reminders: c.access == Access::Public && urbis_app::portal::open_deadlines(&c, today),
        reminder_days: urbis_app::portal::configured_reminder_days()
            .unwrap_or(urbis_app::portal::DEFAULT_REMINDER_DAYS),
    }))
}
